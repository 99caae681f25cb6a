"""Beam requests on a decode loop of their own, where a session can run two loops.

A beam request (the planner's 4-beam retry) is long (~80 decoder steps: no drafts, one token a
step) and wide (four rows, each asking the top eight tokens). In one decode loop with greedy
requests it makes every step of theirs worse: every row of the call computes the beam's top-k,
a greedy row's verify call carries the beam rows padded to the draft's width, and the draft
policy, seeing more rows, speculates less, so greedy rows take more and smaller steps (2-core
VM, engine only, 16 clients of the demo mix: 18-30 greedy row-calls a request instead of 8-9).

:class:`LanedBatcher` runs two :class:`engines.batcher.Batcher` over one engine: greedy requests
on one, beam requests on the other, each with its own thread and decode loop. The two take
turns at the decoder (:class:`Turns`: one step at a time, handed to the other lane when it
waits), so no two decoder calls overlap and the hooks and the session see one step at a time,
as with one batcher. Overlapping them was measured too: on the loaded 2-core VM it was slower
than taking turns (12-15 against 16-20 requests/s), the two runs contending for the cores.
What a request computes does not change: a lane decodes as the single loop did, and a request
alone (one client) is alone in its lane as it was in the loop.

Only where the session's decode loops share no state (``separate_loops``: ONNX Runtime on the
CPU, whose loops keep their rows in slot pools of their own); the torch sessions (one static
cache and its CUDA graphs per session) keep one batcher. :func:`start_batcher` picks.
"""

from __future__ import annotations

import threading
from collections import deque
from types import TracebackType
from typing import Any

from engines.batcher import Batcher, BatcherStats
from engines.generation import GenerationRequest, GenerationResult
from engines.host_phases import HostPhases


class Turns:
    """A lock handed over in arrival order: a lane that waits gets the decoder next, so a busy
    lane cannot take step after step while the other waits."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy = False
        self._waiting: deque[threading.Event] = deque()

    def __enter__(self) -> None:
        with self._lock:
            if not self._busy:
                self._busy = True
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()                          # handed over: still busy, now ours

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._busy = False


class LanedBatcher:
    """:class:`Batcher`'s interface over two batchers taking turns: greedy requests on
    ``greedy``, beam requests (``num_beams > 1``) on ``beams``."""

    def __init__(self, engine: object, max_batch_size: int = 32, max_queue_delay_ms: float = 2.0,
                 max_queue: int = 1024) -> None:
        turns = Turns()
        self.greedy = Batcher(engine, max_batch_size, max_queue_delay_ms, max_queue, turns=turns)
        self.beams = Batcher(engine, max_batch_size, max_queue_delay_ms, max_queue, name="askproxy-engine-beams",
                             turns=turns)

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
    decode loops share no state (``lanes`` None) or when ``lanes`` says so, else one."""
    if lanes is None:
        lanes = bool(getattr(getattr(engine, "session", None), "separate_loops", False))
    batcher: Batcher | LanedBatcher = (LanedBatcher if lanes else Batcher)(
        engine, max_batch_size, max_queue_delay_ms, max_queue)
    batcher.start()
    return batcher
