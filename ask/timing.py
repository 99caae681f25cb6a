"""Per-ASK stage timings: one small record per ASK, filled in by whichever layer does the work.

The proxy opens a record (:func:`recording`) before it plans an ASK; the planner, the
translator and the proxy's execution step add the seconds of each stage to it (:func:`stage`,
:func:`add`). A context variable carries it, so nothing in between takes a new argument, and
the tasks the planner starts inherit it. Without an open record every call here is a no-op
(``askproxy translate``, evaluation, tests that call the planner directly).

``loop`` is the part of the ASK that ran synchronously on the event loop (the stages opened
with ``on_loop=True``): what every other session of the proxy waited for.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Stages in pipeline order (the bench prints them so; Prometheus gets them as a label).
STAGES = ("schema", "probe", "link", "prompt", "queue", "encode", "decode", "checks", "explain",
          "execute", "loop")


class AskTimings:
    __slots__ = ("seconds",)

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds


_current: contextvars.ContextVar[AskTimings | None] = contextvars.ContextVar(
    "askproxy_ask_timings", default=None)


@contextmanager
def recording() -> Iterator[AskTimings]:
    """Open a record for the ASK that runs inside this block (and the tasks it starts)."""
    record = AskTimings()
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)


def add(name: str, seconds: float) -> None:
    record = _current.get()
    if record is not None:
        record.add(name, seconds)


@contextmanager
def stage(name: str, *, on_loop: bool = False) -> Iterator[None]:
    """Time the block as stage ``name``; ``on_loop``: it runs synchronously on the event loop."""
    record = _current.get()
    if record is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        spent = time.perf_counter() - started
        record.add(name, spent)
        if on_loop:
            record.add("loop", spent)
