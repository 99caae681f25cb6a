"""The collector pause around schema builds (ask.collector_pause)."""

from __future__ import annotations

import gc
import threading
from typing import Any

from ask import collector_pause
from ask.collector_pause import collector_paused, paused
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.schema_prep import is_prepared, prepare


def _schema(n: int) -> SchemaContext:
    tables = []
    for i in range(1, n + 1):
        fks = (ForeignKey(("parent_id",), "public", f"t{i - 1}", ("id",)),) if i > 1 else ()
        tables.append(Table("public", f"t{i}", (Column("id", "integer", False),
                                                 Column("name", "text", values=(f"Item {i}",)),
                                                 Column("parent_id", "integer")), ("id",), fks))
    return SchemaContext("db", "role", ("public",), tuple(tables))


def test_collector_is_off_inside_and_restored_after_the_outermost_pause(monkeypatch: Any) -> None:
    monkeypatch.setattr(collector_pause, "_builds", 0)   # this build freezes; the 16th would unfreeze
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()          # the outer build is still running
        kept = [[object()] for _ in range(100)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)   # what the build made is frozen
    assert paused(lambda x: (gc.isenabled(), x))(1) == (False, 1)
    assert gc.isenabled()


def test_every_few_builds_the_frozen_objects_are_examined_again(monkeypatch: Any) -> None:
    """Objects frozen by one build that later become cyclic garbage are reclaimed: every
    REVISIT_EVERY-th build unfreezes them instead of freezing more."""
    monkeypatch.setattr(collector_pause, "_builds", 0)   # the first build below freezes
    with collector_paused():
        cycle: list[object] = []
        cycle.append(cycle)
    assert gc.get_freeze_count() > 0
    del cycle                                     # cyclic garbage, frozen: not collectable
    for _ in range(collector_pause.REVISIT_EVERY):
        if gc.get_freeze_count() == 0:
            break
        with collector_paused():
            pass
    assert gc.get_freeze_count() == 0             # unfrozen: the collector sees it again
    assert gc.collect() >= 1


def test_collector_left_disabled_when_it_was_disabled_and_restored_after_errors() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    try:
        with collector_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


def test_concurrent_pauses_end_with_the_collector_on() -> None:
    inside = threading.Barrier(2)
    def build() -> None:
        with collector_paused():
            inside.wait(5)
    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.isenabled()


def test_prepared_schema_has_no_reference_cycles() -> None:
    """Freezing a schema's structures leaks nothing only because none of them is in a cycle:
    dropping the last reference frees them all by reference counting."""
    schema = _schema(200)
    prepare(schema)
    assert is_prepared(schema) and gc.isenabled()
    gc.unfreeze()          # frozen objects are invisible to gc.get_objects
    gc.collect()
    gc.disable()
    try:
        before = len(gc.get_objects())
        del schema
        assert len(gc.get_objects()) < before - 1000    # freed by reference counting
        assert gc.collect() == 0                        # nothing left in a cycle
    finally:
        gc.enable()
