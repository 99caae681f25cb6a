"""Data for ``unseen_solar``: six solar farms in the US Southwest, their inverters and revenue
meters, daily exported energy for three years, outages, offtake contracts and O&M visits.

Generation follows the calendar (summer peaks, monsoon clouds) of the real dates. Skews:
Desert Sky is the largest and generates most, Juniper Flats has the most outages, Red Mesa's
meter was replaced ~13 months ago, Prairie Sun was commissioned ~17 months ago.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from eval.unseen.synth import Row, days_before, money, moment, pick, rng_for

KEY = "solar"
TIMEZONE = "America/Phoenix"
HISTORY_DAYS = 1095

# name, state, county, commissioned (days ago), kWp, mount, battery kWh, inverters, make,
# sun hours (mean), outages per year
SITES = (
    ("Desert Sky Solar", "AZ", "Maricopa", 2200, 48000.0, "single-axis tracker", 20000.0, 16, "SMA", 6.3, 14),
    ("Juniper Flats", "NV", "Clark", 1900, 32500.0, "single-axis tracker", None, 12, "Sungrow", 6.1, 30),
    ("Red Mesa PV", "NM", "San Juan", 2900, 21000.0, "fixed tilt", None, 8, "TMEIC", 5.8, 12),
    ("Coyote Ridge Solar", "AZ", "Pima", 1500, 27500.0, "single-axis tracker", 10000.0, 10, "SMA", 6.4, 16),
    ("Sagebrush Solar Farm", "UT", "Iron", 1300, 15000.0, "fixed tilt", None, 6, "Power Electronics", 5.4, 9),
    ("Prairie Sun", "CO", "Pueblo", 520, 12000.0, "fixed tilt", None, 5, "Sungrow", 5.3, 7),
)
INVERTER_MODELS = {"SMA": ("Sunny Central 3000-EV", 3000.0), "Sungrow": ("SG3125HV", 3125.0),
                   "TMEIC": ("Solar Ware Ninja", 2700.0), "Power Electronics": ("HEM FS3000", 2900.0)}
CAUSES = ("grid fault", "inverter fault", "planned maintenance", "storm damage", "curtailment")
CAUSE_WEIGHTS = (20, 40, 15, 8, 17)
# (offtaker, USD/MWh) per site: an ended contract (or None), then the current one
CONTRACTS = (
    (("Salt River Power", 38.5, 1500), ("Sonoran Data Centers", 46.0)),
    ((None, 0, 0), ("Nevada Energy Cooperative", 41.25)),
    (("Four Corners Electric", 52.0, 900), ("Four Corners Electric", 44.75)),
    ((None, 0, 0), ("Tucson Municipal Utility", 43.5)),
    (("Wasatch Power", 39.0, 700), ("Wasatch Power", 42.0)),
    ((None, 0, 0), ("Front Range Electric Co-op", 48.8)),
)
TECHNICIANS = {0: ("Luis Herrera", "Dana Whitlock"), 1: ("Omar Haddad",), 2: ("Ken Yazzie", "Maria Chavez"),
               3: ("Dana Whitlock", "Tasha Greer"), 4: ("Jill Sorensen",), 5: ("Brent Olson",)}
VISITS = (("panel cleaning", 10, (8, 24), 95), ("inspection", 8, (2, 6), 110),
          ("inverter repair", 4, (3, 14), 140), ("vegetation control", 5, (6, 20), 70))


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for(KEY)
    sites = [(i + 1, name, state, county, days_before(today, built), Decimal(str(kwp)), mount, battery is not None,
              None if battery is None else Decimal(str(battery)))
             for i, (name, state, county, built, kwp, mount, battery, *_r) in enumerate(SITES)]
    inverters = _inverters(rng, today)
    meters = _meters(rng, today)
    outages = _outages(rng, today, inverters)
    readings = _readings(rng, today, meters, outages)
    return {"site": sites, "inverter": inverters, "meter": meters, "meter_reading": readings,
            "outage": outages, "offtake_contract": _contracts(today), "maintenance_visit": _visits(rng, today)}


def _inverters(rng: random.Random, today: date) -> list[Row]:
    rows: list[Row] = []
    for site, spec in enumerate(SITES):
        model, kw = INVERTER_MODELS[spec[8]]
        for n in range(spec[7]):
            serial = f"{spec[8][:2].upper()}{site + 1}{n + 1:02d}-{rng.randint(100000, 999999)}"
            installed = days_before(today, spec[3])
            replaced = n == 2 and site in (1, 2)
            gone = rng.randint(150, 800) if replaced else None
            rows.append((len(rows) + 1, site + 1, serial, spec[8], model, Decimal(str(kw)), installed,
                         None if gone is None else days_before(today, gone)))
            if gone is not None:
                rows.append((len(rows) + 1, site + 1, f"{serial}R", spec[8], model, Decimal(str(kw)),
                             days_before(today, gone - 3), None))
    return rows


def _meters(rng: random.Random, today: date) -> list[Row]:
    rows: list[Row] = []
    for site, spec in enumerate(SITES):
        make = "Schweitzer SEL-735" if site % 2 == 0 else "Itron SENTINEL"
        removed = 400 if site == 2 else None
        rows.append((len(rows) + 1, site + 1, f"M{site + 1:02d}-{rng.randint(10000, 99999)}", make,
                     days_before(today, spec[3]), None if removed is None else days_before(today, removed)))
        if removed is not None:
            rows.append((len(rows) + 1, site + 1, f"M{site + 1:02d}-{rng.randint(10000, 99999)}",
                         "Schweitzer SEL-735", days_before(today, removed), None))
    return rows


def _outages(rng: random.Random, today: date, inverters: list[Row]) -> list[Row]:
    rows: list[Row] = []
    for site, spec in enumerate(SITES):
        first = min(spec[3], HISTORY_DAYS)
        units = [r[0] for r in inverters if r[1] == site + 1]
        count = int(spec[10] * first / 365)
        for _ in range(count):
            ago = rng.randint(1, first)
            cause = pick(rng, CAUSES, CAUSE_WEIGHTS)
            hours = {"grid fault": rng.uniform(0.5, 6), "inverter fault": rng.uniform(4, 96),
                     "planned maintenance": rng.uniform(2, 10), "storm damage": rng.uniform(6, 72),
                     "curtailment": rng.uniform(1, 5)}[cause]
            started = moment(days_before(today, ago), rng.randint(6, 17), rng.randint(0, 59))
            inverter = rng.choice(units) if cause in ("inverter fault", "planned maintenance") else None
            ended = started + timedelta(hours=round(hours, 2))
            rows.append((0, site + 1, inverter, started, ended if ended.date() < today else None, cause, hours))
    rows.append((0, 2, 14, moment(days_before(today, 5), 11, 20), None, "inverter fault", 80.0))
    rows.append((0, 4, None, moment(days_before(today, 2), 15, 5), None, "storm damage", 40.0))
    rows.sort(key=lambda r: r[3])
    out: list[Row] = []
    for i, r in enumerate(rows):
        kwp = SITES[int(r[1]) - 1][4]
        share = 1.0 if r[2] is None else 1.0 / SITES[int(r[1]) - 1][7]
        lost = round(kwp * share * min(float(r[6]), 24) * 0.55, 1)
        out.append((i + 1, r[1], r[2], r[3], r[4], r[5], Decimal(str(lost))))
    return out


def _sun_hours(day: date, spec: tuple) -> float:
    doy = day.timetuple().tm_yday
    seasonal = spec[9] + 1.7 * math.cos(2 * math.pi * (doy - 172) / 365)
    return seasonal * (1.22 if spec[5] == "single-axis tracker" else 1.0)


def _cloud(rng: random.Random, day: date) -> float:
    chance = 0.32 if day.month in (7, 8) else 0.2 if day.month in (12, 1, 2) else 0.1
    return rng.uniform(0.3, 0.85) if rng.random() < chance else rng.uniform(0.93, 1.03)


def _readings(rng: random.Random, today: date, meters: list[Row], outages: list[Row]) -> list[Row]:
    lost: dict[tuple[int, date], float] = {}
    for o in outages:
        day = o[3].date()
        lost[(int(o[1]), day)] = lost.get((int(o[1]), day), 0.0) + float(o[6])
    rows: list[Row] = []
    for meter in meters:
        site = int(meter[1])
        spec = SITES[site - 1]
        start = max(meter[4], today - timedelta(days=HISTORY_DAYS))
        end = meter[5] or today
        day = start
        while day < end:
            age_years = (day - days_before(today, spec[3])).days / 365
            energy = spec[4] * _sun_hours(day, spec) * 0.82 * _cloud(rng, day) * (1 - 0.005 * age_years)
            energy = max(energy - lost.get((site, day), 0.0), 0.0)
            rows.append((meter[0], day, Decimal(str(round(energy, 1))), rng.random() < 0.012))
            day += timedelta(days=1)
    return rows


def _contracts(today: date) -> list[Row]:
    rows: list[Row] = []
    for site, (old, current) in enumerate(CONTRACTS):
        built = SITES[site][3]
        start = built
        if old[0] is not None:
            rows.append((len(rows) + 1, site + 1, old[0], money(old[1]), days_before(today, built),
                         days_before(today, old[2] + 1)))
            start = old[2]
        rows.append((len(rows) + 1, site + 1, current[0], money(current[1]), days_before(today, start), None))
    return rows


def _visits(rng: random.Random, today: date) -> list[Row]:
    rows: list[Row] = []
    for site, spec in enumerate(SITES):
        first = min(spec[3], HISTORY_DAYS)
        for visit_type, per_year, hours, rate in VISITS:
            for _ in range(int(per_year * first / 365 * (1.4 if site == 1 and visit_type == "inverter repair" else 1))):
                ago = rng.randint(1, first)
                spent = round(rng.uniform(*hours) * 2) / 2
                rows.append((0, site + 1, days_before(today, ago), rng.choice(TECHNICIANS[site]), visit_type,
                             Decimal(str(spent)), money(spent * rate + rng.uniform(0, 400))))
    rows.sort(key=lambda r: (r[2], r[1]))
    return [(i + 1, *r[1:]) for i, r in enumerate(rows)]
