"""Spider's gold SQL (SQLite dialect) as PostgreSQL: parse once, then an ordered table of
repairs over the one sqlglot tree, then render.

The repairs, in order (``REPAIRS``):

* ``quoted_strings``: SQLite reads ``"France"`` as a string when no column has that name;
  PostgreSQL would read an identifier. Such names become string literals.
* ``case_insensitive_like``: SQLite's ``LIKE`` ignores ASCII case, PostgreSQL's does not, so
  ``LIKE`` becomes ``ILIKE``.
* ``derived_table_aliases``: PostgreSQL requires an alias on a subquery in FROM.
* ``lower_identifiers``: names are lower-cased (as the tables are created) and quoted only
  where PostgreSQL needs it.

sqlglot's own SQLite-to-PostgreSQL rules do the rest: ``NULLIF`` guards against division by
zero (SQLite answers NULL), explicit ``NULLS FIRST/LAST`` keep SQLite's NULL ordering.
Division keeps SQLite's meaning through the column types: integer columns divide as integers
in both. Repairs applied only when PostgreSQL refuses a query live in ``execution_repairs``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from eval.spider_dev.pg_names import needs_quotes
from proxy.evaluation.sql_scope import SchemaColumns


class GoldConversionError(ValueError):
    """The gold query could not be parsed or rendered for PostgreSQL."""


Repair = Callable[[exp.Expr, SchemaColumns], exp.Expr]


def quoted_strings(tree: exp.Expr, schema: SchemaColumns) -> exp.Expr:
    known = frozenset().union(*schema.values()) if schema else frozenset()
    for column in list(tree.find_all(exp.Column)):
        ident = column.this
        if (isinstance(ident, exp.Identifier) and ident.quoted and not column.table
                and ident.name.lower() not in known):
            column.replace(exp.Literal.string(ident.name))
    return tree


def case_insensitive_like(tree: exp.Expr, schema: SchemaColumns) -> exp.Expr:
    for like in list(tree.find_all(exp.Like)):
        like.replace(exp.ILike(**like.args))
    return tree


def derived_table_aliases(tree: exp.Expr, schema: SchemaColumns) -> exp.Expr:
    for number, subquery in enumerate(list(tree.find_all(exp.Subquery))):
        if isinstance(subquery.parent, (exp.From, exp.Join)) and not subquery.alias:
            subquery.set("alias", exp.TableAlias(this=exp.to_identifier(f"derived_{number + 1}")))
    return tree


def lower_identifiers(tree: exp.Expr, schema: SchemaColumns) -> exp.Expr:
    for ident in tree.find_all(exp.Identifier):
        name = ident.name.lower()
        ident.set("this", name)
        ident.set("quoted", needs_quotes(name))
    return tree


REPAIRS: tuple[tuple[str, Repair], ...] = (
    ("quoted_strings", quoted_strings),
    ("case_insensitive_like", case_insensitive_like),
    ("derived_table_aliases", derived_table_aliases),
    ("lower_identifiers", lower_identifiers),
)


def parse_sqlite(query: str) -> exp.Expr:
    try:
        tree = sqlglot.parse_one(query.strip().rstrip(";"), read="sqlite")
    except SqlglotError as exc:
        raise GoldConversionError(f"sqlglot cannot parse it: {exc}") from exc
    if tree is None:
        raise GoldConversionError("empty query")
    return tree


def repaired_tree(query: str, schema: SchemaColumns) -> exp.Expr:
    """The gold query's tree after every repair (the tree the builder analyses)."""
    tree = parse_sqlite(query)
    for _, repair in REPAIRS:
        tree = repair(tree, schema)
    return tree


def render_postgres(tree: exp.Expr) -> str:
    try:
        return tree.sql(dialect="postgres")
    except SqlglotError as exc:
        raise GoldConversionError(f"sqlglot cannot render it for PostgreSQL: {exc}") from exc


@dataclass(frozen=True, slots=True)
class ConvertedGold:
    tree: exp.Expr
    sql: str


def convert(query: str, schema: SchemaColumns) -> ConvertedGold:
    tree = repaired_tree(query, schema)
    return ConvertedGold(tree, render_postgres(tree))
