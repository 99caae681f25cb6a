"""Codec tables: (input, exact bytes or typed result), h11 style."""

from __future__ import annotations

import struct

import pytest

from proxy.errors import AskSyntaxError, ProtocolViolation, RejectedSQL, UntranslatableCharacter
from proxy.wire import messages as m
from proxy.wire.encodings import python_codec
from proxy.wire.framing import STARTUP, Framer
from proxy.wire.tracker import Expect, ResponseTracker

BUILDERS = [
    (m.query("select 1"), b"Q\x00\x00\x00\x0dselect 1\x00"),
    (m.SYNC, b"S\x00\x00\x00\x04"),
    (m.FLUSH, b"H\x00\x00\x00\x04"),
    (m.TERMINATE, b"X\x00\x00\x00\x04"),
    (m.ready_for_query("T"), b"Z\x00\x00\x00\x05T"),
    (m.command_complete("SELECT 1"), b"C\x00\x00\x00\x0dSELECT 1\x00"),
    (m.parse("s1", "select $1", (23,)),
     b"P\x00\x00\x00\x17s1\x00select $1\x00\x00\x01\x00\x00\x00\x17"),
    (m.bind("p", "s"), b"B\x00\x00\x00\x0ep\x00s\x00\x00\x00\x00\x00\x00\x00"),
    (m.describe("P", "p"), b"D\x00\x00\x00\x07Pp\x00"),
    (m.execute("p", 0), b"E\x00\x00\x00\x0ap\x00\x00\x00\x00\x00"),
    (m.close("S", "x"), b"C\x00\x00\x00\x07Sx\x00"),
    (m.data_row(["ab", None]), b"D\x00\x00\x00\x10\x00\x02\x00\x00\x00\x02ab\xff\xff\xff\xff"),
    (m.row_description([("a", 25)]),
     b"T\x00\x00\x00\x1a\x00\x01a\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x19\xff\xff"
     b"\xff\xff\xff\xff\x00\x00"),
    (m.ssl_request(), b"\x00\x00\x00\x08\x04\xd2\x16\x2f"),
    (m.cancel_request(42, b"\x01\x02\x03\x04"),
     b"\x00\x00\x00\x10\x04\xd2\x16\x2e\x00\x00\x00\x2a\x01\x02\x03\x04"),
]


@pytest.mark.parametrize("built,expected", BUILDERS)
def test_builders_exact_bytes(built: bytes, expected: bytes) -> None:
    assert built == expected


def test_error_response_fields_round_trip() -> None:
    err = RejectedSQL("only SELECT may run", sql="DELETE FROM t")
    raw = m.error_response(err)
    assert raw[:1] == b"E" and struct.unpack("!I", raw[1:5])[0] == len(raw) - 1
    fields = m.parse_fields(raw[5:])
    assert fields == {"S": "ERROR", "V": "ERROR", "C": "42501", "M": "only SELECT may run",
                      "D": "generated SQL: DELETE FROM t"}


STARTUP_PACKETS = [
    (b"\x00\x00\x00\x08\x04\xd2\x16\x2f", m.SSLRequest()),
    (b"\x00\x00\x00\x08\x04\xd2\x16\x30", m.GSSENCRequest()),
    (b"\x00\x00\x00\x10\x04\xd2\x16\x2e\x00\x00\x00\x07\xaa\xbb\xcc\xdd",
     m.CancelRequest(7, b"\xaa\xbb\xcc\xdd")),
    (b"\x00\x00\x00\x17\x00\x03\x00\x00user\x00bob\x00\x00\x00\x00\x00"[:0]
     + struct.pack("!I", 4 + 4 + 9 + 1) + b"\x00\x03\x00\x00user\x00bob\x00\x00",
     m.StartupMessage(196608, {"user": "bob"})),
    (struct.pack("!I", 4 + 4 + 1) + b"\x00\x03\x00\x02\x00", m.StartupMessage(196610, {})),
]


@pytest.mark.parametrize("raw,expected", STARTUP_PACKETS)
def test_startup_packets(raw: bytes, expected: object) -> None:
    framer = Framer(10000, typed=False)
    framer.feed(raw)
    frame = framer.next_frame()
    assert frame is not None and frame.type == STARTUP and frame.raw == raw
    assert m.parse_startup(frame.body) == expected


@pytest.mark.parametrize("raw", [
    struct.pack("!I", 8) + struct.pack("!I", 2 << 16),     # protocol 2
    struct.pack("!I", 6) + b"\x00\x03",                    # too short for a version
])
def test_bad_startup_is_protocol_violation(raw: bytes) -> None:
    framer = Framer(10000, typed=False)
    framer.feed(raw)
    frame = framer.next_frame()
    with pytest.raises(ProtocolViolation):
        assert frame is not None
        m.parse_startup(frame.body)


def test_framer_splits_across_chunks_and_keeps_raw() -> None:
    stream = m.query("select 1") + m.SYNC + m.query("x" * 1000)
    framer = Framer(1 << 20)
    frames = []
    for i in range(0, len(stream), 7):
        framer.feed(stream[i:i + 7])
        frames += framer.frames()
    assert [f.tag for f in frames] == ["Q", "S", "Q"]
    assert b"".join(f.raw for f in frames) == stream
    assert framer.pending == 0


@pytest.mark.parametrize("raw,reason", [
    (b"Q\x00\x00\x00\x02", "invalid message length"),
    (b"Q" + struct.pack("!I", 2_000_000), "exceeds the limit"),
])
def test_framer_rejects_bad_lengths(raw: bytes, reason: str) -> None:
    framer = Framer(1 << 20)
    framer.feed(raw)
    with pytest.raises(ProtocolViolation, match=reason):
        framer.next_frame()


def test_strip_channel_binding() -> None:
    body = struct.pack("!i", 10) + b"SCRAM-SHA-256-PLUS\x00SCRAM-SHA-256\x00\x00"
    raw = b"R" + struct.pack("!I", len(body) + 4) + body
    out = m.strip_channel_binding(raw)
    assert out == b"R" + struct.pack("!I", 4 + 4 + 14 + 1) + struct.pack("!i", 10) \
        + b"SCRAM-SHA-256\x00\x00"
    ok = b"R\x00\x00\x00\x08\x00\x00\x00\x00"
    assert m.strip_channel_binding(ok) is ok


class Rec:
    def __init__(self) -> None:
        self.events: list[str] = []

    def finished(self, t: int) -> None:
        self.events.append("done:" + chr(t))

    def skipped(self) -> None:
        self.events.append("skipped")


def _drive(tracker: ResponseTracker, types: str) -> list[tuple[object, bool]]:
    out = []
    for t in types:
        sink, done = tracker.route(ord(t))
        if done and sink is not None:
            sink.finished(ord(t))
        out.append((sink, done))
    return out


def test_tracker_routes_extended_batch() -> None:
    tr, mine = ResponseTracker(), Rec()
    tr.expect(Expect.PARSE)
    tr.expect(Expect.BIND, mine)
    tr.expect(Expect.DESCRIBE, mine)
    tr.expect(Expect.EXECUTE, mine)
    tr.expect(Expect.SYNC)
    routed = _drive(tr, "12TDDCZ")
    assert [s is mine for s, _ in routed] == [False, True, True, True, True, True, False]
    assert mine.events == ["done:2", "done:T", "done:C"]
    assert tr.idle and not tr.batch_open


def test_tracker_error_skips_until_sync() -> None:
    tr, a, b = ResponseTracker(), Rec(), Rec()
    tr.expect(Expect.PARSE, a)
    tr.expect(Expect.BIND, b)
    tr.expect(Expect.QUERY, b)            # skipped too: the server ignores all until Sync
    tr.expect(Expect.SYNTHETIC, payload=b"x")
    tr.expect(Expect.SYNC)
    tr.expect(Expect.QUERY, a)
    sink, done = tr.route(ord("E"))
    assert sink is a and done
    assert b.events == ["skipped", "skipped"]
    assert tr.take_synthetic() == b""     # dropped with the rest of the batch
    assert tr.route(ord("Z")) == (None, True)
    assert tr.route(ord("C")) == (a, False)
    assert tr.route(ord("Z")) == (a, True)


def test_tracker_simple_query_error_waits_for_ready() -> None:
    tr, a = ResponseTracker(), Rec()
    tr.expect(Expect.QUERY, a)
    assert tr.route(ord("E")) == (a, False)
    assert tr.route(ord("N")) == (a, False)
    assert tr.route(ord("A")) == (None, False)       # notifications always go to the client
    assert tr.route(ord("Z")) == (a, True)


def test_tracker_synthetic_waits_its_turn() -> None:
    tr = ResponseTracker()
    tr.expect(Expect.QUERY)
    tr.expect(Expect.SYNTHETIC, payload=b"late")
    assert tr.take_synthetic() == b""
    _drive(tr, "TDCZ")
    assert tr.take_synthetic() == b"late"


def _abandoned_read(tr: ResponseTracker, sink: Rec) -> None:
    """A catalog read of the proxy's: Parse/Bind/Describe/Execute/Sync, all owned by ``sink``."""
    for kind in (Expect.PARSE, Expect.BIND, Expect.DESCRIBE, Expect.EXECUTE, Expect.SYNC):
        tr.expect(kind, sink)


def test_tracker_output_goes_before_abandoned_reads() -> None:
    tr, read = ResponseTracker(), Rec()
    tr.expect(Expect.QUERY)                  # the client's, pipelined before the ASK
    _abandoned_read(tr, read)
    assert tr.abandon({read}) == 5
    tr.expect(Expect.SYNTHETIC, payload=b"E")
    tr.expect(Expect.SYNTHETIC, payload=b"Z")
    tr.expect(Expect.QUERY)                  # the client's next request: after the read
    assert tr.take_synthetic() == b""        # the client's first Query is still ahead
    assert _drive(tr, "CZ") == [(None, False), (None, True)]
    assert tr.take_synthetic() == b"EZ"      # at once: only the abandoned read is ahead
    # The read is cancelled upstream while it executes: its error, then its own Sync's
    # ReadyForQuery; then the client's next request.
    assert _drive(tr, "12TDEZ") == [(read, True)] * 3 + [(read, False)] + [(read, True)] * 2
    assert read.events == ["done:1", "done:2", "done:T", "done:E", "done:Z"]
    assert tr.owned == tr.abandoned == 0
    assert _drive(tr, "TDCZ") == [(None, False)] * 3 + [(None, True)]
    assert tr.idle


def test_tracker_abandons_only_the_trailing_run() -> None:
    tr, read, other = ResponseTracker(), Rec(), Rec()
    _abandoned_read(tr, read)
    tr.expect(Expect.QUERY, other)           # sent after the read: not abandoned
    assert tr.abandon({read}) == 0
    tr.expect(Expect.SYNTHETIC, payload=b"x")
    assert tr.take_synthetic() == b""
    assert len(tr) == 7


def test_tracker_barrier_still_waits_for_abandoned_reads() -> None:
    tr, read, barrier = ResponseTracker(), Rec(), Rec()
    _abandoned_read(tr, read)
    tr.abandon({read})
    tr.expect(Expect.SYNTHETIC, barrier)     # everything sent before it, abandoned or not
    tr.expect(Expect.SYNTHETIC, payload=b"x")   # after the barrier, as it was added
    assert tr.take_synthetic() == b""
    _drive(tr, "12nCZ")
    assert barrier.events == [] and tr.take_synthetic() == b"x"
    assert barrier.events == ["done:\x00"]


def test_tracker_copy_out_inside_execute() -> None:
    tr = ResponseTracker()
    tr.expect(Expect.EXECUTE)
    tr.expect(Expect.SYNC)
    assert [d for _, d in _drive(tr, "HddcCZ")] == [False, False, False, False, True, True]


# --- client encodings ---------------------------------------------------------------------------

ENCODED_BUILDERS = [
    (m.notice_response("caf\xe9", encoding="latin-1"),
     b"N\x00\x00\x00\x22SNOTICE\x00VNOTICE\x00C00000\x00Mcaf\xe9\x00\x00"),
    (m.notice_response("\u8868", encoding="cp932"),
     b"N\x00\x00\x00\x20SNOTICE\x00VNOTICE\x00C00000\x00M\x95\\\x00\x00"),
    # our own text: what the encoding lacks becomes '?'
    (m.notice_response("\u8868", encoding="latin-1"),
     b"N\x00\x00\x00\x1fSNOTICE\x00VNOTICE\x00C00000\x00M?\x00\x00"),
    (m.error_response(AskSyntaxError("\u20ac"), "cp1252"),
     b"E\x00\x00\x00\x1dSERROR\x00VERROR\x00C42601\x00M\x80\x00\x00"),
    (m.error_response_fields({"C": "42703", "M": "nope_caf\xe9"}, "latin-1"),
     b"E\x00\x00\x00\x17C42703\x00Mnope_caf\xe9\x00\x00"),
    (m.data_row(["caf\xe9"], "latin-1"), b"D\x00\x00\x00\x0e\x00\x01\x00\x00\x00\x04caf\xe9"),
    (m.data_row(["\u8868"], "cp950"), b"D\x00\x00\x00\x0c\x00\x01\x00\x00\x00\x02\xaa\xed"),
    (m.query("select '\xe9'", "latin-1"), b"Q\x00\x00\x00\x0fselect '\xe9'\x00"),
    (m.query_raw(b"select '\xe9'"), b"Q\x00\x00\x00\x0fselect '\xe9'\x00"),
    (m.parse("", "select '\u65e5'", encoding="euc_jp"),
     b"P\x00\x00\x00\x13\x00select '\xc6\xfc'\x00\x00\x00"),
]


@pytest.mark.parametrize("built,expected", ENCODED_BUILDERS)
def test_encoded_builders_exact_bytes(built: bytes, expected: bytes) -> None:
    assert built == expected


@pytest.mark.parametrize("build", [
    lambda: m.data_row(["\u8868"], "latin-1"),          # row data: an error, as PostgreSQL's
    lambda: m.query("select '\u8868'", "cp1252"),       # SQL: never altered
    lambda: m.parse("", "select '\u8868'", encoding="latin-1"),
])
def test_untranslatable_character_in_data_or_sql(build) -> None:
    with pytest.raises(UntranslatableCharacter) as exc:
        build()
    assert exc.value.sqlstate == "22P05"
    assert "0xe8" in exc.value.message


ENCODED_PARSERS = [
    (m.parse_parameter_status(b"client_encoding\x00LATIN1\x00"), ("client_encoding", "LATIN1")),
    (m.parse_fields(b"C42703\x00Mnope_caf\xe9\x00\x00", "latin-1"),
     {"C": "42703", "M": "nope_caf\xe9"}),
    (m.parse_data_row(b"\x00\x01\x00\x00\x00\x02\x95\\", "cp932"), ("\u8868",)),
    (m.parse_row_description(b"\x00\x01caf\xe9\x00" + bytes(18), "latin-1"), ("caf\xe9",)),
    (m.query_bytes(b"select '\xe9'\x00"), b"select '\xe9'"),
]


@pytest.mark.parametrize("parsed,expected", ENCODED_PARSERS)
def test_encoded_parsers(parsed: object, expected: object) -> None:
    assert parsed == expected


@pytest.mark.parametrize("pg_name,codec", [
    ("UTF8", "utf-8"), ("LATIN1", "latin-1"), ("latin1", "latin-1"), ("WIN1252", "cp1252"),
    ("LATIN9", "iso8859-15"), ("SJIS", "cp932"), ("EUC_JP", "euc_jp"), ("BIG5", "cp950"),
    ("GB18030", "gb18030"), ("SQL_ASCII", "utf-8"), ("EUC_TW", "ascii"), ("MULE_INTERNAL", "ascii"),
])
def test_python_codec_of_postgresql_encodings(pg_name: str, codec: str) -> None:
    assert python_codec(pg_name) == codec


@pytest.mark.parametrize(("body", "code"), [
    (b"\x00\x00\x00\x00", 0), (b"\x00\x00\x00\x03", 3), (b"\x00\x00\x00\x05salt", 5),
    (b"\x00\x00\x00\x0aSCRAM-SHA-256\x00\x00", 10), (b"\x00\x00\x00\x0cv=abc", 12), (b"\x00\x00", -1),
])
def test_auth_code(body: bytes, code: int) -> None:
    assert m.auth_code(body) == code


def test_startup_message_round_trip() -> None:
    raw = m.startup_message(m.PROTOCOL_3_0, {"user": "app", "database": "shop"})
    assert raw == struct.pack("!ii", 8 + len(b"user\0app\0database\0shop\0") + 1, m.PROTOCOL_3_0) \
        + b"user\0app\0database\0shop\0\0"
