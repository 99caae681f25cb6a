"""Prometheus metrics (prometheus_client), one registry per server instance."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.connections_total = Counter("askproxy_connections", "Client connections accepted",
                                         registry=r)
        self.connections_active = Gauge("askproxy_connections_active",
                                        "Client sessions currently open", registry=r)
        self.bytes_relayed = Counter("askproxy_bytes_relayed", "Bytes relayed",
                                     ["direction"], registry=r)
        self.ask_requests = Counter("askproxy_ask_requests", "ASK statements handled",
                                    ["protocol"], registry=r)
        self.ask_errors = Counter("askproxy_ask_errors", "ASK statements that failed",
                                  ["kind"], registry=r)
        self.ask_latency = Histogram(
            "askproxy_ask_latency_seconds", "Question to SQL (translation and validation)",
            buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10), registry=r)

    def serve(self, host: str, port: int) -> None:
        start_http_server(port, addr=host, registry=self.registry)


class ByteTally:
    """A session's byte count, added to its Counter in steps of ``step`` bytes and at
    :meth:`flush` (the session's end): a Counter ``inc`` per read cost as much as relaying a
    small read, so a scrape may lag a live session by less than ``step`` bytes."""

    __slots__ = ("_counter", "_step", "pending")

    def __init__(self, counter: Any, step: int = 1 << 20) -> None:
        self._counter = counter
        self._step = step
        self.pending = 0

    def add(self, n: int) -> None:
        self.pending += n
        if self.pending >= self._step:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self._counter.inc(self.pending)
            self.pending = 0
