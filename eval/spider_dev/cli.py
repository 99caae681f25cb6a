"""``python -m eval.spider_dev``: build the 20 Spider dev databases and the question file.

    python -m eval.spider_dev --datasets ../shared/datasets \\
        --dsn postgresql://postgres@127.0.0.1:5432/postgres --out /tmp/spider

writes ``OUT/spider_dev.jsonl`` (questions whose gold SQL runs, in ``askproxy eval``'s format
with ``"database"`` per question), ``OUT/spider_dev.excluded.jsonl`` (those whose gold could
not be converted or fails, with the reason) and ``OUT/build_report.json`` (counts per database).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import psycopg

from eval.spider_dev.build import BuiltDatabase, DsnFor, GoldCheck, build_database
from eval.spider_dev.dataset import load_dev
from eval.spider_dev.gold_sql import GoldConversionError, parse_sqlite
from proxy.evaluation.exact_match import spider_hardness

logger = logging.getLogger(__name__)

QUESTIONS_FILE = "spider_dev.jsonl"
EXCLUDED_FILE = "spider_dev.excluded.jsonl"
REPORT_FILE = "build_report.json"


def _hardness(query: str) -> str:
    try:
        return spider_hardness(parse_sqlite(query))
    except GoldConversionError:
        return "unknown"


def _ordered(check: GoldCheck) -> bool:
    try:
        return parse_sqlite(check.example.query).args.get("order") is not None
    except GoldConversionError:
        return False


def question_record(check: GoldCheck, database: str) -> dict[str, object]:
    e = check.example
    record: dict[str, object] = {
        "id": e.id, "question": e.question, "gold_sql": check.sql, "category": _hardness(e.query),
        "ordered": _ordered(check), "database": database, "db_id": e.db_id, "spider_sql": e.query,
        "gold_status": check.status,
    }
    if check.detail:
        record["gold_note"] = check.detail
    if check.match_sql is not None:
        record["match_sql"] = check.match_sql
    return record


def _equal_sizes(counts: dict[str, int]) -> list[list[str]]:
    """Tables with as many rows as another: counting the wrong one would score."""
    by_size: dict[int, list[str]] = {}
    for table, n in counts.items():
        by_size.setdefault(n, []).append(table)
    return [sorted(tables) for tables in by_size.values() if len(tables) > 1]


def database_report(built: BuiltDatabase) -> dict[str, object]:
    return {
        "database": built.plan.database, "seed": built.seed, "rows": built.row_counts,
        "questions": len(built.checks),
        **{status: built.count(status) for status in ("ok", "empty", "error", "unconverted")},
        "repaired": sum(c.match_sql is not None for c in built.checks),
        "tables_of_equal_size": _equal_sizes(built.row_counts),
        "skipped_tables": list(built.plan.skipped_tables),
        "skipped_foreign_keys": [f"{fk.table}.{fk.column} -> {fk.ref_table}.{fk.ref_column}"
                                 for fk in built.plan.skipped_foreign_keys],
    }


def write_outputs(out: Path, built: Sequence[BuiltDatabase]) -> dict[str, object]:
    out.mkdir(parents=True, exist_ok=True)
    kept = excluded = 0
    with (out / QUESTIONS_FILE).open("w", encoding="utf-8") as q, \
            (out / EXCLUDED_FILE).open("w", encoding="utf-8") as x:
        for db in built:
            for check in db.checks:
                target = q if check.status in ("ok", "empty") else x
                target.write(json.dumps(question_record(check, db.plan.database), ensure_ascii=False) + "\n")
                kept, excluded = (kept + 1, excluded) if target is q else (kept, excluded + 1)
    totals = {status: sum(db.count(status) for db in built) for status in ("ok", "empty", "error", "unconverted")}
    report = {"questions": kept + excluded, "written": kept, "excluded": excluded, **totals,
              "repaired": sum(c.match_sql is not None for db in built for c in db.checks),
              "databases": [database_report(db) for db in built]}
    (out / REPORT_FILE).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.spider_dev", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=Path, required=True, help="the shared datasets directory")
    parser.add_argument("--dsn", required=True, help="a superuser DSN on the target server (any database)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the question file")
    parser.add_argument("--db", action="append", help="only this Spider db_id (repeatable)")
    parser.add_argument("--seeds", type=int, default=3,
                        help="data seeds tried per database; the one with fewest empty gold answers is kept")
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(message)s")
    try:
        dev = load_dev(args.datasets)
    except FileNotFoundError as exc:
        print(f"spider_dev: {exc}", file=sys.stderr)
        return 2
    wanted = [d for d in dev.schemas if not args.db or d in set(args.db)]
    started, built = time.monotonic(), []
    dsn_for = DsnFor(args.dsn)
    with psycopg.connect(args.dsn, autocommit=True) as admin:
        for db_id in wanted:
            examples = [e for e in dev.examples if e.db_id == db_id]
            built.append(build_database(admin, dsn_for, dev.schemas[db_id], examples, range(args.seeds)))
    report = write_outputs(args.out, built)
    print(f"{len(built)} databases, {report['questions']} questions in {time.monotonic() - started:.0f} s: "
          f"{report['ok']} answer, {report['empty']} empty, {report['error']} gold errors, "
          f"{report['unconverted']} not convertible ({report['repaired']} after an execution repair); "
          f"{report['written']} written to {args.out / QUESTIONS_FILE}, "
          f"{report['excluded']} to {args.out / EXCLUDED_FILE}")
    return 0
