"""Placing a word the schema does not spell by a fine-tuned MiniLM cross-encoder.

:mod:`.learnt_place` scores a span's candidate entries by a small head over frozen MiniLM
features (the span's and the entry's vectors apart, their products); the right entry is often
not near the word in frozen MiniLM's space. Here the span, marked in its question, and the
entry's text (its table's and its own words, its type, its comment) are read together by
MiniLM fine-tuned on the placer's rows (``training/xenc``: LoRA deltas and a head, trained on
many schemas' human questions, held-out schemas measured), and the pair gets one probability
that the span refers to the entry.

The candidates are the learnt placer's (:func:`.semantic.span_rows`: a placeable word or two
side by side, their ``TOP`` nearest entries of the type the question's cue asks for); a span is
placed on its most likely allowed entry where that probability reaches the deltas' threshold,
and overlapping spans and two spans on one entry are resolved best first (:func:`.placed.keep_apart`),
as the learnt placer does. Every pair of one ASK goes through one padded forward, batched.

The runtime is numpy only: the package's MiniLM (:mod:`engines.phrase_embedder`'s weights)
with the trained low-rank deltas merged in at load, read from :data:`.learnt_place.XENC_WEIGHTS`. Off unless
``ASKPROXY_SENSE_PLACER`` says ``xenc`` (or :func:`.learnt_place.use` does), and only where the
deltas file and MiniLM are there. Nothing here knows a schema or a domain.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ask.schema import short_type
from ask.translate.sketch import learnt_place
from ask.translate.sketch.learnt_place import Scored, SpanRows
from ask.translate.sketch.name_phrases import humanised, unprefixed
from ask.translate.sketch.placed import Entry, keep_apart

# The question's words kept either side of the span (a long question is cut around it).
WINDOW = 12
# Word pieces of the entry's text kept, and of a whole pair.
ENTRY_TOKENS = 24
MAX_TOKENS = 64
MARK = '"'          # the span is quoted in its question: a mark MiniLM already reads
# A pair whose word-to-name similarity is below this is not scored (probability 0): the
# training labels call no pair below the placer's alignment floor (0.45) referring, so the
# cross-encoder never learnt to place one, and 7 of 8 candidate pairs are below it.
FLOOR = 0.44


def marked(words: Sequence[str], start: int, end: int, window: int = WINDOW) -> str:
    """The question's words around the span, the span between quotes."""
    left = words[max(0, start - window):start]
    right = words[end:end + window]
    return " ".join([*left, MARK, *words[start:end], MARK, *right])


def entry_text(entry: Entry, table_words: str, column_words: str | None) -> str:
    """What the entry is, in words: ``table_words`` (the table's humanised name), the column's
    words and short type, and its comment (the table's, for a table)."""
    table, column = entry
    if column is None:
        comment = table.comment or ""
        return " ".join(f"table {table_words} . {comment}".split()[:40]).strip(" .")
    comment = column.comment or ""
    return " ".join(f"{table_words} . {column_words or column.name} ( {short_type(column.type)} ) {comment}".split()[:40])


def pair_ids(tokenizer: Any, question: str, entry: str) -> tuple[list[int], int]:
    """[CLS] question [SEP] entry [SEP] as token ids, and the length of the first segment
    (its [CLS] and [SEP] included): the entry cut to ``ENTRY_TOKENS`` pieces, the question cut
    to what is left of ``MAX_TOKENS``."""
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    a = tokenizer.encode(question, add_special_tokens=False).ids
    b = tokenizer.encode(entry, add_special_tokens=False).ids[:ENTRY_TOKENS]
    a = a[:MAX_TOKENS - 3 - len(b)]
    return [cls, *a, sep, *b, sep], len(a) + 2


def describe(entry: Entry, shared: str | frozenset[str] | None) -> str:
    """:func:`entry_text` with the names humanised as :mod:`.semantic` embeds them (the
    schema's shared first name part ``shared`` left out of a table's name)."""
    table, column = entry
    table_words = " ".join(humanised(unprefixed(table.name, shared)))
    column_words = " ".join(humanised(column.name)) if column is not None else None
    return entry_text(entry, table_words, column_words)


class PairEncoder:
    """MiniLM with the trained deltas merged in, reading [CLS] question [SEP] entry [SEP] pairs
    (segment ids by the first segment's length), and the head on [CLS]: one probability a pair.
    The forward is :class:`engines.phrase_embedder.BertEncoder`'s, packed (no padding: a pair's
    score does not depend on what it is scored with)."""

    def __init__(self, config: dict[str, Any], base: dict[str, np.ndarray], trained: dict[str, np.ndarray]) -> None:
        from engines.phrase_embedder import BertEncoder

        weights = merged(base, trained)
        self.encoder = BertEncoder(config, weights)
        self.pool_w = trained["head.pool.weight"].astype(np.float32).T.copy()
        self.pool_b = trained["head.pool.bias"].astype(np.float32)
        self.score_w = trained["head.score.weight"].astype(np.float32)[0].copy()
        self.score_b = float(trained["head.score.bias"].astype(np.float32)[0])

    def __call__(self, pairs: Sequence[tuple[Sequence[int], int]]) -> np.ndarray:
        """The probability of each (token ids, first segment's length) pair."""
        if not pairs:
            return np.zeros(0, np.float32)
        from engines.phrase_embedder import one_blas_thread

        with _lock, one_blas_thread():
            states = self.encoder([ids for ids, _ in pairs], [len_a for _, len_a in pairs])
        cls = np.stack([s[0] for s in states])
        pooled = np.tanh(cls @ self.pool_w + self.pool_b)
        logits = np.clip(pooled @ self.score_w + self.score_b, -30.0, 30.0)
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)


_lock = threading.Lock()


def merged(base: dict[str, np.ndarray], trained: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The base weights with the trained deltas added: ``delta.<name>`` whole, ``lora_a.<name>``
    and ``lora_b.<name>`` as ``lora_scale`` * B @ A."""
    out = {k: np.asarray(v, np.float32) for k, v in base.items()}
    scale = float(trained["lora_scale"]) if "lora_scale" in trained else 1.0
    for key, value in trained.items():
        if key.startswith("delta."):
            name = key[len("delta."):]
            out[name] = out[name] + value.astype(np.float32)
        elif key.startswith("lora_a."):
            name = key[len("lora_a."):]
            a = value.astype(np.float32)
            b = trained["lora_b." + name].astype(np.float32)
            out[name] = out[name] + scale * (b @ a)
    return out


@dataclass(frozen=True)
class Model:
    encoder: PairEncoder
    tokenizer: Any
    threshold: float


def load(path: Path, folder: Path) -> Model:
    """The trained deltas at ``path`` over the MiniLM package's model ``folder``."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    config = json.loads((folder / "config.json").read_text())
    with np.load(path) as d:
        trained = {k: d[k] for k in d.files if k not in ("meta", "threshold") and not k.startswith("heldout_")}
        threshold = float(d["threshold"])
    base = load_file(str(folder / "model.safetensors"))
    return Model(PairEncoder(config, base, trained), tokenizer, threshold)


@functools.lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped cross-encoder, or None where its deltas or MiniLM are missing."""
    from engines.phrase_embedder import model_dir

    folder = model_dir()
    if not learnt_place.XENC_WEIGHTS.is_file() or folder is None:
        return None
    return load(learnt_place.XENC_WEIGHTS, folder)


def available() -> bool:
    """Whether the deltas file is there (MiniLM's package is checked when loading)."""
    return learnt_place.XENC_WEIGHTS.is_file()


def place(words: Sequence[str], rows: Sequence[SpanRows], shared: str | frozenset[str] | None, scorer: Model,
          threshold: float | None = None) -> list[Scored]:
    """Each span's most likely allowed entry where the cross-encoder's probability reaches the
    threshold (the deltas' own by default); every allowed pair of the question is scored in one
    forward."""
    return decide(rows, score_rows(words, rows, shared, scorer), scorer.threshold if threshold is None else threshold)


def decide(rows: Sequence[SpanRows], probs: Sequence[np.ndarray], threshold: float) -> list[Scored]:
    """Each span's most likely allowed entry by ``probs`` where it reaches ``threshold``;
    overlapping spans and a second span on one entry dropped, most likely first."""
    found = []
    for span, p in zip(rows, probs):
        best = max((k for k in range(len(span.entries)) if span.allowed[k]), key=lambda k: p[k], default=None)
        if best is not None and p[best] >= threshold:
            found.append(Scored(span.start, span.end, span.entries[best], float(p[best])))
    return keep_apart(sorted(found, key=lambda s: -s.probability))


def score_rows(words: Sequence[str], rows: Sequence[SpanRows], shared: str | frozenset[str] | None, scorer: Model) -> list[np.ndarray]:
    """Per span, the probability of each of its entries (0 where the entry is not allowed or
    below :data:`FLOOR`: not scored)."""
    pairs: list[tuple[list[int], int]] = []
    where: list[tuple[int, int]] = []
    for s, span in enumerate(rows):
        question = marked(words, span.start, span.end)
        for k, entry in enumerate(span.entries):
            if span.allowed[k] and span.x[k, 0] >= FLOOR:
                pairs.append(pair_ids(scorer.tokenizer, question, describe(entry, shared)))
                where.append((s, k))
    probs = scorer.encoder(pairs)
    out = [np.zeros(len(span.entries), np.float32) for span in rows]
    for (s, k), p in zip(where, probs):
        out[s][k] = p
    return out
