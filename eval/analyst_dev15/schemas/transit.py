"""Seeded rows for ``adv15_transit`` (dates relative to the load day)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, person, pick, rng_for

TIMEZONE = "America/Chicago"
# id, name, neighborhood, days since opened, bays
DEPOTS = (("NORTH", "North Garage", "Uptown", 9000, 120), ("SOUTH", "South Yard", "Riverside", 6200, 90),
          ("EAST", "East Base", "Eastgate", 3100, 70), ("HARBOR", "Harbor Annex", "Harborview", 40, 30))
# id, short, long, type, color, depot, days since launched, stops (indexes into STOPS), daily taps weight
ROUTES = (("R1", "1", "Central Station - Airport", 3, "E31837", "NORTH", 8000, (0, 1, 2, 3, 4, 5, 6, 7), 10),
          ("R4", "4", "Uptown - Riverside", 3, "0054A6", "NORTH", 7000, (8, 9, 1, 10, 11, 12, 13), 7),
          ("R10", "10", "Lakeshore Crosstown", 3, "00A651", "SOUTH", 5000, (14, 15, 16, 2, 17, 18), 8),
          ("R22", "22", "Eastgate - University", 3, "F7941D", "EAST", 2500, (19, 20, 21, 3, 22, 23, 24), 9),
          ("X5", "X5", "Eastgate Express", 3, "8B1A89", "EAST", 900, (19, 22, 0), 4),
          ("N8", "N8", "Night Owl Downtown Loop", 3, "231F20", "SOUTH", 1500, (0, 1, 2, 16, 15), 2),
          ("T2", "T2", "Riverfront Streetcar", 0, "00B2A9", "SOUTH", 3600, (13, 12, 25, 26, 27), 6),
          ("R31", "31", "Harborview Shuttle", 3, "A7A9AC", "HARBOR", 30, (27, 28, 29), 1))
# name, zone, wheelchair_boarding, shelter
STOPS = (("Central Station", "A", 1, True), ("Main St & 5th Ave", "A", 1, True), ("City Hall", "A", 1, True),
         ("Union Square", "A", 1, True), ("Medical Center", "B", 1, True), ("Oak Park", "B", 2, False),
         ("Airport Terminal 1", "C", 1, True), ("Airport Terminal 2", "C", 1, True),
         ("Uptown Transit Center", "B", 1, True), ("Elm St & 12th Ave", "B", 0, False), ("Library", "A", 1, False),
         ("Museum District", "A", 1, True), ("Riverside Park", "B", 2, False), ("Riverside Terminal", "B", 1, True),
         ("Lakeshore Dr & Pine St", "B", 0, False), ("Lakeshore Beach", "B", 2, False), ("Stadium", "A", 1, True),
         ("Market Street", "A", 1, False), ("Westfield Mall", "B", 1, True), ("Eastgate Station", "B", 1, True),
         ("Cedar Ave & 3rd St", "B", 0, False), ("High School", "B", 2, False), ("University Hospital", "A", 1, True),
         ("University Campus", "B", 1, True), ("Student Village", "C", 0, False), ("Old Mill", "B", 2, False),
         ("Convention Center", "A", 1, True), ("Harbor Ferry Terminal", "C", 1, True), ("Pier 9", "C", 0, False),
         ("Harborview Apartments", "C", 2, False), ("Industrial Park Gate", "C", 0, False),
         ("Quarry Rd Park and Ride", "C", 1, True))
# depot, make, model, fuel, seats, count
FLEET = (("NORTH", "New Flyer", "Xcelsior XD40", "diesel", 38, 9), ("NORTH", "New Flyer", "Xcelsior XE40", "electric", 36, 5),
         ("SOUTH", "Gillig", "Low Floor 40", "diesel", 39, 6), ("SOUTH", "Gillig", "Low Floor Hybrid", "hybrid", 38, 4),
         ("SOUTH", "Siemens", "S700", "electric", 60, 4), ("EAST", "Nova Bus", "LFS HEV", "hybrid", 41, 6),
         ("EAST", "Proterra", "ZX5", "electric", 35, 4))
FARES = (("adult", Decimal("2.00"), 55), ("senior", Decimal("1.00"), 12), ("student", Decimal("1.25"), 15),
         ("youth", Decimal("0.75"), 6), ("transfer", Decimal("0.00"), 12))
INCIDENTS = (("mechanical", 22), ("traffic", 35), ("accident", 6), ("passenger", 14), ("weather", 8), ("detour", 15))


def _hhmm(minutes: int) -> time:
    minutes %= 24 * 60
    return time(minutes // 60, minutes % 60)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv15-transit")
    depots = [(i, n, nb, days_before(today, d), b) for i, n, nb, d, b in DEPOTS]
    routes = [(r, s, ln, t, c, d, days_before(today, dd)) for r, s, ln, t, c, d, dd, _, _ in ROUTES]
    stops: list[Row] = []
    for k, (nm, zone, wc, shelter) in enumerate(STOPS):
        stops.append((f"S{1000 + 7 * k}", 4100 + 3 * k, nm, Decimal(str(round(41.80 + rng.uniform(0, 0.2), 5))),
                      Decimal(str(round(-87.75 + rng.uniform(0, 0.2), 5))), zone, wc, shelter))
    stop_id = [s[0] for s in stops]
    trips: list[Row] = []
    stop_times: list[Row] = []
    for rid, short, long_name, rtype, _, _, _, pattern, weight in ROUTES:
        ends = long_name.split(" - ")
        for service, first, last, every in (("WKDY", 5 * 60 + 30, 22 * 60, 30 if weight >= 7 else 60),
                                            ("SAT", 7 * 60, 21 * 60, 60), ("SUN", 8 * 60, 20 * 60, 90)):
            if short == "X5" and service != "WKDY":
                continue
            if short == "N8":
                first, last, every = 23 * 60, 28 * 60, 60
            for direction in (0, 1):
                seq = list(pattern) if direction == 0 else list(reversed(pattern))
                head = (ends[-1] if direction == 0 else ends[0]) if len(ends) == 2 else STOPS[seq[-1]][0]
                for dep in range(first + 10 * direction, last, every):
                    tid = f"{rid}_{service}_{direction}_{dep // 60 % 24:02d}{dep % 60:02d}"
                    acc = 1 if rtype == 0 or short in ("X5", "R31") else pick(rng, (0, 1, 2), (1, 8, 2))
                    trips.append((tid, rid, service, direction, head, acc))
                    t, dist = dep, 0.0
                    for n, s in enumerate(seq, 1):
                        stop_times.append((tid, n, stop_id[s], _hhmm(t), _hhmm(t + (1 if n > 1 else 0)),
                                           Decimal(str(round(dist, 2)))))
                        hop = rng.randint(3, 7) if short != "X5" else rng.randint(9, 14)
                        t += hop
                        dist += hop * 0.45
    vehicles: list[Row] = []
    for depot, make, model, fuel, seats, n in FLEET:
        for _ in range(n):
            k = len(vehicles)
            prefix = "LRV" if make == "Siemens" else "BUS"
            vehicles.append((f"{prefix}-{1101 + 7 * k}", depot, make, model, fuel, seats,
                             days_before(today, rng.randint(200, 4500)), rng.randint(20_000, 640_000)))
    drivers: list[Row] = []
    taken: set[tuple[str, str]] = set()
    for depot, n in (("NORTH", 14), ("SOUTH", 13), ("EAST", 10), ("HARBOR", 2)):
        for j in range(n):
            f, l = person(rng, taken)
            taken.add((f, l))
            k = len(drivers) + 1
            drivers.append((k, f"D{5200 + 3 * k}", f, l, depot, days_before(today, rng.randint(20, 9000)), j == 0))
    route_stops = {r[0]: [stop_id[s] for s in r[7]] for r in ROUTES}
    route_weight = [(r[0], r[8]) for r in ROUTES]
    route_depot = {r[0]: r[5] for r in ROUTES}
    route_since = {r[0]: days_before(today, r[6]) for r in ROUTES}
    depot_vehicles = {d[0]: [v for v in vehicles if v[1] == d[0]] for d in DEPOTS}
    depot_drivers = {d[0]: [x for x in drivers if x[4] == d[0]] for d in DEPOTS}
    fares: list[Row] = []
    incidents: list[Row] = []
    for back in range(400, -1, -1):
        day = today - timedelta(days=back)
        wd = day.weekday()
        volume = 70 if wd < 5 else (40 if wd == 5 else 28)
        for _ in range(volume + rng.randint(-8, 8)):
            rid = pick(rng, [r for r, _ in route_weight], [w for _, w in route_weight])
            if route_since[rid] > day or (rid == "X5" and wd >= 5):
                continue
            ft = pick(rng, [f[0] for f in FARES], [f[2] for f in FARES])
            fare = next(f[1] for f in FARES if f[0] == ft)
            method = pick(rng, ("card", "mobile", "cash"), (50, 35, 15))
            hour = 23 + rng.randint(0, 3) if rid == "N8" else pick(rng, range(5, 23), [1, 4, 9, 9, 6, 4, 4, 5, 5, 4, 4, 6, 9, 9, 6, 4, 3, 2])
            at = datetime.combine(day, time(hour % 24, rng.randint(0, 59), rng.randint(0, 59)))
            if hour >= 24:
                at += timedelta(days=1)
                if at.date() > today:
                    continue
            fares.append((len(fares) + 1, at, rid, rng.choice(route_stops[rid]), ft, method, fare))
        for _ in range(pick(rng, (0, 1, 2, 3, 4, 5), (2, 4, 4, 3, 2, 1))):
            rid = pick(rng, [r for r, _ in route_weight if r != "R31"], [w for r, w in route_weight if r != "R31"])
            if route_since[rid] > day:
                continue
            depot = route_depot[rid]
            kind = pick(rng, [i[0] for i in INCIDENTS], [i[1] for i in INCIDENTS])
            veh = rng.choice([v for v in depot_vehicles[depot] if (v[2] == "Siemens") == (rid == "T2")])
            drv = rng.choice(depot_drivers[depot])[0] if rng.random() > 0.1 else None
            at = datetime.combine(day, time(rng.randint(5, 22), rng.randint(0, 59)))
            delay = {"mechanical": rng.randint(10, 60), "accident": rng.randint(15, 90), "weather": rng.randint(5, 40),
                     "detour": rng.randint(5, 25)}.get(kind, rng.randint(2, 20))
            if veh[4] == "diesel" and kind == "mechanical":
                delay += 10
            resolved = None if back < 2 and rng.random() < 0.6 else at + timedelta(minutes=delay + rng.randint(5, 120))
            stop = rng.choice(route_stops[rid]) if kind != "mechanical" or rng.random() < 0.5 else None
            incidents.append((len(incidents) + 1, rid, veh[0], drv, stop, at, kind, delay, resolved))
    return {"depots": depots, "routes": routes, "stops": stops, "trips": trips, "stop_times": stop_times,
            "vehicles": vehicles, "drivers": drivers, "fare_transactions": fares, "service_incidents": incidents}
