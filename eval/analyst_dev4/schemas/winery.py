"""Seeded rows for ``adv4_winery`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, money, pick, rng_for

TIMEZONE = "UTC"
GROWERS = (("Hallett Brothers", "Barossa", 3000, None, False), ("Kilmore Estate", "Eden Valley", 2600, None, True),
           ("Tindall Family Vines", "Barossa", 2200, 500, False), ("Ridgeback Farm", "Clare Valley", 1900, None, True),
           ("Moss & Daughters", "Eden Valley", 1500, None, False), ("Quarry Hill", "Clare Valley", 1300, 250, False),
           ("Greenslade Organic", "Adelaide Hills", 1000, None, True), ("Paringa Creek", "Adelaide Hills", 800, None, False),
           ("Old Bore Vineyard", "Barossa", 600, 90, False), ("Lyndoch Lane", "Barossa", 400, None, True),
           ("Saltbush Growers", "Clare Valley", 200, None, False), ("Wirra Flat", "Eden Valley", 60, None, False))
VARIETIES = ("Shiraz", "Cabernet Sauvignon", "Riesling", "Chardonnay", "Grenache")
TANKS = (("T1", 20000, "steel"), ("T2", 20000, "steel"), ("T3", 12000, "steel"), ("T4", 12000, "steel"),
         ("Oak Vat A", 8000, "oak"), ("Oak Vat B", 8000, "oak"), ("Egg 1", 1600, "concrete"), ("Egg 2", 1600, "concrete"),
         ("T5", 30000, "steel"), ("Spare Vat", 5000, "oak"))


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv4-winery")
    growers = [(i, n, r, days_before(today, s), None if e is None else days_before(today, e), o)
               for i, (n, r, s, e, o) in enumerate(GROWERS, 1)]
    blocks: list[Row] = []
    for g in growers:
        for k in range(rng.randint(2, 5)):
            blocks.append((len(blocks) + 1, g[0], f"{g[1].split()[0][:3].upper()}-{k + 1}",
                           pick(rng, VARIETIES, (5, 3, 2, 2, 2)), round(rng.uniform(0.8, 9.5), 2),
                           rng.randint(today.year - 60, today.year - 3)))
    tanks = [(i, *t) for i, t in enumerate(TANKS, 1)]
    deliveries: list[Row] = []
    fills: list[Row] = []
    for b in blocks[:-3]:                            # the last three blocks never delivered
        g = growers[b[1] - 1]
        day = max(g[3], today - timedelta(days=1000))
        end = g[4] or today
        while True:
            day += timedelta(days=rng.randint(12, 40))
            if day > end:
                break
            tonnes = round(rng.uniform(0.5, 1.2) * b[4] * 1.3, 2)
            did = len(deliveries) + 1
            deliveries.append((did, b[0], day, tonnes, money(rng.uniform(900, 3200) * (1.2 if g[5] else 1.0)),
                               round(rng.uniform(19.0, 26.5), 1), pick(rng, ("A", "B", "C"), (3, 5, 2))))
            for t in rng.sample(range(1, 10), rng.randint(1, 2)):    # tank 10 is never filled
                fills.append((did, t, int(tonnes * rng.randint(600, 720))))
    return {"Grower": growers, "Block": blocks, "Delivery": deliveries, "Tank": tanks, "TankFill": fills}
