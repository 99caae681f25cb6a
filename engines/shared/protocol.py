"""The shared engine's wire protocol, sans-I/O: typed messages in, bytes out; bytes in, typed
messages out. No sockets, no asyncio (h11's shape): :mod:`engines.shared.server` and
:mod:`engines.shared.client` only move the bytes.

A frame is a big-endian ``u32`` length of its body, then the body: one type byte and the
message's fields (integers big-endian; a string or byte string is a ``u16`` or ``u32`` length
and its bytes). Many requests are in flight on one connection; each carries an id chosen by
the client, and every answer names the request it answers.

worker -> engine server
  ``S`` Submit      request id, generation parameters, constraint key (empty: none), token ids
  ``C`` Cancel      request id (a waiting request leaves now, a running one at the next step)
  ``D`` Define      constraint key, payload: the allowed-name constraint later Submits name by
                    key (its payload is opaque here; the server's constraint factory reads it)
  ``Q`` StatsQuery  ask for a Stats message
engine server -> worker
  ``R`` Result      request id, candidates (token ids, score), best first, the re-run flag,
                    the batcher's timings and its counters at that moment
  ``F`` Failure     request id, kind (which engine exception), message, hint
  ``T`` Stats       the batcher's counters (answers StatsQuery)

A Submit naming a key the server does not hold (never defined, or evicted from its bounded
cache) fails with ``UNKNOWN_CONSTRAINT``: the client defines it again and resubmits.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable

from engines.errors import EngineBusy, EngineError, EngineStopped, EngineTimeout

MAX_FRAME = 64 << 20        # a Define of a very large schema's names stays far below
_LEN = struct.Struct("!I")
_SUBMIT = struct.Struct("!cIHHH")
_REQUEST = struct.Struct("!cI")
_FAILURE = struct.Struct("!cIB")
_RESULT = struct.Struct("!cIBH3d6Q")
_CANDIDATE = struct.Struct("!dI")
_STATS = struct.Struct("!c6Q")
_NO_HINT = 0xFFFF


class ProtocolError(Exception):
    """The byte stream is not this protocol (or a frame exceeds ``MAX_FRAME``): the connection
    cannot be resynchronised and is closed."""


class FailureKind(IntEnum):
    TIMEOUT = 1                 # engines.errors.EngineTimeout
    BUSY = 2                    # EngineBusy: the batcher's queue is full
    STOPPED = 3                 # EngineStopped: shutting down, or the model failed
    INVALID = 4                 # the request itself is wrong (ValueError in-process)
    UNKNOWN_CONSTRAINT = 5      # define the constraint again, then resubmit


@dataclass(frozen=True, slots=True)
class Submit:
    request_id: int
    input_ids: tuple[int, ...]
    max_new_tokens: int
    num_beams: int = 1
    num_return_sequences: int = 1
    constraint: bytes = b""


@dataclass(frozen=True, slots=True)
class Cancel:
    request_id: int


@dataclass(frozen=True, slots=True)
class Define:
    key: bytes
    payload: bytes


@dataclass(frozen=True, slots=True)
class StatsQuery:
    pass


@dataclass(frozen=True, slots=True)
class Stats:
    """:class:`engines.batcher.BatcherStats`'s six counters, in its field order."""
    counters: tuple[int, int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class Result:
    request_id: int
    candidates: tuple[tuple[tuple[int, ...], float], ...]
    rerun: bool = False
    timings: tuple[float, float, float] = (0.0, 0.0, 0.0)    # queue, encode, decode seconds
    stats: Stats = Stats((0, 0, 0, 0, 0, 0))


@dataclass(frozen=True, slots=True)
class Failure:
    request_id: int
    kind: FailureKind
    message: str
    hint: str | None = None


Message = Submit | Cancel | Define | StatsQuery | Stats | Result | Failure


# --- encoding ------------------------------------------------------------------------------

def encode(message: Message) -> bytes:
    """The frame of one message."""
    body = _WRITERS[type(message)](message)
    if len(body) > MAX_FRAME:
        raise ProtocolError(f"a {type(message).__name__} of {len(body)} bytes exceeds {MAX_FRAME}")
    return _LEN.pack(len(body)) + body


def _ids(ids: tuple[int, ...]) -> bytes:
    return _LEN.pack(len(ids)) + struct.pack(f"!{len(ids)}I", *ids)


def _short(data: bytes) -> bytes:
    if len(data) >= _NO_HINT:
        raise ProtocolError(f"a field of {len(data)} bytes exceeds {_NO_HINT - 1}")
    return struct.pack("!H", len(data)) + data


def _write_submit(m: Submit) -> bytes:
    return (_SUBMIT.pack(b"S", m.request_id, m.max_new_tokens, m.num_beams, m.num_return_sequences)
            + _short(m.constraint) + _ids(m.input_ids))


def _write_define(m: Define) -> bytes:
    return b"D" + _short(m.key) + m.payload


def _write_result(m: Result) -> bytes:
    head = _RESULT.pack(b"R", m.request_id, m.rerun, len(m.candidates), *m.timings, *m.stats.counters)
    return head + b"".join(_CANDIDATE.pack(score, len(ids)) + struct.pack(f"!{len(ids)}I", *ids)
                           for ids, score in m.candidates)


def _write_failure(m: Failure) -> bytes:
    hint = struct.pack("!H", _NO_HINT) if m.hint is None else _short(m.hint.encode())
    return _FAILURE.pack(b"F", m.request_id, m.kind) + _short(m.message.encode()) + hint


_WRITERS: dict[type, Callable[..., bytes]] = {
    Submit: _write_submit,
    Cancel: lambda m: _REQUEST.pack(b"C", m.request_id),
    Define: _write_define,
    StatsQuery: lambda m: b"Q",
    Stats: lambda m: _STATS.pack(b"T", *m.counters),
    Result: _write_result,
    Failure: _write_failure,
}


# --- decoding ------------------------------------------------------------------------------

class _Fields:
    """Reads one body's fields in order; running past its end is a ProtocolError."""

    def __init__(self, body: bytes) -> None:
        self.body, self.at = body, 0

    def take(self, fmt: struct.Struct) -> tuple[Any, ...]:
        try:
            values = fmt.unpack_from(self.body, self.at)
        except struct.error:
            raise ProtocolError(f"a truncated {chr(self.body[0])!r} message") from None
        self.at += fmt.size
        return values

    def raw(self, n: int) -> bytes:
        if self.at + n > len(self.body):
            raise ProtocolError(f"a truncated {chr(self.body[0])!r} message")
        data = self.body[self.at:self.at + n]
        self.at += n
        return data

    def short(self) -> bytes | None:
        (n,) = self.take(_U16)
        return None if n == _NO_HINT else self.raw(n)

    def ids(self, n: int | None = None) -> tuple[int, ...]:
        if n is None:
            (n,) = self.take(_LEN)
        return struct.unpack(f"!{n}I", self.raw(4 * n))

    def rest(self) -> bytes:
        return self.raw(len(self.body) - self.at)

    def end(self) -> None:
        if self.at != len(self.body):
            raise ProtocolError(f"{len(self.body) - self.at} stray bytes after a {chr(self.body[0])!r} message")


_U16 = struct.Struct("!H")


def _read_submit(f: _Fields) -> Submit:
    _, request_id, max_new, beams, returned = f.take(_SUBMIT)
    constraint = f.short() or b""
    return Submit(int(request_id), f.ids(), int(max_new), int(beams), int(returned),
                  constraint)


def _read_define(f: _Fields) -> Define:
    f.raw(1)
    key = f.short() or b""
    return Define(key, f.rest())


def _read_result(f: _Fields) -> Result:
    _, request_id, rerun, count, q, e, d, *counters = f.take(_RESULT)
    candidates = []
    for _ in range(int(count)):
        score, n = f.take(_CANDIDATE)
        candidates.append((f.ids(int(n)), float(score)))
    return Result(request_id, tuple(candidates), bool(rerun), (q, e, d), Stats(tuple(counters)))  # type: ignore[arg-type]


def _read_failure(f: _Fields) -> Failure:
    _, request_id, kind = f.take(_FAILURE)
    try:
        known = FailureKind(kind)
    except ValueError:
        raise ProtocolError(f"unknown failure kind {kind}") from None
    message = (f.short() or b"").decode(errors="replace")
    hint = f.short()
    return Failure(int(request_id), known, message, None if hint is None else hint.decode(errors="replace"))


def _read_request(f: _Fields) -> int:
    _, request_id = f.take(_REQUEST)
    return int(request_id)


def _read_stats(f: _Fields) -> Stats:
    _, *counters = f.take(_STATS)
    return Stats(tuple(counters))  # type: ignore[arg-type]


def _read_query(f: _Fields) -> StatsQuery:
    f.raw(1)
    return StatsQuery()


_READERS: dict[int, Callable[[_Fields], Message]] = {
    ord("S"): _read_submit,
    ord("C"): lambda f: Cancel(_read_request(f)),
    ord("D"): _read_define,
    ord("Q"): _read_query,
    ord("T"): _read_stats,
    ord("R"): _read_result,
    ord("F"): _read_failure,
}


def decode(body: bytes) -> Message:
    """One frame's body (without its length) as its message."""
    reader = _READERS.get(body[0]) if body else None
    if reader is None:
        raise ProtocolError(f"unknown message type {body[:1]!r}")
    fields = _Fields(body)
    message = reader(fields)
    fields.end()
    return message


class FrameDecoder:
    """Bytes as they arrive in, whole messages out (a frame split anywhere waits for the rest)."""

    def __init__(self, max_frame: int = MAX_FRAME) -> None:
        self._buffer = bytearray()
        self._max = max_frame

    def feed(self, data: bytes) -> list[Message]:
        buffer = self._buffer
        buffer += data
        messages: list[Message] = []
        at = 0
        while len(buffer) - at >= 4:
            (n,) = _LEN.unpack_from(buffer, at)
            if n == 0 or n > self._max:
                raise ProtocolError(f"a frame of {n} bytes (at most {self._max})")
            if len(buffer) - at - 4 < n:
                break
            messages.append(decode(bytes(buffer[at + 4:at + 4 + n])))
            at += 4 + n
        del buffer[:at]
        return messages

    @property
    def buffered(self) -> int:
        return len(self._buffer)


# --- engine exceptions <-> failures -----------------------------------------------------------

def failure_of(request_id: int, exc: BaseException) -> Failure:
    """The Failure that carries ``exc`` (an engine error, or ValueError for a bad request)."""
    if isinstance(exc, EngineError):
        kind = (FailureKind.TIMEOUT if isinstance(exc, EngineTimeout) else
                FailureKind.BUSY if isinstance(exc, EngineBusy) else FailureKind.STOPPED)
        return Failure(request_id, kind, exc.message, exc.hint)
    if isinstance(exc, ValueError):
        return Failure(request_id, FailureKind.INVALID, str(exc))
    return Failure(request_id, FailureKind.STOPPED, f"the engine failed: {type(exc).__name__}: {exc}")


def error_of(failure: Failure) -> Exception:
    """The exception the in-process batcher would have raised for ``failure``."""
    if failure.kind is FailureKind.INVALID:
        return ValueError(failure.message)
    kind: type[EngineError] = {FailureKind.TIMEOUT: EngineTimeout,
                               FailureKind.BUSY: EngineBusy}.get(failure.kind, EngineStopped)
    return kind(failure.message, hint=failure.hint)
