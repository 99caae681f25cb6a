"""The session's protocol state without sockets (proxy/wire/relay.py), h11 style: frames in,
events (what to forward, what to intercept) and the state after them out."""

from __future__ import annotations

import struct

import pytest

from proxy.ask_detector import AskLimits, AskStatement, DdlScope
from proxy.errors import ChannelBindingUnavailable, QuestionTooLong
from proxy.wire import messages as m
from proxy.wire import relay_events as ev
from proxy.wire.framing import Frame
from proxy.wire.inject import End, statements
from proxy.wire.read_only_wrap import unguard_statements
from proxy.wire.relay import Phase, ReadOnlyWrap, Relay
from proxy.wire.tracker import Expect
from proxy.wire.transaction import Owner


def frame(raw: bytes) -> Frame:
    return Frame(raw[0], raw)


def ready(status: str = "I") -> Frame:
    return frame(m.ready_for_query(status))


def logged_in(ask: bool = True, watches_ddl: bool = True) -> Relay:
    relay = Relay(ask_enabled=ask, watches_ddl=watches_ddl)
    relay.on_server_frame(ready())
    relay.logged_in()
    return relay


class _Sink:
    def __init__(self) -> None:
        self.seen: list[int] = []
        self.finished_at: int | None = None

    def on_message(self, f: Frame) -> bytes:
        self.seen.append(f.type)
        return b""

    def finished(self, last_type: int) -> None:
        self.finished_at = last_type

    def skipped(self) -> None:
        self.finished_at = -1


SASL_PLUS = m._msg(b"R", struct.pack("!i", m.AUTH_SASL)
                   + b"SCRAM-SHA-256-PLUS\x00SCRAM-SHA-256\x00\x00")
SASL = m._msg(b"R", struct.pack("!i", m.AUTH_SASL) + b"SCRAM-SHA-256\x00\x00")


def test_startup_strips_channel_binding_and_refuses_a_client_that_asks_for_it() -> None:
    relay = Relay(ask_enabled=True, watches_ddl=False)
    assert relay.on_server_frame(frame(SASL_PLUS)) == SASL
    assert relay.on_server_frame(frame(SASL)) == SASL
    plain = m._msg(b"p", b"SCRAM-SHA-256\x00\xff\xff\xff\xff")
    assert relay.on_client(frame(plain)) == ev.AuthResponse(plain)
    with pytest.raises(ChannelBindingUnavailable):
        relay.on_client(frame(m._msg(b"p", b"SCRAM-SHA-256\x00\x00\x00\x00\x05y,,n=")))


def test_startup_ready_sets_the_status_and_login_moves_to_ready() -> None:
    relay = Relay(ask_enabled=True, watches_ddl=False)
    assert relay.on_server_frame(ready("I")) == m.ready_for_query("I")
    assert relay.phase is Phase.STARTUP and relay.tracker.idle
    relay.logged_in()
    assert relay.phase is Phase.READY and relay.idle


def test_client_encoding_follows_parameter_status() -> None:
    relay = logged_in()
    status = m._msg(b"S", b"client_encoding\x00LATIN1\x00")
    assert relay.on_server_frame(frame(status)) == status
    assert relay.codec == "latin-1"


CLIENT = [
    # (message, expected tracker kind; None: nothing answers it)
    (m.query("SELECT 1"), Expect.QUERY),
    (m.parse("s", "SELECT 1"), Expect.PARSE),
    (m.bind("p", "s"), Expect.BIND),
    (m.describe("P", "p"), Expect.DESCRIBE),
    (m.execute("p"), Expect.EXECUTE),
    (m.close("S", "s"), Expect.CLOSE),
    (m.SYNC, Expect.SYNC),
    (m.FLUSH, None),
]


@pytest.mark.parametrize("raw,kind", CLIENT)
def test_client_requests_are_forwarded_unchanged_and_expected(raw: bytes,
                                                              kind: Expect | None) -> None:
    relay = logged_in()
    assert relay.on_client(frame(raw)) == ev.Forward(raw)
    assert [p.kind for p in relay.tracker.entries()] == ([kind] if kind else [])


def test_server_answers_route_to_the_client_or_to_the_proxys_sink() -> None:
    relay = logged_in()
    relay.on_client(frame(m.query("SELECT 1")))
    sink = _Sink()
    rollback = statements(["ROLLBACK"], End.SYNC)
    assert relay.inject([(rollback, sink)]) == rollback.encode()
    complete = m.command_complete("SELECT 1")
    assert relay.on_server_frame(frame(complete)) == complete
    assert relay.on_server_frame(ready("T")) == m.ready_for_query("T")
    assert relay.tx_status == "T" and relay.tracker.owned == rollback.entries
    for raw in (b"3\x00\x00\x00\x04", b"3\x00\x00\x00\x04", b"1\x00\x00\x00\x04",
                b"2\x00\x00\x00\x04", m.command_complete("ROLLBACK"), m.ready_for_query("I")):
        assert relay.on_server_frame(frame(raw)) == b""
    assert sink.finished_at == ord("Z") and relay.idle and relay.tracker.owned == 0


def test_proxy_output_waits_for_what_is_pending() -> None:
    relay = logged_in()
    relay.on_client(frame(m.query("SELECT 1")))
    assert relay.emit(b"N-mine") == b""
    assert relay.on_server_frame(ready()) == m.ready_for_query("I") + b"N-mine"
    assert relay.emit(b"N-now") == b"N-now"


ABORT = m.parse("askproxy_abort", "askproxy: ASK failed, batch aborted")


def test_a_failed_ask_drops_the_batch_up_to_sync_and_the_server_fails_it_too() -> None:
    relay = logged_in()
    relay.fail_batch()
    assert relay.skipping_to_sync and relay.client_lane_table() is None
    for raw in (m.bind("", ""), m.execute(""), m.query("SELECT 1"), m.TERMINATE):
        assert relay.on_client(frame(raw)) == ev.Forward(b"")
    assert relay.tracker.idle
    # the Sync: a Parse that fails on the server (its answer is the proxy's), then the Sync
    assert relay.on_client(frame(m.SYNC)) == ev.Forward(ABORT + m.SYNC)
    assert [p.kind for p in relay.tracker.entries()] == [Expect.PARSE, Expect.SYNC]
    assert not relay.skipping_to_sync
    error = m._msg(b"E", b"SERROR\x00C42601\x00Msyntax error\x00\x00")
    assert relay.on_server(frame(error)) == ev.ToClient(b"")     # the abort's: not the client's
    assert relay.on_server(ready()) == ev.ToClient(m.ready_for_query("I"))
    assert relay.idle
    assert relay.on_client(frame(m.SYNC)) == ev.Forward(m.SYNC)   # the next batch is its own


def test_bind_of_an_ask_statement_is_intercepted_with_its_portal() -> None:
    relay = logged_in()
    relay.ask_prepared("ask1", wrapped=True)
    bind = frame(m.bind("p1", "ask1"))
    assert relay.on_client(bind) == ev.BindAsk(b"", bind, "p1")
    assert relay.tracker.idle           # the read-only wrap relays it, expected then
    assert relay.on_client(frame(m.bind("p2", "other"))) == ev.Forward(m.bind("p2", "other"))
    relay.on_client(frame(m.close("S", "ask1")))
    assert relay.ask_statements == set()


def test_a_preview_is_not_wrapped() -> None:
    relay = logged_in()
    relay.ask_prepared("ask1", wrapped=False)
    assert relay.ask_statements == set()


def test_read_only_wrap_continues_only_with_its_portal() -> None:
    wrap = ReadOnlyWrap("p1", savepoint=True)
    assert wrap.continues(frame(m.execute("p1")))
    assert wrap.continues(frame(m.describe("P", "p1")))
    assert wrap.continues(frame(m.FLUSH))
    assert not wrap.continues(frame(m.execute("p2")))
    assert not wrap.continues(frame(m.describe("S", "p1")))
    assert not wrap.continues(frame(m.SYNC))


def test_the_client_fast_lane_follows_the_state() -> None:
    assert ord("Q") in (logged_in(ask=False, watches_ddl=False).client_lane_table() or {})
    assert ord("Q") not in (logged_in(ask=False, watches_ddl=True).client_lane_table() or {})
    relay = logged_in()
    lane = relay.client_lane_table() or {}
    assert ord("B") in lane and ord("Q") not in lane and ord("C") not in lane
    relay.ask_prepared("ask1", wrapped=True)
    assert ord("B") not in (relay.client_lane_table() or {})
    relay.open_read_only("p1")
    assert relay.client_lane_table() is None


# --- on_client: what to forward, what to intercept ---------------------------------------------

def answer(relay: Relay, *raws: bytes) -> bytes:
    """Server messages through the relay: what the client gets."""
    out = b""
    for raw in raws:
        event = relay.on_server(frame(raw))
        assert type(event) is ev.ToClient
        out += event.data
    return out


def inspected(relay: Relay, raw: bytes) -> ev.ClientEvent:
    """A Query or Parse that may hold an ASK: handed out to be parsed, then decided."""
    event = relay.on_client(frame(raw))
    assert isinstance(event, ev.Inspect) and event.data == b""
    return relay.on_inspected(event, event.scan())


def test_a_query_with_an_ask_next_to_a_pipelined_insert_is_intercepted_whole() -> None:
    relay = logged_in()
    event = inspected(relay, m.query("INSERT INTO t VALUES (1); ASK how many rows"))
    assert isinstance(event, ev.RunQuery) and event.data == b""
    plain, ask = event.segments
    assert plain.ask is None and plain.raw.strip() == b"INSERT INTO t VALUES (1);"
    assert ask.ask == AskStatement("how many rows")
    assert relay.tracker.idle            # nothing went upstream: the ASK execution sends it


def test_a_query_that_only_mentions_ask_is_forwarded_after_the_look() -> None:
    relay = logged_in()
    raw = m.query("SELECT 'ask' AS task")
    assert inspected(relay, raw) == ev.Forward(raw)
    assert [p.kind for p in relay.tracker.entries()] == [Expect.QUERY]


def test_an_ask_refused_before_planning_fails_the_query() -> None:
    relay = Relay(ask_enabled=True, watches_ddl=False, limits=AskLimits(max_question_bytes=8))
    relay.on_server_frame(ready())
    relay.logged_in()
    event = inspected(relay, m.query("ASK a question far longer than eight bytes"))
    assert isinstance(event, ev.FailQuery) and isinstance(event.error, QuestionTooLong)
    assert relay.tracker.idle


def test_ask_in_extended_protocol_after_a_pipelined_insert() -> None:
    """Parse/Bind/Execute of an INSERT, then Parse/Bind/Execute of an ASK, then Sync: the
    INSERT goes on as sent; the ASK's Parse and Bind are intercepted; its portal runs in a
    block of the proxy's that keeps the INSERT's work, settled at the client's Sync."""
    relay = logged_in()
    for raw in (m.parse("", "INSERT INTO t VALUES (1)"), m.bind("", ""), m.execute("")):
        assert relay.on_client(frame(raw)) == ev.Forward(raw)
    assert answer(relay, m.parse_complete(), b"2\x00\x00\x00\x04",
                  m.command_complete("INSERT 0 1")) \
        == m.parse_complete() + b"2\x00\x00\x00\x04" + m.command_complete("INSERT 0 1")
    assert relay.txn.implicit_work and relay.batch_open

    event = inspected(relay, m.parse("ask1", "ASK how many rows"))
    assert isinstance(event, ev.RunParse)
    assert event.parse.name == "ask1" and event.statement == AskStatement("how many rows")
    relay.ask_prepared("ask1", wrapped=True, sql=b"SELECT count(*) FROM t")  # what it became

    bind = frame(m.bind("p1", "ask1"))
    assert relay.on_client(bind) == ev.BindAsk(b"", bind, "p1")
    wrap = relay.open_read_only("p1")
    assert wrap == ReadOnlyWrap("p1", savepoint=True, converts=True)
    assert wrap.guard(1000)[:2] == ["BEGIN", "SAVEPOINT askproxy_ask"]
    assert relay.proxy_block_open and relay.txn.owner is Owner.PROXY_CONVERTED
    for raw in (m.describe("P", "p1"), m.execute("p1")):    # the portal's own: still wrapped
        assert relay.on_client(frame(raw)) == ev.Forward(raw)
    assert relay.read_only is wrap

    undo = statements(unguard_statements(savepoint=True)).encode()
    assert relay.on_client(frame(m.SYNC)) == ev.SettleSync(undo, m.SYNC)
    assert relay.read_only is None


def test_a_statement_after_the_ask_portal_ends_the_wrap_first() -> None:
    relay = logged_in()
    relay.ask_prepared("ask1", wrapped=True)
    relay.on_client(frame(m.bind("p1", "ask1")))
    relay.open_read_only("p1")                       # nothing ran: a read-only transaction
    assert relay.txn.owner is Owner.PROXY_READ_ONLY
    undo = statements(["ROLLBACK"]).encode()
    raw = m.parse("", "INSERT INTO t VALUES (2)")
    assert relay.on_client(frame(raw)) == ev.Forward(undo + raw)
    # the ROLLBACK's answers are the proxy's; once it ran, the block is no longer the proxy's
    close_complete = b"3\x00\x00\x00\x04"
    assert answer(relay, close_complete, close_complete, m.parse_complete(),
                  b"2\x00\x00\x00\x04", m.command_complete("ROLLBACK")) == b""
    assert relay.txn.owner is Owner.NONE and not relay.proxy_block_open
    assert relay.on_client(frame(m.SYNC)) == ev.Forward(m.SYNC)


def test_a_failing_rollback_of_the_wrap_reaches_the_client() -> None:
    relay = logged_in()
    relay.ask_prepared("ask1", wrapped=True)
    relay.on_client(frame(m.bind("p1", "ask1")))
    relay.open_read_only("p1")
    relay.on_client(frame(m.FLUSH))                  # the portal's: nothing to undo yet
    assert relay.read_only is not None
    relay.on_client(frame(m.SYNC))
    error = m._msg(b"E", b"SERROR\x00C25P02\x00Maborted\x00\x00")
    assert answer(relay, b"3\x00\x00\x00\x04", error) == error
    assert relay.proxy_block_open                   # not closed: the Sync settles it


def test_an_ask_parse_refused_before_planning_fails_the_parse() -> None:
    relay = Relay(ask_enabled=True, watches_ddl=False, limits=AskLimits(max_question_bytes=8))
    relay.on_server_frame(ready())
    relay.logged_in()
    event = inspected(relay, m.parse("s", "ASK a question far longer than eight bytes"))
    assert isinstance(event, ev.FailParse) and isinstance(event.error, QuestionTooLong)


def test_a_parse_that_replaces_an_ask_statement_forgets_it() -> None:
    relay = logged_in()
    relay.ask_prepared("s", wrapped=True)
    raw = m.parse("s", "SELECT 1")
    assert relay.on_client(frame(raw)) == ev.Forward(raw)
    assert relay.ask_statements == set()
    relay.ask_prepared("s", wrapped=True)
    raw = m.parse("s", "SELECT 'ask'")
    assert inspected(relay, raw) == ev.Forward(raw)
    assert relay.ask_statements == set()


def test_execute_of_a_prepared_ask_statement_is_intercepted() -> None:
    relay = logged_in()
    relay.ask_prepared("q", wrapped=True)
    body = m.query("EXECUTE q")
    assert relay.on_client(frame(body)) == ev.ExecuteAsk(b"", body[5:])
    assert relay.on_client(frame(m.query("EXECUTE other"))) == ev.Forward(m.query("EXECUTE other"))


def test_terminate_is_forwarded_and_ends_the_session() -> None:
    relay = logged_in()
    assert relay.on_client(frame(m.TERMINATE)) == ev.Terminate(m.TERMINATE)
    relay.ask_prepared("ask1", wrapped=True)
    relay.on_client(frame(m.bind("p1", "ask1")))
    relay.open_read_only("p1")
    undo = statements(["ROLLBACK"]).encode()
    assert relay.on_client(frame(m.TERMINATE)) == ev.Terminate(undo + m.TERMINATE)


def test_ddl_is_reported_with_its_scope_and_again_when_its_transaction_ends() -> None:
    relay = logged_in(watches_ddl=True)
    settled: list[DdlScope] = []
    relay.on_ddl_settled = settled.append
    assert relay.on_client(frame(m.query("BEGIN"))).ddl is DdlScope.NONE  # type: ignore[union-attr]
    raw = m.query("CREATE TABLE t (a int)")
    assert relay.on_client(frame(raw)) == ev.Forward(raw, DdlScope.DATABASE)
    assert relay.ddl_pending
    answer(relay, m.ready_for_query("T"), m.command_complete("CREATE TABLE"),
           m.ready_for_query("T"))
    assert settled == []                            # still inside the block
    relay.on_client(frame(m.query("COMMIT")))
    answer(relay, m.command_complete("COMMIT"), m.ready_for_query("I"))
    assert settled == [DdlScope.DATABASE] and not relay.ddl_pending
    without = logged_in(watches_ddl=False)
    assert without.on_client(frame(raw)) == ev.Forward(raw)


# --- on_server: what the client gets, and what else a message means -----------------------------

def test_startup_messages_say_what_they_mean_for_the_session() -> None:
    relay = Relay(ask_enabled=False, watches_ddl=False)
    md5 = m._msg(b"R", struct.pack("!i", 5) + b"salt")
    assert relay.on_server(frame(md5)) == ev.AuthRequest(md5, client_turn=True)
    ok = m._msg(b"R", struct.pack("!i", 0))
    assert relay.on_server(frame(ok)) == ev.AuthRequest(ok, client_turn=False)
    key = m._msg(b"K", struct.pack("!i", 42) + b"abcd")
    assert relay.on_server(frame(key)) == ev.BackendKey(key, 42, b"abcd")
    assert relay.on_server(ready()) == ev.LoggedIn(m.ready_for_query("I"))


def test_a_refused_login_and_a_fatal_error_are_reported() -> None:
    relay = Relay(ask_enabled=False, watches_ddl=False)
    refused = m._msg(b"E", b"SFATAL\x00VFATAL\x00C28P01\x00Mpassword authentication failed\x00\x00")
    event = relay.on_server(frame(refused))
    assert isinstance(event, ev.LoginRefused) and event.fatal and event.fields["C"] == "28P01"
    relay = logged_in()
    relay.on_client(frame(m.query("SELECT pg_terminate_backend(pg_backend_pid())")))
    fatal = m._msg(b"E", b"SFATAL\x00VFATAL\x00C57P01\x00Mterminating connection\x00\x00")
    assert relay.on_server(frame(fatal)) == ev.Fatal(fatal, fatal)
    error = m._msg(b"E", b"SERROR\x00VERROR\x00C42601\x00Msyntax error\x00\x00")
    assert relay.on_server(frame(error)) == ev.ToClient(error)
