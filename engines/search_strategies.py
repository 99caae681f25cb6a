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
        self._tokens: list[int] = []
        self._score = 0.0
        self.done = False

    def prefixes(self) -> list[list[int]]:
        return [self._tokens]

    def next_tokens(self) -> list[int]:
        return [self._tokens[-1] if self._tokens else self._start]

    def advance(self, scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
        self.push(int(ids[0, 0]), float(scores[0, 0]))
        return np.zeros(1, dtype=np.int64)

    def push(self, token: int, score: float) -> None:
        """:meth:`advance` by the row's best token (what the decode loop calls, with plain
        Python numbers taken from the whole batch at once)."""
        self._tokens.append(token)
        self._score += score
        self.done = (token == self._eos or len(self._tokens) >= self.request.max_new_tokens
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
        mean = self._score / max(1, len(self._tokens))
        return GenerationResult([(_strip_eos(self._tokens, self._eos), mean)])


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
        n, k = self.rows, self.top_k
        beam, token, total = self._top_candidates(scores, ids, k)
        hits = (token == self._eos) | (self._length + 1 >= self.request.max_new_tokens)
        candidates = [self._running[b] + [int(t)] for b, t in zip(beam, token)]
        self._update_finished(candidates, total, hits)
        keep = np.argsort(-(total + hits.astype(np.float32) * _PENALTY), kind="stable")[:n]
        self._running = [candidates[i] for i in keep]
        self._running_scores = (total + hits.astype(np.float32) * _PENALTY)[keep]
        self._length += 1
        self._update_heuristic()
        self.done = bool(hits.all()) or not self._can_improve
        return beam[keep]

    def _top_candidates(self, scores: np.ndarray, ids: np.ndarray,
                        k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        total = (scores.astype(np.float32) + self._running_scores[:, None]).reshape(-1)
        order = np.argsort(-total, kind="stable")[:k]
        width = scores.shape[1]
        return order // width, ids.reshape(-1)[order], total[order]

    def _update_finished(self, candidates: list[list[int]], total: np.ndarray, hits: np.ndarray) -> None:
        n = self.rows
        normalised = total / np.float32(self._length + 1)
        just_finished = hits.copy()
        just_finished[n:] = False                          # only the top num_beams may finish
        if not self._can_improve:
            normalised = normalised + _PENALTY
        normalised = normalised + (~just_finished).astype(np.float32) * _PENALTY
        merged_scores = np.concatenate([self._finished_scores, normalised])
        merged = self._finished + candidates
        merged_flags = np.concatenate([self._is_finished, just_finished])
        best = np.argsort(-merged_scores, kind="stable")[:n]
        self._finished = [merged[i] for i in best]
        self._finished_scores = merged_scores[best]
        self._is_finished = merged_flags[best]

    def _update_heuristic(self) -> None:
        best_possible = self._running_scores[0] / np.float32(self._length)
        worst = np.where(self._is_finished, self._finished_scores.min(), _PENALTY)
        self._can_improve = self._can_improve and bool((best_possible > worst).any())

    def result(self) -> GenerationResult:
        count = self.request.num_return_sequences
        return GenerationResult([
            (_strip_eos(self._finished[i], self._eos), float(self._finished_scores[i])) for i in range(count)
        ])


def _strip_eos(tokens: Sequence[int], eos: int) -> list[int]:
    out = list(tokens)
    return out[:-1] if out and out[-1] == eos else out


Search = GreedySearch | BeamSearch


def make_search(request: GenerationRequest, eos: int, start: int) -> Search:
    if request.num_beams == 1:
        return GreedySearch(request, eos, start)
    return BeamSearch(request, eos, start)
