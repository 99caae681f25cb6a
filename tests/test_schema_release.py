"""A dropped schema context is freed in the release thread, in pieces, and nothing still in use
is touched: what :mod:`ask.schema_release` promises, and the schema cache's use of it."""

from __future__ import annotations

import threading
import weakref

from ask import schema_release
from ask.context.introspection import CacheKey, SchemaCache, SharedSchema
from ask.schema import Column, SchemaContext, Table


class Piece:
    """A leaf that says which thread freed it."""
    freed_in: list[str] = []

    def __del__(self) -> None:
        Piece.freed_in.append(threading.current_thread().name)


def structure(width: int) -> dict[str, object]:
    """Nested like a schema's derived indexes: a wide dict of lists of small tuples."""
    return {"index": {f"k{i}": [(Piece(), i)] for i in range(width)},
            "tables": tuple(Piece() for _ in range(width)), "one": Piece()}


def test_everything_is_freed_and_in_pieces() -> None:
    box = [structure(3 * schema_release.CHUNK)]      # held by nothing else
    root = box[0]
    probes = [weakref.ref(root["one"]), weakref.ref(root["tables"][-1]),       # type: ignore[index]
              weakref.ref(root["index"]["k7"][0][0])]                         # type: ignore[index]
    del root
    pieces = schema_release.free_in_pieces(box.pop())
    assert all(p() is None for p in probes)
    assert pieces > 6        # the wide containers went a chunk at a time, not at once


def test_what_is_still_referenced_survives_intact() -> None:
    shared = [Piece() for _ in range(2 * schema_release.CHUNK)]
    box = [{"shared": shared, "own": [Piece() for _ in range(2 * schema_release.CHUNK)]}]
    own = weakref.ref(box[0]["own"][0])
    schema_release.free_in_pieces(box.pop())
    assert own() is None
    assert len(shared) == 2 * schema_release.CHUNK and all(isinstance(p, Piece) for p in shared)


def test_a_context_the_cache_drops_is_freed_by_the_release_thread() -> None:
    cache = SchemaCache()
    context = SchemaContext(database="db", role="r", search_path=("public",), tables=(
        Table(schema="public", name="t", columns=(Column("id", "integer", False),)),))
    sentinel = context.derived("test.sentinel", lambda s: [Piece()])
    seen = weakref.ref(sentinel[0])     # type: ignore[index]
    del sentinel
    key = CacheKey("db", "r", ("public",))
    cache._store(key, SharedSchema(context))
    del context
    Piece.freed_in.clear()
    cache.invalidate_database("other")
    schema_release.drain()
    assert seen() is not None and key in cache._entries     # another database's DDL
    cache.invalidate_database("db")
    schema_release.drain()
    assert key not in cache._entries
    assert seen() is None
    assert Piece.freed_in == ["askproxy-schema-release"]


def test_a_context_in_use_is_not_freed() -> None:
    cache = SchemaCache()
    context = SchemaContext(database="db", role="r", search_path=(), tables=())
    marker = context.derived("test.sentinel", lambda s: [Piece()])
    cache._store(CacheKey("db", "r", ()), SharedSchema(context))
    cache.invalidate_all()
    schema_release.drain()
    assert len(cache) == 0
    assert context.derived("test.sentinel", lambda s: []) is marker and isinstance(marker[0], Piece)


def test_a_context_the_bounds_or_the_ttl_push_out_is_freed_by_the_release_thread() -> None:
    now = [0.0]
    cache = SchemaCache(max_entries=1, ttl_s=10.0, clock=lambda: now[0])
    probes = []
    for name in ("first", "second"):
        context = SchemaContext(database=name, role="r", search_path=(), tables=())
        probes.append(weakref.ref(context.derived("test.sentinel", lambda s: [Piece()])[0]))  # type: ignore[index]
        cache._store(CacheKey(name, "r", ()), SharedSchema(context))
        del context
    Piece.freed_in.clear()
    schema_release.drain()
    assert probes[0]() is None and probes[1]() is not None       # the entry bound pushed it out
    now[0] = 11.0
    assert cache._entries.get(CacheKey("second", "r", ())) is None  # expired on lookup
    schema_release.drain()
    assert probes[1]() is None
    assert Piece.freed_in == ["askproxy-schema-release"] * 2
