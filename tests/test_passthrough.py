"""The fast lanes (``proxy/wire/passthrough.py``): byte tables, then equivalence with the
per-frame path under any chunking (hypothesis).

The lanes must change nothing but speed: every byte reaches the same owner in the same order,
the tracker ends in the same state, ReadyForQuery statuses are reported in order.
"""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proxy.wire.framing import Framer
from proxy.wire.passthrough import ClientPassthrough, ServerPassthrough
from proxy.wire.tracker import Expect, ResponseTracker, pending
from proxy.wire.transaction import TxKind
from tests.test_fuzz_codec import Owner, request, server_answers

BIG = 1 << 30


def msg(t: str, body: bytes = b"") -> bytes:
    return t.encode() + struct.pack("!I", len(body) + 4) + body


ROW = msg("D", b"\x00\x01\x00\x00\x00\x010")
SELECT_1 = msg("T", b"\x00\x01a\x00" + bytes(18)) + ROW + msg("C", b"SELECT 1\x00") + msg("Z", b"I")


def server_lane(*kinds: Expect) -> tuple[ResponseTracker, ServerPassthrough, list[int]]:
    tracker = ResponseTracker()
    for kind in kinds:
        tracker.expect(kind)
    statuses: list[int] = []
    return tracker, ServerPassthrough(tracker, statuses.append, BIG), statuses


# (pending requests, server bytes, bytes the lane takes, statuses reported, requests left)
SERVER_TABLE = [
    ((Expect.QUERY,), SELECT_1, len(SELECT_1), b"I", 0),
    ((Expect.BIND, Expect.EXECUTE, Expect.SYNC),
     msg("2") + ROW + msg("C", b"SELECT 1\x00") + msg("Z", b"T"), 37, b"T", 0),
    ((Expect.QUERY,), ROW + msg("E", b"SERROR\x00\x00") + msg("Z", b"I"), len(ROW), b"", 1),
    ((Expect.QUERY,), msg("S", b"client_encoding\x00LATIN1\x00") + SELECT_1, 0, b"", 1),
    ((Expect.QUERY,), ROW + msg("Z", b"I")[:5], len(ROW), b"", 1),       # status byte not here
    ((Expect.QUERY,), msg("N", b"Mhi\x00\x00") + msg("Z", b"E"), 16, b"E", 0),
    ((Expect.PARSE, Expect.SYNC), msg("1") + msg("Z", b"I"), 11, b"I", 0),
    ((), msg("A", b"\x00\x00\x00\x07ch\x00\x00"), 13, b"", 0),          # notification, idle
    ((Expect.QUERY,), b"D\x00\x00\x00\x02", 0, b"", 1),                  # bad length: framer's
]


@pytest.mark.parametrize("kinds,data,taken,statuses,left", SERVER_TABLE)
def test_server_lane_table(kinds: tuple[Expect, ...], data: bytes, taken: int,
                           statuses: bytes, left: int) -> None:
    tracker, lane, seen = server_lane(*kinds)
    assert lane.scan(data) == taken
    assert bytes(seen) == statuses and len(tracker) == left


def test_server_lane_passes_a_long_message_through_as_it_arrives() -> None:
    tracker, lane, seen = server_lane(Expect.QUERY)
    row = msg("D", b"\x00\x01" + struct.pack("!I", 100_000) + b"x" * 100_000)
    stream = row + msg("C", b"SELECT 1\x00") + msg("Z", b"I")
    assert lane.scan(stream[:1000]) == 1000 and lane.mid_message
    assert lane.scan(stream[1000:50_000]) == 49_000 and lane.mid_message
    assert lane.scan(stream[50_000:]) == len(stream) - 50_000
    assert not lane.mid_message and tracker.idle and seen == [ord("I")]


def test_server_lane_is_closed_while_the_proxy_has_a_request_pending() -> None:
    tracker, lane, _ = server_lane(Expect.QUERY)
    tracker.expect(Expect.QUERY, Owner("ask"))
    assert lane.scan(SELECT_1 + SELECT_1) == 0       # all of it goes the per-frame way
    assert len(tracker) == 2 and tracker.owned == 1
    tracker.route(ord("Z"))
    tracker.route(ord("Z"))
    assert tracker.owned == 0 and lane.scan(SELECT_1) == len(SELECT_1)


NO_ASK = {ord("B"): pending(Expect.BIND), ord("E"): pending(Expect.EXECUTE),
          ord("S"): pending(Expect.SYNC), ord("D"): pending(Expect.DESCRIBE),
          ord("C"): pending(Expect.CLOSE), ord("H"): None, ord("d"): None,
          ord("Q"): pending(Expect.QUERY), ord("P"): pending(Expect.PARSE)}
ASK = {ord("B"): pending(Expect.BIND), ord("E"): pending(Expect.EXECUTE, tx=TxKind.OTHER),
       ord("S"): pending(Expect.SYNC), ord("H"): None}
BES = msg("B", b"\x00s\x00\x00\x00\x00\x00\x00\x00") + msg("E", b"\x00\x00\x00\x00\x00") + msg("S")


@pytest.mark.parametrize("lane,data,taken,expected", [
    (NO_ASK, BES, len(BES), [Expect.BIND, Expect.EXECUTE, Expect.SYNC]),
    (ASK, BES, len(BES), [Expect.BIND, Expect.EXECUTE, Expect.SYNC]),
    (ASK, msg("Q", b"ASK 'x'\x00") + msg("S"), 0, []),
    (ASK, msg("H") + msg("P", b"\x00ASK 'x'\x00\x00\x00") + BES, 5, []),
    (NO_ASK, msg("Q", b"select 1\x00"), 14, [Expect.QUERY]),
    (NO_ASK, msg("X"), 0, []),                                   # Terminate: the session's
    (NO_ASK, msg("B", b"\x00s")[:4], 0, []),                     # no whole header yet
])
def test_client_lane_table(lane: dict, data: bytes, taken: int,  # type: ignore[type-arg]
                           expected: list[Expect]) -> None:
    tracker = ResponseTracker()
    assert ClientPassthrough(tracker).scan(data, lane, BIG) == taken
    assert [p.kind for p in tracker._pending] == expected


def test_client_lane_execute_carries_the_transaction_kind() -> None:
    executed: list[TxKind] = []
    tracker = ResponseTracker(executed.append)
    ClientPassthrough(tracker).scan(BES, ASK, BIG)
    for t in b"2CZ":
        tracker.route(t)
    assert executed == [TxKind.OTHER] and tracker.idle


def test_client_lane_respects_the_size_bound() -> None:
    tracker = ResponseTracker()
    big = msg("B", b"\x00" * 2000)
    assert ClientPassthrough(tracker).scan(big, NO_ASK, 1024) == 0 and tracker.idle


# --- equivalence with the per-frame path -----------------------------------------------------

FUZZ = settings(max_examples=300, deadline=None, derandomize=True)
_BODY = {"Z": b"I", "E": b"SERROR\x00\x00", "2": b"", "1": b"", "3": b""}


def relay_server(stream: bytes, cuts: list[int], tracker: ResponseTracker,
                 fast: bool) -> tuple[list[tuple[object, bytes]], list[int]]:
    """The session's server relay in miniature: (owner, bytes) in delivery order."""
    out: list[tuple[object, bytes]] = []
    statuses: list[int] = []
    framer = Framer(BIG)
    lane = ServerPassthrough(tracker, statuses.append, BIG)
    pos = i = 0
    while pos < len(stream):
        chunk = stream[pos:pos + cuts[i % len(cuts)]]
        pos, i = pos + len(chunk), i + 1
        if fast and not framer.pending:
            taken = lane.scan(chunk)
            out.append((None, chunk[:taken]))
            chunk = chunk[taken:]
        framer.feed(chunk)
        for frame in framer.frames():
            sink, done = tracker.route(frame.type)
            if frame.type == ord("Z"):
                statuses.append(frame.raw[5])
            out.append((sink, frame.raw))
            if done and sink is not None:
                sink.finished(frame.type)
    merged: list[tuple[object, bytes]] = []
    for owner, data in out:           # adjacent bytes of one owner, joined
        if merged and merged[-1][0] is owner:
            merged[-1] = (owner, merged[-1][1] + data)
        elif data:
            merged.append((owner, data))
    return merged, statuses


@FUZZ
@given(st.lists(request, max_size=30), st.lists(st.integers(0, 3), max_size=30),
       st.lists(st.integers(1, 80), min_size=1, max_size=20), st.integers(0, 200))
def test_server_lane_equals_per_frame_path(requests: list[tuple[Expect, bool]],
                                           owned: list[int], cuts: list[int],
                                           row_size: int) -> None:
    if requests and requests[-1][0] not in (Expect.SYNC, Expect.QUERY):
        requests = requests + [(Expect.SYNC, False)]
    stream = b""
    for t, _ in server_answers(requests):
        kind = chr(t)
        if kind == "C":       # some result rows and a notice before each completion
            stream += msg("D", b"r" * row_size) + msg("N", b"Mn\x00\x00")
        stream += msg(kind, _BODY.get(kind, b"x"))
    results = []
    for fast in (False, True):
        tracker = ResponseTracker()
        owners = [Owner(f"r{i}") if i < len(owned) and owned[i] == 0 else None
                  for i in range(len(requests))]
        for (kind, _), owner in zip(requests, owners):
            tracker.expect(kind, owner)
        delivered, statuses = relay_server(stream, cuts, tracker, fast)
        results.append(([(o.name if isinstance(o, Owner) else None, d) for o, d in delivered],
                        statuses, [(o.n_finished, o.n_skipped) for o in owners if o],
                        tracker.idle, tracker.owned))
    assert results[0] == results[1]
    assert results[1][3] and results[1][4] == 0


client_message = st.sampled_from("BESDCHdQPXF").flatmap(
    lambda t: st.binary(max_size=60).map(lambda body: msg(t, body)))


@FUZZ
@given(st.lists(client_message, max_size=30), st.lists(st.integers(1, 50), min_size=1,
                                                       max_size=20),
       st.sampled_from([NO_ASK, ASK]))
def test_client_lane_equals_per_frame_path(msgs: list[bytes], cuts: list[int],
                                           lane: dict) -> None:  # type: ignore[type-arg]
    stream = b"".join(msgs)
    per_frame = {t: pending(Expect.FUNCTION_CALL if t == ord("F") else Expect.QUERY)
                 for t in b"QPXF"}
    results = []
    for fast in (False, True):
        tracker = ResponseTracker()
        framer = Framer(BIG)
        passthrough = ClientPassthrough(tracker)
        relayed = bytearray()
        pos = i = 0
        while pos < len(stream):
            chunk = stream[pos:pos + cuts[i % len(cuts)]]
            pos, i = pos + len(chunk), i + 1
            if fast and not framer.pending:
                taken = passthrough.scan(chunk, lane, BIG)
                relayed += chunk[:taken]
                chunk = chunk[taken:]
            framer.feed(chunk)
            for frame in framer.frames():
                entry = lane[frame.type] if frame.type in lane else per_frame.get(frame.type)
                if entry is not None:
                    tracker.add(entry)
                relayed += frame.raw
        results.append((bytes(relayed), [(p.kind, p.tx) for p in tracker._pending]))
    assert results[0] == results[1] and results[1][0] == stream
