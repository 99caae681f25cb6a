"""Running an ASK inside a client's session, in either protocol.

Simple protocol: the question is planned (schema context, translation, validation), then the
SQL runs in a read-only transaction — or, inside the client's transaction block, in a
read-only savepoint that is rolled back afterwards — and only its rows reach the client, with
a NoticeResponse showing the SQL. Extended protocol: the translated SQL replaces the text of
the client's Parse, so Describe/Bind/Execute then work as for any statement.

Every client-visible byte goes through ``session.emit`` or a relay sink, so it stays in order
with responses to anything the client pipelined before the ASK.

Text crosses the wire in the client's encoding (``relay.codec``): plain statements of a
mixed Query are relayed as the bytes the client sent, and what the proxy writes itself — its
SQL to the server, notices, errors, preview rows — is encoded with that codec (see
:mod:`proxy.wire.messages` for characters it cannot represent).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Awaitable
from typing import Any

from ask import timing
from proxy.ask_detector import (AskStatement, Segment, Statement, TeachStatement,
                                executed_statements)
from ask.planner import Plan
from ask.upstream import QueryResult, UpstreamQueryError
from proxy.config import AskConfig
from proxy.errors import (AskError, AskProxyError, AskTimeout, AskUnavailable, InternalError,
                          NotWithAsk,
                          UntranslatableCharacter)
from proxy.metrics import Metrics, OperationsMetrics
from proxy.read_only import ExtendedReadOnly
from proxy.response_sinks import InternalSink, RelaySink, UpstreamSkipped
from proxy.session_port import SessionPort
from proxy.teach import TeachFlow
from proxy.wire import inject
from proxy.wire import messages as m
from proxy.wire.inject import End, Injection
from proxy.wire.inject import Statement as Injected
from proxy.wire.read_only_wrap import guard_statements, unguard_statements
from proxy.wire.tracker import Expect


log = logging.getLogger(__name__)

NOTICE_PREFIX = "askproxy: generated SQL: "
TAUGHT_PREFIX = "askproxy: SQL of taught example {id}: "
ADAPTED_PREFIX = "askproxy: adapted from a taught example ({id}): "
READ_PREFIX = "askproxy: read from the question's words (no model), generated SQL: "
GENERATED_PREFIX = ("askproxy: from an example written over this schema by the proxy (no model), "
                    "generated SQL: ")
# What the proxy's catalog reads run under (``SessionUpstream.fetch_catalog``).
CATALOG_SETTINGS = (("jit", "off"),)


def plan_notice(plan: Plan) -> str:
    """What the NOTICE of an ASK says: the SQL that runs, and where it came from."""
    if plan.example_id is not None and plan.adapted:
        return ADAPTED_PREFIX.format(id=plan.example_id) + plan.sql
    if plan.example_id is not None:
        return TAUGHT_PREFIX.format(id=plan.example_id) + plan.sql
    if plan.reading:
        return READ_PREFIX + plan.sql
    if plan.generated:
        return GENERATED_PREFIX + plan.sql
    return NOTICE_PREFIX + plan.sql


class InFailedTransaction(AskError):
    sqlstate = "25P02"


class SessionUpstream:
    """The ``ask.upstream.Upstream`` protocol over the client's own connection."""

    def __init__(self, session: SessionPort) -> None:
        self.s = session
        # The first error of a read made inside the client's open batch: the server now skips
        # the batch, so the client's own statements in it are lost unless it hears of this.
        self.batch_failure: dict[str, str] | None = None
        # The sinks of the running plan's reads (None: no plan is running, nothing is kept).
        self._reads: list[InternalSink] | None = None
        # Reads of a cancelled plan still being answered: the session relays nothing more of
        # the client's until they are drained (``drained``).
        self._abandoned: list[asyncio.Future[None]] = []

    def begin_plan(self) -> None:
        self._reads = []

    def end_plan(self) -> None:
        self._reads = None

    def abandon_reads(self) -> None:
        """The plan was cancelled: its reads still pending are drained unwatched, and the
        client's answer need not wait for them (``ResponseTracker.abandon``). Only outside a
        transaction block and a batch, where each read ends in an implicit transaction of its
        own at its Sync, so the session's state after them is the one before them, whether or
        not the forwarded cancel stops them."""
        relay, reads = self.s.relay, self._reads
        if not reads or relay.tx_status != "I" or relay.batch_open:
            return
        for sink in reads:
            sink.abandon()
            assert sink.drained is not None
            if not sink.drained.done():
                self._abandoned.append(sink.drained)
        relay.abandon(reads)

    async def drained(self) -> None:
        """Wait until every abandoned read is answered or skipped (also when the connection
        is lost: the tracker then skips them)."""
        pending, self._abandoned = [f for f in self._abandoned if not f.done()], []
        if pending:
            await asyncio.wait(pending)

    def _sink(self, entries: int = 1) -> InternalSink:
        sink = InternalSink(entries=entries, encoding=self.s.relay.codec)
        if self._reads is not None:
            self._reads.append(sink)
        return sink

    @property
    def explain_safe(self) -> bool:
        """Whether a failing statement would stay contained (not inside an open batch)."""
        return not self.s.relay.batch_open

    async def fetch(self, sql: str) -> QueryResult:
        s = self.s
        mid_batch = s.relay.batch_open
        savepoint = not mid_batch and s.relay.tx_status == "T"
        if savepoint:
            await self._simple("SAVEPOINT askproxy_q")
        try:
            result = await self._extended(sql, mid_batch)
        except UpstreamQueryError:
            if savepoint:
                await self._simple("ROLLBACK TO SAVEPOINT askproxy_q; RELEASE SAVEPOINT askproxy_q")
            raise
        if savepoint:
            await self._simple("RELEASE SAVEPOINT askproxy_q")
        return result

    async def fetch_guarded(self, sql: str, timeout_ms: int) -> QueryResult:
        """``sql`` read-only under its own statement_timeout (:meth:`_fetch_local`)."""
        if self.s.relay.batch_open:
            raise UpstreamQueryError({"C": "55000", "M": "no guarded query inside a batch"})
        return await self._fetch_local(sql, (("statement_timeout", str(int(timeout_ms))),
                                             ("transaction_read_only", "on")))

    async def fetch_catalog(self, sql: str) -> QueryResult:
        """A read of the system catalogs with JIT off for it alone (:meth:`_fetch_local`): on
        a catalog of thousands of tables the planner's estimate crosses ``jit_above_cost``,
        and compiling costs more than the query. Inside an open batch nothing can be set
        without reaching the client's own statements, so it runs as :meth:`fetch` does."""
        if self.s.relay.batch_open:
            return await self.fetch(sql)
        return await self._fetch_local(sql, CATALOG_SETTINGS)

    async def _fetch_local(self, sql: str, settings: tuple[tuple[str, str], ...]) -> QueryResult:
        """``sql`` with ``settings`` made LOCAL, in one pipeline: outside a block they end
        with the implicit transaction at Sync (also when ``sql`` fails); inside the client's
        block, in a savepoint that is always rolled back, which restores them exactly. Only
        a failure inside a block costs a second round trip (the rollback)."""
        s = self.s
        in_block = s.relay.tx_status == "T"
        guard = "SELECT " + ", ".join(f"set_config('{name}', '{value}', true)"
                                      for name, value in settings)
        undo = "ROLLBACK TO SAVEPOINT askproxy_probe; RELEASE SAVEPOINT askproxy_probe"
        before = (["SAVEPOINT askproxy_probe"] if in_block else []) + [guard]
        after = undo.split("; ") if in_block else []
        pre, main, post = (self._statements(before), self._statements([sql], describe=True),
                           self._statements(after, End.SYNC))
        pre_sink, main_sink, post_sink = (self._sink(i.entries) for i in (pre, main, post))
        s.inject((pre, pre_sink), (main, main_sink), (post, post_sink))
        cancelled = False
        try:
            return await main_sink.result()
        except asyncio.CancelledError:
            cancelled = True
            raise
        finally:
            # Cancelled outside a block, the Sync ends what ran: nothing to wait for or undo.
            if in_block or not cancelled:
                await post_sink.done
            if in_block and s.relay.tx_status == "E":
                await self._simple(undo)

    async def _extended(self, sql: str, mid_batch: bool) -> QueryResult:
        # A named statement never clobbers the client's unnamed one; closing first makes a
        # statement leaked by an earlier failure harmless.
        injection = self._statements([sql], End.FLUSH if mid_batch else End.SYNC, describe=True)
        sink = self._sink(injection.entries)
        self.s.inject((injection, sink))
        await sink.done
        if mid_batch and sink.error is not None and self.batch_failure is None:
            # The client's batch failed with our read: whoever catches the error below, the
            # client must be told (see AskExecution.run_parse).
            self.batch_failure = sink.error
        return await sink.result()

    async def _simple(self, sql: str) -> QueryResult:
        sink = self._sink()
        self.s.send_upstream(m.query(sql, self.s.relay.codec), [(Expect.QUERY, sink)])
        return await sink.result()

    def _statements(self, sqls: list[str], end: End = End.NONE,
                    describe: bool = False) -> Injection:
        """``sqls`` under the proxy's statement name in the client's encoding (``describe``:
        the last one's rows are wanted); a character it lacks fails the statement as the server
        would fail it (the planner then tries the next candidate)."""
        try:
            return inject.statements(sqls, end, encoding=self.s.relay.codec, describe_last=describe)
        except UntranslatableCharacter as exc:
            raise UpstreamQueryError(m.error_fields(exc)) from None


def preview_sql(sql: str) -> str:
    """A statement returning ``sql`` as a one-row, one-column result (dollar-quoted)."""
    for n in itertools.count():
        tag = f"$askproxy{n}$"
        if tag not in sql:
            return f"SELECT {tag}{sql}{tag}::text AS generated_sql"
    raise AssertionError("unreachable")


class AskExecution:
    def __init__(self, session: SessionPort, cfg: AskConfig, planner: Any, metrics: Metrics,
                 ops: OperationsMetrics | None, schemas: Any = None) -> None:
        self.s = session
        self.schemas = schemas          # ask.context.introspection.SchemaCache | None (TEACH reads it)
        self.relay = session.relay
        self.statement_timeout_ms = cfg.statement_timeout_ms
        self.planner = planner          # ask.planner.AskPlanner | None
        self.metrics = metrics
        self.ops = ops
        self.upstream = SessionUpstream(session)
        self._translation: asyncio.Task | None = None
        self.read_only = ExtendedReadOnly(session, cfg.statement_timeout_ms)
        self.teach = TeachFlow(self)

    # --- entry points (return awaitables the session runs) ----------------------------------

    async def run_query(self, segments: list[Segment]) -> None:
        """A simple-protocol Query holding at least one ASK: one coherent response stream."""
        for seg in segments:
            ok = await (self._plain(seg.raw) if seg.ask is None else self._statement(seg.ask))
            if not ok:
                break
        self.s.emit(m.ready_for_query(self.s.relay.tx_status))

    async def fail_query(self, err: AskError) -> None:
        self.count_error(err)
        relay = self.s.relay
        self.s.emit(m.error_response(err, relay.codec) + m.ready_for_query(relay.tx_status))

    async def run_execute(self, body: bytes) -> None:
        """A Query that ``EXECUTE``s a prepared ASK statement: alone, it runs read-only like
        the ASK; next to other statements it is refused (the wrapping would change them)."""
        data = m.query_bytes(body)
        if not all(alone for name, alone in executed_statements(data)
                   if name in self.relay.ask_statements):
            return await self.fail_query(NotWithAsk(
                "EXECUTE of a prepared ASK statement must be a query of its own",
                hint="send the other statements separately"))
        if self.s.relay.tx_status == "E":
            return await self.fail_query(InFailedTransaction(
                "current transaction is aborted, commands ignored until end of transaction block"))
        codec = self.s.relay.codec
        await self._execute_read_only(inject.statement(data.decode(codec, "replace"), name="",
                                                       describe=True, encoding=codec))
        self.s.emit(m.ready_for_query(self.s.relay.tx_status))

    async def run_parse(self, parse: m.Parse, ask: Statement) -> None:
        self.upstream.batch_failure = None
        if isinstance(ask, TeachStatement):
            return await self.teach.run_parse(parse, ask)
        self.metrics.ask_requests.labels("extended").inc()
        if self.s.relay.server_skipping:      # the batch already failed: the server skips this
            return self.relay_skipped(parse)
        try:
            with timing.recording() as spent:
                try:
                    plan = await self._plan(ask.question)
                finally:
                    self._observe(spent)
        except (UpstreamQueryError, AskProxyError) as exc:
            return self.fail_parse_planning(parse, exc)
        if self.upstream.batch_failure is not None:
            return self.fail_parse_planning(parse, None)
        sql = preview_sql(plan.sql) if ask.preview else plan.sql
        codec = self.s.relay.codec
        self.s.relay.ask_prepared(parse.name, wrapped=not ask.preview)
        if not ask.preview:
            self.s.emit(m.notice_response(plan_notice(plan), encoding=codec))
        try:
            data = m.parse(parse.name, sql, encoding=codec)
        except AskProxyError as exc:    # the client's encoding lacks a character of the SQL
            return self._fail_in_batch(m.error_response(exc, codec))
        self.s.send_upstream(data, [(Expect.PARSE, None)])

    # --- extended protocol: the ASK statement's execution is wrapped by proxy/read_only.py ---

    async def fail_parse(self, err: AskProxyError) -> None:
        self.count_error(err)
        self._fail_in_batch(m.error_response(err, self.s.relay.codec))

    def cancel_translation(self) -> None:
        if self._translation is not None and not self._translation.done():
            self._translation.cancel()

    # --- steps --------------------------------------------------------------------------------

    async def _plain(self, raw: bytes) -> bool:
        """Relay plain statements as their own Query, the client's bytes unchanged."""
        sink = RelaySink(drop=b"Z")
        self.s.note_ddl(raw)
        self.s.send_upstream(m.query_raw(raw), [(Expect.QUERY, sink)])
        await sink.done
        return sink.error is None

    def _statement(self, stmt: Statement) -> Awaitable[bool]:
        if isinstance(stmt, TeachStatement):
            return self.teach.run_simple(stmt)
        return self._ask_simple(stmt)

    def check_not_failed(self) -> None:
        """Simple protocol: nothing of ours runs in an aborted transaction block."""
        if self.s.relay.tx_status == "E":
            raise InFailedTransaction("current transaction is aborted, commands ignored "
                                      "until end of transaction block")

    async def _ask_simple(self, ask: AskStatement) -> bool:
        self.metrics.ask_requests.labels("simple").inc()
        with timing.recording() as spent:
            try:
                return await self._ask_simple_timed(ask)
            finally:
                self._observe(spent)

    async def _ask_simple_timed(self, ask: AskStatement) -> bool:
        try:
            self.check_not_failed()
            plan = await self._plan(ask.question)
            codec = self.s.relay.codec
            # Encoded before anything is sent: SQL or a row value with a character the client's
            # encoding lacks fails the statement (22P05), as it would in PostgreSQL.
            built = (m.row_description([("generated_sql", m.TEXT_OID)])
                     + m.data_row([plan.sql], codec) + m.command_complete("SELECT 1")
                     ) if ask.preview else inject.statement(plan.sql, name="", describe=True,
                                                            encoding=codec)
        except UpstreamQueryError as exc:
            self.s.emit(m.error_response_fields(exc.fields, self.s.relay.codec))
            return False
        except AskProxyError as exc:
            self.count_error(exc)
            self.s.emit(m.error_response(exc, self.s.relay.codec))
            return False
        if isinstance(built, bytes):
            self.s.emit(built)
            return True
        self.s.emit(m.notice_response(plan_notice(plan), encoding=codec))
        with timing.stage("execute"):
            return await self._execute_read_only(built)

    async def _plan(self, question: str):  # -> ask.planner.Plan
        if self.planner is None:
            raise AskUnavailable(
                "ASK is not available: no text-to-SQL model is configured",
                hint="set [ask] model in askproxy.toml or pass --model DIR to askproxy serve")
        started = time.perf_counter()
        self.upstream.begin_plan()
        task = asyncio.ensure_future(self.planner.plan(question, self.upstream))
        self._translation = task
        try:
            return await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise
            # The client hears of the cancel now, not when the read it interrupted ends (the
            # forwarded cancel stops that read upstream; its answer is drained in order).
            self.upstream.abandon_reads()
            raise AskTimeout("canceling statement due to user request") from None
        except (AskProxyError, UpstreamQueryError):
            raise
        except Exception as exc:   # a bug of ours must cost one statement, not the session
            log.exception("internal error while planning an ASK")
            raise InternalError("internal error while translating the question",
                                detail=type(exc).__name__) from exc
        finally:
            self._translation = None
            self.upstream.end_plan()
            self.metrics.ask_latency.observe(time.perf_counter() - started)

    async def _execute_read_only(self, statement: Injected) -> bool:
        """Run the generated statement (unnamed, described) read-only."""
        in_block = self.s.relay.tx_status == "T"
        pre = "; ".join(guard_statements(self.statement_timeout_ms, savepoint=in_block))
        post = "; ".join(unguard_statements(savepoint=in_block))
        try:
            await self.upstream._simple(pre)
        except UpstreamQueryError as exc:
            self.s.emit(m.error_response_fields(exc.fields, self.s.relay.codec))
            return False
        # Unnamed statement: the client's Query already discarded its unnamed one.
        injection = Injection((statement,), End.SYNC)
        sink = RelaySink(entries=injection.entries)
        self.s.inject((injection, sink))
        await sink.done
        try:
            await self.upstream._simple(post)
        except UpstreamQueryError as exc:   # cannot happen short of a broken server
            log.warning("closing the ASK transaction failed: %s", exc)
        return sink.error is None

    def fail_parse_planning(self, parse: m.Parse,
                             exc: UpstreamQueryError | AskProxyError | None) -> None:
        """Planning an extended-protocol ASK failed, or a read of ours failed inside the
        client's batch (then the batch is lost whatever the planner made of it, and that
        error is the one the client must hear)."""
        failure, self.upstream.batch_failure = self.upstream.batch_failure, None
        codec = self.s.relay.codec
        if failure is not None:
            return self._fail_in_batch(m.error_response_fields(failure, codec), ours=True)
        if isinstance(exc, UpstreamSkipped):
            return self.relay_skipped(parse)
        if isinstance(exc, UpstreamQueryError):
            return self._fail_in_batch(m.error_response_fields(exc.fields, codec), ours=True)
        assert exc is not None
        self.count_error(exc)
        self._fail_in_batch(m.error_response(exc, codec))

    def relay_skipped(self, parse: m.Parse) -> None:
        """An ASK in a batch the client's own error already failed: the server skips its
        Parse, as it would any statement."""
        self.s.send_upstream(m.parse(parse.name, parse.query, parse.param_types),
                             [(Expect.PARSE, None)])

    def _fail_in_batch(self, error: bytes, ours: bool = False) -> None:
        """The ASK fails mid-batch: its error, then nothing up to Sync. When the server is
        already skipping the batch for an error of the client's, PostgreSQL would report only
        that first one; an error of our own reads (``ours``) is the batch's failure and goes
        out."""
        if ours or not self.s.relay.server_skipping:
            self.s.emit(error)
        self.s.relay.fail_batch()

    def _observe(self, spent: timing.AskTimings) -> None:
        histogram = self.metrics.ask_stage_seconds
        for name, seconds in spent.seconds.items():
            histogram.labels(name).observe(seconds)

    def count_error(self, err: AskProxyError) -> None:
        self.metrics.ask_errors.labels(err.kind).inc()
        if self.ops is not None:
            self.ops.ask_errors.labels(err.sqlstate).inc()
        # The message may quote the question or the generated SQL: those only at DEBUG.
        log.info("ASK failed: %s (%s)", err.kind, err.sqlstate)
        log.debug("ASK failed: %s", err.message)
