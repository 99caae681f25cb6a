"""The one bounded LRU cache of the runtime: engines and the ASK pipeline both use it.

Bounded by a number of entries and, optionally, by a total size (``size(value)``, e.g.
approximate bytes: one schema context of thousands of tables weighs as much as thousands of
small ones) and by an age (``ttl_s``: an entry older than that is a miss, and dropped). A
value larger than the whole size bound is not stored. ``hits`` and ``misses`` count
:meth:`get`; :meth:`peek` neither counts nor refreshes. ``on_evict``, when given, receives the
values the bounds or the age pushed out (not those :meth:`discard` or :meth:`clear` removed), in a
list of its own, after the lock is released: a cache of large values can have them freed
elsewhere (the schema cache frees a 5,000-table context off the event loop). Thread-safe: every operation holds
one lock, so worker threads (the batcher, ``asyncio.to_thread`` checks) may share a cache.
It lives in ``engines/``, the lowest layer, so that ``ask/`` can import it and ``engines/``
need not import anything above it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, max_entries: int, *, max_size: int | None = None,
                 size: Callable[[V], int] | None = None, ttl_s: float | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 on_evict: Callable[[list[V]], None] | None = None) -> None:
        if max_entries < 0:
            raise ValueError("max_entries must not be negative")
        if (max_size is None) != (size is None):
            raise ValueError("max_size and size go together")
        self._max_entries = max_entries
        self._max_size = max_size
        self._size = size
        self._ttl_s = ttl_s
        self._clock = clock
        self._items: OrderedDict[K, tuple[V, float, int]] = OrderedDict()   # value, stored at, size
        self._lock = threading.Lock()
        self._on_evict = on_evict
        self._evicted: list[V] = []       # for on_evict: pushed out under the lock, handed off after
        self.total_size = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[K]:
        """The keys, least recently used first (a snapshot)."""
        with self._lock:
            return iter(list(self._items))

    def get(self, key: K) -> V | None:
        """The value, now the most recently used; None (a miss) when absent or expired."""
        with self._lock:
            value = self._fresh(key, refresh=True)
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
        self._hand_off()
        return value

    def peek(self, key: K) -> V | None:
        """The value without counting a lookup or changing its place; None when absent or expired."""
        if self._ttl_s is None:           # nothing can expire: a lookup (the drafter's, per row per call)
            with self._lock:
                entry = self._items.get(key)
            return None if entry is None else entry[0]
        with self._lock:
            value = self._fresh(key, refresh=False)
        self._hand_off()
        return value

    def put(self, key: K, value: V) -> bool:
        """Store ``value`` as the most recently used, evicting the least recently used beyond the
        bounds; False (and nothing stored, any old value dropped) when it alone is too large."""
        size = self._size(value) if self._size is not None else 0
        with self._lock:
            stored = self._put(key, value, size)
        self._hand_off()
        return stored

    def put_many(self, items: Iterable[tuple[K, V]]) -> None:
        """:meth:`put` of each item in order, under one lock (the n-gram drafter stores a
        hundred keys per answer)."""
        if self._size is None and self._ttl_s is None:
            # No sizes, no ages: a put is a store and a refresh, and at most one eviction (the
            # drafter's answers, 100+ keys each, on the engine thread).
            with self._lock:
                store, limit = self._items, self._max_entries
                for key, value in items:
                    store[key] = (value, 0.0, 0)
                    store.move_to_end(key)
                    if len(store) > limit:
                        self._evict(next(iter(store)))
            self._hand_off()
            return
        if self._size is None:
            with self._lock:
                for key, value in items:
                    self._put(key, value, 0)
            self._hand_off()
            return
        sized = [(k, v, self._size(v)) for k, v in items]
        with self._lock:
            for key, value, size in sized:
                self._put(key, value, size)
        self._hand_off()

    def _put(self, key: K, value: V, size: int) -> bool:
        items = self._items
        if key in items:
            if self._max_size is None:         # no sizes to account: replace in place, then refresh
                items[key] = (value, self._clock() if self._ttl_s is not None else 0.0, 0)
                items.move_to_end(key)
                return True
            self._drop(key)
        if self._max_size is not None and size > self._max_size:
            return False
        items[key] = (value, self._clock() if self._ttl_s is not None else 0.0, size)
        self.total_size += size
        while len(items) > self._max_entries or (
                self._max_size is not None and self.total_size > self._max_size):
            self._evict(next(iter(items)))
        return key in items

    def discard(self, key: K) -> None:
        with self._lock:
            if key in self._items:
                self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.total_size = 0

    def _fresh(self, key: K, *, refresh: bool) -> V | None:
        entry = self._items.get(key)
        if entry is None:
            return None
        value, stored_at, _ = entry
        if self._ttl_s is not None and self._clock() - stored_at > self._ttl_s:
            self._evict(key)
            return None
        if refresh:
            self._items.move_to_end(key)
        return value

    def _drop(self, key: K) -> V:
        value, _, size = self._items.pop(key)
        self.total_size -= size
        return value

    def _evict(self, key: K) -> None:
        value = self._drop(key)
        if self._on_evict is not None:
            self._evicted.append(value)

    def _hand_off(self) -> None:
        """Give ``on_evict`` what was pushed out, outside the lock."""
        if not self._evicted:
            return
        with self._lock:
            evicted, self._evicted = self._evicted, []
        if evicted and self._on_evict is not None:
            self._on_evict(evicted)


class CountedCache:
    """For a cache built on an :class:`LRU` held as ``_entries``: its size and the lookups it
    counted, what the admin console and the Prometheus cache collector read."""

    _entries: LRU[Any, Any]

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def hits(self) -> int:
        return self._entries.hits

    @property
    def misses(self) -> int:
        return self._entries.misses
