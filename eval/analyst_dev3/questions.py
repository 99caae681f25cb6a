"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev/questions.py``; gold follows ``eval/CONVENTIONS.md``; categories are those
of ``eval/demo.jsonl`` plus multi_hop, anti_join, vs_average and date_diff. Phrased as an
analyst would type them, with synonyms of the schema's names ("bee yards", "hospitals supplied",
"colonies") and values as people say them.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"

QUESTIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    # bloodbank: quoted PascalCase tables and camelCase columns, "<table>Id" keys, no comments
    ("bloodbank", "value_filter", "donors with blood group B-", """SELECT d."firstName", d."lastName" FROM "Donor" d WHERE d."bloodGroup" = 'B-'""", False),
    ("bloodbank", "value_filter", "names of the mobile donation sites", """SELECT s."siteName" FROM "Site" s WHERE s."isMobile\"""", False),
    ("bloodbank", "count", "how many donations were deferred", """SELECT count(*) FROM "Donation" d WHERE d.outcome = 'deferred'""", False),
    ("bloodbank", "count", "number of donors living in Hull", """SELECT count(*) FROM "Donor" d WHERE d."homeCity" = 'Hull'""", False),
    ("bloodbank", "aggregate", "average volume of completed donations", """SELECT avg(d."volumeMl") FROM "Donation" d WHERE d.outcome = 'completed'""", False),
    ("bloodbank", "aggregate", "average hemoglobin level", """SELECT avg(d.hemoglobin) FROM "Donation" d""", False),
    ("bloodbank", "aggregate", "total litres of blood collected", """SELECT sum(d."volumeMl") / 1000.0 FROM "Donation" d""", False),
    ("bloodbank", "group_by", "donations per site", """SELECT s."siteName", count(*) FROM "Donation" d JOIN "Site" s ON s."siteId" = d."siteId" GROUP BY s."siteName\"""", False),
    ("bloodbank", "group_by", "donors by blood type", """SELECT d."bloodGroup", count(*) FROM "Donor" d GROUP BY d."bloodGroup\"""", False),
    ("bloodbank", "group_by", "units shipped per component", """SELECT u.component, count(*) FROM "UnitShipment" u GROUP BY u.component""", False),
    ("bloodbank", "top_n", "which hospital received the most units", """SELECT h."hospitalName", count(*) FROM "UnitShipment" u JOIN "Hospital" h ON h."hospitalId" = u."hospitalId" GROUP BY h."hospitalName" ORDER BY count(*) DESC LIMIT 1""", True),
    ("bloodbank", "top_n", "the 3 donors with the most donations", """SELECT d."firstName", d."lastName", count(*) FROM "Donation" x JOIN "Donor" d ON d."donorId" = x."donorId" GROUP BY d."donorId", d."firstName", d."lastName" ORDER BY count(*) DESC LIMIT 3""", True),
    ("bloodbank", "having", "sites with more than 200 donations", """SELECT s."siteName", count(*) FROM "Donation" d JOIN "Site" s ON s."siteId" = d."siteId" GROUP BY s."siteName" HAVING count(*) > 200""", False),
    ("bloodbank", "having", "donors who donated more than 12 times", """SELECT d."firstName", d."lastName", count(*) FROM "Donation" x JOIN "Donor" d ON d."donorId" = x."donorId" GROUP BY d."donorId", d."firstName", d."lastName" HAVING count(*) > 12""", False),
    ("bloodbank", "distinct_count", "how many different donors came in last month", """SELECT count(DISTINCT d."donorId") FROM "Donation" d WHERE """ + LAST_MONTH.format(c='d."donatedAt"'), False),
    ("bloodbank", "distinct_count", "how many distinct cities have a hospital", """SELECT count(DISTINCT h.city) FROM "Hospital" h""", False),
    ("bloodbank", "relative_date", "donors who registered in the last 90 days", """SELECT d."firstName", d."lastName" FROM "Donor" d WHERE d."registeredOn" >= current_date - 90""", False),
    ("bloodbank", "relative_date", "how many units were shipped this year", """SELECT count(*) FROM "UnitShipment" u WHERE u."shippedOn" >= date_trunc('year', current_date)""", False),
    ("bloodbank", "ratio", "what percentage of donations were deferred", """SELECT 100.0 * count(*) FILTER (WHERE d.outcome = 'deferred') / count(*) FROM "Donation" d""", False),
    ("bloodbank", "ratio", "share of shipments that were platelets", """SELECT 100.0 * count(*) FILTER (WHERE u.component = 'platelets') / count(*) FROM "UnitShipment" u""", False),
    ("bloodbank", "join", "how many donations were made at Riverside Centre", """SELECT count(*) FROM "Donation" d JOIN "Site" s ON s."siteId" = d."siteId" WHERE s."siteName" = 'Riverside Centre'""", False),
    ("bloodbank", "join", "units sent to St Mary's Hospital", """SELECT count(*) FROM "UnitShipment" u JOIN "Hospital" h ON h."hospitalId" = u."hospitalId" WHERE h."hospitalName" = 'St Mary''s Hospital'""", False),
    ("bloodbank", "multi_hop", "how many units from O- donors were shipped", """SELECT count(*) FROM "UnitShipment" u JOIN "Donation" x ON x."donationId" = u."donationId" JOIN "Donor" d ON d."donorId" = x."donorId" WHERE d."bloodGroup" = 'O-'""", False),
    ("bloodbank", "anti_join", "donors who never donated", """SELECT d."firstName", d."lastName" FROM "Donor" d WHERE NOT EXISTS (SELECT 1 FROM "Donation" x WHERE x."donorId" = d."donorId")""", False),
    ("bloodbank", "vs_average", "how many donations had hemoglobin above average", """SELECT count(*) FROM "Donation" d WHERE d.hemoglobin > (SELECT avg(hemoglobin) FROM "Donation")""", False),
    ("bloodbank", "date_diff", "average age of donors", """SELECT avg(date_part('year', age(d."birthDate"))) FROM "Donor" d""", False),
    ("bloodbank", "date_diff", "donors aged 65 or older", """SELECT d."firstName", d."lastName" FROM "Donor" d WHERE date_part('year', age(d."birthDate")) >= 65""", False),
    # apiary: snake_case, abbreviations, <table>_id keys, some comments
    ("apiary", "value_filter", "top bar hives", """SELECT h.hive_code FROM hives h WHERE h.hive_type = 'top bar'""", False),
    ("apiary", "value_filter", "bee yards in the Cotswolds", """SELECT y.yard_name FROM yards y WHERE y.region = 'Cotswolds'""", False),
    ("apiary", "count", "how many beekeepers are certified", """SELECT count(*) FROM beekeepers b WHERE b.certified""", False),
    ("apiary", "count", "how many inspections found no queen", """SELECT count(*) FROM inspections i WHERE NOT i.queen_seen""", False),
    ("apiary", "count", "how many hives are still in use", """SELECT count(*) FROM hives h WHERE h.removed_on IS NULL""", False),
    ("apiary", "aggregate", "total honey harvested", """SELECT sum(h.honey_kg) FROM harvests h""", False),
    ("apiary", "aggregate", "average mite count per inspection", """SELECT avg(i.mites_per_100) FROM inspections i""", False),
    ("apiary", "aggregate", "heaviest single harvest", """SELECT max(h.honey_kg) FROM harvests h""", False),
    ("apiary", "group_by", "honey harvested by grade", """SELECT h.grade, sum(h.honey_kg) FROM harvests h GROUP BY h.grade""", False),
    ("apiary", "group_by", "number of hives in each yard", """SELECT y.yard_name, count(*) FROM hives h JOIN yards y ON y.yard_id = h.yard_id GROUP BY y.yard_name""", False),
    ("apiary", "group_by", "average colony strength by hive type", """SELECT h.hive_type, avg(i.colony_strength) FROM inspections i JOIN hives h ON h.hive_id = i.hive_id GROUP BY h.hive_type""", False),
    ("apiary", "top_n", "which yard produced the most honey", """SELECT y.yard_name, sum(x.honey_kg) FROM harvests x JOIN hives h ON h.hive_id = x.hive_id JOIN yards y ON y.yard_id = h.yard_id GROUP BY y.yard_name ORDER BY sum(x.honey_kg) DESC LIMIT 1""", True),
    ("apiary", "top_n", "top 3 hives by honey", """SELECT h.hive_code, sum(x.honey_kg) FROM harvests x JOIN hives h ON h.hive_id = x.hive_id GROUP BY h.hive_code ORDER BY sum(x.honey_kg) DESC LIMIT 3""", True),
    ("apiary", "having", "beekeepers who did more than 300 inspections", """SELECT b.full_name, count(*) FROM inspections i JOIN beekeepers b ON b.keeper_id = i.keeper_id GROUP BY b.full_name HAVING count(*) > 300""", False),
    ("apiary", "distinct_count", "how many hives were inspected last month", """SELECT count(DISTINCT i.hive_id) FROM inspections i WHERE """ + LAST_MONTH.format(c="i.insp_date"), False),
    ("apiary", "distinct_count", "how many different regions have bee yards", """SELECT count(DISTINCT y.region) FROM yards y""", False),
    ("apiary", "relative_date", "honey harvested in the last 60 days", """SELECT sum(h.honey_kg) FROM harvests h WHERE h.harvest_date >= current_date - 60""", False),
    ("apiary", "relative_date", "how many inspections this year", """SELECT count(*) FROM inspections i WHERE i.insp_date >= date_trunc('year', current_date)""", False),
    ("apiary", "ratio", "percentage of inspections where the queen was seen", """SELECT 100.0 * count(*) FILTER (WHERE i.queen_seen) / count(*) FROM inspections i""", False),
    ("apiary", "ratio", "share of harvests that were premium", """SELECT 100.0 * count(*) FILTER (WHERE h.grade = 'premium') / count(*) FROM harvests h""", False),
    ("apiary", "join", "how many inspections did Ivo Brandt do", """SELECT count(*) FROM inspections i JOIN beekeepers b ON b.keeper_id = i.keeper_id WHERE b.full_name = 'Ivo Brandt'""", False),
    ("apiary", "join", "hive codes at Stonecrop", """SELECT h.hive_code FROM hives h JOIN yards y ON y.yard_id = h.yard_id WHERE y.yard_name = 'Stonecrop'""", False),
    ("apiary", "multi_hop", "kilos of honey from Oskar Lund's yards", """SELECT sum(x.honey_kg) FROM harvests x JOIN hives h ON h.hive_id = x.hive_id JOIN yards y ON y.yard_id = h.yard_id JOIN beekeepers b ON b.keeper_id = y.keeper_id WHERE b.full_name = 'Oskar Lund'""", False),
    ("apiary", "anti_join", "hives that were never harvested", """SELECT h.hive_code FROM hives h WHERE NOT EXISTS (SELECT 1 FROM harvests x WHERE x.hive_id = h.hive_id)""", False),
    ("apiary", "vs_average", "how many harvests were larger than average", """SELECT count(*) FROM harvests h WHERE h.honey_kg > (SELECT avg(honey_kg) FROM harvests)""", False),
    ("apiary", "date_diff", "average days removed hives were in use", """SELECT avg(h.removed_on - h.installed_on) FROM hives h WHERE h.removed_on IS NOT NULL""", False),
    ("apiary", "relative_date", "beekeepers who joined in the last 2 years", """SELECT b.full_name FROM beekeepers b WHERE b.joined_on >= current_date - interval '2 years'""", False),
)
