"""The flags ``serve``, ``demo`` and ``config`` share, and how they become the configuration's
command-line layer (:func:`proxy.config.resolve`): flags are text, checked like every other
source, so ``--listen 127.0.0.1:99999`` fails with the same one-line error as ``port = 99999``
in the file.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from proxy.config import Resolved, resolve
from proxy.config_sources import ENV_CONFIG
from proxy.config_values import ConfigError

DEFAULT_FILE = Path("config/askproxy.toml")

# argparse dest -> (section, key, flag) for flags that set one key as they are written
_ONE_KEY = {"upstream": ("upstream", "url", "--upstream"), "model": ("ask", "model", "--model"),
            "backend": ("ask", "backend", "--backend"),
            "precision": ("ask", "precision", "--precision"),
            "tls_cert": ("listen", "tls_cert", "--tls-cert"),
            "tls_key": ("listen", "tls_key", "--tls-key"),
            "metrics_port": ("metrics", "port", "--metrics-port"),
            "workers": ("listen", "workers", "--workers"),
            "log_level": ("", "log_level", "--log-level")}


def add_serve_flags(p: argparse.ArgumentParser, upstream: bool = True) -> None:
    p.add_argument("--config", metavar="FILE",
                   help=f"TOML configuration file (default: ${ENV_CONFIG}, else "
                        f"{DEFAULT_FILE} when it exists)")
    if upstream:
        p.add_argument("--upstream", metavar="URL",
                       help="the real server: postgresql://HOST:PORT[?sslmode=MODE"
                            "&sslrootcert=FILE&connect_timeout=SECONDS]; user, password and "
                            "database come from each client ([upstream] url)")
    p.add_argument("--listen", metavar="HOST:PORT",
                   help="where clients connect (default 127.0.0.1:6432; port 0 picks a free "
                        "one; [listen] host/port)")
    p.add_argument("--workers", metavar="N",
                   help="processes sharing the listening port, under one supervisor (default 1; "
                        "0: one per CPU core; [listen] workers)")
    p.add_argument("--model", metavar="DIR",
                   help="text-to-SQL model directory for ASK (default: the bundled model); a "
                        "directory given here must exist ([ask] model)")
    p.add_argument("--backend", metavar="NAME",
                   help="inference backend: auto, onnxruntime, torch or tensorrt (default auto: "
                        "TensorRT or torch on a GPU, else ONNX Runtime; [ask] backend)")
    p.add_argument("--precision", metavar="NAME",
                   help="model precision: auto, fp32, fp16, int8 or int8-dynamic ([ask] precision)")
    p.add_argument("--no-ask", action="store_true",
                   help="no ASK: a plain transparent proxy, no model loaded ([ask] enabled = false)")
    p.add_argument("--tls-cert", metavar="PEM",
                   help="certificate for TLS to clients, with --tls-key ([listen] tls_cert)")
    p.add_argument("--tls-key", metavar="PEM", help="private key for --tls-cert ([listen] tls_key)")
    p.add_argument("--metrics-port", metavar="PORT",
                   help="serve Prometheus metrics on http://127.0.0.1:PORT/metrics ([metrics] port)")
    p.add_argument("--log-level", metavar="LEVEL",
                   help="DEBUG, INFO, WARNING or ERROR (default INFO; questions and SQL only at "
                        "DEBUG; log_level)")


def config_path(args: argparse.Namespace, environ: Mapping[str, str]) -> str | None:
    if args.config:
        return str(args.config)
    if environ.get(ENV_CONFIG):
        return environ[ENV_CONFIG]
    return str(DEFAULT_FILE) if DEFAULT_FILE.exists() else None


def flag_values(args: argparse.Namespace, upstream: str | None = None
                ) -> dict[tuple[str, str], tuple[str, str]]:
    """``{(section, key): (text, flag)}`` for the flags given; ``upstream`` (a URL) stands in
    for ``--upstream`` where a command supplies it (``demo``)."""
    values: dict[tuple[str, str], tuple[str, str]] = {}
    for dest, (section, key, flag) in _ONE_KEY.items():
        text = getattr(args, dest, None)
        if text is not None:
            values[(section, key)] = (text, flag)
    if upstream is not None:
        values[("upstream", "url")] = (upstream, "the demo database")
    if getattr(args, "listen", None) is not None:
        host, port = split_host_port(args.listen)
        values[("listen", "host")] = (host, "--listen")
        values[("listen", "port")] = (port, "--listen")
    if getattr(args, "no_ask", False):
        values[("ask", "enabled")] = ("false", "--no-ask")
    return values


def split_host_port(text: str) -> tuple[str, str]:
    """``HOST:PORT``, ``:PORT`` or ``[IPV6]:PORT``; the port is checked with the other values."""
    host, sep, port = text.rpartition(":")
    if not sep or not port:
        raise ConfigError(f'--listen: expected HOST:PORT, got "{text}"')
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host or "127.0.0.1", port


def resolve_args(args: argparse.Namespace, upstream: str | None = None,
                 environ: Mapping[str, str] | None = None) -> Resolved:
    """The configuration a command line means: file < environment < flags."""
    env = os.environ if environ is None else environ
    return resolve(config_path(args, env), env=env, flags=flag_values(args, upstream))
