"""pgbench -S direct vs through askproxy vs through PgBouncer, in the same run.

Starts its own PostgreSQL 15 cluster (tests/pg_cluster.py), an ``askproxy serve --no-ask``
process and, when ``pgbouncer`` is found (on PATH or in /usr/sbin, where Debian puts it), a
PgBouncer in session mode with a config written here. It installs nothing: without PgBouncer
it says so and measures the other two. pgbench is initialised at scale 10; then for each
protocol mode (simple, extended, prepared) and client count (1, 16) the targets run
interleaved ``--rounds`` times, each round starting one target further on (direct, askproxy,
PgBouncer; askproxy, PgBouncer, direct; ...). Printed per target: the median TPS; the medians
over the rounds of the ratio to direct and of the latency added per query (pgbench's average
latency minus direct's in the same round; meaningful at 1 client), so that the machine's load
drifting between rounds moves them less; and the proxy's own CPU time per transaction
(user+system of its process over the run, which the load moves less than TPS). Loopback only.
``--python-relay`` adds a second askproxy of this tree with ``[server] native_relay = off``
("ask-py"), beside the default one (the native relay core when it is built).
``--baseline-root DIR`` adds a second askproxy tree (an older commit, e.g. from ``git archive``)
and ``--floor`` adds ``bench/floor_relay.py``, a Python relay on uvloop with no logic at all.
``--workers 1,2`` runs one askproxy per worker count (``serve --workers N``; the CPU time is the
supervisor's and its workers' together). ``--bouncer-fresh`` adds a second PgBouncer whose
server connections serve one client each ("pgb-fresh"): PgBouncer's pool otherwise hands each
run after the first a backend that earlier runs warmed, where direct and askproxy start a new
one. ``--halts`` adds a column: the CPUs' entries into a sleeping idle state per transaction, the
whole machine's (on a VM without guest halt polling each is a vCPU halt, and the wake-up that
ends it waits for the hypervisor: a cost of where the scheduler puts the chain's tasks, which
the relay's own work does not show). ``--ports FIRST`` puts the bench's own servers on FIRST, FIRST+1, ... instead of
ports the kernel picks (to stay in a range agreed on a shared machine).

``--ask-load`` measures instead what ASKs cost other sessions' passthrough: pgbench -S -c 4
through one ASK-enabled proxy (``bench/bench_ask.py``'s environment: the embedded demo database,
the shipped model, the 5,000-table bench database), alone, while 8 clients send ASKs, and while
one client sends cold ASKs on the 5,000-table schema (a column added before each), in
interleaved rounds; per-transaction latencies from pgbench's log, p50 / p99 / max side by side.

    python bench/bench_proxy.py --seconds 8 --rounds 3
    python bench/bench_proxy.py --workers 1,2 --modes simple,prepared
    python bench/bench_proxy.py --ask-load --seconds 10 --rounds 3 --data-dir D --ports 58560
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.pg_cluster import PgCluster, free_port  # noqa: E402

_TICK = os.sysconf("SC_CLK_TCK")
_NATIVE_RELAY = "ASKPROXY_SERVER_NATIVE_RELAY"


class Run(NamedTuple):
    tps: float
    latency_ms: float
    cpu_s: float            # the proxy's user+system time over the run
    halts: int              # entries of all CPUs into a sleeping idle state over the run


@dataclass
class Target:
    name: str
    port: int
    pid: int | None = None       # the process whose CPU time is measured (None: not measured)
    runs: list[Run] = field(default_factory=list)


class Ports:
    """Where the bench's servers listen: consecutive ports from ``first``, or free ones."""

    def __init__(self, first: int | None) -> None:
        self._next = first

    def take(self) -> int:
        if self._next is None:
            return free_port()
        port, self._next = self._next, self._next + 1
        return port


PORTS = Ports(None)


def cpu_seconds(pid: int | None) -> float:
    """User+system time of ``pid`` and its live descendants (a supervisor's workers)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / _TICK    # utime, stime
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return own + sum(cpu_seconds(int(c)) for c in children)


def pgbench(port: int, mode: str, clients: int, seconds: int) -> tuple[float, float]:
    out = subprocess.run(
        ["pgbench", "-S", "-M", mode, "-c", str(clients), "-j", str(min(clients, 2)),
         "-T", str(seconds), "-n", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
         "postgres"], capture_output=True, text=True, check=True).stdout
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))            # type: ignore[union-attr]
    lat = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))  # type: ignore
    return tps, lat


def idle_entries() -> int:
    """How often the CPUs have entered an idle state that sleeps rather than polls (cpuidle's
    counters; 0 where the kernel has none). On a VM each entry is a halted vCPU, and the next
    wake-up sent to it waits for the hypervisor to run it again."""
    total = 0
    for state in Path("/sys/devices/system/cpu").glob("cpu[0-9]*/cpuidle/state[0-9]*"):
        if (state / "name").read_text().strip() != "POLL":
            total += int((state / "usage").read_text())
    return total


def measure(target: Target, mode: str, clients: int, seconds: int) -> None:
    cpu, halts = cpu_seconds(target.pid), idle_entries()
    tps, lat = pgbench(target.port, mode, clients, seconds)
    target.runs.append(Run(tps, lat, cpu_seconds(target.pid) - cpu, idle_entries() - halts))


def wait_listening(port: int, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        ok = subprocess.run(["psql", "-X", "-At", "-h", "127.0.0.1", "-p", str(port), "-U",
                             "postgres", "-d", "postgres", "-c", "select 1"],
                            capture_output=True).returncode == 0
        if ok:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not accept connections on port {port}")


def find_pgbouncer() -> str | None:
    return shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin:/usr/bin")


def start_askproxy(pg: PgCluster, root: Path = ROOT, workers: int | None = None
                   ) -> tuple[subprocess.Popen, int]:
    port = PORTS.take()
    more = [] if workers is None else ["--workers", str(workers)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxy.cli", "serve", "--no-ask", "--log-level", "WARNING",
         "--upstream", f"postgresql://127.0.0.1:{pg.port}?sslmode=disable",
         "--listen", f"127.0.0.1:{port}", *more], cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)})
    wait_listening(port, proc, "askproxy")
    return proc, port


def start_pgbouncer(binary: str, pg: PgCluster, workdir: Path, fresh: bool = False
                    ) -> tuple[subprocess.Popen, int]:
    """Session mode, one pool as large as the client count, trust to the server (the bench
    cluster trusts loopback) and ``auth_type = trust`` on the client side: the bench measures
    the relay, not authentication. PgBouncer refuses to run as root. ``fresh``: each server
    connection serves one client and closes (``server_lifetime = 0``), so each pgbench run
    meets a new backend, as direct and askproxy do, instead of one warmed by earlier runs."""
    port = PORTS.take()
    workdir.mkdir(exist_ok=True)
    (workdir / "users.txt").write_text('"postgres" ""\n')
    (workdir / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"postgres = host=127.0.0.1 port={pg.port} dbname=postgres\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {workdir / 'users.txt'}\n"
        "pool_mode = session\nmax_client_conn = 200\ndefault_pool_size = 40\n"
        "server_tls_sslmode = disable\nlog_connections = 0\nlog_disconnections = 0\n"
        f"logfile = {workdir / 'pgbouncer.log'}\n" + ("server_lifetime = 0\n" if fresh else ""))
    user = None
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
        user = "postgres"
    proc = subprocess.Popen([binary, "-q", str(workdir / "pgbouncer.ini")], user=user)
    wait_listening(port, proc, "pgbouncer")
    return proc, port


def start_python_relay(pg: PgCluster) -> tuple[subprocess.Popen, int]:
    """askproxy with ``[server] native_relay = off`` (through the environment, which
    ``start_askproxy`` passes on)."""
    saved = os.environ.get(_NATIVE_RELAY)
    os.environ[_NATIVE_RELAY] = "off"
    try:
        return start_askproxy(pg)
    finally:
        if saved is None:
            del os.environ[_NATIVE_RELAY]
        else:
            os.environ[_NATIVE_RELAY] = saved


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def report(mode: str, clients: int, targets: list[Target], seconds: int,
           halts: bool = False) -> None:
    """One row: direct's median TPS, then per proxy its median TPS and the medians over the
    rounds of its ratio to direct and its added latency, each against direct's run of the
    same round (the machine's load drifts between rounds more than within one). ``halts``:
    each target's median idle-state entries per transaction, the whole machine's."""
    def per_tx(run: Run, value: float) -> float:
        return value / (run.tps * seconds)

    def halt_cell(t: Target) -> str:
        return f" {statistics.median(per_tx(r, r.halts) for r in t.runs):>5.2f}" if halts else ""

    direct = targets[0]
    cells = [f"{mode:9} {clients:>3} {statistics.median(r.tps for r in direct.runs):>8.0f}"
             + halt_cell(direct)]
    for t in targets[1:]:
        pairs = list(zip(t.runs, direct.runs))
        tps = statistics.median(r.tps for r in t.runs)
        ratio = statistics.median(r.tps / d.tps for r, d in pairs)
        added_us = statistics.median((r.latency_ms - d.latency_ms) * 1000 for r, d in pairs)
        cpu_us = statistics.median(per_tx(r, r.cpu_s) * 1e6 for r in t.runs)
        cells.append(f"{tps:>8.0f} {ratio:>5.2f} {added_us:>6.1f} {cpu_us:>6.1f}"
                     + halt_cell(t))
    print(" | ".join(cells), flush=True)
    for t in targets:
        t.runs.clear()


# --- passthrough while ASKs run (--ask-load) -----------------------------------------------------

PGBENCH_DB = "bench_pgbench"


def pgbench_latencies(dsn: dict[str, str], clients: int, seconds: int, workdir: Path) -> list[float]:
    """pgbench -S for ``seconds``: every transaction's latency in seconds (its ``-l`` log)."""
    prefix = workdir / f"pgb{time.monotonic_ns()}"
    subprocess.run(
        ["pgbench", "-S", "-n", "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds),
         "-l", "--log-prefix", str(prefix), "-h", dsn["host"], "-p", dsn["port"], "-U", dsn["user"],
         dsn["dbname"]], capture_output=True, text=True, check=True,
        env={**os.environ, "PGPASSWORD": dsn.get("password", "")})
    latencies = [int(line.split()[2]) / 1e6 for log in workdir.glob(f"{prefix.name}*")
                 for line in log.read_text().splitlines()]
    for log in workdir.glob(f"{prefix.name}*"):
        log.unlink()
    return latencies


class Background(threading.Thread):
    """Runs ``step`` over and over until stopped; counts the steps."""

    def __init__(self, step: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.step, self.stopping, self.steps = step, threading.Event(), 0

    def run(self) -> None:
        while not self.stopping.is_set():
            self.step()
            self.steps += 1

    def finish(self) -> int:
        self.stopping.set()
        self.join(600)
        return self.steps


def _libpq(dsn: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in dsn.split())


def ask_load_main(args: argparse.Namespace) -> None:
    import psycopg
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_ask
    if args.ports:
        bench_ask.PORT_RANGE = list(range(args.ports, args.ports + 20))
    env_args = argparse.Namespace(
        proxy=None, data_dir=args.data_dir, clients="16", translation_cache=0, log_level="WARNING",
        workers=1, engine_shared="auto", backend="auto", max_batch_size=32, precision=None,
        model=None, ask_option=[], metrics=None, dsn="")
    workdir = Path(tempfile.mkdtemp(prefix="bench-ask-load-"))
    with bench_ask.environment(env_args) as (proxy, dsn, superuser):
        assert superuser is not None
        tables = bench_ask.ensure_tables_db(superuser, 5000)
        with psycopg.connect(superuser, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PGBENCH_DB,)).fetchone():
                conn.execute(f"CREATE DATABASE {PGBENCH_DB} OWNER {bench_ask.BENCH_ROLE}")
                server = _libpq(superuser)
                subprocess.run(["pgbench", "-i", "-q", "-s", "1", "-h", server["host"], "-p", server["port"],
                                "-U", bench_ask.BENCH_ROLE, PGBENCH_DB], check=True, capture_output=True,
                               env={**os.environ, "PGPASSWORD": bench_ask.BENCH_ROLE})
        through = {**_libpq(dsn), "user": bench_ask.BENCH_ROLE, "password": bench_ask.BENCH_ROLE}
        pgb = {**through, "dbname": PGBENCH_DB}
        cold_dsn = " ".join(f"{k}={v}" for k, v in {**through, "dbname": tables}.items())
        questions = bench_ask.load_questions(bench_ask.ROOT / "eval" / "demo.jsonl", 48)
        bench_ask.run_load(proxy, dsn, questions[:8], 8, 1)         # the engine warmed up
        with psycopg.connect(cold_dsn, autocommit=True) as cold_conn:
            asked = iter(bench_ask.tables_questions(5000, 10_000))
            cold_conn.execute(bench_ask.ask_sql(next(asked)).encode()).fetchall()   # first read

            errors: dict[str, int] = {}

            def cold_ask() -> None:
                result = bench_ask._timed_asks(proxy, cold_conn, [next(asked)], cold=True)
                for state, n in result.errors.items():
                    errors[state] = errors.get(state, 0) + n
            loads: dict[str, Callable[[], object] | None] = {
                "alone": None,
                "8 clients ASK": lambda: bench_ask.run_load(proxy, dsn, questions, 8, 1),
                "cold 5,000-table ASKs": cold_ask}
            print(f"pgbench -S -c {args.ask_clients} through one ASK proxy, {args.seconds}s runs, "
                  f"{args.rounds} rounds interleaved; load average {os.getloadavg()[0]:.2f}; ms")
            print(f"{'round':>5} {'alongside':24} {'tps':>7} {'p50':>6} {'p99':>7} {'max':>7}"
                  f" {'ASK runs':>8} {'load':>5}")
            for r in range(args.rounds):
                for name, step in loads.items():
                    background = Background(step) if step is not None else None
                    if background is not None:
                        background.start()
                        time.sleep(2)            # the load under way before the clock starts
                    lat = pgbench_latencies(pgb, args.ask_clients, args.seconds, workdir)
                    steps = background.finish() if background is not None else 0
                    print(f"{r + 1:>5} {name:24} {len(lat) / args.seconds:7.0f} "
                          f"{1000 * _pct(lat, .5):6.2f} {1000 * _pct(lat, .99):7.2f} "
                          f"{1000 * max(lat, default=0):7.1f} {steps:>8} {os.getloadavg()[0]:5.2f}"
                          f"{'  cold ASK errors ' + str(errors) if errors else ''}", flush=True)
                    errors.clear()
    shutil.rmtree(workdir, ignore_errors=True)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--modes", default="simple,extended,prepared")
    ap.add_argument("--clients", default="1,16")
    ap.add_argument("--python-relay", action="store_true",
                    help="also measure askproxy with [server] native_relay = off ('ask-py')")
    ap.add_argument("--no-pgbouncer", action="store_true")
    ap.add_argument("--floor", action="store_true",
                    help="also measure bench/floor_relay.py (a relay with no logic at all)")
    ap.add_argument("--workers", default=None,
                    help="comma-separated worker counts: one askproxy target per count "
                         "(serve --workers N); default: one askproxy with its configured count")
    ap.add_argument("--baseline-root", type=Path,
                    help="another askproxy source tree (e.g. `git archive` of an older commit) "
                         "measured as a fourth target, 'askproxy@base'")
    ap.add_argument("--bouncer-fresh", action="store_true",
                    help="also measure a PgBouncer whose server connections serve one client "
                         "each ('pgb-fresh', server_lifetime = 0): a new backend per run")
    ap.add_argument("--halts", action="store_true",
                    help="also print each target's idle-state entries per transaction (all CPUs)")
    ap.add_argument("--ports", type=int, default=None, metavar="FIRST",
                    help="listen on FIRST, FIRST+1, ... (default: free ports)")
    ap.add_argument("--ask-load", action="store_true",
                    help="pgbench -S through an ASK proxy alone and while ASKs run (see above)")
    ap.add_argument("--ask-clients", type=int, default=4, help="--ask-load: pgbench's clients")
    ap.add_argument("--data-dir", help="--ask-load: bench_ask's demo data directory")
    args = ap.parse_args()
    if args.ask_load:
        ask_load_main(args)
        return
    global PORTS
    PORTS = Ports(args.ports)
    bouncer_bin = None if args.no_pgbouncer else find_pgbouncer()
    if bouncer_bin is None and not args.no_pgbouncer:
        print("pgbouncer not found on PATH or in /usr/sbin: measuring without it "
              "(apt-get install pgbouncer to compare)")
    pg = PgCluster.start(PORTS.take())
    procs: list[subprocess.Popen] = []
    workdir = Path(tempfile.mkdtemp(prefix="bench-pgbouncer-"))
    try:
        subprocess.run(["pgbench", "-i", "-q", "-s", str(args.scale), "-h", "127.0.0.1", "-p",
                        str(pg.port), "-U", "postgres", "postgres"], check=True,
                       capture_output=True)
        targets = [Target("direct", pg.port)]
        for count in ([None] if args.workers is None else
                      [int(n) for n in args.workers.split(",")]):
            proxy, proxy_port = start_askproxy(pg, workers=count)
            procs.append(proxy)
            name = "askproxy" if count is None else f"ask-w{count}"
            targets.append(Target(name, proxy_port, proxy.pid))
        if args.baseline_root is not None:
            base, base_port = start_askproxy(pg, args.baseline_root.resolve())
            procs.append(base)
            targets.insert(1, Target("ask@base", base_port, base.pid))
        if args.python_relay:
            py, py_port = start_python_relay(pg)
            procs.append(py)
            targets.append(Target("ask-py", py_port, py.pid))
        version = ""
        if bouncer_bin is not None:
            bouncer, bouncer_port = start_pgbouncer(bouncer_bin, pg, workdir)
            procs.append(bouncer)
            targets.append(Target("pgbouncer", bouncer_port, bouncer.pid))
            version = subprocess.run([bouncer_bin, "--version"], capture_output=True,
                                     text=True).stdout.splitlines()[0]
            if args.bouncer_fresh:
                fresh, fresh_port = start_pgbouncer(bouncer_bin, pg, workdir / "fresh", True)
                procs.append(fresh)
                targets.append(Target("pgb-fresh", fresh_port, fresh.pid))
        if args.floor:
            floor_port = PORTS.take()
            floor = subprocess.Popen([sys.executable, str(ROOT / "bench" / "floor_relay.py"),
                                      str(pg.port), str(floor_port)])
            procs.append(floor)
            wait_listening(floor_port, floor, "floor relay")
            targets.append(Target("floor", floor_port, floor.pid))
        print(f"pgbench -S, {args.seconds}s runs, {args.rounds} rounds interleaved "
              f"({', '.join(t.name for t in targets)}); {os.cpu_count()} cores shared by "
              f"pgbench, PostgreSQL and the proxies; load average {os.getloadavg()[0]:.2f} "
              f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; {version or 'no PgBouncer'}")
        print("per proxy: tps, ratio to direct, added latency µs/query (pgbench average "
              "latency minus direct's), proxy CPU µs per transaction"
              + ("; halts: idle-state entries per transaction, all CPUs" if args.halts else ""))
        halt_head = f" {'halts':>5}" if args.halts else ""
        head = f"{'mode':9} {'cl':>3} {'direct':>8}" + halt_head
        for t in targets[1:]:
            head += f" | {t.name[:8]:>8} {'ratio':>5} {'+µs':>6} {'cpu':>6}" + halt_head
        print(head, flush=True)
        for mode in args.modes.split(","):
            for clients in (int(c) for c in args.clients.split(",")):
                for r in range(args.rounds):
                    # each round starts one target further on: none always runs right after
                    # the same other one
                    for t in targets[r % len(targets):] + targets[:r % len(targets)]:
                        measure(t, mode, clients, args.seconds)
                report(mode, clients, targets, args.seconds, args.halts)
        la = os.getloadavg()
        print(f"load average after: {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}")
    finally:
        for proc in procs:
            stop(proc)
        pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
