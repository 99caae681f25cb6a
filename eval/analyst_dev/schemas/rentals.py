"""Seeded rows for ``adev_rentals`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, money, person, pick, rng_for

TIMEZONE = "UTC"
BUILDINGS = ((1, "Canal House", "Docklands", 1998), (2, "The Foundry", "Old Quarter", 1905),
             (3, "Parkside Court", "Northfield", 2012), (4, "Elm Terrace", "Northfield", 1961),
             (5, "Quayside Tower", "Docklands", 2019))
JOBS = ("nurse", "engineer", "teacher", "student", "designer", "chef", "accountant", "retired")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adev-rentals")
    flats: list[Row] = []
    for bldg_id, _, _, _ in BUILDINGS:
        for k in range(1, rng.randint(6, 14)):
            beds = pick(rng, (0, 1, 2, 3), (1, 4, 3, 1))
            area = 28 + beds * 22 + rng.randint(0, 15)
            flats.append((len(flats) + 1, bldg_id, f"{k // 4 + 1}{k % 4 + 1:02d}", beds, area,
                          money(650 + beds * 310 + rng.randint(0, 200))))
    tenants: list[Row] = []
    for i in range(1, 111):
        first, last = person(rng)
        tenants.append((i, f"{first} {last}", rng.choice(JOBS), days_before(today, rng.randint(19 * 365, 75 * 365)),
                        rng.random() < 0.25))
    leases: list[Row] = []
    payments: list[Row] = []
    for i in range(1, 141):
        flat = flats[rng.randrange(len(flats))]
        start = days_before(today, rng.randint(10, 1400))
        months = rng.randint(6, 24)
        end: date | None = start + timedelta(days=months * 30)
        if end is not None and end > today:
            end = None
        rent = money(float(flat[5]) * rng.uniform(0.9, 1.05))
        tenant = rng.randint(1, 100)              # tenants 101-110 never signed a lease
        leases.append((i, flat[0], tenant, start, end, rent, money(float(rent) * 1.5)))
        day = start
        while day <= (end or today):
            payments.append((len(payments) + 1, i, day + timedelta(days=rng.randint(0, 6)), rent,
                             pick(rng, ("transfer", "card", "cash"), (6, 3, 1))))
            day += timedelta(days=30)
    payments = [p for p in payments if p[2] <= today]
    return {"bldg": [tuple(b) for b in BUILDINGS], "flat": flats, "tenant": tenants, "lease": leases,
            "payment": payments}
