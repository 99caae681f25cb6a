"""Data for ``unseen_waste``: the City of Port Ellery's six districts, 29 collection routes,
18 trucks, ~46 crew, three years of weekly collection runs with their weigh tickets, and
residents' service requests.

Skews: Eastfield is the largest district and produces the most garbage and the most
contaminated recycling; Harbour runs the most partial collections and reports the most missed
collections; Dale Fitzgerald drives the most runs; the Eastfield Drop-off Depot has never
received a load; Old Town's yard-waste route was discontinued a year ago.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.unseen.synth import FIRST_NAMES, LAST_NAMES, Row, days_before, moment, pick, rng_for

KEY = "waste"
TIMEZONE = "America/Toronto"
HISTORY_DAYS = 1095

# name, households, population, km2, code, weekday, contamination %, partial-run rate
DISTRICTS = (
    ("Northside", 14200, 33100, 12.4, "NS", 0, 11, 0.04),
    ("Riverside", 11800, 26900, 9.8, "RS", 1, 9, 0.03),
    ("Old Town", 8600, 17400, 4.1, "OT", 2, 14, 0.05),
    ("Eastfield", 16900, 41800, 18.7, "EF", 3, 22, 0.05),
    ("Harbour", 7300, 15100, 6.2, "HB", 4, 12, 0.13),
    ("Westbrook", 12500, 31200, 15.3, "WB", 2, 8, 0.03),
)
FACILITIES = (
    ("Greenbank Landfill", "landfill", "City of Port Ellery", 98),
    ("Millbrook MRF", "MRF", "Cascadia Recovery Inc.", 45),
    ("Southport Compost Facility", "compost", "City of Port Ellery", 62),
    ("Harbour Transfer Station", "transfer station", "EnviroHaul Ltd.", 105),
    ("Eastfield Drop-off Depot", "transfer station", "City of Port Ellery", 80),
)
# stream: code letter, kg per household per collection, every n weeks
STREAMS = {"garbage": ("G", 10.5, 1), "recycling": ("R", 4.6, 1), "organics": ("O", 5.2, 1),
           "yard waste": ("Y", 6.0, 2)}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
# fleet number suffix range, make, model, body, capacity, fuel, streams served
TRUCKS = (
    ("Mack", "LR", "rear loader", 10.0, "diesel", ("garbage", "yard waste")),
    ("Peterbilt", "520", "automated side loader", 9.5, "CNG", ("garbage", "recycling", "organics")),
    ("Autocar", "ACX", "automated side loader", 9.0, "CNG", ("recycling", "organics")),
    ("Mack", "LR Electric", "rear loader", 8.5, "electric", ("organics", "recycling")),
    ("Freightliner", "M2 106", "rear loader", 7.0, "diesel", ("yard waste", "garbage")),
)
HERO_DRIVER = "Dale Fitzgerald"     # crew member 1: the longest-serving, busiest driver
REQUESTS = (("missed collection", 30, (4, 48)), ("bin replacement", 25, (24, 240)),
            ("bulky item pickup", 20, (48, 336)), ("overflowing bin", 10, (4, 72)),
            ("illegal dumping", 8, (12, 168)), ("complaint", 7, (24, 200)))


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for(KEY)
    districts = [(i + 1, d[0], d[1], d[2], Decimal(str(d[3]))) for i, d in enumerate(DISTRICTS)]
    facilities = [(i + 1, f[0], f[1], f[2], Decimal(f[3]).quantize(Decimal("0.01"))) for i, f in enumerate(FACILITIES)]
    routes = _routes()
    trucks = _trucks(rng, today)
    crew = _crew(rng, today)
    runs, tickets = _runs(rng, today, routes, trucks, crew)
    return {"district": districts, "facility": facilities, "route": routes, "truck": trucks,
            "crew_member": crew, "collection_run": runs, "weigh_ticket": tickets,
            "service_request": _requests(rng, today)}


def _routes() -> list[Row]:
    rows: list[Row] = []
    for d, spec in enumerate(DISTRICTS):
        for stream, (letter, _kg, every) in STREAMS.items():
            count = 2 if stream == "garbage" and spec[1] > 14000 else 1
            for n in range(count):
                day = WEEKDAYS[spec[5]] if stream != "yard waste" else WEEKDAYS[(spec[5] + 1) % 5]
                active = not (spec[4] == "OT" and stream == "yard waste")
                rows.append((len(rows) + 1, f"{spec[4]}-{letter}{n + 1}", d + 1, stream, day, every, active))
    return rows


def _trucks(rng: random.Random, today: date) -> list[Row]:
    rows: list[Row] = []
    mix = (0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 0, 1)
    for n, kind in enumerate(mix):
        make, model, body, capacity, fuel, _streams = TRUCKS[kind]
        since = rng.randint(400, 3200) if kind != 3 else rng.randint(300, 700)
        retired = rng.randint(100, 500) if n in (4, 15) else None
        rows.append((n + 1, f"PE-{101 + n}", make, model, body, Decimal(str(capacity)), fuel,
                     days_before(today, since), None if retired is None else days_before(today, retired)))
    return rows


def _crew(rng: random.Random, today: date) -> list[Row]:
    rows: list[Row] = []
    roles = ("driver",) * 24 + ("loader",) * 16 + ("supervisor",) * 6
    names: set[str] = set()
    for n, role in enumerate(roles):
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name not in names:
                names.add(name)
                break
        hired = rng.randint(150, 6000)
        left = rng.randint(30, hired - 100) if rng.random() < 0.15 and hired > 400 else None
        born = rng.randint(21 * 365, 63 * 365)
        if n == 0:
            name, hired, left, born = HERO_DRIVER, 5800, None, 58 * 365 + 100
        rows.append((n + 1, name, role, days_before(today, born), days_before(today, hired),
                     None if left is None else days_before(today, left)))
    return rows


def _facility(district: int, stream: str) -> int:
    if stream == "garbage":
        return 4 if DISTRICTS[district][4] in ("HB", "OT") else 1
    return 2 if stream == "recycling" else 3


def _runs(rng: random.Random, today: date, routes: list[Row], trucks: list[Row],
          crew: list[Row]) -> tuple[list[Row], list[Row]]:
    runs: list[Row] = []
    tickets: list[Row] = []
    for ago in range(HISTORY_DAYS, 0, -1):
        day = days_before(today, ago)
        if day.weekday() > 4:
            continue
        week = (today - day).days // 7
        for route in routes:
            district, stream = int(route[2]) - 1, str(route[3])
            if WEEKDAYS.index(str(route[4])) != day.weekday():
                continue
            if stream == "yard waste" and (day.month < 4 or day.month > 11 or week % 2):
                continue
            if not route[6] and ago < 365:
                continue
            run_id = len(runs) + 1
            run = _run(rng, today, day, ago, run_id, route, district, stream, trucks, crew)
            runs.append(run)
            if run[7] != "cancelled":
                _weigh(rng, run, district, stream, trucks, tickets)
    return runs, tickets


def _run(rng: random.Random, today: date, day: date, ago: int, run_id: int, route: Row, district: int,
         stream: str, trucks: list[Row], crew: list[Row]) -> Row:
    fit = [t for t in trucks if stream in TRUCKS[_kind(t)][5] and (today - t[7]).days >= ago
           and (t[8] is None or (today - t[8]).days < ago)]
    drivers = [c for c in crew if c[2] == "driver" and (today - c[4]).days >= ago
               and (c[5] is None or (today - c[5]).days < ago)]
    truck = rng.choice(fit)[0] if fit else None
    driver = pick(rng, drivers, [2.5 if c[0] == 1 else 1.0 for c in drivers])[0] if drivers else None
    winter = day.month in (12, 1, 2)
    draw = rng.random()
    cancel = 0.05 if winter else 0.01
    if draw < cancel:
        return (run_id, route[0], truck, driver, day, None, None, "cancelled", 0)
    partial = draw < cancel + DISTRICTS[district][7]
    start = moment(day, 6, rng.randint(30, 89) % 60) + timedelta(hours=rng.random() > 0.5)
    finish = start + timedelta(minutes=rng.randint(300, 560))
    missed = rng.randint(10, 80) if partial else pick(rng, (0, 1, 2, 3), (70, 15, 10, 5))
    return (run_id, route[0], truck, driver, day, start, finish, "partial" if partial else "completed", missed)


def _kind(truck: Row) -> int:
    return next(i for i, t in enumerate(TRUCKS) if t[0] == truck[2] and t[1] == truck[3])


def _weigh(rng: random.Random, run: Row, district: int, stream: str, trucks: list[Row],
           tickets: list[Row]) -> None:
    households = DISTRICTS[district][1]
    kg_per_home = STREAMS[stream][1] * (1.3 if stream == "organics" and run[4].month in (6, 7, 8, 9) else 1.0)
    routes = 2 if stream == "garbage" and households > 14000 else 1
    total = households * kg_per_home / routes * 0.12 * rng.uniform(0.85, 1.15)
    if run[7] == "partial":
        total *= rng.uniform(0.6, 0.85)
    capacity = float(trucks[int(run[2]) - 1][5]) * 1000 if run[2] else 9000
    loads = max(1, -(-int(total) // int(capacity)))
    when = run[5]
    for n in range(loads):
        # a truck tips when nearly full; the last load carries what is left
        share = total if n == loads - 1 else capacity * rng.uniform(0.9, 0.99)
        total -= share
        contamination = None
        if stream == "recycling":
            contamination = Decimal(str(round(max(DISTRICTS[district][6] + rng.gauss(0, 3), 1.0), 1)))
        weighed = when + timedelta(minutes=int(200 + 150 * n + rng.randint(0, 60)))
        tickets.append((len(tickets) + 1, run[0], _facility(district, stream), weighed, int(share), contamination))


def _requests(rng: random.Random, today: date) -> list[Row]:
    rows: list[Row] = []
    for ago in range(HISTORY_DAYS, 0, -1):
        day = days_before(today, ago)
        for _ in range(sum(1 for _ in range(4) if rng.random() < 0.3)):
            kind, _w, hours = pick(rng, REQUESTS, [r[1] for r in REQUESTS])
            # Harbour's partial runs leave bins behind: three times its share of missed collections
            weights = [d[1] * (3.0 if d[4] == "HB" and kind == "missed collection" else 1.0) for d in DISTRICTS]
            district = pick(rng, range(len(DISTRICTS)), weights)
            app_share = 10 + 35 * (HISTORY_DAYS - ago) / HISTORY_DAYS
            channel = pick(rng, ("phone", "app", "web", "email"), (45 - app_share / 2, app_share, 20, 10))
            opened = moment(day, rng.randint(7, 21), rng.randint(0, 59))
            closed: datetime | None = opened + timedelta(hours=rng.uniform(*hours))
            status = "closed"
            if rng.random() < 0.03:
                status = "cancelled"
            elif closed is not None and closed.date() >= today:
                status, closed = "open", None
            rows.append((len(rows) + 1, district + 1, kind, channel, opened,
                         closed.replace(microsecond=0) if closed else None, status))
    return rows
