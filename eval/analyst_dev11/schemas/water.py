"""Seeded rows for ``adv11_water`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, moment, person, pick, rng_for

TIMEZONE = "Europe/London"
TOWNS = ("Oakham", "Uppingham", "Stamford", "Market Deeping", "Bourne", "Cottesmore")
ZONES = {"Oakham": "Catmose", "Uppingham": "Ketton Hill", "Stamford": "Welland Low Level",
         "Market Deeping": "Welland Low Level", "Bourne": "Burley High Level", "Cottesmore": "Burley High Level"}
STREETS = ("High Street", "Church Lane", "Mill Road", "Station Road", "London Road", "Main Street", "Back Lane",
           "Burley Road", "North Street", "Queens Road", "Ashwell Road", "Barleythorpe Road", "Wharf Road",
           "Empingham Road", "Casterton Road", "Ryhall Road")
MAKES = ("Sensus", "Elster", "Kamstrup", "Itron")
# name, class, town
NAMED = (("Harlow Brewing Co", "industrial", "Oakham"), ("Oakham Leisure Centre", "municipal", "Oakham"),
         ("Margaret Ellis", "residential", "Stamford"), ("Welland Dairies", "industrial", "Market Deeping"),
         ("Uppingham School", "commercial", "Uppingham"), ("Stamford Town Council", "municipal", "Stamford"))
BUSINESSES = ("Bakery", "Garage", "Cafe", "Hotel", "Launderette", "Salon", "Pub", "Surgery", "Nursery", "Car Wash",
              "Florist", "Dental Practice", "Veterinary", "Gym")
CREWS = (("North 1", "Oakham depot", "Dave Pritchard", 4), ("North 2", "Oakham depot", "Gary Hill", 3),
         ("South 1", "Stamford depot", "Jo Whitaker", 4), ("South 2", "Stamford depot", "Phil Osei", 3),
         ("Meter Team", "Oakham depot", "Sue Barnes", 2), ("Night Gang", "Stamford depot", "Lee Carter", 5),
         ("Standby", "Stamford depot", "Tom Reid", 2))
MATERIALS = ("CI", "DI", "PVC", "AC")
STANDING = Decimal("9.50")
PER_M3 = {"residential": Decimal("1.85"), "commercial": Decimal("1.70"), "industrial": Decimal("1.55"),
          "municipal": Decimal("1.60")}


def month_start(day: date, back: int) -> date:
    y, m = day.year, day.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def customers(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken: set[tuple[str, str]] = set()
    names: set[str] = set()
    for i in range(1, 301):
        if i <= len(NAMED):
            name, cls, _ = NAMED[i - 1]
        else:
            cls = pick(rng, ("residential", "commercial", "industrial", "municipal"), (82, 12, 3, 3))
            name = ""
            if cls == "residential":
                first, last = person(rng, taken)
                taken.add((first, last))
                name = f"{first} {last}"
            elif cls == "commercial":
                name = f"{rng.choice(TOWNS)} {rng.choice(BUSINESSES)} {i}"
            elif cls == "industrial":
                name = f"{rng.choice(('Rutland', 'Welland', 'Gwash', 'Chater'))} {rng.choice(('Plastics', 'Foods', 'Engineering', 'Print'))} Ltd"
            else:
                name = f"{rng.choice(TOWNS)} {rng.choice(('Primary School', 'Library', 'Fire Station', 'Cemetery'))}"
            if name in names:
                first, last = person(rng, taken)
                taken.add((first, last))
                cls, name = "residential", f"{first} {last}"
        names.add(name)
        email = None if rng.random() < 0.2 else f"acct{i}@example.co.uk"
        phone = None if rng.random() < 0.1 else f"01572 {rng.randint(100000, 999999)}"
        since = days_before(today, rng.randint(1, 6) if i % 53 == 7 else rng.randint(30, 7000))
        out.append((i, name, cls, email, phone, since))
    return out


def connections(rng: random.Random, today: date, custs: list[Row]) -> list[Row]:
    out: list[Row] = []
    for c in custs:
        n = 1 if c[2] == "residential" else pick(rng, (1, 2, 3), (6, 3, 1))
        if c[0] <= 2:
            n = 3
        town = next((t for name, _, t in NAMED if name == c[1]), rng.choice(TOWNS))
        for _ in range(n):
            status = pick(rng, ("active", "disconnected", "pending"), (88, 8, 4))
            if c[0] <= len(NAMED):
                status = "active"
            dia = 25 if c[2] == "residential" else pick(rng, (25, 32, 50, 80), (2, 3, 3, 1))
            conn_dt = max(c[5], days_before(today, rng.randint(0, 40))) if status == "pending" else c[5]
            addr = f"{rng.randint(1, 140)} {rng.choice(STREETS)}"
            out.append((len(out) + 1, c[0], addr, town, ZONES[town], dia, status, conn_dt))
    return out


def meters(rng: random.Random, today: date, conns: list[Row]) -> list[Row]:
    out: list[Row] = []
    for c in conns:
        if c[6] == "pending":
            continue
        size = 15 if c[5] == 25 else 20 if c[5] == 32 else 40 if c[5] == 50 else 50
        first = c[7]
        if rng.random() < 0.22:
            swap = days_before(today, rng.randint(10, 500))
            if swap > first:
                out.append((len(out) + 1, c[0], f"{rng.choice('ABCDEFGH')}{rng.randint(1000000, 9999999)}",
                            pick(rng, MAKES, (3, 3, 1, 1)), size, first, swap))
                first = swap
        removed = None
        if c[6] == "disconnected":
            removed = days_before(today, rng.randint(60, 300))
            if removed <= first:
                removed = first + timedelta(days=1)
        out.append((len(out) + 1, c[0], f"{rng.choice('ABCDEFGH')}{rng.randint(1000000, 9999999)}",
                    pick(rng, MAKES, (2, 3, 3, 2)), size, first, removed))
    return out


def periods(today: date) -> list[Row]:
    out: list[Row] = []
    for back in range(16, 0, -1):
        start = month_start(today, back)
        end = month_start(today, back - 1) - timedelta(days=1)
        out.append((len(out) + 1, start.strftime("%Y-%m"), start, end))
    return out


def readings_and_invoices(rng: random.Random, today: date, custs: list[Row], conns: list[Row], mets: list[Row],
                          pers: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    reads: list[Row] = []
    invs: list[Row] = []
    pays: list[Row] = []
    cls = {c[0]: c[2] for c in custs}
    meters_of: dict[int, list[Row]] = {}
    for m in mets:
        meters_of.setdefault(m[1], []).append(m)
    for c in conns:
        base = {"residential": 9, "commercial": 35, "industrial": 160, "municipal": 60}[cls[c[1]]] * rng.uniform(0.6, 1.5)
        register: dict[int, float] = {}
        bad_payer = rng.random() < 0.08
        for p in pers:
            end = p[3]
            read_dt = end - timedelta(days=rng.randint(0, 3))
            meter = next((m for m in meters_of.get(c[0], []) if m[5] <= read_dt and (m[6] is None or m[6] > read_dt)), None)
            if meter is None:
                continue
            season = 1.25 if end.month in (6, 7, 8) else 0.9 if end.month in (12, 1, 2) else 1.0
            qty = round(base * season * rng.uniform(0.8, 1.2), 1)
            register[meter[0]] = register.get(meter[0], rng.uniform(50, 900)) + qty
            est = rng.random() < 0.07
            reads.append((len(reads) + 1, meter[0], read_dt, round(register[meter[0]], 1), qty, est))
            issued = end + timedelta(days=rng.randint(3, 6))
            if issued > today:
                continue
            due = issued + timedelta(days=21)
            amt = money(STANDING + PER_M3[cls[c[1]]] * Decimal(str(qty)))
            if due >= today:
                status = "paid" if rng.random() < 0.45 else "open"
            elif bad_payer and rng.random() < 0.6:
                status = "written_off" if (today - due).days > 200 and rng.random() < 0.4 else "open"
            else:
                status = "paid" if rng.random() < 0.97 else "open"
            inv_id = len(invs) + 1
            invs.append((inv_id, c[0], p[0], issued, due, qty, amt, status))
            method = pick(rng, ("direct debit", "card", "cheque", "cash"), (6, 3, 1, 0.3))
            if status == "paid":
                paid = min(today, issued + timedelta(days=rng.randint(2, 30) if method != "direct debit" else 14))
                if rng.random() < 0.1 and amt > 20:
                    part = money(amt / 2)
                    pays.append((len(pays) + 1, inv_id, paid, part, method))
                    pays.append((len(pays) + 1, inv_id, min(today, paid + timedelta(days=rng.randint(5, 20))),
                                 amt - part, method))
                else:
                    pays.append((len(pays) + 1, inv_id, paid, amt, method))
            elif status == "open" and rng.random() < 0.25:
                pays.append((len(pays) + 1, inv_id, min(today, issued + timedelta(days=rng.randint(5, 25))),
                             money(amt / 4), method))
    return reads, invs, pays


def crews() -> list[Row]:
    return [(i, *c) for i, c in enumerate(CREWS, 1)]


def work_orders_and_breaks(rng: random.Random, today: date, conns: list[Row]) -> tuple[list[Row], list[Row]]:
    wos: list[Row] = []
    brks: list[Row] = []
    live = [c for c in conns if c[6] != "pending"]
    types = ("leak repair", "meter replacement", "new connection", "main repair", "valve exercise", "disconnection")
    for _ in range(560):
        wo_type = pick(rng, types, (5, 3, 1.5, 1.8, 1.5, 1))
        opened = days_before(today, rng.randint(0, 700))
        priority = 1 if wo_type == "main repair" else pick(rng, (1, 2, 3), (1, 3, 6)) if wo_type == "leak repair" else 3
        crew = (pick(rng, (1, 2, 3, 4, 6), (3, 2, 3, 2, 2)) if wo_type in ("main repair", "leak repair", "valve exercise")
                else 5 if wo_type == "meter replacement" else pick(rng, (1, 2, 3, 4), (1, 1, 1, 1)))
        conn = None if wo_type in ("main repair", "valve exercise") else rng.choice(live)[0]
        age = (today - opened).days
        if age < 3:
            status = pick(rng, ("open", "in_progress"), (1, 1))
        elif age < 20:
            status = pick(rng, ("open", "in_progress", "completed", "cancelled"), (2, 2, 5, 0.5))
        else:
            status = pick(rng, ("completed", "cancelled", "open"), (93, 5, 2))
        if age < 1 and status == "open" and rng.random() < 0.5:
            crew = None
        closed = None
        hrs = cost = None
        if status == "completed":
            span = 0 if priority == 1 else rng.randint(0, 4) if priority == 2 else rng.randint(1, 30)
            closed = min(today, opened + timedelta(days=span))
            hrs = Decimal(str(round(rng.uniform(1, 14 if wo_type == "main repair" else 6), 1)))
            cost = money(Decimal(str(rng.uniform(150, 900))) + hrs * 48 + (2500 if wo_type == "main repair" else 0))
        elif status == "cancelled":
            closed = min(today, opened + timedelta(days=rng.randint(0, 5)))
        wo_id = len(wos) + 1
        wos.append((wo_id, conn, crew, wo_type, priority, opened, closed, status, hrs, cost))
        if wo_type == "main repair" and status != "cancelled":
            town = rng.choice(TOWNS)
            material = pick(rng, MATERIALS, (5, 2, 2, 1.5))
            laid = (rng.randint(1925, 1970) if material == "CI" else rng.randint(1955, 1985) if material == "AC"
                    else rng.randint(1975, 2015))
            reported = moment(opened, rng.randint(0, 23), rng.choice((0, 10, 20, 30, 40, 50)))
            restored = None if status != "completed" else reported + timedelta(minutes=rng.randint(90, 1800))
            brks.append((len(brks) + 1, wo_id, ZONES[town], f"{rng.choice(STREETS)}, {town}", reported, restored,
                         material, pick(rng, (75, 100, 150, 225, 300), (2, 4, 3, 1, 0.5)),
                         None if rng.random() < 0.1 else laid, rng.randint(0, 25) if rng.random() < 0.9 else rng.randint(80, 400)))
    return wos, brks


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv11-water")
    custs = customers(rng, today)
    conns = connections(rng, today, custs)
    mets = meters(rng, today, conns)
    pers = periods(today)
    reads, invs, pays = readings_and_invoices(rng, today, custs, conns, mets, pers)
    wos, brks = work_orders_and_breaks(rng, today, conns)
    return {"customers": custs, "service_connections": conns, "meters": mets, "meter_readings": reads,
            "billing_periods": pers, "invoices": invs, "payments": pays, "crews": crews(), "work_orders": wos,
            "main_breaks": brks}
