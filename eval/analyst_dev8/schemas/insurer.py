"""Seeded rows for ``adv8_insurer`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "UTC"
PLACES = (("Columbus", "OH"), ("Dayton", "OH"), ("Toledo", "OH"), ("Akron", "OH"), ("Pittsburgh", "PA"),
          ("Erie", "PA"), ("Grand Rapids", "MI"), ("Lansing", "MI"))
NAMED = (("Margaret", "Osei"), ("Derek", "Holloway"), ("Sofia", "Lindqvist"))
AGENTS = (("Tom Becker", "Columbus"), ("Angela Ruiz", "Columbus"), ("Frank Li", "Dayton"), ("Heidi Vogel", "Toledo"),
          ("Marcus Reed", "Pittsburgh"), ("Janet Cole", "Pittsburgh"), ("Sean O'Brien", "Erie"),
          ("Paula Mendes", "Grand Rapids"), ("Victor Shah", "Lansing"), ("Gloria Park", "Akron"))
ADJUSTERS = (("Rachel Vance", "Central", 2900), ("Omar Farouk", "Central", 2100), ("Beth Kowalczyk", "Northeast", 1700),
             ("Luis Ortega", "Northeast", 1300), ("Hannah Brandt", "Great Lakes", 1000), ("Keith Morrow", "Great Lakes", 650),
             ("Nina Petrova", "Central", 300), ("Jamal Wright", "Northeast", 45))
LOBS = (("AUTO", 5, (700, 2400)), ("HOME", 3, (900, 3200)), ("RENTERS", 2, (120, 380)), ("UMBRELLA", 1, (250, 600)))
COVERAGES = {
    "AUTO": (("Liability", (100_000, 300_000, 500_000), (0,)), ("Collision", (25_000, 50_000), (500, 1000)),
             ("Comprehensive", (25_000, 50_000), (250, 500)), ("Medical Payments", (5_000, 10_000), (0,))),
    "HOME": (("Dwelling", (250_000, 400_000, 600_000), (1000, 2500)), ("Personal Property", (100_000, 200_000), (1000,)),
             ("Liability", (300_000, 500_000), (0,))),
    "RENTERS": (("Personal Property", (20_000, 40_000), (250, 500)), ("Liability", (100_000,), (0,))),
    "UMBRELLA": (("Liability", (1_000_000, 2_000_000), (0,)),),
}
CAUSES = {
    "AUTO": (("Collision", 6, (2_000, 18_000)), ("Theft", 1, (4_000, 25_000)), ("Vandalism", 1, (400, 3_000)),
             ("Hail", 2, (1_500, 7_000)), ("Glass", 3, (200, 900))),
    "HOME": (("Water Damage", 5, (2_000, 30_000)), ("Fire", 1, (10_000, 150_000)), ("Wind", 3, (1_500, 20_000)),
             ("Theft", 2, (800, 9_000)), ("Hail", 2, (3_000, 16_000))),
    "RENTERS": (("Theft", 4, (300, 6_000)), ("Water Damage", 2, (500, 5_000)), ("Fire", 1, (3_000, 25_000))),
    "UMBRELLA": (("Liability Suit", 1, (50_000, 400_000)),),
}
CLAIM_RATE = {"AUTO": 0.55, "HOME": 0.35, "RENTERS": 0.2, "UMBRELLA": 0.06}


def holders(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken = set(NAMED)
    for i in range(1, 641):
        first, last = NAMED[i - 1] if i <= len(NAMED) else person(rng, taken)
        taken.add((first, last))
        city, state = pick(rng, PLACES, (6, 3, 3, 2, 5, 2, 3, 2))
        since = days_before(today, 12 if i == 3 else rng.randint(20, 4000))
        out.append((i, first, last, days_before(today, rng.randint(19 * 365, 82 * 365)), city, state, since))
    return out


def policies(rng: random.Random, today: date, people: list[Row]) -> list[Row]:
    out: list[Row] = []
    office_agents = {city: [i for i, (_, o) in enumerate(AGENTS, 1) if o == city] for city, _ in PLACES}
    for p in people:
        n = pick(rng, (1, 2, 3), (5, 4, 1))
        for lob, _, (lo, hi) in rng.sample(LOBS, n) if p[0] > 3 else [LOBS[p[0] - 1], LOBS[3]][: 1 + (p[0] == 1)]:
            earliest = min((today - p[6]).days, 900)
            eff = days_before(today, rng.randint(0, max(earliest, 5)))
            exp = eff + timedelta(days=365)
            status = "Cancelled" if rng.random() < 0.07 else ("Active" if exp > today else "Lapsed")
            agent = rng.choice(office_agents[p[4]]) if rng.random() < 0.8 else rng.randint(1, len(AGENTS))
            prem = money(rng.randint(lo, hi) + rng.choice((0, 0.5, 0.25)))
            out.append((len(out) + 1, f"{lob[0]}{lob[1]}-{100200 + len(out) * 7}", p[0], agent, lob, eff, exp, prem,
                        status))
    return out


def coverages(rng: random.Random, pols: list[Row]) -> list[Row]:
    out: list[Row] = []
    for pol in pols:
        for kind, limits, deds in COVERAGES[pol[4]]:
            if kind in ("Comprehensive", "Medical Payments") and rng.random() < 0.3:
                continue
            out.append((len(out) + 1, pol[0], kind, money(rng.choice(limits)), money(rng.choice(deds))))
    return out


def claims(rng: random.Random, today: date, pols: list[Row]) -> list[Row]:
    out: list[Row] = []
    for pol in pols:
        end = min(pol[6], today)
        span = (end - pol[5]).days
        if span < 3:
            continue
        n = 0
        while rng.random() < CLAIM_RATE[pol[4]] * min(1.0, span / 365) and n < 3:
            n += 1
        for _ in range(n):
            loss = pol[5] + timedelta(days=rng.randint(1, span))
            reported = min(today, loss + timedelta(days=pick(rng, (0, 1, 2, 5, 12, 30), (3, 4, 3, 2, 1, 1))))
            cause, _, (lo, hi) = pick(rng, CAUSES[pol[4]], [c[1] for c in CAUSES[pol[4]]])
            amount = money(rng.randint(lo, hi))
            age = (today - reported).days
            if age < 20:
                status = pick(rng, ("Open", "Closed", "Denied"), (8, 1, 1))
            else:
                status = pick(rng, ("Open", "Closed", "Denied"), (1, 8, 1))
            closed = None
            if status != "Open":
                closed = min(today, reported + timedelta(days=rng.randint(3, max(4, min(age, 150)))))
            adj = None if (status == "Open" and age < 4 and rng.random() < 0.6) else pick(
                rng, range(1, len(ADJUSTERS) + 1), (6, 5, 5, 4, 4, 3, 2, 1) if age > 50 else (3, 3, 3, 3, 3, 3, 3, 3))
            out.append([len(out) + 1, "", pol[0], adj, loss, reported, closed, status, cause, amount])
    out.sort(key=lambda c: (c[5], c[0]))
    rows: list[Row] = []
    for i, c in enumerate(out, 1):
        c[0] = i
        c[1] = f"CLM-{c[5].year}-{i:05d}"
        rows.append(tuple(c))
    return rows


def payments(rng: random.Random, today: date, cls: list[Row]) -> list[Row]:
    out: list[Row] = []
    for c in cls:
        status, amount, reported, closed = c[7], c[9], c[5], c[6]
        last = closed or today
        if status == "Closed":
            share = Decimal(rng.randint(55, 100)) / 100
            parts = rng.randint(1, 3)
            for k in range(parts):
                day = min(last, reported + timedelta(days=rng.randint(1, max(2, (last - reported).days))))
                out.append((len(out) + 1, c[0], day, money(amount * share / parts), "Indemnity"))
        elif status == "Open" and (today - reported).days > 15 and rng.random() < 0.5:
            out.append((len(out) + 1, c[0], min(today, reported + timedelta(days=10)),
                        money(amount * Decimal("0.3")), "Indemnity"))
        if status != "Open" or rng.random() < 0.3:
            day = min(today, reported + timedelta(days=rng.randint(2, 20)))
            out.append((len(out) + 1, c[0], day, money(rng.randint(80, 1500)), "Expense"))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv8-insurer")
    people = holders(rng, today)
    agents = [(i, name, office) for i, (name, office) in enumerate(AGENTS, 1)]
    adjusters = [(i, name, region, days_before(today, days)) for i, (name, region, days) in enumerate(ADJUSTERS, 1)]
    pols = policies(rng, today, people)
    cls = claims(rng, today, pols)
    return {"tbl_policyholder": people, "tbl_agent": agents, "tbl_policy": pols, "tbl_coverage": coverages(rng, pols),
            "tbl_adjuster": adjusters, "tbl_claim": cls, "tbl_claimpayment": payments(rng, today, cls)}
