"""What a search's score means: the mean log-probability of a token, for greedy and beams alike."""

from __future__ import annotations

import numpy as np
import pytest

from engines.generation import GenerationRequest
from engines.search_strategies import GreedySearch


def test_greedy_scores_are_length_normalised_like_beams() -> None:
    """A greedy candidate's score is its tokens' mean log-probability, as a beam's is (the
    planner compares it with one threshold, whichever search ran)."""
    search = GreedySearch(GenerationRequest([5, 1], max_new_tokens=8, num_beams=1), eos=1, start=0)
    for token, logp in ((7, -0.5), (9, -1.5), (1, -1.0)):
        search.advance(np.array([[logp]], dtype=np.float32), np.array([[token]]))
    ids, score = search.result().candidates[0]
    assert ids == [7, 9] and score == pytest.approx(-1.0)


def _beam_step_inputs(rng: np.random.Generator, rows: int, width: int, vocab: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Top-k like a session's: sorted log-probs (ties on purpose: a coarse grid), distinct ids."""
    scores = -np.sort(rng.integers(0, 6, size=(rows, width)), axis=1).astype(np.float32) / 2
    ids = np.stack([rng.permutation(vocab)[:width] for _ in range(rows)])
    return scores, ids


def test_beams_advanced_together_end_exactly_as_each_alone() -> None:
    """advance_beams over several searches (the decode loop's batched call) gives, search by
    search, the same hypotheses, scores and continuation rows as BeamSearch.advance alone: ties
    broken the same way, searches finishing at different steps, end tokens and length limits."""
    from engines.search_strategies import BeamSearch, advance_beams
    rng = np.random.default_rng(7)
    for beams in (2, 3, 4):
        def searches() -> list[BeamSearch]:
            return [BeamSearch(GenerationRequest([5], max_new_tokens=int(m), num_beams=beams,
                                                 num_return_sequences=beams), eos=1, start=0)
                    for m in (3, 6, 9, 12)]
        alone, together = searches(), searches()
        width = 2 * beams + 1                    # the call's k may exceed a search's own
        for _ in range(12):
            live = [i for i, s in enumerate(alone) if not s.done]
            assert live == [i for i, s in enumerate(together) if not s.done]
            if not live:
                break
            scores, ids = _beam_step_inputs(rng, beams * len(live), width)
            one = [alone[i].advance(scores[j * beams:(j + 1) * beams], ids[j * beams:(j + 1) * beams])
                   for j, i in enumerate(live)]
            many = advance_beams([together[i] for i in live], scores, ids)
            np.testing.assert_array_equal(np.stack(one), many)
        for a, b in zip(alone, together):
            assert a.done and b.done
            assert a.result().candidates == b.result().candidates
            assert a.prefixes() == b.prefixes()
