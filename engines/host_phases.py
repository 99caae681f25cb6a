"""Host time of the decode loop per decoder call, by phase.

On a GPU the decoder call itself (a CUDA-graph replay) is a fraction of a millisecond, and the
host work around it (allowed-token hooks, mask arrays, searches, drafts, bookkeeping) decides
the step rate. A :class:`PhaseClock` is a lap timer: each phase boundary costs one
``perf_counter`` call, per decoder call and not per row, so it stays on in production.

The decode loop (:mod:`engines.decoding`) starts the clock at each call and laps its own
phases; a session laps the phases inside its call (the forward, the wait for the device and
the copy-out, the top-k on the host) through :func:`lap`, which finds the running clock of
this thread, so the session protocol carries no timer. A session that laps nothing has its
whole call counted as ``forward``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

INPUTS = 0     # fed tokens and positions, drafter lookups
MASKS = 1      # allowed-token hooks and the mask arrays (the static torch session: also their
               # staging, copies and masking launched on the device)
FORWARD = 2    # the decoder call (on CUDA: its launch, a graph replay, the top-k's launch)
SYNC = 3       # waiting for the device and copying its results out
SELECT = 4     # log-softmax, mask and top-k on the host (numpy backends), unpacking the results
ADVANCE = 5    # the searches advanced (greedy, beam) by the call's top-k
REORDER = 6    # rows leaving or reordered (session.select), drafts' columns dropped (accept)
FINISH = 7     # finished requests' results, the drafter told the answers
ADMIT = 8      # new requests encoded (on the engine thread) and joined to the running batch:
               # between calls, not part of one, charged to the calls all the same (per call on
               # average; the H100 py-spy at 256 clients had admission at 12% of the engine thread)

PHASES = ("inputs", "masks", "forward", "sync", "select", "advance", "reorder", "finish", "admit")

_local = threading.local()


@dataclass(frozen=True, slots=True)
class HostPhases:
    """Decoder calls and the seconds spent in each phase over them (a snapshot)."""
    calls: int
    seconds: tuple[float, ...]

    def since(self, earlier: "HostPhases") -> "HostPhases":
        return HostPhases(self.calls - earlier.calls, tuple(a - b for a, b in zip(self.seconds, earlier.seconds)))

    def per_call_ms(self) -> dict[str, float]:
        """Milliseconds per decoder call by phase, and their ``total``."""
        n = max(1, self.calls)
        out = {name: 1000 * s / n for name, s in zip(PHASES, self.seconds)}
        out["total"] = sum(out.values())
        return out

    @classmethod
    def empty(cls) -> "HostPhases":
        return cls(0, (0.0,) * len(PHASES))


class PhaseClock:
    __slots__ = ("calls", "_seconds", "_last", "deferred")

    def __init__(self) -> None:
        self.calls = 0
        self._seconds = [0.0] * len(PHASES)
        self._last = 0.0
        # Host work the decode loop put off until the device is busy (:func:`while_device_runs`).
        self.deferred: list[Callable[[], None]] = []

    def run_deferred(self, timed: bool = True) -> None:
        """Do the put-off work now (``timed``: inside a call, its time counts as ``finish``)."""
        work, self.deferred = self.deferred, []
        for fn in work:
            fn()
        if work and timed:
            self.lap(FINISH)

    def start(self) -> None:
        """A decoder call begins (on this thread): later :func:`lap` calls of the thread count here."""
        self.calls += 1
        self._last = time.perf_counter()
        _local.clock = self

    def lap(self, phase: int) -> None:
        """The time since the last lap (or :meth:`start`) was spent in ``phase``."""
        now = time.perf_counter()
        self._seconds[phase] += now - self._last
        self._last = now

    def add(self, phase: int, seconds: float) -> None:
        """Charge ``seconds`` spent between calls (admission) to ``phase``; no lap is moved."""
        self._seconds[phase] += seconds

    def stop(self, phase: int) -> None:
        self.lap(phase)
        _local.clock = None

    def snapshot(self) -> HostPhases:
        """Safe from another thread: it may lag the running call by a phase."""
        return HostPhases(self.calls, tuple(self._seconds))


def lap(phase: int) -> None:
    """Lap this thread's running clock, if a decode loop started one (sessions call this)."""
    clock = getattr(_local, "clock", None)
    if clock is not None:
        clock.lap(phase)


def while_device_runs() -> None:
    """A session whose call is on the device and not yet waited for calls this: the running
    decode loop's deferred host work (the drafter told the answers that finished last call)
    runs now, in time the host would spend waiting (the time before counts as ``forward``)."""
    clock = getattr(_local, "clock", None)
    if clock is not None and clock.deferred:
        clock.lap(FORWARD)
        clock.run_deferred()
