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
CUDACachingAllocator.cpp), so a new generation gets a new pool handle. A capture that fails
anyway costs only its own bucket, which then runs eagerly (one WARNING); after
``max_failures`` failed buckets the cache says so at ERROR and stops capturing.

Warm-up runs on a side stream before capture, as torch's documentation asks, so that lazy
initialisation (cuBLAS handles, autotuning) stays out of the graph. The step is idempotent for
given inputs (it writes the same cache column with the same values), so warming up on the live
batch is harmless.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import torch

logger = logging.getLogger(__name__)

Key = tuple[int, int, int, int]   # (pool generation, rows, columns, source)


class GraphCache:
    def __init__(self, warmup_runs: int = 2, max_failures: int = 3) -> None:
        self._graphs: dict[Key, tuple[torch.cuda.CUDAGraph, torch.Tensor]] = {}
        self._generation = -1
        self._pool = torch.cuda.graph_pool_handle()
        self._warmup_runs = warmup_runs
        self._failed: set[tuple[int, int, int]] = set()     # buckets that run eagerly
        self.max_failures = max_failures

    def __len__(self) -> int:
        return len(self._graphs)

    @property
    def enabled(self) -> bool:
        return len(self._failed) < self.max_failures

    def run(self, key: Key, step: Callable[[], torch.Tensor]) -> torch.Tensor:
        if key[0] != self._generation:          # the slot pool was reallocated: old addresses are gone
            self._graphs.clear()                # ...and with them the memory pool they shared
            self._pool = torch.cuda.graph_pool_handle()
            self._generation = key[0]
        entry = self._graphs.get(key)
        if entry is None:
            if key[1:] in self._failed or not self.enabled:
                return step()
            try:
                entry = self._capture(key, step)
            except RuntimeError:
                return self._captured_nothing(key, step)
            self._graphs[key] = entry
        graph, out = entry
        graph.replay()
        return out

    def _captured_nothing(self, key: Key, step: Callable[[], torch.Tensor]) -> torch.Tensor:
        self._failed.add(key[1:])
        self._graphs.clear()                    # a failed capture may leave the shared pool unusable
        self._pool = torch.cuda.graph_pool_handle()
        torch.cuda.synchronize()
        if self.enabled:
            logger.warning("CUDA-graph capture failed for rows=%d columns=%d source=%d; that bucket "
                           "runs eagerly", *key[1:], exc_info=True)
        else:
            logger.error("CUDA-graph capture failed for %d buckets; every step now runs eagerly "
                         "(slower, same results)", len(self._failed), exc_info=True)
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
        with torch.cuda.graph(graph, pool=self._pool):
            out = step()
        logger.debug("captured decoder step for rows=%d columns=%d source=%d in %.0f ms",
                     key[1], key[2], key[3], 1000 * (time.perf_counter() - started))
        return graph, out
