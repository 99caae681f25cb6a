"""Before login: every client message is bounded like PostgreSQL's auth messages, and the
whole startup (authentication included) by limits.startup_timeout_s. Real PostgreSQL; a raw
socket client plays the misbehaving side."""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator

import psycopg
import pytest

from proxy.errors import ProtocolViolation
from proxy.handshake import MAX_AUTH_MESSAGE
from proxy.wire import messages as m
from proxy.wire.framing import Framer
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import ProxyThread
from tests.raw_client import RawClient, sqlstate, startup_packet

HUGE = 200 * 1024 * 1024


@pytest.fixture(scope="module")
def proxy(pg: PgCluster) -> Iterator[ProxyThread]:
    p = ProxyThread(pg, limits={"startup_timeout_s": 1.5}).start()
    yield p
    p.stop()


def _password_request(proxy: ProxyThread) -> RawClient:
    """A raw client that sent its startup packet for a password role and got the request."""
    c = RawClient(proxy.port, timeout=5.0)
    c.send(startup_packet("pw_user"))
    got = c.messages(until=b"R")
    assert got[-1][0] == "R", got
    return c


def test_framer_refuses_at_the_header_and_the_limit_can_be_raised() -> None:
    framer = Framer(MAX_AUTH_MESSAGE)
    framer.feed(b"p" + struct.pack("!I", HUGE) + b"x" * 1000)
    with pytest.raises(ProtocolViolation):
        framer.next_frame()
    assert framer.pending == 1005           # what arrived, never what the header claims

    framer = Framer(MAX_AUTH_MESSAGE)
    big = m.query("select '" + "x" * 100_000 + "'")
    framer.feed(big)
    with pytest.raises(ProtocolViolation):
        framer.next_frame()
    framer.max_message_size = 1 << 20       # as the session does at login
    frame = framer.next_frame()
    assert frame is not None and frame.raw == big


def test_huge_password_message_is_refused_at_its_header(proxy: ProxyThread) -> None:
    c = _password_request(proxy)
    try:
        started = time.monotonic()
        c.send(b"p" + struct.pack("!I", HUGE) + b"x" * 4096)   # the rest never comes
        got = c.messages()
        assert got[0][0] == "E", got
        fields = m.parse_fields(got[0][1])
        assert (fields["S"], fields["C"]) == ("FATAL", "08P01")
        assert got[-1][0] == "EOF"
        assert time.monotonic() - started < 1.0   # decided at the header, not by a timeout
    finally:
        c.close()
    with psycopg.connect(proxy.dsn("pw_user", sslmode="disable")) as conn:
        assert conn.execute("select 1").fetchone() == (1,)


def test_pre_login_bound_is_lifted_at_login(proxy: ProxyThread) -> None:
    c = _password_request(proxy)
    try:
        c.send(b"p" + struct.pack("!I", MAX_AUTH_MESSAGE + 1) + b"x")
        got = c.messages()
        assert sqlstate(got[0][1]) == "08P01" and got[-1][0] == "EOF", got
    finally:
        c.close()
    with psycopg.connect(proxy.dsn("pw_user", sslmode="disable")) as conn:
        text = "y" * (1 << 20)
        assert conn.execute("select length(%s)", (text,)).fetchone() == (len(text),)


def test_client_that_never_authenticates_is_closed_at_startup_timeout(
        proxy: ProxyThread) -> None:
    c = _password_request(proxy)
    try:
        started = time.monotonic()
        got = c.messages()                     # the client never answers
        elapsed = time.monotonic() - started
        assert got[0][0] == "E", got
        fields = m.parse_fields(got[0][1])
        assert (fields["S"], fields["C"]) == ("FATAL", "57014")
        assert got[-1][0] == "EOF"
        assert elapsed < 4.0
    finally:
        c.close()


@pytest.mark.slow
def test_logged_in_client_outlives_the_startup_timeout(proxy: ProxyThread) -> None:
    with psycopg.connect(proxy.dsn("pw_user", sslmode="disable")) as conn:
        time.sleep(2.0)
        assert conn.execute("select 2").fetchone() == (2,)
