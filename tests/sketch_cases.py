"""What the reader's shape tests share: a foreign key by column name, a value link spelt at its
words in the question, and a reading that must place every word."""

from __future__ import annotations

from ask.context.value_linking import ValueMatch
from ask.schema import ForeignKey, SchemaContext
from ask.translate.sketch import read_question


def fk(column: str, table: str) -> ForeignKey:
    return ForeignKey((column,), "public", table, (column,))


def link(question: str, table: str, column: str, value: str) -> ValueMatch:
    words = question.lower().split()
    start = words.index(value.lower().split()[0])
    return ValueMatch(table, column, value, start, start + len(value.split()), 1.0)


def read_on(schema: SchemaContext, question: str, links: list[tuple[str, str, str]]) -> str | None:
    """The reading's SQL, or None; a reading must place every content word."""
    reading = read_question(question, schema, [link(question, *x) for x in links])
    assert reading is None or reading.coverage == 1.0, reading
    return reading.sql if reading is not None else None
