"""Seeded rows for ``adv16_construction`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/Denver"
STATUSES = (("BID", "Bidding"), ("ACT", "Active"), ("HLD", "On Hold"), ("CMP", "Completed"), ("CAN", "Cancelled"),
            ("WAR", "Warranty Period"))
# name, type, city, days since first job
CLIENTS = (("City of Boulder", "P", "Boulder", 5200), ("Boulder Valley School District", "P", "Boulder", 4100),
           ("Front Range Medical Group", "C", "Longmont", 2600), ("Summit Retail Partners LLC", "C", "Denver", 1900),
           ("Peak Hospitality Inc.", "C", "Estes Park", 1500), ("Aspen Ridge HOA", "R", "Louisville", 1300),
           ("Larimer County", "P", "Fort Collins", 3700), ("Red Rocks Brewing Co.", "C", "Golden", 900),
           ("Henderson Family", "R", "Boulder", 700), ("Foothills Self Storage LLC", "C", "Lafayette", 1100),
           ("Colorado State University", "P", "Fort Collins", 2900), ("Garcia Family Trust", "R", "Erie", 400),
           ("Mountain View Church", "C", "Broomfield", 250), ("Northglenn Public Library", "P", "Northglenn", 60))
# role, count, rate range
ROLES = (("PM", 5, (58, 72)), ("SUPT", 5, (46, 55)), ("FORE", 6, (38, 45)), ("CARP", 10, (29, 37)),
         ("LAB", 10, (21, 27)), ("OPER", 4, (33, 41)))
# name, client index, city, status, contract amount (thousands), start offset (days from today), planned length
PROJECTS = (("Fire Station 3 Remodel", 0, "Boulder", "CMP", 2450, -880, 300),
            ("Lincoln Elementary Gym Addition", 1, "Boulder", "CMP", 3800, -760, 340),
            ("Longmont Urgent Care Clinic", 2, "Longmont", "CMP", 1920, -700, 260),
            ("Pearl Street Retail Fit-Out", 3, "Boulder", "CMP", 640, -540, 120),
            ("Stanley Lodge Kitchen Renovation", 4, "Estes Park", "CMP", 510, -500, 110),
            ("Aspen Ridge Clubhouse", 5, "Louisville", "CMP", 1180, -610, 240),
            ("County Road 19 Maintenance Shop", 6, "Fort Collins", "CMP", 2760, -820, 360),
            ("Brewhouse Expansion Phase 1", 7, "Golden", "CMP", 1450, -420, 200),
            ("Henderson Residence Addition", 8, "Boulder", "CMP", 385, -330, 150),
            ("Lafayette Storage Building B", 9, "Lafayette", "CMP", 1670, -460, 210),
            ("CSU Lab Wing HVAC Upgrade", 10, "Fort Collins", "CMP", 2210, -380, 180),
            ("Garcia Custom Home", 11, "Erie", "CMP", 960, -390, 230),
            ("Fire Station 7 New Build", 0, "Boulder", "ACT", 5400, -400, 520),
            ("Boulder High Roof Replacement", 1, "Boulder", "ACT", 1340, -95, 150),
            ("Longmont Medical Office Building", 2, "Longmont", "ACT", 7250, -310, 480),
            ("Summit Plaza Parking Structure", 3, "Denver", "ACT", 9800, -260, 600),
            ("Estes Park Hotel Lobby Refresh", 4, "Estes Park", "ACT", 720, -70, 60),
            ("Larimer County Fleet Wash Bay", 6, "Fort Collins", "ACT", 1560, -180, 160),
            ("Brewhouse Expansion Phase 2", 7, "Golden", "ACT", 2080, -120, 240),
            ("CSU Student Center Renovation", 10, "Fort Collins", "ACT", 6300, -230, 420),
            ("Lafayette Storage Office", 9, "Lafayette", "HLD", 540, -150, 140),
            ("Aspen Ridge Pool House", 5, "Louisville", "HLD", 430, -200, 120),
            ("Mountain View Church Sanctuary", 12, "Broomfield", "BID", 3150, 45, 330),
            ("Boulder Transit Center Canopy", 0, "Boulder", "BID", 880, 20, 120),
            ("CSU Athletics Field House", 10, "Fort Collins", "BID", 11200, 75, 540),
            ("Erie Townhomes Phase 1", 11, "Erie", "BID", 4300, 30, 400),
            ("Golden Taproom Patio", 7, "Golden", "CAN", 260, -300, 60),
            ("Longmont Imaging Center", 2, "Longmont", "CAN", 3300, -420, 300))
# code, name, trade, days until license expires (negative: expired)
SUBS = (("ELEC01", "Bright Line Electric", "Electrical", 400), ("ELEC02", "Front Range Power Systems", "Electrical", 25),
        ("PLMB01", "Rocky Mountain Plumbing", "Plumbing", 300), ("PLMB02", "Clearwater Mechanical", "Plumbing", -12),
        ("HVAC01", "Alpine Air Systems", "HVAC", 180), ("HVAC02", "Summit Heating & Cooling", "HVAC", 50),
        ("CONC01", "Granite Concrete Co.", "Concrete", 520), ("CONC02", "Foothills Flatwork", "Concrete", 90),
        ("ROOF01", "High Peak Roofing", "Roofing", 15), ("ROOF02", "Timberline Roofing", "Roofing", 240),
        ("DRYW01", "Smooth Wall Interiors", "Drywall", 330), ("DRYW02", "Front Range Drywall", "Drywall", -40),
        ("EXCV01", "Big Thompson Excavating", "Excavation", 610), ("PNT01", "Prairie Painting", "Painting", 200))
INSPECTIONS = ("FOOTING", "FOUNDATION", "FRAMING", "ELECTRICAL", "PLUMBING", "MECHANICAL", "INSULATION", "FINAL")
INSPECTORS = ("R. Alvarez", "K. Brennan", "D. Okoye", "S. Lindqvist", "M. Tran")
CO_REASONS = ("Owner requested upgrade", "Unforeseen soil conditions", "Design revision", "Code compliance change",
              "Scope reduction", "Material price escalation", "Added electrical outlets", "Additional drainage")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv16-construction")
    clients = [(100 + 5 * k, n, t, c, days_before(today, d)) for k, (n, t, c, d) in enumerate(CLIENTS)]
    emps: list[Row] = []
    taken: set[tuple[str, str]] = set()
    for role, n, (lo, hi) in ROLES:
        for j in range(n):
            f, l = person(rng, taken)
            taken.add((f, l))
            hired = days_before(today, 25 if (role == "PM" and j == n - 1) else rng.randint(90, 7000))
            emps.append((1000 + len(emps) + 1, f, l, role, hired, money(rng.uniform(lo, hi)),
                         "N" if (j == 2 and role in ("CARP", "LAB")) else "Y"))
    by_role = {r: [e for e in emps if e[3] == r and e[6] == "Y"] for r, _, _ in ROLES}
    pms = by_role["PM"][:-1]
    projs: list[Row] = []
    for k, (nm, ci, city, st, amt, off, length) in enumerate(PROJECTS):
        start = today + timedelta(days=off)
        est_end = start + timedelta(days=length)
        act_end = None
        if st == "CMP":
            act_end = est_end + timedelta(days=rng.randint(-20, 45))
            act_end = min(act_end, today - timedelta(days=rng.randint(5, 60)))
        projs.append((2301 + 3 * k, nm, clients[ci][0], city, st, pms[k % len(pms)][0], money(amt * 1000 + rng.randint(0, 999)),
                      start, est_end, act_end))
    subs = [(c, n, t, f"(303) 555-{rng.randint(1000, 9999)}" if rng.random() < 0.8 else None, today + timedelta(days=d))
            for c, n, t, d in SUBS]
    trades = sorted({s[2] for s in subs})
    bids: list[Row] = []
    cos: list[Row] = []
    insps: list[Row] = []
    crew: list[Row] = []
    for p in projs:
        pno, status, start, est_end, act_end = p[0], p[4], p[7], p[8], p[9]
        amt = float(p[6])
        for trade in rng.sample(trades, rng.randint(2, 5)):
            bidders = [s for s in subs if s[2] == trade and s[0] != "PNT01"]
            if not bidders:
                continue
            amounts = []
            for s in bidders:
                if rng.random() < 0.2 and len(bidders) > 1:
                    continue
                amounts.append((s, money(amt * rng.uniform(0.04, 0.16))))
            amounts.sort(key=lambda x: x[1])
            for n, (s, a) in enumerate(amounts):
                award = "Y" if n == 0 and status != "BID" else "N"
                bids.append((len(bids) + 1, pno, s[0], a, start - timedelta(days=rng.randint(14, 60)), award))
        if status == "BID":
            continue
        end = act_end or min(today, est_end if status != "ACT" else today)
        if status in ("HLD", "CAN"):
            end = min(today, start + timedelta(days=rng.randint(30, 80)))
        span = max((end - start).days, 1)
        if status != "CAN":
            for _ in range(rng.randint(1, 6)):
                d = start + timedelta(days=rng.randint(5, span))
                appr = d + timedelta(days=rng.randint(2, 20))
                if appr > today or (status == "ACT" and rng.random() < 0.15):
                    appr = None
                sign = -1 if rng.random() < 0.12 else 1
                cos.append((len(cos) + 1, pno, d, rng.choice(CO_REASONS), money(sign * amt * rng.uniform(0.005, 0.05)), appr))
        n_insp = len(INSPECTIONS) if status == "CMP" else min(len(INSPECTIONS) - 1, 1 + span // 45)
        for j, kind in enumerate(INSPECTIONS[:n_insp]):
            d = start + timedelta(days=int(span * (j + 1) / (n_insp + 1)))
            rslt = pick(rng, ("P", "F", "C"), (70, 18, 12))
            insps.append((len(insps) + 1, pno, d, kind, rslt, rng.choice(INSPECTORS)))
            if rslt == "F":
                insps.append((len(insps) + 1, pno, min(today, d + timedelta(days=rng.randint(3, 12))), kind, "P",
                              rng.choice(INSPECTORS)))
        members = [rng.choice(by_role["SUPT"]), rng.choice(by_role["FORE"])]
        members += rng.sample(by_role["CARP"], rng.randint(1, 3)) + rng.sample(by_role["LAB"], rng.randint(1, 3))
        if rng.random() < 0.6:
            members.append(rng.choice(by_role["OPER"]))
        for e in members:
            a = start + timedelta(days=rng.randint(0, 10))
            rel = act_end if status == "CMP" else (end if status in ("HLD", "CAN") else None)
            crew.append((pno, e[0], a, rel))
    sheets: list[Row] = []
    proj_by_no = {p[0]: p for p in projs}
    for back in range(400, -1, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for pno, eno, a, rel in crew:
            if a > day or (rel is not None and rel < day):
                continue
            if rng.random() < 0.45:
                continue
            ot = Decimal(str(pick(rng, (0, 0, 0, 1, 1.5, 2, 3), (6, 6, 6, 2, 2, 2, 1))))
            reg = Decimal("8.0") if rng.random() < 0.85 else Decimal(str(rng.choice((4, 6, 7.5))))
            sheets.append((len(sheets) + 1, eno, pno, day, reg, ot if reg == 8 else Decimal("0")))
    return {"proj_stat": list(STATUSES), "client": clients, "emp": emps, "proj": projs, "subcon": subs, "bid": bids,
            "chg_ord": cos, "insp": insps, "crew_assgn": crew, "timesheet": sheets}
