"""What an answer is about, and whether the question says so.

A small model decides early which entity a question is about ("top 5 customers by revenue")
and sometimes decides wrong while everything after is right: it ranks products, or counts
stores when asked for customers. Those answers validate and run. This module compares the
answer's *subjects* with the question's words, using nothing but the schema's own names:

- the subjects of an aggregating SELECT are its grouping columns and what it counts (``count(*)`` counts the first table of FROM,
  ``count(DISTINCT o.customer_id)`` counts customers);
- a subject is *named* when the question contains its table's name (``customers``,
  ``customer``, ``order lines``) or, for a plain attribute, the column's name (``segment``,
  ``city``) or one of its linked values ("online vs in-store" names ``channel``); a few common
  business synonyms (shops, clients, items) count too;
- a table the question names is *missing* when the SQL never mentions it, and so is a column
  the question names (``status``, ``brand``) that the SQL never references.

``ask.checks.subject_defects`` counts both kinds of mismatch. The planner treats a positive count as
worth one wider decode and prefers a valid candidate with fewer defects; a question that uses
words the schema does not (a renamed table, a typo) only costs that decode.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from ask.schema import SchemaContext
from ask.context.related_words import ENTITY_SYNONYMS as SYNONYMS
from ask.context.value_linking import ValueMatch, normalise
from engines.lru import LRU

GENERIC_COLUMNS = frozenset(("name", "id", "title", "label", "code"))


def question_words(question: str, links: Sequence[ValueMatch]) -> list[str]:
    """The question's words, those inside linked values (``in-store``) blanked out."""
    words = normalise(question)
    for m in links:
        if not m.exact:
            continue            # a fuzzy link ("by product" ~ 'Baby Products') may be a plain word
        for i in range(max(0, m.start), min(len(words), m.end)):
            words[i] = ""
    return words


def names_subject(words: list[str], table: str, column: str) -> bool:
    """A plain attribute (``segment``) must be named itself; a name or key column by its table."""
    if column and column not in GENERIC_COLUMNS and not column.endswith("_id"):
        return _mentions(words, column)
    return _mentions(words, table)


def _mentions(words: list[str], identifier: str) -> bool:
    return bool(name_spans(words, identifier))


def _name_parts(identifier: str) -> tuple[list[str], set[str]] | None:
    """(the words before the last, the last word's singular and synonyms); None: no words."""
    parts = [p for p in identifier.lower().split("_") if p]
    if not parts:
        return None
    head = _singular(parts[-1])
    heads = {head} | set(SYNONYMS.get(head, ())) | {k for k, vs in SYNONYMS.items() if head in vs}
    return parts[:-1], heads


def name_spans(words: list[str], identifier: str) -> list[tuple[int, int]]:
    """Where ``words`` name ``identifier`` (``order_lines`` as "order lines" / "order line"),
    singular or plural, or by one of its synonyms: (start, end) word spans."""
    found = _name_parts(identifier)
    if found is None:
        return []
    lead, heads = found
    n = len(lead)
    return [(i - n, i + 1) for i in range(n, len(words))
            if words[i - n:i] == lead and _is_one_of(_singular(words[i]), heads)]


class _NameIndex:
    """Many identifiers at once, for :func:`name_spans` over all of them in time proportional
    to the question, not the schema: a head word finds the identifiers it ends, exactly or
    (words of six letters or more) as a near miss found through a one-deletion index.

    Why one deletion suffices: :func:`_similar` needs ``ratio() >= 0.88``, so two words of
    lengths ``a`` and ``b`` may leave at most ``0.12 * (a + b)`` characters unmatched, and
    ``real_quick_ratio`` first bounds ``b`` by ``1.27 * a``. For heads of 6 to 9 letters that is
    at most 2 unmatched characters, and never a word 2 letters shorter than the head: every
    pair that can pass shares the head, or a one-deletion variant of it, with the word or
    a variant of the word with up to 2 deletions. Longer heads are compared one by one."""

    def __init__(self, identifiers: list[str]) -> None:
        self.by_head: dict[str, list[tuple[str, list[str]]]] = {}
        for identifier in dict.fromkeys(identifiers):
            found = _name_parts(identifier)
            if found is not None:
                lead, heads = found
                for h in heads:
                    self.by_head.setdefault(h, []).append((identifier, lead))
        self.variants: dict[str, set[str]] = {}
        self.long: list[str] = []
        for h in self.by_head:
            if 6 <= len(h) <= 9:
                for v in _deletions(h, 1):
                    self.variants.setdefault(v, set()).add(h)
            elif len(h) > 9:
                self.long.append(h)

    def heads(self, word: str) -> list[str]:
        """The heads ``word`` is one of (as :func:`_is_one_of` decides)."""
        out = [word] if word in self.by_head else []
        if len(word) < 6:
            return out
        near = {h for v in _deletions(word, 2) for h in self.variants.get(v, ())}
        near.update(self.long)
        near.discard(word)
        return out + [h for h in sorted(near) if _similar(word, h)]


def _deletions(word: str, depth: int) -> set[str]:
    """``word`` and every string made by deleting up to ``depth`` of its characters."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def index_spans(words: list[str], index: "_NameIndex") -> dict[str, list[tuple[int, int]]]:
    """identifier -> :func:`name_spans` of it, for the identifiers ``words`` name at all."""
    out: dict[str, list[tuple[int, int]]] = {}
    for i, word in enumerate(words):
        for head in index.heads(_singular(word)):
            for identifier, lead in index.by_head[head]:
                n = len(lead)
                if i >= n and words[i - n:i] == lead:
                    spans = out.setdefault(identifier, [])
                    if not spans or spans[-1] != (i - n, i + 1):
                        spans.append((i - n, i + 1))
    return out


class _ColumnIndex(_NameIndex):
    """The schema's column names, and the entity keys of its tables (:func:`_entity_key`)."""

    def __init__(self, schema: SchemaContext) -> None:
        super().__init__(sorted({c.name for t in schema.tables for c in t.columns}))
        self.table_entities = {_entity_key(t.name) for t in schema.tables}


def column_index(schema: SchemaContext) -> _ColumnIndex:
    return _ColumnIndex(schema)


# A new version of a schema (after DDL) mostly keeps its tables' names, and their index (the
# one-deletion variants of 5,000 names: 40-70 ms) depends on nothing else: it is kept per list
# of names, not per version. Never changed once built, so versions may share it.
_TABLE_NAMES: LRU[tuple[str, ...], _NameIndex] = LRU(4)


def _table_names(schema: SchemaContext) -> _NameIndex:
    names = tuple(t.name for t in schema.tables)
    index = _TABLE_NAMES.get(names)
    if index is None:
        index = _NameIndex(list(names))
        _TABLE_NAMES.put(names, index)
    return index


def prepare(schema: SchemaContext) -> None:
    """Derive the name indexes the checks of answers over ``schema`` use."""
    schema.derived("subjects.tables", _table_names)
    schema.derived("subjects.columns", column_index)


def table_spans(words: list[str], schema: SchemaContext) -> dict[str, list[tuple[int, int]]]:
    """table name -> where ``words`` name it (:func:`name_spans`), for the tables they name."""
    return index_spans(words, schema.derived("subjects.tables", _table_names))


def _is_one_of(word: str, heads: set[str]) -> bool:
    """``word`` is one of ``heads``, or a one-letter typo of a long one ("custmer")."""
    if word in heads:
        return True
    return len(word) >= 6 and any(len(h) >= 6 and _similar(word, h) for h in heads)


def _similar(a: str, b: str) -> bool:
    # Runs for every question word against every table and column name: the cheap upper
    # bounds rule out almost every pair before the real ratio is computed.
    m = difflib.SequenceMatcher(None, a, b)
    return m.real_quick_ratio() >= 0.88 and m.quick_ratio() >= 0.88 and m.ratio() >= 0.88


def same_entity(a: str, b: str) -> bool:
    sa, sb = _singular(a.lower().split("_")[-1]), _singular(b.lower().split("_")[-1])
    return a == b or (sa == sb and a.lower().split("_")[:-1] == b.lower().split("_")[:-1])


def _entity_key(name: str) -> tuple[str, tuple[str, ...]]:
    """Equal for two names exactly when :func:`same_entity` holds for them."""
    parts = name.lower().split("_")
    return _singular(parts[-1]), tuple(parts[:-1])


def is_table_entity(column: str, table_entities: set[tuple[str, tuple[str, ...]]]) -> bool:
    return _entity_key(column) in table_entities


_IES = re.compile(r"ies$")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return _IES.sub("y", word)
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
