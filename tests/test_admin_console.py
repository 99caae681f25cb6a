"""The admin console through psql against real PostgreSQL (issue 23): the virtual database
``askproxy`` for roles in ``[admin] users``, logged in by the upstream server's own rules;
SHOW STATS / SESSIONS / CACHES / CONFIG / HELP, and REFRESH SCHEMA making a table created
directly on the server visible to ASK at once (instead of after ``schema_ttl_s``)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import psycopg
import pytest

from tests.pg_cluster import ROLES, PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread


@pytest.fixture(scope="module")
def proxy(pg: PgCluster) -> Iterator[ProxyThread]:
    translator = FixedTranslator({"count fresh": ["select count(*) from console_fresh"]})
    p = ProxyThread(pg, translator,
                    upstream={"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"},
                    admin={"users": "postgres, md5_user"}).start()
    yield p
    p.stop()


def psql(proxy: ProxyThread, sql: str, user: str = "postgres", dbname: str = "askproxy",
         password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PGPASSWORD": password or ROLES.get(user, ("",))[0]}
    return subprocess.run(
        ["psql", "-X", "-w", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1",
         f"host=127.0.0.1 port={proxy.port} user={user} dbname={dbname} sslmode=disable",
         "-c", sql], capture_output=True, text=True, timeout=30, env=env)


def _rows(out: str) -> dict[str, list[str]]:
    return {line.split("|")[0]: line.split("|")[1:] for line in out.splitlines() if line}


def test_show_commands(proxy: ProxyThread) -> None:
    with psycopg.connect(proxy.dsn(sslmode="disable")) as other:
        other.execute("select 1")
        stats = psql(proxy, "SHOW STATS")
        assert stats.returncode == 0, stats.stderr
        values = _rows(stats.stdout)
        assert int(values["connections_total"][0]) >= 2
        assert int(values["connections_active"][0]) >= 2
        assert {"uptime_s", "ask_errors", "upstream_connect_failures",
                "login_failures", "bytes_client_to_server"} <= set(values)
        sessions = psql(proxy, "show sessions;")
        assert sessions.returncode == 0, sessions.stderr
        rows = [line.split("|") for line in sessions.stdout.splitlines() if line]
        assert any(r[1:3] == ["postgres", "postgres"] and r[4] == "ready" for r in rows), rows
        assert any(r[2] == "askproxy" for r in rows), rows      # the console's own session
    config = _rows(psql(proxy, "SHOW CONFIG").stdout)
    assert config["[limits] max_client_connections"] == ["1000"]
    assert config["[admin] users"] == ["postgres, md5_user"]
    caches = _rows(psql(proxy, "SHOW CACHES").stdout)
    assert set(caches) == {"schema", "translation", "examples"}
    assert "REFRESH SCHEMA" in psql(proxy, "SHOW HELP").stdout


def test_refresh_schema_makes_a_new_table_visible_to_ask(proxy: ProxyThread,
                                                         pg: PgCluster) -> None:
    pg.psql("DROP TABLE IF EXISTS console_fresh")
    with psycopg.connect(proxy.dsn(sslmode="disable"), autocommit=True) as conn:
        with pytest.raises(psycopg.Error):               # schema read and cached: no table
            conn.execute("ASK 'count fresh'")
        pg.psql("CREATE TABLE console_fresh (id int); INSERT INTO console_fresh VALUES (1), (2)")
        with pytest.raises(psycopg.Error):               # still the cached schema
            conn.execute("ASK 'count fresh'")
        refreshed = psql(proxy, "REFRESH SCHEMA")
        assert refreshed.returncode == 0 and int(refreshed.stdout.strip()) >= 1, refreshed
        assert conn.execute("ASK 'count fresh'").fetchone() == (2,)
    pg.psql("DROP TABLE console_fresh")


def test_refresh_schema_of_one_role_keeps_the_others(proxy: ProxyThread, pg: PgCluster) -> None:
    pg.psql("DROP TABLE IF EXISTS console_fresh")
    assert psql(proxy, "REFRESH SCHEMA").returncode == 0       # whatever earlier tests cached
    with psycopg.connect(proxy.dsn(sslmode="disable"), autocommit=True) as admin, \
            psycopg.connect(proxy.dsn("pw_user", sslmode="disable"), autocommit=True) as user:
        for conn in (admin, user):                       # both roles' schemas read and cached
            with pytest.raises(psycopg.Error):
                conn.execute("ASK 'count fresh'")
        pg.psql("CREATE TABLE console_fresh (id int); INSERT INTO console_fresh VALUES (1), (2);"
                " GRANT SELECT ON console_fresh TO pw_user")
        refreshed = psql(proxy, "refresh  schema PW_USER")    # folded like an identifier
        assert refreshed.returncode == 0 and int(refreshed.stdout.strip()) >= 1, refreshed
        assert user.execute("ASK 'count fresh'").fetchone() == (2,)
        with pytest.raises(psycopg.Error):               # postgres's cached schema is kept
            admin.execute("ASK 'count fresh'")
        assert psql(proxy, 'REFRESH SCHEMA "postgres"').stdout.strip() != "0"
        assert admin.execute("ASK 'count fresh'").fetchone() == (2,)
        assert psql(proxy, "REFRESH SCHEMA nobody_here").stdout.strip() == "0"
    pg.psql("DROP TABLE console_fresh")


def test_only_admin_roles_and_only_with_the_right_password(proxy: ProxyThread) -> None:
    refused = psql(proxy, "SHOW STATS", user="pw_user")
    assert refused.returncode == 2
    assert 'role "pw_user" may not use the askproxy admin console' in refused.stderr
    wrong = psql(proxy, "SHOW STATS", user="md5_user", password="wrong")
    assert wrong.returncode == 2 and "password authentication failed" in wrong.stderr
    ok = psql(proxy, "SHOW STATS", user="md5_user")          # md5 through the upstream
    assert ok.returncode == 0, ok.stderr


def test_unknown_command_is_an_error_and_the_console_goes_on(proxy: ProxyThread) -> None:
    got = psql(proxy, "SHOW NOTHING")
    assert got.returncode == 1 and "unknown admin console command" in got.stderr
    assert "HINT:  SHOW HELP lists the commands" in got.stderr
    with psycopg.connect(proxy.dsn(dbname="askproxy", sslmode="disable"),
                         autocommit=True) as conn:
        conn.pgconn.exec_(b"SHOW NOTHING")
        result = conn.pgconn.exec_(b"SHOW CACHES")
        assert result.ntuples == 3     # schema, translation, examples


def test_without_admin_users_the_database_name_is_relayed(pg: PgCluster) -> None:
    p = ProxyThread(pg).start()
    try:
        got = psql(p, "SHOW STATS")
    finally:
        p.stop()
    assert got.returncode == 2 and 'database "askproxy" does not exist' in got.stderr
