"""Row slots over host (numpy) caches: the running batch of an ONNX Runtime decode loop.

Without slots every change to the batch copies the whole of it: a request joining
concatenated every row's cross-attention K/V with its own, a row leaving or a beam reordering
gathered every row's (2-core VM, 16 clients: those copies took a quarter of the engine
thread, as much as the encoder). Here, as in the torch static path
(:mod:`engines.sessions.slot_pool`), a row lives in one *slot* from admission until it leaves:
leaving frees the slot without a copy, joining writes the new rows' cross K/V into free slots
(one copy of those rows), a beam reordering copies only the rows that are duplicated. The
decoder runs over slots ``[0, rows)``; free slots in that range compute harmless garbage until
a new row takes them (growing the range copies the self-attention cache), and when more than a
quarter of the range is free the highest rows move down into the holes (a copy of those rows
only) and the range shrinks.

The cross K/V buffers have room for more rows than run and for a source length rounded up to
:data:`SOURCE_QUANTUM`, so that ``buffer[:rows]`` is a contiguous array ONNX Runtime reads in
place. The self-attention cache is what the last decoder call returned (a fresh array each
call); the pool writes into it only for joining or copied rows, and drops cache columns no
live row uses once they are a quarter of the width.

A pool is one chain of states: each call bumps :attr:`HostSlotPool.version`, and using an
older state raises :class:`~engines.sessions.base.StaleStateError`. Each decode loop
starts its own pool (:meth:`engines.sessions.ort.OrtSession.pooled`), so loops never share one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engines.sessions.kv_state import KVState, keep_new_columns
from engines.sessions.base import StaleStateError, move_rows_down

SOURCE_QUANTUM = 32      # cross K/V buffers' source length rounds up to a multiple of this


@dataclass(frozen=True, slots=True)
class PooledState:
    """Rows living in a pool: the decode loop's row i is in slot ``slots[i]``."""

    pool: "HostSlotPool"
    version: int
    slots: np.ndarray

    @property
    def batch_size(self) -> int:
        return len(self.slots)


def _round_source(n: int) -> int:
    return max(SOURCE_QUANTUM, -(-n // SOURCE_QUANTUM) * SOURCE_QUANTUM)


class HostSlotPool:
    cross: tuple[np.ndarray, ...]        # per decoder cross input: [capacity, H, source, D]
    encoder_mask: np.ndarray             # [capacity, source]

    def __init__(self, first: KVState) -> None:
        n = first.batch_size
        self.version = 0
        self.rows = 0                                  # slots [0, rows) are fed to the decoder
        self.live = np.zeros(0, dtype=bool)
        self._allocate_cross(first, max(4, 2 * n), _round_source(first.encoder_mask.shape[1]))
        self.past: tuple[np.ndarray, ...] = tuple(np.zeros((0,) + p.shape[1:], p.dtype) for p in first.past)
        self.self_mask = np.zeros((0, first.self_mask.shape[1]), dtype=np.int64)

    # --- capacity -----------------------------------------------------------------------------

    def _allocate_cross(self, like: KVState, capacity: int, source: int) -> None:
        """(Re)allocate the cross K/V buffers; the rows so far keep their data."""
        _, heads, _, dim = like.cross[0].shape
        cross = tuple(np.zeros((capacity, heads, source, dim), dtype=like.cross[0].dtype) for _ in like.cross)
        encoder_mask = np.zeros((capacity, source), dtype=np.int64)
        encoder_mask[:, 0] = 1              # free slots attend somewhere: no all-masked softmax
        if self.rows:
            old_source = self.encoder_mask.shape[1]
            for new, old in zip(cross, self.cross):
                new[: self.rows, :, :old_source] = old[: self.rows]
            encoder_mask[: self.rows] = 0
            encoder_mask[: self.rows, :old_source] = self.encoder_mask[: self.rows]
        self.cross, self.encoder_mask = cross, encoder_mask

    def _grow_rows(self, rows: int, like: KVState) -> None:
        """Slots [old rows, rows) become usable: cross capacity and self-attention rows."""
        capacity, source = self.encoder_mask.shape
        if rows > capacity:
            self._allocate_cross(like, max(rows, 2 * capacity), source)
        extra = rows - self.rows
        self.past = tuple(np.concatenate([p, np.zeros((extra,) + p.shape[1:], p.dtype)]) for p in self.past)
        self.self_mask = np.concatenate([self.self_mask, np.zeros((extra, self.self_mask.shape[1]), np.int64)])
        self.live = np.concatenate([self.live, np.zeros(extra, dtype=bool)])
        self.rows = rows

    # --- states -------------------------------------------------------------------------------

    def check(self, state: PooledState) -> None:
        if state.pool is not self or state.version != self.version:
            raise StaleStateError("this decoder state is stale: a newer state of the same pool exists")

    def _state(self, slots: np.ndarray) -> PooledState:
        self.version += 1
        return PooledState(self, self.version, np.asarray(slots, dtype=np.int64))

    def start(self, first: KVState) -> PooledState:
        return self.place(self._state(np.zeros(0, dtype=np.int64)), first)

    def place(self, state: PooledState, new: KVState) -> PooledState:
        """Merge: the new rows take free slots (then new ones); only their data is copied."""
        self.check(state)
        n = new.batch_size
        free = np.flatnonzero(~self.live)
        if len(free) < n:
            self._grow_rows(self.rows + n - len(free), new)
            free = np.flatnonzero(~self.live)
        slots = free[:n]
        source = new.encoder_mask.shape[1]
        if source > self.encoder_mask.shape[1]:
            self._allocate_cross(new, self.encoder_mask.shape[0], _round_source(source))
        for buffer, rows in zip(self.cross, new.cross):
            buffer[slots, :, :source] = rows
            buffer[slots, :, source:] = 0
        self.encoder_mask[slots] = 0
        self.encoder_mask[slots, :source] = new.encoder_mask
        self._clear_self(slots)
        self.live[slots] = True
        return self._state(np.concatenate([state.slots, slots]))

    def _clear_self(self, slots: np.ndarray) -> None:
        """A joining row has no self-attention columns yet: all masked, zeroed (0 * NaN is NaN)."""
        for p in self.past:
            p[slots] = 0
        self.self_mask[slots] = 0

    def select(self, state: PooledState, rows: np.ndarray) -> PooledState:
        """Gather rows: the slots of dropped rows are freed, repeated rows copied to free slots."""
        self.check(state)
        wanted = state.slots[np.asarray(rows, dtype=np.int64)]
        first_use = np.zeros(len(wanted), dtype=bool)
        first_use[np.unique(wanted, return_index=True)[1]] = True
        self.live[:] = False
        self.live[wanted] = True
        repeats = np.flatnonzero(~first_use)
        if len(repeats):
            free = np.flatnonzero(~self.live)
            if len(free) < len(repeats):
                self._grow_rows(self.rows + len(repeats) - len(free), self.as_kv())
                free = np.flatnonzero(~self.live)
            targets = free[: len(repeats)]
            self._copy_slots(wanted[repeats], targets)
            wanted = wanted.copy()
            wanted[repeats] = targets
            self.live[targets] = True
        return self._state(wanted)

    def _copy_slots(self, sources: np.ndarray, targets: np.ndarray) -> None:
        for buffer in self.cross:
            buffer[targets] = buffer[sources]
        self.encoder_mask[targets] = self.encoder_mask[sources]
        for p in self.past:
            p[targets] = p[sources]
        self.self_mask[targets] = self.self_mask[sources]

    # --- the decoder call ---------------------------------------------------------------------

    def prepare(self, state: PooledState) -> PooledState:
        """Before a decoder call: drop free slots at the top, fill holes when over a quarter of
        the range is free, drop cache columns no live row uses when over a quarter are."""
        self.check(state)
        n = len(state.slots)
        if self.rows - n > self.rows // 4:
            # A few free slots stay: rows that join soon take them without growing the caches.
            if n:
                state = self._compact(state)
            self._truncate_rows(int(state.slots.max()) + 1 if n else 0)
        used = self.self_mask[self.live].any(axis=0) if n else np.zeros(self.self_mask.shape[1], bool)
        first = int(np.argmax(used)) if used.any() else self.self_mask.shape[1] - 1
        if first > 0 and 4 * first >= self.self_mask.shape[1]:
            self.past = tuple(np.ascontiguousarray(p[:, :, first:]) for p in self.past)
            self.self_mask = np.ascontiguousarray(self.self_mask[:, first:])
        return state

    def _compact(self, state: PooledState) -> PooledState:
        sources, targets, slots = move_rows_down(state.slots, self.live)
        self._copy_slots(sources, targets)
        return self._state(slots)

    def _truncate_rows(self, rows: int) -> None:
        self.past = tuple(p[:rows] for p in self.past)      # views: still contiguous
        self.self_mask = self.self_mask[:rows]
        self.live = self.live[:rows]
        self.rows = rows

    def as_kv(self) -> KVState:
        """Slots [0, rows) as the decoder graph takes them (views of the buffers, no copy)."""
        rows = self.rows
        return KVState(self.encoder_mask[:rows], tuple(c[:rows] for c in self.cross), self.past, self.self_mask)

    def feed(self, state: PooledState, values: np.ndarray, fill: int) -> np.ndarray:
        """Per-row inputs ([n, ...], the loop's row order) in slot order; free slots get ``fill``."""
        out = np.full((self.rows,) + values.shape[1:], fill, dtype=values.dtype)
        out[state.slots] = values
        return out

    def advance(self, state: PooledState, after: KVState) -> PooledState:
        """Take the decoder call's new self-attention cache and mask."""
        self.past, self.self_mask = after.past, after.self_mask
        return self._state(state.slots)

    def accept(self, state: PooledState, kept: np.ndarray, width: int) -> PooledState:
        """After a verify call of ``width`` columns: row i keeps ``kept[i]`` of them (free
        slots keep as many as the most, so that they move nothing)."""
        self.check(state)
        kept = np.asarray(kept, dtype=np.int64)
        per_slot = np.full(self.rows, int(kept.max()), dtype=np.int64)
        per_slot[state.slots] = kept
        after = keep_new_columns(self.as_kv(), per_slot, width)
        return self.advance(state, after)
