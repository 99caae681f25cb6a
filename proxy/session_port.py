"""What the ASK execution may do to the session it runs in.

A ``typing.Protocol``, so that ``ask_execution.py`` and ``read_only.py`` depend on this small
surface and not on ``session.py`` (which imports them): the session's protocol state is read and
changed through :class:`~proxy.wire.relay.Relay`'s methods, and bytes move through the four
methods here, which keep them in order with the client's pipelined traffic.
"""

from __future__ import annotations

from typing import Protocol

from proxy.wire.inject import Injection
from proxy.wire.relay import Relay
from proxy.wire.tracker import Expect, Sink


class SessionPort(Protocol):
    relay: Relay

    def emit(self, data: bytes) -> None:
        """Client-visible output of the proxy's own, after everything already pending."""

    def send_upstream(self, data: bytes, expectations: list[tuple[Expect, Sink | None]]) -> None:
        """Send ``data`` upstream; the responses are owned as ``expectations`` say."""

    def inject(self, *parts: tuple[Injection, Sink | None]) -> None:
        """Send injected statements upstream, each group's responses to its owner."""

    def note_ddl(self, body: bytes) -> None:
        """A statement the client's session runs: invalidate what its DDL may change."""
