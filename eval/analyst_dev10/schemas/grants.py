"""Seeded rows for ``adv10_grants`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/New_York"
DEPARTMENTS = (("Biology", "College of Science", "Hartley Hall"), ("Chemistry", "College of Science", "Lyman Labs"),
               ("Physics", "College of Science", "Lyman Labs"), ("Computer Science", "College of Engineering", "Kemper Hall"),
               ("Mechanical Engineering", "College of Engineering", "Bainer Hall"),
               ("Electrical Engineering", "College of Engineering", "Kemper Hall"),
               ("Psychology", "College of Social Sciences", "Young Hall"),
               ("Economics", "College of Social Sciences", "Social Sciences Building"),
               ("Public Health", "School of Medicine", "Medical Sciences 1C"), ("Nursing", "School of Medicine", "Betty Irene Moore Hall"),
               ("History", "College of Arts and Humanities", "Voorhies Hall"), ("English", "College of Arts and Humanities", "Voorhies Hall"))
DEPT_WEIGHT = (9, 7, 5, 8, 5, 5, 5, 3, 6, 3, 2, 2)
RANKS = ("Assistant Professor", "Associate Professor", "Professor", "Research Professor")
NAMED = (("Helen", "Achebe", 1, "Professor"), ("Rohan", "Mehta", 4, "Associate Professor"),
         ("Grace", "Liu", 9, "Professor"), ("Tomasz", "Wojcik", 3, "Assistant Professor"))
# name, acronym, type, (low, high) total, indirect rate choices, departments it favours (1-based)
FUNDERS = (
    ("National Science Foundation", "NSF", "federal", (150_000, 1_200_000), (0.55,), (1, 2, 3, 4, 5, 6, 7, 8)),
    ("National Institutes of Health", "NIH", "federal", (250_000, 2_500_000), (0.55,), (1, 2, 7, 9, 10)),
    ("Department of Energy", "DOE", "federal", (200_000, 1_800_000), (0.55,), (2, 3, 5, 6)),
    ("National Aeronautics and Space Administration", "NASA", "federal", (150_000, 900_000), (0.55,), (3, 5, 6)),
    ("Department of Defense", "DOD", "federal", (200_000, 1_500_000), (0.55,), (4, 5, 6)),
    ("National Endowment for the Humanities", "NEH", "federal", (40_000, 350_000), (0.55,), (11, 12)),
    ("Ohio Department of Higher Education", "ODHE", "state", (40_000, 300_000), (0.26,), (4, 5, 9, 10)),
    ("Ohio Department of Health", "ODH", "state", (50_000, 400_000), (0.26,), (9, 10)),
    ("Bill & Melinda Gates Foundation", None, "foundation", (100_000, 900_000), (0.10,), (1, 9)),
    ("Alfred P. Sloan Foundation", None, "foundation", (50_000, 450_000), (0.10, 0.15), (3, 4, 8)),
    ("Simons Foundation", None, "foundation", (60_000, 600_000), (0.15,), (3, 4)),
    ("American Heart Association", "AHA", "foundation", (50_000, 300_000), (0.10,), (1, 9, 10)),
    ("Intel Corporation", None, "industry", (25_000, 400_000), (0.30, 0.55), (4, 6)),
    ("Pfizer Inc.", None, "industry", (50_000, 500_000), (0.55,), (2, 9)),
    ("W. M. Keck Foundation", None, "foundation", (100_000, 500_000), (0.10,), ()),
)
TOPICS = ("soil microbiome", "protein folding", "quantum sensing", "graph neural networks", "battery thermal runaway",
          "power grid resilience", "adolescent sleep", "labor market frictions", "rural vaccine uptake",
          "nurse staffing", "medieval trade routes", "Victorian periodicals", "coral bleaching", "catalyst design",
          "dark matter detection", "privacy-preserving learning", "soft robotics", "wireless sensing",
          "working memory", "housing vouchers", "opioid overdose prevention", "maternal health")
KINDS = ("Mechanisms of", "Scalable", "Understanding", "A Longitudinal Study of", "Collaborative Research:",
         "CAREER:", "Toward Robust", "Community-Based")
CATEGORIES = (("Personnel", (55, 70)), ("Equipment", (5, 20)), ("Travel", (2, 6)), ("Supplies", (4, 12)),
              ("Participant Support", (3, 10)), ("Subcontracts", (5, 20)))
VENDORS = {"Personnel": ("Payroll",), "Equipment": ("Thermo Fisher", "Dell Technologies", "Agilent"),
           "Travel": ("Delta Air Lines", "Marriott", "Hertz"),
           "Supplies": ("Fisher Scientific", "Sigma-Aldrich", "Amazon Business", "VWR"),
           "Participant Support": (None,), "Subcontracts": ("Ohio State University", "University of Michigan", "RAND Corporation")}
JOURNALS = ("Nature", "Science", "PLOS ONE", "Physical Review Letters", "Journal of the American Chemical Society",
            "IEEE Transactions on Neural Networks", "American Journal of Public Health", "Psychological Science",
            "American Economic Review", "Journal of Nursing Scholarship", "Speculum", "Victorian Studies")


def departments() -> list[Row]:
    return [(i, name, college, building) for i, (name, college, building) in enumerate(DEPARTMENTS, 1)]


def investigators(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken = {(f, l) for f, l, _, _ in NAMED}
    for i in range(1, 91):
        if i <= len(NAMED):
            first, last, dept, rank = NAMED[i - 1]
        else:
            first, last = person(rng, taken)
            dept = pick(rng, range(1, len(DEPARTMENTS) + 1), DEPT_WEIGHT)
            rank = pick(rng, RANKS, (4, 4, 5, 1))
        taken.add((first, last))
        years = {"Assistant Professor": (1, 7), "Associate Professor": (5, 15), "Professor": (10, 32),
                 "Research Professor": (3, 20)}[rank]
        hired = days_before(today, rng.randint(years[0] * 365, years[1] * 365) if i != 4 else 300)
        born = days_before(hired, rng.randint(29 * 365, 40 * 365))
        email = f"{first[0].lower()}{last.lower()}{i}@univ.edu"
        out.append((i, first, last, email, dept, rank, hired, born))
    return out


def funders() -> list[Row]:
    return [(i, f[0], f[1], f[2]) for i, f in enumerate(FUNDERS, 1)]


def awards(rng: random.Random, today: date, people: list[Row]) -> list[Row]:
    out: list[Row] = []
    seq: dict[tuple[str, int], int] = {}
    # investigators 81-90 never applied for anything
    applicants = [p for p in people if p[0] <= 80]
    weights = [8 if p[0] == 1 else 5 if p[0] in (2, 3) else 1.2 if p[5] == "Professor" else 1 for p in applicants]
    for _ in range(330):
        pi = pick(rng, applicants, weights)
        options = [k for k, f in enumerate(FUNDERS, 1) if pi[4] in f[5]] or [1]
        fid = rng.choice(options) if rng.random() < 0.9 else rng.randint(1, len(FUNDERS) - 1)
        name, acr, kind, (lo, hi), rates, _ = FUNDERS[fid - 1]
        submitted = days_before(today, rng.randint(0, 2200))
        decided = submitted + timedelta(days=rng.randint(60, 200))
        amount = money(rng.randrange(lo, hi, 500))
        start = end = None
        if decided > today:
            status = "pending"
        elif rng.random() < 0.32:
            status = "declined"
        else:
            start = decided + timedelta(days=rng.randint(0, 30))
            end = start + timedelta(days=365 * pick(rng, (1, 2, 3, 4, 5), (2, 3, 5, 2, 2)) - 1)
            status = "active" if end >= today else "closed"
        tag = acr or "".join(w[0] for w in name.split() if w[0].isupper())[:4]
        seq[(tag, submitted.year)] = seq.get((tag, submitted.year), 0) + 1
        number = f"{tag}-{submitted.year}-{seq[(tag, submitted.year)]:04d}"
        title = f"{rng.choice(KINDS)} {rng.choice(TOPICS)}"
        out.append((len(out) + 1, number, title, pi[0], fid, submitted, start, end, amount,
                    Decimal(str(rng.choice(rates))).quantize(Decimal("0.001")), status))
    return out


def budget_lines(rng: random.Random, aws: list[Row]) -> list[Row]:
    out: list[Row] = []
    for a in aws:
        if a[10] not in ("active", "closed"):
            continue
        direct = a[8] / (1 + a[9])
        cats = [CATEGORIES[0]] + [c for c in CATEGORIES[1:] if rng.random() < 0.6]
        shares = [rng.randint(*c[1]) for c in cats]
        total = sum(shares)
        for (cat, _), share in zip(cats, shares):
            out.append((len(out) + 1, a[0], cat, money(direct * share / total)))
    return out


def expenditures(rng: random.Random, today: date, aws: list[Row], lines: list[Row]) -> list[Row]:
    out: list[Row] = []
    by_id = {a[0]: a for a in aws}
    for line in lines:
        a = by_id[line[1]]
        start, end = a[6], min(a[7], today)
        if start > today:
            continue
        span = max((end - start).days, 1)
        elapsed = span / max((a[7] - start).days, 1)
        target = line[3] * Decimal(str(min(1.08, elapsed * rng.uniform(0.7, 1.1))))
        n = max(1, min(8, span // 90))
        vendors = VENDORS[line[2]]
        for k in range(n):
            day = start + timedelta(days=rng.randint(0, span))
            out.append((len(out) + 1, line[0], day, money(target / n * Decimal(str(rng.uniform(0.6, 1.4)))),
                        rng.choice(vendors)))
    return out


def publications(rng: random.Random, today: date, aws: list[Row]) -> list[Row]:
    out: list[Row] = []
    for a in aws:
        if a[6] is None or (today - a[6]).days < 200:
            continue
        span = (min(today, a[7] + timedelta(days=365)) - a[6]).days
        n = pick(rng, (0, 1, 2, 3, 4, 6), (3, 4, 3, 2, 1, 1))
        for _ in range(n):
            day = a[6] + timedelta(days=rng.randint(150, max(151, span)))
            day = min(day, today)
            age = (today - day).days
            cites = int(rng.paretovariate(1.6) * age / 120) if age > 30 else 0
            title = f"{rng.choice(('New evidence on', 'On', 'Revisiting', 'Measuring', 'A model of'))} {a[2].split(' ', 1)[1].lower()}"
            out.append((len(out) + 1, a[0], title, rng.choice(JOURNALS), day, cites, rng.random() < 0.4))
    return out


def reports(rng: random.Random, today: date, aws: list[Row]) -> list[Row]:
    out: list[Row] = []
    for a in aws:
        if a[6] is None:
            continue
        start, end = a[6], a[7]
        due: list[tuple[str, date]] = []
        year = 1
        while start + timedelta(days=365 * year) < end:
            due.append(("Annual Progress", start + timedelta(days=365 * year - 60)))
            due.append(("Financial", start + timedelta(days=365 * year + 30)))
            year += 1
        due.append(("Final Technical", end + timedelta(days=90)))
        due.append(("Final Financial", end + timedelta(days=120)))
        for kind, day in due:
            if day > today + timedelta(days=120):
                continue
            if day < today:
                sent = None if rng.random() < 0.09 else day + timedelta(days=rng.randint(-20, 12))
            else:
                sent = day - timedelta(days=rng.randint(1, 20)) if rng.random() < 0.2 else None
            if sent is not None and sent > today:
                sent = today
            out.append((len(out) + 1, a[0], kind, day, sent))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv10-grants")
    people = investigators(rng, today)
    aws = awards(rng, today, people)
    lines = budget_lines(rng, aws)
    return {"grt_departments": departments(), "grt_investigators": people, "grt_funders": funders(), "grt_awards": aws,
            "grt_budget_lines": lines, "grt_expenditures": expenditures(rng, today, aws, lines),
            "grt_publications": publications(rng, today, aws), "grt_reports": reports(rng, today, aws)}
