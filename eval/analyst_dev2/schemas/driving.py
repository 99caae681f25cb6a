"""Seeded rows for ``adv2_driving`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
INSTRUCTORS = (("Dev Patel", 2900, 38, True), ("Ruth Alvarez", 2100, 34, True), ("Tom Becker", 800, 29, False),
               ("Lena Okafor", 400, 27, False), ("Sam Whitfield", 1500, 31, False), ("Nora Lindgren", 200, 26, False))
VEHICLES = (("KX21 ABC", "Toyota", "manual", 2021), ("KX22 DEF", "Toyota", "automatic", 2022),
            ("LM19 GHI", "Ford", "manual", 2019), ("LM20 JKL", "Volkswagen", "manual", 2020),
            ("PQ23 MNO", "Kia", "automatic", 2023), ("PQ18 RST", "Ford", "manual", 2018),
            ("MC21 UVW", "Honda", "manual", 2021))
LICENCES = ("car", "motorcycle", "truck")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv2-driving")
    instructors = [(i, n, days_before(today, d), money(r), s) for i, (n, d, r, s) in enumerate(INSTRUCTORS, 1)]
    vehicles = [(i, *v) for i, v in enumerate(VEHICLES, 1)]
    students: list[Row] = []
    for i in range(1, 181):
        first, last = person(rng)
        age = pick(rng, (rng.randint(16 * 365 + 200, 18 * 365 - 1), rng.randint(18 * 365, 60 * 365)), (1, 4))
        students.append((i, first, last, days_before(today, age), days_before(today, int(rng.triangular(0, 700, 60))),
                         pick(rng, LICENCES, (12, 4, 1)), pick(rng, range(1, 7), (6, 5, 3, 2, 4, 1))))
    lessons: list[Row] = []
    tests: list[Row] = []
    for s in students[:165]:                       # students 166-180 never had a lesson
        signup = s[4]
        for _ in range(rng.randint(1, 12)):
            day = signup + timedelta(days=rng.randint(0, max(1, (today - signup).days + 14)))
            instructor = s[6] if rng.random() < 0.8 else rng.randint(1, 6)
            vehicle = 7 if s[5] == "motorcycle" else pick(rng, range(1, 7), (5, 3, 4, 2, 2, 1))
            minutes = pick(rng, (60, 90, 120), (5, 3, 1))
            if day > today:
                status = "booked"
            else:
                status = pick(rng, ("completed", "cancelled", "no_show"), (14, 2, 1))
            lessons.append((len(lessons) + 1, s[0], instructor, vehicle, moment(day, rng.randint(8, 18)), minutes,
                            money(float(instructors[instructor - 1][3]) * minutes / 60 * rng.uniform(1.1, 1.3)),
                            status))
        for kind in ("theory", "practical"):
            if rng.random() < 0.6:
                day = min(today, signup + timedelta(days=rng.randint(20, 200)))
                score = rng.randint(30, 50) if kind == "theory" else rng.randint(0, 20)
                passed = score >= 43 if kind == "theory" else score <= 15
                tests.append((len(tests) + 1, s[0], day, kind, passed, score))
    return {"Instructor": instructors, "Vehicle": vehicles, "Student": students, "Lesson": lessons,
            "DrivingTest": tests}
