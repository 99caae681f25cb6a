"""The ``askproxy`` command: serve, demo, and the engine/model/eval subcommands.

Configuration is parsed here, once, into a frozen ``Config``; everything below receives it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from dataclasses import replace

from proxy import config as config_mod
from proxy.config import Config

log = logging.getLogger("askproxy")


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host or "127.0.0.1", int(port)


def _add_serve_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", help="TOML file (default: config/askproxy.toml if present)")
    p.add_argument("--listen", type=_host_port, help="HOST:PORT to listen on")
    p.add_argument("--model", help="model directory for ASK (default: the bundled model)")
    p.add_argument("--backend", choices=["auto", "onnxruntime", "torch", "tensorrt"])
    p.add_argument("--no-ask", action="store_true", help="plain transparent proxy")
    p.add_argument("--tls-cert", help="PEM certificate for client TLS")
    p.add_argument("--tls-key", help="PEM key for client TLS")
    p.add_argument("--metrics-port", type=int, help="serve Prometheus metrics on this port")
    p.add_argument("--log-level", default=None)


def build_config(args: argparse.Namespace, upstream: str | None) -> Config:
    path = args.config
    if path is None and Path("config/askproxy.toml").exists():
        path = "config/askproxy.toml"
    listen: dict[str, Any] = {"tls_cert": args.tls_cert, "tls_key": args.tls_key}
    if args.listen:
        listen["host"], listen["port"] = args.listen
    overrides: dict[str, dict[str, Any]] = {
        "listen": listen, "metrics": {"port": args.metrics_port},
        "ask": {"model": args.model, "backend": args.backend,
                "enabled": False if args.no_ask else None},
        "upstream": {"url": upstream} if upstream else {},
    }
    cfg = config_mod.load(path, overrides)
    if args.log_level:
        cfg = replace(cfg, log_level=args.log_level.upper())
    return cfg


def load_translator(cfg: Config) -> tuple[Any, str | None]:
    """The engine translator for the configured model, or ``(None, why)``: ASK then answers
    0A000 with that reason, and plain traffic is relayed as ever. A model that is missing and
    one that fails to load (corrupt graph, bad tokenizer, truncated manifest) degrade alike."""
    if not cfg.ask.enabled or not cfg.ask.model:
        return None, None
    model = Path(cfg.ask.model)
    if not (model / "manifest.json").exists():
        log.warning("no model at %s: ASK statements will fail with 0A000", model)
        return None, f"no model at {model} (no manifest.json)"
    from ask.engine_translator import EngineTranslator
    try:
        return EngineTranslator.from_model_dir(
            model, backend=cfg.ask.backend, num_beams=cfg.ask.num_beams,
            num_candidates=cfg.ask.num_candidates, max_batch_size=cfg.ask.max_batch_size,
            max_queue_delay_ms=cfg.ask.max_queue_delay_ms, max_queue=cfg.ask.max_queue,
            precision=cfg.ask.precision, retry_beams=cfg.ask.retry_beams,
            constrained=cfg.ask.constrained_decoding, scoped_columns=cfg.ask.scoped_columns), None
    # Broad on purpose, at this one boundary: loading runs json, tokenizers (whose Rust errors
    # arrive as plain ``Exception``), ONNX Runtime (InvalidProtobuf, Fail: RuntimeError
    # subclasses), TensorRT or torch, and our own ModelDirError; no narrower set covers them
    # all, and any of them must cost ASK, never the relay. The reason is logged and answered.
    except Exception as exc:
        reason = f"the model at {model} could not be loaded: {type(exc).__name__}: {exc}"
        log.warning("%s; ASK statements will fail with 0A000", reason)
        log.debug("model load failure", exc_info=True)
        return None, reason


async def serve(cfg: Config, banner: str | None = None) -> None:
    from proxy.server import ProxyServer

    translator, unavailable = load_translator(cfg)
    server = ProxyServer(cfg, translator=translator, ask_unavailable=unavailable)
    if cfg.metrics.port:
        server.metrics.serve(cfg.metrics.host, cfg.metrics.port)
    await server.start()
    if banner:
        print(banner.format(port=server.port), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("shutting down")
    await server.stop()


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [conn %(conn)s] %(message)s", defaults={"conn": "-"}))
    logging.basicConfig(level=level, handlers=[handler])
    logging.getLogger("pgserver").setLevel(logging.WARNING)   # it logs whole command outputs


def run_loop(main_coro: Any) -> None:
    """uvloop when installed (about twice the relay throughput), else asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main_coro)
        return
    uvloop.run(main_coro)


def cmd_serve(args: argparse.Namespace) -> int:
    cfg = build_config(args, args.upstream)
    setup_logging(cfg.log_level)
    run_loop(serve(cfg))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from demo.embedded import start_demo_database

    setup_logging((args.log_level or "INFO").upper())
    print("starting the embedded PostgreSQL demo database (first run loads ~100k rows)...",
          flush=True)
    db = start_demo_database(Path(args.data_dir) if args.data_dir else None)
    try:
        cfg = build_config(args, db.upstream_url)
        banner = ("\naskproxy demo is ready. Connect with:\n\n"
                  f"    psql \"postgresql://{db.user}:{db.password}@127.0.0.1:{{port}}/{db.dbname}\"\n\n"
                  "and try:\n\n"
                  "    ASK 'top product in East China last month';\n"
                  "    EXPLAIN ASK 'how many orders were cancelled this year';\n\n"
                  "Ctrl-C stops the proxy and the database.\n")
        run_loop(serve(cfg, banner))
    finally:
        db.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="askproxy", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="run the proxy in front of a PostgreSQL server")
    p.add_argument("--upstream", help="postgresql://HOST:PORT[?sslmode=…] of the real server")
    _add_serve_flags(p)
    p.set_defaults(func=cmd_serve)
    d = sub.add_parser("demo", help="embedded PostgreSQL + demo data + proxy on :6432")
    d.add_argument("--data-dir", help="where the demo database lives")
    _add_serve_flags(d)
    d.set_defaults(func=cmd_demo)
    _add_optional_commands(sub)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


def _add_optional_commands(sub: Any) -> None:
    """Subcommands contributed by other packages (engines, evaluation, translate)."""
    for module, attr in (("engines.cli", "add_model_commands"),
                         ("proxy.evaluation.cli", "add_eval_command"),
                         ("ask.engine_translator", "add_translate_command")):
        try:
            mod = __import__(module, fromlist=[attr])
        except ImportError as exc:
            log.debug("%s unavailable: %s", module, exc)
            continue
        getattr(mod, attr)(sub)


if __name__ == "__main__":
    sys.exit(main())
