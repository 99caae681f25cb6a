"""Seeded rows for ``adev_hotel`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
HOTELS = ((1, "Seaview Grand", "Lisbon", 5), (2, "Old Town Inn", "Porto", 3), (3, "Harbour Lodge", "Lisbon", 4),
          (4, "Alpine Rest", "Innsbruck", 4), (5, "City Budget", "Porto", 2))
ITEMS = (("minibar", 6), ("spa", 80), ("restaurant", 35), ("laundry", 12), ("parking", 20))
COUNTRIES = ("Portugal", "Spain", "Germany", "United Kingdom", "France", "Austria", "United States")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adev-hotel")
    rooms: list[Row] = []
    for hotel_id, _, _, stars in HOTELS:
        for k in range(1, 13 if stars >= 4 else 9):
            kind = pick(rng, ("single", "double", "suite"), (3, 5, 1 if stars >= 4 else 0.2))
            list_rate = {"single": 40, "double": 60, "suite": 150}[kind] * (1 + stars / 4) + rng.randint(0, 30)
            rooms.append((len(rooms) + 1, hotel_id, f"{k // 5 + 1}{k:02d}", kind, money(list_rate), k // 5 + 1))
    guests: list[Row] = []
    for i in range(1, 151):
        first, last = person(rng)
        guests.append((i, first, last, rng.choice(COUNTRIES), days_before(today, rng.randint(18 * 365, 80 * 365)),
                       pick(rng, ("none", "silver", "gold", "platinum"), (6, 3, 2, 1))))
    bookings: list[Row] = []
    charges: list[Row] = []
    for i in range(1, 601):
        room = rooms[rng.randrange(len(rooms))]
        check_in = days_before(today, int(rng.triangular(-30, 540, 10)))
        nights = pick(rng, (1, 2, 3, 4, 5, 7, 10), (3, 4, 3, 2, 1, 1, 0.5))
        check_out = check_in + timedelta(days=nights)
        booked = check_in - timedelta(days=rng.randint(0, 120))
        if check_in > today:
            status = pick(rng, ("confirmed", "cancelled"), (5, 1))
        else:
            status = pick(rng, ("completed", "cancelled"), (9, 1)) if check_out <= today else "confirmed"
        rate = money(float(room[4]) * rng.uniform(0.8, 1.25))
        guest = rng.randint(1, 135)                  # guests 136-150 never booked
        bookings.append((i, guest, room[0], booked, check_in, check_out, status, rate))
        if status == "completed":
            for _ in range(rng.randint(0, 3)):
                item, price = rng.choice(ITEMS)
                charges.append((len(charges) + 1, i, item, rng.randint(1, 4), money(price * rng.uniform(0.9, 1.1)),
                                moment(check_in + timedelta(days=rng.randrange(nights)), rng.randint(8, 22))))
    return {"hotels": [tuple(h) for h in HOTELS], "rooms": rooms, "guests": guests, "bookings": bookings,
            "charges": charges}
