"""The connection id on every log line, also from code that knows nothing of sessions.

A session sets :data:`CONNECTION` in its own task's context; asyncio copies the context into
the tasks and threads (``asyncio.to_thread``) it starts, so the ASK pipeline's log lines
(``ask.planner``, ``proxy.ask_execution``) carry the id of the connection they work for.
:class:`ConnectionFilter`, on the CLI's log handler, writes it into each record as ``conn``
unless the record already has one (a ``LoggerAdapter`` with ``{"conn": id}``).
"""

from __future__ import annotations

import contextvars
import logging

CONNECTION: contextvars.ContextVar[int | None] = contextvars.ContextVar("askproxy_connection",
                                                                       default=None)


class ConnectionFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "conn"):
            conn = CONNECTION.get()
            record.conn = "-" if conn is None else conn
        return True
