"""ParsedSQL: each representation of a candidate is parsed once, and repairs that change
nothing keep the candidate (and its trees)."""

import pglast
import pytest
from pglast.parser import ParseError

from ask.checks.dialect import repair
from ask.checks.grounding import ground_period, value_defects
from ask.checks.parsed import ParsedSQL


def test_each_tree_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = pglast.parse_sql
    monkeypatch.setattr(pglast, "parse_sql", lambda sql: calls.append(sql) or real(sql))
    parsed = ParsedSQL("SELECT p.name FROM products p WHERE p.brand = 'Xiaomi'")
    assert parsed.statements is parsed.statements
    value_defects(parsed, [])
    assert len(calls) == 1
    assert parsed.expression is parsed.expression
    assert parsed.json_tree["stmts"]


def test_a_failed_parse_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = pglast.parse_sql
    monkeypatch.setattr(pglast, "parse_sql", lambda sql: calls.append(sql) or real(sql))
    parsed = ParsedSQL("SELEC 1")
    for _ in range(2):
        with pytest.raises(ParseError):
            parsed.statements
    assert len(calls) == 1


def test_repairs_keep_an_unchanged_candidate_and_answer_in_kind() -> None:
    parsed = ParsedSQL("SELECT 1 FROM o WHERE t >= now() - interval '1 quarter'")
    repaired = repair(parsed)
    assert isinstance(repaired, ParsedSQL) and repaired.text.endswith("'3 months'")
    assert repair(repaired) is repaired
    assert ground_period(repaired, "sales") is repaired
    assert repair("SELECT 1") == "SELECT 1"
