"""The read-only wrap around an ASK portal's execution, as protocol state (no I/O).

``proxy/read_only.py`` opens the wrap (it must wait for a barrier first); the relay ends it, at
the first client message that is not part of the ASK portal's execution, by sending the
statements that undo it ahead of that message. The statements that make and undo the wrap are
defined here once, for both protocols (the simple protocol's ASK in ``proxy/ask_execution.py``
uses them too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from proxy.wire import messages as m
from proxy.wire.framing import Frame

SAVEPOINT = "askproxy_ask"
_EXECUTE, _DESCRIBE, _FLUSH, _ERROR = ord("E"), ord("D"), ord("H"), ord("E")


def guard_statements(timeout_ms: int, savepoint: bool) -> list[str]:
    """What makes the statements that follow read-only under the ASK's statement timeout: a
    savepoint made read-only inside the client's block, else a read-only transaction of ours."""
    timeout = f"SET LOCAL statement_timeout = {int(timeout_ms)}"
    if savepoint:
        return [f"SAVEPOINT {SAVEPOINT}", "SET LOCAL transaction_read_only = on", timeout]
    return ["BEGIN TRANSACTION READ ONLY", timeout]


def unguard_statements(savepoint: bool) -> list[str]:
    """What undoes :func:`guard_statements`: nothing the guarded statements did is kept."""
    if savepoint:
        return [f"ROLLBACK TO SAVEPOINT {SAVEPOINT}", f"RELEASE SAVEPOINT {SAVEPOINT}"]
    return ["ROLLBACK"]


@dataclass(frozen=True, slots=True)
class ReadOnlyWrap:
    """The read-only transaction or savepoint the proxy opened around an ASK portal."""

    portal: str
    savepoint: bool          # else the proxy's own read-only transaction
    converts: bool = False   # a BEGIN of the proxy's keeps the batch's earlier work in a block

    def continues(self, frame: Frame) -> bool:
        """Whether a client message still belongs to the wrapped portal's execution."""
        t = frame.type
        if t == _FLUSH:
            return True
        if t == _EXECUTE:
            return m.execute_portal(frame.body) == self.portal
        return t == _DESCRIBE and frame.body[:1] == b"P" \
            and m.close_name(frame.body) == self.portal

    def guard(self, timeout_ms: int) -> list[str]:
        """The statements that open the wrap."""
        return (["BEGIN"] if self.converts else []) \
            + guard_statements(timeout_ms, savepoint=self.savepoint)


class WrapClosed:
    """Owns the answers to the statements that end a wrap: the client sees only their errors;
    ``on_closed`` runs once all of them ran without one (the proxy's block is over)."""

    def __init__(self, entries: int, on_closed: Callable[[], None] | None) -> None:
        self._remaining = entries
        self._failed = False
        self._skipped = False
        self._on_closed = on_closed

    def on_message(self, frame: Frame) -> bytes:
        if frame.type != _ERROR:
            return b""
        self._failed = True
        return frame.raw

    def finished(self, last_type: int) -> None:
        self._remaining -= 1
        if self._remaining == 0 and not (self._skipped or self._failed) \
                and self._on_closed is not None:
            self._on_closed()

    def skipped(self) -> None:
        self._skipped = True
        self._remaining -= 1


class Discard:
    """Owns an answer nobody reads (the Parse that makes the server fail a batch)."""

    def on_message(self, frame: Frame) -> bytes:
        return b""

    def finished(self, last_type: int) -> None:
        pass

    def skipped(self) -> None:
        pass
