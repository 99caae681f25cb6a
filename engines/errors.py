"""The engine's own failures. The ASK pipeline maps them to SQLSTATEs
(:meth:`ask.translate.engine_translator.EngineTranslator`); nothing here knows about PostgreSQL."""

from __future__ import annotations


class EngineError(Exception):
    """The engine could not produce a result; ``hint`` suggests what the caller can do."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class EngineTimeout(EngineError):
    """The request did not finish within the caller's time limit (it was cancelled)."""


class EngineBusy(EngineError):
    """The request queue is full."""


class EngineStopped(EngineError):
    """The engine is not running, is shutting down, or failed while running the request."""


class EngineUnavailable(EngineStopped):
    """The shared engine server cannot be reached (it is starting, restarting, or failed)."""
