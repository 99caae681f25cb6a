"""Seeded rows for ``adv2_zoo`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, moment, pick, rng_for

TIMEZONE = "UTC"
# name, class, diet, status, weight range, foods
SPECIES = (("Lion", "mammal", "carnivore", "vulnerable", (120, 220), ("meat",)),
           ("African Elephant", "mammal", "herbivore", "endangered", (2500, 6000), ("hay", "fruit")),
           ("Giraffe", "mammal", "herbivore", "vulnerable", (600, 1200), ("hay", "fruit")),
           ("Zebra", "mammal", "herbivore", "least concern", (200, 400), ("hay",)),
           ("Red Panda", "mammal", "omnivore", "endangered", (3, 6), ("fruit", "insects")),
           ("Polar Bear", "mammal", "carnivore", "vulnerable", (300, 600), ("meat", "fish")),
           ("King Penguin", "bird", "carnivore", "least concern", (10, 16), ("fish",)),
           ("Flamingo", "bird", "omnivore", "least concern", (2, 4), ("insects",)),
           ("Komodo Dragon", "reptile", "carnivore", "endangered", (40, 90), ("meat",)),
           ("Green Iguana", "reptile", "herbivore", "least concern", (2, 6), ("fruit",)),
           ("Tortoise", "reptile", "herbivore", "vulnerable", (50, 250), ("fruit", "hay")))
# enclosure: name, zone, area, year, species indexes kept there
ENCLOSURES = (("Lion Rock", "Savanna", 4000, 2004, (0,)), ("Elephant Plains", "Savanna", 9000, 1998, (1,)),
              ("Giraffe Heights", "Savanna", 5000, 2010, (2, 3)), ("Watering Hole", "Savanna", 2500, 2015, (3,)),
              ("Bamboo Grove", "Rainforest", 800, 2012, (4,)), ("Canopy Walk", "Rainforest", 1200, 2018, (7, 9)),
              ("Frozen Shores", "Arctic", 3000, 2008, (5,)), ("Penguin Cove", "Arctic", 1500, 2016, (6,)),
              ("Dragon Den", "Reptile House", 600, 2005, (8,)), ("Shell Garden", "Reptile House", 900, 2019, (10,)),
              ("Iguana Hall", "Reptile House", 400, 2021, (9,)))
KEEPERS = (("Greta Holm", 5200, True), ("Kwame Asante", 3100, True), ("Lucy Fern", 1400, False),
           ("Marco Villa", 900, False), ("Anil Rao", 300, False), ("Sara Quist", 2200, False),
           ("Dmitri Volkov", 120, False))
ROTA = ((1, 1), (1, 2), (1, 3), (2, 7), (2, 8), (2, 9), (3, 1), (3, 4), (4, 5), (4, 6), (5, 9), (5, 10),
        (5, 11), (6, 2), (6, 3), (6, 7), (7, 6), (7, 8))
ANIMAL_NAMES = ("Rocco", "Nala", "Tembo", "Kesi", "Juma", "Zuri", "Pip", "Lulu", "Boris", "Frost", "Mako", "Tiko",
                "Sunny", "Rex", "Shelly", "Iggy", "Ada", "Bao", "Coco", "Dora", "Enzo", "Fifi", "Gus", "Hugo",
                "Ivy", "Jade", "Kai", "Lola", "Milo", "Nico", "Olga", "Pablo", "Queenie", "Ruby", "Sid", "Tess")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv2-zoo")
    species = [(i, s[0], s[1], s[2], s[3]) for i, s in enumerate(SPECIES, 1)]
    enclosures = [(i, e[0], e[1], e[2], e[3]) for i, e in enumerate(ENCLOSURES, 1)]
    homes = {sp: enc for enc, e in enumerate(ENCLOSURES, 1) for sp in e[4]}
    counts = (3, 4, 5, 9, 2, 3, 14, 11, 2, 4, 6)
    animals: list[Row] = []
    names = iter(ANIMAL_NAMES)
    for sp, n in enumerate(counts):
        lo, hi = SPECIES[sp][4]
        for _ in range(n):
            name = next(names, None) or f"{SPECIES[sp][0].split()[-1]} {len(animals) + 1}"
            born = days_before(today, rng.randint(200, 25 * 365))
            arrived = born + timedelta(days=rng.randint(0, max(0, (today - born).days - 30)))
            departed = None
            if rng.random() < 0.12:
                departed = arrived + timedelta(days=rng.randint(10, max(11, (today - arrived).days - 1)))
            animals.append((len(animals) + 1, name, sp + 1, homes[sp], pick(rng, "MF"), born, arrived, departed,
                            round(rng.uniform(lo, hi), 1)))
    keepers = [(i, n, days_before(today, d), h) for i, (n, d, h) in enumerate(KEEPERS, 1)]
    rota = [tuple(r) for r in ROTA]
    by_enclosure: dict[int, list[int]] = {}
    for k, e in ROTA:
        by_enclosure.setdefault(e, []).append(k)
    feedings: list[Row] = []
    for a in animals:
        if a[7] is not None and (today - a[7]).days > 100:
            continue                               # gone before the log starts: never fed in it
        foods = SPECIES[a[2] - 1][5]
        last = a[7] or today
        for day_back in range(0, 100, pick(rng, (1, 2, 3), (2, 2, 1))):
            day = today - timedelta(days=day_back)
            if day > last or day < a[6]:
                continue
            food = rng.choice(foods)
            scale = max(0.1, float(a[8]) * 0.02)
            feedings.append((len(feedings) + 1, a[0], rng.choice(by_enclosure[a[3]]), moment(day, rng.randint(7, 16)),
                             food, round(scale * rng.uniform(0.7, 1.3), 2)))
    return {"species": species, "enclosures": enclosures, "animals": animals, "keepers": keepers,
            "keeper_enclosures": rota, "feedings": feedings}
