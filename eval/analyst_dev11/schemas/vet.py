"""Seeded rows for ``adv11_vet`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import Row, days_before, money, moment, person, pick, rng_for

TIMEZONE = "America/New_York"
# name, city, state, opened days ago, emergency
CLINICS = (("Northside Animal Hospital", "Columbus", "OH", 4200, "Y"), ("Clintonville Pet Clinic", "Columbus", "OH", 3100, "N"),
           ("Dublin Veterinary Center", "Dublin", "OH", 2500, "N"), ("Westerville Animal Clinic", "Westerville", "OH", 1800, "N"),
           ("Grove City Vet", "Grove City", "OH", 210, "N"))
SPECIES = (("CAN", "Canine"), ("FEL", "Feline"), ("AVI", "Avian"), ("LAG", "Rabbit"), ("RDT", "Rodent"),
           ("REP", "Reptile"), ("EQU", "Equine"))
BREEDS = {"CAN": ("Labrador Retriever", "Golden Retriever", "German Shepherd", "Beagle", "French Bulldog", "Dachshund",
                  "Mixed"),
          "FEL": ("Domestic Shorthair", "Maine Coon", "Siamese", "Ragdoll", "Domestic Longhair"),
          "AVI": ("Cockatiel", "Budgerigar", "African Grey"), "LAG": ("Holland Lop", "Netherland Dwarf"),
          "RDT": ("Guinea Pig", "Hamster"), "REP": ("Bearded Dragon", "Leopard Gecko", "Ball Python")}
PET_NAMES = ("Bella", "Max", "Luna", "Charlie", "Lucy", "Cooper", "Daisy", "Milo", "Bailey", "Oliver", "Sadie", "Leo",
             "Rocky", "Nala", "Zoe", "Tucker", "Cleo", "Simba", "Rosie", "Bear", "Ginger", "Olive", "Duke", "Pepper",
             "Willow", "Finn", "Hazel", "Loki", "Ruby", "Ziggy")
CITIES = ("Columbus", "Dublin", "Westerville", "Grove City", "Hilliard", "Worthington", "Upper Arlington")
NAMED_CLIENTS = (("Rosa", "Delgado", "Columbus"), ("Tom", "Becker", "Dublin"), ("Hannah", "Cho", "Westerville"))
# clinic, first, last, role, hired days ago, left days ago
NAMED_STAFF = ((1, "Anna", "Kowalski", "DVM", 3900, None), (1, "Ben", "Okafor", "DVM", 2000, None),
               (1, "Dana", "Reyes", "DVM", 1400, 90), (2, "Grace", "Lindqvist", "DVM", 3000, None),
               (2, "Omar", "Haddad", "DVM", 900, None), (3, "Julia", "Park", "DVM", 2400, None),
               (3, "Sam", "Whitfield", "DVM", 700, None), (4, "Nina", "Ivanova", "DVM", 1700, None),
               (5, "Marco", "Bianchi", "DVM", 200, None))
STATUSES = (("SCH", "Scheduled"), ("CMP", "Completed"), ("NSH", "No Show"), ("CXL", "Cancelled"))
SERVICES = (("EXAM-WL", "Wellness exam", "EXAM", 65), ("EXAM-SK", "Sick visit exam", "EXAM", 78),
            ("VAC-RAB", "Rabies vaccine", "VACC", 32), ("VAC-DHPP", "DHPP vaccine", "VACC", 38),
            ("VAC-FVR", "FVRCP vaccine", "VACC", 36), ("VAC-BOR", "Bordetella vaccine", "VACC", 30),
            ("LAB-CBC", "Complete blood count", "LAB", 95), ("LAB-FEC", "Fecal exam", "LAB", 45),
            ("LAB-HW", "Heartworm test", "LAB", 55), ("SRG-SPAY", "Spay", "SURG", 420), ("SRG-NEUT", "Neuter", "SURG", 310),
            ("SRG-MASS", "Mass removal", "SURG", 650), ("DEN-CLN", "Dental cleaning", "DENT", 380),
            ("DEN-EXT", "Tooth extraction", "DENT", 120), ("RX-NSAID", "Carprofen 30 ct", "RX", 42),
            ("RX-ABX", "Amoxicillin course", "RX", 28), ("RX-FLEA", "Flea and tick preventive 3 mo", "RX", 65),
            ("IMG-XR", "Radiograph", "IMG", 185), ("IMG-US", "Ultrasound", "IMG", 320), ("IMG-CT", "CT scan", "IMG", 1200))
VACCINES = {"VAC-RAB": "Rabies", "VAC-DHPP": "DHPP", "VAC-FVR": "FVRCP", "VAC-BOR": "Bordetella"}


def clinics(today: date) -> list[Row]:
    return [(i, n, c, s, days_before(today, d), er) for i, (n, c, s, d, er) in enumerate(CLINICS, 1)]


def staff(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = [(i, c, f, l, r, days_before(today, h), None if t is None else days_before(today, t))
                      for i, (c, f, l, r, h, t) in enumerate(NAMED_STAFF, 1)]
    taken = {(f, l) for _, f, l, *_ in NAMED_STAFF}
    for clinic in range(1, 6):
        for role, n in (("RVT", 3 if clinic < 5 else 1), ("CSR", 2)):
            for _ in range(n):
                first, last = person(rng, taken)
                taken.add((first, last))
                hired = days_before(today, rng.randint(30, min(CLINICS[clinic - 1][3], 3000)))
                left = days_before(today, rng.randint(5, 200)) if rng.random() < 0.12 else None
                if left is not None and left <= hired:
                    left = None
                out.append((len(out) + 1, clinic, first, last, role, hired, left))
    return out


def clients(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    taken = {(f, l) for f, l, _ in NAMED_CLIENTS}
    for i in range(1, 521):
        if i <= len(NAMED_CLIENTS):
            first, last, city = NAMED_CLIENTS[i - 1]
        else:
            first, last = person(rng, taken)
            taken.add((first, last))
            city = pick(rng, CITIES, (6, 3, 3, 2, 2, 1, 1))
        email = None if rng.random() < 0.15 else f"{first[0].lower()}{last.lower()}{i}@gmail.com"
        reg = days_before(today, rng.randint(0, 20) if i % 61 == 5 else rng.randint(21, 3800))
        home = {"Columbus": 1, "Dublin": 3, "Westerville": 4, "Grove City": 5}.get(city, rng.randint(1, 4))
        out.append((i, first, last, city, email, reg, None if rng.random() < 0.08 else home))
    return out


def patients(rng: random.Random, today: date, people: list[Row]) -> list[Row]:
    out: list[Row] = []
    fixed = {1: (("Biscuit", "CAN", "Beagle"),), 2: (("Mochi", "FEL", "Siamese"), ("Pepper", "FEL", "Maine Coon")),
             3: (("Kiwi", "AVI", "Cockatiel"),)}
    for c in people:
        pets = fixed.get(c[0]) or tuple(
            (rng.choice(PET_NAMES), spc, None) for spc in
            (pick(rng, ("CAN", "FEL", "AVI", "LAG", "RDT", "REP"), (50, 38, 3, 4, 3, 2))
             for _ in range(pick(rng, (1, 2, 3), (6, 3, 1)))))
        for name, spc, breed in pets:
            breed = breed or (None if rng.random() < 0.06 else rng.choice(BREEDS[spc]))
            sex = pick(rng, ("M", "F", "MN", "FS"), (1, 1, 3, 3))
            life = {"CAN": 14, "FEL": 17, "AVI": 20, "LAG": 9, "RDT": 5, "REP": 15}[spc]
            born = None if rng.random() < 0.05 else days_before(today, rng.randint(60, 365 * life))
            wt = {"CAN": rng.uniform(4, 45), "FEL": rng.uniform(2.5, 8), "AVI": rng.uniform(0.03, 0.5),
                  "LAG": rng.uniform(1, 3), "RDT": rng.uniform(0.1, 1.2), "REP": rng.uniform(0.05, 2)}[spc]
            dead = "Y" if rng.random() < 0.07 and c[0] > 3 else "N"
            out.append((len(out) + 1, c[0], name, spc, breed, sex, born, round(Decimal(str(wt)), 1), dead))
    return out


def appointments(rng: random.Random, today: date, pets: list[Row], people: list[Row],
                 team: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    appts: list[Row] = []
    chrgs: list[Row] = []
    vaccs: list[Row] = []
    svc = {s[0]: s for s in SERVICES}
    pref = {c[0]: c[6] for c in people}
    vets = {cl: [s for s in team if s[1] == cl and s[4] == "DVM"] for cl in range(1, 6)}
    techs = {cl: [s for s in team if s[1] == cl and s[4] == "RVT"] for cl in range(1, 6)}
    opened = {i: days_before(today, c[3]) for i, c in enumerate(CLINICS, 1)}
    for p in pets:
        visits = pick(rng, (0, 1, 2, 3, 4, 6, 8), (1, 3, 4, 4, 3, 2, 1))
        if p[1] <= 3:
            visits = 5
        for _ in range(visits):
            clinic = pref[p[1]] or rng.randint(1, 4)
            if rng.random() < 0.1:
                clinic = rng.randint(1, 5)
            offset = rng.randint(-730, 30)
            day = today + timedelta(days=offset)
            if day < opened[clinic]:
                day = opened[clinic] + timedelta(days=rng.randint(0, 60))
            typ = pick(rng, ("WELL", "SICK", "SURG", "DENT", "VACC", "RCHK"), (5, 4, 1, 1, 2, 1.5))
            if p[8] == "Y" and day > today - timedelta(days=100):
                continue
            hour = 8 + rng.randint(0, 9)
            when = moment(day, hour, rng.choice((0, 15, 30, 45)))
            if day > today or (day == today and hour >= 12):
                status = "SCH" if rng.random() < 0.93 else "CXL"
            else:
                status = pick(rng, ("CMP", "NSH", "CXL"), (86, 5, 9))
            pool = [s for s in vets[clinic] if s[5] <= day and (s[6] is None or s[6] > day)] or vets[clinic]
            who = rng.choice(techs[clinic]) if typ == "VACC" and rng.random() < 0.5 else rng.choice(pool)
            dur = {"WELL": 30, "SICK": 30, "SURG": 120, "DENT": 90, "VACC": 15, "RCHK": 15}[typ]
            appt_id = len(appts) + 1
            appts.append((appt_id, p[0], clinic, who[0], when, typ, status, dur))
            if status != "CMP":
                continue
            lines: list[tuple[str, int]] = []
            if typ in ("WELL", "VACC"):
                if typ == "WELL":
                    lines.append(("EXAM-WL", 1))
                shots = {"CAN": ("VAC-RAB", "VAC-DHPP", "VAC-BOR"), "FEL": ("VAC-RAB", "VAC-FVR")}.get(p[3], ())
                for s in shots:
                    if rng.random() < 0.6:
                        lines.append((s, 1))
                        vaccs.append((len(vaccs) + 1, p[0], VACCINES[s], day,
                                      day + timedelta(days=1095 if s == "VAC-RAB" and rng.random() < 0.3 else 365)))
                if p[3] == "CAN" and typ == "WELL" and rng.random() < 0.5:
                    lines.append(("LAB-HW", 1))
                if rng.random() < 0.3:
                    lines.append(("RX-FLEA", pick(rng, (1, 2), (3, 1))))
            elif typ == "SICK":
                lines.append(("EXAM-SK", 1))
                for s, pr in (("LAB-CBC", 0.35), ("LAB-FEC", 0.2), ("IMG-XR", 0.25), ("IMG-US", 0.06), ("RX-ABX", 0.4),
                              ("RX-NSAID", 0.3)):
                    if rng.random() < pr:
                        lines.append((s, 1))
            elif typ == "SURG":
                lines.append((pick(rng, ("SRG-SPAY", "SRG-NEUT", "SRG-MASS"), (2, 2, 1)), 1))
                lines.append(("LAB-CBC", 1))
                lines.append(("RX-NSAID", 1))
            elif typ == "DENT":
                lines.append(("DEN-CLN", 1))
                if rng.random() < 0.4:
                    lines.append(("DEN-EXT", rng.randint(1, 4)))
            else:
                lines.append(("EXAM-SK", 1))
            for code, qty in lines:
                amount = svc[code][3] * qty
                disc = money(amount * 0.1) if rng.random() < 0.12 else Decimal("0.00")
                chrgs.append((len(chrgs) + 1, appt_id, code, qty, money(amount), disc))
    return appts, chrgs, vaccs


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv11-vet")
    team = staff(rng, today)
    people = clients(rng, today)
    pets = patients(rng, today, people)
    appts, chrgs, vaccs = appointments(rng, today, pets, people, team)
    return {"vet_clinic": clinics(today), "vet_spcs_cd": list(SPECIES), "vet_client": people, "vet_patient": pets,
            "vet_staff": team, "vet_appt_stat_cd": list(STATUSES), "vet_appt": appts,
            "vet_svc": [(c, d, cat, money(a)) for c, d, cat, a in SERVICES], "vet_chrg": chrgs, "vet_vacc": vaccs}
