"""One in-process batcher shared by every client session.

Split in two, as vLLM's scheduler is: :class:`Scheduler` is pure bookkeeping (a bounded
waiting queue, admission by row budget and queue delay, cancellation) with no threads and no
clock of its own; :class:`Batcher` owns a worker thread that drives the scheduler and the
:class:`engines.decoding.DecodeLoop`, and hands results back to asyncio futures with
``call_soon_threadsafe``. Inference never runs on the event loop.

Batching is continuous: between two decoder steps, waiting requests are encoded and join the
running batch, and finished ones leave. Where the session's encoder may run beside its
decoder (``concurrent_encode``: ONNX Runtime, whose runs release the GIL), admitted requests
are encoded on a second thread while the running rows go on stepping, and join at the first
step boundary after their encoding is done: on the 2-core VM at 16 clients the encoder was a
fifth of the engine thread, time in which no row advanced. When nothing is running, the first
request waits up to ``max_queue_delay_ms`` for company (Triton-style dynamic batching).
``max_batch_size`` counts decoder rows, so a 4-beam request takes four.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import logging
import threading
import time
from collections import deque
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Any

from engines.decoding import Encoded, StepLoop
from engines.host_phases import HostPhases
from engines.generation import EngineTimings, GenerationRequest, GenerationResult
from engines.errors import EngineBusy, EngineStopped, EngineTimeout

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Ticket:
    id: int
    request: GenerationRequest
    enqueued_at: float
    future: asyncio.Future[GenerationResult] = field(repr=False)
    loop: asyncio.AbstractEventLoop = field(repr=False)
    admitted_at: float = 0.0      # monotonic, set by the worker thread
    encoded_at: float = 0.0


class Scheduler:
    """Pure scheduling state: what waits, what runs, what to admit next."""

    def __init__(self, max_batch_size: int, max_queue_delay_s: float, max_queue: int) -> None:
        self.max_batch_size = max_batch_size
        self.max_queue_delay_s = max_queue_delay_s
        self.max_queue = max_queue
        self.waiting: deque[Ticket] = deque()
        self.running: dict[int, Ticket] = {}
        self.cancelled_running: set[int] = set()

    @property
    def pending(self) -> int:
        return len(self.waiting) + len(self.running)

    def add(self, ticket: Ticket) -> None:
        if len(self.waiting) + len(self.running) >= self.max_queue:
            raise EngineBusy("the text-to-SQL engine queue is full",
                                   hint="retry shortly; the server is answering other questions")
        if ticket.request.rows > self.max_batch_size:
            raise ValueError(f"a request of {ticket.request.rows} beams exceeds max_batch_size")
        self.waiting.append(ticket)

    def cancel(self, ticket_id: int) -> None:
        """Waiting tickets leave now; running ones at the next step boundary."""
        for ticket in self.waiting:
            if ticket.id == ticket_id:
                self.waiting.remove(ticket)
                return
        if ticket_id in self.running:
            self.cancelled_running.add(ticket_id)

    def take_cancelled(self) -> list[int]:
        ids = [i for i in self.cancelled_running if i in self.running]
        for i in ids:
            del self.running[i]
        self.cancelled_running.clear()
        return ids

    def schedule(self, now: float, running_rows: int) -> list[Ticket]:
        """Tickets to admit now (possibly none while the first waits for company)."""
        if not self.waiting:
            return []
        if running_rows == 0 and not self._worth_starting(now):
            return []
        admitted: list[Ticket] = []
        rows = running_rows
        while self.waiting and rows + self.waiting[0].request.rows <= self.max_batch_size:
            ticket = self.waiting.popleft()
            rows += ticket.request.rows
            admitted.append(ticket)
            self.running[ticket.id] = ticket
        return admitted

    def _worth_starting(self, now: float) -> bool:
        rows = sum(t.request.rows for t in self.waiting)
        return rows >= self.max_batch_size or now - self.waiting[0].enqueued_at >= self.max_queue_delay_s

    def wait_time(self, now: float, running_rows: int) -> float | None:
        """How long the worker may sleep: None = until notified, 0 = work now."""
        if running_rows or (self.waiting and self._worth_starting(now)):
            return 0.0
        if self.waiting:
            return max(0.0, self.waiting[0].enqueued_at + self.max_queue_delay_s - now)
        return None

    def finish(self, ticket_id: int) -> Ticket | None:
        return self.running.pop(ticket_id, None)


@dataclass(frozen=True)
class BatcherStats:
    """What an operator reads from the batcher (Prometheus, the admin console)."""
    waiting: int     # requests queued, not yet admitted to the decode loop
    running: int     # requests being decoded
    steps: int       # decode steps run since start
    rows: int        # rows decoded over those steps: rows / steps is the mean batch size
    graph_failures: int = 0   # CUDA-graph captures that failed (torch CUDA sessions)
    eager_steps: int = 0      # decoder steps run eagerly for want of a captured graph


class Batcher:
    def __init__(self, engine: object, max_batch_size: int = 32, max_queue_delay_ms: float = 2.0,
                 max_queue: int = 1024, name: str = "askproxy-engine",
                 turns: AbstractContextManager[Any] | None = None) -> None:
        """``name``: the worker thread's (what the proxy's per-thread CPU metrics label);
        ``turns``: held around each decoder step, when batchers take turns at one engine
        (:class:`engines.lanes.LanedBatcher`)."""
        self._engine = engine
        self._name = name
        self._turns = turns if turns is not None else nullcontext()
        self._scheduler = Scheduler(max_batch_size, max_queue_delay_ms / 1000.0, max_queue)
        self._cond = threading.Condition()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None
        self._closing = False
        self._steps = 0
        self._rows = 0
        self._encoder: concurrent.futures.ThreadPoolExecutor | None = None
        self._encoding: deque[_Encoding] = deque()       # admitted, being encoded (oldest first)
        self._dropped: set[int] = set()                   # cancelled while being encoded
        self._loop: StepLoop | None = None                # the engine thread's decode loop
        self._phases_done = HostPhases.empty()            # host phases of its earlier loops

    def start(self) -> None:
        if self._thread is not None:
            return
        if getattr(getattr(self._engine, "session", None), "concurrent_encode", False):
            self._encoder = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="askproxy-encoder")
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._encoder is not None:
            self._encoder.shutdown(wait=True)
            self._encoder = None

    @property
    def pending(self) -> int:
        with self._cond:
            return self._scheduler.pending

    def stats(self) -> BatcherStats:
        graph_stats = getattr(self._engine, "graph_stats", None)
        graphs = graph_stats() if graph_stats is not None else None
        with self._cond:
            return BatcherStats(len(self._scheduler.waiting), len(self._scheduler.running),
                                self._steps, self._rows, graphs.failures if graphs else 0,
                                graphs.eager_steps if graphs else 0)

    def host_phases(self) -> HostPhases:
        """The engine thread's host time per decoder call by phase, since start (the decode
        loops this batcher ran, its current one included; with the confidence monitor, its fast
        loop's). Apart from :meth:`stats`, whose six
        counters the shared engine's protocol carries as they are."""
        with self._cond:
            loop, done = self._loop, self._phases_done
        clock = getattr(getattr(loop, "fast", loop), "clock", None)
        if clock is None:
            return done
        now = clock.snapshot()
        return HostPhases(done.calls + now.calls, tuple(a + b for a, b in zip(done.seconds, now.seconds)))

    async def submit(self, request: GenerationRequest, timeout_s: float | None = None) -> GenerationResult:
        loop = asyncio.get_running_loop()
        ticket = Ticket(next(self._ids), request, time.monotonic(), loop.create_future(), loop)
        with self._cond:
            if self._closing or self._thread is None:
                raise EngineStopped("the engine batcher is not running")
            self._scheduler.add(ticket)
            self._cond.notify()
        try:
            return await asyncio.wait_for(asyncio.shield(ticket.future), timeout_s)
        except TimeoutError:
            self._cancel(ticket.id)
            raise EngineTimeout(f"translation did not finish within {timeout_s:g} s") from None
        except asyncio.CancelledError:
            self._cancel(ticket.id)
            raise

    def _cancel(self, ticket_id: int) -> None:
        with self._cond:
            self._scheduler.cancel(ticket_id)
            self._cond.notify()

    # --- worker thread ------------------------------------------------------------------------

    def _run(self) -> None:
        decode = self._new_loop()
        while True:
            with self._cond:
                admitted = self._wait_for_work(decode)
                if admitted is None:
                    break
                cancelled = self._scheduler.take_cancelled()
            self._cancel_running(decode, cancelled)
            try:
                self._admit(decode, admitted)
                if not decode.active_rows:
                    continue
                rows = decode.active_rows
                with self._turns:
                    finished = decode.step()
                self._steps += 1        # this thread is the only writer; readers may lag a step
                self._rows += rows
            except Exception as exc:   # the model failed: fail every request in flight, start afresh
                logger.exception("engine step failed")
                self._fail_all(exc)
                self._encoding.clear()
                self._dropped.clear()
                decode = self._new_loop()
                continue
            self._deliver(finished)
        self._encoding.clear()
        self._fail_all(EngineStopped("the engine is shutting down"))

    def _new_loop(self) -> StepLoop:
        loop: StepLoop = self._engine.new_loop()  # type: ignore[attr-defined]
        done = self.host_phases()              # the loop it replaces (this thread is the only writer)
        with self._cond:
            self._phases_done, self._loop = done, loop
        return loop

    def _admit(self, decode: StepLoop, admitted: list[Ticket]) -> None:
        """Encode the admitted tickets (here, or on the encoder thread) and join the rows whose
        encoding is done; with nothing to step, wait for the oldest encoding."""
        started = time.monotonic()
        items = [(t.id, t.request) for t in admitted]
        if self._encoder is None:
            if items:
                decode.admit(items)
            for t in admitted:
                t.admitted_at, t.encoded_at = started, time.monotonic()
            return
        if items:
            for t in admitted:
                t.admitted_at = started
            self._encoding.append(_Encoding(admitted, self._encoder.submit(decode.encode, items)))
        while self._encoding and (self._encoding[0].future.done() or not decode.active_rows):
            self._join(decode, self._encoding.popleft())

    def _join(self, decode: StepLoop, encoding: _Encoding) -> None:
        decode.join(encoding.future.result())
        now = time.monotonic()
        for t in encoding.tickets:
            t.encoded_at = now
            if t.id in self._dropped:          # cancelled while it was being encoded
                self._dropped.discard(t.id)
                decode.cancel(t.id)

    def _cancel_running(self, decode: StepLoop, cancelled: list[int]) -> None:
        encoding = {t.id for e in self._encoding for t in e.tickets}
        for ticket_id in cancelled:
            if ticket_id in encoding:
                self._dropped.add(ticket_id)
            else:
                decode.cancel(ticket_id)

    def _wait_for_work(self, decode: StepLoop) -> list[Ticket] | None:
        while not self._closing:
            now = time.monotonic()
            rows = decode.active_rows + sum(e.rows for e in self._encoding)
            delay = self._scheduler.wait_time(now, rows)
            if delay == 0.0:
                # One encoding at a time (the encoder thread is one): requests that arrive
                # meanwhile wait in the queue and go together into the next encoder call.
                return [] if self._encoding else self._scheduler.schedule(now, rows)
            self._cond.wait(delay)
        return None

    def _deliver(self, finished: list[tuple[object, GenerationResult]]) -> None:
        with self._cond:
            tickets = [(self._scheduler.finish(int(key)), result) for key, result in finished]  # type: ignore[call-overload]
        now = time.monotonic()
        for ticket, result in tickets:
            if ticket is not None:
                timings = EngineTimings(ticket.admitted_at - ticket.enqueued_at,
                                        ticket.encoded_at - ticket.admitted_at, now - ticket.encoded_at)
                _post(ticket, replace(result, timings=timings), None)

    def _fail_all(self, exc: BaseException) -> None:
        error = exc if isinstance(exc, EngineStopped) else EngineStopped(f"the engine failed: {exc}")
        with self._cond:
            tickets = list(self._scheduler.running.values()) + list(self._scheduler.waiting)
            self._scheduler.running.clear()
            self._scheduler.waiting.clear()
        for ticket in tickets:
            _post(ticket, None, error)


@dataclass(slots=True)
class _Encoding:
    tickets: list[Ticket]
    future: concurrent.futures.Future[Encoded]

    @property
    def rows(self) -> int:
        return sum(t.request.rows for t in self.tickets)


def _post(ticket: Ticket, result: GenerationResult | None, error: BaseException | None) -> None:
    try:
        ticket.loop.call_soon_threadsafe(_resolve, ticket.future, result, error)
    except RuntimeError:   # the submitting event loop is closed: nobody is waiting any more
        logger.debug("dropped the result of request %d: its event loop is closed", ticket.id)


def _resolve(future: asyncio.Future[GenerationResult], result: GenerationResult | None,
             error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]
