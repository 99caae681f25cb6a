"""Seeded rows for ``adv5_climbing`` (dates as days before the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
NAMED = (("Maya", "Okafor"), ("Leon", "Brandt"), ("Ines", "Carvalho"))
PLANS = (("monthly", 55), ("annual", 45), ("student", 35))
INSTRUCTORS = (("Sam Rivera", 1400, 38), ("Jo Whitfield", 900, 32), ("Priya Nair", 600, 35),
               ("Tom Oduya", 2100, 45), ("Kat Lindqvist", 300, 28), ("Ben Hale", 150, 30))
LESSONS = (("Intro to Bouldering", 25), ("Lead Climbing", 40), ("Youth Squad", 18), ("Technique Clinic", 30),
           ("Rope Skills", 35))
WALLS = ("North Cave", "Slab", "Overhang", "Comp Wall")
GRADES = ("V0", "V1", "V2", "V3", "V4", "V5", "V6", "V7")
COLOURS = ("red", "blue", "green", "yellow", "black", "white", "purple")
PASSES = (("adult", 18, 1), ("child", 12, 1), ("family", 45, 4))


def members(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    for i in range(1, 221):
        first, last = NAMED[i - 1] if i <= len(NAMED) else person(rng, set(NAMED))
        joined = days_before(today, 20 if i > 215 else rng.randint(60, 2000))
        cancelled = None
        if i > 3 and i <= 215 and rng.random() < 0.18:
            cancelled = min(joined + timedelta(days=rng.randint(40, 900)), today - timedelta(days=5))
        plan, fee = pick(rng, PLANS, (5, 3, 2))
        out.append((i, first, last, days_before(today, rng.randint(16 * 365, 62 * 365)), joined, cancelled,
                    plan, money(fee)))
    return out


def lessons(rng: random.Random, today: date, people: list[Row]) -> tuple[list[Row], list[Row]]:
    out: list[Row] = []
    bookings: list[Row] = []
    day = today - timedelta(days=720)
    while day < today + timedelta(days=30):
        day += timedelta(days=rng.randint(1, 3))
        title, price = rng.choice(LESSONS)
        status = "scheduled" if day > today else pick(rng, ("held", "cancelled"), (15, 1))
        lid = len(out) + 1
        capacity = rng.choice((6, 8, 10, 12))
        out.append((lid, pick(rng, range(1, 6), (5, 4, 3, 2, 2)), title, moment(day, rng.choice((10, 18, 19))),
                    capacity, money(price), status))
        if status == "cancelled":
            continue
        active = [p for p in people[:200] if p[4] <= day and (p[5] is None or p[5] > day)]
        for p in rng.sample(active, min(len(active), rng.randint(2, capacity))):
            bookings.append((lid, p[0], money(price * (0.8 if p[6] == "student" else 1))))
    return out, bookings


def routes(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    for i in range(1, 141):
        set_on = days_before(today, rng.randint(10, 700))
        stripped = None
        if (today - set_on).days > 60 and rng.random() < 0.7:
            stripped = min(set_on + timedelta(days=rng.randint(30, 120)), today - timedelta(days=1))
        out.append((i, pick(rng, WALLS, (4, 3, 3, 2)), pick(rng, GRADES, (3, 4, 5, 5, 4, 3, 2, 1)),
                    rng.choice(COLOURS), set_on, stripped))
    return out


def ascents(rng: random.Random, today: date, people: list[Row], walls: list[Row]) -> list[Row]:
    out: list[Row] = []
    while len(out) < 3000:
        day = days_before(today, rng.randint(0, 700))
        up = [r for r in walls if r[4] <= day and (r[5] is None or r[5] > day)]
        here = [p for p in people[:210] if p[4] <= day and (p[5] is None or p[5] > day)]
        if not up or not here:
            continue
        attempts = pick(rng, range(1, 9), (6, 5, 4, 3, 2, 1, 1, 1))
        out.append((len(out) + 1, rng.choice(here)[0], rng.choice(up)[0], day, attempts, attempts == 1))
    return out


def passes(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    for back in range(540, -1, -1):
        day = days_before(today, back)
        for _ in range(rng.randint(3, 15)):
            kind, price, visitors = pick(rng, PASSES, (6, 3, 2))
            out.append((len(out) + 1, moment(day, rng.randint(9, 21), rng.choice((0, 15, 30, 45))), kind, visitors,
                        money(price), pick(rng, ("card", "cash"), (8, 2))))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv5-climbing")
    people = members(rng, today)
    teachers = [(i, name, days_before(today, days), money(rate)) for i, (name, days, rate) in enumerate(INSTRUCTORS, 1)]
    taught, bookings = lessons(rng, today, people)
    walls = routes(rng, today)
    return {"member": people, "instructor": teachers, "lesson": taught, "lesson_booking": bookings, "route": walls,
            "ascent": ascents(rng, today, people, walls), "day_pass": passes(rng, today)}
