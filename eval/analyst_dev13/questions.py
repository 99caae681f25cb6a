"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev11/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them: words that are not
the column names ("grounded", "tails", "write-ups", "gear", "captains", "left late", "signups",
"churned", "collected", "csat", "the api"), terse fragments and the odd typo, written before
the reader's code was read.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', "
                "current_date) - interval '1 month'")
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
THIS_QUARTER = "{c} >= date_trunc('quarter', current_date)"
LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' AND {c} < date_trunc('quarter', "
                "current_date)")
THIS_YEAR = "{c} >= date_trunc('year', current_date)"

TYPE = "acft a JOIN acft_typ t ON t.typ_cd = a.typ_cd"
PARTS = "wo_part wp JOIN part p ON p.part_no = wp.part_no JOIN mx_wo w ON w.wo_no = wp.wo_no"
ROSTER = "flt_crew fc JOIN crew c ON c.emp_no = fc.emp_no JOIN flt f ON f.flt_id = fc.flt_id"

FLEET: tuple[tuple[str, str, str, str, bool], ...] = (
    ("fleet", "value_filter", "which aircraft are grounded right now", "SELECT a.tail_no FROM acft a WHERE a.stat_cd = 'AOG'", False),
    ("fleet", "value_filter", "captains based in chicago", "SELECT c.first_nm, c.last_nm FROM crew c JOIN arpt ap ON ap.arpt_cd = c.base_arpt_cd WHERE c.rank_cd = 'CPT' AND ap.city_nm = 'Chicago'", False),
    ("fleet", "value_filter", "tails with an open landing gear defect", "SELECT DISTINCT d.tail_no FROM dfct d WHERE d.ata_chap = 32 AND d.clr_dt IS NULL", False),
    ("fleet", "count", "how many A321s do we have", "SELECT count(*) FROM acft a WHERE a.typ_cd = 'A321'", False),
    ("fleet", "count", "number of cancelled flights", "SELECT count(*) FROM flt f WHERE f.flt_stat_cd = 'CNL'", False),
    ("fleet", "count", "how many work orders are on hold waiting for parts", "SELECT count(*) FROM mx_wo w WHERE w.wo_stat_cd = 'HLD'", False),
    ("fleet", "aggregate", "average departure delay on completed flights", "SELECT avg(f.dly_min) FROM flt f WHERE f.flt_stat_cd = 'CMP'", False),
    ("fleet", "aggregate", "total labour hours spent on C checks", "SELECT sum(w.lbr_hrs) FROM mx_wo w WHERE w.wo_typ_cd = 'CCHK'", False),
    ("fleet", "aggregate", "most passengers we've boarded on one flight", "SELECT max(f.pax_qty) FROM flt f", False),
    ("fleet", "top_n", "which tail has had the most write-ups", "SELECT d.tail_no, count(*) FROM dfct d GROUP BY d.tail_no ORDER BY count(*) DESC LIMIT 1", True),
    ("fleet", "top_n", "top 3 most expensive parts", "SELECT p.part_desc, p.unit_cost FROM part p ORDER BY p.unit_cost DESC LIMIT 3", True),
    ("fleet", "top_n", "3 airport codes with the most departures", "SELECT f.dep_arpt_cd, count(*) FROM flt f GROUP BY f.dep_arpt_cd ORDER BY count(*) DESC LIMIT 3", True),
    ("fleet", "group_by", "defects by ata chapter", "SELECT d.ata_chap, count(*) FROM dfct d GROUP BY d.ata_chap", False),
    ("fleet", "group_by", "number of aircraft per manufacturer", f"SELECT t.mfr_nm, count(*) FROM {TYPE} GROUP BY t.mfr_nm", False),
    ("fleet", "group_by", "crew count by base airport code", "SELECT c.base_arpt_cd, count(*) FROM crew c GROUP BY c.base_arpt_cd", False),
    ("fleet", "join", "what model is N503JX", f"SELECT t.mdl_nm FROM {TYPE} WHERE a.tail_no = 'N503JX'", False),
    ("fleet", "join", "name of the airport Helen Marsh is based at", "SELECT ap.arpt_nm FROM crew c JOIN arpt ap ON ap.arpt_cd = c.base_arpt_cd WHERE c.first_nm = 'Helen' AND c.last_nm = 'Marsh'", False),
    ("fleet", "join", "how many defects have been written up on embraer aircraft", f"SELECT count(*) FROM dfct d JOIN {TYPE} ON a.tail_no = d.tail_no WHERE t.mfr_nm = 'Embraer'", False),
    ("fleet", "multi_hop", "how many completed flights has Helen Marsh flown", f"SELECT count(*) FROM {ROSTER} WHERE c.first_nm = 'Helen' AND c.last_nm = 'Marsh' AND f.flt_stat_cd = 'CMP'", False),
    ("fleet", "multi_hop", "total cost of parts fitted to Airbus aircraft", f"SELECT sum(wp.qty * p.unit_cost) FROM {PARTS} JOIN {TYPE} ON a.tail_no = w.tail_no WHERE t.mfr_nm = 'Airbus'", False),
    ("fleet", "multi_hop", "total passengers carried out of Denver on A320s", "SELECT sum(f.pax_qty) FROM flt f JOIN acft a ON a.tail_no = f.tail_no JOIN arpt ap ON ap.arpt_cd = f.dep_arpt_cd WHERE a.typ_cd = 'A320' AND ap.city_nm = 'Denver'", False),
    ("fleet", "relative_date", "how many flights were cancelled last week", "SELECT count(*) FROM flt f WHERE f.flt_stat_cd = 'CNL' AND " + LAST_WEEK.format(c="f.sched_dep_ts"), False),
    ("fleet", "relative_date", "# of defects reported in the past 30 days", "SELECT count(*) FROM dfct d WHERE d.rpt_dt >= current_date - 30", False),
    ("fleet", "relative_date", "how many work orders were opened this month", "SELECT count(*) FROM mx_wo w WHERE " + THIS_MONTH.format(c="w.open_dt"), False),
    ("fleet", "ratio", "what share of defects got deferred under the MEL", "SELECT 100.0 * count(*) FILTER (WHERE d.mel_ind) / count(*) FROM dfct d", False),
    ("fleet", "ratio", "% of the fleet that is AOG", "SELECT 100.0 * count(*) FILTER (WHERE a.stat_cd = 'AOG') / count(*) FROM acft a", False),
    ("fleet", "ratio", "what percent of completed flights left more than 15 min late", "SELECT 100.0 * count(*) FILTER (WHERE f.dly_min > 15) / count(*) FROM flt f WHERE f.flt_stat_cd = 'CMP'", False),
    ("fleet", "having", "tails with more than 25 defects", "SELECT d.tail_no, count(*) FROM dfct d GROUP BY d.tail_no HAVING count(*) > 25", False),
    ("fleet", "having", "stations that handled over 100 work orders", "SELECT w.stn_cd, count(*) FROM mx_wo w GROUP BY w.stn_cd HAVING count(*) > 100", False),
    ("fleet", "having", "flight numbers averaging more than 12 minutes of delay", "SELECT f.flt_no, avg(f.dly_min) FROM flt f GROUP BY f.flt_no HAVING avg(f.dly_min) > 12", False),
    ("fleet", "distinct_count", "how many different airports do we fly into", "SELECT count(DISTINCT f.arr_arpt_cd) FROM flt f", False),
    ("fleet", "distinct_count", "how many tails have an open defect", "SELECT count(DISTINCT d.tail_no) FROM dfct d WHERE d.clr_dt IS NULL", False),
    ("fleet", "distinct_count", "how many distinct part numbers have been used on A checks", "SELECT count(DISTINCT wp.part_no) FROM wo_part wp JOIN mx_wo w ON w.wo_no = wp.wo_no WHERE w.wo_typ_cd = 'ACHK'", False),
    ("fleet", "anti_join", "airports we never fly out of", "SELECT ap.arpt_nm FROM arpt ap WHERE NOT EXISTS (SELECT 1 FROM flt f WHERE f.dep_arpt_cd = ap.arpt_cd)", False),
    ("fleet", "anti_join", "parts that have never been fitted on a work order", "SELECT p.part_desc FROM part p WHERE NOT EXISTS (SELECT 1 FROM wo_part wp WHERE wp.part_no = p.part_no)", False),
    ("fleet", "anti_join", "aircraft models we don't have any of", "SELECT t.mdl_nm FROM acft_typ t WHERE NOT EXISTS (SELECT 1 FROM acft a WHERE a.typ_cd = t.typ_cd)", False),
    ("fleet", "vs_average", "how many flights carried more passengers than average", "SELECT count(*) FROM flt f WHERE f.pax_qty > (SELECT avg(pax_qty) FROM flt)", False),
    ("fleet", "vs_average", "aircraft with above average flight hours", "SELECT a.tail_no FROM acft a WHERE a.tot_fh > (SELECT avg(tot_fh) FROM acft)", False),
    ("fleet", "vs_average", "parts that cost more than the average part", "SELECT p.part_desc FROM part p WHERE p.unit_cost > (SELECT avg(unit_cost) FROM part)", False),
    ("fleet", "date_diff", "average days to clear a defect", "SELECT avg(d.clr_dt - d.rpt_dt) FROM dfct d WHERE d.clr_dt IS NOT NULL", False),
    ("fleet", "date_diff", "how old is N301JX in years", "SELECT date_part('year', age(a.dlvr_dt)) FROM acft a WHERE a.tail_no = 'N301JX'", False),
    ("fleet", "date_diff", "longest C check in days", "SELECT max(w.cls_dt - w.open_dt) FROM mx_wo w WHERE w.wo_typ_cd = 'CCHK'", False),
    ("fleet", "two_period", "defects this month vs last month", "SELECT count(*) FILTER (WHERE " + THIS_MONTH.format(c="d.rpt_dt") + "), count(*) FILTER (WHERE " + LAST_MONTH.format(c="d.rpt_dt") + ") FROM dfct d", False),
    ("fleet", "two_period", "passengers boarded last month compared to the month before", "SELECT sum(f.pax_qty) FILTER (WHERE " + LAST_MONTH.format(c="f.sched_dep_ts") + "), sum(f.pax_qty) FILTER (WHERE " + MONTH_BEFORE.format(c="f.sched_dep_ts") + ") FROM flt f", False),
    ("fleet", "two_period", "labour hours booked this quarter vs last quarter", "SELECT sum(w.lbr_hrs) FILTER (WHERE " + THIS_QUARTER.format(c="w.open_dt") + "), sum(w.lbr_hrs) FILTER (WHERE " + LAST_QUARTER.format(c="w.open_dt") + ") FROM mx_wo w", False),
)

SUBS = "fact_subscription s JOIN dim_account a ON a.account_sk = s.account_sk"
INV_D = "fact_invoice i JOIN dim_date d ON d.date_key = i.invoice_date_key"
TKT = "fact_support_ticket t JOIN dim_agent g ON g.agent_sk = t.agent_sk"
TKT_D = "fact_support_ticket t JOIN dim_date d ON d.date_key = t.opened_date_key"
SIGNUP = "dim_account a JOIN dim_date d ON d.date_key = a.signup_date_key"

SAAS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("saas", "value_filter", "enterprise accounts in germany", "SELECT a.account_name FROM dim_account a WHERE a.segment = 'Enterprise' AND a.country_code = 'DE'", False),
    ("saas", "value_filter", "which plans are billed annually", "SELECT p.plan_name FROM dim_plan p WHERE p.billing_period = 'annual'", False),
    ("saas", "value_filter", "urgent bug tickets that are still unresolved", "SELECT t.ticket_number FROM fact_support_ticket t WHERE t.priority = 'urgent' AND t.category = 'bug' AND t.resolved_date_key IS NULL", False),
    ("saas", "count", "how many subscriptions are past due", "SELECT count(*) FROM fact_subscription s WHERE s.status = 'past_due'", False),
    ("saas", "count", "how many healthcare customers do we have", "SELECT count(*) FROM dim_account a WHERE a.industry = 'Healthcare'", False),
    ("saas", "count", "number of voided invoices", "SELECT count(*) FROM fact_invoice i WHERE i.invoice_status = 'void'", False),
    ("saas", "aggregate", "current mrr", "SELECT sum(s.mrr_amount) FROM fact_subscription s WHERE s.status <> 'canceled'", False),
    ("saas", "aggregate", "average csat score", "SELECT avg(t.csat_score) FROM fact_support_ticket t", False),
    ("saas", "aggregate", "biggest invoice amount ever", "SELECT max(i.amount_due) FROM fact_invoice i", False),
    ("saas", "top_n", "top 5 accounts by amount paid", "SELECT a.account_name, sum(i.amount_paid) FROM fact_invoice i JOIN dim_account a ON a.account_sk = i.account_sk GROUP BY a.account_sk, a.account_name ORDER BY sum(i.amount_paid) DESC LIMIT 5", True),
    ("saas", "top_n", "which support agent has resolved the most tickets", f"SELECT g.agent_name, count(*) FROM {TKT} WHERE t.resolved_date_key IS NOT NULL GROUP BY g.agent_name ORDER BY count(*) DESC LIMIT 1", True),
    ("saas", "top_n", "most common churn reason", "SELECT r.reason_desc, count(*) FROM fact_subscription s JOIN dim_churn_reason r ON r.churn_reason_sk = s.churn_reason_sk GROUP BY r.reason_desc ORDER BY count(*) DESC LIMIT 1", True),
    ("saas", "group_by", "subscriptions by plan", "SELECT p.plan_name, count(*) FROM fact_subscription s JOIN dim_plan p ON p.plan_sk = s.plan_sk GROUP BY p.plan_name", False),
    ("saas", "group_by", "tickets per category", "SELECT t.category, count(*) FROM fact_support_ticket t GROUP BY t.category", False),
    ("saas", "group_by", "how many accounts in each country", "SELECT a.country_code, count(*) FROM dim_account a GROUP BY a.country_code", False),
    ("saas", "join", "what plan is Initech on", "SELECT p.plan_name FROM fact_subscription s JOIN dim_account a ON a.account_sk = s.account_sk JOIN dim_plan p ON p.plan_sk = s.plan_sk WHERE a.account_name = 'Initech'", False),
    ("saas", "join", "how many tickets has Globex Corporation opened", "SELECT count(*) FROM fact_support_ticket t JOIN dim_account a ON a.account_sk = t.account_sk WHERE a.account_name = 'Globex Corporation'", False),
    ("saas", "join", "how much has Northwind Traders paid us in total", "SELECT sum(i.amount_paid) FROM fact_invoice i JOIN dim_account a ON a.account_sk = i.account_sk WHERE a.account_name = 'Northwind Traders'", False),
    ("saas", "multi_hop", "mrr from enterprise segment accounts on the Business plan", f"SELECT sum(s.mrr_amount) FROM {SUBS} JOIN dim_plan p ON p.plan_sk = s.plan_sk WHERE a.segment = 'Enterprise' AND p.plan_name = 'Business' AND s.status <> 'canceled'", False),
    ("saas", "multi_hop", "amount collected from GB customers on annual plans", "SELECT sum(i.amount_paid) FROM fact_invoice i JOIN fact_subscription s ON s.subscription_sk = i.subscription_sk JOIN dim_plan p ON p.plan_sk = s.plan_sk JOIN dim_account a ON a.account_sk = i.account_sk WHERE a.country_code = 'GB' AND p.billing_period = 'annual'", False),
    ("saas", "multi_hop", "how many tickets did the Billing team resolve for SMB accounts", f"SELECT count(*) FROM {TKT} JOIN dim_account a ON a.account_sk = t.account_sk WHERE g.team = 'Billing' AND a.segment = 'SMB' AND t.resolved_date_key IS NOT NULL", False),
    ("saas", "relative_date", "how many accounts signed up last month", f"SELECT count(*) FROM {SIGNUP} WHERE " + LAST_MONTH.format(c="d.full_date"), False),
    ("saas", "relative_date", "how many tickets came in over the last 7 days", f"SELECT count(*) FROM {TKT_D} WHERE d.full_date >= current_date - 7", False),
    ("saas", "relative_date", "revenue collected this year", f"SELECT sum(i.amount_paid) FROM {INV_D} WHERE " + THIS_YEAR.format(c="d.full_date"), False),
    ("saas", "ratio", "what % of subscriptions have been canceled", "SELECT 100.0 * count(*) FILTER (WHERE s.status = 'canceled') / count(*) FROM fact_subscription s", False),
    ("saas", "ratio", "share of invoices that went uncollectible", "SELECT 100.0 * count(*) FILTER (WHERE i.invoice_status = 'uncollectible') / count(*) FROM fact_invoice i", False),
    ("saas", "ratio", "what percentage of tickets are urgent", "SELECT 100.0 * count(*) FILTER (WHERE t.priority = 'urgent') / count(*) FROM fact_support_ticket t", False),
    ("saas", "having", "accounts with at least 10 support tickets", "SELECT a.account_name, count(*) FROM fact_support_ticket t JOIN dim_account a ON a.account_sk = t.account_sk GROUP BY a.account_sk, a.account_name HAVING count(*) >= 10", False),
    ("saas", "having", "agents whose average csat is below 4", f"SELECT g.agent_name, avg(t.csat_score) FROM {TKT} GROUP BY g.agent_name HAVING avg(t.csat_score) < 4", False),
    ("saas", "having", "industries with over 50 accounts", "SELECT a.industry, count(*) FROM dim_account a GROUP BY a.industry HAVING count(*) > 50", False),
    ("saas", "distinct_count", "how many accounts used the api last week", "SELECT count(DISTINCT u.account_sk) FROM fact_usage u JOIN dim_date d ON d.date_key = u.date_key WHERE u.feature = 'api_call' AND " + LAST_WEEK.format(c="d.full_date"), False),
    ("saas", "distinct_count", "how many different accounts have raised a ticket", "SELECT count(DISTINCT t.account_sk) FROM fact_support_ticket t", False),
    ("saas", "distinct_count", "how many countries are our enterprise customers in", "SELECT count(DISTINCT a.country_code) FROM dim_account a WHERE a.segment = 'Enterprise'", False),
    ("saas", "anti_join", "plans nobody has ever subscribed to", "SELECT p.plan_name FROM dim_plan p WHERE NOT EXISTS (SELECT 1 FROM fact_subscription s WHERE s.plan_sk = p.plan_sk)", False),
    ("saas", "anti_join", "agents who haven't been assigned any tickets", "SELECT g.agent_name FROM dim_agent g WHERE NOT EXISTS (SELECT 1 FROM fact_support_ticket t WHERE t.agent_sk = g.agent_sk)", False),
    ("saas", "anti_join", "how many accounts have never opened a support ticket", "SELECT count(*) FROM dim_account a WHERE NOT EXISTS (SELECT 1 FROM fact_support_ticket t WHERE t.account_sk = a.account_sk)", False),
    ("saas", "vs_average", "how many subscriptions have more seats than average", "SELECT count(*) FROM fact_subscription s WHERE s.seats > (SELECT avg(seats) FROM fact_subscription)", False),
    ("saas", "vs_average", "number of invoices above the average invoice amount", "SELECT count(*) FROM fact_invoice i WHERE i.amount_due > (SELECT avg(amount_due) FROM fact_invoice)", False),
    ("saas", "vs_average", "plans priced above the average list price", "SELECT p.plan_name FROM dim_plan p WHERE p.list_price > (SELECT avg(list_price) FROM dim_plan)", False),
    ("saas", "date_diff", "average days to resolve a ticket", "SELECT avg(r.full_date - o.full_date) FROM fact_support_ticket t JOIN dim_date o ON o.date_key = t.opened_date_key JOIN dim_date r ON r.date_key = t.resolved_date_key", False),
    ("saas", "date_diff", "on average how many days did canceled subscriptions last", "SELECT avg(e.full_date - b.full_date) FROM fact_subscription s JOIN dim_date b ON b.date_key = s.start_date_key JOIN dim_date e ON e.date_key = s.end_date_key WHERE s.status = 'canceled'", False),
    ("saas", "date_diff", "how many days has Initech been a customer", f"SELECT current_date - d.full_date FROM {SIGNUP} WHERE a.account_name = 'Initech'", False),
    ("saas", "two_period", "revenue collected this month vs last month", f"SELECT sum(i.amount_paid) FILTER (WHERE " + THIS_MONTH.format(c="d.full_date") + "), sum(i.amount_paid) FILTER (WHERE " + LAST_MONTH.format(c="d.full_date") + f") FROM {INV_D}", False),
    ("saas", "two_period", "signups this quarter versus last quarter", f"SELECT count(*) FILTER (WHERE " + THIS_QUARTER.format(c="d.full_date") + "), count(*) FILTER (WHERE " + LAST_QUARTER.format(c="d.full_date") + f") FROM {SIGNUP}", False),
    ("saas", "two_period", "tickets last month compared with the month before", f"SELECT count(*) FILTER (WHERE " + LAST_MONTH.format(c="d.full_date") + "), count(*) FILTER (WHERE " + MONTH_BEFORE.format(c="d.full_date") + f") FROM {TKT_D}", False),
)

QUESTIONS = FLEET + SAAS
