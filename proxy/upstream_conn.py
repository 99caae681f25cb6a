"""Opening connections to the upstream PostgreSQL server (with TLS per ``sslmode``).

Every wait on the server before its first ReadyForQuery is bounded: the TCP connect, the
SSLRequest answer and the TLS handshake together by ``[upstream] connect_timeout_s``
(:func:`connect`), the rest of the startup by ``[limits] startup_timeout_s``
(:func:`read_startup`). A server that accepts TCP and then says nothing (a black hole) costs a
client a FATAL 08001, never an endless wait.
"""

from __future__ import annotations

import asyncio
import ssl

from proxy import relay_stream
from proxy.config import UpstreamConfig
from proxy.errors import UpstreamConnectFailed
from proxy.relay_stream import RelayReader
from proxy.wire import messages as m


def client_tls_context(cfg: UpstreamConfig) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=cfg.sslrootcert)
    if cfg.sslmode != "verify-full":
        ctx.check_hostname = False
    if cfg.sslmode in ("prefer", "require"):
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


class _Stage:
    """How far a connection attempt got, so that a timeout can say where it stopped."""

    def __init__(self) -> None:
        self.now = "TCP connect"


async def connect(cfg: UpstreamConfig) -> tuple[RelayReader, asyncio.StreamWriter]:
    """A connection to the server, TLS per ``sslmode``; :class:`UpstreamConnectFailed` names
    the cause (``cause``: refused, unreachable, timeout, no_ssl, closed, tls)."""
    stage = _Stage()
    try:
        async with asyncio.timeout(cfg.connect_timeout_s):
            return await _open(cfg, stage)
    except TimeoutError:
        raise UpstreamConnectFailed(
            f"could not connect to upstream server {cfg.host}:{cfg.port}: timed out during "
            f"{stage.now}",
            detail=f"no answer within [upstream] connect_timeout_s = {cfg.connect_timeout_s:g}s "
                   f"(TCP connect and TLS negotiation together, sslmode={cfg.sslmode})",
            cause="timeout") from None


async def _open(cfg: UpstreamConfig, stage: _Stage) -> tuple[RelayReader, asyncio.StreamWriter]:
    try:
        reader, writer = await relay_stream.open_connection(cfg.host, cfg.port)
    except OSError as exc:
        cause = "refused" if isinstance(exc, ConnectionRefusedError) else "unreachable"
        raise UpstreamConnectFailed(
            f"could not connect to upstream server {cfg.host}:{cfg.port}: "
            f"{_os_reason(exc)}", detail=str(exc) or type(exc).__name__, cause=cause) from exc
    if cfg.sslmode == "disable":
        return reader, writer
    established = False
    try:
        await _negotiate_tls(cfg, stage, reader, writer)
        established = True
    finally:
        if not established:   # also on the timeout's cancellation: no half-open socket left
            writer.transport.abort()
    return reader, writer


async def _negotiate_tls(cfg: UpstreamConfig, stage: _Stage, reader: asyncio.StreamReader,
                         writer: asyncio.StreamWriter) -> None:
    where = f"upstream server {cfg.host}:{cfg.port}"
    stage.now = "SSL negotiation (no answer to SSLRequest)"
    try:
        writer.write(m.ssl_request())
        answer = await reader.readexactly(1)
    except (OSError, asyncio.IncompleteReadError) as exc:
        raise UpstreamConnectFailed(
            f"{where} closed the connection during SSL negotiation",
            detail=str(exc) or type(exc).__name__, cause="closed") from exc
    if answer != b"S":
        if cfg.sslmode != "prefer":
            raise UpstreamConnectFailed(f"{where} does not support SSL",
                                        detail=f"sslmode={cfg.sslmode}", cause="no_ssl")
        return
    stage.now = "the TLS handshake"
    try:
        await writer.start_tls(client_tls_context(cfg), server_hostname=cfg.host)
    except ssl.SSLError as exc:
        raise UpstreamConnectFailed(
            f"TLS handshake with {where} failed: {exc.reason or exc}",
            detail=f"{exc} (sslmode={cfg.sslmode})", cause="tls") from exc
    except (OSError, asyncio.IncompleteReadError) as exc:
        raise UpstreamConnectFailed(
            f"{where} closed the connection during the TLS handshake",
            detail=str(exc) or type(exc).__name__, cause="closed") from exc


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is PostgreSQL running and listening there?)"
    text = exc.strerror or str(exc) or type(exc).__name__
    return text[:1].lower() + text[1:]


async def read_startup(reader: asyncio.StreamReader, size: int, deadline: float,
                       cfg: UpstreamConfig, timeout_s: float) -> bytes:
    """One read before the server's first ReadyForQuery, bounded by the startup ``deadline``
    (event-loop time)."""
    try:
        async with asyncio.timeout_at(deadline):
            return await reader.read(size)
    except TimeoutError:
        raise UpstreamConnectFailed(
            f"upstream server {cfg.host}:{cfg.port} did not complete the connection startup",
            detail=f"no ReadyForQuery within [limits] startup_timeout_s = {timeout_s:g}s",
            cause="timeout") from None


async def send_cancel(cfg: UpstreamConfig, packet: bytes) -> None:
    """Forward a CancelRequest unchanged; the server answers by closing the connection."""
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(cfg.host, cfg.port), cfg.connect_timeout_s)
    except (OSError, asyncio.TimeoutError):
        return
    try:
        writer.write(packet)
        await writer.drain()
        await asyncio.wait_for(reader.read(1), cfg.connect_timeout_s)
    except (OSError, asyncio.TimeoutError):
        pass   # best effort, as libpq's PQcancel: the server gives no answer either way
    finally:
        writer.close()
