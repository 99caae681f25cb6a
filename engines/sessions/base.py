"""The protocol every backend session implements, and the decoder state it threads through.

The decode loop only sees this protocol. A session owns its device memory, so the decoder
state (encoder mask, cross-attention K/V, self-attention K/V, self-attention mask) is an
opaque object that only the session that made it can step, gather (beam reordering, finished
rows leaving) and merge (new requests joining a running batch). Log-softmax, the allowed-token
mask and top-k happen inside the session so that only ``k`` scores per row cross to the host.

The self-attention cache is right-aligned: row ``b``'s real entries are the last ones and
padding on the left is masked. Rows at different decode steps can then share one tensor, and
relative positions (T5) are the same for every row; absolute positions (BART) come in as an
input.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np


class Seq2SeqSession(Protocol):
    backend_name: str
    vocab_size: int

    def encode(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> Any:
        """Run the encoder and cross-K/V graphs; one state row per input row."""
        ...

    def step(self, state: Any, token_ids: np.ndarray, positions: np.ndarray,
             allowed: np.ndarray | None, top_k: int) -> tuple[Any, np.ndarray, np.ndarray]:
        """One decoder step: returns (new state, top-k log-probs [B, k], token ids [B, k])."""
        ...

    def select(self, state: Any, rows: np.ndarray) -> Any:
        """Gather rows (repeats allowed) and drop cache columns no remaining row uses."""
        ...

    def merge(self, first: Any, second: Any) -> Any:
        """Concatenate two states' rows, padding caches and encoder length as needed."""
        ...

    def batch_size(self, state: Any) -> int:
        ...


class DraftVerifier(Protocol):
    """What a session adds to serve speculative greedy decoding (:mod:`engines.ngram_drafter`)."""

    def verify(self, state: Any, token_ids: np.ndarray,
               allowed: np.ndarray | None) -> tuple[Any, np.ndarray, np.ndarray]:
        """Feed ``token_ids`` ([S], one row: the next token, then a draft) in one call: (state
        with all S in the cache, best log-prob [R], best token [R]), for the R rows greedy
        emits: each token the model agrees with the draft on, then its own next one."""
        ...

    def rewind(self, state: Any, tokens: int) -> Any:
        """``state`` without its last ``tokens`` cache columns."""
        ...


NEG_INF = np.float32(-np.inf)


def log_softmax_top_k(logits: np.ndarray, allowed: np.ndarray | None,
                      k: int) -> tuple[np.ndarray, np.ndarray]:
    """Host-side log-softmax + mask + top-k, sorted best first (numpy backends).

    Runs every decoder step, so it ranks the logits themselves (log-softmax keeps their order)
    and computes log-probs only for the k winners: one pass of exp over the vocabulary for the
    normaliser instead of a full log-prob array, and a plain argmax when k is 1 (greedy).
    """
    logits = logits.astype(np.float32, copy=False)
    k = min(k, logits.shape[-1])
    if k == 1:
        best = greedy_pick(logits, allowed)
        return log_probs_at(logits, best, allowed)[:, None], best[:, None]
    peak = logits.max(axis=-1, keepdims=True)
    log_norm = np.log(np.exp(logits - peak).sum(axis=-1, keepdims=True))
    ranked = logits if allowed is None else np.where(allowed, logits, NEG_INF)
    part = np.argpartition(-ranked, k - 1, axis=-1)[:, :k]
    order = np.argsort(-np.take_along_axis(ranked, part, axis=-1), axis=-1, kind="stable")
    ids = np.take_along_axis(part, order, axis=-1)
    scores = (np.take_along_axis(ranked, ids, axis=-1) - peak) - log_norm
    return scores, ids.astype(np.int64, copy=False)


def greedy_pick(logits: np.ndarray, allowed: np.ndarray | None) -> np.ndarray:
    """The best allowed token of each row ([N, V] -> [N] int64), what ``argmax`` of the masked
    logits gives; the mask is applied only to rows whose overall winner it forbids (most rows
    have none, and masking a vocabulary-wide row costs more than the argmax)."""
    best = logits.argmax(axis=-1).astype(np.int64, copy=False)
    if allowed is not None:
        bad = np.flatnonzero(~allowed[np.arange(len(best)), best])
        if len(bad):
            best[bad] = np.where(allowed[bad], logits[bad], NEG_INF).argmax(axis=-1)
    return best


def log_probs_at(logits: np.ndarray, ids: np.ndarray, allowed: np.ndarray | None = None) -> np.ndarray:
    """log-softmax of each row (over the whole vocabulary) at ``ids``; -inf for a forbidden id."""
    rows = np.arange(len(ids))
    logits = logits.astype(np.float32, copy=False)
    peak = logits.max(axis=-1)
    shifted = logits - peak[:, None]
    np.exp(shifted, out=shifted)
    scores = (logits[rows, ids] - peak) - np.log(shifted.sum(axis=-1))
    if allowed is not None:
        scores = np.where(allowed[rows, ids], scores, NEG_INF)
    return scores


def agreed(predicted: np.ndarray, fed: np.ndarray) -> int:
    """How many of the drafted tokens (``fed[1:]``) the predictions after each prefix match, in
    order, before the first miss."""
    draft = np.asarray(fed[1:])
    misses = np.flatnonzero(np.asarray(predicted[:len(draft)]) != draft)
    return int(misses[0]) if len(misses) else len(draft)
