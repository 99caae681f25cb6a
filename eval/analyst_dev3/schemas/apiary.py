"""Seeded rows for ``adv3_apiary`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, pick, rng_for

TIMEZONE = "UTC"
KEEPERS = (("Oskar Lund", 2900, True), ("Mara Quint", 2200, True), ("Ivo Brandt", 1300, False),
           ("Tess Ogilvy", 900, True), ("Rhys Penhale", 400, False), ("Ada Moorcroft", 150, False))
YARDS = (("Hollow Oak", "Cotswolds", 1), ("Linden Field", "Cotswolds", 2), ("Stonecrop", "Peak District", 3),
         ("Heather Top", "Peak District", 1), ("Orchard End", "Kent Downs", 4), ("Chalk Hill", "Kent Downs", 2),
         ("Reed Bank", "Norfolk Broads", 5), ("Mill Lane", "Cotswolds", 6))
TYPES = ("langstroth", "top bar", "warre")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv3-apiary")
    keepers = [(i, n, days_before(today, d), c) for i, (n, d, c) in enumerate(KEEPERS, 1)]
    yards = [(i, *y) for i, y in enumerate(YARDS, 1)]
    hives: list[Row] = []
    for i in range(1, 65):
        installed = days_before(today, rng.randint(100, 1800))
        removed = None
        if rng.random() < 0.2:
            removed = min(installed + timedelta(days=rng.randint(60, 700)), today - timedelta(days=1))
        hives.append((i, pick(rng, range(1, 9), (6, 5, 4, 3, 3, 2, 2, 1)), f"H-{i:02d}", pick(rng, TYPES, (6, 2, 1)),
                      installed, removed, rng.randint(today.year - 4, today.year)))
    inspections: list[Row] = []
    harvests: list[Row] = []
    for h in hives:
        keeper = yards[h[1] - 1][3]
        day = max(h[4], today - timedelta(days=730))
        end = h[5] or today
        while True:
            day += timedelta(days=rng.randint(10, 35))
            if day > end:
                break
            inspector = keeper if rng.random() < 0.85 else rng.randint(1, 6)
            inspections.append((len(inspections) + 1, h[0], inspector, day, rng.randint(2, 10),
                                round(rng.uniform(0, 8), 1), rng.random() < 0.8))
            if h[0] <= 60 and rng.random() < 0.12:      # hives 61-64 never gave honey
                harvests.append((len(harvests) + 1, h[0], day, round(rng.uniform(4, 32), 1),
                                 pick(rng, ("premium", "standard"), (3, 7))))
    return {"beekeepers": keepers, "yards": yards, "hives": hives, "inspections": inspections, "harvests": harvests}
