"""Whether a candidate's subjects are the question's (the defect check of ``ask.context.subjects``).

The subjects of an aggregating SELECT are its grouping columns and what it counts; a subject
the question does not name, a column the question names that the SQL never references, and a
table the question names that the SQL never reaches each count as one defect. The planner
treats a positive count as worth one wider decode and prefers a valid candidate with fewer.
"""

from __future__ import annotations

from collections.abc import Sequence

from pglast import ast
from pglast.parser import ParseError

from ask.checks.parsed import NodeVisitor, ParsedSQL
from ask.context.subjects import (GENERIC_COLUMNS, column_index, index_spans, is_table_entity,
                                  names_subject, question_words, same_entity, table_spans)
from ask.context.value_linking import ValueMatch
from ask.schema import SchemaContext


def subject_defects(sql: ParsedSQL | str, question: str, schema: SchemaContext,
                    links: Sequence[ValueMatch] = ()) -> int:
    """Subjects of ``sql`` the question does not name, plus tables and columns the question
    names that ``sql`` never touches."""
    parsed = ParsedSQL.of(sql)
    try:
        stmts = parsed.statements
    except ParseError:
        return 0
    if len(stmts) != 1 or not isinstance(stmts[0].stmt, ast.SelectStmt):
        return 0
    select = stmts[0].stmt
    words = question_words(question, links)
    referenced = _columns(parsed.nodes)      # the one statement's nodes: select's and its RawStmt
    return (_unnamed_subjects(select, words, links) + _untouched_columns(words, schema, referenced)
            + _missing_tables(select, words, schema, referenced))


def _unnamed_subjects(select: ast.SelectStmt, words: list[str], links: Sequence[ValueMatch]) -> int:
    tables = _tables(select)
    aliases = {alias: table for alias, table in tables}
    linked = {(m.table.rsplit(".", 1)[-1], m.column) for m in links}
    return sum((table, column) not in linked and not names_subject(words, table, column)
               for table, column in _subjects(select, aliases, tables))


def _untouched_columns(words: list[str], schema: SchemaContext, referenced: set[str]) -> int:
    """Attributes the question names ("by status", "top brand") that the SQL never references."""
    names = schema.derived("subjects.columns", column_index)
    return sum(1 for column, spans in index_spans(words, names).items()
               if spans and column not in GENERIC_COLUMNS and not column.endswith("_id")
               and column not in referenced and not is_table_entity(column, names.table_entities))


def _missing_tables(select: ast.SelectStmt, words: list[str], schema: SchemaContext, referenced: set[str]) -> int:
    """Tables the question names that the SQL neither reads nor reaches by a key column."""
    used = {t for _, t in _tables(select)} | {c[:-3] for c in referenced if c.endswith("_id")}
    spans = table_spans(words, schema)
    missing = 0
    for name, own in spans.items():
        # "order lines" names order_lines, not orders as well
        own = [sp for sp in own if not any(o[0] <= sp[0] and sp[1] <= o[1] and o != sp
                                           for other, theirs in spans.items() if other != name for o in theirs)]
        if own and not any(same_entity(name, u) for u in used):
            missing += 1
    return missing


def _tables(select: ast.SelectStmt) -> list[tuple[str, str]]:
    """(alias, table) for each relation of the top-level FROM, in order."""
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, ast.RangeVar) and node.relname:
            alias = node.alias.aliasname if node.alias is not None and node.alias.aliasname else node.relname
            found.append((alias, node.relname))
        elif isinstance(node, ast.JoinExpr):
            walk(node.larg)
            walk(node.rarg)
    for item in select.fromClause or ():
        walk(item)
    return found


def _subjects(select: ast.SelectStmt, aliases: dict[str, str],
              tables: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    targets = [t.val for t in select.targetList or () if isinstance(t, ast.ResTarget)]
    counts = [n for n in targets if isinstance(n, ast.FuncCall) and _fname(n) == "count"]
    has_aggregate = any(isinstance(n, ast.FuncCall) and _fname(n) in ("count", "sum", "avg", "min", "max")
                        for n in targets) or bool(select.groupClause)
    if not has_aggregate:
        return out              # a plain listing: only the tables the question names are checked
    for key in select.groupClause or ():
        ref = _column_ref(key, aliases, tables)
        if ref is not None:
            out.append(ref)
    for call in counts:
        args = list(call.args or ())
        if call.agg_star or not args:
            if tables:
                out.append((tables[0][1], ""))
            continue
        ref = _column_ref(args[0], aliases, tables)
        if ref is not None:
            table, column = ref
            out.append((column[:-3], "") if column.endswith("_id") and column[:-3] != "" else ref)
    return out


def _fname(call: ast.FuncCall) -> str:
    names = [n.sval for n in call.funcname or () if isinstance(n, ast.String) and n.sval]
    return names[-1].lower() if names else ""


def _column_ref(node: object, aliases: dict[str, str], tables: list[tuple[str, str]]) -> tuple[str, str] | None:
    if not isinstance(node, ast.ColumnRef):
        return None
    names = [f.sval for f in node.fields or () if isinstance(f, ast.String) and f.sval]
    if len(names) == 2 and names[0] in aliases:
        return aliases[names[0]], names[1]
    if len(names) == 1 and len(tables) == 1:
        return tables[0][1], names[0]
    return None


def _columns(nodes: Sequence[ast.Node]) -> set[str]:
    refs = _ColumnNames()
    refs.visit(nodes)
    return refs.found


class _ColumnNames(NodeVisitor):
    def __init__(self) -> None:
        self.found: set[str] = set()

    def visit_ColumnRef(self, node: ast.ColumnRef) -> None:
        for f in node.fields or ():
            if isinstance(f, ast.String) and f.sval:
                self.found.add(f.sval)
