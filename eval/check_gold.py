"""Do the gold queries answer on every day's demo data, not only today's?

    python eval/check_gold.py [--days 730] [--every 9] [--start YYYY-MM-DD]

The demo data is generated for the day it is loaded (``demo/datagen.py``), so a gold
query with a threshold ("brands with revenue above 1m last quarter") can answer on one day and
return nothing the next. This loads the demo data for one day after another into a
throwaway PostgreSQL 15 cluster, runs every gold query of ``demo.jsonl`` and
``holdout.jsonl`` with ``current_date`` fixed to that day (the only clock the gold SQL reads),
and prints the questions that came back empty on any day, with their days. Not a test: the
test suite checks one fixed day's data (``tests/test_eval_harness.py``); this looks ahead.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from demo.loader import load_demo_data  # noqa: E402
from proxy.evaluation.questions import EvalQuestion, load_questions  # noqa: E402
from tests.pg_cluster import PgCluster  # noqa: E402


def empty_answers(conn: psycopg.Connection, questions: list[EvalQuestion], day: date) -> list[str]:
    load_demo_data(conn, today=day)
    empty = []
    for q in questions:
        rows = conn.execute(q.gold_sql_on(day)).fetchall()
        if not rows or all(v is None for v in rows[0]):
            empty.append(q.id)
    return empty


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", type=date.fromisoformat, default=date.today())
    ap.add_argument("--days", type=int, default=730, help="how far ahead to look")
    ap.add_argument("--every", type=int, default=9, help="check one day in this many")
    args = ap.parse_args()
    questions = load_questions(ROOT / "eval" / "demo.jsonl") + load_questions(ROOT / "eval" / "holdout.jsonl")
    days = [args.start + timedelta(days=i) for i in range(0, args.days, args.every)]
    failures: dict[str, list[date]] = defaultdict(list)
    pg = PgCluster.start()
    try:
        pg.psql("CREATE DATABASE gold_check")
        with psycopg.connect(pg.dsn(dbname="gold_check"), autocommit=True) as conn:
            for day in days:
                empty = empty_answers(conn, questions, day)
                for qid in empty:
                    failures[qid].append(day)
                print(day, "empty:", empty or "none", flush=True)
    finally:
        pg.stop()
    print(f"\n{len(questions)} questions over {len(days)} days from {days[0]} to {days[-1]}")
    for qid, bad in sorted(failures.items()):
        print(f"{qid}: empty on {len(bad)} of {len(days)} days, e.g. {', '.join(d.isoformat() for d in bad[:4])}")
    if not failures:
        print("every gold query answered on every day checked")


if __name__ == "__main__":
    main()
