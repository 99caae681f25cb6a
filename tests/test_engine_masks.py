"""Allowed-token masks as table rows (engines.masks): the table dedupes by identity, the dense
array a host session reads is ``table[index]`` whatever the thread's buffer held before, and
the static torch session's gather on the device gives what the dense mask gives."""

from __future__ import annotations

import numpy as np
import pytest

from engines.masks import MaskRows, MaskTable, dense


def test_a_table_keeps_each_distinct_mask_once_after_an_all_true_row() -> None:
    a = np.array([True, False, False, True])
    b = np.zeros(4, dtype=bool)
    table = MaskTable()
    assert not table
    assert [table.row(a), table.row(b), table.row(a), table.row(a.copy())] == [1, 2, 1, 3]
    rows = table.rows(np.array([0, 1, 2, 1, 3]), 4)
    assert rows.shape == (5, 4)
    assert rows.table[0].all() and (rows.table[1] == a).all() and not rows.table[2].any()
    assert (dense(rows) == np.stack([np.ones(4, bool), a, b, a, a])).all()


def test_dense_is_the_table_gathered_whatever_the_buffer_held_before() -> None:
    rng = np.random.default_rng(0)
    for shape in [(6, 3), (2, 9), (6, 3), (40, 2), (5,), (7, 3)]:     # reused, grown, other ranks
        table = rng.random((4, 11)) < 0.5
        table[0] = True
        index = rng.integers(0, 4, size=shape)
        index.reshape(-1)[::2] = 0                 # unconstrained positions, as most are
        got = dense(MaskRows(table, index))
        assert got is not None and got.shape == (*shape, 11)
        assert (got == table[index]).all()
    plain = np.ones((2, 3), dtype=bool)
    assert dense(plain) is plain and dense(None) is None


torch = pytest.importorskip("torch", reason="the static session needs torch")
pytest.importorskip("transformers", reason="building the test models needs transformers")

from engines.export.convert import ExportOptions, export_model  # noqa: E402
from engines.model_dir import ModelDir  # noqa: E402
from engines.sessions.slot_pool import VERIFY_WIDTH  # noqa: E402
from engines.sessions.torch_session import TorchSession  # noqa: E402
from tests.engine_models import make_t5  # noqa: E402

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(scope="module")
def t5_dir(tmp_path_factory: pytest.TempPathFactory) -> ModelDir:
    root = tmp_path_factory.mktemp("masks_t5")
    return export_model(make_t5(root / "hf"), root / "model", ExportOptions(validate=False))


def _rows(vocab: int, shape: tuple[int, ...], seed: int) -> MaskRows:
    rng = np.random.default_rng(seed)
    table = rng.random((3, vocab)) < 0.2
    table[0] = True
    table[1:, 7] = True                      # every mask allows something
    return MaskRows(table, rng.integers(0, 3, size=shape))


@pytest.mark.slow
@pytest.mark.parametrize("device", DEVICES)
def test_static_session_gathers_table_rows_as_the_dense_mask_masks(t5_dir: ModelDir, device: str) -> None:
    """Two sessions, the same rows (some slots freed, so slot order differs from row order):
    step and verify with a MaskRows and with its dense array give the same top-k."""
    ids = np.array([[5, 6, 7, 9], [8, 9, 1, 1], [4, 4, 4, 4], [11, 12, 13, 14]])
    outs = []
    for form in ("dense", "table"):
        session = TorchSession.from_model_dir(t5_dir, device=device)
        vocab = session.vocab_size
        step_mask, verify_mask = _rows(vocab, (3,), 1), _rows(vocab, (3, 4), 2)
        as_given = (lambda m: dense(m).copy()) if form == "dense" else (lambda m: m)  # type: ignore[union-attr]
        state = session.encode(ids, np.ones_like(ids))
        state, _, _ = session.step(state, np.full(4, 2), np.zeros(4, dtype=np.int64), None, 1)
        state = session.select(state, np.array([3, 0, 2]))
        state, scores, top = session.step(state, np.array([3, 4, 5]), np.ones(3, dtype=np.int64), as_given(step_mask), 4)
        tokens = np.array([[6, 7, 8, 9], [6, 6, 6, 6], [9, 8, 7, 6]])
        positions = np.arange(4)[None, :] + 2
        state, v_scores, v_ids, first = session.verify(state, tokens, np.array([4, 2, 3]), positions,
                                                       as_given(verify_mask), 3)
        assert first is not None and tokens.shape[1] <= VERIFY_WIDTH
        outs.append((scores, top, v_scores, v_ids, *first))
        for i, row in enumerate(step_mask.index):
            assert step_mask.table[row][top[i]].all()           # only allowed tokens came out
    for dense_out, table_out in zip(*outs):
        np.testing.assert_array_equal(dense_out, table_out)
