"""Prometheus metrics (prometheus_client), one registry per server instance."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from proxy.thread_cpu import thread_cpu_seconds


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


# --- operations (issue 23): errors by SQLSTATE, upstream and login failures, caches ----------
# A block of its own, beside the per-stage ASK metrics above; built once per server
# (ProxyServer.ops_metrics) on the same registry.

class OperationsMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        r = registry
        self.ask_errors = Counter("askproxy_ask_errors_by_sqlstate",
                                  "ASK statements that failed, by the SQLSTATE the client got",
                                  ["sqlstate"], registry=r)
        self.upstream_connect_failures = Counter(
            "askproxy_upstream_connect_failures",
            "Upstream connections that could not be established, by cause "
            "(refused, unreachable, timeout, closed, no_ssl, tls)", ["cause"], registry=r)
        self.login_failures = Counter(
            "askproxy_login_failures", "Client logins the upstream server refused, by SQLSTATE",
            ["sqlstate"], registry=r)
        self.caches = CacheCollector()
        r.register(self.caches)
        self.engine = EngineCollector()
        r.register(self.engine)
        r.register(ThreadCpuCollector())


class EngineCollector(Collector):
    """The engine batcher's queue depth and batch sizes, read at scrape time from a translator
    with ``engine_stats()`` (ask.translate.engine_translator.EngineTranslator); nothing without one."""

    def __init__(self) -> None:
        self._translator: Any = None

    def watch(self, translator: Any) -> None:
        self._translator = translator if hasattr(translator, "engine_stats") else None

    def collect(self) -> Iterator[Metric]:
        if self._translator is None:
            return
        stats = self._translator.engine_stats()
        queue = GaugeMetricFamily("askproxy_engine_requests", "Translation requests in the engine "
                                  "batcher: waiting (queued) or running (decoding)", labels=["state"])
        queue.add_metric(["waiting"], stats.waiting)
        queue.add_metric(["running"], stats.running)
        yield queue
        yield CounterMetricFamily("askproxy_engine_steps", "Decode steps the engine ran", value=stats.steps)
        yield CounterMetricFamily("askproxy_engine_step_rows", "Rows decoded over those steps "
                                  "(rate(rows) / rate(steps): the mean batch size)", value=stats.rows)
        yield CounterMetricFamily("askproxy_engine_cuda_graph_failures", "CUDA-graph captures that "
                                  "failed twice (their shape bucket then ran eagerly)", value=stats.graph_failures)
        yield CounterMetricFamily("askproxy_engine_eager_steps", "Decode steps run eagerly for want "
                                  "of a captured CUDA graph (torch CUDA backend)", value=stats.eager_steps)

    def describe(self) -> Iterator[Metric]:
        return iter(())


class ThreadCpuCollector(Collector):
    """CPU seconds of the process's living threads by name (:mod:`proxy.thread_cpu`): where
    an ASK's CPU goes (``bench/bench_ask.py`` prints it per ASK). A gauge, not a counter: a
    thread that ends takes its seconds with it."""

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily("askproxy_thread_cpu_seconds", "CPU seconds (user + system) of the "
                                   "process's living threads, by thread name (native: threads Python "
                                   "did not start, such as ONNX Runtime's pools)", labels=["thread"])
        for name, seconds in sorted(thread_cpu_seconds().items()):
            family.add_metric([name], seconds)
        yield family

    def describe(self) -> Iterator[Metric]:
        return iter(())


class CacheCollector(Collector):
    """Hits, misses and entries of the ASK caches, read at scrape time from any object with
    ``hits``, ``misses`` and ``len()`` (ask.context.introspection.SchemaCache,
    ask.translate.translation_cache.TranslationCache)."""

    def __init__(self) -> None:
        self._caches: dict[str, Any] = {}

    def watch(self, name: str, cache: Any) -> None:
        self._caches[name] = cache

    def watched(self) -> list[tuple[str, Any]]:
        return list(self._caches.items())

    def collect(self) -> Iterator[Metric]:
        hits = CounterMetricFamily("askproxy_cache_hits", "ASK cache lookups that hit",
                                   labels=["cache"])
        misses = CounterMetricFamily("askproxy_cache_misses", "ASK cache lookups that missed",
                                     labels=["cache"])
        size = GaugeMetricFamily("askproxy_cache_entries", "Entries held by each ASK cache",
                                 labels=["cache"])
        for name, cache in self._caches.items():
            hits.add_metric([name], cache.hits)
            misses.add_metric([name], cache.misses)
            size.add_metric([name], len(cache))
        yield from (hits, misses, size)

    def describe(self) -> Iterator[Metric]:
        return iter(())     # collected on demand: registering must not call collect()


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
