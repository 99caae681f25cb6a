"""Seeded rows for ``adev_helpdesk`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
TEAMS = ((1, "Tier 1", "EMEA"), (2, "Tier 2", "EMEA"), (3, "Tier 1", "Americas"),
         (4, "Billing", "Americas"), (5, "Escalations", "APAC"))
COMPANIES = ("Acme Corp", "Bluefin Labs", "Cobalt Systems", "Delta Freight", "Evergreen Health",
             "Fjord Analytics", "Granite Bank", "Helix Media", "Ion Robotics", "Juniper Foods",
             "Kestrel Air", "Lumen Energy", "Mosaic Games", "Nimbus Cloud", "Orchid Travel",
             "Pioneer Tools", "Quartz Legal", "Redwood Schools", "Sable Insurance", "Tundra Outdoor",
             "Umber Studio", "Vertex Motors", "Willow Care", "Xenon Chips", "Yarrow Farms")
COUNTRIES = ("Germany", "France", "United States", "Canada", "Japan", "Australia", "Brazil")
SUBJECTS = ("Cannot log in", "Invoice question", "API error 500", "Password reset", "Slow dashboard",
            "Export fails", "SSO setup", "Refund request", "Data import", "Feature request")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adev-helpdesk")
    agents: list[Row] = []
    for i in range(1, 19):
        first, last = person(rng)
        hired = days_before(today, rng.randint(60, 2000))
        left = days_before(today, rng.randint(5, 50)) if i in (4, 11) else None
        agents.append((i, f"{first} {last}", rng.randint(1, 5), hired, left, money(rng.randint(2200, 5200) / 100)))
    accounts: list[Row] = []
    for i, company in enumerate(COMPANIES, 1):
        plan = pick(rng, ("basic", "pro", "enterprise"), (4, 3, 2))
        seats = {"basic": rng.randint(3, 20), "pro": rng.randint(15, 120), "enterprise": rng.randint(100, 2000)}[plan]
        accounts.append((i, company, plan, rng.choice(COUNTRIES), seats, days_before(today, rng.randint(30, 1500))))
    tickets: list[Row] = []
    replies: list[Row] = []
    for i in range(1, 701):
        opened = moment(days_before(today, int(rng.triangular(0, 500, 20))), rng.randint(7, 19), rng.randint(0, 59))
        account = rng.randint(1, 23)               # accounts 24 and 25 never opened a ticket
        agent = None if rng.random() < 0.06 else rng.choice([a for a in range(1, 19) if a != 17])
        status = "open" if agent is None else pick(rng, ("open", "pending", "closed"), (1, 1, 6))
        if (today - opened.date()).days > 60 and status != "open" and agent is not None:
            status = "closed"
        closed = opened + timedelta(hours=rng.randint(1, 240)) if status == "closed" else None
        csat = rng.randint(1, 5) if closed is not None and rng.random() < 0.7 else None
        tickets.append((i, account, agent, rng.choice(SUBJECTS), pick(rng, ("low", "medium", "high", "urgent"), (3, 4, 2, 1)),
                        status, pick(rng, ("email", "chat", "phone"), (5, 3, 2)), opened, closed, csat))
        for k in range(rng.randint(0, 3) if agent is not None else 0):
            replies.append((len(replies) + 1, i, agent, opened + timedelta(minutes=30 + k * rng.randint(30, 600)),
                            rng.randint(20, 400)))
    return {"team": [tuple(t) for t in TEAMS], "agent": agents, "account": accounts, "ticket": tickets,
            "reply": replies}
