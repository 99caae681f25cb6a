"""Seeded rows for ``adv16_telecom`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "Europe/Dublin"
# name, type, fee, allowance GB (None unlimited), roaming included, active, days since launched, weight
PLANS = (("Basic Talk", "prepaid", "9.99", 2, False, True, 2400, 5), ("Flex 10", "prepaid", "15.00", 10, False, True, 1500, 8),
         ("Smart 30", "postpaid", "25.00", 30, False, True, 1800, 10), ("Unlimited Plus", "postpaid", "45.00", None, True, True, 900, 7),
         ("Family Share", "postpaid", "60.00", 100, False, True, 1200, 3), ("Business Pro", "postpaid", "55.00", None, True, True, 1000, 4),
         ("Student Saver", "prepaid", "12.50", 20, False, False, 2000, 3), ("Travel Max", "postpaid", "70.00", None, True, True, 6, 0))
# manufacturer, model, release year, 5g, price
DEVICES = (("Apple", "iPhone 15", 2023, True, "899.00"), ("Apple", "iPhone 13", 2021, True, "599.00"),
           ("Samsung", "Galaxy S24", 2024, True, "849.00"), ("Samsung", "Galaxy A15", 2023, False, "199.00"),
           ("Samsung", "Galaxy A54", 2023, True, "399.00"), ("Google", "Pixel 8", 2023, True, "699.00"),
           ("Google", "Pixel 7a", 2023, True, "449.00"), ("Motorola", "Moto G54", 2023, True, "229.00"),
           ("Nokia", "Nokia G22", 2023, False, "149.00"), ("Xiaomi", "Redmi Note 13", 2024, True, "279.00"),
           ("Fairphone", "Fairphone 5", 2023, True, "699.00"), ("Apple", "iPhone 16 Pro", 2024, True, "1199.00"))
CITIES = (("Dublin", 40), ("Cork", 18), ("Galway", 12), ("Limerick", 10), ("Waterford", 7), ("Sligo", 4))
# site code, city, technology, days since commissioned
TOWERS = (("DUB-001", "Dublin", "5G", 900), ("DUB-002", "Dublin", "5G", 700), ("DUB-003", "Dublin", "4G", 3000),
          ("DUB-004", "Dublin", "4G", 2800), ("DUB-005", "Dublin", "5G", 12), ("CRK-001", "Cork", "5G", 600),
          ("CRK-002", "Cork", "4G", 2500), ("GAL-001", "Galway", "4G", 2600), ("GAL-002", "Galway", "5G", 300),
          ("LIM-001", "Limerick", "4G", 2700), ("WAT-001", "Waterford", "4G", 2900), ("SLI-001", "Sligo", "4G", 3100))
ROAMING = (("France", 5), ("Spain", 8), ("United Kingdom", 10), ("United States", 4), ("Portugal", 3), ("Italy", 3))
TICKETS = (("billing", 30), ("network", 25), ("device", 15), ("roaming", 10), ("cancellation", 8), ("porting", 6))


def _at(day: date, rng_minute: int) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc) + timedelta(minutes=rng_minute)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv16-telecom")
    plans = [(k + 1, n, t, Decimal(f), g, r, a, days_before(today, d)) for k, (n, t, f, g, r, a, d, _) in enumerate(PLANS)]
    devices = [(k + 1, m, n, y, g, Decimal(p)) for k, (m, n, y, g, p) in enumerate(DEVICES)]
    towers = [(k + 1, c, city, tech, days_before(today, d)) for k, (c, city, tech, d) in enumerate(TOWERS)]
    subscribers: list[Row] = []
    taken: set[tuple[str, str]] = set()
    for k in range(160):
        f, l = person(rng, taken)
        taken.add((f, l))
        city = pick(rng, [c for c, _ in CITIES], [w for _, w in CITIES])
        joined = days_before(today, rng.randint(1, 1500) if k % 9 else rng.randint(1, 120))
        subscribers.append((k + 1, f, l, f"{f.lower()}.{l.lower()}{k}@example.ie", city,
                            days_before(today, rng.randint(18 * 365, 80 * 365)), k % 7 == 3,
                            _at(joined, rng.randint(8 * 60, 21 * 60))))
    lines: list[Row] = []
    for s in subscribers:
        sid, joined_day = s[0], s[7].date()
        if sid % 23 == 0:
            continue  # signed up, never activated a line
        n = 3 if s[6] and sid % 2 else (2 if rng.random() < 0.2 else 1)
        for _ in range(n):
            k = len(lines) + 1
            plan = pick(rng, [p[0] for p in plans], [p[7] for p in PLANS])
            if PLANS[plan - 1][0] == "Business Pro" and not s[6]:
                plan = 3
            start = joined_day + timedelta(days=rng.randint(0, 10))
            start = min(start, today)
            if plan == 7:
                start = min(start, days_before(today, 500))
            dev = None if rng.random() < 0.25 else pick(rng, [d[0] for d in devices if d[0] != 11],
                                                         [1 for d in devices if d[0] != 11])
            status = pick(rng, ("active", "suspended", "cancelled"), (70, 8, 22))
            ended = None
            if status == "cancelled":
                span = (today - start).days
                if span < 20:
                    status = "active"
                else:
                    ended = start + timedelta(days=rng.randint(15, span))
            lines.append((k, f"+353 8{rng.choice('3567')} {rng.randint(100, 999)} {rng.randint(1000, 9999)}", sid, plan, dev,
                          status, start, ended, rng.random() < 0.3))
    usage: list[Row] = []
    tickets: list[Row] = []
    bills: list[Row] = []
    topups: list[Row] = []
    tower_by_city: dict[str, list[int]] = {}
    for t in towers:
        if t[0] != 5:
            tower_by_city.setdefault(t[2], []).append(t[0])
    sub_city = {s[0]: s[4] for s in subscribers}
    for back in range(400, -1, -1):
        day = today - timedelta(days=back)
        live = [ln for ln in lines if ln[6] <= day and (ln[7] is None or ln[7] > day) and ln[5] != "suspended"]
        for _ in range(38 + rng.randint(-6, 6)):
            ln = rng.choice(live)
            kind = pick(rng, ("call", "sms", "data"), (40, 25, 35))
            roaming = rng.random() < 0.06
            country = pick(rng, [c for c, _ in ROAMING], [w for _, w in ROAMING]) if roaming else None
            tower = None if roaming else rng.choice(tower_by_city[sub_city[ln[2]]])
            secs = rng.randint(10, 1800) if kind == "call" else 0
            mb = money(rng.uniform(5, 900)) if kind == "data" else Decimal("0.00")
            roam_free = PLANS[ln[3] - 1][4]
            charge = Decimal("0.00")
            if roaming and not roam_free:
                charge = money(secs / 60 * 0.9 if kind == "call" else (float(mb) * 0.02 if kind == "data" else 0.3))
            elif PLANS[ln[3] - 1][1] == "prepaid":
                charge = money(secs / 60 * 0.12 if kind == "call" else (0.08 if kind == "sms" else 0))
            usage.append((len(usage) + 1, ln[0], tower, kind, _at(day, rng.randint(7 * 60, 23 * 60 + 50)), secs, mb,
                          roaming, country, charge))
        for _ in range(pick(rng, (0, 1, 2, 3), (3, 5, 3, 1))):
            sid = rng.choice(subscribers)[0]
            if subscribers[sid - 1][7].date() > day or sid % 11 == 0:
                continue
            cat = pick(rng, [c for c, _ in TICKETS], [w for _, w in TICKETS])
            opened = _at(day, rng.randint(8 * 60, 20 * 60))
            closed = None if back < 12 and rng.random() < 0.7 else opened + timedelta(hours=rng.randint(1, 200))
            score = None if closed is None or rng.random() < 0.35 else pick(rng, (1, 2, 3, 4, 5), (2, 2, 3, 5, 5))
            tickets.append((len(tickets) + 1, sid, cat, opened, closed, score))
        for ln in live:
            if PLANS[ln[3] - 1][1] == "prepaid" and rng.random() < 0.07:
                topups.append((len(topups) + 1, ln[0], Decimal(pick(rng, ("5.00", "10.00", "20.00", "30.00"), (2, 5, 4, 1))),
                               pick(rng, ("app", "store", "voucher", "auto"), (5, 2, 2, 3)),
                               _at(day, rng.randint(7 * 60, 22 * 60))))
        if day.day == 1 and back > 0:
            for ln in lines:
                if PLANS[ln[3] - 1][1] != "postpaid" or ln[6] >= day or (ln[7] is not None and ln[7] < day):
                    continue
                fee = Decimal(PLANS[ln[3] - 1][2])
                amount = money(float(fee) + rng.choice((0, 0, 0, 2.5, 7.9, 12.4, 30.0)))
                due = day + timedelta(days=21)
                paid = None
                if rng.random() < 0.9 or due > today:
                    paid = due - timedelta(days=rng.randint(-9, 18))
                    if paid > today:
                        paid = None
                bills.append((len(bills) + 1, ln[0], day, amount, due, paid))
    return {"plans": plans, "subscribers": subscribers, "devices": devices, "lines": lines, "cellTowers": towers,
            "usageRecords": usage, "bills": bills, "topUps": topups, "supportTickets": tickets}
