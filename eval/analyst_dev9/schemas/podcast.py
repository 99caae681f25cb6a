"""Seeded rows for ``adv9_podcast`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "UTC"
# name, category, language, days since launch, active, episodes every n days, popularity
SHOWS = (("Night Shift Stories", "True Crime", "en", 700, True, 7, 9.0),
         ("Ledger Lines", "Business", "en", 620, True, 7, 3.0),
         ("Byte Size", "Technology", "en", 540, True, 3, 4.0),
         ("The Bench", "Sports", "en", 480, True, 4, 2.5),
         ("Laugh Track", "Comedy", "en", 690, True, 7, 5.0),
         ("Morning Brief", "News", "en", 300, True, 1, 1.2),
         ("Well Within", "Health", "en", 400, False, 10, 1.5),
         ("Cold Case Files", "True Crime", "en", 200, True, 7, 6.0),
         ("Voces del Barrio", "Society", "es", 350, True, 14, 1.8),
         ("Pitch Side", "Sports", "en", 45, True, 5, 2.0))
HOSTS = (("Dana", "Whitaker", "Chicago"), ("Marcus", "Bell", "Chicago"), ("Priya", "Nair", "Austin"),
         ("Tom", "Reyes", "Austin"), ("Jess", "Harlow", "Brooklyn"), ("Omar", "Siddiqui", "Brooklyn"),
         ("Kate", "Lindgren", "Chicago"), ("Leo", "Marchetti", "Los Angeles"), ("Ana", "Ruiz", "Miami"),
         ("Sam", "Oduya", "Los Angeles"), ("Grace", "Holt", "Austin"), ("Felix", "Brandt", "Brooklyn"),
         ("Nora", "Quinn", "Chicago"))
# show index -> (lead host, co-hosts)
LINEUP = {1: (1, (7,)), 2: (3, ()), 3: (4, (12,)), 4: (10, (2,)), 5: (5, (6, 8)), 6: (2, (7,)), 7: (11, ()),
          8: (1, (13,)), 9: (9, ()), 10: (10, ())}
OCCUPATIONS = ("Author", "Detective", "Journalist", "Founder", "Economist", "Comedian", "Athlete", "Coach", "Doctor",
               "Nutritionist", "Engineer", "Lawyer", "Professor", "Musician")
CAT_OCC = {"True Crime": ("Detective", "Journalist", "Lawyer", "Author"), "Business": ("Founder", "Economist", "Author"),
           "Technology": ("Engineer", "Founder", "Professor"), "Sports": ("Athlete", "Coach", "Journalist"),
           "Comedy": ("Comedian", "Musician", "Author"), "News": ("Journalist", "Economist", "Professor"),
           "Health": ("Doctor", "Nutritionist", "Athlete"), "Society": ("Musician", "Author", "Professor")}
ORGS = ("NYU", "The Atlantic", "Chicago PD", "Stripe", "ESPN", "Mayo Clinic", "Harvard", "Netflix", None, None, None)
COUNTRIES = (("US", 60), ("GB", 10), ("CA", 9), ("AU", 6), ("DE", 4), ("IN", 5), ("MX", 3), ("ES", 3))
ADVERTISERS = (("Brightwave Bank", "Finance", "US"), ("NordHost", "Software", "DE"), ("Crumb & Co", "Food & Beverage", "US"),
               ("PeakFit", "Health", "US"), ("Loomly Mattress", "Consumer Goods", "US"), ("Ferro Motors", "Auto", "IT"),
               ("CodeCamp Online", "Education", "US"), ("Tandem Insurance", "Finance", "US"), ("SipRight Coffee", "Food & Beverage", "CA"),
               ("Kite VPN", "Software", "GB"), ("Harvest Box", "Food & Beverage", "US"), ("Zenith Watches", "Consumer Goods", "CH"),
               ("Atlas Learning", "Education", "GB"), ("Verde Vitamins", "Health", "MX"), ("Orbit Mobile", "Telecom", "US"),
               ("Pebble Pay", "Finance", "GB"), ("Marlow Books", "Consumer Goods", "US"), ("Quill Software", "Software", "US"))
TITLE_WORDS = ("The", "Last", "Hidden", "Cost", "Night", "Signal", "Road", "Case", "Story", "Game", "Answer", "Rise",
               "Fall", "Money", "Future", "Code", "Body", "Mind", "Deal", "Line")


def shows(today: date) -> list[Row]:
    return [(i, n, c, lang, days_before(today, d), a) for i, (n, c, lang, d, a, _, _) in enumerate(SHOWS, 1)]


def episodes(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    for sid, (name, cat, _, age, active, every, _) in enumerate(SHOWS, 1):
        day = today - timedelta(days=age)
        end = today if active else today - timedelta(days=90)
        no, ssn = 0, 1
        while day <= end:
            if every == 1 and day.weekday() >= 5:
                day += timedelta(days=1)
                continue
            no += 1
            if no > 1 and (no - 1) % 20 == 0 and every > 1:
                ssn += 1
            base = {"News": 18, "Comedy": 70, "True Crime": 55, "Business": 40, "Technology": 35, "Sports": 50,
                    "Health": 45, "Society": 38}[cat]
            dur = int((base + rng.randint(-8, 15)) * 60 + rng.randint(0, 59))
            title = f"{rng.choice(TITLE_WORDS)} {rng.choice(TITLE_WORDS)} {rng.choice(TITLE_WORDS)}"
            expl = cat in ("Comedy", "True Crime") and rng.random() < 0.6
            out.append((len(out) + 1, sid, ssn, no, title, day, dur, expl))
            day += timedelta(days=every + (rng.choice((0, 0, 1, -1)) if every > 3 else 0))
    return out


def downloads(rng: random.Random, today: date, eps: list[Row]) -> list[Row]:
    out: list[Row] = []
    for ep in eps:
        pop = SHOWS[ep[1] - 1][6]
        lang = SHOWS[ep[1] - 1][2]
        markets = [c for c, _ in COUNTRIES]
        weights = [w if lang == "en" else (40 if c in ("MX", "ES", "US") else 1) for c, w in COUNTRIES]
        chosen = sorted(set(rng.choices(markets, weights, k=4)) | {"US"})
        for back in range(0, 7, 2):
            day = ep[5] + timedelta(days=back)
            if day > today:
                break
            for c in chosen:
                w = weights[markets.index(c)]
                n = int(pop * w * rng.uniform(8, 14) / (1 + back))
                if n > 0:
                    out.append((ep[0], day, c, n))
    return out


def guests(rng: random.Random) -> list[Row]:
    out: list[Row] = []
    taken: set[tuple[str, str]] = set()
    named = (("Ruth Calloway", "Retired homicide detective"), ("Ivan Petrov", None), ("Hana Sato", None))
    for i in range(1, 91):
        first, last = person(rng, taken)
        taken.add((first, last))
        name = f"{first} {last}"
        occ = rng.choice(OCCUPATIONS)
        if i <= 3:
            name = named[i - 1][0]
            occ = ("Detective", "Economist", "Engineer")[i - 1]
        out.append((i, name, rng.choice(ORGS), occ))
    return out


def appearances(rng: random.Random, eps: list[Row], people: list[Row]) -> list[Row]:
    out: list[Row] = []
    by_occ: dict[str, list[int]] = {}
    for g in people[:84]:
        by_occ.setdefault(g[3], []).append(g[0])
    for ep in eps:
        cat = SHOWS[ep[1] - 1][1]
        if cat == "News" and rng.random() < 0.7:
            continue
        n = pick(rng, (0, 1, 2), (3, 6, 2))
        pool = [g for occ in CAT_OCC[cat] for g in by_occ.get(occ, [])]
        if ep[1] == 1 and rng.random() < 0.15:
            out.append((ep[0], 1))
            n = 0
        for g in rng.sample(pool, min(n, len(pool))):
            out.append((ep[0], g))
    return out


def placements(rng: random.Random, eps: list[Row]) -> list[Row]:
    out: list[Row] = []
    for ep in eps:
        pop = SHOWS[ep[1] - 1][6]
        for pos in ("pre", "mid", "post"):
            if rng.random() < {"pre": 0.55, "mid": 0.7, "post": 0.3}[pos]:
                adv = rng.randint(1, 15)
                imps = int(pop * rng.uniform(600, 900))
                rate = {"pre": 18, "mid": 25, "post": 10}[pos]
                out.append((len(out) + 1, ep[0], adv, pos, money(imps * rate / 1000), imps))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv9-podcast")
    eps = episodes(rng, today)
    people = guests(rng)
    hosts = [(i, f, l, c, days_before(today, rng.randint(60, 900) if i != 13 else 200))
             for i, (f, l, c) in enumerate(HOSTS, 1)]
    lineup = [(s, lead, "lead") for s, (lead, _) in LINEUP.items()]
    lineup += [(s, co, "co-host") for s, (_, cos) in LINEUP.items() for co in cos]
    return {"show": shows(today), "host": hosts, "show_host": lineup, "episode": eps, "guest": people,
            "ep_guest": appearances(rng, eps, people), "ep_dl": downloads(rng, today, eps),
            "advertiser": [(i, n, ind, c) for i, (n, ind, c) in enumerate(ADVERTISERS, 1)],
            "ad_plcmt": placements(rng, eps)}
