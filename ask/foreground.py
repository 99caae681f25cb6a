"""ASKs in flight, and background work that gives way to them.

Some of what the pipeline derives per schema is not needed by the ASK that asked for it: the
examples the proxy writes itself over a wide schema (:mod:`ask.context.self_examples`) are built
in a thread of their own while that ASK, and later ones, go on without them. On one process
that thread shares the interpreter (the GIL) with the event loop and the ASKs' own threads, so
while it runs every ASK's Python runs at about half speed: on the 2-core VM a cold ASK on a
5,000-table schema took 2.0-2.8 s when the build of the previous schema version landed inside
it, 0.8-1.0 s when it did not (bench/RESULTS.md, "Cold 5,000-table schema").

:data:`FOREGROUND` counts the ASKs being planned (:meth:`Foreground.running`, entered by
:class:`ask.planner.Planner`). Background work calls :meth:`Foreground.wait_idle` between small
pieces of its work: it waits while any ASK is in flight, so it runs in the gaps between them,
and an ASK that arrives meanwhile waits at most for the piece in hand. A wait is bounded (the
caller gives up waiting after its own limit and goes on), so work under a steady stream of
ASKs is delayed, never starved.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Foreground:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._idle = threading.Event()
        self._idle.set()

    @property
    def active(self) -> int:
        """How many ASKs are being planned now."""
        return self._active

    @contextmanager
    def running(self) -> Iterator[None]:
        """Count the block as foreground work (an ASK being planned)."""
        with self._lock:
            self._active += 1
            self._idle.clear()
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                if self._active == 0:
                    self._idle.set()

    def wait_idle(self, timeout_s: float) -> float:
        """Block until no foreground work runs, at most ``timeout_s``; the seconds waited."""
        if self._idle.is_set():
            return 0.0
        started = time.perf_counter()
        self._idle.wait(timeout_s)
        return time.perf_counter() - started


FOREGROUND = Foreground()
