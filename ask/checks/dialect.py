"""Repairs of generated SQL that PostgreSQL rejects for dialect reasons alone.

Text-to-SQL models learn SQL from many dialects, and some spellings that read naturally are not
PostgreSQL: ``interval '1 quarter'`` is the common one (MySQL and BigQuery have a QUARTER unit,
PostgreSQL's interval input does not). Such a statement would pass every static check and then
fail at execution with 22007. A repair here is a lossless rewrite into the PostgreSQL spelling
of the same value, done on the scanner's tokens so that text inside other literals, comments
and identifiers is never touched. The SQL that runs, and is shown to the user, is the repaired
one; it goes through validation like any other.
"""

from __future__ import annotations

import re

from pglast.parser import ParseError

from ask.checks.parsed import SQL, ParsedSQL, same_kind

_QUARTERS = re.compile(r"\s*([+-]?\d+)\s+quarters?\s*", re.IGNORECASE)


def repair(given: SQL) -> SQL:
    """``sql`` with interval literals in quarters rewritten in months; otherwise unchanged."""
    parsed = ParsedSQL.of(given)
    sql = parsed.text
    if "quarter" not in sql.lower():
        return given        # the common case: no scan on the planning path
    try:
        tokens = parsed.tokens
    except ParseError:
        return given        # the validator reports it
    edits = []
    for i, tok in enumerate(tokens):
        if tok.name != "SCONST" or not _is_interval_literal(tokens, i):
            continue
        literal = sql[tok.start:tok.end + 1]
        if not (literal.startswith("'") and literal.endswith("'")):
            continue        # E'', U&'' and dollar quotes: left alone
        match = _QUARTERS.fullmatch(literal[1:-1])
        if match:
            edits.append((tok.start, tok.end + 1, f"'{int(match.group(1)) * 3} months'"))
    for start, end, text in reversed(edits):
        sql = sql[:start] + text + sql[end:]
    return same_kind(given, parsed.replaced(sql))


def _is_interval_literal(tokens: list, i: int) -> bool:
    """``interval '…'`` or ``'…'::interval``."""
    if i > 0 and tokens[i - 1].name == "INTERVAL":
        return True
    following = [t.name for t in tokens[i + 1:i + 3]]
    return following == ["TYPECAST", "INTERVAL"]
