"""Seeded rows for ``adv13_saas`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, money, person, pick, rng_for

TIMEZONE = "America/Los_Angeles"
PLANS = (("FREE", "Free", "monthly", 0, 3), ("STARTER", "Starter", "monthly", 49, 10), ("TEAM", "Team", "monthly", 199, 50),
         ("TEAM_ANNUAL", "Team Annual", "annual", 1990, 50), ("BUSINESS", "Business", "monthly", 599, None),
         ("ENTERPRISE", "Enterprise", "annual", 24000, None), ("PRO_LEGACY", "Pro (legacy)", "monthly", 99, 20),
         ("NONPROFIT", "Nonprofit", "monthly", 25, 25))
REASONS = (("PRICE", "Too expensive"), ("COMPETITOR", "Switched to a competitor"), ("FEATURES", "Missing features"),
           ("CLOSED", "Company went out of business"), ("SUPPORT", "Unhappy with support"), ("LOW_USAGE", "Not using it enough"),
           ("OTHER", "Other"))
INDUSTRIES = ("Software", "Retail", "Healthcare", "Financial Services", "Education", "Manufacturing", "Media")
COUNTRIES = ("US", "GB", "DE", "CA", "AU", "FR", "IN")
FIRST_WORDS = ("Acme", "Blue Harbor", "Northwind", "Pinecrest", "Redwood", "Silverline", "Brightpath", "Cobalt", "Evergreen",
               "Foxglove", "Granite", "Harbor Point", "Ironwood", "Juniper", "Keystone", "Lakeside", "Maple", "Nimbus",
               "Orchard", "Pioneer", "Quartz", "Riverbend", "Summit", "Tidewater", "Upland", "Vantage", "Willow", "Zephyr")
SECOND_WORDS = ("Labs", "Logistics", "Health", "Analytics", "Retail Group", "Media", "Systems", "Partners", "Academy",
                "Manufacturing", "Bank", "Studios", "Foods", "Energy", "Robotics")
NAMED = (("Northwind Traders", "Retail", "US", "Enterprise", 900, "ENTERPRISE"),
         ("Globex Corporation", "Manufacturing", "DE", "Enterprise", 700, "BUSINESS"),
         ("Initech", "Software", "US", "Mid-Market", 500, "TEAM"))
AGENTS = (("Priya Raman", "Tier 1", 900), ("Marcus Bell", "Tier 1", 700), ("Sofia Lindgren", "Tier 1", 400),
          ("Daniel Osei", "Tier 1", 250), ("Hana Kobayashi", "Tier 2", 1000), ("Leo Fischer", "Tier 2", 600),
          ("Amara Nwosu", "Billing", 800), ("Chris Dalton", "Billing", 300), ("Jade Moreau", "Tier 1", 5))
FEATURES = (("api_call", 200, 6000), ("report_export", 1, 40), ("dashboard_view", 10, 600), ("user_login", 5, 250))
CATEGORIES = ("billing", "bug", "how-to", "feature request", "account access")


def key(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def dates(today: date) -> list[Row]:
    out: list[Row] = []
    d = today - timedelta(days=1300)
    while d <= today + timedelta(days=400):
        out.append((key(d), d, d.year, (d.month - 1) // 3 + 1, d.month, d.strftime("%B"), d.strftime("%A"), d.weekday() >= 5))
        d += timedelta(days=1)
    return out


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, 28))


def accounts(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    names = [f"{a} {b}" for a in FIRST_WORDS for b in SECOND_WORDS]
    rng.shuffle(names)
    for i, (n, ind, cc, seg, ago, _) in enumerate(NAMED, 1):
        out.append((i, f"AC-{10000 + i}", n, ind, cc, seg, key(today - timedelta(days=ago))))
    for i in range(len(NAMED) + 1, 381):
        seg = pick(rng, ("SMB", "Mid-Market", "Enterprise"), (65, 27, 8))
        ago = rng.randint(0, 12) if i % 40 == 7 else rng.randint(13, 1150)
        out.append((i, f"AC-{10000 + i}", names[i], rng.choice(INDUSTRIES), pick(rng, COUNTRIES, (55, 12, 9, 9, 6, 5, 4)), seg,
                    key(today - timedelta(days=ago))))
    return out


def subscriptions(rng: random.Random, today: date, accts: list[Row]) -> list[Row]:
    out: list[Row] = []
    code = {p[0]: i for i, p in enumerate(PLANS, 1)}
    for a in accts:
        start = date(a[6] // 10000, a[6] // 100 % 100, a[6] % 100)
        named = {n[0]: n[5] for n in NAMED}.get(a[2])
        while True:
            if named:
                plan = named
            elif a[5] == "Enterprise":
                plan = pick(rng, ("ENTERPRISE", "BUSINESS", "TEAM_ANNUAL"), (5, 3, 1))
            elif a[5] == "Mid-Market":
                plan = pick(rng, ("TEAM", "TEAM_ANNUAL", "BUSINESS", "PRO_LEGACY"), (5, 2, 2, 1))
            else:
                plan = pick(rng, ("FREE", "STARTER", "TEAM", "PRO_LEGACY"), (3, 5, 2, 1))
            if plan == "PRO_LEGACY" and start > today - timedelta(days=700):
                plan = "TEAM"
            p = PLANS[code[plan] - 1]
            seats = rng.randint(1, p[4] or 400) if plan != "FREE" else rng.randint(1, 3)
            mrr = Decimal(p[3]) / (12 if p[2] == "annual" else 1)
            if plan == "ENTERPRISE":
                mrr *= Decimal(str(round(rng.uniform(0.8, 1.6), 2)))
            end = None
            reason = None
            churn = 0.9 if plan == "PRO_LEGACY" else (0.28 if not named else 0)
            if (today - start).days > 45 and rng.random() < churn:
                end = start + timedelta(days=rng.randint(30, max(31, (today - start).days - 1)))
                reason = pick(rng, range(1, 8), (20, 18, 14, 6, 8, 24, 10))
            status = "canceled" if end else ("trialing" if (today - start).days < 14 and plan != "FREE" else
                                             ("past_due" if rng.random() < 0.05 and plan != "FREE" else "active"))
            if status == "trialing":
                mrr = Decimal(0)
            sid = len(out) + 1
            out.append((sid, f"SUB-{50000 + sid}", a[0], code[plan], key(start), None if end is None else key(end), reason,
                        status, seats, money(mrr)))
            if end is None or rng.random() > 0.25 or (today - end).days < 20:
                break
            start = end + timedelta(days=rng.randint(5, 15))
    return out


def invoices(rng: random.Random, today: date, subs: list[Row], accts: list[Row]) -> list[Row]:
    out: list[Row] = []
    seg = {a[0]: a[5] for a in accts}
    for s in subs:
        if s[9] == 0 and s[7] != "trialing":
            continue
        if s[7] == "trialing":
            continue
        p = PLANS[s[3] - 1]
        step = 12 if p[2] == "annual" else 1
        start = date(s[4] // 10000, s[4] // 100 % 100, s[4] % 100)
        end = today if s[5] is None else date(s[5] // 10000, s[5] // 100 % 100, s[5] % 100)
        n = 0
        while True:
            d = add_months(start, n)
            if d > end:
                break
            n += step
            amount = money(s[9] * step)
            net = 14 if seg[s[2]] == "SMB" else 30
            due = d + timedelta(days=net)
            if s[7] == "past_due" and (today - d).days < 65:
                status = "open"
            elif due >= today:
                status = "paid" if rng.random() < 0.45 else "open"
            else:
                status = pick(rng, ("paid", "open", "uncollectible", "void"), (93, 2.5, 2, 2.5))
            paid = amount if status == "paid" else Decimal("0.00")
            iid = len(out) + 1
            out.append((iid, f"INV-{200000 + iid}", s[2], s[0], key(d), key(due), amount, paid, status))
    return out


def usage(rng: random.Random, today: date, subs: list[Row]) -> list[Row]:
    out: list[Row] = []
    for s in subs:
        start = date(s[4] // 10000, s[4] // 100 % 100, s[4] % 100)
        end = today if s[5] is None else date(s[5] // 10000, s[5] // 100 % 100, s[5] % 100)
        scale = 0.15 if s[3] == 1 else (3.0 if s[3] in (5, 6) else 1.0)
        d = max(start, today - timedelta(days=180)) + timedelta(days=rng.randint(0, 13))
        while d <= end:
            for f, lo, hi in FEATURES:
                if rng.random() < 0.7:
                    out.append((len(out) + 1, s[2], key(d), f, max(1, int(rng.randint(lo, hi) * scale))))
            d += timedelta(days=rng.randint(10, 18))
    return out


def tickets(rng: random.Random, today: date, accts: list[Row]) -> list[Row]:
    out: list[Row] = []
    for _ in range(1700):
        a = rng.choice(accts)
        signup = date(a[6] // 10000, a[6] // 100 % 100, a[6] % 100)
        if (today - signup).days < 3:
            continue
        opened = today - timedelta(days=rng.randint(0, min(700, (today - signup).days)))
        cat = pick(rng, CATEGORIES, (22, 25, 30, 10, 13))
        team = "Billing" if cat == "billing" else ("Tier 2" if cat == "bug" and rng.random() < 0.6 else "Tier 1")
        cands = [i for i, (n, t, ago) in enumerate(AGENTS, 1) if t == team and (today - timedelta(days=ago)) <= opened
                 and n != "Jade Moreau"]
        agent = rng.choice(cands) if cands and rng.random() > 0.03 else None
        pr = pick(rng, ("low", "normal", "high", "urgent"), (25, 50, 18, 7))
        took = rng.randint(0, {"urgent": 2, "high": 5, "normal": 10, "low": 20}[pr])
        done = opened + timedelta(days=took)
        resolved = None if done > today or rng.random() < 0.04 or agent is None else done
        csat = pick(rng, (1, 2, 3, 4, 5), (5, 7, 15, 33, 40)) if resolved and rng.random() < 0.55 else None
        tid = len(out) + 1
        out.append((tid, f"T-{80000 + tid}", a[0], agent, key(opened), None if resolved is None else key(resolved), pr, cat, csat))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv13-saas")
    accts = accounts(rng, today)
    subs = subscriptions(rng, today, accts)
    return {"dim_date": dates(today),
            "dim_plan": [(i, c, n, b, money(p), s) for i, (c, n, b, p, s) in enumerate(PLANS, 1)],
            "dim_account": accts,
            "dim_agent": [(i, n, t, key(today - timedelta(days=ago))) for i, (n, t, ago) in enumerate(AGENTS, 1)],
            "dim_churn_reason": [(i, c, d) for i, (c, d) in enumerate(REASONS, 1)],
            "fact_subscription": subs, "fact_invoice": invoices(rng, today, subs, accts), "fact_usage": usage(rng, today, subs),
            "fact_support_ticket": tickets(rng, today, accts)}
