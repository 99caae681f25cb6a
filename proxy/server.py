"""The listener: accepts clients, enforces the connection limit, shuts down gracefully.

Also builds what sessions share (``SessionServices``): the cancel registry, metrics, and the
ASK planner with its caches and translator.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import ssl
from typing import Any

from proxy.admin_view import ServerConsole
from proxy import native_relay
from proxy.config import Config
from proxy.errors import AdminShutdown
from proxy import relay_stream
from proxy.metrics import Metrics, OperationsMetrics
from proxy.cancel_registry import CancelRegistry
from proxy.sibling_route import SharedInvalidation, SiblingRoute, WorkerSlot
from proxy.relay_stream import RelayReader
from proxy.reload import PLANNER, Change, applied, diff
from proxy.session import Session, SessionServices

log = logging.getLogger(__name__)


def server_tls_context(config: Config) -> ssl.SSLContext | None:
    if not config.listen.tls_cert:
        return None
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(config.listen.tls_cert, config.listen.tls_key)
    return ctx


def build_ask_services(config: Config, translator: Any, unavailable: str | None = None,
                       ops: OperationsMetrics | None = None) -> tuple[Any, Any]:
    """The ASK planner and the schema cache it shares with sessions (for DDL invalidation);
    ``unavailable``: why there is no translator, for the error every ASK then gets; ``ops``:
    where the caches' hits, misses and sizes are exported."""
    from ask.context.examples import ExampleStore
    from ask.planner import AskPlanner, Steps
    from ask.context.introspection import SchemaCache
    from ask.translate.translation_cache import TranslationCache
    from ask.context.value_probe import ProbeSettings, ValueProbe

    a = config.ask
    schema_cache = SchemaCache(max_entries=a.schema_cache_size, max_bytes=a.schema_cache_mib << 20,
                               ttl_s=a.schema_ttl_s)
    probe = ValueProbe(ProbeSettings(
        max_rows=a.probe_max_rows, columns_per_table=a.probe_columns_per_table,
        max_columns=a.probe_max_columns, timeout_ms=a.probe_timeout_ms,
        cache_size=a.probe_cache_size, ttl_s=a.probe_ttl_s)) if a.probe_values else None
    translations = TranslationCache(a.translation_cache_size)
    examples = ExampleStore()
    if ops is not None:
        ops.caches.watch("schema", schema_cache)
        ops.caches.watch("translation", translations)
        ops.caches.watch("examples", examples)
        ops.engine.watch(translator)
    planner = AskPlanner(translator, schema_cache, translations,
                         translate_timeout_s=a.translate_timeout_s, explain_check=a.explain_check,
                         value_probe=probe, unavailable_reason=unavailable,
                         refuse_unanswerable=a.refuse_unanswerable, examples=examples,
                         steps=Steps.without(a.skipped_steps if a.self_examples
                                             else a.skipped_steps | {"generated_example"},
                                             by_sense=a.sense_placement))
    return planner, schema_cache


class ProxyServer:
    def __init__(self, config: Config, translator: Any = None,
                 metrics: Metrics | None = None, ask_unavailable: str | None = None,
                 worker: WorkerSlot | None = None) -> None:
        self.config = config
        self.worker = worker      # None: the only process (no supervisor, no siblings)
        self.metrics = metrics or Metrics()
        self.ops_metrics = OperationsMetrics(self.metrics.registry)
        self.registry = CancelRegistry()
        self._route = SiblingRoute(worker, self.registry) if worker is not None else None
        self.translator = translator
        self._ask_unavailable = ask_unavailable
        self.console = ServerConsole(self)
        self._sessions: dict[Session, asyncio.Task[Any]] = {}
        self.services = self._services(config)
        self._tls = server_tls_context(config)
        self._ids = itertools.count(1)
        self._server: asyncio.Server | None = None
        # Which relay sessions use ([server] native_relay; "on" without the C core refuses).
        log.info("relay core: %s", native_relay.describe(config.server.native_relay))

    def _services(self, config: Config, reuse: SessionServices | None = None) -> SessionServices:
        """What new sessions share; ``reuse``: keep its planner and caches (a reload that
        changed none of their settings)."""
        planner = schema_cache = None
        if reuse is not None:
            planner, schema_cache = reuse.ask, reuse.schema_cache
        elif config.ask.enabled:
            planner, schema_cache = build_ask_services(config, self.translator,
                                                       self._ask_unavailable, self.ops_metrics)
            if self._route is not None and schema_cache is not None:
                # siblings drop what this worker's sessions invalidate, and the other way round
                self._route.schema_cache = schema_cache
                schema_cache = SharedInvalidation(schema_cache, self._route)
        return SessionServices(config, self.registry, self.metrics, planner, schema_cache,
                               ops=self.ops_metrics, console=self.console)

    def reload(self, new: Config) -> list[Change]:
        """Apply what can change live to sessions made from now on (proxy/reload.py); the
        TLS certificates are re-read even when their paths are unchanged. Returns every
        difference, live or not, for the caller to log."""
        changes = diff(self.config, new)
        config = applied(self.config, new)
        tls = server_tls_context(config)          # before anything changes: may raise
        rebuild = any(c.key in PLANNER for c in changes)
        self.services = self._services(config, reuse=None if rebuild else self.services)
        self.config, self._tls = config, tls
        return changes

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.sockets[0].getsockname()[1]

    @property
    def sessions(self) -> list[Session]:
        return list(self._sessions)

    @property
    def active_sessions(self) -> int:
        return len(self._sessions)

    async def start(self) -> None:
        """Listen; a worker first opens its route to its siblings, then shares the port with its
        siblings (SO_REUSEPORT: the kernel spreads new connections over them)."""
        if self._route is not None:
            await self._route.start()
        self._server = await relay_stream.start_server(
            self._on_client, self.config.listen.host, self.config.listen.port,
            reuse_address=True, reuse_port=self.worker is not None, backlog=1024)
        log.info("askproxy %slistening on %s:%d, upstream %s:%d", self._worker_name(),
                 self.config.listen.host, self.port, self.config.upstream.host,
                 self.config.upstream.port)

    def _worker_name(self) -> str:
        return "" if self.worker is None else f"worker {self.worker.index} "

    async def _on_client(self, reader: RelayReader,
                         writer: asyncio.StreamWriter) -> None:
        over = len(self._sessions) >= self.config.limits.max_client_connections
        session = Session(next(self._ids), reader, writer, self.services, tls=self._tls,
                          over_limit=over)
        task = asyncio.current_task()
        assert task is not None
        self._sessions[session] = task
        self.metrics.connections_total.inc()
        self.metrics.connections_active.inc()
        try:
            await session.run()
        finally:
            self.metrics.connections_active.dec()
            del self._sessions[session]

    async def stop(self, grace_s: float | None = None,
                   force: asyncio.Event | None = None) -> None:
        """Stop accepting, let sessions finish within ``grace_s`` (or until ``force`` is set:
        a second signal), then close the rest with FATAL 57P01."""
        grace = self.config.limits.shutdown_grace_s if grace_s is None else grace_s
        if self._server is not None:
            self._server.close()
        tasks = list(self._sessions.values())
        # The route stays open while sessions finish: a cancel for one of them may still come.
        if tasks:
            log.info("waiting up to %.1fs for %d session(s)%s", grace, len(tasks),
                     "; a second SIGINT/SIGTERM closes them now" if force is not None else "")
            pending = await _wait_sessions(tasks, grace, force)
            for session, task in list(self._sessions.items()):
                if task in pending:
                    session.shutdown(AdminShutdown(
                        "terminating connection due to administrator command"))
            if pending:
                log.info("closed %d session(s) still open", len(pending))
                await asyncio.wait(pending, timeout=5.0)
        if self._route is not None:
            self._route.close()
        self.close_translator()

    def close_translator(self) -> None:
        if self.translator is not None and hasattr(self.translator, "close"):
            self.translator.close()


async def _wait_sessions(tasks: list[asyncio.Task[Any]], grace: float,
                         force: asyncio.Event | None) -> set[asyncio.Task[Any]]:
    """Wait until every session task is done, ``grace`` has passed or ``force`` is set; the
    tasks still running. Neither the timeout nor ``force`` cancels a session task."""
    all_done = asyncio.ensure_future(asyncio.wait(tasks))
    waiters: set[asyncio.Future[Any]] = {all_done}
    if force is not None:
        waiters.add(asyncio.ensure_future(force.wait()))
    try:
        await asyncio.wait(waiters, timeout=grace, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
    return {t for t in tasks if not t.done()}
