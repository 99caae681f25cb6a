"""Seeded rows for ``adv19_freight`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.analyst_dev.seed import Row, days_before, money, pick, rng_for

TIMEZONE = "America/Los_Angeles"
STATUSES = (("BKD", "Booked", 1), ("INT", "In transit", 2), ("HLD", "Held at customs", 3), ("ARR", "Arrived at port", 4),
            ("DLV", "Delivered", 5), ("CNX", "Cancelled", 6))
# code, name, country; Jebel Ali is never used
PORTS = (("CNSHA", "Shanghai", "CN"), ("CNNGB", "Ningbo", "CN"), ("KRPUS", "Busan", "KR"), ("SGSIN", "Singapore", "SG"),
         ("VNSGN", "Ho Chi Minh City", "VN"), ("USLAX", "Los Angeles", "US"), ("USLGB", "Long Beach", "US"),
         ("USSEA", "Seattle", "US"), ("USSAV", "Savannah", "US"), ("NLRTM", "Rotterdam", "NL"), ("DEHAM", "Hamburg", "DE"),
         ("AEJEA", "Jebel Ali", "AE"))
ORIGINS = (1, 2, 3, 4, 5)
DESTS = (6, 7, 8, 9, 10, 11)
# name, scac, mode, preferred; Schneider and Qatar are never used
CARRIERS = (("Maersk", "MAEU", "OCN", "Y"), ("MSC", "MSCU", "OCN", "Y"), ("CMA CGM", "CMDU", "OCN", "N"),
            ("Hapag-Lloyd", "HLCU", "OCN", "N"), ("Evergreen", "EGLV", "OCN", "N"), ("Cathay Cargo", "CPAC", "AIR", "Y"),
            ("Lufthansa Cargo", "LHCG", "AIR", "N"), ("J.B. Hunt", "JBHT", "TRK", "Y"), ("Schneider", "SNDR", "TRK", "N"),
            ("Qatar Airways Cargo", "QRCG", "AIR", "N"))
# name, city, country, credit limit, active; the last three never shipped
CONSIGNEES = (("Pacific Home Goods", "Los Angeles", "US", 250000), ("Sunrise Electronics", "San Jose", "US", 500000),
              ("Cascade Outdoor Supply", "Seattle", "US", 150000), ("Peachtree Apparel", "Atlanta", "US", 200000),
              ("Harbor Toys Inc", "Long Beach", "US", 120000), ("Golden Gate Furniture", "Oakland", "US", 300000),
              ("Desert Sun Solar Parts", "Phoenix", "US", 180000), ("Lone Star Auto Parts", "Dallas", "US", 350000),
              ("Blue Ridge Kitchenware", "Charlotte", "US", 90000), ("Evergreen Garden Co", "Portland", "US", 80000),
              ("Windy City Fitness", "Chicago", "US", 110000), ("Savannah Textiles", "Savannah", "US", 140000),
              ("Van Dijk Bikes", "Rotterdam", "NL", 220000), ("Rhein Werkzeug GmbH", "Hamburg", "DE", 260000),
              ("Nordic Living", "Hamburg", "DE", 130000), ("Maple Leaf Imports", "Vancouver", "CA", 170000),
              ("Bay Area Medical Supply", "San Francisco", "US", 400000), ("Rocky Mountain Sports", "Denver", "US", 95000),
              ("Coastal Coffee Roasters", "Seattle", "US", 60000), ("Great Lakes Hardware", "Detroit", "US", 210000),
              ("Orchid Beauty Co", "Los Angeles", "US", 75000), ("Atlas Office Furniture", "New York", "US", 160000))
CLERKS = ("JCHEN", "MLOPEZ", "RPATEL", "SKIM", "BATCH_ETL")
INCOTERMS = ("FOB", "CIF", "EXW", "DAP", "DDP")


def _upto(day: date | None, today: date) -> date | None:
    return day if day is not None and day <= today else None


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv19-freight")
    statuses = list(STATUSES)
    ports = [(k + 1, c, n, cc, "MIGRATION", days_before(today, 3000)) for k, (c, n, cc) in enumerate(PORTS)]
    carriers = [(k + 1, n, s, m, p, "MIGRATION", days_before(today, 2900 - 40 * k)) for k, (n, s, m, p) in enumerate(CARRIERS)]
    consignees: list[Row] = []
    for k, (n, city, cc, lim) in enumerate(CONSIGNEES):
        added = days_before(today, 2500 - 90 * k) if k < 19 else days_before(today, 20 + 5 * k)
        consignees.append((k + 1, n, city, cc, money(lim), "N" if k in (9, 20) else "Y", rng.choice(CLERKS[:4]), added))
    shippers = list(range(1, 20))
    sweights = [8 if c in (1, 2, 8, 17) else 3 if c != 10 else 1 for c in shippers]
    ocean = (1, 2, 3, 4, 5)
    oweights = (10, 8, 5, 3, 2)
    shipments: list[Row] = []
    legs: list[Row] = []
    invoices: list[Row] = []
    lines: list[Row] = []
    for off in range(730, -1, -1):
        booked = days_before(today, off)
        for _ in range(rng.randint(1, 3) if off else 2):
            sid = len(shipments) + 1
            cons = pick(rng, shippers, sweights)
            origin = rng.choice(ORIGINS)
            dest = 10 if cons == 13 else 11 if cons in (14, 15) else rng.choice((6, 6, 7, 8, 9) if cons != 3 else (8,))
            air = rng.random() < 0.15
            transit = rng.randint(3, 8) if air else rng.randint(18, 42)
            eta = booked + timedelta(days=transit)
            delay = rng.choice((-2, -1, 0, 0, 0, 1, 2, 3, 5, 8)) if not air else rng.choice((0, 0, 1, 2))
            ata: date | None = eta + timedelta(days=delay)
            cancelled = off > 2 and rng.random() < 0.03
            if cancelled:
                ata, status = None, "CNX"
            elif off == 0:
                ata, status = None, "BKD"
            elif ata is not None and ata > today:
                ata, status = None, ("HLD" if rng.random() < 0.2 else "INT" if off > 1 else "BKD")
            elif ata is not None and (today - ata).days < 4:
                status = "ARR"
            else:
                status = "DLV"
            if ata is not None and ata > today:
                ata = None
            wt = round(rng.uniform(50, 900) if air else rng.uniform(1500, 24000), 1)
            pieces = rng.randint(1, 40) if air else rng.randint(10, 900)
            clerk = rng.choice(CLERKS)
            shipments.append((sid, f"FF{sid + 240000:06d}", cons, origin, dest, status, booked, eta, ata, wt, pieces,
                              "Y" if rng.random() < 0.07 else "N", rng.choice(INCOTERMS), clerk, booked))
            carrier = rng.choice((6, 6, 7)) if air else pick(rng, ocean, oweights)
            cost = money(wt * (rng.uniform(3.5, 6) if air else rng.uniform(0.08, 0.2)))
            legs.append((len(legs) + 1, sid, 1, carrier, origin, dest, booked + timedelta(days=1), ata, cost, clerk, booked))
            truck = rng.random() < 0.55
            if truck:
                legs.append((len(legs) + 1, sid, 2, 8, dest, dest, ata or eta, _upto(ata and ata + timedelta(days=rng.randint(1, 3)), today),
                             money(rng.uniform(300, 1800)), clerk, booked))
            if ata is not None and (today - ata).days >= 1:
                iid = len(invoices) + 1
                inv_dt = ata + timedelta(days=1)
                age = (today - inv_dt).days
                paid = age > 45 or (age > 10 and rng.random() < 0.6)
                if paid and rng.random() < 0.04 and age < 200:
                    paid = False
                paid_dt = inv_dt + timedelta(days=rng.randint(5, min(age, 60))) if paid and age >= 5 else None
                invoices.append((iid, f"INV{iid + 880000:07d}", sid, cons, inv_dt, inv_dt + timedelta(days=30),
                                 "Y" if paid_dt else "N", paid_dt, "BATCH_ETL", inv_dt))
                charges = [("FRT", float(cost) * rng.uniform(1.15, 1.4)), ("THC", rng.uniform(150, 450)),
                           ("DOC", rng.choice((45, 65, 85)))]
                if rng.random() < 0.7:
                    charges.append(("CUS", rng.uniform(120, 600)))
                if rng.random() < 0.3:
                    charges.append(("INS", wt * 0.02 + 50))
                if rng.random() < 0.12:
                    charges.append(("STR", rng.uniform(80, 900)))
                if truck:
                    charges.append(("FRT", rng.uniform(400, 2200)))
                for ln, (cd, amt) in enumerate(charges, 1):
                    lines.append((len(lines) + 1, iid, ln, cd, money(amt)))
    return {"STATUS_CD_REF": statuses, "PORT": ports, "CARRIER": carriers, "CONSIGNEE": consignees, "SHIPMENT": shipments,
            "SHIPMENT_LEG": legs, "INVOICE_HDR": invoices, "INVOICE_LINE": lines}
