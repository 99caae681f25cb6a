"""The questions of this set and their gold SQL, written before anything was run on them.

One tuple per question: (database key, category, question, gold SQL, ordered), as in
``eval/analyst_dev/questions.py``; gold follows ``eval/CONVENTIONS.md``; categories are those
of ``eval/demo.jsonl`` plus multi_hop, anti_join, vs_average, date_diff, share and two_period.
Phrased as an analyst would type them; a few use the shapes round 18f left undone (a ratio of
two amounts, "days since the last X", "the average X per Y" over per-Y counts, an anti-join
with a period across a bridge that has no date, rows whose names repeat shown with their date).
"""

from __future__ import annotations

LAST_MONTH = "{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', current_date)"
THIS_MONTH = "{c} >= date_trunc('month', current_date)"
THIS_YEAR = "{c} >= date_trunc('year', current_date)"
LAST_YEAR = "{c} >= date_trunc('year', current_date) - interval '1 year' AND {c} < date_trunc('year', current_date)"
MEM = "m.first_name, m.last_name"

QUESTIONS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("climbing", "value_filter", "members on the annual plan", f"SELECT {MEM} FROM member m WHERE m.plan = 'annual'", False),
    ("climbing", "value_filter", "cancelled lessons", "SELECT l.title, l.starts_at FROM lesson l WHERE l.status = 'cancelled'", False),
    ("climbing", "count", "how many members are still active", "SELECT count(*) FROM member m WHERE m.cancelled_on IS NULL", False),
    ("climbing", "count", "number of routes on the Overhang", "SELECT count(*) FROM route r WHERE r.wall = 'Overhang'", False),
    ("climbing", "count", "how many flashes have been logged", "SELECT count(*) FROM ascent a WHERE a.is_flash", False),
    ("climbing", "aggregate", "total day pass revenue", "SELECT sum(d.price) FROM day_pass d", False),
    ("climbing", "aggregate", "average attempts per ascent", "SELECT avg(a.attempts) FROM ascent a", False),
    ("climbing", "aggregate", "total paid for lesson bookings", "SELECT sum(b.paid) FROM lesson_booking b", False),
    ("climbing", "aggregate", "average ascents per member", "SELECT avg(n) FROM (SELECT count(*) AS n FROM ascent a GROUP BY a.member_id) per_member", False),
    ("climbing", "group_by", "members by plan", "SELECT m.plan, count(*) FROM member m GROUP BY m.plan", False),
    ("climbing", "group_by", "day pass revenue by pass type", "SELECT d.pass_type, sum(d.price) FROM day_pass d GROUP BY d.pass_type", False),
    ("climbing", "group_by", "ascents per wall", "SELECT r.wall, count(*) FROM ascent a JOIN route r ON r.id = a.route_id GROUP BY r.wall", False),
    ("climbing", "having", "instructors who taught more than 100 lessons", "SELECT i.full_name, count(*) FROM lesson l JOIN instructor i ON i.id = l.instructor_id GROUP BY i.full_name HAVING count(*) > 100", False),
    ("climbing", "having", "grades with more than 400 ascents", "SELECT r.grade, count(*) FROM ascent a JOIN route r ON r.id = a.route_id GROUP BY r.grade HAVING count(*) > 400", False),
    ("climbing", "distinct_count", "how many members climbed last month", "SELECT count(DISTINCT a.member_id) FROM ascent a WHERE " + LAST_MONTH.format(c="a.climbed_on"), False),
    ("climbing", "distinct_count", "how many different members booked a lesson this year", "SELECT count(DISTINCT b.member_id) FROM lesson_booking b JOIN lesson l ON l.id = b.lesson_id WHERE " + THIS_YEAR.format(c="l.starts_at"), False),
    ("climbing", "relative_date", "how many day passes were sold yesterday", "SELECT count(*) FROM day_pass d WHERE d.sold_at >= current_date - 1 AND d.sold_at < current_date", False),
    ("climbing", "relative_date", "lessons in the next 7 days", "SELECT l.title, l.starts_at FROM lesson l WHERE l.starts_at >= current_date AND l.starts_at < current_date + 7", False),
    ("climbing", "relative_date", "how many routes were set in the last 30 days", "SELECT count(*) FROM route r WHERE r.set_on >= current_date - 30", False),
    ("climbing", "ratio", "flash rate", "SELECT 100.0 * count(*) FILTER (WHERE a.is_flash) / count(*) FROM ascent a", False),
    ("climbing", "ratio", "lesson cancellation rate", "SELECT 100.0 * count(*) FILTER (WHERE l.status = 'cancelled') / count(*) FROM lesson l", False),
    ("climbing", "ratio", "day pass revenue per visitor", "SELECT sum(d.price) / sum(d.visitors) FROM day_pass d", False),
    ("climbing", "share", "what percentage of day passes were paid in cash", "SELECT 100.0 * count(*) FILTER (WHERE d.payment = 'cash') / count(*) FROM day_pass d", False),
    ("climbing", "share", "share of day pass revenue from family passes", "SELECT 100.0 * sum(d.price) FILTER (WHERE d.pass_type = 'family') / sum(d.price) FROM day_pass d", False),
    ("climbing", "share", "what percent of members are students", "SELECT 100.0 * count(*) FILTER (WHERE m.plan = 'student') / count(*) FROM member m", False),
    ("climbing", "join", "how many lessons has Sam Rivera taught", "SELECT count(*) FROM lesson l JOIN instructor i ON i.id = l.instructor_id WHERE i.full_name = 'Sam Rivera'", False),
    ("climbing", "join", "how many ascents has Maya Okafor logged", "SELECT count(*) FROM ascent a JOIN member m ON m.id = a.member_id WHERE m.first_name = 'Maya' AND m.last_name = 'Okafor'", False),
    ("climbing", "join", "total paid by Leon Brandt for lessons", "SELECT sum(b.paid) FROM lesson_booking b JOIN member m ON m.id = b.member_id WHERE m.first_name = 'Leon' AND m.last_name = 'Brandt'", False),
    ("climbing", "multi_hop", "members taught by Priya Nair", f"SELECT DISTINCT {MEM} FROM member m JOIN lesson_booking b ON b.member_id = m.id JOIN lesson l ON l.id = b.lesson_id JOIN instructor i ON i.id = l.instructor_id WHERE i.full_name = 'Priya Nair'", False),
    ("climbing", "multi_hop", "booking revenue from Jo Whitfield's lessons", "SELECT sum(b.paid) FROM lesson_booking b JOIN lesson l ON l.id = b.lesson_id JOIN instructor i ON i.id = l.instructor_id WHERE i.full_name = 'Jo Whitfield'", False),
    ("climbing", "multi_hop", "how many ascents on the Overhang by student members", "SELECT count(*) FROM ascent a JOIN route r ON r.id = a.route_id JOIN member m ON m.id = a.member_id WHERE r.wall = 'Overhang' AND m.plan = 'student'", False),
    ("climbing", "anti_join", "instructors who never taught a lesson", "SELECT i.full_name FROM instructor i WHERE NOT EXISTS (SELECT 1 FROM lesson l WHERE l.instructor_id = i.id)", False),
    ("climbing", "anti_join", "members who never booked a lesson", f"SELECT {MEM} FROM member m WHERE NOT EXISTS (SELECT 1 FROM lesson_booking b WHERE b.member_id = m.id)", False),
    ("climbing", "anti_join", "members who have not booked a lesson this month", f"SELECT {MEM} FROM member m WHERE NOT EXISTS (SELECT 1 FROM lesson_booking b JOIN lesson l ON l.id = b.lesson_id WHERE b.member_id = m.id AND " + THIS_MONTH.format(c="l.starts_at") + ")", False),
    ("climbing", "top_n", "top 3 instructors by lessons taught", "SELECT i.full_name, count(*) FROM lesson l JOIN instructor i ON i.id = l.instructor_id GROUP BY i.full_name ORDER BY count(*) DESC LIMIT 3", True),
    ("climbing", "top_n", "which wall has the most ascents", "SELECT r.wall, count(*) FROM ascent a JOIN route r ON r.id = a.route_id GROUP BY r.wall ORDER BY count(*) DESC LIMIT 1", True),
    ("climbing", "top_n", "highest paid instructor", "SELECT i.full_name, i.hourly_rate FROM instructor i ORDER BY i.hourly_rate DESC LIMIT 1", True),
    ("climbing", "top_n", "top 5 members by ascents", f"SELECT {MEM}, count(*) FROM ascent a JOIN member m ON m.id = a.member_id GROUP BY m.id, m.first_name, m.last_name ORDER BY count(*) DESC LIMIT 5", True),
    ("climbing", "two_period", "day pass revenue this month vs last month", "SELECT sum(d.price) FILTER (WHERE " + THIS_MONTH.format(c="d.sold_at") + "), sum(d.price) FILTER (WHERE " + LAST_MONTH.format(c="d.sold_at") + ") FROM day_pass d", False),
    ("climbing", "two_period", "ascents this year compared with last year", "SELECT count(*) FILTER (WHERE " + THIS_YEAR.format(c="a.climbed_on") + "), count(*) FILTER (WHERE " + LAST_YEAR.format(c="a.climbed_on") + ") FROM ascent a", False),
    ("climbing", "vs_average", "instructors paid more than the average hourly rate", "SELECT i.full_name FROM instructor i WHERE i.hourly_rate > (SELECT avg(hourly_rate) FROM instructor)", False),
    ("climbing", "vs_average", "how many ascents took more attempts than average", "SELECT count(*) FROM ascent a WHERE a.attempts > (SELECT avg(attempts) FROM ascent)", False),
    ("climbing", "date_diff", "average age of members", "SELECT avg(date_part('year', age(m.birth_date))) FROM member m", False),
    ("climbing", "date_diff", "days since the last cancelled lesson", "SELECT current_date - max(l.starts_at)::date FROM lesson l WHERE l.status = 'cancelled'", False),
    ("climbing", "date_diff", "average membership length in days for members who cancelled", "SELECT avg(m.cancelled_on - m.joined_on) FROM member m WHERE m.cancelled_on IS NOT NULL", False),
)
