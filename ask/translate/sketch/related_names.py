"""The spellings of a schema's names that ordinary English adds to its own (:mod:`.related_words`).

:func:`.names.name_index` spells every table and column by its name and description; this adds
what a question may say instead: a table's head noun, a measure's name without its unit, an
abbreviation spelt out, a name written without separators in words, a word's synonym or verb
form, a yes/no column named the other way round, a column's word after its table's. Each only
where the schema's own spellings do not already claim the words, and only where it points at
one table, or only at columns (a unit two tables measure in: "kilos" for ``weight_kg`` and
``portion_kg``; the question's focus picks one): these widen what a question may say, never
override what it says. The entries are
marked (:class:`Related`, :class:`Verbal`, :class:`Negated`) for the readers that treat them
differently.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Mapping
from typing import Any

from ask.context.folded_names import is_word
from ask.context.refusal import english, split_compound
from ask.schema import Column, SchemaContext, Table, short_type
from ask.context.related_words import (AMOUNT_SUFFIXES, AMOUNT_WORDS, FLAG_SUFFIXES, IDENTIFIER_SUFFIXES,
                                       LABEL_SUFFIXES, NAME_QUALIFIERS, is_verb_form, looks_abbreviated, negations,
                                       spelt_out, synonyms, verb_forms, without_unit)
from ask.translate.sketch.namespaces import namespaced
from ask.translate.sketch.vocabulary import FILLER, TABLE_PREFIXES, name_parts, name_words, sing

_Entry = tuple[Table, "Column | None"]
Index = dict[tuple[str, ...], list[tuple[Table, Column | None]]]


class Related(list[_Entry]):
    """Entries found through ordinary English rather than the schema's own spelling
    (:mod:`.related_words`)."""


class Verbal(Related):
    """Entries found through a verb form ("borrowed", "fed", "hire" for ``hiring``)."""


class Stripped(Related):
    """A table's name without its namespace prefix (:func:`.namespaces.namespaced`): spelt as
    the name is, as a name of several words says that table over a word inside it."""


class Negated(Related):
    """A yes/no column named the other way round ("unpaid", "failed")."""


class NameIndex(dict[tuple[str, ...], list[_Entry]]):
    """The reader's index: a dict of every spelling, except "boat length" (a column's word after
    its table's, :meth:`_Found.table_words`), looked up on demand. On a wide generated schema
    those are 75,000 of 80,000 keys (("t04944", "income")), which a question reaches a few of;
    building them took half the index's time on each new schema version. ``in``, ``[]`` and
    ``get`` see them as if stored; iterating does not."""

    table_words: "_TableWords | None" = None

    def _table_word(self, key: object) -> "Related | None":
        words = self.table_words
        return words.get(key) if words is not None and isinstance(key, tuple) else None

    def __missing__(self, key: tuple[str, ...]) -> list[_Entry]:
        found = self._table_word(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or self._table_word(key) is not None

    def get(self, key: tuple[str, ...], default: Any = None) -> Any:    # type: ignore[override]
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        found = self._table_word(key)
        return default if found is None else found


def add_related(index: Index, schema: SchemaContext,
                stripped: Mapping[str, frozenset[tuple[str, ...]]] | None = None) -> None:
    """Add to ``index`` the spellings ordinary English adds to the schema's own; a
    :class:`NameIndex` gets its "boat length" spellings on demand. ``stripped``: each
    namespaced table's spellings without its namespace prefix (:meth:`_Found.namespaced`)."""
    found = _Found(index)
    found.forms()
    found.namespaced(schema, stripped or {})
    found.head_nouns(schema)
    found.column_heads(schema)
    found.acronym_heads(schema)
    table_words = found.table_words()
    found.settle(_negated(index, schema))
    if isinstance(index, NameIndex):
        index.table_words = table_words
    else:
        table_words.store(index)


class _Found:
    """The related spellings found so far, and which came from a verb form."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.related: Index = {}
        self.prefixed: Index = {}           # a column's one-word spellings: "boat length" candidates
        self.verbal: set[tuple[str, ...]] = set()
        self.stripped: set[tuple[str, ...]] = set()     # keys a namespaced table's stripped name spells
        # A key's entries by identity (comparing is slow), kept only for a key that more than
        # one spelling reaches: on a wide schema most keys are reached once, with an entry per
        # table, and their entries are copied in one step.
        self._seen: dict[tuple[str, ...], set[tuple[int, int]]] = {}

    def relate(self, key: tuple[str, ...], entries: list[_Entry]) -> None:
        """Add ``entries`` (distinct, as an index's are) to ``key``'s, each once."""
        have = self.related.get(key)
        if have is None:
            self.related[key] = list(entries)
            return
        seen = self._seen.get(key)
        if seen is None:
            seen = self._seen[key] = {(id(t), id(c)) for t, c in have}
        for entry in entries:
            mark = (id(entry[0]), id(entry[1]))
            if mark not in seen:
                seen.add(mark)
                have.append(entry)

    def forms(self) -> None:
        """Every spelling's :func:`related_keys` not already a spelling of its own."""
        for key, entries in list(self.index.items()):
            columns = all(c is not None for _, c in entries)
            if columns:
                # Once per key, not per entry: ("name",) has an entry per table.
                alone = [k for k in (key, *related_keys(key)) if len(k) == 1]
                for k in alone:
                    self.prefixed.setdefault(k, []).extend(entries)
            for other, by_verb in related_keys(key, columns).items():
                if other not in self.index:
                    if by_verb:
                        self.verbal.add(other)
                    self.relate(other, entries)
            if columns and all(type(c) is Column for _, c in entries):
                for other in amount_heads(key):
                    if other not in self.index:
                        self.relate(other, entries)

    def namespaced(self, schema: SchemaContext, stripped: Mapping[str, frozenset[tuple[str, ...]]]) -> None:
        """``accounts_tutor``: "tutor", its name without a namespace prefix (Django's app label,
        a module's ``hr_``: :func:`.namespaces.namespaced`), where no spelling of the schema's
        own is it, and its synonyms ("teachers"); no verb forms of its own ("payment" of
        ``billing_payment`` does not make "paid" a payment)."""
        for table in schema.tables:
            for key in stripped.get(table.name, ()):
                others = [k for k, verbal in related_keys(key, False).items() if not verbal]
                if key not in self.index:
                    self.stripped.add(key)
                for other in (key, *others):
                    if other not in self.index:
                        self.relate(other, [(table, None)])

    def head_nouns(self, schema: SchemaContext) -> None:
        """"DrivingTest": "test"; ``t_fuel_sale``: "fuel", a leading noun: where no other
        table's name or columns use the word."""
        table_words = [name_words(t.name) for t in schema.tables]
        stripped = namespaced(schema)
        heads = [stripped.get(t.name) or (words[1:] if len(words) > 2 and words[0] in TABLE_PREFIXES else words)
                 for t, words in zip(schema.tables, table_words)]
        candidates = {w for words in heads if len(words) >= 2 for w in (words[-1], words[0]) if len(w) >= 4}
        if not candidates:
            return              # one-word table names (t00001): no columns to read for it
        column_words: dict[str, set[int]] = {}      # of the candidate words only
        for t in schema.tables:
            keys = _keys_of(t, schema)
            for c in t.columns:
                for w in name_words(c.name):
                    if w in candidates:
                        # meters.connection_id refers to service_connections: it says "connection"
                        # of that table, not of its own
                        column_words.setdefault(w, set()).add(keys.get(c.name, id(t)))
        # how many tables' names use a word: counted once, not per table (quadratic on a wide schema)
        named_by = collections.Counter(w for words in table_words for w in set(words))
        for table, words in zip(schema.tables, heads):
            if len(words) < 2:
                continue
            for word in (words[-1], words[0]):
                if len(word) >= 4 and (word,) not in self.index and column_words.get(word, set()) <= {id(table)} \
                        and named_by[word] == 1 \
                        and (word == words[-1] or _plain_noun(word)):
                    self.relate((word,), [(table, None)])

    def column_heads(self, schema: SchemaContext) -> None:
        """"more households than average": a count column named by the plural of what it counts
        and a word after it (``households_out``) is also said by that plural alone, where no other
        column of its table starts with it and no spelling of the schema's own is it."""
        for table in schema.tables:
            heads = collections.Counter(name_words(c.name)[0] for c in table.columns if name_words(c.name))
            for column in table.columns:
                words = name_words(column.name)
                if short_type(column.type) == "int" and len(words) == 2 and words[-1] != "id" \
                        and len(words[0]) >= 4 and heads[words[0]] == 1 and _plural_head(column.name, words[0]) \
                        and _plain_noun(words[0]) and (words[0],) not in self.index:
                    self.relate((words[0],), [(table, column)])

    def acronym_heads(self, schema: SchemaContext) -> None:
        """"current mrr", "average csat": a column named by an acronym and how it is kept
        (:func:`acronym_head`) is said by the acronym alone, where no spelling of the schema's
        own is it."""
        for table in schema.tables:
            for column in table.columns:
                if acronym_head(column.name):
                    head = name_words(column.name)[:1]
                    if head not in self.index:
                        self.relate(head, [(table, column)])

    def table_words(self) -> "_TableWords":
        """"boat length": a column's word after its table's, where the word alone names
        another table's column too (berths have a max length, moorings a length of stay).
        Found on demand (:class:`_TableWords`), but into a key a spelling already relates to
        here, so that :meth:`settle` weighs them together."""
        words = _TableWords(self.prefixed, self.index, self.related)
        for key in [k for k in self.related if len(k) == 2]:
            entries = words.entries(key)
            if entries:
                self.relate(key, entries)
        return words

    def _kind(self, key: tuple[str, ...]) -> type[Related]:
        return Stripped if key in self.stripped else Verbal if key in self.verbal else Related

    def settle(self, negated: Index) -> None:
        """Into the index: what points at one table, or only at columns. A word that names one
        table and other tables' columns (countrycode: "country code", so "nation" reaches three
        tables) names the table."""
        for key, entries in self.related.items():
            if len(entries) == 1:          # most keys of a wide schema: "t00001 name"
                self.index[key] = self._kind(key)(entries)
                continue
            if _several_tables(entries):
                tables = [e for e in entries if e[1] is None]
                if tables and _several_tables(tables):
                    continue        # several tables by name: no one of them
                entries = tables or entries     # else the one table, or only columns
            self.index[key] = self._kind(key)(entries)
        for key, entries in negated.items():
            if len(entries) == 1:
                self.index[key] = Negated(entries)


class _TableWords:
    """"boat length" spellings, grouped per column word on its first lookup: the entries of a
    (table head, column word) key, in the order and with the settling that relating each
    entry to its key and :meth:`_Found.settle` gave them (one entry: itself; several: all
    columns, so kept). Keys a spelling related before are left to the index
    (``excluded``); keys the schema's own spellings hold are found there first."""

    def __init__(self, prefixed: Index, index: Index, related: Index) -> None:
        self._prefixed = prefixed
        self._claims = {alone: (index.get(alone, []), related.get(alone, [])) for alone in prefixed}
        self._excluded = frozenset(k for k in related if len(k) == 2)
        self._groups: dict[tuple[str, ...], dict[str, Related]] = {}

    def get(self, key: tuple[str, ...]) -> Related | None:
        if len(key) != 2 or key in self._excluded:
            return None
        return self._group(key[1:]).get(key[0])

    def entries(self, key: tuple[str, ...]) -> Related | None:
        """``key``'s entries, whether or not a spelling related to it before."""
        return self._group(key[1:]).get(key[0]) if len(key) == 2 else None

    def store(self, index: Index) -> None:
        """Every key into ``index`` (a plain dict: what the index was before it was lazy)."""
        for alone in self._prefixed:
            for head, entries in self._group(alone).items():
                if (head, *alone) not in index and (head, *alone) not in self._excluded:
                    index[(head, *alone)] = entries

    def _group(self, alone: tuple[str, ...]) -> dict[str, Related]:
        groups = self._groups.get(alone)
        if groups is None:      # computed twice by two threads at worst: the same
            groups = self._groups[alone] = self._grouped(alone)
        return groups

    def _grouped(self, alone: tuple[str, ...]) -> dict[str, Related]:
        entries = self._prefixed.get(alone)
        if not entries:
            return {}
        own, related = self._claims[alone]
        claimed = {id(t) for t, _ in own} | {id(t) for t, _ in related}
        if len(claimed | {id(t) for t, _ in entries}) <= 1:
            return {}
        groups: dict[str, Related] = {}
        seen: set[tuple[str, int, int]] = set()
        heads: dict[int, str] = {}
        for entry in entries:
            head = heads.get(id(entry[0]))
            if head is None:
                head = heads[id(entry[0])] = _head(entry[0])
            mark = (head, id(entry[0]), id(entry[1]))
            if mark not in seen:
                seen.add(mark)
                groups.setdefault(head, Related()).append(entry)
        return groups


def _keys_of(table: Table, schema: SchemaContext) -> dict[str, int]:
    """The table's key columns (by name) and the table (by identity) each is the key of: its
    own primary key's, each single-column foreign key's referenced table."""
    keys = {name: id(table) for name in table.primary_key[:1]} if len(table.primary_key) == 1 else {}
    for fk in table.foreign_keys:
        referred = schema.table(fk.ref_table, fk.ref_schema)
        if len(fk.columns) == 1 and referred is not None:
            keys[fk.columns[0]] = id(referred)
    return keys


def _several_tables(entries: list[_Entry]) -> bool:
    """Whether ``entries`` (at least one) are of more than one table: stops at the second."""
    first = entries[0][0]
    return any(t is not first for t, _ in entries)


def _negated(index: Index, schema: SchemaContext) -> Index:
    """Yes/no columns named the other way round: "unpaid" for ``paid``, "failed" for ``passed``."""
    negated: Index = {}
    for table in schema.tables:
        for column in table.columns:
            words = name_words(column.name)
            words = words[1:] if len(words) > 1 and words[0] in ("is", "has", "was", "can") else words
            words = words[:-1] if len(words) > 1 and words[-1] in FLAG_SUFFIXES else words    # active_flg
            if short_type(column.type) == "bool" and len(words) == 1:
                for word in negations(words[0]):
                    if (word,) not in index:
                        negated.setdefault((word,), []).append((table, column))
    return negated


def _plural_head(name: str, head: str) -> bool:
    """Whether ``name`` starts with ``head`` in the plural (``households_out``: household)."""
    return name.lower().startswith(head) and name.lower()[len(head):len(head) + 1] == "s"


def _plain_noun(word: str) -> bool:
    """An English word that is no verb form: "fuel" names what ``fuel_sale`` sells, "driving"
    in ``DrivingTest`` says how it is done."""
    return word in english() and not word.endswith(("ing", "ed"))


def _unjoined(key: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A name written without separators, in words: ``surfacearea`` -> "surface area",
    ``headofstate`` -> "head of state" (:func:`ask.context.refusal.split_compound`, English
    words only); a word of the segmenter's list stays whole (:func:`ask.context.folded_names.is_word`)."""
    out = []
    for i, word in enumerate(key):
        parts = split_compound(word) if len(word) >= 7 and not is_word(word) else [word]     # "therapist"
        known = [p in english() and len(p) >= 3 or p in ("of", "in", "on", "at", "to", "by", "per") for p in parts]
        leftover = not known[-1] and len(parts[-1]) >= 5 and len(parts[0]) >= 4 and all(known[:-1])
        if len(parts) > 1 and len(key) + len(parts) <= 5 and (all(known) or leftover):
            out.append(key[:i] + tuple(sing(p) for p in parts) + key[i + 1:])
    return out


def amount_heads(key: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A column's name without the word that says it holds an amount of what the rest names:
    ``fine_amt`` is the fine, ``dl_cnt`` the "dl" (:func:`.names.abbreviated_names` spells that
    out), ``assessed_value`` what was assessed (a word in full only after a participle:
    :data:`.related_words.AMOUNT_WORDS`). Only a real column's own name: a measure's "booking
    amount" is no booking."""
    if len(key) < 2 or not (key[-1] in AMOUNT_SUFFIXES or key[-1] in AMOUNT_WORDS and is_verb_form(key[-2])):
        return ()
    return (key[:-1],)


# The second word of a name that says how its first is kept: an amount, a count, a score, a name.
_KEPT_AS = AMOUNT_SUFFIXES | AMOUNT_WORDS | LABEL_SUFFIXES | frozenset(("score", "rate", "name", "pct", "index"))


@functools.lru_cache(maxsize=1 << 16)     # a wide schema repeats its column names in every table
def acronym_head(name: str) -> bool:
    """Whether a column's name is an acronym or an abbreviation that is no English word, then
    how it is kept (``mrr_amount``, ``csat_score``, ``mdl_nm``): the first word is what the
    column holds, so a question says it alone ("current mrr", "average csat"). As written:
    ``series_name``'s "sery" is no acronym."""
    words = name_words(name)
    if len(words) != 2 or words[1] not in _KEPT_AS:
        return False                # most names: the check a wide schema makes per column stops here
    parts = name_parts(name)
    return len(parts) == 2 and len(parts[0]) >= 3 and parts[0] not in english() \
        and looks_abbreviated(parts[0], english())


def _head(table: Table) -> str:
    """The word a table's rows are called by: the last of its name (``t_fuel_sale``: sale)."""
    return name_words(table.name)[-1]


def _spelt(key: tuple[str, ...]) -> tuple[str, ...]:
    """The key's abbreviations spelt out, singular as the question's words are compared:
    ``appt_stat_cd`` is the "statu code" a question's "status code" reads as."""
    return tuple(w if w in key else sing(w) for w in spelt_out(key))


def related_keys(key: tuple[str, ...], column: bool = True) -> dict[tuple[str, ...], bool]:
    """Other spellings of a name's words: abbreviations spelt out, the unit dropped, one word
    in a synonym or in its verb's base form ("hiring": "hire"; the value: whether a verb
    form made it)."""
    return dict(_related_keys(key, column))


@functools.lru_cache(maxsize=1 << 16)     # a name string's, whatever its schema: new versions reuse it
def _related_keys(key: tuple[str, ...], column: bool) -> tuple[tuple[tuple[str, ...], bool], ...]:
    keys = {key, _spelt(key)}
    keys.update(k for base in list(keys) for k in without_unit(base))
    keys.update(k for base in list(keys) for k in _unjoined(base))
    if len(key) == 1:               # surfacearea: "area", as "description" names item_description
        keys.update(k[-1:] for k in list(keys) if len(k) == 2 and k != key and len(k[-1]) >= 4 and k[-1] in english())
    keys.update(base[:-1] for base in list(keys) if len(base) > 1 and base[-1] in IDENTIFIER_SUFFIXES)
    if len(key) == 2 and key[-1] in LABEL_SUFFIXES and len(key[0]) >= 4 and key[0] not in NAME_QUALIFIERS:
        keys.add(key[:1])           # city_nm: "city" (song_name stays "the name of the song")
    out = dict.fromkeys(keys, False)
    if column and len(key) == 1:       # a category column: "type of food", "kind of food", "food type"
        out.update({("type", "of", key[0]): False, ("kind", "of", key[0]): False, (key[0], "type"): False})
    for base in keys if column else ():       # svc_typ: "type of service"
        if len(base) == 2 and base[1] in ("type", "kind", "category"):
            out.update({("type", "of", base[0]): False, ("kind", "of", base[0]): False})
    for base in keys:
        for i, word in enumerate(base):
            for form, verbal in ((word, False), *((f, True) for f in verb_forms(word))):
                for other in (form, *(() if verbal else synonyms(form))):      # one hop, not two
                    spelt = base[:i] + (other,) + base[i + 1:]
                    out[spelt] = out.get(spelt, True) and verbal
    out.pop(key, None)
    return tuple((k, v) for k, v in out.items() if k and not (len(k) == 1 and k[0] in FILLER))
