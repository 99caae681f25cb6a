"""Source of eval/demo.jsonl: analyst-style questions about the demo database with gold SQL.

Test material only, never training data. Regenerate with
``python eval/build_demo_jsonl.py eval/demo.jsonl``; the gold SQL follows eval/CONVENTIONS.md
and is checked against demo data by tests/test_eval_harness.py (one fixed day) and
eval/check_gold.py (the days ahead).
"""
import json, sys

REV = "sum(ol.quantity * ol.unit_price * (1 - ol.discount))"
OL = "FROM orders o JOIN order_lines ol ON ol.order_id = o.order_id"
SR = "JOIN stores s ON s.store_id = o.store_id JOIN regions r ON r.region_id = s.region_id"
PROD = "JOIN products p ON p.product_id = ol.product_id"
CAT = "JOIN products p ON p.product_id = ol.product_id JOIN categories c ON c.category_id = p.category_id"
DONE = "o.status = 'completed'"

def cur(unit, col="o.ordered_at"):
    return f"{col} >= date_trunc('{unit}', current_date)"

def prev(unit, col="o.ordered_at"):
    step = "3 months" if unit == "quarter" else f"1 {unit}"
    return (f"{col} >= date_trunc('{unit}', current_date) - interval '{step}' "
            f"AND {col} < date_trunc('{unit}', current_date)")

def days(n, col="o.ordered_at"):
    return f"{col} >= current_date - {n}"

YDAY = "o.ordered_at >= current_date - 1 AND o.ordered_at < current_date"

Q = []
def q(cat, question, sql, ordered=False):
    Q.append((cat, question, " ".join(sql.split()), ordered))

# ---------------- value filters on named values ----------------
q("value_filter", "list stores in South China",
  "SELECT s.name FROM stores s JOIN regions r ON r.region_id = s.region_id WHERE r.name = 'South China'")
q("value_filter", "which cities do we have stores in east china",
  "SELECT DISTINCT s.city FROM stores s JOIN regions r ON r.region_id = s.region_id WHERE r.name = 'East China'")
q("value_filter", "show me all Xiaomi products",
  "SELECT p.name FROM products p WHERE p.brand = 'Xiaomi'")
q("value_filter", "huawei products and their prices",
  "SELECT p.name, p.unit_price FROM products p WHERE p.brand = 'Huawei'")
q("value_filter", "electronics under 500",
  "SELECT p.name, p.unit_price FROM products p JOIN categories c ON c.category_id = p.category_id "
  "WHERE c.name = 'Electronics' AND p.unit_price < 500")
q("value_filter", "corporate customers in Beijing",
  "SELECT c.name FROM customers c WHERE c.segment = 'Corporate' AND c.city = 'Beijing'")
q("value_filter", "what's the price of the Huawei Mate 60 Pro",
  "SELECT p.unit_price FROM products p WHERE p.name = 'Huawei Mate 60 Pro'")
q("value_filter", "which region is the Xi'an store in",
  "SELECT r.name FROM stores s JOIN regions r ON r.region_id = s.region_id WHERE s.city = 'Xi''an'")
q("value_filter", "brands we sell in Beauty & Personal Care",
  "SELECT DISTINCT p.brand FROM products p JOIN categories c ON c.category_id = p.category_id "
  "WHERE c.name = 'Beauty & Personal Care'")
q("value_filter", "products in pet supplies",
  "SELECT p.name FROM products p JOIN categories c ON c.category_id = p.category_id WHERE c.name = 'Pet Supplies'")
q("value_filter", "what city is the Shenzhen Nanshan store in",
  "SELECT s.city FROM stores s WHERE s.name = 'Shenzhen Nanshan'")
q("value_filter", "furniture products over 2000",
  "SELECT p.name, p.unit_price FROM products p JOIN categories c ON c.category_id = p.category_id "
  "WHERE c.name = 'Furniture' AND p.unit_price > 2000")
q("value_filter", "stores in chengdu",
  "SELECT s.name FROM stores s WHERE s.city = 'Chengdu'")
q("value_filter", "what category is the OPPO Find X7 in",
  "SELECT c.name FROM products p JOIN categories c ON c.category_id = p.category_id WHERE p.name = 'OPPO Find X7'")
q("value_filter", "small business customers from Wuxi",
  "SELECT c.name FROM customers c WHERE c.segment = 'Small Business' AND c.city = 'Wuxi'")
q("value_filter", "LEGO products cheaper than 300",
  "SELECT p.name, p.unit_price FROM products p WHERE p.brand = 'LEGO' AND p.unit_price < 300")

# ---------------- counts ----------------
q("count", "how many customers do we have", "SELECT count(*) FROM customers")
q("count", "number of stores", "SELECT count(*) FROM stores")
q("count", "how many products in electronics",
  "SELECT count(*) FROM products p JOIN categories c ON c.category_id = p.category_id WHERE c.name = 'Electronics'")
q("count", "how many orders were cancelled this year",
  f"SELECT count(*) FROM orders o WHERE o.status = 'cancelled' AND {cur('year')}")
q("count", "how many online orders have we had",
  "SELECT count(*) FROM orders o WHERE o.channel = 'online'")
q("count", "how many small biz customers",
  "SELECT count(*) FROM customers c WHERE c.segment = 'Small Business'")
q("count", "# of returned orders in north china",
  f"SELECT count(*) FROM orders o {SR} WHERE r.name = 'North China' AND o.status = 'returned'")
q("count", "how many orders did Beijing Wangfujing get last month",
  f"SELECT count(*) FROM orders o JOIN stores s ON s.store_id = o.store_id "
  f"WHERE s.name = 'Beijing Wangfujing' AND {prev('month')}")
q("count", "how many custmers in Shanghai",
  "SELECT count(*) FROM customers c WHERE c.city = 'Shanghai'")
q("count", "number of instore orders this month",
  f"SELECT count(*) FROM orders o WHERE o.channel = 'in-store' AND {cur('month')}")
q("count", "how many completed orders last week",
  f"SELECT count(*) FROM orders o WHERE o.status = 'completed' AND {prev('week')}")
q("count", "how many stores in southwest china",
  "SELECT count(*) FROM stores s JOIN regions r ON r.region_id = s.region_id WHERE r.name = 'Southwest China'")
q("count", "how many products cost more than 1000",
  "SELECT count(*) FROM products p WHERE p.unit_price > 1000")
q("count", "how many orders from corporate customers this year",
  f"SELECT count(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE c.segment = 'Corporate' AND {cur('year')}")

# ---------------- sums / averages ----------------
q("aggregate", "total revenue last month",
  f"SELECT {REV} {OL} WHERE {DONE} AND {prev('month')}")
q("aggregate", "total sales this year",
  f"SELECT {REV} {OL} WHERE {DONE} AND {cur('year')}")
q("aggregate", "revenue in East China last month",
  f"SELECT {REV} {OL} {SR} WHERE {DONE} AND r.name = 'East China' AND {prev('month')}")
q("aggregate", "average product price", "SELECT avg(p.unit_price) FROM products p")
q("aggregate", "total units sold last month",
  f"SELECT sum(ol.quantity) {OL} WHERE {DONE} AND {prev('month')}")
q("aggregate", "how much did we sell online this year",
  f"SELECT {REV} {OL} WHERE {DONE} AND o.channel = 'online' AND {cur('year')}")
q("aggregate", "avg qty per order line",
  f"SELECT avg(ol.quantity) {OL} WHERE {DONE}")
q("aggregate", "revnue from corporate customers this year",
  f"SELECT {REV} {OL} JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE {DONE} AND c.segment = 'Corporate' AND {cur('year')}")
q("aggregate", "how much discount did we give last month",
  f"SELECT sum(ol.quantity * ol.unit_price * ol.discount) {OL} WHERE {DONE} AND {prev('month')}")
q("aggregate", "average order value last month",
  f"SELECT {REV} / count(DISTINCT o.order_id) {OL} WHERE {DONE} AND {prev('month')}")
q("aggregate", "total revenue from the Huawei Mate 60 Pro this year",
  f"SELECT {REV} {OL} {PROD} WHERE {DONE} AND p.name = 'Huawei Mate 60 Pro' AND {cur('year')}")
q("aggregate", "electronics sales last quarter",
  f"SELECT {REV} {OL} {CAT} WHERE {DONE} AND c.name = 'Electronics' AND {prev('quarter')}")
q("aggregate", "how many units of grocery did we sell this month",
  f"SELECT sum(ol.quantity) {OL} {CAT} WHERE {DONE} AND c.name = 'Grocery' AND {cur('month')}")
q("aggregate", "avg discount on order lines", f"SELECT avg(ol.discount) {OL} WHERE {DONE}")
q("aggregate", "what's the average price of furniture",
  "SELECT avg(p.unit_price) FROM products p JOIN categories c ON c.category_id = p.category_id WHERE c.name = 'Furniture'")
q("aggregate", "total revenue shanghai pudong store last month",
  f"SELECT {REV} {OL} JOIN stores s ON s.store_id = o.store_id "
  f"WHERE {DONE} AND s.name = 'Shanghai Pudong' AND {prev('month')}")
q("aggregate", "all time revenue", f"SELECT {REV} {OL} WHERE {DONE}")
q("aggregate", "AOV for online orders this year",
  f"SELECT {REV} / count(DISTINCT o.order_id) {OL} WHERE {DONE} AND o.channel = 'online' AND {cur('year')}")

# ---------------- top-N ----------------
q("top_n", "top product in East China last month",
  f"SELECT p.name, {REV} AS revenue {OL} {SR} {PROD} WHERE {DONE} AND r.name = 'East China' "
  f"AND {prev('month')} GROUP BY p.name ORDER BY revenue DESC LIMIT 1", True)
q("top_n", "top 5 products by revenue this year",
  f"SELECT p.name, {REV} AS revenue {OL} {PROD} WHERE {DONE} AND {cur('year')} "
  f"GROUP BY p.name ORDER BY revenue DESC LIMIT 5", True)
q("top_n", "best selling category last month",
  f"SELECT c.name, {REV} AS revenue {OL} {CAT} WHERE {DONE} AND {prev('month')} "
  f"GROUP BY c.name ORDER BY revenue DESC LIMIT 1", True)
q("top_n", "top 3 stores by sales last quarter",
  f"SELECT s.name, {REV} AS revenue {OL} JOIN stores s ON s.store_id = o.store_id WHERE {DONE} "
  f"AND {prev('quarter')} GROUP BY s.name ORDER BY revenue DESC LIMIT 3", True)
q("top_n", "which store had the most orders last month",
  f"SELECT s.name, count(*) AS orders FROM orders o JOIN stores s ON s.store_id = o.store_id "
  f"WHERE {prev('month')} GROUP BY s.name ORDER BY orders DESC LIMIT 1", True)
q("top_n", "top 10 customers by revenue",
  f"SELECT c.name, {REV} AS revenue {OL} JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE {DONE} GROUP BY c.name ORDER BY revenue DESC LIMIT 10", True)
q("top_n", "most popular product last month",
  f"SELECT p.name, sum(ol.quantity) AS units {OL} {PROD} WHERE {DONE} AND {prev('month')} "
  f"GROUP BY p.name ORDER BY units DESC LIMIT 1", True)
q("top_n", "top brand this year",
  f"SELECT p.brand, {REV} AS revenue {OL} {PROD} WHERE {DONE} AND {cur('year')} "
  f"GROUP BY p.brand ORDER BY revenue DESC LIMIT 1", True)
q("top_n", "which region had the most returns in the past 90 days",
  f"SELECT r.name, count(*) AS returns FROM orders o {SR} WHERE o.status = 'returned' AND {days(90)} "
  f"GROUP BY r.name ORDER BY returns DESC LIMIT 1", True)
q("top_n", "worst performing store this year",
  f"SELECT s.name, {REV} AS revenue {OL} JOIN stores s ON s.store_id = o.store_id WHERE {DONE} "
  f"AND {cur('year')} GROUP BY s.name ORDER BY revenue ASC LIMIT 1", True)
q("top_n", "3 most expensive products",
  "SELECT p.name, p.unit_price FROM products p ORDER BY p.unit_price DESC LIMIT 3", True)
q("top_n", "cheapest electronics product",
  "SELECT p.name, p.unit_price FROM products p JOIN categories c ON c.category_id = p.category_id "
  "WHERE c.name = 'Electronics' ORDER BY p.unit_price ASC LIMIT 1", True)
q("top_n", "least sold category last quarter",
  f"SELECT c.name, sum(ol.quantity) AS units {OL} {CAT} WHERE {DONE} AND {prev('quarter')} "
  f"GROUP BY c.name ORDER BY units ASC LIMIT 1", True)
q("top_n", "biggest order last month",
  f"SELECT o.order_id, {REV} AS revenue {OL} WHERE {DONE} AND {prev('month')} "
  f"GROUP BY o.order_id ORDER BY revenue DESC LIMIT 1", True)
q("top_n", "top product in south china this year",
  f"SELECT p.name, {REV} AS revenue {OL} {SR} {PROD} WHERE {DONE} AND r.name = 'South China' "
  f"AND {cur('year')} GROUP BY p.name ORDER BY revenue DESC LIMIT 1", True)
q("top_n", "best selling product in North China last month",
  f"SELECT p.name, {REV} AS revenue {OL} {SR} {PROD} WHERE {DONE} AND r.name = 'North China' "
  f"AND {prev('month')} GROUP BY p.name ORDER BY revenue DESC LIMIT 1", True)
q("top_n", "top 5 cities by revenue last month",
  f"SELECT s.city, {REV} AS revenue {OL} JOIN stores s ON s.store_id = o.store_id WHERE {DONE} "
  f"AND {prev('month')} GROUP BY s.city ORDER BY revenue DESC LIMIT 5", True)
q("top_n", "which region sold the most this year",
  f"SELECT r.name, {REV} AS revenue {OL} {SR} WHERE {DONE} AND {cur('year')} "
  f"GROUP BY r.name ORDER BY revenue DESC LIMIT 1", True)
q("top_n", "top 3 electronics products by units sold last quarter",
  f"SELECT p.name, sum(ol.quantity) AS units {OL} {CAT} WHERE {DONE} AND c.name = 'Electronics' "
  f"AND {prev('quarter')} GROUP BY p.name ORDER BY units DESC LIMIT 3", True)
q("top_n", "customer with the most orders",
  "SELECT c.name, count(*) AS orders FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
  "GROUP BY c.name ORDER BY orders DESC LIMIT 1", True)
q("top_n", "top selling product online last month",
  f"SELECT p.name, {REV} AS revenue {OL} {PROD} WHERE {DONE} AND o.channel = 'online' "
  f"AND {prev('month')} GROUP BY p.name ORDER BY revenue DESC LIMIT 1", True)
q("top_n", "bottom 3 categories by revenue this year",
  f"SELECT c.name, {REV} AS revenue {OL} {CAT} WHERE {DONE} AND {cur('year')} "
  f"GROUP BY c.name ORDER BY revenue ASC LIMIT 3", True)

# ---------------- group by ----------------
q("group_by", "revenue by region last month",
  f"SELECT r.name, {REV} AS revenue {OL} {SR} WHERE {DONE} AND {prev('month')} GROUP BY r.name")
q("group_by", "orders by status", "SELECT o.status, count(*) FROM orders o GROUP BY o.status")
q("group_by", "number of customers per segment", "SELECT c.segment, count(*) FROM customers c GROUP BY c.segment")
q("group_by", "sales by category this year",
  f"SELECT c.name, {REV} AS revenue {OL} {CAT} WHERE {DONE} AND {cur('year')} GROUP BY c.name")
q("group_by", "orders per channel last 30 days",
  f"SELECT o.channel, count(*) FROM orders o WHERE {days(30)} GROUP BY o.channel")
q("group_by", "revenue by month last year",
  f"SELECT date_trunc('month', o.ordered_at) AS month, {REV} AS revenue {OL} WHERE {DONE} "
  f"AND {prev('year')} GROUP BY 1 ORDER BY 1", True)
q("group_by", "monthly order count this year",
  f"SELECT date_trunc('month', o.ordered_at) AS month, count(*) FROM orders o WHERE {cur('year')} "
  f"GROUP BY 1 ORDER BY 1", True)
q("group_by", "avg order value by channel",
  f"SELECT o.channel, {REV} / count(DISTINCT o.order_id) AS aov {OL} WHERE {DONE} GROUP BY o.channel")
q("group_by", "units sold by brand in electronics this year",
  f"SELECT p.brand, sum(ol.quantity) {OL} {CAT} WHERE {DONE} AND c.name = 'Electronics' "
  f"AND {cur('year')} GROUP BY p.brand")
q("group_by", "customers by region",
  "SELECT r.name, count(*) FROM customers c JOIN regions r ON r.region_id = c.region_id GROUP BY r.name")
q("group_by", "revenue per store in north china last month",
  f"SELECT s.name, {REV} {OL} {SR} WHERE {DONE} AND r.name = 'North China' AND {prev('month')} GROUP BY s.name")
q("group_by", "count of products per category",
  "SELECT c.name, count(*) FROM products p JOIN categories c ON c.category_id = p.category_id GROUP BY c.name")
q("group_by", "sales by segment last quarter",
  f"SELECT c.segment, {REV} {OL} JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE {DONE} AND {prev('quarter')} GROUP BY c.segment")
q("group_by", "avg price per category",
  "SELECT c.name, avg(p.unit_price) FROM products p JOIN categories c ON c.category_id = p.category_id GROUP BY c.name")
q("group_by", "number of stores in each region",
  "SELECT r.name, count(*) FROM stores s JOIN regions r ON r.region_id = s.region_id GROUP BY r.name")
q("group_by", "orders by status this month",
  f"SELECT o.status, count(*) FROM orders o WHERE {cur('month')} GROUP BY o.status")
q("group_by", "revenue by channel in East China this year",
  f"SELECT o.channel, {REV} {OL} {SR} WHERE {DONE} AND r.name = 'East China' AND {cur('year')} GROUP BY o.channel")
q("group_by", "weekly orders last month",
  f"SELECT date_trunc('week', o.ordered_at) AS week, count(*) FROM orders o WHERE {prev('month')} "
  f"GROUP BY 1 ORDER BY 1", True)
q("group_by", "units sold per category yesterday",
  f"SELECT c.name, sum(ol.quantity) {OL} {CAT} WHERE {DONE} AND {YDAY} GROUP BY c.name")
q("group_by", "number of products per brand in clothing",
  "SELECT p.brand, count(*) FROM products p JOIN categories c ON c.category_id = p.category_id "
  "WHERE c.name = 'Clothing' GROUP BY p.brand")
q("group_by", "revenue by city in south china last quarter",
  f"SELECT s.city, {REV} {OL} {SR} WHERE {DONE} AND r.name = 'South China' AND {prev('quarter')} GROUP BY s.city")

# ---------------- joins along foreign keys ----------------
q("join", "revenue from customers in Chengdu last month",
  f"SELECT {REV} {OL} JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE {DONE} AND c.city = 'Chengdu' AND {prev('month')}")
q("join", "which stores sold the OPPO Find X7 last month",
  f"SELECT DISTINCT s.name {OL} {PROD} JOIN stores s ON s.store_id = o.store_id "
  f"WHERE {DONE} AND p.name = 'OPPO Find X7' AND {prev('month')}")
q("join", "orders at guangzhou stores yesterday",
  f"SELECT count(*) FROM orders o JOIN stores s ON s.store_id = o.store_id WHERE s.city = 'Guangzhou' AND {YDAY}")
q("join", "what did Lanzhou Hengtai Education Group buy this year",
  f"SELECT DISTINCT p.name {OL} {PROD} JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE {DONE} AND c.name = 'Lanzhou Hengtai Education Group' AND {cur('year')}")
q("join", "how much did Shenzhen Fuxing Technology Co., Ltd. spend last year",
  f"SELECT {REV} {OL} JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE {DONE} AND c.name = 'Shenzhen Fuxing Technology Co., Ltd.' AND {prev('year')}")
q("join", "furniture sales in north china this year",
  f"SELECT {REV} {OL} {SR} {CAT} WHERE {DONE} AND r.name = 'North China' AND c.name = 'Furniture' AND {cur('year')}")
q("join", "revenue by category for the Beijing Wangfujing store last month",
  f"SELECT c.name, {REV} {OL} {CAT} JOIN stores s ON s.store_id = o.store_id "
  f"WHERE {DONE} AND s.name = 'Beijing Wangfujing' AND {prev('month')} GROUP BY c.name")
q("join", "units of Pop Mart sold in east china this year",
  f"SELECT sum(ol.quantity) {OL} {SR} {PROD} WHERE {DONE} AND r.name = 'East China' "
  f"AND p.brand = 'Pop Mart' AND {cur('year')}")
q("join", "corporate revenue in shanghai stores last month",
  f"SELECT {REV} {OL} JOIN stores s ON s.store_id = o.store_id JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE {DONE} AND c.segment = 'Corporate' AND s.city = 'Shanghai' AND {prev('month')}")
q("join", "how many orders did customers from Wuhan place this year",
  f"SELECT count(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
  f"WHERE c.city = 'Wuhan' AND {cur('year')}")
q("join", "list the products in the last order of Dalian Huaxin Hotel Management Co.",
  "SELECT p.name FROM order_lines ol JOIN products p ON p.product_id = ol.product_id WHERE ol.order_id = "
  "(SELECT o.order_id FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
  "WHERE c.name = 'Dalian Huaxin Hotel Management Co.' ORDER BY o.ordered_at DESC LIMIT 1)")
q("join", "electroincs revenue in online orders last month",
  f"SELECT {REV} {OL} {CAT} WHERE {DONE} AND c.name = 'Electronics' AND o.channel = 'online' AND {prev('month')}")
q("join", "baby products sold in southwest china last quarter by product",
  f"SELECT p.name, sum(ol.quantity) {OL} {SR} JOIN products p ON p.product_id = ol.product_id "
  f"JOIN categories c ON c.category_id = p.category_id WHERE {DONE} AND r.name = 'Southwest China' "
  f"AND c.name = 'Baby Products' AND {prev('quarter')} GROUP BY p.name")
q("join", "which regions bought the Lenovo ThinkPad X1 Carbon last month",   # "this month": empty early in a month
  f"SELECT DISTINCT r.name {OL} {SR} {PROD} WHERE {DONE} AND p.name = 'Lenovo ThinkPad X1 Carbon' AND {prev('month')}")

# ---------------- relative dates ----------------
q("relative_date", "orders yesterday",
  f"SELECT count(*) FROM orders o WHERE {YDAY}")
q("relative_date", "revenue yday",
  f"SELECT {REV} {OL} WHERE {DONE} AND {YDAY}")
q("relative_date", "sales last 7 days",
  f"SELECT {REV} {OL} WHERE {DONE} AND {days(7)}")
q("relative_date", "how many orders so far this month",
  f"SELECT count(*) FROM orders o WHERE {cur('month')}")
q("relative_date", "revenue last quarter",
  f"SELECT {REV} {OL} WHERE {DONE} AND {prev('quarter')}")
q("relative_date", "new customers this month",
  f"SELECT count(*) FROM customers c WHERE {cur('month', 'c.signup_date')}")
q("relative_date", "how many customers signed up last month",
  f"SELECT count(*) FROM customers c WHERE {prev('month', 'c.signup_date')}")
q("relative_date", "revenue this year vs last year",
  f"SELECT {REV} FILTER (WHERE {cur('year')}) AS this_year, "
  f"{REV} FILTER (WHERE {prev('year')}) AS last_year {OL} WHERE {DONE}")
q("relative_date", "daily revenue for the past 7 days",
  f"SELECT date_trunc('day', o.ordered_at) AS day, {REV} AS revenue {OL} WHERE {DONE} AND {days(7)} "
  f"GROUP BY 1 ORDER BY 1", True)
q("relative_date", "number of orders last week",
  f"SELECT count(*) FROM orders o WHERE {prev('week')}")
q("relative_date", "revenue in the past 30 days in south china",
  f"SELECT {REV} {OL} {SR} WHERE {DONE} AND r.name = 'South China' AND {days(30)}")
q("relative_date", "units sold in the last 14 days",
  f"SELECT sum(ol.quantity) {OL} WHERE {DONE} AND {days(14)}")
q("relative_date", "sales last month compared to the month before",
  f"SELECT {REV} FILTER (WHERE {prev('month')}) AS last_month, "
  f"{REV} FILTER (WHERE o.ordered_at >= date_trunc('month', current_date) - interval '2 months' "
  f"AND o.ordered_at < date_trunc('month', current_date) - interval '1 month') AS month_before {OL} WHERE {DONE}")
q("relative_date", "ytd revenue for electronics",
  f"SELECT {REV} {OL} {CAT} WHERE {DONE} AND c.name = 'Electronics' AND {cur('year')}")
q("relative_date", "cancelled orders this week",
  f"SELECT count(*) FROM orders o WHERE o.status = 'cancelled' AND {cur('week')}")
q("relative_date", "stores opened in the last 12 months",
  "SELECT s.name FROM stores s WHERE s.opened_on >= current_date - interval '12 months'")
q("relative_date", "orders in the last 3 months by region",
  f"SELECT r.name, count(*) FROM orders o {SR} WHERE o.ordered_at >= current_date - interval '3 months' GROUP BY r.name")
q("relative_date", "revenue last year",
  f"SELECT {REV} {OL} WHERE {DONE} AND {prev('year')}")
q("relative_date", "how many orders this quarter",
  f"SELECT count(*) FROM orders o WHERE {cur('quarter')}")
q("relative_date", "online revenue in the past 7 days",
  f"SELECT {REV} {OL} WHERE {DONE} AND o.channel = 'online' AND {days(7)}")
q("relative_date", "how many returns yesterday",
  f"SELECT count(*) FROM orders o WHERE o.status = 'returned' AND {YDAY}")
q("relative_date", "customers who signed up this year",
  f"SELECT count(*) FROM customers c WHERE {cur('year', 'c.signup_date')}")

# ---------------- ratios / percentages ----------------
q("ratio", "cancellation rate this year",
  f"SELECT 100.0 * count(*) FILTER (WHERE o.status = 'cancelled') / count(*) FROM orders o WHERE {cur('year')}")
q("ratio", "what % of orders are online",
  "SELECT 100.0 * count(*) FILTER (WHERE o.channel = 'online') / count(*) FROM orders o")
q("ratio", "return rate by region",
  f"SELECT r.name, 100.0 * count(*) FILTER (WHERE o.status = 'returned') / count(*) FROM orders o {SR} GROUP BY r.name")
q("ratio", "share of revenue from East China last month",
  f"SELECT 100.0 * {REV} FILTER (WHERE r.name = 'East China') / {REV} {OL} {SR} WHERE {DONE} AND {prev('month')}")
q("ratio", "percent of revenue from electronics this year",
  f"SELECT 100.0 * {REV} FILTER (WHERE c.name = 'Electronics') / {REV} {OL} {CAT} WHERE {DONE} AND {cur('year')}")
q("ratio", "online share of revenue by region",
  f"SELECT r.name, 100.0 * {REV} FILTER (WHERE o.channel = 'online') / {REV} {OL} {SR} WHERE {DONE} GROUP BY r.name")
q("ratio", "what percentage of customers are corporate",
  "SELECT 100.0 * count(*) FILTER (WHERE c.segment = 'Corporate') / count(*) FROM customers c")
q("ratio", "return rate online vs in-store",
  "SELECT o.channel, 100.0 * count(*) FILTER (WHERE o.status = 'returned') / count(*) FROM orders o GROUP BY o.channel")
q("ratio", "which region has the highest return rate",
  f"SELECT r.name, 100.0 * count(*) FILTER (WHERE o.status = 'returned') / count(*) AS return_rate "
  f"FROM orders o {SR} GROUP BY r.name ORDER BY return_rate DESC LIMIT 1", True)
q("ratio", "percentage of order lines with a discount",
  f"SELECT 100.0 * count(*) FILTER (WHERE ol.discount > 0) / count(*) {OL} WHERE {DONE}")
q("ratio", "cancellation rate by channel last quarter",
  f"SELECT o.channel, 100.0 * count(*) FILTER (WHERE o.status = 'cancelled') / count(*) FROM orders o "
  f"WHERE {prev('quarter')} GROUP BY o.channel")
q("ratio", "share of revenue by category last month",
  f"SELECT c.name, 100.0 * {REV} / sum({REV}) OVER () {OL} {CAT} WHERE {DONE} AND {prev('month')} GROUP BY c.name")
q("ratio", "what fraction of last month's orders were returned",
  f"SELECT 100.0 * count(*) FILTER (WHERE o.status = 'returned') / count(*) FROM orders o WHERE {prev('month')}")
q("ratio", "percent of sales that were online this year",
  f"SELECT 100.0 * {REV} FILTER (WHERE o.channel = 'online') / {REV} {OL} WHERE {DONE} AND {cur('year')}")
q("ratio", "revenue growth last month vs the month before in %",
  f"SELECT 100.0 * ({REV} FILTER (WHERE {prev('month')}) - {REV} FILTER (WHERE o.ordered_at >= "
  f"date_trunc('month', current_date) - interval '2 months' AND o.ordered_at < date_trunc('month', current_date) - interval '1 month')) "
  f"/ {REV} FILTER (WHERE o.ordered_at >= date_trunc('month', current_date) - interval '2 months' "
  f"AND o.ordered_at < date_trunc('month', current_date) - interval '1 month') {OL} WHERE {DONE}")

# ---------------- having ----------------
q("having", "customers with more than 100 orders",
  "SELECT c.name, count(*) FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
  "GROUP BY c.name HAVING count(*) > 100")
q("having", "stores with more than 1.5 million revenue in the past 12 months",
  f"SELECT s.name, {REV} {OL} JOIN stores s ON s.store_id = o.store_id WHERE {DONE} "
  f"AND o.ordered_at >= current_date - interval '12 months' GROUP BY s.name HAVING {REV} > 1500000")
q("having", "categories with avg price above 500",
  "SELECT c.name, avg(p.unit_price) FROM products p JOIN categories c ON c.category_id = p.category_id "
  "GROUP BY c.name HAVING avg(p.unit_price) > 500")
q("having", "brands with at least 9 products",
  "SELECT p.brand, count(*) FROM products p GROUP BY p.brand HAVING count(*) >= 9")
q("having", "products that sold more than 200 units last month",   # the top product: 250-467 units
  f"SELECT p.name, sum(ol.quantity) {OL} {PROD} WHERE {DONE} AND {prev('month')} "
  f"GROUP BY p.name HAVING sum(ol.quantity) > 200")
q("having", "regions with more than 1500 orders last quarter",
  f"SELECT r.name, count(*) FROM orders o {SR} WHERE {prev('quarter')} GROUP BY r.name HAVING count(*) > 1500")
q("having", "cities with more than one store",
  "SELECT s.city, count(*) FROM stores s GROUP BY s.city HAVING count(*) > 1")
q("having", "customers who spent over 80k in the last 12 months",
  f"SELECT c.name, {REV} {OL} JOIN customers c ON c.customer_id = o.customer_id WHERE {DONE} "
  f"AND o.ordered_at >= current_date - interval '12 months' GROUP BY c.name HAVING {REV} > 80000")
q("having", "categories with more than 200k revenue in the last 30 days",
  f"SELECT c.name, {REV} {OL} {CAT} WHERE {DONE} AND {days(30)} GROUP BY c.name HAVING {REV} > 200000")
q("having", "stores with fewer than 100 orders last month",
  f"SELECT s.name, count(*) FROM orders o JOIN stores s ON s.store_id = o.store_id WHERE {prev('month')} "
  f"GROUP BY s.name HAVING count(*) < 100")
q("having", "cities with over 200 customers",
  "SELECT c.city, count(*) FROM customers c GROUP BY c.city HAVING count(*) > 200")
q("having", "brands with revenue above 500k last quarter",   # the top brand: 0.58-1.66m by day
  f"SELECT p.brand, {REV} {OL} {PROD} WHERE {DONE} AND {prev('quarter')} GROUP BY p.brand HAVING {REV} > 500000")

# ---------------- distinct counts ----------------
q("distinct_count", "how many customers ordered last month",
  f"SELECT count(DISTINCT o.customer_id) FROM orders o WHERE {prev('month')}")
q("distinct_count", "how many different products were sold this year",
  f"SELECT count(DISTINCT ol.product_id) {OL} WHERE {DONE} AND {cur('year')}")
q("distinct_count", "unique customers per region last quarter",
  f"SELECT r.name, count(DISTINCT o.customer_id) FROM orders o {SR} WHERE {prev('quarter')} GROUP BY r.name")
q("distinct_count", "how many brands do we carry", "SELECT count(DISTINCT p.brand) FROM products p")
q("distinct_count", "how many cities have stores", "SELECT count(DISTINCT s.city) FROM stores s")
q("distinct_count", "how many customers bought electronics this year",
  f"SELECT count(DISTINCT o.customer_id) {OL} {CAT} WHERE {DONE} AND c.name = 'Electronics' AND {cur('year')}")
q("distinct_count", "number of distinct customers who returned something in the past 90 days",
  f"SELECT count(DISTINCT o.customer_id) FROM orders o WHERE o.status = 'returned' AND {days(90)}")
q("distinct_count", "how many stores had online orders yesterday",
  f"SELECT count(DISTINCT o.store_id) FROM orders o WHERE o.channel = 'online' AND {YDAY}")
q("distinct_count", "distinct products sold per category last month",
  f"SELECT c.name, count(DISTINCT ol.product_id) {OL} {CAT} WHERE {DONE} AND {prev('month')} GROUP BY c.name")
q("distinct_count", "how many customer cities are there", "SELECT count(DISTINCT c.city) FROM customers c")
q("distinct_count", "how many customers from east china bought something this month",
  f"SELECT count(DISTINCT o.customer_id) FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
  f"JOIN regions r ON r.region_id = c.region_id WHERE o.status = 'completed' AND r.name = 'East China' AND {cur('month')}")
q("distinct_count", "how many brands sold in the last 7 days",
  f"SELECT count(DISTINCT p.brand) {OL} {PROD} WHERE {DONE} AND {days(7)}")

if __name__ == "__main__":
    out = open(sys.argv[1], "w")
    counters = {}
    for cat, question, sql, ordered in Q:
        counters[cat] = counters.get(cat, 0) + 1
        rec = {"id": f"demo-{cat}-{counters[cat]:02d}", "question": question, "gold_sql": sql,
               "category": cat, "ordered": ordered}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(len(Q), counters)
