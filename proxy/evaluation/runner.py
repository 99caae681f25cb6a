"""One evaluation pass: gold SQL at the DSN, a prediction per question, a comparison each.

Questions run one at a time so the measured latency is that of a lone ASK. Gold SQL runs on
its own direct connection (one per database, for questions that name a ``database``); a gold
query that fails marks the question ``gold_error`` and it is left out of the scores (it is a
bug in the question set, not in the model). When a predictor returns SQL without rows, that
SQL is executed at the DSN in a read-only transaction with a statement timeout.

Every answerable question whose gold SQL runs also gets an exact set match verdict
(``exact_match``), computed on the predicted SQL against the question's ``match_sql`` or
gold SQL, with the database's tables and columns to resolve unqualified names. A question
that expects a refusal has no gold SQL: it is right when ASK fails with a SQLSTATE of class
42, wrong when ASK returns rows or fails otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from proxy.evaluation.compare import compare_results
from proxy.evaluation.exact_match import UnparsableQuery, exact_match
from proxy.evaluation.predictor import Prediction, Predictor
from proxy.evaluation.questions import EvalQuestion
from proxy.evaluation.sql_scope import SchemaColumns

logger = logging.getLogger(__name__)

DEFAULT_STATEMENT_TIMEOUT_MS = 30_000
REFUSAL_CLASS = "42"             # the refusal contract: "42000 family with a HINT"

SCHEMA_QUERY = """
SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
"""


@dataclass(frozen=True, slots=True)
class QuestionResult:
    id: str
    question: str
    category: str
    ordered: bool
    valid: bool              # the prediction produced rows rather than an error
    correct: bool            # same answer as gold; for a refusal question: refused
    latency_s: float
    predicted_sql: str | None
    error: str | None        # from the ASK (or from executing the predicted SQL)
    reason: str              # why it is wrong, empty when correct
    gold_error: str | None = None
    expect: str = "answer"
    refused: bool = False    # ASK failed with a SQLSTATE of class 42
    exact_match: bool | None = None       # None: not judged (no gold SQL, or it did not parse)
    exact_differs: tuple[str, ...] = ()   # the components that differ
    database: str | None = None


@dataclass(frozen=True, slots=True)
class _Result:
    rows: list[tuple[object, ...]]
    width: int


class GoldDatabases:
    """Direct connections to the gold databases, opened on first use, and their schemas."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._conns: dict[str | None, psycopg.AsyncConnection] = {}
        self._schemas: dict[str | None, SchemaColumns] = {}

    async def connection(self, database: str | None) -> psycopg.AsyncConnection:
        conn = self._conns.get(database)
        if conn is None or conn.closed:
            dsn = self.dsn if database is None else make_conninfo(self.dsn, dbname=database)
            conn = self._conns[database] = await psycopg.AsyncConnection.connect(dsn, autocommit=True)
        return conn

    async def schema(self, database: str | None) -> SchemaColumns:
        if database not in self._schemas:
            conn = await self.connection(database)
            columns: dict[str, set[str]] = {}
            for table, column in await (await conn.execute(SCHEMA_QUERY)).fetchall():
                columns.setdefault(str(table).lower(), set()).add(str(column).lower())
            self._schemas[database] = {t: frozenset(c) for t, c in columns.items()}
        return self._schemas[database]

    async def close(self) -> None:
        for conn in self._conns.values():
            await conn.close()
        self._conns.clear()


async def _execute(conn: psycopg.AsyncConnection, query: str, timeout_ms: int) -> _Result:
    async with conn.transaction():
        await conn.execute("SET TRANSACTION READ ONLY")
        await conn.execute(sql.SQL("SET LOCAL statement_timeout = {}").format(sql.Literal(timeout_ms)))
        cur = await conn.execute(query)  # type: ignore[arg-type]  # no parameters: psycopg leaves % alone
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
             gold_error: str | None = None, refused: bool = False,
             exact: tuple[bool | None, tuple[str, ...]] = (None, ())) -> QuestionResult:
    return QuestionResult(question.id, question.question, question.category, question.ordered,
                          valid, correct, latency_s, predicted_sql, error, reason, gold_error,
                          question.expect, refused, exact[0], exact[1], question.database)


def is_refusal(prediction: Prediction) -> bool:
    state = prediction.error_sqlstate
    return prediction.error is not None and state is not None and state.startswith(REFUSAL_CLASS)


async def _predict(predictor: Predictor, question: EvalQuestion) -> Prediction:
    if question.database is None:        # predictors written before databases keep working
        return await predictor.predict(question.question)
    return await predictor.predict(question.question, database=question.database)


def _exact(question: EvalQuestion, predicted_sql: str | None, schema: SchemaColumns
           ) -> tuple[bool | None, tuple[str, ...]]:
    reference = question.exact_match_sql
    if reference is None:
        return None, ()
    try:
        verdict = exact_match(reference, predicted_sql, schema)
    except UnparsableQuery as exc:
        logger.debug("gold SQL of %s does not parse for exact match: %s", question.id, exc)
        return None, ()
    return verdict.equal, verdict.differing


async def _evaluate_refusal(question: EvalQuestion, predictor: Predictor) -> QuestionResult:
    prediction = await _predict(predictor, question)
    refused = is_refusal(prediction)
    if refused:
        reason = ""
    elif prediction.error is None:
        reason = "answered a question that expects a refusal"
    else:
        reason = f"failed with {prediction.error_sqlstate or 'an error'}, not a refusal (class {REFUSAL_CLASS})"
    return _outcome(question, valid=prediction.error is None, correct=refused, latency_s=prediction.latency_s,
                    predicted_sql=prediction.sql, error=prediction.error, reason=reason, refused=refused)


async def _evaluate_one(question: EvalQuestion, predictor: Predictor, gold: GoldDatabases,
                        timeout_ms: int) -> QuestionResult:
    if question.expects_refusal or question.gold_sql is None:
        return await _evaluate_refusal(question, predictor)
    conn = await gold.connection(question.database)
    try:
        expected = await _execute(conn, question.gold_sql, timeout_ms)
    except psycopg.Error as exc:
        logger.warning("gold SQL of %s failed: %s", question.id, exc)
        return _outcome(question, valid=False, correct=False, latency_s=0.0, predicted_sql=None,
                        error=None, reason="gold SQL failed", gold_error=str(exc).strip())
    prediction = await _predict(predictor, question)
    exact = _exact(question, prediction.sql, await gold.schema(question.database))
    predicted, error = await _predicted_result(conn, prediction, timeout_ms)
    if predicted is None:
        return _outcome(question, valid=False, correct=False, latency_s=prediction.latency_s,
                        predicted_sql=prediction.sql, error=error, reason="no result",
                        refused=is_refusal(prediction), exact=exact)
    verdict = compare_results(expected.rows, predicted.rows, question.ordered, expected.width, predicted.width)
    return _outcome(question, valid=True, correct=verdict.equal, latency_s=prediction.latency_s,
                    predicted_sql=prediction.sql, error=None, reason=verdict.reason, exact=exact)


async def run_evaluation(questions: Sequence[EvalQuestion], predictor: Predictor, gold_dsn: str,
                         timeout_ms: int = DEFAULT_STATEMENT_TIMEOUT_MS) -> list[QuestionResult]:
    """Evaluate every question in order; the caller owns (and closes) the predictor."""
    results: list[QuestionResult] = []
    gold = GoldDatabases(gold_dsn)
    try:
        for question in questions:
            result = await _evaluate_one(question, predictor, gold, timeout_ms)
            logger.debug("%s: %s", question.id, "ok" if result.correct else result.reason)
            results.append(result)
    finally:
        await gold.close()
    return results
