"""The native relay core's Python side: when a session may hand its sockets over, and how.

On this 2-core VM a relay whose per-read callback is Python on uvloop costs more CPU per
transaction than PgBouncer before it looks at a byte (bench/RESULTS.md, issue 20). So while a
session is *plain passthrough* (every pending request is the client's own, nothing of the
proxy's pending, no failed batch to skip, no read-only wrap, no DDL waiting to settle, both
pumps diverted, nothing buffered on either side) it hands both sockets to the C core
(``proxy/native/relay_core.c``, built as ``proxy._relay_core``), which relays them with the
fast lanes' rules (``wire/passthrough.py``) on its event loop's *hub*: one C thread per loop,
waiting in its own epoll and never taking the GIL, so a passthrough read costs no Python and no
event-loop dispatch at all. Whatever needs a look stops the core: the hub thread wakes the loop
through an eventfd, and the session takes the state back (:meth:`NativeLane.detach`, then
:func:`restore`) and hands the bytes not yet routed to the Python relay as if just read.
:func:`settle` takes every running stint back at once, for the admin console's live numbers.

:func:`plan` turns the relay's state into the core's tables (which client messages pass, which
request each adds) and the tracker's plain entries into request kinds; :func:`restore` turns
them back. TLS sessions stay on the Python path. ``[server] native_relay``: ``auto`` uses the
core when it was built, ``on`` requires it, ``off`` never uses it.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections import Counter
from collections.abc import Callable, Mapping
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
if _relay_core is not None and not hasattr(_relay_core, "Hub"):
    _relay_core = None      # a stale build from before the hub thread: rebuild (pip install -e .)

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
        return ("native (proxy._relay_core, one relay thread per event loop) for plain "
                "passthrough, Python otherwise")
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


class _HubWatch:
    """One event loop's hub (the C thread that relays its sessions' attached cores) and the
    loop's reader on the hub's stop eventfd, which hands stopped cores back to their sessions."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        assert _relay_core is not None
        self.hub = _relay_core.Hub()
        self.lanes: weakref.WeakValueDictionary[int, NativeLane] = weakref.WeakValueDictionary()
        loop.add_reader(self.hub.fileno(), self.drain)

    def drain(self) -> None:
        """The hub thread stopped some cores: each still stopped goes back to its session (a
        token of a stint the session already took back, or one relaying again, is stale)."""
        for token in self.hub.take_stopped():
            lane = self.lanes.get(token)
            if lane is not None:
                lane.stopped()


_WATCHES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _HubWatch] = \
    weakref.WeakKeyDictionary()


def _watch(loop: asyncio.AbstractEventLoop) -> _HubWatch:
    watch = _WATCHES.get(loop)
    if watch is None:
        watch = _WATCHES[loop] = _HubWatch(loop)
    return watch


def settle() -> int:
    """Take every session of the running loop back from the core (it re-attaches at its next
    read): the admin console's numbers (transaction status, bytes relayed) are then the
    relay's own, not those of a stint still running. Returns how many were relaying."""
    try:
        watch = _WATCHES.get(asyncio.get_running_loop())
    except RuntimeError:        # no loop in this thread: no hub either
        return 0
    if watch is None:
        return 0
    lanes = [lane for lane in list(watch.lanes.values()) if lane.attached]
    for lane in lanes:
        lane.settle()
    return len(lanes)


class Live(NamedTuple):
    """A running stint's numbers (``Core.live``), read while the hub thread relays."""
    relaying: bool
    reason: str | None
    ready_status: int
    up_bytes: int
    down_bytes: int
    last_client_read: float


class NativeLane:
    """One session's core, relayed by its event loop's hub thread while attached."""

    def __init__(self, to_client: Any, to_server: Any, client_fd: int, server_fd: int,
                 on_stop: Callable[[str], None]) -> None:
        assert _relay_core is not None
        watch = _watch(asyncio.get_running_loop())
        self._core = _relay_core.Core(watch.hub)
        watch.lanes[self._core.token] = self
        self._on_stop = on_stop
        self._client, self._server = to_client, to_server
        self._fds = (client_fd, server_fd)
        self.attached = False
        self.busy = False           # detach is handing the bytes not routed to Python
        self.cooldown = 0           # Python reads to wait before the next attach
        self._short = 0             # short stints in a row
        self.settling = False       # settle(): the console reads the relay's numbers

    @classmethod
    def for_transports(cls, to_client: Any, to_server: Any,
                       on_stop: Callable[[str], None]) -> NativeLane | None:
        """A lane when both transports are plain sockets, else None."""
        client_fd, server_fd = plain_socket(to_client), plain_socket(to_server)
        if client_fd is None or server_fd is None:
            return None
        return cls(to_client, to_server, client_fd, server_fd, on_stop)

    def live(self) -> Live:
        return Live(*self._core.live())

    @property
    def last_client_read(self) -> float:
        """``time.monotonic()`` of the core's last read from the client."""
        return self.live().last_client_read

    def attach(self, p: Plan, client_max: int) -> None:
        """The transports stop reading and the hub thread relays both sockets from now on."""
        self._client.pause_reading()
        self._server.pause_reading()
        try:
            self._core.attach(self._fds[0], self._fds[1], p.actions, p.entries, client_max,
                              SERVER_MAX_MESSAGE, p.check_ask, p.check_ddl, p.kinds,
                              p.batch_open)
        except BaseException:
            # Nothing was read yet: the relay's own state is still the session's.
            self._client.resume_reading()
            self._server.resume_reading()
            raise
        self.attached = True
        STATS["attach"] += 1

    def stopped(self) -> None:
        """The hub thread stopped this core (if it is still stopped): the session takes it."""
        if self.attached and not self.busy:
            live = self.live()
            if live.relaying and live.reason is not None:
                self._on_stop(live.reason)

    def settle(self) -> None:
        """Stop a running stint now (the admin console wants the relay's own numbers)."""
        self.settling = True
        try:
            self._on_stop("settle")
        finally:
            self.settling = False

    def detach(self) -> Detached:
        """Stop relaying: the hub thread forgets the sockets, the transports write what was
        routed but not sent and read again."""
        assert self.attached
        self.attached = False
        state = Detached(*self._core.detach())
        STATS[state.reason or ("settle" if self.settling else "detach")] += 1
        if state.up_unsent:
            self._server.write(state.up_unsent)
        if state.down_unsent:
            self._client.write(state.down_unsent)
        self._client.resume_reading()
        self._server.resume_reading()
        if not self.settling:
            self._short = self._short + 1 if state.routed < _SHORT_STINT else 0
            self.cooldown = min((1 << self._short) - 1, _MAX_COOLDOWN)
        return state

    def client_seen(self, loop_time: float) -> float:
        """The core's last client read on the loop's clock."""
        return loop_time - (time.monotonic() - self.last_client_read)
