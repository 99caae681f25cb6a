"""Data for ``unseen_trials``: four sponsors, eight trials at ten hospitals, ~850 participants
with their visits and adverse events.

Skews: HORIZON-2 is the largest trial, TIDEWATER was terminated (its remaining participants
were withdrawn on the termination date), ALPINE has not started, CB-204 30 mg has the most
adverse events per participant, St Aidan's Hospital enrols most.
"""

from __future__ import annotations

import random
from datetime import date
from typing import NamedTuple

from eval.unseen.synth import Row, days_before, pick, rng_for

KEY = "trials"
TIMEZONE = "UTC"

SPONSORS = (("Veridian Therapeutics", "industry", "United States"),
            ("Northlake Pharma", "industry", "United Kingdom"),
            ("Castellan Biologics", "industry", "Germany"),
            ("University of Westbrook", "academic", "Canada"))
# name, city, country, enrolment weight
SITES = (("Boston Clinical Research Center", "Boston", "United States", 1.2),
         ("Pacific Oncology Institute", "San Diego", "United States", 1.0),
         ("Midwest Heart Center", "Chicago", "United States", 1.1),
         ("St Aidan's Hospital", "London", "United Kingdom", 1.9),
         ("Royal Wessex Infirmary", "Southampton", "United Kingdom", 0.8),
         ("Klinikum Nordstadt", "Hamburg", "Germany", 1.3),
         ("Hospital Universitario del Sur", "Madrid", "Spain", 0.9),
         ("Lakeshore Medical Research", "Toronto", "Canada", 1.0),
         ("Clinique Saint-Roch", "Lyon", "France", 0.7),
         ("Westbrook University Hospital", "Vancouver", "Canada", 0.6))
INVESTIGATORS = (  # site, first, last, degree, specialty
    (1, "Rachel", "Goldberg", "MD", "oncology"), (1, "Samuel", "Achebe", "MD PhD", "neurology"),
    (2, "Linda", "Tran", "MD", "oncology"), (2, "Peter", "Haldane", "MD", "oncology"),
    (3, "Carlos", "Medina", "MD", "cardiology"), (3, "Joan", "Whitaker", "MD", "rheumatology"),
    (4, "Eleanor", "Marsh", "MD PhD", "oncology"), (4, "Rupert", "Ashworth", "MD", "cardiology"),
    (4, "Imogen", "Clarke", "MD", "neurology"), (5, "Nigel", "Forsyth", "MD", "cardiology"),
    (5, "Harriet", "Bloom", "MD", "rheumatology"), (6, "Jonas", "Brenner", "MD", "neurology"),
    (6, "Katrin", "Vogel", "MD PhD", "oncology"), (6, "Felix", "Hartmann", "MD", "cardiology"),
    (7, "Lucia", "Navarro", "MD", "oncology"), (7, "Javier", "Ortega", "MD", "rheumatology"),
    (8, "Aaron", "Lefebvre", "MD", "infectious disease"), (8, "Mei", "Lin", "MD PhD", "cardiology"),
    (8, "Gordon", "MacLeod", "MD", "dermatology"), (9, "Sophie", "Marchand", "MD", "neurology"),
    (9, "Antoine", "Girard", "MD", "oncology"), (10, "Heather", "Dunmore", "MD", "infectious disease"),
    (10, "Victor", "Samson", "MD", "rheumatology"),
)


class TrialSpec(NamedTuple):
    acronym: str
    nct: str
    title: str
    sponsor: int
    phase: str
    area: str
    status: str
    start: int                  # days ago
    end: int | None             # days ago
    target: int
    double_blind: bool
    arms: tuple                 # (code, name, placebo, adverse-event factor)
    sites: tuple[int, ...]
    enrolled_share: float       # of target
    enrolment_ends: int         # days ago
    follow_up: int              # days
    withdrawal_rate: float
    ae_per_year: float
    code_prefix: str
    female_share: float


TRIALS = tuple(TrialSpec(*t) for t in (
    ("HORIZON-2", "NCT09512874", "Veltrazumab plus chemotherapy in advanced non-small cell lung cancer", 1,
     "Phase 3", "oncology", "recruiting", 1000, None, 420, True,
     (("A", "Veltrazumab + chemotherapy", False, 1.3), ("B", "Placebo + chemotherapy", True, 1.0)),
     (1, 2, 4, 6, 7, 8), 0.7, 1, 364, 0.14, 2.4, "HZ2", 0.45),
    ("CARDIO-SHIELD", "NCT09377120", "NLK-311 for blood pressure control in resistant hypertension", 2,
     "Phase 2", "cardiology", "active, not recruiting", 900, None, 180, True,
     (("A", "NLK-311 5 mg", False, 1.0), ("B", "NLK-311 20 mg", False, 1.25), ("C", "Placebo", True, 0.6)),
     (3, 4, 5, 8), 1.0, 200, 364, 0.10, 0.9, "CSH", 0.4),
    ("NEURALIS", "NCT09890431", "CB-204 in early Alzheimer's disease", 3,
     "Phase 2", "neurology", "recruiting", 700, None, 240, True,
     (("A", "CB-204 10 mg", False, 1.1), ("B", "CB-204 30 mg", False, 2.2), ("C", "Placebo", True, 0.6)),
     (1, 4, 6, 7, 9), 0.55, 1, 364, 0.16, 1.3, "NRL", 0.6),
    ("IMMUNE-BRIDGE", "NCT09966218", "Castekinra versus adalimumab in moderate to severe rheumatoid arthritis", 3,
     "Phase 3", "immunology", "completed", 1060, 120, 300, True,
     (("A", "Castekinra", False, 1.0), ("B", "Adalimumab", False, 1.1)),
     (3, 5, 6, 7, 9, 10), 1.0, 500, 364, 0.11, 1.0, "IMB", 0.72),
    ("RESPIRE-1", "NCT09101553", "First-in-human study of an RSV prefusion F vaccine in healthy adults", 4,
     "Phase 1", "infectious disease", "completed", 800, 300, 60, False,
     (("A", "RSV-F low dose", False, 1.0), ("B", "RSV-F high dose", False, 1.5)),
     (8, 10), 1.0, 400, 84, 0.05, 4.0, "RS1", 0.5),
    ("TIDEWATER", "NCT09230987", "NLK-118 in heart failure with preserved ejection fraction", 2,
     "Phase 3", "cardiology", "terminated", 950, 250, 500, True,
     (("A", "NLK-118", False, 1.2), ("B", "Placebo", True, 0.8)),
     (1, 3, 4, 5, 6, 8), 0.31, 260, 364, 0.12, 1.1, "TDW", 0.55),
    ("LUMEN-4", "NCT09244409", "Veltrazumab maintenance in HER2-low metastatic breast cancer", 1,
     "Phase 2", "oncology", "recruiting", 300, None, 150, False,
     (("A", "Veltrazumab", False, 1.2),), (2, 7, 9), 0.35, 1, 168, 0.06, 2.0, "LM4", 1.0),
    ("ALPINE", "NCT09611872", "Topical WB-17 cream in mild to moderate plaque psoriasis", 4,
     "Phase 2", "dermatology", "not yet recruiting", -30, None, 120, True,
     (("A", "WB-17 cream", False, 1.0), ("B", "Vehicle cream", True, 1.0)), (8, 10), 0.0, 1, 84, 0.0, 0.0, "ALP", 0.5),
))
AGES = {"oncology": (42, 82), "cardiology": (48, 86), "neurology": (55, 85), "immunology": (24, 70),
        "infectious disease": (18, 50), "dermatology": (18, 70)}
TERMS = {"oncology": ("neutropenia", "fatigue", "nausea", "anemia", "diarrhea", "rash", "pneumonia"),
         "cardiology": ("dizziness", "headache", "hypotension", "fatigue", "hyperkalemia", "cough"),
         "neurology": ("headache", "dizziness", "insomnia", "nausea", "fall", "confusion"),
         "immunology": ("upper respiratory infection", "injection site reaction", "headache",
                        "elevated liver enzymes", "nausea"),
         "infectious disease": ("injection site reaction", "headache", "fatigue", "myalgia", "fever")}
VISITS = (("Baseline", 0), ("Week 4", 28), ("Week 12", 84), ("Week 24", 168), ("Week 52", 364))
REASONS = ("adverse event", "withdrew consent", "lost to follow-up", "protocol deviation", "death")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for(KEY)
    sponsors = [(i + 1, *s) for i, s in enumerate(SPONSORS)]
    sites = [(i + 1, *s[:3]) for i, s in enumerate(SITES)]
    investigators = [(i + 1, *inv) for i, inv in enumerate(INVESTIGATORS)]
    trials: list[Row] = []
    arms: list[Row] = []
    trial_sites: list[Row] = []
    for t, spec in enumerate(TRIALS):
        trials.append((t + 1, spec.nct, spec.acronym, spec.title, spec.sponsor, spec.phase, spec.area,
                       spec.status, days_before(today, spec.start),
                       None if spec.end is None else days_before(today, spec.end), spec.target, spec.double_blind))
        for code, name, placebo, _f in spec.arms:
            arms.append((len(arms) + 1, t + 1, code, name, placebo))
        for site in spec.sites:
            trial_sites.append(_trial_site(rng, today, t + 1, spec, site))
    participants, visits, events = _participants(rng, today, arms, trial_sites)
    return {"sponsors": sponsors, "trials": trials, "sites": sites, "investigators": investigators,
            "trial_sites": trial_sites, "arms": arms, "participants": participants, "visits": visits,
            "adverse_events": events}


def _trial_site(rng: random.Random, today: date, trial_id: int, spec: TrialSpec, site: int) -> Row:
    area = {"immunology": "rheumatology"}.get(spec.area, spec.area)
    local = [i + 1 for i, inv in enumerate(INVESTIGATORS) if inv[0] == site]
    matching = [i for i in local if INVESTIGATORS[i - 1][4] == area] or local
    activated = spec.start - rng.randint(10, 60)
    closed = None if spec.end is None else spec.end - rng.randint(10, 40)
    return (trial_id, site, matching[0], days_before(today, activated),
            None if closed is None else days_before(today, closed))


def _participants(rng: random.Random, today: date, arms: list[Row],
                  trial_sites: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    participants: list[Row] = []
    visits: list[Row] = []
    events: list[Row] = []
    for t, spec in enumerate(TRIALS):
        count = round(spec.target * spec.enrolled_share)
        opened = {ts[1]: (today - ts[3]).days for ts in trial_sites if ts[0] == t + 1}
        trial_arms = [a for a in arms if a[1] == t + 1]
        first = max(opened.values())
        serial: dict[int, int] = {}
        for n in range(count):
            enrolled = round(first - (first - spec.enrolment_ends) * ((n + rng.random()) / count) ** 0.9)
            sites = [s for s, ago in opened.items() if ago > enrolled]
            site = pick(rng, sites, [SITES[s - 1][3] for s in sites])
            serial[site] = serial.get(site, 0) + 1
            arm = trial_arms[n % len(trial_arms)]
            pid = len(participants) + 1
            row, last_day = _participant(rng, today, spec, pid, site, serial[site], arm, enrolled)
            participants.append(row)
            _visits(rng, today, row, last_day, visits)
            _events(rng, today, spec, row, arm, last_day, events)
    return participants, visits, events


def _participant(rng: random.Random, today: date, spec: TrialSpec, pid: int, site: int, serial: int,
                 arm: Row, enrolled: int) -> tuple[Row, int]:
    """The row and the last day (ago) the participant was on study."""
    low, high = AGES[spec.area]
    born = enrolled + rng.randint(low * 365, high * 365)
    planned = enrolled - spec.follow_up
    withdrawn = reason = completed = None
    if rng.random() < spec.withdrawal_rate:
        withdrawn = rng.randint(max(planned, 1), enrolled - 1)
        reason = pick(rng, REASONS, (30, 35, 20, 10, 5))
    elif spec.status == "terminated" and spec.end is not None and planned < spec.end:
        withdrawn, reason = spec.end, "study terminated"
    elif planned >= 1:
        completed = planned
    end = withdrawn or completed or 0
    code = f"{spec.code_prefix}-{site:03d}-{serial:04d}"
    sex = "F" if rng.random() < spec.female_share else "M"
    row = (pid, code, TRIALS.index(spec) + 1, site, arm[0], sex, days_before(today, born),
           days_before(today, enrolled), None if completed is None else days_before(today, completed),
           None if withdrawn is None else days_before(today, withdrawn), reason)
    return row, end


def _visits(rng: random.Random, today: date, p: Row, last_day: int, visits: list[Row]) -> None:
    enrolled = (today - p[7]).days
    screening = enrolled + rng.randint(7, 21)
    schedule = [("Screening", screening)] + [(name, enrolled - offset) for name, offset in VISITS]
    on_study = p[8] is None and p[9] is None
    for name, ago in schedule:
        if ago < (-45 if on_study else last_day):
            break
        actual = None
        if ago >= 1 and rng.random() > 0.04:
            actual = days_before(today, max(ago - rng.randint(-2, 3), 1)) if name not in ("Screening", "Baseline") \
                else days_before(today, ago)
        visits.append((len(visits) + 1, p[0], name, days_before(today, ago), actual))


def _events(rng: random.Random, today: date, spec: TrialSpec, p: Row, arm: Row, last_day: int,
            events: list[Row]) -> None:
    enrolled = (today - p[7]).days
    on_study = enrolled - max(last_day, 1)
    factor = [a[3] for a in spec.arms if a[0] == arm[2]][0]
    expected = spec.ae_per_year * factor * on_study / 365
    count = sum(1 for _ in range(12) if rng.random() < expected / 12)
    for _ in range(count):
        onset = rng.randint(max(last_day, 1), max(enrolled - 1, max(last_day, 1)))
        severity = pick(rng, ("mild", "moderate", "severe"), (60, 30, 10))
        serious = rng.random() < {"mild": 0.0, "moderate": 0.05, "severe": 0.6}[severity]
        related = rng.random() < (0.2 if arm[4] else 0.5)
        resolved = onset - rng.randint(1, 30)
        ongoing = resolved < 1 or rng.random() < 0.05
        events.append((len(events) + 1, p[0], rng.choice(TERMS[spec.area]), days_before(today, onset),
                       None if ongoing else days_before(today, resolved), severity, serious, related))
