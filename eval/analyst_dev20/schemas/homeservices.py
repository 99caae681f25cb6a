"""Seeded rows for ``adv20_homeservices`` (dates relative to the load day; Rails stores UTC)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from eval.analyst_dev.seed import Row, days_before, moment, person, pick, rng_for

TIMEZONE = "UTC"
# name, typical job price in dollars, request weight; Pool Cleaning is switched off: no pros, no requests
CATEGORIES = (("Plumbing", 240, 9), ("Electrical", 280, 6), ("House Cleaning", 150, 12), ("Lawn Care", 90, 8),
              ("Handyman", 180, 10), ("Painting", 900, 4), ("Moving Help", 420, 5), ("Pest Control", 160, 4),
              ("Appliance Repair", 210, 5), ("Roofing", 2400, 2), ("Furniture Assembly", 120, 5),
              ("Pool Cleaning", 130, 0))
PROS_PER = (4, 3, 5, 3, 5, 3, 3, 2, 3, 2, 3, 0)
CITIES = (("Denver", "802"), ("Aurora", "800"), ("Lakewood", "802"), ("Boulder", "803"), ("Littleton", "801"),
          ("Arvada", "800"))
STREETS = ("Maple St", "Colfax Ave", "Pearl St", "Elm Ct", "Wadsworth Blvd", "Broadway", "Cedar Ln", "Alameda Ave")
TITLES = {"Plumbing": ("Leaky kitchen faucet", "Clogged drain", "Water heater making noise"),
          "Electrical": ("Install ceiling fan", "Outlet not working", "Panel upgrade quote"),
          "House Cleaning": ("Deep clean 3br house", "Move-out cleaning", "Biweekly cleaning"),
          "Lawn Care": ("Mow and edge", "Spring cleanup", "Aerate lawn"),
          "Handyman": ("Hang shelves and TV", "Fix squeaky door", "Patch drywall"),
          "Painting": ("Paint living room", "Exterior trim", "Repaint bedroom"),
          "Moving Help": ("Load a 20ft truck", "Move piano downstairs", "Help moving 2br apartment"),
          "Pest Control": ("Ants in kitchen", "Mice in garage", "Wasp nest"),
          "Appliance Repair": ("Dryer not heating", "Dishwasher leaking", "Fridge too warm"),
          "Roofing": ("Hail damage inspection", "Replace missing shingles", "Roof leak"),
          "Furniture Assembly": ("Assemble IKEA wardrobe", "Build a crib", "Assemble desk")}
METHODS = ("card", "card", "card", "apple_pay", "ach")
BODIES = ("Great job, on time", "Very professional", "Did what was promised", "Came late", "Would hire again",
          "Left a mess", "Fair price", "Super friendly")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return moment(day, hour, minute)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv20-homeservices")
    cats = [(k + 1, n, n.lower().replace(" ", "-"), n != "Pool Cleaning", _at(days_before(today, 900), 9),
             _at(days_before(today, 900 if n != "Pool Cleaning" else 120), 9)) for k, (n, _, _) in enumerate(CATEGORIES)]
    users: list[Row] = []
    addresses: list[Row] = []
    taken: set[tuple[str, str]] = set()

    def address(uid: int, label: str, city: str, zp: str, at: datetime) -> int:
        aid = len(addresses) + 1
        addresses.append((aid, uid, label, f"{rng.randint(100, 9900)} {rng.choice(STREETS)}", city, "CO",
                          f"{zp}{rng.randint(10, 99)}", at, at))
        return aid

    def user(kind: str, joined: datetime, **pro: object) -> int:
        f, l = person(rng, taken)
        taken.add((f, l))
        uid = len(users) + 1
        last = joined + timedelta(days=rng.randint(0, max(0, (today - joined.date()).days)))
        users.append((uid, kind, f"{f.lower()}.{l.lower()}{uid}@example.com", "$2a$12$seed", f, l,
                      f"303-555-{1000 + uid:04d}", pro.get("business"), pro.get("category"), pro.get("rate"),
                      pro.get("checked"), rng.randint(1, 80), last, joined, last))
        return uid

    user("Admin", _at(days_before(today, 950), 9))
    user("Admin", _at(days_before(today, 700), 9))
    pros: dict[int, list[tuple[int, date, float]]] = {}
    k = 0
    for ci, n in enumerate(PROS_PER):
        for j in range(n):
            k += 1
            joined = _at(days_before(today, 5 if (ci, j) == (0, 3) else rng.randint(420, 880)), 15)
            uid = user("Pro", joined, business=None if k % 3 == 0 else f"{rng.choice(('Mile High', 'Front Range', 'Rocky Mtn', 'Summit', 'Peak'))} {CATEGORIES[ci][0]} {k}",
                       category=ci + 1, rate=rng.choice((4500, 5500, 6500, 7500, 9000)), checked=k not in (4, 11, 19, 27))
            city, zp = rng.choice(CITIES)
            address(uid, "business", city, zp, joined)
            pros.setdefault(ci, []).append((uid, joined.date(), rng.choice((3.4, 4.0, 4.4, 4.7, 4.9))))
    customers: list[tuple[int, date, list[int]]] = []
    for c in range(260):
        joined = _at(days_before(today, rng.randint(1, 20) if c >= 248 else rng.randint(30, 700)), rng.randint(7, 22))
        uid = user("Customer", joined)
        city, zp = CITIES[0] if c % 5 == 0 else rng.choice(CITIES)
        addrs = [address(uid, "home", city, zp, joined)]
        if rng.random() < 0.12:
            c2, z2 = rng.choice(CITIES)
            addrs.append(address(uid, "rental", c2, z2, joined + timedelta(days=10)))
        customers.append((uid, joined.date(), addrs))
    active = customers[:248]
    requests: list[Row] = []
    quotes: list[list[Any]] = []
    bookings: list[Row] = []
    payments: list[Row] = []
    reviews: list[Row] = []
    cat_w = [w for _, _, w in CATEGORIES]
    for off in range(400, -1, -1):
        day = today - timedelta(days=off)
        for _ in range(rng.randint(2, 6)):
            while True:
                cu = rng.choice(active)
                if cu[1] <= day:
                    break
            ci = pick(rng, range(len(CATEGORIES)), cat_w)
            cname, base, _ = CATEGORIES[ci]
            created = _at(day, rng.randint(6, 21), rng.randint(0, 59))
            rid = len(requests) + 1
            avail = [p for p in pros[ci] if p[1] < day and (today - p[1]).days > 10]  # the newest pro: no quotes yet
            r = rng.random()
            if off <= 2:
                status = 0 if r < 0.6 else 1
            else:
                status = 0 if r < 0.07 else 1 if r < 0.27 else 2
            nq = 0 if status == 0 else rng.randint(1, min(3, len(avail)))
            chosen = rng.sample(avail, nq)
            qids: list[tuple[int, int, float, int]] = []
            for p in chosen:
                qat = created + timedelta(hours=rng.randint(1, 30))
                price = int(base * rng.uniform(0.7, 1.4)) * 100
                qid = len(quotes) + 1
                quotes.append([qid, rid, p[0], price, "Happy to help", 0, qat, qat])
                qids.append((qid, p[0], p[2], price))
            sched = None
            if status == 2:
                qid, pro, quality, price = rng.choice(qids)
                for q in quotes[qids[0][0] - 1:]:
                    q[5] = 1 if q[0] == qid else 2
                sched = _at(day + timedelta(days=rng.randint(2, 14)), rng.choice((8, 9, 10, 13, 14, 15)))
                done = sched.date() < today
                if done:
                    status = 3
                bid = len(bookings) + 1
                booked_at = created + timedelta(hours=rng.randint(30, 48))
                completed = sched + timedelta(hours=rng.randint(2, 6)) if done else None
                bookings.append((bid, rid, qid, cu[0], pro, sched, completed, price, booked_at, completed or booked_at))
                if completed is not None:
                    tip = 0 if rng.random() < 0.5 else price * rng.choice((10, 15, 20)) // 100
                    pending = completed.date() >= today - timedelta(days=1) and rng.random() < 0.5
                    refunded = not pending and rng.random() < 0.04
                    pst = 0 if pending else 2 if refunded else 1
                    paid = None if pending else completed + timedelta(hours=rng.randint(1, 20))
                    payments.append((len(payments) + 1, bid, price, tip, price * 15 // 100, rng.choice(METHODS), pst,
                                     None if pending else f"ch_{rng.getrandbits(48):012x}", paid, completed, paid or completed))
                    if rng.random() < 0.65:
                        rat = max(1, min(5, round(rng.gauss(quality, 0.7))))
                        rv = completed + timedelta(days=rng.randint(0, 3))
                        if rv.date() <= today:
                            reviews.append((len(reviews) + 1, "Booking", bid, cu[0], rat, rng.choice(BODIES), rv, rv))
                    if rng.random() < 0.3:
                        rv = completed + timedelta(hours=rng.randint(2, 30))
                        if rv.date() <= today:
                            reviews.append((len(reviews) + 1, "User", cu[0], pro, rng.choice((3, 4, 5, 5, 5)), None, rv, rv))
            budget = None if rng.random() < 0.4 else base * rng.choice((80, 100, 120))
            title = rng.choice(TITLES[cname])
            upd = max([created] + [q[7] for q in quotes if q[1] == rid] if nq else [created])
            requests.append((rid, cu[0], ci + 1, rng.choice(cu[2]), title, None, budget,
                             (sched or created + timedelta(days=7)).date(), status, created, upd))
    migrations = [(f"{(today - timedelta(days=900 - 37 * i)).strftime('%Y%m%d')}{rng.randint(100000, 235959):06d}",)
                  for i in range(24)]
    meta = [("environment", "production", _at(days_before(today, 900), 9), _at(days_before(today, 900), 9)),
            ("schema_sha1", "9f2c4e1ab77d03c5e6f8a9b0c1d2e3f4a5b6c7d8", _at(days_before(today, 40), 9),
             _at(days_before(today, 40), 9))]
    return {"schema_migrations": migrations, "ar_internal_metadata": meta, "service_categories": cats,
            "users": users, "addresses": addresses, "job_requests": requests,
            "quotes": [tuple(q) for q in quotes], "bookings": bookings, "payments": payments, "reviews": reviews}
