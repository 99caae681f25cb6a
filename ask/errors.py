"""The errors an ASK can end in, each with its SQLSTATE.

Every class carries a SQLSTATE and severity, so that the proxy turns any of them into a
PostgreSQL ErrorResponse with one function (:func:`proxy.wire.messages.error_response`). The
pipeline raises them; the proxy adds its own connection-level errors in :mod:`proxy.errors`.
"""

from __future__ import annotations


class AskProxyError(Exception):
    """Base class: an error that reaches the client as an ErrorResponse."""

    sqlstate = "XX000"
    severity = "ERROR"

    def __init__(self, message: str, *, detail: str | None = None, hint: str | None = None,
                 sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.hint = hint
        if sqlstate is not None:
            self.sqlstate = sqlstate

    @property
    def kind(self) -> str:
        """A short label for metrics and logs (the class name)."""
        return type(self).__name__


class AskError(AskProxyError):
    """Base class for failures of an ASK statement; the session stays usable afterwards."""


class AskUnavailable(AskError):
    """No text-to-SQL model is configured."""

    sqlstate = "0A000"  # feature_not_supported


class NotWithAsk(AskError):
    """A statement the proxy cannot run next to an ASK (COPY FROM STDIN in the same Query)."""

    sqlstate = "0A000"  # feature_not_supported


class AskSyntaxError(AskError):
    """The ASK statement itself is malformed (e.g. an empty question)."""

    sqlstate = "42601"


class QuestionTooLong(AskError):
    """An ASK question (or a text starting with ASK) over the configured size limits."""

    sqlstate = "54000"  # program_limit_exceeded


class UntranslatableQuestion(AskError):
    """The model produced no candidate SQL that passed validation."""

    sqlstate = "42000"


class QuestionNotAnswerable(AskError):
    """The question does not map onto the caller's schema (it is about something the database
    does not hold, or is not a question at all): refused before translation, nothing runs
    (:mod:`ask.context.refusal`). Class 42 like the other translation failures: the question, not
    the session, is at fault."""

    sqlstate = "42000"  # syntax_error_or_access_rule_violation


class DataChangeRequested(QuestionNotAnswerable):
    """The question asks to change data ("delete all cancelled orders"). ASK only reads, so
    this is the SQLSTATE the validator gives a generated DELETE: the caller may not do it
    through ASK, whatever the role's own privileges."""

    sqlstate = "42501"  # insufficient_privilege


class RejectedSQL(AskError):
    """A generated statement failed validation; ``detail`` shows the SQL and why."""

    sqlstate = "42501"  # insufficient_privilege: the statement would do what ASK may not

    def __init__(self, message: str, *, sql: str, sqlstate: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, detail=f"generated SQL: {sql}", hint=hint, sqlstate=sqlstate)
        self.sql = sql


class UntranslatableCharacter(AskError):
    """Text the proxy must send (SQL, a row value) has a character the client's encoding
    cannot represent; PostgreSQL raises the same error for such data."""

    sqlstate = "22P05"  # untranslatable_character


class AskTimeout(AskError):
    sqlstate = "57014"  # query_canceled


class EngineFailure(AskError):
    sqlstate = "58000"  # system_error


class EngineOverloaded(AskError):
    sqlstate = "53000"  # insufficient_resources


class ExamplesTableMissing(AskError):
    """TEACH ASK in a database without ``askproxy.examples`` (``askproxy init`` creates it)."""

    sqlstate = "42P01"  # undefined_table


class TeachNotPermitted(AskError):
    """The caller may not insert into ``askproxy.examples``: PostgreSQL's privileges decide who
    may teach, as for any INSERT."""

    sqlstate = "42501"  # insufficient_privilege
