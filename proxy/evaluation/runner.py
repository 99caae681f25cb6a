"""One evaluation pass: gold SQL at the DSN, a prediction per question, a comparison each.

Questions run one at a time so the measured latency is that of a lone ASK. Gold SQL runs on
its own direct connection; a gold query that fails marks the question ``gold_error`` and it
is left out of the scores (it is a bug in the question set, not in the model). When a
predictor returns SQL without rows, that SQL is executed at the DSN in a read-only
transaction with a statement timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg
from psycopg import sql

from proxy.evaluation.compare import compare_results
from proxy.evaluation.predictor import Prediction, Predictor
from proxy.evaluation.questions import EvalQuestion

logger = logging.getLogger(__name__)

DEFAULT_STATEMENT_TIMEOUT_MS = 30_000


@dataclass(frozen=True, slots=True)
class QuestionResult:
    id: str
    question: str
    category: str
    ordered: bool
    valid: bool              # the prediction produced rows rather than an error
    correct: bool
    latency_s: float
    predicted_sql: str | None
    error: str | None        # from the ASK (or from executing the predicted SQL)
    reason: str              # why it is wrong, empty when correct
    gold_error: str | None = None


@dataclass(frozen=True, slots=True)
class _Result:
    rows: list[tuple[object, ...]]
    width: int


async def _execute(conn: psycopg.AsyncConnection, query: str, timeout_ms: int) -> _Result:
    async with conn.transaction():
        await conn.execute("SET TRANSACTION READ ONLY")
        await conn.execute(sql.SQL("SET LOCAL statement_timeout = {}").format(sql.Literal(timeout_ms)))
        cur = await conn.execute(query)  # no parameters: psycopg leaves % alone
        rows = await cur.fetchall() if cur.description is not None else []
        return _Result(rows, len(cur.description or ()))


async def _predicted_result(conn: psycopg.AsyncConnection, prediction: Prediction,
                            timeout_ms: int) -> tuple[_Result | None, str | None]:
    if prediction.error is not None:
        return None, prediction.error
    if prediction.rows is not None:
        width = prediction.width if prediction.width is not None else len(prediction.rows[0]) if prediction.rows else 0
        return _Result(list(prediction.rows), width), None
    if prediction.sql is None:
        return None, "no SQL produced"
    try:
        return await _execute(conn, prediction.sql, timeout_ms), None
    except psycopg.Error as exc:
        return None, f"{exc.sqlstate or '-----'}: {str(exc).strip()}"


def _outcome(question: EvalQuestion, *, valid: bool, correct: bool, latency_s: float,
             predicted_sql: str | None, error: str | None, reason: str,
             gold_error: str | None = None) -> QuestionResult:
    return QuestionResult(question.id, question.question, question.category, question.ordered,
                          valid, correct, latency_s, predicted_sql, error, reason, gold_error)


async def _evaluate_one(question: EvalQuestion, predictor: Predictor, conn: psycopg.AsyncConnection,
                        timeout_ms: int) -> QuestionResult:
    try:
        gold = await _execute(conn, question.gold_sql, timeout_ms)
    except psycopg.Error as exc:
        logger.warning("gold SQL of %s failed: %s", question.id, exc)
        return _outcome(question, valid=False, correct=False, latency_s=0.0, predicted_sql=None,
                        error=None, reason="gold SQL failed", gold_error=str(exc).strip())
    prediction = await predictor.predict(question.question)
    predicted, error = await _predicted_result(conn, prediction, timeout_ms)
    if predicted is None:
        return _outcome(question, valid=False, correct=False, latency_s=prediction.latency_s,
                        predicted_sql=prediction.sql, error=error, reason="no result")
    verdict = compare_results(gold.rows, predicted.rows, question.ordered, gold.width, predicted.width)
    return _outcome(question, valid=True, correct=verdict.equal, latency_s=prediction.latency_s,
                    predicted_sql=prediction.sql, error=None, reason=verdict.reason)


async def run_evaluation(questions: Sequence[EvalQuestion], predictor: Predictor, gold_dsn: str,
                         timeout_ms: int = DEFAULT_STATEMENT_TIMEOUT_MS) -> list[QuestionResult]:
    """Evaluate every question in order; the caller owns (and closes) the predictor."""
    results: list[QuestionResult] = []
    async with await psycopg.AsyncConnection.connect(gold_dsn, autocommit=True) as conn:
        for question in questions:
            result = await _evaluate_one(question, predictor, conn, timeout_ms)
            logger.debug("%s: %s", question.id, "ok" if result.correct else result.reason)
            results.append(result)
    return results
