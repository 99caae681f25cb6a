"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev11/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them: words that are not
the column names ("kids", "parents", "classes", "late", "special ed", "roles", "hires", "live",
"perm"/"temp"), terse fragments and the odd typo, written before the reader's code was read.
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', "
                "current_date) - interval '1 month'")
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
THIS_WEEK = "{c} >= date_trunc('week', current_date)"
LAST_WEEK = "{c} >= date_trunc('week', current_date) - interval '1 week' AND {c} < date_trunc('week', current_date)"
NEXT_WEEK = ("{c} >= date_trunc('week', current_date) + interval '1 week' AND {c} < date_trunc('week', current_date) "
             "+ interval '2 weeks'")
LAST_QUARTER = ("{c} >= date_trunc('quarter', current_date) - interval '3 months' AND {c} < date_trunc('quarter', "
                "current_date)")
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"

# school: the term running today, and the last term that has ended
NOW_TERM = 'tm."startDate" <= current_date AND tm."endDate" >= current_date'
PREV_TERM = 'tm."id" = (SELECT "id" FROM "Term" WHERE "endDate" < current_date ORDER BY "endDate" DESC LIMIT 1)'
STU = '"Student" s JOIN "School" sc ON sc."id" = s."schoolId"'
TCH = '"Teacher" t JOIN "School" sc ON sc."id" = t."schoolId"'
SEC = '"Section" sec JOIN "Term" tm ON tm."id" = sec."termId"'
ENR = '"Enrollment" e JOIN "Section" sec ON sec."id" = e."sectionId" JOIN "Term" tm ON tm."id" = sec."termId"'
SCORES = ('"Assessment" a JOIN "Enrollment" e ON e."id" = a."enrollmentId" JOIN "Section" sec ON sec."id" = '
          'e."sectionId" JOIN "Term" tm ON tm."id" = sec."termId"')
KIN = ('"Guardian" g JOIN "StudentGuardian" sg ON sg."guardianId" = g."id" JOIN "Student" s ON s."id" = '
       'sg."studentId"')
ABS = '"Attendance" a JOIN "Student" s ON s."id" = a."studentId" JOIN "School" sc ON sc."id" = s."schoolId"'

SCHOOL: tuple[tuple[str, str, str, str, bool], ...] = (
    ("school", "value_filter", "7th graders at jefferson on free lunch", f"SELECT s.\"firstName\", s.\"lastName\" FROM {STU} WHERE sc.\"name\" = 'Jefferson Middle School' AND s.\"gradeLevel\" = 7 AND s.\"lunchStatus\" = 'FREE'", False),
    ("school", "value_filter", "science teachers at Springfield High", f"SELECT t.\"firstName\", t.\"lastName\" FROM {TCH} WHERE sc.\"name\" = 'Springfield High School' AND t.\"department\" = 'Science'", False),
    ("school", "value_filter", "which parents want letters in spanish", "SELECT g.\"firstName\", g.\"lastName\" FROM \"Guardian\" g WHERE g.\"preferredLanguage\" = 'Spanish'", False),
    ("school", "count", "how many kids are on free or reduced lunch", "SELECT count(*) FROM \"Student\" s WHERE s.\"lunchStatus\" IN ('FREE', 'REDUCED')", False),
    ("school", "count", "number of high schools in the district", "SELECT count(*) FROM \"School\" sc WHERE sc.\"level\" = 'HIGH'", False),
    ("school", "count", "how many unexcused absences have we logged", "SELECT count(*) FROM \"Attendance\" a WHERE a.\"type\" = 'ABSENT' AND NOT a.\"excused\"", False),
    ("school", "aggregate", "avg salary of active teachers", "SELECT avg(t.\"salary\") FROM \"Teacher\" t WHERE t.\"isActive\"", False),
    ("school", "aggregate", "total capacity of our elementary schools", "SELECT sum(sc.\"capacity\") FROM \"School\" sc WHERE sc.\"level\" = 'ELEMENTARY'", False),
    ("school", "aggregate", "lowest quiz score on record", "SELECT min(a.\"score\") FROM \"Assessment\" a WHERE a.\"category\" = 'QUIZ'", False),
    ("school", "top_n", "top 3 students by average score this term", f"SELECT s.\"firstName\", s.\"lastName\", avg(a.\"score\") FROM {SCORES} JOIN \"Student\" s ON s.\"id\" = e.\"studentId\" WHERE {NOW_TERM} GROUP BY s.\"id\", s.\"firstName\", s.\"lastName\" ORDER BY avg(a.\"score\") DESC LIMIT 3", True),
    ("school", "top_n", "5 highest paid teachers", "SELECT t.\"firstName\", t.\"lastName\", t.\"salary\" FROM \"Teacher\" t ORDER BY t.\"salary\" DESC LIMIT 5", True),
    ("school", "top_n", "which school has the most absences this month", f"SELECT sc.\"name\", count(*) FROM {ABS} WHERE a.\"type\" = 'ABSENT' AND " + THIS_MONTH.format(c='a."date"') + " GROUP BY sc.\"name\" ORDER BY count(*) DESC LIMIT 1", True),
    ("school", "group_by", "students by grade level", "SELECT s.\"gradeLevel\", count(*) FROM \"Student\" s GROUP BY s.\"gradeLevel\"", False),
    ("school", "group_by", "average teacher pay per department", "SELECT t.\"department\", avg(t.\"salary\") FROM \"Teacher\" t GROUP BY t.\"department\"", False),
    ("school", "group_by", "class count by subject, fall 2026", f"SELECT sec.\"subject\", count(*) FROM {SEC} WHERE tm.\"name\" = 'Fall 2026' GROUP BY sec.\"subject\"", False),
    ("school", "join", "who teaches AP Calculus this term", f"SELECT DISTINCT t.\"firstName\", t.\"lastName\" FROM {SEC} JOIN \"Teacher\" t ON t.\"id\" = sec.\"teacherId\" WHERE sec.\"courseName\" = 'AP Calculus' AND {NOW_TERM}", False),
    ("school", "join", "guardians of Mateo Ruiz", f"SELECT g.\"firstName\", g.\"lastName\" FROM {KIN} WHERE s.\"firstName\" = 'Mateo' AND s.\"lastName\" = 'Ruiz'", False),
    ("school", "join", "what school does Helen Kowalczyk work at", f"SELECT sc.\"name\" FROM {TCH} WHERE t.\"firstName\" = 'Helen' AND t.\"lastName\" = 'Kowalczyk'", False),
    ("school", "multi_hop", "primary contact phone for each kid at Lincoln Elementary", f"SELECT s.\"firstName\", s.\"lastName\", g.\"phone\" FROM {KIN} JOIN \"School\" sc ON sc.\"id\" = s.\"schoolId\" WHERE sc.\"name\" = 'Lincoln Elementary' AND sg.\"isPrimary\"", False),
    ("school", "multi_hop", "average score in Kowalczyk's classes last term", f"SELECT avg(a.\"score\") FROM {SCORES} JOIN \"Teacher\" t ON t.\"id\" = sec.\"teacherId\" WHERE t.\"lastName\" = 'Kowalczyk' AND {PREV_TERM}", False),
    ("school", "multi_hop", "unexcused absences at riverton middle last month", f"SELECT count(*) FROM {ABS} WHERE sc.\"name\" = 'Riverton Middle School' AND a.\"type\" = 'ABSENT' AND NOT a.\"excused\" AND " + LAST_MONTH.format(c='a."date"'), False),
    ("school", "relative_date", "absences so far this week", "SELECT count(*) FROM \"Attendance\" a WHERE a.\"type\" = 'ABSENT' AND " + THIS_WEEK.format(c='a."date"'), False),
    ("school", "relative_date", "students who joined the district in the last 60 days", "SELECT count(*) FROM \"Student\" s WHERE s.\"enrolledOn\" >= current_date - 60", False),
    ("school", "relative_date", "how many times were kids late last month", "SELECT count(*) FROM \"Attendance\" a WHERE a.\"type\" = 'TARDY' AND " + LAST_MONTH.format(c='a."date"'), False),
    ("school", "ratio", "what % of students have an IEP", "SELECT 100.0 * count(*) FILTER (WHERE s.\"hasIep\") / count(*) FROM \"Student\" s", False),
    ("school", "ratio", "share of absences that were excused", "SELECT 100.0 * count(*) FILTER (WHERE a.\"excused\") / count(*) FROM \"Attendance\" a WHERE a.\"type\" = 'ABSENT'", False),
    ("school", "ratio", "what percent of spring 2026 final grades were A's", f"SELECT 100.0 * count(*) FILTER (WHERE e.\"finalGrade\" = 'A') / count(*) FROM {ENR} WHERE tm.\"name\" = 'Spring 2026' AND e.\"finalGrade\" IS NOT NULL", False),
    ("school", "having", "students with more than 10 absences", "SELECT s.\"firstName\", s.\"lastName\", count(*) FROM \"Attendance\" a JOIN \"Student\" s ON s.\"id\" = a.\"studentId\" WHERE a.\"type\" = 'ABSENT' GROUP BY s.\"id\", s.\"firstName\", s.\"lastName\" HAVING count(*) > 10", False),
    ("school", "having", "courses averaging under 77", f"SELECT sec.\"courseName\", avg(a.\"score\") FROM {SCORES} GROUP BY sec.\"courseName\" HAVING avg(a.\"score\") < 77", False),
    ("school", "having", "guardians with 2 or more kids in our schools", "SELECT g.\"firstName\", g.\"lastName\", count(*) FROM \"Guardian\" g JOIN \"StudentGuardian\" sg ON sg.\"guardianId\" = g.\"id\" GROUP BY g.\"id\", g.\"firstName\", g.\"lastName\" HAVING count(*) >= 2", False),
    ("school", "distinct_count", "how many students are currently in Derek Okonjo's classes", f"SELECT count(DISTINCT e.\"studentId\") FROM {ENR} JOIN \"Teacher\" t ON t.\"id\" = sec.\"teacherId\" WHERE t.\"firstName\" = 'Derek' AND t.\"lastName\" = 'Okonjo' AND {NOW_TERM} AND e.\"droppedAt\" IS NULL", False),
    ("school", "distinct_count", "how many different courses are being taught at Chatham Valley High this term", f"SELECT count(DISTINCT sec.\"courseName\") FROM {SEC} JOIN \"School\" sc ON sc.\"id\" = sec.\"schoolId\" WHERE sc.\"name\" = 'Chatham Valley High School' AND {NOW_TERM}", False),
    ("school", "distinct_count", "how many kids missed at least one day last week", "SELECT count(DISTINCT a.\"studentId\") FROM \"Attendance\" a WHERE a.\"type\" = 'ABSENT' AND " + LAST_WEEK.format(c='a."date"'), False),
    ("school", "anti_join", "active teachers with no classes this term", f"SELECT t.\"firstName\", t.\"lastName\" FROM \"Teacher\" t WHERE t.\"isActive\" AND NOT EXISTS (SELECT 1 FROM {SEC} WHERE sec.\"teacherId\" = t.\"id\" AND {NOW_TERM})", False),
    ("school", "anti_join", "how many students have never been absent", "SELECT count(*) FROM \"Student\" s WHERE NOT EXISTS (SELECT 1 FROM \"Attendance\" a WHERE a.\"studentId\" = s.\"id\" AND a.\"type\" = 'ABSENT')", False),
    ("school", "anti_join", "number of sections nobody signed up for", "SELECT count(*) FROM \"Section\" sec WHERE NOT EXISTS (SELECT 1 FROM \"Enrollment\" e WHERE e.\"sectionId\" = sec.\"id\")", False),
    ("school", "vs_average", "teachers earning more than the average teacher", "SELECT t.\"firstName\", t.\"lastName\" FROM \"Teacher\" t WHERE t.\"salary\" > (SELECT avg(\"salary\") FROM \"Teacher\")", False),
    ("school", "vs_average", "schools with above average capacity", "SELECT sc.\"name\" FROM \"School\" sc WHERE sc.\"capacity\" > (SELECT avg(\"capacity\") FROM \"School\")", False),
    ("school", "vs_average", "how many test scores were below the avg test score", "SELECT count(*) FROM \"Assessment\" a WHERE a.\"category\" = 'TEST' AND a.\"score\" < (SELECT avg(\"score\") FROM \"Assessment\" WHERE \"category\" = 'TEST')", False),
    ("school", "date_diff", "how old is Olivia Brennan", "SELECT date_part('year', age(s.\"birthDate\")) FROM \"Student\" s WHERE s.\"firstName\" = 'Olivia' AND s.\"lastName\" = 'Brennan'", False),
    ("school", "date_diff", "avg years of service for active teachers", "SELECT avg(date_part('year', age(t.\"hireDate\"))) FROM \"Teacher\" t WHERE t.\"isActive\"", False),
    ("school", "date_diff", "how many days till the current term ends", f"SELECT tm.\"endDate\" - current_date FROM \"Term\" tm WHERE {NOW_TERM}", False),
    ("school", "two_period", "absences this month vs last month", "SELECT count(*) FILTER (WHERE " + THIS_MONTH.format(c='a."date"') + "), count(*) FILTER (WHERE " + LAST_MONTH.format(c='a."date"') + ") FROM \"Attendance\" a WHERE a.\"type\" = 'ABSENT'", False),
    ("school", "two_period", "enrolments fall 2025 vs fall 2026", f"SELECT tm.\"name\", count(*) FROM {ENR} WHERE tm.\"name\" IN ('Fall 2025', 'Fall 2026') GROUP BY tm.\"name\"", False),
    ("school", "two_period", "lates this week compared with last week", "SELECT count(*) FILTER (WHERE " + THIS_WEEK.format(c='a."date"') + "), count(*) FILTER (WHERE " + LAST_WEEK.format(c='a."date"') + ") FROM \"Attendance\" a WHERE a.\"type\" = 'TARDY'", False),
    ("school", "value_filter", "kindergartners with an IEP", "SELECT s.\"firstName\", s.\"lastName\" FROM \"Student\" s WHERE s.\"gradeLevel\" = 0 AND s.\"hasIep\"", False),
    ("school", "group_by", "avg score by assesment type", "SELECT a.\"category\", avg(a.\"score\") FROM \"Assessment\" a GROUP BY a.\"category\"", False),
    ("school", "join", "which room is Amy Larsen's period 1 class in this term", f"SELECT sec.\"room\" FROM {SEC} JOIN \"Teacher\" t ON t.\"id\" = sec.\"teacherId\" WHERE t.\"firstName\" = 'Amy' AND t.\"lastName\" = 'Larsen' AND sec.\"period\" = 1 AND {NOW_TERM}", False),
)

# recruit: a placement's vacancy, client and consultant are reached through its offer and application
PLC = ('placements p JOIN offers o ON o.offer_id = p.offer_id JOIN applications a ON a.application_id = o.application_id '
       'JOIN vacancies v ON v.vacancy_id = a.vacancy_id')
APP = 'applications a JOIN vacancies v ON v.vacancy_id = a.vacancy_id'

RECRUIT: tuple[tuple[str, str, str, str, bool], ...] = (
    ("recruit", "value_filter", "open perm roles in manchester", "SELECT v.title FROM vacancies v WHERE v.status = 'open' AND v.type_cd = 'P' AND v.location = 'Manchester'", False),
    ("recruit", "value_filter", "referred candidates with 10+ yrs experience", "SELECT ca.first_name, ca.last_name FROM candidates ca WHERE ca.src = 'referral' AND ca.yrs_exp >= 10", False),
    ("recruit", "value_filter", "healthcare clients based in leeds", "SELECT c.name FROM clients c WHERE c.sector = 'Healthcare' AND c.city = 'Leeds'", False),
    ("recruit", "count", "how many live vacancies are there", "SELECT count(*) FROM vacancies v WHERE v.status = 'open'", False),
    ("recruit", "count", "# of temp jobs we've had", "SELECT count(*) FROM vacancies v WHERE v.type_cd = 'T'", False),
    ("recruit", "count", "how many interview no-shows", "SELECT count(*) FROM interviews i WHERE i.outcome = 'no_show'", False),
    ("recruit", "aggregate", "average salary on accepted offers", "SELECT avg(o.amt) FROM offers o WHERE o.status = 'accepted'", False),
    ("recruit", "aggregate", "avg fee % we charge clients", "SELECT avg(c.pct) FROM clients c", False),
    ("recruit", "aggregate", "combined fee target of consultants still with us", "SELECT sum(co.target_amt) FROM consultants co WHERE co.left_dt IS NULL", False),
    ("recruit", "top_n", "top consultant by fees this year", f"SELECT co.full_name, sum(p.amt) FROM {PLC} JOIN consultants co ON co.consultant_id = v.consultant_id WHERE " + THIS_YEAR.format(c="p.start_dt") + " GROUP BY co.full_name ORDER BY sum(p.amt) DESC LIMIT 1", True),
    ("recruit", "top_n", "3 clients with the most vacancies", "SELECT c.name, count(*) FROM vacancies v JOIN clients c ON c.client_id = v.client_id GROUP BY c.name ORDER BY count(*) DESC LIMIT 3", True),
    ("recruit", "top_n", "who got the biggest offer", "SELECT ca.first_name, ca.last_name, o.amt FROM offers o JOIN applications a ON a.application_id = o.application_id JOIN candidates ca ON ca.candidate_id = a.candidate_id ORDER BY o.amt DESC LIMIT 1", True),
    ("recruit", "group_by", "vacancies by job type", "SELECT jt.descr, count(*) FROM vacancies v JOIN job_types jt ON jt.type_cd = v.type_cd GROUP BY jt.descr", False),
    ("recruit", "group_by", "candidates by source", "SELECT ca.src, count(*) FROM candidates ca GROUP BY ca.src", False),
    ("recruit", "group_by", "interviews per format", "SELECT i.fmt, count(*) FROM interviews i GROUP BY i.fmt", False),
    ("recruit", "join", "who looks after the Crestline Engineering account", "SELECT co.full_name FROM clients c JOIN consultants co ON co.consultant_id = c.acct_mgr_id WHERE c.name = 'Crestline Engineering'", False),
    ("recruit", "join", "which jobs did Rajesh Iyer apply for", f"SELECT v.title FROM {APP} JOIN candidates ca ON ca.candidate_id = a.candidate_id WHERE ca.first_name = 'Rajesh' AND ca.last_name = 'Iyer'", False),
    ("recruit", "join", "roles at Halden Bank that are still open", "SELECT v.title FROM vacancies v JOIN clients c ON c.client_id = v.client_id WHERE c.name = 'Halden Bank' AND v.status = 'open'", False),
    ("recruit", "multi_hop", "fees from healthcare clients last year", f"SELECT sum(p.amt) FROM {PLC} JOIN clients c ON c.client_id = v.client_id WHERE c.sector = 'Healthcare' AND " + LAST_YEAR.format(c="p.start_dt"), False),
    ("recruit", "multi_hop", "how many people has Priya Raman placed", f"SELECT count(*) FROM {PLC} JOIN consultants co ON co.consultant_id = v.consultant_id WHERE co.full_name = 'Priya Raman'", False),
    ("recruit", "multi_hop", "which candidates have interviewed with Northwind Analytics", "SELECT DISTINCT ca.first_name, ca.last_name FROM interviews i JOIN applications a ON a.application_id = i.application_id JOIN vacancies v ON v.vacancy_id = a.vacancy_id JOIN clients c ON c.client_id = v.client_id JOIN candidates ca ON ca.candidate_id = a.candidate_id WHERE c.name = 'Northwind Analytics'", False),
    ("recruit", "relative_date", "interviews booked for next week", "SELECT count(*) FROM interviews i WHERE " + NEXT_WEEK.format(c="i.sched_at"), False),
    ("recruit", "relative_date", "new candidates registered this month", "SELECT count(*) FROM candidates ca WHERE " + THIS_MONTH.format(c="ca.reg_dt"), False),
    ("recruit", "relative_date", "offers made in the past 30 days", "SELECT count(*) FROM offers o WHERE o.dt >= current_date - 30", False),
    ("recruit", "ratio", "what % of offers got accepted", "SELECT 100.0 * count(*) FILTER (WHERE o.status = 'accepted') / count(*) FROM offers o", False),
    ("recruit", "ratio", "share of placements that fell through", "SELECT 100.0 * count(*) FILTER (WHERE p.status = 'fell_through') / count(*) FROM placements p", False),
    ("recruit", "ratio", "percentage of candidates who came in via linkedin", "SELECT 100.0 * count(*) FILTER (WHERE ca.src = 'linkedin') / count(*) FROM candidates ca", False),
    ("recruit", "having", "clients we've made more than 5 placements with", f"SELECT c.name, count(*) FROM {PLC} JOIN clients c ON c.client_id = v.client_id GROUP BY c.name HAVING count(*) > 5", False),
    ("recruit", "having", "vacancies with over 15 applicants", f"SELECT v.title, count(*) FROM {APP} GROUP BY v.vacancy_id, v.title HAVING count(*) > 15", False),
    ("recruit", "having", "consultants who've worked more than 35 vacancies", "SELECT co.full_name, count(*) FROM vacancies v JOIN consultants co ON co.consultant_id = v.consultant_id GROUP BY co.full_name HAVING count(*) > 35", False),
    ("recruit", "distinct_count", "how many candidates have applied for something this year", "SELECT count(DISTINCT a.candidate_id) FROM applications a WHERE " + THIS_YEAR.format(c="a.dt"), False),
    ("recruit", "distinct_count", "how many different clients did we place people with last quarter", f"SELECT count(DISTINCT v.client_id) FROM {PLC} WHERE " + LAST_QUARTER.format(c="p.start_dt"), False),
    ("recruit", "distinct_count", "number of distinct job titles advertised", "SELECT count(DISTINCT v.title) FROM vacancies v", False),
    ("recruit", "anti_join", "how many registered candidates have never applied for a job", "SELECT count(*) FROM candidates ca WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = ca.candidate_id)", False),
    ("recruit", "anti_join", "clients we've never placed anyone with", f"SELECT c.name FROM clients c WHERE NOT EXISTS (SELECT 1 FROM {PLC} WHERE v.client_id = c.client_id)", False),
    ("recruit", "anti_join", "how many candidates were interviewed but never got an offer", "SELECT count(DISTINCT a.candidate_id) FROM interviews i JOIN applications a ON a.application_id = i.application_id WHERE NOT EXISTS (SELECT 1 FROM offers o JOIN applications a2 ON a2.application_id = o.application_id WHERE a2.candidate_id = a.candidate_id)", False),
    ("recruit", "vs_average", "how many offers were above the average offer", "SELECT count(*) FROM offers o WHERE o.amt > (SELECT avg(amt) FROM offers)", False),
    ("recruit", "vs_average", "clients paying a higher fee % than average", "SELECT c.name FROM clients c WHERE c.pct > (SELECT avg(pct) FROM clients)", False),
    ("recruit", "vs_average", "number of placements with an above-average fee", "SELECT count(*) FROM placements p WHERE p.amt > (SELECT avg(amt) FROM placements)", False),
    ("recruit", "date_diff", "average days from application to offer", "SELECT avg(o.dt - a.dt) FROM offers o JOIN applications a ON a.application_id = o.application_id", False),
    ("recruit", "date_diff", "how many years has Gareth Hughes been with us", "SELECT date_part('year', age(co.start_dt)) FROM consultants co WHERE co.full_name = 'Gareth Hughes'", False),
    ("recruit", "date_diff", "avg time to fill in days for filled vacancies", "SELECT avg(v.closed_dt - v.opened_dt) FROM vacancies v WHERE v.status = 'filled'", False),
    ("recruit", "two_period", "fees this year vs last year", f"SELECT sum(p.amt) FILTER (WHERE " + THIS_YEAR.format(c="p.start_dt") + "), sum(p.amt) FILTER (WHERE " + LAST_YEAR.format(c="p.start_dt") + ") FROM placements p", False),
    ("recruit", "two_period", "applications last month vs the month before", "SELECT count(*) FILTER (WHERE " + LAST_MONTH.format(c="a.dt") + "), count(*) FILTER (WHERE " + MONTH_BEFORE.format(c="a.dt") + ") FROM applications a", False),
    ("recruit", "two_period", "new clients signed this year compared to last year", "SELECT count(*) FILTER (WHERE " + THIS_YEAR.format(c="c.since_dt") + "), count(*) FILTER (WHERE " + LAST_YEAR.format(c="c.since_dt") + ") FROM clients c", False),
    ("recruit", "value_filter", "contract roles paying over 80k at the top of the band", "SELECT v.title FROM vacancies v WHERE v.type_cd = 'C' AND v.sal_hi > 80000", False),
    ("recruit", "group_by", "placement fees by consultant's office", f"SELECT co.office, sum(p.amt) FROM {PLC} JOIN consultants co ON co.consultant_id = v.consultant_id GROUP BY co.office", False),
    ("recruit", "count", "how many offers are still wating on an answer", "SELECT count(*) FROM offers o WHERE o.status = 'pending'", False),
)

QUESTIONS = SCHOOL + RECRUIT
