"""The native relay core (proxy/native/relay_core.c, proxy/native_relay.py): the same byte tables
and the same equivalence under any chunking as the Python lanes (tests/test_passthrough.py),
then live sessions whose responses must be byte-for-byte those of PostgreSQL itself.

The core must change nothing but speed: the bytes it relays are the ones the Python relay would
relay, the tracker and the transaction status it hands back are the ones the Python relay would
have, and whatever it stops at goes to the Python relay unchanged.
"""

from __future__ import annotations

import struct
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proxy import native_relay
from proxy.config_values import ConfigError
from proxy.wire.framing import Framer
from proxy.wire.relay import Relay
from proxy.wire.tracker import Expect
from proxy.wire.transaction import TxKind
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread
from tests.raw_client import RawClient
from tests.test_fuzz_codec import request, server_answers

pytestmark = pytest.mark.skipif(not native_relay.available(),
                                reason="the native relay core is not built (no compiler)")
BIG = 1 << 30


def msg(t: str, body: bytes = b"") -> bytes:
    return t.encode() + struct.pack("!I", len(body) + 4) + body


def relay_for(ask: bool = False, ddl: bool = False, *kinds: Expect) -> Relay:
    relay = Relay(ask_enabled=ask, watches_ddl=ddl)
    relay.logged_in()
    for kind in kinds:
        relay.tracker.expect(kind)
    return relay


def core_for(relay: Relay) -> object:
    from proxy import _relay_core  # type: ignore[attr-defined]
    plan = native_relay.plan(relay)
    assert plan is not None
    core = _relay_core.Core()
    core.attach(-1, -1, plan.actions, plan.entries, BIG, BIG, plan.check_ask, plan.check_ddl,
                plan.kinds, plan.batch_open)
    return core


def detach(core: object, relay: Relay) -> native_relay.Detached:
    state = native_relay.Detached(*core.detach())  # type: ignore[attr-defined]
    native_relay.restore(relay, state)
    return state


ROW = msg("D", b"\x00\x01\x00\x00\x00\x010")
SELECT_1 = msg("T", b"\x00\x01a\x00" + bytes(18)) + ROW + msg("C", b"SELECT 1\x00") + msg("Z", b"T")


# (pending requests, server bytes, bytes routed, stopped, status after, requests left)
SERVER_TABLE = [
    ((Expect.QUERY,), SELECT_1, len(SELECT_1), False, "T", 0),
    ((Expect.BIND, Expect.EXECUTE, Expect.SYNC),
     msg("2") + ROW + msg("C", b"SELECT 1\x00") + msg("Z", b"E"), 37, False, "E", 0),
    ((Expect.QUERY,), ROW + msg("E", b"SERROR\x00\x00") + msg("Z", b"I"), len(ROW), True, "I", 1),
    ((Expect.QUERY,), msg("S", b"client_encoding\x00LATIN1\x00") + SELECT_1, 0, True, "I", 1),
    ((Expect.QUERY,), ROW + msg("Z", b"I")[:5], len(ROW), False, "I", 1),   # status byte held
    ((Expect.QUERY,), msg("N", b"Mhi\x00\x00") + msg("Z", b"T"), 16, False, "T", 0),
    ((), msg("A", b"\x00\x00\x00\x07ch\x00\x00"), 13, False, "I", 0),      # notification, idle
    ((Expect.QUERY,), b"D\x00\x00\x00\x02", 0, True, "I", 1),               # bad length
    ((Expect.QUERY,), msg("Z", b"II"), 0, True, "I", 1),                     # ReadyForQuery too long
]


@pytest.mark.parametrize("kinds,data,routed,stopped,status,left", SERVER_TABLE)
def test_server_scan_table(kinds: tuple[Expect, ...], data: bytes, routed: int, stopped: bool,
                           status: str, left: int) -> None:
    relay = relay_for(False, False, *kinds)
    core = core_for(relay)
    assert core.feed(False, data) == (routed, stopped)  # type: ignore[attr-defined]
    state = detach(core, relay)
    assert state.down_held == data[routed:]
    assert relay.tx_status == status and len(relay.tracker) == left


def test_server_scan_passes_a_long_message_through_and_hands_the_rest_over() -> None:
    relay = relay_for(False, False, Expect.QUERY)
    core = core_for(relay)
    row = msg("D", b"\x00\x01" + struct.pack("!I", 100_000) + b"x" * 100_000)
    assert core.feed(False, row[:1000]) == (1000, False)  # type: ignore[attr-defined]
    state = detach(core, relay)
    assert state.down_body_left == len(row) - 1000 and relay.server_lane.mid_message
    rest = row[1000:] + msg("C", b"SELECT 1\x00") + msg("Z", b"I")
    assert relay.server_lane.scan(rest) == len(rest) and relay.tracker.idle


Q = ord("Q")
BES = msg("B", b"\x00s\x00\x00\x00\x00\x00\x00\x00") + msg("E", b"\x00\x00\x00\x00\x00") + msg("S")


# (ask, ddl, client bytes, bytes routed, stopped, requests added)
CLIENT_TABLE = [
    (False, False, msg("Q", b"create table ask(a int)\x00"), 29, False, [Expect.QUERY]),
    (False, False, msg("P", b"\x00select 1\x00\x00\x00") + BES, 17 + len(BES), False,
     [Expect.PARSE, Expect.BIND, Expect.EXECUTE, Expect.SYNC]),
    (True, True, msg("Q", b"select 1\x00"), 14, False, [Expect.QUERY]),
    (True, True, msg("Q", b"ASK 'how many'\x00"), 0, True, []),
    (True, True, msg("Q", b"select 1 from tasks\x00"), 0, True, []),     # conservative: Python's
    (True, True, msg("Q", b"CREATE table t()\x00"), 0, True, []),        # DDL: Python's
    (True, False, msg("Q", b"set x = 1\x00"), 15, False, [Expect.QUERY]),  # no cache to invalidate
    (False, True, msg("P", b"\x00drop table t\x00\x00\x00"), 0, True, []),
    (True, True, msg("P", b"\x00select 1\x00\x00\x00"), 0, True, []),    # Parse under ASK: Python's
    (True, True, BES, len(BES), False, [Expect.BIND, Expect.EXECUTE, Expect.SYNC]),
    (False, False, msg("X"), 0, True, []),                                 # Terminate: the session's
    (False, False, msg("Q", b"select 1\x00")[:10], 10, False, [Expect.QUERY]),  # as it comes
    (True, True, msg("Q", b"select 1\x00")[:10], 0, False, []),            # held until whole
    (True, True, msg("B", b"\x00s")[:4], 0, False, []),                    # no whole header yet
]


@pytest.mark.parametrize("ask,ddl,data,routed,stopped,added", CLIENT_TABLE)
def test_client_scan_table(ask: bool, ddl: bool, data: bytes, routed: int, stopped: bool,
                           added: list[Expect]) -> None:
    relay = relay_for(ask, ddl)
    core = core_for(relay)
    assert core.feed(True, data) == (routed, stopped)  # type: ignore[attr-defined]
    state = detach(core, relay)
    assert state.up_held == data[routed:]
    assert [p.kind for p in relay.tracker.entries()] == added


def test_client_scan_query_over_the_hold_bound_goes_to_python() -> None:
    relay = relay_for(True, True)
    core = core_for(relay)
    big = msg("Q", b"select '" + b"x" * 300_000 + b"'\x00")
    assert core.feed(True, big[:65536]) == (0, True)  # type: ignore[attr-defined]


def test_execute_of_the_ask_lane_reports_its_transaction_kind() -> None:
    relay = relay_for(True, True)
    core = core_for(relay)
    core.feed(True, BES)  # type: ignore[attr-defined]
    core.feed(False, msg("2") + msg("C", b"INSERT 0 1\x00"))  # type: ignore[attr-defined]
    detach(core, relay)
    assert relay.txn.implicit_work and [p.kind for p in relay.tracker.entries()] == [Expect.SYNC]
    assert [p.tx for p in relay.tracker.entries()] == [None]


def test_plan_refuses_what_is_not_plain_passthrough() -> None:
    relay = relay_for(True, True, Expect.QUERY)
    relay.tracker.expect(Expect.QUERY, payload=b"x")     # a synthetic entry of the proxy's
    assert native_relay.plan(relay) is None
    relay = relay_for(True, True)
    relay.fail_batch()
    assert native_relay.plan(relay) is None
    relay = relay_for(True, True)
    relay.ddl_pending = True
    assert native_relay.plan(relay) is None


def test_the_setting_picks_the_relay(monkeypatch: pytest.MonkeyPatch) -> None:
    assert native_relay.enabled("auto") and native_relay.enabled("on")
    assert not native_relay.enabled("off")
    assert native_relay.describe("auto").startswith("native")
    assert native_relay.describe("off").startswith("Python (off")
    monkeypatch.setattr(native_relay, "_relay_core", None)       # built without a compiler
    assert not native_relay.enabled("auto")
    assert native_relay.describe("auto") == "Python (the native core is not built)"
    with pytest.raises(ConfigError, match="native_relay: on, but"):
        native_relay.describe("on")


# --- equivalence with the Python relay under any chunking ------------------------------------

FUZZ = settings(max_examples=300, deadline=None, derandomize=True)
_BODY = {"Z": b"T", "E": b"SERROR\x00\x00", "2": b"", "1": b"", "3": b"",
         "S": b"application_name\x00x\x00"}


def python_server(relay: Relay, stream: bytes, cuts: list[int]) -> bytes:
    """The session's server relay: the fast lane, then the framer and per-message path."""
    out = bytearray()
    framer = Framer(BIG)
    for chunk in chunks(stream, cuts):
        out += python_server_read(relay, framer, chunk)
    return bytes(out)


def python_server_read(relay: Relay, framer: Framer, chunk: bytes) -> bytes:
    """One read the Python way: the fast lane's prefix, then frame by frame."""
    out = bytearray()
    if not framer.pending:
        taken = relay.server_lane.scan(chunk)
        out += chunk[:taken]
        chunk = chunk[taken:]
    framer.feed(chunk)
    for frame in framer.frames():
        out += relay.on_server_frame(frame)
    return bytes(out)


def native_server(relay: Relay, stream: bytes, cuts: list[int]) -> bytes:
    """The same with the core attached whenever the session would attach it: what it stops
    at (and what it held) goes the Python way."""
    out = bytearray()
    framer = Framer(BIG)
    core = None
    held = b""
    for chunk in chunks(stream, cuts):
        if core is None and not framer.pending and not relay.server_lane.mid_message \
                and native_relay.plan(relay) is not None:
            core, held = core_for(relay), b""
        if core is not None:
            routed, stopped = core.feed(False, chunk)  # type: ignore[attr-defined]
            data = held + chunk
            out += data[:routed]
            held = data[routed:]
            if not stopped:
                continue
            state = detach(core, relay)
            core = None
            assert state.down_held == held
            chunk = held
        out += python_server_read(relay, framer, chunk)
    if core is not None:
        assert not detach(core, relay).down_held
    return bytes(out)


def chunks(stream: bytes, cuts: list[int]) -> Iterator[bytes]:
    pos = i = 0
    while pos < len(stream):
        chunk = stream[pos:pos + cuts[i % len(cuts)]]
        pos, i = pos + len(chunk), i + 1
        yield chunk


@FUZZ
@given(st.lists(request, max_size=30), st.lists(st.integers(1, 80), min_size=1, max_size=20),
       st.integers(0, 200), st.booleans())
def test_server_core_equals_python_relay(requests: list[tuple[Expect, bool]], cuts: list[int],
                                         row_size: int, status_change: bool) -> None:
    if requests and requests[-1][0] not in (Expect.SYNC, Expect.QUERY):
        requests = requests + [(Expect.SYNC, False)]
    stream = b""
    for t, _ in server_answers(requests):
        kind = chr(t)
        if kind == "C":
            stream += msg("D", b"r" * row_size) + msg("N", b"Mn\x00\x00")
            if status_change:
                stream += msg("S", _BODY["S"])
        stream += msg(kind, _BODY.get(kind, b"x"))
    results = []
    for run in (python_server, native_server):
        relay = relay_for(False, False, *(kind for kind, _ in requests))
        out = run(relay, stream, cuts)
        results.append((out, relay.tx_status, relay.txn.status, relay.tracker.idle,
                        relay.tracker.batch_open))
    assert results[0] == results[1] and results[0][0] == stream


QUERIES = [b"select 1\x00", b"ASK 'n'\x00", b"select task\x00", b"alter table t\x00", b"\x00"]
client_message = st.one_of(
    st.sampled_from("BESDCHdFX").flatmap(
        lambda t: st.binary(max_size=60).map(lambda body: msg(t, body))),
    st.sampled_from(QUERIES).map(lambda q: msg("Q", q)),
    st.sampled_from(QUERIES).map(lambda q: msg("P", b"s\x00" + q + b"\x00\x00")))


@FUZZ
@given(st.lists(client_message, max_size=30), st.lists(st.integers(1, 50), min_size=1,
                                                       max_size=20),
       st.booleans(), st.booleans())
def test_client_core_routes_what_the_python_lane_and_handlers_would(
        msgs: list[bytes], cuts: list[int], ask: bool, ddl: bool) -> None:
    """Every message the core routes is one the Python relay would relay unchanged, adding the
    same request; the first one it stops at and everything after it reach Python unchanged."""
    relay = relay_for(ask, ddl)
    core = core_for(relay)
    stream = b"".join(msgs)
    routed = bytearray()
    held = b""
    stopped = False
    for chunk in chunks(stream, cuts):
        n, stopped = core.feed(True, chunk)  # type: ignore[attr-defined]
        data = held + chunk
        routed += data[:n]
        held = data[n:]
        if stopped:
            break
    state = detach(core, relay)
    assert bytes(routed) + state.up_held + stream[len(routed) + len(state.up_held):] == stream
    # the Python relay's view of the routed prefix: whole messages, each passed by the lane
    # table or a Query/Parse that may hold neither an ASK nor DDL
    framer = Framer(BIG)
    assert state.up_body_left == 0      # the stream holds whole messages
    framer.feed(bytes(routed))
    lane = relay.client_lane_table() or {}
    expected: list[Expect] = []
    for frame in framer.frames():
        t = frame.type
        if t in lane:
            entry = lane[t]
            if entry is not None:
                expected.append(entry.kind)
            continue
        assert t in (ord("Q"), ord("P")), chr(t)
        text = frame.body.lower()
        assert not (ask and b"ask" in text)
        assert not (ddl and any(w in text for w in (b"create", b"alter", b"drop", b"set")))
        assert not (ask and t == ord("P"))
        expected.append(Expect.QUERY if t == ord("Q") else Expect.PARSE)
    assert [p.kind for p in relay.tracker.entries()] == expected
    if stopped and state.up_held:
        t = state.up_held[0]
        assert t not in lane or struct.unpack("!I", state.up_held[1:5])[0] < 4


# --- live sessions: what the client gets is what PostgreSQL sends --------------------------

def parse(name: bytes, sql: bytes) -> bytes:
    return msg("P", name + b"\x00" + sql + b"\x00\x00\x00")


def bind_execute(statement: bytes = b"") -> bytes:
    return msg("B", b"\x00" + statement + b"\x00\x00\x00\x00\x00\x00\x00") + msg("D", b"P\x00") \
        + msg("E", b"\x00\x00\x00\x00\x00")


def bind_param(statement: bytes, value: bytes) -> bytes:
    return msg("B", b"\x00" + statement + b"\x00" + struct.pack("!hhi", 0, 1, len(value))
               + value + b"\x00\x00")


def query(sql: str) -> bytes:
    return msg("Q", sql.encode() + b"\x00")


# (client bytes, ReadyForQuery messages to read, seconds to wait before reading)
SCRIPT = [
    (query("select 1"), 1, 0),
    (query("select g, repeat('x', 4000) from generate_series(1, 10000) g"), 1, 0.5),  # 40 MB
    (query("select 1; select 2/0; select 3"), 1, 0),
    (query("set application_name = 'native'"), 1, 0),          # ParameterStatus
    (query(""), 1, 0),
    (parse(b"s1", b"select $1::int + 1") + msg("S"), 1, 0),
    (b"".join(bind_param(b"s1", str(i).encode()) + msg("E", b"\x00\x00\x00\x00\x00")
              for i in range(50)) + msg("S"), 1, 0),              # a pipeline in one read
    (parse(b"", b"select 1/0") + bind_execute() + parse(b"", b"select 2") + bind_execute()
     + msg("S") + parse(b"", b"select 3") + bind_execute() + msg("S"), 2, 0),
    (query("begin") + query("select 1") + query("select x") + query("rollback"), 4, 0),
    (query("copy (select g from generate_series(1, 500) g) to stdout"), 1, 0),
    (query("create temp table native_copy(a int)"), 1, 0),
    (query("copy native_copy from stdin"), 0, 0),
    (msg("d", b"1\n2\n") + msg("d", b"3\n") + msg("c") + query("select sum(a) from native_copy"),
     2, 0),
    (query("do $$ begin raise notice 'hi'; end $$"), 1, 0),
    (msg("F", b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), 1, 0),   # FunctionCall: an error
]


def run_script(port: int) -> list[list[tuple[str, bytes]]]:
    client = RawClient(port)
    client.login()
    out = []
    try:
        for data, readies, wait in SCRIPT:
            client.send(data)
            time.sleep(wait)
            got: list[tuple[str, bytes]] = []
            if readies == 0:
                got = client.messages(until=b"G")           # CopyInResponse
            for _ in range(readies):
                got += client.messages()
            out.append(got)
    finally:
        client.close()
    return out


@pytest.fixture(scope="module")
def native_proxy(pg: PgCluster) -> Iterator[ProxyThread]:
    p = ProxyThread(pg, upstream={"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"},
                    server={"native_relay": "on"}).start()
    yield p
    p.stop()


def test_a_native_session_gets_exactly_what_postgresql_sends(pg: PgCluster,
                                                              native_proxy: ProxyThread) -> None:
    before = native_relay.STATS.copy()
    direct = run_script(pg.port)
    proxied = run_script(native_proxy.port)
    assert [len(r) for r in proxied] == [len(r) for r in direct]
    for step, (want, got) in enumerate(zip(direct, proxied)):
        assert got == want, step
    stats = native_relay.STATS - before
    # the core relayed, stopped at what needs a look, and met a full socket buffer
    assert stats["attach"] >= 5 and stats["look"] >= 3 and stats["backpressure"] >= 1, stats


@pytest.mark.parametrize("ask", [False, True], ids=["no-ask", "ask"])
def test_a_prepared_statement_loop_stays_in_the_core(pg: PgCluster, ask: bool) -> None:
    """``pgbench -M prepared``'s loop, Bind of a named statement + Execute + Sync in one write,
    answered by BindComplete, DataRow, CommandComplete, ReadyForQuery: after the one Parse
    (Python's under ASK), every transaction is the hub thread's, with no stop to hand back."""
    translator = FixedTranslator({}) if ask else None
    p = ProxyThread(pg, translator,
                    upstream={"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"},
                    server={"native_relay": "on"}).start()
    client = RawClient(p.port)
    try:
        client.login()
        client.send(parse(b"p1", b"select $1::int * 2") + msg("S"))
        assert [t for t, _ in client.messages()] == ["1", "Z"]
        before = native_relay.STATS.copy()
        for i in range(200):
            client.send(bind_param(b"p1", str(i).encode()) + msg("E", b"\x00\x00\x00\x00\x00")
                        + msg("S"))
            got = client.messages()
            assert [t for t, _ in got] == ["2", "D", "C", "Z"]
            assert got[1][1][6:] == str(2 * i).encode()
        stats = native_relay.STATS - before
        # at most the one attach after the Parse's stint; no stop of any kind
        assert stats["attach"] <= 1 and set(stats) <= {"attach"}, stats
    finally:
        client.close()
        p.stop()


def test_ask_and_ddl_reach_the_python_relay(pg: PgCluster) -> None:
    translator = FixedTranslator({"q": ["select 42"]})
    p = ProxyThread(pg, translator,
                    upstream={"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"},
                    server={"native_relay": "on"}).start()
    try:
        before = native_relay.STATS["attach"]
        with psycopg.connect(p.dsn(sslmode="disable"), autocommit=True) as conn:
            for _ in range(20):
                assert conn.execute("select 1", prepare=False).fetchone() == (1,)
            assert conn.execute("ASK 'q'").fetchone() == (42,)
            assert conn.execute("select 1 as task").fetchone() == (1,)
            conn.execute("create temp table native_t(a int)")
            assert conn.execute("ask 'q'").fetchone() == (42,)
        assert translator.calls and native_relay.STATS["attach"] > before
    finally:
        p.stop()


def test_a_client_that_vanishes_mid_result_leaves_no_backend(pg: PgCluster,
                                                             native_proxy: ProxyThread) -> None:
    client = RawClient(native_proxy.port)
    client.login(application_name="native_vanish")
    client.send(query("select 1"))
    client.messages()
    client.send(query("select repeat('x', 1000) from generate_series(1, 100000)"))
    client.sock.recv(1000)
    client.close()
    with psycopg.connect(f"host=127.0.0.1 port={pg.port} user=postgres dbname=postgres",
                         autocommit=True) as conn:
        deadline = time.monotonic() + 10
        while conn.execute("select count(*) from pg_stat_activity "
                           "where application_name = 'native_vanish'").fetchone() != (0,):
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_the_hub_relays_while_the_event_loop_is_busy(pg: PgCluster,
                                                   native_proxy: ProxyThread) -> None:
    """A plain passthrough session is relayed by the hub's own thread: a stalled event loop
    (a slow callback, a long garbage collection) does not stall it."""
    with psycopg.connect(native_proxy.dsn(sslmode="disable"), autocommit=True) as conn:
        for _ in range(100):            # past the cool-down: the core is attached
            assert conn.execute("select 1", prepare=False).fetchone() == (1,)
        stalled, release, resumed = threading.Event(), threading.Event(), threading.Event()

        def stall() -> None:
            stalled.set()
            release.wait(10)
            resumed.set()

        native_proxy.loop.call_soon_threadsafe(stall)
        assert stalled.wait(5)
        try:
            for i in range(50):
                assert conn.execute(f"select {i}", prepare=False).fetchone() == (i,)
            assert not resumed.is_set()     # every answer came while the loop was stalled
        finally:
            release.set()


@pytest.mark.slow
def test_cancel_and_idle_timeout_with_the_native_core(pg: PgCluster) -> None:
    p = ProxyThread(pg, upstream={"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"},
                    server={"native_relay": "on"}, limits={"client_idle_timeout_s": 0.8}).start()
    try:
        with psycopg.connect(p.dsn(sslmode="disable"), autocommit=True) as conn:
            for _ in range(8):                   # 1.6 s of traffic, never 0.8 s silent
                assert conn.execute("select 1").fetchone() == (1,)
                time.sleep(0.2)
            timer = threading.Timer(0.3, conn.cancel_safe)
            timer.start()
            with pytest.raises(psycopg.errors.QueryCanceled):
                conn.execute("select pg_sleep(20)")
            assert conn.execute("select 2").fetchone() == (2,)
            time.sleep(2.0)
            with pytest.raises(psycopg.OperationalError, match="idle-session timeout"):
                conn.execute("select 1")
    finally:
        p.stop()


def test_graceful_shutdown_reaches_a_native_session(pg: PgCluster) -> None:
    p = ProxyThread(pg, upstream={"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"},
                    server={"native_relay": "on"}).start()
    conn = psycopg.connect(p.dsn(sslmode="disable"), autocommit=True)
    try:
        assert conn.execute("select 1").fetchone() == (1,)
        p.call(p.server.stop(grace_s=0.2))   # type: ignore[union-attr]
        with pytest.raises(psycopg.OperationalError, match="administrator command"):
            conn.execute("select 1")
    finally:
        conn.close()
        p.loop.call_soon_threadsafe(p.loop.stop)
        p._thread.join(5)
        p.loop.close()


def test_the_admin_console_shows_a_native_session_live(pg: PgCluster) -> None:
    """SHOW SESSIONS and SHOW STATS read the relay's own numbers: the stints the hub thread is
    running are taken back first (the session re-attaches at its next read), so a session in a
    transaction shows ``T`` and its bytes are counted, however long the core relayed it."""
    p = ProxyThread(pg, upstream={"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"},
                    server={"native_relay": "on"}, admin={"users": "postgres"}).start()
    try:
        with psycopg.connect(p.dsn(sslmode="disable"), autocommit=True) as conn:
            console = psycopg.connect(p.dsn(dbname="askproxy", sslmode="disable"),
                                      autocommit=True)
            with console:
                def stat(name: str) -> int:
                    rows = console.execute("SHOW STATS", prepare=False).fetchall()
                    return int(dict(rows)[name])
                before = stat("bytes_server_to_client")
                for _ in range(200):       # past the cool-down: the core relays the rest
                    assert conn.execute("select 1", prepare=False).fetchone() == (1,)
                conn.execute("begin")
                assert conn.execute("select 1", prepare=False).fetchone() == (1,)
                attached, settled = native_relay.STATS["attach"], native_relay.STATS["settle"]
                rows = console.execute("SHOW SESSIONS", prepare=False).fetchall()
                assert native_relay.STATS["settle"] > settled and attached > 0
                mine = [r for r in rows if r[2] == "postgres"]
                assert [r[5] for r in mine] == ["T"], rows
                # 200 answers of at least 40 bytes each reached the client through the core
                assert stat("bytes_server_to_client") - before >= 200 * 40
                conn.execute("commit")
    finally:
        p.stop()
