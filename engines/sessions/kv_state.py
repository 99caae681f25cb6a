"""Decoder state held in host (numpy) arrays, for ONNX Runtime on CPU.

Every function returns a new state; nothing is mutated, so the decode loop can keep or drop
a state freely.
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
    used = state.self_mask[rows].any(axis=0)
    first = int(np.argmax(used)) if used.any() else state.self_mask.shape[1] - 1
    enc_used = state.encoder_mask[rows].any(axis=0)
    enc_len = int(np.nonzero(enc_used)[0].max()) + 1 if enc_used.any() else 1
    return KVState(
        encoder_mask=state.encoder_mask[rows, :enc_len],
        cross=tuple(c[rows, :, :enc_len] for c in state.cross),
        past=tuple(p[rows, :, first:] for p in state.past),
        self_mask=state.self_mask[rows, first:],
    )


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
