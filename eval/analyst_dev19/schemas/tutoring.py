"""Seeded rows for ``adv19_tutoring`` (dates relative to the load day)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from eval.analyst_dev.seed import Row, days_before, moment, person, pick, rng_for

TIMEZONE = "America/Chicago"
# name, level, active; Latin is inactive and nobody teaches it, Organic Chemistry has tutors but no lessons yet
SUBJECTS = (("Algebra", "high_school"), ("Geometry", "high_school"), ("Calculus", "college"), ("Statistics", "college"),
            ("Chemistry", "high_school"), ("Physics", "high_school"), ("Biology", "high_school"),
            ("Reading", "elementary"), ("Elementary Math", "elementary"), ("SAT Prep", "test_prep"),
            ("ACT Prep", "test_prep"), ("Spanish", "high_school"), ("Essay Writing", "college"),
            ("Organic Chemistry", "college"), ("Latin", "high_school"))
CITIES = ("Chicago", "Evanston", "Naperville", "Oak Park", "Schaumburg", "Milwaukee")
HEADLINES = ("Patient math tutor", "Former teacher, 10 years", "Ivy League grad", "Test prep specialist",
             "PhD student, loves teaching", "Bilingual tutor", "Certified reading specialist")
PLATFORMS = ("zoom", "zoom", "zoom", "google_meet", "in_person")
CHANNELS = ("web", "web", "ios", "android")
APPS = ("contenttypes", "auth", "admin", "sessions", "accounts", "catalog", "scheduling", "billing", "reviews")
COMMENTS = ("Great session", "Very helpful", "Explained things clearly", "Ran a bit late", "Okay", "Not prepared",
            "My son loved it", "Will book again")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return moment(day, hour, minute)


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv19-tutoring")
    users: list[Row] = []
    taken: set[tuple[str, str]] = set()

    def user(first: str, last: str, joined: datetime, active: bool = True, staff: bool = False) -> int:
        uid = len(users) + 1
        uname = f"{first}.{last}{uid}".lower()
        users.append((uid, "pbkdf2_sha256$600000$seed$x", joined + timedelta(days=3), staff, uname, first, last,
                      f"{uname}@example.com", staff, active, joined))
        return uid

    user("Admin", "Ops", _at(days_before(today, 1200), 9), staff=True)
    user("Dana", "Support", _at(days_before(today, 900), 9), staff=True)
    subjects = [(k + 1, n, n.lower().replace(" ", "-"), lvl, k != 14) for k, (n, lvl) in enumerate(SUBJECTS)]
    tutors: list[Row] = []
    tsubj: list[Row] = []
    avail: list[Row] = []
    # 24 tutors; the last joined 6 days ago and has no lessons; 5 are not verified
    for k in range(24):
        f, l = person(rng, taken)
        taken.add((f, l))
        joined = _at(days_before(today, 6 if k == 23 else rng.randint(200, 1100)), 10)
        uid = user(f, l, joined, active=k != 17)
        rate = rng.choice((3000, 3500, 4000, 4500, 5000, 6000, 7500, 9000))
        tutors.append((k + 1, uid, rng.choice(HEADLINES), rng.choice(CITIES), rate, k not in (4, 11, 17, 20, 23), joined,
                       joined + timedelta(days=rng.randint(0, 100))))
        teach = rng.sample(range(1, 14), rng.randint(2, 4))
        if k in (2, 9):
            teach.append(14)
        for s in teach:
            tsubj.append((len(tsubj) + 1, k + 1, s))
        for wd in rng.sample(range(7), rng.randint(2, 5)):
            h = rng.randint(8, 17)
            avail.append((len(avail) + 1, k + 1, wd, f"{h:02d}:00", f"{h + rng.choice((2, 3, 4)):02d}:00"))
    students: list[Row] = []
    # 160 students; the last 10 signed up in the last 12 days and booked nothing yet
    for k in range(160):
        f, l = person(rng, taken)
        taken.add((f, l))
        joined = _at(days_before(today, rng.randint(0, 12) if k >= 150 else rng.randint(40, 900)), 12)
        uid = user(f, l, joined, active=rng.random() > 0.05)
        grade = None if rng.random() < 0.15 else rng.randint(1, 12)
        students.append((k + 1, uid, grade, f"parent.{l.lower()}{k + 1}@example.com", joined, joined))
    by_tutor = {t[0]: [s[2] for s in tsubj if s[1] == t[0] and s[2] != 14] for t in tutors[:23]}
    tweights = [rng.choice((1, 2, 3, 5, 8)) for _ in range(23)]
    active_students = students[:150]
    lessons: list[Row] = []
    invoices: list[Row] = []
    reviews: list[Row] = []
    quality = {t: rng.choice((3.2, 3.8, 4.2, 4.5, 4.8)) for t in by_tutor}
    for off in range(540, -15, -1):
        day = today - timedelta(days=off)
        for _ in range(rng.randint(3, 7)):
            tutor = pick(rng, tutors[:23], tweights)
            tid = tutor[0]
            while True:
                st = rng.choice(active_students)
                if st[4].date() <= day:
                    break
            subj = rng.choice(by_tutor[tid])
            start = _at(day, rng.randint(8, 20), rng.choice((0, 30)))
            dur = rng.choice((30, 45, 60, 60, 60, 90))
            price = tutor[4] * dur // 60
            created = start - timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 10))
            if off > 0:
                r = rng.random()
                status = "completed" if r < 0.82 else "cancelled_by_student" if r < 0.92 else "no_show"
            else:
                status = "confirmed" if off == 0 or rng.random() < 0.7 else "requested"
            meta: dict[str, object] = {"platform": rng.choice(PLATFORMS), "booked_via": rng.choice(CHANNELS)}
            if rng.random() < 0.1:
                meta["promo_code"] = rng.choice(("WELCOME10", "SPRING20", "REFER25"))
            lid = len(lessons) + 1
            lessons.append((lid, tid, st[0], subj, start, dur, status, price, json.dumps(meta), created,
                            start + timedelta(hours=2) if off > 0 else created))
            if status == "completed":
                issued = start + timedelta(hours=2)
                paid = None
                if off > 3 and rng.random() > 0.04:
                    paid = issued + timedelta(days=rng.randint(0, min(off - 1, 9)), hours=rng.randint(0, 5))
                invoices.append((len(invoices) + 1, lid, st[0], price, issued, paid, issued, paid or issued))
                if off > 1 and rng.random() < 0.6:
                    rating = max(1, min(5, round(rng.gauss(quality[tid], 0.8))))
                    rv = start + timedelta(days=1)
                    reviews.append((len(reviews) + 1, lid, rating, rng.choice(COMMENTS), rv, rv))
    payouts: list[Row] = []
    monday = today - timedelta(days=today.weekday())
    for w in range(78, 0, -1):
        p_start = monday - timedelta(weeks=w)
        p_end = p_start + timedelta(days=6)
        paid_on = p_end + timedelta(days=3)
        if paid_on > today:
            continue
        earned: dict[int, int] = {}
        for les in lessons:
            if les[6] == "completed" and p_start <= les[4].date() <= p_end:
                earned[les[1]] = earned.get(les[1], 0) + les[7] * 80 // 100
        for tid, cents in sorted(earned.items()):
            at = _at(paid_on, 6)
            payouts.append((len(payouts) + 1, tid, cents, p_start, p_end, "paypal" if tid % 4 == 0 else "bank_transfer",
                            paid_on, at, at))
    ctypes = [(k + 1, a, m) for k, (a, m) in enumerate(
        (("admin", "logentry"), ("auth", "permission"), ("auth", "group"), ("auth", "user"),
         ("contenttypes", "contenttype"), ("sessions", "session"), ("catalog", "subject"), ("accounts", "tutor"),
         ("accounts", "student"), ("scheduling", "availability"), ("scheduling", "lesson"), ("billing", "invoice"),
         ("billing", "payout"), ("reviews", "review")))]
    migrations = [(k + 1, a, f"{n:04d}_{'initial' if n == 1 else 'auto'}", _at(days_before(today, 1200 - 30 * k), 3))
                  for k, (a, n) in enumerate((a, n) for a in APPS for n in (1, 2))]
    sessions = [(f"{rng.getrandbits(128):032x}", "eyJfYXV0aF91c2VyX2lkIjoiMSJ9:seed",
                 _at(today + timedelta(days=rng.randint(-10, 14)), 12)) for _ in range(40)]
    return {"django_content_type": ctypes, "django_migrations": migrations, "django_session": sessions,
            "auth_user": users, "catalog_subject": subjects, "accounts_tutor": tutors,
            "accounts_tutor_subjects": tsubj, "accounts_student": students, "scheduling_availability": avail,
            "scheduling_lesson": lessons, "billing_invoice": invoices, "billing_payout": payouts,
            "reviews_review": reviews}
