"""Data for ``unseen_cowork``: five coworking locations, their bookable spaces, ~40 companies,
~330 members with their plan history, monthly invoices and three years of bookings plus a month
of upcoming ones, as a Prisma-managed database stores them.

Skews: Dockside Hub is the busiest location and earns most, the Harbor Room is the most booked
room, Jordan Blake (Kettle Labs) books most, Old Mill Yard opened ~10 months ago, the Founding
Member plan is closed to new members.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.unseen.synth import Row, days_before, email, money, moment, person, pick, rng_for

KEY = "cowork"
TIMEZONE = "UTC"
HISTORY_DAYS = 1095
FUTURE_DAYS = 30

# name, city, address, opened (days ago), bookings per weekday, share of new members
LOCATIONS = (
    ("Dockside Hub", "Baltimore", "1400 Aliceanna St", 2100, 1.7, 30),
    ("The Foundry", "Pittsburgh", "2100 Smallman St", 1800, 1.2, 24),
    ("Canal Street Studios", "Richmond", "301 Canal St", 1300, 0.9, 18),
    ("Northgate Works", "Philadelphia", "925 N 2nd St", 900, 1.0, 20),
    ("Old Mill Yard", "Baltimore", "3500 Clipper Mill Rd", 300, 0.7, 12),
)
# location -> (name, type, capacity, hourly rate, booking weight)
SPACES = {
    0: (("Harbor Room", "MEETING_ROOM", 8, 45, 30), ("Pier 4", "MEETING_ROOM", 4, 30, 14),
        ("Lighthouse", "MEETING_ROOM", 12, 65, 12), ("Anchor", "MEETING_ROOM", 6, 35, 10),
        ("The Deck", "EVENT_SPACE", 80, 250, 2)),
    1: (("Forge", "MEETING_ROOM", 10, 55, 14), ("Anvil", "MEETING_ROOM", 4, 30, 12),
        ("Smelter", "MEETING_ROOM", 14, 70, 8), ("Great Hall", "EVENT_SPACE", 120, 300, 2)),
    2: (("Lock 1", "MEETING_ROOM", 6, 35, 12), ("Towpath", "MEETING_ROOM", 8, 45, 12),
        ("Basin", "MEETING_ROOM", 12, 60, 7), ("Loading Dock", "EVENT_SPACE", 60, 180, 2)),
    3: (("Liberty", "MEETING_ROOM", 8, 50, 12), ("Franklin", "MEETING_ROOM", 6, 40, 10),
        ("Schuylkill", "MEETING_ROOM", 14, 75, 6), ("Betsy", "MEETING_ROOM", 4, 30, 9),
        ("Rooftop", "EVENT_SPACE", 50, 220, 2)),
    4: (("Millrace", "MEETING_ROOM", 6, 40, 12), ("Grist", "MEETING_ROOM", 10, 55, 8)),
}
SHARED = (("Hot Desk Area", "HOT_DESK", 40, 6, 12), ("Dedicated Desks", "DEDICATED_DESK", 20, 0, 0),
          ("Phone Booth 1", "PHONE_BOOTH", 1, 0, 7), ("Phone Booth 2", "PHONE_BOOTH", 1, 0, 6))
# name, monthly price, meeting hours, open to new members, weight
PLANS = (("Hot Desk", 275, 2, True, 35), ("Dedicated Desk", 475, 4, True, 25),
         ("Private Office", 1850, 10, True, 12), ("Virtual Office", 89, 0, True, 10),
         ("Flex 10", 199, 1, True, 18), ("Founding Member", 225, 4, False, 0))
COMPANIES = (
    ("Brightline Analytics", "software"), ("Harbor & Finch Design", "design"), ("Kettle Labs", "software"),
    ("Northbound Media", "media"), ("Quarry Street Consulting", "consulting"), ("Lumen Legal", "legal"),
    ("Tidewater Architects", "architecture"), ("Open Table Nonprofit Alliance", "nonprofit"),
    ("Copperleaf Finance", "finance"), ("Saltbox Studio", "design"), ("Parallax Games", "software"),
    ("Greenway Energy Advisors", "consulting"), ("Fable & Co", "marketing"), ("Redline Robotics", "hardware"),
    ("Mosaic Health Tech", "software"), ("Blue Heron Books", "media"), ("Civic Data Works", "nonprofit"),
    ("Ironclad Security", "software"), ("Maple & Moss Marketing", "marketing"), ("Summit Recruiting", "consulting"),
    ("Pinecrest Capital", "finance"), ("Waypoint Logistics", "logistics"), ("Hearth Home Goods", "retail"),
    ("Cobalt Biotech", "biotech"), ("Lantern Learning", "education"), ("Stitchwise Apparel", "retail"),
    ("Foxglove Films", "media"), ("Keystone Engineering", "architecture"), ("Riverbend Ventures", "finance"),
    ("Nimbus Cloud Services", "software"), ("Oakridge Accounting", "finance"), ("Pixel Harbor", "design"),
    ("Sparrow Translation", "consulting"), ("Trellis Urban Farming", "nonprofit"), ("Vantage Point PR", "marketing"),
    ("Wildflower Events", "events"), ("Yardstick Research", "consulting"), ("Zephyr Drones", "hardware"),
)
HERO = ("Jordan", "Blake")      # a Dedicated Desk member at Dockside Hub since ~3 years, a keen booker
MIGRATIONS = (
    ("20230114093011_init", 9), ("20230302151204_space_types", 2),
    ("20240108110530_membership_discount", 1), ("20250611084522_invoice_number", 2),
)


@dataclass
class _Membership:
    member: int
    plan: int
    start: int              # days ago
    end: int | None         # days ago, last day
    discount: int
    location: int


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for(KEY)
    locations = [(i + 1, name, city, address, moment(days_before(today, opened), 9), True)
                 for i, (name, city, address, opened, *_r) in enumerate(LOCATIONS)]
    spaces = _spaces()
    companies = [(i + 1, name, industry, moment(days_before(today, 1500 - i * 31), 10, i))
                 for i, (name, industry) in enumerate(COMPANIES)]
    plans = [(i + 1, name, money(price), hours, open_) for i, (name, price, hours, open_, _w) in enumerate(PLANS)]
    members, memberships = _members(rng, today)
    invoices = _invoices(rng, today, memberships)
    bookings = _bookings(rng, today, spaces, memberships)
    membership_rows = [(i + 1, m.member, m.plan, days_before(today, m.start),
                        None if m.end is None else days_before(today, m.end), m.discount,
                        moment(days_before(today, m.start + rng.randint(0, 6)), 12, 0))
                       for i, m in enumerate(memberships)]
    return {"_prisma_migrations": _migrations(), "Location": locations, "Space": spaces, "Company": companies,
            "Member": members, "Plan": plans, "Membership": membership_rows, "Booking": bookings,
            "Invoice": invoices}


def _migrations() -> list[Row]:
    rows = []
    for i, (name, steps) in enumerate(MIGRATIONS):
        started = datetime(int(name[:4]), int(name[4:6]), int(name[6:8]), int(name[8:10]), int(name[10:12]))
        rows.append((f"6f1c{i:04d}-9a2e-4c51-b0d3-{i * 7919:012d}", f"{i + 1:064x}",
                     started + timedelta(seconds=2), name, None, None, started, steps))
    return rows


def _spaces() -> list[Row]:
    rows: list[Row] = []
    for location in range(len(LOCATIONS)):
        for name, typ, capacity, rate, _w in SPACES[location] + SHARED:
            rows.append((len(rows) + 1, location + 1, name, typ, capacity, money(rate), typ != "DEDICATED_DESK"))
    return rows


def _members(rng: random.Random, today: date) -> tuple[list[Row], list[_Membership]]:
    members: list[Row] = []
    memberships: list[_Membership] = []
    weights = [p[4] for p in PLANS]
    for location, spec in enumerate(LOCATIONS):
        count = spec[5] * 3
        for _ in range(count):
            joined = rng.randint(1, min(spec[3], 1500))
            member_id = len(members) + 1
            first, last = person(rng, {HERO})
            company = rng.randrange(len(COMPANIES)) + 1 if rng.random() < 0.55 else None
            if member_id == 1:
                (first, last), company, joined = HERO, 3, 1200
            born = None if rng.random() < 0.3 else days_before(today, rng.randint(22 * 365, 62 * 365))
            created = moment(days_before(today, joined), rng.randint(8, 18), rng.randint(0, 59))
            members.append((member_id, first, last, email(first, last, "inbox.example", member_id), company,
                            location + 1, born, created, created + timedelta(days=rng.randint(0, 30))))
            plan = 1 if member_id == 1 else 5 if joined > 1300 and location == 0 and rng.random() < 0.5 else pick(rng, range(len(PLANS)), weights)
            discount = pick(rng, (0, 10, 20), (80, 12, 8))
            start = joined
            while True:
                stay = joined if member_id == 1 else int(rng.expovariate(1 / 700))
                end = start - stay
                if end < 1:
                    memberships.append(_Membership(member_id, plan + 1, start, None, discount, location + 1))
                    break
                memberships.append(_Membership(member_id, plan + 1, start, end, discount, location + 1))
                if rng.random() < 0.6:
                    break                               # left
                start, plan = end - 1, pick(rng, range(len(PLANS)), weights)
                if start < 1:
                    break
    return members, memberships


def _invoices(rng: random.Random, today: date, memberships: list[_Membership]) -> list[Row]:
    rows: list[Row] = []
    for ago in range(HISTORY_DAYS, -1, -1):
        day = days_before(today, ago)
        if day.day != 1:
            continue
        for m in memberships:
            if not (m.start >= ago and (m.end is None or m.end <= ago)):
                continue
            price = Decimal(PLANS[m.plan - 1][1]) * (100 - m.discount) / 100
            extras = money(rng.uniform(40, 400)) if rng.random() < 0.15 else Decimal(0)
            issued = moment(day, 6, 0)
            draw = rng.random()
            if ago <= 30 and draw < 0.6:
                status, paid = "OPEN", None
            else:
                status = pick(rng, ("PAID", "VOID", "OPEN"), (96, 1.5, 2.5))
                paid = issued + timedelta(days=min(rng.randint(0, 20), max(ago - 1, 0)), hours=rng.randint(1, 12)) \
                    if status == "PAID" else None
            number = f"INV-{day:%Y%m}-{len(rows) + 1:05d}"
            rows.append((len(rows) + 1, number, m.member, m.location, issued, issued + timedelta(days=14), paid,
                         money(price) + extras, status))
    return rows


def _bookings(rng: random.Random, today: date, spaces: list[Row], memberships: list[_Membership]) -> list[Row]:
    rows: list[Row] = []
    catalogue = {loc: [(row, w) for row, (*_x, w) in zip([s for s in spaces if s[1] == loc + 1],
                                                            SPACES[loc] + SHARED) if w > 0]
                 for loc in range(len(LOCATIONS))}
    for ago in range(HISTORY_DAYS, -FUTURE_DAYS - 1, -1):
        day = days_before(today, ago)
        weekend = day.weekday() >= 5
        for loc, spec in enumerate(LOCATIONS):
            if ago > spec[3]:
                continue
            active = [m.member for m in memberships if m.location == loc + 1 and m.start >= max(ago, 0)
                      and (m.end is None or m.end <= ago)]
            if not active:
                continue
            weights = [4.0 if member == 1 else 1.0 for member in active]
            for _ in range(_count(rng, spec[4] * (0.2 if weekend else 1.0))):
                space = pick(rng, [s for s, _w in catalogue[loc]], [w for _s, w in catalogue[loc]])
                rows.append(_booking(rng, day, ago, space, pick(rng, active, weights), len(rows) + 1))
    return rows


def _count(rng: random.Random, mean: float) -> int:
    return sum(1 for _ in range(8) if rng.random() < mean / 8)


def _booking(rng: random.Random, day: date, ago: int, space: Row, member: int, booking_id: int) -> Row:
    typ, capacity = space[3], int(space[4])
    if typ == "HOT_DESK":
        start, minutes, attendees = moment(day, 9), 480, 1
    elif typ == "PHONE_BOOTH":
        start, minutes, attendees = moment(day, rng.randint(8, 17), rng.choice((0, 30))), rng.choice((30, 60)), 1
    elif typ == "EVENT_SPACE":
        start, minutes = moment(day, rng.choice((9, 13, 17))), rng.choice((180, 240, 300))
        attendees = rng.randint(capacity // 4, capacity)
    else:
        start, minutes = moment(day, rng.randint(8, 16), rng.choice((0, 30))), rng.choice((30, 60, 60, 90, 120, 180))
        attendees = rng.randint(2, capacity)
    if ago <= 0:
        status = pick(rng, ("CONFIRMED", "CANCELLED"), (90, 10))
    else:
        status = pick(rng, ("COMPLETED", "CANCELLED", "NO_SHOW"), (84, 12, 4))
    created = start - timedelta(days=rng.randint(0, 21), hours=rng.randint(1, 9))
    return (booking_id, space[0], member, start, start + timedelta(minutes=minutes), status, attendees, created)
