"""Seeded rows for ``adv7_coop`` (dates as days before the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev7.schemas._seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "Australia/Melbourne"
NAMED = (("Margaret", "Kowalski"), ("Tom", "Nguyen"), ("Priya", "Raman"))
DISTRICTS = ("Wimmera", "Mallee", "Goulburn Valley", "Riverina", "Gippsland")
SUFFIXES = ("Downs", "Park", "Creek", "Hill", "Flats", "Station", "Estate", "Plains")
CROPS = (("Wheat", "Cereal", 320), ("Barley", "Cereal", 290), ("Oats", "Cereal", 260), ("Canola", "Oilseed", 640),
         ("Lentils", "Pulse", 700), ("Chickpeas", "Pulse", 610), ("Potatoes", "Vegetable", 450),
         ("Onions", "Vegetable", 520), ("Carrots", "Vegetable", 480), ("Apples", "Fruit", 1100))
DEPOTS = (("Horsham Silo", "Horsham", 60000), ("Ouyen Receival", "Ouyen", 35000),
          ("Shepparton Packhouse", "Shepparton", 8000), ("Griffith Depot", "Griffith", 40000),
          ("Sale Cool Store", "Sale", 6000))
# which depots take which crop group, and which districts grow which groups
GROUP_DEPOTS = {"Cereal": (1, 2, 4), "Oilseed": (1, 2, 4), "Pulse": (1, 2, 4), "Vegetable": (3, 5), "Fruit": (3,)}
DISTRICT_CROPS = {"Wimmera": (1, 2, 4, 5, 6), "Mallee": (1, 2, 3, 4, 5), "Goulburn Valley": (10, 7, 8, 1),
                  "Riverina": (1, 4, 6, 8, 3), "Gippsland": (7, 9, 8, 3)}
GRADES = (("P1", "Premium 1", Decimal("1.10")), ("P2", "Premium 2", Decimal("1.05")),
          ("STD", "Standard", Decimal("1.00")), ("FEED", "Feed grade", Decimal("0.80")),
          ("REJ", "Rejected", Decimal("0.00")))
INSPECTORS = ("J. Walsh", "R. Okafor", "L. Chen", "D. Murray")


def members(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken = set(NAMED)
    for i in range(1, 96):
        first, last = NAMED[i - 1] if i <= len(NAMED) else person(rng, taken)
        taken.add((first, last))
        joined = days_before(today, 20 if i == 95 else rng.randint(60, 9000))
        status = "A" if i <= len(NAMED) else pick(rng, ("A", "L", "S"), (8, 2, 1))
        phone = None if rng.random() < 0.15 else f"04{rng.randint(10000000, 99999999)}"
        out.append((i, f"M{i:04d}", first, last, joined, status, rng.choice((5, 10, 10, 20, 25, 40, 50, 100)), phone))
    return out


def farms(rng: random.Random, people: list[Row]) -> list[Row]:
    out: list[Row] = []
    names: set[str] = set()
    for m in people:
        for _ in range(1 if rng.random() < 0.65 else 2):
            district = DISTRICTS[0] if m[0] == 1 else pick(rng, DISTRICTS, (4, 3, 2, 3, 2))
            options = [f"{m[3]} {s}" for s in SUFFIXES] + [f"{m[2]}'s {s}" for s in SUFFIXES]
            name = rng.choice([o for o in options if o not in names])
            names.add(name)
            size = rng.randint(40, 3000) if district in ("Wimmera", "Mallee", "Riverina") else rng.randint(8, 400)
            out.append((len(out) + 1, m[0], name, district, Decimal(size) + Decimal(rng.randint(0, 9)) / 10,
                        rng.random() < 0.2))
    return out


def deliveries(rng: random.Random, today: date, land: list[Row], people: list[Row]) -> list[Row]:
    out: list[Row] = []
    joined = {m[0]: m[4] for m in people}
    active = [f for f in land if rng.random() < 0.9 or f[1] <= len(NAMED)]
    for back in range(760, -1, -1):
        day = today - timedelta(days=back)
        grain_season = day.month in (10, 11, 12, 1)
        for _ in range(rng.randint(2, 7) if grain_season else rng.randint(0, 3)):
            farm = rng.choice(active)
            if joined[farm[1]] > day:
                continue
            crop = rng.choice(DISTRICT_CROPS[farm[3]])
            group = CROPS[crop - 1][1]
            if group in ("Cereal", "Oilseed", "Pulse") and not grain_season and rng.random() < 0.7:
                continue
            depot = rng.choice(GROUP_DEPOTS[group])
            gross = rng.randint(6000, 38000) if group in ("Cereal", "Oilseed", "Pulse") else rng.randint(1500, 12000)
            net = gross - rng.randint(200, 1200)
            moisture = Decimal(rng.randint(80, 160)) / 10 if group in ("Cereal", "Oilseed", "Pulse") else Decimal(rng.randint(600, 880)) / 10
            rego = None if rng.random() < 0.05 else f"{rng.choice('ABCXYZ')}{rng.choice('KLMNT')}{rng.randint(100, 999)}"
            out.append((len(out) + 1, farm[0], crop, depot, day, gross, net, moisture, rego))
    return out


def gradings(rng: random.Random, today: date, loads: list[Row]) -> list[Row]:
    out: list[Row] = []
    for d in loads:
        graded = d[4] + timedelta(days=rng.randint(0, 3))
        if graded > today:
            continue
        cereal = CROPS[d[2] - 1][1] == "Cereal"
        code = pick(rng, [g[0] for g in GRADES], (2, 3, 6, 2, 0.6))
        protein = Decimal(rng.randint(85, 145)) / 10 if cereal else None
        out.append((len(out) + 1, d[0], code, graded, rng.choice(INSPECTORS), protein))
    return out


def payments(rng: random.Random, today: date, loads: list[Row], grades: list[Row]) -> list[Row]:
    out: list[Row] = []
    factor = {g[0]: g[2] for g in GRADES}
    by_id = {d[0]: d for d in loads}
    for g in grades:
        if g[2] == "REJ":
            continue
        paid = g[3] + timedelta(days=rng.randint(7, 35))
        if paid > today:
            continue
        d = by_id[g[1]]
        amount = Decimal(d[6]) / 1000 * CROPS[d[2] - 1][2] * factor[g[2]]
        out.append((len(out) + 1, d[0], paid, money(amount), pick(rng, ("EFT", "Cheque"), (9, 1))))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv7-coop")
    people = members(rng, today)
    land = farms(rng, people)
    loads = deliveries(rng, today, land, people)
    grades = gradings(rng, today, loads)
    return {"tblmember": people, "tblfarm": land,
            "tblcrop": [(i, n, g, Decimal(p)) for i, (n, g, p) in enumerate(CROPS, 1)],
            "tbldepot": [(i, n, t, c) for i, (n, t, c) in enumerate(DEPOTS, 1)],
            "tblgrade": list(GRADES), "tbldelivery": loads, "tblgrading": grades,
            "tblpayment": payments(rng, today, loads, grades)}
