"""What turns a question into SQL (and maybe rows) for the harness: a small protocol.

:class:`ProxyPredictor` asks a running askproxy: it sends ``ASK '<question>'`` over an ordinary
psycopg connection, reads the rows, and takes the generated SQL from the NoticeResponse the
proxy sends with every executed ASK (``askproxy: generated SQL: <sql>``; parsed leniently).
An in-process translator can implement :class:`Predictor` too and return only ``sql``; the
runner then executes that SQL itself. A question about another database (the question file's
``"database"``) is asked on a connection to that database: the proxy predictor keeps one
connection and reconnects when the database changes (question files keep a database's
questions together).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, Self

import psycopg
from psycopg.conninfo import make_conninfo

logger = logging.getLogger(__name__)

NOTICE_SQL = re.compile(r"generated\s+sql\s*:\s*(?P<sql>.+)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Prediction:
    sql: str | None
    rows: list[tuple[object, ...]] | None   # None: the runner executes ``sql`` itself
    error: str | None
    latency_s: float
    width: int | None = None                # number of result columns, when rows are given
    sqlstate: str | None = None             # of ``error``, when the predictor knows it

    @property
    def error_sqlstate(self) -> str | None:
        """The SQLSTATE of the error: given, or read from an ``"XXXXX: message"`` error text."""
        if self.sqlstate is not None or self.error is None:
            return self.sqlstate
        match = ERROR_SQLSTATE.match(self.error)
        return match.group(1) if match else None


ERROR_SQLSTATE = re.compile(r"^([0-9A-Z]{5}):")


class Predictor(Protocol):
    async def predict(self, question: str, database: str | None = None) -> Prediction:
        """Translate (and possibly run) one question, asked in ``database`` when given (else
        the predictor's own); never raises for a bad question. The runner passes
        ``database`` only for questions that name one."""
        ...


def ask_statement(question: str) -> str:
    """``ASK '<question>'`` with the question as a standard SQL string literal."""
    return "ASK '" + question.replace("'", "''") + "'"


def sql_from_notice(diag: psycopg.errors.Diagnostic) -> str | None:
    """The generated SQL carried by an askproxy notice, from its message or its detail."""
    for text in (diag.message_primary, diag.message_detail):
        if text and (match := NOTICE_SQL.search(text)):
            return match.group("sql").strip()
    return None


def _error_text(exc: psycopg.Error) -> str:
    sqlstate = exc.sqlstate or "-----"
    return f"{sqlstate}: {str(exc).strip()}"


class ProxyPredictor:
    """Asks through askproxy on one connection, reconnecting after a connection failure."""

    def __init__(self, conninfo: str, connect_timeout_s: float = 10.0,
                 statement_for: Callable[[str], str] = ask_statement) -> None:
        self._conninfo = conninfo
        self._statement_for = statement_for   # a seam for tests against plain PostgreSQL
        self._connect_timeout_s = connect_timeout_s
        self._conn: psycopg.AsyncConnection | None = None
        self._database: str | None = None       # the database _conn is on; None: the DSN's
        self._notice_sql: str | None = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    def _on_notice(self, diag: psycopg.errors.Diagnostic) -> None:
        sql = sql_from_notice(diag)
        if sql is not None:
            self._notice_sql = sql

    async def _connection(self, database: str | None) -> psycopg.AsyncConnection:
        if self._conn is not None and database != self._database:
            await self.close()
        if self._conn is None or self._conn.closed:
            conninfo = self._conninfo if database is None else make_conninfo(self._conninfo, dbname=database)
            self._conn = await psycopg.AsyncConnection.connect(
                conninfo, autocommit=True, connect_timeout=int(self._connect_timeout_s))
            self._conn.add_notice_handler(self._on_notice)
            self._database = database
        return self._conn

    async def predict(self, question: str, database: str | None = None) -> Prediction:
        self._notice_sql = None
        started = time.perf_counter()
        try:
            conn = await self._connection(database)
            cur = await conn.execute(self._statement_for(question))
            rows, width = await _last_result(cur)
        except psycopg.Error as exc:
            latency = time.perf_counter() - started
            logger.debug("ASK failed: %s", exc)
            sql = self._notice_sql or _sql_from_error(exc)
            return Prediction(sql=sql, rows=None, error=_error_text(exc), latency_s=latency,
                              sqlstate=exc.sqlstate)
        latency = time.perf_counter() - started
        return Prediction(sql=self._notice_sql, rows=rows, error=None, latency_s=latency, width=width)


async def _last_result(cur: psycopg.AsyncCursor) -> tuple[list[tuple[object, ...]], int]:
    """Rows and width of the last result that has columns (an ASK answers with one)."""
    rows: list[tuple[object, ...]] = []
    width = 0
    while True:
        if cur.description is not None:
            rows, width = await cur.fetchall(), len(cur.description)
        if not cur.nextset():
            return rows, width


def _sql_from_error(exc: psycopg.Error) -> str | None:
    """A rejected ASK shows its SQL in the error's DETAIL; take it when it is there."""
    detail = exc.diag.message_detail if exc.diag is not None else None
    if not detail:
        return None
    match = NOTICE_SQL.search(detail)
    return match.group("sql").strip() if match else detail.strip()
