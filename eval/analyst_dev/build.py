"""Write ``questions.jsonl`` from ``questions.py``: ``python -m eval.analyst_dev.build``.

``eval/analyst_dev2`` builds its files with the same functions (``write(...)``)."""

from __future__ import annotations

import collections
import json
from collections.abc import Sequence
from pathlib import Path

from eval.analyst_dev.load import THIS_SET, EvalSet
from eval.analyst_dev.questions import QUESTIONS
from eval.analyst_dev.unanswerable import REFUSALS

HERE = Path(__file__).resolve().parent
OUT = HERE / "questions.jsonl"
REFUSE_OUT = HERE / "unanswerable.jsonl"

Question = tuple[str, str, str, str, bool]
Refusal = tuple[str, str, str]


def rows(questions: Sequence[Question] = QUESTIONS, of: EvalSet = THIS_SET) -> list[dict[str, object]]:
    seen: collections.Counter[tuple[str, str]] = collections.Counter()
    out: list[dict[str, object]] = []
    for key, category, question, gold, ordered in questions:
        seen[key, category] += 1
        out.append({"id": f"{of.prefix}-{key}-{category}-{seen[key, category]:02d}", "database": of.database(key),
                    "question": question, "gold_sql": gold, "category": category, "ordered": ordered})
    return out


def refusals(questions: Sequence[Refusal] = REFUSALS, of: EvalSet = THIS_SET) -> list[dict[str, object]]:
    seen: collections.Counter[tuple[str, str]] = collections.Counter()
    out: list[dict[str, object]] = []
    for key, kind, question in questions:
        seen[key, kind] += 1
        out.append({"id": f"{of.prefix}-{key}-refuse_{kind}-{seen[key, kind]:02d}", "database": of.database(key),
                    "question": question, "gold_sql": None, "expect": "refuse", "category": f"refuse_{kind}",
                    "ordered": False})
    return out


def jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def write(out: Path, refuse_out: Path, questions: Sequence[Question], refusal_questions: Sequence[Refusal],
          of: EvalSet) -> None:
    out.write_text(jsonl(rows(questions, of)), encoding="utf-8")
    refuse_out.write_text(jsonl(refusals(refusal_questions, of)), encoding="utf-8")
    print(f"{out}: {len(questions)} questions; {refuse_out}: {len(refusal_questions)}")


if __name__ == "__main__":
    write(OUT, REFUSE_OUT, QUESTIONS, REFUSALS, THIS_SET)
