"""The static-cache half of :class:`engines.sessions.torch_session.TorchSession`.

Encoded rows stay outside the pool (:class:`EncodedRows`) until they step or merge into the
running batch; from then on they are slots of the :class:`SlotPool`. Each step copies the
tokens, positions and write column to the device in one transfer, runs the static step
(replaying a CUDA graph on the GPU), takes the top-k on the device and brings scores and ids
back in one transfer: one host synchronisation per step, which the decode loop needs anyway
to advance its searches.
"""

from __future__ import annotations

import numpy as np
import torch

from engines.model_dir import DecoderShape
from engines.sessions.slot_pool import EncodedRows, PooledRows, SlotPool, bucket_rows, bucket_columns

StaticState = EncodedRows | PooledRows


def encoded_rows(cross: tuple[torch.Tensor, ...], mask_dev: torch.Tensor, mask: np.ndarray) -> EncodedRows:
    used = np.asarray(mask) != 0
    lengths = np.where(used.any(axis=1), used.shape[1] - np.argmax(used[:, ::-1], axis=1), 1)
    return EncodedRows(torch.stack(cross), mask_dev, lengths.astype(np.int64))


def _select_encoded(rows: EncodedRows, index: np.ndarray) -> EncodedRows:
    idx = torch.from_numpy(np.asarray(index, dtype=np.int64)).to(rows.cross.device)
    return EncodedRows(rows.cross.index_select(1, idx), rows.encoder_mask.index_select(0, idx),
                       rows.lengths[np.asarray(index)])


def _concat_encoded(a: EncodedRows, b: EncodedRows) -> EncodedRows:
    s = max(a.cross.shape[3], b.cross.shape[3])
    pad = torch.nn.functional.pad
    return EncodedRows(
        torch.cat([pad(x.cross, (0, 0, 0, s - x.cross.shape[3])) for x in (a, b)], dim=1),
        torch.cat([pad(x.encoder_mask, (0, s - x.encoder_mask.shape[1])) for x in (a, b)]),
        np.concatenate([a.lengths, b.lengths]),
    )


class StaticDecoder:
    def __init__(self, step: torch.nn.Module, shape: DecoderShape, dtype: torch.dtype, device: torch.device,
                 graphs: bool) -> None:
        self.step_module = step
        self.pool = SlotPool(shape, dtype, device)
        self.device = device
        self.graphs = None
        if graphs:
            from engines.sessions.cuda_graphs import GraphCache
            self.graphs = GraphCache()

    def batch_size(self, state: StaticState) -> int:
        return int(state.encoder_mask.shape[0]) if isinstance(state, EncodedRows) else len(state.slots)

    def select(self, state: StaticState, rows: np.ndarray) -> StaticState:
        if isinstance(state, EncodedRows):
            return _select_encoded(state, rows)
        return self.pool.select(state, rows)

    def merge(self, first: StaticState, second: StaticState) -> StaticState:
        if isinstance(first, EncodedRows) and isinstance(second, EncodedRows):
            return _concat_encoded(first, second)
        if isinstance(first, EncodedRows):
            first = self.pool.start_chain(first)
        if isinstance(second, PooledRows):
            raise ValueError("cannot merge two running batches of one static session")
        return self.pool.place(first, second)

    def reserve(self, rows: int, columns: int, source: int) -> None:
        self.pool.reserve(rows, columns, source)

    def warm_up(self, rows: list[int], columns: list[int], source: list[int]) -> int:
        """Capture graphs for these shapes ahead of traffic (only while no batch is running)."""
        if self.graphs is None:
            return 0
        pool = self.pool
        self.reserve(max(rows), max(columns), max(source))
        pool.live[:] = False
        pool.write_pos = 0
        pool.version += 1          # any running chain is over
        pool.load_inputs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        for r in sorted({bucket_rows(x) for x in rows}):
            for c in sorted({bucket_columns(x) for x in columns}):
                for s in sorted({bucket_columns(x) for x in source}):
                    args = pool.views(r, c, s)
                    self.graphs.run((pool.generation, r, c, s), lambda: self.step_module(*args))
        torch.cuda.synchronize(self.device)
        pool.self_mask.zero_()
        return len(self.graphs)

    def step(self, state: StaticState, token_ids: np.ndarray, positions: np.ndarray,
             allowed: np.ndarray | None, top_k: int) -> tuple[PooledRows, np.ndarray, np.ndarray]:
        pool = self.pool
        if isinstance(state, EncodedRows):
            state = pool.start_chain(state)
        state, (rows, columns, source) = pool.prepare_step(state)
        pool.load_inputs(state.slots, token_ids, positions)
        args = pool.views(rows, columns, source)
        if self.graphs is not None:
            logprobs = self.graphs.run((pool.generation, rows, columns, source), lambda: self.step_module(*args))
        else:
            logprobs = self.step_module(*args)
        if allowed is not None:
            full = np.ones((rows, logprobs.shape[1]), dtype=bool)
            full[state.slots] = allowed
            logprobs = logprobs.masked_fill(~torch.from_numpy(full).to(self.device), float("-inf"))
        k = min(top_k, logprobs.shape[1])
        scores, ids = torch.topk(logprobs, k=k, dim=-1)
        packed = torch.cat([scores, ids.to(torch.float32)], dim=1).cpu().numpy()   # ids < 2**24: exact
        picked = packed[state.slots]
        return pool.advance(state), picked[:, :k], picked[:, k:].astype(np.int64)
