"""A failed upstream connection names its real cause (issue 23): refused, a timeout and where
it stopped (no answer to SSLRequest, a silent TLS handshake), or a TLS failure with the
certificate's reason. Real PostgreSQL (ssl = on, self-signed) for the TLS case; psql's view
of the message, as an operator sees it."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator

import pytest

from tests.pg_cluster import PgCluster
from tests.proxy_fixture import ProxyThread
from tests.test_upstream_loss import BlackHole


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def holes() -> Iterator[dict[str, BlackHole]]:
    made = {"silent": BlackHole(), "tls-silent": BlackHole(answer_ssl=True)}
    yield made
    for hole in made.values():
        hole.close()


CASES = [
    # (target, sslmode, what the FATAL message must say)
    ("closed", "prefer", "connection refused"),
    ("silent", "require", "timed out during SSL negotiation (no answer to SSLRequest)"),
    ("tls-silent", "require", "timed out during the TLS handshake"),
    ("pg", "verify-ca", "TLS handshake with upstream server 127.0.0.1:PORT failed: "
                        "CERTIFICATE_VERIFY_FAILED"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("target", "sslmode", "says"), CASES)
def test_upstream_failure_names_the_cause(pg: PgCluster, holes: dict[str, BlackHole],
                                          target: str, sslmode: str, says: str) -> None:
    port = {"closed": _closed_port(), "pg": pg.port}.get(target) or holes[target].port
    p = ProxyThread(pg, upstream={"url": f"postgresql://127.0.0.1:{port}?sslmode={sslmode}",
                                  "connect_timeout_s": 1.0}).start()
    try:
        got = subprocess.run(["psql", "-X", "-w", p.dsn("postgres", sslmode="disable"),
                              "-c", "select 1"], capture_output=True, text=True, timeout=30)
    finally:
        p.stop()
    assert got.returncode == 2, got
    assert "FATAL:  " in got.stderr and says.replace("PORT", str(port)) in got.stderr, got.stderr
    assert ("TLS handshake with" in got.stderr) == (target == "pg")  # a timeout is no TLS failure
