"""How many times a winning candidate is parsed on its way through the checks.

Each gold query of ``eval/demo.jsonl`` stands in for the model's first candidate: it goes
through what ``AskPlanner`` runs on one (grounding, repairs, ``validate``, then the defect
checks; not EXPLAIN, which is PostgreSQL's parse), against the demo schema introspected from
a throwaway cluster (no rows, so no value links). Counted: PostgreSQL parses (pglast's tree
and libpg_query's JSON), scanner runs, sqlglot parses; then timed, uninstrumented: the checks of
all candidates, best of ``--rounds``. Both twice: the gold queries as written, and each
followed by ``" ;\n"``, which ``validate`` trims (the text that runs is the statement alone):
the trimmed text must come with its trees, not be parsed again.

    PYTHONPATH=. python bench/parse_count.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pglast
import pglast.parser
import sqlglot
import sqlglot.tokenizer_core

from ask import planner
from ask.checks.parsed import ParsedSQL
from ask.context.introspection import introspect
from ask.context.value_linking import link_values
from ask.errors import RejectedSQL
from tests.pg_cluster import PgCluster
from tests.test_introspection import connect_upstream

COUNTS: Counter[str] = Counter()


def _counted(name: str, fn: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        COUNTS[name] += 1
        return fn(*args, **kwargs)
    return wrapper


def _instrument() -> None:
    pglast.parse_sql = pglast.parser.parse_sql = _counted("pg_parse_tree", pglast.parser.parse_sql)
    pglast.parser.parse_sql_json = _counted("pg_parse_json", pglast.parser.parse_sql_json)
    pglast.parser.scan = _counted("pg_scan", pglast.parser.scan)
    sqlglot.parse_one = _counted("sqlglot_parse", sqlglot.parse_one)


async def _schema(pg: PgCluster) -> Any:
    pg.psql("CREATE DATABASE parse_count")
    pg.psql(resources.files("demo").joinpath("schema.sql").read_text(), dbname="parse_count")
    async with connect_upstream(pg, "parse_count") as upstream:
        return await introspect(upstream)


def _check_all(questions: list[dict[str, Any]], schema: Any, tail: str = "") -> int:
    """Every gold query (followed by ``tail``) through the checks a winning candidate goes
    through; how many were rejected."""
    rejected = 0
    for q in questions:
        links = link_values(q["question"], schema)
        try:
            winner = planner._validated(ParsedSQL(q["gold_sql"] + tail), q["question"], schema,
                                        links)
        except RejectedSQL:
            rejected += 1
            continue
        planner._defects(winner, q["question"], schema, links)
    return rejected


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    rounds = ap.parse_args().rounds
    lines = Path("eval/demo.jsonl").read_text().splitlines()
    questions = [q for q in (json.loads(line) for line in lines if line.strip()) if q.get("gold_sql")]
    pg = PgCluster.start()
    try:
        schema = asyncio.run(_schema(pg))
    finally:
        pg.stop()
    compiled = not getattr(sqlglot.tokenizer_core, "__file__", "py").endswith(".py")
    print(f"sqlglot {sqlglot.__version__}, {'compiled (sqlglotc)' if compiled else 'pure Python'}")
    cases = (("as written", ""), ("trimmed by validate", " ;\n"))
    timings = []
    for _, tail in cases:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            rejected = _check_all(questions, schema, tail)
            best = min(best, time.perf_counter() - start)
        timings.append((best, rejected))
    _instrument()
    for (label, tail), (best, rejected) in zip(cases, timings):
        COUNTS.clear()
        _check_all(questions, schema, tail)
        print(f"{label}: {len(questions)} candidates ({rejected} rejected by validate); "
              f"checks {best * 1000 / len(questions):.3f} ms per candidate (best of {rounds})")
        for name in sorted(COUNTS):
            print(f"  {name:14s} {COUNTS[name]:5d}  {COUNTS[name] / len(questions):.2f} "
                  "per candidate")


if __name__ == "__main__":
    main()
