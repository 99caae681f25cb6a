"""The encoder and the cross K/V projections as one CUDA graph per (rows, source) bucket.

Eagerly, a small T5 encoder is a hundred kernel launches from Python: milliseconds at batch 1
on an H100 however fast each kernel is (5.3 of a 55 ms ASK in the first GPU run). Captured, it is
one launch. The graph reads token ids and the 0/1 mask from input buffers of its bucket (zero
padded: a padded column is masked, a padded row attends to nothing real and is never read) and
writes the stacked cross K/V ``[2 * layers, rows, heads, source, head_dim]`` into one output
buffer of the largest shape, so graphs hold no output memory of their own; the caller gets a
copy of its rows and columns, which the next replay cannot overwrite.

The graphs have their own :class:`~engines.sessions.cuda_graphs.GraphCache` (its own memory
pool, separate from the decoder step's, whose reallocations do not concern them): a bucket
whose capture fails twice runs the same function eagerly, counted in its stats. With
``capture=False`` (CPU) the same bucketed, padded function runs eagerly: what tests compare
with the plain encoder.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from engines.sessions.cuda_graphs import GraphCache, GraphStats
from engines.sessions.slot_pool import bucket_columns, bucket_rows, device_index

CrossKV = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]   # ids, mask -> stacked cross K/V


class EncoderGraphs:
    def __init__(self, cross_kv: CrossKV, device: torch.device, capture: bool = True) -> None:
        self._cross_kv = cross_kv
        self._device = device
        self._inputs: dict[tuple[int, int], tuple[torch.Tensor, torch.Tensor]] = {}
        self._out: torch.Tensor | None = None
        self._generation = 0        # of the output buffer: graphs of an older one are dropped
        self.graphs = GraphCache(what="encoder") if capture else None

    @property
    def stats(self) -> GraphStats | None:
        return self.graphs.stats if self.graphs is not None else None

    def reserve(self, rows: int, source: int) -> None:
        """Size the output buffer for ``rows`` x ``source`` (rounded up to buckets). Growing it
        moves it, so the graphs captured so far are dropped and captured again on use."""
        rows, source = bucket_rows(rows), bucket_columns(source)
        if self._out is not None and self._out.shape[1] >= rows and self._out.shape[3] >= source:
            return
        old = self._out
        have = (old.shape[1], old.shape[3]) if old is not None else (0, 0)
        self._out = None
        self._generation += 1
        probe = self._run_eager(rows=1, source=1)          # the output's layout, from the model itself
        layers, _, heads, _, dim = probe.shape
        self._out = torch.empty((layers, max(rows, have[0]), heads, max(source, have[1]), dim),
                                dtype=probe.dtype, device=self._device)

    def warm_up(self, rows: list[int], source: list[int]) -> int:
        """Capture every (rows, source) bucket of these lists; returns how many graphs exist."""
        self.reserve(max(rows), max(source))
        for r in sorted({bucket_rows(x) for x in rows}):
            for s in sorted({bucket_columns(x) for x in source}):
                self._replay(r, s)
        return len(self.graphs) if self.graphs is not None else 0

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> torch.Tensor:
        """Stacked cross K/V of these rows, ``[2 * layers, B, H, S, D]``, a tensor of its own."""
        rows, source = input_ids.shape
        self.reserve(rows, source)
        r, s = bucket_rows(rows), bucket_columns(source)
        ids, mask = self._bucket_inputs(r, s)
        ids.zero_()
        mask.zero_()
        # From pinned memory, queued like a kernel: a pageable copy synchronises the stream first.
        ids[:rows, :source].copy_(device_index(input_ids, self._device))
        mask[:rows, :source].copy_(device_index(attention_mask, self._device))
        out = self._replay(r, s)
        return out[:, :rows, :, :source].clone()

    def _replay(self, rows: int, source: int) -> torch.Tensor:
        ids, mask = self._bucket_inputs(rows, source)
        out = self._out
        assert out is not None

        def step() -> torch.Tensor:
            view = out[:, :rows, :, :source]
            view.copy_(self._cross_kv(ids, mask))
            return view
        if self.graphs is None:
            return step()
        return self.graphs.run((self._generation, rows, 0, source, 0), step)

    def _bucket_inputs(self, rows: int, source: int) -> tuple[torch.Tensor, torch.Tensor]:
        key = (rows, source)
        if key not in self._inputs:
            self._inputs[key] = (torch.zeros((rows, source), dtype=torch.int64, device=self._device),
                                 torch.zeros((rows, source), dtype=torch.int64, device=self._device))
        return self._inputs[key]

    def _run_eager(self, rows: int, source: int) -> torch.Tensor:
        ids = torch.zeros((rows, source), dtype=torch.int64, device=self._device)
        return self._cross_kv(ids, torch.ones_like(ids))
