"""Write ``questions.jsonl`` from ``questions.py``: ``python -m eval.analyst_dev.build``."""

from __future__ import annotations

import collections
import json
from pathlib import Path

from eval.analyst_dev.load import database
from eval.analyst_dev.questions import QUESTIONS
from eval.analyst_dev.unanswerable import REFUSALS

HERE = Path(__file__).resolve().parent
OUT = HERE / "questions.jsonl"
REFUSE_OUT = HERE / "unanswerable.jsonl"


def rows() -> list[dict[str, object]]:
    seen: collections.Counter[tuple[str, str]] = collections.Counter()
    out: list[dict[str, object]] = []
    for key, category, question, gold, ordered in QUESTIONS:
        seen[key, category] += 1
        out.append({"id": f"adev-{key}-{category}-{seen[key, category]:02d}", "database": database(key),
                    "question": question, "gold_sql": gold, "category": category, "ordered": ordered})
    return out


def refusals() -> list[dict[str, object]]:
    seen: collections.Counter[tuple[str, str]] = collections.Counter()
    out: list[dict[str, object]] = []
    for key, kind, question in REFUSALS:
        seen[key, kind] += 1
        out.append({"id": f"adev-{key}-refuse_{kind}-{seen[key, kind]:02d}", "database": database(key),
                    "question": question, "gold_sql": None, "expect": "refuse", "category": f"refuse_{kind}",
                    "ordered": False})
    return out


if __name__ == "__main__":
    OUT.write_text("".join(json.dumps(r) + "\n" for r in rows()), encoding="utf-8")
    REFUSE_OUT.write_text("".join(json.dumps(r) + "\n" for r in refusals()), encoding="utf-8")
    print(f"{OUT}: {len(QUESTIONS)} questions; {REFUSE_OUT}: {len(REFUSALS)}")
