"""Seeded rows for ``adv12_recruit`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import FIRST, LAST, Row, days_before, money, pick, rng_for

TIMEZONE = "Europe/London"
JOB_TYPES = (("P", "Permanent"), ("C", "Contract"), ("T", "Temporary"), ("F", "Fixed-term"))
# name, office, desk, started days ago, left days ago, target
CONSULTANTS = (("Priya Raman", "London", "Technology", 2900, None, 380000),
               ("Tom Whitley", "London", "Finance", 3600, None, 420000),
               ("Hannah Cole", "London", "Technology", 800, None, 250000),
               ("Marcus Bell", "London", "Finance", 1500, 200, 300000),
               ("Gareth Hughes", "Manchester", "Engineering", 4100, None, 350000),
               ("Aisha Rahman", "Manchester", "Technology", 1200, None, 280000),
               ("Liam Doyle", "Manchester", "Healthcare", 600, None, 200000),
               ("Sophie Adeyemi", "Leeds", "Healthcare", 2300, None, 260000),
               ("Craig McAllister", "Leeds", "Engineering", 1900, None, 300000),
               ("Emma Nowak", "Leeds", "Finance", 300, None, 180000),
               ("Jordan Price", "Manchester", "Engineering", 950, 60, 240000),
               ("Rachel Osei", "London", "Healthcare", 110, None, 150000))
SECTOR_DESK = {"Technology": "Technology", "Financial Services": "Finance", "Manufacturing": "Engineering",
               "Energy": "Engineering", "Healthcare": "Healthcare", "Public Sector": "Healthcare", "Retail": "Finance"}
CITIES = ("London", "Manchester", "Leeds", "Birmingham", "Bristol", "Sheffield", "Liverpool")
# name, sector, city
NAMED_CLIENTS = (("Northwind Analytics", "Technology", "London"), ("Halden Bank", "Financial Services", "London"),
                 ("Crestline Engineering", "Manufacturing", "Sheffield"), ("St Brigid's Hospital", "Healthcare", "Leeds"),
                 ("Pennine Water", "Energy", "Manchester"), ("Mercer & Lowe", "Retail", "Manchester"))
STEMS = ("Apex", "Bluefin", "Cobalt", "Dovetail", "Evergreen", "Fairway", "Granite", "Harbour", "Ironbridge", "Juniper",
         "Keystone", "Lumen", "Meridian", "Northgate", "Oakridge", "Pinnacle", "Quayside", "Redwood", "Summit",
         "Thistle", "Upland", "Vantage", "Westbrook", "Yardley")
SUFFIX = {"Technology": ("Software", "Digital", "Systems"), "Financial Services": ("Capital", "Insurance", "Partners"),
          "Manufacturing": ("Components", "Fabrication", "Engineering"), "Energy": ("Energy", "Power", "Renewables"),
          "Healthcare": ("Care Group", "Health", "Clinics"), "Public Sector": ("Borough Council", "Housing Trust",
                                                                             "College"),
          "Retail": ("Stores", "Retail", "Outlets")}
# desk -> (title, low band, high band)
TITLES = {"Technology": (("Software Engineer", 45000, 70000), ("Senior Software Engineer", 65000, 95000),
                         ("Data Analyst", 35000, 55000), ("DevOps Engineer", 55000, 85000),
                         ("Product Manager", 60000, 90000)),
          "Finance": (("Accountant", 38000, 55000), ("Financial Controller", 65000, 90000),
                      ("Credit Risk Analyst", 45000, 65000), ("Payroll Officer", 28000, 36000)),
          "Engineering": (("Mechanical Engineer", 38000, 55000), ("Electrical Engineer", 40000, 58000),
                          ("Project Engineer", 45000, 62000), ("Maintenance Technician", 30000, 40000)),
          "Healthcare": (("Staff Nurse", 29000, 38000), ("Ward Manager", 42000, 52000), ("Physiotherapist", 33000, 45000),
                         ("Care Assistant", 22000, 26000))}
MORE_FIRST = ("Oliver", "Amelia", "George", "Isla", "Harry", "Freya", "Jack", "Poppy", "Callum", "Niamh", "Rhys",
              "Siobhan", "Tariq", "Anika", "Dev", "Ifeoma", "Luca", "Marta", "Ewan", "Hollie")
MORE_LAST = ("Evans", "Roberts", "Hughes", "Shaw", "Kaur", "Begum", "Ali", "Walsh", "Fraser", "Campbell", "O'Brien",
             "Kowalski", "Mensah", "Byrne", "Hussain", "Chapman", "Dixon", "Marsh", "Lloyd", "Ward")
NAMED_CANDIDATES = (("Chloe", "Fenwick", "London", "linkedin", "Data Analyst", 4),
                    ("Rajesh", "Iyer", "Manchester", "referral", "DevOps Engineer", 9),
                    ("Bethany", "Hale", "Leeds", "job_board", "Staff Nurse", 6))


def consultants(today: date) -> list[Row]:
    return [(i, n, o, d, days_before(today, s), None if lft is None else days_before(today, lft), money(t))
            for i, (n, o, d, s, lft, t) in enumerate(CONSULTANTS, 1)]


def clients(rng: random.Random, today: date, staff: list[Row]) -> list[Row]:
    out: list[Row] = []
    names: set[str] = set()
    while len(out) < 70:
        i = len(out) + 1
        if i <= len(NAMED_CLIENTS):
            name, sector, city = NAMED_CLIENTS[i - 1]
        else:
            sector = pick(rng, tuple(SECTOR_DESK), (5, 4, 3, 2, 3, 2, 2))
            name = f"{rng.choice(STEMS)} {rng.choice(SUFFIX[sector])}"
            city = pick(rng, CITIES, (5, 3, 3, 2, 1, 1, 1))
            if name in names:
                continue
        names.add(name)
        desk = SECTOR_DESK[sector]
        mgrs = [c for c in staff if c[3] == desk and c[5] is None] or [c for c in staff if c[3] == desk]
        since = days_before(today, rng.randint(5, 40) if i % 23 == 9 else rng.randint(60, 3000))
        out.append((i, name, sector, city, rng.choice(mgrs)[0], since, Decimal(str(rng.choice(range(30, 51)) / 2))))
    return out


def candidates(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken = {(f, l) for f, l, *_ in NAMED_CANDIDATES}
    firsts, lasts = FIRST + MORE_FIRST, LAST + MORE_LAST
    titles = [t for ts in TITLES.values() for t, _, _ in ts]
    for i in range(1, 1101):
        title: str | None
        if i <= len(NAMED_CANDIDATES):
            first, last, city, src, title, yrs = NAMED_CANDIDATES[i - 1]
            yrs_exp: int | None = yrs
        else:
            while True:
                first, last = rng.choice(firsts), rng.choice(lasts)
                if (first, last) not in taken:
                    break
            city = pick(rng, CITIES, (5, 3, 3, 2, 1, 1, 1))
            src = pick(rng, ("linkedin", "job_board", "website", "referral", "headhunted"), (40, 25, 15, 12, 8))
            title = None if rng.random() < 0.06 else rng.choice(titles)
            yrs_exp = None if rng.random() < 0.05 else rng.randint(0, 25)
        taken.add((first, last))
        email = None if rng.random() < 0.04 else f"{first.lower()}.{last.lower().replace(chr(39), '')}{i}@mailbox.co.uk"
        reg = days_before(today, rng.randint(0, 25) if i % 37 == 11 else rng.randint(26, 900))
        out.append((i, first, last, email, city, src, reg, title, yrs_exp))
    return out


def pipeline(rng: random.Random, today: date, staff: list[Row], firms: list[Row], people: list[Row]
             ) -> tuple[list[Row], list[Row], list[Row], list[Row], list[Row]]:
    vacs: list[Row] = []
    apps: list[Row] = []
    ivs: list[Row] = []
    offs: list[Row] = []
    plcs: list[Row] = []
    weights = [6 if f[0] <= len(NAMED_CLIENTS) else 1 + rng.random() * 2 for f in firms]
    for _ in range(360):
        firm = rng.choices(firms, weights)[0]
        desk = SECTOR_DESK[firm[2]]
        opened = max(firm[5], days_before(today, rng.randint(0, 720)))
        team = [c for c in staff if c[3] == desk and c[4] <= opened and (c[5] is None or c[5] > opened)]
        if not team:
            continue
        owner = rng.choice(team)
        title, lo, hi = rng.choice(TITLES[desk])
        type_cd = pick(rng, ("P", "C", "T", "F"), (65, 20, 7, 8))
        if desk == "Healthcare" and rng.random() < 0.3:
            type_cd = "T"
        band_lo = lo + rng.choice((0, 2000, 5000))
        band: tuple[int | None, int | None] = ((None, None) if rng.random() < 0.07 else
                                               (band_lo, max(band_lo + 3000, hi + rng.choice((0, 3000, 5000)))))
        qty = pick(rng, (1, 2, 3, 5), (80, 12, 6, 2))
        where = "Remote" if desk == "Technology" and rng.random() < 0.15 else firm[3]
        vid = len(vacs) + 1
        pool = [p for p in people if p[6] <= opened + timedelta(days=30)]
        applicants = rng.sample(pool, min(len(pool), pick(rng, (2, 4, 6, 9, 14, 20), (1, 3, 4, 3, 2, 1))))
        for cand in people[:len(NAMED_CANDIDATES)]:
            if cand[7] in {t for t, _, _ in TITLES[desk]} and cand not in applicants and rng.random() < 0.05:
                applicants.append(cand)
        hired: list[date] = []
        pending = False
        for cand in applicants:
            applied = max(opened, cand[6]) + timedelta(days=rng.randint(0, 35))
            if applied > today:
                continue
            aid = len(apps) + 1
            age = (today - applied).days
            if age < 4 and rng.random() < 0.7:
                apps.append((aid, vid, cand[0], applied, "new"))
                pending = True
                continue
            fate = rng.random()
            if fate < 0.45:
                apps.append((aid, vid, cand[0], applied, "rejected"))
                continue
            if fate < 0.52:
                apps.append((aid, vid, cand[0], applied, "withdrawn"))
                continue
            status = "shortlisted"
            when = datetime(applied.year, applied.month, applied.day, rng.randint(9, 16), rng.choice((0, 30)))
            offered = False
            for rnd in (1, 2, 3):
                when = when + timedelta(days=rng.randint(3, 12), hours=rng.choice((0, 1, -1)))
                while when.weekday() >= 5:
                    when += timedelta(days=1)
                if when.date() > today + timedelta(days=14):
                    break
                fmt = pick(rng, ("phone", "video"), (1, 2)) if rnd == 1 else pick(rng, ("video", "onsite"), (1, 3))
                if when.date() >= today:
                    ivs.append((len(ivs) + 1, aid, rnd, when, fmt, None))
                    status = "interviewing"
                    pending = True
                    break
                outcome = pick(rng, ("passed", "failed", "no_show"), (60, 35, 5) if rnd > 1 else (70, 26, 4))
                ivs.append((len(ivs) + 1, aid, rnd, when, fmt, outcome))
                if outcome != "passed":
                    status = "rejected"
                    break
                status = "interviewing"
                if rnd >= 2 and (rnd == 3 or rng.random() < 0.5):
                    offered = True
                    break
            if offered and len(hired) < qty:
                odt = when.date() + timedelta(days=rng.randint(1, 6))
                if odt > today:
                    apps.append((aid, vid, cand[0], applied, "interviewing"))
                    pending = True
                    continue
                base = rng.randint(band[0] or lo, band[1] or hi) // 500 * 500
                ostatus = ("pending" if (today - odt).days < 7 and rng.random() < 0.6 else
                           pick(rng, ("accepted", "declined", "rescinded"), (75, 20, 5)))
                oid = len(offs) + 1
                offs.append((oid, aid, odt, money(base), ostatus))
                if ostatus == "accepted":
                    start = odt + timedelta(days=rng.randint(7, 45))
                    hired.append(odt)
                    status = "placed"
                    if start > today:
                        apps.append((aid, vid, cand[0], applied, status))
                        continue
                    fee = money(Decimal(base) * firm[6] / 100)
                    pst = ("fell_through" if rng.random() < 0.06 and start < today else
                           "completed" if type_cd != "P" and (today - start).days > 180 else "active")
                    plcs.append((len(plcs) + 1, oid, start, fee, pst))
                elif ostatus == "pending":
                    status = "offered"
                    pending = True
                else:
                    status = "withdrawn" if ostatus == "declined" else "rejected"
            elif offered:
                status = "rejected"
            apps.append((aid, vid, cand[0], applied, status))
        closed: date | None
        if len(hired) >= qty:
            status, closed = "filled", max(hired)
        elif not pending and (today - opened).days > 90:
            status = pick(rng, ("cancelled", "on_hold", "open"), (5, 2, 1))
            closed = None if status != "cancelled" else opened + timedelta(days=rng.randint(60, 90))
        else:
            status, closed = "open", None
        vacs.append((vid, firm[0], owner[0], title, type_cd, where, band[0], band[1], qty, opened, closed, status))
    return vacs, apps, ivs, offs, plcs


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv12-recruit")
    staff = consultants(today)
    firms = clients(rng, today, staff)
    people = candidates(rng, today)
    vacs, apps, ivs, offs, plcs = pipeline(rng, today, staff, firms, people)
    return {"consultants": staff, "clients": firms, "job_types": list(JOB_TYPES), "vacancies": vacs,
            "candidates": people, "applications": apps, "interviews": ivs, "offers": offs, "placements": plcs}
