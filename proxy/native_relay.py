"""The native relay core's Python side: when a session may hand its sockets over, and how.

On this 2-core VM a relay whose per-read callback is Python on uvloop costs more CPU per
transaction than PgBouncer before it looks at a byte (bench/RESULTS.md, issue 20). So while a
session is *plain passthrough* (every pending request is the client's own, nothing of the
proxy's pending, no failed batch to skip, no read-only wrap, no DDL waiting to settle, both
pumps diverted, nothing buffered on either side) the loop calls the C core
(``proxy/native/relay_core.c``, built as ``proxy._relay_core``) directly when either socket is
readable, and the core relays with the fast lanes' rules (``wire/passthrough.py``). Whatever
needs a look stops it: the session takes the state back (:meth:`NativeLane.detach`, then
:func:`restore`) and hands the bytes not yet routed to the Python relay as if just read.

:func:`plan` turns the relay's state into the core's tables (which client messages pass, which
request each adds) and the tracker's plain entries into request kinds; :func:`restore` turns
them back. TLS sessions stay on the Python path. ``[server] native_relay``: ``auto`` uses the
core when it was built, ``on`` requires it, ``off`` never uses it.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from proxy.config_values import ConfigError
from proxy.wire.passthrough import LaneEntry
from proxy.wire.relay import SERVER_MAX_MESSAGE, Relay
from proxy.wire.tracker import Expect, pending
from proxy.wire.transaction import TxKind

try:
    from proxy import _relay_core  # type: ignore[attr-defined]
except ImportError:        # built without a compiler: the Python relay only
    _relay_core = None

# The request kinds the core keeps, in relay_core.c's order (K_QUERY ... K_EXECUTE_TX).
ENTRIES = (pending(Expect.QUERY), pending(Expect.SYNC), pending(Expect.FUNCTION_CALL),
           pending(Expect.PARSE), pending(Expect.BIND), pending(Expect.CLOSE),
           pending(Expect.DESCRIBE), pending(Expect.EXECUTE),
           pending(Expect.EXECUTE, tx=TxKind.OTHER))
_KIND = {entry: code for code, entry in enumerate(ENTRIES)}
_NO_ENTRY = 255
_STOP, _PASS, _QUERY, _PARSE = 0, 1, 2, 3
# A stint that routed less than this did not pay for attaching: after each such stint in a
# row the session stays on the Python path for twice as many reads (1, 3, 7, ... 63) before it
# tries again (a session whose every Parse must be looked at, under ASK, settles there).
_SHORT_STINT = 4096
_MAX_COOLDOWN = 63
# Stints started ("attach") and why each ended, for tests and debugging.
STATS: Counter[str] = Counter()


def available() -> bool:
    return _relay_core is not None


def enabled(setting: str) -> bool:
    """Whether sessions use the core under ``[server] native_relay = setting``."""
    return setting != "off" and _relay_core is not None


def describe(setting: str) -> str:
    """Which relay runs, for the startup log; ``on`` without the core is a ConfigError."""
    if setting == "on" and _relay_core is None:
        raise ConfigError("[server] native_relay: on, but the native relay core was not built "
                          "(no C compiler or Python headers at install time)")
    if enabled(setting):
        return "native (proxy._relay_core) for plain passthrough, Python otherwise"
    why = "off by [server] native_relay" if setting == "off" else "the native core is not built"
    return f"Python ({why})"


class Plan(NamedTuple):
    """What the core needs to start relaying a session."""
    actions: bytes          # per client message type: _STOP, _PASS, _QUERY, _PARSE
    entries: bytes          # per client message type: the request kind it adds, or _NO_ENTRY
    kinds: bytes            # the tracker's pending requests
    batch_open: bool
    check_ask: bool         # a Query may hold an ASK: one that mentions "ask" is Python's
    check_ddl: bool         # DDL invalidates the schema cache: a Query with a DDL word is Python's


_TABLES: dict[tuple[int, bool, bool], tuple[Mapping[int, LaneEntry], bytes, bytes]] = {}


def _tables(lane: Mapping[int, LaneEntry], query: bool, parse: bool) -> tuple[bytes, bytes]:
    key = (id(lane), query, parse)
    cached = _TABLES.get(key)
    if cached is None or cached[0] is not lane:
        actions, entries = bytearray(256), bytearray([_NO_ENTRY] * 256)
        for t, entry in lane.items():
            actions[t] = _PASS
            if entry is not None:
                entries[t] = _KIND[entry]
        if query:
            actions[ord("Q")] = _QUERY
        if parse:
            actions[ord("P")] = _PARSE
        cached = _TABLES[key] = (lane, bytes(actions), bytes(entries))
    return cached[1], cached[2]


def plan(relay: Relay) -> Plan | None:
    """The core's tables for the relay's present state; None when it is not plain passthrough."""
    tracker = relay.tracker
    if tracker.owned or tracker.skipping or tracker.closed or relay.ddl_pending:
        return None
    lane = relay.client_lane_table()
    if lane is None:
        return None
    try:
        kinds = bytes(_KIND[entry] for entry in tracker.entries())
    except KeyError:
        return None
    # A Query the lane does not take may still be relayed as it is, unless it may hold an ASK
    # or DDL (the core searches for the words); with ASK statements prepared, EXECUTE may run
    # one. A Parse under ASK updates the batch's transaction state: always Python's.
    query = ord("Q") not in lane and not relay.ask_statements
    parse = ord("P") not in lane and not relay.ask_enabled
    actions, entries = _tables(lane, query, parse)
    return Plan(actions, entries, kinds, tracker.batch_open, relay.ask_enabled,
                relay.watches_ddl)


class Detached(NamedTuple):
    """The core's state when it stops (``Core.detach``)."""
    reason: str | None
    up_unsent: bytes        # routed, not yet written upstream: the transport writes it
    down_unsent: bytes
    up_held: bytes          # read from the client, not routed: the Python relay's now
    down_held: bytes
    up_body_left: int       # the rest of a message already relayed, still to come
    down_body_left: int
    kinds: bytes
    batch_open: bool
    ready_status: int       # the last ReadyForQuery's status byte, -1: none came
    executed: bool          # an Execute of the ASK lane completed after it
    up_bytes: int
    down_bytes: int

    @property
    def routed(self) -> int:
        return self.up_bytes + self.down_bytes - len(self.up_held) - len(self.down_held)


def restore(relay: Relay, state: Detached) -> None:
    """Give the relay back what the core tracked, as the Python lanes would have left it."""
    relay.tracker.replace_plain([ENTRIES[k] for k in state.kinds], state.batch_open)
    relay.client_lane.continue_message(state.up_body_left)
    relay.server_lane.continue_message(state.down_body_left)
    if state.ready_status >= 0:
        relay.on_ready_status(state.ready_status)
    if state.executed:
        relay.txn.on_executed(TxKind.OTHER)


def plain_socket(transport: asyncio.BaseTransport) -> int | None:
    """The transport's socket, when it is a plain one (TLS sessions stay on the Python path)."""
    if transport.get_extra_info("ssl_object") is not None:
        return None
    sock = transport.get_extra_info("socket")
    return None if sock is None else sock.fileno()


@dataclass(slots=True)
class _Registration:
    loop: asyncio.AbstractEventLoop
    client_fd: int
    server_fd: int


class NativeLane:
    """One session's core and its registration on the event loop."""

    def __init__(self, to_client: Any, to_server: Any, client_fd: int, server_fd: int,
                 on_stop: Callable[[str], None]) -> None:
        assert _relay_core is not None
        self._core = _relay_core.Core(on_stop)
        self._client, self._server = to_client, to_server
        self._fds = (client_fd, server_fd)
        self._reg: _Registration | None = None
        self.busy = False           # detach is handing the bytes not routed to Python
        self.cooldown = 0           # Python reads to wait before the next attach
        self._short = 0             # short stints in a row

    @classmethod
    def for_transports(cls, to_client: Any, to_server: Any,
                       on_stop: Callable[[str], None]) -> NativeLane | None:
        """A lane when both transports are plain sockets, else None."""
        client_fd, server_fd = plain_socket(to_client), plain_socket(to_server)
        if client_fd is None or server_fd is None:
            return None
        return cls(to_client, to_server, client_fd, server_fd, on_stop)

    @property
    def attached(self) -> bool:
        return self._reg is not None

    @property
    def last_client_read(self) -> float:
        """``time.monotonic()`` of the core's last read from the client."""
        return float(self._core.last_client_read)

    def attach(self, p: Plan, client_max: int) -> None:
        loop = asyncio.get_running_loop()
        cfd, sfd = self._core.attach(self._fds[0], self._fds[1], p.actions, p.entries,
                                     client_max, SERVER_MAX_MESSAGE, p.check_ask, p.check_ddl,
                                     p.kinds, p.batch_open)
        self._client.pause_reading()
        self._server.pause_reading()
        try:
            loop.add_reader(cfd, self._core.on_client)
            loop.add_reader(sfd, self._core.on_server)
        except BaseException:
            # Nothing was read yet: the relay's own state is still the session's.
            loop.remove_reader(cfd)
            loop.remove_reader(sfd)
            self._core.detach()
            self._client.resume_reading()
            self._server.resume_reading()
            raise
        self._reg = _Registration(loop, cfd, sfd)
        STATS["attach"] += 1

    def detach(self) -> Detached:
        """Stop relaying: the loop forgets the duplicates (before they are closed), the
        transports write what was routed but not sent and read again."""
        reg = self._reg
        assert reg is not None
        self._reg = None
        reg.loop.remove_reader(reg.client_fd)
        reg.loop.remove_reader(reg.server_fd)
        state = Detached(*self._core.detach())
        STATS[state.reason or "detach"] += 1
        if state.up_unsent:
            self._server.write(state.up_unsent)
        if state.down_unsent:
            self._client.write(state.down_unsent)
        self._client.resume_reading()
        self._server.resume_reading()
        self._short = self._short + 1 if state.routed < _SHORT_STINT else 0
        self.cooldown = min((1 << self._short) - 1, _MAX_COOLDOWN)
        return state

    def client_seen(self, loop_time: float) -> float:
        """The core's last client read on the loop's clock."""
        return loop_time - (time.monotonic() - self.last_client_read)
