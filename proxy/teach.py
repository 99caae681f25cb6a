"""Running a TEACH ASK statement inside a client's session, in either protocol.

The checks (:mod:`ask.teaching`: may the caller insert, does the SQL validate, does it run
read-only) happen before anything is written; then the example is inserted by the caller's own
session, so PostgreSQL's privileges, row-level security and the table's defaults decide.

Simple protocol: the INSERT runs as an internal statement of the proxy's, inside the client's
transaction block when there is one (then in a savepoint released on success, so the example
commits or rolls back with the block, and a failing TEACH does not abort the block, as a
failing ASK does not). The client gets a NOTICE with the new example's id and the command tag
``INSERT 0 1``.

Extended protocol: the checks run at the Parse, whose text then becomes the INSERT, so the
client's Bind/Execute store the example as any statement of the client's: in its transaction,
in pipeline order, once per Execute of a prepared TEACH. The checks must run before the batch
has started upstream: a TEACH after other statements of the same batch (no Sync before it) is
refused (0A000), since its read-only proof cannot run inside the batch's implicit transaction.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from ask.context.examples import visible_to
from ask.teaching import Lesson, insert_sql, prepare_lesson
from ask.upstream import UpstreamQueryError
from proxy.ask_detector import TeachStatement
from proxy.errors import AskProxyError, AskUnavailable, NotWithAsk
from proxy.wire import messages as m
from proxy.wire.tracker import Expect

from proxy.session_port import SessionPort

log = logging.getLogger(__name__)

TAG = "INSERT 0 1"


class AskRunner(Protocol):
    """What a TEACH uses of the ASK execution it runs in (proxy.ask_execution.AskExecution)."""
    s: SessionPort
    upstream: Any                   # proxy.ask_execution.SessionUpstream
    schemas: Any                    # ask.context.introspection.SchemaCache | None
    statement_timeout_ms: int

    def check_not_failed(self) -> None: ...
    def count_error(self, err: AskProxyError) -> None: ...
    async def fail_parse(self, err: AskProxyError) -> None: ...
    def fail_parse_planning(self, parse: m.Parse, exc: UpstreamQueryError | AskProxyError | None) -> None: ...
    def relay_skipped(self, parse: m.Parse) -> None: ...


class TeachFlow:
    def __init__(self, flow: AskRunner) -> None:
        self.flow = flow
        self.s = flow.s

    async def run_simple(self, teach: TeachStatement) -> bool:
        """One TEACH of a simple-protocol Query; False when it failed (the Query stops)."""
        flow, codec = self.flow, self.s.relay.codec
        try:
            flow.check_not_failed()
            lesson = await self._lesson(teach)
            result = await flow.upstream.fetch(insert_sql(lesson, returning=True))
        except UpstreamQueryError as exc:
            self.s.emit(m.error_response_fields(exc.fields, codec))
            return False
        except AskProxyError as exc:
            flow.count_error(exc)
            self.s.emit(m.error_response(exc, codec))
            return False
        example_id = result.rows[0][0]
        log.info("taught example %s", example_id)
        self.s.emit(m.notice_response(
            f"askproxy: taught example {example_id}: {lesson.question}",
            detail=f"SQL (ran read-only, {lesson.rows} rows): {lesson.sql}", encoding=codec)
            + m.command_complete(TAG))
        return True

    async def run_parse(self, parse: m.Parse, teach: TeachStatement) -> None:
        """An extended-protocol TEACH: checked now, its statement becomes the INSERT."""
        flow, s = self.flow, self.s
        if s.relay.server_skipping:      # the batch already failed: the server skips this
            return flow.relay_skipped(parse)
        if not flow.upstream.explain_safe:
            return await flow.fail_parse(NotWithAsk(
                "TEACH ASK cannot follow other statements in the same batch",
                hint="send Sync before TEACH ASK (in a pipeline: sync before it), or send it "
                     "as a simple query"))
        try:
            lesson = await self._lesson(teach)
            sql = insert_sql(lesson, returning=False)
            data = m.parse(parse.name, sql, encoding=s.relay.codec)
        except (UpstreamQueryError, AskProxyError) as exc:
            return flow.fail_parse_planning(parse, exc)
        s.emit(m.notice_response(
            f"askproxy: teaching: {lesson.question}",
            detail=f"SQL (ran read-only, {lesson.rows} rows): {lesson.sql}; the example is "
                   "stored when this statement executes", encoding=s.relay.codec))
        s.relay.ask_prepared(parse.name, wrapped=False, sql=sql.encode())
        s.send_upstream(data, [(Expect.PARSE, None)])

    async def _lesson(self, teach: TeachStatement) -> Lesson:
        schemas = self.flow.schemas
        if schemas is None:
            raise AskUnavailable("TEACH ASK is not available: ASK is off in this proxy")
        lesson, schema = await prepare_lesson(teach.question, teach.sql, schemas,
                                              self.flow.upstream, self.flow.statement_timeout_ms)
        if not visible_to(schema):
            # The cached contexts predate the table (askproxy init run on the server, not
            # through the proxy): drop them, so that the next ASK of every role reads examples.
            schemas.invalidate_all()
        return lesson
