"""The demo database behind ``askproxy demo``: an embedded server, a read-only role, fresh data.

:func:`start_demo_database` starts (or reuses) the bundled PostgreSQL in a per-user data
directory, makes sure the ``askproxy_demo`` database and the ``analyst`` role exist, and
reloads the data whenever it was generated for an earlier day than the database's today:
the data is relative to its load day ("orders up to yesterday"), so a reload is what keeps
"yesterday", "last 7 days" and "last month" true. A reload takes a few seconds.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from demo import datagen
from demo.loader import LoadReport, database_today, load_demo_data, stored_load_info
from demo.postmaster import Postmaster, start_postmaster

logger = logging.getLogger(__name__)

DEMO_DBNAME = "askproxy_demo"
ANALYST_USER = "analyst"
ANALYST_PASSWORD = "analyst"


@dataclass(frozen=True, slots=True)
class DemoDatabase:
    """Where the demo database listens; ``stop()`` shuts the embedded server down."""

    data_dir: Path
    host: str
    port: int
    dbname: str
    superuser_dsn: str
    analyst_user: str
    analyst_password: str
    load_report: LoadReport | None  # None when the stored data was still fresh
    _postmaster: Postmaster = field(repr=False)
    max_connections: int = 100      # what the server accepts (SHOW max_connections)

    @property
    def analyst_dsn(self) -> str:
        return (f"host={self.host} port={self.port} dbname={self.dbname} "
                f"user={self.analyst_user} password={self.analyst_password}")

    @property
    def user(self) -> str:
        """The role demo users connect as (alias of ``analyst_user``)."""
        return self.analyst_user

    @property
    def password(self) -> str:
        return self.analyst_password

    @property
    def upstream_url(self) -> str:
        """TCP URL for the proxy's ``--upstream`` (credentials come from the client)."""
        return f"postgresql://{self.host}:{self.port}/{self.dbname}"

    @property
    def analyst_url(self) -> str:
        return (f"postgresql://{self.analyst_user}:{self.analyst_password}"
                f"@{self.host}:{self.port}/{self.dbname}")

    def stop(self) -> None:
        self._postmaster.stop()


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/askdemo``, else ``~/.local/share/askdemo``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "askproxy" / "demo"


def _ensure_database(postmaster: Postmaster) -> None:
    with psycopg.connect(postmaster.superuser_dsn("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DEMO_DBNAME,)).fetchone()
        if not exists:
            logger.info("creating database %s", DEMO_DBNAME)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DEMO_DBNAME)))


def _ensure_analyst(conn: psycopg.Connection) -> None:
    """A login role that can only read the demo tables."""
    role = sql.Identifier(ANALYST_USER)
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (ANALYST_USER,)).fetchone()
    verb = "ALTER" if exists else "CREATE"
    conn.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(ANALYST_PASSWORD)))
    conn.execute(sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(role))
    conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(DEMO_DBNAME), role))
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(role))


def _needs_reload(conn: psycopg.Connection) -> bool:
    info = stored_load_info(conn)
    if info is None:
        return True
    return (info.loaded_on != database_today(conn) or info.seed != datagen.DEFAULT_SEED
            or info.generator_version != datagen.GENERATOR_VERSION)


def _provision(postmaster: Postmaster) -> LoadReport | None:
    _ensure_database(postmaster)
    report = None
    with psycopg.connect(postmaster.superuser_dsn(DEMO_DBNAME), autocommit=True) as conn:
        if _needs_reload(conn):
            report = load_demo_data(conn)
        _ensure_analyst(conn)
    return report


def start_demo_database(data_dir: Path | None = None, port: int | None = None,
                        max_connections: int | None = None) -> DemoDatabase:
    """Start the embedded demo server and return where to reach it (see module docstring).
    ``max_connections``: as many clients as the proxy in front of it accepts."""
    data_dir = (data_dir or default_data_dir()).expanduser().resolve()
    postmaster = start_postmaster(data_dir, port, max_connections)
    try:
        report = _provision(postmaster)
        with psycopg.connect(postmaster.superuser_dsn("postgres")) as conn:
            accepted = int(conn.execute("SHOW max_connections").fetchone()[0])  # type: ignore[index]
    except BaseException:
        postmaster.stop()
        raise
    return DemoDatabase(
        data_dir=data_dir, host=postmaster.host, port=postmaster.port, dbname=DEMO_DBNAME,
        superuser_dsn=postmaster.superuser_dsn(DEMO_DBNAME), analyst_user=ANALYST_USER,
        analyst_password=ANALYST_PASSWORD, load_report=report, _postmaster=postmaster,
        max_connections=accepted)
