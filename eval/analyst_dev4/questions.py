"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev/questions.py``; gold follows ``eval/CONVENTIONS.md``; categories are those
of ``eval/demo.jsonl`` plus multi_hop, anti_join, vs_average, date_diff and two_period, weighted
to the ones the reader answered worst on fresh schemas (top_n, two_period, vs_average, multi_hop,
share, ratio, date_diff, anti_join, aggregate). Phrased as an analyst would type them, with
implied measures ("revenue", "spend", "tenure") and informal wording.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
PREV_MONTH = "{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', current_date) - interval '1 month'"
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"
MUS = "m.first_name, m.last_name"
SPEND = 'd.tonnes * d."pricePerTonne"'


def lm(c: str) -> str:
    return LAST_MONTH.format(c=c)


QUESTIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    # orchestra: snake_case, <table>_id keys, a bridge (concert_musicians), a few comments
    ("orchestra", "value_filter", "principal players", f"SELECT {MUS} FROM musicians m WHERE m.is_principal", False),
    ("orchestra", "value_filter", "cancelled concerts", "SELECT c.title, c.concert_date FROM concerts c WHERE c.status = 'cancelled'", False),
    ("orchestra", "value_filter", "venues in Bath", "SELECT v.venue_name FROM venues v WHERE v.city = 'Bath'", False),
    ("orchestra", "count", "how many musicians are still with the orchestra", "SELECT count(*) FROM musicians m WHERE m.left_on IS NULL", False),
    ("orchestra", "count", "number of concerts cancelled", "SELECT count(*) FROM concerts c WHERE c.status = 'cancelled'", False),
    ("orchestra", "count", "how many online ticket sales", "SELECT count(*) FROM ticket_sales t WHERE t.channel = 'online'", False),
    ("orchestra", "aggregate", "total ticket revenue", "SELECT sum(t.amount) FROM ticket_sales t", False),
    ("orchestra", "aggregate", "average concert length", "SELECT avg(c.duration_min) FROM concerts c", False),
    ("orchestra", "aggregate", "avg monthly salary in the brass section", "SELECT avg(m.monthly_salary) FROM musicians m WHERE m.section = 'brass'", False),
    ("orchestra", "aggregate", "total seats sold", "SELECT sum(t.seats) FROM ticket_sales t", False),
    ("orchestra", "aggregate", "biggest venue capacity", "SELECT max(v.capacity) FROM venues v", False),
    ("orchestra", "group_by", "musicians per section", "SELECT m.section, count(*) FROM musicians m GROUP BY m.section", False),
    ("orchestra", "group_by", "ticket revenue by channel", "SELECT t.channel, sum(t.amount) FROM ticket_sales t GROUP BY t.channel", False),
    ("orchestra", "group_by", "concerts per conductor", "SELECT c.conductor, count(*) FROM concerts c GROUP BY c.conductor", False),
    ("orchestra", "having", "conductors with more than 50 concerts", "SELECT c.conductor, count(*) FROM concerts c GROUP BY c.conductor HAVING count(*) > 50", False),
    ("orchestra", "having", "venues that hosted over 30 concerts", "SELECT v.venue_name, count(*) FROM concerts c JOIN venues v ON v.venue_id = c.venue_id GROUP BY v.venue_name HAVING count(*) > 30", False),
    ("orchestra", "distinct_count", "how many different venues had concerts last year", "SELECT count(DISTINCT c.venue_id) FROM concerts c WHERE " + LAST_YEAR.format(c="c.concert_date"), False),
    ("orchestra", "distinct_count", "how many musicians played last month", "SELECT count(DISTINCT cm.musician_id) FROM concert_musicians cm JOIN concerts c ON c.concert_id = cm.concert_id WHERE " + lm("c.concert_date"), False),
    ("orchestra", "relative_date", "concerts coming up in the next 30 days", "SELECT c.title, c.concert_date FROM concerts c WHERE c.concert_date >= current_date AND c.concert_date < current_date + 30", False),
    ("orchestra", "relative_date", "ticket revenue last month", "SELECT sum(t.amount) FROM ticket_sales t WHERE " + lm("t.sold_at"), False),
    ("orchestra", "relative_date", "how many concerts did we perform this year", "SELECT count(*) FROM concerts c WHERE c.status = 'performed' AND " + THIS_YEAR.format(c="c.concert_date"), False),
    ("orchestra", "ratio", "average ticket price per seat", "SELECT sum(t.amount) / sum(t.seats) FROM ticket_sales t", False),
    ("orchestra", "ratio", "concert cancellation rate", "SELECT 100.0 * count(*) FILTER (WHERE c.status = 'cancelled') / count(*) FROM concerts c", False),
    ("orchestra", "share", "what percentage of ticket sales were online", "SELECT 100.0 * count(*) FILTER (WHERE t.channel = 'online') / count(*) FROM ticket_sales t", False),
    ("orchestra", "share", "share of ticket revenue from the box office", "SELECT 100.0 * sum(t.amount) FILTER (WHERE t.channel = 'box office') / sum(t.amount) FROM ticket_sales t", False),
    ("orchestra", "share", "what percent of musicians are principals", "SELECT 100.0 * count(*) FILTER (WHERE m.is_principal) / count(*) FROM musicians m", False),
    ("orchestra", "join", "how many concerts at the Corn Exchange", "SELECT count(*) FROM concerts c JOIN venues v ON v.venue_id = c.venue_id WHERE v.venue_name = 'Corn Exchange'", False),
    ("orchestra", "join", "how many concerts did Clara Wieck play in", "SELECT count(*) FROM concert_musicians cm JOIN musicians m ON m.musician_id = cm.musician_id WHERE m.first_name = 'Clara' AND m.last_name = 'Wieck'", False),
    ("orchestra", "join", "seats sold for Mahler Night", "SELECT sum(t.seats) FROM ticket_sales t JOIN concerts c ON c.concert_id = t.concert_id WHERE c.title = 'Mahler Night'", False),
    ("orchestra", "join", "total fees paid to Petra Holm", "SELECT sum(cm.fee) FROM concert_musicians cm JOIN musicians m ON m.musician_id = cm.musician_id WHERE m.first_name = 'Petra' AND m.last_name = 'Holm'", False),
    ("orchestra", "multi_hop", "ticket revenue at venues in Bath", "SELECT sum(t.amount) FROM ticket_sales t JOIN concerts c ON c.concert_id = t.concert_id JOIN venues v ON v.venue_id = c.venue_id WHERE v.city = 'Bath'", False),
    ("orchestra", "multi_hop", "how many times did Anton Duval play at Harbour Hall", "SELECT count(*) FROM concert_musicians cm JOIN musicians m ON m.musician_id = cm.musician_id JOIN concerts c ON c.concert_id = cm.concert_id JOIN venues v ON v.venue_id = c.venue_id WHERE m.first_name = 'Anton' AND m.last_name = 'Duval' AND v.venue_name = 'Harbour Hall'", False),
    ("orchestra", "multi_hop", "fees paid to the brass section for concerts at Cathedral Nave", "SELECT sum(cm.fee) FROM concert_musicians cm JOIN musicians m ON m.musician_id = cm.musician_id JOIN concerts c ON c.concert_id = cm.concert_id JOIN venues v ON v.venue_id = c.venue_id WHERE m.section = 'brass' AND v.venue_name = 'Cathedral Nave'", False),
    ("orchestra", "multi_hop", "musicians who played at the Corn Exchange", f"SELECT DISTINCT {MUS} FROM musicians m JOIN concert_musicians cm ON cm.musician_id = m.musician_id JOIN concerts c ON c.concert_id = cm.concert_id JOIN venues v ON v.venue_id = c.venue_id WHERE v.venue_name = 'Corn Exchange'", False),
    ("orchestra", "multi_hop", "seats sold for concerts in Exeter", "SELECT sum(t.seats) FROM ticket_sales t JOIN concerts c ON c.concert_id = t.concert_id JOIN venues v ON v.venue_id = c.venue_id WHERE v.city = 'Exeter'", False),
    ("orchestra", "anti_join", "venues that never hosted a concert", "SELECT v.venue_name FROM venues v WHERE NOT EXISTS (SELECT 1 FROM concerts c WHERE c.venue_id = v.venue_id)", False),
    ("orchestra", "anti_join", "musicians who never played a concert", f"SELECT {MUS} FROM musicians m WHERE NOT EXISTS (SELECT 1 FROM concert_musicians cm WHERE cm.musician_id = m.musician_id)", False),
    ("orchestra", "anti_join", "concerts with no ticket sales", "SELECT c.title, c.concert_date FROM concerts c WHERE NOT EXISTS (SELECT 1 FROM ticket_sales t WHERE t.concert_id = c.concert_id)", False),
    ("orchestra", "top_n", "top 5 concerts by ticket revenue", "SELECT c.title, c.concert_date, sum(t.amount) FROM ticket_sales t JOIN concerts c ON c.concert_id = t.concert_id GROUP BY c.concert_id, c.title, c.concert_date ORDER BY sum(t.amount) DESC LIMIT 5", True),
    ("orchestra", "top_n", "which venue sold the most seats", "SELECT v.venue_name, sum(t.seats) FROM ticket_sales t JOIN concerts c ON c.concert_id = t.concert_id JOIN venues v ON v.venue_id = c.venue_id GROUP BY v.venue_name ORDER BY sum(t.seats) DESC LIMIT 1", True),
    ("orchestra", "top_n", "highest paid musician", f"SELECT {MUS}, m.monthly_salary FROM musicians m ORDER BY m.monthly_salary DESC LIMIT 1", True),
    ("orchestra", "top_n", "the 3 longest-serving musicians still here", f"SELECT {MUS}, m.joined_on FROM musicians m WHERE m.left_on IS NULL ORDER BY m.joined_on LIMIT 3", True),
    ("orchestra", "top_n", "which conductor brought in the most ticket revenue", "SELECT c.conductor, sum(t.amount) FROM ticket_sales t JOIN concerts c ON c.concert_id = t.concert_id GROUP BY c.conductor ORDER BY sum(t.amount) DESC LIMIT 1", True),
    ("orchestra", "top_n", "top 3 musicians by concerts played", f"SELECT {MUS}, count(*) FROM concert_musicians cm JOIN musicians m ON m.musician_id = cm.musician_id GROUP BY m.musician_id, m.first_name, m.last_name ORDER BY count(*) DESC LIMIT 3", True),
    ("orchestra", "top_n", "smallest venue", "SELECT v.venue_name, v.capacity FROM venues v ORDER BY v.capacity LIMIT 1", True),
    ("orchestra", "two_period", "ticket revenue this year vs last year", "SELECT sum(t.amount) FILTER (WHERE " + THIS_YEAR.format(c="t.sold_at") + "), sum(t.amount) FILTER (WHERE " + LAST_YEAR.format(c="t.sold_at") + ") FROM ticket_sales t", False),
    ("orchestra", "two_period", "concerts performed this year compared with last year", "SELECT count(*) FILTER (WHERE " + THIS_YEAR.format(c="c.concert_date") + "), count(*) FILTER (WHERE " + LAST_YEAR.format(c="c.concert_date") + ") FROM concerts c WHERE c.status = 'performed'", False),
    ("orchestra", "two_period", "seats sold last month compared with the month before", "SELECT sum(t.seats) FILTER (WHERE " + lm("t.sold_at") + "), sum(t.seats) FILTER (WHERE " + PREV_MONTH.format(c="t.sold_at") + ") FROM ticket_sales t", False),
    ("orchestra", "two_period", "online ticket revenue this month vs last month", "SELECT sum(t.amount) FILTER (WHERE " + THIS_MONTH.format(c="t.sold_at") + "), sum(t.amount) FILTER (WHERE " + lm("t.sold_at") + ") FROM ticket_sales t WHERE t.channel = 'online'", False),
    ("orchestra", "vs_average", "musicians earning more than the average salary", f"SELECT {MUS} FROM musicians m WHERE m.monthly_salary > (SELECT avg(monthly_salary) FROM musicians)", False),
    ("orchestra", "vs_average", "concerts longer than average", "SELECT c.title, c.concert_date FROM concerts c WHERE c.duration_min > (SELECT avg(duration_min) FROM concerts)", False),
    ("orchestra", "vs_average", "how many ticket sales were above the average amount", "SELECT count(*) FROM ticket_sales t WHERE t.amount > (SELECT avg(amount) FROM ticket_sales)", False),
    ("orchestra", "date_diff", "average age of musicians", "SELECT avg(date_part('year', age(m.birth_date))) FROM musicians m", False),
    ("orchestra", "date_diff", "musicians over 60", f"SELECT {MUS} FROM musicians m WHERE date_part('year', age(m.birth_date)) > 60", False),
    ("orchestra", "date_diff", "average tenure in days of musicians who left", "SELECT avg(m.left_on - m.joined_on) FROM musicians m WHERE m.left_on IS NOT NULL", False),
    ("orchestra", "date_diff", "how many days before the concert are tickets bought on average", "SELECT avg(c.concert_date - t.sold_at::date) FROM ticket_sales t JOIN concerts c ON c.concert_id = t.concert_id", False),
    # winery: quoted PascalCase tables, camelCase and abbreviated columns, "<table>Id" keys, no comments
    ("winery", "value_filter", "organic growers", 'SELECT g."growerName" FROM "Grower" g WHERE g."isOrganic"', False),
    ("winery", "value_filter", "Riesling blocks", 'SELECT b."blockCode" FROM "Block" b WHERE b.variety = \'Riesling\'', False),
    ("winery", "value_filter", "oak tanks", 'SELECT t."tankName" FROM "Tank" t WHERE t.material = \'oak\'', False),
    ("winery", "count", "how many growers are still under contract", 'SELECT count(*) FROM "Grower" g WHERE g."contractEnd" IS NULL', False),
    ("winery", "count", "number of grade A deliveries", 'SELECT count(*) FROM "Delivery" d WHERE d.grade = \'A\'', False),
    ("winery", "count", "how many Shiraz blocks", 'SELECT count(*) FROM "Block" b WHERE b.variety = \'Shiraz\'', False),
    ("winery", "aggregate", "total tonnes delivered", 'SELECT sum(d.tonnes) FROM "Delivery" d', False),
    ("winery", "aggregate", "average brix", 'SELECT avg(d.brix) FROM "Delivery" d', False),
    ("winery", "aggregate", "total spend on grapes", f'SELECT sum({SPEND}) FROM "Delivery" d', False),
    ("winery", "aggregate", "total hectares under vine", 'SELECT sum(b."areaHa") FROM "Block" b', False),
    ("winery", "aggregate", "average price per tonne for grade A fruit", 'SELECT avg(d."pricePerTonne") FROM "Delivery" d WHERE d.grade = \'A\'', False),
    ("winery", "group_by", "tonnes by variety", 'SELECT b.variety, sum(d.tonnes) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" GROUP BY b.variety', False),
    ("winery", "group_by", "number of blocks per region", 'SELECT g.region, count(*) FROM "Block" b JOIN "Grower" g ON g."growerId" = b."growerId" GROUP BY g.region', False),
    ("winery", "group_by", "average brix per grade", 'SELECT d.grade, avg(d.brix) FROM "Delivery" d GROUP BY d.grade', False),
    ("winery", "having", "growers with more than 100 deliveries", 'SELECT g."growerName", count(*) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" JOIN "Grower" g ON g."growerId" = b."growerId" GROUP BY g."growerName" HAVING count(*) > 100', False),
    ("winery", "having", "varieties with more than 5 blocks", 'SELECT b.variety, count(*) FROM "Block" b GROUP BY b.variety HAVING count(*) > 5', False),
    ("winery", "distinct_count", "how many growers delivered last month", 'SELECT count(DISTINCT b."growerId") FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" WHERE ' + lm('d."deliveredOn"'), False),
    ("winery", "distinct_count", "how many different varieties do we buy", 'SELECT count(DISTINCT b.variety) FROM "Block" b', False),
    ("winery", "relative_date", "tonnes delivered in the last 30 days", 'SELECT sum(d.tonnes) FROM "Delivery" d WHERE d."deliveredOn" >= current_date - 30', False),
    ("winery", "relative_date", "how many deliveries this month", 'SELECT count(*) FROM "Delivery" d WHERE ' + THIS_MONTH.format(c='d."deliveredOn"'), False),
    ("winery", "relative_date", "growers whose contract ended in the past year", 'SELECT g."growerName" FROM "Grower" g WHERE g."contractEnd" >= current_date - interval \'1 year\'', False),
    ("winery", "ratio", "average price paid per tonne overall", f'SELECT sum({SPEND}) / sum(d.tonnes) FROM "Delivery" d', False),
    ("winery", "ratio", "percentage of deliveries graded C", 'SELECT 100.0 * count(*) FILTER (WHERE d.grade = \'C\') / count(*) FROM "Delivery" d', False),
    ("winery", "share", "what share of tonnes came from organic growers", 'SELECT 100.0 * sum(d.tonnes) FILTER (WHERE g."isOrganic") / sum(d.tonnes) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" JOIN "Grower" g ON g."growerId" = b."growerId"', False),
    ("winery", "share", "percentage of growers that are organic", 'SELECT 100.0 * count(*) FILTER (WHERE g."isOrganic") / count(*) FROM "Grower" g', False),
    ("winery", "share", "share of grape spend on Shiraz", f'SELECT 100.0 * sum({SPEND}) FILTER (WHERE b.variety = \'Shiraz\') / sum({SPEND}) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId"', False),
    ("winery", "join", "how many deliveries came from block HAL-1", 'SELECT count(*) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" WHERE b."blockCode" = \'HAL-1\'', False),
    ("winery", "join", "blocks farmed by Kilmore Estate", 'SELECT b."blockCode" FROM "Block" b JOIN "Grower" g ON g."growerId" = b."growerId" WHERE g."growerName" = \'Kilmore Estate\'', False),
    ("winery", "join", "litres put into Oak Vat A", 'SELECT sum(f.litres) FROM "TankFill" f JOIN "Tank" t ON t."tankId" = f."tankId" WHERE t."tankName" = \'Oak Vat A\'', False),
    ("winery", "multi_hop", "tonnes delivered by Barossa growers", 'SELECT sum(d.tonnes) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" JOIN "Grower" g ON g."growerId" = b."growerId" WHERE g.region = \'Barossa\'', False),
    ("winery", "multi_hop", "litres of Riesling in each tank", 'SELECT t."tankName", sum(f.litres) FROM "TankFill" f JOIN "Tank" t ON t."tankId" = f."tankId" JOIN "Delivery" d ON d."deliveryId" = f."deliveryId" JOIN "Block" b ON b."blockId" = d."blockId" WHERE b.variety = \'Riesling\' GROUP BY t."tankName"', False),
    ("winery", "multi_hop", "which tanks got grapes from Ridgeback Farm", 'SELECT DISTINCT t."tankName" FROM "TankFill" f JOIN "Tank" t ON t."tankId" = f."tankId" JOIN "Delivery" d ON d."deliveryId" = f."deliveryId" JOIN "Block" b ON b."blockId" = d."blockId" JOIN "Grower" g ON g."growerId" = b."growerId" WHERE g."growerName" = \'Ridgeback Farm\'', False),
    ("winery", "multi_hop", "total spend with Quarry Hill", f'SELECT sum({SPEND}) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" JOIN "Grower" g ON g."growerId" = b."growerId" WHERE g."growerName" = \'Quarry Hill\'', False),
    ("winery", "multi_hop", "average brix of fruit from organic growers", 'SELECT avg(d.brix) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" JOIN "Grower" g ON g."growerId" = b."growerId" WHERE g."isOrganic"', False),
    ("winery", "anti_join", "growers who never delivered", 'SELECT g."growerName" FROM "Grower" g WHERE NOT EXISTS (SELECT 1 FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" WHERE b."growerId" = g."growerId")', False),
    ("winery", "anti_join", "blocks with no deliveries", 'SELECT b."blockCode" FROM "Block" b WHERE NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."blockId" = b."blockId")', False),
    ("winery", "anti_join", "tanks that were never filled", 'SELECT t."tankName" FROM "Tank" t WHERE NOT EXISTS (SELECT 1 FROM "TankFill" f WHERE f."tankId" = t."tankId")', False),
    ("winery", "top_n", "top grower by tonnes", 'SELECT g."growerName", sum(d.tonnes) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" JOIN "Grower" g ON g."growerId" = b."growerId" GROUP BY g."growerName" ORDER BY sum(d.tonnes) DESC LIMIT 1', True),
    ("winery", "top_n", "which variety cost us the most", f'SELECT b.variety, sum({SPEND}) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" GROUP BY b.variety ORDER BY sum({SPEND}) DESC LIMIT 1', True),
    ("winery", "top_n", "biggest block", 'SELECT b."blockCode", b."areaHa" FROM "Block" b ORDER BY b."areaHa" DESC LIMIT 1', True),
    ("winery", "top_n", "top 3 blocks by tonnage", 'SELECT b."blockCode", sum(d.tonnes) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" GROUP BY b."blockCode" ORDER BY sum(d.tonnes) DESC LIMIT 3', True),
    ("winery", "top_n", "region with the highest average brix", 'SELECT g.region, avg(d.brix) FROM "Delivery" d JOIN "Block" b ON b."blockId" = d."blockId" JOIN "Grower" g ON g."growerId" = b."growerId" GROUP BY g.region ORDER BY avg(d.brix) DESC LIMIT 1', True),
    ("winery", "top_n", "largest tank", 'SELECT t."tankName", t."capL" FROM "Tank" t ORDER BY t."capL" DESC LIMIT 1', True),
    ("winery", "top_n", "top 5 deliveries by price per tonne", 'SELECT d."deliveryId", d."pricePerTonne" FROM "Delivery" d ORDER BY d."pricePerTonne" DESC LIMIT 5', True),
    ("winery", "two_period", "tonnes this year vs last year", 'SELECT sum(d.tonnes) FILTER (WHERE ' + THIS_YEAR.format(c='d."deliveredOn"') + '), sum(d.tonnes) FILTER (WHERE ' + LAST_YEAR.format(c='d."deliveredOn"') + ') FROM "Delivery" d', False),
    ("winery", "two_period", "grape spend last month compared with the previous month", f'SELECT sum({SPEND}) FILTER (WHERE ' + lm('d."deliveredOn"') + f'), sum({SPEND}) FILTER (WHERE ' + PREV_MONTH.format(c='d."deliveredOn"') + ') FROM "Delivery" d', False),
    ("winery", "two_period", "deliveries this month versus last month", 'SELECT count(*) FILTER (WHERE ' + THIS_MONTH.format(c='d."deliveredOn"') + '), count(*) FILTER (WHERE ' + lm('d."deliveredOn"') + ') FROM "Delivery" d', False),
    ("winery", "vs_average", "blocks bigger than average", 'SELECT b."blockCode" FROM "Block" b WHERE b."areaHa" > (SELECT avg("areaHa") FROM "Block")', False),
    ("winery", "vs_average", "how many deliveries were priced above the average price per tonne", 'SELECT count(*) FROM "Delivery" d WHERE d."pricePerTonne" > (SELECT avg("pricePerTonne") FROM "Delivery")', False),
    ("winery", "vs_average", "deliveries with brix below average", 'SELECT d."deliveryId" FROM "Delivery" d WHERE d.brix < (SELECT avg(brix) FROM "Delivery")', False),
    ("winery", "date_diff", "average contract length in days for growers whose contract ended", 'SELECT avg(g."contractEnd" - g."contractStart") FROM "Grower" g WHERE g."contractEnd" IS NOT NULL', False),
    ("winery", "date_diff", "average vine age of the blocks in years", 'SELECT avg(date_part(\'year\', current_date) - b."plantedYear") FROM "Block" b', False),
    ("winery", "date_diff", "days since the last delivery", 'SELECT current_date - max(d."deliveredOn") FROM "Delivery" d', False),
)
