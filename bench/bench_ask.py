"""End-to-end ASK benchmark: concurrent psycopg clients sending ``ASK`` through a real proxy.

By default it starts the embedded demo database (``demo/``, in its own data directory) and an
``askproxy serve`` process in front of it with the translation cache off, runs each client
count over the question file (each client takes the next question until every question has
been asked ``--passes`` times), and prints p50/p95 per ASK, ASK/s and where the time went:
the proxy's per-stage histogram (``askproxy_ask_stage_seconds``, scraped from its metrics
endpoint before and after the run) divided by the number of ASKs. ``loop`` is the part that
ran on the proxy's event loop, which every other session waited for. The line under each row
is the CPU each ASK cost: the proxy's by thread (``askproxy_thread_cpu_seconds``: the engine's
decode loop, its encoder, the ``to_thread`` workers, the event loop, ``native`` for ONNX
Runtime's pool threads), the started database server's and this script's own; on a machine
of few cores their sum per ASK bounds the throughput (2 cores / 50 ms: 40 ASK/s at most).

``--tables 10,100,1000,5000`` measures instead what the schema's size costs: a database of N
synthetic tables (a foreign-key chain, a few columns each; built once, kept in the data
directory), warm ASKs (schema cached) and cold ones (a column added through the proxy first,
so the schema is introspected again and everything derived from it rebuilt), their overhead
(the ASK minus the engine's queue, encoder and decoder time), and the latency of another
session's ``SELECT 1`` every 10 ms while those ASKs run.

``--send explain`` sends ``EXPLAIN ASK`` (translation and validation, nothing executed). At one
client each ASK is sent alone and the stage histogram is read after each one, so the table
also gives the median of (ASK minus its own ``execute`` stage): the latency not counting the
generated query's execution. Its ASK/s is then ASKs over the summed latencies (the scrapes
between ASKs are not counted). After ``|`` each row gives the engine's decoder steps in the
run (``askproxy_engine_steps``): steps per ASK, rows per step (the mean batch) and wall time
per step. ``--backend``, ``--precision``, ``--model``, ``--max-batch-size`` and ``--ask-option``
set the started proxy's ``[ask]`` section; the demo database is started with room for every
client.

    python bench/bench_ask.py --clients 1,16
    python bench/bench_ask.py --clients 1,16 --workers 2     # serve --workers 2
    python bench/bench_ask.py --clients 16 --workers 2 --engine-shared on   # one engine server for both
    python bench/bench_ask.py --tables 10,100,1000,5000 --asks 10
    python bench/bench_ask.py --backend torch --max-batch-size 256 --clients 1,16,256 --send ask,explain
    python bench/bench_ask.py --proxy 127.0.0.1:6432 --dsn "user=analyst password=analyst dbname=askproxy_demo" \\
        --metrics 127.0.0.1:9187        # a proxy you started (translation cache off is yours to set)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = ("schema", "probe", "link", "prompt", "queue", "encode", "decode", "checks", "explain",
          "execute", "loop")
ENGINE_STAGES = ("queue", "encode", "decode")
_STAGE_LINE = re.compile(r'^askproxy_ask_stage_seconds_(sum|count)\{stage="(\w+)"\} (\S+)$', re.M)
_ENGINE_LINE = re.compile(r'^askproxy_engine_(steps|step_rows)(?:_total)? (\S+)$', re.M)
_THREAD_LINE = re.compile(r'^askproxy_thread_cpu_seconds\{thread="([^"]+)"\} (\S+)$', re.M)
BENCH_ROLE = "bench"


# ``--ports FIRST-LAST``: every port this script starts something on comes from that range
# (engineers sharing a machine each have their own); empty: ephemeral ports.
PORT_RANGE: list[int] | None = None


def free_port() -> int:
    if PORT_RANGE is not None:
        for port in list(PORT_RANGE):
            PORT_RANGE.remove(port)      # handed out (or busy): a later call must not take it
            if _free(port):
                return port
        raise SystemExit("no free port left in --ports")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ask_sql(question: str, explain: bool = False) -> str:
    tag = "$q$"
    while tag in question:
        tag = tag[:-1] + "q$"
    return f"{'EXPLAIN ' if explain else ''}ASK {tag}{question}{tag}"


# --- the proxy under test ------------------------------------------------------------------

@dataclass
class Proxy:
    host: str
    port: int
    metrics: tuple[str, int] | None
    process: subprocess.Popen[bytes] | None = None
    workers: int = 1          # worker i serves its own metrics on the metrics port + i
    shared_engine: bool = False   # every worker reports its engine server's counters
    engine_servers: int = 2       # worker i batches into server i mod engine_servers
    database_dir: Path | None = None  # the started database's data directory (its CPU is counted)
    log: Path | None = None       # the started proxy's output

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.log is not None:
            report_log(self.log)

    def stage_totals(self) -> dict[str, float]:
        """stage -> seconds summed over every ASK so far (empty without the histogram)."""
        if self.metrics is None:
            return {}
        host, port = self.metrics
        totals: dict[str, float] = {}
        per_server: dict[tuple[int, str], float] = {}
        for worker in range(self.workers):
            url = f"http://{host}:{port + worker}/metrics"
            with urllib.request.urlopen(url, timeout=10) as response:
                text = response.read().decode()
            for kind, stage, v in _STAGE_LINE.findall(text):
                if kind == "sum":
                    totals[stage] = totals.get(stage, 0.0) + float(v)
            for name, v in _THREAD_LINE.findall(text):
                totals[f"cpu_{name}"] = totals.get(f"cpu_{name}", 0.0) + float(v)
            for name, v in _ENGINE_LINE.findall(text):
                key = f"engine_{name}"
                if self.shared_engine:      # counted once per server, not once per worker
                    server = (worker % self.engine_servers, key)
                    per_server[server] = max(per_server.get(server, 0.0), float(v))
                else:
                    totals[key] = totals.get(key, 0.0) + float(v)
        for (_, key), v in per_server.items():
            totals[key] = totals.get(key, 0.0) + v
        return totals


def report_log(path: Path, limit: int = 80) -> None:
    """The started proxy's warnings, errors and tracebacks, on stderr: its log lives in a
    temporary directory that a lent machine does not give back (a proxy that started without
    its model answered every ASK 0A000 and nothing said why)."""
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return
    shown, inside = [], False
    for line in lines:
        inside = inside and (line.startswith((" ", "\t")) or not line.strip() or "Error" in line.split(":")[0])
        if inside or line.startswith("Traceback") or any(f" {lv} " in line for lv in ("WARNING", "ERROR", "CRITICAL")):
            shown.append(line)
            inside = inside or line.startswith("Traceback") or " ERROR " in line
    if shown:
        print(f"--- the proxy's log ({path}): {len(shown)} warning/error lines"
              + (f", the first {limit}" if len(shown) > limit else ""), file=sys.stderr)
        print("\n".join(shown[:limit]), file=sys.stderr, flush=True)


def start_proxy(upstream_url: str, work: Path, translation_cache: int, log_level: str,
                workers: int = 1, ask_options: Sequence[str] = (), engine_shared: str = "auto",
                engine_servers: int = 2, max_draft: int = 8) -> Proxy:
    """``ask_options``: extra ``[ask]`` lines, ``key = value`` in TOML (backend, model, ...);
    ``engine_shared``: ``[engine] shared`` (engine servers the workers batch into, not a model
    per worker); ``engine_servers``: ``[engine] servers`` (how many); ``max_draft``:
    ``[engine] max_draft`` (drafted tokens a row per decoder call)."""
    port, metrics_port = free_port(), free_ports(workers)
    config = work / "askproxy-bench.toml"
    extra = "".join(f"{line}\n" for line in ask_options)
    config.write_text(f'log_level = "{log_level}"\n[listen]\nhost = "127.0.0.1"\nport = {port}\n'
                      f"workers = {workers}\n"
                      f'[upstream]\nurl = "{upstream_url}?sslmode=disable"\n'
                      f'[engine]\nshared = "{engine_shared}"\nservers = {engine_servers}\n'
                      f'max_draft = {max_draft}\n'
                      f"[ask]\ntranslation_cache_size = {translation_cache}\n{extra}")
    log = open(work / "proxy.log", "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "proxy.cli", "serve", "--config", str(config),
         "--metrics-port", str(metrics_port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))})
    proxy = Proxy("127.0.0.1", port, ("127.0.0.1", metrics_port), process, workers, log=work / "proxy.log",
                  shared_engine=engine_shared == "on" or (engine_shared == "auto" and workers > 1 and any(
                      f'backend = "{b}"' in ask_options for b in ("torch", "tensorrt"))),
                  engine_servers=max(1, min(engine_servers, workers)))
    deadline = time.monotonic() + 600     # CUDA-graph capture at start-up takes a while
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the proxy exited ({process.returncode}); see {work / 'proxy.log'}")
        try:
            for worker in range(workers):     # every worker's engine loaded and listening
                socket.create_connection(("127.0.0.1", metrics_port + worker), 1).close()
            socket.create_connection(("127.0.0.1", port), 1).close()
            return proxy
        except OSError:
            time.sleep(0.2)
    proxy.stop()
    raise SystemExit("the proxy did not start listening within 600 s")


def free_ports(n: int) -> int:
    """The first of ``n`` consecutive free ports."""
    while True:
        first = free_port()
        if first + n <= 65536 and all(_free(p) for p in range(first + 1, first + n)):
            for p in range(first + 1, first + n):
                if PORT_RANGE is not None and p in PORT_RANGE:
                    PORT_RANGE.remove(p)
            return first


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# --- load ------------------------------------------------------------------------------------

@dataclass
class RunResult:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    wall_s: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)   # mean seconds per ASK
    overheads: list[float] = field(default_factory=list)     # per ASK: all but the engine
    unexecuted: list[float] = field(default_factory=list)    # per ASK: all but its execution
    steps: int = 0           # decoder steps the engine ran during the run
    step_rows: int = 0       # rows over those steps

    def engine_line(self) -> str:
        if not self.steps:
            return ""
        return (f"  | {self.steps / max(1, len(self.latencies)):.1f} steps/ASK, {self.step_rows / self.steps:.1f} "
                f"rows/step, {1000 * self.wall_s / self.steps:.2f} ms wall/step")


async def _client(conn: psycopg.AsyncConnection, questions: Iterator[str], result: RunResult,
                  explain: bool) -> None:
    for question in questions:
        started = time.perf_counter()
        try:
            cur = await conn.execute(ask_sql(question, explain).encode())
            if cur.description is not None:
                await cur.fetchall()
        except psycopg.Error as exc:
            state = exc.sqlstate or "?"
            result.errors[state] = result.errors.get(state, 0) + 1
        result.latencies.append(time.perf_counter() - started)


def run_load(proxy: Proxy, dsn: str, questions: Sequence[str], clients: int, passes: int,
             explain: bool = False) -> RunResult:
    """Every client connects first; the clock runs from the first ASK to the last answer."""
    asked = [q for _ in range(passes) for q in questions]
    if clients == 1 and proxy.metrics is not None:
        return _one_by_one(proxy, dsn, asked, explain)
    shared = iter(asked)
    result = RunResult()

    async def main() -> None:
        conns = await asyncio.gather(*(psycopg.AsyncConnection.connect(dsn, autocommit=True)
                                       for _ in range(clients)))
        before = proxy.stage_totals()
        started = time.perf_counter()
        try:
            await asyncio.gather(*(_client(conn, shared, result, explain) for conn in conns))
        finally:
            result.wall_s = time.perf_counter() - started
            after = proxy.stage_totals()
            n = max(1, len(result.latencies))
            result.stages = {s: (after.get(s, 0.0) - before.get(s, 0.0)) / n for s in after}
            result.steps = int(after.get("engine_steps", 0.0) - before.get("engine_steps", 0.0))
            result.step_rows = int(after.get("engine_step_rows", 0.0) - before.get("engine_step_rows", 0.0))
            await asyncio.gather(*(conn.close() for conn in conns))

    asyncio.run(main())
    return result


def _one_by_one(proxy: Proxy, dsn: str, questions: Sequence[str], explain: bool) -> RunResult:
    """One client, the stage histogram read after each ASK: per-ASK execution time."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        result = _timed_asks(proxy, conn, questions, explain=explain)
    result.wall_s = sum(result.latencies)
    return result


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.1f}"


def stage_line(stages: dict[str, float]) -> str:
    if not stages:
        return "(no per-stage histogram on this proxy)"
    return "  ".join(f"{s} {ms(stages.get(s, 0.0))}" for s in STAGES)


# --- the schema-size mode ----------------------------------------------------------------------

class Ticker(threading.Thread):
    """Another session: ``SELECT 1`` every 10 ms; the round trips while ``active`` is set."""

    def __init__(self, dsn: str) -> None:
        super().__init__(daemon=True)
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.stop_event = threading.Event()
        self.active = threading.Event()
        self.samples: list[float] = []

    def run(self) -> None:
        while not self.stop_event.is_set():
            started = time.perf_counter()
            self.conn.execute("select 1").fetchone()
            if self.active.is_set():
                self.samples.append(time.perf_counter() - started)
            time.sleep(0.01)

    def take(self) -> list[float]:
        out, self.samples = self.samples, []
        return out

    def finish(self) -> None:
        self.stop_event.set()
        self.join(30)
        self.conn.close()


def ensure_tables_db(superuser_dsn: str, n: int) -> str:
    """A database of ``n`` tables ``t00001``... (a foreign-key chain), owned by the bench role."""
    name = f"bench_tables_{n}"
    with psycopg.connect(superuser_dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (BENCH_ROLE,)).fetchone():
            conn.execute(f"CREATE ROLE {BENCH_ROLE} LOGIN PASSWORD '{BENCH_ROLE}'")
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return name
        conn.execute(f"DROP DATABASE IF EXISTS {name}_tmp")
        conn.execute(f"CREATE DATABASE {name}_tmp OWNER {BENCH_ROLE}")
    dsn = re.sub(r"dbname=\S+", f"dbname={name}_tmp", superuser_dsn)
    print(f"building {n} tables ...", flush=True)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"SET ROLE {BENCH_ROLE}")
        for first in range(1, n + 1, 500):      # a transaction locks every table it creates
            _create_tables(conn, first, min(n, first + 499))
        conn.execute("ANALYZE")
    with psycopg.connect(superuser_dsn, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name}_tmp RENAME TO {name}")
    return name


def _create_tables(conn: psycopg.Connection, first: int, last: int) -> None:
    conn.execute(f"""DO $$
BEGIN
  FOR i IN {first}..{last} LOOP
    EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, name text, amount numeric(10,2), '
                   'created_at date%s)', lpad(i::text, 5, '0'),
                   CASE WHEN i > 1 THEN format(', parent_id int REFERENCES t%s',
                                               lpad((i - 1)::text, 5, '0')) ELSE '' END);
    EXECUTE format('INSERT INTO t%s (id, name, amount, created_at) VALUES '
                   '(1, %L, 10, current_date), (2, %L, 20, current_date - 1)',
                   lpad(i::text, 5, '0'), 'Item ' || i || ' Alpha', 'Item ' || i || ' Beta');
  END LOOP;
END $$""")


def tables_questions(n: int, count: int) -> list[str]:
    """Distinct questions (no translation-cache hit even with a cache of one entry)."""
    picks = [1 + (k * 7919) % n for k in range(count)]
    return [f"how many rows are in t{k:05d}" for k in picks]


def run_tables(proxy: Proxy, dsn: str, n: int, asks: int, cold: int) -> dict[str, object]:
    ticker = Ticker(dsn)
    ticker.start()
    ticker.active.set()
    time.sleep(1.0)
    idle = ticker.take()
    ticker.active.clear()
    questions = tables_questions(n, asks + cold)
    with psycopg.connect(dsn, autocommit=True) as conn:
        try:
            conn.execute(ask_sql(questions[-1]).encode())   # the first introspection, not timed
        except psycopg.Error:
            pass
        ticker.active.set()
        warm = _timed_asks(proxy, conn, questions[:asks])
        cold_result = _timed_asks(proxy, conn, questions[asks:], cold=True)
        ticker.active.clear()
    busy = ticker.take()
    ticker.finish()
    return {"tables": n, "warm": warm, "cold": cold_result, "select1_idle": idle, "select1_busy": busy}


def _timed_asks(proxy: Proxy, conn: psycopg.Connection, questions: Sequence[str],
                cold: bool = False, explain: bool = False) -> RunResult:
    result = RunResult()
    totals: dict[str, float] = {}
    for i, question in enumerate(questions):
        if cold:          # a new schema version: introspected and derived again
            conn.execute(f"ALTER TABLE t00001 ADD COLUMN bench_cold_{i} int")
        before = proxy.stage_totals()
        started = time.perf_counter()
        try:
            cur = conn.execute(ask_sql(question, explain).encode())
            if cur.description is not None:
                cur.fetchall()
        except psycopg.Error as exc:
            state = exc.sqlstate or "?"
            result.errors[state] = result.errors.get(state, 0) + 1
        result.latencies.append(time.perf_counter() - started)
        after = proxy.stage_totals()
        spent = {s: after[s] - before.get(s, 0.0) for s in after}
        for s, v in spent.items():
            totals[s] = totals.get(s, 0.0) + v
        result.overheads.append(result.latencies[-1] - sum(spent.get(s, 0.0) for s in ENGINE_STAGES))
        result.unexecuted.append(result.latencies[-1] - spent.get("execute", 0.0))
        result.steps += int(spent.get("engine_steps", 0.0))
        result.step_rows += int(spent.get("engine_step_rows", 0.0))
        if cold:
            conn.execute(f"ALTER TABLE t00001 DROP COLUMN bench_cold_{i}")
    n = max(1, len(questions))
    result.stages = {s: v / n for s, v in totals.items() if not s.startswith("engine_")}
    return result


def overhead(result: RunResult) -> float:
    """Median over the ASKs of each one's time minus its engine time (queue, encoder,
    decoder); the whole ASK when the proxy has no stage histogram."""
    return statistics.median(result.overheads or result.latencies)


# --- main ------------------------------------------------------------------------------------------

def load_questions(path: Path, limit: int | None) -> list[str]:
    questions = [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]
    return questions[:limit] if limit else questions


@contextmanager
def environment(args: argparse.Namespace) -> Iterator[tuple[Proxy, str, str | None]]:
    """(proxy, client DSN, superuser DSN of the database server when we started it)."""
    if args.proxy:
        host, _, port = args.proxy.rpartition(":")
        metrics = None
        if args.metrics:
            mhost, _, mport = args.metrics.rpartition(":")
            metrics = (mhost, int(mport))
        yield Proxy(host, int(port), metrics), f"host={host} port={port} {args.dsn}", None
        return
    from demo.embedded import start_demo_database
    data_dir = Path(args.data_dir or Path(tempfile.gettempdir()) / "askproxy-bench-demo")
    print(f"starting the demo database in {data_dir} ...", flush=True)
    clients = max([int(c) for c in args.clients.split(",")] + [1])
    db = start_demo_database(data_dir, free_port() if PORT_RANGE is not None else None,
                             max_connections=max(100, clients + 20))
    work = Path(tempfile.mkdtemp(prefix="askproxy-bench-"))
    try:
        proxy = start_proxy(f"postgresql://{db.host}:{db.port}/{db.dbname}", work,
                            args.translation_cache, args.log_level, args.workers, ask_options(args),
                            args.engine_shared, args.engine_servers, args.max_draft)
        try:
            proxy.database_dir = db.data_dir
            dsn = (f"host={proxy.host} port={proxy.port} dbname={db.dbname} "
                   f"user={db.analyst_user} password={db.analyst_password}")
            yield proxy, dsn, db.superuser_dsn
        finally:
            proxy.stop()
    finally:
        db.stop()


def ask_options(args: argparse.Namespace) -> list[str]:
    """The started proxy's extra ``[ask]`` settings from the command line."""
    lines = [f'backend = "{args.backend}"', f"max_batch_size = {args.max_batch_size}"]
    if args.precision:
        lines.append(f'precision = "{args.precision}"')
    if args.model:
        lines.append(f'model = "{Path(args.model).resolve()}"')
    return lines + list(args.ask_option)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "demo.jsonl")
    ap.add_argument("--limit", type=int, help="only the first N questions")
    ap.add_argument("--clients", default="1,16", help="comma-separated client counts")
    ap.add_argument("--passes", type=int, default=1, help="times each question is asked per run")
    ap.add_argument("--warmup", type=int, default=8, help="ASKs sent before measuring")
    ap.add_argument("--tables", help="comma-separated schema sizes: the schema-size mode")
    ap.add_argument("--asks", type=int, default=10, help="warm ASKs per schema size")
    ap.add_argument("--cold", type=int, default=3, help="cold ASKs per schema size")
    ap.add_argument("--proxy", metavar="HOST:PORT", help="use this proxy instead of starting one")
    ap.add_argument("--dsn", default="", help="libpq parameters for --proxy (user, password, dbname)")
    ap.add_argument("--metrics", metavar="HOST:PORT", help="that proxy's metrics endpoint")
    ap.add_argument("--data-dir", help="where the demo database lives (default: a temp directory)")
    ap.add_argument("--translation-cache", type=int, default=0,
                    help="the started proxy's translation_cache_size (0: off)")
    ap.add_argument("--log-level", default="WARNING", help="the started proxy's log level")
    ap.add_argument("--workers", type=int, default=1,
                    help="the started proxy's [listen] workers (stages summed over all)")
    ap.add_argument("--engine-servers", type=int, default=2,
                    help="[engine] servers: shared engine servers the workers batch into")
    ap.add_argument("--engine-shared", default="auto", choices=("auto", "on", "off"),
                    help="the started proxy's [engine] shared: one engine server all workers batch into "
                         "(auto: with several workers on a GPU)")
    ap.add_argument("--send", default="ask", help="comma-separated: ask, explain (EXPLAIN ASK: nothing "
                    "executed); each runs every client count")
    ap.add_argument("--backend", default="auto", help="the started proxy's engine backend")
    ap.add_argument("--precision", help="the started proxy's engine precision (default: the backend's)")
    ap.add_argument("--model", help="the started proxy's model directory (default: the shipped model)")
    ap.add_argument("--max-batch-size", type=int, default=32, help="the started proxy's decoder rows")
    ap.add_argument("--max-draft", type=int, default=8,
                    help="the started proxy's [engine] max_draft (drafted tokens a row per decoder call)")
    ap.add_argument("--ask-option", action="append", default=[], metavar="KEY=VALUE",
                    help="another [ask] line for the started proxy, TOML (repeatable)")
    ap.add_argument("--ports", metavar="FIRST-LAST",
                    help="start the database and the proxy on ports from this range only")
    args = ap.parse_args()
    if args.ports:
        global PORT_RANGE
        first, _, last = args.ports.partition("-")
        PORT_RANGE = list(range(int(first), int(last or first) + 1))
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs")
    with environment(args) as (proxy, dsn, superuser):
        if args.tables:
            if superuser is None:
                raise SystemExit("--tables needs the database this script starts (no --proxy)")
            tables_mode(proxy, dsn, superuser, [int(n) for n in args.tables.split(",")], args)
        else:
            load_mode(proxy, dsn, args)
    load = os.getloadavg()
    print(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def outside_cpu(proxy: Proxy) -> dict[str, float]:
    """CPU seconds so far of the started database server (its postmaster, the backends living
    now, and the ended ones it reaped) and of this script (its client threads)."""
    out = {"bench": sum(os.times()[:2])}
    pid_file = proxy.database_dir / "postmaster.pid" if proxy.database_dir is not None else None
    if pid_file is None or not pid_file.is_file() or not Path("/proc").is_dir():
        return out
    master = int(pid_file.read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue        # ended meanwhile
        fields = text[text.rindex(")") + 2:].split()
        if int(entry.name) == master or int(fields[1]) == master:
            total += (int(fields[11]) + int(fields[12])) / tick
            if int(entry.name) == master:
                total += (int(fields[13]) + int(fields[14])) / tick     # its reaped children's
    out["postgres"] = total
    return out


def cpu_line(r: RunResult, outside: dict[str, float]) -> str:
    """CPU ms per ASK: the proxy's by thread (``askproxy_thread_cpu_seconds``; ``native``:
    ONNX Runtime's pool threads), the database server's and this script's."""
    n = max(1, len(r.latencies))
    threads = sorted(((k[4:], v) for k, v in r.stages.items() if k.startswith("cpu_")), key=lambda kv: -kv[1])
    if not threads:
        return "cpu: (no per-thread CPU on this proxy)"
    parts = ", ".join(f"{name} {ms(v)}" for name, v in threads if v >= 0.00005)
    rest = "  ".join(f"{k} {ms(v / n)}" for k, v in outside.items())
    return f"cpu ms/ASK: proxy {ms(sum(v for _, v in threads))} ({parts})  {rest}"


def load_mode(proxy: Proxy, dsn: str, args: argparse.Namespace) -> None:
    questions = load_questions(args.questions, args.limit)
    for send in args.send.split(","):
        explain = send == "explain"
        warm_up(proxy, dsn, questions, args, explain)
        what = "EXPLAIN ASK" if explain else "ASK"
        print(f"{len(questions)} questions x {args.passes} pass(es), {what}; ms; stages are means per ASK; "
              "p50-x: median of (ASK minus its execution), 1 client only")
        print(f"{'clients':>7} {'p50':>8} {'p95':>8} {'p50-x':>8} {'ASK/s':>7} {'errors':>8}  stages")
        for clients in (int(c) for c in args.clients.split(",")):
            outside = outside_cpu(proxy)
            r = run_load(proxy, dsn, questions, clients, args.passes, explain)
            outside = {k: v - outside.get(k, 0.0) for k, v in outside_cpu(proxy).items()}
            errors = ",".join(f"{k}:{v}" for k, v in sorted(r.errors.items())) or "-"
            unexecuted = ms(pct(r.unexecuted, .5)) if r.unexecuted else "-"
            print(f"{clients:>7} {ms(pct(r.latencies, .5)):>8} {ms(pct(r.latencies, .95)):>8} {unexecuted:>8} "
                  f"{len(r.latencies) / r.wall_s:>7.1f} {errors:>8}  {stage_line(r.stages)}{r.engine_line()}", flush=True)
            print(f"{'':>7} {cpu_line(r, outside)}", flush=True)


def warm_up(proxy: Proxy, dsn: str, questions: Sequence[str], args: argparse.Namespace,
            explain: bool) -> None:
    """``--warmup`` ASKs before the clock runs. With several workers the kernel spreads
    connections over them, and each worker introspects the schema on its own first ASK: the
    warm-up then goes over eight connections per worker (two ASKs each), so that the
    measurement does not time every worker's first schema build."""
    connections = 8 * args.workers if args.workers > 1 else 1
    pool = questions[:max(1, args.warmup)]
    count = max(args.warmup, 2 * connections) if connections > 1 else args.warmup
    run_load(proxy, dsn, [pool[i % len(pool)] for i in range(count)], connections, 1, explain)


def tables_mode(proxy: Proxy, dsn: str, superuser: str, sizes: list[int], args: argparse.Namespace) -> None:
    print("ms; warm/cold: median ASK, overhead = median of (ASK minus its engine time); "
          "select 1: another session, p50/p99/max while the ASKs ran (idle p50 beside)")
    for n in sizes:
        db = ensure_tables_db(superuser, n)
        table_dsn = re.sub(r"dbname=\S+", f"dbname={db}", dsn)
        table_dsn = re.sub(r"user=\S+", f"user={BENCH_ROLE}", table_dsn)
        table_dsn = re.sub(r"password=\S+", f"password={BENCH_ROLE}", table_dsn)
        r = run_tables(proxy, table_dsn, n, args.asks, args.cold)
        warm, cold = r["warm"], r["cold"]
        assert isinstance(warm, RunResult) and isinstance(cold, RunResult)
        busy, idle = r["select1_busy"], r["select1_idle"]
        assert isinstance(busy, list) and isinstance(idle, list)
        print(f"tables {n:>5}: warm {ms(statistics.median(warm.latencies))} (overhead {ms(overhead(warm))}), "
              f"cold {ms(statistics.median(cold.latencies))} (overhead {ms(overhead(cold))}); "
              f"select 1 {ms(pct(busy, .5))}/{ms(pct(busy, .99))}/{ms(max(busy, default=0.0))} "
              f"(idle {ms(pct(idle, .5))}); errors {warm.errors or '-'} {cold.errors or '-'}", flush=True)
        print(f"    warm stages: {stage_line(warm.stages)}")
        print(f"    cold stages: {stage_line(cold.stages)}", flush=True)


if __name__ == "__main__":
    main()
