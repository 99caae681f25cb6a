"""What an operator sees (issue 23): failed logins logged with their SQLSTATE, the connection id
on every log line (also the ASK pipeline's), and the Prometheus series for ASK errors by
SQLSTATE, upstream connect failures by cause, and the ASK caches. Real PostgreSQL, real
clients; the series are read from the server's own registry as a scrape would."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import psycopg
import pytest

from proxy.log_context import ConnectionFilter
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread


@pytest.fixture
def proxy(pg: PgCluster) -> Iterator[ProxyThread]:
    p = ProxyThread(pg, FixedTranslator({"one": ["select 1"], "bad": ["select nosuchcolumn"]}),
                    upstream={"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"}).start()
    yield p
    p.stop()


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.handler.addFilter(ConnectionFilter())    # as proxy.cli.setup_logging's handler
    caplog.set_level(logging.INFO)
    return caplog


def _sample(proxy: ProxyThread, name: str, **labels: str) -> float | None:
    assert proxy.server is not None
    return proxy.server.metrics.registry.get_sample_value(name, labels)


def test_failed_login_is_logged_with_sqlstate_and_connection(proxy: ProxyThread,
                                                            logs: pytest.LogCaptureFixture
                                                            ) -> None:
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(proxy.dsn("pw_user", password="wrong", sslmode="disable"))
    failed = [r for r in logs.records if "login failed" in r.getMessage()]
    assert len(failed) == 1, logs.text
    record = failed[0]
    assert record.levelno == logging.WARNING
    assert "user=pw_user" in record.getMessage() and "(28P01)" in record.getMessage()
    assert isinstance(record.conn, int)        # type: ignore[attr-defined]
    assert _sample(proxy, "askproxy_login_failures_total", sqlstate="28P01") == 1


def test_ask_errors_counted_by_sqlstate_and_logged_with_connection(
        proxy: ProxyThread, logs: pytest.LogCaptureFixture) -> None:
    with psycopg.connect(proxy.dsn(sslmode="disable"), autocommit=True) as conn:
        assert conn.execute("ASK 'one'").fetchone() == (1,)
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("ASK 'bad'")
        code = exc.value.sqlstate
        assert conn.execute("ASK 'one'").fetchone() == (1,)      # from the translation cache
    assert code is not None
    assert _sample(proxy, "askproxy_ask_errors_by_sqlstate_total", sqlstate=code) == 1
    failed = [r for r in logs.records if r.getMessage().startswith("ASK failed")]
    assert failed and all(isinstance(r.conn, int) for r in failed), logs.text  # type: ignore[attr-defined]
    # above DEBUG, no generated SQL (nor question): the error class and SQLSTATE only
    [info] = [r.getMessage() for r in failed if r.levelno > logging.DEBUG]
    assert info.startswith("ASK failed: ") and info.endswith(f" ({code})"), info
    assert not any("nosuchcolumn" in r.getMessage() for r in logs.records
                   if r.levelno > logging.DEBUG), logs.text
    assert all(r.conn != "-" for r in logs.records  # type: ignore[attr-defined]
               if r.name.startswith(("proxy.ask_execution", "proxy.session", "ask.")))
    assert (_sample(proxy, "askproxy_cache_hits_total", cache="translation") or 0) >= 1
    assert (_sample(proxy, "askproxy_cache_misses_total", cache="schema") or 0) >= 1
    assert (_sample(proxy, "askproxy_cache_entries", cache="schema") or 0) >= 1


def test_upstream_connect_failures_counted_by_cause(pg: PgCluster) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    p = ProxyThread(pg, upstream={"url": f"postgresql://127.0.0.1:{closed}?sslmode=disable"}).start()
    try:
        for _ in range(2):
            with pytest.raises(psycopg.OperationalError, match="connection refused"):
                psycopg.connect(p.dsn(sslmode="disable"))
        assert _sample(p, "askproxy_upstream_connect_failures_total", cause="refused") == 2
    finally:
        p.stop()
