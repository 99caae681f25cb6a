"""The cheap ASK pre-filter (run on the event loop for every Query and Parse) and the size
limits of the heavy stage: tables of (text, expected)."""

from __future__ import annotations

import pytest

from proxy.ask_detector import (AskLimits, detect_parse, detect_query, may_hold_ask,
                                parse_ask, split_query)
from proxy.errors import QuestionTooLong
from tests.test_ask_detector import ASKS, SPLITS

SMALL = [
    (b"ASK 'x'", True),
    (b"select 1; ask 'q'; select 2", True),
    (b"select 1;ASK'q'", True),
    (b"select 'ask me'", True),            # a word in a string: the heavy stage decides
    (b"select * from tasks", False),
    (b"insert into basket values ('mask', 'Task', 'unmask')", False),
    (b"asked", False),
    (b"askance", False),
    (b"ask_x", False),
    (b"x$ask", False),
    (b"ask1", False),
    ("ASK\u212a 'x'".encode(), False),     # KELVIN SIGN continues the identifier
    (b"select 1", False),
    (b"", False),
]


@pytest.mark.parametrize(("sql", "expected"), SMALL)
def test_small_texts_are_searched_for_the_word(sql: bytes, expected: bool) -> None:
    assert may_hold_ask(sql, 1024) is expected


PAD = b" " + b"x" * 200
LARGE = [
    (b"ASK 'q'" + PAD, True),
    (b"ask" + PAD, True),
    (b"  -- comment\n/* a /* nested */ b */ EXPLAIN\n/**/ask 'q'" + PAD, True),
    (b"explain\task 'q'" + PAD, True),
    (b"select 1; ask 'q'" + PAD, False),   # past the bound only the start counts
    (b"select 1 -- ask" + PAD, False),
    (b"insert into t values ('basket')" + PAD, False),
    (b"explain select ask from t" + PAD, False),
    (b"explainask" + PAD, False),
    (b"asked" + PAD, False),
    (b"/* unterminated ask 'q'" + PAD, False),
    (b"-- ask 'q'" + PAD, False),
]


@pytest.mark.parametrize(("sql", "expected"), LARGE)
def test_large_texts_count_only_when_they_start_with_ask(sql: bytes, expected: bool) -> None:
    assert may_hold_ask(sql, 64) is expected


def test_start_is_looked_for_within_the_first_4_kb() -> None:
    assert may_hold_ask(b"/*" + b" " * 5000 + b"*/ ask 'q'", 64) is False
    assert may_hold_ask(b"/*/*/*" * 50_000 + b"ask", 64) is False   # bounded work


@pytest.mark.parametrize("sql", [s for s, _, _ in ASKS]
                         + [s for s, shape in SPLITS if any(q for _, q in shape)])
def test_prefilter_never_misses_what_the_detector_finds(sql: str) -> None:
    found = parse_ask(sql) if sql in {s for s, _, _ in ASKS} else split_query(sql)
    assert found
    assert may_hold_ask(sql.encode(), 1 << 16)


@pytest.mark.parametrize("sql", [s for s, _, _ in ASKS])
def test_every_single_ask_passes_the_start_rule(sql: str) -> None:
    assert may_hold_ask(sql.encode(), 0)


LIMITS = AskLimits(max_scan_bytes=1024, max_question_bytes=16)


@pytest.mark.parametrize("sql", [
    "ASK '" + "q" * 17 + "'",
    "select 1; ask " + "q" * 17 + "; select 2",
    "EXPLAIN ASK $$" + "é" * 9 + "$$",         # 18 bytes in UTF-8
    "ASK 'q'; " + " " * 1100,                  # over max_scan_bytes: never parsed
])
def test_too_long_is_54000(sql: str) -> None:
    with pytest.raises(QuestionTooLong) as info:
        detect_query((sql).encode(), "utf-8", LIMITS)
    assert info.value.sqlstate == "54000"
    if ";" not in sql:
        with pytest.raises(QuestionTooLong):
            detect_parse(sql, LIMITS)


def test_questions_within_the_limit_pass() -> None:
    segments = detect_query(("select 1; ask '" + "q" * 16 + "'").encode(), "utf-8", LIMITS)
    assert [s.ask.question if s.ask else None for s in segments] == [None, "q" * 16]
    ask = detect_parse("ASK '" + "q" * 16 + "'", LIMITS)
    assert ask is not None and ask.question == "q" * 16
    assert detect_query(("select 'ask'").encode(), "utf-8", LIMITS)[0].ask is None
