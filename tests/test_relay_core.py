"""The session's protocol state without sockets (proxy/wire/relay.py), h11 style: frames in,
the bytes to forward and the state after them out."""

from __future__ import annotations

import struct

import pytest

from proxy.errors import ChannelBindingUnavailable
from proxy.wire import messages as m
from proxy.wire.framing import Frame
from proxy.wire.inject import End, statements
from proxy.wire.relay import Phase, ReadOnlyWrap, Relay
from proxy.wire.tracker import Expect


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
    assert relay.auth_response(frame(plain)) == plain
    with pytest.raises(ChannelBindingUnavailable):
        relay.auth_response(frame(m._msg(b"p", b"SCRAM-SHA-256\x00\x00\x00\x00\x05y,,n=")))


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
    # (method, message, expected tracker kind)
    ("query", m.query("SELECT 1"), Expect.QUERY),
    ("parse", m.parse("s", "SELECT 1"), Expect.PARSE),
    ("bind", m.bind("p", "s"), Expect.BIND),
    ("execute", m.execute("p"), Expect.EXECUTE),
    ("close", m.close("S", "s"), Expect.CLOSE),
]


@pytest.mark.parametrize("method,raw,kind", CLIENT)
def test_client_requests_are_forwarded_unchanged_and_expected(method: str, raw: bytes,
                                                              kind: Expect) -> None:
    relay = logged_in()
    assert getattr(relay, method)(frame(raw)) == raw
    assert [p.kind for p in relay.tracker._pending] == [kind]


def test_server_answers_route_to_the_client_or_to_the_proxys_sink() -> None:
    relay = logged_in()
    relay.query(frame(m.query("SELECT 1")))
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
    relay.query(frame(m.query("SELECT 1")))
    assert relay.emit(b"N-mine") == b""
    assert relay.on_server_frame(ready()) == m.ready_for_query("I") + b"N-mine"
    assert relay.emit(b"N-now") == b"N-now"


def test_a_failed_ask_drops_the_batch_up_to_sync() -> None:
    relay = logged_in()
    relay.fail_batch()
    assert relay.skipping_to_sync and relay.client_lane_table() is None
    assert relay.drops(frame(m.execute("")))
    assert not relay.drops(frame(m.SYNC))
    assert relay.sync_ends_failed_batch()
    assert not relay.skipping_to_sync and not relay.sync_ends_failed_batch()


def test_bind_of_an_ask_statement_is_intercepted_with_its_portal() -> None:
    relay = logged_in()
    relay.ask_prepared("ask1", wrapped=True)
    assert relay.bind(frame(m.bind("p1", "ask1"))) == "p1"
    assert relay.tracker.idle           # the read-only wrap relays it, expected then
    assert relay.bind(frame(m.bind("p2", "other"))) == m.bind("p2", "other")
    relay.close(frame(m.close("S", "ask1")))
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
    relay.read_only = ReadOnlyWrap("p1", savepoint=False)
    assert relay.client_lane_table() is None
