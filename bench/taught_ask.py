"""What answering from a taught example adds: ``ASK 'taught question'`` through the proxy
against the taught SELECT itself, sent straight to PostgreSQL and through the proxy.

Each round runs the three once, in turn (so load on the machine hits them alike), over three
open connections, in the simple protocol as psql sends them; the client's wall time of each
(execute and fetch all rows) is recorded. Reported: p50/p90 of each, the p50 the ASK adds over
the direct SELECT (the target: at most 5 ms), and the median of the per-round differences (less
sensitive to load that changes between rounds).

    python -m bench.taught_ask --proxy "postgresql://analyst:analyst@127.0.0.1:6432/askproxy_demo" \\
        --direct "postgresql://analyst:analyst@127.0.0.1:PORT/askproxy_demo" \\
        --question "who are our best customers" -n 200
"""

from __future__ import annotations

import argparse
import statistics
import time

import psycopg

from ask.context.examples import normalize_question


def taught_sql(conn: psycopg.Connection, question: str) -> str:
    rows = conn.execute("SELECT question, sql FROM askproxy.examples ORDER BY id").fetchall()
    found = [sql for q, sql in rows if normalize_question(q) == normalize_question(question)]
    if not found:
        raise SystemExit(f"no taught example visible for {question!r}")
    return found[-1]


def timed(cur: psycopg.ClientCursor, sql: str) -> float:
    started = time.perf_counter()
    cur.execute(sql)
    cur.fetchall()
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proxy", required=True, help="DSN through the proxy")
    parser.add_argument("--direct", required=True, help="DSN straight to PostgreSQL")
    parser.add_argument("--question", required=True, help="a taught question")
    parser.add_argument("-n", type=int, default=200, help="rounds (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="rounds not counted (default 20)")
    args = parser.parse_args()
    with psycopg.connect(args.direct, autocommit=True) as direct, \
            psycopg.connect(args.proxy, autocommit=True) as proxied, \
            psycopg.connect(args.proxy, autocommit=True) as asking:
        sql = taught_sql(direct, args.question)
        ask = "ASK $askq$" + args.question + "$askq$"
        curs = {"direct SELECT": (psycopg.ClientCursor(direct), sql),
                "SELECT via proxy": (psycopg.ClientCursor(proxied), sql),
                "ASK via proxy": (psycopg.ClientCursor(asking), ask)}
        times: dict[str, list[float]] = {name: [] for name in curs}
        for n in range(args.warmup + args.n):
            for name, (cur, text) in curs.items():
                ms = timed(cur, text)
                if n >= args.warmup:
                    times[name].append(ms)
    for name, values in times.items():
        print(f"{name:17s} p50 {statistics.median(values):7.2f} ms   p90 "
              f"{percentile(values, 0.9):7.2f} ms   (n={len(values)})")
    added = statistics.median(times["ASK via proxy"]) - statistics.median(times["direct SELECT"])
    print(f"added by the taught ASK (p50 ASK - p50 direct SELECT): {added:.2f} ms")
    paired = [a - d for a, d in zip(times["ASK via proxy"], times["direct SELECT"])]
    print(f"p50 of the per-round differences (ASK - direct SELECT, same round): "
          f"{statistics.median(paired):.2f} ms")


if __name__ == "__main__":
    main()
