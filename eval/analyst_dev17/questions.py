"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev16/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them, in the trade's own
words ("gyms", "sites", "paused", "churned", "PT", "no-shows", "classes", "covers", "comped",
"86'd", "tables", "walk-ins"), terse fragments.
"""

from __future__ import annotations

from eval.analyst_dev.periods import (LAST_MONTH, THIS_MONTH, LAST_WEEK, WEEK_BEFORE, YESTERDAY, THIS_YEAR, LAST_YEAR,
                                      period as _p)


B_S = "gym_booking b JOIN gym_classsession s ON s.id = b.session_id"
S_T = "gym_classsession s JOIN gym_classtype ct ON ct.id = s.class_type_id"
S_C = "gym_classsession s JOIN gym_club c ON c.id = s.club_id"
M_P = "billing_membership ms JOIN billing_membershipplan p ON p.id = ms.plan_id"
PAY_P = ("billing_payment pay JOIN billing_membership ms ON ms.id = pay.membership_id "
         "JOIN billing_membershipplan p ON p.id = ms.plan_id")

FITNESS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("fitness", "value_filter", "plans under 30 quid a month, with the price",
     "SELECT p.name, p.monthly_fee FROM billing_membershipplan p WHERE p.monthly_fee < 30", False),
    ("fitness", "value_filter", "which gyms are in london",
     "SELECT c.name FROM gym_club c WHERE c.city = 'London'", False),
    ("fitness", "value_filter", "high intensity classes we offer",
     "SELECT ct.name FROM gym_classtype ct WHERE ct.intensity = 'H'", False),
    ("fitness", "value_filter", "how much is the premium plan per month",
     "SELECT p.monthly_fee FROM billing_membershipplan p WHERE p.name = 'Premium'", False),
    ("fitness", "value_filter", "plans that don't include classes",
     "SELECT p.name FROM billing_membershipplan p WHERE NOT p.includes_classes", False),

    ("fitness", "count", "how many memberships are paused right now",
     "SELECT count(*) FROM billing_membership ms WHERE ms.status = 'F'", False),
    ("fitness", "count", "number of members whose home gym is Brixton",
     "SELECT count(*) FROM gym_member m JOIN gym_club c ON c.id = m.home_club_id WHERE c.name = 'Brixton'", False),
    ("fitness", "count", "how many PT packages have we sold",
     "SELECT count(*) FROM training_ptpackage pt", False),
    ("fitness", "count", "how many class bookings were cancelled by the member",
     "SELECT count(*) FROM gym_booking b WHERE b.cancelled_at IS NOT NULL", False),

    ("fitness", "aggregate", "average monthly fee of the plans we still sell",
     "SELECT avg(p.monthly_fee) FROM billing_membershipplan p WHERE p.is_active", False),
    ("fitness", "aggregate", "total taken by direct debit",
     "SELECT sum(pay.amount) FROM billing_payment pay WHERE pay.method = 'DD'", False),
    ("fitness", "aggregate", "highest hourly rate we pay a trainer",
     "SELECT max(t.hourly_rate) FROM gym_trainer t", False),
    ("fitness", "aggregate", "average price of a personal training package",
     "SELECT avg(pt.price) FROM training_ptpackage pt", False),

    ("fitness", "top_n", "which class type gets booked the most",
     f"SELECT ct.name, count(*) AS bookings FROM {B_S} JOIN gym_classtype ct ON ct.id = s.class_type_id "
     "GROUP BY ct.name ORDER BY bookings DESC LIMIT 1", True),
    ("fitness", "top_n", "top 3 trainers by PT package sales",
     "SELECT t.first_name, t.last_name, sum(pt.price) AS sales FROM training_ptpackage pt JOIN gym_trainer t "
     "ON t.id = pt.trainer_id GROUP BY t.id, t.first_name, t.last_name ORDER BY sales DESC LIMIT 3", True),
    ("fitness", "top_n", "most popular plan by number of memberships",
     f"SELECT p.name, count(*) AS memberships FROM {M_P} GROUP BY p.name ORDER BY memberships DESC LIMIT 1", True),
    ("fitness", "top_n", "which club has brought in the most money",
     "SELECT c.name, sum(pay.amount) AS revenue FROM billing_payment pay JOIN billing_membership ms ON ms.id = "
     "pay.membership_id JOIN gym_member m ON m.id = ms.member_id JOIN gym_club c ON c.id = m.home_club_id "
     "GROUP BY c.name ORDER BY revenue DESC LIMIT 1", True),

    ("fitness", "group_by", "members per home club",
     "SELECT c.name, count(*) FROM gym_member m JOIN gym_club c ON c.id = m.home_club_id GROUP BY c.name", False),
    ("fitness", "group_by", "payments total by payment method",
     "SELECT pay.method, sum(pay.amount) FROM billing_payment pay GROUP BY pay.method", False),
    ("fitness", "group_by", "number of classes scheduled per class type",
     f"SELECT ct.name, count(*) FROM {S_T} GROUP BY ct.name", False),
    ("fitness", "group_by", "how many memberships in each status",
     "SELECT ms.status, count(*) FROM billing_membership ms GROUP BY ms.status", False),

    ("fitness", "join", "which club does each trainer work at",
     "SELECT t.first_name, t.last_name, c.name FROM gym_trainer t JOIN gym_club c ON c.id = t.club_id", False),
    ("fitness", "join", "members on the student plan",
     f"SELECT m.first_name, m.last_name FROM {M_P} JOIN gym_member m ON m.id = ms.member_id "
     "WHERE p.name = 'Student'", False),
    ("fitness", "join", "yoga classes coming up at Shoreditch, with start time",
     f"SELECT s.starts_at FROM {S_T} JOIN gym_club c ON c.id = s.club_id WHERE ct.name = 'Yoga' AND "
     "c.name = 'Shoreditch' AND s.starts_at >= now()", False),
    ("fitness", "join", "trainers at the Deansgate gym",
     "SELECT t.first_name, t.last_name FROM gym_trainer t JOIN gym_club c ON c.id = t.club_id "
     "WHERE c.name = 'Deansgate'", False),

    ("fitness", "relative_date", "how many new members joined last month",
     f"SELECT count(*) FROM gym_member m WHERE {_p(LAST_MONTH, 'm.created_at')}", False),
    ("fitness", "relative_date", "membership money collected this month",
     f"SELECT sum(pay.amount) FROM billing_payment pay WHERE {_p(THIS_MONTH, 'pay.paid_at')}", False),
    ("fitness", "relative_date", "attended class bookings last week, how many",
     f"SELECT count(*) FROM {B_S} WHERE b.attended AND {_p(LAST_WEEK, 's.starts_at')}", False),
    ("fitness", "relative_date", "PT packages bought in the last 30 days",
     "SELECT count(*) FROM training_ptpackage pt WHERE pt.purchased_at >= current_date - 30", False),

    ("fitness", "ratio", "what percent of memberships have been cancelled",
     "SELECT 100.0 * count(*) FILTER (WHERE ms.status = 'C') / count(*) FROM billing_membership ms", False),
    ("fitness", "ratio", "what percentage of class bookings get cancelled",
     "SELECT 100.0 * count(*) FILTER (WHERE b.cancelled_at IS NOT NULL) / count(*) FROM gym_booking b", False),
    ("fitness", "ratio", "share of payments made by card, by amount",
     "SELECT 100.0 * sum(pay.amount) FILTER (WHERE pay.method = 'CC') / sum(pay.amount) FROM billing_payment pay",
     False),
    ("fitness", "ratio", "percentage of PT sessions used across all packages",
     "SELECT 100.0 * sum(pt.sessions_used) / sum(pt.sessions_total) FROM training_ptpackage pt", False),

    ("fitness", "having", "class types with more than 150 sessions on the schedule",
     f"SELECT ct.name, count(*) FROM {S_T} GROUP BY ct.name HAVING count(*) > 150", False),
    ("fitness", "having", "trainers who sold more than 8 PT packages",
     "SELECT t.first_name, t.last_name, count(*) FROM training_ptpackage pt JOIN gym_trainer t ON t.id = "
     "pt.trainer_id GROUP BY t.id, t.first_name, t.last_name HAVING count(*) > 8", False),
    ("fitness", "having", "clubs with over 60 members",
     "SELECT c.name, count(*) FROM gym_member m JOIN gym_club c ON c.id = m.home_club_id GROUP BY c.name "
     "HAVING count(*) > 60", False),

    ("fitness", "distinct_count", "how many different members have booked a class",
     "SELECT count(DISTINCT b.member_id) FROM gym_booking b", False),
    ("fitness", "distinct_count", "how many members have bought PT",
     "SELECT count(DISTINCT pt.member_id) FROM training_ptpackage pt", False),
    ("fitness", "distinct_count", "how many trainers have taught a spin class",
     f"SELECT count(DISTINCT s.trainer_id) FROM {S_T} WHERE ct.name = 'Spin'", False),

    ("fitness", "anti_join", "class types that have never been scheduled",
     "SELECT ct.name FROM gym_classtype ct WHERE NOT EXISTS (SELECT 1 FROM gym_classsession s "
     "WHERE s.class_type_id = ct.id)", False),
    ("fitness", "anti_join", "plans nobody has ever signed up to",
     "SELECT p.name FROM billing_membershipplan p WHERE NOT EXISTS (SELECT 1 FROM billing_membership ms "
     "WHERE ms.plan_id = p.id)", False),
    ("fitness", "anti_join", "trainers who have never led a class",
     "SELECT t.first_name, t.last_name FROM gym_trainer t WHERE NOT EXISTS (SELECT 1 FROM gym_classsession s "
     "WHERE s.trainer_id = t.id)", False),
    ("fitness", "anti_join", "clubs with no members",
     "SELECT c.name FROM gym_club c WHERE NOT EXISTS (SELECT 1 FROM gym_member m WHERE m.home_club_id = c.id)",
     False),

    ("fitness", "vs_average", "trainers paid above the average hourly rate",
     "SELECT t.first_name, t.last_name FROM gym_trainer t WHERE t.hourly_rate > (SELECT avg(hourly_rate) "
     "FROM gym_trainer)", False),
    ("fitness", "vs_average", "PT packages priced below average, member and price",
     "SELECT m.first_name, m.last_name, pt.price FROM training_ptpackage pt JOIN gym_member m ON m.id = pt.member_id "
     "WHERE pt.price < (SELECT avg(price) FROM training_ptpackage)", False),
    ("fitness", "vs_average", "class types longer than the average class",
     "SELECT ct.name FROM gym_classtype ct WHERE ct.duration_minutes > (SELECT avg(duration_minutes) "
     "FROM gym_classtype)", False),

    ("fitness", "date_diff", "how long did cancelled memberships last on average, in days",
     "SELECT avg(ms.end_date - ms.start_date) FROM billing_membership ms WHERE ms.status = 'C'", False),
    ("fitness", "date_diff", "how many years has each Clifton trainer been with us",
     "SELECT t.first_name, t.last_name, date_part('year', age(t.hired_on)) FROM gym_trainer t JOIN gym_club c "
     "ON c.id = t.club_id WHERE c.name = 'Clifton'", False),
    ("fitness", "date_diff", "average age of our members",
     "SELECT avg(date_part('year', age(m.birth_date))) FROM gym_member m", False),

    ("fitness", "two_period", "membership payments this month vs last month",
     f"SELECT sum(pay.amount) FILTER (WHERE {_p(THIS_MONTH, 'pay.paid_at')}), sum(pay.amount) FILTER (WHERE "
     f"{_p(LAST_MONTH, 'pay.paid_at')}) FROM billing_payment pay", False),
    ("fitness", "two_period", "class attendance last week compared with the week before",
     f"SELECT count(*) FILTER (WHERE {_p(LAST_WEEK, 's.starts_at')}), count(*) FILTER (WHERE "
     f"{_p(WEEK_BEFORE, 's.starts_at')}) FROM {B_S} WHERE b.attended", False),
    ("fitness", "two_period", "new sign-ups this year vs last year",
     f"SELECT count(*) FILTER (WHERE {_p(THIS_YEAR, 'm.created_at')}), count(*) FILTER (WHERE "
     f"{_p(LAST_YEAR, 'm.created_at')}) FROM gym_member m", False),

    ("fitness", "multi_hop", "how many HIIT bookings did Canary Wharf get",
     f"SELECT count(*) FROM {B_S} JOIN gym_classtype ct ON ct.id = s.class_type_id JOIN gym_club c ON c.id = "
     "s.club_id WHERE ct.name = 'HIIT' AND c.name = 'Canary Wharf'", False),
    ("fitness", "multi_hop", "money taken from premium members",
     f"SELECT sum(pay.amount) FROM {PAY_P} WHERE p.name = 'Premium'", False),
    ("fitness", "multi_hop", "members from the Clifton gym who bought PT",
     "SELECT DISTINCT m.first_name, m.last_name FROM training_ptpackage pt JOIN gym_member m ON m.id = pt.member_id "
     "JOIN gym_club c ON c.id = m.home_club_id WHERE c.name = 'Clifton'", False),
    ("fitness", "multi_hop", "attended pilates bookings by members on the off-peak plan",
     f"SELECT count(*) FROM {B_S} JOIN gym_classtype ct ON ct.id = s.class_type_id JOIN billing_membership ms "
     "ON ms.member_id = b.member_id JOIN billing_membershipplan p ON p.id = ms.plan_id WHERE b.attended AND "
     "ct.name = 'Pilates' AND p.name = 'Off-Peak'", False),
)

SALE = "check_line cl JOIN guest_check g ON g.check_id = cl.check_id"
SALE_I = f"{SALE} JOIN menu_item i ON i.item_id = cl.item_id"
I_C = "menu_item i JOIN menu_category mc ON mc.category_id = i.category_id"
REV = "sum(cl.qty * cl.unit_price)"

RESTAURANT: tuple[tuple[str, str, str, str, bool], ...] = (
    ("restaurant", "value_filter", "veggie mains and what they cost",
     f"SELECT i.item_name, i.price FROM {I_C} WHERE mc.category_name = 'Mains' AND i.is_veg", False),
    ("restaurant", "value_filter", "what do we charge for the ribeye",
     "SELECT i.price FROM menu_item i WHERE i.item_name = 'Ribeye Steak'", False),
    ("restaurant", "value_filter", "our spots in chicago",
     "SELECT r.name FROM restaurant r WHERE r.city = 'Chicago'", False),
    ("restaurant", "value_filter", "drinks over 12 bucks",
     f"SELECT i.item_name, i.price FROM {I_C} WHERE mc.category_name = 'Drinks' AND i.price > 12", False),
    ("restaurant", "value_filter", "which suppliers sell us produce",
     "SELECT s.supplier_name FROM supplier s WHERE s.supplies = 'produce'", False),

    ("restaurant", "count", "how many line cooks do we have",
     "SELECT count(*) FROM staff st WHERE st.role = 'line cook'", False),
    ("restaurant", "count", "how many reservations were no-shows",
     "SELECT count(*) FROM reservation rv WHERE rv.status = 'no_show'", False),
    ("restaurant", "count", "number of voided checks",
     "SELECT count(*) FROM guest_check g WHERE g.voided_at IS NOT NULL", False),
    ("restaurant", "count", "how many menu items cost us more than 5 dollars a plate to make",
     "SELECT count(*) FROM menu_item i WHERE i.food_cost > 5", False),

    ("restaurant", "aggregate", "average party size on reservations",
     "SELECT avg(rv.party_sz) FROM reservation rv", False),
    ("restaurant", "aggregate", "total tips across all checks",
     "SELECT sum(g.tip_amt) FROM guest_check g", False),
    ("restaurant", "aggregate", "average hourly wage for bartenders",
     "SELECT avg(st.hourly_wage) FROM staff st WHERE st.role = 'bartender'", False),
    ("restaurant", "aggregate", "highest unit cost we've paid for ribeye",
     "SELECT max(d.unit_cost) FROM delivery d WHERE d.ingredient = 'ribeye'", False),

    ("restaurant", "top_n", "top 3 dishes by sales",
     f"SELECT i.item_name, {REV} AS sales FROM {SALE_I} WHERE g.voided_at IS NULL GROUP BY i.item_name "
     "ORDER BY sales DESC LIMIT 3", True),
    ("restaurant", "top_n", "which server made the most in tips",
     "SELECT st.first_name, st.last_name, sum(g.tip_amt) AS tips FROM guest_check g JOIN staff st ON st.staff_id = "
     "g.server_id GROUP BY st.staff_id, st.first_name, st.last_name ORDER BY tips DESC LIMIT 1", True),
    ("restaurant", "top_n", "top supplier by spend",
     "SELECT s.supplier_name, sum(d.qty * d.unit_cost) AS spend FROM delivery d JOIN supplier s ON s.supplier_id = "
     "d.supplier_id GROUP BY s.supplier_name ORDER BY spend DESC LIMIT 1", True),
    ("restaurant", "top_n", "which item sold the most units",
     f"SELECT i.item_name, sum(cl.qty) AS units FROM {SALE_I} WHERE g.voided_at IS NULL GROUP BY i.item_name "
     "ORDER BY units DESC LIMIT 1", True),

    ("restaurant", "group_by", "sales by restaurant",
     f"SELECT r.name, {REV} FROM {SALE} JOIN restaurant r ON r.restaurant_id = g.restaurant_id "
     "WHERE g.voided_at IS NULL GROUP BY r.name", False),
    ("restaurant", "group_by", "headcount per role",
     "SELECT st.role, count(*) FROM staff st GROUP BY st.role", False),
    ("restaurant", "group_by", "reservations by status",
     "SELECT rv.status, count(*) FROM reservation rv GROUP BY rv.status", False),
    ("restaurant", "group_by", "number of deliveries from each supplier",
     "SELECT s.supplier_name, count(*) FROM delivery d JOIN supplier s ON s.supplier_id = d.supplier_id "
     "GROUP BY s.supplier_name", False),

    ("restaurant", "join", "servers at harbor grill",
     "SELECT st.first_name, st.last_name FROM staff st JOIN restaurant r ON r.restaurant_id = st.restaurant_id "
     "WHERE r.name = 'Harbor Grill' AND st.role = 'server'", False),
    ("restaurant", "join", "desserts and their prices",
     f"SELECT i.item_name, i.price FROM {I_C} WHERE mc.category_name = 'Desserts'", False),
    ("restaurant", "join", "which restaurants does Badger Dairy deliver to",
     "SELECT DISTINCT r.name FROM delivery d JOIN supplier s ON s.supplier_id = d.supplier_id JOIN restaurant r "
     "ON r.restaurant_id = d.restaurant_id WHERE s.supplier_name = 'Badger Dairy Co-op'", False),
    ("restaurant", "join", "each menu item with its menu section",
     f"SELECT i.item_name, mc.category_name FROM {I_C}", False),

    ("restaurant", "relative_date", "sales yesterday",
     f"SELECT {REV} FROM {SALE} WHERE g.voided_at IS NULL AND {_p(YESTERDAY, 'g.opened_at')}", False),
    ("restaurant", "relative_date", "covers last week, not counting voided checks",
     f"SELECT sum(g.covers) FROM guest_check g WHERE g.voided_at IS NULL AND {_p(LAST_WEEK, 'g.opened_at')}", False),
    ("restaurant", "relative_date", "how many no-shows did we have last month",
     f"SELECT count(*) FROM reservation rv WHERE rv.status = 'no_show' AND {_p(LAST_MONTH, 'rv.reserved_for')}",
     False),
    ("restaurant", "relative_date", "deliveries received in the last 14 days",
     "SELECT count(*) FROM delivery d WHERE d.delivered_on >= current_date - 14", False),

    ("restaurant", "ratio", "no-show rate on reservations",
     "SELECT 100.0 * count(*) FILTER (WHERE rv.status = 'no_show') / count(*) FROM reservation rv", False),
    ("restaurant", "ratio", "what percent of checks get voided",
     "SELECT 100.0 * count(*) FILTER (WHERE g.voided_at IS NOT NULL) / count(*) FROM guest_check g", False),
    ("restaurant", "ratio", "food cost percentage on the smash burger",
     "SELECT 100.0 * i.food_cost / i.price FROM menu_item i WHERE i.item_name = 'Smash Burger'", False),
    ("restaurant", "ratio", "share of sales that comes from drinks",
     f"SELECT 100.0 * {REV} FILTER (WHERE mc.category_name = 'Drinks') / {REV} FROM {SALE_I} JOIN menu_category mc "
     "ON mc.category_id = i.category_id WHERE g.voided_at IS NULL", False),

    ("restaurant", "having", "suppliers we've had more than 100 deliveries from",
     "SELECT s.supplier_name, count(*) FROM delivery d JOIN supplier s ON s.supplier_id = d.supplier_id "
     "GROUP BY s.supplier_name HAVING count(*) > 100", False),
    ("restaurant", "having", "items that have sold over 3000 units",
     f"SELECT i.item_name, sum(cl.qty) FROM {SALE_I} WHERE g.voided_at IS NULL GROUP BY i.item_name "
     "HAVING sum(cl.qty) > 3000", False),
    ("restaurant", "having", "servers who've rung up more than 500 checks",
     "SELECT st.first_name, st.last_name, count(*) FROM guest_check g JOIN staff st ON st.staff_id = g.server_id "
     "GROUP BY st.staff_id, st.first_name, st.last_name HAVING count(*) > 500", False),

    ("restaurant", "distinct_count", "how many different ingredients have been delivered",
     "SELECT count(DISTINCT d.ingredient) FROM delivery d", False),
    ("restaurant", "distinct_count", "how many servers took at least one check last week",
     f"SELECT count(DISTINCT g.server_id) FROM guest_check g WHERE {_p(LAST_WEEK, 'g.opened_at')}", False),
    ("restaurant", "distinct_count", "how many different guests made a reservation at Prairie Table",
     "SELECT count(DISTINCT rv.guest_name) FROM reservation rv JOIN restaurant r ON r.restaurant_id = rv.restaurant_id "
     "WHERE r.name = 'Prairie Table'", False),

    ("restaurant", "anti_join", "menu items nobody has ever ordered",
     "SELECT i.item_name FROM menu_item i WHERE NOT EXISTS (SELECT 1 FROM check_line cl WHERE cl.item_id = i.item_id)",
     False),
    ("restaurant", "anti_join", "suppliers we've never received a delivery from",
     "SELECT s.supplier_name FROM supplier s WHERE NOT EXISTS (SELECT 1 FROM delivery d "
     "WHERE d.supplier_id = s.supplier_id)", False),
    ("restaurant", "anti_join", "menu sections with nothing in them",
     "SELECT mc.category_name FROM menu_category mc WHERE NOT EXISTS (SELECT 1 FROM menu_item i "
     "WHERE i.category_id = mc.category_id)", False),
    ("restaurant", "anti_join", "staff who have never clocked a shift",
     "SELECT st.first_name, st.last_name FROM staff st WHERE NOT EXISTS (SELECT 1 FROM shift sh "
     "WHERE sh.staff_id = st.staff_id)", False),

    ("restaurant", "vs_average", "menu items priced above the average menu price",
     "SELECT i.item_name FROM menu_item i WHERE i.price > (SELECT avg(price) FROM menu_item)", False),
    ("restaurant", "vs_average", "restaurants with more seats than average",
     "SELECT r.name FROM restaurant r WHERE r.seats > (SELECT avg(seats) FROM restaurant)", False),
    ("restaurant", "vs_average", "staff paid above the average hourly wage",
     "SELECT st.first_name, st.last_name FROM staff st WHERE st.hourly_wage > (SELECT avg(hourly_wage) FROM staff)",
     False),

    ("restaurant", "date_diff", "how many years has each restaurant been open",
     "SELECT r.name, date_part('year', age(r.opened_on)) FROM restaurant r", False),
    ("restaurant", "date_diff", "average shift length in hours",
     "SELECT avg(extract(epoch FROM sh.clock_out - sh.clock_in)) / 3600 FROM shift sh", False),
    ("restaurant", "date_diff", "on average how many minutes does a table stay open",
     "SELECT avg(extract(epoch FROM g.closed_at - g.opened_at)) / 60 FROM guest_check g", False),

    ("restaurant", "two_period", "sales this month vs last month",
     f"SELECT {REV} FILTER (WHERE {_p(THIS_MONTH, 'g.opened_at')}), {REV} FILTER (WHERE "
     f"{_p(LAST_MONTH, 'g.opened_at')}) FROM {SALE} WHERE g.voided_at IS NULL", False),
    ("restaurant", "two_period", "no-shows last week compared with the week before",
     f"SELECT count(*) FILTER (WHERE {_p(LAST_WEEK, 'rv.reserved_for')}), count(*) FILTER (WHERE "
     f"{_p(WEEK_BEFORE, 'rv.reserved_for')}) FROM reservation rv WHERE rv.status = 'no_show'", False),
    ("restaurant", "two_period", "delivery spend this month against last month",
     f"SELECT sum(d.qty * d.unit_cost) FILTER (WHERE {_p(THIS_MONTH, 'd.delivered_on')}), sum(d.qty * d.unit_cost) "
     f"FILTER (WHERE {_p(LAST_MONTH, 'd.delivered_on')}) FROM delivery d", False),

    ("restaurant", "multi_hop", "mains sales at the Maple & Rye Loop",
     f"SELECT {REV} FROM {SALE_I} JOIN menu_category mc ON mc.category_id = i.category_id JOIN restaurant r "
     "ON r.restaurant_id = g.restaurant_id WHERE g.voided_at IS NULL AND mc.category_name = 'Mains' "
     "AND r.name = 'Maple & Rye Loop'", False),
    ("restaurant", "multi_hop", "tips at Harbor Grill last month",
     "SELECT sum(g.tip_amt) FROM guest_check g JOIN restaurant r ON r.restaurant_id = g.restaurant_id "
     f"WHERE r.name = 'Harbor Grill' AND {_p(LAST_MONTH, 'g.opened_at')}", False),
    ("restaurant", "multi_hop", "how many dessert portions did Prairie Table sell",
     f"SELECT sum(cl.qty) FROM {SALE_I} JOIN menu_category mc ON mc.category_id = i.category_id JOIN restaurant r "
     "ON r.restaurant_id = g.restaurant_id WHERE g.voided_at IS NULL AND mc.category_name = 'Desserts' "
     "AND r.name = 'Prairie Table'", False),
    ("restaurant", "multi_hop", "meat spend at each restaurant",
     "SELECT r.name, sum(d.qty * d.unit_cost) FROM delivery d JOIN supplier s ON s.supplier_id = d.supplier_id "
     "JOIN restaurant r ON r.restaurant_id = d.restaurant_id WHERE s.supplies = 'meat' GROUP BY r.name", False),
)

QUESTIONS = FITNESS + RESTAURANT
