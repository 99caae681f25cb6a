"""Decoder state held in host (numpy) arrays, for ONNX Runtime on CPU.

Every function returns a new state; nothing is mutated, so the decode loop can keep or drop
a state freely (:func:`keep_new_columns` moves data only inside the present arrays a verify
call has just made, which nothing else holds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class KVState:
    encoder_mask: np.ndarray         # [B, S] int64
    cross: tuple[np.ndarray, ...]    # per layer: key, value, ... each [B, H, S, D]
    past: tuple[np.ndarray, ...]     # per layer: key, value, ... each [B, H, P, D]
    self_mask: np.ndarray            # [B, P] int64, right-aligned

    @property
    def batch_size(self) -> int:
        return int(self.encoder_mask.shape[0])


def initial_state(encoder_mask: np.ndarray, cross: tuple[np.ndarray, ...]) -> KVState:
    """One masked column to start with: graphs never see a zero-length past (TensorRT-friendly)."""
    batch = encoder_mask.shape[0]
    _, heads, _, dim = cross[0].shape
    past = tuple(np.zeros((batch, heads, 1, dim), dtype=cross[0].dtype) for _ in cross)
    return KVState(encoder_mask, cross, past, np.zeros((batch, 1), dtype=np.int64))


def select_rows(state: KVState, rows: np.ndarray) -> KVState:
    """The state of ``rows`` (in that order), trimmed to the columns they use. A run of
    consecutive rows is a slice (numpy views, no copy of the caches): every greedy step keeps
    all its rows in order, and only beams reordering or rows leaving need a gather."""
    used = state.self_mask[rows].any(axis=0)
    first = int(np.argmax(used)) if used.any() else state.self_mask.shape[1] - 1
    enc_used = state.encoder_mask[rows].any(axis=0)
    enc_len = int(np.nonzero(enc_used)[0].max()) + 1 if enc_used.any() else 1
    pick = _as_slice(rows)
    if pick is not None and first == 0 and enc_len == state.encoder_mask.shape[1] \
            and pick == slice(0, state.batch_size):
        return state                     # every row, every column: nothing to select
    index = rows if pick is None else pick
    return KVState(
        encoder_mask=state.encoder_mask[index, :enc_len],
        cross=tuple(c[index, :, :enc_len] for c in state.cross),
        past=tuple(p[index, :, first:] for p in state.past),
        self_mask=state.self_mask[index, first:],
    )


def _as_slice(rows: np.ndarray) -> slice | None:
    """``rows`` as a slice when they are consecutive and increasing, else None."""
    n = len(rows)
    if n == 0:
        return None
    start = int(rows[0])
    if int(rows[-1]) - start != n - 1 or (n > 1 and not bool(np.all(np.diff(rows) == 1))):
        return None
    return slice(start, start + n)


def _pad_axis(x: np.ndarray, axis: int, before: int, after: int) -> np.ndarray:
    if before == 0 and after == 0:
        return x
    widths = [(0, 0)] * x.ndim
    widths[axis] = (before, after)
    return np.pad(x, widths)


def merge_states(a: KVState, b: KVState) -> KVState:
    s = max(a.encoder_mask.shape[1], b.encoder_mask.shape[1])
    p = max(a.self_mask.shape[1], b.self_mask.shape[1])

    def enc(x: KVState) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        extra = s - x.encoder_mask.shape[1]
        return _pad_axis(x.encoder_mask, 1, 0, extra), tuple(_pad_axis(c, 2, 0, extra) for c in x.cross)

    def dec(x: KVState) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        extra = p - x.self_mask.shape[1]
        return _pad_axis(x.self_mask, 1, extra, 0), tuple(_pad_axis(c, 2, extra, 0) for c in x.past)

    (ma, ca), (mb, cb) = enc(a), enc(b)
    (sa, pa), (sb, pb) = dec(a), dec(b)
    return KVState(
        encoder_mask=np.concatenate([ma, mb]),
        cross=tuple(np.concatenate([x, y]) for x, y in zip(ca, cb)),
        past=tuple(np.concatenate([x, y]) for x, y in zip(pa, pb)),
        self_mask=np.concatenate([sa, sb]),
    )


def keep_new_columns(state: KVState, kept: np.ndarray, appended: int) -> KVState:
    """After a verify call that appended ``appended`` columns to every row: row b keeps the first
    ``kept[b]`` of them. A row that keeps fewer than the most is shifted right by the
    difference (its cache stays contiguous and right-aligned: T5's relative positions count
    columns back from the last) and masked on the left; then the columns no row keeps go."""
    kept = np.asarray(kept, dtype=np.int64)
    most = int(kept.max())
    new_width = state.self_mask.shape[1] - (appended - most)
    shifts = most - kept
    past = tuple(p[:, :, :new_width] for p in state.past)
    mask = state.self_mask[:, :new_width]
    for shift in np.unique(shifts[shifts > 0]):
        rows = np.flatnonzero(shifts == shift)
        for p in past:                      # overlapping ranges: numpy copies through a buffer
            p[rows, :, shift:] = p[rows, :, :new_width - shift]
            p[rows, :, :shift] = 0
        mask[rows, shift:] = mask[rows, :new_width - shift]
        mask[rows, :shift] = 0
    return KVState(state.encoder_mask, state.cross, past, mask)
