"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev17/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them, in the trade's own
words ("on the lot", "CPO", "sticker", "reps", "wholesaled", "apps", "lbs", "partners",
"came in", "went out", "shipped"), terse fragments.
"""

from __future__ import annotations

from eval.analyst_dev.periods import (LAST_MONTH, THIS_MONTH, THIS_WEEK, LAST_WEEK, WEEK_BEFORE, YESTERDAY, THIS_YEAR, LAST_YEAR,
                                      period as _p)


D_V = "deals dl JOIN vehicles v ON v.id = dl.vehicle_id"
D_V_D = f"{D_V} JOIN dealerships d ON d.id = v.dealership_id"
D_R = "deals dl JOIN sales_reps r ON r.id = dl.sales_rep_id"
AP_P = "appointment_parts ap JOIN parts p ON p.id = ap.part_id"

DEALERSHIP: tuple[tuple[str, str, str, str, bool], ...] = (
    ("dealership", "value_filter", "which of our stores are in columbus",
     "SELECT d.name FROM dealerships d WHERE d.city = 'Columbus'", False),
    ("dealership", "value_filter", "vins of the CPO trucks still on the lot",
     "SELECT v.vin FROM vehicles v WHERE v.certified_pre_owned AND v.body_style = 'truck' AND v.status = 0", False),
    ("dealership", "value_filter", "parts over 100 bucks and what they cost",
     "SELECT p.name, p.unit_price FROM parts p WHERE p.unit_price > 100", False),
    ("dealership", "value_filter", "parts we're down to fewer than 10 of",
     "SELECT p.name FROM parts p WHERE p.quantity_on_hand < 10", False),
    ("dealership", "value_filter", "when did the akron store open",
     "SELECT d.opened_on FROM dealerships d WHERE d.city = 'Akron'", False),

    ("dealership", "count", "how many cars are sitting in inventory right now",
     "SELECT count(*) FROM vehicles v WHERE v.status = 0", False),
    ("dealership", "count", "how many units have we wholesaled",
     "SELECT count(*) FROM vehicles v WHERE v.status = 3", False),
    ("dealership", "count", "number of deals that had a trade-in",
     "SELECT count(*) FROM deals dl WHERE dl.trade_in_value IS NOT NULL", False),
    ("dealership", "count", "how many finance apps got turned down",
     "SELECT count(*) FROM finance_applications fa WHERE fa.status = 2", False),

    ("dealership", "aggregate", "average sticker price of what's on the lot",
     "SELECT avg(v.list_price) FROM vehicles v WHERE v.status = 0", False),
    ("dealership", "aggregate", "total trade-in allowance we've handed out",
     "SELECT sum(dl.trade_in_value) FROM deals dl", False),
    ("dealership", "aggregate", "avg APR on approved loans",
     "SELECT avg(fa.apr) FROM finance_applications fa WHERE fa.status = 1", False),
    ("dealership", "aggregate", "highest odometer reading on anything in stock",
     "SELECT max(v.mileage) FROM vehicles v WHERE v.status = 0", False),

    ("dealership", "top_n", "top 3 reps by cars sold",
     f"SELECT r.first_name, r.last_name, count(*) AS sold FROM {D_R} GROUP BY r.id, r.first_name, r.last_name "
     "ORDER BY sold DESC LIMIT 3", True),
    ("dealership", "top_n", "5 priciest vehicles in stock - make, model and sticker",
     "SELECT v.make, v.model, v.list_price FROM vehicles v WHERE v.status = 0 ORDER BY v.list_price DESC LIMIT 5", True),
    ("dealership", "top_n", "which lender gets the most of our finance apps",
     "SELECT fa.lender, count(*) AS apps FROM finance_applications fa GROUP BY fa.lender ORDER BY apps DESC LIMIT 1", True),
    ("dealership", "top_n", "most used part in the service bays by quantity",
     f"SELECT p.name, sum(ap.quantity) AS qty FROM {AP_P} GROUP BY p.name ORDER BY qty DESC LIMIT 1", True),

    ("dealership", "group_by", "inventory count by make",
     "SELECT v.make, count(*) FROM vehicles v WHERE v.status = 0 GROUP BY v.make", False),
    ("dealership", "group_by", "average selling price at each store",
     f"SELECT d.name, avg(dl.sale_price) FROM {D_V_D} GROUP BY d.name", False),
    ("dealership", "group_by", "service appointments per service type",
     "SELECT sa.service_type, count(*) FROM service_appointments sa GROUP BY sa.service_type", False),
    ("dealership", "group_by", "average loan term for each lender",
     "SELECT fa.lender, avg(fa.term_months) FROM finance_applications fa GROUP BY fa.lender", False),

    ("dealership", "join", "how many cars has heritage ford sold",
     f"SELECT count(*) FROM {D_V_D} WHERE d.name = 'Heritage Ford'", False),
    ("dealership", "join", "which store does Linda Silva work at",
     "SELECT d.name FROM sales_reps r JOIN dealerships d ON d.id = r.dealership_id "
     "WHERE r.first_name = 'Linda' AND r.last_name = 'Silva'", False),
    ("dealership", "join", "customers who bought a BMW from us",
     "SELECT c.first_name, c.last_name FROM deals dl JOIN customers c ON c.id = dl.customer_id "
     "JOIN vehicles v ON v.id = dl.vehicle_id WHERE v.make = 'BMW'", False),
    ("dealership", "join", "labor on completed service jobs at lakeview toyota",
     "SELECT sum(sa.labor_cost) FROM service_appointments sa JOIN dealerships d ON d.id = sa.dealership_id "
     "WHERE d.name = 'Lakeview Toyota' AND sa.completed_at IS NOT NULL", False),

    ("dealership", "relative_date", "how many cars did we sell last month",
     f"SELECT count(*) FROM deals dl WHERE {_p(LAST_MONTH, 'dl.closed_at')}", False),
    ("dealership", "relative_date", "new customers in the last 30 days",
     "SELECT count(*) FROM customers c WHERE c.created_at >= current_date - 30", False),
    ("dealership", "relative_date", "car sales revenue year to date",
     f"SELECT sum(dl.sale_price) FROM deals dl WHERE {_p(THIS_YEAR, 'dl.closed_at')}", False),
    ("dealership", "relative_date", "how many deals closed yesterday",
     f"SELECT count(*) FROM deals dl WHERE {_p(YESTERDAY, 'dl.closed_at')}", False),

    ("dealership", "ratio", "what % of deals came with a trade",
     "SELECT 100.0 * count(dl.trade_in_value) / count(*) FROM deals dl", False),
    ("dealership", "ratio", "finance approval rate",
     "SELECT 100.0 * count(*) FILTER (WHERE fa.status = 1) / count(*) FROM finance_applications fa", False),
    ("dealership", "ratio", "share of the in-stock cars that are certified pre-owned, in percent",
     "SELECT 100.0 * count(*) FILTER (WHERE v.certified_pre_owned) / count(*) FROM vehicles v WHERE v.status = 0", False),

    ("dealership", "having", "makes with more than 20 cars in stock",
     "SELECT v.make, count(*) FROM vehicles v WHERE v.status = 0 GROUP BY v.make HAVING count(*) > 20", False),
    ("dealership", "having", "reps with over 30 cars sold",
     f"SELECT r.first_name, r.last_name, count(*) FROM {D_R} GROUP BY r.id, r.first_name, r.last_name "
     "HAVING count(*) > 30", False),
    ("dealership", "having", "lenders averaging an APR above 9",
     "SELECT fa.lender, avg(fa.apr) FROM finance_applications fa GROUP BY fa.lender HAVING avg(fa.apr) > 9", False),

    ("dealership", "distinct_count", "how many different makes are on the lot",
     "SELECT count(DISTINCT v.make) FROM vehicles v WHERE v.status = 0", False),
    ("dealership", "distinct_count", "how many customers have bought a car from us",
     "SELECT count(DISTINCT dl.customer_id) FROM deals dl", False),
    ("dealership", "distinct_count", "how many different lenders have we sent apps to",
     "SELECT count(DISTINCT fa.lender) FROM finance_applications fa", False),

    ("dealership", "multi_hop", "amount financed through Ally on cars sold at riverside chevrolet",
     f"SELECT sum(fa.amount_financed) FROM finance_applications fa JOIN {D_V_D} ON dl.id = fa.deal_id "
     "WHERE fa.lender = 'Ally Financial' AND d.name = 'Riverside Chevrolet'", False),
    ("dealership", "multi_hop", "how many front brake pads did heritage ford's service department go through",
     f"SELECT sum(ap.quantity) FROM {AP_P} JOIN service_appointments sa ON sa.id = ap.service_appointment_id "
     "JOIN dealerships d ON d.id = sa.dealership_id WHERE p.name = 'Brake Pads (front)' AND d.name = 'Heritage Ford'",
     False),
    ("dealership", "multi_hop", "which makes have buyers from dayton purchased",
     "SELECT DISTINCT v.make FROM deals dl JOIN customers c ON c.id = dl.customer_id "
     "JOIN vehicles v ON v.id = dl.vehicle_id WHERE c.city = 'Dayton'", False),

    ("dealership", "anti_join", "reps who have never closed a deal",
     "SELECT r.first_name, r.last_name FROM sales_reps r WHERE NOT EXISTS "
     "(SELECT 1 FROM deals dl WHERE dl.sales_rep_id = r.id)", False),
    ("dealership", "anti_join", "parts that have never been used on a service job",
     "SELECT p.name FROM parts p WHERE NOT EXISTS (SELECT 1 FROM appointment_parts ap WHERE ap.part_id = p.id)", False),
    ("dealership", "anti_join", "stores that haven't sold a single car",
     "SELECT d.name FROM dealerships d WHERE NOT EXISTS "
     "(SELECT 1 FROM deals dl JOIN vehicles v ON v.id = dl.vehicle_id WHERE v.dealership_id = d.id)", False),

    ("dealership", "vs_average", "parts that cost more than the average part",
     "SELECT p.name FROM parts p WHERE p.unit_price > (SELECT avg(unit_price) FROM parts)", False),
    ("dealership", "vs_average", "reps on an above-average commission rate",
     "SELECT r.first_name, r.last_name FROM sales_reps r WHERE r.commission_rate > "
     "(SELECT avg(commission_rate) FROM sales_reps)", False),
    ("dealership", "vs_average", "how many deals went for more than the average sale price",
     "SELECT count(*) FROM deals dl WHERE dl.sale_price > (SELECT avg(sale_price) FROM deals)", False),

    ("dealership", "date_diff", "average days on the lot before a car sold",
     "SELECT avg(dl.closed_at::date - v.acquired_on) FROM deals dl JOIN vehicles v ON v.id = dl.vehicle_id", False),
    ("dealership", "date_diff", "how many years has each active rep been with us",
     "SELECT r.first_name, r.last_name, date_part('year', age(current_date, r.hired_on)) FROM sales_reps r "
     "WHERE r.active", False),
    ("dealership", "date_diff", "how many days has our longest-sitting in-stock car been on the lot",
     "SELECT current_date - min(v.acquired_on) FROM vehicles v WHERE v.status = 0", False),

    ("dealership", "two_period", "cars sold this month vs last month",
     f"SELECT count(*) FILTER (WHERE {_p(THIS_MONTH, 'dl.closed_at')}), "
     f"count(*) FILTER (WHERE {_p(LAST_MONTH, 'dl.closed_at')}) FROM deals dl", False),
    ("dealership", "two_period", "sales revenue this year compared with last year",
     f"SELECT sum(dl.sale_price) FILTER (WHERE {_p(THIS_YEAR, 'dl.closed_at')}), "
     f"sum(dl.sale_price) FILTER (WHERE {_p(LAST_YEAR, 'dl.closed_at')}) FROM deals dl", False),
    ("dealership", "two_period", "test drives last week vs the week before",
     f"SELECT count(*) FILTER (WHERE {_p(LAST_WEEK, 'td.scheduled_at')}), "
     f"count(*) FILTER (WHERE {_p(WEEK_BEFORE, 'td.scheduled_at')}) FROM test_drives td", False),
)

DL = "tbldonationline l JOIN tbldonation dn ON dn.lngdonationid = l.lngdonationid"
DL_D = f"{DL} JOIN tbldonor o ON o.lngdonorid = dn.lngdonorid"
DI_A = "tbldistribution x JOIN tblagency a ON a.lngagencyid = x.lngagencyid"
I_C = "tblitem i JOIN tlkpcategory c ON c.lngcategoryid = i.lngcategoryid"

FOODBANK: tuple[tuple[str, str, str, str, bool], ...] = (
    ("foodbank", "value_filter", "which items are perishable",
     "SELECT i.stritemname FROM tblitem i WHERE i.ysnperishable", False),
    ("foodbank", "value_filter", "partner agencies in licking county",
     "SELECT a.stragencyname FROM tblagency a WHERE a.strcounty = 'Licking'", False),
    ("foodbank", "value_filter", "grocery store donors",
     "SELECT o.strname FROM tbldonor o WHERE o.strdonortype = 'Grocery'", False),
    ("foodbank", "value_filter", "volunteers who are forklift certified",
     "SELECT v.strfirstname, v.strlastname FROM tblvolunteer v WHERE v.ysnforkliftcert", False),
    ("foodbank", "value_filter", "what per-pound value do we use for cheese",
     "SELECT i.curvalueperlb FROM tblitem i WHERE i.stritemname = 'Cheese'", False),

    ("foodbank", "count", "how many active volunteers do we have",
     "SELECT count(*) FROM tblvolunteer v WHERE v.ysnactive", False),
    ("foodbank", "count", "number of shelters we partner with",
     "SELECT count(*) FROM tblagency a WHERE a.stragencytype = 'Shelter'", False),
    ("foodbank", "count", "how many donations still need a receipt sent",
     "SELECT count(*) FROM tbldonation dn WHERE NOT dn.ysnreceiptsent", False),
    ("foodbank", "count", "how many items are in canned goods",
     f"SELECT count(*) FROM {I_C} WHERE c.strcategory = 'Canned Goods'", False),

    ("foodbank", "aggregate", "total lbs donated, all time",
     "SELECT sum(l.dblweightlbs) FROM tbldonationline l", False),
    ("foodbank", "aggregate", "average length of a volunteer shift in hours",
     "SELECT avg(s.snghours) FROM tblshift s", False),
    ("foodbank", "aggregate", "biggest single distribution in pounds",
     "SELECT max(x.dblweightlbs) FROM tbldistribution x", False),
    ("foodbank", "aggregate", "fair market value of everything ever donated",
     "SELECT sum(l.curvalue) FROM tbldonationline l", False),

    ("foodbank", "top_n", "top 5 donors by pounds given",
     f"SELECT o.strname, sum(l.dblweightlbs) AS lbs FROM {DL_D} GROUP BY o.lngdonorid, o.strname "
     "ORDER BY lbs DESC LIMIT 5", True),
    ("foodbank", "top_n", "which partner got the most pounds of food from us",
     f"SELECT a.stragencyname, sum(x.dblweightlbs) AS lbs FROM {DI_A} GROUP BY a.stragencyname "
     "ORDER BY lbs DESC LIMIT 1", True),
    ("foodbank", "top_n", "the 3 volunteers with the most hours",
     "SELECT v.strfirstname, v.strlastname, sum(s.snghours) AS hours FROM tblshift s "
     "JOIN tblvolunteer v ON v.lngvolunteerid = s.lngvolunteerid "
     "GROUP BY v.lngvolunteerid, v.strfirstname, v.strlastname ORDER BY hours DESC LIMIT 3", True),
    ("foodbank", "top_n", "most donated item by weight",
     "SELECT i.stritemname, sum(l.dblweightlbs) AS lbs FROM tbldonationline l "
     "JOIN tblitem i ON i.lngitemid = l.lngitemid GROUP BY i.stritemname ORDER BY lbs DESC LIMIT 1", True),

    ("foodbank", "group_by", "pounds donated by donor type",
     f"SELECT o.strdonortype, sum(l.dblweightlbs) FROM {DL_D} GROUP BY o.strdonortype", False),
    ("foodbank", "group_by", "volunteer hours by task",
     "SELECT s.strtask, sum(s.snghours) FROM tblshift s GROUP BY s.strtask", False),
    ("foodbank", "group_by", "how many partner agencies in each county",
     "SELECT a.strcounty, count(*) FROM tblagency a GROUP BY a.strcounty", False),
    ("foodbank", "group_by", "lbs distributed per food category",
     f"SELECT c.strcategory, sum(x.dblweightlbs) FROM tbldistribution x JOIN {I_C} ON i.lngitemid = x.lngitemid "
     "GROUP BY c.strcategory", False),

    ("foodbank", "join", "items in the dairy category",
     f"SELECT i.stritemname FROM {I_C} WHERE c.strcategory = 'Dairy'", False),
    ("foodbank", "join", "how many pounds has faith mission shelter received",
     f"SELECT sum(x.dblweightlbs) FROM {DI_A} WHERE a.stragencyname = 'Faith Mission Shelter'", False),
    ("foodbank", "join", "total value donated by Kroger #412",
     f"SELECT sum(l.curvalue) FROM {DL_D} WHERE o.strname = 'Kroger #412'", False),
    ("foodbank", "join", "households served through soup kitchens",
     f"SELECT sum(x.inthouseholds) FROM {DI_A} WHERE a.stragencytype = 'Soup Kitchen'", False),

    ("foodbank", "relative_date", "how many pounds came in last month",
     f"SELECT sum(l.dblweightlbs) FROM {DL} WHERE {_p(LAST_MONTH, 'dn.dtmreceived')}", False),
    ("foodbank", "relative_date", "number of donations received this week",
     f"SELECT count(*) FROM tbldonation dn WHERE {_p(THIS_WEEK, 'dn.dtmreceived')}", False),
    ("foodbank", "relative_date", "volunteer hours in the past 30 days",
     "SELECT sum(s.snghours) FROM tblshift s WHERE s.dtmshiftdate >= current_date - 30", False),
    ("foodbank", "relative_date", "lbs shipped out to partners yesterday",
     f"SELECT sum(x.dblweightlbs) FROM tbldistribution x WHERE {_p(YESTERDAY, 'x.dtmdistributed')}", False),

    ("foodbank", "ratio", "what percent of our items are perishable",
     "SELECT 100.0 * count(*) FILTER (WHERE i.ysnperishable) / count(*) FROM tblitem i", False),
    ("foodbank", "ratio", "share of donated pounds that came from grocery stores",
     f"SELECT 100.0 * sum(l.dblweightlbs) FILTER (WHERE o.strdonortype = 'Grocery') / sum(l.dblweightlbs) FROM {DL_D}",
     False),
    ("foodbank", "ratio", "what % of volunteers are inactive",
     "SELECT 100.0 * count(*) FILTER (WHERE NOT v.ysnactive) / count(*) FROM tblvolunteer v", False),

    ("foodbank", "having", "donors who've given more than 10,000 lbs in total",
     f"SELECT o.strname, sum(l.dblweightlbs) FROM {DL_D} GROUP BY o.lngdonorid, o.strname "
     "HAVING sum(l.dblweightlbs) > 10000", False),
    ("foodbank", "having", "partners that have received over 150k pounds",
     f"SELECT a.stragencyname, sum(x.dblweightlbs) FROM {DI_A} GROUP BY a.stragencyname "
     "HAVING sum(x.dblweightlbs) > 150000", False),
    ("foodbank", "having", "volunteers with more than 100 hours logged",
     "SELECT v.strfirstname, v.strlastname, sum(s.snghours) FROM tblshift s "
     "JOIN tblvolunteer v ON v.lngvolunteerid = s.lngvolunteerid "
     "GROUP BY v.lngvolunteerid, v.strfirstname, v.strlastname HAVING sum(s.snghours) > 100", False),

    ("foodbank", "distinct_count", "how many different donors gave this year",
     f"SELECT count(DISTINCT dn.lngdonorid) FROM tbldonation dn WHERE {_p(THIS_YEAR, 'dn.dtmreceived')}", False),
    ("foodbank", "distinct_count", "how many volunteers have ever worked a shift",
     "SELECT count(DISTINCT s.lngvolunteerid) FROM tblshift s", False),
    ("foodbank", "distinct_count", "how many different items has faith mission shelter received",
     f"SELECT count(DISTINCT x.lngitemid) FROM {DI_A} WHERE a.stragencyname = 'Faith Mission Shelter'", False),

    ("foodbank", "multi_hop", "pounds of produce donated by farms",
     f"SELECT sum(l.dblweightlbs) FROM {DL_D} JOIN {I_C} ON i.lngitemid = l.lngitemid "
     "WHERE c.strcategory = 'Produce' AND o.strdonortype = 'Farm'", False),
    ("foodbank", "multi_hop", "which counties got canned tuna",
     f"SELECT DISTINCT a.strcounty FROM {DI_A} JOIN tblitem i ON i.lngitemid = x.lngitemid "
     "WHERE i.stritemname = 'Canned Tuna'", False),
    ("foodbank", "multi_hop", "value of baby care donations from faith groups",
     f"SELECT sum(l.curvalue) FROM {DL_D} JOIN {I_C} ON i.lngitemid = l.lngitemid "
     "WHERE c.strcategory = 'Baby Care' AND o.strdonortype = 'Faith'", False),

    ("foodbank", "anti_join", "donors on file who have never actually donated",
     "SELECT o.strname FROM tbldonor o WHERE NOT EXISTS (SELECT 1 FROM tbldonation dn WHERE dn.lngdonorid = o.lngdonorid)",
     False),
    ("foodbank", "anti_join", "categories with no items in them",
     "SELECT c.strcategory FROM tlkpcategory c WHERE NOT EXISTS "
     "(SELECT 1 FROM tblitem i WHERE i.lngcategoryid = c.lngcategoryid)", False),
    ("foodbank", "anti_join", "volunteers who never worked a shift",
     "SELECT v.strfirstname, v.strlastname FROM tblvolunteer v WHERE NOT EXISTS "
     "(SELECT 1 FROM tblshift s WHERE s.lngvolunteerid = v.lngvolunteerid)", False),
    ("foodbank", "anti_join", "partner agencies that haven't received anything yet",
     "SELECT a.stragencyname FROM tblagency a WHERE NOT EXISTS "
     "(SELECT 1 FROM tbldistribution x WHERE x.lngagencyid = a.lngagencyid)", False),

    ("foodbank", "vs_average", "items worth more per pound than the average item",
     "SELECT i.stritemname FROM tblitem i WHERE i.curvalueperlb > (SELECT avg(curvalueperlb) FROM tblitem)", False),
    ("foodbank", "vs_average", "how many distributions were heavier than average",
     "SELECT count(*) FROM tbldistribution x WHERE x.dblweightlbs > (SELECT avg(dblweightlbs) FROM tbldistribution)",
     False),
    ("foodbank", "vs_average", "how many volunteer shifts ran longer than the average shift",
     "SELECT count(*) FROM tblshift s WHERE s.snghours > (SELECT avg(snghours) FROM tblshift)", False),

    ("foodbank", "date_diff", "how many years has each partner agency been with us",
     "SELECT a.stragencyname, date_part('year', age(current_date, a.dtmjoined)) FROM tblagency a", False),
    ("foodbank", "date_diff", "average age of our active volunteers",
     "SELECT avg(date_part('year', age(current_date, v.dtmbirth))) FROM tblvolunteer v WHERE v.ysnactive", False),
    ("foodbank", "date_diff", "how many days since hocking hills dairy last dropped off a donation",
     "SELECT current_date - max(dn.dtmreceived)::date FROM tbldonation dn JOIN tbldonor o ON o.lngdonorid = dn.lngdonorid "
     "WHERE o.strname = 'Hocking Hills Dairy'", False),

    ("foodbank", "two_period", "pounds donated this month vs last month",
     f"SELECT sum(l.dblweightlbs) FILTER (WHERE {_p(THIS_MONTH, 'dn.dtmreceived')}), "
     f"sum(l.dblweightlbs) FILTER (WHERE {_p(LAST_MONTH, 'dn.dtmreceived')}) FROM {DL}", False),
    ("foodbank", "two_period", "volunteer hours last week compared to the week before",
     f"SELECT sum(s.snghours) FILTER (WHERE {_p(LAST_WEEK, 's.dtmshiftdate')}), "
     f"sum(s.snghours) FILTER (WHERE {_p(WEEK_BEFORE, 's.dtmshiftdate')}) FROM tblshift s", False),
    ("foodbank", "two_period", "number of donations this year vs last year",
     f"SELECT count(*) FILTER (WHERE {_p(THIS_YEAR, 'dn.dtmreceived')}), "
     f"count(*) FILTER (WHERE {_p(LAST_YEAR, 'dn.dtmreceived')}) FROM tbldonation dn", False),
)

QUESTIONS = DEALERSHIP + FOODBANK
