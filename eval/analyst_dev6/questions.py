"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff, share and two_period. Phrased as a busy analyst types them: informal
words and synonyms that are not the column names ("jobs" for work orders, "techs", "billed",
"casual riders", "e-bikes", "labour"), written before the reader's code was read.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', current_date)"
                " - interval '1 month'")
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
THIS_QUARTER = "{c} >= date_trunc('quarter', current_date)"
LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' AND {c} < date_trunc('quarter', "
                "current_date)")
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"
RIDER = "r.first_name, r.last_name"
INV_ACCT = "inv_hdr i JOIN wo_hdr w ON w.wo_id = i.wo_id JOIN cust_acct a ON a.acct_id = w.acct_id"
FROM_START = "trips t JOIN stations s ON s.station_id = t.start_station_id"

HVAC: tuple[tuple[str, str, str, str, bool], ...] = (
    ("hvac", "value_filter", "commercial accounts in Riverton", "SELECT a.acct_nm FROM cust_acct a WHERE a.acct_type = 'COMM' AND a.city_nm = 'Riverton'", False),
    ("hvac", "value_filter", "which thermostats do we stock", "SELECT p.part_desc FROM part_mstr p WHERE p.part_cat = 'Thermostats'", False),
    ("hvac", "count", "how many residential customers are there", "SELECT count(*) FROM cust_acct a WHERE a.acct_type = 'RES'", False),
    ("hvac", "count", "how many jobs got cancelled", "SELECT count(*) FROM wo_hdr w WHERE w.wo_stat = 'CXL'", False),
    ("hvac", "count", "number of unpaid invoices", "SELECT count(*) FROM inv_hdr i WHERE i.paid_dt IS NULL", False),
    ("hvac", "aggregate", "total billed last year", "SELECT sum(i.amt_usd) FROM inv_hdr i WHERE " + LAST_YEAR.format(c="i.inv_dt"), False),
    ("hvac", "aggregate", "avg labour hours on repair jobs", "SELECT avg(w.labor_hrs) FROM wo_hdr w WHERE w.wo_type = 'REPAIR'", False),
    ("hvac", "aggregate", "how much is still outstanding on unpaid invoices", "SELECT sum(i.amt_usd) FROM inv_hdr i WHERE i.paid_dt IS NULL", False),
    ("hvac", "group_by", "breakdown of jobs by type", "SELECT w.wo_type, count(*) FROM wo_hdr w GROUP BY w.wo_type", False),
    ("hvac", "group_by", "invoiced amount per city", f"SELECT a.city_nm, sum(i.amt_usd) FROM {INV_ACCT} GROUP BY a.city_nm", False),
    ("hvac", "group_by", "parts spend by category", "SELECT p.part_cat, sum(wp.ext_amt_usd) FROM wo_part wp JOIN part_mstr p ON p.part_id = wp.part_id GROUP BY p.part_cat", False),
    ("hvac", "having", "customers with more than 80 jobs", "SELECT a.acct_nm, count(*) FROM wo_hdr w JOIN cust_acct a ON a.acct_id = w.acct_id GROUP BY a.acct_nm HAVING count(*) > 80", False),
    ("hvac", "having", "techs who have logged over 600 hours", "SELECT t.tech_nm, sum(w.labor_hrs) FROM wo_hdr w JOIN svc_tech t ON t.tech_id = w.tech_id GROUP BY t.tech_nm HAVING sum(w.labor_hrs) > 600", False),
    ("hvac", "distinct_count", "how many customers did we service last month", "SELECT count(DISTINCT w.acct_id) FROM wo_hdr w WHERE w.wo_stat = 'DONE' AND " + LAST_MONTH.format(c="w.cmpl_ts"), False),
    ("hvac", "distinct_count", "how many different parts have we used this year", "SELECT count(DISTINCT wp.part_id) FROM wo_part wp JOIN wo_hdr w ON w.wo_id = wp.wo_id WHERE " + THIS_YEAR.format(c="w.sched_dt"), False),
    ("hvac", "relative_date", "how many jobs are scheduled in the next 7 days", "SELECT count(*) FROM wo_hdr w WHERE w.sched_dt >= current_date AND w.sched_dt < current_date + 7", False),
    ("hvac", "relative_date", "how many invoices went out this week", "SELECT count(*) FROM inv_hdr i WHERE i.inv_dt >= date_trunc('week', current_date)", False),
    ("hvac", "relative_date", "new accounts opened in the past 90 days", "SELECT a.acct_nm FROM cust_acct a WHERE a.open_dt >= current_date - 90", False),
    ("hvac", "ratio", "job cancellation rate", "SELECT 100.0 * count(*) FILTER (WHERE w.wo_stat = 'CXL') / count(*) FROM wo_hdr w", False),
    ("hvac", "ratio", "billed per labour hour", "SELECT sum(i.amt_usd) / sum(w.labor_hrs) FROM inv_hdr i JOIN wo_hdr w ON w.wo_id = i.wo_id", False),
    ("hvac", "share", "what % of jobs are urgent", "SELECT 100.0 * count(*) FILTER (WHERE w.prio_cd = 'P1') / count(*) FROM wo_hdr w", False),
    ("hvac", "share", "share of invoiced dollars from commercial customers", f"SELECT 100.0 * sum(i.amt_usd) FILTER (WHERE a.acct_type = 'COMM') / sum(i.amt_usd) FROM {INV_ACCT}", False),
    ("hvac", "join", "how many jobs has Marco Diaz completed", "SELECT count(*) FROM wo_hdr w JOIN svc_tech t ON t.tech_id = w.tech_id WHERE t.tech_nm = 'Marco Diaz' AND w.wo_stat = 'DONE'", False),
    ("hvac", "join", "jobs for Greenleaf Apartments this year", "SELECT count(*) FROM wo_hdr w JOIN cust_acct a ON a.acct_id = w.acct_id WHERE a.acct_nm = 'Greenleaf Apartments' AND " + THIS_YEAR.format(c="w.sched_dt"), False),
    ("hvac", "multi_hop", "total billed to Harbor View Dental", f"SELECT sum(i.amt_usd) FROM {INV_ACCT} WHERE a.acct_nm = 'Harbor View Dental'", False),
    ("hvac", "multi_hop", "how many compressors went into Northgate Mall jobs", "SELECT sum(wp.qty) FROM wo_part wp JOIN part_mstr p ON p.part_id = wp.part_id JOIN wo_hdr w ON w.wo_id = wp.wo_id JOIN cust_acct a ON a.acct_id = w.acct_id WHERE p.part_cat = 'Compressors' AND a.acct_nm = 'Northgate Mall'", False),
    ("hvac", "multi_hop", "which techs have worked at Summit Fitness", "SELECT DISTINCT t.tech_nm FROM svc_tech t JOIN wo_hdr w ON w.tech_id = t.tech_id JOIN cust_acct a ON a.acct_id = w.acct_id WHERE a.acct_nm = 'Summit Fitness'", False),
    ("hvac", "anti_join", "techs with no jobs", "SELECT t.tech_nm FROM svc_tech t WHERE NOT EXISTS (SELECT 1 FROM wo_hdr w WHERE w.tech_id = t.tech_id)", False),
    ("hvac", "anti_join", "commercial customers we haven't been out to this quarter", "SELECT a.acct_nm FROM cust_acct a WHERE a.acct_type = 'COMM' AND NOT EXISTS (SELECT 1 FROM wo_hdr w WHERE w.acct_id = a.acct_id AND " + THIS_QUARTER.format(c="w.sched_dt") + ")", False),
    ("hvac", "top_n", "top 5 customers by billing", f"SELECT a.acct_nm, sum(i.amt_usd) FROM {INV_ACCT} GROUP BY a.acct_nm ORDER BY sum(i.amt_usd) DESC LIMIT 5", True),
    ("hvac", "top_n", "which tech finished the most jobs last month", "SELECT t.tech_nm, count(*) FROM wo_hdr w JOIN svc_tech t ON t.tech_id = w.tech_id WHERE w.wo_stat = 'DONE' AND " + LAST_MONTH.format(c="w.cmpl_ts") + " GROUP BY t.tech_nm ORDER BY count(*) DESC LIMIT 1", True),
    ("hvac", "top_n", "most used part", "SELECT p.part_desc, sum(wp.qty) FROM wo_part wp JOIN part_mstr p ON p.part_id = wp.part_id GROUP BY p.part_desc ORDER BY sum(wp.qty) DESC LIMIT 1", True),
    ("hvac", "two_period", "invoiced this year compared to last year", "SELECT sum(i.amt_usd) FILTER (WHERE " + THIS_YEAR.format(c="i.inv_dt") + "), sum(i.amt_usd) FILTER (WHERE " + LAST_YEAR.format(c="i.inv_dt") + ") FROM inv_hdr i", False),
    ("hvac", "two_period", "jobs last month vs the month before", "SELECT count(*) FILTER (WHERE " + LAST_MONTH.format(c="w.sched_dt") + "), count(*) FILTER (WHERE " + MONTH_BEFORE.format(c="w.sched_dt") + ") FROM wo_hdr w", False),
    ("hvac", "vs_average", "techs paid above average", "SELECT t.tech_nm FROM svc_tech t WHERE t.hrly_rate_usd > (SELECT avg(hrly_rate_usd) FROM svc_tech)", False),
    ("hvac", "vs_average", "how many invoices are bigger than average", "SELECT count(*) FROM inv_hdr i WHERE i.amt_usd > (SELECT avg(amt_usd) FROM inv_hdr)", False),
    ("hvac", "date_diff", "avg days to get paid", "SELECT avg(i.paid_dt - i.inv_dt) FROM inv_hdr i WHERE i.paid_dt IS NOT NULL", False),
    ("hvac", "date_diff", "average tech tenure in years", "SELECT avg(date_part('year', age(t.hire_dt))) FROM svc_tech t", False),
)

BIKESHARE: tuple[tuple[str, str, str, str, bool], ...] = (
    ("bikeshare", "value_filter", "stations in Old Town", "SELECT s.station_name FROM stations s WHERE s.neighborhood = 'Old Town'", False),
    ("bikeshare", "value_filter", "retired e-bikes", "SELECT b.bike_id FROM bikes b WHERE b.bike_type = 'electric' AND b.retired_on IS NOT NULL", False),
    ("bikeshare", "count", "how many casual riders do we have", "SELECT count(*) FROM riders r WHERE r.membership = 'pay_as_you_go'", False),
    ("bikeshare", "count", "number of e-bikes still in service", "SELECT count(*) FROM bikes b WHERE b.bike_type = 'electric' AND b.retired_on IS NULL", False),
    ("bikeshare", "aggregate", "total fares last month", "SELECT sum(t.fare) FROM trips t WHERE " + LAST_MONTH.format(c="t.started_at"), False),
    ("bikeshare", "aggregate", "average ride distance", "SELECT avg(t.distance_km) FROM trips t", False),
    ("bikeshare", "aggregate", "average number of rides per rider", "SELECT avg(n) FROM (SELECT count(*) AS n FROM trips t GROUP BY t.rider_id) per_rider", False),
    ("bikeshare", "group_by", "rides by neighborhood", f"SELECT s.neighborhood, count(*) FROM {FROM_START} GROUP BY s.neighborhood", False),
    ("bikeshare", "group_by", "repair costs by issue", "SELECT rp.issue, sum(rp.cost) FROM repairs rp GROUP BY rp.issue", False),
    ("bikeshare", "group_by", "monthly ride count this year", "SELECT date_trunc('month', t.started_at) AS month, count(*) FROM trips t WHERE " + THIS_YEAR.format(c="t.started_at") + " GROUP BY 1 ORDER BY 1", True),
    ("bikeshare", "having", "stations with more than 600 departures", f"SELECT s.station_name, count(*) FROM {FROM_START} GROUP BY s.station_name HAVING count(*) > 600", False),
    ("bikeshare", "having", "riders who took more than 60 trips", f"SELECT {RIDER}, count(*) FROM trips t JOIN riders r ON r.rider_id = t.rider_id GROUP BY r.rider_id, r.first_name, r.last_name HAVING count(*) > 60", False),
    ("bikeshare", "distinct_count", "how many riders rode last week", "SELECT count(DISTINCT t.rider_id) FROM trips t WHERE " + LAST_WEEK.format(c="t.started_at"), False),
    ("bikeshare", "distinct_count", "how many different bikes got used yesterday", "SELECT count(DISTINCT t.bike_id) FROM trips t WHERE t.started_at >= current_date - 1 AND t.started_at < current_date", False),
    ("bikeshare", "relative_date", "rides today", "SELECT count(*) FROM trips t WHERE t.started_at >= current_date", False),
    ("bikeshare", "relative_date", "how many repairs were reported in the last 14 days", "SELECT count(*) FROM repairs rp WHERE rp.reported_on >= current_date - 14", False),
    ("bikeshare", "relative_date", "stations opened this year", "SELECT s.station_name FROM stations s WHERE " + THIS_YEAR.format(c="s.opened_on"), False),
    ("bikeshare", "ratio", "fare per km", "SELECT sum(t.fare) / sum(t.distance_km) FROM trips t", False),
    ("bikeshare", "ratio", "percentage of repairs still open", "SELECT 100.0 * count(*) FILTER (WHERE rp.fixed_on IS NULL) / count(*) FROM repairs rp", False),
    ("bikeshare", "share", "what share of trips were on e-bikes", "SELECT 100.0 * count(*) FILTER (WHERE b.bike_type = 'electric') / count(*) FROM trips t JOIN bikes b ON b.bike_id = t.bike_id", False),
    ("bikeshare", "share", "% of fare revenue from annual members", "SELECT 100.0 * sum(t.fare) FILTER (WHERE r.membership = 'annual') / sum(t.fare) FROM trips t JOIN riders r ON r.rider_id = t.rider_id", False),
    ("bikeshare", "join", "how many trips has Hana Sato taken", "SELECT count(*) FROM trips t JOIN riders r ON r.rider_id = t.rider_id WHERE r.first_name = 'Hana' AND r.last_name = 'Sato'", False),
    ("bikeshare", "join", "rides starting at Union Square last month", f"SELECT count(*) FROM {FROM_START} WHERE s.station_name = 'Union Square' AND " + LAST_MONTH.format(c="t.started_at"), False),
    ("bikeshare", "join", "how many trips ended in the Harbour area", "SELECT count(*) FROM trips t JOIN stations s ON s.station_id = t.end_station_id WHERE s.neighborhood = 'Harbour'", False),
    ("bikeshare", "multi_hop", "e-bike rides from Old Town by monthly members", f"SELECT count(*) FROM {FROM_START} JOIN bikes b ON b.bike_id = t.bike_id JOIN riders r ON r.rider_id = t.rider_id WHERE b.bike_type = 'electric' AND s.neighborhood = 'Old Town' AND r.membership = 'monthly'", False),
    ("bikeshare", "multi_hop", "which neighborhoods has Grace Adeyemi ridden from", f"SELECT DISTINCT s.neighborhood FROM {FROM_START} JOIN riders r ON r.rider_id = t.rider_id WHERE r.first_name = 'Grace' AND r.last_name = 'Adeyemi'", False),
    ("bikeshare", "anti_join", "how many bikes have never needed a repair", "SELECT count(*) FROM bikes b WHERE NOT EXISTS (SELECT 1 FROM repairs rp WHERE rp.bike_id = b.bike_id)", False),
    ("bikeshare", "anti_join", "riders with no trips in the last 30 days", f"SELECT {RIDER} FROM riders r WHERE NOT EXISTS (SELECT 1 FROM trips t WHERE t.rider_id = r.rider_id AND t.started_at >= current_date - 30)", False),
    ("bikeshare", "top_n", "busiest station", f"SELECT s.station_name, count(*) FROM {FROM_START} GROUP BY s.station_name ORDER BY count(*) DESC LIMIT 1", True),
    ("bikeshare", "top_n", "top 10 riders by distance", f"SELECT {RIDER}, sum(t.distance_km) FROM trips t JOIN riders r ON r.rider_id = t.rider_id GROUP BY r.rider_id, r.first_name, r.last_name ORDER BY sum(t.distance_km) DESC LIMIT 10", True),
    ("bikeshare", "top_n", "which issue costs us the most to fix", "SELECT rp.issue, sum(rp.cost) FROM repairs rp GROUP BY rp.issue ORDER BY sum(rp.cost) DESC LIMIT 1", True),
    ("bikeshare", "two_period", "fare revenue this year compared to last year", "SELECT sum(t.fare) FILTER (WHERE " + THIS_YEAR.format(c="t.started_at") + "), sum(t.fare) FILTER (WHERE " + LAST_YEAR.format(c="t.started_at") + ") FROM trips t", False),
    ("bikeshare", "two_period", "repairs this quarter vs last quarter", "SELECT count(*) FILTER (WHERE " + THIS_QUARTER.format(c="rp.reported_on") + "), count(*) FILTER (WHERE " + LAST_QUARTER.format(c="rp.reported_on") + ") FROM repairs rp", False),
    ("bikeshare", "vs_average", "how many trips were longer than average", "SELECT count(*) FROM trips t WHERE t.distance_km > (SELECT avg(distance_km) FROM trips)", False),
    ("bikeshare", "vs_average", "stations with more docks than average", "SELECT s.station_name FROM stations s WHERE s.dock_count > (SELECT avg(dock_count) FROM stations)", False),
    ("bikeshare", "date_diff", "average rider age", "SELECT avg(date_part('year', age(r.date_of_birth))) FROM riders r", False),
    ("bikeshare", "date_diff", "avg days to fix a bike", "SELECT avg(rp.fixed_on - rp.reported_on) FROM repairs rp WHERE rp.fixed_on IS NOT NULL", False),
    ("bikeshare", "date_diff", "average ride time in minutes", "SELECT avg(extract(epoch FROM t.ended_at - t.started_at) / 60) FROM trips t", False),
)

QUESTIONS = HVAC + BIKESHARE
