"""The errors the proxy itself reports to a client; the ASK pipeline's are in :mod:`ask.errors`.

Every class carries a SQLSTATE and severity, so that any failure can be turned into a
PostgreSQL ErrorResponse by one function (:func:`proxy.wire.messages.error_response`).
Upstream errors are never wrapped: they are relayed verbatim by the session.
"""

from __future__ import annotations

# Re-exported, so that the proxy imports every error it reports from one module.
from ask.errors import (AskError, AskProxyError, AskSyntaxError, AskTimeout,
                        AskUnavailable, DataChangeRequested, EngineFailure, EngineOverloaded,
                        NotWithAsk, QuestionNotAnswerable, QuestionTooLong, RejectedSQL,
                        UntranslatableCharacter, UntranslatableQuestion)

__all__ = ["AskError", "AskProxyError", "AskSyntaxError", "AskTimeout", "AskUnavailable",
           "DataChangeRequested", "QuestionNotAnswerable", "EngineFailure", "EngineOverloaded", "NotWithAsk", "QuestionTooLong", "RejectedSQL",
           "UntranslatableCharacter", "UntranslatableQuestion", "ProtocolViolation",
           "ChannelBindingUnavailable", "TooManyConnections", "UpstreamUnavailable",
           "UpstreamConnectFailed", "AdminShutdown", "AuthenticationTimeout", "IdleTimeout",
           "InternalError"]


class ProtocolViolation(AskProxyError):
    """The client broke the wire protocol; the connection is closed after the error."""

    sqlstate = "08P01"
    severity = "FATAL"


class ChannelBindingUnavailable(AskProxyError):
    sqlstate = "28000"   # invalid_authorization_specification
    severity = "FATAL"


class TooManyConnections(AskProxyError):
    sqlstate = "53300"
    severity = "FATAL"


class UpstreamUnavailable(AskProxyError):
    """The upstream server could not be reached or went away."""

    sqlstate = "08006"
    severity = "FATAL"


class UpstreamConnectFailed(UpstreamUnavailable):
    """No session with the upstream server could be established (refused, timed out, TLS
    negotiation failed, no ReadyForQuery within the startup bound). ``cause`` is a short
    label for logs and the ``askproxy_upstream_connect_failures`` metric: refused,
    unreachable, timeout, closed, no_ssl, tls."""

    sqlstate = "08001"   # sqlclient_unable_to_establish_sqlconnection

    def __init__(self, message: str, *, cause: str = "other", detail: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message, detail=detail, hint=hint)
        self.cause = cause


class AdminShutdown(AskProxyError):
    sqlstate = "57P01"
    severity = "FATAL"


class AuthenticationTimeout(AskProxyError):
    """The client did not finish authenticating within limits.startup_timeout_s."""

    sqlstate = "57014"  # query_canceled, as PostgreSQL's authentication_timeout
    severity = "FATAL"


class IdleTimeout(AskProxyError):
    sqlstate = "57P05"  # idle_session_timeout
    severity = "FATAL"


class InternalError(AskProxyError):
    sqlstate = "XX000"
