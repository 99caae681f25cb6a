"""Seeded rows for ``adv17_restaurant`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/Chicago"
# name, city, days open, seats, weight of traffic
RESTAURANTS = (("Maple & Rye Loop", "Chicago", 2600, 120, 5), ("Maple & Rye Wicker Park", "Chicago", 1400, 80, 4),
               ("Harbor Grill", "Milwaukee", 1900, 95, 3), ("Prairie Table", "Madison", 900, 60, 2),
               ("Lakeshore Kitchen", "Evanston", 10, 70, 0))
CATEGORIES = ("Starters", "Mains", "Sides", "Desserts", "Drinks", "Kids Menu")
# name, category, price, food cost, veg, days on menu, popularity
ITEMS = (("Crispy Calamari", 1, 14.00, 4.10, False, 900, 5), ("Burrata Salad", 1, 13.50, 4.60, True, 700, 4),
         ("French Onion Soup", 1, 9.00, 2.20, True, 1500, 4), ("Chicken Wings", 1, 12.00, 3.40, False, 1500, 6),
         ("Ribeye Steak", 2, 42.00, 16.50, False, 1500, 4), ("Smash Burger", 2, 17.00, 5.10, False, 1500, 9),
         ("Walleye Fish Fry", 2, 21.00, 7.20, False, 1500, 5), ("Mushroom Risotto", 2, 19.00, 4.90, True, 800, 4),
         ("Roast Half Chicken", 2, 23.00, 6.80, False, 1200, 5), ("Short Rib Pappardelle", 2, 26.00, 8.30, False, 400, 3),
         ("Cauliflower Steak", 2, 18.00, 3.70, True, 200, 2), ("Truffle Fries", 3, 8.00, 1.90, True, 1500, 8),
         ("Mac and Cheese", 3, 7.00, 1.60, True, 1500, 5), ("Grilled Broccolini", 3, 6.50, 1.80, True, 600, 2),
         ("Butter Cake", 4, 10.00, 2.10, True, 1500, 4), ("Chocolate Torte", 4, 11.00, 2.80, True, 900, 3),
         ("Seasonal Pie", 4, 9.50, 2.40, True, 30, 0), ("House Lager", 5, 7.00, 1.20, True, 1500, 8),
         ("Old Fashioned", 5, 14.00, 2.90, True, 1500, 6), ("Glass of Malbec", 5, 12.00, 3.10, True, 1500, 5),
         ("Lemonade", 5, 4.50, 0.60, True, 1500, 4), ("Espresso Martini", 5, 15.00, 3.20, True, 500, 4))
ROLES = (("server", 6, (8.5, 12)), ("line cook", 3, (17, 22)), ("host", 2, (14, 16)), ("bartender", 2, (11, 14)),
         ("manager", 1, (28, 34)))
# name, supplies, city, (ingredient, uom, unit cost)
SUPPLIERS = (("Great Lakes Produce", "produce", "Chicago", (("romaine", "case", 34.0), ("onions", "lb", 0.9),
                                                               ("potatoes", "lb", 0.7), ("lemons", "case", 41.0))),
             ("Midwest Prime Meats", "meat", "Chicago", (("ribeye", "lb", 14.5), ("ground chuck", "lb", 5.2),
                                                        ("chicken", "lb", 3.1), ("short rib", "lb", 9.8))),
             ("North Shore Seafood", "seafood", "Milwaukee", (("walleye", "lb", 11.2), ("calamari", "lb", 7.4))),
             ("Badger Dairy Co-op", "dairy", "Madison", (("butter", "lb", 4.3), ("cream", "L", 5.6),
                                                         ("cheddar", "lb", 6.1))),
             ("Windy City Beverage", "beverage", "Chicago", (("lager keg", "each", 135.0), ("malbec", "case", 118.0),
                                                            ("bourbon", "case", 240.0))),
             ("Heartland Dry Goods", "dry goods", "Rockford", (("arborio rice", "kg", 4.8), ("flour", "kg", 1.1),
                                                             ("pasta", "kg", 3.9))),
             ("Driftless Mushrooms", "produce", "Viroqua", ()))


def _ts(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.utc)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv17-restaurant")
    rests = [(k + 1, n, c, days_before(today, d), s) for k, (n, c, d, s, _) in enumerate(RESTAURANTS)]
    cats = [(k + 1, n) for k, n in enumerate(CATEGORIES)]
    items = [(k + 1, c, n, money(p), money(fc), v, days_before(today, d), k != 13)
             for k, (n, c, p, fc, v, d, _) in enumerate(ITEMS)]
    staff: list[Row] = []
    taken: set[tuple[str, str]] = set()
    for r in rests:
        for role, n, (lo, hi) in ROLES:
            for j in range(n if r[0] != 5 else 1):
                f, l = person(rng, taken)
                taken.add((f, l))
                hired = days_before(today, rng.randint(20, min(2000, (today - r[3]).days + 20)))
                if r[0] == 5:
                    hired = days_before(today, 25)
                term = days_before(today, rng.randint(5, 15)) if (j == 5 and role == "server") else None
                staff.append((100 + len(staff) + 1, r[0], f, l, role, money(rng.uniform(lo, hi)), hired, term))
    shifts: list[Row] = []
    for s in staff:
        if s[1] == 5:
            continue
        last = s[7] or today - timedelta(days=1)
        for offset in range(-70, 0):
            day = today + timedelta(days=offset)
            if day < s[6] or day > last or rng.random() > 0.62:
                continue
            start = rng.choice((10, 11, 15, 16))
            length = rng.choice((5, 6, 7, 8, 8, 9, 10))
            ci = _ts(day, start, rng.choice((0, 0, 15, 30)))
            shifts.append((len(shifts) + 1, s[0], day, ci, ci + timedelta(hours=length, minutes=rng.randint(0, 40))))
    reservations: list[Row] = []
    checks: list[Row] = []
    lines: list[Row] = []
    weights = [i[6] for i in ITEMS]
    for r, spec in zip(rests[:4], RESTAURANTS):
        servers = [s for s in staff if s[1] == r[0] and s[4] == "server"]
        for offset in range(-200, 15):
            day = today + timedelta(days=offset)
            for _ in range(rng.randint(1, 4) * spec[4] // 2 + 1):
                when = _ts(day, rng.choice((17, 18, 19, 20)), rng.choice((0, 30)))
                gf, gl = person(rng, set())
                if offset >= 0:
                    status = "booked" if rng.random() < 0.9 else "cancelled"
                else:
                    status = pick(rng, ("seated", "no_show", "cancelled"), (80, 8, 12))
                reservations.append((len(reservations) + 1, r[0], f"{gf} {gl}", pick(rng, (2, 3, 4, 5, 6, 8, 10),
                                     (30, 10, 25, 8, 10, 4, 2)), when, status,
                                     when - timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 9))))
            if offset >= 0:
                continue
            for _ in range(rng.randint(3, 6) * spec[4]):
                srv = rng.choice([s for s in servers if s[6] <= day and (s[7] is None or s[7] >= day)] or servers)
                opened = _ts(day, rng.choice((11, 12, 13, 17, 18, 19, 20, 21)), rng.randint(0, 59))
                covers = pick(rng, (1, 2, 3, 4, 5, 6), (10, 40, 15, 22, 6, 7))
                cid = 50000 + len(checks) + 1
                total = 0.0
                for _ in range(rng.randint(1, 5)):
                    it = pick(rng, items, weights)
                    if it[6] > day:
                        continue
                    q = rng.choice((1, 1, 1, 2, 2, 3))
                    lines.append((len(lines) + 1, cid, it[0], q, it[3]))
                    total += q * float(it[3])
                if total == 0:
                    it = items[5]
                    lines.append((len(lines) + 1, cid, it[0], 1, it[3]))
                    total = float(it[3])
                voided = opened + timedelta(minutes=rng.randint(5, 40)) if rng.random() < 0.025 else None
                checks.append((cid, r[0], srv[0], rng.randint(1, 30), covers, opened,
                               opened + timedelta(minutes=rng.randint(35, 140)),
                               money(0 if voided else total * rng.uniform(0.1, 0.25)), voided))
    suppliers = [(k + 1, n, s, c) for k, (n, s, c, _) in enumerate(SUPPLIERS)]
    deliveries: list[Row] = []
    for offset in range(-120, 0):
        day = today + timedelta(days=offset)
        for r in rests[:4]:
            for sp, spec in zip(suppliers, SUPPLIERS):
                if not spec[3] or rng.random() > 0.22:
                    continue
                ing, uom, cost = rng.choice(spec[3])
                deliveries.append((len(deliveries) + 1, sp[0], r[0], day, ing,
                                   money(rng.randint(2, 40) if uom in ("case", "each") else rng.randint(10, 120)),
                                   uom, money(cost * rng.uniform(0.92, 1.1))))
    return {"restaurant": rests, "menu_category": cats, "menu_item": items, "staff": staff, "shift": shifts,
            "reservation": reservations, "guest_check": checks, "check_line": lines, "supplier": suppliers,
            "delivery": deliveries}
