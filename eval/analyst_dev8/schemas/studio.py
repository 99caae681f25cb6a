"""Seeded rows for ``adv8_studio`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, moment, pick, rng_for

TIMEZONE = "UTC"
ROOMS = (("Studio A", 120, 900), ("Studio B", 85, 600), ("Live Room", 150, 1400), ("Mix Suite 1", 70, 300),
         ("Mix Suite 2", 70, 280), ("Vocal Booth", 45, 90))
ENGINEERS = (("Priya Raman", "mixing", False, 2600), ("Jonas Berg", "tracking", False, 2200),
             ("Tasha Greene", "mastering", False, 1900), ("Miguel Santos", "tracking", True, 1200),
             ("Ellie Park", "mixing", True, 800), ("Dev Kapoor", "tracking", False, 500),
             ("Rosa Jimenez", "mixing", True, 150))
CLIENTS = (("The Velvet Static", "band"), ("Nova Reyes", "artist"), ("Blue Harbor Records", "label"),
           ("Late Night Mics", "podcast"), ("Copperline", "band"), ("Ada Quinn", "artist"), ("Saltwater Kids", "band"),
           ("Brightside Media", "agency"), ("Echo Park Collective", "band"), ("Marcus Hale", "artist"),
           ("True North Audio", "label"), ("The Daily Grind Pod", "podcast"), ("Lila Moon", "artist"),
           ("Pine & Ash", "band"), ("Redwood Sessions", "label"), ("Half Past Two", "band"), ("June Okoro", "artist"),
           ("Static Bloom", "band"), ("Bright Ideas Ad Co", "agency"), ("Kettle Drum Podcast", "podcast"),
           ("Oren Vale", "artist"), ("Midnight Ferry", "band"), ("Sunday Papers", "band"), ("Ivy Chen", "artist"),
           ("Groundswell Records", "label"), ("Tin Roof Radio", "podcast"), ("Harper & Sons Ads", "agency"),
           ("Wolf Alley", "band"), ("Cass Delgado", "artist"), ("Paper Lanterns", "band"), ("Noisy Neighbors", "band"),
           ("Felix Amari", "artist"), ("Open Road Pod", "podcast"), ("The Weatherly", "band"))
CITIES = ("Nashville", "Atlanta", "Memphis", "Austin", "Louisville")
GEAR = (("Neumann U87", "microphone", 3200, 1), ("Shure SM7B", "microphone", 400, 6), ("AKG C414", "microphone", 1100, 3),
        ("Royer R-121", "microphone", 1500, 3), ("Shure SM57", "microphone", 100, None), ("Neve 1073", "preamp", 3500, 1),
        ("API 512c", "preamp", 900, 2), ("Universal Audio 610", "preamp", 1400, 6), ("Teletronix LA-2A", "compressor", 4200, 1),
        ("Urei 1176", "compressor", 2700, 4), ("SSL Bus Compressor", "compressor", 1900, 5),
        ("Fender Twin Reverb", "amplifier", 1600, 3), ("Marshall JCM800", "amplifier", 2100, 3),
        ("Ampeg SVT", "amplifier", 1800, None), ("Moog Minimoog", "synth", 4900, 2), ("Juno-106", "synth", 2300, None),
        ("Yamaha C7 Piano", "keyboard", 38000, 3), ("Hammond B3", "keyboard", 9500, 3), ("Yamaha NS10", "monitor", 600, 4),
        ("Genelec 8351", "monitor", 7500, 5), ("Focal Trio11", "monitor", 9000, 1))
TYPES_BY_ROOM = {"Studio A": ("tracking", "overdubs", "mixing"), "Studio B": ("tracking", "overdubs", "podcast"),
                 "Live Room": ("tracking",), "Mix Suite 1": ("mixing", "mastering"), "Mix Suite 2": ("mixing", "mastering"),
                 "Vocal Booth": ("overdubs", "podcast")}
NEVER_BOOKED = (31, 34)
SPECIALTY_FOR = {"tracking": "tracking", "overdubs": "tracking", "podcast": "tracking", "mixing": "mixing",
                 "mastering": "mastering"}


def clients(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    for i, (name, kind) in enumerate(CLIENTS, 1):
        back = 25 if i == len(CLIENTS) else (10 if i == len(CLIENTS) - 1 else rng.randint(60, 1100))
        made = moment(days_before(today, back), rng.randint(9, 18), rng.choice((0, 15, 30, 45)))
        out.append((i, name, kind, pick(rng, CITIES, (5, 2, 2, 2, 1)), made))
    return out


def bookings(rng: random.Random, today: date, people: list[Row]) -> list[Row]:
    out: list[Row] = []
    keen = [rng.choice((1, 1, 2, 3, 5, 8)) for _ in people]
    for back in range(540, -40, -1):
        day = today - timedelta(days=back)
        for room_id, (room, _, _) in enumerate(ROOMS, 1):
            if rng.random() < (0.25 if day.weekday() >= 5 else 0.5):
                continue
            eligible = [(c, w) for c, w in zip(people, keen) if c[4].date() < day]
            if not eligible:
                continue
            client = rng.choices([c for c, _ in eligible], [w for _, w in eligible])[0]
            if client[0] in NEVER_BOOKED or (client[0] == len(CLIENTS) - 2 and rng.random() < 0.9):
                continue
            hours = Decimal(rng.choice((2, 3, 4, 4, 6, 8, 10) if room != "Vocal Booth" else (1, 2, 2, 3)))
            start = moment(day, rng.choice((9, 10, 12, 14)), 0)
            made = datetime.combine(day, datetime.min.time()) - timedelta(days=rng.randint(2, 60), hours=rng.randint(0, 10))
            if day >= today:
                status = pick(rng, ("confirmed", "cancelled"), (9, 1))
            else:
                status = pick(rng, ("completed", "cancelled", "no_show"), (85, 10, 5))
            out.append((len(out) + 1, client[0], room_id, start, hours, status, made))
    return out


def sessions(rng: random.Random, done: list[Row]) -> list[Row]:
    out: list[Row] = []
    by_spec: dict[str, list[int]] = {}
    for i, (_, spec, _, _) in enumerate(ENGINEERS, 1):
        by_spec.setdefault(spec, []).append(i)
    for b in done:
        room = ROOMS[b[2] - 1][0]
        parts = 2 if b[4] >= 6 and rng.random() < 0.5 else 1
        at = b[3]
        each = b[4] / parts
        for _ in range(parts):
            kind = rng.choice(TYPES_BY_ROOM[room])
            pool = by_spec[SPECIALTY_FOR[kind]]
            eng = rng.choice(pool) if rng.random() < 0.85 else rng.randint(1, len(ENGINEERS))
            minutes = int(each * 60) - rng.choice((0, 0, 15, 30))
            end = at + timedelta(minutes=minutes)
            tracks = 0 if kind in ("mixing", "mastering") else rng.randint(1, 12 if kind == "tracking" else 5)
            if kind == "podcast":
                tracks = rng.randint(1, 2)
            out.append((len(out) + 1, b[0], eng, kind, at, end, tracks))
            at = end + timedelta(minutes=30)
    return out


def invoices(rng: random.Random, today: date, done: list[Row]) -> list[Row]:
    out: list[Row] = []
    for b in done:
        issued = b[3].date() + timedelta(days=rng.randint(0, 4))
        if issued > today:
            continue
        rate = Decimal(ROOMS[b[2] - 1][1])
        total = money(b[4] * rate * Decimal(rng.choice(("1", "1", "1", "0.9", "1.15"))) + rng.choice((0, 0, 50, 120)))
        lag = rng.randint(1, 70) if rng.random() < 0.95 else 10_000
        paid = issued + timedelta(days=lag)
        out.append((len(out) + 1, b[0], issued, issued + timedelta(days=30), total, paid if paid <= today else None))
    return out


def gear(rng: random.Random, today: date) -> list[Row]:
    return [(i, name, cat, room, days_before(today, 20 if i == 21 else rng.randint(200, 3000)), money(price))
            for i, (name, cat, price, room) in enumerate(GEAR, 1)]


def gear_used(rng: random.Random, sess: list[Row], kit: list[Row]) -> list[Row]:
    out: list[Row] = []
    for s in sess:
        kinds = {"tracking": ("microphone", "preamp", "amplifier", "keyboard", "synth", "compressor"),
                 "overdubs": ("microphone", "preamp", "compressor"), "podcast": ("microphone",),
                 "mixing": ("compressor", "monitor"), "mastering": ("monitor", "compressor")}[s[3]]
        pool = [g for g in kit if g[2] in kinds and g[1] not in ("Juno-106",)]
        for g in rng.sample(pool, min(len(pool), rng.randint(1, 4))):
            out.append((s[0], g[0]))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv8-studio")
    people = clients(rng, today)
    books = bookings(rng, today, people)
    done = [b for b in books if b[5] == "completed"]
    sess = sessions(rng, done)
    kit = gear(rng, today)
    return {"Room": [(i, n, money(r), s) for i, (n, r, s) in enumerate(ROOMS, 1)],
            "Engineer": [(i, n, sp, fl, days_before(today, d)) for i, (n, sp, fl, d) in enumerate(ENGINEERS, 1)],
            "Client": people, "Booking": books, "Session": sess, "Invoice": invoices(rng, today, done),
            "Equipment": kit, "SessionEquipment": gear_used(rng, sess, kit)}
