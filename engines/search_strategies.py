"""Per-request search strategies: greedy and beam search, one request at a time.

A search owns a fixed number of decoder rows while it runs. Each step it says which tokens to
feed, takes the top-k (log-prob, token) pairs of its rows and answers which of its rows the
next step continues from (beam reordering). The model runs batched across all requests in
:mod:`engines.decoding`; only this bookkeeping is per request.

Beam search reproduces HuggingFace ``generate`` (transformers >= 4.50, length_penalty=1.0,
early_stopping=False): 2 x num_beams candidates per step, finished hypotheses scored by
sum of log-probs / generated length, and its early-stop heuristic, so that results are
token-identical to ``model.generate(num_beams=...)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engines.generation import GenerationRequest, GenerationResult

_PENALTY = np.float32(-1.0e9)   # HuggingFace's "never choose this" score
_INF = float("inf")


class GreedySearch:
    def __init__(self, request: GenerationRequest, eos: int, start: int) -> None:
        self.request = request
        self.rows = 1
        self.top_k = 1
        self._eos = eos
        self._start = start
        self.tokens: list[int] = []         # the answer so far (the row's prefix; the decode loop reads it)
        self._score = 0.0
        self.done = False

    def prefixes(self) -> list[list[int]]:
        return [self.tokens]

    def next_tokens(self) -> list[int]:
        return [self.tokens[-1] if self.tokens else self._start]

    def advance(self, scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
        self.push(int(ids[0, 0]), float(scores[0, 0]))
        return np.zeros(1, dtype=np.int64)

    def push(self, token: int, score: float) -> None:
        """:meth:`advance` by the row's best token (what the decode loop calls, with plain
        Python numbers taken from the whole batch at once)."""
        self.tokens.append(token)
        self._score += score
        self.done = (token == self._eos or len(self.tokens) >= self.request.max_new_tokens
                     or score == -_INF)

    def push_many(self, tokens: Sequence[int], scores: Sequence[float], count: int) -> None:
        """The first ``count`` tokens of a verify call (agreed draft tokens, then the model's own),
        up to the end of the answer."""
        for i in range(count):
            self.push(tokens[i], scores[i])
            if self.done:
                break

    def result(self) -> GenerationResult:
        # Length-normalised like BeamSearch's (length_penalty 1.0, the end token counted), so
        # that a score means the same whichever search made it: the mean log-probability of a
        # token, which the planner reads as the model's confidence.
        mean = self._score / max(1, len(self.tokens))
        return GenerationResult([(_strip_eos(self.tokens, self._eos), mean)])


class BeamSearch:
    def __init__(self, request: GenerationRequest, eos: int, start: int) -> None:
        n = request.num_beams
        self.request = request
        self.rows = n
        self.top_k = 2 * n
        self._eos = eos
        self._start = start
        self._running: list[list[int]] = [[] for _ in range(n)]
        self._running_scores = np.full(n, _PENALTY, dtype=np.float32)
        self._running_scores[0] = 0.0                      # only beam 0 is live at first
        self._finished: list[list[int]] = [[] for _ in range(n)]
        self._finished_scores = np.full(n, _PENALTY, dtype=np.float32)
        self._is_finished = np.zeros(n, dtype=bool)
        self._can_improve = True
        self._length = 0                                   # tokens generated so far
        self.done = False

    def prefixes(self) -> list[list[int]]:
        return self._running

    def next_tokens(self) -> list[int]:
        return [seq[-1] if seq else self._start for seq in self._running]

    def advance(self, scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
        return advance_beams([self], scores, ids)[0]

    def result(self) -> GenerationResult:
        count = self.request.num_return_sequences
        return GenerationResult([
            (_strip_eos(self._finished[i], self._eos), float(self._finished_scores[i])) for i in range(count)
        ])


def advance_beams(searches: Sequence[BeamSearch], scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """:meth:`BeamSearch.advance` of several searches of one beam width in one set of array ops
    (a decoder call at 256 rows carries dozens of beam requests; per search, a dozen small numpy
    calls cost more than the arithmetic). ``scores``, ``ids``: [R * n, K], search r's rows at
    ``r * n``; returns [R, n]: the row (of its own) each search's beam continues from. Row by
    row the same float32 operations as one search alone, so the same results, bit for bit."""
    count, n = len(searches), searches[0].rows
    k, width = 2 * n, scores.shape[1]
    running = np.stack([s._running_scores for s in searches])
    total = (scores.astype(np.float32).reshape(count, n, width) + running[:, :, None]).reshape(count, n * width)
    at = np.arange(count)[:, None]       # row indexes for per-row picks (take_along_axis, without its helper)
    order = np.argsort(-total, axis=1, kind="stable")[:, :k]
    beam = order // width
    token = ids.reshape(count, n * width)[at, order]
    total = total[at, order]
    length, limit, eos, can_improve = np.array(
        [(s._length + 1, s.request.max_new_tokens, s._eos, s._can_improve) for s in searches]).T
    can_improve = can_improve.astype(bool)
    hits = (token == eos[:, None]) | (length >= limit)[:, None]
    # finished hypotheses: the best n of the kept ones and the candidates that just ended
    normalised = total / length.astype(np.float32)[:, None]
    just_finished = hits.copy()
    just_finished[:, n:] = False                       # only the top num_beams may finish
    normalised = np.where(can_improve[:, None], normalised, normalised + _PENALTY)
    normalised = normalised + (~just_finished).astype(np.float32) * _PENALTY
    merged_scores = np.concatenate([np.stack([s._finished_scores for s in searches]), normalised], axis=1)
    merged_flags = np.concatenate([np.stack([s._is_finished for s in searches]), just_finished], axis=1)
    best = np.argsort(-merged_scores, axis=1, kind="stable")[:, :n]
    finished_scores = merged_scores[at, best]
    is_finished = merged_flags[at, best]
    # running beams: the best n candidates that did not end
    penalised = total + hits.astype(np.float32) * _PENALTY
    keep = np.argsort(-penalised, axis=1, kind="stable")[:, :n]
    running_scores = penalised[at, keep]
    best_possible = running_scores[:, 0] / length.astype(np.float32)
    worst = np.where(is_finished, finished_scores.min(axis=1, keepdims=True), _PENALTY)
    can_improve = can_improve & (best_possible[:, None] > worst).any(axis=1)
    done = hits.all(axis=1) | ~can_improve
    # Only the candidates a search keeps are written out as token lists (n running, and those of
    # the n finished that just ended), not all 2n of them: a list copy per candidate was most of
    # this loop at 256 rows.
    for r, (search, beams, tokens, picked, kept) in enumerate(zip(searches, beam.tolist(), token.tolist(),
                                                                  best.tolist(), keep.tolist())):
        grown, ended = search._running, search._finished
        search._finished = [ended[i] if i < n else grown[beams[i - n]] + [tokens[i - n]] for i in picked]
        search._running = [grown[beams[i]] + [tokens[i]] for i in kept]
        search._finished_scores, search._is_finished = finished_scores[r], is_finished[r]
        search._running_scores = running_scores[r]
        search._length += 1
        search._can_improve = bool(can_improve[r])
        search.done = bool(done[r])
    return beam[at, keep]


def _strip_eos(tokens: Sequence[int], eos: int) -> list[int]:
    out = list(tokens)
    return out[:-1] if out and out[-1] == eos else out


Search = GreedySearch | BeamSearch


def make_search(request: GenerationRequest, eos: int, start: int) -> Search:
    if request.num_beams == 1:
        return GreedySearch(request, eos, start)
    return BeamSearch(request, eos, start)
