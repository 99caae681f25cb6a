"""Seeded rows for ``adv13_fleet`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, person, pick, rng_for

TIMEZONE = "America/Denver"
AIRPORTS = (("DEN", "Denver International", "Denver", "CO", True), ("ORD", "Chicago O'Hare International", "Chicago", "IL", True),
            ("SEA", "Seattle-Tacoma International", "Seattle", "WA", False), ("PHX", "Phoenix Sky Harbor International", "Phoenix", "AZ", False),
            ("SLC", "Salt Lake City International", "Salt Lake City", "UT", False), ("LAS", "Harry Reid International", "Las Vegas", "NV", False),
            ("BOI", "Boise Airport", "Boise", "ID", False), ("MSP", "Minneapolis-St Paul International", "Minneapolis", "MN", False),
            ("AUS", "Austin-Bergstrom International", "Austin", "TX", False), ("BZN", "Bozeman Yellowstone International", "Bozeman", "MT", False),
            ("OMA", "Eppley Airfield", "Omaha", "NE", False), ("GEG", "Spokane International", "Spokane", "WA", False))
TYPES = (("A320", "Airbus", "A320-200", 150), ("A321", "Airbus", "A321neo", 196), ("B738", "Boeing", "737-800", 166),
         ("E175", "Embraer", "E175", 76), ("CRJ9", "Bombardier", "CRJ900", 76), ("B39M", "Boeing", "737 MAX 9", 178))
# type, first tail number, how many
FLEET = (("A320", 301, 8), ("A321", 401, 5), ("B738", 501, 7), ("E175", 601, 6), ("CRJ9", 701, 4))
REGIONAL = ("E175", "CRJ9")
# hub, spoke, block minutes, regional
ROUTES = (("DEN", "SEA", 165, False), ("DEN", "PHX", 110, False), ("DEN", "SLC", 85, True), ("DEN", "LAS", 110, False),
          ("DEN", "BOI", 105, True), ("DEN", "MSP", 120, False), ("DEN", "AUS", 135, False), ("DEN", "BZN", 85, True),
          ("DEN", "OMA", 80, True), ("DEN", "ORD", 150, False), ("ORD", "MSP", 90, True), ("ORD", "OMA", 95, True),
          ("ORD", "AUS", 170, False), ("ORD", "PHX", 230, False), ("ORD", "SEA", 270, False))
NAMED_CREW = (("Helen", "Marsh", "CPT", "DEN", 5200), ("Raj", "Sethi", "FO", "ORD", 1400), ("Olga", "Berg", "FA", "DEN", 2600),
              ("Tomas", "Vidal", "CPT", "ORD", 4100))
ATA = ((21, ("Pack inop", "Cabin temperature controller fault", "Recirculation fan noisy")),
       (24, ("Generator drive disconnect", "Battery charger fault")),
       (27, ("Flap asymmetry message", "Spoiler fault light", "Trim runaway write-up")),
       (29, ("Hydraulic leak at brake line", "Low hydraulic quantity")),
       (32, ("Brake wear pin at limit", "Tyre cut found on walkaround", "Gear door slow to close")),
       (34, ("Weather radar inop", "ADIRU fault", "GPS 2 inop")),
       (36, ("Bleed leak warning", "Bleed valve stuck closed")),
       (49, ("APU auto shutdown", "APU will not start")),
       (72, ("Engine vibration high", "Oil consumption above limit", "Bird strike inspection")))
ATA_WEIGHTS = (14, 8, 6, 7, 18, 10, 7, 12, 8)
PARTS = (("3291-A", "Pack flow control valve", 21, 8400, True), ("F-21-117", "Recirculation fan filter", 21, 95, False),
         ("GEN-90K", "Integrated drive generator", 24, 61000, True), ("BC-24", "Battery charger", 24, 5200, True),
         ("SP-ACT-7", "Spoiler actuator", 27, 27500, True), ("HYD-SEAL-2", "Hydraulic seal kit", 29, 140, False),
         ("HF-29", "Hydraulic filter element", 29, 310, False), ("BRK-A320", "Brake assembly", 32, 19800, True),
         ("TYR-MAIN", "Main wheel tyre", 32, 2300, False), ("WHL-NOSE", "Nose wheel assembly", 32, 6100, True),
         ("WXR-640", "Weather radar transceiver", 34, 74000, True), ("GPS-MMR", "Multi-mode receiver", 34, 39000, True),
         ("BV-36", "Bleed air valve", 36, 15400, True), ("APU-IGN", "APU igniter plug", 49, 880, False),
         ("APU-STR", "APU starter motor", 49, 22500, True), ("OIL-2380", "Turbine oil quart", 72, 21, False),
         ("ENG-FLT", "Engine oil filter", 72, 180, False), ("BORE-KIT", "Borescope plug kit", 72, 260, False),
         ("LAV-PUMP", "Lavatory flush pump", 38, 3900, True))


def airports() -> list[Row]:
    return [tuple(a) for a in AIRPORTS]


def aircraft(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    msn = 1000
    for typ, first, n in FLEET:
        for i in range(n):
            tail = f"N{first + i}JX"
            age = rng.randint(300, 6800)
            msn += rng.randint(3, 400)
            home = pick(rng, ("DEN", "ORD", "SLC"), (5, 4, 1)) if typ not in REGIONAL else pick(rng, ("DEN", "ORD"), (1, 1))
            fh = round(Decimal(str(age * rng.uniform(7.5, 9.5))), 1)
            cyc = int(float(fh) / rng.uniform(1.3, 1.9))
            out.append((tail, typ, msn, days_before(today, age), home, "SVC", fh, cyc))
    out[3] = out[3][:5] + ("AOG",) + out[3][6:]
    out[22] = out[22][:5] + ("AOG",) + out[22][6:]
    out[12] = out[12][:5] + ("STO",) + out[12][6:]
    return out


def crew(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = [(i, f, l, r, b, days_before(today, h), True) for i, (f, l, r, b, h) in enumerate(NAMED_CREW, 1001)]
    taken = {(f, l) for f, l, *_ in NAMED_CREW}
    for rank, n in (("CPT", 34), ("FO", 34), ("FA", 70)):
        for _ in range(n):
            first, last = person(rng, taken)
            taken.add((first, last))
            base = pick(rng, ("DEN", "ORD", "SLC"), (5, 4, 1))
            hired = rng.randint(8, 9000) if rng.random() > 0.04 else rng.randint(1, 6)
            out.append((1001 + len(out), first, last, rank, base, days_before(today, hired), rng.random() > 0.05))
    return out


def flights(rng: random.Random, today: date, tails: list[Row], people: list[Row]) -> tuple[list[Row], list[Row]]:
    flts: list[Row] = []
    roster: list[Row] = []
    seats = {t[0]: t[3] for t in TYPES}
    ok = [t for t in tails if t[5] == "SVC" or True]
    mainline = [t for t in ok if t[1] not in REGIONAL]
    regional = [t for t in ok if t[1] in REGIONAL]
    by_base: dict[tuple[str, str], list[Row]] = {}
    for c in people:
        by_base.setdefault((c[4], c[3]), []).append(c)
    for back in range(400, -15, -1):
        day = today - timedelta(days=back)
        for i, (hub, spoke, blk, small) in enumerate(ROUTES):
            if rng.random() > 0.55:
                continue
            for leg, (dep, arr) in enumerate(((hub, spoke), (spoke, hub))):
                pool = regional if small else mainline
                tail = rng.choice(pool)
                if tail[5] != "SVC" and back < 20:
                    tail = rng.choice([t for t in pool if t[5] == "SVC"])
                hour = rng.randint(6, 13) + 7 * leg
                sched = datetime(day.year, day.month, day.day, hour, rng.choice((0, 15, 30, 45)))
                if back < 0 or (back == 0 and hour >= 12):
                    stat, dly, dep_ts, arr_ts, pax = "SCH", None, None, None, None
                else:
                    stat = pick(rng, ("CMP", "CNL", "DIV"), (96.5, 3, 0.5))
                    if stat == "CNL":
                        dly, dep_ts, arr_ts, pax = None, None, None, None
                    else:
                        dly = 0 if rng.random() < 0.62 else min(int(rng.expovariate(1 / 28)) + 1, 420)
                        dep_ts = sched + timedelta(minutes=dly)
                        arr_ts = dep_ts + timedelta(minutes=blk + rng.randint(-12, 18) + (55 if stat == "DIV" else 0))
                        pax = int(seats[tail[1]] * rng.uniform(0.55, 1.0))
                fid = len(flts) + 1
                flts.append((fid, f"JX{100 + 2 * i + leg + (0 if i < 10 else 300)}", tail[0], dep, arr, sched, dep_ts, arr_ts,
                             blk, dly, pax, stat))
                base = hub if hub != "DEN" or rng.random() > 0.12 else "SLC"
                for rank, n in (("CPT", 1), ("FO", 1), ("FA", 2 if small else 4)):
                    cands = [c for c in by_base[(base, rank)] if c[5] <= day]
                    for c in rng.sample(cands, n):
                        roster.append((fid, c[0]))
    return flts, roster


def maintenance(rng: random.Random, today: date, tails: list[Row],
                flts: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    dfcts: list[Row] = []
    wos: list[Row] = []
    used: list[Row] = []
    by_chap: dict[int, list[tuple[str, str, int, int, bool]]] = {}
    for p in PARTS:
        if p[0] != "LAV-PUMP":
            by_chap.setdefault(p[2], []).append(p)

    def write_up(tail: str, fid: int | None, day: date, force_open: bool = False, chap: int | None = None) -> None:
        if chap is None:
            chap, texts = pick(rng, ATA, ATA_WEIGHTS)
        else:
            texts = dict(ATA)[chap]
        mel = rng.random() < 0.3 and not force_open
        clr: date | None = day + timedelta(days=rng.randint(1, 25) if mel else rng.randint(0, 2))
        if force_open or (clr is not None and clr > today):
            clr = None
        did = len(dfcts) + 1
        dfcts.append((did, tail, fid, day, chap, rng.choice(texts), mel, clr))
        stn = flt_dep.get(fid, home[tail]) if fid else home[tail]
        stat = "CLS" if clr else ("HLD" if rng.random() < 0.35 and not force_open else "OPN")
        hrs = round(Decimal(str(rng.uniform(0.5, 14))), 1)
        wos.append((len(wos) + 1, tail, did, stn, "DFR", day, clr, hrs, stat))
        if rng.random() < 0.55:
            p = rng.choice(by_chap[chap])
            used.append((len(wos), p[0], 1 if p[4] else rng.randint(1, 4)))

    home = {t[0]: t[4] for t in tails}
    flt_dep = {f[0]: f[3] for f in flts}
    for f in flts:
        if f[11] in ("CMP", "DIV") and rng.random() < 0.075:
            write_up(f[2], f[0], f[5].date())
    for _ in range(120):
        t = rng.choice(tails)
        write_up(t[0], None, today - timedelta(days=rng.randint(0, 400)))
    for t in tails:
        if t[5] == "AOG":
            write_up(t[0], None, today - timedelta(days=rng.randint(0, 3)), force_open=True, chap=72 if t[1] == "A320" else 32)
    consumables = [p for p in PARTS if p[0] in ("OIL-2380", "ENG-FLT", "HF-29", "F-21-117", "HYD-SEAL-2")]
    for t in tails:
        day = today - timedelta(days=rng.randint(400, 460))
        while True:
            day += timedelta(days=rng.randint(55, 75))
            if day > today:
                break
            dur = rng.randint(0, 2)
            cls = day + timedelta(days=dur)
            wid = len(wos) + 1
            done = cls <= today
            wos.append((wid, t[0], None, t[4], "ACHK", day, cls if done else None,
                        round(Decimal(str(rng.uniform(8, 45))), 1), "CLS" if done else "OPN"))
            for p in rng.sample(consumables, rng.randint(2, 4)):
                used.append((wid, p[0], rng.randint(1, 12) if p[0] == "OIL-2380" else rng.randint(1, 3)))
        if rng.random() < 0.3 or t[5] == "STO":
            start = today - timedelta(days=rng.randint(10, 380))
            cls = start + timedelta(days=rng.randint(18, 35))
            wid = len(wos) + 1
            done = cls <= today
            wos.append((wid, t[0], None, "ORD", "CCHK", start, cls if done else None,
                        round(Decimal(str(rng.uniform(900, 2600))), 1), "CLS" if done else "OPN"))
            for p in rng.sample([p for p in PARTS if p[0] != "LAV-PUMP"], rng.randint(5, 9)):
                used.append((wid, p[0], 1 if p[4] else rng.randint(2, 10)))
        if rng.random() < 0.2:
            start = today - timedelta(days=rng.randint(5, 300))
            wos.append((len(wos) + 1, t[0], None, t[4], "MOD", start, start + timedelta(days=rng.randint(1, 4)),
                        round(Decimal(str(rng.uniform(20, 120))), 1), "CLS"))
    return dfcts, wos, used


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv13-fleet")
    tails = aircraft(rng, today)
    people = crew(rng, today)
    flts, roster = flights(rng, today, tails, people)
    dfcts, wos, used = maintenance(rng, today, tails, flts)
    return {"arpt": airports(), "acft_typ": [tuple(t) for t in TYPES], "acft": tails, "crew": people, "flt": flts,
            "flt_crew": roster, "dfct": dfcts, "mx_wo": wos,
            "part": [(n, d, c, money(u), r) for n, d, c, u, r in PARTS], "wo_part": used}
