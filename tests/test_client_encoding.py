"""Clients whose client_encoding is not UTF8, end to end: real PostgreSQL, psycopg, the proxy.

A Query that mixes plain statements and an ASK is split by the proxy; the plain statements must
reach the server as the bytes the client sent, the question must be read in the client's
encoding, and whatever the proxy writes itself (its SQL, notices, errors, preview rows) must be
in that encoding too. The stored data is checked over a separate UTF8 connection straight to
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from proxy.ask_execution import NOTICE_PREFIX
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread

DB = "enc"
# (client_encoding, a non-ASCII word it can represent): single-byte and multibyte encodings,
# and UTF8 itself, which must behave as before.
ENCODINGS = [("UTF8", "café"), ("LATIN1", "café"), ("WIN1252", "café"), ("LATIN9", "œuvre"),
             ("SJIS", "表"), ("EUC_JP", "日本"), ("BIG5", "表")]
WORDS = {w for _, w in ENCODINGS}
TABLE = {
    **{f"word {w}": [f"SELECT '{w}' AS word"] for w in WORDS},
    **{f"delete {w}": [f"DELETE FROM words WHERE v = '{w}'"] for w in WORDS},
    **{f"column {w}": [f"SELECT nope_{w} FROM words"] for w in WORDS},
    "kanji word": ["SELECT '表' AS word"],
    "ascii question": ["SELECT 'ascii' AS word"],
}


@pytest.fixture(scope="module")
def proxy(pg: PgCluster) -> Iterator[ProxyThread]:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql("CREATE TABLE words (tag text PRIMARY KEY, v text)", dbname=DB)
    # The questions name rows the table holds ("word café"): the plain reader would count them,
    # and this file is about encodings, so the fixed translator's answer is the one shown.
    p = ProxyThread(pg, FixedTranslator(TABLE),
                    ask={"statement_timeout_ms": 2000, "skip_steps": "plain_reading"}).start()
    yield p
    p.stop()


def connect(proxy: ProxyThread, **kw: str) -> psycopg.Connection:
    conn = psycopg.connect(proxy.dsn(dbname=DB, sslmode="disable", **kw), autocommit=True)
    conn.notices: list[str] = []   # type: ignore[attr-defined]
    conn.add_notice_handler(lambda d: conn.notices.append(d.message_primary))  # type: ignore
    return conn


def stored(pg: PgCluster, tag: str) -> str:
    """What PostgreSQL holds, read over a UTF8 connection that bypasses the proxy."""
    with psycopg.connect(pg.dsn(dbname=DB, client_encoding="UTF8")) as direct:
        row = direct.execute("SELECT v FROM words WHERE tag = %s", [tag]).fetchone()
    assert row is not None, f"nothing stored under {tag}"
    return str(row[0])


@pytest.mark.parametrize("encoding,word", ENCODINGS)
def test_plain_statements_next_to_an_ask_are_relayed_byte_for_byte(
        proxy: ProxyThread, pg: PgCluster, encoding: str, word: str) -> None:
    with connect(proxy) as conn:
        conn.execute(f"SET client_encoding TO '{encoding}'")
        tag = f"mixed-{encoding}"
        cur = conn.execute(f"INSERT INTO words VALUES ('{tag}', '{word}'); "
                           "ASK 'ascii question'; SELECT v FROM words WHERE tag = "
                           f"'{tag}' AND v = '{word}'", prepare=False)
        results = []
        while True:
            if cur.description is not None:
                results.append(cur.fetchall())
            if not cur.nextset():
                break
        assert results == [[("ascii",)], [(word,)]]    # the ASK's rows, then the SELECT's
    assert stored(pg, tag) == word


@pytest.mark.parametrize("encoding,word", ENCODINGS)
def test_question_and_notice_in_the_client_encoding(proxy: ProxyThread, encoding: str,
                                                    word: str) -> None:
    with connect(proxy) as conn:
        conn.execute(f"SET client_encoding TO '{encoding}'")
        row = conn.execute(f"ASK 'word {word}'", prepare=False).fetchone()
        assert row == (word,)
        assert conn.notices == [NOTICE_PREFIX + f"SELECT '{word}' AS word"]
        row = conn.execute(f"ASK 'word {word}'", prepare=True).fetchone()   # extended protocol
        assert row == (word,)
        assert conn.notices[-1] == NOTICE_PREFIX + f"SELECT '{word}' AS word"


@pytest.mark.parametrize("encoding,word", ENCODINGS)
def test_proxy_errors_and_previews_arrive_in_the_client_encoding(
        proxy: ProxyThread, encoding: str, word: str) -> None:
    with connect(proxy) as conn:
        conn.execute(f"SET client_encoding TO '{encoding}'")
        with pytest.raises(psycopg.errors.SyntaxError) as syntax:      # the proxy's own error
            conn.execute(f"ASK 'word' {word}", prepare=False)
        assert f"'{word}'" in syntax.value.diag.message_primary
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as rejected:
            conn.execute(f"ASK 'delete {word}'", prepare=False)
        assert f"v = '{word}'" in (rejected.value.diag.message_detail or "")
        with pytest.raises(psycopg.errors.UndefinedColumn) as upstream:  # PostgreSQL's error
            conn.execute(f"ASK 'column {word}'", prepare=False)
        assert f"nope_{word}" in upstream.value.diag.message_primary
        preview = conn.execute(f"EXPLAIN ASK 'word {word}'", prepare=False).fetchone()
        assert preview == (f"SELECT '{word}' AS word",)
        assert conn.execute(f"SELECT '{word}'").fetchone() == (word,)


@pytest.mark.parametrize("how", ["startup", "set names"])
def test_encoding_set_at_startup_or_with_set_names(proxy: ProxyThread, pg: PgCluster,
                                                   how: str) -> None:
    extra = {"client_encoding": "LATIN1"} if how == "startup" else {}
    with connect(proxy, **extra) as conn:
        if how == "set names":
            conn.execute("SET NAMES 'latin1'")
        tag = f"how-{how}"
        conn.execute(f"INSERT INTO words VALUES ('{tag}', 'café'); ASK 'word café'",
                     prepare=False)
        assert conn.notices == [NOTICE_PREFIX + "SELECT 'café' AS word"]
    assert stored(pg, tag) == "café"


def test_generated_sql_the_client_encoding_cannot_hold_is_an_error(proxy: ProxyThread) -> None:
    """As PostgreSQL raises 22P05 for a character it cannot convert to the client encoding."""
    with connect(proxy, client_encoding="LATIN1") as conn:
        for statement in ("ASK 'kanji word'", "EXPLAIN ASK 'kanji word'"):
            with pytest.raises(psycopg.errors.UntranslatableCharacter):
                conn.execute(statement, prepare=False)
        assert conn.execute("SELECT 'still usable'").fetchone() == ("still usable",)
