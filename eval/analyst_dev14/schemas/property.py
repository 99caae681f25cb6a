"""Seeded rows for ``adv14_property`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/Chicago"
# name, address, city, type, year built, days since acquired, units, base rent
PROPERTIES = (("Maple Court", "1200 Maple Ave", "Austin", "apartment", 1998, 2900, 24, 1450),
              ("Riverside Lofts", "88 River Rd", "Austin", "apartment", 2016, 1800, 30, 1900),
              ("Oak Ridge Townhomes", "450 Oak Ridge Dr", "Dallas", "townhouse", 2005, 2400, 12, 2200),
              ("Harbor View", "7 Harbor Blvd", "Houston", "apartment", 1987, 3300, 28, 1250),
              ("Elm Street Plaza", "310 Elm St", "Dallas", "commercial", 1979, 2100, 8, 3800),
              ("Cedar Point Apartments", "2250 Cedar Ln", "Houston", "apartment", 2009, 1500, 20, 1550),
              ("Willow Gardens", "19 Willow Way", "San Antonio", "townhouse", 2012, 1200, 10, 1750),
              ("Summit Tower", "500 Summit Pkwy", "Austin", "apartment", 2021, 700, 18, 2400))
NAMED = (("Grace", "Okafor"), ("Daniel", "Reyes"), ("Hannah", "Lindqvist"), ("Marcus", "Bell"))
VENDORS = (("Rapid Rooter Plumbing", "plumbing", 95, True), ("BlueLine Plumbing", "plumbing", 110, False),
           ("Spark Electric Co", "electrical", 105, True), ("Volt Brothers", "electrical", 88, False),
           ("CoolAir HVAC", "hvac", 120, True), ("Lone Star Heating & Air", "hvac", 99, False),
           ("Appliance Doctor", "appliance", 75, True), ("Bugs Away Pest Control", "pest", 60, True),
           ("KeyRight Locksmith", "locks", 70, False), ("Handy Crew", "general", 55, True),
           ("Fresh Coat Painters", "painting", 65, False), ("Top Notch Roofing", "roofing", 130, False))
CATEGORIES = (("plumbing", ("Leaking faucet", "Clogged drain", "Running toilet", "Water heater not working")),
              ("electrical", ("Outlet not working", "Breaker keeps tripping", "Light fixture out")),
              ("hvac", ("AC not cooling", "Heater not working", "Thermostat broken")),
              ("appliance", ("Dishwasher leaking", "Fridge not cold", "Oven not heating", "Washer won't drain")),
              ("pest", ("Roaches in kitchen", "Ants", "Mice in unit")),
              ("locks", ("Lost key", "Lock sticking")),
              ("general", ("Door off hinge", "Broken blinds", "Cabinet door loose", "Hole in drywall")))
CAT_WEIGHTS = (22, 12, 18, 16, 8, 5, 19)
INSPECTORS = ("Sam Ortiz", "Jill Parker", "Ahmed Nasser", "Kim Lau")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv14-property")
    props: list[Row] = []
    units: list[Row] = []
    for pid, (name, addr, city, typ, built, acq, n, base) in enumerate(PROPERTIES, 1):
        props.append((pid, name, addr, city, typ, built, days_before(today, acq)))
        for i in range(n):
            floor = 1 + i // 6 if typ == "apartment" else 0
            number = f"{floor}{(i % 6) + 1:02d}" if floor else f"{chr(65 + i // 10)}{i % 10 + 1}"
            beds = 0 if typ == "commercial" else pick(rng, (0, 1, 2, 3), (1, 4, 4, 2) if typ == "apartment" else (0, 0, 3, 2))
            baths = Decimal("1.0") if beds <= 1 else pick(rng, (Decimal("1.5"), Decimal("2.0"), Decimal("2.5")), (1, 3, 1))
            sqft = (1400 + rng.randint(0, 2600)) if typ == "commercial" else 480 + beds * 330 + rng.randint(-60, 120)
            rent = money(round((base * (0.7 + 0.22 * beds) if typ != "commercial" else base * sqft / 2200) / 25) * 25)
            units.append((len(units) + 1, pid, number, beds, baths, sqft, rent))
    tenants: list[Row] = []
    taken: set[tuple[str, str]] = set()

    def new_tenant(age_lo: int, age_hi: int, name: tuple[str, str] | None = None) -> int:
        first, last = name or person(rng, taken)
        taken.add((first, last))
        tid = len(tenants) + 1
        born = days_before(today, rng.randint(age_lo * 365, age_hi * 365))
        phone = f"512-555-{rng.randint(1000, 9999)}" if rng.random() > 0.1 else None
        tenants.append((tid, first, last, f"{first.lower()}.{last.lower()}{tid}@example.com", phone, born))
        return tid

    leases: list[Row] = []
    lease_tenants: list[Row] = []
    payments: list[Row] = []
    inspections: list[Row] = []
    occupants: dict[int, list[tuple[date, date, int]]] = {}
    named = list(NAMED)
    for u in units:
        uid, pid = u[0], u[1]
        acquired = props[pid - 1][6]
        day = acquired + timedelta(days=rng.randint(0, 60))
        while day <= today:
            months = pick(rng, (6, 12, 12, 18, 24), (1, 5, 5, 2, 1))
            end = date(day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1, 1) - timedelta(days=1)
            running = end >= today
            if running and rng.random() < 0.12:
                running = False
                end = today - timedelta(days=rng.randint(1, 40))
                if end <= day:
                    break
            rent = money(float(u[6]) * rng.uniform(0.9, 1.04))
            lid = len(leases) + 1
            leases.append((lid, uid, day, None if running else end, rent, money(float(rent) * pick(rng, (0.5, 1.0), (1, 2))),
                           rng.random() < 0.35))
            primary = new_tenant(21, 70, named.pop(0) if running and named and rng.random() < 0.3 else None)
            lease_tenants.append((lid, primary, "primary"))
            if rng.random() < 0.22:
                lease_tenants.append((lid, new_tenant(45, 80), "co-signer"))
            if rng.random() < 0.3:
                lease_tenants.append((lid, new_tenant(18, 60), "occupant"))
            occupants.setdefault(uid, []).append((day, end if not running else today + timedelta(days=1), primary))
            inspections.append((uid, "move_in", day))
            if not running:
                inspections.append((uid, "move_out", end))
            # rent payments: one per month the lease ran
            m = date(day.year, day.month, 1)
            stop = min(end, today) if not running else today
            habit = rng.random()
            while m <= stop:
                if rng.random() > 0.02:
                    late = rng.random() < (0.05 + 0.35 * habit * habit)
                    paid = m + timedelta(days=rng.randint(5, 20) if late else rng.randint(-4, 3))
                    if paid <= today:
                        payments.append((len(payments) + 1, lid, m, paid, rent, money(50) if late else money(0),
                                         pick(rng, ("ach", "card", "check", "cash"), (6, 3, 2, 0.4))))
                m = date(m.year + m.month // 12, m.month % 12 + 1, 1)
            day = end + timedelta(days=rng.randint(3, 45))
    # annual and safety inspections
    for u in units:
        acquired = props[u[1] - 1][6]
        d = acquired + timedelta(days=rng.randint(100, 300))
        while d <= today:
            if rng.random() > 0.15:
                inspections.append((u[0], "annual", d))
            d += timedelta(days=rng.randint(330, 400))
    for p in props:
        d = today - timedelta(days=rng.randint(0, 200))
        for u in units:
            if u[1] == p[0] and rng.random() < 0.5:
                inspections.append((u[0], "safety", d))
    insp_rows: list[Row] = []
    for uid, typ, d in sorted(inspections, key=lambda r: (r[2], r[0])):
        if uid in (7, 50, 93) and typ != "move_in":
            continue
        score = max(35, min(100, int(rng.gauss(84 if typ != "move_out" else 76, 9))))
        insp_rows.append((len(insp_rows) + 1, uid, typ, pick(rng, INSPECTORS, (5, 3, 3, 2)), d, score, score >= 70))
    vendors = [(i, n, t, " ".join(person(rng, set())), f"214-555-{rng.randint(1000, 9999)}", money(r), pref)
               for i, (n, t, r, pref) in enumerate(VENDORS, 1)]
    by_trade: dict[str, list[Row]] = {}
    for v in vendors:
        if v[1] != "Top Notch Roofing":
            by_trade.setdefault(v[2], []).append(v)
    requests: list[Row] = []
    for _ in range(1100):
        u = rng.choice(units)
        back = rng.randint(0, min(1400, (today - props[u[1] - 1][6]).days))
        opened_day = today - timedelta(days=back)
        cat, texts = pick(rng, CATEGORIES, CAT_WEIGHTS)
        prio = pick(rng, ("low", "normal", "urgent", "emergency"), (3, 8, 3, 1))
        who = next((t for s, e, t in occupants.get(u[0], []) if s <= opened_day <= e), None)
        if who is not None and rng.random() < 0.1:
            who = None
        opened = datetime(opened_day.year, opened_day.month, opened_day.day, rng.randint(7, 21), rng.randint(0, 59))
        hours = rng.uniform(2, 30) if prio in ("urgent", "emergency") else rng.uniform(12, 24 * 14)
        done = opened + timedelta(minutes=int(hours * 60))
        vendor = rng.choice(by_trade[cat])
        if back > 40 or done.date() < today - timedelta(days=3):
            status = "cancelled" if rng.random() < 0.05 else "completed"
        else:
            status = pick(rng, ("open", "scheduled", "in_progress", "completed"), (3, 2, 2, 3))
        if status == "completed":
            cost = money(float(vendor[5]) * rng.uniform(0.5, 6) + (rng.uniform(20, 400) if cat in ("appliance", "hvac", "plumbing") else 0))
            requests.append((0, u[0], who, vendor[0], cat, prio, status, rng.choice(texts), opened, done, cost))
        elif status == "open":
            requests.append((0, u[0], who, None, cat, prio, status, rng.choice(texts), opened, None, None))
        else:
            requests.append((0, u[0], who, vendor[0] if status != "cancelled" or rng.random() < 0.5 else None, cat, prio,
                             status, rng.choice(texts), opened, None, None))
    requests.sort(key=lambda r: r[8])
    requests = [(i,) + r[1:] for i, r in enumerate(requests, 1)]
    return {"properties": props, "units": units, "tenants": tenants, "leases": leases, "lease_tenants": lease_tenants,
            "rent_payments": payments, "vendors": vendors, "maintenance_requests": requests, "inspections": insp_rows}
