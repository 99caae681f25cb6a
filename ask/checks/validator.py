"""Static validation of generated SQL: one read-only SELECT over what the role may see.

Generated SQL is untrusted input. It is parsed with PostgreSQL's own parser (pglast), so what
is checked is what the server would run, once per candidate (the :class:`ParsedSQL` the repairs
and defect checks share), then walked node by node, every node visible whatever clause it sits in: the statement must be a single SELECT (set
operations and WITH allowed) with no data-modifying CTE, no SELECT INTO, no locking clause,
and only IMMUTABLE or STABLE functions and operators. Tables are resolved against the schema
context as PostgreSQL would (qualified, else along the search_path; CTE names shadow), so
catalog tables, which a context never holds, are rejected too. Columns are then checked with
sqlglot's qualifier.

sqlglot does not know every PostgreSQL construct (e.g. the column a scalar function in FROM
yields), so its verdict only rejects a column it cannot resolve in a query whose FROM sources
it fully understands; anything else is left to the execution-guided ``EXPLAIN`` check of the
planner, where PostgreSQL itself has the last word. The upstream connection is read-only in
any case: this module decides what the proxy is willing to send, not what is safe to run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pglast import ast
from pglast import parser as pg_parser
import sqlglot
from sqlglot import exp
from sqlglot.errors import OptimizeError, SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.schema import MappingSchema

from ask.checks.parsed import ParsedSQL
from ask.schema import SchemaContext, Table
from ask.errors import RejectedSQL

log = logging.getLogger(__name__)

SYNTAX_ERROR = "42601"
NOT_ALLOWED = "42501"
UNDEFINED_FUNCTION = "42883"
UNDEFINED_TABLE = "42P01"
UNDEFINED_COLUMN = "42703"
TOO_COMPLEX = "54001"   # statement_too_complex

# How deep nodes may nest in the tree (a chain of 490 additions, 490 set operations); deeper
# statements are rejected as too complex before anything else is looked at. No real question
# comes near it; it keeps the recursive checks (here and in the repairs) within Python's stack.
MAX_DEPTH = 490

_OPERATOR_CHARS = frozenset("+-*/<>=~!@#%^&|`?")
# sqlglot internals can fail on SQL it half-understands; those are its limits, not ours.
_SQLGLOT_LIMITS = (SqlglotError, ValueError, TypeError, AttributeError, KeyError, RecursionError)


@dataclass(frozen=True, slots=True)
class ValidatedSQL:
    sql: str                      # the statement alone: no trailing semicolon or comment
    tables: frozenset[str]        # "schema.table" of every relation it reads
    # ``sql`` with its trees, for the checks that follow (set by ``validate``)
    parsed: ParsedSQL | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class _Findings:
    """What one walk over the parse tree collected."""

    functions: list[tuple[str, ...]] = field(default_factory=list)
    operators: list[tuple[str, ...]] = field(default_factory=list)
    casts: list[tuple[str, ...]] = field(default_factory=list)   # target type names
    relations: list[tuple[tuple[str, ...], frozenset[str]]] = field(default_factory=list)


def validate(sql: ParsedSQL | str, schema: SchemaContext) -> ValidatedSQL:
    """Check ``sql`` against ``schema``; raise :class:`RejectedSQL` saying why it may not run."""
    parsed = ParsedSQL.of(sql)
    text, raw = _parse_single(parsed)
    stmt = raw.stmt
    if not isinstance(stmt, ast.SelectStmt):
        raise RejectedSQL(f"only SELECT statements may run, not {_statement_name(type(stmt).__name__)}",
                          sql=text, sqlstate=NOT_ALLOWED)
    findings = _Findings()
    try:
        _walk(stmt, frozenset(), findings, text)
    except RecursionError:
        raise _too_complex(text) from None
    _check_functions(findings, schema, text)
    _check_operators(findings, schema, text)
    _check_casts(findings, schema, text)
    tables = _resolve_relations(findings, schema, text)
    alone = parsed.statement_alone(text, raw)
    _check_columns(alone, schema)
    return ValidatedSQL(text, frozenset(f"{t.schema}.{t.name}" for t in tables), alone)


# --- parsing -------------------------------------------------------------------------------------

def _parse_single(parsed: ParsedSQL) -> tuple[str, ast.RawStmt]:
    sql = parsed.text
    try:
        stmts = parsed.statements
    except pg_parser.ParseError as exc:
        raise RejectedSQL(f"syntax error: {exc.args[0]}", sql=sql, sqlstate=SYNTAX_ERROR) from exc
    except RecursionError:
        # The parser copes with deeper trees than Python's tree building and walk do.
        raise _too_complex(sql) from None
    if _nested_deeper(stmts, MAX_DEPTH):
        raise _too_complex(sql)
    if len(stmts) != 1:
        what = "no statement" if not stmts else f"{len(stmts)} statements"
        raise RejectedSQL(f"expected exactly one statement, got {what}", sql=sql,
                          sqlstate=SYNTAX_ERROR)
    return _statement_text(sql, stmts[0]), stmts[0]


def _nested_deeper(stmts: Sequence[ast.Node], limit: int) -> bool:
    """Whether nodes nest more than ``limit`` deep (an explicit stack: any depth is measured)."""
    stack = [(stmt, 1) for stmt in stmts]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in _children(node))
    return False


def _children(node: ast.Node) -> list[ast.Node]:
    """``node``'s child nodes in field order (a list, not nested generators: every node of every
    candidate passes through here twice, for the depth and for the walk)."""
    found: list[ast.Node] = []
    for name in getattr(type(node), "__slots__"):   # the fields ("ancestors", Node's own slot, is not one)
        value = getattr(node, name)
        if isinstance(value, ast.Node):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            _nodes_in(value, found)
    return found


def _nodes_in(value: list[Any] | tuple[Any, ...], found: list[ast.Node]) -> None:
    for item in value:      # lists of nodes, or of lists (VALUES rows)
        if isinstance(item, ast.Node):
            found.append(item)
        elif isinstance(item, (list, tuple)):
            _nodes_in(item, found)


def _too_complex(sql: str) -> RejectedSQL:
    return RejectedSQL("statement is too deeply nested to validate", sql=sql,
                       sqlstate=TOO_COMPLEX, hint="ask a simpler question")


def _statement_text(sql: str, raw: ast.RawStmt) -> str:
    """The statement's own text (libpg_query locations are byte offsets)."""
    data = sql.encode()
    start = raw.stmt_location or 0
    length = raw.stmt_len or 0
    piece = data[start:start + length] if length else data[start:]
    return piece.decode().strip()


def _statement_name(node_type: str) -> str:
    name = node_type.removesuffix("Stmt")
    return {"Explain": "EXPLAIN", "Copy": "COPY", "Do": "DO", "Call": "CALL",
            "VariableSet": "SET", "VariableShow": "SHOW"}.get(name, name)


# --- the tree walk -------------------------------------------------------------------------------

def _walk(node: ast.Node, ctes: frozenset[str], found: _Findings, sql: str) -> None:
    """Collect what the checks below look at, from ``node`` and every node under it. ``ctes``:
    the CTE names visible here (a SELECT's WITH names are visible in that SELECT and below it)."""
    if isinstance(node, ast.SelectStmt):       # set operations' branches (larg, rarg) included
        ctes = ctes | _check_select(node, sql)
    elif isinstance(node, ast.CommonTableExpr):
        _check_cte(node, sql)
    elif isinstance(node, ast.FuncCall):
        found.functions.append(_names(node.funcname))
    elif isinstance(node, ast.A_Expr):
        found.operators.append(_names(node.name))
    elif isinstance(node, ast.SubLink) and node.operName:     # x op ANY (SELECT ...)
        found.operators.append(_names(node.operName))
    elif isinstance(node, ast.SortBy) and node.useOp:         # ORDER BY x USING op
        found.operators.append(_names(node.useOp))
    elif isinstance(node, ast.TypeCast):
        found.casts.append(_names(node.typeName.names if node.typeName is not None else None))
    elif isinstance(node, ast.RangeVar):
        found.relations.append((_relation_name(node), ctes))
    for child in _children(node):
        _walk(child, ctes, found, sql)


def _check_select(select: ast.SelectStmt, sql: str) -> frozenset[str]:
    """Reject what a SELECT at any depth may not hold; return the CTE names it defines."""
    if select.lockingClause:
        raise RejectedSQL("locking clauses (FOR UPDATE/SHARE) are not allowed", sql=sql,
                          sqlstate=NOT_ALLOWED)
    if select.intoClause:
        raise RejectedSQL("SELECT INTO creates a table; only plain SELECT may run", sql=sql,
                          sqlstate=NOT_ALLOWED)
    ctes = select.withClause.ctes if select.withClause is not None else None
    return frozenset(cte.ctename for cte in ctes or ())


def _check_cte(cte: ast.CommonTableExpr, sql: str) -> None:
    if cte.ctequery is not None and not isinstance(cte.ctequery, ast.SelectStmt):
        raise RejectedSQL(f"data-modifying WITH query {cte.ctename!r} is not allowed",
                          sql=sql, sqlstate=NOT_ALLOWED)


def _names(items: tuple[ast.Node, ...] | None) -> tuple[str, ...]:
    return tuple(item.sval for item in items or () if isinstance(item, ast.String) and item.sval is not None)


def _relation_name(rangevar: ast.RangeVar) -> tuple[str, ...]:
    parts = (rangevar.catalogname, rangevar.schemaname, rangevar.relname)
    return tuple(p for p in parts if p)


# --- functions and operators ---------------------------------------------------------------------

def _routine_key(names: tuple[str, ...]) -> str:
    return ".".join(names[-2:]).lower()


def _check_functions(found: _Findings, schema: SchemaContext, sql: str) -> None:
    for names in found.functions:
        key = _routine_key(names)
        volatility = schema.functions.get(key)
        if volatility is None:
            raise RejectedSQL(f"function {key}() does not exist or may not be executed",
                              sql=sql, sqlstate=UNDEFINED_FUNCTION)
        if "v" in volatility:
            raise RejectedSQL(f"function {key}() is volatile; ASK runs only read-only queries",
                              sql=sql, sqlstate=NOT_ALLOWED,
                              hint="only IMMUTABLE and STABLE functions may be called")


def _check_operators(found: _Findings, schema: SchemaContext, sql: str) -> None:
    for names in found.operators:
        if not names or not set(names[-1]) <= _OPERATOR_CHARS:
            continue   # BETWEEN and friends name a construct, not an operator
        volatility = schema.operators.get(_routine_key(names))
        if volatility is not None and "v" in volatility:
            raise RejectedSQL(f"operator {names[-1]} is backed by a volatile function",
                              sql=sql, sqlstate=NOT_ALLOWED)


def _check_casts(found: _Findings, schema: SchemaContext, sql: str) -> None:
    """An explicit cast runs the cast's function (CREATE CAST ... WITH FUNCTION): it must not
    be volatile either. Implicit casts are invisible here; the read-only transaction the
    statement runs in is the backstop for those."""
    for names in found.casts:
        volatility = schema.casts.get(_routine_key(names)) if names else None
        if volatility is not None and "v" in volatility:
            raise RejectedSQL(f"a cast to {names[-1]} runs a volatile function", sql=sql,
                              sqlstate=NOT_ALLOWED)


# --- relations -----------------------------------------------------------------------------------

def _resolve_relations(found: _Findings, schema: SchemaContext, sql: str) -> list[Table]:
    tables: list[Table] = []
    for names, ctes in found.relations:
        if len(names) == 1 and names[0] in ctes:
            continue
        table = _resolve(names, schema)
        if table is None:
            raise RejectedSQL(f'relation "{".".join(names)}" does not exist or is not visible',
                              sql=sql, sqlstate=UNDEFINED_TABLE)
        tables.append(table)
    return tables


def _resolve(names: tuple[str, ...], schema: SchemaContext) -> Table | None:
    if len(names) == 3 and names[0] != schema.database:
        return None
    if len(names) == 1:
        return schema.table(names[0])
    return schema.table(names[-1], names[-2])


# --- columns (sqlglot) ---------------------------------------------------------------------------

def _check_columns(parsed: ParsedSQL, schema: SchemaContext) -> None:
    sql = parsed.text
    has_function_sources = True
    try:
        tree = _own_expression(parsed)        # the binding below changes it
        mapping, has_function_sources = _bind_tables(tree, schema)
        qualify(tree, dialect="postgres", schema=MappingSchema(mapping, dialect="postgres",
                                                                normalize=False),
                validate_qualify_columns=True, quote_identifiers=False)
    except OptimizeError as exc:
        if has_function_sources or not _is_unknown_column(exc):
            log.debug("column check inconclusive, left to EXPLAIN: %s", exc)
            return
        raise RejectedSQL(f"column check failed: {exc}", sql=sql,
                          sqlstate=UNDEFINED_COLUMN) from exc
    except _SQLGLOT_LIMITS as exc:
        log.debug("sqlglot cannot check this statement, left to EXPLAIN: %r", exc)


def _own_expression(parsed: ParsedSQL) -> exp.Expr:
    """sqlglot's tree of ``parsed`` for this check alone: a copy of the shared one where a step
    made it, else parsed here and not kept (no step after this one reads it), which saves the
    copy."""
    if parsed.made("sqlglot") is not None:
        return parsed.expression.copy()
    return sqlglot.parse_one(parsed.text, read="postgres")


def _is_unknown_column(exc: OptimizeError) -> bool:
    message = str(exc)
    return "could not be resolved" in message or "Unknown column" in message


def _bind_tables(tree: exp.Expr, schema: SchemaContext) -> tuple[dict[str, object], bool]:
    """Point every table reference at its resolved schema; return the mapping sqlglot needs
    for them, and whether FROM holds sources sqlglot cannot type (functions, UNNEST)."""
    cte_names = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    mapping: dict[str, dict[str, dict[str, str]]] = {}
    has_function_sources = tree.find(exp.Unnest, exp.Lateral) is not None
    for node in list(tree.find_all(exp.Table)):
        if not isinstance(node.this, exp.Identifier):
            has_function_sources = True
            continue
        name = _folded(node.this)
        if not node.args.get("db") and name in cte_names:
            continue
        db = node.args.get("db")
        table = schema.table(name, _folded(db) if isinstance(db, exp.Identifier) else None)
        if table is None:
            raise SqlglotError(f"sqlglot resolved a table differently: {name}")
        if not node.alias:
            # the name as written stays what columns are qualified by: sqlglot would fold the
            # implicit alias of "Lesson" to lesson, and "Lesson".status would then not resolve
            node.set("alias", exp.TableAlias(this=node.this.copy()))
        node.set("this", exp.to_identifier(table.name, quoted=True))
        node.set("db", exp.to_identifier(table.schema, quoted=True))
        node.set("catalog", None)
        # Types do not matter to qualification; "text" spares sqlglot format_type() spellings.
        mapping.setdefault(table.schema, {})[table.name] = {c.name: "text" for c in table.columns}
    return dict(mapping), has_function_sources


def _folded(ident: exp.Identifier) -> str:
    """PostgreSQL's identifier folding: ASCII letters only, never when quoted."""
    text = ident.this
    if ident.quoted:
        return text
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)
