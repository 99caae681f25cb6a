"""Row slots over ONNX Runtime's host caches (engines/sessions/host_slots.py): the decode loop
writes the same tokens as with whole-batch copies, and rows move only when they must."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engines.decoding import DecodeLoop, run_to_completion
from engines.generation import GenerationRequest, GenerationResult
from engines.model_dir import ModelDir, SpecialTokens
from engines.sessions.host_slots import PooledState
from engines.sessions.ort import OrtOptions, OrtSession
from engines.sessions.base import StaleStateError
from tests.engine_fixtures import tiny_bart_dir  # noqa: F401


class WholeBatchSession:
    """The same session without :meth:`OrtSession.pooled`: every merge and select copies the batch."""

    def __init__(self, inner: OrtSession) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        if name == "pooled":
            raise AttributeError(name)
        return getattr(self.inner, name)


@pytest.fixture(scope="module")
def model(tiny_bart_dir: Path) -> ModelDir:  # noqa: F811
    return ModelDir.load(tiny_bart_dir)


@pytest.fixture(scope="module")
def session(model: ModelDir) -> OrtSession:
    return OrtSession(model, OrtOptions(precision="fp32"))


def requests(count: int, seed: int) -> list[GenerationRequest]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        beams = int(rng.choice([1, 1, 2, 3]))
        out.append(GenerationRequest([int(x) for x in rng.integers(4, 90, size=int(rng.integers(2, 40)))],
                                     max_new_tokens=int(rng.integers(2, 30)), num_beams=beams,
                                     num_return_sequences=beams))
    return out


def run(session: Any, model: ModelDir, reqs: list[GenerationRequest], max_rows: int) -> list[GenerationResult]:
    special = model.manifest.special_tokens
    no_eos = SpecialTokens(special.pad, -1, special.decoder_start)    # long runs: columns get dropped
    return run_to_completion(DecodeLoop(session, no_eos, model.manifest.max_source_length), reqs, max_rows)


@pytest.mark.parametrize("max_rows", [3, 7, 16])
def test_slots_write_what_whole_batch_copies_write(session: OrtSession, model: ModelDir, max_rows: int) -> None:
    reqs = requests(14, seed=max_rows)
    pooled = run(session, model, reqs, max_rows)
    copied = run(WholeBatchSession(session), model, reqs, max_rows)
    assert [[t for t, _ in r.candidates] for r in pooled] == [[t for t, _ in r.candidates] for r in copied]
    for a, b in zip(pooled, copied):
        np.testing.assert_allclose([s for _, s in a.candidates], [s for _, s in b.candidates], atol=1e-5)


def encoded(session: OrtSession, rows: list[list[int]]) -> Any:
    ids = np.array(rows, dtype=np.int64)
    return session.encode(ids, np.ones_like(ids))


def step(session: OrtSession, state: PooledState) -> PooledState:
    n = state.batch_size
    out, _, _ = session.step(state, np.full(n, 2), np.zeros(n, dtype=np.int64), None, 1)
    return out


def test_leaving_frees_a_slot_that_a_joining_row_takes(session: OrtSession) -> None:
    state = step(session, session.pooled(encoded(session, [[5, 6, 7], [8, 9, 10], [4, 4, 4]])))
    pool = state.pool
    kept = session.select(state, np.array([2, 0]))
    assert list(kept.slots) == [2, 0] and list(np.flatnonzero(pool.live)) == [0, 2]
    with pytest.raises(StaleStateError):
        step(session, state)
    joined = session.merge(kept, encoded(session, [[11, 12, 13, 14, 15]]))
    assert list(joined.slots) == [2, 0, 1] and pool.rows == 3          # the freed slot, no new row
    assert pool.self_mask[1].sum() == 0 and (pool.encoder_mask[1, :5] == 1).all()
    beams = session.select(joined, np.array([0, 0, 1, 2]))              # a repeated row is copied
    assert list(beams.slots[:2]) == [2, 3] and pool.rows == 4
    np.testing.assert_array_equal(pool.past[0][3], pool.past[0][2])
    np.testing.assert_array_equal(pool.cross[0][3], pool.cross[0][2])


def test_a_mostly_free_range_is_compacted_before_the_next_call(session: OrtSession) -> None:
    state = step(session, session.pooled(encoded(session, [[5, 6, 7], [8, 9, 10], [4, 4, 4], [7, 7, 7]])))
    pool = state.pool
    row = pool.past[0][3].copy()
    alone = session.select(state, np.array([3]))         # three of four slots free
    after, scores, _ = session.step(alone, np.full(1, 2), np.zeros(1, dtype=np.int64), None, 1)
    assert list(after.slots) == [0] and pool.rows == 1
    # Its cache moved with it (the column before this call's), without the masked first column.
    np.testing.assert_array_equal(pool.past[0][0, :, -2], row[:, -1])
    assert pool.past[0].shape[2] == row.shape[1] and pool.self_mask.tolist() == [[1, 1]]
    fresh = session.step(session.encode(np.array([[7, 7, 7]]), np.ones((1, 3), np.int64)),
                         np.full(1, 2), np.zeros(1, dtype=np.int64), None, 1)[0]
    _, want, _ = session.step(fresh, np.full(1, 2), np.zeros(1, dtype=np.int64), None, 1)
    np.testing.assert_allclose(scores, want, atol=1e-5)   # the moved row decodes as if alone
