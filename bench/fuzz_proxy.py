"""Longer live fuzz run against askproxy: random and mutated protocol input for T seconds.

Starts its own cluster and a proxy (in this process, in a thread), keeps a bystander session
querying throughout, and hammers the proxy with mutated startup packets, random bytes after
a login, out-of-state and oversized messages. Prints outcome counts (08P01, closed, other
SQLSTATEs), bystander failures, proxy sessions and upstream connections left.

    python bench/fuzz_proxy.py --seconds 120 --seed 1
"""

from __future__ import annotations

import argparse
import random
import socket
import struct
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from tests.pg_cluster import PgCluster  # noqa: E402
from tests.proxy_fixture import ProxyThread  # noqa: E402
from tests.raw_client import RawClient, sqlstate, startup_packet  # noqa: E402

TYPES = b"QPBEDCSHFXdcfpd\x00\xff"


def payload(rng: random.Random) -> tuple[bool, bytes]:
    """(log in first?, bytes to send)."""
    kind = rng.randrange(4)
    if kind == 0:   # mutated startup packet
        data = bytearray(startup_packet(application_name="fuzz"))
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return False, bytes(data[:rng.randint(1, len(data))])
    if kind == 1:   # random bytes after login
        return True, rng.randbytes(rng.randint(1, 512))
    if kind == 2:   # well-framed message of a random type with random body
        body = rng.randbytes(rng.randint(0, 256))
        return True, bytes([rng.choice(TYPES)]) + struct.pack("!i", len(body) + 4) + body
    length = rng.choice([0, 1, 3, -1, 1 << 20, (1 << 31) - 1])   # wrong lengths
    return True, bytes([rng.choice(TYPES)]) + struct.pack("!i", length) + rng.randbytes(16)


def one(port: int, rng: random.Random) -> str:
    login, data = payload(rng)
    client = RawClient(port, timeout=5)
    try:
        if login:
            client.login(application_name="fuzz")
        client.send(data)
        client.sock.shutdown(socket.SHUT_WR)
        got = client.messages(until=b"EZ")
        errors = [sqlstate(b) for t, b in got if t == "E"]
        return errors[0] if errors else ("closed" if got[-1][0] == "EOF" else "answered")
    except (BrokenPipeError, ConnectionResetError):
        return "closed"
    finally:
        client.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pg = PgCluster.start()
    proxy = ProxyThread(pg, limits={"max_message_size": 64 * 1024}).start()
    outcomes: Counter[str] = Counter()
    bystander_failures = 0
    try:
        bystander = psycopg.connect(proxy.dsn(application_name="bystander"), autocommit=True)
        deadline = time.monotonic() + args.seconds
        n = 0
        while time.monotonic() < deadline:
            outcomes[one(proxy.port, rng)] += 1
            n += 1
            if n % 20 == 0:
                try:
                    assert bystander.execute("select 42").fetchone() == (42,)
                except Exception:   # noqa: BLE001 - counted
                    bystander_failures += 1
        time.sleep(2)
        left = pg.psql("select count(*) from pg_stat_activity where application_name = 'fuzz'")
        sessions = proxy.server.active_sessions if proxy.server else -1
        bystander.close()
    finally:
        proxy.stop()
        pg.stop()
    print(f"fuzz connections={sum(outcomes.values())} seed={args.seed} seconds={args.seconds:g}")
    for k, v in outcomes.most_common():
        print(f"  {v:7d}  {k}")
    print(f"bystander failures={bystander_failures} proxy sessions left={sessions} "
          f"(bystander only: 1) upstream fuzz sessions left={left}")


if __name__ == "__main__":
    main()
