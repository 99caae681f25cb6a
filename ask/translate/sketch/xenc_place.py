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
with the trained low-rank deltas merged in at load, read from :data:`WEIGHTS`. Off unless
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
from ask.translate.sketch.placed import Entry

WEIGHTS = Path(__file__).with_name("xenc_weights.npz")
# The question's words kept either side of the span (a long question is cut around it).
WINDOW = 12
# Word pieces of the entry's text kept, and of a whole pair.
ENTRY_TOKENS = 24
MAX_TOKENS = 64
MARK = '"'          # the span is quoted in its question: a mark MiniLM already reads


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


def describe(entry: Entry, shared: str | None) -> str:
    """:func:`entry_text` with the names humanised as :mod:`.semantic` embeds them (the
    schema's shared first name part ``shared`` left out of a table's name)."""
    from ask.translate.sketch import semantic      # semantic imports this module

    table, column = entry
    table_words = " ".join(semantic.humanised(semantic._unprefixed(table.name, shared)))
    column_words = " ".join(semantic.humanised(column.name)) if column is not None else None
    return entry_text(entry, table_words, column_words)
