"""The Spider dev builder end to end on three of the dev schemas, against real PostgreSQL:
databases created, foreign keys declared and validated, gold queries converted and run, most
of them non-empty, and a question file ``askproxy eval`` reads.

Needs Spider's dev set in ../shared/datasets (read in place, never copied); skipped without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
import sqlglot

from eval.spider_dev import cli
from eval.spider_dev.dataset import load_dev
from eval.spider_dev.gold_sql import convert
from proxy.evaluation.questions import load_questions

DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
DB_IDS = ("concert_singer", "pets_1", "flight_2")

pytestmark = pytest.mark.skipif(not (DATASETS / "spider" / "dev.jsonl").exists(),
                                reason=f"Spider's dev set is not at {DATASETS}/spider (../shared/datasets)")


@pytest.fixture(scope="module")
def built(pg, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("spider")
    argv = ["--datasets", str(DATASETS), "--dsn", pg.url(), "--out", str(out), "--seeds", "2",
            "--log-level", "WARNING"]
    for db_id in DB_IDS:
        argv += ["--db", db_id]
    assert cli.main(argv) == 0
    return out, json.loads((out / cli.REPORT_FILE).read_text())


def test_every_question_is_accounted_for(built):
    out, report = built
    dev = load_dev(DATASETS)
    expected = sum(e.db_id in DB_IDS for e in dev.examples)
    written = (out / cli.QUESTIONS_FILE).read_text().splitlines()
    excluded = (out / cli.EXCLUDED_FILE).read_text().splitlines()
    assert report["questions"] == len(written) + len(excluded) == expected
    assert report["ok"] + report["empty"] + report["error"] + report["unconverted"] == expected
    assert report["error"] + report["unconverted"] == 0
    assert report["empty"] <= 0.05 * expected


def test_question_file_is_harness_format_with_a_database_each(built):
    out, _ = built
    questions = load_questions(out / cli.QUESTIONS_FILE)
    assert {q.database for q in questions} == {f"spider_{d}" for d in DB_IDS}
    assert {q.category for q in questions} <= {"easy", "medium", "hard", "extra"}
    assert any(q.ordered for q in questions) and not all(q.ordered for q in questions)
    dev = load_dev(DATASETS)
    for line in (out / cli.QUESTIONS_FILE).read_text().splitlines():
        record = json.loads(line)                  # the gold is the conversion of Spider's
        converted = convert(record["spider_sql"], dev.schemas[record["db_id"]].columns_by_table()).sql
        assert record.get("match_sql", record["gold_sql"]) == converted
        assert record["ordered"] == (sqlglot.parse_one(converted, read="postgres").args.get("order") is not None)


def test_databases_have_validated_foreign_keys_and_composite_keys(pg, built):
    dev = load_dev(DATASETS)
    for db_id in DB_IDS:
        with psycopg.connect(pg.dsn(dbname=f"spider_{db_id}")) as conn:
            fks = conn.execute("SELECT count(*), bool_and(convalidated) FROM pg_constraint "
                               "WHERE contype = 'f'").fetchone()
            assert fks == (len(dev.schemas[db_id].foreign_keys), True), db_id
            empty = conn.execute("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                 "WHERE nspname = 'public' AND relkind = 'r' AND reltuples = 0").fetchall()
            assert not empty, db_id
    with psycopg.connect(pg.dsn(dbname="spider_concert_singer")) as conn:
        key = conn.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                           "WHERE conrelid = 'singer_in_concert'::regclass AND contype = 'p'").fetchone()
        assert key == ("PRIMARY KEY (concert_id, singer_id)",)


@pytest.mark.slow
def test_gold_queries_run_and_most_answer(pg, built):
    out, _ = built
    empty = 0
    questions = load_questions(out / cli.QUESTIONS_FILE)
    for q in questions:
        assert q.gold_sql is not None
        with psycopg.connect(pg.dsn(dbname=q.database)) as conn:
            rows = conn.execute(q.gold_sql).fetchall()    # type: ignore[arg-type]
        empty += not rows or all(v is None for v in rows[0])
    assert empty <= 0.05 * len(questions)
