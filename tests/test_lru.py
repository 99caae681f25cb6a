"""engines.lru.LRU: the one bounded cache (entries, optional size bound and TTL, counters)."""

import pytest

from engines.lru import LRU


def test_least_recently_used_goes_first_and_lookups_are_counted() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1          # "b" is now the least recently used
    cache.put("c", 3)
    assert list(cache) == ["a", "c"] and cache.get("b") is None
    assert (cache.hits, cache.misses, len(cache)) == (1, 1, 2)


def test_peek_neither_counts_nor_refreshes() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.peek("a") == 1
    cache.put("c", 3)
    assert list(cache) == ["b", "c"] and (cache.hits, cache.misses) == (0, 0)


def test_size_bound_evicts_and_refuses_what_cannot_fit() -> None:
    cache: LRU[str, str] = LRU(10, max_size=5, size=len)
    assert cache.put("a", "xx") and cache.put("b", "yyy")
    assert cache.put("c", "z") and list(cache) == ["b", "c"] and cache.total_size == 4
    assert not cache.put("b", "toolong") and list(cache) == ["c"] and cache.total_size == 1
    cache.discard("c")
    assert len(cache) == 0 and cache.total_size == 0


def test_entries_expire() -> None:
    now = [0.0]
    cache: LRU[str, int] = LRU(4, ttl_s=10, clock=lambda: now[0])
    cache.put("a", 1)
    now[0] = 10
    assert cache.get("a") == 1
    now[0] = 10.5
    assert cache.get("a") is None and len(cache) == 0 and cache.misses == 1


def test_zero_entries_keeps_nothing_and_bounds_are_checked() -> None:
    cache: LRU[str, int] = LRU(0)
    assert not cache.put("a", 1) and len(cache) == 0
    with pytest.raises(ValueError):
        LRU(-1)
    with pytest.raises(ValueError):
        LRU(1, max_size=5)


def test_put_many_is_puts_in_order() -> None:
    items = [("a", "xx"), ("b", "yyy"), ("a", "z"), ("c", "toolong"), ("d", "q"), ("b", "w")]
    one: LRU[str, str] = LRU(3, max_size=5, size=len)
    many: LRU[str, str] = LRU(3, max_size=5, size=len)
    for key, value in items:
        one.put(key, value)
    many.put_many(items)
    assert list(many) == list(one) == ["a", "d", "b"]
    assert [many.peek(k) for k in many] == [one.peek(k) for k in one] == ["z", "q", "w"]
    assert many.total_size == one.total_size == 3


def test_put_many_without_sizes_refreshes_a_replaced_key() -> None:
    one: LRU[str, int] = LRU(2)
    many: LRU[str, int] = LRU(2)
    items = [("a", 1), ("b", 2), ("a", 3), ("c", 4)]
    for key, value in items:
        one.put(key, value)
    many.put_many(iter(items))
    assert list(many) == list(one) == ["a", "c"] and many.peek("a") == one.peek("a") == 3
    assert many.put("c", 5) and list(many) == ["a", "c"] and many.peek("c") == 5


def test_on_evict_gets_what_the_bounds_and_the_age_push_out_only() -> None:
    now = [0.0]
    handed: list[list[str]] = []
    cache: LRU[str, str] = LRU(2, max_size=10, size=len, ttl_s=5.0, clock=lambda: now[0],
                               on_evict=handed.append)
    cache.put("a", "aaa")
    cache.put("b", "bbb")
    cache.put("c", "ccc")                       # the entry bound pushes out a
    assert handed == [["aaa"]]
    cache.put("d", "dddddddd")                  # the size bound pushes out b and c
    assert handed == [["aaa"], ["bbb", "ccc"]]
    cache.discard("d")                          # removed on purpose: the caller has it
    cache.put("e", "e")
    cache.clear()
    assert handed == [["aaa"], ["bbb", "ccc"]]
    cache.put("f", "f")
    now[0] = 6.0
    assert cache.peek("f") is None              # expired: the age pushes it out
    assert handed[-1] == ["f"]
    cache.put("g", "g")
    now[0] = 12.0
    assert cache.get("g") is None and handed[-1] == ["g"]
    replaced: LRU[str, str] = LRU(4, on_evict=handed.append)
    replaced.put("k", "old")
    replaced.put("k", "new")                    # a value replaced under its key is no eviction
    assert handed[-1] == ["g"] and replaced.get("k") == "new"
