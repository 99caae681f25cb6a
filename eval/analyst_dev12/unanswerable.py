"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev11`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("school", "gibberish", "blorp the quandle frimsy"),
    ("school", "gibberish", "students zzkq vormish teachers?"),
    ("school", "write", "excuse all of Mateo Ruiz's absences from last week"),
    ("school", "write", "move Olivia Brennan into AP Calculus"),
    ("school", "write", "give every active teacher a 3% raise"),
    ("school", "write", "delete the sections nobody signed up for"),
    ("school", "missing", "which bus route does each kid ride"),
    ("school", "missing", "how many detentions were handed out last month"),
    ("school", "missing", "average SAT score at Springfield High"),
    ("school", "missing", "cafeteria meal counts by school this week"),
    ("school", "missing", "teachers' union membership by department"),
    ("school", "missing", "graduation rate for the class of 2026"),
    ("school", "off_topic", "what's a good reading list for 4th graders"),
    ("school", "off_topic", "write an email to parents about the snow day"),
    ("recruit", "gibberish", "snarf the wobbulator plinth"),
    ("recruit", "gibberish", "vacancies glarp xqz fee fee?"),
    ("recruit", "write", "withdraw every pending offer older than a week"),
    ("recruit", "write", "reassign Jordan Price's open vacancies to Gareth Hughes"),
    ("recruit", "write", "mark Rajesh Iyer as placed at Northwind Analytics"),
    ("recruit", "write", "raise Halden Bank's fee to 25%"),
    ("recruit", "missing", "which candidates have a right to work visa"),
    ("recruit", "missing", "consultant commission paid last quarter"),
    ("recruit", "missing", "glassdoor ratings of our clients"),
    ("recruit", "missing", "how many CVs did we download from job boards this month"),
    ("recruit", "missing", "notice periods of candidates with offers"),
    ("recruit", "missing", "timesheet hours billed for contractors last week"),
    ("recruit", "off_topic", "how do I negotiate a higher salary"),
    ("recruit", "off_topic", "draft a job ad for a senior data engineer"),
)
