"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev15/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them, in the trade's own
words ("SIM-only", "churned", "roamers", "handsets", "texts", "jobs", "subs", "on the payroll",
"waiting on approval"), terse fragments.
"""

from __future__ import annotations

from eval.analyst_dev.periods import (LAST_MONTH, MONTH_BEFORE, THIS_MONTH, THIS_WEEK, LAST_WEEK, WEEK_BEFORE, YESTERDAY, THIS_YEAR, LAST_YEAR,
                                      period as _p)


def _q(alias: str, column: str) -> str:
    """A quoted camelCase column of ``alias``."""
    return f'{alias}."{column}"'


U = '"usageRecords" u'
L_S = '"lines" l JOIN "subscribers" s ON s."subscriberId" = l."subscriberId"'
L_P = '"lines" l JOIN "plans" p ON p."planId" = l."planId"'
U_T = '"usageRecords" u JOIN "cellTowers" t ON t."towerId" = u."towerId"'

TELECOM: tuple[tuple[str, str, str, str, bool], ...] = (
    ("telecom", "value_filter", "plans costing more than 40 a month, with the fee",
     'SELECT p."planName", p."monthlyFee" FROM "plans" p WHERE p."monthlyFee" > 40', False),
    ("telecom", "value_filter", "samsung phones that do 5g",
     'SELECT d."modelName" FROM "devices" d WHERE d."manufacturer" = \'Samsung\' AND d."supports5g"', False),
    ("telecom", "value_filter", "what's the monthly fee on unlimited plus",
     'SELECT p."monthlyFee" FROM "plans" p WHERE p."planName" = \'Unlimited Plus\'', False),
    ("telecom", "value_filter", "prepaid plans we still sell",
     'SELECT p."planName" FROM "plans" p WHERE p."planType" = \'prepaid\' AND p."isActive"', False),
    ("telecom", "value_filter", "site codes of our masts in cork",
     'SELECT t."siteCode" FROM "cellTowers" t WHERE t."city" = \'Cork\'', False),

    ("telecom", "count", "how many lines are suspended right now",
     'SELECT count(*) FROM "lines" l WHERE l."status" = \'suspended\'', False),
    ("telecom", "count", "number of business customers",
     'SELECT count(*) FROM "subscribers" s WHERE s."isBusiness"', False),
    ("telecom", "count", "how many 5G towers have we got",
     'SELECT count(*) FROM "cellTowers" t WHERE t."technology" = \'5G\'', False),
    ("telecom", "count", "how many texts were sent while roaming",
     f'SELECT count(*) FROM {U} WHERE u."usageType" = \'sms\' AND u."isRoaming"', False),

    ("telecom", "aggregate", "average monthly fee across postpaid plans",
     'SELECT avg(p."monthlyFee") FROM "plans" p WHERE p."planType" = \'postpaid\'', False),
    ("telecom", "aggregate", "total MB of data used abroad on roaming",
     f'SELECT sum(u."dataMb") FROM {U} WHERE u."usageType" = \'data\' AND u."isRoaming"', False),
    ("telecom", "aggregate", "longest call ever, in seconds",
     f'SELECT max(u."durationSeconds") FROM {U} WHERE u."usageType" = \'call\'', False),
    ("telecom", "aggregate", "what's the average satisfaction score on support tickets",
     'SELECT avg(k."satisfactionScore") FROM "supportTickets" k', False),

    ("telecom", "top_n", "top 3 customers by roaming charges",
     f'SELECT s."firstName", s."lastName", sum(u."charge") AS roaming FROM {U} JOIN {L_S} ON l."lineId" = u."lineId" '
     'WHERE u."isRoaming" GROUP BY s."subscriberId", s."firstName", s."lastName" ORDER BY roaming DESC LIMIT 3', True),
    ("telecom", "top_n", "which mast carried the most calls",
     f'SELECT t."siteCode", count(*) AS calls FROM {U_T} WHERE u."usageType" = \'call\' GROUP BY t."siteCode" '
     'ORDER BY calls DESC LIMIT 1', True),
    ("telecom", "top_n", "3 most popular handsets on our lines",
     'SELECT d."modelName", count(*) AS lines FROM "lines" l JOIN "devices" d ON d."deviceId" = l."deviceId" '
     'GROUP BY d."modelName" ORDER BY lines DESC LIMIT 3', True),
    ("telecom", "top_n", "which country do roamers burn the most data in",
     f'SELECT u."roamingCountry", sum(u."dataMb") AS mb FROM {U} WHERE u."isRoaming" AND u."usageType" = \'data\' '
     'GROUP BY u."roamingCountry" ORDER BY mb DESC LIMIT 1', True),

    ("telecom", "group_by", "lines per status",
     'SELECT l."status", count(*) FROM "lines" l GROUP BY l."status"', False),
    ("telecom", "group_by", "how many subscribers in each city",
     'SELECT s."city", count(*) FROM "subscribers" s GROUP BY s."city"', False),
    ("telecom", "group_by", "top-up money by channel",
     'SELECT x."channel", sum(x."amount") FROM "topUps" x GROUP BY x."channel"', False),
    ("telecom", "group_by", "support tickets per category",
     'SELECT k."category", count(*) FROM "supportTickets" k GROUP BY k."category"', False),

    ("telecom", "join", "numbers of the active lines on Smart 30",
     f'SELECT l."phoneNumber" FROM {L_P} WHERE p."planName" = \'Smart 30\' AND l."status" = \'active\'', False),
    ("telecom", "join", "how many support tickets came from business customers",
     'SELECT count(*) FROM "supportTickets" k JOIN "subscribers" s ON s."subscriberId" = k."subscriberId" '
     'WHERE s."isBusiness"', False),
    ("telecom", "join", "total data in MB carried by 5G towers",
     f'SELECT sum(u."dataMb") FROM {U_T} WHERE t."technology" = \'5G\'', False),
    ("telecom", "join", "how many lines belong to customers in galway",
     f'SELECT count(*) FROM {L_S} WHERE s."city" = \'Galway\'', False),

    ("telecom", "relative_date", "how many new subscribers signed up last month",
     f'SELECT count(*) FROM "subscribers" s WHERE {_p(LAST_MONTH, _q("s", "createdAt"))}', False),
    ("telecom", "relative_date", "calls made yesterday",
     f'SELECT count(*) FROM {U} WHERE u."usageType" = \'call\' AND {_p(YESTERDAY, _q("u", "occurredAt"))}', False),
    ("telecom", "relative_date", "how much was topped up last month",
     f'SELECT sum(x."amount") FROM "topUps" x WHERE {_p(LAST_MONTH, _q("x", "toppedUpAt"))}', False),
    ("telecom", "relative_date", "how many lines were cancelled in the last 90 days",
     'SELECT count(*) FROM "lines" l WHERE l."status" = \'cancelled\' AND l."endedAt" >= current_date - 90', False),
    ("telecom", "relative_date", "tickets opened in the past 7 days",
     'SELECT count(*) FROM "supportTickets" k WHERE k."openedAt" >= current_date - 7', False),

    ("telecom", "ratio", "what percentage of lines have churned",
     'SELECT 100.0 * count(*) FILTER (WHERE l."status" = \'cancelled\') / count(*) FROM "lines" l', False),
    ("telecom", "ratio", "what % of calls were made while roaming",
     f'SELECT 100.0 * count(*) FILTER (WHERE u."isRoaming") / count(*) FROM {U} WHERE u."usageType" = \'call\'',
     False),
    ("telecom", "ratio", "of the bills that got paid, what share was paid after the due date",
     'SELECT 100.0 * count(*) FILTER (WHERE b."paidAt" > b."dueDate") / count(*) FROM "bills" b '
     'WHERE b."paidAt" IS NOT NULL', False),
    ("telecom", "ratio", "what % of lines are SIM-only",
     'SELECT 100.0 * count(*) FILTER (WHERE l."deviceId" IS NULL) / count(*) FROM "lines" l', False),

    ("telecom", "having", "customers with more than 2 lines",
     f'SELECT s."firstName", s."lastName", count(*) FROM {L_S} GROUP BY s."subscriberId", s."firstName", '
     's."lastName" HAVING count(*) > 2', False),
    ("telecom", "having", "cities with over 20 subscribers",
     'SELECT s."city", count(*) FROM "subscribers" s GROUP BY s."city" HAVING count(*) > 20', False),
    ("telecom", "having", "plans that more than 30 lines have been on",
     f'SELECT p."planName", count(*) FROM {L_P} GROUP BY p."planName" HAVING count(*) > 30', False),
    ("telecom", "having", "masts that handled more than 500 data sessions",
     f'SELECT t."siteCode", count(*) FROM {U_T} WHERE u."usageType" = \'data\' GROUP BY t."siteCode" '
     'HAVING count(*) > 500', False),

    ("telecom", "distinct_count", "how many customers have ever raised a ticket",
     'SELECT count(DISTINCT k."subscriberId") FROM "supportTickets" k', False),
    ("telecom", "distinct_count", "how many different countries have our customers roamed in",
     f'SELECT count(DISTINCT u."roamingCountry") FROM {U} WHERE u."isRoaming"', False),
    ("telecom", "distinct_count", "how many lines roamed last month",
     f'SELECT count(DISTINCT u."lineId") FROM {U} WHERE u."isRoaming" AND {_p(LAST_MONTH, _q("u", "occurredAt"))}',
     False),
    ("telecom", "distinct_count", "how many phone brands do we carry",
     'SELECT count(DISTINCT d."manufacturer") FROM "devices" d', False),

    ("telecom", "anti_join", "plans nobody has ever been on",
     'SELECT p."planName" FROM "plans" p WHERE NOT EXISTS (SELECT 1 FROM "lines" l WHERE l."planId" = p."planId")',
     False),
    ("telecom", "anti_join", "customers who never contacted support",
     'SELECT s."firstName", s."lastName" FROM "subscribers" s WHERE NOT EXISTS (SELECT 1 FROM "supportTickets" k '
     'WHERE k."subscriberId" = s."subscriberId")', False),
    ("telecom", "anti_join", "towers that have never carried any traffic",
     'SELECT t."siteCode" FROM "cellTowers" t WHERE NOT EXISTS (SELECT 1 FROM "usageRecords" u '
     'WHERE u."towerId" = t."towerId")', False),
    ("telecom", "anti_join", "handsets that were never sold with a line",
     'SELECT d."modelName" FROM "devices" d WHERE NOT EXISTS (SELECT 1 FROM "lines" l '
     'WHERE l."deviceId" = d."deviceId")', False),

    ("telecom", "vs_average", "which plans cost more than the average plan",
     'SELECT p."planName" FROM "plans" p WHERE p."monthlyFee" > (SELECT avg("monthlyFee") FROM "plans")', False),
    ("telecom", "vs_average", "how many calls lasted longer than the average call",
     f'SELECT count(*) FROM {U} WHERE u."usageType" = \'call\' AND u."durationSeconds" > (SELECT '
     'avg("durationSeconds") FROM "usageRecords" WHERE "usageType" = \'call\')', False),
    ("telecom", "vs_average", "handsets priced above the average handset",
     'SELECT d."modelName" FROM "devices" d WHERE d."retailPrice" > (SELECT avg("retailPrice") FROM "devices")', False),

    ("telecom", "date_diff", "how old is our oldest subscriber",
     'SELECT max(date_part(\'year\', age(s."birthDate"))) FROM "subscribers" s', False),
    ("telecom", "date_diff", "average hours to close a support ticket",
     'SELECT avg(extract(epoch FROM k."closedAt" - k."openedAt") / 3600) FROM "supportTickets" k '
     'WHERE k."closedAt" IS NOT NULL', False),
    ("telecom", "date_diff", "on average how many days did cancelled lines last",
     'SELECT avg(l."endedAt" - l."startedAt") FROM "lines" l WHERE l."status" = \'cancelled\'', False),

    ("telecom", "two_period", "data used this month vs last month, in MB",
     f'SELECT sum(u."dataMb") FILTER (WHERE {_p(THIS_MONTH, _q("u", "occurredAt"))}), sum(u."dataMb") FILTER '
     f'(WHERE {_p(LAST_MONTH, _q("u", "occurredAt"))}) FROM {U}', False),
    ("telecom", "two_period", "support tickets last week compared with the week before",
     f'SELECT count(*) FILTER (WHERE {_p(LAST_WEEK, _q("k", "openedAt"))}), count(*) FILTER (WHERE '
     f'{_p(WEEK_BEFORE, _q("k", "openedAt"))}) FROM "supportTickets" k', False),
    ("telecom", "two_period", "amount billed this year against last year",
     f'SELECT sum(b."amount") FILTER (WHERE {_p(THIS_YEAR, _q("b", "periodStart"))}), sum(b."amount") FILTER '
     f'(WHERE {_p(LAST_YEAR, _q("b", "periodStart"))}) FROM "bills" b', False),

    ("telecom", "multi_hop", "customers who've ever had a line with an iPhone 15",
     f'SELECT DISTINCT s."firstName", s."lastName" FROM {L_S} JOIN "devices" d ON d."deviceId" = l."deviceId" '
     'WHERE d."modelName" = \'iPhone 15\'', False),
    ("telecom", "multi_hop", "total billed to Business Pro lines",
     f'SELECT sum(b."amount") FROM "bills" b JOIN {L_P} ON l."lineId" = b."lineId" '
     'WHERE p."planName" = \'Business Pro\'', False),
    ("telecom", "multi_hop", "roaming charges racked up by customers in cork",
     f'SELECT sum(u."charge") FROM {U} JOIN {L_S} ON l."lineId" = u."lineId" WHERE u."isRoaming" AND '
     's."city" = \'Cork\'', False),
    ("telecom", "multi_hop", "call minutes per plan",
     f'SELECT p."planName", sum(u."durationSeconds") / 60.0 FROM {U} JOIN {L_P} ON l."lineId" = u."lineId" '
     'WHERE u."usageType" = \'call\' GROUP BY p."planName"', False),
)

P_C = "proj p JOIN client c ON c.client_no = p.client_no"
T_P = "timesheet t JOIN proj p ON p.proj_no = t.proj_no"
B_S = "bid b JOIN subcon s ON s.sub_cd = b.sub_cd"

CONSTRUCTION: tuple[tuple[str, str, str, str, bool], ...] = (
    ("construction", "value_filter", "jobs in fort collins",
     "SELECT p.proj_nm FROM proj p WHERE p.site_city = 'Fort Collins'", False),
    ("construction", "value_filter", "our electrical subs",
     "SELECT s.sub_nm FROM subcon s WHERE s.trade_desc = 'Electrical'", False),
    ("construction", "value_filter", "what's the contract worth on the Summit Plaza Parking Structure",
     "SELECT p.contract_amt FROM proj p WHERE p.proj_nm = 'Summit Plaza Parking Structure'", False),
    ("construction", "value_filter", "which projects are on hold",
     "SELECT p.proj_nm FROM proj p WHERE p.status_cd = 'HLD'", False),
    ("construction", "value_filter", "clients that are public agencies",
     "SELECT c.client_nm FROM client c WHERE c.client_typ = 'P'", False),

    ("construction", "count", "how many active carpenters do we have",
     "SELECT count(*) FROM emp e WHERE e.role_cd = 'CARP' AND e.active_flg = 'Y'", False),
    ("construction", "count", "number of failed inspections",
     "SELECT count(*) FROM insp i WHERE i.insp_rslt = 'F'", False),
    ("construction", "count", "how many change orders are still waiting on approval",
     "SELECT count(*) FROM chg_ord co WHERE co.appr_dt IS NULL", False),
    ("construction", "count", "how many jobs are we bidding on",
     "SELECT count(*) FROM proj p WHERE p.status_cd = 'BID'", False),

    ("construction", "aggregate", "total contract value of active jobs",
     "SELECT sum(p.contract_amt) FROM proj p WHERE p.status_cd = 'ACT'", False),
    ("construction", "aggregate", "average bid amount",
     "SELECT avg(b.bid_amt) FROM bid b", False),
    ("construction", "aggregate", "total overtime hours on the timesheets",
     "SELECT sum(t.ot_hrs) FROM timesheet t", False),
    ("construction", "aggregate", "highest hourly rate we pay anyone",
     "SELECT max(e.hrly_rate) FROM emp e", False),

    ("construction", "top_n", "biggest job by contract value",
     "SELECT p.proj_nm, p.contract_amt FROM proj p ORDER BY p.contract_amt DESC LIMIT 1", True),
    ("construction", "top_n", "top 3 subs by number of bids submitted",
     f"SELECT s.sub_nm, count(*) AS bids FROM {B_S} GROUP BY s.sub_nm ORDER BY bids DESC LIMIT 3", True),
    ("construction", "top_n", "who logged the most overtime",
     "SELECT e.first_nm, e.last_nm, sum(t.ot_hrs) AS ot FROM timesheet t JOIN emp e ON e.emp_no = t.emp_no "
     "GROUP BY e.emp_no, e.first_nm, e.last_nm ORDER BY ot DESC LIMIT 1", True),
    ("construction", "top_n", "top 5 clients by total contract value",
     f"SELECT c.client_nm, sum(p.contract_amt) AS total FROM {P_C} GROUP BY c.client_nm ORDER BY total DESC LIMIT 5",
     True),

    ("construction", "group_by", "number of projects in each status",
     "SELECT ps.status_desc, count(*) FROM proj p JOIN proj_stat ps ON ps.status_cd = p.status_cd "
     "GROUP BY ps.status_desc", False),
    ("construction", "group_by", "number of employees per role code, inactive ones included",
     "SELECT e.role_cd, count(*) FROM emp e GROUP BY e.role_cd", False),
    ("construction", "group_by", "change order dollars by job",
     "SELECT p.proj_nm, sum(co.co_amt) FROM chg_ord co JOIN proj p ON p.proj_no = co.proj_no GROUP BY p.proj_nm",
     False),
    ("construction", "group_by", "how many inspections of each type",
     "SELECT i.insp_typ, count(*) FROM insp i GROUP BY i.insp_typ", False),
    ("construction", "group_by", "crew size on each active job",
     "SELECT p.proj_nm, count(*) FROM crew_assgn ca JOIN proj p ON p.proj_no = ca.proj_no "
     "WHERE p.status_cd = 'ACT' GROUP BY p.proj_nm", False),

    ("construction", "join", "all jobs for the City of Boulder, whatever their status",
     f"SELECT p.proj_nm FROM {P_C} WHERE c.client_nm = 'City of Boulder'", False),
    ("construction", "join", "who's the PM on Fire Station 7 New Build",
     "SELECT e.first_nm, e.last_nm FROM proj p JOIN emp e ON e.emp_no = p.pm_emp_no "
     "WHERE p.proj_nm = 'Fire Station 7 New Build'", False),
    ("construction", "join", "how many bids has Granite Concrete sent us",
     f"SELECT count(*) FROM {B_S} WHERE s.sub_nm = 'Granite Concrete Co.'", False),
    ("construction", "join", "how many inspections has the Longmont Medical Office Building had",
     "SELECT count(*) FROM insp i JOIN proj p ON p.proj_no = i.proj_no "
     "WHERE p.proj_nm = 'Longmont Medical Office Building'", False),

    ("construction", "relative_date", "hours logged this week, overtime included",
     f"SELECT sum(t.reg_hrs + t.ot_hrs) FROM timesheet t WHERE {_p(THIS_WEEK, 't.work_dt')}", False),
    ("construction", "relative_date", "how many change orders came in last month",
     f"SELECT count(*) FROM chg_ord co WHERE {_p(LAST_MONTH, 'co.co_dt')}", False),
    ("construction", "relative_date", "jobs due to start in the next 60 days",
     "SELECT p.proj_nm FROM proj p WHERE p.start_dt >= current_date AND p.start_dt < current_date + 60", False),
    ("construction", "relative_date", "inspections in the past 30 days",
     "SELECT count(*) FROM insp i WHERE i.insp_dt >= current_date - 30", False),
    ("construction", "relative_date", "subs whose license runs out in the next 30 days",
     "SELECT s.sub_nm FROM subcon s WHERE s.lic_exp_dt >= current_date AND s.lic_exp_dt < current_date + 30", False),
    ("construction", "relative_date", "active jobs already past their estimated end date",
     "SELECT p.proj_nm FROM proj p WHERE p.status_cd = 'ACT' AND p.est_end_dt < current_date", False),

    ("construction", "ratio", "inspection failure rate",
     "SELECT 100.0 * count(*) FILTER (WHERE i.insp_rslt = 'F') / count(*) FROM insp i", False),
    ("construction", "ratio", "what percentage of bids were awarded",
     "SELECT 100.0 * count(*) FILTER (WHERE b.award_flg = 'Y') / count(*) FROM bid b", False),
    ("construction", "ratio", "overtime as a % of all hours worked",
     "SELECT 100.0 * sum(t.ot_hrs) / sum(t.reg_hrs + t.ot_hrs) FROM timesheet t", False),
    ("construction", "ratio", "what share of change orders were credits (negative amounts)",
     "SELECT 100.0 * count(*) FILTER (WHERE co.co_amt < 0) / count(*) FROM chg_ord co", False),

    ("construction", "having", "jobs with more than 4 change orders",
     "SELECT p.proj_nm, count(*) FROM chg_ord co JOIN proj p ON p.proj_no = co.proj_no GROUP BY p.proj_nm "
     "HAVING count(*) > 4", False),
    ("construction", "having", "subs that have bid more than 10 times",
     f"SELECT s.sub_nm, count(*) FROM {B_S} GROUP BY s.sub_nm HAVING count(*) > 10", False),
    ("construction", "having", "employees who've been on more than 6 project crews",
     "SELECT e.first_nm, e.last_nm, count(*) FROM crew_assgn ca JOIN emp e ON e.emp_no = ca.emp_no "
     "GROUP BY e.emp_no, e.first_nm, e.last_nm HAVING count(*) > 6", False),
    ("construction", "having", "inspectors who have failed more than 4 inspections",
     "SELECT i.inspector_nm, count(*) FROM insp i WHERE i.insp_rslt = 'F' GROUP BY i.inspector_nm "
     "HAVING count(*) > 4", False),

    ("construction", "distinct_count", "how many different subs have bid on our work",
     "SELECT count(DISTINCT b.sub_cd) FROM bid b", False),
    ("construction", "distinct_count", "how many people put in hours last week",
     f"SELECT count(DISTINCT t.emp_no) FROM timesheet t WHERE {_p(LAST_WEEK, 't.work_dt')}", False),
    ("construction", "distinct_count", "how many cities have we got jobs in",
     "SELECT count(DISTINCT p.site_city) FROM proj p", False),
    ("construction", "distinct_count", "how many clients have an active job",
     "SELECT count(DISTINCT p.client_no) FROM proj p WHERE p.status_cd = 'ACT'", False),

    ("construction", "anti_join", "subs that never bid on anything",
     "SELECT s.sub_nm FROM subcon s WHERE NOT EXISTS (SELECT 1 FROM bid b WHERE b.sub_cd = s.sub_cd)", False),
    ("construction", "anti_join", "clients we've never had a job for",
     "SELECT c.client_nm FROM client c WHERE NOT EXISTS (SELECT 1 FROM proj p WHERE p.client_no = c.client_no)",
     False),
    ("construction", "anti_join", "project statuses no job is in",
     "SELECT ps.status_desc FROM proj_stat ps WHERE NOT EXISTS (SELECT 1 FROM proj p "
     "WHERE p.status_cd = ps.status_cd)", False),
    ("construction", "anti_join", "project managers with no projects",
     "SELECT e.first_nm, e.last_nm FROM emp e WHERE e.role_cd = 'PM' AND NOT EXISTS (SELECT 1 FROM proj p "
     "WHERE p.pm_emp_no = e.emp_no)", False),

    ("construction", "vs_average", "jobs bigger than our average contract",
     "SELECT p.proj_nm FROM proj p WHERE p.contract_amt > (SELECT avg(contract_amt) FROM proj)", False),
    ("construction", "vs_average", "employees paid above the average hourly rate",
     "SELECT e.first_nm, e.last_nm FROM emp e WHERE e.hrly_rate > (SELECT avg(hrly_rate) FROM emp)", False),
    ("construction", "vs_average", "how many bids came in above the average bid",
     "SELECT count(*) FROM bid b WHERE b.bid_amt > (SELECT avg(bid_amt) FROM bid)", False),

    ("construction", "date_diff", "average duration in days of completed jobs",
     "SELECT avg(p.act_end_dt - p.start_dt) FROM proj p WHERE p.status_cd = 'CMP'", False),
    ("construction", "date_diff", "for completed jobs, how many days after the estimated end did they actually "
     "finish, on average",
     "SELECT avg(p.act_end_dt - p.est_end_dt) FROM proj p WHERE p.status_cd = 'CMP'", False),
    ("construction", "date_diff", "how many years has each superintendent been with us",
     "SELECT e.first_nm, e.last_nm, date_part('year', age(e.hire_dt)) FROM emp e WHERE e.role_cd = 'SUPT'", False),

    ("construction", "two_period", "overtime hours this month vs last month",
     f"SELECT sum(t.ot_hrs) FILTER (WHERE {_p(THIS_MONTH, 't.work_dt')}), sum(t.ot_hrs) FILTER (WHERE "
     f"{_p(LAST_MONTH, 't.work_dt')}) FROM timesheet t", False),
    ("construction", "two_period", "change order value this year compared to last year",
     f"SELECT sum(co.co_amt) FILTER (WHERE {_p(THIS_YEAR, 'co.co_dt')}), sum(co.co_amt) FILTER (WHERE "
     f"{_p(LAST_YEAR, 'co.co_dt')}) FROM chg_ord co", False),
    ("construction", "two_period", "inspections last month vs the month before",
     f"SELECT count(*) FILTER (WHERE {_p(LAST_MONTH, 'i.insp_dt')}), count(*) FILTER (WHERE "
     f"{_p(MONTH_BEFORE, 'i.insp_dt')}) FROM insp i", False),

    ("construction", "multi_hop", "hours worked on City of Boulder jobs, overtime included",
     f"SELECT sum(t.reg_hrs + t.ot_hrs) FROM {T_P} JOIN client c ON c.client_no = p.client_no "
     "WHERE c.client_nm = 'City of Boulder'", False),
    ("construction", "multi_hop", "subs that have won work on active jobs",
     f"SELECT DISTINCT s.sub_nm FROM {B_S} JOIN proj p ON p.proj_no = b.proj_no "
     "WHERE b.award_flg = 'Y' AND p.status_cd = 'ACT'", False),
    ("construction", "multi_hop", "carpenters on the CSU Student Center Renovation crew",
     "SELECT e.first_nm, e.last_nm FROM crew_assgn ca JOIN emp e ON e.emp_no = ca.emp_no JOIN proj p "
     "ON p.proj_no = ca.proj_no WHERE e.role_cd = 'CARP' AND p.proj_nm = 'CSU Student Center Renovation'", False),
    ("construction", "multi_hop", "failed inspections on public agency jobs",
     f"SELECT count(*) FROM insp i JOIN {P_C} ON p.proj_no = i.proj_no WHERE i.insp_rslt = 'F' "
     "AND c.client_typ = 'P'", False),
)

QUESTIONS = TELECOM + CONSTRUCTION
