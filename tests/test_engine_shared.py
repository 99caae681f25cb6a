"""The shared engine server and its client over a real unix socket, a real Batcher and a tiny
model on ONNX Runtime: same answers as in-process, constraints by key, cancel, timeout, a full
queue, and a server that goes away and comes back."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engines.batcher import Batcher
from engines.engine import Seq2SeqEngine
from engines.errors import EngineBusy, EngineTimeout, EngineUnavailable
from engines.generation import GenerationRequest
from engines.shared.client import EngineClient
from engines.shared.server import EngineServer
from tests.engine_fixtures import tiny_bart_dir  # noqa: F401

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


class Only:
    """A portable constraint: only the listed tokens (and end of sequence) at every step."""

    def __init__(self, size: int, allowed: Sequence[int]) -> None:
        self.size, self.allowed = size, list(allowed)
        self.constraint_payload = ",".join(map(str, [size, *allowed])).encode()
        self.constraint_key = b"only:" + self.constraint_payload

    def __call__(self, prefix: Sequence[int]) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.allowed] = True
        return mask


def factory(payload: bytes) -> Only:
    size, *allowed = (int(v) for v in payload.split(b","))
    return Only(size, allowed)


class Gate:
    """Holds every decoder step of the engine until opened."""

    def __init__(self, engine: Seq2SeqEngine) -> None:
        self.open = threading.Event()
        inner = engine.session
        outer = self

        class Gated:
            def __getattr__(self, name: str) -> Any:
                return getattr(inner, name)

            def step(self, *args: Any) -> Any:
                assert outer.open.wait(10)
                return inner.step(*args)
        engine.session = Gated()  # type: ignore[assignment]


@pytest.fixture
def engine(tiny_bart_dir: Path) -> Seq2SeqEngine:  # noqa: F811
    return Seq2SeqEngine.load(tiny_bart_dir, backend="onnxruntime")


def requests(engine: Seq2SeqEngine) -> list[GenerationRequest]:
    eos = engine.model.manifest.special_tokens.eos
    size = engine.session.vocab_size
    return [GenerationRequest([5, 6, 7, eos], max_new_tokens=6),
            GenerationRequest([8, 9, eos], max_new_tokens=5, num_beams=3, num_return_sequences=2),
            GenerationRequest([10, 11, 12, 13, eos], max_new_tokens=6, allowed_tokens=Only(size, [20, 21, eos]))]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def left_at_most(batcher: Batcher, pending: int, within_s: float = 5.0) -> None:
    """Wait until the server's batcher holds at most ``pending`` requests (on a loaded machine a
    cancel may take longer than a fixed sleep to reach it); the caller asserts what is left."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    while batcher.pending > pending and loop.time() < deadline:
        await asyncio.sleep(0.01)


async def serving(batcher: Batcher, path: str, **kw: Any) -> EngineServer:
    server = EngineServer(batcher, factory, **kw)
    await server.start(path)
    return server


def test_answers_through_the_server_equal_the_in_process_batchers(engine: Seq2SeqEngine, tmp_path: Path) -> None:
    batcher = Batcher(engine, 8)
    batcher.start()

    async def main() -> tuple[list[Any], list[Any]]:
        local = await asyncio.gather(*(batcher.submit(r) for r in requests(engine)))
        server = await serving(batcher, str(tmp_path / "e.sock"))
        client = EngineClient(str(tmp_path / "e.sock"))
        try:
            remote = await asyncio.gather(*(client.submit(r) for r in requests(engine)))
            remote += [await client.submit(requests(engine)[2])]     # the constraint named by key now
        finally:
            client.close()
            await server.close()
        return local, remote
    try:
        local, remote = run(main())
    finally:
        batcher.close()
    assert [r.candidates for r in remote] == [r.candidates for r in local] + [local[2].candidates]
    assert len(remote[1].candidates) == 2
    assert all(i in (20, 21, engine.model.manifest.special_tokens.eos)
               for ids, _ in remote[2].candidates for i in ids)
    assert all(r.timings is not None and r.timings.decode_s > 0 for r in remote)


def test_a_cancelled_submit_leaves_the_servers_batcher(engine: Seq2SeqEngine, tmp_path: Path) -> None:
    gate = Gate(engine)
    batcher = Batcher(engine, 8)
    batcher.start()

    async def main() -> tuple[int, int, int]:
        server = await serving(batcher, str(tmp_path / "e.sock"))
        client = EngineClient(str(tmp_path / "e.sock"))
        task = asyncio.ensure_future(client.submit(requests(engine)[0]))
        while batcher.pending == 0:
            await asyncio.sleep(0.01)
        during = batcher.pending
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        gate.open.set()
        for _ in range(200):
            if batcher.pending == 0:
                break
            await asyncio.sleep(0.01)
        after = batcher.pending
        answered = len((await client.submit(requests(engine)[0])).candidates)   # the connection still works
        client.close()
        await server.close()
        return during, after, answered
    try:
        assert run(main()) == (1, 0, 1)
    finally:
        gate.open.set()
        batcher.close()


def test_timeout_and_full_queue_raise_the_batchers_own_errors(engine: Seq2SeqEngine, tmp_path: Path) -> None:
    gate = Gate(engine)
    batcher = Batcher(engine, 8, max_queue=2)
    batcher.start()

    async def main() -> list[int]:
        server = await serving(batcher, str(tmp_path / "e.sock"))
        client = EngineClient(str(tmp_path / "e.sock"))
        first = asyncio.ensure_future(client.submit(requests(engine)[0]))
        while batcher.pending == 0:
            await asyncio.sleep(0.01)
        second = asyncio.ensure_future(client.submit(requests(engine)[0]))
        while batcher.pending == 1:
            await asyncio.sleep(0.01)
        with pytest.raises(EngineBusy, match="queue is full"):
            await client.submit(requests(engine)[0])
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)
        await left_at_most(batcher, 1)          # the cancel travels to the server first
        counts = [batcher.pending]
        with pytest.raises(EngineTimeout, match="within 0.1 s"):
            await client.submit(requests(engine)[0], timeout_s=0.1)
        await left_at_most(batcher, 1)
        counts.append(batcher.pending)
        gate.open.set()
        assert (await first).candidates
        counts.append(batcher.pending)
        client.close()
        await server.close()
        return counts
    try:
        assert run(main()) == [1, 1, 0]
    finally:
        gate.open.set()
        batcher.close()


def test_a_server_gone_is_unavailable_then_used_again_once_back(engine: Seq2SeqEngine, tmp_path: Path) -> None:
    gate = Gate(engine)
    batcher = Batcher(engine, 8)
    batcher.start()
    path = str(tmp_path / "e.sock")

    async def main() -> None:
        client = EngineClient(path)
        with pytest.raises(EngineUnavailable, match="not available") as nothing:
            await client.submit(requests(engine)[0])
        assert nothing.value.hint and "plain SQL is unaffected" in nothing.value.hint
        server = await serving(batcher, path)
        in_flight = asyncio.ensure_future(client.submit(requests(engine)[2]))
        while batcher.pending == 0:
            await asyncio.sleep(0.01)
        await server.close()             # dies with a request in flight
        with pytest.raises(EngineUnavailable, match="went away"):
            await in_flight
        with pytest.raises(EngineUnavailable, match="not available"):
            await client.submit(requests(engine)[0])
        gate.open.set()
        server = await serving(batcher, path)     # restarted: it holds no constraint
        result = await client.submit(requests(engine)[2])
        assert result.candidates
        client.close()
        await server.close()
    try:
        run(main())
    finally:
        gate.open.set()
        batcher.close()


def test_a_constraint_the_server_evicted_is_defined_again(engine: Seq2SeqEngine, tmp_path: Path) -> None:
    batcher = Batcher(engine, 8)
    batcher.start()
    eos = engine.model.manifest.special_tokens.eos
    size = engine.session.vocab_size
    a, b = Only(size, [20]), Only(size, [30])

    async def main() -> list[set[int]]:
        server = await serving(batcher, str(tmp_path / "e.sock"), max_constraints=1)
        client = EngineClient(str(tmp_path / "e.sock"))
        seen = []
        for hook in (a, b, a, b):
            result = await client.submit(GenerationRequest([5, 6, eos], max_new_tokens=4, allowed_tokens=hook))
            seen.append({i for ids, _ in result.candidates for i in ids})
        client.close()
        await server.close()
        return seen
    try:
        seen = run(main())
    finally:
        batcher.close()
    assert seen == [{20}, {30}, {20}, {30}]


def test_a_hook_that_cannot_travel_is_refused(engine: Seq2SeqEngine, tmp_path: Path) -> None:
    client = EngineClient(str(tmp_path / "nothing.sock"))
    request = GenerationRequest([5, 6], allowed_tokens=lambda prefix: None)
    with pytest.raises(ValueError, match="constraint_key"):
        run(client.submit(request))
