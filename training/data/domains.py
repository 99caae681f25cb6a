"""Invented business domains for the schema-general generator, in a compact notation.

One domain is a few entity lines::

    booking|reservation|stay: @guest; @room; check_in:start; check_out:end;
        total:money:total amount/amount paid; status:cat=confirmed,cancelled,completed

The head names the entity (singular nouns: the first is its table, the others are how people
also call it). Each column is ``name:role[:phrase/phrase][=value,value]``; ``@entity`` is a
foreign key to that entity's primary key and ``@entity:column:phrase`` one with its own name
and meaning ("@employee:manager_id:manager"). Roles (what a column means, not its type):

    label:KIND  the entity's name (KIND: person, org, product, place, title, code)
    cat         a category or status with the listed values      bool   a yes/no flag
    money qty score dur int  measures (amounts, counts, ratings, durations, plain numbers)
    date ts     when something happened                          birth  a birth date
    start end   a validity period; ``end`` is NULL while it lasts
    city country text year

Deliberately absent: the domains of the frozen unseen-analyst set (``eval/unseen/``:
veterinary clinics, fleet maintenance, solar metering, clinical trials, coworking spaces,
waste collection), so that set measures schemas of domains the generator never produces.
"""

from __future__ import annotations


EXCLUDED_DOMAINS = ("veterinary clinic", "fleet maintenance", "solar metering", "clinical trials",
                    "coworking", "waste collection")

DOMAINS: dict[str, str] = {
    "hr": """
department|team|division: name:label:org:department name; budget:money; location:city
job|position|role: title:label:title:job title; min_salary:money:minimum salary; max_salary:money:maximum salary
employee|staff member|worker: full_name:label:person:name; email:text; @department; @job; @employee:manager_id:manager; hire_date:date:hire date/start date; birth_date:birth; salary:money:salary/pay; gender:cat=female,male,non-binary; is_remote:bool:remote
leave_request|absence: @employee; start_date:start; end_date:end; leave_type:cat:type=vacation,sick,parental,unpaid; days:dur:days/number of days; status:cat=approved,pending,rejected
""",
    "hotel": """
hotel|property: name:label:org; city:city; stars:int:star rating/stars; opened_on:date:opening date
guest|customer: full_name:label:person; country:country; birth_date:birth; is_vip:bool:vip
room: @hotel; room_number:label:code:room number; room_type:cat:type=single,double,suite,family; nightly_rate:money:nightly rate/price per night
booking|reservation|stay: @guest; @room; check_in:start:check-in date; check_out:end:check-out date; total_amount:money:amount/total/booking value; status:cat=confirmed,cancelled,completed,no-show; channel:cat:booking channel=website,phone,travel agent
""",
    "airline": """
airport: iata_code:label:code:airport code; name:text:airport name; city:city; country:country
aircraft|plane: tail_number:label:code:tail number; model:cat=A320,B737,A350,B787,E190; seats:qty:seats/capacity; delivered_on:date:delivery date
flight: flight_number:label:code:flight number; @airport:origin_id:origin; @airport:destination_id:destination; @aircraft; departure_time:ts:departure; distance_km:qty:distance; status:cat=on time,delayed,cancelled,diverted
passenger|traveller|flyer: name:label:person; nationality:country; birth_date:birth; frequent_flyer:bool:frequent flyer
ticket|booking: @flight; @passenger; fare:money:fare/price/ticket price; cabin:cat:cabin class=economy,premium,business,first; booked_at:ts:booking date
""",
    "university": """
faculty|school: name:label:org; dean:text; founded_year:year
department: name:label:org; @faculty; building:text
instructor|professor|lecturer|teacher: name:label:person; @department; rank:cat=assistant,associate,full; salary:money; hired_on:date:hire date
student: name:label:person; @department:major_id:major; enrolled_on:date:enrollment date; birth_date:birth; gpa:score:gpa/grade point average; is_international:bool:international
course|class|module: code:label:code:course code; title:text:course title; credits:qty; @instructor; level:cat=introductory,intermediate,advanced
enrollment|registration: @student; @course; term:cat:semester=Fall 2024,Spring 2025,Fall 2025; grade:score:grade/mark; completed:bool
""",
    "shop": """
category: name:label:title:category name
product|item|article: name:label:product; @category; price:money:price/list price; stock:qty:stock/units in stock; is_active:bool:active; launched_on:date:launch date
customer|client|buyer: name:label:person; city:city; country:country; signup_date:date:signup date; segment:cat=consumer,business,student
order|purchase: @customer; ordered_at:ts:order date; status:cat=paid,shipped,delivered,refunded,cancelled; shipping_fee:money:shipping fee
order_item|order line: @order; @product; quantity:qty; unit_price:money:price paid/unit price
""",
    "real_estate": """
office|branch: name:label:org; city:city
agent|realtor|broker: name:label:person; @office; hired_on:date:hire date; commission_rate:score:commission rate
property|home|house|listing: address:label:place; city:city; property_type:cat:type=apartment,detached,townhouse,condo; bedrooms:qty; area_sqm:qty:area/size/floor area; asking_price:money:asking price/list price; listed_on:date:listing date; @agent
sale|deal: @property; @agent; sold_on:date:sale date; sale_price:money:sale price/price; financing:cat=cash,mortgage,other
""",
    "restaurant": """
restaurant|location|venue: name:label:org; city:city; seats:qty:seats/capacity; opened_on:date:opening date
waiter|server|staff member: name:label:person; @restaurant; hired_on:date:hire date; hourly_wage:money:hourly wage/wage
menu_item|dish: name:label:product:dish; course:cat:course=starter,main,dessert,drink; price:money; is_vegetarian:bool:vegetarian; calories:qty
bill|check|order: @restaurant; @waiter; opened_at:ts:time/date; guests:qty:party size/guests/covers; tip:money; total:money:bill total/amount
bill_line|order line: @bill; @menu_item; quantity:qty; line_price:money:line price
""",
    "music": """
artist|band|musician: name:label:person; country:country; formed_year:year:year formed; genre:cat=rock,pop,jazz,hip hop,electronic,classical
album|record: title:label:title; @artist; released_on:date:release date; label_name:text:record label
track|song: title:label:title; @album; duration_s:dur:length/duration; is_explicit:bool:explicit; bpm:qty:tempo/bpm
listener|user|subscriber: username:label:code:user name; country:country; birth_date:birth; plan:cat:subscription=free,premium,family,student; joined_on:date:signup date
play|stream|listen: @track; @listener; played_at:ts:time played/play date; seconds_played:dur:listening time; device:cat=mobile,desktop,smart speaker,car
""",
    "cinema": """
movie|film: title:label:title; genre:cat=drama,comedy,action,horror,animation,documentary; runtime_min:dur:runtime/length; released_on:date:release date; budget:money; rating:score:rating/score
cinema|theater|theatre: name:label:org; city:city; screens:qty:number of screens
screening|showing|show: @movie; @cinema; starts_at:ts:show time/date; format:cat=2D,3D,IMAX; ticket_price:money:ticket price
ticket_sale|ticket: @screening; sold_at:ts:sale time; quantity:qty:tickets/seats; amount:money:revenue/amount/takings; channel:cat=box office,online,app
""",
    "sports": """
league|division: name:label:org; country:country; tier:int:level/tier
team|club|side: name:label:org; @league; city:city; founded_year:year:founded; stadium_capacity:qty:capacity
player|athlete: name:label:person; @team; position:cat=goalkeeper,defender,midfielder,forward; birth_date:birth; nationality:country; market_value:money:value/market value; joined_on:start:joined
match|game|fixture: @team:home_team_id:home team; @team:away_team_id:away team; played_on:date:match date/date; home_goals:qty:home goals; away_goals:qty:away goals; attendance:qty:crowd/attendance
goal: @match; @player:scorer_id:scorer; minute:int; is_penalty:bool:penalty
""",
    "school": """
school: name:label:org; district:cat=north,south,east,west,central; founded_year:year; is_public:bool:public
teacher: name:label:person; @school; subject:cat=math,science,english,history,art,music; hired_on:date:hire date; salary:money
pupil|student|kid: name:label:person; @school; grade_level:int:grade/year group; birth_date:birth; has_scholarship:bool:scholarship
exam_result|test score|result: @pupil; @teacher; subject:cat=math,science,english,history; score:score:score/mark/result; taken_on:date:exam date
""",
    "bank": """
branch: name:label:org; city:city; opened_on:date:opening date
customer|client|account holder: name:label:person; birth_date:birth; city:city; segment:cat=retail,private,business; joined_on:date:customer since
account: iban:label:code:account number; @customer; @branch; account_type:cat:type=checking,savings,business; opened_on:start:opening date; closed_on:end:closing date; balance:money
transaction|payment|transfer: @account; booked_at:ts:date/time; amount:money; kind:cat:type=deposit,withdrawal,card payment,transfer,fee; merchant:text
loan|credit: @customer; principal:money:loan amount/principal; interest_rate:score:interest rate/rate; start_date:start; end_date:end:maturity date; status:cat=current,late,defaulted,repaid
""",
    "insurance": """
agent|broker: name:label:person; region:cat=north,south,east,west; hired_on:date:hire date
policyholder|customer|client|insured: name:label:person; birth_date:birth; city:city; is_smoker:bool:smoker
policy|contract: policy_number:label:code:policy number; @policyholder; @agent; product:cat:policy type/line=auto,home,life,travel,health; annual_premium:money:premium/annual premium; starts_on:start:start date; ends_on:end:end date/expiry date
claim: @policy; filed_on:date:claim date/date filed; claimed_amount:money:amount claimed/claim amount; paid_amount:money:amount paid/payout; status:cat=open,approved,rejected,paid; cause:cat=theft,fire,accident,water damage,illness
""",
    "telecom": """
tariff|plan|price plan: name:label:title:plan name; monthly_fee:money:monthly fee/price; data_gb:qty:data allowance; is_unlimited:bool:unlimited
subscriber|customer|line: msisdn:label:code:phone number; full_name:text:name; @tariff; city:city; activated_on:start:activation date; churned_on:end:churn date/cancellation date
call|voice call: @subscriber; started_at:ts:call time/date; duration_s:dur:duration/length; call_type:cat:type=local,national,international,roaming; cost:money:charge/cost
invoice|bill: @subscriber; issued_on:date:invoice date; amount_due:money:amount/bill amount; is_paid:bool:paid
""",
    "projects": """
client|customer: name:label:org; industry:cat=finance,retail,health,public sector,energy
project|engagement: name:label:title:project name; @client; budget:money; starts_on:start:start date; ends_on:end:end date/deadline; status:cat=planned,active,on hold,done
consultant|employee|team member: name:label:person; level:cat:seniority=junior,senior,manager,partner; day_rate:money:day rate/rate; joined_on:date:join date
task|ticket|work item: title:label:title; @project; @consultant:assignee_id:assignee; priority:cat=low,medium,high,urgent; estimate_h:dur:estimate/estimated hours; is_done:bool:done/finished; created_at:ts:creation date
timesheet|time entry: @consultant; @project; worked_on:date:date; hours:dur:hours/time logged; is_billable:bool:billable
""",
    "helpdesk": """
company|customer|account: name:label:org; tier:cat:plan=free,pro,enterprise; country:country; signed_up_on:date:signup date
support_agent|agent|engineer: name:label:person; team:cat=billing,technical,onboarding; hired_on:date:hire date
ticket|case|request: subject:label:title; @company; @support_agent; priority:cat=low,normal,high,urgent; channel:cat=email,chat,phone; opened_at:ts:opened/created; closed_at:end:closed/resolution date; status:cat=open,pending,solved,closed
survey|satisfaction rating|csat: @ticket; score:score:rating/score/satisfaction; submitted_at:ts:survey date
""",
    "factory": """
plant|factory|site: name:label:org; country:country; opened_year:year
product_line|product: name:label:product; family:cat:product family=pumps,valves,motors,sensors; unit_cost:money:unit cost/cost; weight_kg:qty:weight
machine: serial:label:code:serial number; @plant; vendor:cat=Siemens,Fanuc,ABB,Haas; installed_on:date:installation date; is_running:bool:running
production_run|batch|job: @plant; @product_line; @machine; started_at:ts:start; units_made:qty:units produced/output; scrap_units:qty:scrap/rejects; shift:cat=morning,afternoon,night
downtime|stoppage: @machine; began_at:ts:start; minutes:dur:duration/minutes; reason:cat=breakdown,changeover,no material,planned
""",
    "warehouse": """
supplier|vendor: name:label:org; country:country; rating:score:rating; is_preferred:bool:preferred
warehouse|depot|distribution center: code:label:code:warehouse code; city:city; capacity_m3:qty:capacity
sku|item|product: name:label:product; @supplier; unit_cost:money:cost/unit cost; weight_kg:qty:weight; hazard_class:cat:hazard class=none,flammable,corrosive,toxic
stock_level|inventory: @warehouse; @sku; on_hand:qty:stock/quantity on hand/units; counted_on:date:count date
shipment|delivery|consignment: @warehouse; shipped_on:date:ship date; carrier:cat=DHL,UPS,FedEx,Maersk; freight_cost:money:freight cost/shipping cost; status:cat=in transit,delivered,lost,returned; weight_kg:qty:weight
""",
    "events": """
venue|location: name:label:place; city:city; capacity:qty
conference|event: name:label:title; @venue; starts_on:start:start date; ends_on:end:end date; topic:cat=AI,security,cloud,data,design
speaker|presenter: name:label:person; company:text:company/employer; country:country; fee:money:speaker fee/fee
talk|session|presentation: title:label:title; @conference; @speaker; track:cat=keynote,workshop,panel,talk; minutes:dur:length/duration; rating:score:average rating/rating
attendee|participant|delegate: name:label:person; company:text; country:country
registration|ticket: @attendee; @conference; registered_on:date:registration date; price_paid:money:price/ticket price; ticket_type:cat:ticket type=early bird,standard,vip,student
""",
    "publishing": """
publisher|imprint: name:label:org; country:country; founded_year:year
author|writer: name:label:person; nationality:country; birth_date:birth; debut_year:year:debut
book|title|novel: title:label:title; @author; @publisher; genre:cat=fantasy,crime,romance,history,biography,science; pages:qty:page count/length; published_on:date:publication date; list_price:money:price/list price
review: @book; reviewer:text:reviewer name; stars:score:rating/stars/score; posted_on:date:review date; is_verified:bool:verified
""",
    "museum": """
museum|gallery: name:label:org; city:city; founded_year:year; annual_budget:money:budget
artist|painter: name:label:person; nationality:country; birth_date:birth; movement:cat=baroque,impressionism,cubism,modernism,pop art
artwork|piece|work: title:label:title; @artist; @museum; medium:cat=oil,watercolour,bronze,marble,photograph; created_year:year:year made; insured_value:money:value/insured value; on_display:bool:on display
exhibition|show: name:label:title; @museum; opens_on:start:opening date; closes_on:end:closing date; visitors:qty:visitor count/attendance; ticket_price:money:price
""",
    "farm": """
farm|estate: name:label:org; region:cat=north,south,east,west,central; hectares:qty:size/area; is_organic:bool:organic
field|plot|parcel: code:label:code:field code; @farm; soil:cat:soil type=clay,loam,sand,silt; area_ha:qty:area
crop|plant variety: name:label:product:crop; family:cat=cereal,legume,root,oilseed,vegetable; days_to_harvest:dur:growing period
planting|sowing: @field; @crop; sown_on:date:sowing date/planting date; seed_cost:money:seed cost
harvest|yield record: @field; @crop; harvested_on:date:harvest date; tonnes:qty:yield/tonnage/tonnes; price_per_tonne:money:price per tonne; quality:cat:grade=A,B,C
""",
    "software": """
repository|repo|project: name:label:code:repo name; language:cat=Python,Go,Rust,TypeScript,Java; created_on:date:creation date; stars:qty:stars; is_private:bool:private
developer|engineer|contributor: handle:label:code:username/handle; full_name:text:name; country:country; joined_on:date:join date
commit|change: @repository; @developer:author_id:author; committed_at:ts:commit time/date; lines_added:qty:lines added/additions; lines_deleted:qty:lines deleted/deletions
issue|bug|ticket: title:label:title; @repository; @developer:reporter_id:reporter; severity:cat=minor,major,critical,blocker; opened_at:ts:opened; closed_at:end:closed; state:cat:status=open,in progress,closed
release|version: tag:label:code:version/tag; @repository; released_on:date:release date; is_stable:bool:stable
""",
    "charity": """
donor|supporter|giver: name:label:person; city:city; country:country; first_gift_on:date:first donation date; is_monthly:bool:monthly donor/regular giver
fund_campaign|appeal|campaign: name:label:title:campaign name; goal_amount:money:target/goal; starts_on:start:start date; ends_on:end:end date; cause:cat=education,health,environment,disaster relief,animals
donation|gift|contribution: @donor; @fund_campaign; given_on:date:donation date/date; amount:money:amount/gift size; method:cat:payment method=card,bank transfer,cheque,cash; is_gift_aid:bool:gift aid
volunteer: name:label:person; @fund_campaign; hours:dur:hours volunteered/hours; joined_on:date:start date
""",
    "recruiting": """
company|employer: name:label:org; industry:cat=tech,finance,retail,logistics,health; headcount:qty:size/employees
job_opening|job|vacancy|role: title:label:title:job title; @company; salary_min:money:minimum salary; salary_max:money:maximum salary; opened_on:start:posting date; closed_on:end:closing date; is_remote:bool:remote
candidate|applicant: name:label:person; city:city; years_experience:qty:experience/years of experience; source:cat=referral,job board,agency,linkedin
application: @candidate; @job_opening; applied_on:date:application date; stage:cat:status=screening,interview,offer,hired,rejected
interview: @application; interviewer:text; held_on:date:interview date; score:score:rating/score; minutes:dur:duration
""",
    "marketing": """
channel|medium: name:label:title:channel name; kind:cat:type=search,social,display,email,affiliate
campaign|ad campaign: name:label:title:campaign name; @channel; budget:money; starts_on:start:launch date/start date; ends_on:end:end date; objective:cat=awareness,traffic,leads,sales
ad|creative: headline:label:title; @campaign; format:cat=image,video,carousel,text; created_on:date
daily_stat|ad stat|performance: @ad; stat_date:date:date/day; impressions:qty; clicks:qty; spend:money:spend/cost; conversions:qty:conversions/sales
""",
    "saas": """
plan|tier|package: name:label:title:plan name; monthly_price:money:price/monthly price; seats_included:qty:seats
account|customer|tenant|workspace: name:label:org:company; country:country; industry:cat=software,education,retail,media,finance; created_at:ts:signup date/sign-up date; is_trial:bool:trial
subscription: @account; @plan; started_on:start:start date; cancelled_on:end:cancellation date/churn date; seats:qty:seats/licences; billing_cycle:cat:billing period=monthly,annual
invoice|bill: @account; issued_on:date:invoice date; amount:money:amount/invoice amount/billed amount; status:cat=paid,open,overdue,void
""",
    "travel": """
destination|place: name:label:place; country:country; climate:cat=tropical,temperate,alpine,desert
guide|tour leader: name:label:person; languages:qty:number of languages; hired_on:date:hire date; rating:score:rating
tour|trip|package: name:label:title:tour name; @destination; @guide; nights:dur:length/nights/duration; price:money:price; difficulty:cat=easy,moderate,hard; is_family_friendly:bool:family friendly
traveler|customer|tourist: name:label:person; country:country; birth_date:birth; loyalty_tier:cat:tier=none,silver,gold,platinum
tour_booking|booking|reservation: @tour; @traveler; booked_on:date:booking date; departs_on:date:departure date; party_size:qty:group size/party size/people; amount_paid:money:amount paid/revenue/value; status:cat=confirmed,cancelled,completed
""",
    "elearning": """
course|class: title:label:title:course name; topic:cat:subject=programming,design,business,languages,data science; price:money; hours:dur:length/duration/hours; published_on:date:publish date
tutor|instructor|teacher: name:label:person; country:country; joined_on:date:join date; rating:score:rating
learner|student|user: name:label:person; country:country; birth_date:birth; signed_up_at:ts:signup date
enrollment|purchase: @learner; @course; @tutor; enrolled_at:ts:enrollment date; paid:money:price paid/amount; completed_on:end:completion date; progress_pct:score:progress
quiz_attempt|quiz: @enrollment; attempted_at:ts:attempt date; score:score:score/mark; passed:bool
""",
    "bikes": """
station|dock: name:label:place:station name; district:cat=downtown,harbour,university,old town,riverside; docks:qty:capacity/docks
bike|cycle: serial:label:code:bike number/serial; kind:cat:type=classic,electric,cargo; bought_on:date:purchase date; is_in_service:bool:in service
rider|member|user: name:label:person; birth_date:birth; membership:cat=casual,monthly,annual; joined_on:date:join date
trip|ride|journey: @bike; @rider; @station:start_station_id:start station/from station; @station:end_station_id:end station/to station; started_at:ts:start time/date; minutes:dur:duration/length/ride time; fare:money:fare/price/charge
""",
    "delivery": """
kitchen|restaurant|partner: name:label:org; cuisine:cat=pizza,sushi,burgers,indian,vegan,thai; city:city; commission_pct:score:commission
courier|rider|driver: name:label:person; vehicle:cat=bike,scooter,car; joined_on:date:join date; rating:score:rating
eater|customer|user: name:label:person; city:city; signed_up_on:date:signup date; is_premium:bool:premium/plus member
delivery_order|order|delivery: @eater; @kitchen; @courier; placed_at:ts:order time/date; basket_value:money:order value/basket/amount; delivery_fee:money:delivery fee; minutes_to_deliver:dur:delivery time; status:cat=delivered,cancelled,refunded
""",
    "esports": """
org|team|club: name:label:org; region:cat=NA,EU,KR,CN,BR; founded_year:year
gamer|player|pro: nickname:label:code:gamer tag/nickname; real_name:text:real name; @org; role:cat=carry,support,jungle,mid,top; birth_date:birth; salary:money
tournament|event|cup: name:label:title; prize_pool:money:prize pool/prize money; starts_on:start:start date; ends_on:end:end date; is_online:bool:online
series|match: @tournament; @org:team_a_id:team a; @org:team_b_id:team b; @org:winner_id:winner; played_on:date:match date; maps_played:qty:maps; viewers:qty:peak viewers/viewership
""",
    "social": """
member|user|account: handle:label:code:username/handle; display_name:text:name; country:country; joined_at:ts:join date/signup date; is_verified:bool:verified; birth_date:birth
post|status|update: @member:author_id:author; posted_at:ts:post date/time; body:text:text; kind:cat:type=text,photo,video,link; likes:qty:likes/like count
comment|reply: @post; @member:commenter_id:commenter; commented_at:ts:comment date; is_flagged:bool:flagged
follow|follower: @member:follower_id:follower; @member:followee_id:followed user/followee; followed_on:date:follow date
""",
    "library": """
branch|library: name:label:org:branch name; district:cat=north,south,east,west,central; opened_year:year
title|book: title:label:title; author:text; genre:cat=fiction,mystery,children,science,history,poetry; published_year:year:publication year; pages:qty
copy|item|volume: barcode:label:code; @title; @branch; acquired_on:date:acquisition date; condition:cat=new,good,worn,damaged; cost:money:purchase price/cost
patron|member|borrower|reader: name:label:person; birth_date:birth; card_type:cat:card=adult,child,senior,student; joined_on:date:registration date
loan|checkout|borrowing: @copy; @patron; borrowed_on:start:loan date/checkout date; returned_on:end:return date; due_on:date:due date; fine:money:late fee/fine
""",
    "shipping": """
port|harbour: name:label:place; country:country; berths:qty
vessel|ship|boat: name:label:title:ship name; vessel_type:cat:type=container,tanker,bulk carrier,ro-ro; built_year:year:year built; teu_capacity:qty:capacity; flag:country:flag
voyage|sailing|trip: @vessel; @port:origin_port_id:origin/departure port; @port:destination_port_id:destination/arrival port; departed_at:ts:departure date; arrived_at:end:arrival date; fuel_tonnes:qty:fuel used/fuel
cargo|shipment|consignment: @voyage; commodity:cat=grain,steel,electronics,oil,vehicles,textiles; weight_t:qty:weight/tonnage; freight_charge:money:freight/charge/revenue; is_refrigerated:bool:refrigerated/reefer
""",
    "law": """
practice_area|department: name:label:title:practice area; head:text
lawyer|attorney|solicitor: name:label:person; @practice_area; title:cat:rank=associate,senior associate,partner,counsel; hourly_rate:money:hourly rate/rate; admitted_year:year:year admitted
client: name:label:org; industry:cat=banking,tech,energy,retail,government; since:date:client since
matter|case: name:label:title:case name; @client; @practice_area; opened_on:start:opened; closed_on:end:closed; outcome:cat=won,lost,settled,ongoing; fee_cap:money:fee cap
time_entry|billable hours|timesheet: @lawyer; @matter; worked_on:date:date; hours:dur:hours; amount:money:billed amount/fees; is_written_off:bool:written off
""",
    "theatre": """
theatre|playhouse|venue: name:label:org; city:city; seats:qty:capacity/seats
production|play|show: title:label:title; @theatre; genre:cat=musical,drama,comedy,opera,ballet; opens_on:start:opening night; closes_on:end:closing night; budget:money
actor|performer|cast member: name:label:person; birth_date:birth; agency:text; union_member:bool:union member
casting|role: @production; @actor; role_name:text:character/role; weekly_fee:money:fee/weekly fee; is_lead:bool:lead
performance|night: @production; performed_on:date:date/performance date; tickets_sold:qty:tickets sold/attendance; gross:money:takings/box office/gross
""",
    "brewery": """
brewery|brewer: name:label:org; city:city; country:country; founded_year:year
beer|brew: name:label:product:beer; @brewery; style:cat=IPA,stout,lager,pilsner,sour,porter; abv:score:strength/abv/alcohol; ibu:qty:bitterness; price:money
batch|brew run: @beer; brewed_on:date:brew date; litres:qty:volume/litres; cost:money:production cost/cost; passed_qc:bool:passed quality check
tasting|rating|check-in: @beer; taster:text:taster; rated_at:ts:rating date; stars:score:rating/score/stars
""",
}
