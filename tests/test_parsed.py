"""ParsedSQL: each representation of a candidate is parsed once, and repairs that change
nothing keep the candidate (and its trees)."""

import pglast
import pytest
import sqlglot
from pglast import ast
from pglast.parser import ParseError
from pglast.visitors import Visitor

from ask.checks.dialect import repair
from ask.checks.grounding import ground_period, value_defects
from ask.checks.parsed import NodeVisitor, ParsedSQL, breadth_first
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


# Statements with every kind of nesting the walk must keep in order: CTEs, set operations,
# sublinks, VALUES rows (tuples of tuples), window clauses, CASE, joins in joins.
SHAPES = [
    "SELECT p.name FROM products p WHERE p.brand = 'Xiaomi'",
    "WITH t AS (SELECT brand, count(*) AS n FROM products GROUP BY brand) "
    "SELECT t.brand FROM t WHERE t.n > (SELECT avg(n) FROM t) ORDER BY 1 DESC LIMIT 3",
    "SELECT a FROM x UNION ALL SELECT b FROM y EXCEPT (SELECT c FROM z WHERE c IN (1, 2, 3))",
    "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(n, s) JOIN w ON w.n = v.n "
    "LEFT JOIN (q JOIN r USING (k)) ON q.k = v.n",
    "SELECT CASE WHEN x > 1 THEN 'big' ELSE 'small' END, rank() OVER (PARTITION BY g ORDER BY y) "
    "FROM t WHERE y BETWEEN 1 AND 9 AND z IS NOT NULL AND s ILIKE '%a%'",
    "SELECT 1; SELECT 2",
]


class _Recorder(Visitor):          # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[ast.Node] = []

    def visit(self, ancestors: object, node: ast.Node) -> None:
        self.seen.append(node)


@pytest.mark.parametrize("sql", SHAPES)
def test_the_nodes_come_in_pglast_visitors_order(sql: str) -> None:
    """The checks' visits over ParsedSQL.nodes see what pglast's Visitor saw, in its order."""
    tree = pglast.parse_sql(sql)
    recorder = _Recorder()
    recorder(tree)
    assert [id(n) for n in breadth_first(tree)] == [id(n) for n in recorder.seen]
    assert [id(n) for n in breadth_first(tree[0])] == [id(n) for n in _recorded(tree[0])]


def _recorded(node: ast.Node) -> list[ast.Node]:
    recorder = _Recorder()
    recorder(node)
    return recorder.seen


def test_a_node_visitor_calls_its_classes_methods_once_a_node() -> None:
    class Refs(NodeVisitor):
        def __init__(self) -> None:
            self.columns: list[str] = []
            self.selects = 0

        def visit_ColumnRef(self, node: ast.ColumnRef) -> None:
            self.columns.append(".".join(f.sval for f in node.fields if isinstance(f, ast.String)))

        def visit_SelectStmt(self, node: ast.SelectStmt) -> None:
            self.selects += 1

        def visit_NoSuchNode(self, node: object) -> None:     # no pglast class: never called
            raise AssertionError

    parsed = ParsedSQL(SHAPES[1])
    assert parsed.nodes is parsed.nodes
    refs = Refs()
    refs.visit(parsed.nodes)
    assert refs.columns == ["t.brand", "t.n", "brand", "brand", "n"]   # the outer SELECT's first
    assert refs.selects == 3
    with pytest.raises(ParseError):
        ParsedSQL("SELEC 1").nodes


def test_the_column_check_parses_with_sqlglot_once_and_shares_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No step before the column check reads sqlglot's tree: the check parses its own (no copy)
    and keeps nothing; where a step did make the shared tree, the check copies it and leaves it
    as it was."""
    calls = []
    real = sqlglot.parse_one
    monkeypatch.setattr(sqlglot, "parse_one", lambda sql, **kw: calls.append(sql) or real(sql, **kw))
    parsed = ParsedSQL("SELECT p.name FROM products p WHERE p.brand = 'Xiaomi'")
    assert validate(parsed, SCHEMA).parsed is parsed
    assert calls == [parsed.text] and parsed.made("sqlglot") is None
    shared = ParsedSQL("SELECT name FROM products")
    before = shared.expression.sql()
    validate(shared, SCHEMA)
    assert shared.expression.sql() == before            # qualified a copy, not the shared tree
    from ask.errors import RejectedSQL
    with pytest.raises(RejectedSQL) as rejected:
        validate(ParsedSQL("SELECT p.colour FROM products p"), SCHEMA)
    assert rejected.value.sqlstate == "42703"
