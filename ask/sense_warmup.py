"""MiniLM's vectors of a schema's names, made in a background thread before a question needs them.

With ``[ask] sense_placement`` the reader compares a word the schema does not spell with the
schema's names (:mod:`ask.translate.sketch.semantic`). Made on demand, the first question of
a process that had such a word paid for loading MiniLM (0.15-1.2 s, by the machine's load) and
for embedding every name of the schema (45 phrases on the demo schema: 86 ms of CPU, 110-210 ms
before the embedder's forwards were packed), on top of its own translation: that one ASK in 64
was the 2-core bench's p95 rise and its `checks` stage's (issue 19). Nothing
about those vectors depends on the question, so the planner hands each newly prepared schema
here (:func:`warm`), and one daemon thread loads the embedder and embeds the names
(:func:`ask.translate.sketch.semantic.warm_names`), then its short values
(:func:`ask.translate.value_senses.warm_values`), while the first ASK goes on without it; a
question that comes before it is done embeds what is still missing itself, as before.
Vectors are the same bits whoever embeds them first, so no answer changes. The thread starts
on a schema once no ASK is being planned (:mod:`ask.foreground`, at most
:data:`MAX_YIELD_S` later), so that the ASK which prepared the schema does not share the
interpreter with it.

The queue is bounded (a burst of new schema versions drops warm-ups, never blocks an ASK) and
holds schema contexts only until the thread takes them.
"""

from __future__ import annotations

import logging
import queue
import threading

from ask.foreground import FOREGROUND, Foreground
from ask.schema import SchemaContext
from ask.translate.value_senses import warm_values
from ask.translate.sketch.semantic import warm_names

log = logging.getLogger(__name__)

_QUEUE_BOUND = 8
MAX_YIELD_S = 5.0       # how long a warm-up waits for the ASKs in flight, at most
_foreground: Foreground = FOREGROUND
_queue: queue.Queue[SchemaContext] = queue.Queue(_QUEUE_BOUND)
_started = threading.Lock()
_thread: threading.Thread | None = None


def warm(schema: SchemaContext) -> bool:
    """Have ``schema``'s names embedded in the background; False when the queue is full (the
    questions then embed them as they need them)."""
    _ensure_thread()
    try:
        _queue.put_nowait(schema)
    except queue.Full:
        return False
    return True


def wait_idle(timeout_s: float) -> bool:
    """Whether every warm-up handed over so far finished within ``timeout_s``."""
    with _queue.all_tasks_done:
        return _queue.all_tasks_done.wait_for(lambda: _queue.unfinished_tasks == 0, timeout_s)


def _ensure_thread() -> None:
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="askproxy-sense-warmup", daemon=True)
            _thread.start()


def _run() -> None:
    while True:
        schema = _queue.get()
        try:
            _foreground.wait_idle(MAX_YIELD_S)
            warm_names(schema)
            warm_values(schema)
        except Exception:
            # Warming only moves work earlier: a failure leaves the questions to embed the
            # names themselves, as they would have.
            log.exception("embedding the schema's names ahead of its questions failed")
        finally:
            del schema
            _queue.task_done()
