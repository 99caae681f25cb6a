"""eval/teach_eval.py's reader verdicts: an untaught question's reading is right (the gold's
rows), wrong (other rows, or SQL that fails) or unread (no reading, or one placing too little
of the question for the planner to use), so a gain made of wrong answers changing is seen."""

from __future__ import annotations

from ask.planner import READ_FIRST_COVERAGE
from ask.translate.sketch import Reading
from eval.teach_eval import _read_verdict
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
