"""The supervisor of ``[listen] workers`` > 1: N worker processes share the listening port.

The supervisor holds the port (a socket bound with SO_REUSEPORT but never listening: it turns
port 0 into one port for all and keeps the port the proxy's while a worker restarts), forks the
workers before anything heavy exists in it (no event loop, no thread, no model), and then only
waits: for the workers' readiness, for signals, for a worker's death. Each worker listens on the
port itself with SO_REUSEPORT, so the kernel spreads new connections over them, and runs the
whole single-process proxy: its own sessions, caches and ASK engine
(:mod:`proxy.sibling_route` carries a CancelRequest to the worker holding its session).

Signals: SIGINT and SIGTERM are forwarded to every worker (a second one too, which ends their
grace period, as in a single process); SIGHUP is forwarded, and each worker reloads. Workers
run in their own process group, so a terminal's Ctrl-C reaches the supervisor only and is
forwarded once, and each asks the kernel for SIGTERM should the supervisor die.

With a shared engine (``[engine] shared``) the supervisor first starts the engine server
(:mod:`ask.translate.engine_server`, one model and one batcher that every worker's ASKs batch
into) as a fresh interpreter, not a fork (CUDA does not survive a fork after the parent probed
the GPU), waits until it listens on ``<directory>/engine.sock``, then forks the workers. It
outlives them: on SIGTERM it is stopped once the last worker has finished. ``[engine] servers``
> 1 starts that many engine servers (each a model and a batcher, on the same GPU), worker i
batching into server i mod N: the engine's host work per decoder call is Python on one core,
so one server can bound the throughput; two on one H100 gave 1.67x one engine alone, more
lost to the GPU's time-slicing between processes, and through the proxy at 256 clients two did
not help (the bound then lay outside the engine: bench/RESULTS.md). The workers start once every server has
listened or failed. An engine server
that dies is logged and restarted (meanwhile ASK answers 58000, plain SQL is unaffected);
more than ``MAX_RESTARTS`` deaths within ``RESTART_WINDOW_S``, or one that never listened (a
model that does not load), is not restarted again, and the proxy goes on relaying.

A worker that dies is never replaced silently: the supervisor logs which worker, its pid and
how it ended, then restarts it; more than ``MAX_RESTARTS`` deaths within ``RESTART_WINDOW_S``
stop the whole proxy (exit 1). A worker that ends before it listens (a port in use, a bad
certificate: it printed its one line) stops the proxy with the worker's exit status.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from proxy.sibling_route import WorkerSlot

log = logging.getLogger(__name__)

MAX_RESTARTS = 5
RESTART_WINDOW_S = 60.0
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1

# Runs in the forked worker: the slot, and a callable to call once it listens; its exit status.
RunWorker = Callable[[WorkerSlot, Callable[[], None]], int]
# The engine server's command line, given the socket it is to listen on ("--ready-fd N" is added).
EngineCommand = Callable[[str], Sequence[str]]


def engine_socket(directory: str, index: int = 0) -> str:
    """Where shared engine server ``index`` of the supervisor owning ``directory`` listens."""
    return os.path.join(directory, f"engine-{index}.sock")


def engine_count(requested: int, workers: int) -> int:
    """``[engine] servers`` for ``workers`` workers: a server no worker uses is not started."""
    return max(1, min(requested, workers))


def engine_of(worker: int, servers: int) -> int:
    """The engine server that worker ``worker`` batches into, of ``servers``."""
    return worker % servers


def worker_count(requested: int) -> int:
    """``[listen] workers``: 0 means one per CPU core."""
    return requested or os.cpu_count() or 1


def reserve_port(host: str, port: int) -> socket.socket:
    """A socket bound (not listening) to ``host:port`` with SO_REUSEPORT, held for as long as
    the proxy runs: the port (chosen by the kernel when ``port`` is 0) stays the proxy's while
    a worker restarts. Raises OSError as ``bind`` does."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


@dataclass
class _Worker:
    slot: WorkerSlot
    pid: int
    ready_fd: int | None           # one byte when it listens; EOF if it dies first
    started: float = field(default_factory=time.monotonic)
    listening: bool = False


@dataclass
class _Engine:
    index: int
    process: subprocess.Popen[bytes]     # kept: a Popen dropped unreaped would reap it itself
    ready_fd: int | None
    listening: bool = False
    signalled: bool = False

    @property
    def pid(self) -> int:
        return self.process.pid


class Supervisor:
    def __init__(self, count: int, run_worker: RunWorker, listening: str,
                 on_ready: Callable[[], None] = lambda: None,
                 engine: EngineCommand | None = None, engines: int = 1) -> None:
        self._count, self._run_worker = count, run_worker
        self._listening, self._on_ready = listening, on_ready
        self._workers: dict[int, _Worker] = {}       # pid -> worker
        self._engine_command = engine
        self._engine_count = engine_count(engines, count)
        self._engines: dict[int, _Engine] = {}       # index -> the running engine server
        self._engines_settled: set[int] = set()      # listened, or ended before it did
        self._engine_deaths: dict[int, list[float]] = {}
        self._workers_started = False
        self._deaths: list[float] = []
        self._stopping = 0                          # how many stop signals so far
        self._status = 0                            # the supervisor's exit status
        self._all_ready = False
        self._selector = selectors.DefaultSelector()
        self._wake_w = -1
        self._dir = tempfile.mkdtemp(prefix="askproxy-workers-")   # mode 0700

    def run(self) -> int:
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        self._wake_w = wake_w
        self._selector.register(wake_r, selectors.EVENT_READ, None)
        previous = {s: signal.signal(s, _noop) for s in (*FORWARDED, signal.SIGCHLD)}
        old_wakeup = signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        try:
            if self._engine_command is not None:
                for index in range(self._engine_count):
                    self._spawn_engine(index)      # the workers follow once each has listened
            else:
                self._spawn_workers()
            while self._workers or self._engines:
                self._wait(wake_r)
        finally:
            signal.set_wakeup_fd(old_wakeup)
            for s, handler in previous.items():
                signal.signal(s, handler)
            self._selector.close()
            os.close(wake_r)
            os.close(wake_w)
            shutil.rmtree(self._dir, ignore_errors=True)
        log.info("all workers stopped")
        return self._status

    # --- events ----------------------------------------------------------------------------

    def _wait(self, wake_r: int) -> None:
        for key, _ in self._selector.select(timeout=1.0):
            if key.fd == wake_r:
                for signum in os.read(wake_r, 64):
                    self._on_signal(signum)
            elif isinstance(key.data, _Engine):
                self._on_engine_ready_byte(key.data)
            else:
                self._on_ready_byte(key.data)
        self._reap()
        self._reap_engines()
        if self._stopping and not self._workers:
            self._stop_engines()

    def _on_signal(self, signum: int) -> None:
        if signum == signal.SIGCHLD:
            return              # reaped below
        name = signal.Signals(signum).name
        if signum == signal.SIGHUP:
            log.info("SIGHUP: each of %d worker(s) reloads its configuration",
                     len(self._workers))
        else:
            self._stopping += 1
            log.info("%s: %s %d worker(s)", name, "stopping" if self._stopping == 1 else
                     "second signal: the workers close their sessions now; forwarded to",
                     len(self._workers))
        self._signal_all(signum)

    def _on_ready_byte(self, worker: _Worker) -> None:
        assert worker.ready_fd is not None
        got = os.read(worker.ready_fd, 1)
        self._selector.unregister(worker.ready_fd)
        os.close(worker.ready_fd)
        worker.ready_fd = None
        worker.listening = bool(got)
        if worker.listening and not self._all_ready and all(
                w.listening for w in self._workers.values()):
            self._all_ready = True
            log.info("askproxy listening on %s with %d workers (pids %s)", self._listening,
                     self._count, " ".join(str(p) for p in sorted(self._workers)))
            self._on_ready()

    def _reap(self) -> None:
        for pid in list(self._workers):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done:
                self._on_exit(self._workers.pop(pid), status)

    def _on_exit(self, worker: _Worker, status: int) -> None:
        if worker.ready_fd is not None:
            self._selector.unregister(worker.ready_fd)
            os.close(worker.ready_fd)
        how = _describe(status)
        index = worker.slot.index
        if self._stopping:
            log.info("worker %d (pid %d) %s", index, worker.pid, how)
            return
        if not worker.listening:
            log.error("worker %d (pid %d) %s before it listened; stopping askproxy",
                      index, worker.pid, how)
            self._stop(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)
            return
        now = time.monotonic()
        self._deaths = [t for t in self._deaths if now - t < RESTART_WINDOW_S] + [now]
        if len(self._deaths) > MAX_RESTARTS:
            log.error("worker %d (pid %d) %s: %d worker deaths within %.0fs; stopping askproxy",
                      index, worker.pid, how, len(self._deaths), RESTART_WINDOW_S)
            self._stop(1)
            return
        log.error("worker %d (pid %d) %s; its sessions are lost; restarting it", index,
                  worker.pid, how)
        self._spawn(index)

    # --- the shared engine server ------------------------------------------------------------

    def _spawn_engine(self, index: int) -> None:
        assert self._engine_command is not None
        ready_r, ready_w = os.pipe()
        argv = [*self._engine_command(engine_socket(self._dir, index)), "--ready-fd", str(ready_w)]
        try:
            process = subprocess.Popen(argv, pass_fds=(ready_w,), process_group=0,
                                       preexec_fn=_die_with_parent, env=_engine_env())
        finally:
            os.close(ready_w)
        engine = self._engines[index] = _Engine(index, process, ready_r)
        self._selector.register(ready_r, selectors.EVENT_READ, engine)
        log.info("engine server %d starting (pid %d)", index, process.pid)

    def _on_engine_ready_byte(self, engine: _Engine) -> None:
        assert engine.ready_fd is not None
        got = os.read(engine.ready_fd, 1)
        self._close_ready(engine)
        engine.listening = bool(got)
        if engine.listening:
            log.info("engine server listening (pid %d) on %s", engine.pid,
                     engine_socket(self._dir, engine.index))
            self._settled(engine.index)

    def _settled(self, index: int) -> None:
        """Engine server ``index`` listened or ended before it did: the workers start once
        every one has (a worker whose server failed answers ASK with 58000)."""
        self._engines_settled.add(index)
        if (len(self._engines_settled) == self._engine_count and not self._workers_started
                and not self._stopping):
            self._spawn_workers()

    def _close_ready(self, engine: _Engine) -> None:
        if engine.ready_fd is not None:
            self._selector.unregister(engine.ready_fd)
            os.close(engine.ready_fd)
            engine.ready_fd = None

    def _reap_engines(self) -> None:
        for engine in list(self._engines.values()):
            try:
                done, status = os.waitpid(engine.pid, os.WNOHANG)
            except ChildProcessError:
                done, status = engine.pid, 0
            if not done:
                continue
            engine.process.returncode = os.waitstatus_to_exitcode(status)
            self._close_ready(engine)
            del self._engines[engine.index]
            self._on_engine_exit(engine, _describe(status))

    def _on_engine_exit(self, engine: _Engine, how: str) -> None:
        if self._stopping:
            log.info("engine server (pid %d) %s", engine.pid, how)
            return
        if not engine.listening:
            log.error("engine server (pid %d) %s before it listened; not restarted: ASK statements "
                      "fail (58000) until askproxy restarts, plain SQL is relayed", engine.pid, how)
        else:
            now = time.monotonic()
            deaths = [t for t in self._engine_deaths.get(engine.index, []) if now - t < RESTART_WINDOW_S]
            deaths.append(now)
            self._engine_deaths[engine.index] = deaths
            if len(deaths) > MAX_RESTARTS:
                log.error("engine server (pid %d) %s: %d deaths within %.0fs; not restarted again: ASK "
                          "statements fail (58000), plain SQL is relayed", engine.pid, how,
                          len(deaths), RESTART_WINDOW_S)
            else:
                log.error("engine server (pid %d) %s; its ASKs in flight failed (58000); restarting it",
                          engine.pid, how)
                self._spawn_engine(engine.index)
        self._settled(engine.index)

    def _stop_engines(self) -> None:
        """SIGTERM to the engine servers once no worker needs them (the last one has ended)."""
        for engine in self._engines.values():
            if not engine.signalled:
                engine.signalled = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(engine.pid, signal.SIGTERM)

    def _stop(self, status: int) -> None:
        self._status = status or 1
        self._stopping += 1
        self._signal_all(signal.SIGTERM)

    def _signal_all(self, signum: int) -> None:
        for pid in self._workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    # --- the workers -----------------------------------------------------------------------

    def _spawn_workers(self) -> None:
        self._workers_started = True
        for index in range(self._count):
            self._spawn(index)

    def _spawn(self, index: int) -> None:
        slot = WorkerSlot(index, self._count, self._dir)
        ready_r, ready_w = os.pipe()
        supervisor = os.getpid()
        pid = os.fork()
        if pid == 0:
            os.close(ready_r)
            _worker_process(slot, self._run_worker, ready_w, supervisor,
                            self._inherited_fds())
        os.close(ready_w)
        worker = _Worker(slot, pid, ready_r, listening=False)
        self._workers[pid] = worker
        self._selector.register(ready_r, selectors.EVENT_READ, worker)
        if self._all_ready:
            log.info("worker %d restarted (pid %d)", index, pid)

    def _inherited_fds(self) -> list[int]:
        """The supervisor's own descriptors, which a new worker closes."""
        return [self._wake_w, self._selector.fileno(),   # type: ignore[attr-defined]
                *(key.fd for key in self._selector.get_map().values())]


def _worker_process(slot: WorkerSlot, run_worker: RunWorker, ready_w: int, supervisor: int,
                    inherited: list[int]) -> None:
    """The forked child: never returns into the supervisor's code."""
    status = 1
    try:
        for fd in inherited:
            with contextlib.suppress(OSError):
                os.close(fd)
        _detach(supervisor)

        def ready() -> None:
            os.write(ready_w, b"r")

        status = run_worker(slot, ready)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    except BaseException:       # the child must end here whatever happened, and say why
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _detach(supervisor: int) -> None:
    """Own process group (a terminal's Ctrl-C goes to the supervisor, which forwards it once),
    SIGTERM should the supervisor die, and the default signal handling until the worker's
    event loop installs its own; SIGHUP is ignored until then (its default would kill)."""
    signal.set_wakeup_fd(-1)
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(s, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    os.setpgid(0, 0)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    if os.getppid() != supervisor:       # it died before prctl took effect
        os._exit(1)


def _die_with_parent() -> None:
    """In the engine server's child before it execs: SIGTERM should the supervisor die."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _engine_env() -> dict[str, str]:
    """The supervisor's environment, with this checkout importable by ``python -m``."""
    root = str(Path(__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root if not path else os.pathsep.join((root, path))}


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"was killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with status {os.waitstatus_to_exitcode(status)}"


def _noop(signum: int, frame: object) -> None:
    """A handler, so that the wakeup fd hears the signal (SIG_DFL or SIG_IGN would not)."""


__all__ = ["Supervisor", "reserve_port", "worker_count", "engine_socket", "engine_count", "engine_of", "EngineCommand", "MAX_RESTARTS",
           "RESTART_WINDOW_S"]
