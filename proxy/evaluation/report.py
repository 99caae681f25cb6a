"""Scores of an evaluation pass and how they are printed and saved.

Execution accuracy and valid-SQL rate are over the questions whose gold SQL ran; latency
percentiles are over every prediction made (failed ones included), by nearest rank.
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

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class EvalSummary:
    total: int
    scored: int                   # total minus questions whose gold SQL failed
    execution_accuracy: float
    valid_rate: float
    latency_p50_s: float
    latency_p95_s: float
    per_category: dict[str, CategoryScore]
    gold_errors: int


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(results: Sequence[QuestionResult]) -> EvalSummary:
    scored = [r for r in results if r.gold_error is None]
    categories: dict[str, CategoryScore] = {}
    for name in sorted({r.category for r in scored}):
        members = [r for r in scored if r.category == name]
        categories[name] = CategoryScore(len(members), sum(r.correct for r in members),
                                         sum(r.valid for r in members))
    latencies = [r.latency_s for r in scored]
    n = len(scored)
    return EvalSummary(
        total=len(results), scored=n,
        execution_accuracy=sum(r.correct for r in scored) / n if n else 0.0,
        valid_rate=sum(r.valid for r in scored) / n if n else 0.0,
        latency_p50_s=percentile(latencies, 0.50), latency_p95_s=percentile(latencies, 0.95),
        per_category=categories, gold_errors=len(results) - n)


def render_text(summary: EvalSummary, results: Sequence[QuestionResult], show_failures: bool = True) -> str:
    lines = [
        f"questions: {summary.total} (scored {summary.scored}, gold errors {summary.gold_errors})",
        f"execution accuracy: {summary.execution_accuracy:.1%}",
        f"valid SQL rate:     {summary.valid_rate:.1%}",
        f"latency p50 / p95:  {summary.latency_p50_s * 1000:.1f} ms / {summary.latency_p95_s * 1000:.1f} ms",
        "",
        f"{'category':<16} {'n':>4} {'accuracy':>9} {'valid':>7}",
    ]
    for name, score in summary.per_category.items():
        valid = score.valid / score.total if score.total else 0.0
        lines.append(f"{name:<16} {score.total:>4} {score.accuracy:>9.1%} {valid:>7.1%}")
    failures = [r for r in results if not r.correct]
    if show_failures and failures:
        lines += ["", f"failures ({len(failures)}):"]
        for r in failures:
            why = r.gold_error or r.error or r.reason
            lines.append(f"- [{r.id}] {r.question}\n    why: {why}\n    sql: {r.predicted_sql or '-'}")
    return "\n".join(lines)


def write_json(path: Path, summary: EvalSummary, results: Sequence[QuestionResult]) -> None:
    document = {"summary": asdict(summary), "results": [asdict(r) for r in results]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
