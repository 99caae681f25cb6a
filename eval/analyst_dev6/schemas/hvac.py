"""Seeded rows for ``adv6_hvac`` (dates as days before the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.unseen.synth import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
CITIES = ("Springfield", "Riverton", "Lakeside", "Oak Hill", "Maple Falls")
BUSINESSES = ("Harbor View Dental", "Greenleaf Apartments", "Northgate Mall", "St. Brigid School",
              "Copper Kettle Diner", "Riverton Public Library", "Summit Fitness", "Bayside Motel",
              "Lakeside Veterinary", "Oak Hill Church", "Pine Street Offices", "Maple Falls Bakery",
              "Sunrise Senior Living", "Keystone Warehouse", "Elm Court Condos", "Blue Door Bistro",
              "Riverside Clinic", "Cornerstone Bank", "Hilltop Hotel", "Galaxy Cinemas")
TECHS = (("Marco Diaz", 2400, "L3", 58), ("Aisha Bello", 1800, "L3", 55), ("Greg Tanaka", 1500, "L2", 46),
         ("Lena Fischer", 1100, "L2", 44), ("Omar Haddad", 900, "L2", 42), ("Ruth Kowalski", 700, "L1", 34),
         ("Devin Price", 400, "L1", 31), ("Nora Quinlan", 12, "L1", 30))
PARTS = (("Filters", (("MERV 8 filter 16x25", 9), ("MERV 11 filter 20x20", 14), ("HEPA filter kit", 62))),
         ("Compressors", (("Scroll compressor 3 ton", 1150), ("Rotary compressor 2 ton", 860))),
         ("Thermostats", (("Smart thermostat", 189), ("Programmable thermostat", 74), ("Basic thermostat", 29))),
         ("Refrigerant", (("R-410A 25lb cylinder", 210), ("R-32 20lb cylinder", 175))),
         ("Motors", (("Blower motor 1/2 hp", 240), ("Condenser fan motor", 165), ("Inducer motor", 290))),
         ("Electrical", (("Run capacitor", 18), ("Contactor 2 pole", 27), ("Igniter", 45), ("Flame sensor", 22))),
         ("Ductwork", (("Flex duct 25ft", 58), ("Duct tape roll", 11), ("Register vent", 16))))


def accounts(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    for i, name in enumerate(BUSINESSES, 1):
        opened = days_before(today, 40 if i == 20 else rng.randint(400, 2500))
        closed = days_before(today, rng.randint(30, 200)) if i in (14, 19) else None
        out.append((i, name, "COMM", CITIES[i % len(CITIES)], opened, closed))
    taken: set[tuple[str, str]] = {("Dana", "Whitaker")}
    while len(out) < 320:
        i = len(out) + 1
        first, last = ("Dana", "Whitaker") if i == 21 else person(rng, taken)
        taken.add((first, last))
        opened = days_before(today, rng.randint(5, 2500))
        closed = None
        if (today - opened).days > 200 and rng.random() < 0.12:
            closed = opened + timedelta(days=rng.randint(60, (today - opened).days - 10))
        out.append((i, f"{first} {last}", "RES", pick(rng, CITIES, (5, 3, 3, 2, 2)), opened, closed))
    return out


def jobs(rng: random.Random, today: date, accts: list[Row]) -> list[Row]:
    out: list[Row] = []
    weights = [30 if a[2] == "COMM" else 1.5 for a in accts]
    for back in range(760, -22, -1):
        day = today - timedelta(days=back)
        for _ in range(rng.randint(1, 6)):
            acct = rng.choices(accts, weights)[0]
            if acct[4] > day or (acct[5] is not None and acct[5] <= day):
                continue
            kind = pick(rng, ("INSTALL", "REPAIR", "MAINT"), (1, 4, 3))
            prio = pick(rng, ("P1", "P2", "P3"), (2, 5, 3))
            tech = pick(rng, range(1, 8), (6, 5, 5, 4, 4, 3, 2))
            if day > today:
                out.append((len(out) + 1, acct[0], tech if rng.random() < 0.7 else None, kind, prio, "OPEN", day,
                            None, None))
                continue
            status = pick(rng, ("DONE", "CXL", "OPEN"), (90, 7, 3 if back < 10 else 0))
            if status != "DONE":
                out.append((len(out) + 1, acct[0], tech, kind, prio, status, day, None, None))
                continue
            hours = Decimal(rng.choice((1, 1.5, 2, 2.5, 3, 4, 6, 8) if kind == "INSTALL" else (0.5, 1, 1.5, 2, 3)))
            if kind == "INSTALL":
                hours += 4
            out.append((len(out) + 1, acct[0], tech, kind, prio, "DONE", day,
                        moment(day, rng.randint(9, 17), rng.choice((0, 15, 30, 45))), hours))
    return out


def catalogue() -> list[Row]:
    out: list[Row] = []
    for cat, items in PARTS:
        for desc, cost in items:
            out.append((len(out) + 1, desc, cat, money(cost)))
    return out


def parts_used(rng: random.Random, done: list[Row], parts: list[Row]) -> list[Row]:
    out: list[Row] = []
    for job in done:
        k = {"INSTALL": 3, "REPAIR": 2, "MAINT": 1}[job[3]]
        for part in rng.sample(parts, rng.randint(0, k)):
            if job[3] != "INSTALL" and part[2] == "Compressors" and rng.random() < 0.8:
                continue
            qty = rng.randint(1, 4) if part[3] < 100 else 1
            out.append((job[0], part[0], qty, money(qty * part[3] * Decimal("1.35"))))
    return out


def invoices(rng: random.Random, today: date, done: list[Row], used: list[Row], techs: list[Row]) -> list[Row]:
    parts_amt: dict[int, Decimal] = {}
    for wo, _, _, amt in used:
        parts_amt[wo] = parts_amt.get(wo, Decimal(0)) + amt
    rate = {t[0]: t[4] for t in techs}
    out: list[Row] = []
    for job in done:
        issued = job[6] + timedelta(days=rng.randint(0, 3))
        if issued > today:
            continue
        amt = money(job[8] * rate[job[2]] * Decimal("1.8") + parts_amt.get(job[0], Decimal(0)) + 65)
        lag = rng.randint(2, 75) if rng.random() < 0.96 else 10_000
        paid = issued + timedelta(days=lag)
        out.append((len(out) + 1, job[0], issued, issued + timedelta(days=30), amt, paid if paid <= today else None))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv6-hvac")
    accts = accounts(rng, today)
    techs = [(i, name, days_before(today, days), lvl, money(rate)) for i, (name, days, lvl, rate) in enumerate(TECHS, 1)]
    wos = jobs(rng, today, accts)
    done = [w for w in wos if w[5] == "DONE"]
    parts = catalogue()
    used = parts_used(rng, done, parts)
    return {"cust_acct": accts, "svc_tech": techs, "wo_hdr": wos, "part_mstr": parts, "wo_part": used,
            "inv_hdr": invoices(rng, today, done, used, techs)}
