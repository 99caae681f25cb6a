"""Prometheus metrics (prometheus_client), one registry per server instance."""

from __future__ import annotations

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
        # Where an ASK's time went (ask.timing.STAGES; "loop": spent blocking the event loop).
        self.ask_stage_seconds = Histogram(
            "askproxy_ask_stage_seconds", "Time of one ASK spent in each stage", ["stage"],
            buckets=(.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10),
            registry=r)

    def serve(self, host: str, port: int) -> None:
        start_http_server(port, addr=host, registry=self.registry)
