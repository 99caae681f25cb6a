"""Seeded rows for ``adv6_bikeshare`` (dates as days before the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.unseen.synth import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
NAMED = (("Hana", "Sato"), ("Felix", "Moreau"), ("Grace", "Adeyemi"))
STATIONS = (("Union Square", "Midtown"), ("Central Library", "Midtown"), ("Grand Arcade", "Midtown"),
            ("Canal St & 3rd", "Old Town"), ("Cathedral Steps", "Old Town"), ("Market Hall", "Old Town"),
            ("Mill Lane", "Old Town"), ("Science Park", "University"), ("Student Union", "University"),
            ("Botanic Garden", "University"), ("Engineering Quad", "University"), ("Ferry Terminal", "Harbour"),
            ("Dry Dock", "Harbour"), ("Lighthouse Point", "Harbour"), ("Riverside Park", "Riverside"),
            ("Boathouse", "Riverside"), ("Weir Bridge", "Riverside"), ("Stadium East", "Riverside"),
            ("Rail Station North", "Midtown"), ("Rail Station South", "Midtown"), ("Hospital Gate", "University"),
            ("Fish Quay", "Harbour"))
ISSUES = (("flat tyre", 12, 30), ("brakes", 25, 60), ("chain", 15, 40), ("battery", 120, 300), ("gears", 20, 70),
          ("frame damage", 80, 250))


def stations(rng: random.Random, today: date) -> list[Row]:
    return [(i, name, hood, rng.choice((12, 15, 19, 23, 27, 31)),
             days_before(today, 30 if i == len(STATIONS) else rng.randint(400, 1500)))
            for i, (name, hood) in enumerate(STATIONS, 1)]


def bikes(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    for i in range(1, 261):
        kind = pick(rng, ("classic", "electric"), (3, 2))
        start = days_before(today, rng.randint(60, 1400))
        retired = None
        if (today - start).days > 500 and rng.random() < 0.2:
            retired = start + timedelta(days=rng.randint(300, (today - start).days - 5))
        out.append((i, kind, start, retired))
    return out


def riders(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken = set(NAMED)
    for i in range(1, 501):
        first, last = NAMED[i - 1] if i <= len(NAMED) else person(rng, taken)
        taken.add((first, last))
        out.append((i, first, last, days_before(today, rng.randint(17 * 365, 70 * 365)),
                    days_before(today, rng.randint(1, 900)), pick(rng, ("annual", "monthly", "pay_as_you_go"), (3, 2, 4))))
    return out


def trips(rng: random.Random, today: date, docks: list[Row], fleet: list[Row], people: list[Row]) -> list[Row]:
    out: list[Row] = []
    weights = [rng.choice((1, 2, 3, 5, 8)) for _ in docks]
    keen = [rng.choice((1, 1, 2, 4, 9)) for _ in people]
    for back in range(420, -1, -1):
        day = today - timedelta(days=back)
        here = [s for s in docks if s[4] <= day]
        sw = [weights[s[0] - 1] for s in here]
        ok = [b for b in fleet if b[2] <= day and (b[3] is None or b[3] > day)]
        who = [(p, keen[p[0] - 1]) for p in people if p[4] <= day]
        for _ in range(rng.randint(8, 30)):
            start, end = rng.choices(here, sw)[0], rng.choices(here, sw)[0]
            bike = rng.choice(ok)
            rider = rng.choices([p for p, _ in who], [w for _, w in who])[0]
            begin = moment(day, rng.randint(6, 22), rng.randint(0, 59))
            minutes = rng.randint(3, 70)
            km = Decimal(rng.randint(4, 40 if bike[1] == "electric" else 25)) / 4 if start != end else Decimal(rng.randint(4, 20)) / 4
            fare = Decimal("0.50") if rider[5] != "pay_as_you_go" else Decimal("1.00")
            fare += Decimal(minutes) * (Decimal("0.20") if bike[1] == "electric" else Decimal("0.05"))
            if rider[5] == "annual":
                fare = max(Decimal(0), fare - Decimal("1.50"))
            out.append((len(out) + 1, rider[0], bike[0], start[0], end[0], begin, begin + timedelta(minutes=minutes),
                        km, money(fare)))
    return out


def repairs(rng: random.Random, today: date, fleet: list[Row]) -> list[Row]:
    out: list[Row] = []
    for back in range(700, -1, -1):
        if rng.random() < 0.55:
            continue
        day = today - timedelta(days=back)
        ok = [b for b in fleet if b[2] <= day and (b[3] is None or b[3] >= day)]
        bike = rng.choice(ok[: int(len(ok) * 0.7)])
        issue, low, high = pick(rng, ISSUES if bike[1] == "electric" else ISSUES[:3] + ISSUES[4:], None)
        fixed = day + timedelta(days=rng.randint(0, 12))
        if fixed > today:
            out.append((len(out) + 1, bike[0], day, None, issue, None))
        else:
            out.append((len(out) + 1, bike[0], day, fixed, issue, money(rng.randint(low, high))))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv6-bikeshare")
    docks = stations(rng, today)
    fleet = bikes(rng, today)
    people = riders(rng, today)
    return {"stations": docks, "bikes": fleet, "riders": people, "trips": trips(rng, today, docks, fleet, people),
            "repairs": repairs(rng, today, fleet)}
