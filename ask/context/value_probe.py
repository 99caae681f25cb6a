"""Value probe: which phrases of a question are stored values of high-cardinality text columns.

Low-cardinality columns carry their values in the schema context (:mod:`ask.context.value_linking`);
names of products or customers do not, there are too many. So per question, the phrases it
could be naming (word n-grams as typed, with trailing punctuation trimmed step by step) are
looked up in the database, in one statement over a few name-like text columns of tables up to
``max_rows`` rows, on the caller's own session: privileges and row-level security apply as to
the generated SQL. The statement runs under its own short ``statement_timeout`` and leaves no
trace in the session (see :class:`GuardedUpstream`); any failure means "no extra links", never
a failed ASK. Results are cached per (database, role, schema fingerprint, phrase set), except
those from tables under row-level security, which depend on the session (a policy may read
``current_setting('app.tenant')``): those columns are probed again on every ASK.

Matching rule (the training-data generator reproduces it): a phrase links to a stored value
when ``lower(value) = lower(phrase)`` in PostgreSQL, and the link shows the stored spelling.
The question is the prompt's (whitespace collapsed); a phrase is 1-6 whitespace-separated
words as typed, optionally with leading quotes/brackets and trailing punctuation trimmed one
character at a time, then a trailing ``'s``; phrases whose words are only stop words or
numbers, or lie inside a low-cardinality link, are not looked up.

A name is also found by its first word ("orders of acme" -> 'Acme Ltd'), with a lower score,
when the question's word is the first word of exactly one stored value of all probed columns
and is not a word of a table or column name: "customers" never picks one of 'Customer 1',
'Customer 2', ... (ambiguous anyway), nor "customer" a lone 'Customer Service'.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ask.schema import short_type
from ask.schema import SchemaContext, Table
from ask.context.introspection import quote_ident
from ask.upstream import QueryResult, Upstream, UpstreamQueryError
from ask.context.value_linking import (MAX_NGRAM, ValueMatch, identifier_words, is_filler, normalise,
                                     singular, table_ref)
from engines.lru import LRU

log = logging.getLogger(__name__)

_LEADING = "\"'`([{<“‘«"
_TRAILING = ".,;:!?\"'`)]}>”’»"
_POSSESSIVE = ("'s", "’s")
_PROBED_KINDS = ("table", "matview")
MAX_PHRASES = 256
_PER_COLUMN_LIMIT = 8
_TOTAL_LIMIT = 64
_FIRST_WORD_SCORE = 0.9     # below value_linking.EXACT_SCORE: the question names part of it


@runtime_checkable
class GuardedUpstream(Upstream, Protocol):
    async def fetch_guarded(self, sql: str, timeout_ms: int) -> QueryResult:
        """Run one read-only SELECT under ``statement_timeout = timeout_ms``, leaving the
        session as it was (settings, transaction state) whether it succeeds or fails."""
        ...


@dataclass(frozen=True, slots=True)
class ProbeSettings:
    max_rows: float = 200_000       # tables estimated larger are never probed
    columns_per_table: int = 2
    max_columns: int = 16
    timeout_ms: int = 250
    cache_size: int = 1024
    ttl_s: float = 300.0


@dataclass(frozen=True, slots=True)
class ProbeColumn:
    table: str      # as written in SQL (value_linking.table_ref)
    schema: str
    relation: str
    column: str
    scoped: bool = False    # row-level security: what it finds belongs to one session


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str       # as typed
    start: int      # word span, in value_linking.normalise() words of the question
    end: int


# --- what to probe ---------------------------------------------------------------------------

# How names abbreviate "name" and "title" (hotel_nm, boat_nme, job_ttl).
_NAME_ABBREVIATIONS = {"nm": "name", "nme": "name", "nam": "name", "ttl": "title"}
# How names say a number that identifies a row (matter_number, invoice_no, MatterNbr), or a
# name a person goes by (user_handle, nickname, gamer_tag); folded names end so (policyno,
# gamertag).
_TYPED = frozenset(("number", "no", "num", "nbr", "handle", "username", "nickname", "alias", "tag"))
_TYPED_ENDS = ("number", "no", "nbr", "handle", "username", "nickname", "tag")


@functools.lru_cache(maxsize=1 << 16)     # a wide schema repeats its column names in every table
def name_likeness(column: str) -> int:
    """How likely a text column holds names people type; 0 for free text, ids and the like."""
    words = {_NAME_ABBREVIATIONS.get(w, w) for w in identifier_words(column)}
    if "name" in words or column.lower().endswith("name"):
        return 3
    if words & {"title", "label"}:
        return 2
    if words & {"code", "sku", "brand", "model", "company", "vendor", "supplier", "city"}:
        return 1
    if words & _TYPED or column.lower().endswith(_TYPED_ENDS):
        return 1        # a number as printed ('M-2025-0013'), a handle ('Kilowatt'), folded too

    return 0


def probe_columns(schema: SchemaContext, settings: ProbeSettings,
                  question: str = "") -> list[ProbeColumn]:
    """Name-like text columns without captured values, in small enough tables: at most
    ``columns_per_table`` per table and ``max_columns`` in all, which bounds the statement on
    any schema. Tables the question names (a word of the table's name, singular or plural)
    come first, then catalog order, so a wide schema still probes what the question is about."""
    asked = {singular(w) for w in normalise(question)}
    tables, by_word = schema.derived(
        f"probe.columns:{settings.max_rows!r}:{settings.columns_per_table}",
        lambda s: _candidates(s, settings.max_rows, settings.columns_per_table))
    # Tables the question names first, then the rest, each in catalog order: found through
    # the words' index, so a warm ASK costs the question's words, not the schema's tables.
    named = sorted({i for word in asked for i in by_word.get(word, ())})
    skipped = set(named)
    rest = (i for i in range(len(tables)) if i not in skipped)
    out: list[ProbeColumn] = []
    for i in itertools.chain(named, rest):
        out += tables[i]
        if len(out) >= settings.max_columns:
            return out[:settings.max_columns]
    return out


def _candidates(schema: SchemaContext, max_rows: float, per_table: int
                ) -> tuple[list[list[ProbeColumn]], dict[str, list[int]]]:
    """The columns each table would have probed, whatever the question (derived once per
    schema version), tables without any left out; and the positions of the tables whose
    name has each word."""
    tables: list[list[ProbeColumn]] = []
    by_word: dict[str, list[int]] = {}
    for table in schema.tables:
        if not _probeable(table, max_rows):
            continue
        scored = sorted(((name_likeness(c.name), i, c.name) for i, c in enumerate(table.columns)
                         if not c.values and short_type(c.type) == "text"),
                        key=lambda s: (-s[0], s[1]))
        ref = table_ref(schema, table.schema, table.name)
        columns = [ProbeColumn(ref, table.schema, table.name, name, table.row_security)
                   for score, _, name in scored[:per_table] if score > 0]
        if columns:
            for word in identifier_words(table.name):
                by_word.setdefault(word, []).append(len(tables))
            tables.append(columns)
    return tables, by_word


def _probeable(table: Table, max_rows: float) -> bool:
    return table.kind in _PROBED_KINDS and table.rows is not None and table.rows <= max_rows


def question_phrases(question: str, linked: Sequence[ValueMatch] = ()) -> list[Phrase]:
    """Candidate phrases of ``question``, longest first, at most :data:`MAX_PHRASES`."""
    tokens = question.split()
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(normalise(token)))
    words = normalise(question)
    covered = [(m.start, m.end) for m in linked]
    out: list[Phrase] = []
    seen: set[tuple[str, int, int]] = set()
    for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            start, end = offsets[i], offsets[i + n]
            if start == end or is_filler(words[start:end]):
                continue
            if any(a <= start and end <= b for a, b in covered):
                continue
            for text in _variants(" ".join(tokens[i:i + n])):
                if len(text) >= 2 and (text, start, end) not in seen:
                    seen.add((text, start, end))
                    out.append(Phrase(text, start, end))
    return out[:MAX_PHRASES]


def _variants(text: str) -> list[str]:
    """As typed; leading quotes/brackets dropped; trailing punctuation dropped one by one,
    then a possessive ``'s``: "Co., Ltd.?" tries "Co., Ltd.?", "Co., Ltd." and "Co., Ltd"."""
    heads = [text]
    if text[0] in _LEADING:
        heads.append(text.lstrip(_LEADING))
    out: list[str] = []
    for head in heads:
        cut = head
        out.append(cut)
        while cut and cut[-1] in _TRAILING:
            cut = cut[:-1]
            out.append(cut)
        if cut.endswith(_POSSESSIVE):
            out.append(cut[:-2])
    return [v for v in dict.fromkeys(out) if v.strip()]


# --- the statement ---------------------------------------------------------------------------

def probe_sql(columns: Sequence[ProbeColumn], phrases: Sequence[str],
              first_word: Sequence[int] = ()) -> str:
    """One SELECT over every column: rows (column index, phrase index, stored value, whole).

    ``whole`` rows spell the value; the others (two per column at most: enough to tell one
    from several) have the phrase at ``first_word`` indices as the value's first word. The
    branches sit in a subquery: with one column, ``(SELECT … LIMIT 8) LIMIT 64`` alone is the
    error "multiple LIMIT clauses not allowed". The phrases travel as hex-encoded UTF-8 JSON,
    so nothing typed in a question reaches the SQL text except ``[0-9a-f]``, whatever
    ``standard_conforming_strings`` or the quoting.
    """
    blob = json.dumps(list(phrases), ensure_ascii=False).encode().hex()

    def rows(c: ProbeColumn) -> str:
        return (f"(SELECT {quote_ident(c.column)}::text AS v "
                f"FROM {quote_ident(c.schema)}.{quote_ident(c.relation)}) t")

    head = (f"WITH p(i, key) AS (SELECT o::int - 1, lower(x) FROM json_array_elements_text("
            f"convert_from(decode('{blob}', 'hex'), 'UTF8')::json) WITH ORDINALITY AS e(x, o))")
    whole = " UNION ALL ".join(
        f"(SELECT DISTINCT {k}, p.i, t.v, true FROM {rows(c)} "
        f"JOIN p ON lower(t.v) = p.key LIMIT {_PER_COLUMN_LIMIT})"
        for k, c in enumerate(columns))
    exact = f"SELECT * FROM ({whole}) hits LIMIT {_TOTAL_LIMIT}"
    if not first_word:
        return f"{head} {exact}"
    wanted = ", ".join(str(int(i)) for i in first_word)
    partial = " UNION ALL ".join(
        f"(SELECT DISTINCT {k}, w.i, t.v, false FROM {rows(c)} "
        f"JOIN w ON split_part(lower(t.v), ' ', 1) = w.key WHERE lower(t.v) <> w.key LIMIT 2)"
        for k, c in enumerate(columns))
    return (f"{head}, w AS (SELECT * FROM p WHERE i IN ({wanted})) "
            f"({exact}) UNION ALL {partial}")


def _first_word_phrases(texts: Sequence[str], schema: SchemaContext) -> list[int]:
    """Indices of the one-word phrases that may name a value by its first word: not stop words
    or numbers, and not a word of a table's or column's name (those name the schema)."""
    named = schema.derived("probe.schema_words", _schema_words)
    out = []
    for i, text in enumerate(texts):
        words = normalise(text)
        if len(words) == 1 and len(text.split()) == 1 and not is_filler(words) \
                and singular(words[0]) not in named:
            out.append(i)
    return out


def _names_the_schema(phrase: Phrase, named: set[str]) -> bool:
    """A one-word phrase that is a word of a table's or column's name names the schema, not a
    stored value: "average lesson price" is about the price column even where some student's
    last name is 'Price'."""
    words = normalise(phrase.text)
    return len(words) == 1 and singular(words[0]) in named


def _schema_words(schema: SchemaContext) -> set[str]:
    # Each name once: a wide schema repeats its column names in every table.
    names = dict.fromkeys(n for t in schema.tables for n in (t.name, *(c.name for c in t.columns)))
    return set().union(*map(identifier_words, names))


def _unambiguous(hits: Sequence[_Hit]) -> tuple[_Hit, ...]:
    """Every whole hit; a first-word hit only where its phrase is the first word of exactly
    one stored value (several columns holding the same value count as one)."""
    partial: dict[str, set[str]] = {}
    for text, _, _, value, whole in hits:
        if not whole:
            partial.setdefault(text, set()).add(value)
    return tuple(h for h in hits if h[4] or len(partial[h[0]]) == 1)


# --- probing, cached ---------------------------------------------------------------------------

_Hit = tuple[str, str, str, str, bool]    # phrase text, table, column, stored value, whole
_Key = tuple[str, str, str, tuple[str, ...]]


class ValueProbe:
    """Finds stored values named in a question; one guarded statement per uncached phrase set,
    and per ASK where row-level security applies to a probed column."""

    def __init__(self, settings: ProbeSettings = ProbeSettings(), *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if settings.cache_size < 1:
            raise ValueError("cache_size must be at least 1")
        self.settings = settings
        self._clock = clock
        self._cache: LRU[_Key, tuple[_Hit, ...]] = LRU(settings.cache_size, ttl_s=settings.ttl_s,
                                                       clock=clock)
        self.probes = 0
        self.failures = 0

    def prepare(self, schema: SchemaContext) -> None:
        """Derive what choosing the probed columns of ``schema`` needs."""
        probe_columns(schema, self.settings)
        schema.derived("probe.schema_words", _schema_words)

    async def link(self, question: str, schema: SchemaContext, upstream: Upstream,
                   linked: Sequence[ValueMatch] = ()) -> list[ValueMatch]:
        """Matches of stored values of probed columns (unresolved: merge them with ``linked``)."""
        if not isinstance(upstream, GuardedUpstream) or not getattr(upstream, "explain_safe", True):
            return []    # no way to bound the statement, or a failure would abort the batch
        question = " ".join(question.split())
        columns = probe_columns(schema, self.settings, question)
        phrases = question_phrases(question, linked) if columns else []
        if not phrases:
            return []
        texts = tuple(dict.fromkeys(p.text for p in phrases))
        key = (schema.database, schema.role, schema.fingerprint, texts)
        shared = {(c.table, c.column) for c in columns if not c.scoped}
        cached = self._lookup(key) if shared else ()
        fresh = [c for c in columns if c.scoped or cached is None]
        found = await self._probe(upstream, fresh, texts, _first_word_phrases(texts, schema)) \
            if fresh else ()
        if cached is None:
            self._store(key, tuple(h for h in found if h[1:3] in shared))
        hits = _unambiguous(sorted(set(found).union(cached or ())))
        spans: dict[str, list[Phrase]] = {}
        named = schema.derived("probe.schema_words", _schema_words)
        for p in phrases:
            if not _names_the_schema(p, named):
                spans.setdefault(p.text, []).append(p)
        return [ValueMatch(table, column, value, p.start, p.end,
                           1.0 if whole else _FIRST_WORD_SCORE)
                for text, table, column, value, whole in hits for p in spans.get(text, ())]

    async def _probe(self, upstream: GuardedUpstream, columns: Sequence[ProbeColumn],
                     texts: Sequence[str], first_word: Sequence[int]) -> tuple[_Hit, ...]:
        self.probes += 1
        try:
            result = await upstream.fetch_guarded(probe_sql(columns, texts, first_word),
                                                  self.settings.timeout_ms)
        except UpstreamQueryError as exc:
            # Timeout (57014), a grant revoked since introspection (42501), ...: no extra links.
            self.failures += 1
            log.info("value probe failed (sqlstate %s); no probed links", exc.sqlstate)
            return ()
        hits: list[_Hit] = []
        for k, i, value, whole in result.rows:
            if k is None or i is None or value is None:
                continue
            col = columns[int(k)]
            hits.append((texts[int(i)], col.table, col.column, value, whole in ("t", True)))
        return tuple(sorted(set(hits)))

    def _lookup(self, key: _Key) -> tuple[_Hit, ...] | None:
        return self._cache.get(key)

    def _store(self, key: _Key, hits: tuple[_Hit, ...]) -> None:
        self._cache.put(key, hits)

    def clear(self) -> None:
        self._cache.clear()
