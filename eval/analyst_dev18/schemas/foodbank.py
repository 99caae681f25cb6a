"""Seeded rows for ``adv18_foodbank`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/New_York"
CATEGORIES = ("Produce", "Canned Goods", "Dairy", "Bakery", "Meat & Protein", "Dry Goods", "Baby Care", "Pet Food")
# name, category id, perishable, value per lb; Pet Food has no items
ITEMS = (("Apples", 1, True, 1.20), ("Potatoes", 1, True, 0.70), ("Lettuce", 1, True, 1.50), ("Carrots", 1, True, 0.90),
         ("Canned Beans", 2, False, 1.40), ("Canned Tuna", 2, False, 4.10), ("Canned Soup", 2, False, 1.90),
         ("Canned Corn", 2, False, 1.10), ("Milk", 3, True, 0.95), ("Cheese", 3, True, 4.50), ("Yogurt", 3, True, 2.20),
         ("Bread", 4, True, 2.00), ("Bagels", 4, True, 2.60), ("Frozen Chicken", 5, True, 3.20),
         ("Ground Beef", 5, True, 4.80), ("Peanut Butter", 5, False, 3.00), ("Rice", 6, False, 0.80),
         ("Pasta", 6, False, 1.00), ("Cereal", 6, False, 2.40), ("Flour", 6, False, 0.60), ("Infant Formula", 7, False, 14.00),
         ("Diapers", 7, False, 6.50))
DONOR_TYPES = ("Individual", "Grocery", "Farm", "Restaurant", "Corporate", "Faith")
DONOR_NAMES = {"Grocery": ("Kroger #412", "Kroger #519", "Giant Eagle Hilliard", "Aldi Reynoldsburg", "Meijer Canal Winchester",
                           "Trader Joe's Columbus"),
               "Farm": ("Bluebird Orchards", "Miller Family Farm", "Scioto Valley Growers", "Hocking Hills Dairy"),
               "Restaurant": ("Bexley Bistro", "Panera Short North", "Olive Garden Easton"),
               "Corporate": ("Nationwide Employees Fund", "Battelle Cares", "Cardinal Health Team", "Huntington Bank Drive"),
               "Faith": ("St. Brigid Parish", "Temple Israel", "First Baptist Church", "Noor Islamic Center")}
CITIES = ("Columbus", "Westerville", "Dublin", "Grove City", "Reynoldsburg", "Hilliard", "Bexley", "Delaware")
# name, type, county, days since joining; the last joined 9 days ago and has received nothing yet
AGENCIES = (("Mid-Ohio Community Pantry", "Pantry", "Franklin", 3000), ("Eastside Pantry", "Pantry", "Franklin", 2800),
            ("Westerville Area Pantry", "Pantry", "Franklin", 2500), ("Delaware County Food Pantry", "Pantry", "Delaware", 2300),
            ("Licking County Pantry", "Pantry", "Licking", 2000), ("Faith Mission Shelter", "Shelter", "Franklin", 2900),
            ("YWCA Family Center", "Shelter", "Franklin", 2100), ("Open Shelter", "Shelter", "Franklin", 1500),
            ("Holy Family Soup Kitchen", "Soup Kitchen", "Franklin", 2700), ("Broad Street Kitchen", "Soup Kitchen", "Franklin", 1200),
            ("Boys & Girls Club Linden", "Youth Program", "Franklin", 1000), ("Kids Café Newark", "Youth Program", "Licking", 900),
            ("Circleville Senior Center", "Senior Center", "Pickaway", 800), ("Delaware Senior Meals", "Senior Center", "Delaware", 700),
            ("Pickaway Pantry Network", "Pantry", "Pickaway", 600), ("Northland Pantry", "Pantry", "Franklin", 9))
TASKS = (("Sorting", 5), ("Packing", 4), ("Driving", 2), ("Warehouse", 2), ("Front Desk", 1))


def _ts(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv18-foodbank")
    cats = [(k + 1, n) for k, n in enumerate(CATEGORIES)]
    items = [(k + 1, n, c, p, money(v)) for k, (n, c, p, v) in enumerate(ITEMS)]
    donors: list[Row] = []
    for t, names in DONOR_NAMES.items():
        for n in names:
            d = days_before(today, rng.randint(300, 3000))
            donors.append((len(donors) + 1, n, t, rng.choice(CITIES[:6]), _ts(d, 10), True))
    taken: set[tuple[str, str]] = set()
    for k in range(130):
        f, l = person(rng, taken)
        taken.add((f, l))
        added = days_before(today, rng.randint(0, 25) if k < 8 else rng.randint(30, 2500))
        donors.append((len(donors) + 1, f"{f} {l}", "Individual", rng.choice(CITIES), _ts(added, 11), rng.random() > 0.1))
    # the last 8 individuals were added in the last 25 days and have given nothing yet
    givers = [d for d in donors if not (d[2] == "Individual" and d[4] > _ts(days_before(today, 26), 0))]
    gweights = [12 if d[2] == "Grocery" else 6 if d[2] in ("Farm", "Corporate") else 3 if d[2] != "Individual" else 1
                for d in givers]
    donations: list[Row] = []
    lines: list[Row] = []
    for off in range(0, 731):
        day = days_before(today, off)
        for _ in range(rng.randint(2, 6) if off > 0 else 3):
            donor = pick(rng, givers, gweights)
            while donor[4].date() > day:
                donor = pick(rng, givers, gweights)
            at = _ts(day, rng.randint(7, 17), rng.randint(0, 59))
            did = len(donations) + 1
            donations.append((did, donor[0], at, off > 3 and rng.random() < 0.9, None))
            n_lines = 1 if donor[2] == "Individual" else rng.randint(1, 4)
            pool = items if donor[2] != "Farm" else [i for i in items if i[2] in (1, 3)]
            for it in rng.sample(pool, min(n_lines, len(pool))):
                qty = rng.randint(1, 3) if donor[2] == "Individual" else rng.randint(2, 40)
                lbs = round(qty * rng.uniform(8, 30), 1)
                lines.append((len(lines) + 1, did, it[0], qty, lbs, money(lbs * float(it[4]))))
    agencies = [(k + 1, n, t, c, days_before(today, d), k != 7) for k, (n, t, c, d) in enumerate(AGENCIES)]
    dists: list[Row] = []
    served = [a for a in agencies if a[0] != 16]
    aw = [5 if a[2] == "Pantry" else 3 if a[2] in ("Shelter", "Soup Kitchen") else 2 for a in served]
    for off in range(0, 731):
        day = days_before(today, off)
        for _ in range(rng.randint(3, 8) if off > 0 else 4):
            a = pick(rng, served, aw)
            while a[4] > day or (not a[5] and off < 120):
                a = pick(rng, served, aw)
            it = rng.choice(items)
            lbs = round(rng.uniform(40, 900), 1)
            dists.append((len(dists) + 1, a[0], it[0], _ts(day, rng.randint(8, 16), rng.randint(0, 59)), lbs,
                          max(1, int(lbs / rng.uniform(15, 30)))))
    vols: list[Row] = []
    for k in range(180):
        f, l = person(rng, taken)
        taken.add((f, l))
        signed = days_before(today, rng.randint(0, 20) if k < 10 else rng.randint(21, 1800))
        birth = days_before(today, rng.randint(16 * 365, 78 * 365))
        vols.append((k + 1, f, l, f"{f.lower()}{k}@volunteer.example" if rng.random() < 0.9 else None,
                     birth if rng.random() < 0.85 else None, signed, rng.random() > 0.15, rng.random() < 0.12))
    shifts: list[Row] = []
    regulars = [v for v in vols[10:] if v[6]]
    for off in range(0, 731):
        day = days_before(today, off)
        for _ in range(rng.randint(2, 7) if off != 0 else 4):
            v = rng.choice(regulars if off < 200 or rng.random() < 0.5 else vols[10:])
            while v[5] > day:
                v = rng.choice(regulars)
            task = pick(rng, [t for t, _ in TASKS], [w for _, w in TASKS])
            if task == "Driving" and not v[7] and rng.random() < 0.5:
                task = "Sorting"
            shifts.append((len(shifts) + 1, v[0], day, task, rng.choice((2.0, 3.0, 3.5, 4.0, 6.0))))
    return {"tlkpcategory": cats, "tbldonor": donors, "tblitem": items, "tbldonation": donations,
            "tbldonationline": lines, "tblagency": agencies, "tbldistribution": dists, "tblvolunteer": vols,
            "tblshift": shifts}
