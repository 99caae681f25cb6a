"""Value linking on wide schemas: hundreds of tables, each with a few name-like text columns.

The values of small tables are read in one statement at introspection; it once called
``json_build_array`` with an argument per column, which PostgreSQL refuses beyond 100
(SQLSTATE 54023), so every schema of a few dozen such tables silently lost its values.
"""

from __future__ import annotations

import logging
import time

import pytest

from ask.schema import Column, SchemaContext, Table
from ask.context.introspection import introspect
from ask.context.value_linking import link_values, merge_matches
from ask.context.value_probe import ProbeSettings, ValueProbe, probe_columns
from tests.pg_cluster import PgCluster
from tests.test_introspection import connect_upstream


def _wide_schema(n_tables: int) -> str:
    """``t0001`` … with (id, name, city): three vendors and two cities per table."""
    return f"""
DO $$
BEGIN
  FOR i IN 1..{n_tables} LOOP
    EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, name text, city text)',
                   lpad(i::text, 4, '0'));
    EXECUTE format('INSERT INTO t%s VALUES (1, %L, %L), (2, %L, %L), (3, %L, NULL)',
                   lpad(i::text, 4, '0'), 'Vendor ' || i || ' Alpha', 'Town ' || i || ' East',
                   'Vendor ' || i || ' Beta', 'Town ' || i || ' West', 'Vendor ' || i || ' Gamma');
  END LOOP;
END $$;
"""


@pytest.mark.parametrize("n_tables", [150, 1000])
async def test_a_late_table_of_a_wide_schema_is_linked(pg: PgCluster, n_tables: int,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    db = f"ask_wide_{n_tables}"
    pg.psql(f"DROP DATABASE IF EXISTS {db}")
    pg.psql(f"CREATE DATABASE {db}")
    pg.psql(_wide_schema(n_tables), dbname=db)
    late = n_tables - 2
    question = f"what did Vendor {late} Beta sell in Town {late} West"
    probe = ValueProbe()
    with caplog.at_level(logging.INFO, logger="ask"):
        async with connect_upstream(pg, db) as up:
            started = time.perf_counter()
            schema = await introspect(up)
            introspected = time.perf_counter()
            linked = link_values(question, schema)
            probed = await probe.link(question, schema, up, linked)
            done = time.perf_counter()
    print(f"{n_tables} tables: introspection {1000 * (introspected - started):.0f} ms, "
          f"linking + probe {1000 * (done - introspected):.1f} ms")
    assert len(schema.tables) == n_tables
    table = f"t{late:04d}"
    assert {(m.table, m.column, m.value) for m in merge_matches(linked, probed)} == {
        (table, "name", f"Vendor {late} Beta"), (table, "city", f"Town {late} West")}
    assert probe.failures == 0
    assert "sqlstate" not in caplog.text    # no 54023, nor any other failed read


def test_probe_columns_of_a_named_table_come_first_on_wide_schemas() -> None:
    """The probe reads at most ``max_columns`` columns: on a wide schema, those of the tables
    the question names, not merely the first ones in catalog order."""
    tables = tuple(Table("public", f"t{i:04d}", (Column("name", "text"),), rows=100)
                   for i in range(1, 500)) + \
        (Table("public", "warehouses", (Column("site_name", "text"),), rows=100),)
    schema = SchemaContext("db", "r", ("public",), tables)
    settings = ProbeSettings()
    plain = probe_columns(schema, settings)
    assert len(plain) == settings.max_columns and ("warehouses", "site_name") not in \
        [(c.table, c.column) for c in plain]
    asked = probe_columns(schema, settings, "stock held at the Depot 7 warehouse")
    assert len(asked) == settings.max_columns
    assert (asked[0].table, asked[0].column) == ("warehouses", "site_name")
