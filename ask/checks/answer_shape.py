"""What kind of answer the question asks for, and whether the SQL gives that kind.

Some questions fix the shape of the answer in one word, and a small model sometimes answers
the right tables in the wrong shape: "distinct products sold per category" summed as units,
"percent of revenue from electronics" as the revenue alone, "orders per channel" as a sum of
some amount. Those answers validate and run. :func:`shape_defects` counts, from the question's
words and the schema's table names only:

- *distinct*: the question says "distinct", "unique" or "different", and the SQL has no
  ``DISTINCT`` (neither ``count(DISTINCT …)`` nor ``SELECT DISTINCT``);
- *ratio*: the question asks for a percent, percentage, share, ratio, proportion, fraction or
  rate (or writes ``%``), and the SQL divides nothing (a word that names a column the SQL reads,
  "the latest rate" answered with ``fx.rate``, does not count);
- *count*: the question asks how many of a table's rows ("how many orders", "number of
  customers", "count of stores") or opens with a table and ``per``/``by`` ("orders per
  channel"), and the SQL counts nothing (no ``count(…)``).

The planner adds these to the other grounding defects: one wider decode, and a valid candidate
with fewer defects wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from pglast import ast
from pglast.enums import A_Expr_Kind
from pglast.parser import ParseError

from ask.checks.parsed import NodeVisitor, ParsedSQL
from ask.schema import SchemaContext
from ask.context.subjects import question_words, table_spans
from ask.context.value_linking import ValueMatch

_DISTINCT_WORDS = frozenset(("distinct", "unique", "different"))
_RATIO_WORDS = frozenset(("percent", "percentage", "percentages", "share", "shares", "ratio", "ratios",
                          "proportion", "proportions", "fraction", "rate", "rates", "pct"))
_COUNT_LEADS = (("how", "many"), ("number", "of"), ("count", "of"), ("count",))
_PER = frozenset(("per", "by"))


def shape_defects(sql: ParsedSQL | str, question: str, schema: SchemaContext,
                  links: Sequence[ValueMatch] = ()) -> int:
    """How many of the shapes the question asks for (distinct, ratio, count) ``sql`` lacks."""
    parsed = ParsedSQL.of(sql)
    try:
        stmts = parsed.statements
    except ParseError:
        return 0
    if len(stmts) != 1:
        return 0
    found = _Shape()
    found.visit(parsed.nodes)       # the one statement's nodes (and its RawStmt, visited by none)
    words = question_words(question, links)
    defects = 0
    if _DISTINCT_WORDS.intersection(words) and not found.distinct:
        defects += 1
    if _asks_ratio(question, words, found.columns) and not found.divides:
        defects += 1
    if _asks_count(words, schema) and not found.counts:
        defects += 1
    return defects


def _asks_ratio(question: str, words: list[str], columns: set[str]) -> bool:
    return "%" in question or any(w in _RATIO_WORDS and w not in columns for w in words)


def _asks_count(words: list[str], schema: SchemaContext) -> bool:
    """"how many orders", "number of customers", or "orders per channel" at the start."""
    content = [w for w in words if w]                   # linked values ("online") are blanked
    for spans in table_spans(content, schema).values():
        for start, end in spans:
            before = tuple(content[max(0, start - 2):start])
            if any(before[-len(lead):] == lead for lead in _COUNT_LEADS):
                return True
            if start == 0 and end < len(content) and content[end] in _PER:
                return True
    return False


class _Shape(NodeVisitor):
    def __init__(self) -> None:
        self.distinct = False
        self.divides = False
        self.counts = False
        self.columns: set[str] = set()

    def visit_ColumnRef(self, node: ast.ColumnRef) -> None:
        names = [f.sval for f in node.fields or () if isinstance(f, ast.String) and f.sval]
        if names:
            self.columns.add(names[-1].lower())

    def visit_SelectStmt(self, node: ast.SelectStmt) -> None:
        if node.distinctClause is not None:
            self.distinct = True

    def visit_FuncCall(self, node: ast.FuncCall) -> None:
        names = [n.sval for n in node.funcname or () if isinstance(n, ast.String) and n.sval]
        if names and names[-1].lower() == "count":
            self.counts = True
        if node.agg_distinct:
            self.distinct = True

    def visit_A_Expr(self, node: ast.A_Expr) -> None:
        operator = [n.sval for n in node.name or () if isinstance(n, ast.String)]
        if node.kind == A_Expr_Kind.AEXPR_OP and operator == ["/"]:
            self.divides = True
