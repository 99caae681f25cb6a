"""The evaluation harness's per-question databases, refusal questions and exact set match:
question parsing, and one run over a small file spanning two real PostgreSQL databases."""

from __future__ import annotations

import argparse
import json

import psycopg
import pytest
from psycopg import sql

from proxy.evaluation import cli
from proxy.evaluation.predictor import Prediction, ProxyPredictor
from proxy.evaluation.questions import QuestionFileError, load_questions, parse_question
from proxy.evaluation.report import render_text, summarise
from proxy.evaluation.runner import run_evaluation


def _line(**fields) -> str:
    base = {"id": "q", "question": "how many?", "category": "count", "ordered": False,
            "gold_sql": "SELECT 1"}
    return json.dumps({k: v for k, v in (base | fields).items() if v is not ...})


def test_new_fields_parse():
    q = parse_question(_line(database="spider_pets_1", match_sql="SELECT 2"), 1)
    assert (q.database, q.expect, q.exact_match_sql) == ("spider_pets_1", "answer", "SELECT 2")
    refuse = parse_question(_line(expect="refuse", gold_sql=None, ordered=...), 2)
    assert refuse.expects_refusal and refuse.gold_sql is None and refuse.ordered is False
    plain = parse_question(_line(), 3)
    assert (plain.database, plain.expect, plain.match_sql) == (None, "answer", None)


@pytest.mark.parametrize("fields,message", [
    ({"expect": "refuse"}, "gold_sql null"),
    ({"expect": "maybe", "gold_sql": None}, "'expect' must be one of"),
    ({"gold_sql": None}, "'gold_sql' missing or not str"),
    ({"database": 7}, "'database' missing or not str"),
    ({"ordered": ...}, "'ordered' missing or not bool"),
])
def test_new_fields_are_validated(fields, message):
    with pytest.raises(QuestionFileError, match=message):
        parse_question(_line(**fields), 4)


@pytest.fixture(scope="module")
def two_databases(pg) -> str:
    setup = {
        "eval_db_pets": "CREATE TABLE pets (name text, kind text, age int); "
                        "INSERT INTO pets VALUES ('Tom', 'cat', 3), ('Rex', 'dog', 5), ('Kit', 'cat', 1)",
        "eval_db_cities": "CREATE TABLE cities (name text, population int); "
                          "INSERT INTO cities VALUES ('Oslo', 700000), ('Lima', 9000000), ('Bern', 130000)",
    }
    for name, ddl in setup.items():
        pg.psql(f"DROP DATABASE IF EXISTS {name}")
        pg.psql(f"CREATE DATABASE {name}")
        pg.psql(ddl, dbname=name)
    return pg.dsn(dbname="postgres")


QUESTIONS = [
    {"id": "p-1", "question": "how many cats", "gold_sql": "SELECT count(*) FROM pets WHERE kind = 'cat'",
     "category": "easy", "ordered": False, "database": "eval_db_pets"},
    {"id": "p-2", "question": "names of pets", "gold_sql": "SELECT name FROM pets",
     "category": "easy", "ordered": False, "database": "eval_db_pets"},
    {"id": "c-1", "question": "largest city", "gold_sql": "SELECT name FROM cities ORDER BY population DESC LIMIT 1",
     "category": "medium", "ordered": True, "database": "eval_db_cities"},
    {"id": "c-2", "question": "cities over a million", "category": "medium", "ordered": False,
     "gold_sql": "SELECT name FROM cities WHERE population > 1000000", "database": "eval_db_cities"},
    {"id": "r-1", "question": "who wins the next election", "gold_sql": None, "expect": "refuse",
     "category": "unanswerable", "database": "eval_db_cities"},
    {"id": "r-2", "question": "what is the weather", "gold_sql": None, "expect": "refuse",
     "category": "unanswerable", "database": "eval_db_pets"},
]

# What the stand-in for askproxy generates: right (same values), right but another shape,
# wrong values in the right shape, a refusal of an answerable question, a refusal, an answer.
GENERATED = {
    "how many cats": "SELECT count(*) FROM pets p WHERE p.kind = 'cat'",
    "names of pets": "SELECT name FROM pets ORDER BY name",
    "largest city": "SELECT name FROM cities ORDER BY population LIMIT 1",
    "cities over a million": None,
    "who wins the next election": None,
    "what is the weather": "SELECT name FROM pets",
}


def _fake_ask(question: str) -> str:
    """Plain PostgreSQL standing in for askproxy: a notice with the SQL, then its rows; an
    undefined table (42P01, class 42) stands in for a refusal."""
    generated = GENERATED[question]
    if generated is None:
        return "SELECT * FROM no_such_table_refused"
    notice = sql.Literal(f"askproxy: generated SQL: {generated}").as_string(None)
    return f"DO $$BEGIN RAISE NOTICE '%', {notice}; END$$; {generated}"


@pytest.fixture
def question_file(tmp_path):
    path = tmp_path / "multi.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUESTIONS))
    return path


async def test_a_run_over_two_databases_with_refusals(two_databases, question_file):
    questions = load_questions(question_file)
    async with ProxyPredictor(two_databases, statement_for=_fake_ask) as predictor:
        results = await run_evaluation(questions, predictor, two_databases)
    by_id = {r.id: r for r in results}
    assert by_id["p-1"].correct and by_id["p-1"].exact_match
    assert by_id["p-2"].correct and by_id["p-2"].exact_differs == ("order_by",)
    assert not by_id["c-1"].correct and by_id["c-1"].exact_differs == ("order_by",)
    assert by_id["c-2"].refused and not by_id["c-2"].correct and by_id["c-2"].exact_match is False
    assert by_id["r-1"].correct and by_id["r-1"].refused
    assert not by_id["r-2"].correct and "answered" in by_id["r-2"].reason
    summary = summarise(results)
    assert (summary.total, summary.scored, summary.gold_errors) == (6, 4, 0)
    assert summary.execution_accuracy == pytest.approx(0.5)
    assert summary.exact_match == pytest.approx(0.25) and summary.exact_judged == 4
    assert (summary.refused_answerable, summary.refusal_questions, summary.refusal_correct) == (1, 2, 1)
    text = render_text(summary, results)
    assert "refusal rate:       50.0% (1 of 2 refused)" in text and "refused answerable: 1 of 4" in text
    assert "exact set match:    25.0% (of 4)" in text


class DatabasePredictor:
    """Answers from a table; records which database each question was asked in."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    async def predict(self, question: str, database: str | None = None) -> Prediction:
        self.asked.append((question, database))
        generated = GENERATED[question]
        if generated is None:
            return Prediction(None, None, "42000: could not translate", 0.01, sqlstate="42000")
        return Prediction(generated, None, None, 0.01)


def test_cli_routes_each_question_to_its_database(two_databases, question_file, tmp_path):
    predictor = DatabasePredictor()

    class Factory:
        def __init__(self, args):
            pass

        async def __aenter__(self):
            return predictor

        async def __aexit__(self, *exc):
            return None

    parser = argparse.ArgumentParser()
    cli.add_eval_command(parser.add_subparsers(dest="command"), predictor_factory=Factory)
    out = tmp_path / "out.json"
    args = parser.parse_args(["eval", "--questions", str(question_file), "--dsn", two_databases,
                              "--json", str(out), "--quiet"])
    assert args.func(args) == 0
    assert predictor.asked[0] == ("how many cats", "eval_db_pets")
    assert predictor.asked[2] == ("largest city", "eval_db_cities")
    summary = json.loads(out.read_text())["summary"]
    assert summary["execution_accuracy"] == pytest.approx(0.5)
    assert summary["refusal_rate"] == pytest.approx(0.5) and summary["refused_answerable"] == 1
    with psycopg.connect(two_databases) as conn:        # the gold DSN's own database is untouched
        assert conn.execute("SELECT to_regclass('pets')").fetchone() == (None,)
