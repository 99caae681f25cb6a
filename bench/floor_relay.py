"""The floor of a relay written as Python callbacks on uvloop: bytes in, the same bytes out.

No framing, no tracking, nothing the proxy needs: each read is written to the other side from
``data_received``. ``bench_proxy.py --floor`` measures it beside askproxy and PgBouncer, so the
cost of uvloop's callback path plus the interpreter's call into it is separated from the cost
of askproxy's own relay logic.

    python bench/floor_relay.py UPSTREAM_PORT LISTEN_PORT
"""

from __future__ import annotations

import asyncio
import sys
from typing import cast

import uvloop


class Side(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.peer: Side | None = None
        self.early = bytearray()      # client bytes that came before the upstream connected

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)   # uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.write(data)
        else:
            self.early += data

    def connection_lost(self, exc: Exception | None) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.close()


class ClientSide(Side):
    def __init__(self, upstream: tuple[str, int]) -> None:
        super().__init__()
        self.upstream = upstream

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        asyncio.get_running_loop().create_task(self._connect())

    async def _connect(self) -> None:
        _, server = await asyncio.get_running_loop().create_connection(Side, *self.upstream)
        assert server.transport is not None
        server.peer, self.peer = self, server
        if self.early:
            server.transport.write(bytes(self.early))


async def main(upstream_port: int, listen_port: int) -> None:
    loop = asyncio.get_running_loop()
    await loop.create_server(lambda: ClientSide(("127.0.0.1", upstream_port)), "127.0.0.1",
                             listen_port)
    await asyncio.Event().wait()


if __name__ == "__main__":
    uvloop.run(main(int(sys.argv[1]), int(sys.argv[2])))
