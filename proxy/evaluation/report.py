"""Scores of an evaluation pass and how they are printed and saved.

Answerable questions and refusal questions are scored apart. Execution accuracy, exact set
match and the valid-SQL rate are over the answerable questions whose gold SQL ran (exact set
match over those whose gold SQL also parses); ``refused_answerable`` counts those among them
that ASK refused (SQLSTATE class 42). The refusal rate is over the questions that expect a
refusal. Latency percentiles are over every prediction made (failed ones included), by
nearest rank.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from proxy.evaluation.runner import QuestionResult


@dataclass(frozen=True, slots=True)
class CategoryScore:
    total: int
    correct: int
    valid: int
    exact: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class EvalSummary:
    total: int
    scored: int                   # answerable questions whose gold SQL ran
    execution_accuracy: float
    valid_rate: float
    latency_p50_s: float
    latency_p95_s: float
    per_category: dict[str, CategoryScore]
    gold_errors: int
    exact_match: float = 0.0      # share of exact_judged that match exactly
    exact_judged: int = 0         # scored questions whose gold SQL parses
    refused_answerable: int = 0   # scored questions that ASK refused (class 42)
    refusal_questions: int = 0    # questions that expect a refusal
    refusal_correct: int = 0

    @property
    def refusal_rate(self) -> float:
        return self.refusal_correct / self.refusal_questions if self.refusal_questions else 0.0


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def _categories(scored: Sequence[QuestionResult]) -> dict[str, CategoryScore]:
    categories: dict[str, CategoryScore] = {}
    for name in sorted({r.category for r in scored}):
        members = [r for r in scored if r.category == name]
        categories[name] = CategoryScore(len(members), sum(r.correct for r in members),
                                         sum(r.valid for r in members),
                                         sum(r.exact_match is True for r in members))
    return categories


def summarise(results: Sequence[QuestionResult]) -> EvalSummary:
    answerable = [r for r in results if r.expect != "refuse"]
    refusals = [r for r in results if r.expect == "refuse"]
    scored = [r for r in answerable if r.gold_error is None]
    judged = [r for r in scored if r.exact_match is not None]
    latencies = [r.latency_s for r in scored + refusals]
    n = len(scored)
    return EvalSummary(
        total=len(results), scored=n,
        execution_accuracy=sum(r.correct for r in scored) / n if n else 0.0,
        valid_rate=sum(r.valid for r in scored) / n if n else 0.0,
        latency_p50_s=percentile(latencies, 0.50), latency_p95_s=percentile(latencies, 0.95),
        per_category=_categories(scored), gold_errors=len(answerable) - n,
        exact_match=sum(bool(r.exact_match) for r in judged) / len(judged) if judged else 0.0,
        exact_judged=len(judged), refused_answerable=sum(r.refused for r in scored),
        refusal_questions=len(refusals), refusal_correct=sum(r.correct for r in refusals))


def _headline(summary: EvalSummary) -> list[str]:
    refusal_part = f", refusal questions {summary.refusal_questions}" if summary.refusal_questions else ""
    lines = [
        f"questions: {summary.total} (scored {summary.scored}, gold errors {summary.gold_errors}{refusal_part})",
        f"execution accuracy: {summary.execution_accuracy:.1%}",
        f"exact set match:    {summary.exact_match:.1%} (of {summary.exact_judged})",
        f"valid SQL rate:     {summary.valid_rate:.1%}",
    ]
    if summary.refusal_questions or summary.refused_answerable:
        lines.append(f"refused answerable: {summary.refused_answerable} of {summary.scored}")
    if summary.refusal_questions:
        lines.append(f"refusal rate:       {summary.refusal_rate:.1%} "
                     f"({summary.refusal_correct} of {summary.refusal_questions} refused)")
    lines.append(f"latency p50 / p95:  {summary.latency_p50_s * 1000:.1f} ms / {summary.latency_p95_s * 1000:.1f} ms")
    return lines


def render_text(summary: EvalSummary, results: Sequence[QuestionResult], show_failures: bool = True) -> str:
    lines = _headline(summary) + ["", f"{'category':<16} {'n':>4} {'accuracy':>9} {'exact':>7} {'valid':>7}"]
    for name, score in summary.per_category.items():
        valid = score.valid / score.total if score.total else 0.0
        exact = score.exact / score.total if score.total else 0.0
        lines.append(f"{name:<16} {score.total:>4} {score.accuracy:>9.1%} {exact:>7.1%} {valid:>7.1%}")
    failures = [r for r in results if not r.correct]
    if show_failures and failures:
        lines += ["", f"failures ({len(failures)}):"]
        for r in failures:
            why = r.gold_error or r.error or r.reason
            lines.append(f"- [{r.id}] {r.question}\n    why: {why}\n    sql: {r.predicted_sql or '-'}")
    return "\n".join(lines)


def write_json(path: Path, summary: EvalSummary, results: Sequence[QuestionResult]) -> None:
    document = {"summary": asdict(summary) | {"refusal_rate": summary.refusal_rate},
                "results": [asdict(r) for r in results]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
