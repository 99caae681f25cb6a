"""Seeded rows for ``adv14_plant`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/Detroit"
# code, name, area, days since commissioned, target OEE, families made, night shift
LINES = (("L1", "Press Line 1", "Press Shop", 5400, 85.0, ("Brackets",), True),
         ("L2", "Press Line 2", "Press Shop", 2100, 85.0, ("Brackets", "Panels"), True),
         ("L3", "Weld Cell A", "Body Shop", 3200, 80.0, ("Housings",), False),
         ("L4", "Weld Cell B", "Body Shop", 900, 80.0, ("Housings", "Frames"), False),
         ("L5", "Final Assembly", "Assembly", 4000, 75.0, ("Assemblies",), False))
# line, name, type, manufacturer, rated units per minute
MACHINES = (("L1", "Transfer press 800t", "PRESS", "Schuler", 30), ("L1", "Coil feeder", "FEEDER", "Coe Press", 40),
            ("L1", "Die cart", "TOOLING", "Schuler", 40), ("L1", "End of line stacker", "ROBOT", "Fanuc", 35),
            ("L2", "Tandem press 600t", "PRESS", "Aida", 25), ("L2", "Blank loader", "ROBOT", "Fanuc", 30),
            ("L2", "Coil feeder", "FEEDER", "Coe Press", 35),
            ("L3", "Spot weld robot 1", "ROBOT", "KUKA", 12), ("L3", "Spot weld robot 2", "ROBOT", "KUKA", 12),
            ("L3", "Weld fixture table", "FIXTURE", "Comau", 12), ("L3", "Vision checker", "TESTER", "Cognex", 20),
            ("L4", "Arc weld robot", "ROBOT", "Yaskawa", 10), ("L4", "Spot weld robot 3", "ROBOT", "KUKA", 10),
            ("L4", "Sealer dispenser", "DISPENSER", "Graco", 15),
            ("L5", "Screw driving station", "ASSEMBLY", "Atlas Copco", 8), ("L5", "Leak tester", "TESTER", "ATEQ", 8),
            ("L5", "Conveyor loop", "CONVEYOR", "Dorner", 10), ("L5", "Label printer", "PRINTER", "Zebra", 20))
# sku, description, family, kg, cycle sec, std cost
PRODUCTS = (("BRK-1001", "Mounting bracket small", "Brackets", 0.42, 2.1, 1.85),
            ("BRK-1002", "Mounting bracket large", "Brackets", 0.95, 2.4, 3.10),
            ("BRK-1010", "L bracket galvanized", "Brackets", 0.31, 2.0, 1.40),
            ("PNL-2001", "Door inner panel", "Panels", 4.80, 3.5, 22.50),
            ("PNL-2002", "Hood outer panel", "Panels", 6.20, 3.8, 31.00),
            ("HSG-3001", "Battery housing", "Housings", 7.90, 55.0, 64.00),
            ("HSG-3002", "Motor housing", "Housings", 5.40, 48.0, 47.25),
            ("FRM-4001", "Seat frame", "Frames", 9.10, 62.0, 58.90),
            ("FRM-4002", "Subframe crossmember", "Frames", 12.60, 70.0, 83.40),
            ("ASM-5001", "Battery tray assembly", "Assemblies", 11.30, 95.0, 142.00),
            ("ASM-5002", "Seat frame assembly", "Assemblies", 10.20, 88.0, 118.50),
            ("ASM-5003", "Door module assembly", "Assemblies", 8.70, 80.0, 97.00),
            ("PNL-2009", "Roof panel prototype", "Panels", 7.40, 4.0, 40.00))
SHIFTS = (("A", "Day", time(6), time(14)), ("B", "Swing", time(14), time(22)), ("C", "Night", time(22), time(6)))
REASONS = (("MECH", "Mechanical breakdown", False), ("ELEC", "Electrical fault", False), ("CHGO", "Changeover", True),
           ("MATL", "Material shortage", False), ("NOOP", "No operator available", False), ("PMNT", "Planned maintenance", True),
           ("QHLD", "Quality hold", False), ("JAM", "Part jam", False), ("BRK", "Scheduled break", True),
           ("UTIL", "Utilities outage", False))
DEFECTS = (("scratch", 20), ("dent", 14), ("burr", 16), ("crack", 5), ("porosity", 9), ("dimensional", 15),
           ("weld spatter", 10), ("missing fastener", 6), ("misalignment", 5))
FAMILY_DEFECTS = {"Brackets": ("scratch", "dent", "burr", "crack", "dimensional"),
                  "Panels": ("scratch", "dent", "burr", "crack", "dimensional"),
                  "Housings": ("porosity", "weld spatter", "dimensional", "misalignment"),
                  "Frames": ("porosity", "weld spatter", "dimensional", "crack"),
                  "Assemblies": ("missing fastener", "misalignment", "scratch", "dimensional")}
NAMED = (("Rosa", "Delgado", "LEAD", "A", 4), ("Tom", "Kowalski", "LEAD", "B", 3), ("Aisha", "Bello", "QAI", "A", 4),
         ("Victor", "Huang", "MTN", "C", 3))


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv14-plant")
    lines = [(i, c, n, a, days_before(today, d), Decimal(str(t))) for i, (c, n, a, d, t, _, _) in enumerate(LINES, 1)]
    line_id = {c: i for i, c, *_ in lines}
    machines: list[Row] = []
    for i, (lc, nm, typ, mfr, upm) in enumerate(MACHINES, 1):
        lid = line_id[lc]
        inst = lines[lid - 1][4] + timedelta(days=rng.randint(0, 40) if i % 4 else rng.randint(200, 800))
        machines.append((i, lid, f"AT-{lc}-{i:03d}", nm, typ, mfr, min(inst, today - timedelta(days=30)), upm))
    products = [(s, d, f, Decimal(str(k)).quantize(Decimal("0.001")), Decimal(str(c)), money(u), s != "PNL-2009")
                for s, d, f, k, c, u in PRODUCTS]
    ops: list[Row] = []
    taken: set[tuple[str, str]] = set()
    for f, l, job, sh, lvl in NAMED:
        taken.add((f, l))
        ops.append((len(ops) + 1, f"B{4100 + len(ops)}", f, l, job, sh, days_before(today, rng.randint(900, 5000)), lvl))
    for job, n in (("OPR", 54), ("LEAD", 8), ("QAI", 6), ("MTN", 8)):
        for _ in range(n):
            f, l = person(rng, taken)
            taken.add((f, l))
            ops.append((len(ops) + 1, f"B{4100 + len(ops)}", f, l, job, "ABC"[_ % 3] if job in ("LEAD", "QAI") else pick(rng, ("A", "B", "C"), (5, 4, 2)),
                        days_before(today, rng.randint(10, 7000)), pick(rng, (1, 2, 3, 4), (2, 4, 3, 1))))
    leads = {s: [o for o in ops if o[4] == "LEAD" and o[5] == s] for s in "ABC"}
    inspectors = [o for o in ops if o[4] == "QAI"]
    techs = [o for o in ops if o[4] in ("MTN", "OPR")]
    wos: list[Row] = []
    events: list[Row] = []
    insps: list[Row] = []
    defects: list[Row] = []
    line_machines = {lid: [m for m in machines if m[1] == lid] for lid in line_id.values()}
    for back in range(365, -4, -1):
        day = today - timedelta(days=back)
        if day.weekday() == 6:
            continue
        for (lc, _, _, _, _, fams, night), (lid, *_) in zip(LINES, lines):
            for sc, _, st, _ in SHIFTS:
                if sc == "C" and (not night or day.weekday() == 5):
                    continue
                if day.weekday() == 5 and sc == "B":
                    continue
                fam = rng.choice(fams)
                prod = rng.choice([p for p in products if p[2] == fam and p[6]])
                start = datetime.combine(day, st) + timedelta(minutes=rng.randint(0, 20))
                planned = int(7.2 * 3600 / float(prod[4]) * rng.uniform(0.8, 1.0) / 10) * 10
                now_hour = back == 0 and st.hour >= 14 or back < 0 or (back == 0 and sc == "C")
                wid = len(wos) + 1
                lead = rng.choice(leads[sc])[0] if rng.random() > 0.03 else None
                wno = f"WO{day:%y%m%d}{lc}{sc}"
                if now_hour:
                    wos.append((wid, wno, prod[0], lid, sc, lead, planned, None, None, None, None, None, "REL"))
                    continue
                if back == 0:
                    wos.append((wid, wno, prod[0], lid, sc, lead, planned, int(planned * 0.4), int(planned * 0.01), None,
                                start, None, "RUN"))
                    continue
                stat = pick(rng, ("CMP", "CNL", "HLD"), (95, 3, 2))
                if stat == "CNL":
                    wos.append((wid, wno, prod[0], lid, sc, lead, planned, None, None, None, None, None, "CNL"))
                    continue
                quality = rng.uniform(0.005, 0.03) * (2.5 if lc == "L4" else 1) * (1.8 if lead is None else 1)
                made = int(planned * rng.uniform(0.82, 1.02))
                scrap = int(made * quality)
                good = made - scrap
                end = start + timedelta(minutes=rng.randint(420, 470))
                wos.append((wid, wno, prod[0], lid, sc, lead, planned, good, scrap,
                            (Decimal(scrap) * prod[3]).quantize(Decimal("0.01")), start, end if stat == "CMP" else None, stat))
                for _ in range(pick(rng, (0, 1, 2, 3, 4), (2, 4, 3, 2, 1))):
                    m = rng.choice([m for m in line_machines[lid] if m[3] not in ("Die cart", "Label printer")])
                    rc = pick(rng, REASONS[:-1], (12, 7, 10, 6, 3, 4, 3, 9, 8) if lc != "L4" else (18, 10, 10, 6, 3, 4, 3, 9, 8))
                    dur = {"CHGO": rng.uniform(15, 60), "BRK": 30.0, "PMNT": rng.uniform(60, 180)}.get(rc[0], rng.expovariate(1 / 22) + 2)
                    events.append((len(events) + 1, m[0], wid, rc[0], start + timedelta(minutes=rng.randint(5, 400)),
                                   Decimal(str(round(dur, 1))), rng.choice(techs)[0] if rng.random() > 0.2 else None))
                for k in range(1 if rng.random() < 0.8 else 2):
                    fam_def = FAMILY_DEFECTS[fam]
                    found: list[tuple[str, str, int]] = []
                    for _ in range(pick(rng, (0, 1, 2, 3), (5, 3, 1.5, 0.5)) + (1 if lc == "L4" else 0)):
                        dt = rng.choice(fam_def)
                        if dt not in [f[0] for f in found]:
                            found.append((dt, pick(rng, ("minor", "major", "critical"), (7, 2.5, 0.5)), rng.randint(1, 6)))
                    crit = any(f[1] == "critical" for f in found)
                    major = sum(f[2] for f in found if f[1] == "major")
                    result = "FAIL" if crit or major > 6 else ("COND" if major > 0 else "PASS")
                    iid = len(insps) + 1
                    insps.append((iid, wid, pick(rng, inspectors, (9, 7, 6, 5, 4, 3, 2))[0], start + timedelta(minutes=60 + 200 * k + rng.randint(0, 120)),
                                  pick(rng, (20, 32, 50), (3, 2, 1)), result))
                    for dt, sev, q in found:
                        for _ in range(q):
                            defects.append((len(defects) + 1, iid, dt, sev))
    return {"mes_line": lines, "mes_machine": machines, "mes_product": products, "mes_shift": [tuple(s) for s in SHIFTS],
            "hr_operator": ops, "mes_work_order": wos, "ref_reason_code": [tuple(r) for r in REASONS],
            "mes_downtime_event": events, "qa_inspection": insps, "qa_defect": defects}
