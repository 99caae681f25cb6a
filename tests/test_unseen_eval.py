"""The frozen unseen-schema evaluation set (``eval/unseen``) against real PostgreSQL.

Loads the six databases for one fixed day and runs every gold query the way
``python -m eval.unseen.check`` does (each must answer: rows, not only NULLs, not a lone zero,
no tie at a ``LIMIT`` cut), and checks both JSONL files: well-formed, in step with their sources
in ``eval/unseen/gold``, covering every category the set promises. Answers to calendar-bound
questions move with the day, so the day is fixed; ``check --days`` looks at the days ahead.
"""

from __future__ import annotations

import json
from datetime import date

import psycopg
import pytest

from eval.unseen import SET_VERSION, build_jsonl, load
from eval.unseen.check import answer_problem, run_gold
from eval.unseen.question_set import (DATABASES, MIN_PER_REFUSE_KIND, QUESTIONS, UNANSWERABLE,
                                      QuestionFileError, coverage_problems, parse_questions,
                                      parse_refusals)
from eval.unseen.registry import SCHEMAS

GOLD_DAY = date(2026, 12, 6)     # the day the set was written; check --days looked ahead from it


@pytest.fixture(scope="module")
def unseen_dsn(pg) -> str:
    dsn = pg.url()
    load.load_all(dsn, day=GOLD_DAY)
    return dsn


def test_jsonl_files_are_built_from_the_gold_sources():
    assert build_jsonl.main(["--check"]) == 0


def test_question_files_cover_every_database_and_category():
    questions, refusals = parse_questions(), parse_refusals()
    assert not coverage_problems(questions, refusals)
    assert len(questions) >= 204 and len(refusals) >= 160
    asked = [(q.database, q.question.lower()) for q in questions + refusals]  # type: ignore[operator]
    assert len(asked) == len(set(asked)), "a question appears twice for one database"


def test_unanswerable_lines_are_well_formed():
    records = [json.loads(line) for line in UNANSWERABLE.read_text(encoding="utf-8").splitlines()]
    kinds = {}
    for record in records:
        assert record["gold_sql"] is None and record["expect"] == "refuse" and record["ordered"] is False
        assert record["database"] in DATABASES and record["question"].strip()
        kinds[record["category"]] = kinds.get(record["category"], 0) + 1
    assert set(kinds) == {"refuse_gibberish", "refuse_write", "refuse_missing", "refuse_off_topic"}
    assert min(kinds.values()) >= MIN_PER_REFUSE_KIND


@pytest.mark.parametrize("bad, message", [
    ({"gold_sql": "SELECT count(*) FROM pets p WHERE p.birth_date < now()"}, "clock"),
    ({"gold_sql": "SELECT age(p.birth_date) FROM pets p"}, "clock"),
    ({"id": "unseen-fleet-count-01"}, "does not name database"),
    ({"category": "count"}, "category"),
    ({"ordered": "no"}, "'ordered' must be bool"),
])
def test_malformed_questions_are_rejected(tmp_path, bad, message):
    record = {"id": "unseen-vet-top_n-01", "database": "unseen_vet", "question": "q",
              "gold_sql": "SELECT 1", "category": "top_n", "ordered": True} | bad
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(QuestionFileError, match=message):
        parse_questions(path)


@pytest.mark.slow
def test_every_gold_query_answers(unseen_dsn):
    problems = run_gold(unseen_dsn, parse_questions(QUESTIONS), GOLD_DAY)
    assert not problems, "\n".join(f"{qid}: {p}" for qid, p in problems.items())


def test_answer_checks_catch_empty_zero_null_and_ties(unseen_dsn):
    with psycopg.connect(load.database_dsn(unseen_dsn, "unseen_vet"), autocommit=True) as conn:
        assert answer_problem(conn, "SELECT name FROM clinics WHERE city = 'Paris'") == "empty answer"
        assert answer_problem(conn, "SELECT max(left_on) FROM vets WHERE left_on IS NULL") == "only NULLs"
        assert answer_problem(conn, "SELECT count(*) FROM clinics WHERE city = 'Paris'") == "a lone zero"
        assert "tie" in answer_problem(conn, "SELECT species, 1 AS n FROM pets GROUP BY species "
                                             "ORDER BY n DESC LIMIT 1")
        assert answer_problem(conn, "SELECT nope FROM clinics").startswith("error: 42703")


def test_databases_carry_their_label_time_zone_and_sequences(unseen_dsn):
    with psycopg.connect(unseen_dsn, autocommit=True) as admin:
        for spec in SCHEMAS:
            assert load.stored_label(admin, spec) == load.label(GOLD_DAY)
            assert SET_VERSION in load.label(GOLD_DAY)
    for spec in SCHEMAS:
        with psycopg.connect(load.database_dsn(unseen_dsn, spec.database), autocommit=True) as conn:
            assert conn.execute("SHOW timezone").fetchone()[0] == spec.timezone
    with psycopg.connect(load.database_dsn(unseen_dsn, "unseen_cowork")) as conn:
        row = conn.execute('INSERT INTO "Company" (name, industry) VALUES (%s, %s) RETURNING id',
                           ("Probe Co", "testing")).fetchone()
        cowork = next(spec for spec in SCHEMAS if spec.key == "cowork")
        assert row[0] == 1 + len(cowork.generate(GOLD_DAY)["Company"])
        conn.rollback()


def test_data_is_deterministic_and_moves_with_the_day():
    vet = next(spec for spec in SCHEMAS if spec.key == "vet")
    first, again = vet.generate(GOLD_DAY), vet.generate(GOLD_DAY)
    assert first == again
    later = vet.generate(date(2027, 3, 1))
    assert later["clinics"][0][4] > first["clinics"][0][4]       # opened_on shifts with the day
    assert later["owners"][:2] != first["owners"][:2]
    assert [row[1:3] for row in later["owners"][:2]] == [row[1:3] for row in first["owners"][:2]]
