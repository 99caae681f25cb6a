"""The confidence monitor: low-confidence answers from the fast graphs are re-run at full precision.

INT8 (or fp16) graphs are faster but now and then pick a different token than fp32 would, and
one wrong token is a wrong query. The monitor watches each finished request's best candidate:
when its mean log-probability per generated token (EOS included) falls below the threshold,
the request runs again on the full-precision session and that answer is returned instead.
Mean per token, not the sum, so that long queries are not penalised for their length; beam
scores are already length-normalised that way.

:class:`MonitoredLoop` has the decode loop's step API (admit / step / cancel), so the Batcher
and the synchronous engine drive it unchanged. The re-run joins a second decode loop at the
next step boundary instead of blocking the batch: continuous batching on both precisions.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace

from engines.decoding import DecodeLoop, Encoded
from engines.generation import GenerationRequest, GenerationResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ConfidencePolicy:
    """``threshold`` is a mean log-prob per token, e.g. -0.3; None switches the monitor off."""

    threshold: float | None = None
    fallback_precision: str = "fp32"

    @property
    def enabled(self) -> bool:
        return self.threshold is not None


def confidence(request: GenerationRequest, result: GenerationResult) -> float:
    """Mean log-prob per generated token of the best candidate."""
    tokens, score = result.best
    if request.num_beams > 1:
        return score                     # beam scores are already divided by their length
    return score / (len(tokens) + 1)     # +1: the EOS (or the last token at max length) counts


@dataclass(slots=True)
class MonitorStats:
    finished: int = 0
    rerun: int = 0
    changed: int = 0      # re-runs whose best tokens differ from the fast answer


@dataclass(slots=True)
class MonitoredLoop:
    fast: DecodeLoop
    full: DecodeLoop
    threshold: float
    stats: MonitorStats = field(default_factory=MonitorStats)
    _requests: dict[Hashable, GenerationRequest] = field(default_factory=dict)
    _fast_answers: dict[Hashable, GenerationResult] = field(default_factory=dict)

    @property
    def active_rows(self) -> int:
        return self.fast.active_rows + self.full.active_rows

    @property
    def active_requests(self) -> int:
        return self.fast.active_requests + self.full.active_requests

    def admit(self, items: Sequence[tuple[Hashable, GenerationRequest]]) -> None:
        self.fast.admit(items)
        self._requests.update(items)

    def encode(self, items: Sequence[tuple[Hashable, GenerationRequest]]) -> Encoded:
        return self.fast.encode(items)

    def join(self, done: Encoded) -> None:
        self.fast.join(done)
        self._requests.update(done.items)

    def cancel(self, key: Hashable) -> None:
        self.fast.cancel(key)
        self.full.cancel(key)
        self._requests.pop(key, None)
        self._fast_answers.pop(key, None)

    def step(self) -> list[tuple[Hashable, GenerationResult]]:
        done: list[tuple[Hashable, GenerationResult]] = []
        retry: list[tuple[Hashable, GenerationRequest]] = []
        if self.fast.active_requests:
            for key, result in self.fast.step():
                request = self._requests[key]
                self.stats.finished += 1
                if confidence(request, result) < self.threshold:
                    retry.append((key, request))
                    self._fast_answers[key] = result
                else:
                    done.append(self._finish(key, result))
        if retry:
            self.stats.rerun += len(retry)
            self.full.admit(retry)
        if self.full.active_requests:
            for key, result in self.full.step():
                fast = self._fast_answers.pop(key, None)
                if fast is not None and fast.best[0] != result.best[0]:
                    self.stats.changed += 1
                done.append(self._finish(key, replace(result, rerun=True)))
        return done

    def _finish(self, key: Hashable, result: GenerationResult) -> tuple[Hashable, GenerationResult]:
        self._requests.pop(key, None)
        return key, result
