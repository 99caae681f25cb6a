"""The model's input text: one function, used by training-data generation and at run time.

Format (one line per section, compact so that schemas fit the encoder)::

    question: top product in East China last month
    schema: regions(region_id int pk, name text) | stores(store_id int pk, ..., region_id int -> regions.region_id) | ...
    values: regions.name = 'East China'

Types are shortened (``int``, ``num``, ``text``, ``date``, ``ts``, ``bool``), primary keys are
marked ``pk`` and foreign keys point at ``table.column``. ``values`` lists the stored values the
question names (value linking), which is how the model learns which column "East China" is
in without the question naming it. When the whole schema would not fit ``max_tokens``, only
the selected tables are shown (:mod:`ask.context.table_selection`).

Each table's text, the whole schema section and its token estimate depend on the schema alone,
so they are derived once per schema version; a question then costs its own words, one ranking
of the tables and the text of the few tables it shows, however wide the schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ask.schema import Column, SchemaContext, Table, short_type
from ask.context.table_ranker import TableRanker
from ask.context.table_selection import rank_tables, select_ranked
from ask.context.value_linking import ValueMatch, link_values, table_ref

DEFAULT_MAX_TOKENS = 448
_TOKENISH = re.compile(r"[A-Za-z]+|[0-9]+|[^\sA-Za-z0-9]")



def estimate_tokens(text: str) -> int:
    """A tokenizer-free upper-ish estimate (our BPE merges many of these pieces)."""
    return len(_TOKENISH.findall(text))


def build_prompt(question: str, schema: SchemaContext, *, max_tokens: int = DEFAULT_MAX_TOKENS,
                 count_tokens: Callable[[str], int] = estimate_tokens,
                 matches: Sequence[ValueMatch] | None = None, ranker: TableRanker | None = None) -> str:
    """The model input for ``question`` over ``schema`` (value linking and table selection included;
    with ``ranker``, the trained ranker orders the tables instead of the lexical one)."""
    question = " ".join(question.split())
    if matches is None:
        matches = link_values(question, schema)
    values = _values_section(matches)
    head = f"question: {question}\n"
    section, section_tokens = schema.derived("prompt.full_section", _full_section)
    text = head + section + values
    # The estimate counts no token across a line break, so it adds up over the sections.
    tokens = (estimate_tokens(head) + section_tokens + estimate_tokens(values)
              if count_tokens is estimate_tokens else count_tokens(text))
    if tokens <= max_tokens:
        return text
    ranked = ranker.rank_tables(question, schema, matches) if ranker else rank_tables(question, schema, matches)
    for limit in (12, 8, 6, 4, 3, 2, 1):
        tables = select_ranked(schema, ranked, limit)
        text = head + _schema_section(schema, tables) + values
        if count_tokens(text) <= max_tokens:
            return text
    return text


def prepare(schema: SchemaContext) -> None:
    """Derive what every prompt over ``schema`` needs (see :mod:`ask.schema_prep`)."""
    schema.derived("prompt.full_section", _full_section)


def _table_texts(schema: SchemaContext) -> dict[int, str]:
    """id(table) -> its text, for every table of ``schema`` (which keeps them alive)."""
    return {id(t): _table_text(schema, t) for t in schema.tables}


def _full_section(schema: SchemaContext) -> tuple[str, int]:
    """The section of every table and its :func:`estimate_tokens`, counted table by table
    (the same count, since the " | " between tables is its own token and no token spans a
    space): one ``findall`` over the megabyte of a 5,000-table section was one C call that
    held the GIL, and the event loop, for tens of milliseconds."""
    section = _schema_section(schema, schema.tables)
    texts = schema.derived("prompt.table_texts", _table_texts)
    tables = [estimate_tokens(texts[id(t)]) for t in schema.tables]
    return section, estimate_tokens("schema: ") + sum(tables) + max(len(tables) - 1, 0)


def _schema_section(schema: SchemaContext, tables: Sequence[Table]) -> str:
    texts = schema.derived("prompt.table_texts", _table_texts)
    return "schema: " + " | ".join(texts[id(t)] for t in tables) + "\n"


def _table_text(schema: SchemaContext, table: Table) -> str:
    fks = {}
    for fk in table.foreign_keys:
        if len(fk.columns) == 1:
            ref = table_ref(schema, fk.ref_schema, fk.ref_table)
            fks[fk.columns[0]] = f"{ref}.{fk.ref_columns[0]}"
    pk = set(table.primary_key) if len(table.primary_key) == 1 else set()
    cols = ", ".join(_column_text(c, c.name in pk, fks.get(c.name)) for c in table.columns)
    return f"{table_ref(schema, table.schema, table.name)}({cols})"


def _column_text(col: Column, is_pk: bool, fk: str | None) -> str:
    text = f"{col.name} {short_type(col.type)}"
    if is_pk:
        text += " pk"
    if fk:
        text += f" -> {fk}"
    return text


def _values_section(matches: Sequence[ValueMatch]) -> str:
    if not matches:
        return "values: none"
    return "values: " + "; ".join(
        f"{m.table}.{m.column} = {quote_literal(m.value)}" for m in matches)


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
