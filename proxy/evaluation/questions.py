"""Evaluation questions: one JSON object per line, validated once when read.

Each line is ``{"id", "question", "gold_sql", "category", "ordered"}``; ``ordered`` says the
question asks for an order (top-N, time series), so the comparison must respect row order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REQUIRED = {"id": str, "question": str, "gold_sql": str, "category": str, "ordered": bool}


class QuestionFileError(ValueError):
    """The questions file is malformed; the message names the line."""


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    gold_sql: str
    category: str
    ordered: bool

    def gold_sql_on(self, day: date) -> str:
        """The gold SQL as if run on ``day``: ``current_date``, the only clock the question
        files' gold SQL reads, becomes that date (demo data loaded for ``day`` then matches)."""
        return _CURRENT_DATE.sub(f"DATE '{day.isoformat()}'", self.gold_sql)


_CURRENT_DATE = re.compile(r"\bcurrent_date\b", re.IGNORECASE)


def parse_question(line: str, lineno: int) -> EvalQuestion:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise QuestionFileError(f"line {lineno}: not JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise QuestionFileError(f"line {lineno}: expected a JSON object")
    for key, kind in REQUIRED.items():
        if not isinstance(record.get(key), kind):
            raise QuestionFileError(f"line {lineno}: {key!r} missing or not {kind.__name__}")
    return EvalQuestion(**{key: record[key] for key in REQUIRED})


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSONL question file (blank lines ignored); ids must be unique."""
    questions: list[EvalQuestion] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            question = parse_question(line, lineno)
            if question.id in seen:
                raise QuestionFileError(f"line {lineno}: duplicate id {question.id!r}")
            seen.add(question.id)
            questions.append(question)
    return questions
