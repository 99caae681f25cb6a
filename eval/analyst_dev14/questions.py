"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev13/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them: words that are not
the column names ("flats", "renters", "buildings", "plumbers", "co-signers", "move-outs",
"the night shift", "scrap rate", "breakdowns", "changeovers", "rejects"), terse fragments and
the odd typo, written before the reader's code was read.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', "
                "current_date) - interval '1 month'")
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
WEEK_BEFORE = ("{c} >= date_trunc('week', current_date) - interval '2 weeks' AND {c} < date_trunc('week', "
               "current_date) - interval '1 week'")
THIS_QUARTER = "{c} >= date_trunc('quarter', current_date)"
LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' AND {c} < date_trunc('quarter', "
                "current_date)")
QUARTER_BEFORE = ("{c} >= date_trunc('quarter', current_date) - interval '6 months' AND {c} < date_trunc('quarter', "
                  "current_date) - interval '3 months'")
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"

UNIT_P = "units u JOIN properties p ON p.property_id = u.property_id"
PAY_P = ("rent_payments rp JOIN leases l ON l.lease_id = rp.lease_id JOIN units u ON u.unit_id = l.unit_id "
         "JOIN properties p ON p.property_id = u.property_id")
REQ_V = "maintenance_requests r JOIN vendors v ON v.vendor_id = r.vendor_id"
REQ_P = "maintenance_requests r JOIN units u ON u.unit_id = r.unit_id JOIN properties p ON p.property_id = u.property_id"
TENANT_L = "tenants t JOIN lease_tenants lt ON lt.tenant_id = t.tenant_id JOIN leases l ON l.lease_id = lt.lease_id"
VACANT = "NOT EXISTS (SELECT 1 FROM leases l WHERE l.unit_id = u.unit_id AND l.end_date IS NULL)"
OCCUPIED = "EXISTS (SELECT 1 FROM leases l WHERE l.unit_id = u.unit_id AND l.end_date IS NULL)"

PROPERTY: tuple[tuple[str, str, str, str, bool], ...] = (
    ("property", "value_filter", "apartment buildings in austin", "SELECT p.name FROM properties p WHERE p.city = 'Austin' AND p.property_type = 'apartment'", False),
    ("property", "value_filter", "which of our plumbers are preferred vendors", "SELECT v.company_name FROM vendors v WHERE v.trade = 'plumbing' AND v.is_preferred", False),
    ("property", "value_filter", "contractors charging under 70 an hour", "SELECT v.company_name FROM vendors v WHERE v.hourly_rate < 70", False),
    ("property", "value_filter", "who does our hvac work", "SELECT v.company_name FROM vendors v WHERE v.trade = 'hvac'", False),
    ("property", "count", "how many leases are still running", "SELECT count(*) FROM leases l WHERE l.end_date IS NULL", False),
    ("property", "count", "number of cancelled maintenance requests", "SELECT count(*) FROM maintenance_requests r WHERE r.status = 'cancelled'", False),
    ("property", "count", "how many 2 bedroom flats do we have", "SELECT count(*) FROM units u WHERE u.bedrooms = 2", False),
    ("property", "count", "how many move-out inspections failed", "SELECT count(*) FROM inspections i WHERE i.inspection_type = 'move_out' AND NOT i.passed", False),
    ("property", "aggregate", "average market rent for a 2 bed", "SELECT avg(u.market_rent) FROM units u WHERE u.bedrooms = 2", False),
    ("property", "aggregate", "total security deposits held on current leases", "SELECT sum(l.security_deposit) FROM leases l WHERE l.end_date IS NULL", False),
    ("property", "aggregate", "highest monthly rent on any lease", "SELECT max(l.monthly_rent) FROM leases l", False),
    ("property", "aggregate", "how much have we collected in late fees in total", "SELECT sum(rp.late_fee) FROM rent_payments rp", False),
    ("property", "top_n", "which vendor has been sent the most maintenance requests", f"SELECT v.company_name, count(*) FROM {REQ_V} GROUP BY v.company_name ORDER BY count(*) DESC LIMIT 1", True),
    ("property", "top_n", "top 3 buildings by rent collected", f"SELECT p.name, sum(rp.amount) FROM {PAY_P} GROUP BY p.name ORDER BY sum(rp.amount) DESC LIMIT 3", True),
    ("property", "top_n", "which inspector has done the most inspections", "SELECT i.inspector_name, count(*) FROM inspections i GROUP BY i.inspector_name ORDER BY count(*) DESC LIMIT 1", True),
    ("property", "top_n", "most common kind of maintenance request", "SELECT r.category, count(*) FROM maintenance_requests r GROUP BY r.category ORDER BY count(*) DESC LIMIT 1", True),
    ("property", "group_by", "number of units per property", f"SELECT p.name, count(*) FROM {UNIT_P} GROUP BY p.name", False),
    ("property", "group_by", "average inspection score by inspection type", "SELECT i.inspection_type, avg(i.score) FROM inspections i GROUP BY i.inspection_type", False),
    ("property", "group_by", "rent collected by payment method", "SELECT rp.method, sum(rp.amount) FROM rent_payments rp GROUP BY rp.method", False),
    ("property", "group_by", "maintenance requests per priority", "SELECT r.priority, count(*) FROM maintenance_requests r GROUP BY r.priority", False),
    ("property", "join", "what's Grace Okafor's monthly rent", f"SELECT l.monthly_rent FROM {TENANT_L} WHERE t.first_name = 'Grace' AND t.last_name = 'Okafor'", False),
    ("property", "join", "how many requests has Rapid Rooter Plumbing handled", f"SELECT count(*) FROM {REQ_V} WHERE v.company_name = 'Rapid Rooter Plumbing'", False),
    ("property", "join", "average score of inspections at Riverside Lofts", f"SELECT avg(i.score) FROM inspections i JOIN {UNIT_P} ON u.unit_id = i.unit_id WHERE p.name = 'Riverside Lofts'", False),
    ("property", "join", "how many units does Harbor View have", f"SELECT count(*) FROM {UNIT_P} WHERE p.name = 'Harbor View'", False),
    ("property", "multi_hop", "which building does Daniel Reyes live in", f"SELECT p.name FROM {TENANT_L} JOIN {UNIT_P} ON u.unit_id = l.unit_id WHERE t.first_name = 'Daniel' AND t.last_name = 'Reyes'", False),
    ("property", "multi_hop", "rent collected at Harbor View this year", f"SELECT sum(rp.amount) FROM {PAY_P} WHERE p.name = 'Harbor View' AND " + THIS_YEAR.format(c="rp.paid_on"), False),
    ("property", "multi_hop", "total rent paid on Dallas properties", f"SELECT sum(rp.amount) FROM {PAY_P} WHERE p.city = 'Dallas'", False),
    ("property", "multi_hop", "how much have we spent on hvac repairs at Maple Court", f"SELECT sum(r.cost) FROM {REQ_P} WHERE p.name = 'Maple Court' AND r.category = 'hvac'", False),
    ("property", "relative_date", "how many leases started this year", "SELECT count(*) FROM leases l WHERE " + THIS_YEAR.format(c="l.start_date"), False),
    ("property", "relative_date", "rent collected last month", "SELECT sum(rp.amount) FROM rent_payments rp WHERE " + LAST_MONTH.format(c="rp.paid_on"), False),
    ("property", "relative_date", "maintenance requests opened in the past 30 days", "SELECT count(*) FROM maintenance_requests r WHERE r.opened_at >= current_date - 30", False),
    ("property", "relative_date", "how many inspections were done last quarter", "SELECT count(*) FROM inspections i WHERE " + LAST_QUARTER.format(c="i.inspected_on"), False),
    ("property", "ratio", "what % of rent payments came in late", "SELECT 100.0 * count(*) FILTER (WHERE rp.late_fee > 0) / count(*) FROM rent_payments rp", False),
    ("property", "ratio", "occupancy rate across the portfolio", f"SELECT 100.0 * count(*) FILTER (WHERE {OCCUPIED}) / count(*) FROM units u", False),
    ("property", "ratio", "share of inspections that failed", "SELECT 100.0 * count(*) FILTER (WHERE NOT i.passed) / count(*) FROM inspections i", False),
    ("property", "ratio", "what percent of leases allow pets", "SELECT 100.0 * count(*) FILTER (WHERE l.pets_allowed) / count(*) FROM leases l", False),
    ("property", "having", "properties with more than 20 units", f"SELECT p.name, count(*) FROM {UNIT_P} GROUP BY p.name HAVING count(*) > 20", False),
    ("property", "having", "request categories where the average repair cost is above 300", "SELECT r.category, avg(r.cost) FROM maintenance_requests r GROUP BY r.category HAVING avg(r.cost) > 300", False),
    ("property", "having", "cities where we have over 50 units", f"SELECT p.city, count(*) FROM {UNIT_P} GROUP BY p.city HAVING count(*) > 50", False),
    ("property", "having", "vendors with more than 100 jobs", f"SELECT v.company_name, count(*) FROM {REQ_V} GROUP BY v.company_name HAVING count(*) > 100", False),
    ("property", "distinct_count", "how many different units have had a pest problem", "SELECT count(DISTINCT r.unit_id) FROM maintenance_requests r WHERE r.category = 'pest'", False),
    ("property", "distinct_count", "how many tenants are co-signers", "SELECT count(DISTINCT lt.tenant_id) FROM lease_tenants lt WHERE lt.role = 'co-signer'", False),
    ("property", "distinct_count", "how many cities do we own buildings in", "SELECT count(DISTINCT p.city) FROM properties p", False),
    ("property", "distinct_count", "how many distinct vendors did we use this year", "SELECT count(DISTINCT r.vendor_id) FROM maintenance_requests r WHERE " + THIS_YEAR.format(c="r.opened_at"), False),
    ("property", "anti_join", "how many units are vacant right now", f"SELECT count(*) FROM units u WHERE {VACANT}", False),
    ("property", "anti_join", "vendors we've never sent a job to", "SELECT v.company_name FROM vendors v WHERE NOT EXISTS (SELECT 1 FROM maintenance_requests r WHERE r.vendor_id = v.vendor_id)", False),
    ("property", "anti_join", "how many leases never had a late payment", "SELECT count(*) FROM leases l WHERE NOT EXISTS (SELECT 1 FROM rent_payments rp WHERE rp.lease_id = l.lease_id AND rp.late_fee > 0)", False),
    ("property", "anti_join", "vacant units at Riverside Lofts", f"SELECT u.unit_number FROM {UNIT_P} WHERE p.name = 'Riverside Lofts' AND {VACANT}", False),
    ("property", "vs_average", "how many units have a market rent above average", "SELECT count(*) FROM units u WHERE u.market_rent > (SELECT avg(market_rent) FROM units)", False),
    ("property", "vs_average", "vendors charging more than the average hourly rate", "SELECT v.company_name FROM vendors v WHERE v.hourly_rate > (SELECT avg(hourly_rate) FROM vendors)", False),
    ("property", "vs_average", "number of repairs that cost more than the average repair", "SELECT count(*) FROM maintenance_requests r WHERE r.cost > (SELECT avg(cost) FROM maintenance_requests)", False),
    ("property", "date_diff", "how old is Marcus Bell", "SELECT date_part('year', age(t.date_of_birth)) FROM tenants t WHERE t.first_name = 'Marcus' AND t.last_name = 'Bell'", False),
    ("property", "date_diff", "average length in days of leases that have ended", "SELECT avg(l.end_date - l.start_date) FROM leases l WHERE l.end_date IS NOT NULL", False),
    ("property", "date_diff", "how many days has Grace Okafor been renting from us", f"SELECT current_date - l.start_date FROM {TENANT_L} WHERE t.first_name = 'Grace' AND t.last_name = 'Okafor'", False),
    ("property", "date_diff", "how many years have we owned Harbor View", "SELECT date_part('year', age(p.acquired_on)) FROM properties p WHERE p.name = 'Harbor View'", False),
    ("property", "two_period", "rent collected this month vs last month", "SELECT sum(rp.amount) FILTER (WHERE " + THIS_MONTH.format(c="rp.paid_on") + "), sum(rp.amount) FILTER (WHERE " + LAST_MONTH.format(c="rp.paid_on") + ") FROM rent_payments rp", False),
    ("property", "two_period", "maintenance requests this year versus last year", "SELECT count(*) FILTER (WHERE " + THIS_YEAR.format(c="r.opened_at") + "), count(*) FILTER (WHERE " + LAST_YEAR.format(c="r.opened_at") + ") FROM maintenance_requests r", False),
    ("property", "two_period", "new leases last quarter compared with the quarter before", "SELECT count(*) FILTER (WHERE " + LAST_QUARTER.format(c="l.start_date") + "), count(*) FILTER (WHERE " + QUARTER_BEFORE.format(c="l.start_date") + ") FROM leases l", False),
)

WO_L = "mes_work_order w JOIN mes_line l ON l.line_id = w.line_id"
DT_R = "mes_downtime_event e JOIN ref_reason_code rc ON rc.reason_cd = e.reason_cd"
DT_M = "mes_downtime_event e JOIN mes_machine m ON m.machine_id = e.machine_id"
M_L = "mes_machine m JOIN mes_line l ON l.line_id = m.line_id"
DEF_WO = "qa_defect d JOIN qa_inspection qi ON qi.insp_id = d.insp_id JOIN mes_work_order w ON w.wo_id = qi.wo_id"
OP = "hr_operator o"

PLANT: tuple[tuple[str, str, str, str, bool], ...] = (
    ("plant", "value_filter", "kuka machines", "SELECT m.machine_nm FROM mes_machine m WHERE m.mfr_nm = 'KUKA'", False),
    ("plant", "value_filter", "who are the night shift leads", "SELECT o.first_nm, o.last_nm FROM hr_operator o WHERE o.job_cd = 'LEAD' AND o.shift_cd = 'C'", False),
    ("plant", "value_filter", "sku codes in the brackets family", "SELECT p.sku FROM mes_product p WHERE p.product_family = 'Brackets'", False),
    ("plant", "value_filter", "which skus are inactive", "SELECT p.sku FROM mes_product p WHERE NOT p.active_flg", False),
    ("plant", "count", "how many work orders are on hold", "SELECT count(*) FROM mes_work_order w WHERE w.wo_status = 'HLD'", False),
    ("plant", "count", "how many quality inspectors do we have", "SELECT count(*) FROM hr_operator o WHERE o.job_cd = 'QAI'", False),
    ("plant", "count", "number of failed inspections", "SELECT count(*) FROM qa_inspection qi WHERE qi.result_cd = 'FAIL'", False),
    ("plant", "count", "how many machines are on Press Line 1", f"SELECT count(*) FROM {M_L} WHERE l.line_nm = 'Press Line 1'", False),
    ("plant", "aggregate", "total scrap in kg", "SELECT sum(w.scrap_kg) FROM mes_work_order w", False),
    ("plant", "aggregate", "average length of a downtime event in minutes", "SELECT avg(e.duration_min) FROM mes_downtime_event e", False),
    ("plant", "aggregate", "total good parts from completed work orders", "SELECT sum(w.good_qty) FROM mes_work_order w WHERE w.wo_status = 'CMP'", False),
    ("plant", "aggregate", "heaviest product weight in kg", "SELECT max(p.unit_wt_kg) FROM mes_product p", False),
    ("plant", "top_n", "top 3 downtime reasons by total minutes", f"SELECT rc.reason_desc, sum(e.duration_min) FROM {DT_R} GROUP BY rc.reason_desc ORDER BY sum(e.duration_min) DESC LIMIT 3", True),
    ("plant", "top_n", "which line scrapped the most kg", f"SELECT l.line_nm, sum(w.scrap_kg) FROM {WO_L} GROUP BY l.line_nm ORDER BY sum(w.scrap_kg) DESC LIMIT 1", True),
    ("plant", "top_n", "top 5 skus by good quantity produced", "SELECT w.sku, sum(w.good_qty) FROM mes_work_order w GROUP BY w.sku ORDER BY sum(w.good_qty) DESC LIMIT 5", True),
    ("plant", "top_n", "which inspector has failed the most inspections", f"SELECT o.first_nm, o.last_nm, count(*) FROM qa_inspection qi JOIN {OP} ON o.operator_id = qi.inspector_id WHERE qi.result_cd = 'FAIL' GROUP BY o.operator_id, o.first_nm, o.last_nm ORDER BY count(*) DESC LIMIT 1", True),
    ("plant", "group_by", "downtime minutes by reason", f"SELECT rc.reason_desc, sum(e.duration_min) FROM {DT_R} GROUP BY rc.reason_desc", False),
    ("plant", "group_by", "work orders per shift", "SELECT s.shift_nm, count(*) FROM mes_work_order w JOIN mes_shift s ON s.shift_cd = w.shift_cd GROUP BY s.shift_nm", False),
    ("plant", "group_by", "defects by severity", "SELECT d.severity, count(*) FROM qa_defect d GROUP BY d.severity", False),
    ("plant", "group_by", "machine count per manufacturer", "SELECT m.mfr_nm, count(*) FROM mes_machine m GROUP BY m.mfr_nm", False),
    ("plant", "join", "which line is the leak tester on", f"SELECT l.line_nm FROM {M_L} WHERE m.machine_nm = 'Leak tester'", False),
    ("plant", "join", "how many work orders has Rosa Delgado led", f"SELECT count(*) FROM mes_work_order w JOIN {OP} ON o.operator_id = w.lead_operator_id WHERE o.first_nm = 'Rosa' AND o.last_nm = 'Delgado'", False),
    ("plant", "join", "total scrap kg on the battery housing", "SELECT sum(w.scrap_kg) FROM mes_work_order w JOIN mes_product p ON p.sku = w.sku WHERE p.product_desc = 'Battery housing'", False),
    ("plant", "join", "downtime minutes on Fanuc equipment", f"SELECT sum(e.duration_min) FROM {DT_M} WHERE m.mfr_nm = 'Fanuc'", False),
    ("plant", "multi_hop", "how many crack defects were found on Press Line 2 work orders", f"SELECT count(*) FROM {DEF_WO} JOIN mes_line l ON l.line_id = w.line_id WHERE d.defect_type = 'crack' AND l.line_nm = 'Press Line 2'", False),
    ("plant", "multi_hop", "critical defects on the seat frame assembly", f"SELECT count(*) FROM {DEF_WO} JOIN mes_product p ON p.sku = w.sku WHERE d.severity = 'critical' AND p.product_desc = 'Seat frame assembly'", False),
    ("plant", "multi_hop", "minutes lost to mechanical breakdowns on Weld Cell B", f"SELECT sum(e.duration_min) FROM {DT_M} JOIN mes_line l ON l.line_id = m.line_id JOIN ref_reason_code rc ON rc.reason_cd = e.reason_cd WHERE rc.reason_desc = 'Mechanical breakdown' AND l.line_nm = 'Weld Cell B'", False),
    ("plant", "multi_hop", "defects per product family", f"SELECT p.product_family, count(*) FROM {DEF_WO} JOIN mes_product p ON p.sku = w.sku GROUP BY p.product_family", False),
    ("plant", "relative_date", "scrap kg last week", "SELECT sum(w.scrap_kg) FROM mes_work_order w WHERE " + LAST_WEEK.format(c="w.start_ts"), False),
    ("plant", "relative_date", "downtime minutes in the last 7 days", "SELECT sum(e.duration_min) FROM mes_downtime_event e WHERE e.start_ts >= current_date - 7", False),
    ("plant", "relative_date", "how many work orders finished this month", "SELECT count(*) FROM mes_work_order w WHERE " + THIS_MONTH.format(c="w.end_ts"), False),
    ("plant", "relative_date", "failed inspections last month", "SELECT count(*) FROM qa_inspection qi WHERE qi.result_cd = 'FAIL' AND " + LAST_MONTH.format(c="qi.insp_ts"), False),
    ("plant", "ratio", "overall scrap rate", "SELECT 100.0 * sum(w.scrap_qty) / sum(w.good_qty + w.scrap_qty) FROM mes_work_order w", False),
    ("plant", "ratio", "what % of inspections passed", "SELECT 100.0 * count(*) FILTER (WHERE qi.result_cd = 'PASS') / count(*) FROM qa_inspection qi", False),
    ("plant", "ratio", "share of downtime minutes that was planned", f"SELECT 100.0 * sum(e.duration_min) FILTER (WHERE rc.planned_flg) / sum(e.duration_min) FROM {DT_R}", False),
    ("plant", "ratio", "percentage of work orders that got cancelled", "SELECT 100.0 * count(*) FILTER (WHERE w.wo_status = 'CNL') / count(*) FROM mes_work_order w", False),
    ("plant", "having", "skus with more than 25000 kg of scrap", "SELECT w.sku, sum(w.scrap_kg) FROM mes_work_order w GROUP BY w.sku HAVING sum(w.scrap_kg) > 25000", False),
    ("plant", "having", "manufacturers with more than 2 machines", "SELECT m.mfr_nm, count(*) FROM mes_machine m GROUP BY m.mfr_nm HAVING count(*) > 2", False),
    ("plant", "having", "defect types found more than 1500 times", "SELECT d.defect_type, count(*) FROM qa_defect d GROUP BY d.defect_type HAVING count(*) > 1500", False),
    ("plant", "having", "leads who have run more than 350 work orders", f"SELECT o.first_nm, o.last_nm, count(*) FROM mes_work_order w JOIN {OP} ON o.operator_id = w.lead_operator_id GROUP BY o.operator_id, o.first_nm, o.last_nm HAVING count(*) > 350", False),
    ("plant", "distinct_count", "how many different skus did we run last month", "SELECT count(DISTINCT w.sku) FROM mes_work_order w WHERE " + LAST_MONTH.format(c="w.start_ts"), False),
    ("plant", "distinct_count", "how many machines have ever had an electrical fault", f"SELECT count(DISTINCT e.machine_id) FROM {DT_R} WHERE rc.reason_desc = 'Electrical fault'", False),
    ("plant", "distinct_count", "how many product families are there", "SELECT count(DISTINCT p.product_family) FROM mes_product p", False),
    ("plant", "distinct_count", "how many distinct defect types has Weld Cell B produced", f"SELECT count(DISTINCT d.defect_type) FROM {DEF_WO} JOIN mes_line l ON l.line_id = w.line_id WHERE l.line_nm = 'Weld Cell B'", False),
    ("plant", "anti_join", "skus we've never made", "SELECT p.sku FROM mes_product p WHERE NOT EXISTS (SELECT 1 FROM mes_work_order w WHERE w.sku = p.sku)", False),
    ("plant", "anti_join", "reason codes that have never been used", "SELECT rc.reason_desc FROM ref_reason_code rc WHERE NOT EXISTS (SELECT 1 FROM mes_downtime_event e WHERE e.reason_cd = rc.reason_cd)", False),
    ("plant", "anti_join", "machines with no downtime ever logged", "SELECT m.machine_nm FROM mes_machine m WHERE NOT EXISTS (SELECT 1 FROM mes_downtime_event e WHERE e.machine_id = m.machine_id)", False),
    ("plant", "anti_join", "how many completed work orders had no downtime at all", "SELECT count(*) FROM mes_work_order w WHERE w.wo_status = 'CMP' AND NOT EXISTS (SELECT 1 FROM mes_downtime_event e WHERE e.wo_id = w.wo_id)", False),
    ("plant", "vs_average", "how many work orders scrapped more than the average", "SELECT count(*) FROM mes_work_order w WHERE w.scrap_qty > (SELECT avg(scrap_qty) FROM mes_work_order)", False),
    ("plant", "vs_average", "number of downtime events longer than average", "SELECT count(*) FROM mes_downtime_event e WHERE e.duration_min > (SELECT avg(duration_min) FROM mes_downtime_event)", False),
    ("plant", "vs_average", "products heavier than the average product", "SELECT p.sku FROM mes_product p WHERE p.unit_wt_kg > (SELECT avg(unit_wt_kg) FROM mes_product)", False),
    ("plant", "date_diff", "average work order run time in minutes", "SELECT avg(extract(epoch FROM w.end_ts - w.start_ts) / 60) FROM mes_work_order w WHERE w.end_ts IS NOT NULL", False),
    ("plant", "date_diff", "how many years has Press Line 2 been running", "SELECT date_part('year', age(l.commissioned_dt)) FROM mes_line l WHERE l.line_nm = 'Press Line 2'", False),
    ("plant", "date_diff", "average tenure in years of our maintenance techs", "SELECT avg(date_part('year', age(o.hire_dt))) FROM hr_operator o WHERE o.job_cd = 'MTN'", False),
    ("plant", "date_diff", "days since the leak tester was installed", "SELECT current_date - m.install_dt FROM mes_machine m WHERE m.machine_nm = 'Leak tester'", False),
    ("plant", "two_period", "scrap kg this month vs last month", "SELECT sum(w.scrap_kg) FILTER (WHERE " + THIS_MONTH.format(c="w.start_ts") + "), sum(w.scrap_kg) FILTER (WHERE " + LAST_MONTH.format(c="w.start_ts") + ") FROM mes_work_order w", False),
    ("plant", "two_period", "downtime minutes last week compared to the week before", "SELECT sum(e.duration_min) FILTER (WHERE " + LAST_WEEK.format(c="e.start_ts") + "), sum(e.duration_min) FILTER (WHERE " + WEEK_BEFORE.format(c="e.start_ts") + ") FROM mes_downtime_event e", False),
    ("plant", "two_period", "good parts this quarter versus last quarter", "SELECT sum(w.good_qty) FILTER (WHERE " + THIS_QUARTER.format(c="w.start_ts") + "), sum(w.good_qty) FILTER (WHERE " + LAST_QUARTER.format(c="w.start_ts") + ") FROM mes_work_order w", False),
)

QUESTIONS = PROPERTY + PLANT
