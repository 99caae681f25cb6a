"""Freeing a dropped schema context off the event loop, in pieces.

A schema of thousands of tables, with what is derived from it, is about a million objects.
Dropping the last reference frees them all by reference counting in one C call: 40-70 ms at
5,000 tables on the 2-core VM, which no switch interval interrupts. The schema cache drops
contexts on the event loop (DDL a session relayed invalidates its database; its size and entry
bounds and its TTL push contexts out on a lookup or a store), so every other session waited
that long at each such drop. Both kinds of drop come here now.

:func:`release` hands what was dropped to one daemon thread (in a list the thread empties, so
the caller holds no reference to it once the thread takes it), which takes it apart from the top:
near the top it holds each object's referents before letting the object go; below that, a
large container (an index of thousands of names) is let go of while its referents are held,
and they are freed a few hundred at a time. Each step frees a small piece, and the
interpreter can hand the GIL back between steps. Something still referenced elsewhere (a context an ASK in flight is
using) is only let go of; whoever drops it last frees it. The queue is bounded: when it is full
the caller frees what it dropped itself, as before.
"""

from __future__ import annotations

import gc
import logging
import queue
import sys
import threading
from typing import Any

log = logging.getLogger(__name__)

# The levels below what was dropped that are taken apart whatever their size (the cache
# entry, the context, its tables and derived structures, their fields).
TOP_LEVELS = 3
# Below them, a container with more referents than this (an index of 30,000 names) is let go
# of and its referents freed this many at a time: one slice deletion each, a millisecond or
# two; a smaller one is freed whole.
CHUNK = 512
_QUEUE_BOUND = 64
_queue: queue.Queue[list[Any]] = queue.Queue(_QUEUE_BOUND)
_started = threading.Lock()
_thread: threading.Thread | None = None


def release(dropped: list[Any]) -> None:
    """Free the items of ``dropped`` in a background thread, in pieces; the thread takes
    them out of the list, so the caller must hold them nowhere else (a list it made for this)."""
    _ensure_thread()
    try:
        _queue.put_nowait(dropped)
    except queue.Full:
        pass      # freed here when the caller lets go of the list


def free_in_pieces(root: object) -> int:
    """Let go of ``root`` one piece at a time; how many pieces were let go of."""
    stack: list[tuple[object, int]] = [(root, 0)]
    del root
    pieces = 0
    while stack:
        obj, depth = stack.pop()
        # References: ``obj`` here and getrefcount's argument. More: someone else holds it,
        # and letting go of it frees nothing.
        if sys.getrefcount(obj) <= 2 and gc.is_tracked(obj):
            referents = gc.get_referents(obj)
            if depth < TOP_LEVELS:
                stack.extend((r, depth + 1) for r in referents)
            elif len(referents) > CHUNK:
                del obj                       # the container goes; its referents stay held
                while referents:
                    del referents[-CHUNK:]
                    pieces += 1
                continue
            del referents
        del obj
        pieces += 1
    return pieces


def _ensure_thread() -> None:
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="askproxy-schema-release", daemon=True)
            _thread.start()


def _run() -> None:
    while True:
        dropped = _queue.get()
        while dropped:
            try:
                free_in_pieces(dropped.pop())
            except Exception:     # a piece whose finaliser failed: the rest is freed as usual
                log.exception("freeing a dropped schema failed part of the way")
        _queue.task_done()


def drain() -> None:
    """Wait until everything handed over so far is freed (tests, benchmarks)."""
    if _thread is not None:
        _queue.join()
