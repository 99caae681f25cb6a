"""Laned batcher: beam requests on a decode loop of their own (real tiny model on ONNX Runtime)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engines.batcher import Batcher
from engines.engine import Seq2SeqEngine
from engines.generation import GenerationRequest
from engines.lanes import LanedBatcher, Turns, start_batcher
from tests.engine_fixtures import tiny_bart_dir  # noqa: F401


@pytest.fixture
def engine(tiny_bart_dir: Path) -> Seq2SeqEngine:  # noqa: F811
    return Seq2SeqEngine.load(tiny_bart_dir, backend="onnxruntime")


def request_for(i: int) -> GenerationRequest:
    rng = np.random.default_rng(i % 29)
    ids = [int(x) for x in rng.integers(4, 90, size=3 + i % 11)]
    beams = 4 if i % 3 == 0 else 1
    return GenerationRequest(ids, max_new_tokens=4 + i % 9, num_beams=beams, num_return_sequences=beams)


def key(r: GenerationRequest) -> tuple[Any, ...]:
    return tuple(r.input_ids), r.max_new_tokens, r.num_beams


async def test_greedy_and_beam_requests_at_once_get_what_each_alone_gets(engine: Seq2SeqEngine) -> None:
    expected = {}
    for i in range(300):
        r = request_for(i)
        if key(r) not in expected:
            expected[key(r)] = engine.generate([r])[0]
    batcher = start_batcher(engine, 16, lanes=True)
    try:
        results = await asyncio.gather(*(batcher.submit(request_for(i)) for i in range(300)))
    finally:
        batcher.close()
    for i, result in enumerate(results):
        want = expected[key(request_for(i))]
        assert [c for c, _ in result.candidates] == [c for c, _ in want.candidates], i
        assert [s for _, s in result.candidates] == pytest.approx([s for _, s in want.candidates], abs=1e-4)


async def test_beam_requests_step_on_their_own_lane(engine: Seq2SeqEngine) -> None:
    batcher = LanedBatcher(engine, 16)
    batcher.start()
    try:
        await asyncio.gather(*(batcher.submit(request_for(i)) for i in range(0, 60, 3)))      # beams only
        greedy, beams = batcher.greedy.stats(), batcher.beams.stats()
        assert greedy.steps == 0 and beams.steps > 0
        assert beams.rows % 4 == 0
        await asyncio.gather(*(batcher.submit(request_for(i)) for i in range(1, 60, 3)))      # greedy only
        assert batcher.beams.stats().steps == beams.steps
        assert batcher.greedy.stats().steps > 0
        total = batcher.stats()
        assert total.steps == batcher.greedy.stats().steps + batcher.beams.stats().steps
        assert total.rows == batcher.greedy.stats().rows + batcher.beams.stats().rows
        assert total.waiting == total.running == 0
        phases = batcher.host_phases()
        assert phases.calls == total.steps
        names = {t.name for t in threading.enumerate()}
        assert {"askproxy-engine", "askproxy-engine-beams"} <= names    # the metrics tell them apart
        assert batcher.pending == 0
    finally:
        batcher.close()


def test_lanes_where_the_sessions_loops_share_nothing(engine: Seq2SeqEngine) -> None:
    laned = start_batcher(engine, 8)
    assert isinstance(laned, LanedBatcher)      # ONNX Runtime on the CPU: separate_loops
    laned.close()

    class OneLoopOnly:
        """A session whose loops share its caches (the torch static session)."""
        separate_loops = False

    class Engine:
        session = OneLoopOnly()
        new_loop = engine.new_loop

    single = start_batcher(Engine(), 8)
    assert type(single) is Batcher
    single.close()


async def test_a_beam_request_finishes_while_greedy_requests_keep_the_other_lane_busy(
        engine: Seq2SeqEngine) -> None:
    """The lanes step independently: a long run of greedy requests does not hold a beam
    request back until they are done."""
    batcher = LanedBatcher(engine, 4)
    batcher.start()
    order: list[str] = []

    async def tagged(tag: str, r: GenerationRequest) -> None:
        await batcher.submit(r)
        order.append(tag)

    try:
        greedy = [tagged("greedy", GenerationRequest([5, 6, 7, i % 50 + 10], max_new_tokens=12)) for i in range(200)]
        beam = tagged("beam", GenerationRequest([5, 6, 7, 8], max_new_tokens=4, num_beams=4, num_return_sequences=4))
        await asyncio.gather(*greedy, beam)
    finally:
        batcher.close()
    assert order.index("beam") < len(order) - 1


def test_turns_hand_the_decoder_to_the_lane_that_waits() -> None:
    """While one lane steps, the other waits; when it is done, the waiting lane steps next,
    even if the first asks again at once (no lane takes step after step)."""
    turns = Turns()
    order: list[str] = []
    inside = threading.Event()
    release = threading.Event()

    def first() -> None:
        with turns:
            order.append("a1")
            inside.set()
            assert release.wait(5)
        with turns:                           # asks again at once: b waits already
            order.append("a2")

    def second() -> None:
        assert inside.wait(5)
        with turns:
            order.append("b1")

    a, b = threading.Thread(target=first), threading.Thread(target=second)
    a.start()
    b.start()
    assert inside.wait(5)
    for _ in range(200):                      # b is queued for its turn
        if turns._waiting:
            break
        threading.Event().wait(0.01)
    release.set()
    a.join(5)
    b.join(5)
    assert order == ["a1", "b1", "a2"]


async def test_the_lanes_never_call_the_decoder_at_once(engine: Seq2SeqEngine) -> None:
    class Counting:
        """Wraps the real session; records how many decoder calls run at once."""

        def __init__(self, inner: Any) -> None:
            self.inner = inner
            self.now = self.most = 0
            self.lock = threading.Lock()

        def _call(self, name: str, *args: Any) -> Any:
            with self.lock:
                self.now += 1
                self.most = max(self.most, self.now)
            try:
                threading.Event().wait(0.0005)       # long enough for the other lane to try
                return getattr(self.inner, name)(*args)
            finally:
                with self.lock:
                    self.now -= 1

        def step(self, *args: Any) -> Any:
            return self._call("step", *args)

        def verify(self, *args: Any) -> Any:
            return self._call("verify", *args)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    counting = Counting(engine.session)
    engine.session = counting      # type: ignore[assignment]
    batcher = LanedBatcher(engine, 16)
    batcher.start()
    try:
        await asyncio.gather(*(batcher.submit(request_for(i)) for i in range(120)))
        assert batcher.greedy.stats().steps and batcher.beams.stats().steps
    finally:
        batcher.close()
    assert counting.most == 1
