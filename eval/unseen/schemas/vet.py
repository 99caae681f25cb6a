"""Data for ``unseen_vet``: five clinics, fourteen vets, ~480 owners, ~700 pets, three years of
appointments with their treatments and invoices, and three weeks of scheduled appointments.

Skews that give analyst questions single answers: Riverside is the busiest clinic, Dr Okafor
the busiest vet, Cedar Park has the most no-shows, Biscuit the beagle is the most frequent
patient and Daniel Kowalski owns the most pets. Maple Street opened ~14 months ago; Dr Webb
and Dr Abernathy have left.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from eval.unseen.synth import Row, days_before, email, money, moment, person, pick, rng_for

KEY = "vet"
TIMEZONE = "America/Chicago"
HISTORY_DAYS = 1095
FUTURE_DAYS = 21

# name, city, state, opened (days ago), daily appointments, no-show share, suburbs
CLINICS = (
    ("Riverside Animal Hospital", "Portland", "OR", 5200, 1.5, 0.05, ("Beaverton", "Gresham")),
    ("Oak Hill Veterinary Clinic", "Austin", "TX", 3900, 1.0, 0.05, ("Round Rock",)),
    ("Cedar Park Animal Clinic", "Austin", "TX", 2600, 0.8, 0.12, ("Cedar Park", "Leander")),
    ("Harbor View Pet Care", "Seattle", "WA", 1900, 0.85, 0.04, ("Bellevue",)),
    ("Maple Street Vets", "Denver", "CO", 430, 0.9, 0.06, ("Aurora", "Lakewood")),
)
# first, last, clinic, specialty, hired (days ago), left (days ago), board certified, workload
VETS = (
    ("Sarah", "Okafor", 0, "general practice", 4800, None, True, 2.1),
    ("Michael", "Brandt", 0, "surgery", 3500, None, True, 1.0),
    ("Anika", "Desai", 0, "dentistry", 2100, None, False, 0.8),
    ("Tom", "Castellano", 1, "general practice", 3600, None, False, 1.4),
    ("Julia", "Lindgren", 1, "dermatology", 1500, None, True, 0.7),
    ("Marcus", "Webb", 1, "general practice", 2900, 400, False, 1.0),
    ("Hana", "Sato", 2, "general practice", 2400, None, False, 1.2),
    ("Grace", "Whitfield", 2, "dentistry", 900, None, False, 0.6),
    ("Daniel", "Nakashima", 2, "surgery", 2000, None, True, 0.7),
    ("Elena", "Moreno", 3, "general practice", 1850, None, False, 1.1),
    ("Robert", "Fairbanks", 3, "exotics", 1700, None, True, 0.9),
    ("Claire", "Abernathy", 3, "surgery", 1800, 200, True, 0.6),
    ("Priya", "Kaur", 4, "general practice", 430, None, False, 1.0),
    ("Louis", "Delacroix", 4, "general practice", 210, None, False, 0.8),
)
REASONS = ("wellness exam", "vaccination", "illness", "injury", "dental cleaning", "surgery",
           "follow-up")
DURATION = {"wellness exam": 30, "vaccination": 15, "illness": 30, "injury": 45,
            "dental cleaning": 60, "surgery": 120, "follow-up": 15}
REASON_WEIGHTS = {
    "general practice": (30, 26, 22, 8, 2, 0, 12),
    "surgery": (4, 2, 8, 16, 4, 50, 16),
    "dentistry": (6, 4, 4, 2, 70, 4, 10),
    "dermatology": (10, 4, 60, 4, 0, 0, 22),
    "exotics": (30, 10, 30, 10, 4, 4, 12),
}
# name, category, list price
TREATMENTS = (
    ("Wellness exam", "exam", 68), ("Sick visit exam", "exam", 82), ("Recheck exam", "exam", 45),
    ("Rabies vaccine", "vaccine", 32), ("DHPP vaccine", "vaccine", 38), ("FVRCP vaccine", "vaccine", 36),
    ("Bordetella vaccine", "vaccine", 34), ("Leptospirosis vaccine", "vaccine", 36),
    ("FeLV vaccine", "vaccine", 42), ("Heartworm test", "diagnostic", 55),
    ("Bloodwork panel", "diagnostic", 165), ("X-ray", "diagnostic", 240), ("Urinalysis", "diagnostic", 75),
    ("Skin cytology", "diagnostic", 68), ("Amoxicillin course", "medication", 28),
    ("Meloxicam", "medication", 35), ("Apoquel", "medication", 96), ("Cerenia", "medication", 44),
    ("Flea and tick treatment", "medication", 62), ("Wound care", "procedure", 120),
    ("Dental cleaning", "procedure", 420), ("Tooth extraction", "procedure", 180),
    ("Nail trim", "procedure", 22), ("Anesthesia", "procedure", 310), ("Spay", "surgery", 520),
    ("Neuter", "surgery", 390), ("Mass removal", "surgery", 780),
    ("Cruciate ligament repair", "surgery", 3400), ("Pain management pack", "medication", 58),
)
VACCINES = {"dog": ("Rabies vaccine", "DHPP vaccine", "Bordetella vaccine", "Leptospirosis vaccine"),
            "cat": ("Rabies vaccine", "FVRCP vaccine", "FeLV vaccine")}
SPECIES = {  # weight, breeds with (min kg, max kg), lifespan years
    "dog": (48, (("Labrador Retriever", 25, 36), ("Golden Retriever", 25, 34), ("German Shepherd", 24, 40),
                 ("French Bulldog", 8, 13), ("Beagle", 9, 14), ("Dachshund", 6, 12), ("Poodle", 5, 30),
                 ("Border Collie", 14, 22), ("Boxer", 25, 32), ("Mixed breed", 8, 35)), 15),
    "cat": (37, (("Domestic Shorthair", 3.5, 6.5), ("Maine Coon", 5, 9), ("Siamese", 3, 5.5),
                 ("Ragdoll", 4.5, 8), ("Bengal", 4, 7), ("Persian", 3.5, 6)), 17),
    "rabbit": (6, (("Holland Lop", 1.3, 2.0), ("Netherland Dwarf", 0.8, 1.2), ("Rex", 3, 4.8)), 10),
    "bird": (5, (("Budgerigar", 0.03, 0.04), ("Cockatiel", 0.08, 0.11), ("African Grey", 0.4, 0.55)), 25),
    "reptile": (4, (("Bearded Dragon", 0.3, 0.55), ("Leopard Gecko", 0.05, 0.08), ("Ball Python", 1.2, 2.0)), 20),
}
PET_NAMES = ("Bella", "Max", "Luna", "Charlie", "Lucy", "Cooper", "Daisy", "Milo", "Bailey", "Rocky",
             "Sadie", "Bear", "Molly", "Tucker", "Lola", "Buddy", "Stella", "Duke", "Zoe", "Oliver",
             "Chloe", "Leo", "Penny", "Jack", "Nala", "Simba", "Loki", "Coco", "Ginger", "Oreo",
             "Pepper", "Rosie", "Winston", "Ziggy", "Hazel", "Kiwi", "Mango", "Spike", "Thumper",
             "Clover", "Maple", "Shadow", "Smokey", "Tiger", "Oscar", "Jasper", "Ruby", "Willow")
HERO_OWNERS = (("Margaret", "Holloway"), ("Daniel", "Kowalski"))


@dataclass
class _Pet:
    pet_id: int
    owner_id: int
    clinic: int
    species: str
    born: int          # days ago
    deceased: int | None
    activity: float
    registered: int    # owner's registration, days ago
    sex: str


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for(KEY)
    clinics = [(i + 1, name, city, state, days_before(today, opened), f"({500 + i * 111}) 555-01{i:02d}")
               for i, (name, city, state, opened, *_rest) in enumerate(CLINICS)]
    vets = [(i + 1, c + 1, first, last, spec, days_before(today, hired),
             None if left is None else days_before(today, left), cert)
            for i, (first, last, c, spec, hired, left, cert, _w) in enumerate(VETS)]
    treatments = [(i + 1, name, cat, money(price)) for i, (name, cat, price) in enumerate(TREATMENTS)]
    owners, pet_rows, pets = _owners_and_pets(rng, today)
    appointments, lines, invoices = _appointments(rng, today, pets)
    return {"clinics": clinics, "vets": vets, "owners": owners, "pets": pet_rows,
            "treatments": treatments, "appointments": appointments,
            "appointment_treatments": lines, "invoices": invoices}


def _owners_and_pets(rng: random.Random, today: date) -> tuple[list[Row], list[Row], list[_Pet]]:
    owners: list[Row] = []
    pet_rows: list[Row] = []
    pets: list[_Pet] = []
    taken = set(HERO_OWNERS) | {(v[0], v[1]) for v in VETS}
    clinic_weights = [c[4] for c in CLINICS]
    for owner_id in range(1, 481):
        clinic = pick(rng, range(len(CLINICS)), clinic_weights)
        first, last = HERO_OWNERS[owner_id - 1] if owner_id <= len(HERO_OWNERS) else person(rng, taken)
        opened = CLINICS[clinic][3]
        registered = rng.randint(20, min(opened, 1500))
        if owner_id <= len(HERO_OWNERS):
            clinic, registered = (0, 1400) if owner_id == 1 else (1, 1300)
        city = CLINICS[clinic][1] if rng.random() < 0.6 else rng.choice(CLINICS[clinic][6])
        owners.append((owner_id, first, last, email(first, last, "mailbox.example", owner_id),
                       f"555-{rng.randint(1000, 9999)}", city, days_before(today, registered)))
        count = 6 if owner_id == 2 else pick(rng, (1, 2, 3, 4), (60, 28, 9, 3))
        for _ in range(count):
            pets.append(_new_pet(rng, len(pets) + 1, owner_id, clinic, registered))
    pets[0] = _hero_pet(pets[0])
    for pet in pets:
        pet_rows.append(_pet_row(rng, today, pet))
    return owners, pet_rows, pets


def _new_pet(rng: random.Random, pet_id: int, owner_id: int, clinic: int, registered: int) -> _Pet:
    species = pick(rng, list(SPECIES), [s[0] for s in SPECIES.values()])
    lifespan = SPECIES[species][2]
    born = rng.randint(registered - 200, registered + int(lifespan * 365 * 0.7))
    born = max(born, 120)
    deceased = None
    if born > lifespan * 300 and rng.random() < 0.25:
        deceased = rng.randint(10, 700)
    return _Pet(pet_id, owner_id, clinic, species, born, deceased, rng.lognormvariate(0, 0.5), registered,
                rng.choice("MF"))


def _hero_pet(pet: _Pet) -> _Pet:
    """Biscuit, Margaret Holloway's beagle, in for something every few weeks."""
    return _Pet(pet.pet_id, pet.owner_id, 0, "dog", 3100, None, 7.0, pet.registered, "M")


def _pet_row(rng: random.Random, today: date, pet: _Pet) -> Row:
    breeds = SPECIES[pet.species][1]
    breed, low, high = breeds[4] if pet.pet_id == 1 else rng.choice(breeds)
    name = "Biscuit" if pet.pet_id == 1 else rng.choice(PET_NAMES)
    weight = Decimal(str(round(rng.uniform(low, high), 2)))
    chipped = pet.species in ("dog", "cat") and rng.random() < 0.75
    return (pet.pet_id, pet.owner_id, name, pet.species, breed, pet.sex,
            days_before(today, pet.born), weight,
            pet.species in ("dog", "cat", "rabbit") and rng.random() < 0.7,
            f"985112{pet.pet_id:09d}" if chipped else None,
            None if pet.deceased is None else days_before(today, pet.deceased))


def _appointments(rng: random.Random, today: date,
                  pets: list[_Pet]) -> tuple[list[Row], list[Row], list[Row]]:
    by_clinic: dict[int, list[_Pet]] = defaultdict(list)
    for pet in pets:
        by_clinic[pet.clinic].append(pet)
    prices = {name: (i + 1, Decimal(price)) for i, (name, _c, price) in enumerate(TREATMENTS)}
    appointments: list[Row] = []
    lines: list[Row] = []
    invoices: list[Row] = []
    for ago in range(HISTORY_DAYS, -FUTURE_DAYS - 1, -1):
        day = days_before(today, ago)
        if day.weekday() == 6:
            continue
        for clinic, spec in enumerate(CLINICS):
            if ago > spec[3]:
                continue
            volume = spec[4] * (0.6 if day.weekday() == 5 else 1.0)
            for _ in range(_poisson(rng, volume)):
                made = _appointment(rng, today, ago, clinic, by_clinic[clinic], len(appointments) + 1)
                if made is None:
                    continue
                row, reason, pet = made
                appointments.append(row)
                if row[7] == "completed":
                    bill = _treat(rng, row[0], reason, pet, ago, prices, lines)
                    invoices.append(_invoice(rng, len(invoices) + 1, row[0], day, ago, bill))
    return appointments, lines, invoices


def _poisson(rng: random.Random, mean: float) -> int:
    count, threshold, product = 0, pow(2.718281828459045, -mean), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def _appointment(rng: random.Random, today: date, ago: int, clinic: int, pool: list[_Pet],
                 appointment_id: int) -> tuple[Row, str, _Pet] | None:
    staff = [(i, v) for i, v in enumerate(VETS)
             if v[2] == clinic and v[4] >= ago and (v[5] is None or v[5] < ago)]
    candidates = [p for p in pool if p.registered >= ago and p.born >= ago + 30
                  and (p.deceased is None or p.deceased < ago)]
    if not staff or not candidates:
        return None
    vet_index, vet = pick(rng, staff, [v[7] for _i, v in staff])
    pet = pick(rng, candidates, [p.activity for p in candidates])
    reason = pick(rng, REASONS, REASON_WEIGHTS[vet[3]])
    if pet.species not in ("dog", "cat") and reason == "vaccination":
        reason = "wellness exam"
    day = days_before(today, ago)
    starts = moment(day, rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
    lead = rng.randint(0, 2) if reason in ("illness", "injury") else rng.randint(2, 30)
    booked = moment(day - timedelta(days=lead), rng.randint(7, 19), rng.randint(0, 59))
    if ago <= 0:
        status = "cancelled" if rng.random() < 0.08 else "scheduled"
    else:
        no_show = CLINICS[clinic][5]
        status = pick(rng, ("completed", "cancelled", "no-show"), (0.9 - no_show, 0.1, no_show))
    row = (appointment_id, pet.pet_id, vet_index + 1, clinic + 1, starts, DURATION[reason], reason,
           status, booked)
    return row, reason, pet


def _treat(rng: random.Random, appointment_id: int, reason: str, pet: _Pet, ago: int,
           prices: dict[str, tuple[int, Decimal]], lines: list[Row]) -> Decimal:
    """Treatment lines for a completed appointment; prices rise ~4% a year. Returns the bill."""
    chosen: dict[str, int] = {}
    species = pet.species
    vaccines = VACCINES.get(species, ())
    if reason in ("wellness exam", "vaccination"):
        chosen["Wellness exam"] = 1
        for name in rng.sample(vaccines, min(len(vaccines), rng.randint(0, 2) + (reason == "vaccination"))):
            chosen[name] = 1
        if species == "dog" and rng.random() < 0.5:
            chosen["Heartworm test"] = 1
        if rng.random() < 0.3:
            chosen[rng.choice(("Nail trim", "Flea and tick treatment"))] = 1
    elif reason in ("illness", "injury"):
        chosen["Sick visit exam"] = 1
        chosen[rng.choice(("Bloodwork panel", "X-ray", "Urinalysis", "Skin cytology"))] = 1
        chosen[rng.choice(("Amoxicillin course", "Meloxicam", "Apoquel", "Cerenia"))] = rng.randint(1, 3)
        if reason == "injury":
            chosen["Wound care"] = 1
    elif reason == "dental cleaning":
        chosen.update({"Dental cleaning": 1, "Anesthesia": 1})
        if rng.random() < 0.45:
            chosen["Tooth extraction"] = rng.randint(1, 3)
    elif reason == "surgery":
        chosen.update({"Anesthesia": 1, "Pain management pack": 1})
        desexing = "Spay" if pet.sex == "F" else "Neuter"
        chosen[pick(rng, (desexing, "Mass removal", "Cruciate ligament repair"), (6, 3, 1))] = 1
    else:
        chosen["Recheck exam"] = 1
    factor = Decimal(str(round(1 - 0.04 * ago / 365, 4)))
    bill = Decimal(0)
    for name, quantity in chosen.items():
        treatment_id, price = prices[name]
        unit = money(price * factor)
        lines.append((appointment_id, treatment_id, quantity, unit))
        bill += unit * quantity
    return bill


def _invoice(rng: random.Random, invoice_id: int, appointment_id: int, day: date, ago: int,
             bill: Decimal) -> Row:
    draw = rng.random()
    if draw < 0.02 or (ago < 45 and draw < 0.2):
        return (invoice_id, appointment_id, day, bill, None, None)
    delay = 0 if draw < 0.75 else rng.randint(1, 40)
    method = pick(rng, ("card", "pet insurance", "cash"), (62, 23, 15))
    paid = day + timedelta(days=min(delay, ago - 1))
    return (invoice_id, appointment_id, day, bill, paid, method)
