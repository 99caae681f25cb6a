"""Seeded rows for ``adv4_orchestra`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
SECTIONS = (("strings", ("violin", "viola", "cello", "double bass"), 30), ("woodwind", ("flute", "oboe", "clarinet", "bassoon"), 12),
            ("brass", ("horn", "trumpet", "trombone", "tuba"), 10), ("percussion", ("timpani", "percussion"), 4))
NAMED = (("Clara", "Wieck"), ("Anton", "Duval"), ("Petra", "Holm"))
VENUES = (("Harbour Hall", "Bristol", 1800), ("St George's", "Bristol", 560), ("Colston Theatre", "Bath", 950),
          ("The Assembly Rooms", "Bath", 400), ("Cathedral Nave", "Wells", 700), ("Corn Exchange", "Exeter", 1100),
          ("Old Malthouse", "Taunton", 300))
TITLES = ("Beethoven Cycle", "New Year Gala", "Mahler Night", "Film Scores", "Baroque Evening", "Family Matinee",
          "Russian Romantics", "Sibelius and Nielsen")
CONDUCTORS = ("Ilse Maren", "Tomas Reyes", "Hugh Castell")


def musicians(rng, today: date) -> list[Row]:
    out: list[Row] = []
    for section, instruments, n in SECTIONS:
        for k in range(n):
            i = len(out) + 1
            first, last = NAMED[i - 1] if i <= len(NAMED) else person(rng, set(NAMED))
            joined = days_before(today, 30 if i > 53 else rng.randint(200, 5000))
            left = None
            if 4 <= i <= 53 and rng.random() < 0.15:
                left = min(joined + timedelta(days=rng.randint(150, 2500)), today - timedelta(days=40))
            out.append((i, first, last, section, instruments[k % len(instruments)],
                        days_before(today, rng.randint(23 * 365, 64 * 365)), joined, left, k == 0,
                        money(rng.uniform(2600, 3400) + (900 if k == 0 else 0))))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv4-orchestra")
    players = musicians(rng, today)
    venues = [(i, *v) for i, v in enumerate(VENUES, 1)]
    concerts: list[Row] = []
    bridge: list[Row] = []
    sales: list[Row] = []
    day = today - timedelta(days=1100)
    while day < today + timedelta(days=60):
        day += timedelta(days=rng.randint(3, 8))
        status = "scheduled" if day > today else pick(rng, ("performed", "cancelled"), (19, 1))
        cid = len(concerts) + 1
        venue = pick(rng, range(1, 7), (6, 3, 4, 2, 2, 3))
        concerts.append((cid, venue, rng.choice(TITLES), pick(rng, CONDUCTORS, (5, 3, 2)), day, status,
                         rng.choice((75, 90, 105, 120, 135))))
        if status == "cancelled":
            continue
        active = [p for p in players[:54] if p[6] <= day and (p[7] is None or p[7] > day)]
        for p in rng.sample(active, min(len(active), rng.randint(24, 40))):
            bridge.append((cid, p[0], money(rng.choice((180, 220, 260)) + (80 if p[8] else 0))))
        capacity = VENUES[venue - 1][2]
        for _ in range(rng.randint(15, 45)):
            sold = day - timedelta(days=rng.randint(0, 50))
            if sold > today:
                continue
            seats = rng.randint(1, 6)
            sales.append((len(sales) + 1, cid, moment(sold, rng.randint(9, 21), rng.choice((0, 20, 40))), seats,
                          money(seats * rng.choice((18, 25, 32, 45)) * (capacity / 1000 + 0.5)),
                          pick(rng, ("online", "box office", "phone"), (6, 3, 1))))
    return {"musicians": players, "venues": venues, "concerts": concerts, "concert_musicians": bridge,
            "ticket_sales": sales}
