"""Namespace prefixes of table names: the first name part several tables share that says where
a table lives, not what it holds.

Django names a model's table ``<app label>_<model>`` (``accounts_tutor``, ``billing_invoice``,
``reviews_review``); ERP and warehouse schemas group tables by module (``hr_employee``,
``hr_department``, ``fin_invoice``). A question says "tutors", "employees": the rows are what the
rest of the name says. :func:`namespaced` finds such prefixes from the schema alone, and gives
each namespaced table its name's words without the prefix, which the reader spells the table by
besides its whole name.

A real compound is left alone: its first word is a parent entity (``order_items`` beside
``orders`` or with an ``order_id``; ``customer_addresses``), so a first word that is a table's
name, the last word of another table's name, or a word of a key column is no namespace. Nor is a
first word whose rest says only how rows are kept in half its tables or more (``car_names``,
``cars_data``, ``invoice_hdr``: the first word is the thing; one ``wp_links`` among a dozen
``wp_`` tables is not). A namespace must be shared: by three tables or more, or by two
tables each in at least two such groups that together make up half the schema (two ``tv_`` tables
of three are not a namespace); a schema whose tables nearly all begin with such a word is
namespaced throughout, its one-table apps (``catalog_subject``) included. A stripped name that
would spell another table's name the same is not stripped.

``tbl``, ``t``, ``dim``, ``ref`` and the other conventional prefixes are read elsewhere
(:data:`.vocabulary.TABLE_PREFIXES`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from ask.schema import SchemaContext, Table
from ask.translate.sketch.vocabulary import FILLER, TABLE_PREFIXES, TABLE_SUFFIXES, name_words

# A name's rest that says how rows are kept or what of a thing they record, not a thing of
# their own: after it the first word is the thing (``car_names``, ``player_stats``).
_KEPT_AS = frozenset(("type", "status", "code", "category", "info", "information", "data", "detail",
                      "log", "history", "record", "map", "mapping", "link", "list", "xref", "lookup",
                      "table", "master", "entry", "name", "stat", "statistic", "setting", "attribute",
                      "value", "feature", "version", "summary", "note", "image", "photo", "file",
                      "document", "id", "key", "extra", "meta", "metadata", "line", "item", "rate",
                      "score", "result", "count", "total"))

# A column's last word that makes it a key: its other words name a thing of the schema.
_KEY_ENDS = frozenset(("id", "key", "code", "cd", "no", "num", "nbr", "number", "fk", "sk"))


def namespaced(schema: SchemaContext) -> Mapping[str, tuple[str, ...]]:
    """Table name -> its name's words without a namespace prefix, for the tables that have one
    (empty for most schemas). Built once per schema context."""
    return schema.derived("sketch.namespaces", _namespaced)


def _namespaced(schema: SchemaContext) -> dict[str, tuple[str, ...]]:
    tables = list(schema.tables)
    words = {t.name: name_words(t.name) for t in tables}
    if len(tables) < 3:
        return {}
    entities = _entity_words(tables, words)
    groups: dict[str, list[Table]] = {}
    for t in tables:
        w = words[t.name]
        if len(w) >= 2 and w[0] not in TABLE_PREFIXES and len(w[0]) >= 2:
            groups.setdefault(w[0], []).append(t)
    last = Counter(w[-1] for w in words.values() if w)      # counted once: a wide schema has thousands
    free: dict[str, list[Table]] = {}
    for first, members in groups.items():
        if first in FILLER:
            continue
        others_last = last[first] - sum(words[t.name][-1] == first for t in members)
        if first in entities or others_last:
            continue                            # order_items beside orders: a parent entity
        rests = [words[t.name][1:] for t in members]
        kept_as = sum(len(r) == 1 and (r[0] in _KEPT_AS or r[0] in TABLE_SUFFIXES or len(r[0]) < 3) for r in rests)
        if 2 * kept_as >= len(rests):
            continue                            # car_names, cars_data, invoice_hdr: the first word is the thing
        free[first] = members
    chosen = {p for p, ms in free.items() if len(ms) >= 3}
    pairs = {p for p, ms in free.items() if len(ms) >= 2}
    if len(pairs) >= 2 and 2 * sum(len(free[p]) for p in pairs) >= len(tables):
        chosen |= pairs
    if len(pairs) >= 2 and 4 * sum(len(ms) for ms in free.values()) >= 3 * len(tables):
        chosen |= set(free)                     # nearly every table under an app: its one-table apps too
    out: dict[str, tuple[str, ...]] = {}
    for p in chosen:
        for t in free[p]:
            out[t.name] = words[t.name][1:]
    # a stripped name another table is spelt by (two apps' "user"; a table named "tutor") stays whole
    spelt: dict[tuple[str, ...], int] = {}
    for t in tables:
        for key in {words[t.name], out.get(t.name, words[t.name])}:
            spelt[key] = spelt.get(key, 0) + 1
    return {name: rest for name, rest in out.items() if spelt[rest] == 1}


def _entity_words(tables: list[Table], words: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Words that name a thing the schema holds: a one-word table's name, and the words of a key
    column before its key word (``order_id``: order)."""
    out = {w[0] for w in words.values() if len(w) == 1}
    for t in tables:
        keyed = set(t.primary_key) | {c for fk in t.foreign_keys for c in fk.columns}
        for c in t.columns:
            cw = name_words(c.name)
            if len(cw) >= 2 and (c.name in keyed or cw[-1] in _KEY_ENDS):
                out.update(cw[:-1])
            elif len(cw) == 1 and c.name in keyed and cw[0] not in _KEY_ENDS:
                out.add(cw[0])
    return out
