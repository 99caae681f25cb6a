"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev19/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop (2-3 foreign keys),
anti_join, vs_average, date_diff and two_period. Phrased as analysts type them, in business words
(sales, stores, members, OTC, scripts, pros, jobs, quotes, trades), never in the warehouse's or
the framework's words (no "fact", "dim", "sk", "enum").
"""

from __future__ import annotations

from eval.analyst_dev.periods import (LAST_MONTH, LAST_WEEK, MONTH_BEFORE, THIS_MONTH, THIS_WEEK, WEEK_BEFORE,
                                      YESTERDAY, period as _p)

LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' AND {c} < date_trunc('quarter', "
                "current_date)")
QUARTER_BEFORE = ("{c} >= date_trunc('quarter', current_date) - interval '6 months' AND {c} < date_trunc('quarter', "
                  "current_date) - interval '3 months'")

# pharmacy: the star schema
F_D = "fact_sales f JOIN dim_date d ON d.date_key = f.date_key"
F_P = "fact_sales f JOIN dim_product p ON p.product_sk = f.product_sk"
F_S = "fact_sales f JOIN dim_store s ON s.store_sk = f.store_sk"
F_C = "fact_sales f JOIN dim_customer c ON c.customer_sk = f.customer_sk"
I_D = "fact_inventory_snapshot i JOIN dim_date d ON d.date_key = i.snapshot_date_key"
PH_S = "dim_pharmacist ph JOIN dim_store s ON s.store_sk = ph.home_store_sk"
D = "JOIN dim_date d ON d.date_key = f.date_key"
P = "JOIN dim_product p ON p.product_sk = f.product_sk"
S = "JOIN dim_store s ON s.store_sk = f.store_sk"
FD = "d.full_date"

PHARMACY: tuple[tuple[str, str, str, str, bool], ...] = (
    ("pharmacy", "value_filter", "our stores in CT",
     "SELECT s.store_name FROM dim_store s WHERE s.state_code = 'CT'", False),
    ("pharmacy", "value_filter", "store brand vitamins we carry",
     "SELECT p.product_name FROM dim_product p WHERE p.is_private_label AND p.category = 'Vitamins'", False),
    ("pharmacy", "value_filter", "what's the list price on Claritin 24 Hour 30ct",
     "SELECT p.list_price FROM dim_product p WHERE p.product_name = 'Claritin 24 Hour 30ct'", False),
    ("pharmacy", "value_filter", "which prescription drugs do we get from teva",
     "SELECT p.product_name FROM dim_product p WHERE p.brand = 'Teva' AND p.is_prescription", False),
    ("pharmacy", "value_filter", "gold members living in boston",
     "SELECT c.first_name, c.last_name FROM dim_customer c WHERE c.is_current AND c.loyalty_tier = 'Gold' "
     "AND c.home_city = 'Boston'", False),
    ("pharmacy", "value_filter", "which of our stores are drive-thrus",
     "SELECT s.store_name FROM dim_store s WHERE s.store_format = 'drive-thru'", False),

    ("pharmacy", "count", "how many stores in the southeast",
     "SELECT count(*) FROM dim_store s WHERE s.region = 'Southeast'", False),
    ("pharmacy", "count", "how many loyalty members do we have",
     "SELECT count(*) FROM dim_customer c WHERE c.is_current", False),
    ("pharmacy", "count", "how many OTC items are in the catalog",
     "SELECT count(*) FROM dim_product p WHERE NOT p.is_prescription", False),
    ("pharmacy", "count", "how many pharmacists are based at Philadelphia Rittenhouse",
     f"SELECT count(*) FROM {PH_S} WHERE s.store_name = 'Philadelphia Rittenhouse'", False),
    ("pharmacy", "count", "how many receipts did we ring up yesterday",
     f"SELECT count(DISTINCT f.receipt_number) FROM {F_D} WHERE {_p(YESTERDAY, FD)}", False),
    ("pharmacy", "count", "how many part-time pharmacists do we employ",
     "SELECT count(*) FROM dim_pharmacist ph WHERE ph.employment_type = 'part_time'", False),

    ("pharmacy", "aggregate", "lifetime sales across the whole chain",
     "SELECT sum(f.net_amount) FROM fact_sales f", False),
    ("pharmacy", "aggregate", "average units per line on OTC items",
     f"SELECT avg(f.quantity) FROM {F_P} WHERE NOT p.is_prescription", False),
    ("pharmacy", "aggregate", "average list price of our skin care range",
     "SELECT avg(p.list_price) FROM dim_product p WHERE p.category = 'Skin Care'", False),
    ("pharmacy", "aggregate", "how much discount have loyalty members gotten in total",
     "SELECT sum(f.discount_amount) FROM fact_sales f WHERE f.customer_sk IS NOT NULL", False),
    ("pharmacy", "aggregate", "total units on hand across the chain this morning",
     f"SELECT sum(i.on_hand_qty) FROM {I_D} WHERE {FD} = current_date", False),

    ("pharmacy", "top_n", "top 5 stores by sales",
     f"SELECT s.store_name, sum(f.net_amount) AS sales FROM {F_S} GROUP BY s.store_name ORDER BY sales DESC LIMIT 5",
     True),
    ("pharmacy", "top_n", "best selling OTC product by units",
     f"SELECT p.product_name, sum(f.quantity) AS units FROM {F_P} WHERE NOT p.is_prescription "
     "GROUP BY p.product_name ORDER BY units DESC LIMIT 1", True),
    ("pharmacy", "top_n", "which 3 brands brought in the most sales last quarter",
     f"SELECT p.brand, sum(f.net_amount) AS sales FROM {F_P} {D} WHERE {_p(LAST_QUARTER, FD)} "
     "GROUP BY p.brand ORDER BY sales DESC LIMIT 3", True),
    ("pharmacy", "top_n", "our 10 biggest spenders in the loyalty program",
     f"SELECT c.first_name, c.last_name, sum(f.net_amount) AS spend FROM {F_C} "
     "GROUP BY c.customer_id, c.first_name, c.last_name ORDER BY spend DESC LIMIT 10", True),
    ("pharmacy", "top_n", "which pharmacist has filled the most prescriptions",
     "SELECT ph.first_name, ph.last_name, count(*) AS scripts FROM fact_sales f "
     "JOIN dim_pharmacist ph ON ph.pharmacist_sk = f.pharmacist_sk GROUP BY ph.first_name, ph.last_name "
     "ORDER BY scripts DESC LIMIT 1", True),

    ("pharmacy", "group_by", "sales by region",
     f"SELECT s.region, sum(f.net_amount) FROM {F_S} GROUP BY s.region", False),
    ("pharmacy", "group_by", "units sold per category last month",
     f"SELECT p.category, sum(f.quantity) FROM {F_P} {D} WHERE {_p(LAST_MONTH, FD)} GROUP BY p.category", False),
    ("pharmacy", "group_by", "members per loyalty tier",
     "SELECT c.loyalty_tier, count(*) FROM dim_customer c WHERE c.is_current GROUP BY c.loyalty_tier", False),
    ("pharmacy", "group_by", "how many pharmacists at each store",
     f"SELECT s.store_name, count(*) FROM {PH_S} GROUP BY s.store_name", False),
    ("pharmacy", "group_by", "sales by day of the week",
     f"SELECT d.day_name, sum(f.net_amount) FROM {F_D} GROUP BY d.day_name", False),

    ("pharmacy", "join", "what's out of stock at Boston Back Bay this morning",
     f"SELECT p.product_name FROM {I_D} JOIN dim_store s ON s.store_sk = i.store_sk "
     "JOIN dim_product p ON p.product_sk = i.product_sk "
     f"WHERE {FD} = current_date AND s.store_name = 'Boston Back Bay' AND i.on_hand_qty = 0", False),
    ("pharmacy", "join", "Tylenol sales at Cambridge Central",
     f"SELECT sum(f.net_amount) FROM {F_P} {S} WHERE p.brand = 'Tylenol' AND s.store_name = 'Cambridge Central'",
     False),
    ("pharmacy", "join", "pharmacists based at Baltimore Harbor",
     f"SELECT ph.first_name, ph.last_name FROM {PH_S} WHERE s.store_name = 'Baltimore Harbor'", False),
    ("pharmacy", "join", "units of cold & flu products sold at Raleigh Cameron",
     f"SELECT sum(f.quantity) FROM {F_P} {S} WHERE p.category = 'Cold & Flu' AND s.store_name = 'Raleigh Cameron'",
     False),
    ("pharmacy", "join", "which stores sold Ozempic last month",
     f"SELECT DISTINCT s.store_name FROM {F_P} {S} {D} WHERE p.product_name = 'Ozempic 1mg Pen' "
     f"AND {_p(LAST_MONTH, FD)}", False),

    ("pharmacy", "relative_date", "sales so far this month",
     f"SELECT sum(f.net_amount) FROM {F_D} WHERE {_p(THIS_MONTH, FD)}", False),
    ("pharmacy", "relative_date", "number of receipts last week",
     f"SELECT count(DISTINCT f.receipt_number) FROM {F_D} WHERE {_p(LAST_WEEK, FD)}", False),
    ("pharmacy", "relative_date", "members who signed up in the past 30 days",
     "SELECT c.first_name, c.last_name FROM dim_customer c WHERE c.is_current AND c.enrolled_date >= current_date - 30",
     False),
    ("pharmacy", "relative_date", "units sold yesterday",
     f"SELECT sum(f.quantity) FROM {F_D} WHERE {_p(YESTERDAY, FD)}", False),
    ("pharmacy", "relative_date", "total discounts given last quarter",
     f"SELECT sum(f.discount_amount) FROM {F_D} WHERE {_p(LAST_QUARTER, FD)}", False),
    ("pharmacy", "relative_date", "stores opened in the last 90 days",
     "SELECT s.store_name FROM dim_store s WHERE s.opened_date >= current_date - 90", False),

    ("pharmacy", "ratio", "what % of our sales are prescriptions",
     f"SELECT 100.0 * sum(f.net_amount) FILTER (WHERE p.is_prescription) / sum(f.net_amount) FROM {F_P}", False),
    ("pharmacy", "ratio", "what percentage of receipts had a loyalty card scanned",
     "SELECT 100.0 * count(DISTINCT f.receipt_number) FILTER (WHERE f.customer_sk IS NOT NULL) "
     "/ count(DISTINCT f.receipt_number) FROM fact_sales f", False),
    ("pharmacy", "ratio", "share of the catalog that's store brand, in percent",
     "SELECT 100.0 * count(*) FILTER (WHERE p.is_private_label) / count(*) FROM dim_product p", False),
    ("pharmacy", "ratio", "what share of last month's sales came from the northeast",
     f"SELECT 100.0 * sum(f.net_amount) FILTER (WHERE s.region = 'Northeast') / sum(f.net_amount) FROM {F_S} {D} "
     f"WHERE {_p(LAST_MONTH, FD)}", False),

    ("pharmacy", "having", "brands with over 30k in sales",
     f"SELECT p.brand, sum(f.net_amount) FROM {F_P} GROUP BY p.brand HAVING sum(f.net_amount) > 30000", False),
    ("pharmacy", "having", "stores with more than 60 receipts last month",
     f"SELECT s.store_name, count(DISTINCT f.receipt_number) FROM {F_S} {D} WHERE {_p(LAST_MONTH, FD)} "
     "GROUP BY s.store_name HAVING count(DISTINCT f.receipt_number) > 60", False),
    ("pharmacy", "having", "categories with more than 3000 units sold",
     f"SELECT p.category, sum(f.quantity) FROM {F_P} GROUP BY p.category HAVING sum(f.quantity) > 3000", False),
    ("pharmacy", "having", "members who've spent more than 2500 with us",
     f"SELECT c.first_name, c.last_name, sum(f.net_amount) FROM {F_C} GROUP BY c.customer_id, c.first_name, "
     "c.last_name HAVING sum(f.net_amount) > 2500", False),

    ("pharmacy", "distinct_count", "how many different members shopped last month",
     f"SELECT count(DISTINCT c.customer_id) FROM {F_C} {D} WHERE {_p(LAST_MONTH, FD)}", False),
    ("pharmacy", "distinct_count", "how many distinct products did we sell yesterday",
     f"SELECT count(DISTINCT f.product_sk) FROM {F_D} WHERE {_p(YESTERDAY, FD)}", False),
    ("pharmacy", "distinct_count", "how many brands have we sold in the past 7 days",
     f"SELECT count(DISTINCT p.brand) FROM {F_P} {D} WHERE {FD} >= current_date - 7", False),
    ("pharmacy", "distinct_count", "how many different cities do our members live in",
     "SELECT count(DISTINCT c.home_city) FROM dim_customer c", False),
    ("pharmacy", "distinct_count", "how many products are out of stock in at least one store this morning",
     f"SELECT count(DISTINCT i.product_sk) FROM {I_D} WHERE {FD} = current_date AND i.on_hand_qty = 0", False),

    ("pharmacy", "multi_hop", "how many scripts has Maria Garcia filled at Boston Back Bay",
     f"SELECT count(*) FROM {F_S} JOIN dim_pharmacist ph ON ph.pharmacist_sk = f.pharmacist_sk "
     "WHERE ph.first_name = 'Maria' AND ph.last_name = 'Garcia' AND s.store_name = 'Boston Back Bay'", False),
    ("pharmacy", "multi_hop", "which region had the highest vitamin sales last month",
     f"SELECT s.region, sum(f.net_amount) AS sales FROM {F_S} {P} {D} WHERE p.category = 'Vitamins' "
     f"AND {_p(LAST_MONTH, FD)} GROUP BY s.region ORDER BY sales DESC LIMIT 1", True),
    ("pharmacy", "multi_hop", "units of Advil bought by members who live in Providence",
     f"SELECT sum(f.quantity) FROM {F_C} {P} WHERE p.brand = 'Advil' AND c.home_city = 'Providence'", False),
    ("pharmacy", "multi_hop", "average discount per line on Vicks products at our mid-atlantic stores",
     f"SELECT avg(f.discount_amount) FROM {F_P} {S} WHERE p.brand = 'Vicks' AND s.region = 'Mid-Atlantic'", False),

    ("pharmacy", "anti_join", "products we've never sold",
     "SELECT p.product_name FROM dim_product p WHERE NOT EXISTS "
     "(SELECT 1 FROM fact_sales f WHERE f.product_sk = p.product_sk)", False),
    ("pharmacy", "anti_join", "members who have never bought anything",
     "SELECT c.first_name, c.last_name FROM dim_customer c WHERE c.is_current AND NOT EXISTS "
     "(SELECT 1 FROM fact_sales f JOIN dim_customer c2 ON c2.customer_sk = f.customer_sk "
     "WHERE c2.customer_id = c.customer_id)", False),
    ("pharmacy", "anti_join", "pharmacists who haven't filled a single prescription",
     "SELECT ph.first_name, ph.last_name FROM dim_pharmacist ph WHERE NOT EXISTS "
     "(SELECT 1 FROM fact_sales f WHERE f.pharmacist_sk = ph.pharmacist_sk)", False),
    ("pharmacy", "anti_join", "products with no sales in the last 60 days",
     "SELECT p.product_name FROM dim_product p WHERE NOT EXISTS (SELECT 1 FROM fact_sales f "
     f"{D} WHERE f.product_sk = p.product_sk AND {FD} >= current_date - 60)", False),

    ("pharmacy", "vs_average", "stores whose sales last month beat the store average",
     f"WITH per AS (SELECT s.store_name, sum(f.net_amount) AS sales FROM {F_S} {D} WHERE {_p(LAST_MONTH, FD)} "
     "GROUP BY s.store_name) SELECT per.store_name FROM per WHERE per.sales > (SELECT avg(sales) FROM per)", False),
    ("pharmacy", "vs_average", "OTC products priced above the average OTC price",
     "SELECT p.product_name FROM dim_product p WHERE NOT p.is_prescription AND p.list_price > "
     "(SELECT avg(p2.list_price) FROM dim_product p2 WHERE NOT p2.is_prescription)", False),
    ("pharmacy", "vs_average", "stores bigger than average in square feet",
     "SELECT s.store_name FROM dim_store s WHERE s.square_feet > (SELECT avg(s2.square_feet) FROM dim_store s2)", False),

    ("pharmacy", "date_diff", "how many days has each store been open",
     "SELECT s.store_name, current_date - s.opened_date FROM dim_store s", False),
    ("pharmacy", "date_diff", "how many days ago did member L100065 join the program",
     "SELECT current_date - c.enrolled_date FROM dim_customer c WHERE c.customer_id = 'L100065' AND c.is_current",
     False),
    ("pharmacy", "date_diff", "days since we last sold Zyrtec Children's Syrup 4oz",
     f"SELECT current_date - max({FD}) FROM {F_P} {D} WHERE p.product_name = 'Zyrtec Children''s Syrup 4oz'", False),

    ("pharmacy", "two_period", "sales last month vs the month before",
     f"SELECT sum(f.net_amount) FILTER (WHERE {_p(LAST_MONTH, FD)}), sum(f.net_amount) FILTER (WHERE "
     f"{_p(MONTH_BEFORE, FD)}) FROM {F_D}", False),
    ("pharmacy", "two_period", "prescription units last week compared to the week before",
     f"SELECT sum(f.quantity) FILTER (WHERE {_p(LAST_WEEK, FD)}), sum(f.quantity) FILTER (WHERE "
     f"{_p(WEEK_BEFORE, FD)}) FROM {F_P} {D} WHERE p.is_prescription", False),
    ("pharmacy", "two_period", "OTC sales last quarter compared with the quarter before",
     f"SELECT sum(f.net_amount) FILTER (WHERE {_p(LAST_QUARTER, FD)}), sum(f.net_amount) FILTER (WHERE "
     f"{_p(QUARTER_BEFORE, FD)}) FROM {F_P} {D} WHERE NOT p.is_prescription", False),
)

# homeservices: the Rails app
PRO = "p.type = 'Pro'"
J_C = "job_requests j JOIN service_categories c ON c.id = j.service_category_id"
B_P = "bookings b JOIN users p ON p.id = b.pro_id"
RB = "reviews r JOIN bookings b ON r.reviewable_type = 'Booking' AND b.id = r.reviewable_id"
DONE = "b.completed_at IS NOT NULL"

HOMESERVICES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("homeservices", "value_filter", "pros who haven't passed a background check",
     f"SELECT p.first_name, p.last_name FROM users p WHERE {PRO} AND NOT p.background_check_passed", False),
    ("homeservices", "value_filter", "which service categories are switched off",
     "SELECT c.name FROM service_categories c WHERE NOT c.active", False),
    ("homeservices", "value_filter", "hourly rates of our plumbers in dollars",
     "SELECT p.first_name, p.last_name, p.hourly_rate_cents / 100.0 FROM users p "
     f"JOIN service_categories c ON c.id = p.service_category_id WHERE {PRO} AND c.name = 'Plumbing'", False),
    ("homeservices", "value_filter", "email address for Summit Plumbing 1",
     "SELECT p.email FROM users p WHERE p.business_name = 'Summit Plumbing 1'", False),

    ("homeservices", "count", "how many pros are on the platform",
     f"SELECT count(*) FROM users p WHERE {PRO}", False),
    ("homeservices", "count", "how many requests are still waiting on a quote",
     "SELECT count(*) FROM job_requests j WHERE j.status = 0", False),
    ("homeservices", "count", "how many jobs have been completed in total",
     "SELECT count(*) FROM job_requests j WHERE j.status = 3", False),
    ("homeservices", "count", "number of refunded payments",
     "SELECT count(*) FROM payments pay WHERE pay.status = 2", False),
    ("homeservices", "count", "how many customers do we have",
     "SELECT count(*) FROM users u WHERE u.type = 'Customer'", False),

    ("homeservices", "aggregate", "how much have customers tipped in total, in dollars",
     "SELECT sum(pay.tip_cents) / 100.0 FROM payments pay", False),
    ("homeservices", "aggregate", "average quote in dollars",
     "SELECT avg(q.price_cents) / 100.0 FROM quotes q", False),
    ("homeservices", "aggregate", "total platform fees on successful payments, dollars",
     "SELECT sum(pay.platform_fee_cents) / 100.0 FROM payments pay WHERE pay.status = 1", False),
    ("homeservices", "aggregate", "average star rating customers give jobs",
     "SELECT avg(r.rating) FROM reviews r WHERE r.reviewable_type = 'Booking'", False),
    ("homeservices", "aggregate", "average hourly rate of our pros in dollars",
     f"SELECT avg(p.hourly_rate_cents) / 100.0 FROM users p WHERE {PRO}", False),

    ("homeservices", "top_n", "top 5 pros by completed jobs",
     f"SELECT p.first_name, p.last_name, count(*) AS jobs FROM {B_P} WHERE {DONE} "
     "GROUP BY p.id, p.first_name, p.last_name ORDER BY jobs DESC LIMIT 5", True),
    ("homeservices", "top_n", "which trade gets the most job requests",
     f"SELECT c.name, count(*) AS requests FROM {J_C} GROUP BY c.name ORDER BY requests DESC LIMIT 1", True),
    ("homeservices", "top_n", "the customer who has posted the most requests",
     "SELECT u.first_name, u.last_name, count(*) AS requests FROM job_requests j JOIN users u ON u.id = j.customer_id "
     "GROUP BY u.id, u.first_name, u.last_name ORDER BY requests DESC LIMIT 1", True),
    ("homeservices", "top_n", "priciest category by average quote",
     f"SELECT c.name, avg(q.price_cents) / 100.0 AS avg_quote FROM quotes q JOIN {J_C} ON j.id = q.job_request_id "
     "GROUP BY c.name ORDER BY avg_quote DESC LIMIT 1", True),
    ("homeservices", "top_n", "3 cities with the most job requests",
     "SELECT a.city, count(*) AS requests FROM job_requests j JOIN addresses a ON a.id = j.address_id "
     "GROUP BY a.city ORDER BY requests DESC LIMIT 3", True),

    ("homeservices", "group_by", "requests per category",
     f"SELECT c.name, count(*) FROM {J_C} GROUP BY c.name", False),
    ("homeservices", "group_by", "number of pros in each trade",
     f"SELECT c.name, count(*) FROM users p JOIN service_categories c ON c.id = p.service_category_id WHERE {PRO} "
     "GROUP BY c.name", False),
    ("homeservices", "group_by", "number of payments by payment method",
     "SELECT pay.payment_method, count(*) FROM payments pay GROUP BY pay.payment_method", False),
    ("homeservices", "group_by", "average quote per category in dollars",
     f"SELECT c.name, avg(q.price_cents) / 100.0 FROM quotes q JOIN {J_C} ON j.id = q.job_request_id GROUP BY c.name",
     False),

    ("homeservices", "join", "customers whose home address is in boulder",
     "SELECT u.first_name, u.last_name FROM users u JOIN addresses a ON a.user_id = u.id "
     "WHERE u.type = 'Customer' AND a.label = 'home' AND a.city = 'Boulder'", False),
    ("homeservices", "join", "how many quotes came from pros without a background check",
     "SELECT count(*) FROM quotes q JOIN users p ON p.id = q.pro_id WHERE NOT p.background_check_passed", False),
    ("homeservices", "join", "which trades has Priya Carter requested",
     f"SELECT DISTINCT c.name FROM {J_C} JOIN users u ON u.id = j.customer_id "
     "WHERE u.first_name = 'Priya' AND u.last_name = 'Carter'", False),

    ("homeservices", "relative_date", "how many job requests were posted this week",
     f"SELECT count(*) FROM job_requests j WHERE {_p(THIS_WEEK, 'j.created_at')}", False),
    ("homeservices", "relative_date", "customers who joined in the last 14 days",
     "SELECT u.first_name, u.last_name FROM users u WHERE u.type = 'Customer' AND u.created_at >= current_date - 14",
     False),
    ("homeservices", "relative_date", "how many jobs were finished last week",
     f"SELECT count(*) FROM bookings b WHERE {_p(LAST_WEEK, 'b.completed_at')}", False),
    ("homeservices", "relative_date", "how many new requests came in last month",
     f"SELECT count(*) FROM job_requests j WHERE {_p(LAST_MONTH, 'j.created_at')}", False),
    ("homeservices", "relative_date", "how many quotes were sent in the last 7 days",
     "SELECT count(*) FROM quotes q WHERE q.created_at >= current_date - 7", False),
    ("homeservices", "relative_date", "tips received in the last 30 days, in dollars",
     "SELECT sum(pay.tip_cents) / 100.0 FROM payments pay WHERE pay.paid_at >= current_date - 30", False),

    ("homeservices", "ratio", "what share of quotes get accepted, in %",
     "SELECT 100.0 * count(*) FILTER (WHERE q.status = 1) / count(*) FROM quotes q", False),
    ("homeservices", "ratio", "refund rate on payments",
     "SELECT 100.0 * count(*) FILTER (WHERE pay.status = 2) / count(*) FROM payments pay", False),
    ("homeservices", "ratio", "what percent of payments include a tip",
     "SELECT 100.0 * count(*) FILTER (WHERE pay.tip_cents > 0) / count(*) FROM payments pay", False),
    ("homeservices", "ratio", "percentage of completed jobs the customer reviewed",
     "SELECT 100.0 * count(*) FILTER (WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.reviewable_type = 'Booking' "
     f"AND r.reviewable_id = b.id)) / count(*) FROM bookings b WHERE {DONE}", False),

    ("homeservices", "having", "categories with more than 150 requests",
     f"SELECT c.name, count(*) FROM {J_C} GROUP BY c.name HAVING count(*) > 150", False),
    ("homeservices", "having", "pros with over 40 completed jobs",
     f"SELECT p.first_name, p.last_name, count(*) FROM {B_P} WHERE {DONE} GROUP BY p.id, p.first_name, p.last_name "
     "HAVING count(*) > 40", False),
    ("homeservices", "having", "customers who've posted more than 12 requests",
     "SELECT u.first_name, u.last_name, count(*) FROM job_requests j JOIN users u ON u.id = j.customer_id "
     "GROUP BY u.id, u.first_name, u.last_name HAVING count(*) > 12", False),
    ("homeservices", "having", "trades where the average quote is over 500 dollars",
     f"SELECT c.name, avg(q.price_cents) / 100.0 FROM quotes q JOIN {J_C} ON j.id = q.job_request_id GROUP BY c.name "
     "HAVING avg(q.price_cents) / 100.0 > 500", False),

    ("homeservices", "distinct_count", "how many different customers posted a request last month",
     f"SELECT count(DISTINCT j.customer_id) FROM job_requests j WHERE {_p(LAST_MONTH, 'j.created_at')}", False),
    ("homeservices", "distinct_count", "how many pros have sent at least one quote",
     "SELECT count(DISTINCT q.pro_id) FROM quotes q", False),
    ("homeservices", "distinct_count", "number of customers who've had a job done",
     f"SELECT count(DISTINCT b.customer_id) FROM bookings b WHERE {DONE}", False),
    ("homeservices", "distinct_count", "how many different cities have we done jobs in",
     "SELECT count(DISTINCT a.city) FROM bookings b JOIN job_requests j ON j.id = b.job_request_id "
     f"JOIN addresses a ON a.id = j.address_id WHERE {DONE}", False),

    ("homeservices", "multi_hop", "average roofing booking price in dollars",
     f"SELECT avg(b.price_cents) / 100.0 FROM bookings b JOIN {J_C} ON j.id = b.job_request_id WHERE c.name = 'Roofing'",
     False),
    ("homeservices", "multi_hop", "total charged for plumbing jobs, dollars",
     f"SELECT sum(pay.amount_cents) / 100.0 FROM payments pay JOIN bookings b ON b.id = pay.booking_id "
     f"JOIN {J_C} ON j.id = b.job_request_id WHERE c.name = 'Plumbing'", False),
    ("homeservices", "multi_hop", "average rating of jobs done in aurora",
     f"SELECT avg(r.rating) FROM {RB} JOIN job_requests j ON j.id = b.job_request_id "
     "JOIN addresses a ON a.id = j.address_id WHERE a.city = 'Aurora'", False),
    ("homeservices", "multi_hop", "how many quotes did electricians send last month",
     "SELECT count(*) FROM quotes q JOIN users p ON p.id = q.pro_id JOIN service_categories c ON c.id = "
     f"p.service_category_id WHERE c.name = 'Electrical' AND {_p(LAST_MONTH, 'q.created_at')}", False),

    ("homeservices", "anti_join", "pros who have never sent a quote",
     f"SELECT p.first_name, p.last_name FROM users p WHERE {PRO} AND NOT EXISTS "
     "(SELECT 1 FROM quotes q WHERE q.pro_id = p.id)", False),
    ("homeservices", "anti_join", "customers who never posted a request",
     "SELECT u.first_name, u.last_name FROM users u WHERE u.type = 'Customer' AND NOT EXISTS "
     "(SELECT 1 FROM job_requests j WHERE j.customer_id = u.id)", False),
    ("homeservices", "anti_join", "categories nobody has ever requested",
     "SELECT c.name FROM service_categories c WHERE NOT EXISTS "
     "(SELECT 1 FROM job_requests j WHERE j.service_category_id = c.id)", False),
    ("homeservices", "anti_join", "customers who posted requests but never booked anyone",
     "SELECT u.first_name, u.last_name FROM users u WHERE u.type = 'Customer' AND EXISTS "
     "(SELECT 1 FROM job_requests j WHERE j.customer_id = u.id) AND NOT EXISTS "
     "(SELECT 1 FROM bookings b WHERE b.customer_id = u.id)", False),

    ("homeservices", "vs_average", "pros charging more per hour than the average pro",
     f"SELECT p.first_name, p.last_name FROM users p WHERE {PRO} AND p.hourly_rate_cents > "
     "(SELECT avg(p2.hourly_rate_cents) FROM users p2 WHERE p2.type = 'Pro')", False),
    ("homeservices", "vs_average", "categories whose average quote is above the overall average quote",
     f"SELECT c.name FROM quotes q JOIN {J_C} ON j.id = q.job_request_id GROUP BY c.name "
     "HAVING avg(q.price_cents) > (SELECT avg(q2.price_cents) FROM quotes q2)", False),
    ("homeservices", "vs_average", "pros rated above the platform average",
     f"SELECT p.first_name, p.last_name FROM {RB} JOIN users p ON p.id = b.pro_id GROUP BY p.id, p.first_name, "
     "p.last_name HAVING avg(r.rating) > (SELECT avg(r2.rating) FROM reviews r2 WHERE r2.reviewable_type = 'Booking')",
     False),

    ("homeservices", "date_diff", "how many days ago did our newest pro sign up",
     f"SELECT current_date - max(p.created_at)::date FROM users p WHERE {PRO}", False),
    ("homeservices", "date_diff", "age in days of the oldest request still waiting on a quote",
     "SELECT current_date - min(j.created_at)::date FROM job_requests j WHERE j.status = 0", False),
    ("homeservices", "date_diff", "on average how many hours between finishing a job and getting paid",
     "SELECT avg(extract(epoch FROM pay.paid_at - b.completed_at) / 3600) FROM payments pay "
     "JOIN bookings b ON b.id = pay.booking_id", False),

    ("homeservices", "two_period", "requests this month vs last month",
     f"SELECT count(*) FILTER (WHERE {_p(THIS_MONTH, 'j.created_at')}), count(*) FILTER (WHERE "
     f"{_p(LAST_MONTH, 'j.created_at')}) FROM job_requests j", False),
    ("homeservices", "two_period", "completed jobs last week vs the week before",
     f"SELECT count(*) FILTER (WHERE {_p(LAST_WEEK, 'b.completed_at')}), count(*) FILTER (WHERE "
     f"{_p(WEEK_BEFORE, 'b.completed_at')}) FROM bookings b", False),
    ("homeservices", "two_period", "quotes sent last month compared to the month before",
     f"SELECT count(*) FILTER (WHERE {_p(LAST_MONTH, 'q.created_at')}), count(*) FILTER (WHERE "
     f"{_p(MONTH_BEFORE, 'q.created_at')}) FROM quotes q", False),
)

QUESTIONS = PHARMACY + HOMESERVICES
