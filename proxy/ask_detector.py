"""ASK detection: find ``ASK 'question'`` statements in a Query string, lexer-aware.

Detection runs on every Query and Parse message, so it has two stages. :func:`may_hold_ask` is
the cheap one, run on the event loop for every message: a text of at most ``max_scan_bytes``
qualifies when it contains the word ``ask`` (not ``tasks``, ``basket``, ``mask``); a longer
text only when it starts with ``ASK`` or ``EXPLAIN ASK`` after whitespace and comments, and
such a text is then refused as too long without being parsed. Everything else is relayed
untouched. The heavy stage (:func:`detect_query`, :func:`detect_parse`) is meant to run off the
event loop, so it only ever sees texts of bounded size.

The heavy stage tokenises with PostgreSQL's own scanner (``pglast.parser.scan``), so
that ``ask`` inside a string, a comment, a dollar-quoted body or a quoted identifier is never
mistaken for the keyword. Statements are split at top-level semicolons (not inside parentheses,
as in ``CREATE RULE ... DO (a; b)``, nor inside ``BEGIN ATOMIC ... END``).

A Query arrives in the client's encoding (LATIN1, SJIS, ...). :func:`split_query_bytes`
decodes it with that encoding to scan it, and cuts the original bytes at the same places, so
that plain statements reach the server exactly as the client sent them.

``TEACH ASK 'question' AS 'SELECT ...'`` (any string literal form, ``$$...$$`` included) is
found the same way, as a :class:`TeachStatement`; it contains the word ``ask``, so the cheap stage
needs nothing new.

The detector never raises on text PostgreSQL would reject itself: if the scanner fails, the
whole string is relayed unchanged so that the server reports the error. The one exception is
a bare-text question containing an apostrophe (``ASK what's the revenue``), which the scanner
sees as an unterminated string; such a question runs to the end of the Query text.
"""

from __future__ import annotations

import enum
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pglast import parser as pg_parser

from proxy.errors import AskSyntaxError, NotWithAsk, QuestionTooLong
from proxy.wire.lexing import skip_space

log = logging.getLogger(__name__)

_ASK_HINT = re.compile("ask", re.IGNORECASE)
# Words that can start a schema-changing statement (plus INTO, for SELECT INTO). Word
# boundaries keep the pre-filter from scanning every ORDER BY / OFFSET; INTO has none on its
# left because PostgreSQL 15 lexes ``1into`` as a number followed by INTO. It runs on a
# lower-cased copy: several times faster than re.IGNORECASE with this many alternatives.
_DDL_HINT = re.compile(
    r"\b(?:create|alter|drop|comment|grant|revoke|security|refresh|analy[sz]e|import|set|reset"
    r"|discard|reassign|do|call|rollback|abort|vacuum)\b|into\b")

_COMMENTS = frozenset({"C_COMMENT", "SQL_COMMENT"})
_STRINGS = frozenset({"SCONST", "USCONST"})
_SEMICOLON, _OPEN, _CLOSE = "ASCII_59", "ASCII_40", "ASCII_41"

# First keyword -> the statement may change what a schema context holds.
_DDL_FIRST = frozenset({
    "create", "alter", "drop", "comment", "grant", "revoke", "refresh", "analyze", "analyse",
    "import", "discard", "reassign", "do", "call", "rollback", "abort",
})
_SET_TARGETS = frozenset({"role", "authorization", "search_path", "schema"})
_RESET_TARGETS = frozenset({"role", "session", "search_path", "all"})
_SESSION_FIRST = frozenset({"discard"})
# Objects shared by every database of the cluster (CREATE/ALTER/DROP ...).
_SHARED_OBJECTS = frozenset({"role", "user", "group", "database", "tablespace"})
_SELECT_FIRST = frozenset({"select", "with", "("})


@dataclass(frozen=True, slots=True)
class AskStatement:
    question: str
    preview: bool = False     # EXPLAIN ASK: show the generated SQL, do not run it


@dataclass(frozen=True, slots=True)
class TeachStatement:
    """``TEACH ASK 'question' AS 'SELECT ...'``: store a verified example (proxy/teach.py)."""

    question: str
    sql: str


Statement = AskStatement | TeachStatement


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a Query string: plain SQL to relay as one Query, or one ASK (or TEACH ASK)
    statement."""

    text: str
    ask: Statement | None = None
    raw: bytes = b""     # the piece exactly as the client sent it, in its encoding


_Span = tuple[int, int, Statement | None]   # a segment: start, end, its ASK if any


@dataclass(frozen=True, slots=True)
class _Token:
    name: str
    start: int        # character offsets into the scanned text, end exclusive
    end: int

    def text(self, sql: str) -> str:
        return sql[self.start:self.end]


@dataclass(frozen=True, slots=True)
class _Statement:
    start: int
    end: int                      # exclusive, after the terminating semicolon if any
    tokens: tuple[_Token, ...]    # comments and the terminating semicolon excluded


class _ScanFailed(Exception):
    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


@dataclass(frozen=True, slots=True)
class AskLimits:
    """``[ask] max_scan_bytes`` and ``max_question_bytes``."""

    max_scan_bytes: int = 64 * 1024      # texts up to this size are searched for ASK anywhere
    max_question_bytes: int = 4096       # longer questions fail (54000) before any planning


# --- cheap pre-filter: runs on the event loop for every Query and Parse --------------------------

_IDENT = rb"A-Za-z0-9_$\x80-\xff"       # bytes that continue an identifier in PostgreSQL
_ASK_WORD = re.compile(rb"(?<![" + _IDENT + rb"])ask(?![" + _IDENT + rb"])", re.IGNORECASE)
_LEADING_ASK = re.compile(rb"ask(?![" + _IDENT + rb"])", re.IGNORECASE)
_LEADING_EXPLAIN = re.compile(rb"explain(?![" + _IDENT + rb"])", re.IGNORECASE)
_START_WINDOW = 4096    # how far leading whitespace and comments are followed in a long text


def may_hold_ask(sql: bytes, max_scan_bytes: int) -> bool:
    """Could the undecoded statement text ``sql`` hold an ASK? Cheap enough for the loop.

    True for a text of at most ``max_scan_bytes`` that contains the word ``ask`` outside any
    longer identifier, and for a longer text that starts (within its first 4 KB, past
    whitespace and comments) with ``ASK`` or ``EXPLAIN ASK``. False means: not an ASK, relay it.
    """
    if len(sql) <= max_scan_bytes:
        return _ASK_WORD.search(sql) is not None
    return starts_with_ask(sql[:_START_WINDOW])


def starts_with_ask(sql: bytes) -> bool:
    """Whether ``sql`` starts with ``ASK`` or ``EXPLAIN ASK`` past whitespace and comments."""
    pos = skip_space(sql, 0)
    explain = _LEADING_EXPLAIN.match(sql, pos)
    if explain is not None:
        pos = skip_space(sql, explain.end())
    return _LEADING_ASK.match(sql, pos) is not None


# --- heavy stage: pglast, meant to run off the event loop -----------------------------------------

def detect_query(data: bytes, encoding: str, limits: AskLimits) -> list[Segment]:
    """:func:`split_query_bytes` within ``limits``, for a Query text :func:`may_hold_ask`
    accepted (``data`` as sent, in the client's ``encoding``).

    Raises :class:`QuestionTooLong` (54000) for a text over ``max_scan_bytes`` (accepted only
    because it starts with ASK) without parsing it, and for any question over
    ``max_question_bytes``; :class:`AskSyntaxError` as :func:`split_query`.
    """
    _check_size(len(data), limits)
    segments = split_query_bytes(data, encoding)
    for seg in segments:
        if seg.ask is not None:
            _check_question(seg.ask, limits)
    if len(segments) > 1:
        _check_no_copy_in(segments)
    return segments


_COPY_FROM_STDIN = re.compile(r"\bcopy\b.*?\bfrom\s+stdin\b", re.IGNORECASE | re.DOTALL)


_EXECUTE = re.compile(rb'(?i)\bexecute\s+(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))')
_ALONE = re.compile(rb"\s*(?:\(\s*\))?\s*;?\s*\Z")


def executed_statements(data: bytes) -> list[tuple[str, bool]]:
    """The prepared statements an SQL ``EXECUTE name`` in a Query text may run, each with
    whether it is the whole Query (no other statement around it). Conservative: a match
    inside a string literal counts too."""
    found = []
    for match in _EXECUTE.finditer(data):
        quoted, bare = match.group(1), match.group(2)
        name = quoted.replace(b'""', b'"') if quoted is not None else bare.lower()
        alone = data[:match.start()].strip() == b"" and _ALONE.match(data, match.end()) is not None
        found.append((name.decode("utf-8", "replace"), alone))
    return found


def _check_no_copy_in(segments: list[Segment]) -> None:
    """COPY FROM STDIN waits for data the client sends after the whole Query: with an ASK in
    the same string it could never complete, so the Query is refused before anything runs."""
    if any(seg.ask is None and _COPY_FROM_STDIN.search(seg.text) for seg in segments):
        raise NotWithAsk("COPY FROM STDIN cannot share a query string with ASK",
                         hint="send the COPY and the ASK as separate statements")


def detect_parse(statement: str, limits: AskLimits) -> Statement | None:
    """:func:`parse_ask` within ``limits``, for a Parse text :func:`may_hold_ask` accepted."""
    _check_text_size(statement, limits)
    ask = parse_ask(statement)
    if ask is not None:
        _check_question(ask, limits)
    return ask


def _check_text_size(sql: str, limits: AskLimits) -> None:
    _check_size(len(sql.encode()), limits)


def _check_size(size: int, limits: AskLimits) -> None:
    if size > limits.max_scan_bytes:
        raise QuestionTooLong(
            f"a statement text of {size} bytes cannot hold an ASK: the limit is "
            f"{limits.max_scan_bytes} bytes ([ask] max_scan_bytes)",
            hint=f"send the ASK in a statement text of its own, with a question of at most "
                 f"{limits.max_question_bytes} bytes")


def _check_question(ask: Statement, limits: AskLimits) -> None:
    size = len(ask.question.encode())
    if size > limits.max_question_bytes:
        raise QuestionTooLong(
            f"ASK question of {size} bytes exceeds the limit of {limits.max_question_bytes} bytes",
            hint="shorten the question, or raise [ask] max_question_bytes")


# --- public API -------------------------------------------------------------------------------

def parse_ask(statement: str) -> Statement | None:
    """Return the ASK statement ``statement`` holds, or None when it is not an ASK.

    Raises :class:`AskSyntaxError` for an ASK with an empty question or trailing garbage.
    """
    if _ASK_HINT.search(statement) is None:
        return None
    try:
        stmts = [s for s in _statements(statement, _scan(statement)) if s.tokens]
    except _ScanFailed as failed:
        return _bare_ask_after_scan_failure(statement, failed.position)[1]
    if not stmts:
        return None
    if len(stmts) != 1:
        asks = [a for a in (_statement_of(statement, s) for s in stmts) if a is not None]
        if asks:
            raise AskSyntaxError("an ASK statement must be alone in its statement text")
        return None
    return _statement_of(statement, stmts[0])


def split_query(sql: str) -> list[Segment]:
    """Split a simple-protocol Query string into plain and ASK segments.

    Consecutive plain statements stay together as one segment (relayed as one Query, which
    keeps their implicit-transaction semantics); each ASK is a segment of its own. Without any
    ASK the result is the whole text as one plain segment.
    """
    return [Segment(sql[start:end], ask, sql[start:end].encode())
            for start, end, ask in _spans(sql)]


def split_query_bytes(data: bytes, encoding: str) -> list[Segment]:
    """:func:`split_query` on a Query's text as sent, in the client's ``encoding`` (a Python
    codec): ASK questions are decoded with it, and each segment's ``raw`` is a slice of
    ``data``, so plain statements are relayed byte for byte.

    Text that does not decode is one plain segment: PostgreSQL rejects the whole Query
    ("invalid byte sequence") before running any of it.
    """
    try:
        sql = data.decode(encoding)
    except UnicodeDecodeError:
        return [Segment(data.decode(encoding, "replace"), None, data)]
    spans = _spans(sql)
    offsets = _byte_offsets(sql, data, {i for span in spans for i in span[:2]})
    if offsets is None:
        return [Segment(sql, None, data)]
    return [Segment(sql[start:end], ask, data[offsets[start]:offsets[end]])
            for start, end, ask in spans]


def _byte_offsets(sql: str, data: bytes, cuts: set[int]) -> dict[int, int] | None:
    """Map character offsets of ``sql`` (each 0, the end, or just after a semicolon) to byte
    offsets of ``data``, which ``sql`` was decoded from.

    The n-th ``;`` of the text is the n-th ``;`` byte of the data: no PostgreSQL client
    encoding but JOHAB uses that byte inside a multibyte character, and the counts then
    differ (None: the caller keeps the Query whole).
    """
    if data.isascii():
        return {i: i for i in cuts}
    chars, positions = _find_all(sql, ";"), _find_all(data, b";")
    if len(chars) != len(positions):
        return None
    after = {c + 1: b + 1 for c, b in zip(chars, positions)}
    after[0], after[len(sql)] = 0, len(data)
    if not cuts <= after.keys():
        return None
    return {i: after[i] for i in cuts}


def _find_all(text: Any, needle: Any) -> list[int]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _spans(sql: str) -> list[_Span]:
    """The segments of ``sql`` as character spans; see :func:`split_query`."""
    whole: list[_Span] = [(0, len(sql), None)]
    if _ASK_HINT.search(sql) is None:
        return whole
    try:
        stmts = _statements(sql, _scan(sql))
        tail: _Span | None = None
    except _ScanFailed as failed:
        prefix_end, ask = _bare_ask_after_scan_failure(sql, failed.position)
        if ask is None:
            return whole
        stmts = _statements(sql, _scan(sql[:prefix_end]), prefix_end)
        tail = (prefix_end, len(sql), ask)
    spans = _group(sql, stmts)
    if tail is not None:
        spans.append(tail)
    if not any(ask for _, _, ask in spans):
        return whole
    return spans


class DdlScope(enum.IntEnum):
    """Whose schema contexts a statement may change, narrowest first."""
    NONE = 0
    SESSION = 1     # only which context the session's next ASK reads (search_path, role)
    DATABASE = 2    # every role's context in the session's database (DDL, grants, ANALYZE)
    CLUSTER = 3     # contexts in every database (roles and memberships are shared)


def is_ddl(sql: str) -> bool:
    """Whether relaying ``sql`` may change what a schema context holds (DDL, grants, roles,
    search_path, statistics, or a rollback that may undo any of those)."""
    return ddl_scope(sql) is not DdlScope.NONE


def ddl_scope(sql: str) -> DdlScope:
    """The widest :class:`DdlScope` of the statements in ``sql``.

    The schema cache is keyed by (database, role, search_path), read on every ASK, so a
    statement that changes only the session's own settings (``SET search_path``, ``SET ROLE``,
    ``DISCARD ALL``, what pools send on reset) changes no cached context; DDL, grants and
    statistics change what roles see in one database; roles and their memberships, and code
    whose effects cannot be read from the text (``DO``, ``CALL``), may change every database's."""
    if _DDL_HINT.search(sql.lower()) is None:
        return DdlScope.NONE
    try:
        stmts = _statements(sql, _scan(sql))
    except _ScanFailed:
        return DdlScope.NONE   # the server rejects the text as a whole: nothing changes
    return max((_statement_scope([t.text(sql).lower() for t in s.tokens]) for s in stmts),
               default=DdlScope.NONE)


# --- scanning and splitting ---------------------------------------------------------------------

def _scan(sql: str) -> list[_Token]:
    try:
        raw = pg_parser.scan(sql)
    except pg_parser.ParseError as exc:
        position = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else 0
        raise _ScanFailed(position) from exc
    return [_Token(t.name, t.start, t.end + 1) for t in raw]


def _statements(sql: str, tokens: Sequence[_Token], end: int | None = None) -> list[_Statement]:
    """Split tokens at top-level semicolons; text between statements belongs to the next.

    ``end`` bounds the text when ``tokens`` come from scanning only a prefix of ``sql``.
    """
    end = len(sql) if end is None else end
    out: list[_Statement] = []
    current: list[_Token] = []
    start = 0
    depth = _Depth()
    for tok in tokens:
        if tok.name == _SEMICOLON and depth.top_level:
            out.append(_Statement(start, tok.end, tuple(current)))
            current, start = [], tok.end
            continue
        if tok.name not in _COMMENTS:
            depth.feed(tok, sql)
            current.append(tok)
    if current or start < end:
        out.append(_Statement(start, end, tuple(current)))
    return out


class _Depth:
    """Nesting that hides semicolons: parentheses and ``BEGIN ATOMIC ... END`` bodies."""

    def __init__(self) -> None:
        self.parens = 0
        self.atomic = 0
        self.cases = 0
        self._previous = ""

    @property
    def top_level(self) -> bool:
        return self.parens == 0 and self.atomic == 0

    def feed(self, tok: _Token, sql: str) -> None:
        word = "" if tok.name in _STRINGS else tok.text(sql).lower()
        if tok.name == _OPEN:
            self.parens += 1
        elif tok.name == _CLOSE:
            self.parens = max(0, self.parens - 1)
        elif word == "atomic" and self._previous == "begin":
            self.atomic += 1
        elif word == "case" and self.atomic:
            self.cases += 1
        elif word == "end" and self.atomic:
            if self.cases:
                self.cases -= 1
            else:
                self.atomic -= 1
        self._previous = word


def _group(sql: str, stmts: Sequence[_Statement]) -> list[_Span]:
    """Turn statements into segment spans, merging consecutive plain ones."""
    segments: list[_Span] = []
    plain_start: int | None = None
    plain_has_tokens = False
    for stmt in stmts:
        ask = _statement_of(sql, stmt)
        if ask is None:
            plain_start = stmt.start if plain_start is None else plain_start
            plain_has_tokens = plain_has_tokens or bool(stmt.tokens)
            continue
        if plain_start is not None and plain_has_tokens:
            segments.append((plain_start, stmt.start, None))
        plain_start, plain_has_tokens = None, False
        segments.append((stmt.start, stmt.end, ask))
    if plain_start is not None and plain_has_tokens:
        segments.append((plain_start, stmts[-1].end, None))
    return segments


# --- recognising ASK ------------------------------------------------------------------------------

def _is_ask_keyword(tok: _Token, sql: str) -> bool:
    # ASCII-only case folding, as PostgreSQL's identifier downcasing; excludes "ask" quoted.
    return _is_word(tok, sql, b"ask")


def _ask_prefix(sql: str, tokens: Sequence[_Token]) -> tuple[int, bool] | None:
    """If ``tokens`` start an ASK, return (index of the first question token, preview)."""
    if tokens and _is_ask_keyword(tokens[0], sql):
        return 1, False
    if len(tokens) > 1 and tokens[0].name == "EXPLAIN" and _is_ask_keyword(tokens[1], sql):
        return 2, True
    return None


def _statement_of(sql: str, stmt: _Statement) -> Statement | None:
    teach = _teach_of(sql, stmt.tokens)
    return teach if teach is not None else _ask_of(sql, stmt)


_TEACH_HINT = "write TEACH ASK 'question' AS 'SELECT ...' (or with $$...$$ quoting)"


def _teach_of(sql: str, tokens: Sequence[_Token]) -> TeachStatement | None:
    """``TEACH ASK <string> AS <string>``; anything else after TEACH ASK is a syntax error."""
    if len(tokens) < 2 or not _is_word(tokens[0], sql, b"teach") \
            or not _is_ask_keyword(tokens[1], sql):
        return None
    rest = tokens[2:]
    if len(rest) != 3 or rest[0].name not in _STRINGS or rest[1].name != "AS" \
            or rest[2].name not in _STRINGS:
        raise AskSyntaxError("malformed TEACH ASK statement", hint=_TEACH_HINT)
    question = _string_value(rest[0].text(sql)).strip()
    taught = _string_value(rest[2].text(sql)).strip()
    if not question or not taught:
        raise AskSyntaxError("TEACH ASK needs a question and its SQL", hint=_TEACH_HINT)
    return TeachStatement(question, taught)


def _is_word(tok: _Token, sql: str, word: bytes) -> bool:
    return tok.name == "IDENT" and tok.text(sql).encode().lower() == word


def _ask_of(sql: str, stmt: _Statement) -> AskStatement | None:
    prefix = _ask_prefix(sql, stmt.tokens)
    if prefix is None:
        return None
    first, preview = prefix
    rest = stmt.tokens[first:]
    if not rest:
        raise AskSyntaxError("ASK needs a question", hint="write ASK 'your question'")
    if rest[0].name in _STRINGS:
        if len(rest) > 1:
            raise AskSyntaxError(
                f"unexpected text after the ASK question: {rest[1].text(sql)[:40]!r}",
                hint="put the whole question in one string literal")
        question = _string_value(rest[0].text(sql))
    else:
        question = sql[rest[0].start:rest[-1].end]
    return _checked(question, preview)


def _checked(question: str, preview: bool) -> AskStatement:
    question = question.strip()
    if not question:
        raise AskSyntaxError("ASK needs a question", hint="write ASK 'your question'")
    return AskStatement(question, preview)


def _string_value(literal: str) -> str:
    """The value of one string literal token, decoded by PostgreSQL's own parser."""
    try:
        tree = json.loads(pg_parser.parse_sql_json("SELECT " + literal))
        const = tree["stmts"][0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
        return str(const["A_Const"]["sval"].get("sval", ""))
    except (pg_parser.ParseError, KeyError, IndexError) as exc:
        raise AskSyntaxError(f"invalid string literal in ASK: {exc}") from exc


def _bare_ask_after_scan_failure(sql: str, position: int) -> tuple[int, Statement | None]:
    """The scanner failed at ``position``: is that inside the bare-text question of an ASK?

    Returns (start of that ASK statement, the ASK) or (0, None).
    """
    try:
        stmts = _statements(sql, _scan(sql[:position]), position)
    except _ScanFailed:
        return 0, None
    if not stmts:
        return 0, None
    last = stmts[-1]
    prefix = _ask_prefix(sql, last.tokens)
    if prefix is None or len(last.tokens) <= prefix[0]:
        return 0, None   # e.g. ASK 'unterminated: let PostgreSQL report it
    question = sql[last.tokens[prefix[0]].start:].rstrip().rstrip(";")
    log.debug("bare ASK question contains an unterminated quote; taking the rest of the text")
    return last.start, _checked(question, prefix[1])


# --- DDL ---------------------------------------------------------------------------------------

def _statement_scope(words: list[str]) -> DdlScope:
    if not _statement_is_ddl(words):
        return DdlScope.NONE
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first == "explain":
        return _statement_scope(_skip_explain_options(words[1:]))
    if first in _SESSION_FIRST or first in ("set", "reset"):
        return DdlScope.SESSION
    if first in ("do", "call") or (first in ("create", "alter", "drop") and second in _SHARED_OBJECTS):
        return DdlScope.CLUSTER
    if first in ("grant", "revoke") and "on" not in words:
        return DdlScope.CLUSTER       # GRANT role TO role: a membership, in every database
    return DdlScope.DATABASE


def _statement_is_ddl(words: list[str]) -> bool:
    if not words:
        return False
    first = words[0]
    if first == "explain":
        return _statement_is_ddl(_skip_explain_options(words[1:]))
    if first in _DDL_FIRST:
        return True
    if first == "security":
        return words[1:2] == ["label"]
    if first == "vacuum":
        return "analyze" in words or "analyse" in words
    if first == "set":
        rest = [w for w in words[1:3] if w not in ("session", "local")]
        return bool(rest) and rest[0] in _SET_TARGETS
    if first == "reset":
        return words[1:2] != [] and words[1] in _RESET_TARGETS
    if first in _SELECT_FIRST:
        return "into" in words and "insert" not in words and "merge" not in words
    return False


def _skip_explain_options(words: list[str]) -> list[str]:
    if words and words[0] == "(":
        depth = 0
        for i, word in enumerate(words):
            depth += {"(": 1, ")": -1}.get(word, 0)
            if depth == 0:
                return words[i + 1:]
        return []
    while words and words[0] in ("analyze", "analyse", "verbose"):
        words = words[1:]
    return words
