"""Garbage at a live proxy: mutated startup packets, wrong lengths, oversized and
out-of-state messages, truncated TLS handshakes.

The offender must get an 08P01 ErrorResponse or see its connection closed; the proxy keeps
serving, a bystander session opened before the barrage keeps working, and no upstream
session is left behind. A short seeded run here; ``bench/fuzz_proxy.py`` runs longer.
"""

from __future__ import annotations

import random
import socket
import ssl
import struct
import time
from collections.abc import Iterator

import psycopg
import pytest

from proxy.wire import messages as m
from tests import db_state
from tests.pg_cluster import PgCluster, make_self_signed_cert
from tests.proxy_fixture import ProxyThread
from tests.raw_client import RawClient, sqlstate, startup_packet

MAX_MESSAGE = 64 * 1024


@pytest.fixture(scope="module")
def proxy(pg: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProxyThread]:
    cert, key = make_self_signed_cert(tmp_path_factory.mktemp("tls"))
    p = ProxyThread(pg, listen={"tls_cert": str(cert), "tls_key": str(key)},
                    limits={"max_message_size": MAX_MESSAGE, "startup_timeout_s": 3.0}).start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def bystander(proxy: ProxyThread) -> Iterator[psycopg.Connection]:
    with psycopg.connect(proxy.dsn(application_name="fuzz-bystander", sslmode="disable"),
                         autocommit=True) as conn:
        yield conn


def outcome(client: RawClient) -> str:
    """'08P01', another SQLSTATE, 'closed', or 'open' (the proxy is still waiting)."""
    got = client.messages(until=b"EZ")
    errors = [sqlstate(body) for t, body in got if t == "E"]
    if errors:
        return errors[0]
    return "closed" if got and got[-1][0] == "EOF" else "open"


def assert_healthy(pg: PgCluster, proxy: ProxyThread, bystander: psycopg.Connection) -> None:
    assert bystander.execute("SELECT 7 * 6").fetchone() == (42,)
    with psycopg.connect(proxy.dsn(sslmode="disable"), connect_timeout=5) as fresh:
        assert fresh.execute("SELECT 1").fetchone() == (1,)
    assert db_state.wait_no_sessions(pg, application_name="fuzz-offender") == []


def offend(proxy: ProxyThread, payload: bytes, *, login: bool = False, eof: bool = True) -> str:
    """Send ``payload`` (after a login, optionally), then end the stream unless told not to:
    an incomplete frame would otherwise leave both sides waiting."""
    client = RawClient(proxy.port, timeout=5)
    try:
        if login:
            client.login(application_name="fuzz-offender")
        client.send(payload)
        if eof:
            client.sock.shutdown(socket.SHUT_WR)
        return outcome(client)
    except (BrokenPipeError, ConnectionResetError):
        return "closed"
    finally:
        client.close()


STARTUP = startup_packet(application_name="fuzz-offender")
STARTUP_CASES = {
    "length zero": struct.pack("!i", 0),
    "length negative": struct.pack("!i", -8) + b"\0" * 4,
    "length huge": struct.pack("!i", 1 << 30) + STARTUP[4:],
    "length too small": struct.pack("!i", 3),
    "protocol 2": struct.pack("!ii", 8, 2 << 16),
    "protocol 9.9": struct.pack("!ii", 8, (9 << 16) | 9),
    "unterminated params": struct.pack("!ii", 17, m.PROTOCOL_3_0) + b"user\0postg",
    "ssl request twice": m.ssl_request()[:4] + m.ssl_request()[4:] + m.ssl_request(),
    "short cancel": struct.pack("!ii", 10, m.CANCEL_REQUEST) + b"\0\0",
    "typed message first": m.query("select 1"),
}


@pytest.mark.parametrize("name", list(STARTUP_CASES))
def test_bad_startup(pg: PgCluster, proxy, bystander, name: str) -> None:
    assert offend(proxy, STARTUP_CASES[name]) in ("08P01", "closed")
    assert_healthy(pg, proxy, bystander)


def test_mutated_startup_packets(pg: PgCluster, proxy, bystander) -> None:
    rng = random.Random(5)
    outcomes: dict[str, int] = {}
    for _ in range(60):
        data = bytearray(STARTUP)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[:rng.randrange(len(data))]
        got = offend(proxy, bytes(data))
        outcomes[got] = outcomes.get(got, 0) + 1
        # a mutated packet may still be a valid startup (then the server judges it: a mutated
        # parameter name is an unrecognized configuration parameter, 42704)
        assert got in ("08P01", "closed", "open", "28000", "3D000", "28P01", "0A000", "22021", "42704")
    assert_healthy(pg, proxy, bystander)


OUT_OF_STATE = {
    "password message when ready": b"p" + struct.pack("!i", 9) + b"secr\0",
    "copy data outside copy": b"d" + struct.pack("!i", 8) + b"data",
    "copy done outside copy": b"c" + struct.pack("!i", 4),
    "unknown type": b"\x01" + struct.pack("!i", 4),
    "startup again": STARTUP,
    "length below 4": b"Q" + struct.pack("!i", 2) + b"xx",
    "oversized query": b"Q" + struct.pack("!i", MAX_MESSAGE * 4) + b"x" * 1024,
    "describe bad target": b"D" + struct.pack("!i", 6) + b"X\0",
    "parse truncated": b"P" + struct.pack("!i", 8) + b"a\0b\0",
    "bind unknown statement": m.bind("", "nope") + m.SYNC,
}


@pytest.mark.parametrize("name", list(OUT_OF_STATE))
def test_messages_out_of_state(pg: PgCluster, proxy, bystander, name: str) -> None:
    got = offend(proxy, OUT_OF_STATE[name], login=True, eof=name != "bind unknown statement")
    if name == "bind unknown statement":
        assert got == "26000"   # a valid message the server rejects: relayed, session lives
    else:
        assert got in ("08P01", "closed")
    assert_healthy(pg, proxy, bystander)


def test_truncated_tls_handshakes(pg: PgCluster, proxy, bystander) -> None:
    rng = random.Random(7)
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(incoming, outgoing)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = outgoing.read()
    for cut in [0, 1, 5, len(hello) // 2, len(hello) - 1] + [rng.randrange(len(hello))
                                                             for _ in range(5)]:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as s:
            s.sendall(m.ssl_request())
            assert s.recv(1) == b"S"
            s.sendall(hello[:cut])
            if rng.random() < 0.5:
                s.sendall(bytes(rng.randrange(256) for _ in range(50)))
            s.shutdown(socket.SHUT_WR)
            try:
                while s.recv(4096):
                    pass
            except (ConnectionResetError, socket.timeout):
                pass
    assert_healthy(pg, proxy, bystander)


@pytest.mark.slow
def test_random_bytes_after_login(pg: PgCluster, proxy, bystander) -> None:
    rng = random.Random(11)
    started = time.monotonic()
    for _ in range(40):
        payload = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
        assert offend(proxy, payload, login=True) in ("08P01", "closed", "open", "26000",
                                                        "42601", "XX000", "22021", "08P01")
    assert time.monotonic() - started < 60
    assert_healthy(pg, proxy, bystander)
