"""The shared engine server's process (``[engine] shared``): one model, one batcher, every
worker's ASKs batched together.

``python -m ask.translate.engine_server --socket PATH --model DIR ...`` is started by the
supervisor of ``askproxy serve --workers N`` (:mod:`proxy.workers`) as a fresh interpreter, not
a fork: CUDA cannot be used in a child forked after its parent touched it (probing the GPU
does). It loads the engine as a single-process proxy does
(:func:`ask.translate.engine_translator.load_engine`, CUDA graphs captured before it listens),
serves :class:`engines.shared.server.EngineServer` on the socket, writes one byte to
``--ready-fd`` once it listens, and stops on SIGTERM or SIGINT. Allowed-name constraints reach
it as :class:`ask.translate.engine_translator.PortableConstraint` payloads, built here with the
pipeline's own :class:`IdentifierConstraint`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Coroutine
from typing import Any

from ask.translate.engine_translator import Vocabulary, constraint_of_payload, load_engine

logger = logging.getLogger("askproxy.engine_server")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="askproxy-engine-server", description=__doc__.split("\n\n")[0])
    p.add_argument("--socket", required=True, help="the unix socket to listen on")
    p.add_argument("--ready-fd", type=int, help="a pipe to write one byte to once listening")
    p.add_argument("--model", required=True)
    p.add_argument("--backend", default="auto")
    p.add_argument("--precision", default="auto")
    p.add_argument("--rows", type=int, default=32, help="decoder rows of the batcher")
    p.add_argument("--max-queue-delay-ms", type=float, default=0.0)
    p.add_argument("--max-queue", type=int, default=1024)
    p.add_argument("--max-draft", type=int, default=8, help="drafted tokens a row per decoder call")
    p.add_argument("--log-level", default="INFO")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s [engine server] %(message)s")
    engine, batcher = load_engine(args.model, args.backend, args.precision, args.rows,
                                  args.max_queue_delay_ms, args.max_queue, args.max_draft)
    try:
        _run(_serve(engine, batcher, args))
    finally:
        batcher.close()
    return 0


def _run(main: Coroutine[Any, Any, None]) -> None:
    """uvloop when installed (as the workers), else asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
        return
    uvloop.run(main)


async def _serve(engine: object, batcher: object, args: argparse.Namespace) -> None:
    from engines.shared.server import EngineServer
    vocab = Vocabulary(getattr(engine, "tokenizer"))
    server = EngineServer(batcher, lambda payload: constraint_of_payload(vocab, payload))
    await server.start(args.socket)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    logger.info("engine server of %s on %s listening on %s (%d rows)", args.model,
                getattr(engine, "backend_name", "?"), args.socket, args.rows)
    if args.ready_fd is not None:
        os.write(args.ready_fd, b"r")
        os.close(args.ready_fd)
    await stop.wait()
    logger.info("engine server stopping")
    await server.close()


if __name__ == "__main__":
    sys.exit(main())
