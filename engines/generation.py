"""Generation requests and results: the contract between the engine and its callers.

Scores are sums of token log-probabilities, including the end-of-sequence token, divided by
the number of generated tokens (length penalty 1.0, HuggingFace's default), for greedy and beam
search alike: beams of different lengths compare, and a score means the same (the mean
log-probability of a token) whichever search made it.
Returned token ids exclude the decoder start token and the final end-of-sequence token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

# Given one hypothesis's generated prefix, a boolean mask over the vocabulary (True = allowed),
# or None for no constraint at this step. This is how the proxy restricts identifiers to the
# caller's schema.
AllowedTokens = Callable[[Sequence[int]], "np.ndarray | None"]


class MasksAlong(Protocol):
    """What a hook may add for speculative decoding: ``along(tokens, start)`` is
    ``[hook(tokens[:p]) for p in range(start, len(tokens) + 1)]`` (a row's masks after its
    prefix and after each drafted token), computed in one pass."""

    def along(self, tokens: Sequence[int], start: int) -> list["np.ndarray | None"]: ...


class MaskState(Protocol):
    """A hook's state after a prefix (:class:`MaskStates`): ``mask`` is the hook's answer
    there, ``next`` the states after one more token that were met already."""

    @property
    def mask(self) -> "np.ndarray | None": ...

    @property
    def next(self) -> dict[int, "MaskState"]: ...


class MaskStates(Protocol):
    """What a hook may offer (as its ``mask_states``, None when it cannot) so that the decode
    loop keeps each row's state and moves it by the row's new tokens instead of asking with the
    whole prefix every step: ``start`` is the state of the empty prefix, ``step(state, token)``
    the state one token on, and for every prefix ``hook(prefix)`` is the state's ``mask``."""

    @property
    def start(self) -> MaskState: ...

    def step(self, state: Any, token: int) -> Any: ...


class MasksMany(Protocol):
    """What a hook may add for batches: ``many(prefixes)`` is ``[hook(p) for p in prefixes]``
    (the masks of a step's rows that share the hook, in one call)."""

    def many(self, prefixes: Sequence[Sequence[int]]) -> list["np.ndarray | None"]: ...


@dataclass(frozen=True, slots=True)
class GenerationRequest:
    input_ids: Sequence[int]
    max_new_tokens: int = 128
    num_beams: int = 1
    num_return_sequences: int = 1
    allowed_tokens: AllowedTokens | None = None

    def __post_init__(self) -> None:
        if len(self.input_ids) == 0:
            raise ValueError("input_ids is empty")
        if self.max_new_tokens < 1:
            raise ValueError("max_new_tokens must be at least 1")
        if self.num_beams < 1:
            raise ValueError("num_beams must be at least 1")
        if not 1 <= self.num_return_sequences <= self.num_beams:
            raise ValueError("num_return_sequences must be between 1 and num_beams")

    @property
    def rows(self) -> int:
        """Decoder rows this request occupies while it runs."""
        return self.num_beams


@dataclass(frozen=True, slots=True)
class EngineTimings:
    """Where one request's time went inside the batcher (seconds of wall time): waiting to be
    admitted, the encoder call it was admitted with (shared by its batchmates), and the decoder
    steps until it finished (shared likewise)."""
    queue_s: float
    encode_s: float
    decode_s: float


@dataclass(frozen=True, slots=True)
class GenerationResult:
    candidates: list[tuple[list[int], float]]   # (token ids, score), best first
    rerun: bool = False                          # re-run at full precision by the confidence monitor
    timings: EngineTimings | None = None         # set by the batcher

    @property
    def best(self) -> tuple[list[int], float]:
        return self.candidates[0]
