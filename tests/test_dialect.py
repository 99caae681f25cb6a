"""Dialect repairs of generated SQL (ask/checks/dialect.py)."""

from __future__ import annotations

import pytest

from ask.checks.dialect import repair


@pytest.mark.parametrize(("sql", "expected"), [
    ("select now() - interval '1 quarter'", "select now() - interval '3 months'"),
    ("select now() - INTERVAL ' 2 Quarters '", "select now() - INTERVAL '6 months'"),
    ("select '1 quarter'::interval", "select '3 months'::interval"),
    ("select interval '-1 quarter', interval '1 quarter'",
     "select interval '-3 months', interval '3 months'"),
    ("select '华东' as r, interval '1 quarter' - interval '1 month'",
     "select '华东' as r, interval '3 months' - interval '1 month'"),
])
def test_quarter_intervals_become_months(sql: str, expected: str) -> None:
    assert repair(sql) == expected


@pytest.mark.parametrize("sql", [
    "select 'interval ''1 quarter''' as note",          # inside another literal
    "select '1 quarter' as label",                      # a string, not an interval
    "select date_trunc('quarter', now()) - interval '1 month'",
    "select interval '3 months' -- interval '1 quarter'",
    "select interval '1 quarter 2 days'",               # not a whole-quarter literal: left to PostgreSQL
    "select (",                                         # unscannable: the validator reports it
])
def test_other_sql_is_unchanged(sql: str) -> None:
    assert repair(sql) == sql
