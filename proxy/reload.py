"""What a configuration reload (SIGHUP) may change while the proxy runs, and what waits for a
restart.

Sessions read their settings from the ``SessionServices`` they were created with, so a reload
takes effect for connections made after it (as PgBouncer's RELOAD). Live: limits, ASK pipeline
settings (timeouts, caches, refusal, EXPLAIN, value probe, detection bounds), the upstream
address for new sessions, the log level, and the TLS certificates (re-read from their files on
every reload, so a renewed certificate at the same path is picked up). At restart only: the
listen and metrics sockets, and everything the loaded model was built with.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from proxy.config import SECTIONS, Config
from proxy.config_values import key_name, literal

Key = tuple[str, str]

RESTART_ONLY: frozenset[Key] = frozenset(
    [("listen", "host"), ("listen", "port"), ("listen", "workers"), ("metrics", "port"),
     ("metrics", "host"), ("engine", "shared"),
     ("engine", "max_draft")]
    + [("ask", k) for k in ("enabled", "model", "backend", "precision", "num_beams",
                            "num_candidates", "retry_beams", "max_batch_size",
                            "max_queue_delay_ms", "max_queue", "constrained_decoding",
                            "scoped_columns", "ranker")])

# ASK keys the shared planner and its caches are built with (proxy.server.build_ask_services)
PLANNER: frozenset[Key] = frozenset(
    ("ask", k) for k in ("schema_ttl_s", "schema_cache_size", "translation_cache_size",
                         "translate_timeout_s", "explain_check", "refuse_unanswerable",
                         "probe_values", "probe_max_rows", "probe_columns_per_table",
                         "probe_max_columns", "probe_timeout_ms", "probe_cache_size",
                         "probe_ttl_s", "skip_steps", "schema_cache_mib", "self_examples",
                         "sense_placement"))


@dataclass(frozen=True, slots=True)
class Change:
    key: Key
    old: Any
    new: Any

    @property
    def live(self) -> bool:
        return self.key not in RESTART_ONLY

    def __str__(self) -> str:
        return f"{key_name(*self.key)}: {_show(self.old)} -> {_show(self.new)}"


def _show(value: Any) -> str:
    return "(unset)" if value is None else literal(value)


def diff(old: Config, new: Config) -> list[Change]:
    changes = []
    if old.log_level != new.log_level:
        changes.append(Change(("", "log_level"), old.log_level, new.log_level))
    for name in SECTIONS:
        a, b = getattr(old, name), getattr(new, name)
        changes += [Change((name, f.name), getattr(a, f.name), getattr(b, f.name))
                    for f in fields(a) if getattr(a, f.name) != getattr(b, f.name)]
    return changes


def applied(old: Config, new: Config) -> Config:
    """``new``, except that keys which need a restart keep their running value."""
    sections = {}
    for name in SECTIONS:
        kept = {f.name: getattr(getattr(old, name), f.name) for f in fields(getattr(old, name))
                if (name, f.name) in RESTART_ONLY}
        sections[name] = replace(getattr(new, name), **kept)
    return replace(new, **sections).validate()
