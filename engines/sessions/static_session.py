"""The static-cache half of :class:`engines.sessions.torch_session.TorchSession`.

Encoded rows stay outside the pool (:class:`EncodedRows`) until they step or merge into the
running batch; from then on they are slots of the :class:`SlotPool`. Each step copies the
tokens, positions and write column to the device in one transfer, runs the static step
(replaying a CUDA graph on the GPU), takes the top-k on the device and brings scores and ids
back in one transfer: one host synchronisation per step, which the decode loop needs anyway
to advance its searches.

Greedy look-ahead (on CUDA): when every running row is greedy and unconstrained (``top_k`` 1,
no mask), the next token of each row is the device's own top-1, so the next step is launched
on the device (top-1 ids into the input buffer, positions and write column plus one) before
the host waits for this step's results. The GPU then runs step t+1 while the host advances
the searches of step t. If the decode loop's next call is exactly that step (same state, the
expected tokens and positions), its results are already on their way; otherwise (rows joined
or left, a beam request arrived) the speculative step is discarded. That is safe because a
step writes only column ``write_pos`` of the slots in its bucket, which the real step then
rewrites, and cache copies never read that column.

Speculative decoding (T5): :meth:`StaticDecoder.verify` feeds every row its next token and its
draft, padded to the decoder's ``verify_width`` tokens (``[engine] max_draft`` + 1; the
default :data:`VERIFY_WIDTH`), in one step captured per bucket like the plain one; the greedy
pick at each position (under the allowed-token mask) and its log-prob come back in one
transfer, and :meth:`StaticDecoder.accept` re-aligns the rows that kept fewer tokens
(:meth:`SlotPool.accept`). A verify drops any look-ahead step in flight.

Every step of one width writes its log-probabilities into one buffer of the decoder's
(:meth:`StaticDecoder._logprobs_buffer`, ``[pool rows, width, vocab]``), graph or not: a captured
graph's own output would stay allocated for as long as the graph lives, one per bucket, and at
1,728 buckets of 256 rows x 33 positions x 8,001 tokens that is 130 GB (the H100 start that
failed, 2026-12-07). The buffer is read (masked in place, reduced) by operations queued on the
same stream before the next step can overwrite it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn.attention import SDPBackend, sdpa_kernel

from engines import host_phases as phase
from engines.masks import Allowed, MaskRows
from engines.model_dir import DecoderShape
from engines.sessions.slot_pool import (VERIFY_WIDTH, EncodedRows, PooledRows, SlotPool, bucket_columns,
                                        bucket_rows, device_index)

StepKey = tuple[int, int, int, int, int]    # (pool generation, rows, columns, source, tokens a row)

logger = logging.getLogger(__name__)
StaticState = EncodedRows | PooledRows
# Memory-efficient attention takes an additive mask and is capturable; math is the fallback
# (and what CPU runs). Pinned so that the kernel choice cannot differ between capture and eager.
ATTENTION_BACKENDS = [SDPBackend.EFFICIENT_ATTENTION, SDPBackend.MATH]


def encoded_rows(cross: tuple[torch.Tensor, ...] | torch.Tensor, mask_dev: torch.Tensor, mask: np.ndarray
                 ) -> EncodedRows:
    """``cross``: each layer's K and V, or those already stacked ``[2 * layers, B, H, S, D]``."""
    used = np.asarray(mask) != 0
    lengths = np.where(used.any(axis=1), used.shape[1] - np.argmax(used[:, ::-1], axis=1), 1)
    stacked = cross if isinstance(cross, torch.Tensor) else torch.stack(cross)
    return EncodedRows(stacked, mask_dev, lengths.astype(np.int64))


def _mask_rows(dense: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A dense mask ([n, V] or [n, S, V]) as a table whose row 0 allows everything and one row
    number per position (what :class:`MaskRows` carries)."""
    vocab = dense.shape[-1]
    table = np.concatenate([np.ones((1, vocab), dtype=bool), dense.reshape(-1, vocab)])
    return table, np.arange(1, len(table)).reshape(dense.shape[:-1])


def _select_encoded(rows: EncodedRows, index: np.ndarray) -> EncodedRows:
    idx = device_index(np.asarray(index, dtype=np.int64), rows.cross.device)
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


@dataclass(slots=True)
class _Launched:
    """A step's top-k on its way to the host: [rows, 2k] (scores, then ids as floats)."""

    packed: torch.Tensor
    ids: torch.Tensor                  # [rows, k] on the device (the look-ahead's next tokens; a verify's: unused)
    event: torch.cuda.Event | None

    def wait(self) -> np.ndarray:
        if self.event is not None:
            self.event.synchronize()
        return self.packed.numpy()


@dataclass(slots=True)
class _LookAhead:
    version: int
    generation: int
    positions: np.ndarray
    launched: _Launched
    tokens: np.ndarray | None = None   # filled once the previous step's results are on the host


class StaticDecoder:
    def __init__(self, step: torch.nn.Module, shape: DecoderShape, dtype: torch.dtype, device: torch.device,
                 graphs: bool, look_ahead: bool | None = None, verify_width: int = VERIFY_WIDTH) -> None:
        self.step_module = step
        self.pool = SlotPool(shape, dtype, device, verify_width)
        self.verify_width = verify_width
        self.device = device
        self.graphs = None
        if graphs:
            from engines.sessions.cuda_graphs import GraphCache
            self.graphs = GraphCache()
        self.look_ahead = device.type == "cuda" if look_ahead is None else look_ahead
        self._pending: _LookAhead | None = None
        self.look_ahead_hits = 0
        # Mask staging by call ("step-table", "step-pairs", "verify-table", "verify-pairs"): the
        # inverted mask table [M, vocab] and the constrained (position, table row) pairs, on the
        # host (pinned on CUDA) and the device.
        self._staged: dict[str, tuple[torch.Tensor, torch.Tensor | None]] = {}
        # Log-prob outputs by tokens a row (1, verify_width), for the pool generation they were
        # made for (graphs captured on them are dropped with it).
        self._outputs: dict[int, torch.Tensor] = {}
        self._outputs_generation = -1
        self.vocab_size = int(getattr(step, "vocab_size", 0))
        self.verifies_drafts = bool(getattr(step, "verifies_drafts", False))
        self._verified_width = 0                         # columns the last verify wrote

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

    def warm_up_keys(self, rows: list[int], columns: list[int], source: list[int]) -> list[StepKey]:
        """The step buckets a warm-up runs for these shapes: every (rows, columns, source)
        bucket for the plain step, and for the verify step those whose cache holds its width
        (a verify at column ``p`` needs ``p + verify_width`` columns, so no real verify runs in a
        narrower bucket; running one would index past the cache)."""
        widths = (1, self.verify_width) if self.verifies_drafts else (1,)
        generation = self.pool.generation
        return [(generation, r, c, s, width)
                for r in sorted({bucket_rows(x) for x in rows})
                for c in sorted({bucket_columns(x) for x in columns})
                for s in sorted({bucket_columns(x) for x in source})
                for width in widths if c >= width]

    def warm_up(self, rows: list[int], columns: list[int], source: list[int]) -> int:
        """Run (on CUDA: capture) the step of every bucket of these shapes ahead of traffic
        (only while no batch is running); returns how many graphs exist (0 without graphs).
        The engine calls it only where graphs are captured; on CPU it runs the same buckets
        eagerly, which is how the tests check the buckets without a GPU."""
        pool = self.pool
        self.reserve(max(rows), max(columns), max(source))
        pool.live[:] = False
        pool.write_pos = 0
        pool.version += 1          # any running chain is over
        self._pending = None
        pool.load_inputs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        pool.load_verify_inputs(np.zeros(0, dtype=np.int64), np.zeros((0, self.verify_width), dtype=np.int64))
        for key in self.warm_up_keys(rows, columns, source):
            self._run_step(key)
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        pool.self_mask.zero_()
        return 0 if self.graphs is None else len(self.graphs)

    def step(self, state: StaticState, token_ids: np.ndarray, positions: np.ndarray,
             allowed: Allowed | None, top_k: int) -> tuple[PooledRows, np.ndarray, np.ndarray]:
        pool = self.pool
        if isinstance(state, EncodedRows):
            state = pool.start_chain(state)
        pending, self._pending = self._pending, None
        if pending is not None and self._matches(pending, state, token_ids, positions, allowed, top_k):
            launched = pending.launched
            self.look_ahead_hits += 1
        else:
            state, key = pool.prepare_step(state)
            pool.load_inputs(state.slots, token_ids, positions)
            launched = self._launch((pool.generation, *key, 1), state.slots, allowed, top_k)
        new_state = pool.advance(state)
        if self.look_ahead and top_k == 1 and allowed is None:
            self._pending = self._launch_next(new_state, launched, positions)
        k = min(top_k, launched.ids.shape[1])
        phase.while_device_runs()
        phase.lap(phase.FORWARD)
        host = launched.wait()
        phase.lap(phase.SYNC)
        picked = host[new_state.slots]
        ids = picked[:, k:].astype(np.int64)
        if self._pending is not None:
            self._pending.tokens = ids[:, 0]
        return new_state, picked[:, :k], ids

    def _matches(self, pending: _LookAhead, state: PooledRows, token_ids: np.ndarray, positions: np.ndarray,
                 allowed: Allowed | None, top_k: int) -> bool:
        pool = self.pool
        return (allowed is None and top_k == 1 and state.version == pending.version == pool.version
                and pool.generation == pending.generation and pending.tokens is not None
                and np.array_equal(token_ids, pending.tokens) and np.array_equal(positions, pending.positions))

    def _launch(self, key: tuple[int, int, int, int, int], slots: np.ndarray, allowed: Allowed | None,
                top_k: int) -> _Launched:
        logprobs = self._run_step(key)
        if allowed is not None:      # in place: the buffer is the decoder's, rewritten every step
            phase.lap(phase.FORWARD)
            self._mask_in_place("step", logprobs, slots, allowed)
            phase.lap(phase.MASKS)   # the mask's host side on a GPU: staging, copies, launches
        scores, ids = torch.topk(logprobs, k=min(top_k, logprobs.shape[1]), dim=-1)
        packed = torch.cat([scores, ids.to(torch.float32)], dim=1)     # ids < 2**24: exact in fp32
        return self._copy_out(packed, ids)

    def _copy_out(self, packed: torch.Tensor, ids: torch.Tensor | None = None) -> _Launched:
        """``packed`` on its way to the host: on CUDA a queued copy into pinned memory and an
        event to wait for, so that the host can work meanwhile (:meth:`_Launched.wait`)."""
        if self.device.type != "cuda":
            return _Launched(packed, packed if ids is None else ids, None)
        host = torch.empty(packed.shape, dtype=packed.dtype, pin_memory=True)
        host.copy_(packed, non_blocking=True)
        event = torch.cuda.Event()
        event.record()
        return _Launched(host, packed if ids is None else ids, event)

    def _mask_in_place(self, name: str, logprobs: torch.Tensor, slots: np.ndarray, allowed: Allowed) -> None:
        """-inf, in place, where ``allowed`` forbids a token; ``logprobs``: the call's [rows, V]
        (a step) or [rows, W, V] (a verify), in slot order. Only the positions a mask constrains
        are touched: their (flat position, table row) pairs and the call's table of distinct
        masks, inverted, cross by pinned asynchronous copies (a pageable copy would wait for the
        step running on the device, and hand the GIL away meanwhile; the pinned buffers are free
        again here: the previous masked call's results were waited for, and its copies came
        first); on the device the constrained positions are gathered, masked and written back.
        A dense mask (gathered to [rows, W, V], inverted, applied at every position) moved about
        eleven bytes per position and token however few positions a hook constrained."""
        vocab = int(logprobs.shape[-1])
        flat = logprobs.view(-1, vocab)
        per_row = flat.shape[0] // logprobs.shape[0]
        table, index = (allowed.table, allowed.index) if isinstance(allowed, MaskRows) else _mask_rows(allowed)
        index = index.reshape(len(slots), -1)
        rows, columns = np.nonzero(index)
        n = len(rows)
        if not n:
            return
        pairs_host, pairs_dev = self._staging(f"{name}-pairs", 2 * n, (), torch.int64)
        pairs = pairs_host.numpy()
        np.add(slots[rows] * per_row, columns, out=pairs[:n])
        pairs[n: 2 * n] = index[rows, columns]
        table_host, table_dev = self._staging(f"{name}-table", len(table), (vocab,))
        np.logical_not(table, out=table_host.numpy()[: len(table)])
        on_device = self._to_device(pairs_host, pairs_dev, 2 * n)
        blocked = self._to_device(table_host, table_dev, len(table))
        where = on_device[:n]
        picked = flat.index_select(0, where)
        picked.masked_fill_(blocked.index_select(0, on_device[n:]), float("-inf"))
        flat.index_copy_(0, where, picked)

    def _staging(self, name: str, rows: int, trailing: tuple[int, ...], dtype: torch.dtype = torch.bool
                 ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """A mask's host buffer (pinned on CUDA) and device buffer, kept across calls: at 256 rows
        a verify call's mask is 16 MB, which went to the device by a pageable (synchronous,
        staged) copy every call."""
        held = self._staged.get(name)
        if held is None or held[0].shape[0] < rows or tuple(held[0].shape[1:]) != trailing:
            shape = (max(rows, self.pool.rows), *trailing)
            cuda = self.device.type == "cuda"
            host = torch.ones(shape, dtype=dtype, pin_memory=cuda)
            held = (host, torch.ones(shape, dtype=dtype, device=self.device) if cuda else None)
            self._staged[name] = held
        return held

    @staticmethod
    def _to_device(host: torch.Tensor, on_device: torch.Tensor | None, rows: int) -> torch.Tensor:
        if on_device is None:
            return host[:rows]
        on_device[:rows].copy_(host[:rows], non_blocking=True)
        return on_device[:rows]

    def _run_step(self, key: StepKey) -> torch.Tensor:
        """The step (``key[4]`` 1) or verify step (``verify_width``) of one bucket: its
        log-probs, in the decoder's buffer of that width (valid until the next step of it).
        A replay needs neither the step's arguments nor the attention kernels pinned (the graph
        holds both): building the seven views cost 50-100 µs and entering ``sdpa_kernel`` about
        50 µs here, per call, so both happen only where the step runs eagerly or is captured."""
        buffer = self._logprobs_buffer(key[4])     # never allocated inside a capture

        def eager() -> torch.Tensor:
            rows, columns, source, width = key[1:]
            pool = self.pool
            args = pool.views(rows, columns, source) if width == 1 else pool.verify_views(rows, columns, source)
            with sdpa_kernel(ATTENTION_BACKENDS):
                return self.step_module(*args, out=None if buffer is None else buffer[:rows])
        if self.graphs is not None:         # a bucket whose capture fails runs eagerly
            return self.graphs.run(key, eager)
        return eager()

    def _logprobs_buffer(self, width: int) -> torch.Tensor | None:
        """``[pool rows, V]`` (a step) or ``[pool rows, width, V]`` (a verify): the one log-prob
        buffer of that width, allocated for the pool's capacity of this generation (the graphs
        captured on the old one are dropped with the generation). None when the step module
        does not say its vocabulary (it then allocates its own output)."""
        pool, vocab = self.pool, self.vocab_size
        if not vocab:
            return None
        if self._outputs_generation != pool.generation:
            self._outputs.clear()
            self._outputs_generation = pool.generation
        buffer = self._outputs.get(width)
        if buffer is None:
            shape = (pool.rows, vocab) if width == 1 else (pool.rows, width, vocab)
            buffer = self._outputs[width] = torch.empty(shape, dtype=torch.float32, device=self.device)
        return buffer

    def _launch_next(self, state: PooledRows, launched: _Launched, positions: np.ndarray) -> _LookAhead | None:
        """Greedy look-ahead: launch the step that feeds each row its own top-1 token."""
        pool = self.pool
        if not pool.next_step_in_place(state):
            return None
        same, key = pool.prepare_step(state)
        if same is not state or key[0] != launched.ids.shape[0]:
            return None
        rows, stride = key[0], pool.rows
        pool.inputs[:rows].copy_(launched.ids[:, 0])
        pool.inputs[stride: stride + rows].add_(1)
        pool.inputs[2 * stride: 2 * stride + 1].add_(1)
        step = self._launch((pool.generation, *key, 1), state.slots, None, 1)
        return _LookAhead(state.version, pool.generation, np.asarray(positions) + 1, step)

    def verify(self, state: StaticState, token_ids: np.ndarray, allowed: Allowed | None, top_k: int = 1
               ) -> tuple[PooledRows, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
        """Every row's next token and draft (``token_ids`` [n, S], S <= verify_width) in one
        step: (state with verify_width new columns, log-probs [n, S], greedy picks [n, S], and
        with ``top_k`` > 1 the first position's top-k [n, k] for beam rows)."""
        pool = self.pool
        if isinstance(state, EncodedRows):
            state = pool.start_chain(state)
        self._pending = None                 # a look-ahead step in flight is not this one
        n, width = token_ids.shape
        w = self.verify_width
        if width > w:
            raise ValueError(f"{width} tokens a row; this decoder's verify step takes at most {w}")
        padded = np.concatenate([token_ids, np.repeat(token_ids[:, -1:], w - width, axis=1)], axis=1)
        state, key = pool.prepare_step(state, w)
        pool.load_verify_inputs(state.slots, padded)
        logprobs = self._run_step((pool.generation, *key, w))
        if allowed is not None:      # in place: the buffer is the decoder's, rewritten every verify
            phase.lap(phase.FORWARD)
            self._mask_in_place("verify", logprobs, state.slots, allowed)
            phase.lap(phase.MASKS)
        scores, ids = logprobs.max(dim=-1)
        parts = [scores, ids.to(torch.float32)]                          # ids < 2**24: exact in fp32
        k = min(top_k, logprobs.shape[-1])
        if k > 1:
            top_scores, top_ids = torch.topk(logprobs[:, 0], k=k, dim=-1)
            parts += [top_scores, top_ids.to(torch.float32)]
        launched = self._copy_out(torch.cat(parts, dim=1))   # one transfer
        phase.while_device_runs()
        phase.lap(phase.FORWARD)
        packed = launched.wait()[state.slots]
        phase.lap(phase.SYNC)
        self._verified_width = w
        new_state = pool.advance(state, w)
        first = None if k == 1 else (packed[:, 2 * w: 2 * w + k], packed[:, 2 * w + k:].astype(np.int64))
        return new_state, packed[:, :width], packed[:, w: w + width].astype(np.int64), first

    def accept(self, state: PooledRows, kept: np.ndarray) -> PooledRows:
        """Row i keeps the first ``kept[i]`` columns of the last verify (:meth:`SlotPool.accept`)."""
        return self.pool.accept(state, kept, self._verified_width)
