"""The English lexicon (``ask/english_words.txt``, built by ``training/english_words.py``): the
one word list every stage asks "is this an English word", loaded once. It imports nothing of
the pipeline, so the lowest modules (:mod:`.related_words`) can use it too."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def english() -> frozenset[str]:
    """The English lexicon (``english_words.txt``), loaded once."""
    text = resources.files("ask").joinpath("english_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
