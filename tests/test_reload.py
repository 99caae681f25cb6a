"""SIGHUP reloads what can change live (issue 23), through the real ``askproxy serve`` and real
clients: a new connection limit applies to the next connection, the log level changes, a
listen port change is logged as needing a restart, and a file that no longer checks leaves the
running configuration alone. Unit table: which keys are live (proxy/reload.py)."""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import psycopg
import pytest

from proxy.config import load
from proxy.reload import applied, diff
from tests.pg_cluster import PgCluster

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("section", "key", "value", "live"), [
    ("limits", "max_client_connections", 5, True),
    ("limits", "client_idle_timeout_s", 3.0, True),
    ("ask", "translate_timeout_s", 5.0, True),
    ("ask", "statement_timeout_ms", 100, True),
    ("upstream", "port", 6543, True),
    ("", "log_level", "DEBUG", True),
    ("listen", "port", 7000, False),
    ("ask", "model", "/elsewhere", False),
    ("ask", "num_beams", 4, False),
    ("metrics", "port", 9999, False),
])
def test_which_keys_change_live(section: str, key: str, value: object, live: bool) -> None:
    old = load(None)
    new = load(None, {section: {key: value}})
    [change] = diff(old, new)
    assert change.key == (section, key) and change.live is live
    after = applied(old, new)
    got = getattr(after if not section else getattr(after, section), key)
    assert got == (value if live else getattr(old if not section else getattr(old, section), key))


class Served:
    def __init__(self, pg: PgCluster, config: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "proxy.cli", "serve", "--no-ask", "--config", str(config),
             "--upstream", f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"],
            cwd=ROOT, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        assert self.proc.stderr is not None
        self._reader = threading.Thread(target=self._read, args=(self.proc.stderr,), daemon=True)
        self._reader.start()
        self.port = int(self.wait_for(r"listening on [\d.]+:(\d+)").group(1))

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line)

    def wait_for(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in the log:\n{''.join(self.lines)}")

    def dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres sslmode=disable"

    def stop(self) -> str:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        self._reader.join(5)
        assert self.proc.stderr is not None
        self.proc.stderr.close()
        return "".join(self.lines)


def test_sighup_reloads_limits_and_log_level(pg: PgCluster, tmp_path: Path) -> None:
    config = tmp_path / "askproxy.toml"
    config.write_text('log_level = "INFO"\n[listen]\nport = 0\n'
                      "[limits]\nmax_client_connections = 1\n")
    served = Served(pg, config)
    try:
        with psycopg.connect(served.dsn()) as first:
            first.execute("select 1")
            with pytest.raises(psycopg.OperationalError, match="too many clients"):
                psycopg.connect(served.dsn())
            config.write_text('log_level = "DEBUG"\n[listen]\nport = 7\n'
                              "[limits]\nmax_client_connections = 5\n")
            served.proc.send_signal(signal.SIGHUP)
            served.wait_for(r"configuration reloaded \(3 change")
            with psycopg.connect(served.dsn()) as second:     # the new limit applies
                assert second.execute("select 2").fetchone() == (2,)
        log = "".join(served.lines)
        assert "reload: [limits] max_client_connections: 1 -> 5" in log
        assert re.search(r"WARNING .*reload: \[listen\] port: 0 -> 7 needs a restart", log), log
        assert "reload: log_level: \"INFO\" -> \"DEBUG\"" in log

        config.write_text("[limits]\nmax_client_connections = 0\n")      # does not check
        served.proc.send_signal(signal.SIGHUP)
        served.wait_for(r"reload failed, configuration unchanged: \[limits\] "
                        r"max_client_connections: expected an integer >= 1")
        with psycopg.connect(served.dsn()) as third:
            assert third.execute("select 3").fetchone() == (3,)
    finally:
        log = served.stop()
    assert "Traceback" not in log, log


def test_reload_sets_the_log_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """proxy.cli.reload_config on a real ProxyServer (not started): the root level follows."""
    from proxy import cli
    from proxy.server import ProxyServer

    root = logging.getLogger()
    monkeypatch.setattr(root, "level", logging.INFO)
    server = ProxyServer(load(None, {"ask": {"enabled": False}}))
    cli.reload_config(server, lambda: load(None, {"ask": {"enabled": False},
                                                  "": {"log_level": "warning"}}))
    assert root.level == logging.WARNING and server.config.log_level == "WARNING"


def _peer_certificate(port: int) -> bytes:
    """The certificate the proxy presents after an SSLRequest."""
    import socket
    import ssl
    import struct
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(struct.pack("!ii", 8, 80877103))
        assert raw.recv(1) == b"S"
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        with ctx.wrap_socket(raw) as tls:
            cert = tls.getpeercert(binary_form=True)
    assert cert is not None
    return cert


def test_sighup_rereads_tls_certificates(pg: PgCluster, tmp_path: Path) -> None:
    """A certificate renewed at the same path is presented to connections after SIGHUP."""
    from tests.pg_cluster import make_self_signed_cert
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    cert, key = make_self_signed_cert(first, "before")
    make_self_signed_cert(second, "after")
    config = tmp_path / "askproxy.toml"
    config.write_text(f'[listen]\nport = 0\ntls_cert = "{cert}"\ntls_key = "{key}"\n')
    served = Served(pg, config)
    try:
        before = _peer_certificate(served.port)
        cert.write_bytes((second / "server.crt").read_bytes())
        key.write_bytes((second / "server.key").read_bytes())
        assert _peer_certificate(served.port) == before       # nothing re-read it yet
        served.proc.send_signal(signal.SIGHUP)
        served.wait_for(r"configuration reloaded \(0 change")
        after = _peer_certificate(served.port)
    finally:
        log = served.stop()
    assert after != before and after == _der(second / "server.crt")
    assert "Traceback" not in log, log


def _der(pem: Path) -> bytes:
    import ssl
    return ssl.PEM_cert_to_DER_cert(pem.read_text())
