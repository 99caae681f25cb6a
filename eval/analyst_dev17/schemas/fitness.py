"""Seeded rows for ``adv17_fitness`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "Europe/London"
# name, city, days since opening, active
CLUBS = (("Shoreditch", "London", 2900, True), ("Canary Wharf", "London", 2400, True), ("Brixton", "London", 1800, True),
         ("Deansgate", "Manchester", 1500, True), ("Clifton", "Bristol", 1100, True), ("Headingley", "Leeds", 700, False),
         ("Jewellery Quarter", "Birmingham", 12, True))
# name, fee, min term, includes classes, active, weight
PLANS = (("Off-Peak", 24.99, 1, False, True, 3), ("Standard", 34.99, 1, True, True, 5), ("Premium", 54.99, 1, True, True, 3),
         ("Student", 19.99, 3, True, True, 2), ("Annual Saver", 29.99, 12, True, True, 2),
         ("Corporate", 27.50, 12, True, False, 1), ("Family Duo", 79.99, 12, True, True, 0))
# name, minutes, intensity, scheduled
CLASS_TYPES = (("Spin", 45, "H", 5), ("Yoga", 60, "L", 4), ("HIIT", 30, "H", 4), ("Pilates", 50, "M", 3),
               ("Boxfit", 45, "H", 2), ("Zumba", 55, "M", 2), ("Body Pump", 60, "M", 3), ("Aqua Aerobics", 45, "L", 0))


def _ts(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv17-fitness")
    clubs = [(k + 1, n, c, days_before(today, d), a, _ts(days_before(today, d + 30), 9))
             for k, (n, c, d, a) in enumerate(CLUBS)]
    plans = [(k + 1, n, money(f), t, ic, a, _ts(days_before(today, 3000 - 200 * k), 10))
             for k, (n, f, t, ic, a, _) in enumerate(PLANS)]
    open_clubs = [c for c in clubs if c[0] != 7]
    members: list[Row] = []
    taken: set[tuple[str, str]] = set()
    for k in range(320):
        f, l = person(rng, taken)
        taken.add((f, l))
        club = pick(rng, open_clubs, (5, 4, 3, 3, 2, 1))
        age_days = rng.randint(5, min(1400, (today - club[3]).days - 1))
        birth = days_before(today, rng.randint(17 * 365, 68 * 365))
        members.append((k + 1, f, l, f"{f.lower()}.{l.lower()}{k}@mail.example", birth, club[0], True,
                        _ts(days_before(today, age_days), rng.randint(7, 20), rng.randint(0, 59))))
    memberships: list[Row] = []
    payments: list[Row] = []
    weights = [p[5] for p in PLANS]
    inactive: set[int] = set()
    for m in members:
        joined = m[7].date()
        plan = pick(rng, plans, weights)
        if plan[0] == 6 and (today - joined).days < 400:
            plan = plans[1]
        r = rng.random()
        span = (today - joined).days
        if r < 0.22 and span > 60:
            status, end = "C", joined + timedelta(days=rng.randint(30, span - 1))
        elif r < 0.32:
            status, end = "F", None
        else:
            status, end = "A", None
        frozen = today + timedelta(days=rng.randint(5, 60)) if status == "F" else None
        ms_id = len(memberships) + 1
        memberships.append((ms_id, m[0], plan[0], joined, end, status, frozen, m[7]))
        if status == "C":
            inactive.add(m[0])
        stop = end or today
        day = joined
        while day <= stop:
            method = pick(rng, ("DD", "CC", "CA"), (7, 3, 1))
            payments.append((len(payments) + 1, ms_id, plan[2], method, _ts(day, 6, rng.randint(0, 59)), _ts(day, 6)))
            day = day + timedelta(days=30)
    members = [m[:6] + (m[0] not in inactive,) + m[7:] for m in members]
    trainers: list[Row] = []
    for k in range(15):
        f, l = person(rng, taken)
        taken.add((f, l))
        club = open_clubs[k % len(open_clubs)] if k < 14 else clubs[6]
        hired = days_before(today, 8 if k == 14 else rng.randint(120, 2500))
        trainers.append((k + 1, f, l, club[0], money(rng.uniform(18, 42)), hired, k != 5, _ts(hired, 9)))
    types = [(k + 1, n, d, i, _ts(days_before(today, 3000), 9)) for k, (n, d, i, _) in enumerate(CLASS_TYPES)]
    sessions: list[Row] = []
    bookings: list[Row] = []
    by_club = {c[0]: [t for t in trainers if t[3] == c[0] and t[6]] for c in open_clubs}
    for offset in range(-150, 15):
        day = today + timedelta(days=offset)
        for club in open_clubs:
            for slot in range(2 if club[0] <= 3 else 1):
                ct = pick(rng, types, [c[3] for c in CLASS_TYPES])
                tr = rng.choice(by_club[club[0]])
                hour = (7, 18)[slot] if club[0] <= 3 else rng.choice((7, 12, 18, 19))
                cap = rng.choice((12, 16, 20, 24))
                cancelled = rng.random() < 0.03
                sid = len(sessions) + 1
                sessions.append((sid, ct[0], club[0], tr[0], _ts(day, hour), cap, cancelled,
                                 _ts(day - timedelta(days=21), 8)))
                locals_ = [m for m in members if m[5] == club[0] and m[7].date() <= day]
                n = min(len(locals_), rng.randint(cap // 3, cap))
                for m in rng.sample(locals_, n):
                    booked = _ts(day - timedelta(days=rng.randint(0, 6)), rng.randint(6, 22))
                    if booked > _ts(today, 23):
                        booked = _ts(today, 5)
                    cancel = booked + timedelta(hours=rng.randint(1, 20)) if rng.random() < 0.1 else None
                    past = offset < 0 and not cancelled
                    attended = past and cancel is None and rng.random() < 0.82
                    bookings.append((len(bookings) + 1, sid, m[0], booked, attended, cancel))
    packages: list[Row] = []
    for k in range(90):
        m = rng.choice(members)
        tr = rng.choice([t for t in trainers[:14] if t[3] == m[5]] or trainers[:14])
        bought = days_before(today, rng.randint(0, 420))
        total = rng.choice((5, 10, 10, 20))
        used = min(total, rng.randint(0, total + 4)) if (today - bought).days > 20 else rng.randint(0, 2)
        packages.append((k + 1, m[0], tr[0], total, used, money(total * rng.choice((38, 42, 45, 50))),
                         _ts(bought, rng.randint(8, 20)), bought + timedelta(days=180)))
    return {"gym_club": clubs, "billing_membershipplan": plans, "gym_member": members,
            "billing_membership": memberships, "billing_payment": payments, "gym_trainer": trainers,
            "gym_classtype": types, "gym_classsession": sessions, "gym_booking": bookings,
            "training_ptpackage": packages}
