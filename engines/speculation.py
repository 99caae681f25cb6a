"""When to verify drafts: a per-batch-size choice between a speculative call and a plain step.

A verify call feeds every row its draft, so it costs what a plain step of that many tokens
costs. On the GPU a small batch is bound by launch and weight reads, and eight tokens a row
cost about one; on a CPU thread a batch of 16 rows is already bound by arithmetic, and a call
of 16 x 5 tokens took 3.1x a plain step (2-core VM, ONNX Runtime, the shipped model), so it
pays only when most drafted tokens are right. Which side wins depends on the backend, the
batch and how well the drafts match the traffic, so the loop measures it: per row bucket
(1, 2, 4, 8, ... rows), a moving average of wall time per emitted token for each kind of call,
and it takes the cheaper one; plain steps must be ``margin`` cheaper to win (timings on a
shared CPU are noisy, and a lone row, which always verified before, gains on average). Every ``explore``-th call of a bucket tries the other kind, so a
change in the traffic is noticed. Either choice writes the same tokens in fp32; only the time
differs. A lone row always verifies (as it did before batches could): a drafted call of one
row costs little more than a step on every backend, and with int8-dynamic's per-call
activation scales the choice can change an answer, which at one client must not depend on
timings.
"""

from __future__ import annotations

import threading
from dataclasses import astuple, dataclass, field

SPECULATE, PLAIN = "speculate", "plain"


def row_bucket(rows: int) -> int:
    """1, 2, 4, 8, ...: the power of two at or above ``rows``."""
    return 1 << max(0, rows - 1).bit_length()


@dataclass(slots=True)
class SpeculationStats:
    """Verify calls and what they gave: tokens emitted per row per call bounds the speed-up."""
    calls: int = 0
    rows: int = 0
    tokens: int = 0
    plain_steps: int = 0

    @property
    def tokens_per_row(self) -> float:
        return self.tokens / self.rows if self.rows else 0.0


@dataclass(slots=True)
class RowCalls:
    """Row-calls by kind of call and of row (what a request costs the decoder, batch by batch):
    a verify call's greedy and beam rows, a plain step's, and the tokens the verify calls'
    greedy rows emitted (their agreed draft tokens and the model's own next one)."""
    verify_calls: int = 0
    plain_calls: int = 0
    greedy_verify: int = 0
    beam_verify: int = 0
    greedy_plain: int = 0
    beam_plain: int = 0
    greedy_verify_tokens: int = 0

    def since(self, earlier: "RowCalls") -> "RowCalls":
        return RowCalls(*(a - b for a, b in zip(astuple(self), astuple(earlier))))


@dataclass(slots=True)
class _Bucket:
    cost: dict[str, float] = field(default_factory=dict)     # seconds per emitted token, averaged
    since: dict[str, int] = field(default_factory=dict)      # calls since each kind was last taken


class DraftPolicy:
    """``always``: speculate whenever a row has a draft (tests, or a backend known to gain).
    One engine's loops share a policy, possibly from several threads (the batcher's, a
    synchronous ``generate``), hence the lock."""

    def __init__(self, always: bool = False, explore: int = 16, smoothing: float = 0.2,
                 margin: float = 0.8) -> None:
        self.always = always
        self.margin = margin
        self.explore = explore
        self.smoothing = smoothing
        self._buckets: dict[int, _Bucket] = {}
        self._lock = threading.Lock()

    def speculate(self, rows: int) -> bool:
        if self.always or rows == 1:
            return True
        with self._lock:
            bucket = self._buckets.setdefault(row_bucket(rows), _Bucket())
            for kind in (SPECULATE, PLAIN):
                if kind not in bucket.cost or bucket.since.get(kind, 0) >= self.explore:
                    return kind == SPECULATE
            return self.margin * bucket.cost[SPECULATE] <= bucket.cost[PLAIN]

    def record(self, kind: str, rows: int, tokens: int, seconds: float) -> None:
        """One call of ``kind`` over ``rows`` rows emitted ``tokens`` tokens in ``seconds``."""
        if tokens <= 0 or self.always:
            return
        per_token = seconds / tokens
        with self._lock:
            bucket = self._buckets.setdefault(row_bucket(rows), _Bucket())
            old = bucket.cost.get(kind)
            bucket.cost[kind] = per_token if old is None else old + self.smoothing * (per_token - old)
            for other in bucket.since:
                bucket.since[other] += 1
            bucket.since[kind] = 0
