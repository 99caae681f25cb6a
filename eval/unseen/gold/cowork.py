"""Questions about ``unseen_cowork`` (coworking, Prisma-style quoted camelCase identifiers)."""

from eval.unseen.gold.periods import (
    LAST_MONTH as _LAST_MONTH,
    MONTH_BEFORE as _MONTH_BEFORE,
    LAST_YEAR as _LAST_YEAR,
    LAST_QUARTER as _LAST_QUARTER)

_BOOKINGS = 'FROM "Booking" b JOIN "Space" s ON s.id = b."spaceId"'
_AT_LOCATION = 'JOIN "Location" l ON l.id = s."locationId"'
_HOURS = 'extract(epoch FROM b."endsAt" - b."startsAt") / 3600'
_ACTIVE = 'ms."startDate" <= current_date AND (ms."endDate" IS NULL OR ms."endDate" >= current_date)'
_STARTS, _ISSUED, _ENDED = 'b."startsAt"', 'i."issuedAt"', 'ms."endDate"'

QUESTIONS = (
    # value_filter
    ("value_filter", "meeting rooms at the foundry that fit 10 or more",
     'SELECT s.name, s.capacity FROM "Space" s JOIN "Location" l ON l.id = s."locationId" '
     "WHERE l.name = 'The Foundry' AND s.type = 'MEETING_ROOM' AND s.capacity >= 10", False),
    ("value_filter", "hourly rate for the schuylkil room?",
     'SELECT s."hourlyRate" FROM "Space" s WHERE s.name = \'Schuylkill\'', False),
    ("value_filter", "which plans can new members still sign up for",
     'SELECT p.name FROM "Plan" p WHERE p."isActive"', False),
    ("value_filter", "our locations in baltimore",
     "SELECT l.name FROM \"Location\" l WHERE l.city = 'Baltimore'", False),
    # count
    ("count", "how many members work for Kettle Labs",
     'SELECT count(*) FROM "Member" m JOIN "Company" c ON c.id = m."companyId" WHERE c.name = \'Kettle Labs\'', False),
    ("count", "number of no-show bookings",
     "SELECT count(*) FROM \"Booking\" b WHERE b.status = 'NO_SHOW'", False),
    ("count", "how many invoices are overdue",
     'SELECT count(*) FROM "Invoice" i WHERE i.status = \'OPEN\' AND i."dueAt" < current_date', False),
    # aggregate
    ("aggregate", "avg booking length in hours for the Harbor Room",
     f"SELECT avg({_HOURS}) {_BOOKINGS} WHERE s.name = 'Harbor Room'", False),
    ("aggregate", "how much is outstanding on open invoices",
     "SELECT sum(i.amount) FROM \"Invoice\" i WHERE i.status = 'OPEN'", False),
    ("aggregate", "whats our MRR right now",
     'SELECT sum(p."monthlyPrice" * (100 - ms."discountPercent") / 100.0) FROM "Membership" ms '
     f'JOIN "Plan" p ON p.id = ms."planId" WHERE {_ACTIVE}', False),
    ("aggregate", "average headcount on event space bookings",
     f"SELECT avg(b.attendees) {_BOOKINGS} WHERE s.type = 'EVENT_SPACE'", False),
    # distinct_count
    ("distinct_count", "how many different members used a meeting room last month",
     f'SELECT count(DISTINCT b."memberId") {_BOOKINGS} WHERE s.type = \'MEETING_ROOM\' '
     f"AND b.status = 'COMPLETED' AND {_LAST_MONTH.format(c=_STARTS)}", False),
    ("distinct_count", "how many companies have people based at Dockside Hub",
     'SELECT count(DISTINCT m."companyId") FROM "Member" m JOIN "Location" l ON l.id = m."homeLocationId" '
     "WHERE l.name = 'Dockside Hub'", False),
    ("distinct_count", "how many industries are our member companies in",
     'SELECT count(DISTINCT c.industry) FROM "Company" c', False),
    # group_by
    ("group_by", "bookings per location",
     f"SELECT l.name, count(*) {_BOOKINGS} {_AT_LOCATION} GROUP BY l.name", False),
    ("group_by", "revenue by location",
     'SELECT l.name, sum(i.amount) FROM "Invoice" i JOIN "Location" l ON l.id = i."locationId" '
     "WHERE i.status = 'PAID' GROUP BY l.name", False),
    ("group_by", "active members by plan",
     'SELECT p.name, count(*) FROM "Membership" ms JOIN "Plan" p ON p.id = ms."planId" '
     f"WHERE {_ACTIVE} GROUP BY p.name", False),
    ("group_by", "monthly revenue for the last 6 months",
     'SELECT date_trunc(\'month\', i."issuedAt") AS month, sum(i.amount) FROM "Invoice" i '
     "WHERE i.status = 'PAID' AND i.\"issuedAt\" >= current_date - interval '6 months' GROUP BY 1 ORDER BY 1", True),
    # having
    ("having", "companies with more than 6 members",
     'SELECT c.name, count(*) FROM "Member" m JOIN "Company" c ON c.id = m."companyId" GROUP BY c.name '
     "HAVING count(*) > 6", False),
    ("having", "meeting rooms booked more than 300 times",
     f"SELECT s.name, count(*) {_BOOKINGS} WHERE s.type = 'MEETING_ROOM' GROUP BY s.name HAVING count(*) > 300",
     False),
    ("having", "members who have paid us more than 20k",
     'SELECT m."firstName", m."lastName", sum(i.amount) FROM "Invoice" i JOIN "Member" m ON m.id = i."memberId" '
     "WHERE i.status = 'PAID' GROUP BY m.id, m.\"firstName\", m.\"lastName\" HAVING sum(i.amount) > 20000", False),
    # join
    ("join", "what company is Jordan Blake with",
     'SELECT c.name FROM "Member" m JOIN "Company" c ON c.id = m."companyId" '
     "WHERE m.\"firstName\" = 'Jordan' AND m.\"lastName\" = 'Blake'", False),
    ("join", "which location is the Lighthouse room at",
     "SELECT l.name FROM \"Space\" s JOIN \"Location\" l ON l.id = s.\"locationId\" WHERE s.name = 'Lighthouse'",
     False),
    ("join", "what plan is jordan blake on",
     'SELECT p.name FROM "Membership" ms JOIN "Plan" p ON p.id = ms."planId" JOIN "Member" m ON m.id = ms."memberId" '
     f"WHERE m.\"firstName\" = 'Jordan' AND m.\"lastName\" = 'Blake' AND {_ACTIVE}", False),
    # relative_date
    ("relative_date", "confirmed bookings for the next 7 days",
     "SELECT count(*) FROM \"Booking\" b WHERE b.status = 'CONFIRMED' AND b.\"startsAt\" >= current_date "
     "AND b.\"startsAt\" < current_date + 7", False),
    ("relative_date", "revenue last month",
     f"SELECT sum(i.amount) FROM \"Invoice\" i WHERE i.status = 'PAID' AND {_LAST_MONTH.format(c=_ISSUED)}",
     False),
    ("relative_date", "new members in the last 90 days",
     'SELECT count(*) FROM "Member" m WHERE m."createdAt" >= current_date - 90', False),
    ("relative_date", "how many memberships ended last quarter",
     f"SELECT count(*) FROM \"Membership\" ms WHERE {_LAST_QUARTER.format(c=_ENDED)}", False),
    # ratio
    ("ratio", "no-show rate by location",
     f"SELECT l.name, 100.0 * count(*) FILTER (WHERE b.status = 'NO_SHOW') / count(*) {_BOOKINGS} {_AT_LOCATION} "
     'WHERE b."startsAt" < current_date GROUP BY l.name', False),
    ("ratio", "what % of members belong to a company",
     'SELECT 100.0 * count(m."companyId") / count(*) FROM "Member" m', False),
    ("ratio", "cancellation rate for event space bookings",
     f"SELECT 100.0 * count(*) FILTER (WHERE b.status = 'CANCELLED') / count(*) {_BOOKINGS} "
     "WHERE s.type = 'EVENT_SPACE'", False),
    # top_n
    ("top_n", "most booked meeting room",
     f"SELECT s.name, count(*) AS bookings {_BOOKINGS} WHERE s.type = 'MEETING_ROOM' GROUP BY s.name "
     "ORDER BY bookings DESC LIMIT 1", True),
    ("top_n", "which member made the most bookings in the past 12 months",
     'SELECT m."firstName", m."lastName", count(*) AS bookings FROM "Booking" b JOIN "Member" m ON m.id = b."memberId" '
     "WHERE b.\"startsAt\" >= current_date - interval '12 months' AND b.\"startsAt\" < current_date "
     'GROUP BY m.id, m."firstName", m."lastName" ORDER BY bookings DESC LIMIT 1', True),
    ("top_n", "which location made the most money last year",
     'SELECT l.name, sum(i.amount) AS revenue FROM "Invoice" i JOIN "Location" l ON l.id = i."locationId" '
     f"WHERE i.status = 'PAID' AND {_LAST_YEAR.format(c=_ISSUED)} GROUP BY l.name "
     "ORDER BY revenue DESC LIMIT 1", True),
    ("top_n", "which company pays us the most",
     'SELECT c.name, sum(i.amount) AS revenue FROM "Invoice" i JOIN "Member" m ON m.id = i."memberId" '
     "JOIN \"Company\" c ON c.id = m.\"companyId\" WHERE i.status = 'PAID' GROUP BY c.name "
     "ORDER BY revenue DESC LIMIT 1", True),
    # anti_join
    ("anti_join", "members who have never booked anything",
     'SELECT m."firstName", m."lastName" FROM "Member" m WHERE NOT EXISTS '
     '(SELECT 1 FROM "Booking" b WHERE b."memberId" = m.id)', False),
    ("anti_join", "spaces that have never been booked, and where they are",
     'SELECT l.name, s.name FROM "Space" s JOIN "Location" l ON l.id = s."locationId" WHERE NOT EXISTS '
     '(SELECT 1 FROM "Booking" b WHERE b."spaceId" = s.id)', False),
    # vs_average
    ("vs_average", "meeting rooms that get booked more than the average room",
     f"WITH per_room AS (SELECT s.name, count(*) AS bookings {_BOOKINGS} WHERE s.type = 'MEETING_ROOM' "
     "GROUP BY s.name) SELECT r.name, r.bookings FROM per_room r "
     "WHERE r.bookings > (SELECT avg(bookings) FROM per_room)", False),
    # date_diff
    ("date_diff", "how many days ahead do people book meeting rooms on average",
     f'SELECT avg(extract(epoch FROM b."startsAt" - b."createdAt") / 86400) {_BOOKINGS} '
     "WHERE s.type = 'MEETING_ROOM'", False),
    ("date_diff", "average age of our members",
     'SELECT avg(extract(year FROM age(current_date, m."birthDate"))) FROM "Member" m', False),
    ("date_diff", "how long do memberships last on average (ended ones), in days",
     'SELECT avg(ms."endDate" - ms."startDate") FROM "Membership" ms WHERE ms."endDate" IS NOT NULL', False),
    # share
    ("share", "each location's share of last year's revenue",
     'SELECT l.name, 100.0 * sum(i.amount) / sum(sum(i.amount)) OVER () FROM "Invoice" i '
     "JOIN \"Location\" l ON l.id = i.\"locationId\" "
     f"WHERE i.status = 'PAID' AND {_LAST_YEAR.format(c=_ISSUED)} GROUP BY l.name", False),
    # two_period
    ("two_period", "revenue last month vs the month before",
     f"SELECT sum(i.amount) FILTER (WHERE {_LAST_MONTH.format(c=_ISSUED)}), "
     f"sum(i.amount) FILTER (WHERE {_MONTH_BEFORE.format(c=_ISSUED)}) FROM \"Invoice\" i "
     "WHERE i.status = 'PAID'", False),
    # multi_hop
    ("multi_hop", "how many hours have Kettle Labs people spent in meeting rooms",
     f'SELECT sum({_HOURS}) {_BOOKINGS} JOIN "Member" m ON m.id = b."memberId" JOIN "Company" c ON c.id = m."companyId" '
     "WHERE c.name = 'Kettle Labs' AND s.type = 'MEETING_ROOM' AND b.status = 'COMPLETED'", False),
    ("multi_hop", "which locations have Stitchwise Apparel people booked rooms at",
     f'SELECT DISTINCT l.name {_BOOKINGS} {_AT_LOCATION} JOIN "Member" m ON m.id = b."memberId" '
     "JOIN \"Company\" c ON c.id = m.\"companyId\" WHERE c.name = 'Stitchwise Apparel' AND s.type = 'MEETING_ROOM'",
     False),
)
