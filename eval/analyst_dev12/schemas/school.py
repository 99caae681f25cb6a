"""Seeded rows for ``adv12_school`` (dates relative to the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev.seed import FIRST, LAST, Row, days_before, person, pick, rng_for

TIMEZONE = "America/Chicago"
# name, level, city, opened, capacity, principal, students
SCHOOLS = (("Lincoln Elementary", "ELEMENTARY", "Springfield", 1958, 420, "Deborah Flynn", 55),
           ("Maple Grove Elementary", "ELEMENTARY", "Chatham", 1994, 380, "Marcus Webb", 55),
           ("Riverside Elementary", "ELEMENTARY", "Riverton", 2009, 350, "Alicia Moreno", 55),
           ("Jefferson Middle School", "MIDDLE", "Springfield", 1966, 600, "Gregory Tan", 50),
           ("Riverton Middle School", "MIDDLE", "Riverton", 2001, 450, "Hollie Brandt", 50),
           ("Springfield High School", "HIGH", "Springfield", 1929, 1200, "Victor Osei", 60),
           ("Chatham Valley High School", "HIGH", "Chatham", 2015, 900, "Renee Castillo", 60))
GRADES = {"ELEMENTARY": range(0, 6), "MIDDLE": range(6, 9), "HIGH": range(9, 13)}
STAFFING = {"ELEMENTARY": (("Elementary", 5), ("Art", 1), ("Music", 1), ("PE", 1), ("Special Education", 1)),
            "MIDDLE": (("Math", 2), ("English", 2), ("Science", 2), ("Social Studies", 2), ("PE", 1), ("Art", 1),
                       ("Special Education", 1)),
            "HIGH": (("Math", 3), ("English", 3), ("Science", 3), ("Social Studies", 2), ("World Languages", 1),
                     ("PE", 1), ("Special Education", 1))}
# (level, department) -> (course name, subject)
COURSES = {("ELEMENTARY", "Elementary"): (("Reading & Writing", "English"), ("Elementary Math", "Math"),
                                          ("Science Explorers", "Science")),
           ("ELEMENTARY", "Art"): (("Art", "Art"),), ("ELEMENTARY", "Music"): (("General Music", "Music"),),
           ("ELEMENTARY", "PE"): (("Physical Education", "PE"),),
           ("ELEMENTARY", "Special Education"): (("Learning Support", "Special Education"),),
           ("MIDDLE", "Math"): (("Math 6", "Math"), ("Math 7", "Math"), ("Pre-Algebra", "Math")),
           ("MIDDLE", "English"): (("English 6", "English"), ("English 7", "English"), ("English 8", "English")),
           ("MIDDLE", "Science"): (("Life Science", "Science"), ("Earth Science", "Science"),
                                   ("Physical Science", "Science")),
           ("MIDDLE", "Social Studies"): (("World History", "Social Studies"), ("US History", "Social Studies")),
           ("MIDDLE", "PE"): (("Physical Education", "PE"),), ("MIDDLE", "Art"): (("Art", "Art"),),
           ("MIDDLE", "Special Education"): (("Learning Support", "Special Education"),),
           ("HIGH", "Math"): (("Algebra I", "Math"), ("Geometry", "Math"), ("Algebra II", "Math"),
                              ("AP Calculus", "Math")),
           ("HIGH", "English"): (("English 9", "English"), ("English 10", "English"), ("American Literature", "English"),
                                 ("AP English Language", "English")),
           ("HIGH", "Science"): (("Biology", "Science"), ("Chemistry", "Science"), ("Physics", "Science"),
                                 ("AP Biology", "Science")),
           ("HIGH", "Social Studies"): (("US History", "Social Studies"), ("Government", "Social Studies"),
                                        ("Economics", "Social Studies")),
           ("HIGH", "World Languages"): (("Spanish I", "World Languages"), ("Spanish II", "World Languages"),
                                         ("French I", "World Languages")),
           ("HIGH", "PE"): (("Physical Education", "PE"), ("Health", "PE")),
           ("HIGH", "Special Education"): (("Learning Support", "Special Education"),)}
# school, first, last, department, hired days ago, salary
NAMED_TEACHERS = ((6, "Helen", "Kowalczyk", "Math", 6200, 83400), (4, "Derek", "Okonjo", "Science", 2100, 61200),
                  (1, "Amy", "Larsen", "Elementary", 900, 54100), (7, "Paul", "Fitzgerald", "English", 4100, 74800))
# school, first, last, grade, IEP, lunch
NAMED_STUDENTS = ((6, "Olivia", "Brennan", 11, False, "PAID"), (4, "Mateo", "Ruiz", 7, True, "FREE"),
                  (1, "Ava", "Lindgren", 3, False, "REDUCED"), (7, "Jamal", "Pierce", 10, False, "FREE"))
FEMALE = {"Maria", "Linda", "Patricia", "Jennifer", "Susan", "Karen", "Nancy", "Lisa", "Betty", "Sandra", "Ashley",
          "Megan", "Priya", "Fatima", "Yuki", "Ingrid", "Leila", "Chloe", "Zara", "Elena", "Olivia", "Ava"}
LANGUAGES = ("English", "Spanish", "Polish", "Arabic", "Vietnamese")
ASSESSMENTS = (("Quiz 1", "QUIZ", 25), ("Homework Packet", "HOMEWORK", 45), ("Midterm", "TEST", 60),
               ("Project", "PROJECT", 90), ("Final Exam", "TEST", 115))


def terms(today: date) -> list[Row]:
    sy = today.year if today.month >= 8 else today.year - 1
    out: list[Row] = []
    for y in (sy - 1, sy):
        label = f"{y}-{str(y + 1)[2:]}"
        out.append((len(out) + 1, f"Fall {y}", label, date(y, 8, 19), date(y, 12, 18)))
        out.append((len(out) + 1, f"Spring {y + 1}", label, date(y + 1, 1, 6), date(y + 1, 5, 28)))
    return out


def schools() -> list[Row]:
    return [(i, n, lv, c, y, cap, pr) for i, (n, lv, c, y, cap, pr, _) in enumerate(SCHOOLS, 1)]


def teachers(rng: random.Random, today: date, taken: set[tuple[str, str]]) -> list[Row]:
    out: list[Row] = []
    named = {(s, d): (f, l, h, sal) for s, f, l, d, h, sal in NAMED_TEACHERS}
    for s, (_, level, *_rest) in enumerate(SCHOOLS, 1):
        for dept, n in STAFFING[level]:
            for k in range(n):
                if k == 0 and (s, dept) in named:
                    first, last, hired_ago, salary = named[s, dept]
                    active = True
                else:
                    first, last = person(rng, taken)
                    hired_ago = rng.randint(40, 9000) if rng.random() > 0.12 else rng.randint(40, 200)
                    salary = int(round((47000 + 6.1 * hired_ago / 3.65 + rng.uniform(-3000, 3000)) / 100) * 100)
                    active = rng.random() > 0.08
                taken.add((first, last))
                tid = len(out) + 1
                out.append((tid, s, first, last, f"{first[0].lower()}{last.lower()}{tid}@springfield-d12.org", dept,
                            days_before(today, hired_ago), salary, active))
    return out


def students(rng: random.Random, today: date, taken: set[tuple[str, str]]
             ) -> tuple[list[Row], list[Row], list[Row]]:
    studs: list[Row] = []
    guards: list[Row] = []
    links: list[Row] = []
    families: list[tuple[str, list[int]]] = []
    sy = today.year if today.month >= 8 else today.year - 1
    named = {n[0]: n[1:] for n in NAMED_STUDENTS}
    for s, (_, level, *_r, n) in enumerate(SCHOOLS, 1):
        for k in range(n):
            sibling = families and rng.random() < 0.15 and not (k == 0 and s in named)
            if k == 0 and s in named:
                first, last, grade, iep, lunch = named[s]
            else:
                grade = rng.choice(list(GRADES[level]))
                iep = rng.random() < 0.12
                lunch = pick(rng, ("FREE", "REDUCED", "PAID"), (35, 10, 55))
                if sibling:
                    last = rng.choice(families)[0]
                    first = rng.choice([f for f in FIRST if (f, last) not in taken])
                else:
                    first, last = person(rng, taken)
            taken.add((first, last))
            born = date(sy - grade - 6, 9, 1) + timedelta(days=rng.randint(1, 364))
            joined = days_before(today, rng.randint(1, 50)) if len(studs) % 41 == 7 else min(
                today, date(sy - (grade - min(GRADES[level])), 8, 19) - timedelta(days=rng.randint(0, 10)))
            if rng.random() < 0.2 and grade > min(GRADES[level]):
                joined = days_before(today, rng.randint(60, 500))
            left = None
            if rng.random() < 0.05 and (today - joined).days > 40:
                left = days_before(today, rng.randint(1, min(300, (today - joined).days - 20)))
            sid = len(studs) + 1
            studs.append((sid, s, first, last, born, grade, "X" if rng.random() < 0.02 else "F" if first in FEMALE else "M", joined, left,
                          iep, lunch))
            if sibling:
                fam = next(f for f in families if f[0] == last)
                for j, g in enumerate(fam[1]):
                    rel = next(r[2] for r in links if r[1] == g)
                    links.append((sid, g, rel, j == 0))
                continue
            rels = (pick(rng, (("MOTHER",), ("FATHER",), ("GRANDPARENT",), ("FOSTER_PARENT",)), (60, 25, 10, 5))
                    if rng.random() < 0.35 else pick(rng, (("MOTHER", "FATHER"), ("FATHER", "MOTHER"),
                                                           ("MOTHER", "GRANDPARENT")), (7, 2, 1)))
            ids: list[int] = []
            for j, rel in enumerate(rels):
                gid = len(guards) + 1
                gl = last if rng.random() < 0.85 else rng.choice(LAST)
                gf = rng.choice(FIRST)
                lang = pick(rng, LANGUAGES, (78, 14, 3, 3, 2))
                guards.append((gid, gf, gl, None if rng.random() < 0.1 else f"{gf.lower()}.{gl.lower()}{gid}@mail.com",
                               None if rng.random() < 0.05 else f"217-555-{rng.randint(1000, 9999)}", lang))
                links.append((sid, gid, rel, j == 0))
                ids.append(gid)
            families.append((last, ids))
    return studs, guards, links


def school_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=d) for d in range((end - start).days + 1)
            if (start + timedelta(days=d)).weekday() < 5]


def classes(rng: random.Random, today: date, terms_: list[Row], staff: list[Row], studs: list[Row]
            ) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    secs: list[Row] = []
    enrs: list[Row] = []
    scores: list[Row] = []
    absences: list[Row] = []
    level = {i: sc[1] for i, sc in enumerate(SCHOOLS, 1)}
    ability = {st[0]: rng.gauss(79, 9) for st in studs}
    chronic = {st[0] for st in studs if rng.random() < 0.08}
    for t in terms_:
        tid, _, _, start, end = t
        if start > today:
            continue
        for tc in staff:
            if tc[6] > start or (not tc[8] and tid > 2):
                continue
            options = COURSES[level[tc[1]], tc[5]]
            for period in sorted(rng.sample(range(1, 8), 3)):
                course, subject = rng.choice(options)
                secs.append((len(secs) + 1, tid, tc[1], tc[0], course, subject,
                             f"{rng.choice('ABC')}{rng.randint(1, 2)}{rng.randint(0, 2)}{rng.randint(1, 9)}", period,
                             24 if level[tc[1]] == "ELEMENTARY" else 30))
        term_secs = {s: [x for x in secs if x[1] == tid and x[2] == s] for s in range(1, len(SCHOOLS) + 1)}
        last_day = min(end, today)
        for st in studs:
            sid, school, joined, left = st[0], st[1], st[7], st[8]
            if joined > end or (left is not None and left < start) or joined > today:
                continue
            pool = term_secs[school]
            chosen: list[Row] = []
            for sec in rng.sample(pool, len(pool)):
                if len(chosen) == 3:
                    break
                if all(sec[4] != c[4] and sec[7] != c[7] for c in chosen):
                    chosen.append(sec)
            for sec in chosen:
                enrolled = max(joined, start - timedelta(days=rng.randint(0, 20)))
                dropped = left if left is not None and left <= end else None
                if dropped is None and rng.random() < 0.04 and (last_day - enrolled).days > 10:
                    dropped = enrolled + timedelta(days=rng.randint(5, (last_day - enrolled).days - 1))
                eid = len(enrs) + 1
                got: list[float] = []
                stop = min(last_day - timedelta(days=1), dropped or end)
                for title, cat, offset in ASSESSMENTS:
                    when = start + timedelta(days=offset)
                    while when.weekday() >= 5:
                        when += timedelta(days=1)
                    if when > stop or when < enrolled or (cat == "PROJECT" and level[school] == "ELEMENTARY"):
                        continue
                    score = max(15.0, min(100.0, round(rng.gauss(ability[sid], 8) * 2) / 2))
                    got.append(score)
                    scores.append((len(scores) + 1, eid, title, cat, when, Decimal(str(score))))
                final = None
                if end < today and dropped is None and got:
                    avg = sum(got) / len(got)
                    final = "A" if avg >= 90 else "B" if avg >= 80 else "C" if avg >= 70 else "D" if avg >= 60 else "F"
                enrs.append((eid, sid, sec[0], enrolled, dropped, final))
            first_day = max(start, joined)
            stop_day = min(last_day, left or last_day)
            days = school_days(first_day, stop_day)
            if not days:
                continue
            n = rng.randint(10, 22) if sid in chronic else pick(rng, (0, 1, 2, 3, 4, 6), (3, 4, 4, 3, 2, 1))
            n = max(0, round(n * len(days) / 88))
            for d in sorted(rng.sample(days, min(n, len(days)))):
                if rng.random() < 0.7:
                    absences.append((len(absences) + 1, sid, d, "ABSENT", rng.random() < 0.55, None))
                else:
                    absences.append((len(absences) + 1, sid, d, "TARDY", rng.random() < 0.2, rng.randint(3, 45)))
    return secs, enrs, scores, absences


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv12-school")
    taken = {(t[1], t[2]) for t in NAMED_TEACHERS} | {(s[1], s[2]) for s in NAMED_STUDENTS}
    terms_ = terms(today)
    staff = teachers(rng, today, taken)
    studs, guards, links = students(rng, today, taken)
    secs, enrs, scores, absences = classes(rng, today, terms_, staff, studs)
    return {"School": schools(), "Term": terms_, "Teacher": staff, "Student": studs, "Guardian": guards,
            "StudentGuardian": links, "Section": secs, "Enrollment": enrs, "Attendance": absences,
            "Assessment": scores}
