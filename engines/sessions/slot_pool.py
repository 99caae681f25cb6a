"""Preallocated K/V caches with row slots: the memory behind the static (CUDA-graph) torch path.

A CUDA graph replays kernels on fixed addresses, so the caches cannot be new tensors each step.
The pool owns one set of buffers (see :mod:`engines.sessions.static_step` for the layout) and
hands out *slots*: a decoder row lives in one slot from admission until it leaves. Rows leaving
free their slot (no copy); rows joining take free slots (one copy of their cross K/V); beam
reordering moves data only for rows that are duplicated. The decode step then runs over slots
``[0, B)`` for a bucketed ``B`` (free slots inside that range compute harmless garbage), cache
columns ``[0, C)`` and encoder columns ``[0, S)``, each rounded up to a bucket so that a few
captured graphs cover every shape.

All rows write the same cache column ``write_pos`` each step (a verify step of speculative
decoding writes S columns from there; :meth:`SlotPool.accept` then shifts right the rows that
kept fewer of them, so every row stays right-aligned). Columns that no live row uses
any more are dropped by shifting the caches left, lazily: only when that shrinks the cache
bucket or the capacity is reached. Growing a capacity reallocates the buffers, which makes
captured graphs stale; :attr:`generation` counts reallocations so the graph cache can tell.

The pool is one chain of states at a time: each state-producing call bumps :attr:`version`,
and stepping an older state raises instead of reading caches that have moved on.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
import torch

from engines.model_dir import DecoderShape
from engines.sessions.base import StaleStateError as StaleStateError   # its home before host slots
from engines.sessions.base import move_rows_down

ROW_BUCKETS = (1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512)
COLUMN_QUANTUM = 32     # cache and source lengths round up to a multiple of this
VERIFY_WIDTH = 9        # the default verify width: a row's next token and up to 8 drafted
MAX_VERIFY_WIDTH = 65   # [engine] max_draft's bound plus the row's own next token


def device_index(values: np.ndarray, device: torch.device) -> torch.Tensor:
    """int64 indices (slots, columns) on ``device`` without stalling the host: a host-to-device
    copy from pageable memory makes CUDA synchronise the stream first, so every row copy, join
    or re-alignment waited for all the kernels queued before it. From pinned memory the copy
    is queued like a kernel; the pinned block comes from torch's caching host allocator,
    which hands it out again only once the copy has run. On CPU: the array's own memory."""
    host = torch.from_numpy(np.ascontiguousarray(values, dtype=np.int64))
    if device.type != "cuda":
        return host
    return host.pin_memory().to(device, non_blocking=True)


def bucket_rows(n: int) -> int:
    i = bisect.bisect_left(ROW_BUCKETS, n)
    return ROW_BUCKETS[i] if i < len(ROW_BUCKETS) else -(-n // 128) * 128


def bucket_columns(n: int) -> int:
    return max(COLUMN_QUANTUM, -(-n // COLUMN_QUANTUM) * COLUMN_QUANTUM)


@dataclass(frozen=True, slots=True)
class EncodedRows:
    """Encoder output not yet in the pool: what ``encode`` returns and ``merge`` places."""

    cross: torch.Tensor            # [2L, n, H, S, D]
    encoder_mask: torch.Tensor     # [n, S] int64, on the device
    lengths: np.ndarray            # [n] encoder lengths (last unmasked column + 1)


@dataclass(frozen=True, slots=True)
class PooledRows:
    """Rows living in the pool: row i is in slot ``slots[i]``."""

    pool: "SlotPool"
    version: int
    slots: np.ndarray


class SlotPool:
    # Set by _allocate (and replaced, larger, when the pool grows).
    self_kv: torch.Tensor
    self_mask: torch.Tensor
    cross_kv: torch.Tensor
    encoder_mask: torch.Tensor
    start: np.ndarray
    lengths: np.ndarray
    live: np.ndarray

    def __init__(self, shape: DecoderShape, dtype: torch.dtype, device: torch.device,
                 verify_width: int = VERIFY_WIDTH) -> None:
        if not 2 <= verify_width <= MAX_VERIFY_WIDTH:
            raise ValueError(f"verify width {verify_width}: must be 2 to {MAX_VERIFY_WIDTH}")
        self.shape = shape
        self.verify_width = verify_width      # tokens a row feeds a verify step: next one + draft
        self.dtype = dtype
        self.device = device
        self.generation = 0
        self.version = 0
        self.write_pos = 0
        self.rows = self.columns = self.source = 0
        # How accept() shifts the rows that kept fewer drafted tokens: one gather for all of
        # them (a fixed dozen launches, what a GPU's host wants) or slice copies per distinct
        # shift (4 launches per shift, up to 8 shifts a call; on a CPU the cheaper, as the
        # copies themselves are the work there). Both write the same values.
        self.shift_by_gather = device.type == "cuda"
        self._allocate(1, COLUMN_QUANTUM, COLUMN_QUANTUM)

    # --- capacity ---------------------------------------------------------------------------------

    def _allocate(self, rows: int, columns: int, source: int) -> None:
        layers2, heads, dim = 2 * self.shape.num_layers, self.shape.num_heads, self.shape.head_dim
        old = (self.rows, self.columns, self.source)
        device = self.device
        self_kv = torch.zeros(layers2, rows, heads, columns, dim, dtype=self.dtype, device=device)
        self_mask = torch.zeros(rows, columns, dtype=torch.int64, device=device)
        cross_kv = torch.zeros(layers2, rows, heads, source, dim, dtype=self.dtype, device=device)
        encoder_mask = torch.zeros(rows, source, dtype=torch.int64, device=device)
        encoder_mask[:, 0] = 1            # free slots attend somewhere: no all-masked softmax
        if old[0]:
            r, c, s = old
            self_kv[:, :r, :, :c] = self.self_kv
            self_mask[:r, :c] = self.self_mask
            cross_kv[:, :r, :, :s] = self.cross_kv
            encoder_mask[:r, :s] = self.encoder_mask
            start = np.zeros(rows, dtype=np.int64)
            start[:r] = self.start
            lengths = np.ones(rows, dtype=np.int64)
            lengths[:r] = self.lengths
            live = np.zeros(rows, dtype=bool)
            live[:r] = self.live
        else:
            start, lengths, live = (np.zeros(rows, dtype=np.int64), np.ones(rows, dtype=np.int64),
                                    np.zeros(rows, dtype=bool))
        self.self_kv, self.self_mask, self.cross_kv, self.encoder_mask = self_kv, self_mask, cross_kv, encoder_mask
        self.start, self.lengths, self.live = start, lengths, live
        # Step inputs packed in one int64 vector (ids, positions, write position): one copy a step.
        self.inputs = torch.zeros(2 * rows + 1, dtype=torch.int64, device=self.device)
        pin = self.device.type == "cuda"
        self.host_inputs = torch.zeros(2 * rows + 1, dtype=torch.int64, pin_memory=pin)
        # A verify step's: ids [rows, verify_width], then the write position.
        width = self.verify_width
        self.verify_inputs = torch.zeros(rows * width + 1, dtype=torch.int64, device=self.device)
        self.host_verify_inputs = torch.zeros(rows * width + 1, dtype=torch.int64, pin_memory=pin)
        self.rows, self.columns, self.source = rows, columns, source
        self.generation += 1

    def reserve(self, rows: int, columns: int, source: int) -> None:
        """Grow to at least these capacities (graphs captured before become stale)."""
        want = (max(self.rows, bucket_rows(rows)), max(self.columns, bucket_columns(columns)),
                max(self.source, bucket_columns(source)))
        if want != (self.rows, self.columns, self.source):
            self._allocate(*want)

    # --- states -------------------------------------------------------------------------------------

    def check(self, state: PooledRows) -> None:
        if state.pool is not self or state.version != self.version:
            raise StaleStateError("this decoder state is stale: a newer state of the same session exists")

    def _state(self, slots: np.ndarray) -> PooledRows:
        self.version += 1
        return PooledRows(self, self.version, np.asarray(slots, dtype=np.int64))

    def start_chain(self, rows: EncodedRows) -> PooledRows:
        """Place rows into an empty pool; any earlier chain's states become stale."""
        self.live[:] = False
        self.write_pos = 0
        self.self_mask.zero_()
        return self.place(self._state(np.zeros(0, dtype=np.int64)), rows)

    def place(self, state: PooledRows, rows: EncodedRows) -> PooledRows:
        """Merge: new rows take free slots; their cross K/V and masks are copied in."""
        self.check(state)
        n = int(rows.encoder_mask.shape[0])
        needed = int(self.live.sum()) + n
        self.reserve(needed, self.write_pos + 1, int(rows.cross.shape[3]))
        slots = np.flatnonzero(~self.live)[:n]
        index = device_index(slots, self.device)
        s = int(rows.cross.shape[3])
        # Zero what the new rows mask out too: masked columns get probability 0, and 0 * NaN from a
        # stale free-slot computation would still be NaN. By index_fill_: ``t[index] = 0`` with a
        # device index makes the 0 a CPU tensor copied to the device from pageable memory, which
        # synchronises the stream (the host then waited here for the encoder just launched).
        self.self_kv.index_fill_(1, index, 0)
        self.cross_kv.index_fill_(1, index, 0)
        self.cross_kv[:, index, :, :s] = rows.cross.to(self.dtype)
        mask = torch.zeros(n, self.source, dtype=torch.int64, device=self.device)
        mask[:, :s] = rows.encoder_mask
        self.encoder_mask[index] = mask
        self.self_mask.index_fill_(0, index, 0)
        self.start[slots] = self.write_pos
        self.lengths[slots] = rows.lengths
        self.live[slots] = True
        return self._state(np.concatenate([state.slots, slots]))

    def select(self, state: PooledRows, rows: np.ndarray) -> PooledRows:
        """Gather rows: slots of dropped rows are freed, repeated rows are copied to free slots."""
        self.check(state)
        self.reserve(len(rows), 1, 1)
        wanted = state.slots[np.asarray(rows, dtype=np.int64)]
        first_use = np.zeros(len(wanted), dtype=bool)
        first_use[np.unique(wanted, return_index=True)[1]] = True
        self.live[:] = False
        self.live[wanted] = True
        repeats = np.flatnonzero(~first_use)
        if len(repeats):
            targets = np.flatnonzero(~self.live)[: len(repeats)]
            self._copy_slots(wanted[repeats], targets)
            wanted = wanted.copy()
            wanted[repeats] = targets
            self.live[targets] = True
        return self._state(wanted)

    def _copy_slots(self, sources: np.ndarray, targets: np.ndarray) -> None:
        both = device_index(np.concatenate([sources, targets]), self.device)   # one pinned copy, not two
        src, dst = both[: len(sources)], both[len(sources):]
        used = self.write_pos
        self.self_kv[:, dst, :, :used] = self.self_kv[:, src, :, :used]
        self.self_mask[dst] = self.self_mask[src]
        self.cross_kv[:, dst] = self.cross_kv[:, src]
        self.encoder_mask[dst] = self.encoder_mask[src]
        self.start[targets] = self.start[sources]
        self.lengths[targets] = self.lengths[sources]

    # --- the step's shape ----------------------------------------------------------------------------

    def prepare_step(self, state: PooledRows, steps: int = 1) -> tuple[PooledRows, tuple[int, int, int]]:
        """Make room for this step's column (``steps`` columns: a verify step); return the state
        and the (rows, columns, source) bucket."""
        self.check(state)
        state = self._compact_rows(state)
        needed = self.write_pos + steps
        first = int(self.start[self.live].min()) if self.live.any() else self.write_pos
        if first and (bucket_columns(needed - first) < bucket_columns(needed) or needed > self.columns):
            self._shift_columns(first)
            needed = self.write_pos + steps
        self.reserve(1, needed, 1)
        rows = bucket_rows(int(state.slots.max()) + 1 if len(state.slots) else 1)
        source = bucket_columns(int(self.lengths[self.live].max()) if self.live.any() else 1)
        return state, (rows, bucket_columns(needed), min(source, self.source))

    def next_step_in_place(self, state: PooledRows) -> bool:
        """True when :meth:`prepare_step` would move no data for this state (no compaction,
        column shift or growth): the next step can then be launched before the host decides it."""
        n = len(state.slots)
        if not n or bucket_rows(int(state.slots.max()) + 1) > bucket_rows(n):
            return False
        needed = self.write_pos + 1
        if needed > self.columns:
            return False
        first = int(self.start[self.live].min())
        return not (first and bucket_columns(needed - first) < bucket_columns(needed))

    def _compact_rows(self, state: PooledRows) -> PooledRows:
        """Move rows from high slots into free low ones when that shrinks the row bucket."""
        n = len(state.slots)
        if not n or bucket_rows(int(state.slots.max()) + 1) <= bucket_rows(n):
            return state
        sources, targets, slots = move_rows_down(state.slots, self.live)
        self._copy_slots(sources, targets)
        return self._state(slots)

    def _shift_columns(self, first: int) -> None:
        used = self.write_pos
        kept = used - first
        self.self_kv[:, :, :, :kept] = self.self_kv[:, :, :, first:used].clone()
        self.self_mask[:, :kept] = self.self_mask[:, first:used].clone()
        self.self_mask[:, kept:] = 0
        self.start = np.maximum(self.start - first, 0)
        self.write_pos = kept

    def load_inputs(self, slots: np.ndarray, token_ids: np.ndarray, positions: np.ndarray) -> None:
        """Tokens and positions into slot order, and the write position, in one host-to-device copy."""
        host = self.host_inputs.numpy()
        rows = self.rows
        host[: 2 * rows] = 0
        host[slots] = token_ids
        host[rows + slots] = positions
        host[2 * rows] = self.write_pos
        self.inputs.copy_(self.host_inputs, non_blocking=True)

    def views(self, rows: int, columns: int, source: int) -> tuple[torch.Tensor, ...]:
        """The step's arguments for one bucket; fixed addresses until the next reallocation."""
        r = self.rows
        return (self.inputs[:rows].view(rows, 1), self.inputs[r: r + rows], self.inputs[2 * r: 2 * r + 1],
                self.self_kv[:, :rows, :, :columns], self.self_mask[:rows, :columns],
                self.cross_kv[:, :rows, :, :source], self.encoder_mask[:rows, :source])

    def advance(self, state: PooledRows, steps: int = 1) -> PooledRows:
        self.write_pos += steps
        return self._state(state.slots)

    def load_verify_inputs(self, slots: np.ndarray, token_ids: np.ndarray) -> None:
        """A verify step's tokens ([n, verify_width], slot order) and write position, one copy."""
        host = self.host_verify_inputs.numpy()
        width = self.verify_width
        grid = host[: self.rows * width].reshape(self.rows, width)
        grid[:] = 0
        grid[slots] = token_ids
        host[self.rows * width] = self.write_pos
        self.verify_inputs.copy_(self.host_verify_inputs, non_blocking=True)

    def verify_views(self, rows: int, columns: int, source: int) -> tuple[torch.Tensor, ...]:
        """A verify step's arguments for one bucket (positions: unused, T5 only)."""
        width, r = self.verify_width, self.rows
        write_pos = self.verify_inputs[r * width: r * width + 1]
        return (self.verify_inputs[: rows * width].view(rows, width), write_pos, write_pos,
                self.self_kv[:, :rows, :, :columns], self.self_mask[:rows, :columns],
                self.cross_kv[:, :rows, :, :source], self.encoder_mask[:rows, :source])

    def accept(self, state: PooledRows, kept: np.ndarray, width: int) -> PooledRows:
        """After a verify step wrote ``width`` columns before ``write_pos``: row i keeps the
        first ``kept[i]`` of them. Rows that kept fewer than the most are shifted right by the
        difference (their start too), so that every row ends at the new ``write_pos``: on a GPU
        by one gather of all of them, on a CPU by slice copies per shift (a gather of all of
        them along the columns was 3-6x the host time there): :attr:`shift_by_gather`."""
        self.check(state)
        kept = np.asarray(kept, dtype=np.int64)
        most = int(kept.max())
        end = self.write_pos - (width - most)
        self.self_mask[:, end: self.write_pos] = 0
        shifts = most - kept
        moved = np.flatnonzero(shifts > 0)
        if len(moved):
            order = moved[np.argsort(shifts[moved], kind="stable")]
            slots, by = state.slots[order], shifts[order]
            if self.shift_by_gather:
                self._shift_gathered(slots, by, end)
            else:
                self._shift_by_slices(slots, by, end)
            self.start[slots] = np.minimum(self.start[slots] + by, end)
        self.write_pos = end
        return self._state(state.slots)

    def _shift_by_slices(self, slots: np.ndarray, by: np.ndarray, end: int) -> None:
        """Columns ``[0, end)`` of each slot moved right by its ``by`` (sorted), zeros on the left:
        the rows of one shift by slice copies, their slots in one host-to-device copy."""
        on_device = device_index(slots, self.device)
        bounds = np.flatnonzero(np.diff(by)) + 1
        for lo, hi in zip([0, *bounds.tolist()], [*bounds.tolist(), len(by)]):
            shift, index = int(by[lo]), on_device[lo:hi]
            self.self_kv[:, index, :, shift:end] = self.self_kv[:, index, :, : end - shift]
            self.self_kv[:, :, :, :shift].index_fill_(1, index, 0)      # no stream sync (place)
            self.self_mask[index, shift:end] = self.self_mask[index, : end - shift]
            self.self_mask[:, :shift].index_fill_(0, index, 0)

    def _shift_gathered(self, slots: np.ndarray, by: np.ndarray, end: int) -> None:
        """:meth:`_shift_by_slices` in one gather and one scatter whatever the shifts: slots and
        shifts in one host-to-device copy, then column ``c`` of a moved row reads its column
        ``c - by`` (zero where that is negative). No op waits for the device (no host scalar
        is written)."""
        m = len(slots)
        packed = device_index(np.concatenate([slots, by]), self.device)
        columns = torch.arange(end, device=self.device).expand(m, end)
        source = columns - packed[m:, None]
        blank = source < 0
        source.clamp_(min=0)
        rows = packed[:m, None].expand(m, end)
        kv = self.self_kv[:, rows, :, source]                    # [m, end, 2L, H, D]
        kv.masked_fill_(blank[:, :, None, None, None], 0)
        self.self_kv[:, rows, :, columns] = kv
        mask = self.self_mask[rows, source]
        mask.masked_fill_(blank, 0)
        self.self_mask[rows, columns] = mask
