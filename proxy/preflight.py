"""Startup checks that need more than the configuration's own values: files, installed
packages, free ports. Run by ``askproxy serve``/``demo`` before the model loads (so an operator's
mistake costs no minute of loading) and by ``askproxy config check``.

A mistake is reported as one line and exit status 2 by the CLI: :class:`ConfigError` when a
configured value cannot work here (a model directory that does not exist, a backend that is not
installed, a certificate that does not load), :class:`StartupError` when the host refuses (a
port already in use).
"""

from __future__ import annotations

import errno
import importlib.util
import socket
import ssl
from collections.abc import Callable
from pathlib import Path

from proxy.config import Config, Resolved
from proxy.config_values import ConfigError
from proxy.workers import worker_count

# What each explicit backend needs importable (engines/backend.py probes the same packages).
_BACKEND_PACKAGES = {"onnxruntime": ("onnxruntime",), "torch": ("torch",),
                     "tensorrt": ("tensorrt", "cuda")}


class StartupError(RuntimeError):
    """The host refused something the configuration asks for; ``str()`` is one line."""


def check(resolved: Resolved, bind: bool = True) -> None:
    """Every check, in the order an operator would fix them."""
    check_tls(resolved)
    check_model(resolved)
    check_workers(resolved)
    check_backend(resolved)
    if bind:
        check_ports(resolved)


def _source(resolved: Resolved, section: str, key: str) -> str:
    return resolved.sources.get((section, key), "default")


def check_model(resolved: Resolved) -> None:
    """A model directory named by the operator must exist and hold a manifest.json. The
    bundled default may be missing (a checkout without the model): the proxy then relays,
    and ASK answers 0A000 with the reason (``proxy.cli.load_translator``)."""
    ask = resolved.config.ask
    source = _source(resolved, "ask", "model")
    if not ask.enabled or not ask.model or source == "default":
        return
    model = Path(ask.model)
    if not model.exists():
        why = "no such directory"
    elif not model.is_dir():
        why = "not a directory"
    elif not (model / "manifest.json").is_file():
        why = "not a model directory (no manifest.json; see engines/README.md)"
    else:
        return
    raise ConfigError(f"[ask] model: {model}: {why} (from {source})")


def check_backend(resolved: Resolved) -> None:
    ask = resolved.config.ask
    if not ask.enabled or not ask.model or ask.backend == "auto":
        return
    missing = [p for p in _BACKEND_PACKAGES[ask.backend] if importlib.util.find_spec(p) is None]
    if missing:
        raise ConfigError(
            f"[ask] backend: {ask.backend!r} needs the Python package(s) {', '.join(missing)}, "
            f"not installed here (from {_source(resolved, 'ask', 'backend')}); use "
            "backend = \"auto\" or \"onnxruntime\"")


def check_workers(resolved: Resolved, gpu: Callable[[str], str | None] | None = None) -> None:
    """Several workers each load their own engine unless the engine is shared: on CPU that is
    each its own ONNX Runtime session, on a GPU it would be N copies of the model on the card.
    So with a GPU backend, ``[engine] shared = "off"`` and N > 1 is refused ("auto" shares)."""
    cfg = resolved.config
    count = worker_count(cfg.listen.workers)
    if count == 1 or not cfg.ask.enabled or not cfg.ask.model or cfg.engine.shared == "on":
        return
    on_gpu = (gpu or gpu_backend)(cfg.ask.backend)
    if on_gpu is not None and cfg.engine.shared == "off":
        raise ConfigError(
            f"[listen] workers: {count} workers with the GPU backend {on_gpu} and [engine] shared "
            "= \"off\" would each load the model onto the GPU; use [engine] shared = \"auto\" "
            "(one engine server that every worker batches into) or workers = 1 (from "
            f"{_source(resolved, 'engine', 'shared')})")


def shared_engine(cfg: Config, gpu: Callable[[str], str | None] | None = None) -> bool:
    """Whether ``cfg`` runs one shared engine server (``[engine] shared``): "on" whenever ASK has
    a model, "auto" when several workers would run it on a GPU, "off" never."""
    if not cfg.ask.enabled or not cfg.ask.model or cfg.engine.shared == "off":
        return False
    if cfg.engine.shared == "on":
        return True
    return worker_count(cfg.listen.workers) > 1 and (gpu or gpu_backend)(cfg.ask.backend) is not None


def gpu_backend(requested: str) -> str | None:
    """What backend ``requested`` means here when it runs on a GPU, else None."""
    if requested == "tensorrt":
        return "tensorrt"
    if not any(Path(p).exists() for p in ("/dev/nvidia0", "/dev/nvidiactl")):
        return None     # no NVIDIA device: nothing probed, nothing imported
    from engines.backend import choose_backend, probe_platform
    chosen = choose_backend(requested, probe_platform())
    if chosen == "onnxruntime":
        from engines.sessions.ort import default_providers
        return "onnxruntime (CUDA)" if "CUDAExecutionProvider" in default_providers() else None
    if chosen == "torch":
        import torch
        return "torch (CUDA)" if torch.cuda.is_available() else None
    return chosen


def check_tls(resolved: Resolved) -> None:
    listen, upstream = resolved.config.listen, resolved.config.upstream
    if listen.tls_cert and listen.tls_key:
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
                listen.tls_cert, listen.tls_key)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"[listen] tls_cert/tls_key: cannot load {listen.tls_cert} and "
                              f"{listen.tls_key}: {_reason(exc)} (from "
                              f"{_source(resolved, 'listen', 'tls_cert')})") from None
    if upstream.sslrootcert and not Path(upstream.sslrootcert).is_file():
        raise ConfigError(f"[upstream] sslrootcert: {upstream.sslrootcert}: no such file "
                          f"(from {_source(resolved, 'upstream', 'sslrootcert')})")


def check_ports(resolved: Resolved) -> None:
    cfg = resolved.config
    check_bind(cfg.listen.host, cfg.listen.port, "[listen]")
    if cfg.metrics.port:      # one endpoint per worker: port, port + 1, ...
        last = cfg.metrics.port + worker_count(cfg.listen.workers) - 1
        if last > 65535:
            raise ConfigError(f"[metrics] port: {cfg.metrics.port} leaves no port for each "
                              f"worker (the last would be {last})")
        for port in range(cfg.metrics.port, last + 1):
            check_bind(cfg.metrics.host, port, "[metrics]")


def check_bind(host: str, port: int, what: str) -> None:
    """Bind and release at once; the real bind follows, and maps its own failure the same way
    (:func:`bind_error`)."""
    if port == 0:
        return
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise StartupError(f"cannot listen on {host}:{port} ({what}): {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            raise bind_error(host, port, what, exc) from None


def bind_error(host: str, port: int, what: str, exc: OSError) -> StartupError:
    why = "address already in use (another askproxy or PgBouncer?)" \
        if exc.errno == errno.EADDRINUSE else _reason(exc)
    return StartupError(f"cannot listen on {host}:{port} ({what}): {why}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return exc.reason or str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower() if exc.strerror[0].isupper() else exc.strerror
    return str(exc) or type(exc).__name__
