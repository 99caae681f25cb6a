"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev10/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them: words that are not
the column names ("accounts", "properties"/"premises", "bills", "usage"/"water used", "jobs",
"gang", "outage", "cats"/"dogs"/"bunnies", "no-shows", "techs", "shots"), terse fragments and
the odd typo, written before the reader's code was read.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', "
                "current_date) - interval '1 month'")
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
NEXT_WEEK = "{c} >= date_trunc('week', current_date) + interval '1 week' AND {c} < date_trunc('week', current_date) + interval '2 weeks'"
THIS_QUARTER = "{c} >= date_trunc('quarter', current_date)"
LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' AND {c} < date_trunc('quarter', "
                "current_date)")
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"

CONN = "service_connections sc JOIN customers c ON c.customer_id = sc.customer_id"
BILL = "invoices i JOIN service_connections sc ON sc.connection_id = i.connection_id JOIN customers c ON c.customer_id = sc.customer_id"
USE = "meter_readings mr JOIN meters m ON m.meter_id = mr.meter_id JOIN service_connections sc ON sc.connection_id = m.connection_id"
JOBS = "work_orders w JOIN crews cr ON cr.crew_id = w.crew_id"

WATER: tuple[tuple[str, str, str, str, bool], ...] = (
    ("water", "value_filter", "commercial accounts with no email on file", "SELECT c.name FROM customers c WHERE c.cust_class = 'commercial' AND c.email IS NULL", False),
    ("water", "value_filter", "disconnected properties in oakham", "SELECT sc.premise_addr FROM service_connections sc WHERE sc.status = 'disconnected' AND sc.town = 'Oakham'", False),
    ("water", "value_filter", "which streets had cast iron main breaks in catmose", "SELECT DISTINCT mb.street FROM main_breaks mb WHERE mb.material = 'CI' AND mb.zone = 'Catmose'", False),
    ("water", "count", "how many live connections are there", "SELECT count(*) FROM service_connections sc WHERE sc.status = 'active'", False),
    ("water", "count", "# of estimated reads", "SELECT count(*) FROM meter_readings mr WHERE mr.est", False),
    ("water", "count", "how many emergency work orders have we raised", "SELECT count(*) FROM work_orders w WHERE w.priority = 1", False),
    ("water", "aggregate", "average bill amount", "SELECT avg(i.amt) FROM invoices i", False),
    ("water", "aggregate", "total cost of completed jobs", "SELECT sum(w.cost) FROM work_orders w WHERE w.status = 'completed'", False),
    ("water", "aggregate", "largest single payment we've recieved", "SELECT max(p.amt) FROM payments p", False),
    ("water", "top_n", "top 5 customers by water used", f"SELECT c.name, sum(mr.qty) FROM {USE} JOIN customers c ON c.customer_id = sc.customer_id GROUP BY c.customer_id, c.name ORDER BY sum(mr.qty) DESC LIMIT 5", True),
    ("water", "top_n", "which crew has completed the most work orders", f"SELECT cr.crew_name, count(*) FROM {JOBS} WHERE w.status = 'completed' GROUP BY cr.crew_name ORDER BY count(*) DESC LIMIT 1", True),
    ("water", "top_n", "3 longest outages from main breaks", "SELECT mb.street, mb.restored_at - mb.reported_at FROM main_breaks mb WHERE mb.restored_at IS NOT NULL ORDER BY mb.restored_at - mb.reported_at DESC LIMIT 3", True),
    ("water", "group_by", "connections by town", "SELECT sc.town, count(*) FROM service_connections sc GROUP BY sc.town", False),
    ("water", "group_by", "no. of payments per payment method", "SELECT p.method, count(*) FROM payments p GROUP BY p.method", False),
    ("water", "group_by", "main breaks by pipe material", "SELECT mb.material, count(*) FROM main_breaks mb GROUP BY mb.material", False),
    ("water", "join", "which pressure zone is Harlow Brewing Co in", f"SELECT DISTINCT sc.zone FROM {CONN} WHERE c.name = 'Harlow Brewing Co'", False),
    ("water", "join", "serial numbers of the meters at Margaret Ellis's place", f"SELECT m.serial_no FROM meters m JOIN {CONN} ON sc.connection_id = m.connection_id WHERE c.name = 'Margaret Ellis'", False),
    ("water", "join", "how many work orders has Jo Whitaker's gang had", f"SELECT count(*) FROM {JOBS} WHERE cr.foreman = 'Jo Whitaker'", False),
    ("water", "multi_hop", "total billed to industrial customers this year", f"SELECT sum(i.amt) FROM {BILL} WHERE c.cust_class = 'industrial' AND " + THIS_YEAR.format(c="i.issued_dt"), False),
    ("water", "multi_hop", "water usage in the Burley High Level zone last month", f"SELECT sum(mr.qty) FROM {USE} WHERE sc.zone = 'Burley High Level' AND " + LAST_MONTH.format(c="mr.dt"), False),
    ("water", "multi_hop", "how much has Welland Dairies paid us", f"SELECT sum(p.amt) FROM payments p JOIN {BILL} ON i.invoice_id = p.invoice_id WHERE c.name = 'Welland Dairies'", False),
    ("water", "relative_date", "new accounts opened in the last 30 days", "SELECT c.name FROM customers c WHERE c.since >= current_date - 30", False),
    ("water", "relative_date", "how much did we collect last week", "SELECT sum(p.amt) FROM payments p WHERE " + LAST_WEEK.format(c="p.dt"), False),
    ("water", "relative_date", "how many jobs were raised this month", "SELECT count(*) FROM work_orders w WHERE " + THIS_MONTH.format(c="w.opened_dt"), False),
    ("water", "ratio", "what % of meter reads are estimated", "SELECT 100.0 * count(*) FILTER (WHERE mr.est) / count(*) FROM meter_readings mr", False),
    ("water", "ratio", "share of bills written off", "SELECT 100.0 * count(*) FILTER (WHERE i.status = 'written_off') / count(*) FROM invoices i", False),
    ("water", "ratio", "percentage of payments made by direct debit", "SELECT 100.0 * count(*) FILTER (WHERE p.method = 'direct debit') / count(*) FROM payments p", False),
    ("water", "having", "customers with more than 2 connections", f"SELECT c.name, count(*) FROM {CONN} GROUP BY c.customer_id, c.name HAVING count(*) > 2", False),
    ("water", "having", "zones with over 20 main breaks", "SELECT mb.zone, count(*) FROM main_breaks mb GROUP BY mb.zone HAVING count(*) > 20", False),
    ("water", "having", "crews that logged more than 350 labour hours", f"SELECT cr.crew_name, sum(w.labour_hrs) FROM {JOBS} GROUP BY cr.crew_name HAVING sum(w.labour_hrs) > 350", False),
    ("water", "distinct_count", "how many different meter makes do we have", "SELECT count(DISTINCT m.make) FROM meters m", False),
    ("water", "distinct_count", "how many customers have an overdue bill", "SELECT count(DISTINCT sc.customer_id) FROM invoices i JOIN service_connections sc ON sc.connection_id = i.connection_id WHERE i.status = 'open' AND i.due_dt < current_date", False),
    ("water", "distinct_count", "how many towns do we supply", "SELECT count(DISTINCT sc.town) FROM service_connections sc", False),
    ("water", "anti_join", "crews that never got a work order", "SELECT cr.crew_name FROM crews cr WHERE NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.crew_id = cr.crew_id)", False),
    ("water", "anti_join", "premises without a meter", "SELECT sc.premise_addr FROM service_connections sc WHERE NOT EXISTS (SELECT 1 FROM meters m WHERE m.connection_id = sc.connection_id)", False),
    ("water", "anti_join", "how many customers have never paid a bill", "SELECT count(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM payments p JOIN invoices i ON i.invoice_id = p.invoice_id JOIN service_connections sc ON sc.connection_id = i.connection_id WHERE sc.customer_id = c.customer_id)", False),
    ("water", "vs_average", "how many bills are above the average bill", "SELECT count(*) FROM invoices i WHERE i.amt > (SELECT avg(amt) FROM invoices)", False),
    ("water", "vs_average", "how many main breaks cut off more households than average", "SELECT count(*) FROM main_breaks mb WHERE mb.households_out > (SELECT avg(households_out) FROM main_breaks)", False),
    ("water", "vs_average", "work orders that cost more than the average job", "SELECT w.wo_id FROM work_orders w WHERE w.cost > (SELECT avg(cost) FROM work_orders)", False),
    ("water", "date_diff", "avg days to complete a work order", "SELECT avg(w.closed_dt - w.opened_dt) FROM work_orders w WHERE w.status = 'completed'", False),
    ("water", "date_diff", "average hours to restore supply after a main break", "SELECT avg(extract(epoch FROM mb.restored_at - mb.reported_at) / 3600) FROM main_breaks mb WHERE mb.restored_at IS NOT NULL", False),
    ("water", "date_diff", "average age in days of the meters still in service", "SELECT avg(current_date - m.installed_dt) FROM meters m WHERE m.removed_dt IS NULL", False),
    ("water", "two_period", "consumption last month vs the month before", "SELECT sum(mr.qty) FILTER (WHERE " + LAST_MONTH.format(c="mr.dt") + "), sum(mr.qty) FILTER (WHERE " + MONTH_BEFORE.format(c="mr.dt") + ") FROM meter_readings mr", False),
    ("water", "two_period", "main breaks this year compared to last year", "SELECT count(*) FILTER (WHERE " + THIS_YEAR.format(c="mb.reported_at") + "), count(*) FILTER (WHERE " + LAST_YEAR.format(c="mb.reported_at") + ") FROM main_breaks mb", False),
    ("water", "two_period", "amount billed this quarter vs last quarter", "SELECT sum(i.amt) FILTER (WHERE " + THIS_QUARTER.format(c="i.issued_dt") + "), sum(i.amt) FILTER (WHERE " + LAST_QUARTER.format(c="i.issued_dt") + ") FROM invoices i", False),
)

APPT = "vet_appt a JOIN vet_patient p ON p.pat_id = a.pat_id"
CHRG = "vet_chrg ch JOIN vet_appt a ON a.appt_id = ch.appt_id"
VET_STAFF = "vet_appt a JOIN vet_staff st ON st.stf_id = a.stf_id"

VET: tuple[tuple[str, str, str, str, bool], ...] = (
    ("vet", "value_filter", "golden retrievers over 35 kg", "SELECT p.pat_nm FROM vet_patient p WHERE p.pat_breed_nm = 'Golden Retriever' AND p.pat_wt_kg > 35", False),
    ("vet", "value_filter", "cats that have passed away", "SELECT p.pat_nm FROM vet_patient p JOIN vet_spcs_cd s ON s.spcs_cd = p.spcs_cd WHERE s.spcs_desc = 'Feline' AND p.pat_dcsd_flg = 'Y'", False),
    ("vet", "value_filter", "vets at the dublin clinic", "SELECT st.stf_first_nm, st.stf_last_nm FROM vet_staff st JOIN vet_clinic c ON c.cln_id = st.cln_id WHERE c.cln_city_nm = 'Dublin' AND st.stf_role_cd = 'DVM'", False),
    ("vet", "count", "how many no-shows have we had", "SELECT count(*) FROM vet_appt a WHERE a.appt_stat_cd = 'NSH'", False),
    ("vet", "count", "how many bunnies are registered", "SELECT count(*) FROM vet_patient p WHERE p.spcs_cd = 'LAG'", False),
    ("vet", "count", "number of vet techs currently employed", "SELECT count(*) FROM vet_staff st WHERE st.stf_role_cd = 'RVT' AND st.stf_term_dt IS NULL", False),
    ("vet", "aggregate", "average weight of dogs", "SELECT avg(p.pat_wt_kg) FROM vet_patient p WHERE p.spcs_cd = 'CAN'", False),
    ("vet", "aggregate", "total discounts given", "SELECT sum(ch.chrg_disc_amt) FROM vet_chrg ch", False),
    ("vet", "aggregate", "avg list price of lab tests", "SELECT avg(s.svc_list_amt) FROM vet_svc s WHERE s.svc_cat_cd = 'LAB'", False),
    ("vet", "top_n", "top 3 dog breeds", "SELECT p.pat_breed_nm, count(*) FROM vet_patient p WHERE p.spcs_cd = 'CAN' AND p.pat_breed_nm IS NOT NULL GROUP BY p.pat_breed_nm ORDER BY count(*) DESC LIMIT 3", True),
    ("vet", "top_n", "which vet has done the most surgeries", f"SELECT st.stf_first_nm, st.stf_last_nm, count(*) FROM {VET_STAFF} WHERE a.appt_typ_cd = 'SURG' AND a.appt_stat_cd = 'CMP' GROUP BY st.stf_id, st.stf_first_nm, st.stf_last_nm ORDER BY count(*) DESC LIMIT 1", True),
    ("vet", "top_n", "5 highest grossing services", "SELECT s.svc_desc, sum(ch.chrg_amt) FROM vet_chrg ch JOIN vet_svc s ON s.svc_cd = ch.svc_cd GROUP BY s.svc_desc ORDER BY sum(ch.chrg_amt) DESC LIMIT 5", True),
    ("vet", "group_by", "appointments by status", "SELECT st.appt_stat_desc, count(*) FROM vet_appt a JOIN vet_appt_stat_cd st ON st.appt_stat_cd = a.appt_stat_cd GROUP BY st.appt_stat_desc", False),
    ("vet", "group_by", "patients per species", "SELECT s.spcs_desc, count(*) FROM vet_patient p JOIN vet_spcs_cd s ON s.spcs_cd = p.spcs_cd GROUP BY s.spcs_desc", False),
    ("vet", "group_by", "revenue by clinic", f"SELECT c.cln_nm, sum(ch.chrg_amt) FROM {CHRG} JOIN vet_clinic c ON c.cln_id = a.cln_id GROUP BY c.cln_nm", False),
    ("vet", "join", "what species is Kiwi", "SELECT s.spcs_desc FROM vet_patient p JOIN vet_spcs_cd s ON s.spcs_cd = p.spcs_cd WHERE p.pat_nm = 'Kiwi'", False),
    ("vet", "join", "pets owned by Tom Becker", "SELECT p.pat_nm FROM vet_patient p JOIN vet_client c ON c.clt_id = p.clt_id WHERE c.clt_first_nm = 'Tom' AND c.clt_last_nm = 'Becker'", False),
    ("vet", "join", "which clinic does Nina Ivanova work at", "SELECT c.cln_nm FROM vet_staff st JOIN vet_clinic c ON c.cln_id = st.cln_id WHERE st.stf_first_nm = 'Nina' AND st.stf_last_nm = 'Ivanova'", False),
    ("vet", "multi_hop", "how much has Rosa Delgado spent with us", f"SELECT sum(ch.chrg_amt) FROM {CHRG} JOIN vet_patient p ON p.pat_id = a.pat_id JOIN vet_client c ON c.clt_id = p.clt_id WHERE c.clt_first_nm = 'Rosa' AND c.clt_last_nm = 'Delgado'", False),
    ("vet", "multi_hop", "revenue from feline patients", f"SELECT sum(ch.chrg_amt) FROM {CHRG} JOIN vet_patient p ON p.pat_id = a.pat_id WHERE p.spcs_cd = 'FEL'", False),
    ("vet", "multi_hop", "how many dental cleanings did Northside do last year", f"SELECT count(*) FROM {CHRG} JOIN vet_clinic c ON c.cln_id = a.cln_id WHERE ch.svc_cd = 'DEN-CLN' AND c.cln_nm = 'Northside Animal Hospital' AND " + LAST_YEAR.format(c="a.appt_dttm"), False),
    ("vet", "relative_date", "how many appointments are on the books for next week", "SELECT count(*) FROM vet_appt a WHERE a.appt_stat_cd = 'SCH' AND " + NEXT_WEEK.format(c="a.appt_dttm"), False),
    ("vet", "relative_date", "how many vaccinations come due in the next 30 days", "SELECT count(*) FROM vet_vacc v WHERE v.vacc_due_dt >= current_date AND v.vacc_due_dt < current_date + 30", False),
    ("vet", "relative_date", "new clients this month", "SELECT c.clt_first_nm, c.clt_last_nm FROM vet_client c WHERE " + THIS_MONTH.format(c="c.clt_reg_dt"), False),
    ("vet", "ratio", "no-show rate", "SELECT 100.0 * count(*) FILTER (WHERE a.appt_stat_cd = 'NSH') / count(*) FROM vet_appt a", False),
    ("vet", "ratio", "% of patients that are cats", "SELECT 100.0 * count(*) FILTER (WHERE p.spcs_cd = 'FEL') / count(*) FROM vet_patient p", False),
    ("vet", "ratio", "what share of revenue comes from surgery", "SELECT 100.0 * sum(ch.chrg_amt) FILTER (WHERE s.svc_cat_cd = 'SURG') / sum(ch.chrg_amt) FROM vet_chrg ch JOIN vet_svc s ON s.svc_cd = ch.svc_cd", False),
    ("vet", "having", "clients with more than 2 pets", "SELECT c.clt_first_nm, c.clt_last_nm, count(*) FROM vet_patient p JOIN vet_client c ON c.clt_id = p.clt_id GROUP BY c.clt_id, c.clt_first_nm, c.clt_last_nm HAVING count(*) > 2", False),
    ("vet", "having", "breeds with at least 50 patients", "SELECT p.pat_breed_nm, count(*) FROM vet_patient p GROUP BY p.pat_breed_nm HAVING count(*) >= 50", False),
    ("vet", "having", "clinics that billed over 85k", f"SELECT c.cln_nm, sum(ch.chrg_amt) FROM {CHRG} JOIN vet_clinic c ON c.cln_id = a.cln_id GROUP BY c.cln_nm HAVING sum(ch.chrg_amt) > 85000", False),
    ("vet", "distinct_count", "how many distinct breeds are in the system", "SELECT count(DISTINCT p.pat_breed_nm) FROM vet_patient p", False),
    ("vet", "distinct_count", "how many clients brought a pet in last month", f"SELECT count(DISTINCT p.clt_id) FROM {APPT} WHERE a.appt_stat_cd = 'CMP' AND " + LAST_MONTH.format(c="a.appt_dttm"), False),
    ("vet", "distinct_count", "how many different staff members has Biscuit seen", f"SELECT count(DISTINCT a.stf_id) FROM {APPT} WHERE p.pat_nm = 'Biscuit' AND a.appt_stat_cd = 'CMP'", False),
    ("vet", "anti_join", "services we've never charged for", "SELECT s.svc_desc FROM vet_svc s WHERE NOT EXISTS (SELECT 1 FROM vet_chrg ch WHERE ch.svc_cd = s.svc_cd)", False),
    ("vet", "anti_join", "species with no patients", "SELECT s.spcs_desc FROM vet_spcs_cd s WHERE NOT EXISTS (SELECT 1 FROM vet_patient p WHERE p.spcs_cd = s.spcs_cd)", False),
    ("vet", "anti_join", "how many dogs have never had a rabies shot", "SELECT count(*) FROM vet_patient p WHERE p.spcs_cd = 'CAN' AND NOT EXISTS (SELECT 1 FROM vet_vacc v WHERE v.pat_id = p.pat_id AND v.vacc_nm = 'Rabies')", False),
    ("vet", "vs_average", "how many dogs weigh more than the average dog", "SELECT count(*) FROM vet_patient p WHERE p.spcs_cd = 'CAN' AND p.pat_wt_kg > (SELECT avg(pat_wt_kg) FROM vet_patient WHERE spcs_cd = 'CAN')", False),
    ("vet", "vs_average", "services priced above average", "SELECT s.svc_desc FROM vet_svc s WHERE s.svc_list_amt > (SELECT avg(svc_list_amt) FROM vet_svc)", False),
    ("vet", "vs_average", "how many charges are bigger than the avg charge", "SELECT count(*) FROM vet_chrg ch WHERE ch.chrg_amt > (SELECT avg(chrg_amt) FROM vet_chrg)", False),
    ("vet", "date_diff", "average age of our cats in years", "SELECT avg(date_part('year', age(p.pat_birth_dt))) FROM vet_patient p WHERE p.spcs_cd = 'FEL' AND p.pat_birth_dt IS NOT NULL", False),
    ("vet", "date_diff", "how long has each clinic been open, in days", "SELECT c.cln_nm, current_date - c.cln_open_dt FROM vet_clinic c", False),
    ("vet", "date_diff", "days since Biscuit was last in", f"SELECT current_date - max(a.appt_dttm)::date FROM {APPT} WHERE p.pat_nm = 'Biscuit' AND a.appt_stat_cd = 'CMP'", False),
    ("vet", "two_period", "revenue this month vs last month", f"SELECT sum(ch.chrg_amt) FILTER (WHERE " + THIS_MONTH.format(c="a.appt_dttm") + "), sum(ch.chrg_amt) FILTER (WHERE " + LAST_MONTH.format(c="a.appt_dttm") + f") FROM {CHRG}", False),
    ("vet", "two_period", "no-shows this year vs last year", "SELECT count(*) FILTER (WHERE " + THIS_YEAR.format(c="a.appt_dttm") + "), count(*) FILTER (WHERE " + LAST_YEAR.format(c="a.appt_dttm") + ") FROM vet_appt a WHERE a.appt_stat_cd = 'NSH'", False),
    ("vet", "two_period", "new clients this quarter compared with last quarter", "SELECT count(*) FILTER (WHERE " + THIS_QUARTER.format(c="c.clt_reg_dt") + "), count(*) FILTER (WHERE " + LAST_QUARTER.format(c="c.clt_reg_dt") + ") FROM vet_client c", False),
)

QUESTIONS = WATER + VET
