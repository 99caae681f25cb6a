"""Evaluation questions: one JSON object per line, validated once when read.

Each line is ``{"id", "question", "gold_sql", "category", "ordered"}``; ``ordered`` says the
question asks for an order (top-N, time series), so the comparison must respect row order.
Optional keys:

* ``"database"``: the database the question is about; gold SQL and the ASK both connect there
  (same server and user as ``--dsn`` / ``--via-proxy``);
* ``"expect": "refuse"`` with ``"gold_sql": null``: an unanswerable question, answered right
  when ASK fails with a SQLSTATE of class 42 (``"expect"`` is ``"answer"`` otherwise, and
  ``ordered`` may then be left out);
* ``"match_sql"``: the SQL that exact set match compares with, when it is not ``gold_sql``
  (the Spider builder's gold before a PostgreSQL-only repair).

Other keys are ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REQUIRED = {"id": str, "question": str, "category": str}
OPTIONAL = {"database": str, "match_sql": str}
EXPECT = ("answer", "refuse")


class QuestionFileError(ValueError):
    """The questions file is malformed; the message names the line."""


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    gold_sql: str | None          # None only for a question that expects a refusal
    category: str
    ordered: bool
    database: str | None = None
    expect: str = "answer"        # "answer" | "refuse"
    match_sql: str | None = None

    @property
    def expects_refusal(self) -> bool:
        return self.expect == "refuse"

    @property
    def exact_match_sql(self) -> str | None:
        """What exact set match compares a prediction with."""
        return self.match_sql or self.gold_sql

    def gold_sql_on(self, day: date) -> str:
        """The gold SQL as if run on ``day``: ``current_date``, the only clock the question
        files' gold SQL reads, becomes that date (demo data loaded for ``day`` then matches)."""
        if self.gold_sql is None:
            raise ValueError(f"question {self.id} expects a refusal: it has no gold SQL")
        return _CURRENT_DATE.sub(f"DATE '{day.isoformat()}'", self.gold_sql)


_CURRENT_DATE = re.compile(r"\bcurrent_date\b", re.IGNORECASE)


def _check(record: dict, key: str, kind: type, lineno: int, required: bool) -> None:
    value = record.get(key)
    if (value is not None or required) and not isinstance(value, kind):
        raise QuestionFileError(f"line {lineno}: {key!r} missing or not {kind.__name__}")


def _expect(record: dict, lineno: int) -> str:
    expect = record.get("expect", "answer")
    if expect not in EXPECT:
        raise QuestionFileError(f"line {lineno}: 'expect' must be one of {', '.join(EXPECT)}")
    if expect == "refuse" and record.get("gold_sql") is not None:
        raise QuestionFileError(f"line {lineno}: a question that expects a refusal has gold_sql null")
    return str(expect)


def json_object(line: str, where: str) -> dict:
    """One JSON-lines record: an object, else :class:`QuestionFileError` naming ``where``."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise QuestionFileError(f"{where}: not JSON ({exc.msg})") from exc
    if not isinstance(record, dict):
        raise QuestionFileError(f"{where}: expected a JSON object")
    return record


def parse_question(line: str, lineno: int) -> EvalQuestion:
    record = json_object(line, f"line {lineno}")
    expect = _expect(record, lineno)
    for key, kind in REQUIRED.items():
        _check(record, key, kind, lineno, required=True)
    _check(record, "gold_sql", str, lineno, required=expect == "answer")
    _check(record, "ordered", bool, lineno, required=expect == "answer")
    for key, kind in OPTIONAL.items():
        _check(record, key, kind, lineno, required=False)
    return EvalQuestion(record["id"], record["question"], record.get("gold_sql"), record["category"],
                        bool(record.get("ordered", False)), record.get("database"), expect,
                        record.get("match_sql"))


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
