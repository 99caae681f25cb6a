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

from engines.masks import Allowed


class Seq2SeqSession(Protocol):
    backend_name: str
    vocab_size: int

    def encode(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> Any:
        """Run the encoder and cross-K/V graphs; one state row per input row."""
        ...

    def step(self, state: Any, token_ids: np.ndarray, positions: np.ndarray,
             allowed: Allowed | None, top_k: int) -> tuple[Any, np.ndarray, np.ndarray]:
        """One decoder step: returns (new state, top-k log-probs [B, k], token ids [B, k]).
        ``allowed``: [B, V] dense, or rows of a mask table (:mod:`engines.masks`)."""
        ...

    def select(self, state: Any, rows: np.ndarray) -> Any:
        """Gather rows (repeats allowed) and drop cache columns no remaining row uses."""
        ...

    def merge(self, first: Any, second: Any) -> Any:
        """Concatenate two states' rows, padding caches and encoder length as needed."""
        ...

    def batch_size(self, state: Any) -> int:
        ...


TopK = tuple[np.ndarray, np.ndarray]      # (log-probs [B, k], token ids [B, k])


class StaleStateError(RuntimeError):
    """A decoder state was used after a newer state of the same pool was made (the slot pools
    of :mod:`engines.sessions.slot_pool` and :mod:`engines.sessions.host_slots`)."""


class DraftVerifier(Protocol):
    """What a session adds to serve speculative greedy decoding (:mod:`engines.ngram_drafter`).

    Every row of the batch is verified in one call: row ``b`` feeds its next token and then its
    draft (``lengths[b]`` tokens in all, padded to the call's width ``S``). Rows then keep
    different numbers of the new cache columns (:meth:`accept`), and the session re-aligns its
    caches so that each row's entries stay contiguous and right-aligned (T5's relative positions
    count key columns)."""

    def verify(self, state: Any, token_ids: np.ndarray, lengths: np.ndarray, positions: np.ndarray,
               allowed: Allowed | None, top_k: int = 1) -> tuple[Any, np.ndarray, np.ndarray, TopK | None]:
        """Feed ``token_ids`` [B, S] (row b's first ``lengths[b]`` are real; ``positions`` [B, S]
        their decoder positions; ``allowed`` [B, S, V], dense or as :class:`~engines.masks.MaskRows`, or None) in one call: (state with all S
        columns in every row's cache, log-probs [B, S], best tokens [B, S], and with ``top_k`` > 1
        the top-k (log-probs, ids) [B, k] at the first position, for beam rows). Row b's entries
        are meaningful up to :func:`emitted` of it: each drafted token greedy agrees with, then
        the model's own next one."""
        ...

    def accept(self, state: Any, kept: np.ndarray, width: int) -> Any:
        """``state`` with row b keeping only the first ``kept[b]`` of the ``width`` (S) columns
        the last :meth:`verify` added (1 <= kept[b] <= S)."""
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
    ids = _top_ids(ranked, k)
    scores = (np.take_along_axis(ranked, ids, axis=-1) - peak) - log_norm
    return scores, ids


# Up to this k, k passes of argmax beat one argpartition over the vocabulary (8001 tokens, 16
# rows: 0.4 ms against 3.5 ms on the 2-core VM); beam search asks for 2 x beams.
_ARGMAX_PASSES = 16


def _top_ids(ranked: np.ndarray, k: int) -> np.ndarray:
    """[N, k] int64: each row's k best columns, best first, ties to the lower id."""
    if k > _ARGMAX_PASSES:
        return _top_ids_partition(ranked, k)
    work = ranked.copy()
    rows = np.arange(len(work))
    ids = np.empty((len(work), k), dtype=np.int64)
    best = rows
    for j in range(k):
        best = work.argmax(axis=-1)
        ids[:, j] = best
        if j < k - 1:
            work[rows, best] = NEG_INF
    # A row with fewer than k allowed tokens may have taken one twice: rank it in full.
    short = np.flatnonzero(np.isneginf(work[rows, best]))
    if len(short):
        ids[short] = _top_ids_partition(ranked[short], k)
    return ids


def _top_ids_partition(ranked: np.ndarray, k: int) -> np.ndarray:
    part = np.argpartition(-ranked, k - 1, axis=-1)[:, :k]
    order = np.argsort(-np.take_along_axis(ranked, part, axis=-1), axis=-1, kind="stable")
    return np.take_along_axis(part, order, axis=-1).astype(np.int64, copy=False)


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


def emitted(predicted: np.ndarray, fed: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Per row of a verify call ([B, S] each, ``lengths`` [B]): how many tokens greedy emits,
    the agreed draft tokens plus the model's own next one; also how many of the fed tokens'
    cache columns stay valid (:meth:`DraftVerifier.accept`)."""
    width = fed.shape[1]
    draft_ok = np.zeros(predicted.shape, dtype=bool)
    draft_ok[:, :width - 1] = predicted[:, :width - 1] == fed[:, 1:]
    draft_ok &= np.arange(width)[None, :] < (np.asarray(lengths) - 1)[:, None]
    misses = ~draft_ok
    return np.argmax(misses, axis=1) + 1        # draft_ok's last column is always False


def verified_log_probs(logits: np.ndarray, ids: np.ndarray, counts: np.ndarray,
                       allowed: np.ndarray | None) -> np.ndarray:
    """[B, S] log-probs of ``ids`` from ``logits`` [B, S, V], computed only where a row emits
    (its first ``counts[b]`` positions); 0 elsewhere."""
    batch, width = ids.shape
    where = np.arange(width)[None, :] < counts[:, None]
    rows, cols = np.nonzero(where)
    out = np.zeros((batch, width), dtype=np.float32)
    kept = None if allowed is None else allowed[rows, cols]
    out[rows, cols] = log_probs_at(logits[rows, cols], ids[rows, cols], kept)
    return out


def move_rows_down(slots: np.ndarray, live: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Compaction of a slot pool's rows: the rows in slots at or past ``len(slots)`` go to the
    free slots below it (``live`` is updated). Returns the slots to copy from, the slots to copy
    to, and every row's new slot; the pool copies its own buffers."""
    n = len(slots)
    moved = slots.copy()
    high = np.flatnonzero(moved >= n)
    targets = np.flatnonzero(~live[:n])[: len(high)]
    sources = moved[high]
    live[sources] = False
    live[targets] = True
    moved[high] = targets
    return sources, targets, moved
