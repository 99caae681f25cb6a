"""Seeded rows for ``adv3_bloodbank`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, moment, pick, person, rng_for

TIMEZONE = "UTC"
GROUPS = ("O+", "O-", "A+", "A-", "B+", "B-", "AB+", "AB-")
CITIES = ("Leeds", "York", "Sheffield", "Hull", "Bradford")
SITES = (("Riverside Centre", "Leeds", False), ("City Hall Bus", "Leeds", True), ("Northgate Clinic", "York", False),
         ("Campus Van", "Sheffield", True), ("Harbour Centre", "Hull", False), ("Market Square Bus", "Bradford", True))
HOSPITALS = (("St Mary's Hospital", "Leeds"), ("General Infirmary", "Leeds"), ("York District Hospital", "York"),
             ("Royal Hallamshire", "Sheffield"), ("Hull Royal", "Hull"))
COMPONENTS = ("red cells", "plasma", "platelets")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv3-bloodbank")
    donors: list[Row] = []
    for i in range(1, 241):
        first, last = person(rng)
        donors.append((i, first, last, pick(rng, GROUPS, (35, 8, 30, 6, 9, 2, 3, 1)),
                       days_before(today, rng.randint(18 * 365, 75 * 365)), pick(rng, CITIES, (5, 3, 3, 2, 2)),
                       days_before(today, int(rng.triangular(0, 1400, 200)))))
    sites = [(i, *s) for i, s in enumerate(SITES, 1)]
    hospitals = [(i, *h) for i, h in enumerate(HOSPITALS, 1)]
    donations: list[Row] = []
    shipments: list[Row] = []
    for d in donors[:220]:                        # donors 221-240 never donated
        visits = 27 if d[0] == 1 else 23 if d[0] == 2 else 19 if d[0] == 3 else rng.randint(1, 14)
        span = max(1, (today - d[6]).days)
        for _ in range(visits):
            day = d[6] + timedelta(days=rng.randint(0, span))
            outcome = pick(rng, ("completed", "deferred", "incomplete"), (17, 2, 1))
            volume = 0 if outcome == "deferred" else rng.randint(455, 495) if outcome == "completed" else rng.randint(80, 300)
            hb = round(rng.uniform(11.0, 13.4) if outcome == "deferred" else rng.uniform(12.5, 17.2), 1)
            donations.append((len(donations) + 1, d[0], pick(rng, range(1, 7), (9, 5, 4, 4, 2, 1)),
                              moment(day, rng.randint(8, 19), rng.choice((0, 15, 30, 45))), volume, hb, outcome))
            if outcome != "completed":
                continue
            for component in rng.sample(COMPONENTS, rng.randint(1, 2)):
                shipped = day + timedelta(days=rng.randint(1, 12))
                if shipped <= today:
                    shipments.append((len(shipments) + 1, len(donations), pick(rng, range(1, 6), (7, 5, 3, 2, 1)),
                                      component, shipped))
    return {"Donor": donors, "Site": sites, "Donation": donations, "Hospital": hospitals, "UnitShipment": shipments}
