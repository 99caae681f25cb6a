"""Seeded rows for ``adv18_dealership`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/New_York"
# name, city, days open; the last opened 15 days ago: stock on the lot, no deals, no service yet
DEALERSHIPS = (("Northgate Honda", "Columbus", 4200), ("Riverside Chevrolet", "Dayton", 3600),
               ("Lakeview Toyota", "Toledo", 3000), ("Heritage Ford", "Akron", 2500),
               ("Summit Auto Mall", "Cincinnati", 1900), ("Eastside Pre-Owned", "Columbus", 15))
HOME_MAKE = ("Honda", "Chevrolet", "Toyota", "Ford", None, None)
MODELS = {"Honda": (("Civic", "sedan", 24000), ("Accord", "sedan", 29000), ("CR-V", "suv", 32000), ("Pilot", "suv", 41000)),
          "Chevrolet": (("Silverado", "truck", 45000), ("Equinox", "suv", 29000), ("Malibu", "sedan", 25000),
                        ("Tahoe", "suv", 58000)),
          "Toyota": (("Camry", "sedan", 28000), ("Corolla", "sedan", 23000), ("RAV4", "suv", 31000),
                     ("Tacoma", "truck", 36000), ("Highlander", "suv", 42000)),
          "Ford": (("F-150", "truck", 48000), ("Escape", "suv", 30000), ("Explorer", "suv", 40000),
                   ("Mustang", "coupe", 35000)),
          "Nissan": (("Altima", "sedan", 26000), ("Rogue", "suv", 29000)),
          "Subaru": (("Outback", "wagon", 31000), ("Forester", "suv", 30000)),
          "Jeep": (("Wrangler", "suv", 38000), ("Grand Cherokee", "suv", 44000)),
          "BMW": (("X3", "suv", 50000), ("330i", "sedan", 46000))}
OTHER_MAKES = ("Nissan", "Subaru", "Jeep", "BMW", "Honda", "Toyota", "Ford", "Chevrolet")
CITIES = ("Columbus", "Dayton", "Toledo", "Akron", "Cincinnati", "Dublin", "Westerville", "Kettering")
LENDERS = ("Ally Financial", "Capital One Auto", "Chase Auto", "Buckeye Credit Union", "Honda Financial Services")
SERVICES = (("oil change", 60, 8), ("tire rotation", 45, 4), ("brake job", 320, 3), ("inspection", 90, 3),
            ("recall repair", 0, 1), ("transmission service", 450, 1))
PARTS = (("OF-100", "Oil Filter", 12.50), ("AF-210", "Air Filter", 24.00), ("CF-220", "Cabin Air Filter", 28.00),
         ("BP-300", "Brake Pads (front)", 89.00), ("BR-310", "Brake Rotor", 140.00), ("WB-400", "Wiper Blades", 32.00),
         ("SP-500", "Spark Plug", 9.75), ("BT-600", "Battery 12V", 189.00), ("TR-700", "All-Season Tire", 165.00),
         ("OL-800", "Synthetic Oil 5qt", 38.00), ("TF-810", "Transmission Fluid 1qt", 11.00),
         ("CL-820", "Coolant 1gal", 22.00), ("BL-900", "Headlight Bulb", 18.50), ("RK-950", "Roof Rack Kit", 420.00))


def _ts(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv18-dealership")
    dealers = [(k + 1, n, c, "OH", days_before(today, d), _ts(days_before(today, d + 20), 9), _ts(days_before(today, d + 20), 9))
               for k, (n, c, d) in enumerate(DEALERSHIPS)]
    taken: set[tuple[str, str]] = set()
    reps: list[Row] = []
    for k in range(20):
        f, l = person(rng, taken)
        taken.add((f, l))
        dealer = k % 5 + 1 if k < 18 else 6
        hired = days_before(today, rng.randint(400, 3000) if k < 18 else rng.randint(16, 30))
        active = k not in (3, 11)
        reps.append((k + 1, dealer, f, l, f"{f.lower()}.{l.lower()}@autogroup.example", hired,
                     money(rng.choice((0.02, 0.025, 0.03, 0.035))), active, _ts(hired, 8), _ts(hired, 8)))
    customers: list[Row] = []
    for k in range(520):
        f, l = person(rng, taken) if len(taken) < 1500 else (rng.choice(("Alex", "Sam")), f"Doe{k}")
        taken.add((f, l))
        age = rng.randint(0, 60) if k < 40 else rng.randint(60, 2400)
        created = _ts(days_before(today, age), rng.randint(8, 20), rng.randint(0, 59))
        customers.append((k + 1, f, l, f"{f.lower()}.{l.lower()}{k}@mail.example", rng.choice(CITIES), created, created))
    vehicles: list[Row] = []
    deals: list[Row] = []
    # sold day offsets: one deal on each of the last 45 days (today included), the rest spread over two years
    sold_days = list(range(0, 45)) + [rng.randint(0, 730) for _ in range(430)]
    rng.shuffle(sold_days)
    n_sold = len(sold_days)
    for k in range(760):
        if k < 12:
            dealer = 6
        else:
            dealer = k % 5 + 1
        home = HOME_MAKE[dealer - 1]
        make = home if home and rng.random() < 0.65 else rng.choice(OTHER_MAKES)
        model, body, base = rng.choice(MODELS[make])
        age_years = 0 if (home == make and rng.random() < 0.5) else rng.randint(1, 11)
        year = today.year + 1 - age_years if age_years == 0 and rng.random() < 0.3 else today.year - age_years
        mileage = rng.randint(5, 60) if age_years == 0 else max(800, int(age_years * rng.uniform(7000, 15000)))
        price = money(round(base * (0.86 ** age_years) * rng.uniform(0.93, 1.07) / 100) * 100 - 1)
        cpo = age_years >= 1 and age_years <= 6 and mileage < 80000 and rng.random() < 0.4
        if k < 12:
            status, sold = 0, None
        elif k - 12 < n_sold:
            status, sold = 2, sold_days[k - 12]
        elif k < 12 + n_sold + 45:
            status, sold = 3, rng.randint(1, 700)
        elif k < 12 + n_sold + 70:
            status, sold = 1, None
        else:
            status, sold = 0, None
        if dealer == 6:
            acquired = days_before(today, rng.randint(0, 14))
        elif sold is not None:
            acquired = days_before(today, min(sold + rng.randint(5, 120), (today - dealers[dealer - 1][4]).days))
        else:
            acquired = days_before(today, rng.randint(0, 150))
        sold_ts = _ts(days_before(today, sold), rng.randint(9, 19), rng.randint(0, 59)) if sold is not None else None
        vin = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))
        created = _ts(acquired, 8)
        vehicles.append((k + 1, dealer, vin, make, model, year, body, mileage, price, cpo, status, acquired, sold_ts,
                         created, sold_ts or created))
        if status == 2:
            assert sold_ts is not None and sold is not None
            pool = [r for r in reps if r[1] == dealer and (r[7] or sold > 200) and r[5] <= sold_ts.date()]
            rep = rng.choice(pool)
            buyers = [c for c in customers if c[5] <= sold_ts]
            cust = rng.choice(buyers)
            trade = money(rng.randint(15, 180) * 100) if rng.random() < 0.35 else None
            sale = money(round(float(price) * rng.uniform(0.9, 0.99)))
            deals.append((len(deals) + 1, k + 1, cust[0], rep[0], sale, trade, sold_ts, sold_ts, sold_ts))
    apps: list[Row] = []
    for d in deals:
        if rng.random() < 0.6:
            sub = d[6] - timedelta(days=rng.randint(0, 3), hours=2)
            st = pick(rng, (1, 2), (8, 2))
            if (d[6].date() >= today - timedelta(days=2)) and rng.random() < 0.7:
                st = 0
            financed = money(float(d[4]) - float(d[5] or 0) - rng.randint(0, 60) * 100)
            apps.append((len(apps) + 1, d[0], pick(rng, LENDERS, (4, 3, 3, 2, 2)), financed,
                         money(rng.uniform(3.9, 14.9)), rng.choice((36, 48, 60, 72, 72)), st, sub, sub, sub))
    drives: list[Row] = []
    lot = [v for v in vehicles if v[1] != 6]
    for k in range(1300):
        off = rng.randint(-7, 400) if k >= 60 else k % 30
        day = days_before(today, off)
        v = rng.choice(lot)
        rep = rng.choice([r for r in reps if r[1] == v[1] and r[7]])
        cust = rng.choice(customers)
        at = _ts(day, rng.randint(9, 19), rng.choice((0, 30)))
        done = off > 0 and rng.random() < 0.88
        drives.append((k + 1, v[0], cust[0], rep[0], at, done, at - timedelta(days=2), at))
    appts: list[Row] = []
    used: list[Row] = []
    weights = [s[2] for s in SERVICES]
    for off in range(-14, 366):
        day = days_before(today, off)
        for dealer in range(1, 6):
            for _ in range(rng.randint(0, 2) if off > 0 else (1 if off == 0 else rng.randint(0, 1))):
                svc = pick(rng, SERVICES, weights)
                at = _ts(day, rng.randint(7, 16), rng.choice((0, 15, 30, 45)))
                finished = at + timedelta(hours=rng.randint(1, 5)) if off > 0 and rng.random() < 0.93 else None
                cost = money(svc[1] * rng.uniform(0.8, 1.25)) if svc[1] else money(0)
                sid = len(appts) + 1
                appts.append((sid, dealer, rng.choice(customers)[0], svc[0], at, finished, cost, at - timedelta(days=3), finished or at))
                kinds = {"oil change": (0, 9), "tire rotation": (8,), "brake job": (3, 4), "inspection": (5, 12, 1),
                         "recall repair": (10, 11), "transmission service": (10,)}[svc[0]]
                for pk in kinds:
                    if rng.random() < 0.8:
                        q = 4 if pk == 8 else rng.randint(1, 2)
                        used.append((len(used) + 1, sid, pk + 1, q, at, at))
    parts = [(k + 1, pn, n, money(p), rng.randint(0, 60), _ts(days_before(today, 2000), 9), _ts(days_before(today, 30), 9))
             for k, (pn, n, p) in enumerate(PARTS)]
    return {"dealerships": dealers, "sales_reps": reps, "customers": customers, "vehicles": vehicles, "test_drives": drives,
            "deals": deals, "finance_applications": apps, "service_appointments": appts, "parts": parts,
            "appointment_parts": used}
