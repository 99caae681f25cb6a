"""Seeded rows for ``adev_library`` (dates as days before the load day)."""

from __future__ import annotations

from datetime import date, timedelta

from eval.unseen.synth import Row, days_before, money, person, pick, rng_for

TIMEZONE = "UTC"
BRANCHES = (("Central Library", "Springfield", 9000, 120), ("Riverside", "Springfield", 4000, 40),
            ("Oak Hill", "Shelbyville", 2500, 30), ("Harbor Point", "Capital City", 1200, 55),
            ("Maple Grove", "Shelbyville", 300, 25), ("Eastgate", "Capital City", 150, 35))
GENRES = ("fiction", "mystery", "science", "history", "children", "biography", "poetry")
AUTHORS = ("Ada Lark", "Ben Ortiz", "Cora Vance", "Dev Malhotra", "Elena Frost", "Femi Adeyemi",
           "Grace Holm", "Hugo Brandt", "Iris Castell", "Jon Pike")
WORDS = ("River", "Night", "Garden", "Stone", "Winter", "Silent", "Golden", "Lost", "Paper",
         "Harbor", "Quiet", "Wild", "Glass", "Iron", "Summer", "Hidden")


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adev-library")
    branches = [(i + 1, n, c, days_before(today, d), s) for i, (n, c, d, s) in enumerate(BRANCHES)]
    members: list[Row] = []
    for i in range(1, 181):
        first, last = person(rng)
        card = pick(rng, ("adult", "child", "senior"), (6, 2, 2))
        years = {"adult": rng.randint(19, 64), "child": rng.randint(6, 17), "senior": rng.randint(65, 88)}[card]
        birth = days_before(today, years * 365 + rng.randint(0, 364))
        email = None if rng.random() < 0.15 else f"{first}.{last}{i}@mail.example".lower().replace("'", "")
        members.append((i, f"{first} {last}", pick(rng, range(1, 7), (5, 3, 2, 2, 1, 1)), card, birth,
                        days_before(today, rng.randint(1, 2400)), email))
    books: list[Row] = []
    for i in range(1, 121):
        title = f"The {rng.choice(WORDS)} {rng.choice(WORDS)}" if i % 3 else f"{rng.choice(WORDS)} of {rng.choice(WORDS)}"
        books.append((i, f"{title} {i}", rng.choice(AUTHORS), pick(rng, GENRES, (5, 4, 2, 2, 3, 1, 1)),
                      rng.randint(1950, today.year), rng.randint(90, 900), money(rng.randint(800, 6000) / 100)))
    loans: list[Row] = []
    for i in range(1, 901):
        member = members[rng.randrange(150)]        # members 151-180 never borrowed
        out = days_before(today, int(rng.triangular(0, 700, 30)))
        due = out + timedelta(days=21)
        returned = None if (today - out).days < 40 and rng.random() < 0.5 else out + timedelta(days=rng.randint(2, 40))
        if returned is not None and returned > today:
            returned = None
        late = money(max(0, ((returned or today) - due).days) * 0.25) if returned is not None else money(0)
        branch = member[2] if rng.random() < 0.7 else rng.randint(1, 6)
        loans.append((i, rng.randint(1, 110), member[0], branch, out, due, returned, late))
    return {"branches": branches, "members": members, "books": books, "loans": loans}
