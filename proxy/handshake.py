"""The client side of the startup phase: SSL/GSS negotiation, then the startup packet.

Runs before any upstream connection exists, so a client that never finishes its startup
costs the database nothing. Returns the startup packet to relay (or a CancelRequest).
"""

from __future__ import annotations

import asyncio
import ssl

from proxy.errors import ProtocolViolation
from proxy.wire import messages as m
from proxy.wire.framing import Framer

MAX_STARTUP_PACKET = 10000   # PostgreSQL's MAX_STARTUP_PACKET_LENGTH
# Bound on every client message until authentication is done (the first ReadyForQuery):
# PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH for password, SASL and GSS messages. Before login the
# session's own limits.max_message_size would let anyone make the proxy buffer that much.
MAX_AUTH_MESSAGE = 65535


async def read_startup(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                       tls: ssl.SSLContext | None
                       ) -> tuple[m.StartupMessage, bytes] | m.CancelRequest | None:
    """Negotiate encryption and read the StartupMessage; None if the client went away."""
    framer = Framer(MAX_STARTUP_PACKET, typed=False)
    encrypted = False
    while True:
        frame = framer.next_frame()
        if frame is None:
            data = await reader.read(MAX_STARTUP_PACKET)
            if not data:
                return None
            framer.feed(data)
            continue
        packet = m.parse_startup(frame.body)
        if isinstance(packet, m.SSLRequest | m.GSSENCRequest):
            if encrypted:
                raise ProtocolViolation("encryption requested twice")
            if framer.pending:
                # Bytes sent after the request but before our answer would bypass TLS.
                raise ProtocolViolation("received unencrypted data after SSL request")
            use_tls = isinstance(packet, m.SSLRequest) and tls is not None
            writer.write(b"S" if use_tls else b"N")
            await writer.drain()
            if use_tls and tls is not None:
                await writer.start_tls(tls)
                encrypted = True
            continue
        if isinstance(packet, m.CancelRequest):
            return packet
        return packet, frame.raw
