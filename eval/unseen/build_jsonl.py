"""Write ``questions.jsonl`` and ``unanswerable.jsonl`` from ``eval/unseen/gold/``.

    python -m eval.unseen.build_jsonl            # rewrite both files
    python -m eval.unseen.build_jsonl --check    # exit 1 if the files differ from the sources

Ids are ``unseen-<key>-<category>-NN``, numbered in source order within (schema, category).
The set is frozen (README.md): rebuilding must not change a line unless a new version is cut.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from importlib import import_module

from eval.unseen.question_set import QUESTIONS, UNANSWERABLE
from eval.unseen.registry import KEYS


def _collapse(sql: str) -> str:
    return " ".join(sql.split())


def question_lines() -> list[str]:
    lines = []
    for key in KEYS:
        numbers: Counter[str] = Counter()
        for category, question, gold_sql, ordered in import_module(f"eval.unseen.gold.{key}").QUESTIONS:
            numbers[category] += 1
            lines.append(json.dumps({
                "id": f"unseen-{key}-{category}-{numbers[category]:02d}", "database": f"unseen_{key}",
                "question": question, "gold_sql": _collapse(gold_sql), "category": category,
                "ordered": ordered}, ensure_ascii=False))
    return lines


def refusal_lines() -> list[str]:
    lines = []
    refusals = import_module("eval.unseen.gold.refusals").REFUSALS
    for key in KEYS:
        numbers: Counter[str] = Counter()
        for kind, question in refusals[key]:
            numbers[kind] += 1
            lines.append(json.dumps({
                "id": f"unseen-{key}-refuse_{kind}-{numbers[kind]:02d}", "database": f"unseen_{key}",
                "question": question, "gold_sql": None, "expect": "refuse", "category": f"refuse_{kind}",
                "ordered": False}, ensure_ascii=False))
    return lines


def rendered() -> dict:
    return {QUESTIONS: "\n".join(question_lines()) + "\n", UNANSWERABLE: "\n".join(refusal_lines()) + "\n"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.unseen.build_jsonl", description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = ap.parse_args(argv)
    stale = [path for path, text in rendered().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.name} differs from eval/unseen/gold/", file=sys.stderr)
        return 1 if stale else 0
    for path, text in rendered().items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
