"""Configuration, parsed and validated once at startup into frozen dataclasses.

Sources, later ones winning: built-in defaults, ``config/askproxy.toml`` (or ``--config``),
command-line flags. Nothing below the CLI reads the environment.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

SSLMODES = ("disable", "prefer", "require", "verify-ca", "verify-full")
PRECISIONS = ("auto", "fp32", "fp16", "int8", "int8-dynamic")    # engines/model_dir.PRECISIONS + auto
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "engines" / "models" / "askproxy-sql-small"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ListenConfig:
    host: str = "127.0.0.1"
    port: int = 6432
    tls_cert: str | None = None      # PEM; with tls_key, clients may use TLS
    tls_key: str | None = None


@dataclass(frozen=True, slots=True)
class UpstreamConfig:
    host: str = "127.0.0.1"
    port: int = 5432
    sslmode: str = "prefer"
    sslrootcert: str | None = None
    connect_timeout_s: float = 10.0

    @classmethod
    def from_url(cls, url: str, **overrides: Any) -> "UpstreamConfig":
        """``postgresql://host:port[?sslmode=…]``; user, password and database come from each
        client's own startup packet, so any in the URL are ignored."""
        u = urlparse(url)
        if u.scheme not in ("postgresql", "postgres"):
            raise ConfigError(f"upstream must be a postgresql:// URL, got {url!r}")
        q = {k: v[-1] for k, v in parse_qs(u.query).items()}
        values: dict[str, Any] = {"host": unquote(u.hostname or "127.0.0.1"),
                                  "port": u.port or 5432}
        if "sslmode" in q:
            values["sslmode"] = q["sslmode"]
        if "sslrootcert" in q:
            values["sslrootcert"] = q["sslrootcert"]
        if "connect_timeout" in q:
            values["connect_timeout_s"] = float(q["connect_timeout"])
        values.update(overrides)
        return cls(**values)


@dataclass(frozen=True, slots=True)
class LimitsConfig:
    max_client_connections: int = 1000
    max_message_size: int = 256 * 1024 * 1024
    client_idle_timeout_s: float = 0.0         # 0: never close idle clients
    startup_timeout_s: float = 30.0
    shutdown_grace_s: float = 10.0


@dataclass(frozen=True, slots=True)
class AskConfig:
    enabled: bool = True
    model: str | None = str(DEFAULT_MODEL)     # model directory; None or "" disables ASK
    backend: str = "auto"                      # auto | onnxruntime | torch | tensorrt
    # auto: int8-dynamic on ONNX Runtime CPU when the model has it, else fp32 (see engines/backend.py)
    precision: str = "auto"                    # auto | fp32 | fp16 | int8 | int8-dynamic
    num_beams: int = 1     # greedy: as accurate as 4 beams on eval/demo.jsonl, half the latency
    num_candidates: int = 1
    retry_beams: int = 4   # decode again this wide when nothing validates or the answer has grounding defects
    max_batch_size: int = 32
    max_queue_delay_ms: float = 0.0
    max_queue: int = 1024
    translate_timeout_s: float = 30.0
    statement_timeout_ms: int = 30000
    schema_ttl_s: float = 300.0
    schema_cache_size: int = 256
    schema_cache_mib: int = 256                # the schema cache's bound in memory (approximate)
    translation_cache_size: int = 4096
    explain_check: bool = True
    # Refuse questions that do not map onto the caller's schema (ask/refusal.py): requests to
    # change data (42501), gibberish and questions about what the schema does not hold (42000).
    refuse_unanswerable: bool = True
    # The decoder may spell only the caller's tables after FROM/JOIN and its columns after
    # "alias." (ask/engine_translator.IdentifierConstraint); false turns it off (ablations).
    constrained_decoding: bool = True
    # With it, "alias." names only the columns of the table the alias is declared for, and an
    # alias already used with a column FROM's table lacks is pruned. Off: on the shipped model
    # it turned errors into valid wrong answers (model card).
    scoped_columns: bool = False
    # Bounds on ASK detection (proxy/ask_detector.py): a statement text up to max_scan_bytes is
    # searched for ASK anywhere; a longer one is an ASK only if it starts with ASK, and is then
    # refused (54000) unparsed. A question over max_question_bytes fails (54000) before planning.
    max_scan_bytes: int = 64 * 1024
    max_question_bytes: int = 4096
    # Value probe (ask/value_probe.py): stored names of large text columns, per ASK.
    probe_values: bool = True
    probe_max_rows: int = 200_000              # tables estimated larger are not probed
    probe_columns_per_table: int = 2
    probe_max_columns: int = 16
    probe_timeout_ms: int = 250                # statement_timeout of the probe statement
    probe_cache_size: int = 1024
    probe_ttl_s: float = 300.0


@dataclass(frozen=True, slots=True)
class MetricsConfig:
    port: int | None = None                    # Prometheus endpoint on 127.0.0.1:port
    host: str = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Config:
    listen: ListenConfig = field(default_factory=ListenConfig)
    upstream: UpstreamConfig = field(default_factory=UpstreamConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    ask: AskConfig = field(default_factory=AskConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    log_level: str = "INFO"

    def validate(self) -> "Config":
        if self.upstream.sslmode not in SSLMODES:
            raise ConfigError(f"upstream.sslmode must be one of {SSLMODES}")
        if bool(self.listen.tls_cert) != bool(self.listen.tls_key):
            raise ConfigError("listen.tls_cert and listen.tls_key go together")
        if self.limits.max_client_connections < 1 or self.limits.max_message_size < 1024:
            raise ConfigError("limits must be positive (max_message_size >= 1024)")
        if self.upstream.connect_timeout_s <= 0 or self.limits.startup_timeout_s <= 0:
            raise ConfigError("upstream.connect_timeout_s and limits.startup_timeout_s must be "
                              "positive: every wait on the upstream before it is ready is bounded")
        if self.ask.backend not in ("auto", "onnxruntime", "torch", "tensorrt"):
            raise ConfigError(f"unknown ask.backend {self.ask.backend!r}")
        if self.ask.precision not in PRECISIONS:
            raise ConfigError(f"unknown ask.precision {self.ask.precision!r}; choose from {PRECISIONS}")
        a = self.ask
        if min(a.probe_max_rows, a.probe_columns_per_table, a.probe_max_columns,
               a.probe_timeout_ms, a.probe_cache_size) < 1 or a.probe_ttl_s < 0:
            raise ConfigError("ask.probe_* limits must be positive")
        if not 1 <= a.max_question_bytes <= a.max_scan_bytes:
            raise ConfigError("ask.max_question_bytes must be between 1 and ask.max_scan_bytes")
        if not isinstance(a.refuse_unanswerable, bool):
            raise ConfigError("ask.refuse_unanswerable must be true or false")
        if not isinstance(a.constrained_decoding, bool):
            raise ConfigError("ask.constrained_decoding must be true or false")
        if not isinstance(a.scoped_columns, bool):
            raise ConfigError("ask.scoped_columns must be true or false")
        if not 0 <= a.retry_beams <= 16:
            raise ConfigError("ask.retry_beams must be between 0 (off) and 16")
        return self


_SECTIONS = {"listen": ListenConfig, "upstream": UpstreamConfig, "limits": LimitsConfig,
             "ask": AskConfig, "metrics": MetricsConfig}


def _section(cls: type, data: dict[str, Any], name: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known - {"url"}
    if unknown:
        raise ConfigError(f"unknown key(s) in [{name}]: {', '.join(sorted(unknown))}")
    if cls is UpstreamConfig and "url" in data:
        rest = {k: v for k, v in data.items() if k != "url"}
        return UpstreamConfig.from_url(data["url"], **rest)
    return cls(**data)


def load(path: str | Path | None = None, overrides: dict[str, dict[str, Any]] | None = None
         ) -> Config:
    """Read a TOML file (optional) and apply ``{section: {key: value}}`` overrides."""
    data: dict[str, Any] = {}
    if path is not None:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    cfg = Config(log_level=str(data.get("log_level", "INFO")))
    for name, cls in _SECTIONS.items():
        section = dict(data.get(name, {}))
        section.update({k: v for k, v in (overrides or {}).get(name, {}).items() if v is not None})
        cfg = replace(cfg, **{name: _section(cls, section, name)})
    unknown = set(data) - set(_SECTIONS) - {"log_level"}
    if unknown:
        raise ConfigError(f"unknown section(s): {', '.join(sorted(unknown))}")
    return cfg.validate()
