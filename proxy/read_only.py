"""Read-only execution of an ASK statement in the extended protocol, inside the client's batch.

A Parse cannot carry "read only", so the proxy arranges the transaction around the client's own
Bind/Execute of an ASK statement, and around nothing else:

1. At the ASK's Bind, a *barrier*: the proxy waits until every earlier request of the batch is
   answered, so :class:`~proxy.wire.transaction.BatchTransaction` knows the server's state.
2. The wrap is chosen from that state:
   - inside a block (the client's, or one the proxy opened earlier in the batch): a savepoint
     made read-only, rolled back afterwards;
   - nothing ran yet in the batch: ``BEGIN TRANSACTION READ ONLY``, rolled back afterwards;
   - the batch already did work in its implicit transaction (a pipelined INSERT): ``BEGIN``,
     which keeps that work in a block, then the read-only savepoint; at the client's Sync the
     proxy commits the block, as the server would have committed the implicit transaction.
3. The wrap is closed before the first client message that is not part of the ASK portal's
   execution (its Describe/Execute, Flush), so statements after the ASK run as the client
   sent them, not read-only: the relay does that as it reads the message
   (``proxy/wire/relay.py``; the wrap's statements are in ``proxy/wire/read_only_wrap.py``).
4. At a Sync while a block of the proxy's is open, the client's input waits for the Sync's
   ReadyForQuery; then the block is committed (its work is the client's), or rolled back when
   it failed, and the client gets the ReadyForQuery status it would have had without the wrap.

Errors of the injected statements are relayed to the client where they happen. If the server
is already failing the batch, nothing is wrapped: it skips the ASK like any other statement.
"""

from __future__ import annotations

import asyncio

from proxy.response_sinks import RelaySink
from proxy.session_port import SessionPort
from proxy.wire import messages as m
from proxy.wire.framing import Frame
from proxy.wire.inject import End, statements
from proxy.wire.tracker import Expect
from proxy.wire.transaction import Owner


class _Signal:
    """A sink that only says when its request is over (answered or skipped)."""

    def __init__(self) -> None:
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def finished(self, last_type: int) -> None:
        self.skipped()

    def skipped(self) -> None:
        if not self.done.done():
            self.done.set_result(None)


class _Ready(_Signal):
    """The client's Sync while a proxy block is open: holds back its ReadyForQuery."""

    def __init__(self) -> None:
        super().__init__()
        self.ready = b""

    def on_message(self, frame: Frame) -> bytes:
        if frame.type == ord("Z"):
            self.ready = frame.raw
            return b""
        return frame.raw


class ExtendedReadOnly:
    def __init__(self, session: SessionPort, statement_timeout_ms: int) -> None:
        self.s = session
        self.timeout_ms = int(statement_timeout_ms)

    async def bind(self, frame: Frame, portal: str) -> None:
        """The client's Bind of an ASK statement: wrap it, then relay it."""
        await self._barrier()
        relay = self.s.relay
        if not (relay.server_skipping or relay.txn.status == "E"):   # else the server rejects it
            self._open(portal)
        self.s.send_upstream(frame.raw, [(Expect.BIND, None)])

    async def sync_and_settle(self, sync: bytes) -> None:
        """Relay the client's Sync, then end the proxy's block as the server would have ended
        the batch's implicit transaction; the client sees one ReadyForQuery."""
        held = _Ready()
        self.s.send_upstream(sync, [(Expect.SYNC, held)])
        await held.done
        relay = self.s.relay
        owner, status = relay.txn.owner, relay.tx_status
        if not held.ready or not relay.proxy_block_open or status == "I":
            self.s.emit(held.ready)
        elif owner is Owner.PROXY_CONVERTED and status == "T":
            commit = statements(["COMMIT"], End.SYNC)
            self.s.inject((commit, RelaySink(entries=commit.entries, keep=b"ENZ")))
        else:   # our block failed (its work rolls back, as the implicit transaction's would)
            rollback = statements(["ROLLBACK"], End.SYNC)
            self.s.inject((rollback, RelaySink(entries=rollback.entries, keep=b"Z")))

    # --- steps ----------------------------------------------------------------------------

    async def _barrier(self) -> None:
        """Wait until every request sent so far is answered (or skipped)."""
        s = self.s
        if s.relay.tracker.idle:
            return
        signal = _Signal()
        s.send_upstream(m.FLUSH, [])     # the server may hold answers back until a Flush
        s.relay.barrier(signal)
        s.emit(b"")
        await signal.done

    def _open(self, portal: str) -> None:
        wrap = self.s.relay.open_read_only(portal)
        guarded = statements(wrap.guard(self.timeout_ms))
        self.s.inject((guarded, RelaySink(entries=guarded.entries, keep=b"E")))
