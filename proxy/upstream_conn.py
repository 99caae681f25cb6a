"""Opening connections to the upstream PostgreSQL server (with TLS per ``sslmode``)."""

from __future__ import annotations

import asyncio
import ssl

from proxy.config import UpstreamConfig
from proxy.errors import UpstreamUnavailable
from proxy.wire import messages as m


def client_tls_context(cfg: UpstreamConfig) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=cfg.sslrootcert)
    if cfg.sslmode != "verify-full":
        ctx.check_hostname = False
    if cfg.sslmode in ("prefer", "require"):
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


async def connect(cfg: UpstreamConfig) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(cfg.host, cfg.port), cfg.connect_timeout_s)
    except (OSError, asyncio.TimeoutError) as exc:
        raise UpstreamUnavailable(
            f"could not connect to upstream server {cfg.host}:{cfg.port}",
            detail=str(exc) or type(exc).__name__) from exc
    if cfg.sslmode == "disable":
        return reader, writer
    try:
        writer.write(m.ssl_request())
        answer = await asyncio.wait_for(reader.readexactly(1), cfg.connect_timeout_s)
        if answer == b"S":
            await writer.start_tls(client_tls_context(cfg), server_hostname=cfg.host)
        elif cfg.sslmode != "prefer":
            raise UpstreamUnavailable("upstream server does not support SSL",
                                      detail=f"sslmode={cfg.sslmode}")
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ssl.SSLError) as exc:
        writer.close()
        raise UpstreamUnavailable("TLS negotiation with upstream failed", detail=str(exc)) from exc
    return reader, writer


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
