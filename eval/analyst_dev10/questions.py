"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev8/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them: words that are not
the column names ("PI"/"faculty" for investigators, "proposals", "papers", "spend"/"burn",
"F&A", "shows", "comps", "gifts"/"gave"), terse fragments and the odd typo, written before the
reader's code was read.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
THIS_QUARTER = "{c} >= date_trunc('quarter', current_date)"
LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' AND {c} < date_trunc('quarter', "
                "current_date)")
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"

PI = "grt_awards a JOIN grt_investigators i ON i.investigator_id = a.pi_id"
SPEND = "grt_expenditures e JOIN grt_budget_lines b ON b.budget_line_id = e.budget_line_id"
SPEND_AWARD = SPEND + " JOIN grt_awards a ON a.award_id = b.award_id"
FUNDER = "grt_awards a JOIN grt_funders f ON f.funder_id = a.funder_id"

GRANTS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("grants", "value_filter", "active NIH grants", f"SELECT a.award_number FROM {FUNDER} WHERE f.acronym = 'NIH' AND a.award_status = 'active'", False),
    ("grants", "value_filter", "full professors in chemistry", "SELECT i.first_name, i.last_name FROM grt_investigators i JOIN grt_departments d ON d.department_id = i.department_id WHERE d.dept_name = 'Chemistry' AND i.academic_rank = 'Professor'", False),
    ("grants", "value_filter", "open access papers published in Nature", "SELECT p.title FROM grt_publications p WHERE p.journal = 'Nature' AND p.open_access", False),
    ("grants", "count", "how many proposals are still pending", "SELECT count(*) FROM grt_awards a WHERE a.award_status = 'pending'", False),
    ("grants", "count", "# of industry sponsors", "SELECT count(*) FROM grt_funders f WHERE f.funder_type = 'industry'", False),
    ("grants", "count", "how many assistant profs do we have", "SELECT count(*) FROM grt_investigators i WHERE i.academic_rank = 'Assistant Professor'", False),
    ("grants", "aggregate", "avg F&A rate on foundation grants", f"SELECT avg(a.fa_rate) FROM {FUNDER} WHERE f.funder_type = 'foundation'", False),
    ("grants", "aggregate", "total spent on travel", f"SELECT sum(e.amount) FROM {SPEND} WHERE b.category = 'Travel'", False),
    ("grants", "aggregate", "what's the biggest active award", "SELECT max(a.total_amount) FROM grt_awards a WHERE a.award_status = 'active'", False),
    ("grants", "top_n", "top 5 PIs by number of papers", f"SELECT i.first_name, i.last_name, count(*) FROM grt_publications p JOIN {PI} ON a.award_id = p.award_id GROUP BY i.investigator_id, i.first_name, i.last_name ORDER BY count(*) DESC LIMIT 5", True),
    ("grants", "top_n", "which funder has given us the most active grants", f"SELECT f.funder_name, count(*) FROM {FUNDER} WHERE a.award_status = 'active' GROUP BY f.funder_name ORDER BY count(*) DESC LIMIT 1", True),
    ("grants", "top_n", "3 most cited papers", "SELECT p.title, p.citations FROM grt_publications p ORDER BY p.citations DESC LIMIT 3", True),
    ("grants", "group_by", "awards by status", "SELECT a.award_status, count(*) FROM grt_awards a GROUP BY a.award_status", False),
    ("grants", "group_by", "total budgeted per budget category", "SELECT b.category, sum(b.budgeted_amount) FROM grt_budget_lines b GROUP BY b.category", False),
    ("grants", "group_by", "faculty headcount by department", "SELECT d.dept_name, count(*) FROM grt_investigators i JOIN grt_departments d ON d.department_id = i.department_id GROUP BY d.dept_name", False),
    ("grants", "join", "what department is Tomasz Wojcik in", "SELECT d.dept_name FROM grt_investigators i JOIN grt_departments d ON d.department_id = i.department_id WHERE i.first_name = 'Tomasz' AND i.last_name = 'Wojcik'", False),
    ("grants", "join", "grants where Grace Liu is the PI", f"SELECT a.award_number FROM {PI} WHERE i.first_name = 'Grace' AND i.last_name = 'Liu'", False),
    ("grants", "join", "who funds award NSF-2025-0001", f"SELECT f.funder_name FROM {FUNDER} WHERE a.award_number = 'NSF-2025-0001'", False),
    ("grants", "multi_hop", "total spending on Helen Achebe's grants", f"SELECT sum(e.amount) FROM {SPEND_AWARD} JOIN grt_investigators i ON i.investigator_id = a.pi_id WHERE i.first_name = 'Helen' AND i.last_name = 'Achebe'", False),
    ("grants", "multi_hop", "how many papers came out of computer science grants", f"SELECT count(*) FROM grt_publications p JOIN {PI} ON a.award_id = p.award_id JOIN grt_departments d ON d.department_id = i.department_id WHERE d.dept_name = 'Computer Science'", False),
    ("grants", "multi_hop", "expenditures by college", f"SELECT d.college, sum(e.amount) FROM {SPEND_AWARD} JOIN grt_investigators i ON i.investigator_id = a.pi_id JOIN grt_departments d ON d.department_id = i.department_id GROUP BY d.college", False),
    ("grants", "relative_date", "how many proposals did we submit last month", "SELECT count(*) FROM grt_awards a WHERE " + LAST_MONTH.format(c="a.submitted_on"), False),
    ("grants", "relative_date", "how many reports are due in the next 30 days", "SELECT count(*) FROM grt_reports r WHERE r.due_date >= current_date AND r.due_date < current_date + 30", False),
    ("grants", "relative_date", "spend so far this year", f"SELECT sum(e.amount) FROM grt_expenditures e WHERE " + THIS_YEAR.format(c="e.posted_on"), False),
    ("grants", "ratio", "what % of proposals get declined", "SELECT 100.0 * count(*) FILTER (WHERE a.award_status = 'declined') / count(*) FROM grt_awards a", False),
    ("grants", "ratio", "share of our papers that are open access", "SELECT 100.0 * count(*) FILTER (WHERE p.open_access) / count(*) FROM grt_publications p", False),
    ("grants", "ratio", "what percent of the total budget is personnel", "SELECT 100.0 * sum(b.budgeted_amount) FILTER (WHERE b.category = 'Personnel') / sum(b.budgeted_amount) FROM grt_budget_lines b", False),
    ("grants", "having", "PIs with more than 10 grants", f"SELECT i.first_name, i.last_name, count(*) FROM {PI} GROUP BY i.investigator_id, i.first_name, i.last_name HAVING count(*) > 10", False),
    ("grants", "having", "journals with over 30 papers", "SELECT p.journal, count(*) FROM grt_publications p GROUP BY p.journal HAVING count(*) > 30", False),
    ("grants", "having", "departments that have spent more than 6 million", f"SELECT d.dept_name, sum(e.amount) FROM {SPEND_AWARD} JOIN grt_investigators i ON i.investigator_id = a.pi_id JOIN grt_departments d ON d.department_id = i.department_id GROUP BY d.dept_name HAVING sum(e.amount) > 6000000", False),
    ("grants", "distinct_count", "how many different funders do we have active grants with", "SELECT count(DISTINCT a.funder_id) FROM grt_awards a WHERE a.award_status = 'active'", False),
    ("grants", "distinct_count", "how many vendors have we paid", "SELECT count(DISTINCT e.vendor) FROM grt_expenditures e", False),
    ("grants", "anti_join", "investigators who never applied for a grant", "SELECT i.first_name, i.last_name FROM grt_investigators i WHERE NOT EXISTS (SELECT 1 FROM grt_awards a WHERE a.pi_id = i.investigator_id)", False),
    ("grants", "anti_join", "funders we have no awards from", "SELECT f.funder_name FROM grt_funders f WHERE NOT EXISTS (SELECT 1 FROM grt_awards a WHERE a.funder_id = f.funder_id)", False),
    ("grants", "anti_join", "how many active grants have no publications yet", "SELECT count(*) FROM grt_awards a WHERE a.award_status = 'active' AND NOT EXISTS (SELECT 1 FROM grt_publications p WHERE p.award_id = a.award_id)", False),
    ("grants", "vs_average", "how many grants are larger than the average grant", "SELECT count(*) FROM grt_awards a WHERE a.total_amount > (SELECT avg(total_amount) FROM grt_awards)", False),
    ("grants", "vs_average", "how many expenses are above average amount", "SELECT count(*) FROM grt_expenditures e WHERE e.amount > (SELECT avg(amount) FROM grt_expenditures)", False),
    ("grants", "date_diff", "avg days from submission to start date", "SELECT avg(a.start_date - a.submitted_on) FROM grt_awards a WHERE a.start_date IS NOT NULL", False),
    ("grants", "date_diff", "average age of our PIs", "SELECT avg(date_part('year', age(i.birth_date))) FROM grt_investigators i", False),
    ("grants", "date_diff", "for reports sent in late, how many days late on average", "SELECT avg(r.submitted_date - r.due_date) FROM grt_reports r WHERE r.submitted_date > r.due_date", False),
    ("grants", "two_period", "spending this year vs last year", "SELECT sum(e.amount) FILTER (WHERE " + THIS_YEAR.format(c="e.posted_on") + "), sum(e.amount) FILTER (WHERE " + LAST_YEAR.format(c="e.posted_on") + ") FROM grt_expenditures e", False),
    ("grants", "two_period", "proposals submitted this quarter compared to last quarter", "SELECT count(*) FILTER (WHERE " + THIS_QUARTER.format(c="a.submitted_on") + "), count(*) FILTER (WHERE " + LAST_QUARTER.format(c="a.submitted_on") + ") FROM grt_awards a", False),
)

SHOW = "ticket t JOIN performance p ON p.id = t.performanceid JOIN production pr ON pr.id = p.productionid"
SEAT = "seat s JOIN section sc ON sc.id = s.sectionid"

THEATRE: tuple[tuple[str, str, str, str, bool], ...] = (
    ("theatre", "value_filter", "wheelchair seats in the mezzanine", f"SELECT s.rowlabel, s.seatnumber FROM {SEAT} WHERE sc.name = 'Mezzanine' AND s.isaccessible", False),
    ("theatre", "value_filter", "all the arthur miller plays", "SELECT pr.title FROM production pr WHERE pr.playwright = 'Arthur Miller'", False),
    ("theatre", "value_filter", "patrons from kirkwood with no email on file", "SELECT pa.firstname, pa.lastname FROM patron pa WHERE pa.city = 'Kirkwood' AND pa.email IS NULL", False),
    ("theatre", "count", "how many matinees got cancelled", "SELECT count(*) FROM performance p WHERE p.ismatinee AND p.status = 'cancelled'", False),
    ("theatre", "count", "number of comps we've given out", "SELECT count(*) FROM ticket t WHERE t.iscomp", False),
    ("theatre", "count", "how many seats does the main stage have", f"SELECT count(*) FROM {SEAT} JOIN venue v ON v.id = sc.venueid WHERE v.name = 'Main Stage'", False),
    ("theatre", "aggregate", "avg price paid for online tickets", "SELECT avg(t.pricepaid) FROM ticket t WHERE t.saleschannel = 'online'", False),
    ("theatre", "aggregate", "total raised for the gala", "SELECT sum(d.amount) FROM donation d WHERE d.campaign = 'Spring Gala'", False),
    ("theatre", "aggregate", "largest single gift", "SELECT max(d.amount) FROM donation d", False),
    ("theatre", "top_n", "top 3 shows by tickets sold", f"SELECT pr.title, count(*) FROM {SHOW} GROUP BY pr.title ORDER BY count(*) DESC LIMIT 3", True),
    ("theatre", "top_n", "who has donated the most", "SELECT pa.firstname, pa.lastname, sum(d.amount) FROM donation d JOIN patron pa ON pa.id = d.patronid GROUP BY pa.id, pa.firstname, pa.lastname ORDER BY sum(d.amount) DESC LIMIT 1", True),
    ("theatre", "top_n", "5 priciest sections", "SELECT sc.name, sc.baseprice FROM section sc ORDER BY sc.baseprice DESC LIMIT 5", True),
    ("theatre", "group_by", "tickets by sales channel", "SELECT t.saleschannel, count(*) FROM ticket t GROUP BY t.saleschannel", False),
    ("theatre", "group_by", "ticket revenue per venue", "SELECT v.name, sum(t.pricepaid) FROM ticket t JOIN performance p ON p.id = t.performanceid JOIN venue v ON v.id = p.venueid GROUP BY v.name", False),
    ("theatre", "group_by", "current members by tier", "SELECT m.tier, count(*) FROM membership m WHERE m.startdate <= current_date AND m.enddate >= current_date GROUP BY m.tier", False),
    ("theatre", "join", "which venue is Proof playing at", "SELECT DISTINCT v.name FROM performance p JOIN production pr ON pr.id = p.productionid JOIN venue v ON v.id = p.venueid WHERE pr.title = 'Proof'", False),
    ("theatre", "join", "how many tickets has Marcus Bell bought", "SELECT count(*) FROM ticket t JOIN patron pa ON pa.id = t.patronid WHERE pa.firstname = 'Marcus' AND pa.lastname = 'Bell'", False),
    ("theatre", "join", "sections at the riverside amphitheater", "SELECT sc.name FROM section sc JOIN venue v ON v.id = sc.venueid WHERE v.name = 'Riverside Amphitheater'", False),
    ("theatre", "multi_hop", "revenue from orchestra seats for Annie", f"SELECT sum(t.pricepaid) FROM {SHOW} JOIN seat s ON s.id = t.seatid JOIN section sc ON sc.id = s.sectionid WHERE pr.title = 'Annie' AND sc.name = 'Orchestra'", False),
    ("theatre", "multi_hop", "tickets sold for musicals on the main stage", f"SELECT count(*) FROM {SHOW} JOIN venue v ON v.id = p.venueid WHERE pr.genre = 'Musical' AND v.name = 'Main Stage'", False),
    ("theatre", "multi_hop", "which patrons have balcony tickets for A Christmas Carol", f"SELECT DISTINCT pa.firstname, pa.lastname FROM {SHOW} JOIN patron pa ON pa.id = t.patronid JOIN seat s ON s.id = t.seatid JOIN section sc ON sc.id = s.sectionid WHERE pr.title = 'A Christmas Carol' AND sc.name = 'Balcony'", False),
    ("theatre", "relative_date", "tickets sold last week", "SELECT count(*) FROM ticket t WHERE " + LAST_WEEK.format(c="t.soldat"), False),
    ("theatre", "relative_date", "how many performances are coming up in the next two weeks", "SELECT count(*) FROM performance p WHERE p.showdate >= current_date AND p.showdate < current_date + 14", False),
    ("theatre", "relative_date", "patrons who signed up this month", "SELECT pa.firstname, pa.lastname FROM patron pa WHERE " + THIS_MONTH.format(c="pa.createdat"), False),
    ("theatre", "ratio", "refund rate", "SELECT 100.0 * count(*) FILTER (WHERE t.refunded) / count(*) FROM ticket t", False),
    ("theatre", "ratio", "what % of tickets are bought online", "SELECT 100.0 * count(*) FILTER (WHERE t.saleschannel = 'online') / count(*) FROM ticket t", False),
    ("theatre", "ratio", "avg revenue per performance for Annie", f"SELECT sum(t.pricepaid) / count(DISTINCT t.performanceid) FROM {SHOW} WHERE pr.title = 'Annie'", False),
    ("theatre", "having", "productions that sold more than 800 tickets", f"SELECT pr.title, count(*) FROM {SHOW} GROUP BY pr.title HAVING count(*) > 800", False),
    ("theatre", "having", "patrons who've donated more than 4 times", "SELECT pa.firstname, pa.lastname, count(*) FROM donation d JOIN patron pa ON pa.id = d.patronid GROUP BY pa.id, pa.firstname, pa.lastname HAVING count(*) > 4", False),
    ("theatre", "having", "campaigns that raised over 30k", "SELECT d.campaign, sum(d.amount) FROM donation d GROUP BY d.campaign HAVING sum(d.amount) > 30000", False),
    ("theatre", "distinct_count", "how many different patrons came to The Crucible", f"SELECT count(DISTINCT t.patronid) FROM {SHOW} WHERE pr.title = 'The Crucible'", False),
    ("theatre", "distinct_count", "how many playwrights have we staged", "SELECT count(DISTINCT pr.playwright) FROM production pr", False),
    ("theatre", "anti_join", "how many patrons never bought a ticket", "SELECT count(*) FROM patron pa WHERE NOT EXISTS (SELECT 1 FROM ticket t WHERE t.patronid = pa.id)", False),
    ("theatre", "anti_join", "current members who have never donated", "SELECT pa.firstname, pa.lastname FROM patron pa WHERE EXISTS (SELECT 1 FROM membership m WHERE m.patronid = pa.id AND m.startdate <= current_date AND m.enddate >= current_date) AND NOT EXISTS (SELECT 1 FROM donation d WHERE d.patronid = pa.id)", False),
    ("theatre", "anti_join", "venues without any scheduled performances", "SELECT v.name FROM venue v WHERE NOT EXISTS (SELECT 1 FROM performance p WHERE p.venueid = v.id AND p.status = 'scheduled')", False),
    ("theatre", "vs_average", "how many donations were bigger than the average donation", "SELECT count(*) FROM donation d WHERE d.amount > (SELECT avg(amount) FROM donation)", False),
    ("theatre", "vs_average", "sections priced above the average section", "SELECT sc.name FROM section sc WHERE sc.baseprice > (SELECT avg(baseprice) FROM section)", False),
    ("theatre", "date_diff", "avg days between purchase and the show", "SELECT avg(p.showdate::date - t.soldat::date) FROM ticket t JOIN performance p ON p.id = t.performanceid", False),
    ("theatre", "date_diff", "average age of patrons", "SELECT avg(extract(year FROM current_date) - pa.birthyear) FROM patron pa WHERE pa.birthyear IS NOT NULL", False),
    ("theatre", "date_diff", "how many days did each production run", "SELECT pr.title, pr.closingnight - pr.openingnight FROM production pr", False),
    ("theatre", "two_period", "donations this year vs last year", "SELECT sum(d.amount) FILTER (WHERE " + THIS_YEAR.format(c="d.givenon") + "), sum(d.amount) FILTER (WHERE " + LAST_YEAR.format(c="d.givenon") + ") FROM donation d", False),
    ("theatre", "two_period", "tix sold this month compared to last month", "SELECT count(*) FILTER (WHERE " + THIS_MONTH.format(c="t.soldat") + "), count(*) FILTER (WHERE " + LAST_MONTH.format(c="t.soldat") + ") FROM ticket t", False),
)

QUESTIONS = GRANTS + THEATRE
