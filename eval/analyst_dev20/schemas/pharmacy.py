"""Seeded rows for ``adv20_pharmacy`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, moment, person, pick, rng_for

TIMEZONE = "America/New_York"
# store_id, name, address, city, state, region, format, sq ft, opened (days ago); Charlotte Uptown opened 45 days ago
STORES = (("S101", "Boston Back Bay", "411 Boylston St", "Boston", "MA", "Northeast", "standalone", 9800, 3100),
          ("S102", "Cambridge Central", "590 Massachusetts Ave", "Cambridge", "MA", "Northeast", "standalone", 7200, 2900),
          ("S103", "Providence Downtown", "88 Westminster St", "Providence", "RI", "Northeast", "in-grocery", 3100, 2400),
          ("S104", "Hartford Main St", "250 Main St", "Hartford", "CT", "Northeast", "drive-thru", 8600, 2000),
          ("S105", "New Haven Elm", "1020 Elm St", "New Haven", "CT", "Northeast", "standalone", 6900, 1500),
          ("S106", "Newark Broad St", "700 Broad St", "Newark", "NJ", "Mid-Atlantic", "drive-thru", 10400, 2600),
          ("S107", "Philadelphia Rittenhouse", "1800 Walnut St", "Philadelphia", "PA", "Mid-Atlantic", "standalone", 8800, 2800),
          ("S108", "Pittsburgh Shadyside", "5500 Walnut St", "Pittsburgh", "PA", "Mid-Atlantic", "in-grocery", 3400, 1200),
          ("S109", "Baltimore Harbor", "301 Light St", "Baltimore", "MD", "Mid-Atlantic", "drive-thru", 9100, 1900),
          ("S110", "Richmond West End", "9000 W Broad St", "Richmond", "VA", "Southeast", "drive-thru", 11200, 900),
          ("S111", "Raleigh Cameron", "2000 Clark Ave", "Raleigh", "NC", "Southeast", "standalone", 7600, 700),
          ("S112", "Charlotte Uptown", "210 N Tryon St", "Charlotte", "NC", "Southeast", "in-grocery", 2900, 45))
# name, brand, category, rx, private label, list price, weight
PRODUCTS = (("Tylenol Extra Strength 100ct", "Tylenol", "Pain Relief", False, False, "12.99", 9),
            ("Tylenol 8 HR Arthritis 50ct", "Tylenol", "Pain Relief", False, False, "10.49", 4),
            ("Advil Ibuprofen 200mg 100ct", "Advil", "Pain Relief", False, False, "13.49", 8),
            ("Aleve Naproxen 220mg 50ct", "Aleve", "Pain Relief", False, False, "9.99", 4),
            ("CareRx Ibuprofen 200mg 100ct", "CareRx", "Pain Relief", False, True, "6.99", 7),
            ("Vicks DayQuil Cold & Flu 24ct", "Vicks", "Cold & Flu", False, False, "11.99", 6),
            ("Vicks NyQuil Liquid 12oz", "Vicks", "Cold & Flu", False, False, "12.49", 5),
            ("Mucinex 12 Hour 20ct", "Mucinex", "Cold & Flu", False, False, "17.99", 4),
            ("CareRx Cold Relief 24ct", "CareRx", "Cold & Flu", False, True, "6.49", 4),
            ("Claritin 24 Hour 30ct", "Claritin", "Allergy", False, False, "24.99", 5),
            ("Zyrtec 24 Hour 30ct", "Zyrtec", "Allergy", False, False, "26.99", 5),
            ("Zyrtec Children's Syrup 4oz", "Zyrtec", "Allergy", False, False, "13.99", 0),
            ("Flonase Allergy Relief Spray", "Flonase", "Allergy", False, False, "19.99", 3),
            ("CareRx Loratadine 30ct", "CareRx", "Allergy", False, True, "9.99", 4),
            ("Centrum Adults Multivitamin 100ct", "Centrum", "Vitamins", False, False, "14.99", 5),
            ("Nature Made Vitamin D3 2000IU", "Nature Made", "Vitamins", False, False, "9.49", 6),
            ("Nature Made Fish Oil 1200mg", "Nature Made", "Vitamins", False, False, "15.99", 3),
            ("CareRx Vitamin C 1000mg", "CareRx", "Vitamins", False, True, "7.99", 4),
            ("CareRx Zinc Lozenges 60ct", "CareRx", "Vitamins", False, True, "8.49", -1),
            ("CeraVe Moisturizing Cream 16oz", "CeraVe", "Skin Care", False, False, "18.99", 5),
            ("Neutrogena Ultra Sheer SPF 50", "Neutrogena", "Skin Care", False, False, "11.99", 4),
            ("Cetaphil Gentle Cleanser 16oz", "Cetaphil", "Skin Care", False, False, "15.49", 3),
            ("Pampers Swaddlers Size 1 84ct", "Pampers", "Baby Care", False, False, "29.99", 4),
            ("Johnson's Baby Shampoo 13.6oz", "Johnson's", "Baby Care", False, False, "6.29", 3),
            ("Colgate Total Toothpaste 4.8oz", "Colgate", "Personal Care", False, False, "5.49", 7),
            ("Crest 3D White Strips 10ct", "Crest", "Personal Care", False, False, "44.99", 2),
            ("Pepto-Bismol Liquid 8oz", "Pepto-Bismol", "Digestive Health", False, False, "8.99", 4),
            ("Tums Extra Strength 96ct", "Tums", "Digestive Health", False, False, "7.99", 5),
            ("Lisinopril 10mg 30ct", "Teva", "Cardiovascular", True, False, "12.00", 8),
            ("Atorvastatin 20mg 30ct", "Teva", "Cardiovascular", True, False, "15.00", 9),
            ("Amlodipine 5mg 30ct", "Mylan", "Cardiovascular", True, False, "10.00", 6),
            ("Metoprolol Succinate 25mg 30ct", "Sandoz", "Cardiovascular", True, False, "14.00", 5),
            ("Metformin 500mg 60ct", "Teva", "Diabetes Care", True, False, "9.00", 8),
            ("Lantus Insulin Glargine Pen 5ct", "Sanofi", "Diabetes Care", True, False, "410.00", 4),
            ("Ozempic 1mg Pen", "Novo Nordisk", "Diabetes Care", True, False, "935.00", 2),
            ("Amoxicillin 500mg 21ct", "Sandoz", "Antibiotics", True, False, "11.00", 6),
            ("Azithromycin 250mg 6ct", "Teva", "Antibiotics", True, False, "16.00", 4),
            ("Cephalexin 500mg 28ct", "Mylan", "Antibiotics", True, False, "13.00", 3),
            ("Sertraline 50mg 30ct", "Mylan", "Mental Health", True, False, "12.50", 5),
            ("Escitalopram 10mg 30ct", "Sandoz", "Mental Health", True, False, "14.50", 4),
            ("Levothyroxine 50mcg 90ct", "Sandoz", "Thyroid", True, False, "18.00", 6),
            ("Albuterol HFA Inhaler", "Teva", "Respiratory", True, False, "55.00", 4))
# first, last, license state, home store index (0-based), hired days ago, type; Grace Okafor joined 9 days ago
PHARMACISTS = (("Maria", "Garcia", 0, 2800, "full_time"), ("Daniel", "Kim", 0, 1400, "part_time"),
               ("Priya", "Patel", 1, 2500, "full_time"), ("James", "Murphy", 2, 2100, "full_time"),
               ("Linda", "Rossi", 3, 1800, "full_time"), ("Kevin", "Nguyen", 3, 600, "part_time"),
               ("Susan", "Clark", 4, 1450, "full_time"), ("Wei", "Chen", 5, 2400, "full_time"),
               ("Fatima", "Silva", 6, 2700, "full_time"), ("Robert", "Young", 6, 900, "part_time"),
               ("Elena", "Novak", 7, 1100, "full_time"), ("Carlos", "Lopez", 8, 1700, "full_time"),
               ("Megan", "Scott", 8, 400, "part_time"), ("Samuel", "Baker", 9, 850, "full_time"),
               ("Chloe", "Adams", 10, 650, "full_time"), ("Owen", "Harris", 11, 60, "full_time"),
               ("Grace", "Okafor", 0, 9, "part_time"))
CITIES = ("Boston", "Cambridge", "Providence", "Hartford", "New Haven", "Newark", "Philadelphia", "Pittsburgh",
          "Baltimore", "Richmond", "Raleigh", "Charlotte")
TIERS = ("Bronze", "Silver", "Gold")
FAR_FUTURE = date(9999, 12, 31)


def _key(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv20-pharmacy")
    loaded = moment(today, 4)
    dates: list[Row] = []
    d = date(today.year - 2, 1, 1)
    while d <= date(today.year + 1, 12, 31):
        holiday = (d.month, d.day) in ((1, 1), (7, 4), (12, 25), (11, 11))
        dates.append((_key(d), d, d.strftime("%A"), d.isoweekday(), d.month, d.strftime("%B"), (d.month - 1) // 3 + 1,
                      d.year, d.isoweekday() >= 6, holiday))
        d += timedelta(days=1)
    stores = [(k + 1, sid, name, addr, city, st, reg, fmt, sqft, days_before(today, ago), loaded)
              for k, (sid, name, addr, city, st, reg, fmt, sqft, ago) in enumerate(STORES)]
    products = []
    for k, (name, brand, cat, rx, pl, price, _w) in enumerate(PRODUCTS):
        p = Decimal(price)
        products.append((k + 1, f"SKU{100200 + 7 * k}", name, brand, cat, rx, pl, p, money(p * Decimal("0.58")), loaded))
    pharmacists = [(k + 1, f"RPh-{STORES[s][4]}-{20400 + 37 * k}", f, l, s + 1, days_before(today, ago), typ, loaded)
                   for k, (f, l, s, ago, typ) in enumerate(PHARMACISTS)]
    # members: 320; the last 14 enrolled in the last 25 days and have not shopped yet; some change tier (SCD2)
    customers: list[Row] = []
    members: list[tuple[str, list[tuple[int, date, date]]]] = []  # customer_id, versions (sk, from, to)
    taken: set[tuple[str, str]] = {(f, l) for f, l, *_ in PHARMACISTS}
    for m in range(320):
        f, l = person(rng, taken)
        taken.add((f, l))
        cid = f"L{100000 + 13 * m}"
        enrolled = days_before(today, rng.randint(0, 25) if m >= 306 else rng.randint(60, 1500))
        birth = date(rng.randint(1945, 2004), rng.randint(1, 12), rng.randint(1, 28))
        city = CITIES[0] if m % 9 == 0 else rng.choice(CITIES)
        tier = "Gold" if m % 11 == 0 else pick(rng, TIERS, (6, 3, 1))
        versions: list[tuple[str, date, date]] = []
        if m < 306 and rng.random() < 0.18:
            change = enrolled + timedelta(days=rng.randint(30, (today - enrolled).days - 20))
            old = "Bronze" if tier != "Bronze" else "Silver"
            versions.append((old, enrolled, change - timedelta(days=1)))
            versions.append((tier, change, FAR_FUTURE))
        else:
            versions.append((tier, enrolled, FAR_FUTURE))
        vs = []
        for t, vf, vt in versions:
            sk = len(customers) + 1
            customers.append((sk, cid, f, l, f"{f.lower()}.{l.lower()}{m}@mail.example", birth, city, t, enrolled, vf, vt,
                              vt == FAR_FUTURE, loaded))
            vs.append((sk, vf, vt))
        members.append((cid, vs))
    shoppers = members[:306]
    sales: list[Row] = []
    weights = [max(w, 0) for *_, w in PRODUCTS]
    discontinued = 11  # Zyrtec Children's: sold until 100 days ago
    store_w = (9, 7, 4, 6, 5, 8, 8, 3, 6, 5, 5, 3)
    by_store = {s: [k + 1 for k, ph in enumerate(PHARMACISTS) if ph[2] == s and ph[3] > 9] for s in range(12)}  # Grace Okafor: none yet
    seq = 0
    for off in range(520, -1, -1):
        day = today - timedelta(days=off)
        open_stores = [s for s in range(12) if days_before(today, STORES[s][8]) <= day]
        n = rng.randint(14, 24) if off > 0 else 10
        if day.isoweekday() >= 6:
            n = n * 3 // 4
        for _ in range(n):
            s = pick(rng, open_stores, [store_w[i] for i in open_stores])
            seq += 1
            rno = f"R{STORES[s][0][1:]}-{day.strftime('%y%m%d')}-{seq:06d}"
            member = None
            if rng.random() < 0.55:
                cid, vs = rng.choice(shoppers)
                live = [v for v in vs if v[1] <= day <= v[2]]
                if live:
                    member = live[0][0]
            for line in range(1, rng.randint(1, 4) + 1):
                w = list(weights)
                if off < 100:
                    w[discontinued] = 0
                else:
                    w[discontinued] = 2
                pk = pick(rng, range(len(PRODUCTS)), w)
                name, brand, cat, rx, pl, price, _ = PRODUCTS[pk]
                qty = 1 if rx or rng.random() < 0.75 else rng.randint(2, 4)
                gross = Decimal(price) * qty
                disc = Decimal("0.00")
                if not rx and member is not None and rng.random() < 0.4:
                    disc = money(gross * Decimal(rng.choice(("0.05", "0.10", "0.20"))))
                elif not rx and rng.random() < 0.08:
                    disc = money(gross * Decimal("0.15"))
                ph = None
                if rx:
                    pool = [p for p in by_store[s] if days_before(today, PHARMACISTS[p - 1][3]) <= day]
                    ph = rng.choice(pool) if pool else None
                    if ph is None:
                        continue
                sales.append((len(sales) + 1, rno, line, _key(day), s + 1, pk + 1, member, ph, qty, money(gross - disc), disc,
                              1000 + off))
    inventory: list[Row] = []
    for off in range(30, -1, -1):
        day = today - timedelta(days=off)
        for s in range(12):
            for pk in range(len(PRODUCTS)):
                base = 40 if not PRODUCTS[pk][3] else 25
                on_hand = max(0, int(base * (0.3 + rng.random())) - (8 if rng.random() < 0.05 else 0))
                if rng.random() < 0.03:
                    on_hand = 0
                if pk == 33 and s == 8 and off <= 6:  # Lantus out at Baltimore Harbor for a week
                    on_hand = 0
                if pk == 4 and s == 0 and off <= 2:  # CareRx Ibuprofen out at Boston Back Bay
                    on_hand = 0
                if pk == 18 and s == 0:
                    on_hand = 0
                on_order = 0 if on_hand > 15 else rng.choice((0, 12, 24, 48))
                inventory.append((_key(day), s + 1, pk + 1, on_hand, on_order, 5000 + off))
    batches: list[Row] = []
    for off in range(30, -1, -1):
        at = moment(today - timedelta(days=off), 3)
        batches.append((len(batches) + 1, "fact_sales", at, at + timedelta(minutes=4), rng.randint(10, 100), "ok"))
        batches.append((len(batches) + 1, "fact_inventory_snapshot", at, at + timedelta(minutes=9), 12 * len(PRODUCTS), "ok"))
    return {"dim_date": dates, "dim_store": stores, "dim_product": products, "dim_customer": customers,
            "dim_pharmacist": pharmacists, "fact_sales": sales, "fact_inventory_snapshot": inventory,
            "etl_batch_log": batches}
