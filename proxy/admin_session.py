"""The admin console's connection: login through the upstream server, then the proxy answers.

The client's startup packet is relayed to the upstream with its database replaced by
``[admin] auth_database``, and the authentication exchange is relayed both ways, so the
server's own password rules decide who logs in (the proxy holds no credentials). At the
server's first ReadyForQuery the upstream connection is closed; a role not in ``[admin]
users`` then gets FATAL 42501, any other gets the server's ParameterStatus messages and a
ReadyForQuery of the proxy's own, and its simple-protocol queries are answered by
:mod:`proxy.admin`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from proxy import admin
from proxy.config import Config
from proxy.errors import (AskProxyError, AuthenticationTimeout, ProtocolViolation,
                          UpstreamConnectFailed)
from proxy.wire import messages as m
from proxy.relay_stream import RelayReader
from proxy.wire.framing import Frame, Framer

# Authentication requests the client must answer (cleartext, MD5, GSS, GSS continue, SSPI,
# SASL, SASL continue); AuthenticationOk (0) and SASLFinal (12) need no answer.
_SERVER_MAX_MESSAGE = 1 << 20
_READ_SIZE = 64 * 1024


class ConsoleClient(Protocol):
    """What the console needs of the client's session (``proxy.session.Session``), which
    hands the connection over here before anything is relayed."""

    @property
    def cfg(self) -> Config: ...

    @property
    def log(self) -> logging.LoggerAdapter[logging.Logger]: ...

    @property
    def client_framer(self) -> Framer: ...

    @property
    def reader(self) -> RelayReader: ...

    @property
    def writer(self) -> asyncio.StreamWriter: ...

    @property
    def console(self) -> Any: ...     # proxy.admin.ConsoleView | None

    def mark_ready(self) -> None: ...

    async def connect_upstream(self) -> tuple[RelayReader, asyncio.StreamWriter]: ...

    def send_client(self, data: bytes) -> None: ...

    def login_failed(self, frame: Frame) -> None: ...


class NotAnAdmin(AskProxyError):
    sqlstate = "42501"   # insufficient_privilege
    severity = "FATAL"


async def run_console(session: ConsoleClient, startup: m.StartupMessage) -> None:
    cfg = session.cfg
    params = {**startup.params, "database": cfg.admin.auth_database}
    try:
        async with asyncio.timeout(cfg.limits.startup_timeout_s):
            logged_in = await _login(session, m.startup_message(startup.version, params))
    except TimeoutError:
        raise AuthenticationTimeout("canceling authentication due to timeout") from None
    if not logged_in:
        return
    user = startup.params.get("user", "")
    if user not in cfg.admin.roles:
        session.log.warning("admin console refused for user=%s (not in [admin] users)", user)
        raise NotAnAdmin(f'role "{user}" may not use the askproxy admin console',
                         hint="list it in [admin] users")
    session.log.info("admin console opened by user=%s", user)
    session.mark_ready()
    await _serve(session)


async def _login(session: ConsoleClient, startup: bytes) -> bool:
    """Relay the authentication; True once the server accepted the login."""
    reader, writer = await session.connect_upstream()
    framer = Framer(_SERVER_MAX_MESSAGE)
    try:
        writer.write(startup)
        while True:
            frame = await _next(framer, reader)
            if frame is None:
                raise UpstreamConnectFailed("server closed the connection during login",
                                            cause="closed")
            if frame.type == ord("R"):
                session.send_client(m.strip_channel_binding(frame.raw))
                if m.auth_code(frame.body) in m.AUTH_NEEDS_ANSWER:
                    writer.write(await _client_frame(session))
            elif frame.type == ord("E"):
                session.login_failed(frame)
                session.send_client(frame.raw)
                return False
            elif frame.type == ord("Z"):
                return True
            elif frame.type != ord("K"):   # the backend's key would cancel nothing of ours
                session.send_client(frame.raw)
    finally:
        if not writer.is_closing():
            writer.write(m.TERMINATE)
            writer.close()


async def _next(framer: Framer, reader: asyncio.StreamReader) -> Frame | None:
    while (frame := framer.next_frame()) is None:
        data = await reader.read(_READ_SIZE)
        if not data:
            return None
        framer.feed(data)
    return frame


async def _client_frame(session: ConsoleClient) -> bytes:
    frame = await _next(session.client_framer, session.reader)
    if frame is None:
        raise ConnectionResetError("client went away during login")
    if frame.type != ord("p"):
        raise ProtocolViolation(f"expected an authentication response, got {chr(frame.type)!r}")
    return frame.raw


async def _serve(session: ConsoleClient) -> None:
    session.send_client(m.ready_for_query("I"))
    skipping = False
    while (frame := await _next(session.client_framer, session.reader)) is not None:
        if frame.type == ord("X"):
            return
        if frame.type == ord("Q"):
            session.send_client(admin.respond(m.parse_query(frame.body), session.console))
        elif frame.type == ord("S"):
            skipping = False
            session.send_client(m.ready_for_query("I"))
        elif not skipping:
            skipping = True     # as the server after an error: nothing more until Sync
            session.send_client(m.error_response(admin.NotSupportedHere(
                "the askproxy admin console takes simple-protocol queries only",
                hint="use psql, or a driver's simple query mode")))
        await session.writer.drain()
