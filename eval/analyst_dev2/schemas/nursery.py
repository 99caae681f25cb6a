"""Seeded rows for ``adv2_nursery`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import FIRST_NAMES, LAST_NAMES, Row, days_before, money, person, pick, rng_for

TIMEZONE = "UTC"
ROOMS = ((1, "Acorns", "babies", 12), (2, "Rainbows", "toddlers", 20), (3, "Little Stars", "toddlers", 18),
         (4, "Sunflowers", "preschool", 30))
AGES = {"babies": (120, 700), "toddlers": (700, 1100), "preschool": (1100, 1800)}
STAFF = (("Joy Mensah", "manager", None, 3000, 42000), ("Carla Bruni", "cook", None, 1200, 24000),
         ("Priti Shah", "room leader", 1, 2500, 31000), ("Maeve Doyle", "room leader", 2, 1800, 30500),
         ("Ben Cole", "room leader", 3, 900, 29800), ("Hana Sato", "room leader", 4, 2200, 31500),
         ("Tariq Aziz", "practitioner", 1, 400, 25000), ("Lily Moss", "practitioner", 2, 650, 25400),
         ("Eva Horak", "practitioner", 2, 120, 24800), ("Ola Nowak", "practitioner", 3, 300, 25100),
         ("Rhys Pugh", "practitioner", 4, 1000, 26000), ("Ines Cruz", "practitioner", 4, 60, 24600))


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv2-nursery")
    children: list[Row] = []
    for i in range(1, 91):
        room = pick(rng, ROOMS, (2, 4, 3, 6))
        lo, hi = AGES[room[2]]
        born = days_before(today, rng.randint(lo, hi))
        enrolled = born + timedelta(days=rng.randint(100, max(101, (today - born).days - 10)))
        left = None
        if i > 72:                                  # children 73-90 have left
            left = enrolled + timedelta(days=rng.randint(30, max(31, (today - enrolled).days)))
            left = min(left, today - timedelta(days=5))
        children.append((i, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), born, room[0], enrolled, left,
                         rng.random() < 0.15, pick(rng, (0, 15, 30), (3, 4, 3))))
    guardians: list[Row] = []
    links: list[Row] = []
    for c in children:
        family = c[2]
        for relation in rng.sample(("mother", "father", "grandparent", "carer"), pick(rng, (1, 2, 3), (3, 6, 1))):
            first = person(rng)[0]
            guardians.append((len(guardians) + 1, f"{first} {family}", relation, f"07{rng.randint(100000000, 999999999)}"))
            links.append((c[0], len(guardians)))
        if c[0] % 11 == 0 and c[0] > 1:           # siblings share a guardian
            links.append((c[0] - 1, len(guardians)))
    staff = [(i, n, r, room, days_before(today, d), money(s)) for i, (n, r, room, d, s) in enumerate(STAFF, 1)]
    attendance: list[Row] = []
    invoices: list[Row] = []
    for c in children:
        start = max(c[5], today - timedelta(days=120))
        end = c[6] or today
        day = start
        while day <= end:
            if day.weekday() < 5 and rng.random() < 0.7:
                attendance.append((len(attendance) + 1, c[0], day, pick(rng, (4, 5.5, 8, 10), (3, 2, 4, 2))))
            day += timedelta(days=1)
        month = date(c[5].year, c[5].month, 1)
        while month <= end and month <= today and c[0] % 17:     # children 17, 34, ... never billed
            if month >= date(today.year - 1, 1, 1):
                invoices.append((len(invoices) + 1, c[0], month, money(rng.uniform(400, 1200)),
                                 month < date(today.year, today.month, 1) and rng.random() < 0.9))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return {"tbl_room": [tuple(r) for r in ROOMS], "tbl_child": children, "tbl_guardian": guardians,
            "tbl_child_guardian": links, "tbl_staff": staff, "tbl_attendance": attendance, "tbl_invoice": invoices}
