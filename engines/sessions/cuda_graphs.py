"""CUDA-graph capture and replay of the static decoder step, one graph per shape bucket.

A BART-large decoder step is a few hundred small kernels; launched one by one from Python
that costs milliseconds a step however fast each kernel is. Captured once per (rows, cache
columns, source columns) bucket and replayed, the whole step is one launch. The step reads
and writes only the pool's buffers (fixed addresses) and returns its log-probabilities in a
tensor the graph owns; that tensor stays valid until the next replay of any graph (all graphs
share one memory pool, which is safe because they never run concurrently).

When the slot pool is reallocated (a new generation: bigger buffers at new addresses) every
graph is dropped, and with them the memory pool they shared; capturing into that pool's stale
handle then trips the caching allocator (``it->second->use_count > 0`` in
CUDACachingAllocator.cpp), so a new generation gets a new pool handle (first run on an H100,
2026-12-06: 1,728 buckets captured at start-up in 15 s, none failed, and the recapture after
the pool grew worked). A capture that fails anyway is retried once on a fresh pool; if that
fails too, only its bucket runs eagerly (one WARNING), for this generation: the next
reallocation tries it again. After ``max_failures`` failed buckets in one generation the
cache says so at ERROR and stops capturing until the next generation. :attr:`stats` counts
captures, failures and eager steps for the engine's metrics, so a downgrade is visible.

Capture is in CUDA's global mode: a synchronising or allocating call from any other thread of the
process while a capture is open invalidates it (tests/test_cuda_graphs.py shows it; an open
issue, since the batcher's encoder thread may run while a bucket is recaptured after a
reallocation). Warm-up runs on a side stream before capture, as torch's documentation asks, so that lazy
initialisation (cuBLAS handles, autotuning) stays out of the graph. The step is idempotent for
given inputs (it writes the same cache column with the same values), so warming up on the live
batch is harmless.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch

logger = logging.getLogger(__name__)

Key = tuple[int, int, int, int, int]   # (pool generation, rows, columns, source, tokens a row)


@dataclass(frozen=True, slots=True)
class GraphStats:
    graphs: int          # captured graphs alive now
    captures: int        # captures since start (recaptures after a reallocation included)
    failures: int        # captures that failed twice (the bucket then ran eagerly)
    eager_steps: int     # steps run eagerly because their bucket had no graph


class GraphCache:
    def __init__(self, warmup_runs: int = 2, max_failures: int = 3, what: str = "decoder step") -> None:
        self.what = what            # what the graphs run, for the log
        self._graphs: dict[Key, tuple[torch.cuda.CUDAGraph, torch.Tensor]] = {}
        self._generation = -1
        self._pool = torch.cuda.graph_pool_handle()
        self._warmup_runs = warmup_runs
        self._failed: set[tuple[int, ...]] = set()     # buckets that run eagerly this generation
        self.max_failures = max_failures
        self._captures = self._failures = self._eager_steps = 0

    def __len__(self) -> int:
        return len(self._graphs)

    @property
    def enabled(self) -> bool:
        return len(self._failed) < self.max_failures

    @property
    def stats(self) -> GraphStats:
        return GraphStats(len(self._graphs), self._captures, self._failures, self._eager_steps)

    def run(self, key: Key, step: Callable[[], torch.Tensor]) -> torch.Tensor:
        if key[0] != self._generation:          # the slot pool was reallocated: old addresses are gone
            self._new_pool()                    # ...and with them the memory pool the graphs shared
            self._failed.clear()                # new buffers, new pool: failed buckets get another try
            self._generation = key[0]
        entry = self._graphs.get(key)
        if entry is None:
            if key[1:] in self._failed or not self.enabled:
                self._eager_steps += 1
                return step()
            captured = self._capture_with_retry(key, step)
            if isinstance(captured, RuntimeError):
                return self._captured_nothing(key, step, captured)
            self._graphs[key] = entry = captured
        graph, out = entry
        graph.replay()
        return out

    def _new_pool(self) -> None:
        self._graphs.clear()
        self._pool = torch.cuda.graph_pool_handle()

    def _capture_with_retry(self, key: Key, step: Callable[[], torch.Tensor]
                            ) -> tuple[torch.cuda.CUDAGraph, torch.Tensor] | RuntimeError:
        """Capture; on failure once more on a fresh pool (the graphs captured so far are dropped
        with the old one and come back on their next use). The second failure is returned."""
        try:
            entry = self._capture(key, step)
        except RuntimeError:
            logger.warning("CUDA-graph capture of the %s failed for rows=%d columns=%d source=%d tokens=%d; "
                           "retrying on a new memory pool", self.what, *key[1:], exc_info=True)
            torch.cuda.synchronize()
            self._new_pool()
            gc.collect()                        # the failed capture's objects go now, outside any capture
            try:
                entry = self._capture(key, step)
            except RuntimeError as error:
                return error
        self._captures += 1
        return entry

    def _captured_nothing(self, key: Key, step: Callable[[], torch.Tensor],
                          error: RuntimeError) -> torch.Tensor:
        self._failed.add(key[1:])
        self._failures += 1
        self._eager_steps += 1
        self._new_pool()                        # a failed capture may leave the shared pool unusable
        torch.cuda.synchronize()
        if self.enabled:
            logger.warning("CUDA-graph capture of the %s failed twice for rows=%d columns=%d source=%d tokens=%d; "
                           "that bucket runs eagerly until the caches are reallocated", self.what, *key[1:],
                           exc_info=error)
        else:
            logger.error("CUDA-graph capture of the %s failed for %d buckets; every call now runs eagerly "
                         "(slower, same results) until the caches are reallocated", self.what, len(self._failed),
                         exc_info=error)
        return step()

    def _capture(self, key: Key, step: Callable[[], torch.Tensor]) -> tuple[torch.cuda.CUDAGraph, torch.Tensor]:
        started = time.perf_counter()
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(self._warmup_runs):
                step()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        # thread_local capture: another thread's CUDA work during the capture (the batcher's
        # encoder thread while a bucket is recaptured) is not part of it. In CUDA's default global
        # mode that work failed the capture and the bucket ran eagerly (H200, 3 of 3 runs). The
        # aborts first blamed on thread_local were the collector's, which struck global mode too;
        # with the collector kept out, thread_local passed in the first CUDA process of fresh H100s
        # (2 of 2, 2026-12-07 and 12-08, bench/RESULTS.md).
        with _no_collection_inside():
            with torch.cuda.graph(graph, pool=self._pool, capture_error_mode="thread_local"):
                out = step()
        logger.debug("captured %s for rows=%d columns=%d source=%d tokens=%d in %.0f ms",
                     self.what, *key[1:], 1000 * (time.perf_counter() - started))
        return graph, out


@contextlib.contextmanager
def _no_collection_inside() -> Iterator[None]:
    """No garbage-collector pass while a capture is open: a pass started by the step's own
    allocations runs any cycle's finalizers, and a CUDA call one makes (a tensor freed with uses
    on another stream, a synchronize) is illegal inside a capture. The first CUDA test process on
    three fresh machines aborted that way ("Garbage-collecting" in the step, 2026-12-07). torch's
    ``graph`` collects once on entry; what becomes garbage during the capture waits for after it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
