"""Seeded rows for ``adv7_esports`` (dates as days before the load day)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from eval.analyst_dev7.schemas._seed import Row, days_before, moment, money, person, pick, rng_for

TIMEZONE = "UTC"
TEAMS = (("Night Owls", "NOWL", "Portland", "Premier"), ("Crimson Vanguard", "CRV", "Austin", "Premier"),
         ("Static Pulse", "STP", "Denver", "Premier"), ("Iron Lotus", "ILT", "Chicago", "Premier"),
         ("Glacier Gaming", "GLCR", "Seattle", "Premier"), ("Paper Tigers", "PPT", "Boston", "Premier"),
         ("Harbor Hounds", "HBH", "Seattle", "Challenger"), ("Velvet Thunder", "VLT", "Austin", "Challenger"),
         ("Backline Bandits", "BLB", "Chicago", "Challenger"), ("Quiet Storm", "QST", "Portland", "Challenger"),
         ("Rogue Satellites", "RSAT", "Denver", "Challenger"), ("Copper Foxes", "CFX", "Boston", "Challenger"))
NAMED = (("vexo", "Daniel Okoro"), ("Kilowatt", "Mira Haddad"), ("moonbeam", "Jae-won Park"))
SYLLABLES = ("zan", "kor", "vy", "lux", "dra", "fen", "quo", "rix", "mo", "tal", "sky", "nox", "ph", "ace", "bit")
COUNTRIES = ("USA", "USA", "USA", "Canada", "Canada", "Mexico", "Brazil", "UK", "Germany", "South Korea")
ROLES = ("entry", "support", "sniper", "igl", "flex")
MAPS = ("Foundry", "Harbor", "Citadel", "Dunes", "Reactor", "Monastery")
SPONSORS = (("Voltage Energy Drink", "Beverages"), ("ClickPro Peripherals", "Hardware"),
            ("NetSwift Fiber", "Telecom"), ("Stitch & Co", "Apparel"), ("Frostbyte PCs", "Hardware"),
            ("Harbor Credit Union", "Banking"), ("Pixel Pizza", "Food"), ("Orbit Mobile", "Telecom"),
            ("GripTape Gear", "Apparel"), ("Lumen Monitors", "Hardware"))
SEASON_STARTS = (630, 450, 270, 84)
WEEKS = 16


def players(rng: random.Random, today: date) -> list[Row]:
    out: list[Row] = []
    tags = {t for t, _ in NAMED}
    taken: set[tuple[str, str]] = set()
    for i in range(1, len(TEAMS) * 5 + 7):
        team = (i - 1) // 5 + 1 if i <= len(TEAMS) * 5 else None
        if i <= len(NAMED):
            tag, name = NAMED[i - 1]
        else:
            tag = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
            while tag in tags:
                tag += rng.choice(SYLLABLES)
            tags.add(tag)
            first, last = person(rng, taken)
            taken.add((first, last))
            name = f"{first} {last}"
        role = ROLES[(i - 1) % 5] if team else rng.choice(ROLES)
        out.append((i, team, tag, name, rng.choice(COUNTRIES), role, days_before(today, rng.randint(16 * 365, 31 * 365)),
                    days_before(today, rng.randint(10, 800))))
    return out


def seasons(today: date) -> list[Row]:
    return [(i, f"Season {i}", days_before(today, back), days_before(today, back - WEEKS * 7 + 1),
             Decimal(5000 + 2500 * i)) for i, back in enumerate(SEASON_STARTS, 1)]


def matches(rng: random.Random, today: date, terms: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    games: list[Row] = []
    maps: list[Row] = []
    stats: list[Row] = []
    strength = [rng.uniform(0.6, 1.6) for _ in TEAMS]
    roster = {t: [p for p in range(5 * (t - 1) + 1, 5 * t + 1)] for t in range(1, len(TEAMS) + 1)}
    skill = {p: rng.uniform(0.7, 1.4) for p in range(1, 5 * len(TEAMS) + 1)}
    for season in terms:
        for week in range(WEEKS):
            for division in ("Premier", "Challenger"):
                ids = [i for i, t in enumerate(TEAMS, 1) if t[3] == division]
                rng.shuffle(ids)
                for k in range(0, 6, 2):
                    home, away = ids[k], ids[k + 1]
                    day = season[2] + timedelta(days=7 * week + rng.choice((4, 5, 6)))
                    at = moment(day, rng.choice((18, 19, 20, 21)), rng.choice((0, 30)))
                    stage = "regular" if week < WEEKS - 2 else "playoff"
                    mid = len(games) + 1
                    if day >= today:
                        games.append((mid, season[0], home, away, at, stage, None, None))
                        continue
                    won = {home: 0, away: 0}
                    number = 0
                    while max(won.values()) < 2:
                        number += 1
                        p_home = strength[home - 1] / (strength[home - 1] + strength[away - 1])
                        winner = home if rng.random() < p_home else away
                        won[winner] += 1
                        lose = rng.randint(3, 11)
                        hr, ar = (13, lose) if winner == home else (lose, 13)
                        maps.append((mid, number, rng.choice(MAPS), hr, ar, winner, 25 + (hr + ar) + rng.randint(-4, 8)))
                        for team in (home, away):
                            for p in roster[team]:
                                rounds = hr + ar
                                kills = max(0, int(rounds * 0.7 * skill[p] * rng.uniform(0.6, 1.4)))
                                deaths = max(1, int(rounds * 0.7 / skill[p] * rng.uniform(0.7, 1.3)))
                                stats.append((mid, number, p, kills, deaths, rng.randint(1, 12)))
                    viewers = int(rng.randint(150, 900) * (3 if stage == "playoff" else 1) * (1.5 if division == "Premier" else 1))
                    games.append((mid, season[0], home, away, at, stage, home if won[home] == 2 else away, viewers))
    return games, maps, stats


def sponsorships(rng: random.Random, today: date, terms: list[Row]) -> list[Row]:
    out: list[Row] = []
    for season in terms:
        for team in range(1, len(TEAMS) + 1):
            if team in (10, 12):
                continue
            for _ in range(pick(rng, (0, 1, 2), (2, 5, 2))):
                amount = money(rng.randint(5, 60) * 100 * (2 if TEAMS[team - 1][3] == "Premier" else 1))
                signed = season[2] - timedelta(days=rng.randint(5, 60))
                out.append((len(out) + 1, rng.randint(1, len(SPONSORS) - 1), team, season[0], amount, signed))
    return out


def generate(today: date) -> dict[str, list[Row]]:
    rng = rng_for("adv7-esports")
    terms = seasons(today)
    teams = [(i, n, tag, city, div, days_before(today, rng.randint(700, 3000))) for i, (n, tag, city, div) in enumerate(TEAMS, 1)]
    games, maps, stats = matches(rng, today, terms)
    return {"teams": teams, "players": players(rng, today), "seasons": terms, "matches": games,
            "map_results": maps, "player_map_stats": stats,
            "sponsors": [(i, n, ind) for i, (n, ind) in enumerate(SPONSORS, 1)],
            "sponsorships": sponsorships(rng, today, terms)}
