"""Seeded rows for ``adv9_permits`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "UTC"
HOODS = ("Riverside", "Old Town", "Northgate", "Hillcrest", "Eastport", "Mill District")
ZONES = (("R-1", 10), ("R-2", 4), ("C-1", 3), ("M-1", 1))
STREETS = ("Oak St", "Maple Ave", "Cedar Ln", "Elm St", "River Rd", "Hill St", "Mill Rd", "Church St", "Park Ave",
           "Lake Dr", "Pine St", "Main St")
COMPANIES = (("Keystone Builders LLC", "Contractor"), ("Brightline Electric", "Contractor"),
             ("Summit Roofing Co", "Contractor"), ("Clearwater Plumbing", "Contractor"),
             ("Northgate Development Group", "Developer"), ("Harbor Point Partners", "Developer"),
             ("Fenwick Design Studio", "Architect"), ("Ortiz & Lang Architects", "Architect"),
             ("Apex HVAC Services", "Contractor"), ("Greenleaf Solar", "Contractor"))
NAMED_OWNERS = (("Rosa", "Delgado"), ("Walter", "Pruitt"), ("Mei", "Tanaka"))
# code, name, base fee, target review days, valuation range, weight
TYPES = (("BLD", "Building", 250, 21, (20_000, 900_000), 8), ("ELE", "Electrical", 95, 5, (800, 40_000), 6),
         ("PLM", "Plumbing", 95, 5, (600, 30_000), 5), ("MEC", "Mechanical", 110, 7, (2_000, 45_000), 4),
         ("ROF", "Roofing", 150, 3, (6_000, 60_000), 4), ("DEM", "Demolition", 300, 10, (5_000, 120_000), 1),
         ("SOL", "Solar", 200, 10, (12_000, 70_000), 2))
INSPECTORS = (("Gary Whitfield", "Building", 5200, True), ("Lena Okonkwo", "Building", 2100, True),
              ("Tom Abernathy", "Electrical", 4100, True), ("Sunita Rao", "Electrical", 900, True),
              ("Dale Kowalski", "Plumbing", 3300, True), ("Marisol Vega", "Mechanical", 1500, True),
              ("Ben Hargrove", "Building", 400, True), ("Irene Castillo", "Plumbing", 150, True),
              ("Frank Delaney", "Building", 7000, False))
DISCIPLINE = {"BLD": "Building", "ELE": "Electrical", "PLM": "Plumbing", "MEC": "Mechanical", "ROF": "Building",
              "DEM": "Building", "SOL": "Electrical"}
STEPS = {"BLD": ("Footing", "Framing", "Insulation", "Final"), "ELE": ("Rough Electrical", "Final"),
         "PLM": ("Rough Plumbing", "Final"), "MEC": ("Rough Mechanical", "Final"), "ROF": ("Final",),
         "DEM": ("Site Clearance", "Final"), "SOL": ("Rough Electrical", "Final")}
WORK = {"BLD": ("New single family dwelling", "Kitchen remodel", "Rear addition", "Deck", "Garage conversion"),
        "ELE": ("Panel upgrade to 200A", "EV charger circuit", "Rewire"), "PLM": ("Water heater replacement", "Sewer lateral repair", "Bathroom repipe"),
        "MEC": ("Furnace replacement", "Heat pump install"), "ROF": ("Tear-off and reroof", "Reroof overlay"),
        "DEM": ("Demolish detached garage", "Demolish house"), "SOL": ("Rooftop PV system",)}
CODES = (("IRC R302.1 fire separation", "Life Safety", 500), ("IRC R311.7 stair geometry", "Major", 250),
         ("NEC 210.8 GFCI protection", "Major", 250), ("IPC 504 relief valve", "Major", 200),
         ("Unpermitted work", "Major", 400), ("Overgrown vegetation", "Minor", 75), ("Junk vehicle", "Minor", 100),
         ("Smoke alarm missing", "Life Safety", 300), ("Fence height", "Minor", 50))


def applicants(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken = set(NAMED_OWNERS)
    for i in range(1, 261):
        if i <= len(NAMED_OWNERS):
            first, last = NAMED_OWNERS[i - 1]
        else:
            first, last = person(rng, taken)
        taken.add((first, last))
        company: str | None = None
        kind = "Homeowner"
        if len(NAMED_OWNERS) < i <= len(NAMED_OWNERS) + len(COMPANIES):
            company, kind = COMPANIES[i - len(NAMED_OWNERS) - 1]
        elif i > 200:
            kind = pick(rng, ("Contractor", "Developer", "Architect"), (6, 1, 2))
            company = f"{last} {pick(rng, ('Construction', 'Builders', 'Electric', 'Plumbing', 'Design'), (3, 2, 1, 1, 1))}"
        phone = f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"
        made = days_before(today, 5 if i == 200 else rng.randint(30, 1500))
        out.append((i, first, last, company, kind, phone, made))
    return out


def parcels(rng: random.Random) -> list[Row]:
    out: list[Row] = []
    for i in range(1, 421):
        hood = pick(rng, HOODS, (5, 3, 4, 3, 2, 2))
        zone = pick(rng, [z for z, _ in ZONES], [w for _, w in ZONES])
        if hood == "Mill District" and rng.random() < 0.6:
            zone = "M-1"
        lot = rng.randint(3000, 12000) if zone.startswith("R") else rng.randint(8000, 60000)
        value = money(rng.randint(150, 900) * 1000 if zone.startswith("R") else rng.randint(400, 4000) * 1000)
        address = f"{rng.randint(10, 2999)} {rng.choice(STREETS)}"
        out.append((i, f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{i:03d}", address, hood, zone, lot, value))
    return out


def permits(rng: random.Random, today: date, people: list[Row], lots: list[Row]) -> list[Row]:
    out: list[Row] = []
    pros = [a[0] for a in people if a[4] != "Homeowner"]
    owners = [a[0] for a in people if a[4] == "Homeowner"]
    for back in range(760, -1, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            code, _, _, target, (lo, hi), _ = pick(rng, TYPES, [t[5] for t in TYPES])
            tid = [t[0] for t in TYPES].index(code) + 1
            who = rng.choice(pros) if rng.random() < 0.6 else rng.choice(owners)
            if who <= 13 and rng.random() < 0.5:
                who = rng.randint(1, 13)
            lot = rng.choice(lots)[0]
            valuation = money(rng.randint(lo, hi))
            issued = None
            expires = None
            wait = target + rng.randint(-2, target)
            roll = rng.random()
            if roll < 0.05:
                status = "Withdrawn"
            elif roll < 0.10 and back > wait:
                status = "Denied"
            elif back <= wait:
                status = "Submitted" if back < 3 else "Under Review"
            else:
                issued = day + timedelta(days=max(1, wait))
                expires = issued + timedelta(days=180)
                status = "Issued"
            desc = rng.choice(WORK[code])
            out.append([len(out) + 1, "", lot, who, tid, day, issued, expires, status, valuation, desc])
    rows: list[Row] = []
    for p in out:
        p[1] = f"{TYPES[p[4] - 1][0]}-{p[5].year}-{p[0]:05d}"
        rows.append(tuple(p))
    return rows


def inspections(rng: random.Random, today: date, pers: list[Row]) -> tuple[list[Row], dict[int, str]]:
    out: list[Row] = []
    final_status: dict[int, str] = {}
    by_disc: dict[str, list[int]] = {}
    for i, (_, disc, _, active) in enumerate(INSPECTORS, 1):
        if active:
            by_disc.setdefault(disc, []).append(i)
    for p in pers:
        if p[6] is None:
            continue
        code = TYPES[p[4] - 1][0]
        pool = by_disc[DISCIPLINE[code]]
        at = p[6] + timedelta(days=rng.randint(3, 25))
        steps = list(STEPS[code])
        passed_final = False
        while steps and at <= today + timedelta(days=10) and at <= p[7]:
            step = steps[0]
            who = rng.choice(pool) if rng.random() < 0.9 else rng.randint(1, 8)
            if at > today:
                out.append((len(out) + 1, p[0], who, step, at, None, None))
                break
            result = pick(rng, ("Pass", "Fail", "Partial", "Cancelled"), (70, 18, 5, 7))
            if at > today - timedelta(days=400) and rng.random() < 0.02:
                who = 9
            out.append((len(out) + 1, p[0], who, step, at, at if result != "Cancelled" else None, result))
            if result == "Pass":
                steps.pop(0)
                if step == "Final":
                    passed_final = True
            at = at + timedelta(days=rng.randint(2, 30))
        if passed_final:
            final_status[p[0]] = "Finaled"
        elif p[7] < today:
            final_status[p[0]] = "Expired"
    # the retired inspector only worked old permits
    fixed: list[Row] = []
    for r in out:
        if r[2] == 9 and r[4] > today - timedelta(days=400):
            r = (r[0], r[1], 1, *r[3:])
        fixed.append(r)
    return fixed, final_status


def fees(rng: random.Random, today: date, pers: list[Row], insp: list[Row]) -> list[Row]:
    out: list[Row] = []
    for p in pers:
        code, _, base, _, _, _ = TYPES[p[4] - 1]
        if code in ("BLD", "DEM"):
            fee = money(Decimal(base) * Decimal("0.5") + p[9] * Decimal("0.002"))
            out.append((len(out) + 1, p[0], "Plan Review", fee, p[5], p[5] + timedelta(days=rng.randint(0, 3))))
        if p[6] is not None:
            fee = money(Decimal(base) + p[9] * Decimal("0.01"))
            paid = p[6] + timedelta(days=rng.randint(0, 20)) if rng.random() < 0.9 else None
            out.append((len(out) + 1, p[0], "Permit", fee, p[6], paid if paid and paid <= today else None))
    for r in insp:
        if r[6] == "Fail":
            paid = r[4] + timedelta(days=rng.randint(1, 40)) if rng.random() < 0.7 else None
            out.append((len(out) + 1, r[1], "Reinspection", money(85), r[4], paid if paid and paid <= today else None))
    return out


def violations(rng: random.Random, today: date, lots: list[Row], insp: list[Row]) -> list[Row]:
    out: list[Row] = []
    failed = [r for r in insp if r[6] == "Fail"]
    parcel_of: dict[int, int] = {}
    for r in rng.sample(failed, min(len(failed), 70)):
        parcel_of[r[0]] = r[1]
    for r in sorted(parcel_of):
        ins = next(x for x in insp if x[0] == r)
        code, sev, fine = pick(rng, CODES[:5], (2, 2, 3, 2, 1))
        cited = ins[4]
        resolved = cited + timedelta(days=rng.randint(5, 90))
        out.append([ins, code, sev, cited, resolved if resolved <= today and rng.random() < 0.8 else None, fine])
    for _ in range(130):
        code, sev, fine = pick(rng, CODES, (1, 1, 1, 1, 3, 4, 2, 2, 2))
        cited = days_before(today, rng.randint(0, 700))
        resolved = cited + timedelta(days=rng.randint(3, 120))
        out.append([None, code, sev, cited, resolved if resolved <= today and rng.random() < 0.75 else None, fine])
    out.sort(key=lambda v: (v[3], v[1]))
    rows: list[Row] = []
    for v in out:
        ins = v[0]
        parcel = rng.choice(lots)[0] if ins is None else None
        rows.append((len(rows) + 1, parcel, None if ins is None else ins[0], v[1], v[2], v[3], v[4], money(v[5])))
    return rows


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv9-permits")
    people = applicants(rng, today)
    lots = parcels(rng)
    pers = permits(rng, today, people, lots)
    insp, final = inspections(rng, today, pers)
    pers = [p[:8] + (final.get(p[0], p[8]),) + p[9:] for p in pers]
    parcel_by_permit = {p[0]: p[2] for p in pers}
    viol = violations(rng, today, lots, insp)
    insp_permit = {r[0]: r[1] for r in insp}
    viol = [v if v[1] is not None else (v[0], parcel_by_permit[insp_permit[v[2]]], *v[2:]) for v in viol]
    types = [(i, code, name, money(base), target) for i, (code, name, base, target, _, _) in enumerate(TYPES, 1)]
    inspectors = [(i, n, d, days_before(today, h), a) for i, (n, d, h, a) in enumerate(INSPECTORS, 1)]
    return {"tblApplicant": people, "tblParcel": lots, "t_permit_type": types, "tblPermit": pers,
            "Inspector": inspectors, "tblInspection": insp, "t_fee": fees(rng, today, pers, insp),
            "tblViolation": viol}
