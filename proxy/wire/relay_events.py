"""What the relay decides about one message: the events of :class:`proxy.wire.relay.Relay`.

``Relay.on_client(frame)`` and ``Relay.on_server(frame)`` return one of these (h11's
``_events.py`` is the model): plain values saying what the I/O layer (``proxy/session.py``)
must do with the message, which never decides anything itself. Every client event carries
``data``, the bytes to send upstream at once (the client's message when it is forwarded, else
what the proxy must send before acting, such as the ROLLBACK of a read-only wrap the message
ended, or nothing); every server event carries ``data``, the bytes the client gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Union

from proxy.ask_detector import DdlScope, Segment, Statement
from proxy.errors import AskError
from proxy.wire import messages as m
from proxy.wire.framing import Frame

# --- client -> server ------------------------------------------------------------------------


# Forward and ToClient are made for every framed message: not frozen, whose ``__init__`` costs
# 2.5 times as much (320 ns against 130); treat them as values all the same.
@dataclass(slots=True)
class Forward:
    """Send ``data`` upstream; nothing else to do, except, when ``ddl`` is above NONE,
    invalidating the schema contexts a statement in it may change."""
    data: bytes
    ddl: DdlScope = DdlScope.NONE


@dataclass(frozen=True, slots=True)
class AuthResponse:
    """The client answered an authentication request (relayed in ``data``): the server's turn."""
    data: bytes


@dataclass(frozen=True, slots=True)
class Terminate:
    """The client said goodbye (its Terminate is in ``data``): read nothing more from it."""
    data: bytes


# What a look for ASK found: the segments of a Query, the ASK statement of a Parse (None: none),
# or why the text is refused.
Found = Union[list[Segment], Statement, None, AskError]


@dataclass(frozen=True, slots=True)
class Inspect:
    """A Query (``parse`` None) or Parse that may hold an ASK. ``scan`` parses its text (pglast:
    100+ ms on a dense text, so off the event loop; it touches no state); what it found goes
    back to ``Relay.on_inspected``, which says what happens to the message."""
    data: bytes
    frame: Frame
    scan: Callable[[], Found]
    parse: m.Parse | None = None


@dataclass(frozen=True, slots=True)
class RunQuery:
    """A simple-protocol Query holding at least one ASK: the ASK execution answers it."""
    data: bytes
    segments: list[Segment]


@dataclass(frozen=True, slots=True)
class FailQuery:
    """A Query whose ASK is refused before planning: the client gets ``error`` and ReadyForQuery."""
    data: bytes
    error: AskError


@dataclass(frozen=True, slots=True)
class ExecuteAsk:
    """A Query that ``EXECUTE``s a prepared ASK statement (``body``: the Query's)."""
    data: bytes
    body: bytes


@dataclass(frozen=True, slots=True)
class RunParse:
    """A Parse of an ASK (or TEACH) statement: its text is translated before it goes on."""
    data: bytes
    parse: m.Parse
    statement: Statement


@dataclass(frozen=True, slots=True)
class FailParse:
    """A Parse whose ASK is refused before planning: ``error``, then the batch up to Sync is
    dropped."""
    data: bytes
    error: AskError


@dataclass(frozen=True, slots=True)
class BindAsk:
    """The client's Bind of an ASK statement: its portal runs wrapped read-only
    (``proxy/read_only.py``), the Bind (``frame``) going upstream after the wrap."""
    data: bytes
    frame: Frame
    portal: str


@dataclass(frozen=True, slots=True)
class SettleSync:
    """A Sync while a transaction block of the proxy's may be open: the Sync (``sync``) goes
    upstream, then the block is ended as the server would have ended the batch."""
    data: bytes
    sync: bytes


ClientEvent = Union[Forward, AuthResponse, Terminate, Inspect, RunQuery, FailQuery, ExecuteAsk,
                    RunParse, FailParse, BindAsk, SettleSync]


# --- server -> client ------------------------------------------------------------------------


@dataclass(slots=True)
class ToClient:
    """Send ``data`` to the client (empty: a sink of the proxy's took the message)."""
    data: bytes


@dataclass(frozen=True, slots=True)
class Fatal:
    """A FATAL (or PANIC) ErrorResponse, ``error``: the server closes the connection next."""
    data: bytes
    error: bytes


@dataclass(frozen=True, slots=True)
class LoginRefused:
    """An ErrorResponse during startup (``fields``: its fields; ``fatal``: the server closes)."""
    data: bytes
    error: bytes
    fields: dict[str, str]
    fatal: bool


@dataclass(frozen=True, slots=True)
class AuthRequest:
    """An authentication message; ``client_turn``: it asks the client for an answer."""
    data: bytes
    client_turn: bool


@dataclass(frozen=True, slots=True)
class BackendKey:
    """BackendKeyData: the key a CancelRequest for this session must carry."""
    data: bytes
    pid: int
    key: bytes


@dataclass(frozen=True, slots=True)
class LoggedIn:
    """The first ReadyForQuery: authentication is done."""
    data: bytes


ServerEvent = Union[ToClient, Fatal, LoginRefused, AuthRequest, BackendKey, LoggedIn]
