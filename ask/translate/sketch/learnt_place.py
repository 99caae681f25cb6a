"""Placing a word the schema does not spell by a LEARNT score, not hand-calibrated floors.

:mod:`.semantic` places an unplaced word on the table or column whose MiniLM vector is nearest,
where the similarity clears a floor and a margin chosen by hand per kind of entry. Here the same
candidates (a placeable word or two side by side, against the schema's tables and non-key
columns of the type the question's cue asks for) are scored by a small head trained on many
schemas and human phrasing (``python -m training.placer``, weights in :data:`WEIGHTS`): for each
span, its ``TOP`` nearest entries each get a feature row (:func:`.semantic.span_rows`) (:data:`FEATURES`: the similarities of
the word and of the word in its context to the entry, its rank and margin among the span's
entries, its kind and the cue's need, whether its table is one the question already touches,
how much the word and the name share letters; and the elementwise products of the word's and
the context's vectors with the entry's, which let the head learn what MiniLM's nearness means),
and the head says how likely the span refers to that entry. A span is placed on its most likely
allowed entry where that probability reaches the head's one threshold (chosen on the
development sets); the rest of the rules stay those of :mod:`.semantic`: an entry another word
names is not a candidate, overlapping spans and two spans on one entry are resolved best
first, and the reader uses a reading with placements only where it places every content word,
so an unplaced word still refuses.

The runtime is numpy only: the head is a one-hidden-layer MLP read from a ``.npz``. Nothing here
knows a schema or a domain. Off unless ``ASKPROXY_SENSE_PLACER`` says ``learnt`` (this head
instead of the calibrated floors) or ``backed`` (the calibrated placements first, this head's on
the spans they leave), or :func:`use` does; and only where the weights file and MiniLM are there.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ask.translate.sketch.placed import Entry, keep_apart


WEIGHTS = Path(__file__).with_name("placer_weights.npz")
ENV = "ASKPROXY_SENSE_PLACER"
# Entries of a span scored by the head (the nearest by the word's own similarity).
TOP = 5
KINDS = ("table", "column", "measure", "date")
NEEDS = (None, "measure", "group", "date")
FEATURES = ("cos", "cos_gap_to_best", "best_margin", "rank", "ctx_name", "ctx_tabled", "ctx_gap_to_best",
            "ctx_nearest", *(f"kind_{k}" for k in KINDS), *(f"need_{n}" for n in NEEDS), "two_words",
            "table_touched", "trigram_overlap", "log_entries", "best_cos")
EMBED_DIM = 384

_forced: list[str | None] = [None]


MODES = ("calibrated", "learnt", "backed", "xenc")
# The cross-encoder's deltas (:mod:`.xenc_place`; trained by ``training/xenc``, not shipped).
XENC_WEIGHTS = Path(__file__).with_name("xenc_weights.npz")


def use(mode: str | None) -> None:
    """Choose the placer for this process: "calibrated" (:mod:`.semantic`'s floors), "learnt"
    (this head instead), "backed" (the calibrated placements, then this head's on the spans they
    leave), "xenc" (the fine-tuned cross-encoder of :mod:`.xenc_place` instead); None: by
    :data:`ENV` (unset: calibrated)."""
    if mode is not None and mode not in MODES:
        raise ValueError(f"placer mode {mode!r} is not one of {MODES}")
    _forced[0] = mode


def mode() -> str:
    """The placer in use: "learnt" and "backed" only where the weights file is there, "xenc"
    only where the cross-encoder's deltas are."""
    chosen = _forced[0]
    if chosen is None:
        chosen = os.environ.get(ENV, "").strip().lower() or "calibrated"
    if chosen == "xenc":
        return chosen if XENC_WEIGHTS.is_file() else "calibrated"
    if chosen not in MODES or chosen != "calibrated" and head() is None:
        return "calibrated"
    return chosen


def enabled() -> bool:
    return mode() != "calibrated"


@dataclass(frozen=True, slots=True)
class Head:
    """A one-hidden-layer MLP over standardised features: p = sigmoid(w2 . relu(W1 x + b1) + b2)."""
    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    threshold: float
    products: bool          # whether rows carry the vector products after the scalar features
    in_context: bool = False    # place only on the entry nearest the span in its context too

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / self.scale
        h = np.maximum(z @ self.w1 + self.b1, 0.0)
        logits = np.clip(h @ self.w2 + self.b2, -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-logits))

    def save(self, path: Path) -> None:
        np.savez_compressed(path, mean=self.mean, scale=self.scale, w1=self.w1, b1=self.b1, w2=self.w2,
                            b2=np.float32(self.b2), threshold=np.float32(self.threshold),
                            products=np.bool_(self.products), in_context=np.bool_(self.in_context))


def load_head(path: Path) -> Head:
    with np.load(path) as d:
        return Head(d["mean"].astype(np.float32), d["scale"].astype(np.float32), d["w1"].astype(np.float32),
                    d["b1"].astype(np.float32), d["w2"].astype(np.float32), float(d["b2"]),
                    float(d["threshold"]), bool(d["products"]), bool(d["in_context"]) if "in_context" in d else False)


@functools.lru_cache(maxsize=1)
def head() -> Head | None:
    return load_head(WEIGHTS) if WEIGHTS.is_file() else None


@dataclass(frozen=True, slots=True)
class SpanRows:
    """One span, its ``TOP`` nearest entries (of the type its cue needs) and their feature rows."""
    start: int
    end: int
    need: str | None
    entries: tuple[Entry, ...]      # best by the word's similarity first
    allowed: tuple[bool, ...]
    x: np.ndarray                   # (len(entries), features)


def trigram_overlap(a: str, b: str) -> float:
    """Jaccard overlap of the letter trigrams of two phrases (abbreviations, shared stems)."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def _trigrams(text: str) -> frozenset[str]:
    out: set[str] = set()
    for word in text.lower().split():
        padded = f"#{word}#"
        out.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Scored:
    start: int
    end: int
    entry: Entry
    probability: float


def decide(rows: Sequence[SpanRows], model: Head, threshold: float | None = None,
           in_context: bool | None = None) -> list[Scored]:
    """Each span's most likely allowed entry where it reaches the threshold (and, with
    ``in_context``, is also the entry nearest the span's words in context, as :mod:`.semantic`
    requires); overlapping spans and a second span on one entry dropped, most likely first."""
    limit = model.threshold if threshold is None else threshold
    context = model.in_context if in_context is None else in_context
    nearest = FEATURES.index("ctx_nearest")
    found = []
    for span in rows:
        p = model.probabilities(span.x)
        best = max((k for k in range(len(span.entries)) if span.allowed[k]), key=lambda k: p[k], default=None)
        if best is not None and p[best] >= limit and (not context or span.x[best, nearest] > 0.5):
            found.append(Scored(span.start, span.end, span.entries[best], float(p[best])))
    return keep_apart(sorted(found, key=lambda s: -s.probability))
