"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev6/questions.py``; gold follows ``eval/CONVENTIONS.md`` and README.md's notes
for these schemas; categories are those of ``eval/demo.jsonl`` plus multi_hop, anti_join,
vs_average, date_diff and two_period. Phrased as a busy analyst types them: words that are not
the column names ("customers"/"insureds" for policyholders, "adjustor", "payouts", "loss
ratio", "mics", "gear", "no-shows", "billed"), terse fragments and the odd typo, written before
the reader's code was read.
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

HOLDER = "h.firstname, h.lastname"
CLAIM_HOLDER = ("tbl_claim c JOIN tbl_policy p ON p.policyid = c.policyid "
                "JOIN tbl_policyholder h ON h.policyholderid = p.policyholderid")
PAY_POLICY = ("tbl_claimpayment cp JOIN tbl_claim c ON c.claimid = cp.claimid "
              "JOIN tbl_policy p ON p.policyid = c.policyid")

INSURER: tuple[tuple[str, str, str, str, bool], ...] = (
    ("insurer", "value_filter", "policyholders in erie", "SELECT h.firstname, h.lastname FROM tbl_policyholder h WHERE h.city = 'Erie'", False),
    ("insurer", "value_filter", "open fire claims", "SELECT c.claimno FROM tbl_claim c WHERE c.claimstatus = 'Open' AND c.causeofloss = 'Fire'", False),
    ("insurer", "value_filter", "umbrella polcies with a premium over 500", "SELECT p.policyno, p.annualpremium FROM tbl_policy p WHERE p.lob = 'UMBRELLA' AND p.annualpremium > 500", False),
    ("insurer", "count", "how many active home policies do we have", "SELECT count(*) FROM tbl_policy p WHERE p.lob = 'HOME' AND p.policystatus = 'Active'", False),
    ("insurer", "count", "# of denied claims", "SELECT count(*) FROM tbl_claim c WHERE c.claimstatus = 'Denied'", False),
    ("insurer", "count", "how many customers in Michigan", "SELECT count(*) FROM tbl_policyholder h WHERE h.state = 'MI'", False),
    ("insurer", "aggregate", "avg premium on renters policies", "SELECT avg(p.annualpremium) FROM tbl_policy p WHERE p.lob = 'RENTERS'", False),
    ("insurer", "aggregate", "total paid out on claims", "SELECT sum(cp.paymentamt) FROM tbl_claimpayment cp", False),
    ("insurer", "aggregate", "largest amount ever claimed", "SELECT max(c.amountclaimed) FROM tbl_claim c", False),
    ("insurer", "group_by", "claims by cause", "SELECT c.causeofloss, count(*) FROM tbl_claim c GROUP BY c.causeofloss", False),
    ("insurer", "group_by", "total premium by line of business", "SELECT p.lob, sum(p.annualpremium) FROM tbl_policy p GROUP BY p.lob", False),
    ("insurer", "group_by", "number of insureds per state", "SELECT h.state, count(*) FROM tbl_policyholder h GROUP BY h.state", False),
    ("insurer", "top_n", "top 3 agents by premium written", "SELECT ag.agentname, sum(p.annualpremium) FROM tbl_policy p JOIN tbl_agent ag ON ag.agentid = p.agentid GROUP BY ag.agentname ORDER BY sum(p.annualpremium) DESC LIMIT 3", True),
    ("insurer", "top_n", "which adjustor has closed the most claims", "SELECT a.adjustername, count(*) FROM tbl_claim c JOIN tbl_adjuster a ON a.adjusterid = c.adjusterid WHERE c.claimstatus = 'Closed' GROUP BY a.adjustername ORDER BY count(*) DESC LIMIT 1", True),
    ("insurer", "top_n", "5 biggest claims this year", "SELECT c.claimno, c.amountclaimed FROM tbl_claim c WHERE " + THIS_YEAR.format(c="c.reporteddate") + " ORDER BY c.amountclaimed DESC LIMIT 5", True),
    ("insurer", "join", "how many open claims is Omar Farouk working on", "SELECT count(*) FROM tbl_claim c JOIN tbl_adjuster a ON a.adjusterid = c.adjusterid WHERE a.adjustername = 'Omar Farouk' AND c.claimstatus = 'Open'", False),
    ("insurer", "join", "which agent sold Derek Holloway his policy", "SELECT ag.agentname FROM tbl_policy p JOIN tbl_agent ag ON ag.agentid = p.agentid JOIN tbl_policyholder h ON h.policyholderid = p.policyholderid WHERE h.firstname = 'Derek' AND h.lastname = 'Holloway'", False),
    ("insurer", "join", "what's covered on policy HO-100214 and up to what limit", "SELECT cv.coveragetype, cv.covlimit FROM tbl_coverage cv JOIN tbl_policy p ON p.policyid = cv.policyid WHERE p.policyno = 'HO-100214'", False),
    ("insurer", "multi_hop", "total paid on claims for Columbus customers", f"SELECT sum(cp.paymentamt) FROM {PAY_POLICY} JOIN tbl_policyholder h ON h.policyholderid = p.policyholderid WHERE h.city = 'Columbus'", False),
    ("insurer", "multi_hop", "how many claims came in on Tom Becker's policies", "SELECT count(*) FROM tbl_claim c JOIN tbl_policy p ON p.policyid = c.policyid JOIN tbl_agent ag ON ag.agentid = p.agentid WHERE ag.agentname = 'Tom Becker'", False),
    ("insurer", "multi_hop", "auto claim payouts by adjuster", f"SELECT a.adjustername, sum(cp.paymentamt) FROM {PAY_POLICY} JOIN tbl_adjuster a ON a.adjusterid = c.adjusterid WHERE p.lob = 'AUTO' GROUP BY a.adjustername", False),
    ("insurer", "relative_date", "how many claims were reported last month", "SELECT count(*) FROM tbl_claim c WHERE " + LAST_MONTH.format(c="c.reporteddate"), False),
    ("insurer", "relative_date", "active policies expiring in the next 30 days", "SELECT p.policyno FROM tbl_policy p WHERE p.policystatus = 'Active' AND p.expdate >= current_date AND p.expdate < current_date + 30", False),
    ("insurer", "relative_date", "new policyholders so far this year - how many", "SELECT count(*) FROM tbl_policyholder h WHERE " + THIS_YEAR.format(c="h.customersince"), False),
    ("insurer", "ratio", "claim denial rate", "SELECT 100.0 * count(*) FILTER (WHERE c.claimstatus = 'Denied') / count(*) FROM tbl_claim c", False),
    ("insurer", "ratio", "loss ratio on auto (paid / premium, %)", "SELECT 100.0 * (SELECT sum(cp.paymentamt) FROM " + PAY_POLICY + " WHERE p.lob = 'AUTO') / (SELECT sum(p.annualpremium) FROM tbl_policy p WHERE p.lob = 'AUTO')", False),
    ("insurer", "ratio", "what share of claims are water damage", "SELECT 100.0 * count(*) FILTER (WHERE c.causeofloss = 'Water Damage') / count(*) FROM tbl_claim c", False),
    ("insurer", "having", "policyholders with more than 3 claims", f"SELECT {HOLDER}, count(*) FROM {CLAIM_HOLDER} GROUP BY h.policyholderid, h.firstname, h.lastname HAVING count(*) > 3", False),
    ("insurer", "having", "causes of loss where the average claim is above 20k", "SELECT c.causeofloss, avg(c.amountclaimed) FROM tbl_claim c GROUP BY c.causeofloss HAVING avg(c.amountclaimed) > 20000", False),
    ("insurer", "having", "adjusters handling more than 45 claims", "SELECT a.adjustername, count(*) FROM tbl_claim c JOIN tbl_adjuster a ON a.adjusterid = c.adjusterid GROUP BY a.adjustername HAVING count(*) > 45", False),
    ("insurer", "distinct_count", "how many different policyholders filed a claim this year", "SELECT count(DISTINCT p.policyholderid) FROM tbl_claim c JOIN tbl_policy p ON p.policyid = c.policyid WHERE " + THIS_YEAR.format(c="c.reporteddate"), False),
    ("insurer", "distinct_count", "how many cities do our customers live in", "SELECT count(DISTINCT h.city) FROM tbl_policyholder h", False),
    ("insurer", "anti_join", "how many policyholders have never filed a claim", "SELECT count(*) FROM tbl_policyholder h WHERE NOT EXISTS (SELECT 1 FROM tbl_claim c JOIN tbl_policy p ON p.policyid = c.policyid WHERE p.policyholderid = h.policyholderid)", False),
    ("insurer", "anti_join", "adjusters who haven't been assigned a claim in the past two weeks", "SELECT a.adjustername FROM tbl_adjuster a WHERE NOT EXISTS (SELECT 1 FROM tbl_claim c WHERE c.adjusterid = a.adjusterid AND c.reporteddate >= current_date - 14)", False),
    ("insurer", "anti_join", "how many customers don't have an active policy anymore", "SELECT count(*) FROM tbl_policyholder h WHERE NOT EXISTS (SELECT 1 FROM tbl_policy p WHERE p.policyholderid = h.policyholderid AND p.policystatus = 'Active')", False),
    ("insurer", "vs_average", "how many auto policies cost more than the avg auto premium", "SELECT count(*) FROM tbl_policy p WHERE p.lob = 'AUTO' AND p.annualpremium > (SELECT avg(annualpremium) FROM tbl_policy WHERE lob = 'AUTO')", False),
    ("insurer", "vs_average", "how many claims are bigger than average", "SELECT count(*) FROM tbl_claim c WHERE c.amountclaimed > (SELECT avg(amountclaimed) FROM tbl_claim)", False),
    ("insurer", "date_diff", "avg days between the loss and when it was reported", "SELECT avg(c.reporteddate - c.lossdate) FROM tbl_claim c", False),
    ("insurer", "date_diff", "average days to close a claim", "SELECT avg(c.closeddate - c.reporteddate) FROM tbl_claim c WHERE c.closeddate IS NOT NULL", False),
    ("insurer", "date_diff", "avg age of our policyholders", "SELECT avg(date_part('year', age(h.dob))) FROM tbl_policyholder h", False),
    ("insurer", "two_period", "claims this month vs last month", "SELECT count(*) FILTER (WHERE " + THIS_MONTH.format(c="c.reporteddate") + "), count(*) FILTER (WHERE " + LAST_MONTH.format(c="c.reporteddate") + ") FROM tbl_claim c", False),
    ("insurer", "two_period", "paid out this year vs last yr", "SELECT sum(cp.paymentamt) FILTER (WHERE " + THIS_YEAR.format(c="cp.paidon") + "), sum(cp.paymentamt) FILTER (WHERE " + LAST_YEAR.format(c="cp.paidon") + ") FROM tbl_claimpayment cp", False),
)

INV_CLIENT = '"Invoice" i JOIN "Booking" b ON b.id = i."bookingId" JOIN "Client" c ON c.id = b."clientId"'
SESS_ENG = '"Session" s JOIN "Engineer" e ON e.id = s."engineerId"'

STUDIO: tuple[tuple[str, str, str, str, bool], ...] = (
    ("studio", "value_filter", "podcast clients", "SELECT c.name FROM \"Client\" c WHERE c.\"clientType\" = 'podcast'", False),
    ("studio", "value_filter", "which engineers are freelancers", "SELECT e.\"fullName\" FROM \"Engineer\" e WHERE e.\"isFreelance\"", False),
    ("studio", "value_filter", "mics we own that cost over 1000", "SELECT q.name, q.\"purchasePrice\" FROM \"Equipment\" q WHERE q.category = 'microphone' AND q.\"purchasePrice\" > 1000", False),
    ("studio", "count", "how many no-shows have we had", "SELECT count(*) FROM \"Booking\" b WHERE b.status = 'no_show'", False),
    ("studio", "count", "how many of our clients are bands", "SELECT count(*) FROM \"Client\" c WHERE c.\"clientType\" = 'band'", False),
    ("studio", "count", "how many invoices haven't been paid yet", "SELECT count(*) FROM \"Invoice\" i WHERE i.\"paidOn\" IS NULL", False),
    ("studio", "aggregate", "avg invoice amount", "SELECT avg(i.total) FROM \"Invoice\" i", False),
    ("studio", "aggregate", "total tracks recorded", "SELECT sum(s.\"trackCount\") FROM \"Session\" s", False),
    ("studio", "aggregate", "most we've ever paid for a piece of gear", "SELECT max(q.\"purchasePrice\") FROM \"Equipment\" q", False),
    ("studio", "group_by", "bookings per room", "SELECT r.name, count(*) FROM \"Booking\" b JOIN \"Room\" r ON r.id = b.\"roomId\" GROUP BY r.name", False),
    ("studio", "group_by", "revenue by client type", f"SELECT c.\"clientType\", sum(i.total) FROM {INV_CLIENT} GROUP BY c.\"clientType\"", False),
    ("studio", "group_by", "sessions by type this year", "SELECT s.\"sessionType\", count(*) FROM \"Session\" s WHERE " + THIS_YEAR.format(c="s.\"startedAt\"") + " GROUP BY s.\"sessionType\"", False),
    ("studio", "top_n", "top 5 clients by billings", f"SELECT c.name, sum(i.total) FROM {INV_CLIENT} GROUP BY c.name ORDER BY sum(i.total) DESC LIMIT 5", True),
    ("studio", "top_n", "which engineer has worked the most sessions", f"SELECT e.\"fullName\", count(*) FROM {SESS_ENG} GROUP BY e.\"fullName\" ORDER BY count(*) DESC LIMIT 1", True),
    ("studio", "top_n", "most used mic", "SELECT q.name, count(*) FROM \"SessionEquipment\" se JOIN \"Equipment\" q ON q.id = se.\"equipmentId\" WHERE q.category = 'microphone' GROUP BY q.name ORDER BY count(*) DESC LIMIT 1", True),
    ("studio", "join", "how many mastering sessions has Tasha Greene done", f"SELECT count(*) FROM {SESS_ENG} WHERE e.\"fullName\" = 'Tasha Greene' AND s.\"sessionType\" = 'mastering'", False),
    ("studio", "join", "how many times has Nova Reyes booked Studio A", "SELECT count(*) FROM \"Booking\" b JOIN \"Client\" c ON c.id = b.\"clientId\" JOIN \"Room\" r ON r.id = b.\"roomId\" WHERE c.name = 'Nova Reyes' AND r.name = 'Studio A'", False),
    ("studio", "join", "what gear lives in the live room", "SELECT q.name FROM \"Equipment\" q JOIN \"Room\" r ON r.id = q.\"roomId\" WHERE r.name = 'Live Room'", False),
    ("studio", "multi_hop", "total billed to Paper Lanterns", f"SELECT sum(i.total) FROM {INV_CLIENT} WHERE c.name = 'Paper Lanterns'", False),
    ("studio", "multi_hop", "which clients has Ellie Park engineered for", f"SELECT DISTINCT c.name FROM {SESS_ENG} JOIN \"Booking\" b ON b.id = s.\"bookingId\" JOIN \"Client\" c ON c.id = b.\"clientId\" WHERE e.\"fullName\" = 'Ellie Park'", False),
    ("studio", "multi_hop", "how many vocal booth sessions used the SM7B", "SELECT count(*) FROM \"SessionEquipment\" se JOIN \"Equipment\" q ON q.id = se.\"equipmentId\" JOIN \"Session\" s ON s.id = se.\"sessionId\" JOIN \"Booking\" b ON b.id = s.\"bookingId\" JOIN \"Room\" r ON r.id = b.\"roomId\" WHERE r.name = 'Vocal Booth' AND q.name = 'Shure SM7B'", False),
    ("studio", "relative_date", "how many confirmed bookings in the next 7 days", "SELECT count(*) FROM \"Booking\" b WHERE b.status = 'confirmed' AND b.\"startsAt\" >= current_date AND b.\"startsAt\" < current_date + 7", False),
    ("studio", "relative_date", "how much did we invoice last week", "SELECT sum(i.total) FROM \"Invoice\" i WHERE " + LAST_WEEK.format(c="i.\"issuedOn\""), False),
    ("studio", "relative_date", "clients added in the last 30 days", "SELECT c.name FROM \"Client\" c WHERE c.\"createdAt\" >= current_date - 30", False),
    ("studio", "ratio", "no-show rate", "SELECT 100.0 * count(*) FILTER (WHERE b.status = 'no_show') / count(*) FROM \"Booking\" b", False),
    ("studio", "ratio", "revenue per booked hour", "SELECT sum(i.total) / sum(b.hours) FROM \"Invoice\" i JOIN \"Booking\" b ON b.id = i.\"bookingId\"", False),
    ("studio", "ratio", "what percent of invoices got paid after the due date", "SELECT 100.0 * count(*) FILTER (WHERE i.\"paidOn\" > i.\"dueOn\") / count(*) FROM \"Invoice\" i", False),
    ("studio", "having", "clients with more than 100 bookings", "SELECT c.name, count(*) FROM \"Booking\" b JOIN \"Client\" c ON c.id = b.\"clientId\" GROUP BY c.name HAVING count(*) > 100", False),
    ("studio", "having", "rooms that brought in over 150k", "SELECT r.name, sum(i.total) FROM \"Invoice\" i JOIN \"Booking\" b ON b.id = i.\"bookingId\" JOIN \"Room\" r ON r.id = b.\"roomId\" GROUP BY r.name HAVING sum(i.total) > 150000", False),
    ("studio", "having", "engineers who recorded more than 1300 tracks", f"SELECT e.\"fullName\", sum(s.\"trackCount\") FROM {SESS_ENG} GROUP BY e.\"fullName\" HAVING sum(s.\"trackCount\") > 1300", False),
    ("studio", "distinct_count", "how many different clients booked time last month", "SELECT count(DISTINCT b.\"clientId\") FROM \"Booking\" b WHERE " + LAST_MONTH.format(c="b.\"startsAt\""), False),
    ("studio", "distinct_count", "how many pieces of gear have actually been used in a session", "SELECT count(DISTINCT se.\"equipmentId\") FROM \"SessionEquipment\" se", False),
    ("studio", "anti_join", "clients who've never booked", "SELECT c.name FROM \"Client\" c WHERE NOT EXISTS (SELECT 1 FROM \"Booking\" b WHERE b.\"clientId\" = c.id)", False),
    ("studio", "anti_join", "equipment that's never been used", "SELECT q.name FROM \"Equipment\" q WHERE NOT EXISTS (SELECT 1 FROM \"SessionEquipment\" se WHERE se.\"equipmentId\" = q.id)", False),
    ("studio", "anti_join", "rooms with no no-shows in the last 30 days", "SELECT r.name FROM \"Room\" r WHERE NOT EXISTS (SELECT 1 FROM \"Booking\" b WHERE b.\"roomId\" = r.id AND b.status = 'no_show' AND b.\"startsAt\" >= current_date - 30)", False),
    ("studio", "vs_average", "how many bookings were longer than average", "SELECT count(*) FROM \"Booking\" b WHERE b.hours > (SELECT avg(hours) FROM \"Booking\")", False),
    ("studio", "vs_average", "rooms that charge more per hour than the average room", "SELECT r.name FROM \"Room\" r WHERE r.\"hourlyRate\" > (SELECT avg(\"hourlyRate\") FROM \"Room\")", False),
    ("studio", "date_diff", "avg session length in hours", "SELECT avg(extract(epoch FROM s.\"endedAt\" - s.\"startedAt\") / 3600) FROM \"Session\" s", False),
    ("studio", "date_diff", "on average how many days do clients take to pay", "SELECT avg(i.\"paidOn\" - i.\"issuedOn\") FROM \"Invoice\" i WHERE i.\"paidOn\" IS NOT NULL", False),
    ("studio", "date_diff", "how many years has each engineer been with us", "SELECT e.\"fullName\", date_part('year', age(e.\"startedOn\")) FROM \"Engineer\" e", False),
    ("studio", "two_period", "billed this month vs last month", "SELECT sum(i.total) FILTER (WHERE " + THIS_MONTH.format(c="i.\"issuedOn\"") + "), sum(i.total) FILTER (WHERE " + LAST_MONTH.format(c="i.\"issuedOn\"") + ") FROM \"Invoice\" i", False),
    ("studio", "two_period", "completed bookings this quarter compared with last quarter", "SELECT count(*) FILTER (WHERE " + THIS_QUARTER.format(c="b.\"startsAt\"") + "), count(*) FILTER (WHERE " + LAST_QUARTER.format(c="b.\"startsAt\"") + ") FROM \"Booking\" b WHERE b.status = 'completed'", False),
)

QUESTIONS = INSURER + STUDIO
