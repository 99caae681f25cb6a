"""Host time per decoder call by phase (engines.host_phases): the decode loop's clock counts
every call, a session's laps land in their phases, and the Batcher reports them."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from engines import host_phases as phase
from engines.batcher import Batcher
from engines.engine import Seq2SeqEngine
from engines.generation import GenerationRequest
from engines.host_phases import PHASES, HostPhases, PhaseClock
from tests.engine_fixtures import tiny_bart_dir  # noqa: F401


def test_laps_charge_the_time_since_the_last_lap_to_the_named_phase() -> None:
    clock = PhaseClock()
    clock.start()
    time.sleep(0.02)
    phase.lap(phase.FORWARD)             # what a session calls: this thread's running clock
    time.sleep(0.01)
    clock.stop(phase.SELECT)
    phase.lap(phase.MASKS)               # no clock running any more: nothing is counted
    ms = clock.snapshot().per_call_ms()
    assert clock.calls == 1
    assert 18 <= ms["forward"] < 200 and 8 <= ms["select"] < 200
    assert ms["masks"] == ms["inputs"] == 0.0
    assert ms["total"] == pytest.approx(sum(v for k, v in ms.items() if k != "total"))


def test_since_subtracts_calls_and_seconds() -> None:
    later = HostPhases(10, tuple(float(i + 1) for i in range(len(PHASES))))
    earlier = HostPhases(4, tuple(1.0 for _ in PHASES))
    delta = later.since(earlier)
    assert delta.calls == 6
    assert delta.per_call_ms()["inputs"] == 0.0
    assert delta.per_call_ms()["masks"] == pytest.approx(1000 / 6)


@pytest.fixture
def engine(tiny_bart_dir: Path) -> Seq2SeqEngine:  # noqa: F811
    return Seq2SeqEngine.load(tiny_bart_dir, backend="onnxruntime")


def _requests() -> list[GenerationRequest]:
    rng = np.random.default_rng(3)
    out = []
    for i in range(12):
        ids = [int(x) for x in rng.integers(4, 90, size=4 + i % 5)]
        beams = 3 if i % 4 == 3 else 1
        out.append(GenerationRequest(ids, max_new_tokens=6, num_beams=beams, num_return_sequences=beams))
    return out


def test_the_decode_loop_counts_every_call_and_the_onnx_session_laps_forward_and_select(
        engine: Seq2SeqEngine) -> None:
    engine.generate(_requests())
    loop = engine.last_loop
    assert loop is not None and not isinstance(loop, tuple)
    snap = loop.clock.snapshot()            # type: ignore[union-attr]
    assert snap.calls == loop.decoder_calls > 0   # type: ignore[union-attr]
    ms = snap.per_call_ms()
    assert ms["forward"] > 0 and ms["select"] > 0 and ms["advance"] > 0
    assert ms["sync"] == 0.0                 # a host backend has nothing to wait for
    assert all(v >= 0 for v in ms.values())


async def test_the_batcher_reports_host_phases_of_its_engine_thread(engine: Seq2SeqEngine) -> None:
    batcher = Batcher(engine, max_batch_size=8)
    assert batcher.host_phases().calls == 0
    batcher.start()
    try:
        for request in _requests():
            await batcher.submit(request)
        phases, stats = batcher.host_phases(), batcher.stats()
    finally:
        batcher.close()
    assert phases.calls == stats.steps > 0
    assert phases.per_call_ms()["forward"] > 0

