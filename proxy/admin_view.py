"""What the admin console reads from a running server (:class:`proxy.admin.ConsoleView`).

Counters come from the server's own Prometheus registry, so the console and ``/metrics`` can
never disagree; sessions from the server's session table; the configuration from the config
the server runs with now (after any SIGHUP reload). With several worker processes each answers
from its own (``SHOW STATS`` says which worker that is).
"""

from __future__ import annotations

import time
from dataclasses import fields
from typing import Any, Protocol

from proxy import native_relay
from proxy.admin import Row
from proxy.config import SECTIONS, Config
from proxy.sibling_route import WorkerSlot
from proxy.config_values import key_name, literal

from proxy.metrics import Metrics, OperationsMetrics
from proxy.session import Session, SessionServices

# (row name, metric sample, labels)
_STATS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("connections_total", "askproxy_connections_total", {}),
    ("connections_active", "askproxy_connections_active", {}),
    ("bytes_client_to_server", "askproxy_bytes_relayed_total", {"direction": "client_to_server"}),
    ("bytes_server_to_client", "askproxy_bytes_relayed_total", {"direction": "server_to_client"}),
    ("ask_requests_simple", "askproxy_ask_requests_total", {"protocol": "simple"}),
    ("ask_requests_extended", "askproxy_ask_requests_total", {"protocol": "extended"}),
    ("engine_waiting", "askproxy_engine_requests", {"state": "waiting"}),
    ("engine_running", "askproxy_engine_requests", {"state": "running"}),
    ("engine_steps", "askproxy_engine_steps_total", {}),
    ("engine_step_rows", "askproxy_engine_step_rows_total", {}),
)
# families summed over their labels
_TOTALS = (("ask_errors", "askproxy_ask_errors_by_sqlstate"),
           ("upstream_connect_failures", "askproxy_upstream_connect_failures"),
           ("login_failures", "askproxy_login_failures"))


class RunningServer(Protocol):
    """What the console reads of ``proxy.server.ProxyServer`` (which builds this view)."""

    @property
    def config(self) -> Config: ...

    @property
    def metrics(self) -> Metrics: ...

    @property
    def ops_metrics(self) -> OperationsMetrics: ...

    @property
    def services(self) -> SessionServices: ...

    @property
    def sessions(self) -> list[Session]: ...

    @property
    def worker(self) -> WorkerSlot | None: ...


class ServerConsole:
    def __init__(self, server: RunningServer) -> None:
        self._server = server
        self._started = time.monotonic()

    def stats(self) -> list[Row]:
        native_relay.settle()   # the native core's running stints into the counters
        registry = self._server.metrics.registry
        worker = self._server.worker
        rows: list[Row] = [("uptime_s", f"{time.monotonic() - self._started:.0f}"),
                           # which worker answered: these counters are that process's own
                           ("worker", str(worker.index if worker else 0)),
                           ("workers", str(worker.count if worker else 1))]
        for name, sample, labels in _STATS:
            rows.append((name, _number(registry.get_sample_value(sample, labels))))
        families = {f.name: f for f in registry.collect()}
        for name, family in _TOTALS:
            found = families.get(family)
            total = sum(s.value for s in found.samples if s.name.endswith("_total")) if found else 0
            rows.append((name, _number(total)))
        return rows

    def sessions(self) -> list[Row]:
        native_relay.settle()   # each session's own transaction status, not a stint's
        now = time.monotonic()
        return [(str(s.id), s.user, s.database, s.peer, s.relay.phase.value, s.relay.tx_status,
                 f"{now - s.started:.0f}") for s in self._server.sessions]

    def caches(self) -> list[Row]:
        return [(name, str(len(cache)), str(cache.hits), str(cache.misses))
                for name, cache in self._server.ops_metrics.caches.watched()]

    def config(self) -> list[Row]:
        cfg = self._server.config
        rows: list[Row] = [("log_level", cfg.log_level)]
        for name in SECTIONS:
            section: Any = getattr(cfg, name)
            rows += [(key_name(name, f.name), _value(getattr(section, f.name)))
                     for f in fields(section)]
        return rows

    def refresh_schema(self, role: str | None = None) -> int:
        cache = self._server.services.schema_cache
        if cache is None:
            return 0
        if role is not None:
            return cache.invalidate_role(role)
        dropped = len(cache)
        cache.invalidate_all()
        return dropped


def _number(value: float | None) -> str:
    return "0" if value is None else f"{value:.0f}"


def _value(value: Any) -> str | None:
    return None if value is None else (value if isinstance(value, str) else literal(value))
