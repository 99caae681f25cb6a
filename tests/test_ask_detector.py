"""ASK detection tables: what is an ASK, how a Query string splits, what counts as DDL."""

from __future__ import annotations

import pytest

from proxy.ask_detector import (AskStatement, Segment, TeachStatement, is_ddl, parse_ask,
                                split_query, split_query_bytes)
from proxy.errors import AskSyntaxError

ASKS = [
    ("ASK 'how many orders?'", "how many orders?", False),
    ("ask 'how many orders?';", "how many orders?", False),
    ("  aSk   'x'  ;  ", "x", False),
    ("-- leading comment\nASK 'x'", "x", False),
    ("/* outer /* nested */ still comment */ ASK 'x'", "x", False),
    ("ASK 'it''s late'", "it's late", False),
    ("ASK E'tab\\there\\'s'", "tab\there's", False),
    ("ASK $$dollar 'quoted'$$", "dollar 'quoted'", False),
    ("ASK $q$with $$ inside$q$", "with $$ inside", False),
    ("ASK U&'d\\0061ta'", "data", False),
    ("ASK 'multi'\n'line continuation'", "multiline continuation", False),
    ("ASK how many orders per region", "how many orders per region", False),
    ("ASK how many orders per region ;  ", "how many orders per region", False),
    ("ASK what's the revenue", "what's the revenue", False),
    ("ASK top customers -- by revenue", "top customers", False),
    ("EXPLAIN ASK 'top customers'", "top customers", True),
    ("explain\n  ask top customers;", "top customers", True),
    ("ASK 'héllo wörld €'", "héllo wörld €", False),
]


@pytest.mark.parametrize(("sql", "question", "preview"), ASKS)
def test_parse_ask(sql: str, question: str, preview: bool) -> None:
    assert parse_ask(sql) == AskStatement(question, preview)


NOT_ASKS = [
    "select 'ASK x'",
    "select 1 -- ask 'x'",
    "/* ask 'x' */ select 1",
    'select "ask" from t',
    '"ask" \'x\'',
    "asked 'x'",
    "askance",
    "select $$ask 'x'$$",
    "explain select ask from t",
    "create function f() returns int language sql as $$ ask 'x' $$",
    "select 1",
    "",
    "   ",
    "select 'unterminated",
    "ASK\u212a 'x'",   # KELVIN SIGN: Python's lower() folds it to k, PostgreSQL does not
]


@pytest.mark.parametrize("sql", NOT_ASKS)
def test_not_ask(sql: str) -> None:
    assert parse_ask(sql) is None


@pytest.mark.parametrize("sql", [
    "ASK", "ASK ;", "ask ''", "ASK '   '", "ASK $$$$", "EXPLAIN ASK", "ASK -- nothing\n",
    "ASK 'a' 'b'", "ASK 'a' foo", "ASK 'a' || 'b'", "explain ask 'a' 1",
])
def test_ask_syntax_errors(sql: str) -> None:
    with pytest.raises(AskSyntaxError) as info:
        parse_ask(sql)
    assert info.value.sqlstate == "42601"


def _shape(segments: list[Segment]) -> list[tuple[str, str | None]]:
    return [(s.text, s.ask.question if s.ask else None) for s in segments]


SPLITS = [
    ("select 1; select 2", [("select 1; select 2", None)]),
    ("select 'ask'; select 2", [("select 'ask'; select 2", None)]),
    ("select 1; ask 'q'; select 2; select 3",
     [("select 1;", None), (" ask 'q';", "q"), (" select 2; select 3", None)]),
    ("ask 'a'; ask 'b'", [("ask 'a';", "a"), (" ask 'b'", "b")]),
    ("ask 'a';  -- trailing comment\n", [("ask 'a';", "a")]),
    ("begin; insert into t values (1); ask q; commit;",
     [("begin; insert into t values (1);", None), (" ask q;", "q"), (" commit;", None)]),
    # semicolons inside parentheses and BEGIN ATOMIC bodies do not end a statement
    ("create rule r as on insert to t do also (select 1; select 2); ask q",
     [("create rule r as on insert to t do also (select 1; select 2);", None),
      (" ask q", "q")]),
    ("create function f() returns int language sql begin atomic select case when true then 1 "
     "end; select 2; end; ask q",
     [("create function f() returns int language sql begin atomic select case when true then 1 "
       "end; select 2; end;", None), (" ask q", "q")]),
    # an apostrophe in a bare question: the question runs to the end of the text
    ("select 1; ask what's up; select 2",
     [("select 1;", None), (" ask what's up; select 2", "what's up; select 2")]),
    # the server reports what the scanner cannot read
    ("select 'unterminated; ask 'q'", [("select 'unterminated; ask 'q'", None)]),
    ("ask 'unterminated", [("ask 'unterminated", None)]),
    ("select $$ ask 'q'", [("select $$ ask 'q'", None)]),
    ("", [("", None)]),
]


@pytest.mark.parametrize(("sql", "expected"), SPLITS)
def test_split_query(sql: str, expected: list[tuple[str, str | None]]) -> None:
    assert _shape(split_query(sql)) == expected


def test_split_query_marks_preview() -> None:
    segments = split_query("select 1; explain ask 'q'")
    assert segments[1].ask == AskStatement("q", preview=True)


def test_split_query_raises_on_empty_question() -> None:
    with pytest.raises(AskSyntaxError):
        split_query("select 1; ask ''; select 2")


@pytest.mark.parametrize("sql", [
    "select 'a", "select $$", "/* unterminated", 'select "x', "\x00ask", "ask \\", "ask $1",
    "explain", "ASK ASK ASK", ";;;", "ask ;ask ;", "(((ask 'q'", ")))ask 'q'",
])
def test_split_query_never_raises_on_garbage(sql: str) -> None:
    try:
        segments = split_query(sql)
    except AskSyntaxError:
        return   # an ASK with an empty question is the one error the detector reports
    assert segments and "".join(s.text for s in segments).strip() in sql


DDL = [
    ("create table t (a int)", True),
    ("  CREATE VIEW v AS SELECT 1", True),
    ("alter table t add column b int", True),
    ("drop table t", True),
    ("comment on table t is 'x'", True),
    ("grant select on t to r", True),
    ("revoke select on t from r", True),
    ("security label on table t is 'x'", True),
    ("refresh materialized view m", True),
    ("analyze t", True),
    ("vacuum (analyze) t", True),
    ("vacuum t", False),
    ("import foreign schema s from server x into y", True),
    ("set role analyst", True),
    ("set local role analyst", True),
    ("set session authorization analyst", True),
    ("reset role", True),
    ("reset session authorization", True),
    ("set search_path = a, public", True),
    ("set session search_path to a", True),
    ("set schema 'a'", True),
    ("reset search_path", True),
    ("reset all", True),
    ("discard all", True),
    ("do $$ begin execute 'create table x()'; end $$", True),
    ("rollback", True),
    ("select * into newtable from t", True),
    ("explain analyze create table x as select 1", True),
    ("select 1; create table t (a int)", True),
    ("select 1", False),
    ("select created, dropped from t order by 1 offset 2", False),
    ("insert into t values (1)", False),
    ("update t set a = 1", False),
    ("set work_mem = '64MB'", False),
    ("reset work_mem", False),
    ("select 'create table x'", False),
    ("/* drop table t */ select 1", False),
    ("select 1 -- create", False),
    ("explain select * from t", False),
    ("create table 'unterminated", False),
]


@pytest.mark.parametrize(("sql", "expected"), DDL)
def test_is_ddl(sql: str, expected: bool) -> None:
    assert is_ddl(sql) is expected


# (Query bytes in the client's encoding, codec) -> [(raw bytes, question or None)]: plain
# statements are cut from the bytes as sent, the question is decoded with the client's codec.
SPLIT_BYTES = [
    (b"insert into t values ('caf\xe9'); ask 'caf\xe9?'; select 2", "latin-1",
     [(b"insert into t values ('caf\xe9');", None), (b" ask 'caf\xe9?';", "caf\xe9?"),
      (b" select 2", None)]),
    (b"insert into t values ('\x80'); ask '\x80 total'", "cp1252",
     [(b"insert into t values ('\x80');", None), (b" ask '\x80 total'", "\u20ac total")]),
    # SJIS: the second byte of \u8868 is 0x5c, a backslash in ASCII
    (b"select e'\x95\\'; ask '\x95\\'; select 1", "cp932",
     [(b"select e'\x95\\';", None), (b" ask '\x95\\';", "\u8868"), (b" select 1", None)]),
    (b"select '\xc6\xfc\xcb\xdc'; ask '\xc6\xfc'", "euc_jp",
     [(b"select '\xc6\xfc\xcb\xdc';", None), (b" ask '\xc6\xfc'", "\u65e5")]),
    (b"select '\xaa\xed'; ask '\xaa\xed'", "cp950",
     [(b"select '\xaa\xed';", None), (b" ask '\xaa\xed'", "\u8868")]),
    ("select 'caf\xe9'; ask 'caf\xe9'".encode(), "utf-8",
     [("select 'caf\xe9';".encode(), None), (" ask 'caf\xe9'".encode(), "caf\xe9")]),
    # undecodable: one plain segment, relayed unchanged for the server to reject
    (b"select '\xe9'; ask 'q'", "utf-8", [(b"select '\xe9'; ask 'q'", None)]),
    # JOHAB uses the byte ';' inside characters: kept whole rather than cut in the wrong place
    (b"select '\xde;'; ask 'q'", "johab", [(b"select '\xde;'; ask 'q'", None)]),
]


@pytest.mark.parametrize(("data", "codec", "expected"), SPLIT_BYTES)
def test_split_query_bytes(data: bytes, codec: str,
                           expected: list[tuple[bytes, str | None]]) -> None:
    segments = split_query_bytes(data, codec)
    assert [(s.raw, s.ask.question if s.ask else None) for s in segments] == expected
    assert b"".join(s.raw for s in segments) == data


# --- TEACH ASK ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sql, question, taught", [
    ("TEACH ASK 'how many orders' AS 'SELECT count(*) FROM orders'", "how many orders",
     "SELECT count(*) FROM orders"),
    ("teach ask $$it's here$$ as $q$SELECT 'x;y'$q$;", "it's here", "SELECT 'x;y'"),
    ("  /* c */ Teach Ask E'a\\'b' AS 'SELECT 1' -- done", "a'b", "SELECT 1"),
])
def test_parse_teach(sql: str, question: str, taught: str) -> None:
    assert parse_ask(sql) == TeachStatement(question, taught)


@pytest.mark.parametrize("sql", [
    "TEACH ASK 'q'", "TEACH ASK 'q' AS", "TEACH ASK 'q' AS SELECT 1", "TEACH ASK q AS 'SELECT 1'",
    "TEACH ASK 'q' 'SELECT 1'", "TEACH ASK '' AS 'SELECT 1'", "TEACH ASK 'q' AS ' '",
    "TEACH ASK 'q' AS 'SELECT 1' extra",
])
def test_teach_syntax_errors(sql: str) -> None:
    with pytest.raises(AskSyntaxError):
        parse_ask(sql)


@pytest.mark.parametrize("sql", ["TEACH 'q'", "SELECT 'teach ask'", 'TEACH "ask" \'q\' AS \'x\''])
def test_not_teach(sql: str) -> None:
    assert not isinstance(parse_ask(sql), TeachStatement)


def test_split_query_with_teach() -> None:
    segments = split_query("select 1; TEACH ASK 'q' AS 'SELECT 2'; select 3")
    assert [s.ask for s in segments] == [None, TeachStatement("q", "SELECT 2"), None]
