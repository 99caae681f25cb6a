"""ParsedSQL: each representation of a candidate is parsed once, and repairs that change
nothing keep the candidate (and its trees)."""

import pglast
import pytest
from pglast.parser import ParseError

from ask.checks.dialect import repair
from ask.checks.grounding import ground_period, value_defects
from ask.checks.parsed import ParsedSQL
from ask.checks.validator import validate
from ask.schema import Column, SchemaContext, Table

SCHEMA = SchemaContext("shop", "analyst", ("public",), (
    Table("public", "products", (Column("product_id", "integer"), Column("name", "text"), Column("brand", "text"))),
), functions={"count": frozenset("i"), "lower": frozenset("i")})


def test_each_tree_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = pglast.parse_sql
    monkeypatch.setattr(pglast, "parse_sql", lambda sql: calls.append(sql) or real(sql))
    parsed = ParsedSQL("SELECT p.name FROM products p WHERE p.brand = 'Xiaomi'")
    assert parsed.statements is parsed.statements
    value_defects(parsed, [])
    assert len(calls) == 1
    assert parsed.expression is parsed.expression


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


def test_validation_walks_the_shared_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator uses the candidate's one pglast parse: no second parse, in any form."""
    calls = []
    real = pglast.parse_sql
    monkeypatch.setattr(pglast, "parse_sql", lambda sql: calls.append(sql) or real(sql))
    for name in ("parse_sql", "parse_sql_json", "parse_sql_protobuf"):
        monkeypatch.setattr(pglast.parser, name, lambda *a: pytest.fail("a second parse"))
    parsed = ParsedSQL("SELECT lower(p.name), count(*) FROM products p WHERE p.brand = 'Xiaomi' GROUP BY 1")
    value_defects(parsed, [])
    assert validate(parsed, SCHEMA).tables == {"public.products"}
    assert validate(parsed, SCHEMA).sql == parsed.text
    assert len(calls) == 1


@pytest.mark.parametrize("tail", [";", " ;\n", "; -- done\n", "  \n"])
def test_the_text_validate_trims_comes_with_its_tree(monkeypatch: pytest.MonkeyPatch,
                                                      tail: str) -> None:
    sql = "SELECT p.name FROM products p WHERE p.brand = 'Xiaomi'"
    calls = []
    real = pglast.parse_sql
    monkeypatch.setattr(pglast, "parse_sql", lambda text: calls.append(text) or real(text))
    validated = validate(ParsedSQL(sql + tail), SCHEMA)
    assert validated.sql == sql and validated.parsed is not None
    alone = validated.parsed
    assert alone.text == sql
    assert alone.statements == real(sql)             # what a parse of the trimmed text makes
    assert alone.statements[0].stmt_len == 0 and alone.statements[0].stmt_location == 0
    value_defects(alone, [])
    assert calls == [sql + tail]                     # and nothing was parsed again


def test_a_statement_trimmed_at_its_start_is_parsed_again() -> None:
    sql = "SELECT p.name FROM products p"
    validated = validate(ParsedSQL("  -- lead\n" + sql + ";"), SCHEMA)
    assert validated.parsed is not None and validated.parsed.text == sql
    tree = validated.parsed.statements
    assert tree == pglast.parse_sql(sql)
    assert tree[0].stmt.targetList[0].location == 0 + len("SELECT ")  # located in the new text
    untrimmed = ParsedSQL(sql)
    assert validate(untrimmed, SCHEMA).parsed is untrimmed


def test_made_reads_what_derived_kept_and_nothing_else() -> None:
    sql = ParsedSQL("select 1")
    assert sql.made("count") is None
    assert sql.derived("count", lambda: 0) == 0
    assert sql.made("count") == 0            # a kept 0 is not "not made"

    def failing() -> int:
        raise ValueError("no")
    with pytest.raises(ValueError):
        sql.derived("bad", failing)
    with pytest.raises(ValueError):
        sql.made("bad")
