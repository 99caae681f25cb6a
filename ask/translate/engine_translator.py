"""The default translator: the in-process seq2seq engine behind the shared batcher.

A question becomes the prompt of :mod:`ask.translate.prompt` (the same function training used),
goes through :class:`engines.batcher.Batcher` with beam search, and comes back as n-best SQL
candidates, best first; the proxy runs the first one that validates. Decoding is
schema-constrained through the engine's ``allowed_tokens`` hook: right after ``FROM``/``JOIN``
the model may only spell one of the caller's tables, and after ``alias.`` only one of the
caller's columns, so a candidate can no longer invent a table that validation would reject.
With ``[ask] scoped_columns`` (off by default: on the shipped model it turned 37 Spider dev
errors into valid answers, one of them right) column positions are alias-scoped: when the prefix already declares ``alias`` (``FROM t a``,
``JOIN t AS a``, or a bare ``FROM t`` used as ``t.col``) only ``t``'s columns may follow
``alias.``; an alias not declared yet (the SELECT list comes before FROM) may name any column,
but the alias spelt after ``FROM t`` may not be one the prefix already used with a column ``t``
lacks (PICARD-style pruning of a beam whose SELECT list could no longer be valid). Aliases are
read from the prefix text only at those positions.
The constraint is a token trie per schema (cached by fingerprint), and one vocabulary-sized
boolean mask per trie node. Unscoped, it is also a small automaton (:class:`ConstraintStates`):
the decode loop keeps each row's state and moves it by the row's new tokens, a dict lookup each,
instead of reading the prefix every step; asked by prefix, it looks the prefix's last tokens up.

``askproxy translate --model DIR --dsn DSN "question"`` introspects a live database through
psycopg, links the question's values as the proxy does (schema values and the per-question probe
of name columns) and prints the ranked SQL, with ``--show-prompt`` the model's input too (for
trying a model, or seeing why ASK wrote what it wrote, without starting the proxy).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import functools
import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np

from ask import timing
from ask.errors import AskError, AskTimeout, EngineFailure, EngineOverloaded
from ask.context.table_ranker import shipped_ranker
from ask.translate.prompt import build_prompt
from ask.schema import SchemaContext
from ask.translate.translator import Candidate
from ask.upstream import QueryResult, UpstreamQueryError
from ask.context.value_linking import ValueMatch, table_ref
from engines.errors import EngineBusy, EngineError, EngineTimeout
from engines.lru import LRU

logger = logging.getLogger(__name__)

_SPECIAL = re.compile(r"<pad>|</s>|<s>|<unk>")
_PLAIN_IDENT = re.compile(r"[a-z_][a-z0-9_$]*")
_CONSTRAINT_CACHE = 32
_NOT_ALIAS = frozenset("""where join inner left right full cross natural on using group order limit offset having
    union except intersect window fetch for and or not select as lateral outer returning""".split())
# "FROM t", "FROM t a", "FROM t AS a", "JOIN s.t a" in the decoded prefix (string literals blanked).
_DECLARE = re.compile(r"\b(?:FROM|JOIN)\s+([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)"
                      r"(?:\s+(?:AS\s+)?(?!(?:" + "|".join(sorted(_NOT_ALIAS)) + r")\b)([A-Za-z_][\w$]*))?",
                      re.IGNORECASE)
_USE = re.compile(r"(?<![\w$.])([A-Za-z_][\w$]*)\.([A-Za-z_][\w$]*)(?![\w$])")
_LITERAL = re.compile(r"'[^']*'?")
# The constraint's answer at a position reads the last few tokens only (an anchor among the
# last nine, or ``word.`` and the name begun after it), so it is looked up by the last _TAIL
# tokens; the quote parity, the one whole-prefix fact, is counted only where a mask is found.
_TAIL = 12
_TAILS_KEPT = 1 << 16
_UNSEEN = object()
_WHOLE = object()


# --- schema-constrained decoding ------------------------------------------------------------

@dataclass
class _Node:
    children: dict[int, "_Node"] = field(default_factory=dict)
    terminal: bool = False
    name: str | None = None
    # The allowed-token mask at this node, built on first use (read-only: callers copy it
    # before changing it). A trie is built once per schema, so a row's mask is a lookup.
    mask: np.ndarray | None = field(default=None, repr=False, compare=False)

    def insert(self, ids: Sequence[int], name: str | None = None) -> None:
        node = self
        for i in ids:
            node = node.children.setdefault(i, _Node())
        node.terminal = True
        node.name = name

    def walk(self, ids: Sequence[int]) -> "_Node | None":
        node: _Node | None = self
        for i in ids:
            node = node.children.get(i) if node is not None else None
            if node is None:
                return None
        return node


class Vocabulary:
    """What the constraint needs to know about each token of one tokenizer (built once)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        size = tokenizer.get_vocab_size()
        pieces = [""] * size
        for piece, i in tokenizer.get_vocab().items():
            if i < size:
                pieces[i] = piece
        self.size = size
        self.pieces = pieces
        # Pieces that continue a word (no leading "▁", word characters only): after a complete
        # identifier these are what must be ruled out, so "orders" cannot become "orders_x".
        self.continues = np.array([bool(p) and not p.startswith("▁") and re.fullmatch(r"\w+", p) is not None
                                   for p in pieces], dtype=bool)
        self.word = np.array([re.fullmatch(r"▁?[A-Za-z_]\w*", p) is not None for p in pieces], dtype=bool)
        self.continuing = frozenset(np.flatnonzero(self.continues).tolist())   # for per-token tests
        self.quotes = np.array([p.count("'") for p in pieces], dtype=np.int64)
        # Pieces with an odd number of single quotes: a prefix is inside a literal when it holds
        # an odd number of them (a set test per token in C: 2-6x faster than gathering ``quotes``).
        self.odd_quotes = frozenset(np.flatnonzero(self.quotes % 2).tolist())
        self.anchors = {self._id(t) for t in ("▁FROM", "▁JOIN")} - {None}
        self.as_ = self._id("▁AS")
        self.dot = self._id(".")
        self.quote = self._id('"')
        self._table_ids: dict[str, tuple[int, ...]] = {}
        self._column_ids: dict[str, tuple[int, ...]] = {}

    def text(self, ids: Sequence[int]) -> str:
        """The prefix as SQL text (cheap: piece concatenation, no special-token handling)."""
        return "".join(self.pieces[i] for i in ids).replace("▁", " ")

    def alias_id(self, alias: str) -> int | None:
        """The single token spelling `` alias`` as a whole word, if there is one."""
        ids = self.tokenizer.encode(f"FROM t {alias}", add_special_tokens=False).ids[2:]
        return ids[0] if len(ids) == 1 else None

    def _id(self, piece: str) -> int | None:
        return self.tokenizer.token_to_id(piece)

    def table_ids(self, name: str) -> list[int]:
        return list(self._spelt(self._table_ids, "FROM ", name, 1))

    def column_ids(self, name: str) -> list[int]:
        return list(self._spelt(self._column_ids, "x.", name, 2))

    # A name's tokens are kept per name (bounded): each new version of a wide schema spells
    # the same thousands of names again, and tokenizing them was most of building its constraint.
    _KEPT_NAMES = 1 << 17

    def _spelt(self, kept: dict[str, tuple[int, ...]], before: str, name: str, skip: int) -> tuple[int, ...]:
        ids = kept.get(name)
        if ids is None:
            ids = tuple(self.tokenizer.encode(before + name, add_special_tokens=False).ids[skip:])
            if len(kept) < self._KEPT_NAMES:
                kept[name] = ids
        return ids


class ConstraintMark:
    """What an unscoped :class:`IdentifierConstraint` knows after a prefix, as a state of a
    small automaton read one token at a time: the table name typed since the last FROM/JOIN
    (``depth`` tokens ago, -1 none yet, 9 too far; its trie node), the column name typed after
    ``word.`` (its trie node; None when the prefix is not inside one), whether the last token
    spells a word or ``word.``, whether the last is ``AS``, and the parity of single quotes.
    ``mask`` is what the constraint answers after any prefix that leads here; ``next`` the
    states after one more token, filled as they are met. Interned: one object per state."""

    __slots__ = ("key", "mask", "next", "table", "column")

    def __init__(self, key: tuple[int, int, int, bool, bool, bool, bool], table: "_Node | None",
                 column: "_Node | None", mask: np.ndarray | None) -> None:
        self.key = key
        self.table = table
        self.column = column
        self.mask = mask
        self.next: dict[int, ConstraintMark] = {}


class ConstraintStates:
    """:class:`engines.generation.MaskStates` of an unscoped :class:`IdentifierConstraint`:
    the decode loop keeps each row's :class:`ConstraintMark` and moves it by the row's new
    tokens (a dict lookup each), instead of the constraint reading the prefix again every step.
    ``step(start, t1) ... .mask`` is ``constraint([t1, ...])``, token for token (tests)."""

    _KEPT = 1 << 14          # interned states, then a fresh start (rows keep theirs)
    _NEXT = 1 << 12          # transitions kept per state

    def __init__(self, constraint: "IdentifierConstraint") -> None:
        v = constraint.vocab
        self._c = constraint
        self._anchors = v.anchors
        self._continuing = v.continuing
        self._odd = v.odd_quotes
        self._words = frozenset(np.flatnonzero(v.word).tolist())
        self._as = v.as_
        self._dot = v.dot
        self._quote = v.quote
        self._interned: dict[tuple[int, int, int, bool, bool, bool, bool], ConstraintMark] = {}
        self.start = self._mark(-1, None, None, False, False, False, False)

    def step(self, mark: ConstraintMark, token: int) -> ConstraintMark:
        """The state after one more token (kept in ``mark.next``)."""
        c = self._c
        depth, _, _, word, dotted, odd, _ = mark.key
        table = mark.table
        if not c.tables_on:
            depth = -1
        elif token in self._anchors:
            depth, table = 0, c.tables
        elif depth >= 0:
            depth += 1
            if depth > 8:
                depth, table = 9, None
            else:
                table = table.children.get(token) if table is not None else None
        column = mark.column
        if not c.columns_on:
            column = None
        elif token in self._continuing:
            column = column.children.get(token) if column is not None else None
        elif token == self._quote and dotted:
            column = c.columns.children.get(token)
        elif token == self._dot and word:
            column = c.columns
        else:
            column = None
        nxt = self._mark(depth, table, column, token in self._words, token == self._dot and word,
                         odd != (token in self._odd), token == self._as)
        if len(mark.next) < self._NEXT:
            mark.next[token] = nxt
        return nxt

    def _mark(self, depth: int, table: "_Node | None", column: "_Node | None", word: bool, dotted: bool,
              odd: bool, as_: bool) -> ConstraintMark:
        key = (depth, id(table), id(column), word, dotted, odd, as_)
        found = self._interned.get(key)
        if found is None:
            if len(self._interned) >= self._KEPT:
                self._interned.clear()
            found = self._interned[key] = ConstraintMark(key, table, column,
                                                         self._answer(depth, table, column, odd, as_))
        return found

    def _answer(self, depth: int, table: "_Node | None", column: "_Node | None", odd: bool,
                as_: bool) -> np.ndarray | None:
        """IdentifierConstraint.__call__'s answer (unscoped): the table name's mask within eight
        tokens of FROM/JOIN (none right after ``name AS``), else the column name's after
        ``word.``; none inside a string literal."""
        c = self._c
        mask = None
        if 0 <= depth <= 8 and table is not None and not (depth >= 2 and as_):
            mask = c._mask(table)
        if mask is None and column is not None:
            mask = c._mask(column)
        return None if odd else mask


class IdentifierConstraint:
    """``allowed_tokens`` hook limiting table and column names to one schema's."""

    def __init__(self, vocab: Vocabulary, schema: SchemaContext | None, *, scoped: bool = False,
                 tables: Sequence[TableNames] | None = None) -> None:
        """Over ``schema``, or over ``tables`` (its names, as :func:`constraint_names` gives
        them: what a shared engine server receives instead of the schema)."""
        self.vocab = vocab
        self.scoped = scoped            # alias-scoped columns and alias pruning (below)
        self.tables = _Node()
        self.columns = _Node()
        named = constraint_names(schema) if tables is None else tables
        names = [n for n, _, _ in named]
        columns = {c for _, _, cols in named for c in cols}
        # Names that need double quotes ("OrderLines") are allowed as SQL spells them, quotes
        # included; off only where the tokenizer cannot spell one.
        table_ids = {n: vocab.table_ids(_sql_name(n)) for n in names}
        column_ids = {c: vocab.column_ids(_sql_name(c)) for c in columns}
        self.tables_on = bool(names) and all(_spells(vocab, i, _sql_name(n)) for n, i in table_ids.items())
        self.columns_on = bool(columns) and all(_spells(vocab, i, _sql_name(c)) for c, i in column_ids.items())
        for n, ids in table_ids.items():
            self.tables.insert(ids, n)
        for ids in column_ids.values():
            self.columns.insert(ids)
        # Alias scoping: each table's own columns, by its SQL name and (lower-cased) bare name.
        self.table_columns: dict[str, frozenset[str]] = {}
        for n, bare, cols in named:
            for key in {n.lower(), bare.lower()}:
                self.table_columns[key] = self.table_columns.get(key, frozenset()) | frozenset(cols)
        self._column_tries: dict[frozenset[str], _Node] = {}
        self._alias_ids: dict[str, int | None] = {}
        # A prefix's last _TAIL tokens -> its mask (quote parity aside), None or _WHOLE.
        self._tails: dict[tuple[int, ...], object] = {}
        # The decode loop's per-row states (engines.generation.MaskStates); alias scoping reads
        # the whole prefix at every name, so it has none (the loop asks by prefix instead).
        self.mask_states: ConstraintStates | None = None if scoped else ConstraintStates(self)

    def _columns_of(self, cols: frozenset[str]) -> _Node:
        node = self._column_tries.get(cols)
        if node is None:
            node = _Node()
            for c in cols:
                node.insert(self.vocab.column_ids(_sql_name(c)))
            if len(self._column_tries) < 4096:
                self._column_tries[cols] = node
        return node

    def _alias_id(self, alias: str) -> int | None:
        if alias not in self._alias_ids:
            self._alias_ids[alias] = self.vocab.alias_id(alias)
        return self._alias_ids[alias]

    def _scope(self, text: str) -> dict[str, frozenset[str] | None]:
        """alias -> the columns it may name, for the aliases the text declares (None: unknown table)."""
        scope: dict[str, frozenset[str] | None] = {}
        for m in _DECLARE.finditer(_LITERAL.sub("''", text)):
            table, alias = m.group(1), m.group(2)
            alias = (table if alias is None or alias.lower() in _NOT_ALIAS else alias).lower()
            cols = self.table_columns.get(table.lower())
            if alias in scope:
                prev = scope[alias]
                scope[alias] = None if prev is None or cols is None else prev | cols
            else:
                scope[alias] = cols
        return scope

    def __call__(self, prefix: Sequence[int]) -> np.ndarray | None:
        """The prefix's tail first (its last :data:`_TAIL` tokens, looked up: is this an
        identifier position at all, and which name's?), the whole prefix's quote parity only at
        one: the decode loop asks for every row at every step, and most positions are not
        identifiers."""
        if self.scoped:
            return self._slow(prefix) if prefix else None
        return self.many((prefix,))[0]

    def many(self, prefixes: Sequence[Sequence[int]]) -> list[np.ndarray | None]:
        """``[self(p) for p in prefixes]`` (the decode loop's rows of one schema, in one call)."""
        if self.scoped:
            return [self(p) for p in prefixes]
        tails = self._tails
        odd = self.vocab.odd_quotes
        out: list[np.ndarray | None] = []
        append = out.append
        for prefix in prefixes:
            if not prefix:
                append(None)
                continue
            key = tuple(prefix[-_TAIL:])
            found = tails.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = self._learn_tail(prefix, key)
            if found is None:
                append(None)
            elif found is _WHOLE:
                append(self._slow(prefix))
            elif not odd.isdisjoint(prefix) and sum(map(odd.__contains__, prefix)) % 2:
                append(None)
            else:
                append(cast(np.ndarray, found))
        return out

    def along(self, tokens: Sequence[int], start: int) -> list[np.ndarray | None]:
        """``[self(tokens[:p]) for p in range(start, len(tokens) + 1)]``: a row's masks after
        its prefix (``tokens[:start]``) and after each token of its draft, in one pass: each
        position's tail looked up, the quote count carried from one position to the next."""
        if self.scoped:
            return self._along_scanning(tokens, start)
        tails = self._tails
        odd = self.vocab.odd_quotes
        counted = quotes = 0                 # odd-quote tokens in tokens[:counted]
        out: list[np.ndarray | None] = []
        for p in range(start, len(tokens) + 1):
            if p == 0:
                out.append(None)
                continue
            key = tuple(tokens[max(0, p - _TAIL):p])
            found = tails.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = self._learn_tail(tokens[:p], key)
            if found is None:
                out.append(None)
            elif found is _WHOLE:
                out.append(self._slow(tokens[:p]))
            else:
                if counted == 0:
                    quotes = sum(map(odd.__contains__, tokens[:p]))
                else:
                    quotes += sum(map(odd.__contains__, tokens[counted:p]))
                counted = p
                out.append(None if quotes % 2 else cast(np.ndarray, found))
        return out

    def _learn_tail(self, prefix: Sequence[int], key: tuple[int, ...]) -> object:
        """What ``key`` (``prefix``'s last tokens) says, kept for the next prefix ending so: the
        mask (quote parity aside), None (no identifier here), or :data:`_WHOLE` when the answer
        may depend on more than the key (a name run longer than the key). Unscoped only: alias
        scoping reads the whole prefix at every name."""
        mask = self._tail_mask(prefix)
        found: object = mask
        if len(prefix) > _TAIL and all(map(self.vocab.continuing.__contains__, key[3:])):
            found = _WHOLE          # the name being typed may begin before the key
        tails = self._tails
        if len(tails) >= _TAILS_KEPT:
            tails.clear()
        tails[key] = found
        return found

    def _along_scanning(self, tokens: Sequence[int], start: int) -> list[np.ndarray | None]:
        """:meth:`along` with alias scoping: one pass finds the positions that may be an
        identifier's (an anchor among the last nine tokens, or ``word.`` then word pieces);
        only those are asked in full."""
        v = self.vocab
        anchors = v.anchors
        last_anchor = -10
        for i in range(max(0, start - 9), start):
            if tokens[i] in anchors:
                last_anchor = i
        out: list[np.ndarray | None] = []
        for p in range(start, len(tokens) + 1):
            if p > start and tokens[p - 1] in anchors:
                last_anchor = p - 1
            maybe = p > 0 and ((self.tables_on and p - last_anchor <= 9)
                               or (self.columns_on and self._dot_before(tokens, p)))
            out.append(self._slow(tokens[:p]) if maybe else None)
        return out

    def _tail_mask(self, prefix: Sequence[int]) -> np.ndarray | None:
        mask = self._after_anchor(prefix) if self.tables_on else None
        if mask is None and self.columns_on:
            mask = self._after_dot(prefix)
        return mask

    def _slow(self, prefix: Sequence[int]) -> np.ndarray | None:
        """The answer from the whole prefix (no lookup)."""
        mask = self._tail_mask(prefix)
        if mask is None or self._in_literal(prefix):
            return None
        return mask

    def _dot_before(self, tokens: Sequence[int], end: int) -> bool:
        """``tokens[:end]`` ends in ``word.`` and a column name begun (where :meth:`_after_dot`
        may answer)."""
        return self._name_start(tokens, end) is not None

    def _name_start(self, tokens: Sequence[int], end: int) -> int | None:
        """Where the column name being typed at ``end`` begins, right after ``word.``; None when
        ``tokens[:end]`` is not inside one."""
        v = self.vocab
        j = end
        continuing = v.continuing
        while j > 0 and tokens[j - 1] in continuing:
            j -= 1
        if j >= 3 and tokens[j - 1] == v.quote and tokens[j - 2] == v.dot:
            j -= 1                            # inside a quoted name: its opening quote is its first token
        if j >= 2 and tokens[j - 1] == v.dot and v.word[tokens[j - 2]]:
            return j
        return None

    def _in_literal(self, prefix: Sequence[int]) -> bool:
        return bool(sum(map(self.vocab.odd_quotes.__contains__, prefix)) % 2)

    def _after_anchor(self, prefix: Sequence[int]) -> np.ndarray | None:
        start = len(prefix)
        while start > 0 and prefix[start - 1] not in self.vocab.anchors:
            start -= 1
            if len(prefix) - start > 8:
                return None
        if start == 0:
            return None
        typed = prefix[start:]
        as_ = False
        if len(typed) >= 2 and typed[-1] == self.vocab.as_:
            typed, as_ = typed[:-1], True
        node = self.tables.walk(typed)
        if node is None:
            return None
        bad = self._bad_aliases(prefix[:start - 1], node.name) if node.terminal and node.name else []
        if as_:
            if not node.terminal or not bad:
                return None
            mask = np.ones(self.vocab.size, dtype=bool)
        else:
            # No "FROM (subquery)" escape: a weak beam used it to get round the constraint and derailed.
            mask = self._mask(node)
        if bad:
            mask = mask.copy()
            mask[bad] = False
        return mask

    def _bad_aliases(self, before: Sequence[int], table: str) -> list[int]:
        """PICARD-style: the alias about to follow ``FROM table`` may not be one the prefix already
        used, undeclared, with a column ``table`` lacks (that beam's SELECT list could not be valid).
        Only aliases spelt by a single token are ruled out (the model's usual ``s``, ``t1``...)."""
        cols = self.table_columns.get(table.lower())
        if not self.scoped or cols is None or self.vocab.dot not in before:
            return []
        text = _LITERAL.sub("''", self.vocab.text(before))
        declared = self._scope(text)
        bad = []
        for alias, col in set(_USE.findall(text)):
            if alias.lower() in declared or col in cols:
                continue
            i = self._alias_id(alias)
            if i is not None:
                bad.append(i)
        return bad

    def _after_dot(self, prefix: Sequence[int]) -> np.ndarray | None:
        j = self._name_start(prefix, len(prefix))
        if j is None:
            return None
        node = self._scoped_columns(prefix[:j - 1]).walk(prefix[j:])
        return None if node is None else self._mask(node)

    def _scoped_columns(self, before_dot: Sequence[int]) -> _Node:
        """The columns ``alias.`` may name: its table's when the prefix declares the alias, else any."""
        if not self.scoped:
            return self.columns
        text = self.vocab.text(before_dot)
        m = re.search(r"([A-Za-z_][\w$]*)$", text)
        if m is None or m.start() > 0 and text[m.start() - 1] in ".$":
            return self.columns
        cols = self._scope(text).get(m.group(1).lower())
        return self.columns if not cols else self._columns_of(cols)

    def _mask(self, node: _Node) -> np.ndarray:
        """The node's mask (cached on it; read-only)."""
        if node.mask is None:
            mask = ~self.vocab.continues if node.terminal else np.zeros(self.vocab.size, dtype=bool)
            if node.children:
                mask[list(node.children)] = True
            mask.flags.writeable = False
            node.mask = mask
        return node.mask


@functools.lru_cache(maxsize=1 << 16)     # a wide schema's names, again at each new version
def _sql_name(name: str) -> str:
    """A (possibly schema-qualified) name as SQL spells it: plain, or each part double-quoted."""
    return ".".join(p if _PLAIN_IDENT.fullmatch(p) else '"' + p.replace('"', '""') + '"' for p in name.split("."))


def _spells(vocab: Vocabulary, ids: Sequence[int], name: str) -> bool:
    """Whether the tokens say ``name`` (a plain name always does; a quoted one may hold a
    character the tokenizer lacks)."""
    return '"' not in name or vocab.text(ids).strip() == name


# A table as the constraint needs it: its name as SQL writes it, its bare name, its columns.
TableNames = tuple[str, str, tuple[str, ...]]


def constraint_names(schema: SchemaContext | None) -> list[TableNames]:
    if schema is None:
        return []
    return [(table_ref(schema, t.schema, t.name), t.name, tuple(c.name for c in t.columns))
            for t in schema.tables]


class PortableConstraint:
    """The constraint of one schema as a shared engine server receives it
    (:mod:`engines.shared.client`): its names as a payload, a key hashed from that payload (equal
    schemas of any worker share the server's built constraint). Called in-process, it builds
    the :class:`IdentifierConstraint` on first use."""

    def __init__(self, vocab: Vocabulary, schema: SchemaContext, scoped: bool) -> None:
        self._vocab = vocab
        self.constraint_payload = json.dumps({"scoped": scoped, "tables": constraint_names(schema)},
                                             separators=(",", ":")).encode()
        self.constraint_key = hashlib.sha256(self.constraint_payload).digest()[:16]
        self._local: IdentifierConstraint | None = None

    def __call__(self, prefix: Sequence[int]) -> np.ndarray | None:
        return self._built()(prefix)

    def along(self, tokens: Sequence[int], start: int) -> list[np.ndarray | None]:
        return self._built().along(tokens, start)

    def many(self, prefixes: Sequence[Sequence[int]]) -> list[np.ndarray | None]:
        return self._built().many(prefixes)

    @property
    def mask_states(self) -> ConstraintStates | None:
        return self._built().mask_states

    def _built(self) -> IdentifierConstraint:
        if self._local is None:
            self._local = constraint_of_payload(self._vocab, self.constraint_payload)
        return self._local


def constraint_of_payload(vocab: Vocabulary, payload: bytes) -> IdentifierConstraint:
    """What the engine server builds from a :class:`PortableConstraint`'s payload."""
    spec = json.loads(payload)
    tables = [(str(n), str(bare), tuple(str(c) for c in cols)) for n, bare, cols in spec["tables"]]
    return IdentifierConstraint(vocab, None, scoped=bool(spec["scoped"]), tables=tables)


class _ConstraintCache:
    def __init__(self, vocab: Vocabulary, size: int, scoped: bool = False, portable: bool = False) -> None:
        self._vocab = vocab
        self._scoped = scoped
        self._portable = portable
        self._items: LRU[str, IdentifierConstraint | PortableConstraint] = LRU(size)

    def get(self, schema: SchemaContext) -> IdentifierConstraint | PortableConstraint:
        key = schema.fingerprint
        hit = self._items.get(key)
        if hit is not None:
            return hit
        built: IdentifierConstraint | PortableConstraint = (
            PortableConstraint(self._vocab, schema, self._scoped) if self._portable
            else IdentifierConstraint(self._vocab, schema, scoped=self._scoped))
        self._items.put(key, built)
        return built


# --- the translator ---------------------------------------------------------------------------

class EngineTranslator:
    """:class:`ask.translate.translator.Translator` over a :class:`engines.batcher.Batcher`."""

    def __init__(self, engine: Any, batcher: Any, *, num_beams: int = 4, num_candidates: int | None = None,
                 constrained: bool = True, timeout_s: float | None = None, retry_beams: int = 0,
                 scoped_columns: bool = False, portable: bool = False, ranker: bool = False) -> None:
        """``portable``: the batcher is a shared engine server's client (constraints travel
        as their names, :class:`PortableConstraint`); ``ranker``: the trained table ranker
        orders a schema too wide for the prompt (``[ask] ranker``)."""
        manifest = engine.model.manifest
        self._engine = engine
        self._batcher = batcher
        self._tokenizer = engine.tokenizer
        self.num_beams = max(1, num_beams)
        self.num_candidates = max(1, min(num_candidates or self.num_beams, self.num_beams))
        self.constrained = constrained
        self.timeout_s = timeout_s
        self.retry_beams = retry_beams      # beams (and candidates) when no candidate validated
        self._max_source = manifest.max_source_length
        self._max_new = manifest.max_target_length
        self._eos = manifest.special_tokens.eos
        self._ranker = shipped_ranker() if ranker else None
        self._constraints = _ConstraintCache(Vocabulary(self._tokenizer), _CONSTRAINT_CACHE, scoped_columns,
                                             portable)

    @classmethod
    def from_model_dir(cls, path: str | Path, backend: str = "auto", num_beams: int = 4,
                       num_candidates: int | None = None, *, constrained: bool = True, max_batch_size: int = 32,
                       max_queue_delay_ms: float = 2.0, max_queue: int = 1024,
                       timeout_s: float | None = None, precision: str = "auto",
                       retry_beams: int = 0, scoped_columns: bool = False,
                       ranker: bool = False, max_draft: int = 8) -> "EngineTranslator":
        engine, batcher = load_engine(path, backend, precision, max(max_batch_size, num_beams, retry_beams),
                                      max_queue_delay_ms, max_queue, max_draft)
        logger.info("text-to-SQL model %s on %s, %d beams", path, engine.backend_name, num_beams)
        return cls(engine, batcher, num_beams=num_beams, num_candidates=num_candidates,
                   constrained=constrained, timeout_s=timeout_s, retry_beams=retry_beams,
                   scoped_columns=scoped_columns, ranker=ranker)

    @classmethod
    def shared(cls, path: str | Path, socket_path: str, num_beams: int = 4, num_candidates: int | None = None,
               *, constrained: bool = True, timeout_s: float | None = None, retry_beams: int = 0,
               scoped_columns: bool = False, ranker: bool = False) -> "EngineTranslator":
        """A translator whose engine is the shared engine server listening on ``socket_path``
        (``[engine] shared``): this process loads the model's tokenizer and manifest only."""
        from engines.model_dir import ModelDir
        from engines.shared.client import EngineClient
        model = ModelDir.load(path)
        engine = RemoteEngine(model, model.load_tokenizer())
        logger.info("text-to-SQL model %s on the shared engine server %s, %d beams", path, socket_path, num_beams)
        return cls(engine, EngineClient(socket_path), num_beams=num_beams, num_candidates=num_candidates,
                   constrained=constrained, timeout_s=timeout_s, retry_beams=retry_beams,
                   scoped_columns=scoped_columns, portable=True, ranker=ranker)

    def request(self, question: str, schema: SchemaContext,
                matches: Sequence[ValueMatch] | None = None) -> Any:
        """The generation request for one question (separate so that evaluation can batch it);
        ``matches``: the value links, when the caller found them (else the schema's own)."""
        from engines.generation import GenerationRequest
        ids = self._tokenizer.encode(build_prompt(question, schema, matches=matches, ranker=self._ranker)).ids
        if len(ids) > self._max_source:
            ids = ids[: self._max_source - 1] + [self._eos]
        hook = self._constraints.get(schema) if self.constrained else None
        return GenerationRequest(ids, max_new_tokens=self._max_new, num_beams=self.num_beams,
                                 num_return_sequences=self.num_candidates, allowed_tokens=hook)

    def prepare(self, schema: SchemaContext) -> None:
        """Build the decoding constraint of ``schema`` ahead of its first request (the planner
        calls this off the event loop)."""
        if self.constrained:
            self._constraints.get(schema)

    def candidates(self, result: Any) -> list[Candidate]:
        out: list[Candidate] = []
        seen: set[str] = set()
        for ids, score in result.candidates:
            sql = self.detokenize(ids)
            if sql and sql not in seen:
                seen.add(sql)
                out.append(Candidate(sql, float(score)))
        return out

    def detokenize(self, ids: Sequence[int]) -> str:
        text = self._tokenizer.decode(list(ids), skip_special_tokens=False)
        return " ".join(_SPECIAL.sub(" ", text).split())

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        with timing.stage("prompt", on_loop=True):
            request = self.request(question, schema)
        return await self._run(request)

    async def translate_linked(self, question: str, schema: SchemaContext,
                               matches: Sequence[ValueMatch]) -> list[Candidate]:
        with timing.stage("prompt", on_loop=True):
            request = self.request(question, schema, matches)
        return await self._run(request)

    async def translate_wider(self, question: str, schema: SchemaContext,
                              matches: Sequence[ValueMatch] | None) -> list[Candidate]:
        """``retry_beams`` beams and candidates, when that is wider than the first attempt."""
        if self.retry_beams <= max(self.num_beams, self.num_candidates):
            return []
        with timing.stage("prompt", on_loop=True):
            request = dataclasses.replace(self.request(question, schema, matches),
                                          num_beams=self.retry_beams, num_return_sequences=self.retry_beams)
        return await self._run(request)

    async def _run(self, request: Any) -> list[Candidate]:
        try:
            result = await self._batcher.submit(request, timeout_s=self.timeout_s)
        except EngineError as exc:
            raise engine_failure(exc) from exc
        spent = getattr(result, "timings", None)
        if spent is not None:
            timing.add("queue", spent.queue_s)
            timing.add("encode", spent.encode_s)
            timing.add("decode", spent.decode_s)
        with timing.stage("decode", on_loop=True):      # detokenizing
            return self.candidates(result)

    def engine_stats(self) -> Any:
        """The batcher's :class:`engines.batcher.BatcherStats` (queue depth, steps, rows)."""
        return self._batcher.stats()

    def close(self) -> None:
        self._batcher.close()


@dataclass(frozen=True)
class RemoteEngine:
    """What a translator needs of an engine that runs in another process: its model's
    manifest and tokenizer."""
    model: Any
    tokenizer: Any
    backend_name: str = "shared"


def load_engine(path: str | Path, backend: str, precision: str, rows: int, max_queue_delay_ms: float,
                max_queue: int, max_draft: int = 8) -> tuple[Any, Any]:
    """The engine of ``path`` and its started :class:`engines.batcher.Batcher` of ``rows``
    decoder rows (the engine of one process, or of the shared engine server); ``max_draft``:
    ``[engine] max_draft``."""
    from engines.engine import Seq2SeqEngine
    from engines.lanes import start_batcher
    engine = Seq2SeqEngine.load(path, backend=backend, precision=precision, max_draft=max_draft)
    try:
        engine.warm_up(rows)      # CUDA graphs for every bucket now, not in the first requests
    except Exception:
        # The caller degrades to no model (one line); where a warm-up broke (a capture, a
        # bucket's shapes, memory) only its traceback says, so it is logged here, whole.
        logger.error("the engine's warm-up failed (%s on %s, %d rows, max_draft %d)", path,
                     engine.backend_name, rows, max_draft, exc_info=True)
        raise
    # Beam requests (the planner's retry) on a decode loop of their own where the session
    # lets two run at once (ONNX Runtime: engines.lanes), else one batcher.
    return engine, start_batcher(engine, rows, max_queue_delay_ms, max_queue)


def engine_failure(exc: EngineError) -> AskError:
    """The SQLSTATE-carrying error an engine failure is reported as."""
    kind: type[AskError] = (AskTimeout if isinstance(exc, EngineTimeout)
                            else EngineOverloaded if isinstance(exc, EngineBusy) else EngineFailure)
    return kind(exc.message, hint=exc.hint)


# --- askproxy translate ----------------------------------------------------------------------

class PsycopgUpstream:
    """:class:`ask.upstream.Upstream` over a psycopg connection (text-format results)."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    async def fetch(self, sql: str) -> QueryResult:
        import psycopg
        try:
            async with self._conn.cursor() as cur:
                await cur.execute(sql.encode())
                res = cur.pgresult
        except psycopg.Error as exc:
            diag = exc.diag
            raise UpstreamQueryError({"C": diag.sqlstate or "XX000", "M": diag.message_primary or str(exc)}) from exc
        if res is None or res.nfields == 0:
            return QueryResult((), ())
        cols = tuple(res.fname(j).decode() for j in range(res.nfields))
        rows = tuple(tuple(None if (v := res.get_value(i, j)) is None else bytes(v).decode()
                           for j in range(res.nfields)) for i in range(res.ntuples))
        return QueryResult(cols, rows)

    async def fetch_guarded(self, sql: str, timeout_ms: int) -> QueryResult:
        """One read-only statement under its own ``statement_timeout``, always rolled back
        (what :class:`ask.context.value_probe.GuardedUpstream` asks for)."""
        async with self._conn.transaction(force_rollback=True):
            await self._conn.execute(b"SET TRANSACTION READ ONLY")
            await self._conn.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}".encode())
            return await self.fetch(sql)


def add_translate_command(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = subparsers.add_parser("translate", help="translate a question against a live database and print SQL")
    p.add_argument("question")
    p.add_argument("--model", type=Path, required=True, help="model directory (askproxy model export)")
    p.add_argument("--dsn", required=True, help="libpq connection string of the database to introspect")
    p.add_argument("--backend", default="auto")
    p.add_argument("--beams", type=int, default=4)
    p.add_argument("--unconstrained", action="store_true", help="no schema-constrained decoding")
    p.add_argument("--no-probe", action="store_true",
                   help="link values from the schema context only (no per-question probe of name columns)")
    p.add_argument("--show-prompt", action="store_true", help="print the model's input before the SQL")
    p.set_defaults(func=run_translate)


def run_translate(args: argparse.Namespace) -> int:
    return asyncio.run(_translate(args))


async def _translate(args: argparse.Namespace) -> int:
    import psycopg

    from ask.context.introspection import introspect
    from ask.context.value_linking import link_values, merge_matches
    from ask.context.value_probe import ValueProbe
    question = " ".join(args.question.split())
    async with await psycopg.AsyncConnection.connect(args.dsn, autocommit=True) as conn:
        upstream = PsycopgUpstream(conn)
        schema = await introspect(upstream)
        linked = link_values(question, schema)
        probed = [] if args.no_probe else await ValueProbe().link(question, schema, upstream, linked)
    matches = merge_matches(linked, probed)
    if args.show_prompt:
        print(build_prompt(question, schema, matches=matches), end="\n\n")
    translator = EngineTranslator.from_model_dir(args.model, backend=args.backend, num_beams=args.beams,
                                                 constrained=not args.unconstrained)
    try:
        candidates = await translator.translate_linked(question, schema, matches)
    finally:
        translator.close()
    for rank, c in enumerate(candidates, 1):
        print(f"{rank}. [{c.score:.3f}] {c.sql}")
    return 0 if candidates else 1
