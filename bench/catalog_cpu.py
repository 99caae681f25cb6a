"""What the schema reads cost the server: the catalog query and the value reads of a cold
schema, and the former ones (``tests/introspection_reference.py``), in interleaved rounds on
one warm connection. Prints wall time and the server backend's CPU time (utime + stime from
``/proc``, so the server must run on this host): on a shared machine the CPU time is the
number that compares.

    PYTHONPATH=. python bench/catalog_cpu.py --dsn "host=... user=bench dbname=bench_tables_5000"
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import time
from pathlib import Path

import psycopg

from ask.context import introspection as intro
from ask.context.catalog import catalog_sql, raw_tables
from ask.upstream import QueryResult
from tests import introspection_reference as reference


class _Recorder:
    """An Upstream that records the statements it is given and answers none."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    async def fetch(self, sql: str) -> QueryResult:
        self.sql.append(sql)
        return QueryResult(("k", "vals"), ())


def _statements(conn: psycopg.Connection) -> dict[str, list[str]]:
    """Each variant's statements: the catalog query, and the value reads of its targets."""
    new_catalog = catalog_sql(50, intro._SMALL_TABLE_BYTES)
    old_catalog = reference._CATALOG_SQL.format(max_values=50, small_bytes=reference._SMALL_TABLE_BYTES)
    row = conn.execute(new_catalog).fetchone()
    assert row is not None
    targets = intro._fallback_targets(raw_tables(json.dumps(row[3])))
    new_reads, old_reads = _Recorder(), _Recorder()
    asyncio.run(intro._probe_values(new_reads, targets, 50))
    asyncio.run(reference._probe_values(old_reads, targets, 50))
    return {"catalog, former": [old_catalog], "catalog": [new_catalog],
            f"values ({len(targets)} columns), former": old_reads.sql,
            f"values ({len(targets)} columns, {len(new_reads.sql)} statements)": new_reads.sql}


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--no-jit", action="store_true", help="SET jit = off on the connection first")
    args = ap.parse_args()
    with psycopg.connect(args.dsn, autocommit=True) as conn:
        if args.no_jit:
            conn.execute("SET jit = off")
        pid = int(conn.execute("SELECT pg_backend_pid()").fetchone()[0])  # type: ignore[index]
        variants = _statements(conn)
        for sqls in variants.values():          # warm: the backend's caches built
            for sql in sqls:
                conn.execute(sql.encode()).fetchall()
        spent: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, sqls in variants.items():
                started, cpu_before = time.perf_counter(), _cpu_s(pid)
                for sql in sqls:
                    conn.execute(sql.encode()).fetchall()
                spent[name].append((time.perf_counter() - started, _cpu_s(pid) - cpu_before))
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    print(f"PostgreSQL {re.split(r'[ (]', version)[0]}, load average {os.getloadavg()[0]:.2f}, "
          f"{args.rounds} interleaved rounds; ms, min / median")
    for name, runs in spent.items():
        wall = sorted(w for w, _ in runs)
        cpu = sorted(c for _, c in runs)
        mid = len(runs) // 2
        print(f"{name:44} wall {wall[0] * 1000:6.0f} / {wall[mid] * 1000:6.0f}"
              f"   server cpu {cpu[0] * 1000:5.0f} / {cpu[mid] * 1000:5.0f}")


if __name__ == "__main__":
    main()
