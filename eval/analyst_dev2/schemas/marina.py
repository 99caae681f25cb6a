"""Seeded rows for ``adv2_marina`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
COUNTRIES = ("Croatia", "Italy", "Germany", "Austria", "Slovenia", "United Kingdom", "Netherlands")
TYPES = (("sailboat", 7, 14), ("motorboat", 5, 12), ("catamaran", 10, 16), ("yacht", 14, 30))
BOAT_NAMES = ("Sea Breeze", "Blue Horizon", "Windchaser", "Calypso", "Silver Gull", "Aurora", "Nautilus", "Mistral",
              "Serenity", "Free Spirit", "Odyssey", "Tramontana", "Lady Grace", "Wave Dancer", "Albatross")
PIERS = (("A", 12, 14, 35), ("B", 10, 12, 28), ("C", 8, 18, 55), ("D", 6, 32, 120))
SERVICES = (("hull cleaning", 300), ("engine service", 700), ("winter storage", 1500), ("rigging", 450))


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv2-marina")
    owners: list[Row] = []
    for i in range(1, 61):
        first, last = person(rng)
        owners.append((i, f"{first} {last}", rng.choice(COUNTRIES), days_before(today, rng.randint(25 * 365, 80 * 365)),
                       rng.random() < 0.4))
    boats: list[Row] = []
    for i in range(1, 91):
        kind, lo, hi = pick(rng, TYPES, (6, 5, 2, 1))
        name = BOAT_NAMES[i - 1] if i <= len(BOAT_NAMES) else f"{pick(rng, ('Sea', 'Sun', 'Star', 'Wind'))} {i}"
        owner = i if i <= 50 else 1 if i <= 56 else rng.randint(2, 30)
        boats.append((i, name, owner, kind, round(rng.uniform(lo, hi), 2), rng.randint(1985, 2024)))
    berths: list[Row] = []
    for pier, n, max_len, fee in PIERS:
        for k in range(1, n + 1):
            berths.append((len(berths) + 1, f"{pier}{k:02d}", pier, max_len, money(fee * rng.uniform(0.85, 1.2))))
    moorings: list[Row] = []
    free = list(range(1, len(berths) + 1))
    rng.shuffle(free)
    for b in boats:
        fits = [x for x in free if berths[x - 1][3] >= b[4]]
        start = days_before(today, rng.randint(400, 1500))
        if rng.random() < 0.5:                      # an earlier stay that ended
            end = start + timedelta(days=rng.randint(30, 300))
            moorings.append((len(moorings) + 1, b[0], rng.choice([x for x in range(1, len(berths) + 1)
                                                                   if berths[x - 1][3] >= b[4]]), start, end))
            start = end + timedelta(days=rng.randint(1, 60))
        if fits and b[0] % 9:                       # boats 9, 18, ... are not moored now
            berth = fits[0]
            free.remove(berth)
            moorings.append((len(moorings) + 1, b[0], berth, min(start, today - timedelta(days=3)), None))
    sales: list[Row] = []
    services: list[Row] = []
    for b in boats:
        fuel = "petrol" if b[3] == "motorboat" and b[4] < 8 else "diesel"
        for _ in range(rng.randint(0, 10) if b[3] != "sailboat" else rng.randint(0, 3)):
            day = days_before(today, rng.randint(0, 400))
            price = 1.85 if fuel == "diesel" else 2.05
            sales.append((len(sales) + 1, b[0], moment(day, rng.randint(7, 19)), fuel,
                          round(rng.uniform(20, 40 * float(b[4])), 1), money(price * rng.uniform(0.95, 1.05))))
        if b[0] % 7 == 0:
            continue                                # boats 7, 14, ... never serviced
        for _ in range(rng.randint(1, 4)):
            svc, cost = rng.choice(SERVICES)
            day = days_before(today, rng.randint(-20, 500))
            services.append((len(services) + 1, b[0], day, svc, money(cost * rng.uniform(0.8, 1.4)),
                             day <= today - timedelta(days=7) and rng.random() < 0.95))
    return {"t_owner": owners, "t_boat": boats, "t_berth": berths, "t_mooring": moorings, "t_fuel_sale": sales,
            "t_service": services}
