"""Property tests over the sans-I/O codec (hypothesis; short and seeded in CI, longer in
``bench/fuzz_proxy.py``).

* Framer: however a byte stream is chunked, the same frames come out; garbage only ever
  raises :class:`ProtocolViolation`; the size bound holds before any body is buffered whole.
* parse_* of client-controlled messages: return or raise ProtocolViolation, nothing else.
* ResponseTracker: against a model of PostgreSQL's answering rules (in order, skip to Sync
  after an error in a batch), every server message reaches the owner of its request, every
  owner is finished or skipped exactly once, and the tracker ends idle.
"""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from proxy.errors import ProtocolViolation
from proxy.wire import messages as m
from proxy.wire.framing import STARTUP, Framer
from proxy.wire.tracker import Expect, ResponseTracker

FAST = settings(max_examples=300, deadline=None, derandomize=True)

message = st.builds(lambda t, body: bytes([t]) + struct.pack("!I", len(body) + 4) + body,
                    st.integers(32, 126), st.binary(max_size=300))


@FAST
@given(st.lists(message, max_size=20), st.lists(st.integers(1, 64), min_size=1, max_size=50))
def test_framer_is_chunking_invariant(msgs: list[bytes], cuts: list[int]) -> None:
    stream = b"".join(msgs)
    framer = Framer(1 << 20)
    frames, pos, i = [], 0, 0
    while pos < len(stream):
        step = cuts[i % len(cuts)]
        framer.feed(stream[pos:pos + step])
        pos, i = pos + step, i + 1
        frames += framer.frames()
    assert [f.raw for f in frames] == msgs
    assert framer.pending == 0


@FAST
@given(st.binary(max_size=2000), st.booleans(), st.integers(1024, 4096))
def test_framer_garbage_only_raises_protocol_violation(data: bytes, typed: bool,
                                                       limit: int) -> None:
    framer = Framer(limit, typed=typed)
    framer.feed(data)
    try:
        for frame in framer.frames():
            assert len(frame.raw) - (5 if typed else 4) + 4 <= limit
            assert (frame.type == STARTUP) == (not typed)
    except ProtocolViolation as exc:
        assert exc.sqlstate == "08P01"


@FAST
@given(st.integers(2 ** 20 + 1, 2 ** 31 - 1))
def test_oversized_length_rejected_from_header_alone(length: int) -> None:
    framer = Framer(1 << 20)
    framer.feed(b"Q" + struct.pack("!I", length))
    try:
        framer.next_frame()
    except ProtocolViolation:
        return
    raise AssertionError("oversized message accepted")


CLIENT_PARSERS = [m.parse_startup, m.parse_query, m.parse_parse, m.describe_target,
                  m.parse_backend_key_data, m.strip_channel_binding]


@FAST
@given(st.sampled_from(CLIENT_PARSERS), st.binary(max_size=400))
def test_parsers_return_or_raise_protocol_violation(parse, body: bytes) -> None:  # type: ignore[no-untyped-def]
    try:
        parse(body)
    except ProtocolViolation:
        pass


NAME_CHARS = st.characters(min_codepoint=1, blacklist_categories=("Cs",))


@FAST
@given(st.dictionaries(st.text(NAME_CHARS, min_size=1, max_size=20),
                       st.text(NAME_CHARS, max_size=40), max_size=8))
def test_startup_round_trip(params: dict[str, str]) -> None:
    body = struct.pack("!i", m.PROTOCOL_3_0) + b"".join(
        k.encode() + b"\0" + v.encode() + b"\0" for k, v in params.items()) + b"\0"
    parsed = m.parse_startup(body)
    assert isinstance(parsed, m.StartupMessage) and parsed.params == params


# --- tracker against a model of the server ---------------------------------------------------

class Owner:
    """A sink that counts how its request ended."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.n_finished = 0
        self.n_skipped = 0

    def finished(self, last_type: int) -> None:
        self.n_finished += 1

    def skipped(self) -> None:
        self.n_skipped += 1


EXTENDED = [Expect.PARSE, Expect.BIND, Expect.DESCRIBE, Expect.EXECUTE, Expect.CLOSE]
_OK = {Expect.PARSE: b"1", Expect.BIND: b"2", Expect.CLOSE: b"3", Expect.DESCRIBE: b"T",
       Expect.EXECUTE: b"DDC"}


def server_answers(requests: list[tuple[Expect, bool]]) -> list[tuple[int, int]]:
    """(message type, index of the request it answers) as PostgreSQL would send them."""
    out: list[tuple[int, int]] = []
    failed = False
    for i, (kind, fails) in enumerate(requests):
        if kind is Expect.SYNC:
            out.append((ord("Z"), i))
            failed = False
        elif failed:
            continue   # skipped by the server until Sync, Query messages included
        elif kind in (Expect.QUERY, Expect.FUNCTION_CALL):
            out += [(ord("E" if fails else "C"), i), (ord("Z"), i)]
        elif fails:
            out.append((ord("E"), i))
            failed = True
        else:
            out += [(t, i) for t in _OK[kind]]
    return out


request = st.tuples(st.sampled_from(EXTENDED + [Expect.QUERY, Expect.SYNC]), st.booleans())


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(request, max_size=40))
def test_tracker_routes_each_message_to_its_owner(requests: list[tuple[Expect, bool]]) -> None:
    # every extended batch is closed by a Sync, as any client must do before waiting
    if requests and requests[-1][0] not in (Expect.SYNC, Expect.QUERY):
        requests = requests + [(Expect.SYNC, False)]
    tracker = ResponseTracker()
    owners = [Owner(f"r{i}") if i % 2 else None for i in range(len(requests))]
    for (kind, _), owner in zip(requests, owners):
        tracker.expect(kind, owner)
    for msg_type, index in server_answers(requests):
        sink, done = tracker.route(msg_type)
        expected = owners[index]
        if msg_type != ord("Z") or requests[index][0] in (Expect.SYNC, Expect.QUERY):
            assert sink is expected, (chr(msg_type), index)
        if done and sink is not None:
            sink.finished(msg_type)
    assert tracker.idle
    for owner in owners:
        if owner is not None:
            assert owner.n_finished + owner.n_skipped == 1, owner.name
