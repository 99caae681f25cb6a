"""What the shared engine's socket costs: requests per second and latency through
:class:`engines.shared.client.EngineClient` to an :class:`engines.shared.server.EngineServer` in
another process, whose batcher answers at once (no model): the ceiling the protocol, the two
event loops and the unix socket put on ``[engine] shared``, apart from inference.

    python bench/bench_shared_engine.py --concurrency 1,64,256 --requests 20000 [--clients 8]

``--clients N`` opens N client processes (as N workers would), each with the given concurrency
split among them. Prompts are 75 token ids, answers 23, every request with an allowed-name
constraint named by key (defined once per connection), as ASK sends them.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engines.batcher import BatcherStats  # noqa: E402
from engines.generation import EngineTimings, GenerationRequest, GenerationResult  # noqa: E402

PROMPT = list(range(100, 175))
ANSWER = list(range(200, 223))


class InstantBatcher:
    """Answers every request at once, as if the model took no time."""

    async def submit(self, request: GenerationRequest, timeout_s: float | None = None) -> GenerationResult:
        return GenerationResult([(ANSWER, -0.1)], timings=EngineTimings(0.0, 0.0, 0.0))

    def stats(self) -> BatcherStats:
        return BatcherStats(0, 0, 0, 0)


class Constraint:
    constraint_payload = b'{"scoped":false,"tables":[["orders","orders",["id","status"]]]}'
    constraint_key = b"bench-constraint"

    def __call__(self, prefix: object) -> None:
        return None


def serve(path: str, ready: "multiprocessing.synchronize.Event") -> None:
    from engines.shared.server import EngineServer

    async def main() -> None:
        server = EngineServer(InstantBatcher(), lambda payload: Constraint())
        await server.start(path)
        ready.set()
        await asyncio.Event().wait()
    asyncio.run(main())


def client(path: str, concurrency: int, requests: int, out: "multiprocessing.Queue[list[float]]") -> None:
    from engines.shared.client import EngineClient

    async def main() -> list[float]:
        engine = EngineClient(path)
        request = GenerationRequest(PROMPT, max_new_tokens=64, allowed_tokens=Constraint())  # type: ignore[arg-type]
        await engine.submit(request)
        latencies: list[float] = []
        per = requests // concurrency

        async def one() -> None:
            for _ in range(per):
                started = time.perf_counter()
                await engine.submit(request)
                latencies.append(time.perf_counter() - started)
        await asyncio.gather(*(one() for _ in range(concurrency)))
        engine.close()
        return latencies
    out.put(asyncio.run(main()))


def run(path: str, clients: int, concurrency: int, requests: int) -> tuple[float, list[float]]:
    out: multiprocessing.Queue[list[float]] = multiprocessing.Queue()
    each = max(1, concurrency // clients)
    procs = [multiprocessing.Process(target=client, args=(path, each, requests // clients, out))
             for _ in range(clients)]
    started = time.perf_counter()
    for p in procs:
        p.start()
    latencies = [x for _ in procs for x in out.get()]
    wall = time.perf_counter() - started
    for p in procs:
        p.join()
    return wall, latencies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--concurrency", default="1,64,256", help="requests in flight in all")
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--clients", type=int, default=1, help="client processes (workers)")
    args = ap.parse_args()
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs")
    path = os.path.join(tempfile.mkdtemp(prefix="askproxy-bench-engine-"), "engine.sock")
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(path, ready), daemon=True)
    server.start()
    assert ready.wait(30), "the engine server did not start"
    print(f"{'in flight':>9} {'clients':>7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}")
    try:
        for concurrency in (int(c) for c in args.concurrency.split(",")):
            wall, latencies = run(path, args.clients, concurrency, args.requests)
            latencies.sort()
            print(f"{concurrency:>9} {args.clients:>7} {len(latencies) / wall:>8.0f} "
                  f"{1000 * statistics.median(latencies):>7.2f} "
                  f"{1000 * latencies[int(0.99 * (len(latencies) - 1))]:>7.2f}", flush=True)
    finally:
        server.terminate()
        server.join()
    load = os.getloadavg()
    print(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
