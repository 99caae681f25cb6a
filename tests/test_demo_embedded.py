"""``start_demo_database`` with the real pgserver-bundled PostgreSQL, in a temporary directory."""

from __future__ import annotations

import psycopg
import pytest

from demo.embedded import start_demo_database
from demo.loader import stored_load_info


@pytest.mark.slow
def test_embedded_demo_database_listens_on_tcp_and_is_read_only(tmp_path):
    db = start_demo_database(tmp_path / "demo", max_connections=1010)   # askproxy demo's default
    try:
        assert db.max_connections == 1010        # as many clients as the proxy accepts
        assert db.host == "127.0.0.1" and db.port > 0
        assert db.load_report is not None
        assert db.upstream_url == f"postgresql://127.0.0.1:{db.port}/askproxy_demo"
        with psycopg.connect(db.analyst_url) as conn:
            assert conn.execute("SELECT count(*) FROM regions").fetchone()[0] == 7
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                conn.execute("DELETE FROM order_lines")
        with psycopg.connect(db.analyst_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM askproxy_meta.demo_load")
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(db.analyst_dsn.replace("password=analyst", "password=wrong")).close()
    finally:
        db.stop()

    again = start_demo_database(tmp_path / "demo")     # restart: fresh data is kept
    try:
        assert again.load_report is None
        assert again.max_connections == 100      # PostgreSQL's default when none is asked for
        with psycopg.connect(again.superuser_dsn) as conn:
            assert stored_load_info(conn) is not None
            conn.execute("UPDATE askproxy_meta.demo_load SET loaded_on = loaded_on - 1")
    finally:
        again.stop()

    stale = start_demo_database(tmp_path / "demo")     # stale load day: reloaded
    try:
        assert stale.load_report is not None
    finally:
        stale.stop()
