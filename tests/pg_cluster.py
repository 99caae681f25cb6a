"""A throwaway PostgreSQL 15 cluster for the tests (real server, never a mock).

PostgreSQL refuses to run as root, so initdb/postgres run as the ``postgres`` user when the
tests run as root. The cluster listens on 127.0.0.1 at a free port, with SSL enabled (a
self-signed certificate) and one role per authentication method the proxy must relay.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("ASKPROXY_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))

ROLES = {
    # role: (password, hba method)
    "scram_user": ("scram-pass", "scram-sha-256"),
    "md5_user": ("md5-pass", "md5"),
    "pw_user": ("pw-pass", "password"),
}

HBA = """\
local   all   all                    trust
host    all   scram_user  127.0.0.1/32  scram-sha-256
host    all   md5_user    127.0.0.1/32  md5
host    all   pw_user     127.0.0.1/32  password
host    all   all         127.0.0.1/32  trust
host    all   all         ::1/128       trust
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def make_self_signed_cert(directory: Path, cn: str = "localhost") -> tuple[Path, Path]:
    cert, key = directory / "server.crt", directory / "server.key"
    subprocess.run(
        ["openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-subj", f"/CN={cn}",
         "-newkey", "rsa:2048", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    key.chmod(0o600)
    return cert, key


@dataclass
class PgCluster:
    datadir: Path
    sockdir: Path
    port: int
    host: str = "127.0.0.1"

    def dsn(self, user: str = "postgres", dbname: str = "postgres", **extra: str) -> str:
        parts = [f"host={self.host}", f"port={self.port}", f"user={user}", f"dbname={dbname}"]
        if user in ROLES and "password" not in extra:
            parts.append(f"password={ROLES[user][0]}")
        parts += [f"{k}={v}" for k, v in extra.items()]
        return " ".join(parts)

    def url(self, user: str = "postgres", dbname: str = "postgres") -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{dbname}"

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        out = subprocess.run(
            ["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p",
             str(self.port), "-U", "postgres", "-d", dbname, "-c", sql],
            check=True, capture_output=True, text=True)
        return out.stdout.strip()

    @classmethod
    def start(cls, port: int | None = None) -> "PgCluster":
        """A new cluster on ``port`` (default: a free one the kernel picks)."""
        root = Path(tempfile.mkdtemp(prefix="askproxy-pg-"))
        datadir, sockdir = root / "data", root / "sock"
        sockdir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
            shutil.chown(sockdir, "postgres", "postgres")
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(datadir), "-U", "postgres",
                      "--auth=trust", "-E", "UTF8", "--locale=C"])
        cert, key = make_self_signed_cert(root)
        for f in (cert, key):
            target = datadir / f.name
            shutil.copy(f, target)
            target.chmod(0o600)
            if os.geteuid() == 0:
                shutil.chown(target, "postgres", "postgres")
        port = port or free_port()
        with open(datadir / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{sockdir}'\nmax_connections = 400\n"
                "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "password_encryption = 'scram-sha-256'\nshared_buffers = 128MB\n")
        (datadir / "pg_hba.conf").write_text(HBA)
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(datadir), "-l", str(root / "log"),
                      "-w", "-t", "60", "start"])
        cluster = cls(datadir=datadir, sockdir=sockdir, port=port)
        cluster._wait_ready()
        cluster._create_roles()
        return cluster

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.psql("select 1")
                return
            except subprocess.CalledProcessError:
                time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not become ready")

    def _create_roles(self) -> None:
        for role, (password, method) in ROLES.items():
            enc = "md5" if method == "md5" else "scram-sha-256"
            self.psql(f"SET password_encryption = '{enc}'; "
                      f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")

    def stop(self) -> None:
        try:
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate",
                          "-w", "stop"])
        finally:
            shutil.rmtree(self.datadir.parent, ignore_errors=True)
