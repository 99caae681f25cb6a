"""Run every gold query of the set against its database: ``python -m eval.unseen.check --dsn URL``.

Loads the six databases first unless they already hold this version's data for today (see
``load``); ``--reload`` always loads. Every gold query must run and answer: not empty, not only
NULLs, not a lone zero (a wrong filter would match it), and a ranking cut by ``LIMIT n`` must
not tie at the cut or inside it (row n+1 is read to see). Prints the questions per database and
category, and the refusals per kind. Exit status 1 when any gold query fails these checks.

``--days N`` looks ahead instead: it reloads the databases for days from ``--start`` on (one
in ``--every``, plus every month's first and last day), runs the gold with ``current_date``
fixed to each, and lists the questions that fail on any of them. It overwrites the databases.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

import psycopg

from eval.unseen import load
from eval.unseen.question_set import (DATABASES, REFUSE_KINDS, CATEGORIES, Refusal, UnseenQuestion,
                                      coverage_problems, parse_questions, parse_refusals)
from eval.unseen.registry import SCHEMAS

_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.IGNORECASE)


def answer_problem(conn: psycopg.Connection, sql: str) -> str | None:
    """Why this gold query's answer cannot be scored, or None when it can."""
    try:
        rows = conn.execute(sql).fetchall()
    except psycopg.Error as exc:
        return f"error: {exc.sqlstate}: {str(exc).splitlines()[0]}"
    if not rows:
        return "empty answer"
    if all(v is None for row in rows for v in row):
        return "only NULLs"
    if len(rows) == 1 and len(rows[0]) == 1 and rows[0][0] == 0:
        return "a lone zero"
    return _tie(conn, sql)


def _tie(conn: psycopg.Connection, sql: str) -> str | None:
    """A ``LIMIT n`` ranking whose measure (the last column) ties within rows 1..n+1."""
    limit = _LIMIT.search(sql)
    if not limit:
        return None
    n = int(limit[1])
    rows = conn.execute(sql[:limit.start()] + f"LIMIT {n + 1}").fetchall()
    measures = [row[-1] for row in rows]
    for i in range(len(measures) - 1):
        if measures[i] == measures[i + 1]:
            return f"tie at rank {i + 1}/{i + 2} of a LIMIT {n} ranking"
    return None


def run_gold(dsn: str, questions: Iterable[UnseenQuestion], day: date | None = None) -> dict[str, str]:
    """Question id -> problem, for the questions whose gold fails (``day`` fixes current_date)."""
    by_database: dict[str, list[UnseenQuestion]] = defaultdict(list)
    for q in questions:
        by_database[q.database].append(q)
    problems = {}
    for database, group in by_database.items():
        with psycopg.connect(load.database_dsn(dsn, database), autocommit=True) as conn:
            for q in group:
                problem = answer_problem(conn, q.gold_sql if day is None else q.gold_sql_on(day))
                if problem:
                    problems[q.id] = problem
    return problems


def ensure_loaded(dsn: str, reload: bool) -> None:
    with psycopg.connect(dsn, autocommit=True) as admin:
        stale = [spec.key for spec in SCHEMAS
                 if reload or load.stored_label(admin, spec) != load.label(load.server_today(admin, spec))]
    if stale:
        print(f"loading {', '.join(stale)}", flush=True)
        load.load_all(dsn, tuple(stale))


def coverage_table(questions: list[UnseenQuestion], refusals: list[Refusal]) -> str:
    cells = Counter((q.database, q.category) for q in questions)
    kinds = Counter((r.database, r.category) for r in refusals)
    columns = [c for c in CATEGORIES if any(k[1] == c for k in cells)]
    short = [d.removeprefix("unseen_") for d in DATABASES]
    lines = [f"{'category':<16}" + "".join(f"{s:>8}" for s in short) + f"{'total':>8}"]
    for label, counts, keys in ([(c, cells, c) for c in columns]
                                + [(f"refuse_{k}", kinds, f"refuse_{k}") for k in REFUSE_KINDS]):
        row = [counts[(d, keys)] for d in DATABASES]
        lines.append(f"{label:<16}" + "".join(f"{n:>8}" for n in row) + f"{sum(row):>8}")
    totals = [sum(1 for q in questions if q.database == d) for d in DATABASES]
    lines.append(f"{'questions':<16}" + "".join(f"{n:>8}" for n in totals) + f"{sum(totals):>8}")
    return "\n".join(lines)


def look_ahead(dsn: str, questions: list[UnseenQuestion], start: date, days: int, every: int) -> dict[str, list[date]]:
    span = [start + timedelta(days=i) for i in range(days)]
    chosen = sorted({d for i, d in enumerate(span) if i % every == 0 or d.day == 1
                     or (d + timedelta(days=1)).day == 1})
    failures: dict[str, list[date]] = defaultdict(list)
    for day in chosen:
        load.load_all(dsn, tuple(spec.key for spec in SCHEMAS), day)
        problems = run_gold(dsn, questions, day)
        for qid, problem in problems.items():
            failures[qid].append(day)
        print(day, "; ".join(f"{qid}: {p}" for qid, p in problems.items()) or "ok", flush=True)
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.unseen.check", description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", required=True, help="any database of the server, e.g. postgresql://USER@HOST:PORT/postgres")
    ap.add_argument("--reload", action="store_true", help="load the databases even if today's data is there")
    ap.add_argument("--days", type=int, help="look ahead this many days instead (reloads for each day)")
    ap.add_argument("--every", type=int, default=7, help="with --days: check one day in this many")
    ap.add_argument("--start", type=date.fromisoformat, default=date.today(), help="with --days: first day")
    args = ap.parse_args(argv)
    questions, refusals = parse_questions(), parse_refusals()
    print(coverage_table(questions, refusals))
    failed = coverage_problems(questions, refusals)
    for line in failed:
        print("coverage:", line)
    if args.days:
        failures = look_ahead(args.dsn, questions, args.start, args.days, args.every)
        for qid, bad in sorted(failures.items()):
            print(f"{qid}: fails on {len(bad)} day(s), e.g. {', '.join(d.isoformat() for d in bad[:5])}")
        return 1 if failures or failed else 0
    ensure_loaded(args.dsn, args.reload)
    problems = run_gold(args.dsn, questions)
    for qid, problem in problems.items():
        print(f"{qid}: {problem}")
    print(f"{len(questions) - len(problems)} of {len(questions)} gold queries answer; "
          f"{len(refusals)} refusals well-formed")
    return 1 if problems or failed else 0


if __name__ == "__main__":
    sys.exit(main())
