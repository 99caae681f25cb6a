"""The ``askproxy`` command: serve, demo, config, and the engine/model/eval subcommands.

Configuration is resolved here, once, into a frozen ``Config`` (:mod:`proxy.cli_flags`,
:mod:`proxy.config`); everything below receives it. A configuration or startup mistake ends the
command with one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from proxy import preflight
from proxy.sibling_route import WorkerSlot
from proxy.cli_flags import add_serve_flags, resolve_args
from proxy.config import Config, Resolved
from proxy.config_values import ConfigError
from proxy.log_context import ConnectionFilter

log = logging.getLogger("askproxy")
# The demo PostgreSQL accepts the proxy's [limits] max_client_connections plus this many
# (superuser_reserved_connections is 3; the rest for a psql of the operator's own).
DEMO_RESERVED_CONNECTIONS = 10

DESCRIPTION = """\
askproxy is a PostgreSQL wire-protocol proxy. Clients (psql, JDBC, psycopg, asyncpg) connect to
it as to the database: SQL is relayed unchanged, and a statement ASK 'question' is translated to
SQL by a text-to-SQL model, validated against the caller's schema and run read-only as the
caller's own role. User, password and database come from each client.

Configuration, later sources winning: built-in defaults < the TOML file (--config FILE, else
$ASKPROXY_CONFIG, else config/askproxy.toml when present) < environment variables
ASKPROXY_<SECTION>_<KEY> (ASKPROXY_UPSTREAM_URL, ASKPROXY_LIMITS_MAX_CLIENT_CONNECTIONS,
ASKPROXY_LOG_LEVEL) < command-line flags. 'askproxy config show' prints the result and where
each value came from. A bad value stops the command with one line and exit status 2."""

EPILOG = """\
examples:
  askproxy demo                                   embedded demo database + proxy on :6432
  askproxy serve --upstream "postgresql://db:5432?sslmode=require" --listen 0.0.0.0:6432
  askproxy serve --no-ask --upstream postgresql://db:5432   a plain transparent proxy
  askproxy config check --config /etc/askproxy.toml
  askproxy init --dsn postgresql://postgres@db/shop   the table TEACH ASK stores examples in
  askproxy translate "how many orders were cancelled" --dsn postgresql://user@db/shop

'askproxy COMMAND --help' describes each command."""


def build_config(args: argparse.Namespace, upstream: str | None = None) -> Config:
    """The configuration of a command line (kept for callers of the old name)."""
    return resolve_args(args, upstream).config


def load_translator(cfg: Config, engine_socket: str | None = None) -> tuple[Any, str | None]:
    """The engine translator for the configured model, or ``(None, why)``: ASK then answers
    0A000 with that reason, and plain traffic is relayed as ever. A model directory named by
    the operator that does not exist was refused earlier (:func:`proxy.preflight.check_model`);
    here a missing bundled model and a model that fails to load (corrupt graph, bad
    tokenizer, truncated manifest) degrade alike. ``engine_socket``: the shared engine server
    this worker's ASKs go to (only the tokenizer and manifest load here)."""
    if not cfg.ask.enabled or not cfg.ask.model:
        return None, None
    model = Path(cfg.ask.model)
    if not (model / "manifest.json").exists():
        log.warning("no model at %s: ASK statements will fail with 0A000", model)
        return None, f"no model at {model} (no manifest.json)"
    from ask.translate.engine_translator import EngineTranslator
    try:
        if engine_socket is not None:
            return EngineTranslator.shared(
                model, engine_socket, num_beams=cfg.ask.num_beams, num_candidates=cfg.ask.num_candidates,
                retry_beams=cfg.ask.retry_beams, constrained=cfg.ask.constrained_decoding,
                scoped_columns=cfg.ask.scoped_columns, ranker=cfg.ask.ranker), None
        return EngineTranslator.from_model_dir(
            model, backend=cfg.ask.backend, num_beams=cfg.ask.num_beams,
            num_candidates=cfg.ask.num_candidates, max_batch_size=cfg.ask.max_batch_size,
            max_queue_delay_ms=cfg.ask.max_queue_delay_ms, max_queue=cfg.ask.max_queue,
            precision=cfg.ask.precision, retry_beams=cfg.ask.retry_beams,
            constrained=cfg.ask.constrained_decoding, scoped_columns=cfg.ask.scoped_columns,
            ranker=cfg.ask.ranker, max_draft=cfg.engine.max_draft), None
    # Broad on purpose, at this one boundary: loading runs json, tokenizers (whose Rust errors
    # arrive as plain ``Exception``), ONNX Runtime (InvalidProtobuf, Fail: RuntimeError
    # subclasses), TensorRT or torch, and our own ModelDirError; no narrower set covers them
    # all, and any of them must cost ASK, never the relay. The reason is logged and answered.
    except Exception as exc:
        reason = f"the model at {model} could not be loaded: {type(exc).__name__}: {exc}"
        log.warning("%s; ASK statements will fail with 0A000", reason)
        log.debug("model load failure", exc_info=True)
        return None, reason


async def serve(cfg: Config, banner: str | None = None,
                reread: Callable[[], Config] | None = None, worker: WorkerSlot | None = None,
                ready: Callable[[], None] | None = None, engine_socket: str | None = None) -> None:
    """Run until SIGINT/SIGTERM; ``reread``: the configuration again, for SIGHUP; ``worker``:
    this process is one of several sharing the port (``ready`` is called once it listens);
    ``engine_socket``: the shared engine server's."""
    from proxy.server import ProxyServer

    translator, unavailable = load_translator(cfg, engine_socket)
    server = ProxyServer(cfg, translator=translator, ask_unavailable=unavailable, worker=worker)
    try:
        await _start(server, cfg)
    except BaseException:
        server.close_translator()
        raise
    if banner:
        print(banner.format(port=server.port), flush=True)
    stop, force = asyncio.Event(), asyncio.Event()

    def on_signal() -> None:
        if stop.is_set():
            log.info("second signal: closing the remaining sessions now")
            force.set()
        stop.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    if reread is not None:
        loop.add_signal_handler(signal.SIGHUP, reload_config, server, reread)
    if ready is not None:
        ready()      # after the handlers: the supervisor may forward a signal at once
    await stop.wait()
    log.info("shutting down")
    await server.stop(force=force)


def reload_config(server: Any, reread: Callable[[], Config]) -> None:
    """SIGHUP: read the configuration again and apply what can change live; a configuration
    that does not check leaves the running one as it is."""
    try:
        changes = server.reload(reread())
    except (ConfigError, preflight.StartupError) as exc:
        log.error("reload failed, configuration unchanged: %s", exc)
        return
    logging.getLogger().setLevel(server.config.log_level)
    for change in changes:
        if change.live:
            log.info("reload: %s", change)
        else:
            log.warning("reload: %s needs a restart; the running value stays", change)
    log.info("configuration reloaded (%d change(s); TLS certificates re-read)", len(changes))


async def _start(server: Any, cfg: Config) -> None:
    if cfg.metrics.port:
        # each worker its own endpoint: port + its index (the counters are per process)
        port = cfg.metrics.port + (server.worker.index if server.worker else 0)
        try:
            server.metrics.serve(cfg.metrics.host, port)
        except OSError as exc:
            raise preflight.bind_error(cfg.metrics.host, port, "[metrics]", exc) from None
    try:
        await server.start()
    except OSError as exc:
        raise preflight.bind_error(cfg.listen.host, cfg.listen.port, "[listen]", exc) from None


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(ConnectionFilter())
    handler.setFormatter(log_formatter())
    logging.basicConfig(level=level, handlers=[handler])
    logging.getLogger("pgserver").setLevel(logging.WARNING)   # it logs whole command outputs


def log_formatter(process: str | None = None) -> logging.Formatter:
    """``process``: which of several processes writes (``supervisor``, ``worker 1``)."""
    where = f"{process} conn" if process else "conn"
    return logging.Formatter(f"%(asctime)s %(levelname)s %(name)s [{where} %(conn)s] %(message)s",
                             defaults={"conn": "-"})


def log_as(process: str) -> None:
    for handler in logging.getLogger().handlers:
        handler.setFormatter(log_formatter(process))


def run_loop(main_coro: Any) -> None:
    """uvloop when installed (about twice the relay throughput), else asyncio's own loop."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main_coro)
        return
    uvloop.run(main_coro)


def checked_config(args: argparse.Namespace, upstream: str | None = None) -> Resolved:
    """Resolve and check (files, packages, ports) before anything slow starts."""
    resolved = resolve_args(args, upstream)
    preflight.check(resolved)
    return resolved


def cmd_serve(args: argparse.Namespace) -> int:
    cfg = checked_config(args).config
    setup_logging(cfg.log_level)
    return serve_processes(cfg, reread=lambda: _rechecked(args))


def serve_processes(cfg: Config, banner: str | None = None,
                    reread: Callable[[], Config] | None = None) -> int:
    """One process, or ``[listen] workers`` of them under a supervisor (proxy/workers.py), with
    the shared engine server when ``[engine] shared`` says so."""
    from proxy.workers import Supervisor, reserve_port, worker_count

    count = worker_count(cfg.listen.workers)
    shared = preflight.shared_engine(cfg)
    if count == 1 and not shared:
        run_loop(serve(cfg, banner, reread))
        return 0
    try:
        reservation = reserve_port(cfg.listen.host, cfg.listen.port)
    except OSError as exc:
        raise preflight.bind_error(cfg.listen.host, cfg.listen.port, "[listen]", exc) from None
    with reservation:
        port = reservation.getsockname()[1]
        running = replace(cfg, listen=replace(cfg.listen, port=port))
        again = _same_port(reread, cfg, port)

        def on_ready() -> None:
            if banner:
                print(banner.format(port=port), flush=True)
        log_as("supervisor")
        return Supervisor(count, lambda slot, ready: _worker(running, slot, ready, again, shared),
                          f"{cfg.listen.host}:{port}", on_ready,
                          engine=(lambda path: engine_command(running, path)) if shared else None,
                          engines=cfg.engine.servers).run()


def engine_command(cfg: Config, socket_path: str) -> list[str]:
    """The shared engine server's command line (ask/translate/engine_server.py) for ``cfg``."""
    ask = cfg.ask
    rows = max(ask.max_batch_size, ask.num_beams, ask.retry_beams)
    return [sys.executable, "-m", "ask.translate.engine_server", "--socket", socket_path,
            "--model", str(ask.model), "--backend", ask.backend, "--precision", ask.precision,
            "--rows", str(rows), "--max-queue-delay-ms", str(ask.max_queue_delay_ms),
            "--max-queue", str(ask.max_queue), "--max-draft", str(cfg.engine.max_draft),
            "--log-level", cfg.log_level]


def _same_port(reread: Callable[[], Config] | None, first: Config, port: int
               ) -> Callable[[], Config] | None:
    """A worker's reread: port 0 stays the port the supervisor holds (no restart warning)."""
    if reread is None:
        return None

    def again() -> Config:
        cfg = reread()
        if cfg.listen.port != first.listen.port:
            return cfg
        return replace(cfg, listen=replace(cfg.listen, port=port))
    return again


def _worker(cfg: Config, slot: WorkerSlot, ready: Callable[[], None],
            reread: Callable[[], Config] | None, shared: bool = False) -> int:
    """A worker process's life (forked by the supervisor); its exit status."""
    from proxy.workers import engine_count, engine_of, engine_socket

    log_as(f"worker {slot.index}")
    server = engine_of(slot.index, engine_count(cfg.engine.servers, slot.count))
    try:
        run_loop(serve(cfg, reread=reread, worker=slot, ready=ready,
                       engine_socket=engine_socket(slot.directory, server) if shared else None))
    except (ConfigError, preflight.StartupError) as exc:
        print(f"askproxy: worker {slot.index}: error: {exc}", file=sys.stderr, flush=True)
        return 2
    return 0


def _rechecked(args: argparse.Namespace, upstream: str | None = None) -> Config:
    resolved = resolve_args(args, upstream)
    preflight.check(resolved, bind=False)
    return resolved.config


def cmd_demo(args: argparse.Namespace) -> int:
    from demo.embedded import start_demo_database

    checked_config(args)     # before the database starts: a bad flag costs nothing
    first = resolve_args(args).config
    setup_logging(first.log_level)
    print("starting the embedded PostgreSQL demo database (first run loads ~100k rows)...",
          flush=True)
    # As many clients as the proxy accepts, plus PostgreSQL's superuser reserve.
    wanted = first.limits.max_client_connections + DEMO_RESERVED_CONNECTIONS
    db = start_demo_database(Path(args.data_dir) if args.data_dir else None, max_connections=wanted)
    try:
        if db.max_connections < wanted:
            log.warning("the demo PostgreSQL (already running on %s) accepts %d connections, fewer "
                        "than the proxy's [limits] max_client_connections = %d: clients past that "
                        "get PostgreSQL's FATAL 53300; stop it (pg_ctl -D %s stop) to restart it "
                        "with %d", db.data_dir, db.max_connections,
                        first.limits.max_client_connections, db.data_dir, wanted)
        cfg = resolve_args(args, db.upstream_url).config
        banner = ("\naskproxy demo is ready. Connect with:\n\n"
                  f"    psql \"postgresql://{db.user}:{db.password}@127.0.0.1:{{port}}/{db.dbname}\"\n\n"
                  "and try:\n\n"
                  "    ASK 'top product in East China last month';\n"
                  "    EXPLAIN ASK 'how many orders were cancelled this year';\n\n"
                  "The database owner (askproxy init, GRANT; its socket, not the proxy):\n\n"
                  f"    psql \"{db.superuser_dsn}\"\n\n"
                  "Ctrl-C stops the proxy and the database.\n")
        return serve_processes(cfg, banner, reread=lambda: _rechecked(args, db.upstream_url))
    finally:
        db.stop()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="askproxy", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("serve", help="run the proxy in front of a PostgreSQL server",
                       description="Run the proxy in front of a PostgreSQL server until SIGINT or "
                                   "SIGTERM (sessions then get [limits] shutdown_grace_s to "
                                   "finish; a second signal ends the wait).")
    add_serve_flags(p)
    p.set_defaults(func=cmd_serve)
    d = sub.add_parser("demo", help="embedded PostgreSQL + demo data + proxy on :6432",
                       description="Start an embedded PostgreSQL with the demo retail database "
                                   "and the proxy in front of it (same flags as serve, without "
                                   "--upstream).")
    d.add_argument("--data-dir", metavar="DIR",
                   help="where the demo database lives (default: "
                        "$XDG_DATA_HOME/askproxy/demo, else ~/.local/share/askproxy/demo)")
    add_serve_flags(d, upstream=False)
    d.set_defaults(func=cmd_demo)
    from proxy.config_cli import add_config_command
    add_config_command(sub)
    from proxy.examples_init import add_init_command
    add_init_command(sub)
    _add_optional_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"askproxy: config error: {exc}", file=sys.stderr)
    except preflight.StartupError as exc:
        print(f"askproxy: error: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("askproxy: interrupted", file=sys.stderr)
        return 130
    return 2


def _add_optional_commands(sub: Any) -> None:
    """Subcommands contributed by other packages (engines, evaluation, translate)."""
    for module, attr in (("engines.cli", "add_model_commands"),
                         ("proxy.evaluation.cli", "add_eval_command"),
                         ("ask.translate.engine_translator", "add_translate_command")):
        try:
            mod = __import__(module, fromlist=[attr])
        except ImportError as exc:
            log.debug("%s unavailable: %s", module, exc)
            continue
        getattr(mod, attr)(sub)
    if "translate" in sub.choices:
        _document_translate(sub.choices["translate"])


def _document_translate(parser: argparse.ArgumentParser) -> None:
    """``translate`` is defined beside the translator (ask/translate/engine_translator.py); here it gets
    the bundled model as its default, as ``serve`` has, and help for every argument."""
    from proxy.config import BACKENDS, DEFAULT_MODEL

    parser.description = ("Translate one question against a live database's schema (read "
                          "through --dsn, as the proxy reads it for the caller) and print the "
                          "ranked SQL candidates; nothing is executed.")
    helps = {"question": "the question, in quotes",
             "backend": f"inference backend: {', '.join(BACKENDS)} (default auto)",
             "beams": "beam width (default 4)",
             "model": f"model directory (default: the bundled model, {DEFAULT_MODEL.name})"}
    for action in parser._actions:
        if action.dest in helps:
            action.help = helps[action.dest]
        if action.dest == "model":
            action.required = False
            action.default = DEFAULT_MODEL
            action.metavar = "DIR"


if __name__ == "__main__":
    sys.exit(main())
