"""The decode loop: iteration-level (continuous) batching over one backend session.

A pure step API in the vLLM scheduler's shape: :meth:`DecodeLoop.admit` encodes new requests
and merges their rows into the running batch, :meth:`DecodeLoop.step` runs one decoder step
for every running row and returns the requests that finished, and :meth:`DecodeLoop.cancel`
drops a request at the next step boundary. New requests join between steps and finished ones
leave, so a long generation never holds short ones back. The synchronous
:meth:`engines.engine.Seq2SeqEngine.generate` and the threaded :mod:`engines.batcher` both
drive this one loop.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from engines.generation import GenerationRequest, GenerationResult
from engines.model_dir import SpecialTokens
from engines.search import Search, make_search
from engines.sessions.base import Seq2SeqSession

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class _Running:
    key: Hashable
    search: Search
    cancelled: bool = False


def pad_batch(inputs: Sequence[Sequence[int]], pad: int) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad token id lists into (ids, attention mask)."""
    width = max(len(x) for x in inputs)
    ids = np.full((len(inputs), width), pad, dtype=np.int64)
    mask = np.zeros((len(inputs), width), dtype=np.int64)
    for i, seq in enumerate(inputs):
        ids[i, : len(seq)] = seq
        mask[i, : len(seq)] = 1
    return ids, mask


class DecodeLoop:
    def __init__(self, session: Seq2SeqSession, special: SpecialTokens, max_source_length: int) -> None:
        self._session = session
        self._special = special
        self._max_source = max_source_length
        self._running: list[_Running] = []
        self._state: Any = None

    @property
    def active_rows(self) -> int:
        return sum(r.search.rows for r in self._running)

    @property
    def active_requests(self) -> int:
        return len(self._running)

    def admit(self, items: Sequence[tuple[Hashable, GenerationRequest]]) -> None:
        """Encode new requests and add their rows to the running batch."""
        if not items:
            return
        for _, request in items:
            if len(request.input_ids) > self._max_source:
                raise ValueError(f"input has {len(request.input_ids)} tokens; the model takes {self._max_source}")
        ids, mask = pad_batch([r.input_ids for _, r in items], self._special.pad)
        encoded = self._session.encode(ids, mask)
        repeat = np.repeat(np.arange(len(items)), [r.rows for _, r in items])
        if len(repeat) != len(items):
            encoded = self._session.select(encoded, repeat)
        self._state = encoded if self._state is None else self._session.merge(self._state, encoded)
        self._running.extend(_Running(key, make_search(r, self._special.eos, self._special.decoder_start))
                             for key, r in items)

    def cancel(self, key: Hashable) -> None:
        for run in self._running:
            if run.key == key:
                run.cancelled = True

    def step(self) -> list[tuple[Hashable, GenerationResult]]:
        """One decoder step for all running rows; returns the requests that finished."""
        self._drop_cancelled()
        if not self._running:
            return []
        tokens, positions, allowed = self._inputs()
        top_k = max(r.search.top_k for r in self._running)
        self._state, scores, ids = self._session.step(self._state, tokens, positions, allowed, top_k)
        return self._advance(scores, ids)

    def _inputs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        tokens: list[int] = []
        positions: list[int] = []
        for run in self._running:
            tokens.extend(run.search.next_tokens())
            positions.extend(len(p) for p in run.search.prefixes())
        return np.asarray(tokens, dtype=np.int64), np.asarray(positions, dtype=np.int64), self._masks()

    def _masks(self) -> np.ndarray | None:
        if not any(r.search.request.allowed_tokens for r in self._running):
            return None
        masks = np.ones((self.active_rows, self._session.vocab_size), dtype=bool)
        row = 0
        for run in self._running:
            hook = run.search.request.allowed_tokens
            for prefix in run.search.prefixes():
                mask = hook(prefix) if hook is not None else None
                if mask is not None:
                    masks[row] = mask
                row += 1
        return masks

    def _advance(self, scores: np.ndarray, ids: np.ndarray) -> list[tuple[Hashable, GenerationResult]]:
        finished: list[tuple[Hashable, GenerationResult]] = []
        keep: list[np.ndarray] = []
        still: list[_Running] = []
        offset = 0
        moved = False          # a row continues from another row (beam reordering)
        for run in self._running:
            rows = run.search.rows
            sources = run.search.advance(scores[offset: offset + rows], ids[offset: offset + rows])
            if run.search.done:
                finished.append((run.key, run.search.result()))
            else:
                keep.append(sources + offset)
                still.append(run)
                moved = moved or rows != 1 or int(sources[0]) != 0
            offset += rows
        if finished or moved:
            self._reshape(still, keep, offset)
        return finished

    def _drop_cancelled(self) -> None:
        if not any(r.cancelled for r in self._running):
            return
        keep, still, offset = [], [], 0
        for run in self._running:
            if not run.cancelled:
                keep.append(np.arange(run.search.rows) + offset)
                still.append(run)
            offset += run.search.rows
        self._reshape(still, keep, offset)

    def _reshape(self, still: list[_Running], keep: list[np.ndarray], total: int) -> None:
        self._running = still
        if not still:
            self._state = None
            return
        rows = np.concatenate(keep)
        if len(rows) != total or not np.array_equal(rows, np.arange(total)):
            self._state = self._session.select(self._state, rows)


class StepLoop(Protocol):
    """What drivers (the Batcher, :func:`run_to_completion`) need: DecodeLoop or MonitoredLoop."""

    @property
    def active_rows(self) -> int: ...

    @property
    def active_requests(self) -> int: ...

    def admit(self, items: Sequence[tuple[Hashable, GenerationRequest]]) -> None: ...

    def cancel(self, key: Hashable) -> None: ...

    def step(self) -> list[tuple[Hashable, GenerationResult]]: ...


def run_to_completion(loop: StepLoop, requests: Sequence[GenerationRequest],
                      max_rows: int) -> list[GenerationResult]:
    """Synchronous driver: admit while rows fit, step until every request finished."""
    results: dict[int, GenerationResult] = {}
    pending = list(enumerate(requests))
    while pending or loop.active_requests:
        batch: list[tuple[Hashable, GenerationRequest]] = []
        rows = loop.active_rows
        while pending and (rows + pending[0][1].rows <= max_rows or (rows == 0 and not batch)):
            key, request = pending.pop(0)
            batch.append((key, request))
            rows += request.rows
        loop.admit(batch)
        for key, result in loop.step():
            results[int(key)] = result  # type: ignore[call-overload]
    return [results[i] for i in range(len(requests))]
