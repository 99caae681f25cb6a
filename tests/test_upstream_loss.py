"""The upstream goes away, or never answers: the client is told why, promptly, and the proxy
logs no tracebacks.

An upstream that restarts while an ASK is being translated must not cost the client a bare
EOF: it gets the server's own FATAL (57P01 after ``pg_terminate_backend``) or, when the
connection just dropped, 08006. An upstream that accepts TCP but never speaks (a black hole)
is bounded by ``[upstream] connect_timeout_s`` (TCP connect, SSLRequest, TLS handshake) and by
``[limits] startup_timeout_s`` up to its first ReadyForQuery.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from tests import db_state
from tests.fault_proxy import FaultProxy
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread
from tests.raw_client import RawClient, sqlstate, startup_packet


@pytest.fixture(scope="module")
def translator() -> FixedTranslator:
    return FixedTranslator({"one": ["select 1"], "slow-explain": ["select askloss_slow()"]})


@pytest.fixture(scope="module")
def proxy(pg: PgCluster, fault: FaultProxy, translator: FixedTranslator) -> Iterator[ProxyThread]:
    # Before any ASK caches the schema: folded, so slept, when the proxy EXPLAINs a call.
    pg.psql("CREATE OR REPLACE FUNCTION askloss_slow() RETURNS int IMMUTABLE LANGUAGE plpgsql "
            "AS $$ BEGIN PERFORM pg_sleep(3); RETURN 1; END $$")
    p = ProxyThread(pg, translator,
                    upstream={"url": f"postgresql://127.0.0.1:{fault.port}?sslmode=disable"},
                    ask={"translate_timeout_s": 10.0}).start()
    yield p
    p.stop()
    pg.psql("DROP FUNCTION askloss_slow()")


@pytest.fixture(scope="module")
def tls_proxy(pg: PgCluster, translator: FixedTranslator) -> Iterator[ProxyThread]:
    p = ProxyThread(pg, translator, ask={"translate_timeout_s": 10.0}).start()   # sslmode=prefer
    yield p
    p.stop()


AUTOCOMMIT = True


def _ask_in_background(conn: psycopg.Connection, statement: str) -> tuple[threading.Thread, list[BaseException]]:
    """Run ``statement`` on ``conn`` in a started thread; what it raises lands in the list."""
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            conn.execute(statement)
        except BaseException as exc:   # noqa: BLE001 - handed to the test thread
            errors.append(exc)
    t = threading.Thread(target=ask, daemon=True)
    t.start()
    return t, errors


def _ask_during_loss(proxy: ProxyThread, translator: FixedTranslator, app: str,
                     lose_upstream) -> tuple[BaseException | None, psycopg.Connection]:  # type: ignore[no-untyped-def]
    """Run ``ASK 'sleep:2'`` and call ``lose_upstream`` while it is being translated."""
    conn = psycopg.connect(proxy.dsn(application_name=app), autocommit=AUTOCOMMIT)
    assert conn.execute("SELECT 1").fetchone() == (1,)
    before = len(translator.calls)
    t, errors = _ask_in_background(conn, "ASK 'sleep:2'")
    deadline = time.monotonic() + 5
    while len(translator.calls) == before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert translator.calls[before:] == [("sleep:2", "postgres")]
    lose_upstream()
    t.join(10)
    assert not t.is_alive()
    return (errors[0] if errors else None), conn


def _no_errors_logged(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert bad == [], [r.getMessage() for r in bad]


@pytest.mark.slow
@pytest.mark.parametrize("via", ["plain", "tls"])
def test_backend_terminated_during_translation_gives_57P01(
        pg: PgCluster, via: str, request: pytest.FixtureRequest, translator: FixedTranslator,
        caplog: pytest.LogCaptureFixture) -> None:
    proxy = request.getfixturevalue("proxy" if via == "plain" else "tls_proxy")
    caplog.set_level(logging.INFO)

    def terminate() -> None:
        pg.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'loss-terminated'")
    err, conn = _ask_during_loss(proxy, translator, "loss-terminated", terminate)
    assert isinstance(err, psycopg.errors.AdminShutdown), repr(err)   # the server's own FATAL
    assert err.sqlstate == "57P01"
    assert conn.closed or conn.info.status == psycopg.pq.ConnStatus.BAD
    conn.close()
    time.sleep(2.5)   # the translation would have finished by now: nothing may blow up later
    _no_errors_logged(caplog)
    assert db_state.wait_no_sessions(pg, application_name="loss-terminated") == []


@pytest.mark.slow
def test_backend_terminated_during_ask_check_gives_57P01(
        pg: PgCluster, proxy: ProxyThread, caplog: pytest.LogCaptureFixture) -> None:
    """The FATAL arrives while the proxy's own EXPLAIN of the generated SQL runs, so it is
    taken by an internal sink, not relayed: it must still reach the client, verbatim."""
    caplog.set_level(logging.INFO)
    conn = psycopg.connect(proxy.dsn(application_name="loss-explain"), autocommit=True)
    t, errors = _ask_in_background(conn, "ASK 'slow-explain'")
    deadline = time.monotonic() + 5
    while not any("askloss_slow" in (s[5] or "") for s in
                  db_state.sessions(pg, application_name="loss-explain")):
        assert time.monotonic() < deadline, "the EXPLAIN never started"
        time.sleep(0.02)
    pg.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'loss-explain'")
    t.join(10)
    assert not t.is_alive()
    conn.close()
    assert errors and isinstance(errors[0], psycopg.errors.AdminShutdown), errors
    time.sleep(0.5)
    _no_errors_logged(caplog)


@pytest.mark.slow
def test_connection_dropped_during_translation_gives_08006(
        pg: PgCluster, proxy: ProxyThread, fault: FaultProxy, translator: FixedTranslator,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    err, conn = _ask_during_loss(proxy, translator, "loss-dropped", fault.cut_all)
    assert isinstance(err, psycopg.OperationalError), repr(err)
    assert err.sqlstate == "08006", repr(err)
    assert conn.closed or conn.info.status == psycopg.pq.ConnStatus.BAD
    conn.close()
    time.sleep(2.5)
    _no_errors_logged(caplog)
    assert db_state.wait_no_sessions(pg, application_name="loss-dropped") == []


def test_connection_dropped_mid_query_gives_08006(pg: PgCluster, proxy: ProxyThread,
                                                 fault: FaultProxy) -> None:
    client = RawClient(proxy.port)
    client.login(application_name="loss-mid-query")
    fault.cut_on = b"pg_sleep(1.3)"
    from proxy.wire import messages as m
    client.send(m.query("SELECT pg_sleep(1.3)"))
    got = client.messages(until=b"")
    client.close()
    assert [t for t, _ in got] == ["E", "EOF"], got
    assert sqlstate(got[0][1]) == "08006"


# --- black-hole upstreams ---------------------------------------------------------------------

class BlackHole:
    """Listens but never accepts: the kernel completes the TCP handshake (backlog) and then
    nothing is ever read or written. With ``answer_ssl``, accepts and answers an SSLRequest
    with 'S', then stays silent through the TLS handshake."""

    def __init__(self, answer_ssl: bool = False) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        if answer_ssl:
            threading.Thread(target=self._answer_ssl, daemon=True).start()

    def _answer_ssl(self) -> None:
        self.sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self._held.append(conn)
            conn.recv(8)          # the SSLRequest
            conn.sendall(b"S")    # ...and then never a ServerHello

    def close(self) -> None:
        self._stop.set()
        for c in self._held:
            c.close()
        self.sock.close()


@pytest.mark.slow
@pytest.mark.parametrize(("sslmode", "answer_ssl", "section"), [
    ("disable", False, "limits"),     # startup packet sent, no answer: startup_timeout_s
    ("require", False, "upstream"),   # SSLRequest sent, no answer: connect_timeout_s
    ("require", True, "upstream"),    # 'S', then a silent TLS handshake: connect_timeout_s
])
def test_black_hole_upstream_gives_fatal_error(pg: PgCluster, sslmode: str, answer_ssl: bool,
                                               section: str) -> None:
    hole = BlackHole(answer_ssl)
    bound = 1.0
    upstream: dict[str, object] = {"url": f"postgresql://127.0.0.1:{hole.port}?sslmode={sslmode}",
                                   "connect_timeout_s": bound if section == "upstream" else 30.0}
    limits = {"startup_timeout_s": bound if section == "limits" else 30.0}
    p = ProxyThread(pg, upstream=upstream, limits=limits).start()
    try:
        client = RawClient(p.port, timeout=20)
        started = time.monotonic()
        client.send(startup_packet())
        got = client.messages(until=b"")
        elapsed = time.monotonic() - started
        client.close()
        assert [t for t, _ in got] == ["E", "EOF"], got
        assert sqlstate(got[0][1]) == "08001"
        from proxy.wire import messages as m
        fields = m.parse_fields(got[0][1])
        assert fields["S"] == "FATAL" and str(hole.port) in fields["M"], fields
        assert bound * 0.9 <= elapsed < bound + 2.0
        deadline = time.monotonic() + 5
        while p.server is not None and p.server.active_sessions and time.monotonic() < deadline:
            time.sleep(0.02)
        assert p.server is not None and p.server.active_sessions == 0
    finally:
        p.stop()
        hole.close()
