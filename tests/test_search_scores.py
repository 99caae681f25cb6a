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
