"""Surface noise for generated questions: casing, terse phrasing, typos, trailing punctuation.

Analysts type fast; the model should not depend on tidy input. Applied after rendering, with
stored values protected from typos only part of the time (value linking tolerates typos).
"""

from __future__ import annotations

import random
import re

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_FILLER = ("pls", "please", "quick q:", "hey,", "can you tell me", "I need", "show me", "give me")


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.random()
    if op < 0.35:
        return word[:i] + word[i + 1:]                       # drop a letter
    if op < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # swap two
    if op < 0.85:
        return word[:i] + word[i] + word[i:]                 # double a letter
    return word[:i] + rng.choice(_LETTERS) + word[i + 1:]    # wrong letter


def add_noise(question: str, rng: random.Random, protect: tuple[str, ...] = ()) -> str:
    q = question
    if rng.random() < 0.08:
        words = q.split()
        cand = [i for i, w in enumerate(words)
                if len(w) >= 5 and (rng.random() < 0.3 or not any(w in p for p in protect))]
        if cand:
            i = rng.choice(cand)
            words[i] = typo(words[i], rng)
            q = " ".join(words)
    r = rng.random()
    if r < 0.45:
        q = q.lower()
    elif r < 0.5 and q:
        q = q[0].upper() + q[1:]
    r = rng.random()
    if r < 0.25:
        q = q.rstrip("?") + "?"
    elif r < 0.3:
        q = q.rstrip("?") + " ?"
    if rng.random() < 0.05:
        q = rng.choice(_FILLER) + " " + q
    return re.sub(r"\s+", " ", q).strip()
