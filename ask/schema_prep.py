"""Everything derived from a schema context, built once per schema version off the event loop.

On a wide schema the derived structures (indexes of names and words, prompt pieces, the value
index, the refusal vocabulary, the translator's decoding constraint) take hundreds of
milliseconds to build: pure Python that would hold the event loop, and every other session
of the proxy, for that long. The planner calls :func:`prepare` in a worker thread on the first
ASK that meets a context; the Python the thread runs still takes the GIL, but the interpreter
hands it back to the event loop every switch interval (5 ms), so other sessions keep moving,
provided no single C call holds it long: the cyclic collector's full collections did, so it
is paused for the build (:mod:`ask.collector_pause`).
Later ASKs find everything on the context (:meth:`ask.schema.SchemaContext.derived`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ask.collector_pause import collector_paused
from ask.context import folded_names, subjects, table_selection
from ask.translate import prompt, sketch, value_senses
from ask.context.refusal import english, schema_vocabulary
from ask.schema import SchemaContext
from ask.context.value_linking import link_values

PREPARED = "schema_prep.prepared"


def prepare(schema: SchemaContext, extra: Iterable[Callable[[SchemaContext], object]] = ()) -> None:
    """Derive every per-schema structure of the pipeline, and ``extra`` ones (the translator's,
    the value probe's); then mark ``schema`` prepared. The cyclic collector is paused
    meanwhile (:mod:`ask.collector_pause`)."""
    with collector_paused():
        _derive(schema, extra)


def _derive(schema: SchemaContext, extra: Iterable[Callable[[SchemaContext], object]]) -> None:
    schema.fingerprint
    schema.table("")
    link_values("", schema)           # the value index (cached by fingerprint)
    folded_names.prepare(schema, english())     # run-together names in their words, once
    schema_vocabulary(schema)
    prompt.prepare(schema)
    table_selection.prepare(schema)
    subjects.prepare(schema)
    sketch.prepare(schema)
    value_senses.sense_index(schema)    # what values are said by sense or by a code's letters
    for build in extra:
        build(schema)
    schema.derived(PREPARED, lambda s: True)


def is_prepared(schema: SchemaContext) -> bool:
    return schema.has_derived(PREPARED)
