"""Seeded rows for ``adv15_lawfirm`` (dates relative to the load day; table names as PostgreSQL
folds the script's unquoted PascalCase names)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/New_York"
AREAS = ("Litigation", "Corporate", "Real Estate", "Employment", "Family Law", "Intellectual Property", "Immigration")
# first, last, title, area index, rate, years at bar (None: paralegal), years since hire
NAMED = (("Margaret", "Holloway", "Partner", 0, 650, 28, 22), ("Daniel", "Reyes", "Partner", 1, 720, 24, 15),
         ("Sophie", "Lindqvist", "Partner", 2, 590, 20, 12), ("Marcus", "Obi", "Partner", 3, 610, 19, 9),
         ("Helen", "Park", "Of Counsel", 5, 680, 30, 4), ("Grace", "Whitaker", "Partner", 4, 540, 17, 11))
# area, name pattern
MATTER_KINDS = {0: ("v. {o} breach of contract", "v. {o} product liability", "{o} insurance coverage dispute"),
                1: ("acquisition of {o}", "Series B financing", "shareholder agreement", "{o} joint venture"),
                2: ("lease of {o} premises", "purchase of {o} warehouse", "zoning appeal"),
                3: ("wrongful termination claim", "handbook review", "{o} wage and hour audit"),
                4: ("divorce", "custody modification", "prenuptial agreement"),
                5: ("trademark registration", "patent infringement v. {o}", "licensing deal with {o}")}
COMPANIES = ("Acme Robotics", "Bluewater Foods", "Cobalt Logistics", "Driftwood Hotels", "Evergreen Health",
             "Foxglove Media", "Granite Builders", "Harborline Shipping", "Ironclad Security", "Juniper Software",
             "Keystone Dental", "Lumen Energy", "Maple Leaf Realty", "Northstar Aviation", "Orchard Farms",
             "Pinnacle Retail", "Quartz Analytics", "Redwood Capital", "Summit Outdoor", "Tidewater Brewing")
INDUSTRY = ("Manufacturing", "Food", "Logistics", "Hospitality", "Healthcare", "Media", "Construction", "Logistics",
            "Security", "Software", "Healthcare", "Energy", "Real Estate", "Aviation", "Agriculture", "Retail",
            "Software", "Finance", "Retail", "Food")
CITIES = ("Boston", "Boston", "Boston", "Cambridge", "Worcester", "Providence", "Hartford")
COURTS = ("Suffolk Superior Court", "U.S. District Court, D. Mass.", "Middlesex Probate and Family Court",
          "Massachusetts Land Court", "Boston Municipal Court")
TASKS = ("Draft motion", "Review documents", "Client call", "Research case law", "Prepare for deposition",
         "Negotiate terms", "Draft agreement", "Court appearance", "Correspondence with opposing counsel", "Due diligence")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv15-lawfirm")
    areas = [(i, a) for i, a in enumerate(AREAS, 1)]
    atts: list[Row] = []
    taken: set[tuple[str, str]] = set()
    for f, l, title, area, rate, bar, hire in NAMED:
        taken.add((f, l))
        atts.append((len(atts) + 1, f, l, title, area + 1, money(rate), days_before(today, 365 * bar + rng.randint(0, 300)),
                     days_before(today, 365 * hire + rng.randint(0, 300)), True))
    for title, n, lo, hi in (("Associate", 9, 280, 460), ("Paralegal", 5, 140, 210)):
        for j in range(n):
            f, l = person(rng, taken)
            taken.add((f, l))
            hire = rng.randint(30, 3000) if j else 20
            admitted = None if title == "Paralegal" else days_before(today, hire + rng.randint(0, 900))
            atts.append((len(atts) + 1, f, l, title, j % 6 + 1, money(rng.randrange(lo, hi, 10)), admitted,
                         days_before(today, hire), not (title == "Associate" and j == 8)))
    clients: list[Row] = []
    for k, (co, ind) in enumerate(zip(COMPANIES, INDUSTRY)):
        clients.append((len(clients) + 1, co + (" Inc." if k % 3 == 0 else " LLC"), "Nonprofit" if k == 14 else "Corporation", ind,
                        rng.choice(CITIES), days_before(today, rng.randint(100, 3000))))
    for _ in range(22):
        f, l = person(rng, taken)
        taken.add((f, l))
        clients.append((len(clients) + 1, f"{f} {l}", "Individual", None, rng.choice(CITIES), days_before(today, rng.randint(3, 2500))))
    matters: list[Row] = []
    for cl in clients:
        for _ in range(rng.randint(1, 4) if cl[2] != "Individual" else rng.randint(0, 2)):
            area = rng.choice((0, 1, 2, 3, 5)) if cl[2] != "Individual" else pick(rng, (0, 2, 3, 4), (2, 2, 2, 5))
            opened = max(days_before(today, rng.randint(0, 1100)), cl[5])
            other = rng.choice([c for c in COMPANIES if not cl[1].startswith(c)])
            name = f"{cl[1].split(' ')[0] if cl[2] != 'Individual' else cl[1].split(' ')[1]} - " + rng.choice(MATTER_KINDS[area]).format(o=other)
            partners = [a for a in atts if a[4] == area + 1 and a[3] in ("Partner", "Of Counsel")]
            lead = rng.choice(partners)[0] if rng.random() < 0.7 else rng.choice([a for a in atts if a[3] == "Associate" and a[8]])[0]
            fee = "Contingency" if area == 0 and cl[2] == "Individual" else pick(rng, ("Hourly", "Flat Fee"), (8, 2) if area != 4 else (5, 5))
            age = (today - opened).days
            closed = None if age < 60 or rng.random() < 0.35 else opened + timedelta(days=rng.randint(45, age))
            matters.append((len(matters) + 1, f"M-{opened.year}-{len(matters) + 1:04d}", name, cl[0], area + 1, lead, fee, opened, closed))
    entries: list[Row] = []
    staff = {a[0]: a for a in atts}
    for m in matters:
        team = [m[5]] + [a[0] for a in rng.sample([a for a in atts if a[3] in ("Associate", "Paralegal") and a[0] != m[5] and a[8]], 2)]
        end = m[8] or today
        d = m[7]
        while d <= end:
            if d.weekday() < 5:
                for who in team:
                    if rng.random() < (0.22 if who == m[5] else 0.3) and staff[who][7] <= d:
                        hrs = Decimal(rng.randint(2, 50)) / 10
                        a = staff[who]
                        billable = rng.random() > 0.12
                        entries.append((len(entries) + 1, m[0], who, d, hrs, a[5], billable, rng.choice(TASKS)))
            d += timedelta(days=1)
    invoices: list[Row] = []
    payments: list[Row] = []
    by_month: dict[tuple[int, date], Decimal] = {}
    for e in entries:
        if e[6]:
            key = (e[1], e[3].replace(day=1))
            by_month[key] = by_month.get(key, Decimal(0)) + e[4] * e[5]
    this_month = today.replace(day=1)
    for (mid, month), amt in sorted(by_month.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if month >= this_month:
            continue
        inv_date = (month + timedelta(days=32)).replace(day=1) + timedelta(days=rng.randint(0, 3))
        if inv_date > today:
            continue
        iid = len(invoices) + 1
        invoices.append((iid, f"INV-{inv_date:%y%m}-{iid:05d}", mid, inv_date, inv_date + timedelta(days=30), money(amt)))
        age = (today - inv_date).days
        r = rng.random()
        if age < 10 or r < 0.08:
            continue
        pay_day = inv_date + timedelta(days=min(age, rng.randint(5, 75)))
        method = pick(rng, ("Check", "Wire", "ACH", "Card"), (3, 3, 4, 1))
        if r < 0.2:
            payments.append((len(payments) + 1, iid, pay_day, money(amt * Decimal("0.5")), method))
        else:
            payments.append((len(payments) + 1, iid, pay_day, money(amt), method))
    court: list[Row] = []
    for m in matters:
        if m[4] not in (1, 4, 5, 3):
            continue
        end = m[8] or today + timedelta(days=90)
        span = (end - m[7]).days
        for _ in range(rng.randint(1, 5) if span > 20 else 0):
            day = m[7] + timedelta(days=rng.randint(14, span))
            while day.weekday() >= 5:
                day += timedelta(days=1)
            kind = pick(rng, ("Motion Hearing", "Status Conference", "Trial", "Deposition", "Mediation"), (4, 4, 1, 3, 2))
            court_name = {5: COURTS[2], 3: COURTS[3]}.get(m[4], rng.choice((COURTS[0], COURTS[1], COURTS[4])))
            who = m[5] if rng.random() < 0.7 else rng.choice([a for a in atts if a[3] == "Associate" and a[8]])[0]
            court.append((len(court) + 1, m[0], who, datetime.combine(day, time(rng.choice((9, 10, 11, 14)), rng.choice((0, 30)))),
                          court_name, kind))
    for m in matters:
        if m[8] is None and m[4] in (1, 4, 5, 3):
            for _ in range(2):
                day = today + timedelta(days=rng.randint(1, 40))
                while day.weekday() >= 5:
                    day += timedelta(days=1)
                court.append((0, m[0], m[5], datetime.combine(day, time(rng.choice((9, 10, 11, 14)), rng.choice((0, 30)))),
                              {5: COURTS[2], 3: COURTS[3]}.get(m[4], COURTS[0]), pick(rng, ("Motion Hearing", "Status Conference", "Trial"), (4, 4, 1))))
    court.sort(key=lambda c: c[3])
    court = [(i, *c[1:]) for i, c in enumerate(court, 1)]
    return {"practicearea": areas, "attorney": atts, "client": clients, "matter": matters, "timeentry": entries,
            "invoice": invoices, "payment": payments, "courtdate": court}
