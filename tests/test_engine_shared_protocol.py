"""The shared engine's codec (engines/shared/protocol.py), without sockets: exact bytes of each
message, round trips, frames split anywhere, and what is refused."""

from __future__ import annotations

import struct

import pytest

from engines.errors import EngineBusy, EngineStopped, EngineTimeout, EngineUnavailable
from engines.shared import protocol as p

STATS = p.Stats((1, 2, 3, 4, 5, 6))

# (message, its exact frame)
FRAMES = [
    (p.Submit(7, (5, 300), 64, 4, 2, b"k1"),
     b"\x00\x00\x00\x1b" b"S" b"\x00\x00\x00\x07" b"\x00\x40\x00\x04\x00\x02" b"\x00\x02k1"
     b"\x00\x00\x00\x02" b"\x00\x00\x00\x05\x00\x00\x01\x2c"),
    (p.Submit(1, (9,), 1), b"\x00\x00\x00\x15S\x00\x00\x00\x01\x00\x01\x00\x01\x00\x01\x00\x00"
                           b"\x00\x00\x00\x01\x00\x00\x00\x09"),
    (p.Cancel(258), b"\x00\x00\x00\x05C\x00\x00\x01\x02"),
    (p.Define(b"key", b"{}"), b"\x00\x00\x00\x08D\x00\x03key{}"),
    (p.StatsQuery(), b"\x00\x00\x00\x01Q"),
    (STATS, b"\x00\x00\x00\x31T" + b"".join(struct.pack("!Q", i) for i in range(1, 7))),
    (p.Failure(3, p.FailureKind.BUSY, "full", None), b"\x00\x00\x00\x0eF\x00\x00\x00\x03\x02\x00\x04full\xff\xff"),
    (p.Failure(3, p.FailureKind.TIMEOUT, "", "h"), b"\x00\x00\x00\x0bF\x00\x00\x00\x03\x01\x00\x00\x00\x01h"),
    (p.Result(2, (((4, 5), -0.5),), True, (0.25, 0.5, 1.0), STATS),
     struct.pack("!IcIBH3d6Q", 4 + 1 + 2 + 24 + 48 + 1 + 12 + 8, b"R", 2, 1, 1, 0.25, 0.5, 1.0, 1, 2, 3, 4, 5, 6)
     + struct.pack("!dI", -0.5, 2) + struct.pack("!2I", 4, 5)),
]


@pytest.mark.parametrize("message, frame", FRAMES)
def test_each_message_has_its_exact_bytes_and_decodes_back(message: p.Message, frame: bytes) -> None:
    assert p.encode(message) == frame
    assert p.FrameDecoder().feed(frame) == [message]


def test_a_result_of_several_candidates_round_trips() -> None:
    message = p.Result(9, (((1, 2, 3), -0.1), ((), -2.0), ((70000,), 0.0)), False, (0.0, 0.0, 0.0), STATS)
    assert p.FrameDecoder().feed(p.encode(message)) == [message]


def test_frames_split_at_every_byte_come_out_whole_and_in_order() -> None:
    stream = b"".join(frame for _, frame in FRAMES)
    decoder = p.FrameDecoder()
    out: list[p.Message] = []
    for i in range(len(stream)):
        out += decoder.feed(stream[i:i + 1])
    assert out == [message for message, _ in FRAMES]
    assert decoder.buffered == 0


def test_many_frames_in_one_read() -> None:
    stream = b"".join(frame for _, frame in FRAMES) + FRAMES[2][1][:3]
    decoder = p.FrameDecoder()
    assert decoder.feed(stream) == [message for message, _ in FRAMES]
    assert decoder.buffered == 3


@pytest.mark.parametrize("stream, why", [
    (b"\x00\x00\x00\x00", "a frame of 0 bytes"),
    (b"\x00\x00\x10\x01Q", "a frame of 4097 bytes"),
    (b"\x00\x00\x00\x01Z", "unknown message type"),
    (b"\x00\x00\x00\x03C\x00\x01", "truncated 'C'"),
    (b"\x00\x00\x00\x02Qx", "1 stray bytes after a 'Q'"),
    (b"\x00\x00\x00\x0eF\x00\x00\x00\x03\x09\x00\x04full\xff\xff", "unknown failure kind 9"),
    (b"\x00\x00\x00\x15S\x00\x00\x00\x01\x00\x01\x00\x01\x00\x01\x00\x00\x00\x00\x00\x02\x00\x00\x00\x09",
     "truncated 'S'"),
])
def test_a_broken_stream_is_a_protocol_error(stream: bytes, why: str) -> None:
    with pytest.raises(p.ProtocolError, match=why):
        p.FrameDecoder(max_frame=4096).feed(stream)


def test_a_field_too_long_for_its_length_is_refused_when_encoding() -> None:
    with pytest.raises(p.ProtocolError, match="exceeds"):
        p.encode(p.Define(b"k" * 70000, b""))


@pytest.mark.parametrize("exc, kind, back", [
    (EngineTimeout("late", hint="h"), p.FailureKind.TIMEOUT, EngineTimeout),
    (EngineBusy("full"), p.FailureKind.BUSY, EngineBusy),
    (EngineStopped("stopping"), p.FailureKind.STOPPED, EngineStopped),
    (EngineUnavailable("gone"), p.FailureKind.STOPPED, EngineStopped),
    (ValueError("a request of 9 beams exceeds max_batch_size"), p.FailureKind.INVALID, ValueError),
    (RuntimeError("CUDA"), p.FailureKind.STOPPED, EngineStopped),
])
def test_engine_exceptions_cross_as_failures_and_come_back_as_themselves(
        exc: Exception, kind: p.FailureKind, back: type[Exception]) -> None:
    failure = p.failure_of(5, exc)
    assert failure.kind is kind
    wire = p.FrameDecoder().feed(p.encode(failure))[0]
    assert isinstance(wire, p.Failure)
    error = p.error_of(wire)
    assert type(error) is back
    assert str(exc) in str(error)
    if isinstance(exc, EngineTimeout):
        assert getattr(error, "hint") == "h"
