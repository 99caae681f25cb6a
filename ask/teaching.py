"""TEACH ASK: check a taught question/SQL pair before it is stored as an example.

The SQL gets exactly the checks generated SQL gets (:func:`ask.checks.validator.validate` against the
caller's schema context), then runs once, read-only under the ASK statement timeout, to prove
that it executes: ``SELECT count(*)`` over it, so it runs to the end and only a count comes
back. Who may teach is PostgreSQL's decision (INSERT on ``askproxy.examples``), checked here
first so that the caller gets a clear error instead of a relation error mid-statement; the
INSERT itself (:func:`insert_sql`) runs on the caller's session, as the caller, so row-level
security's WITH CHECK and the table's defaults (``created_by = current_user``) apply.

Nothing here touches the wire: the proxy (proxy/teach.py) decides when these statements run.
"""

from __future__ import annotations

from dataclasses import dataclass

from ask.errors import ExamplesTableMissing, RejectedSQL, TeachNotPermitted
from ask.context.examples import QUALIFIED, SCHEMA, TABLE, without_examples_table
from ask.schema import SchemaContext
from ask.context.introspection import SchemaCache
from ask.upstream import UpstreamQueryError
from ask.checks.validator import validate
from ask.context.value_probe import GuardedUpstream

# SQLSTATE classes about the session, not the taught SQL: relayed as the server said them.
_SESSION_FAILURES = ("08", "25", "40", "53", "57", "58", "XX")

PRIVILEGES_SQL = (
    "SELECT has_schema_privilege(n.oid, 'USAGE'), has_table_privilege(c.oid, 'INSERT'), "
    "current_user FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    f"WHERE n.nspname = '{SCHEMA}' AND c.relname = '{TABLE}' AND c.relkind IN ('r', 'p')")


@dataclass(frozen=True, slots=True)
class Lesson:
    question: str
    sql: str          # as validated: the statement alone
    rows: int         # what it returned when it ran


async def check_may_teach(upstream: GuardedUpstream) -> None:
    rows = (await upstream.fetch(PRIVILEGES_SQL)).rows
    if not rows:
        raise ExamplesTableMissing(
            f'relation "{QUALIFIED}" does not exist: this database has no taught examples yet',
            hint="run askproxy init --dsn DSN (as a role that may create a schema) once for "
                 "this database")
    usage, insert, role = rows[0]
    if usage != "t" or insert != "t":
        raise TeachNotPermitted(
            f"permission denied: role {role} may not teach (insert into {QUALIFIED})",
            hint=f"the database owner can GRANT USAGE ON SCHEMA {SCHEMA} and "
                 f"INSERT ON {QUALIFIED} TO {role}")


async def prepare_lesson(question: str, sql: str, schemas: SchemaCache,
                         upstream: GuardedUpstream, timeout_ms: int
                         ) -> tuple[Lesson, SchemaContext]:
    """Check that the caller may teach, validate ``sql`` as generated SQL is validated, and run
    it once read-only; the lesson, and the caller's schema context as read. Raises :class:`RejectedSQL` (the validator's SQLSTATE, or the server's
    when it fails to run) and the errors of :func:`check_may_teach`."""
    await check_may_teach(upstream)
    try:
        schema = await schemas.get(upstream)
        validated = validate(sql, without_examples_table(schema))
    except RejectedSQL as exc:
        raise _taught(exc) from None
    try:
        result = await upstream.fetch_guarded(
            f"SELECT count(*) FROM ({validated.sql}) AS taught", timeout_ms)
    except UpstreamQueryError as exc:
        if exc.sqlstate.startswith(_SESSION_FAILURES):
            raise
        raise _taught(RejectedSQL(f"the taught SQL failed when run: {exc}", sql=validated.sql,
                                  sqlstate=exc.sqlstate)) from exc
    return Lesson(question, validated.sql, int(result.rows[0][0] or 0)), schema


def _taught(exc: RejectedSQL) -> RejectedSQL:
    """The validator's error, saying whose SQL it is about."""
    exc.detail = f"taught SQL: {exc.sql}"
    return exc


def insert_sql(lesson: Lesson, *, returning: bool) -> str:
    """The INSERT storing ``lesson``, literals escaped whatever standard_conforming_strings."""
    return (f"INSERT INTO {QUALIFIED} (question, sql) VALUES "
            f"({_literal(lesson.question)}, {_literal(lesson.sql)})"
            + (" RETURNING id" if returning else ""))


def _literal(text: str) -> str:
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
