"""Host-side log-softmax + top-k (ONNX Runtime and TensorRT sessions) against the plain definition."""

from __future__ import annotations

import numpy as np
import pytest

from engines.sessions.base import NEG_INF, emitted, log_softmax_top_k


def reference(logits: np.ndarray, allowed: np.ndarray | None, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Full log-softmax, mask, then the k best (ties: the lower token id first)."""
    x = logits.astype(np.float32)
    shifted = x - x.max(axis=-1, keepdims=True)
    logprobs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    if allowed is not None:
        logprobs = np.where(allowed, logprobs, NEG_INF)
    ids = np.argsort(-logprobs, axis=-1, kind="stable")[:, :k]
    return np.take_along_axis(logprobs, ids, axis=-1), ids


@pytest.mark.parametrize("k", [1, 2, 8])
@pytest.mark.parametrize("masked", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_matches_full_log_softmax(k: int, masked: bool, dtype: type) -> None:
    rng = np.random.default_rng(k + 10 * masked)
    for _ in range(50):
        rows, vocab = int(rng.integers(1, 6)), int(rng.choice([7, 96, 8001]))
        logits = (rng.standard_normal((rows, vocab)) * rng.uniform(0.1, 20)).astype(dtype)
        allowed = rng.random((rows, vocab)) < 0.3 if masked else None
        if allowed is not None:
            allowed[0] = False
            allowed[0, :1] = True                    # fewer allowed tokens than k: -inf after it
        scores, ids = log_softmax_top_k(logits, allowed, k)
        want_scores, want_ids = reference(logits, allowed, k)
        assert scores.dtype == np.float32 and ids.dtype == np.int64 and ids.shape == (rows, min(k, vocab))
        np.testing.assert_array_equal(scores, want_scores)
        finite = np.isfinite(want_scores)
        if dtype is np.float32:                      # fp16 logits tie often; tie order may differ
            np.testing.assert_array_equal(ids[finite], want_ids[finite])
        else:
            np.testing.assert_array_equal(np.take_along_axis(logits, ids, -1)[finite],
                                          np.take_along_axis(logits, want_ids, -1)[finite])


def test_greedy_takes_the_first_of_tied_logits() -> None:
    logits = np.array([[0.0, 3.0, 1.0, 3.0]], dtype=np.float32)
    scores, ids = log_softmax_top_k(logits, None, 1)
    assert ids.tolist() == [[1]]
    assert scores[0, 0] == pytest.approx(-np.log(np.exp(logits - 3.0).sum()))


@pytest.mark.parametrize("predicted, fed, want", [
    ([4, 5, 6, 7], [1, 4, 5, 6], 3),      # every drafted token agreed
    ([4, 9, 6, 7], [1, 4, 5, 6], 1),      # the second drafted token missed
    ([8, 5, 6, 7], [1, 4, 5, 6], 0),
    ([4], [1], 0),                        # nothing drafted
])
def test_emitted_counts_the_drafted_tokens_greedy_keeps(predicted: list[int], fed: list[int], want: int) -> None:
    """``want`` drafted tokens agreed: greedy emits them and its own next token."""
    counts = emitted(np.array([predicted]), np.array([fed]), np.array([len(fed)]))
    assert counts.tolist() == [want + 1]
