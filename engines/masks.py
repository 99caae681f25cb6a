"""Allowed-token masks as rows of a small table, picked per decoder position by index.

An allowed-token hook answers from a handful of distinct masks (one per trie node of the
schema constraint, cached on the node), yet a dense mask is [rows, vocab] for a step and
[rows, 9, vocab] for a verify call: 18 MB at 256 rows, which the decode loop filled row by
row, the CUDA session filled again in slot order and copied to the device every call. Here a
call's masks are :class:`MaskRows`: the distinct masks it met, once each (row 0 allows
everything), and one table row number per position. A device session copies those two small
arrays and gathers the dense mask on the device in one op; a host session (ONNX Runtime,
TensorRT's host top-k) asks :func:`dense` for the array, written from one kept buffer per
thread by one vectorised assignment of the constrained rows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class MaskRows:
    """``table[index]`` is the dense mask: ``table`` [M, V] bool whose row 0 is all True,
    ``index`` [B] (a step) or [B, S] (a verify call) rows of it."""
    table: np.ndarray
    index: np.ndarray

    @property
    def shape(self) -> tuple[int, ...]:
        return (*self.index.shape, int(self.table.shape[1]))


Allowed = np.ndarray | MaskRows


class MaskTable:
    """Collects one call's masks: :meth:`row` gives a mask's table row, a mask met again (the
    same array: hooks hand out cached, read-only ones) the row it already has."""

    __slots__ = ("_rows", "_masks")

    def __init__(self) -> None:
        self._rows: dict[int, int] = {}
        self._masks: list[np.ndarray] = []

    def row(self, mask: np.ndarray) -> int:
        # Keyed by identity, valid while this table holds the array (it does, in _masks).
        key = id(mask)
        found = self._rows.get(key)
        if found is None:
            self._masks.append(mask)
            found = self._rows[key] = len(self._masks)
        return found

    def __bool__(self) -> bool:
        return bool(self._masks)

    def rows(self, index: np.ndarray, vocab: int) -> MaskRows:
        """The call's masks as a table (read-only), the same table as a recent call's when it
        met the same masks in the same order (a lone row's, a few rows'): then no copy."""
        key = tuple(map(id, self._masks))
        kept = _tables.get(key)
        if kept is not None and kept[1].shape[1] == vocab:
            return MaskRows(kept[1], index)
        table = np.empty((len(self._masks) + 1, vocab), dtype=bool)
        table[0] = True
        for i, mask in enumerate(self._masks, 1):
            table[i] = mask
        table.flags.writeable = False
        if len(self._masks) <= _KEPT_WIDTH:
            if len(_tables) >= _KEPT_TABLES:
                _tables.clear()
            # The masks themselves are kept too: their ids stay theirs while the entry lives.
            _tables[key] = (tuple(self._masks), table)
        return MaskRows(table, index)


# Recent tables of a few masks, by the masks' ids (hooks hand out cached masks, so a lone row's
# table comes back step after step); shared by threads (dict operations are atomic).
_KEPT_TABLES = 1024
_KEPT_WIDTH = 8
_tables: dict[tuple[int, ...], tuple[tuple[np.ndarray, ...], np.ndarray]] = {}


class _DenseBuffer:
    """All-True [N, V] rows kept across calls: only the rows written last time are set back."""

    def __init__(self) -> None:
        self.store = np.ones((0, 0), dtype=bool)
        self.written = np.zeros(0, dtype=np.intp)

    def take(self, count: int, vocab: int) -> np.ndarray:
        if self.store.shape[1] != vocab or count > self.store.shape[0]:
            self.store = np.ones((max(count, 2 * self.store.shape[0]), vocab), dtype=bool)
        elif len(self.written):
            self.store[self.written] = True
        self.written = np.zeros(0, dtype=np.intp)
        return self.store[:count]


_local = threading.local()


def dense(allowed: Allowed | None) -> np.ndarray | None:
    """The dense boolean mask (``allowed`` itself when it is one). A :class:`MaskRows`'s array
    lives in this thread's buffer until its next call here: read it, keep no reference."""
    if allowed is None or isinstance(allowed, np.ndarray):
        return allowed
    buffer = getattr(_local, "buffer", None)
    if buffer is None:
        buffer = _local.buffer = _DenseBuffer()
    flat_index = allowed.index.reshape(-1)
    vocab = int(allowed.table.shape[1])
    out = buffer.take(len(flat_index), vocab)
    hit = np.flatnonzero(flat_index)
    if len(hit):
        out[hit] = allowed.table[flat_index[hit]]
        buffer.written = hit
    return out.reshape(allowed.shape)
