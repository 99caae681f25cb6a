"""Seeded rows for ``adv10_theatre`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, moment, person, pick, rng_for

TIMEZONE = "America/Chicago"
VENUES = (("Main Stage", "120 Elm Street", False), ("Studio Theatre", "120 Elm Street, rear entrance", False),
          ("Riverside Amphitheater", "5 River Road", True))
# venue, name, base price, rows, seats per row, accessible seat numbers in the first row
SECTIONS = ((1, "Orchestra", 42, 6, 10), (1, "Mezzanine", 34, 4, 10), (1, "Balcony", 22, 3, 10),
            (2, "Floor", 28, 4, 8), (2, "Riser", 24, 3, 8), (3, "Front Terrace", 30, 3, 10), (3, "Lawn Terrace", 18, 4, 10))
DIRECTORS = ("Ruth Abernathy", "Carlos Medina", "Janelle Brooks", "Simon Hale", "Priya Natarajan")
# title, playwright, genre, venue, opening offset (days from the load day), weeks, director, demand
PRODUCTIONS = (
    ("Our Town", "Thornton Wilder", "Drama", 1, -600, 3, 0, 0.45),
    ("The Music Man", "Meredith Willson", "Musical", 1, -540, 3, 1, 0.8),
    ("Noises Off", "Michael Frayn", "Comedy", 1, -480, 3, 3, 0.65),
    ("A Midsummer Night's Dream", "William Shakespeare", "Comedy", 3, -420, 2, 2, 0.6),
    ("Charlotte's Web", "Joseph Robinette", "Family", 1, -380, 2, 4, 0.7),
    ("Into the Woods", "Stephen Sondheim", "Musical", 1, -320, 3, 1, 0.75),
    ("Death of a Salesman", "Arthur Miller", "Drama", 1, -260, 3, 0, 0.5),
    ("The Importance of Being Earnest", "Oscar Wilde", "Comedy", 1, -200, 3, 3, 0.55),
    ("Twelfth Night", "William Shakespeare", "Comedy", 3, -150, 2, 2, 0.5),
    ("Doubt", "John Patrick Shanley", "Drama", 2, -110, 2, 4, 0.6),
    ("Annie", "Thomas Meehan", "Musical", 1, -60, 3, 1, 0.85),
    ("The Crucible", "Arthur Miller", "Drama", 2, -35, 3, 0, 0.55),
    ("A Christmas Carol", "Charles Dickens", "Family", 1, -10, 4, 4, 0.9),
    ("Proof", "David Auburn", "Drama", 2, 25, 2, 3, 0.4),
    ("Little Shop of Horrors", "Howard Ashman", "Musical", 1, 45, 3, 1, 0.7),
)
CITIES = (("Maplewood", "63143"), ("Webster Groves", "63119"), ("Kirkwood", "63122"), ("Clayton", "63105"),
          ("St. Louis", "63110"), ("Brentwood", "63144"))
NAMED = (("Eleanor", "Vance"), ("Marcus", "Bell"), ("Yuki", "Tanaka"))
TIERS = (("Friend", 60), ("Supporter", 150), ("Producer Circle", 500))
CAMPAIGNS = (("Annual Fund", 5), ("Spring Gala", 2), ("Youth Education", 2), ("Building Fund", 1))


def friday_on_or_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 4) % 7)


def venues() -> list[Row]:
    return [(i, name, addr, outdoor) for i, (name, addr, outdoor) in enumerate(VENUES, 1)]


def sections_and_seats() -> tuple[list[Row], list[Row]]:
    secs: list[Row] = []
    seats: list[Row] = []
    for i, (venue, name, price, rows, per_row) in enumerate(SECTIONS, 1):
        secs.append((i, venue, name, money(price)))
        for r in range(rows):
            for n in range(1, per_row + 1):
                seats.append((len(seats) + 1, i, "ABCDEFGH"[r], n, r == 0 and n in (1, 2) and name != "Balcony"))
    return secs, seats


def productions(today: date) -> list[Row]:
    out: list[Row] = []
    for i, (title, author, genre, _, offset, weeks, director, _) in enumerate(PRODUCTIONS, 1):
        opening = friday_on_or_before(today + timedelta(days=offset))
        out.append((i, title, author, DIRECTORS[director], genre, opening, opening + timedelta(days=7 * weeks - 5)))
    return out


def performances(rng: random.Random, today: date, prods: list[Row]) -> list[Row]:
    out: list[Row] = []
    for p, spec in zip(prods, PRODUCTIONS):
        for week in range(spec[5]):
            fri = p[5] + timedelta(days=7 * week)
            for day, hour, minute in ((0, 19, 30), (1, 14, 0), (1, 19, 30), (2, 14, 0)):
                when = moment(fri + timedelta(days=day), hour, minute)
                if when.date() < today:
                    status = "cancelled" if spec[3] == 3 and rng.random() < 0.12 else "played"
                else:
                    status = "scheduled"
                out.append((len(out) + 1, p[0], spec[3], when, hour < 17, status))
    return out


def patrons(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken = set(NAMED)
    for i in range(1, 851):
        first, last = NAMED[i - 1] if i <= len(NAMED) else person(rng, taken)
        taken.add((first, last))
        city, zip_code = pick(rng, CITIES, (5, 3, 3, 1, 4, 2))
        email = None if rng.random() < 0.12 else f"{first.lower()}.{last.lower()}{i}@mail.com"
        born = None if rng.random() < 0.25 else today.year - rng.randint(19, 84)
        created = days_before(today, rng.randint(1, 5) if i % 97 == 3 else rng.randint(6, 2400))
        out.append((i, first, last, email, zip_code, city, born,
                    moment(created, rng.randint(9, 21), rng.choice((0, 15, 30, 45)))))
    return out


def memberships(rng: random.Random, today: date, people: list[Row]) -> list[Row]:
    out: list[Row] = []
    for p in people:
        if p[0] > 3 and rng.random() > 0.3:
            continue
        tier, fee = TIERS[0] if p[0] == 2 else TIERS[2] if p[0] == 1 else pick(rng, TIERS, (5, 3, 1))
        start = max(p[7].date(), days_before(today, rng.randint(30, 1500)))
        while start <= today:
            out.append((len(out) + 1, p[0], tier, start, start + timedelta(days=364), money(fee)))
            if rng.random() < 0.35:
                break
            start = start + timedelta(days=365)
    return out


def tickets(rng: random.Random, today: date, perfs: list[Row], secs: list[Row], seats: list[Row],
            people: list[Row], members: list[Row]) -> list[Row]:
    out: list[Row] = []
    now = datetime(today.year, today.month, today.day, 12, 0)
    seats_of = {v: [s for s in seats if secs[s[1] - 1][1] == v] for v in (1, 2, 3)}
    member_ids = {m[1] for m in members}
    regulars = [p for p in people if p[0] in member_ids or p[0] % 4 == 0]
    for perf in perfs:
        demand = PRODUCTIONS[perf[1] - 1][7] * (1.1 if perf[4] else 1.0)
        fill = min(0.97, demand * rng.uniform(0.55, 1.0))
        for seat in seats_of[perf[2]]:
            price_list = secs[seat[1] - 1][3]
            if rng.random() > fill * (1.05 if secs[seat[1] - 1][3] > 30 else 0.9):
                continue
            sold = perf[3] - timedelta(days=rng.randint(0, 45), hours=rng.randint(0, 10), minutes=rng.randint(0, 59))
            if sold > now:
                if perf[3] > now and rng.random() < 0.6:
                    continue
                sold = now - timedelta(hours=rng.randint(1, 300))
                if sold > perf[3]:
                    continue
            comp = rng.random() < 0.03
            buyer = None if rng.random() < 0.14 else (rng.choice(regulars) if rng.random() < 0.5 else rng.choice(people))
            channel = "box office" if buyer is None else pick(rng, ("online", "box office", "phone"), (6, 2, 1))
            price = Decimal(0) if comp else price_list * (Decimal("0.85") if buyer and buyer[0] in member_ids else 1)
            refunded = perf[5] == "cancelled" or rng.random() < 0.02
            out.append((len(out) + 1, perf[0], seat[0], buyer[0] if buyer else None, sold, money(price), channel, comp,
                        refunded))
    return out


def donations(rng: random.Random, today: date, people: list[Row]) -> list[Row]:
    out: list[Row] = []
    givers = [p for p in people if p[0] <= 3 or rng.random() < 0.28]
    for p in givers:
        for _ in range(pick(rng, (1, 2, 3, 5), (5, 3, 2, 1)) + (4 if p[0] == 1 else 0)):
            campaign = pick(rng, [c for c, _ in CAMPAIGNS], [w for _, w in CAMPAIGNS])
            amount = money(pick(rng, (25, 50, 100, 250, 500, 1000, 5000), (5, 6, 6, 3, 2, 1, 0.3)) * rng.choice((1, 1, 1.2, 2)))
            out.append((len(out) + 1, p[0], amount, days_before(today, rng.randint(0, 1100)), campaign))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv10-theatre")
    secs, seats = sections_and_seats()
    prods = productions(today)
    perfs = performances(rng, today, prods)
    people = patrons(rng, today)
    members = memberships(rng, today, people)
    return {"venue": venues(), "section": secs, "seat": seats, "production": prods, "performance": perfs,
            "patron": people, "membership": members,
            "ticket": tickets(rng, today, perfs, secs, seats, people, members),
            "donation": donations(rng, today, people)}
