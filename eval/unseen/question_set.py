"""The two files of the set, read and validated once: ``questions.jsonl`` (gold SQL) and
``unanswerable.jsonl`` (questions ASK must refuse).

The rules here are the set's definition: ids say database and category, every database gets
every category of ``eval/demo.jsonl`` at least :data:`MIN_PER_CATEGORY` times, gold SQL reads
no clock but ``current_date`` (so that ``check --days`` can move it), refusals carry
``gold_sql: null`` and ``expect: "refuse"``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eval.unseen.registry import KEYS
from proxy.evaluation.questions import EvalQuestion, QuestionFileError, json_object

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.jsonl"
UNANSWERABLE = HERE / "unanswerable.jsonl"

DEMO_CATEGORIES = ("aggregate", "count", "distinct_count", "group_by", "having", "join", "ratio",
                   "relative_date", "top_n", "value_filter")
EXTRA_CATEGORIES = ("anti_join", "vs_average", "date_diff", "share", "two_period", "multi_hop")
CATEGORIES = DEMO_CATEGORIES + EXTRA_CATEGORIES
REFUSE_KINDS = ("gibberish", "write", "missing", "off_topic")
MIN_PER_CATEGORY = 3
MIN_PER_DATABASE = 34
MIN_PER_REFUSE_KIND = 30

DATABASES = tuple(f"unseen_{key}" for key in KEYS)
_ID = re.compile(r"^unseen-(?P<key>[a-z]+)-(?P<category>[a-z_]+)-(?P<n>\d{2})$")
# Clocks other than current_date would escape check --days (and differ between the gold run and
# the prediction run); single-argument age() reads current_date implicitly.
_OTHER_CLOCKS = re.compile(r"\b(now\s*\(|current_timestamp|localtimestamp|localtime|clock_timestamp|"
                           r"statement_timestamp|transaction_timestamp|age\s*\(\s*[^,()]*\))", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UnseenQuestion:
    id: str
    database: str
    question: str
    gold_sql: str
    category: str
    ordered: bool

    def gold_sql_on(self, day: date) -> str:
        """The gold SQL with ``current_date`` fixed to ``day`` (the harness's own rule)."""
        return EvalQuestion(self.id, self.question, self.gold_sql, self.category, self.ordered).gold_sql_on(day)


@dataclass(frozen=True, slots=True)
class Refusal:
    id: str
    database: str
    question: str
    category: str


def _records(path: Path) -> list[tuple[int, dict]]:
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            records.append((lineno, json_object(line, f"{path.name} line {lineno}")))
    return records


def _check_keys(where: str, record: dict, kinds: Mapping[str, type | None]) -> None:
    if set(record) != set(kinds):
        raise QuestionFileError(f"{where}: keys {sorted(record)}, expected {sorted(kinds)}")
    for key, kind in kinds.items():
        value = record[key]
        if (value is not None) if kind is None else not isinstance(value, kind):
            raise QuestionFileError(f"{where}: {key!r} must be {'null' if kind is None else kind.__name__}")


def _check_id(where: str, record: dict, categories: tuple[str, ...]) -> None:
    match = _ID.match(record["id"])
    if not match or f"unseen_{match['key']}" != record["database"] or record["database"] not in DATABASES:
        raise QuestionFileError(f"{where}: id {record['id']!r} does not name database {record['database']!r}")
    if match["category"] != record["category"] or record["category"] not in categories:
        raise QuestionFileError(f"{where}: category {record['category']!r} unknown or not in the id")


def parse_questions(path: Path = QUESTIONS) -> list[UnseenQuestion]:
    kinds = {"id": str, "database": str, "question": str, "gold_sql": str, "category": str, "ordered": bool}
    questions, seen = [], set()
    for lineno, record in _records(path):
        where = f"{path.name} line {lineno}"
        _check_keys(where, record, kinds)
        _check_id(where, record, CATEGORIES)
        if record["id"] in seen:
            raise QuestionFileError(f"{where}: duplicate id {record['id']!r}")
        if _OTHER_CLOCKS.search(record["gold_sql"]):
            raise QuestionFileError(f"{where}: gold SQL reads a clock other than current_date")
        seen.add(record["id"])
        questions.append(UnseenQuestion(**record))
    return questions


def parse_refusals(path: Path = UNANSWERABLE) -> list[Refusal]:
    kinds = {"id": str, "database": str, "question": str, "gold_sql": None, "expect": str, "category": str,
             "ordered": bool}
    refusals, seen = [], set()
    for lineno, record in _records(path):
        where = f"{path.name} line {lineno}"
        _check_keys(where, record, kinds)
        _check_id(where, record, tuple(f"refuse_{k}" for k in REFUSE_KINDS))
        if record["expect"] != "refuse" or record["ordered"]:
            raise QuestionFileError(f"{where}: expect must be 'refuse' and ordered false")
        if record["id"] in seen:
            raise QuestionFileError(f"{where}: duplicate id {record['id']!r}")
        seen.add(record["id"])
        refusals.append(Refusal(record["id"], record["database"], record["question"], record["category"]))
    return refusals


def coverage_problems(questions: list[UnseenQuestion], refusals: list[Refusal]) -> list[str]:
    """What keeps the files from being the set README.md describes (empty when they are)."""
    problems = []
    per_database = Counter(q.database for q in questions)
    per_cell = Counter((q.database, q.category) for q in questions)
    for database in DATABASES:
        if per_database[database] < MIN_PER_DATABASE:
            problems.append(f"{database}: {per_database[database]} questions, fewer than {MIN_PER_DATABASE}")
        for category in DEMO_CATEGORIES:
            if per_cell[(database, category)] < MIN_PER_CATEGORY:
                problems.append(f"{database}: {per_cell[(database, category)]} {category} questions")
    for category in EXTRA_CATEGORIES:
        if not any(q.category == category for q in questions):
            problems.append(f"no {category} question")
    kinds = Counter(r.category for r in refusals)
    for kind in REFUSE_KINDS:
        if kinds[f"refuse_{kind}"] < MIN_PER_REFUSE_KIND:
            problems.append(f"{kinds[f'refuse_{kind}']} refuse_{kind} questions, fewer than {MIN_PER_REFUSE_KIND}")
    missing = set(DATABASES) - {r.database for r in refusals}
    if missing:
        problems.append(f"no refusals for {sorted(missing)}")
    return problems
