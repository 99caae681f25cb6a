"""Beam requests on a decode loop of their own, where the session lets two loops run at once.

A beam request (the planner's 4-beam retry) is long (~80 decoder steps: no drafts, one token a
step) and wide (four rows, each asking the top eight tokens). In one decode loop with greedy
requests it makes every step of theirs worse: every row of the call computes the beam's top-k,
a greedy row's verify call carries the beam rows padded to the draft's width, and the draft
policy, seeing more rows, speculates less, so greedy rows take more and smaller steps. And one
loop is one thread: on the 2-core VM at 16 clients the engine thread was the serial part of an
ASK, with a core often idle beside it.

:class:`LanedBatcher` runs two :class:`engines.batcher.Batcher` over one engine: greedy requests
on one, beam requests on the other, each with its own thread, decode loop and row slots. Where
a session's decoder calls may overlap (``concurrent_decode``: ONNX Runtime on the CPU, whose runs release
the GIL and whose decode loops keep their caches in slot pools of their own), the two lanes'
calls run at once. What a request computes does not change: a lane decodes as the single loop
did, and a request alone (one client) is alone in its lane as it was in the loop. The torch
sessions (one static cache and its CUDA graphs per session) keep one batcher.

:func:`start_batcher` picks: laned where the session allows it, else one :class:`Batcher`.
"""

from __future__ import annotations

from typing import Any

from engines.batcher import Batcher, BatcherStats
from engines.generation import GenerationRequest, GenerationResult
from engines.host_phases import HostPhases


class LanedBatcher:
    """:class:`Batcher`'s interface over two batchers: greedy requests on ``greedy``, beam
    requests (``num_beams > 1``) on ``beams``."""

    def __init__(self, engine: object, max_batch_size: int = 32, max_queue_delay_ms: float = 2.0,
                 max_queue: int = 1024) -> None:
        self.greedy = Batcher(engine, max_batch_size, max_queue_delay_ms, max_queue)
        self.beams = Batcher(engine, max_batch_size, max_queue_delay_ms, max_queue, name="askproxy-engine-beams")
        self._engine = engine

    @property
    def lanes(self) -> tuple[Batcher, Batcher]:
        return self.greedy, self.beams

    def start(self) -> None:
        for lane in self.lanes:
            lane.start()

    def close(self) -> None:
        for lane in self.lanes:
            lane.close()

    @property
    def pending(self) -> int:
        return sum(lane.pending for lane in self.lanes)

    def lane(self, request: GenerationRequest) -> Batcher:
        return self.beams if request.num_beams > 1 else self.greedy

    async def submit(self, request: GenerationRequest, timeout_s: float | None = None) -> GenerationResult:
        return await self.lane(request).submit(request, timeout_s)

    def stats(self) -> BatcherStats:
        """Both lanes' counters added (the session's graph counters, one engine's, once)."""
        first, second = (lane.stats() for lane in self.lanes)
        return BatcherStats(first.waiting + second.waiting, first.running + second.running,
                            first.steps + second.steps, first.rows + second.rows,
                            first.graph_failures, first.eager_steps)

    def host_phases(self) -> HostPhases:
        """Both lanes' decoder calls and host time by phase, added."""
        first, second = (lane.host_phases() for lane in self.lanes)
        return HostPhases(first.calls + second.calls, tuple(a + b for a, b in zip(first.seconds, second.seconds)))


def start_batcher(engine: Any, max_batch_size: int = 32, max_queue_delay_ms: float = 2.0,
                  max_queue: int = 1024, lanes: bool | None = None) -> Batcher | LanedBatcher:
    """A started batcher over ``engine``: laned (:class:`LanedBatcher`) where its session's
    decoder calls may overlap (``lanes`` None) or when ``lanes`` says so, else one."""
    if lanes is None:
        lanes = bool(getattr(getattr(engine, "session", None), "concurrent_decode", False))
    batcher: Batcher | LanedBatcher = (LanedBatcher if lanes else Batcher)(
        engine, max_batch_size, max_queue_delay_ms, max_queue)
    batcher.start()
    return batcher
