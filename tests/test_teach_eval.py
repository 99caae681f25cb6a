"""eval/teach_eval.py's reader verdicts: an untaught question's reading is right (the gold's
rows), wrong (other rows, or SQL that fails) or unread (no reading, or one placing too little
of the question for the planner to use), so a gain made of wrong answers changing is seen."""

from __future__ import annotations

from ask.planner import READ_FIRST_COVERAGE
from ask.translate.sketch import Reading
from eval.teach_eval import _near_misses, _read_verdict, on_copies, taught_named, taught_split
from proxy.evaluation.runner import QuestionResult
from tests.pg_cluster import PgCluster

GOLD = {"gold_sql": "SELECT g FROM generate_series(1, 3) g", "ordered": False}


def test_each_reading_is_right_wrong_or_unread(pg: PgCluster) -> None:
    dsn = pg.url()
    assert _read_verdict(dsn, "postgres", GOLD, None) == "unread"
    low = Reading("SELECT g FROM generate_series(1, 3) g", READ_FIRST_COVERAGE - 0.01)
    assert _read_verdict(dsn, "postgres", GOLD, low) == "unread"     # right rows, too little read
    right = Reading("SELECT x FROM generate_series(3, 1, -1) x", 1.0)
    assert _read_verdict(dsn, "postgres", GOLD, right) == "right"    # unordered: the same rows
    other = Reading("SELECT g FROM generate_series(1, 4) g", 1.0)
    assert _read_verdict(dsn, "postgres", GOLD, other) == "wrong"
    failing = Reading("SELECT no_such_column FROM generate_series(1, 3) g", 1.0)
    assert _read_verdict(dsn, "postgres", GOLD, failing) == "wrong"


def test_a_dev_set_teaches_the_questions_its_rows_name_on_copies_split_as_the_originals() -> None:
    questions = [{"id": f"q{n}", "database": "shop", "question": f"q {n}", "gold_sql": "SELECT 1"}
                 for n in range(20)]
    rows = [{"id": "p1", "database": "shop", "taught_id": "q7"},
            {"id": "p2", "database": "shop", "taught_id": "q3"},
            {"id": "p3", "database": "shop", "taught_id": "q7", "expect": "no_match"}]
    assert {db: [q["id"] for q in items] for db, items in taught_named(questions, rows).items()} \
        == {"shop": ["q3", "q7"]}
    copies = on_copies(questions, "x")
    assert {q["database"] for q in copies} == {"shop_x"} and copies[0]["split_as"] == "shop"
    # a copy is split as its original: the same seeded 10%
    assert [q["id"] for q in taught_split(copies)["shop_x"]] == \
        [q["id"] for q in taught_split(questions)["shop"]]


def test_near_misses_answered_from_an_example_and_wrong_are_named() -> None:
    def result(id_: str, correct: bool) -> QuestionResult:
        return QuestionResult(id_, f"question {id_}", "paraphrase", False, True, correct, 0.01,
                              None, None, "" if correct else "values differ")
    results = [result("a", True), result("b", False), result("c", False)]
    sources = {"question a": "taught", "question b": "adapted", "question c": "model"}
    report = _near_misses(results, sources)
    assert report["wrong_from_example"] == ["b"] and report["correct"] == 1
    assert report["sources"] == {"taught": [1, 0], "adapted": [0, 1], "model": [0, 1]}
