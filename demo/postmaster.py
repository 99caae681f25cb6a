"""Run the PostgreSQL that the ``pgserver`` wheel bundles, listening on 127.0.0.1.

``pgserver.get_server`` starts postgres with ``-h ""`` (Unix socket only), and command-line
options beat postgresql.conf, so it cannot give the proxy the TCP ``postgresql://`` upstream it
needs. We therefore use only pgserver's binaries and its root-handling helpers, and run
``initdb``/``pg_ctl`` ourselves with ``-h 127.0.0.1 -p <port> -k <socket dir>``. Local
(socket) connections are trusted, which is how the superuser provisions the demo; TCP
connections need a SCRAM password.

As root, PostgreSQL must run as another OS user; like pgserver we use (and create) ``pgserver``.
"""

from __future__ import annotations

import logging
import os
import platform
import pwd
import shlex
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tempfile
import warnings

with warnings.catch_warnings():
    # pgserver computes a runtime directory at import and warns when XDG_RUNTIME_DIR is unset.
    warnings.simplefilter("ignore")
    from pgserver import _commands
    from pgserver import utils as pgutils
    from pgserver._commands import POSTGRES_BIN_PATH

# pgserver generates one wrapper per bundled binary at import time; give them types here.
pg_ctl: Callable[..., str] = getattr(_commands, "pg_ctl")
initdb: Callable[..., str] = getattr(_commands, "initdb")

logger = logging.getLogger(__name__)

LISTEN_HOST = "127.0.0.1"
ROOT_SYSTEM_USER = "pgserver"
START_TIMEOUT_S = 60


@dataclass(frozen=True, slots=True)
class Postmaster:
    """A running server: where it listens and how to stop it."""

    pgdata: Path
    host: str
    port: int
    socket_dir: Path
    system_user: str | None

    def stop(self) -> None:
        logger.info("stopping demo PostgreSQL in %s", self.pgdata)
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self.system_user)

    def superuser_dsn(self, dbname: str) -> str:
        return f"host={self.socket_dir} port={self.port} user=postgres dbname={dbname}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((LISTEN_HOST, 0))
        return int(s.getsockname()[1])


def _system_user() -> str | None:
    if platform.system() == "Windows" or os.geteuid() != 0:
        return None
    pgutils.ensure_user_exists(ROOT_SYSTEM_USER)
    return ROOT_SYSTEM_USER


def _prepare_for_system_user(pgdata: Path, user: str) -> None:
    """Let the unprivileged OS user reach the binaries and own the data directory."""
    bin_path = POSTGRES_BIN_PATH
    pgutils.ensure_prefix_permissions(pgdata)
    pgutils.ensure_prefix_permissions(bin_path)
    readable = stat.S_IRGRP | stat.S_IROTH
    pgutils.ensure_folder_permissions(bin_path, readable | stat.S_IXGRP | stat.S_IXOTH)
    pgutils.ensure_folder_permissions(bin_path.parent / "lib", readable)
    entry = pwd.getpwnam(user)
    os.chown(pgdata, entry.pw_uid, entry.pw_gid)


def _initdb(pgdata: Path, user: str | None) -> None:
    if (pgdata / "PG_VERSION").exists():
        return
    logger.info("initialising demo PostgreSQL cluster in %s", pgdata)
    initdb(["--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
                     "--locale=C", "-U", "postgres"], pgdata=pgdata, user=user)


def _adopt_running(pgdata: Path, user: str | None) -> Postmaster | None:
    """Reuse a server already running on this data directory if it listens on TCP."""
    info = pgutils.PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return None
    if info.hostname == LISTEN_HOST and info.port and info.socket_dir and info.status == "ready":
        logger.info("reusing demo PostgreSQL already running on port %s", info.port)
        return Postmaster(pgdata, LISTEN_HOST, info.port, info.socket_dir, user)
    logger.info("restarting demo PostgreSQL in %s to listen on TCP", pgdata)
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    return None


def _socket_dir(pgdata: Path, user: str | None) -> Path:
    runtime = Path(tempfile.gettempdir()) / f"askproxy-demo-{os.getuid()}"
    directory = Path(pgutils.find_suitable_socket_dir(pgdata, runtime))
    if user is not None and directory != pgdata:
        pgutils.ensure_prefix_permissions(directory)
        directory.chmod(0o777)
    return directory


def start_postmaster(pgdata: Path, port: int | None = None, max_connections: int | None = None) -> Postmaster:
    """Initialise ``pgdata`` if needed and start (or reuse) a server listening on 127.0.0.1,
    accepting ``max_connections`` clients when given (a reused server keeps its own setting)."""
    pgdata.mkdir(parents=True, exist_ok=True)
    user = _system_user()
    if user is not None:
        _prepare_for_system_user(pgdata, user)
    _initdb(pgdata, user)
    running = _adopt_running(pgdata, user)
    if running is not None:
        return running
    port = port or _free_port()
    socket_dir = _socket_dir(pgdata, user)
    options = f"-h {LISTEN_HOST} -p {port} -k {shlex.quote(str(socket_dir))}"
    if max_connections is not None:
        options += f" -c max_connections={int(max_connections)}"
    logger.info("starting demo PostgreSQL on %s:%d", LISTEN_HOST, port)
    pg_ctl(["-w", "-t", str(START_TIMEOUT_S), "-o", options, "-l", str(pgdata / "log"), "start"],
                    pgdata=pgdata, user=user)
    return Postmaster(pgdata, LISTEN_HOST, port, socket_dir, user)
