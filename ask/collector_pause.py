"""The cyclic garbage collector, paused while a schema's structures are built.

Building what a schema of thousands of tables derives (the context, its indexes, prompt
pieces, vocabularies) allocates about a million objects that all survive. Each allocation
burst makes CPython's collector scan its generations, and as the heap grows it scans the
whole heap again and again: at 5,000 tables on the 2-core VM that was about 40% of the build's
CPU time, and each full collection is one C call holding the GIL, so the event loop (every
other session) waited for it whole, up to 250 ms at a time, whatever the switch interval.

:func:`collector_paused` disables the collector for the build and, when the last concurrent
build ends, moves every object then tracked into the permanent generation (:func:`gc.freeze`,
a constant-time list splice) before enabling it again, so no later collection scans them
either. The schema structures hold no reference cycles (a cache eviction frees them by
reference counting, frozen or not; ``tests/test_collector_pause.py`` checks it), so freezing
them leaks nothing. Whatever else is alive at that moment is frozen too, and objects of it
that later become cyclic garbage (a session closed afterwards) are not reclaimed while frozen;
so every :data:`REVISIT_EVERY`-th build unfreezes the permanent generation instead, and the
collector examines (and frees) all of it again in its normal course: one full collection
every that many schema builds instead of several in each.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_resume = False      # whether the collector was enabled when the first pause began
_builds = 0          # outermost pauses ended
REVISIT_EVERY = 16


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; the outermost of concurrent pauses freezes
    what the heap holds and restores the collector as it found it."""
    global _depth, _resume, _builds
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _builds += 1
                if _builds % REVISIT_EVERY:
                    gc.freeze()
                else:
                    gc.unfreeze()
                if _resume:
                    gc.enable()


_P = ParamSpec("_P")
_R = TypeVar("_R")


def paused(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """``fn`` run under :func:`collector_paused` (for ``asyncio.to_thread``)."""
    @functools.wraps(fn)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with collector_paused():
            return fn(*args, **kwargs)
    return run
