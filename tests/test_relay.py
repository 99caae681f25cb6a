"""Transparent relay: real PostgreSQL, real clients (psql, psycopg 3, asyncpg, pgbench)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Iterator

import asyncpg
import psycopg
import pytest

from tests.pg_cluster import PgCluster
from tests.proxy_fixture import ProxyThread


@pytest.fixture(scope="module")
def proxy(pg: PgCluster) -> Iterator[ProxyThread]:
    p = ProxyThread(pg).start()
    yield p
    p.stop()


def psql(proxy: ProxyThread, *args: str, user: str = "postgres", **env: str) -> str:
    out = subprocess.run(["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                          "-p", str(proxy.port), "-U", user, "-d", "postgres", *args],
                         capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", **env})
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_psql_queries_copy_and_errors(proxy: ProxyThread) -> None:
    out = psql(proxy, "-c", "create table if not exists psql_t(a int, b text)",
               "-c", "insert into psql_t select g, 'row ' || g from generate_series(1, 3) g",
               "-c", "select count(*), string_agg(b, ',' order by a) from psql_t",
               "-c", "\\copy psql_t to stdout")
    assert "3|row 1,row 2,row 3" in out
    assert "1\trow 1" in out
    bad = subprocess.run(["psql", "-X", "-h", "127.0.0.1", "-p", str(proxy.port), "-U",
                          "postgres", "-c", "select * from no_such_table"],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert 'relation "no_such_table" does not exist' in bad.stderr


@pytest.mark.parametrize("user,method", [("scram_user", "SCRAM"), ("md5_user", "md5"),
                                         ("pw_user", "password")])
def test_authentication_is_relayed(proxy: ProxyThread, user: str, method: str) -> None:
    with psycopg.connect(proxy.dsn(user, sslmode="disable")) as conn:
        assert conn.execute("select current_user").fetchone() == (user,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(proxy.dsn(user, password="wrong", sslmode="disable"))


def test_scram_with_channel_binding_prefer_over_tls_upstream(proxy: ProxyThread) -> None:
    # upstream TLS makes the server offer SCRAM-SHA-256-PLUS; the proxy must hide it
    with psycopg.connect(proxy.dsn("scram_user", sslmode="disable",
                                   channel_binding="prefer")) as conn:
        assert conn.execute("select 1").fetchone() == (1,)


def test_extended_protocol_prepared_and_pipeline(proxy: ProxyThread) -> None:
    with psycopg.connect(proxy.dsn(), prepare_threshold=0, autocommit=True) as conn:
        for i in range(3):   # prepared after the first execution: named statements
            assert conn.execute("select %s::int + 1", (i,)).fetchone() == (i + 1,)
        with conn.pipeline():
            curs = [conn.execute("select %s::text", (str(i),)) for i in range(20)]
            bad = conn.cursor()
        assert [c.fetchone() for c in curs] == [(str(i),) for i in range(20)]
        with pytest.raises(psycopg.errors.DivisionByZero):
            with conn.pipeline():
                conn.execute("select 1")
                bad.execute("select 1/0")
        assert conn.execute("select 42").fetchone() == (42,)


def test_binary_copy_in_and_out(proxy: ProxyThread) -> None:
    with psycopg.connect(proxy.dsn()) as conn:
        conn.execute("create temp table c(a int, b text)")
        with conn.cursor().copy("copy c from stdin (format binary)") as copy:
            copy.set_types(["int4", "text"])
            for i in range(1000):
                copy.write_row((i, f"t{i}"))
        rows = []
        with conn.cursor().copy("copy c to stdout (format binary)") as copy:
            copy.set_types(["int4", "text"])
            rows = list(copy.rows())
        assert len(rows) == 1000 and rows[999] == (999, "t999")


def test_cancel_reaches_the_right_backend(proxy: ProxyThread) -> None:
    with psycopg.connect(proxy.dsn(), autocommit=True) as conn, \
            psycopg.connect(proxy.dsn()) as other:
        pid = conn.info.backend_pid
        assert conn.execute("select pg_backend_pid()").fetchone() == (pid,)
        # cancel_safe: libpq's blocking PQcancel holds the GIL, which would freeze the proxy's
        # event loop running in this same process (a real client is another process).
        timer = threading.Timer(0.5, conn.cancel_safe)
        timer.start()
        started = time.monotonic()
        with pytest.raises(psycopg.errors.QueryCanceled) as exc:
            conn.execute("select pg_sleep(30)")
        assert exc.value.sqlstate == "57014"
        assert time.monotonic() - started < 10
        assert other.execute("select 1").fetchone() == (1,)
        assert conn.execute("select 2").fetchone() == (2,)


def test_notifications_carry_the_real_pid(proxy: ProxyThread) -> None:
    with psycopg.connect(proxy.dsn(), autocommit=True) as listener, \
            psycopg.connect(proxy.dsn(), autocommit=True) as sender:
        listener.execute("listen chan")
        sender.execute("notify chan, 'hello'")
        notes = []
        for note in listener.notifies(timeout=5):   # the generator holds the connection lock
            notes.append(note)
            break
        assert notes, "no notification arrived"
        assert (note.channel, note.payload, note.pid) == ("chan", "hello",
                                                          sender.info.backend_pid)


async def test_asyncpg_prepared_statements_and_types(proxy: ProxyThread) -> None:
    conn = await asyncpg.connect(host="127.0.0.1", port=proxy.port, user="postgres",
                                 database="postgres", ssl=False)
    try:
        stmt = await conn.prepare("select $1::int4, $2::text, $3::numeric, $4::timestamptz, "
                                  "$5::jsonb, $6::int8[], $7::uuid, $8::bytea, $9::bool")
        import datetime
        import decimal
        import uuid
        now = datetime.datetime.now(datetime.timezone.utc)
        u = uuid.uuid4()
        row = await stmt.fetchrow(7, "x", decimal.Decimal("1.50"), now, '{"a": 1}', [1, 2],
                                  u, b"\x00\x01", True)
        assert tuple(row) == (7, "x", decimal.Decimal("1.50"), now, '{"a": 1}', [1, 2], u,
                              b"\x00\x01", True)
        assert await conn.fetchval("select sum(g) from generate_series(1, 10000) g") == 50005000
        async with conn.transaction():
            await conn.execute("create temp table at(a int)")
            await conn.copy_records_to_table("at", records=[(i,) for i in range(500)])
        assert await conn.fetchval("select count(*) from at") == 500
    finally:
        await conn.close()


def test_tls_from_client(pg: PgCluster, tmp_path) -> None:
    from tests.pg_cluster import make_self_signed_cert
    cert, key = make_self_signed_cert(tmp_path)
    p = ProxyThread(pg, listen={"tls_cert": str(cert), "tls_key": str(key)}).start()
    try:
        with psycopg.connect(p.dsn("md5_user", sslmode="require")) as conn:
            assert conn.info.pgconn.ssl_in_use
            assert conn.execute("select current_user").fetchone() == ("md5_user",)
        with psycopg.connect(p.dsn("scram_user", sslmode="require",
                                   channel_binding="disable")) as conn:
            assert conn.execute("select current_user").fetchone() == ("scram_user",)
        # TLS to the proxy and to the server: SCRAM channel binding cannot be relayed, and
        # the client is told so plainly (not as a downgrade attack)
        with pytest.raises(psycopg.OperationalError, match="cannot pass through askproxy"):
            psycopg.connect(p.dsn("scram_user", sslmode="require"))
        with psycopg.connect(p.dsn(sslmode="disable")) as conn:
            assert not conn.info.pgconn.ssl_in_use
    finally:
        p.stop()
    with pytest.raises(psycopg.OperationalError):
        # without a certificate the proxy answers 'N', so sslmode=require must fail
        psycopg.connect(ProxyThread.dsn(p, sslmode="require")) if False else \
            psycopg.connect(f"host=127.0.0.1 port={p_no_tls_port(pg)} user=postgres "
                            "sslmode=require")


_NO_TLS: dict[int, ProxyThread] = {}


def p_no_tls_port(pg: PgCluster) -> int:
    p = ProxyThread(pg).start()
    _NO_TLS[p.port] = p
    return p.port


@pytest.fixture(autouse=True, scope="module")
def _cleanup_no_tls() -> Iterator[None]:
    yield
    for p in _NO_TLS.values():
        p.stop()


@pytest.mark.slow
def test_200_concurrent_clients(proxy: ProxyThread) -> None:
    async def one(i: int) -> int:
        conn = await asyncpg.connect(host="127.0.0.1", port=proxy.port, user="postgres",
                                     database="postgres", ssl=False)
        try:
            return await conn.fetchval("select $1::int * 2", i)
        finally:
            await conn.close()

    async def many() -> list[int]:
        return await asyncio.gather(*(one(i) for i in range(200)))

    assert asyncio.run(many()) == [i * 2 for i in range(200)]


def _backends(pg: PgCluster, app: str) -> int:
    return int(pg.psql(f"select count(*) from pg_stat_activity where application_name = '{app}'"))


@pytest.mark.slow
def test_client_killed_mid_result_leaves_no_upstream_session(proxy: ProxyThread,
                                                            pg: PgCluster) -> None:
    code = ("import psycopg,sys\n"
            f"c = psycopg.connect({proxy.dsn(application_name='killme')!r})\n"
            "cur = c.cursor()\n"
            "cur.execute('select g, repeat(md5(g::text), 20) from generate_series(1, 5000000) g')\n")
    proc = subprocess.Popen([shutil.which("python3") or "python3", "-c", code],
                            env={"PYTHONPATH": ":".join(__import__("sys").path)})
    deadline = time.monotonic() + 20
    while _backends(pg, "killme") == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _backends(pg, "killme") == 1
    time.sleep(0.5)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    while _backends(pg, "killme") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _backends(pg, "killme") == 0
    deadline = time.monotonic() + 5
    while proxy.server.active_sessions and time.monotonic() < deadline:   # type: ignore
        time.sleep(0.1)
    assert proxy.server.active_sessions == 0      # type: ignore[union-attr]


def test_protocol_violation_closes_only_that_client(proxy: ProxyThread) -> None:
    with psycopg.connect(proxy.dsn()) as healthy:
        s = socket.create_connection(("127.0.0.1", proxy.port))
        s.sendall(struct.pack("!I", 8) + struct.pack("!I", 1234 << 16))   # bogus protocol
        data = s.recv(4096)
        s.close()
        assert data[:1] == b"E" and b"08P01" in data
        assert healthy.execute("select 1").fetchone() == (1,)


def test_oversized_message_is_rejected(pg: PgCluster) -> None:
    p = ProxyThread(pg, limits={"max_message_size": 4096}).start()
    try:
        with psycopg.connect(p.dsn()) as conn:
            with pytest.raises(psycopg.OperationalError):
                conn.execute("select %s", ("x" * 10000,))
        with psycopg.connect(p.dsn()) as conn:      # the proxy itself is fine
            assert conn.execute("select 1").fetchone() == (1,)
    finally:
        p.stop()


def test_connection_limit(pg: PgCluster) -> None:
    p = ProxyThread(pg, limits={"max_client_connections": 2}).start()
    try:
        a, b = psycopg.connect(p.dsn()), psycopg.connect(p.dsn())
        with pytest.raises(psycopg.OperationalError, match="too many clients"):
            psycopg.connect(p.dsn())
        a.close()
        time.sleep(0.2)
        with psycopg.connect(p.dsn()) as c:
            assert c.execute("select 1").fetchone() == (1,)
        b.close()
    finally:
        p.stop()


def test_idle_timeout_counts_from_the_last_client_read(pg: PgCluster) -> None:
    """Reads after login bypass the client pump (diverted to the fast lane): the idle timeout
    must still close a client that is silent, and only one that is."""
    p = ProxyThread(pg, limits={"client_idle_timeout_s": 0.6}).start()
    try:
        with psycopg.connect(p.dsn(), autocommit=True) as busy:
            for _ in range(6):                     # 1.5 s of traffic, never 0.6 s silent
                assert busy.execute("select 1").fetchone() == (1,)
                time.sleep(0.25)
            time.sleep(1.5)
            with pytest.raises(psycopg.OperationalError, match="idle-session timeout"):
                busy.execute("select 1")
    finally:
        p.stop()


def test_upstream_unreachable_gives_clear_error(pg: PgCluster) -> None:
    from tests.pg_cluster import free_port
    p = ProxyThread(pg, upstream={"url": f"postgresql://127.0.0.1:{free_port()}"}).start()
    try:
        with pytest.raises(psycopg.OperationalError, match="could not connect to upstream"):
            psycopg.connect(p.dsn())
    finally:
        p.stop()


@pytest.mark.slow
def test_graceful_shutdown_lets_sessions_finish(pg: PgCluster) -> None:
    p = ProxyThread(pg).start()
    conn = psycopg.connect(p.dsn())
    dsn = p.dsn()
    result: list[object] = []
    t = threading.Thread(target=lambda: result.append(
        conn.execute("select pg_sleep(0.5), 7").fetchone()))
    t.start()
    time.sleep(0.2)
    p.call(p.server.stop(grace_s=5.0))       # type: ignore[union-attr]
    t.join(10)
    assert result == [("", 7)]
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(dsn, connect_timeout=2)
    conn.close()
    p.loop.call_soon_threadsafe(p.loop.stop)
    p._thread.join(5)
    p.loop.close()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pgbench") is None, reason="pgbench not installed")
def test_pgbench_extended_through_proxy(proxy: ProxyThread, pg: PgCluster) -> None:
    subprocess.run(["pgbench", "-i", "-s", "1", "-q", "-h", "127.0.0.1", "-p", str(pg.port),
                    "-U", "postgres", "postgres"], check=True, capture_output=True)
    try:
        out = subprocess.run(["pgbench", "-M", "extended", "-c", "4", "-j", "2", "-t", "200", "-h",
                              "127.0.0.1", "-p", str(proxy.port), "-U", "postgres", "postgres"],
                             capture_output=True, text=True, timeout=120)
    finally:    # the cluster is shared: later tests read the schema (an ASK could pick pgbench_*)
        pg.psql("drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers")
    assert out.returncode == 0, out.stderr
    assert "number of failed transactions: 0" in out.stdout
    assert "number of transactions actually processed: 800/800" in out.stdout
