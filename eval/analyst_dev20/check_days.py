"""Load this set for several days and run every gold with ``current_date`` replaced by that day:
``python -m eval.analyst_dev20.check_days 2026-12-13 2027-01-01 ... [-v]`` (reloads adv20_*; end with today).

Reports a gold that comes back empty, NULL, a zero count or sum, a zero part of a two-period answer,
duplicate rows, or a tie at its LIMIT."""

from __future__ import annotations

import re
import sys
from datetime import date
from decimal import Decimal

import psycopg

from eval.analyst_dev.load import load
from eval.analyst_dev20 import THIS_SET
from eval.analyst_dev20.questions import QUESTIONS

ADMIN = "postgresql://postgres@127.0.0.1:55432/postgres"


def main(argv: list[str]) -> int:
    days = [date.fromisoformat(a) for a in argv if a != "-v"] or [date.today()]
    bad = 0
    for day in days:
        for key in THIS_SET.keys:
            load(ADMIN, key, day, THIS_SET)
        conns = {k: psycopg.connect(f"postgresql://postgres@127.0.0.1:55432/{THIS_SET.database(k)}")
                 for k in THIS_SET.keys}
        for key, cat, q, gold, _ordered in QUESTIONS:
            sqlq = gold.replace("current_date", f"DATE '{day}'")
            conn = conns[key]
            try:
                rows = conn.execute(sqlq).fetchall()
            except psycopg.Error as e:
                conn.rollback()
                print(day, key, q, "ERROR", e)
                bad += 1
                continue
            probs = []
            if not rows:
                probs.append("empty")
            if any(v is None for r in rows for v in r):
                probs.append("null")
            if len(rows) == 1 and all(isinstance(v, (int, Decimal, float)) and v == 0 for v in rows[0]):
                probs.append("zero")
            if cat == "two_period" and any(isinstance(v, (int, Decimal, float)) and v == 0 for r in rows for v in r):
                probs.append("zero-part")
            if len(set(rows)) != len(rows):
                probs.append("dup rows")
            m = re.search(r"LIMIT (\d+)$", sqlq)
            if m:
                n = int(m.group(1))
                allr = conn.execute(sqlq[:m.start()]).fetchall()
                if len(allr) > n and allr[n - 1][-1] == allr[n][-1]:
                    probs.append(f"tie at {n}: {allr[n - 1]} {allr[n]}")
                if len(allr) < n:
                    probs.append("fewer than N")
            if probs or "-v" in argv:
                bad += bool(probs)
                print(day, key, cat, q, probs, rows[:3])
        for c in conns.values():
            c.close()
    print("problems:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
