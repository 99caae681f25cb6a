"""Data for ``unseen_fleet``: five depots, 64 vehicles, ~80 drivers and their vehicle
assignments, workshops and three years of work orders and fuel purchases (GBP).

Skews: the DAF truck YN68 DKF is a lemon (by far the costliest repairs), Park Royal (London)
is the largest depot, Cross Green (Leeds) opened two years ago, electric vans never buy fuel
and one workshop on the books (Solent Truck & Van) has never had a job.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from eval.unseen.synth import Row, days_before, money, moment, person, pick, rng_for

KEY = "fleet"
TIMEZONE = "Europe/London"
HISTORY_DAYS = 1095

# name, city, postcode, opened (days ago), vehicles, vendor ids: dealer, independent, tyres, body shop
DEPOTS = (
    ("Park Royal", "London", "NW10 7NZ", 4400, 17, (5, 5, 7, 4)),
    ("Trafford Park", "Manchester", "M17 1PE", 3800, 14, (2, 1, 11, 9)),
    ("Avonmouth", "Bristol", "BS11 9YA", 3100, 12, (5, 8, 3, 4)),
    ("Hams Hall", "Birmingham", "B46 1AL", 2700, 13, (2, 1, 3, 4)),
    ("Cross Green", "Leeds", "LS9 0PS", 700, 8, (2, 6, 11, 9)),
)
VENDORS = (
    ("Midland Truck Services", "INDEPENDENT", "Birmingham"),
    ("Northway Commercials", "DEALER", "Manchester"),
    ("Avon Tyre Centre", "TYRE", "Bristol"),
    ("Park Royal Body Repairs", "BODY SHOP", "London"),
    ("Capital Van Centre", "DEALER", "London"),
    ("Pennine Fleet Care", "INDEPENDENT", "Leeds"),
    ("Westway Tyres", "TYRE", "London"),
    ("Severn Commercial Repairs", "INDEPENDENT", "Bristol"),
    ("Aire Valley Bodyworks", "BODY SHOP", "Leeds"),
    ("Solent Truck & Van", "INDEPENDENT", "Southampton"),
    ("Northern Tyre Co", "TYRE", "Manchester"),
)
HOURLY = {"DEALER": 95, "INDEPENDENT": 72, "TYRE": 60, "BODY SHOP": 68, None: 48}
# make, model, type, fuel, price, share
MODELS = (
    ("Ford", "Transit", "VAN", "DIESEL", 34000, 12), ("Mercedes-Benz", "Sprinter", "VAN", "DIESEL", 41000, 8),
    ("Renault", "Master", "VAN", "DIESEL", 33000, 5), ("Volkswagen", "Crafter", "VAN", "DIESEL", 38000, 5),
    ("Ford", "E-Transit", "VAN", "ELECTRIC", 52000, 4), ("Renault", "Master E-Tech", "VAN", "ELECTRIC", 56000, 3),
    ("DAF", "LF 230", "TRUCK", "DIESEL", 78000, 5), ("Volvo", "FL 250", "TRUCK", "DIESEL", 84000, 4),
    ("Iveco", "Eurocargo", "TRUCK", "DIESEL", 76000, 4), ("Scania", "P280", "TRUCK", "DIESEL", 92000, 3),
    ("Toyota", "Hilux", "PICKUP", "DIESEL", 36000, 5), ("Ford", "Ranger", "PICKUP", "DIESEL", 34000, 4),
    ("Skoda", "Octavia", "CAR", "PETROL", 26000, 5), ("Toyota", "Corolla", "CAR", "HYBRID", 29000, 4),
)
# type: days between fills, litres per fill, km per day, repairs per year
USAGE = {"VAN": ((7, 11), (50, 75), 95, 1.6), "TRUCK": ((5, 8), (120, 210), 170, 2.4),
         "PICKUP": ((8, 12), (50, 70), 75, 1.3), "CAR": ((11, 16), (35, 50), 60, 0.8)}
REPAIRS = ("Brake pads and discs", "Clutch replacement", "DPF clean", "Alternator replaced",
           "Starter motor", "Suspension bush", "Coolant leak", "Gearbox fault", "Exhaust repair",
           "Wiper motor", "Battery replaced", "Injector replaced", "Turbo replaced", "AdBlue sensor")
STATIONS = {"London": ("Shell Park Royal", "BP Acton"), "Manchester": ("Esso Trafford", "BP Salford Quays"),
            "Bristol": ("Shell Avonmouth", "Texaco Cribbs"), "Birmingham": ("Tesco Coleshill", "BP Hams Hall"),
            "Leeds": ("Esso Cross Green", "Shell Thorpe Park")}
LEMON = "YN68 DKF"
HERO_DRIVERS = (("Gary", "Whitmore"), ("Aleksandra", "Nowak"))


@dataclass
class _Vehicle:
    veh_id: int
    depot: int
    reg: str
    model: tuple
    bought: int           # days ago
    retired: int | None
    odometer: float = 0.0
    drivers: list[tuple[int, int, int | None]] = field(default_factory=list)   # (drv, from, to)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for(KEY)
    depots = [(i + 1, name, city, pc, days_before(today, opened))
              for i, (name, city, pc, opened, *_r) in enumerate(DEPOTS)]
    vendors = [(i + 1, *v) for i, v in enumerate(VENDORS)]
    vehicles = _vehicles(rng)
    drivers = _drivers(rng, today, vehicles)
    assignments = _assign(rng, today, vehicles, drivers)
    orders = _work_orders(rng, today, vehicles)
    fuel = _fuel(rng, today, vehicles)
    vehicle_rows = [_vehicle_row(today, v) for v in vehicles]
    return {"tbl_depot": depots, "tbl_vehicle": vehicle_rows, "tbl_driver": [d[:8] for d in drivers],
            "tbl_veh_assign": assignments, "tbl_vendor": vendors, "tbl_work_order": orders,
            "tbl_fuel_txn": fuel}


def _plate(rng: random.Random, taken: set[str]) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    while True:
        plate = (rng.choice(("LK", "LD", "MA", "MX", "WA", "WR", "BK", "BT", "YA", "YN", "YS"))
                 + rng.choice(("17", "67", "18", "68", "19", "69", "20", "70", "21", "71", "22", "72", "23", "73", "24"))
                 + " " + "".join(rng.choice(letters) for _ in range(3)))
        if plate not in taken and plate != LEMON:
            taken.add(plate)
            return plate


def _vehicles(rng: random.Random) -> list[_Vehicle]:
    vehicles: list[_Vehicle] = []
    plates: set[str] = set()
    for depot, spec in enumerate(DEPOTS):
        for n in range(spec[4]):
            model = pick(rng, MODELS, [m[5] for m in MODELS])
            bought = rng.randint(150, min(spec[3], 2900))
            if depot == 1 and n == 0:
                model, bought = MODELS[6], 2750
            retired = rng.randint(60, 600) if bought > 1900 and rng.random() < 0.3 else None
            reg = LEMON if (depot, n) == (1, 0) else _plate(rng, plates)
            vehicles.append(_Vehicle(len(vehicles) + 1, depot, reg, model, bought, retired))
    return vehicles


def _vehicle_row(today: date, v: _Vehicle) -> Row:
    make, model, typ, fuel, price, _share = v.model
    bought = days_before(today, v.bought)
    return (v.veh_id, v.depot + 1, v.reg, make, model, typ, fuel, bought.year, bought,
            money(price * (0.92 + (v.veh_id % 7) * 0.025)), int(v.odometer), v.retired is None,
            None if v.retired is None else days_before(today, v.retired))


def _drivers(rng: random.Random, today: date, vehicles: list[_Vehicle]) -> list[Row]:
    """Rows plus two trailing fields used while assigning: depot index and licence."""
    drivers: list[Row] = []
    taken = set(HERO_DRIVERS)
    for depot, spec in enumerate(DEPOTS):
        trucks = sum(1 for v in vehicles if v.depot == depot and v.model[2] == "TRUCK")
        for n in range(spec[4] + 5):
            first, last = person(rng, taken)
            if (depot, n) in ((0, 0), (2, 0)):
                first, last = HERO_DRIVERS[0 if depot == 0 else 1]
            licence = "CE" if n < trucks // 2 else "C" if n < trucks + 1 else "B"
            hired = rng.randint(200, min(spec[3], 3600)) if n < spec[4] + 2 else rng.randint(30, 700)
            left = rng.randint(20, hired - 150) if hired > 400 and rng.random() < 0.12 and n > 0 else None
            born = rng.randint(22 * 365, 64 * 365)
            if (depot, n) == (0, 0):
                born, hired, left = 61 * 365 + 40, 3500, None
            drivers.append((len(drivers) + 1, depot + 1, first, last, days_before(today, born),
                            days_before(today, hired), None if left is None else days_before(today, left),
                            licence, depot, hired, left))
    return drivers


def _qualified(driver: Row, vehicle: _Vehicle) -> bool:
    return vehicle.model[2] != "TRUCK" or driver[7] in ("C", "CE")


def _assign(rng: random.Random, today: date, vehicles: list[_Vehicle], drivers: list[Row]) -> list[Row]:
    """Walk the days: a vehicle gets a free qualified driver of its depot when bought, when its
    driver leaves, and now and then at random; assignments end when the vehicle retires."""
    current: dict[int, tuple[int, int]] = {}           # veh_id -> (drv_id, since)
    busy: set[int] = set()
    rows: list[Row] = []

    def end(v: _Vehicle, ago: int) -> None:
        drv, since = current.pop(v.veh_id)
        busy.discard(drv)
        rows.append((0, v.veh_id, drv, days_before(today, since), days_before(today, ago)))
        v.drivers.append((drv, since, ago))

    def free(v: _Vehicle, ago: int) -> list[Row]:
        return [d for d in drivers if d[8] == v.depot and d[9] >= ago and (d[10] is None or d[10] < ago)
                and d[0] not in busy and _qualified(d, v)]

    def start(v: _Vehicle, ago: int) -> None:
        candidates = free(v, ago)
        if candidates:
            drv = rng.choice(candidates)[0]
            current[v.veh_id] = (drv, ago)
            busy.add(drv)

    for ago in range(1300, -1, -1):
        for v in vehicles:
            alive = v.bought >= ago and (v.retired is None or v.retired < ago)
            if v.veh_id in current:
                drv = current[v.veh_id][0]
                left = drivers[drv - 1][10]
                # Gary Whitmore (driver 1) keeps his vehicle: questions ask what he drives now.
                swap = drv != 1 and rng.random() < 1 / 400 and free(v, ago)
                if not alive or left == ago or swap:
                    end(v, ago)
            if alive and v.veh_id not in current:
                start(v, ago)
    for v in vehicles:
        if v.veh_id in current:
            drv, since = current[v.veh_id]
            rows.append((0, v.veh_id, drv, days_before(today, since), None))
            v.drivers.append((drv, since, None))
    rows.sort(key=lambda r: (r[3], r[1]))
    return [(i + 1, *r[1:]) for i, r in enumerate(rows)]


def _driver_on(v: _Vehicle, ago: int) -> int | None:
    for drv, since, until in v.drivers:
        if since >= ago and (until is None or until < ago):
            return drv
    return None


def _span(v: _Vehicle) -> range:
    """The days (ago) the vehicle is on the road inside the history window, oldest first."""
    return range(min(v.bought, HISTORY_DAYS), (v.retired or 0), -1)


def _work_orders(rng: random.Random, today: date, vehicles: list[_Vehicle]) -> list[Row]:
    rows: list[Row] = []
    for v in vehicles:
        typ = v.model[2]
        km_per_day = USAGE[typ][2] * rng.uniform(0.8, 1.2)
        v.odometer = km_per_day * max(v.bought - HISTORY_DAYS, 0)
        next_pm, next_tyres = rng.randint(10, 120), rng.randint(30, 260)
        repair_rate = (USAGE[typ][3] * (4.5 if v.reg == LEMON else 1.0)) / 365
        for ago in _span(v):
            v.odometer += km_per_day * (0.4 if days_before(today, ago).weekday() >= 5 else 1.1)
            jobs = []
            next_pm -= 1
            next_tyres -= 1
            if next_pm <= 0:
                jobs.append("PM")
                next_pm = rng.randint(100, 140)
            if next_tyres <= 0:
                jobs.append("TYRES")
                next_tyres = rng.randint(200, 300)
            if (v.bought - ago) % 365 == 364:
                jobs.append("MOT")
            if rng.random() < repair_rate:
                jobs.append("REPAIR")
            if rng.random() < 1 / 1600:
                jobs.append("ACCIDENT")
            for job in jobs:
                rows.append(_work_order(rng, today, v, job, ago, len(rows) + 1))
    rows.sort(key=lambda r: (r[4], r[1]))
    return [(i + 1, *r[1:]) for i, r in enumerate(rows)]


def _work_order(rng: random.Random, today: date, v: _Vehicle, job: str, ago: int, wo_id: int) -> Row:
    dealer, independent, tyres, body = DEPOTS[v.depot][5]
    truck = v.model[2] == "TRUCK"
    vendor, hours, parts, days, descr = {
        "PM": (dealer if rng.random() < 0.4 else None, rng.uniform(2, 4), rng.uniform(80, 260) * (2 if truck else 1),
               rng.randint(0, 2), "Scheduled service"),
        "TYRES": (tyres, rng.uniform(1, 2), rng.randint(2, 4) * rng.uniform(120, 380) * (2 if truck else 1),
                  rng.randint(0, 1), "Tyre replacement"),
        "MOT": (dealer if rng.random() < 0.5 else independent, 1.0, rng.choice((0, 0, 35, 60)),
                rng.randint(0, 1), "Annual MOT test"),
        "REPAIR": (pick(rng, (None, independent, dealer), (3, 5, 2)), rng.uniform(1.5, 12),
                   rng.lognormvariate(6.0, 0.6) * (1.6 if truck else 1) * (1.4 if v.reg == LEMON else 1), rng.randint(1, 9), rng.choice(REPAIRS)),
        "ACCIDENT": (body, rng.uniform(6, 30), rng.uniform(400, 4000), rng.randint(5, 30), "Accident damage repair"),
    }[job]
    vendor_type = None if vendor is None else VENDORS[vendor - 1][1]
    hours = round(hours * 2) / 2
    labour = money(hours * HOURLY[vendor_type] + (55 if job == "MOT" else 0))
    closed = ago - days
    if rng.random() < 0.03:
        status, closed_on, hours, labour, parts = "CANCELLED", None, 0.0, Decimal(0), 0.0
    elif closed < 1 or (job == "REPAIR" and ago < 40 and rng.random() < 0.15):
        status, closed_on = "OPEN", None
    else:
        status, closed_on = "CLOSED", days_before(today, closed)
    return (wo_id, v.veh_id, vendor, job, days_before(today, ago), closed_on, int(v.odometer),
            Decimal(str(hours)), labour, money(parts), status, descr)


def _price(ago: int, fuel: str) -> float:
    """Pence per litre: a slow wave over the years, diesel a little dearer than petrol."""
    return 152 + 18 * math.sin(ago / 160) + 9 * math.sin(ago / 47) + (6 if fuel == "DIESEL" else 0)


def _fuel(rng: random.Random, today: date, vehicles: list[_Vehicle]) -> list[Row]:
    rows: list[Row] = []
    for v in vehicles:
        fuel, typ = v.model[3], v.model[2]
        if fuel == "ELECTRIC":
            continue
        gap, litres = USAGE[typ][0], USAGE[typ][1]
        factor = 0.55 if fuel == "HYBRID" else 1.0
        next_fill = rng.randint(1, gap[1])
        stations = STATIONS[DEPOTS[v.depot][1]]
        for ago in _span(v):
            next_fill -= 1
            if next_fill > 0:
                continue
            next_fill = rng.randint(*gap)
            ltrs = round(rng.uniform(*litres) * factor, 2)
            ppl = round(_price(ago, fuel) + rng.uniform(-3, 3), 1)
            when = moment(days_before(today, ago), rng.randint(6, 19), rng.randint(0, 59))
            rows.append((0, v.veh_id, _driver_on(v, ago), when, Decimal(str(ltrs)), Decimal(str(ppl)),
                         money(ltrs * ppl / 100), rng.choice(stations)))
    rows.sort(key=lambda r: (r[3], r[1]))
    return [(i + 1, *r[1:]) for i, r in enumerate(rows)]
