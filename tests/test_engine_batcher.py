"""Batcher: concurrency, full queue, timeout, cancellation (real tiny model on ONNX Runtime)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engines.batcher import Batcher, Scheduler, Ticket
from engines.engine import Seq2SeqEngine
from engines.generation import GenerationRequest
from ask.translate.engine_translator import engine_failure
from engines.errors import EngineBusy, EngineStopped, EngineTimeout
from tests.engine_fixtures import tiny_bart_dir  # noqa: F401

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


class GatedSession:
    """Wraps a real session; each decoder step waits for the gate (to hold requests in flight)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.backend_name = inner.backend_name
        self.vocab_size = inner.vocab_size

    def step(self, *args: Any) -> Any:
        assert self.gate.wait(10)
        return self.inner.step(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def engine(tiny_bart_dir: Path) -> Seq2SeqEngine:  # noqa: F811
    return Seq2SeqEngine.load(tiny_bart_dir, backend="onnxruntime")


@pytest.fixture
def gated(engine: Seq2SeqEngine) -> tuple[Seq2SeqEngine, GatedSession]:
    session = GatedSession(engine.session)
    engine.session = session   # type: ignore[assignment]
    return engine, session


def request_for(i: int) -> GenerationRequest:
    rng = np.random.default_rng(i % 37)
    ids = [int(x) for x in rng.integers(4, 90, size=3 + i % 11)]
    return GenerationRequest(ids, max_new_tokens=4 + i % 5, num_beams=1 + (i % 7 == 0))


async def test_500_concurrent_submissions_get_their_own_results(engine: Seq2SeqEngine) -> None:
    expected = {}
    for i in range(500):
        key = (tuple(request_for(i).input_ids), request_for(i).max_new_tokens, request_for(i).num_beams)
        if key not in expected:
            expected[key] = engine.generate([request_for(i)])[0]
    batcher = Batcher(engine, max_batch_size=32, max_queue_delay_ms=2.0, max_queue=1024)
    batcher.start()
    try:
        results = await asyncio.gather(*(batcher.submit(request_for(i)) for i in range(500)))
    finally:
        batcher.close()
    for i, result in enumerate(results):
        r = request_for(i)
        want = expected[(tuple(r.input_ids), r.max_new_tokens, r.num_beams)]
        assert result.best[0] == want.best[0], i
        assert result.best[1] == pytest.approx(want.best[1], abs=1e-4)


async def test_full_queue_rejects_with_engine_overloaded(gated: tuple[Seq2SeqEngine, GatedSession]) -> None:
    engine, session = gated
    batcher = Batcher(engine, max_batch_size=4, max_queue_delay_ms=0.0, max_queue=3)
    batcher.start()
    try:
        tasks = [asyncio.create_task(batcher.submit(request_for(i))) for i in range(3)]
        await asyncio.sleep(0.05)
        with pytest.raises(EngineBusy) as info:
            await batcher.submit(request_for(9))
        assert engine_failure(info.value).sqlstate == "53000"
        session.gate.set()
        assert len(await asyncio.gather(*tasks)) == 3
    finally:
        session.gate.set()
        batcher.close()


async def test_timeout_raises_ask_timeout_and_frees_slot(gated: tuple[Seq2SeqEngine, GatedSession]) -> None:
    engine, session = gated
    batcher = Batcher(engine, max_batch_size=4, max_queue_delay_ms=0.0, max_queue=2)
    batcher.start()
    try:
        with pytest.raises(EngineTimeout) as info:
            await batcher.submit(request_for(1), timeout_s=0.05)
        assert engine_failure(info.value).sqlstate == "57014"
        session.gate.set()
        await _until(lambda: batcher.pending == 0)
    finally:
        session.gate.set()
        batcher.close()


async def test_cancelled_requests_free_their_slots(gated: tuple[Seq2SeqEngine, GatedSession]) -> None:
    engine, session = gated
    batcher = Batcher(engine, max_batch_size=1, max_queue_delay_ms=0.0, max_queue=2)
    batcher.start()
    try:
        running = asyncio.create_task(batcher.submit(request_for(1)))
        waiting = asyncio.create_task(batcher.submit(request_for(2)))
        await asyncio.sleep(0.05)
        assert batcher.pending == 2
        waiting.cancel()
        await _until(lambda: batcher.pending == 1)      # a waiting request leaves at once
        third = asyncio.create_task(batcher.submit(request_for(3)))
        await asyncio.sleep(0.01)
        running.cancel()
        session.gate.set()                               # a running one leaves at the step boundary
        assert (await third).best[0] == engine.generate([request_for(3)])[0].best[0]
        await _until(lambda: batcher.pending == 0)
    finally:
        session.gate.set()
        batcher.close()


async def test_stats_show_queue_depth_and_batch_rows(gated: tuple[Seq2SeqEngine, GatedSession]) -> None:
    """What the operator's metrics read: requests waiting/running while a step is held, then
    steps and rows decoded (rows / steps: the mean batch size)."""
    engine, session = gated
    batcher = Batcher(engine, max_batch_size=2, max_queue_delay_ms=0.0, max_queue=8)
    batcher.start()
    try:
        tasks = [asyncio.create_task(batcher.submit(request_for(i))) for i in (1, 2, 3)]
        await _until(lambda: batcher.stats().running == 2)
        held = batcher.stats()
        assert (held.waiting, held.running, held.steps) == (1, 2, 0)
        session.gate.set()
        results = await asyncio.gather(*tasks)
        done = batcher.stats()
        assert (done.waiting, done.running) == (0, 0)
        # every generated token took one step of its row; rows never exceed the batch bound
        assert done.rows >= sum(len(r.best[0]) for r in results) - 3
        assert done.steps <= done.rows <= 2 * done.steps
    finally:
        session.gate.set()
        batcher.close()


async def test_continuous_batching_lets_short_requests_overtake(engine: Seq2SeqEngine) -> None:
    batcher = Batcher(engine, max_batch_size=8, max_queue_delay_ms=0.0)
    batcher.start()
    order: list[str] = []

    async def run(name: str, request: GenerationRequest) -> None:
        await batcher.submit(request)
        order.append(name)

    try:
        long = GenerationRequest([5, 6, 7], max_new_tokens=120)
        short = GenerationRequest([8, 9], max_new_tokens=2)
        eos_free = np.ones(96, dtype=bool)
        eos_free[2] = False
        long = GenerationRequest([5, 6, 7], max_new_tokens=120, allowed_tokens=lambda _: eos_free)
        first = asyncio.create_task(run("long", long))
        await asyncio.sleep(0.01)
        await run("short", short)
        await first
    finally:
        batcher.close()
    assert order == ["short", "long"]


def test_scheduler_waits_for_company_then_admits_by_rows() -> None:
    loop = asyncio.new_event_loop()
    try:
        sched = Scheduler(max_batch_size=4, max_queue_delay_s=0.01, max_queue=10)
        tickets = [Ticket(i, GenerationRequest([5], num_beams=2), 0.0, loop.create_future(), loop) for i in range(3)]
        sched.add(tickets[0])
        assert sched.schedule(now=0.001, running_rows=0) == []           # waits for company
        assert sched.wait_time(now=0.001, running_rows=0) == pytest.approx(0.009)
        sched.add(tickets[1])
        sched.add(tickets[2])
        admitted = sched.schedule(now=0.001, running_rows=0)              # batch full: go now
        assert [t.id for t in admitted] == [0, 1]
        assert sched.schedule(now=0.002, running_rows=4) == []           # no rows left
        assert [t.id for t in sched.schedule(now=0.002, running_rows=2)] == [2]
    finally:
        loop.close()


def test_stats_carry_the_engines_cuda_graph_counters() -> None:
    from types import SimpleNamespace

    class GraphEngine:             # what Batcher.stats reads of a torch CUDA engine
        def graph_stats(self) -> SimpleNamespace:
            return SimpleNamespace(graphs=3, captures=5, failures=2, eager_steps=7)

    stats = Batcher(GraphEngine()).stats()
    assert (stats.graph_failures, stats.eager_steps) == (2, 7)


async def _until(condition: Any, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached")


def test_engine_errors_map_to_sqlstates() -> None:
    """The engine raises its own errors; the pipeline reports them with a SQLSTATE."""
    assert engine_failure(EngineStopped("gone")).sqlstate == "58000"
    busy = engine_failure(EngineBusy("full", hint="retry shortly"))
    assert (busy.sqlstate, busy.hint) == ("53000", "retry shortly")


async def test_engine_metrics_read_the_batcher_at_scrape_time(engine: Seq2SeqEngine) -> None:
    from prometheus_client import CollectorRegistry

    from proxy.metrics import OperationsMetrics

    class Translator:               # what the collector needs of ask.translate.engine_translator.EngineTranslator
        def __init__(self, batcher: Batcher) -> None:
            self.engine_stats = batcher.stats

    registry = CollectorRegistry()
    ops = OperationsMetrics(registry)
    batcher = Batcher(engine, max_batch_size=4, max_queue_delay_ms=0.0)
    batcher.start()
    try:
        ops.engine.watch(Translator(batcher))
        await asyncio.gather(*(batcher.submit(request_for(i)) for i in range(6)))
        stats = batcher.stats()
        assert registry.get_sample_value("askproxy_engine_steps_total") == stats.steps > 0
        assert registry.get_sample_value("askproxy_engine_step_rows_total") == stats.rows >= stats.steps
        assert registry.get_sample_value("askproxy_engine_requests", {"state": "waiting"}) == 0
        # An ONNX Runtime engine captures no CUDA graphs: the downgrade counters read zero.
        assert registry.get_sample_value("askproxy_engine_cuda_graph_failures_total") == 0
        assert registry.get_sample_value("askproxy_engine_eager_steps_total") == 0
    finally:
        batcher.close()
    ops.engine.watch(object())      # a translator without an engine (tests, --no-ask): no series
    assert registry.get_sample_value("askproxy_engine_steps_total") is None


class PacedSession:
    """Wraps a real session: each decoder step takes a permit, the end token is never chosen
    (rows run to max_new_tokens), and while ``hold`` is set an encode waits for ``release``."""

    def __init__(self, inner: Any, eos: int) -> None:
        self.inner = inner
        self.eos = eos
        self.permits = threading.Semaphore(0)
        self.hold = threading.Event()
        self.holding = threading.Event()
        self.release = threading.Event()
        self.encode_threads: list[str] = []
        self.step_rows: list[int] = []

    def step(self, *args: Any) -> Any:
        assert self.permits.acquire(timeout=10)
        self.step_rows.append(len(args[1]))
        state, scores, ids = self.inner.step(*args)
        return state, scores, np.where(ids == self.eos, self.eos + 1, ids)

    def encode(self, *args: Any) -> Any:
        self.encode_threads.append(threading.current_thread().name)
        if self.hold.is_set():
            self.holding.set()
            assert self.release.wait(10)
        return self.inner.encode(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def test_rows_keep_stepping_while_a_request_is_encoded_and_a_cancelled_one_never_decodes(
        engine: Seq2SeqEngine) -> None:
    session = PacedSession(engine.session, engine.model.manifest.special_tokens.eos)
    engine.session = session   # type: ignore[assignment]
    engine.drafter = None
    batcher = Batcher(engine, max_batch_size=4, max_queue_delay_ms=0.0)
    batcher.start()
    try:
        first = asyncio.create_task(batcher.submit(GenerationRequest([5, 6, 7, 8], max_new_tokens=12)))
        session.permits.release()
        await _until(lambda: batcher.stats().steps == 1)
        session.hold.set()
        second = asyncio.create_task(batcher.submit(GenerationRequest([9, 10, 11], max_new_tokens=12)))
        await asyncio.sleep(0.02)
        session.permits.release()                             # admitted after the second step
        await _until(session.holding.is_set)
        for _ in range(3):
            session.permits.release()
        await _until(lambda: batcher.stats().steps == 5)     # the first request steps on meanwhile
        assert not session.release.is_set()
        second.cancel()
        await asyncio.sleep(0.02)
        session.release.set()
        for _ in range(20):
            session.permits.release()
        assert len((await first).best[0]) == 12
        with pytest.raises(asyncio.CancelledError):
            await second
        assert session.step_rows == [1] * 12                  # the cancelled request never decoded
        assert session.encode_threads and all(n.startswith("askproxy-encoder") for n in session.encode_threads)
    finally:
        session.release.set()
        for _ in range(50):
            session.permits.release()
        batcher.close()
