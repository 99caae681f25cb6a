"""The set-based catalog query (ask/context/catalog.py) reads what the former one read.

One schema with what decides visibility and content: table and column grants, a schema
without USAGE, comments on tables, views and columns, views and a materialized view, a
partitioned table with partitions and a foreign key to it, single, composite and
self-referencing foreign keys (and ones to tables or through columns a role cannot see),
enums, statistics with and without most-common values, a dropped column, row-level security,
quoted names, and functions, operators and a cast of every volatility. Each role's context,
read by :func:`ask.context.introspection.introspect`, must equal the one
``tests/introspection_reference.py`` (the former query, verbatim) reads.
"""

from __future__ import annotations

import pytest

from ask.context import introspection
from ask.context.introspection import introspect
from ask.schema import SchemaContext
from tests.introspection_reference import reference_introspect
from tests.pg_cluster import PgCluster
from tests.test_introspection import connect_upstream

DB = "ask_catalog_eq"
ROLES = ("postgres", "eq_analyst", "eq_columns", "eq_owner", "eq_nobody")

SETUP = '''
CREATE ROLE eq_analyst LOGIN;
CREATE ROLE eq_columns LOGIN;
CREATE ROLE eq_owner LOGIN;
CREATE ROLE eq_nobody LOGIN;
ALTER ROLE eq_analyst SET search_path = shop, public;
CREATE SCHEMA shop;
CREATE SCHEMA hidden;
CREATE SCHEMA "Mixed Schema";
GRANT USAGE ON SCHEMA shop, "Mixed Schema" TO eq_analyst, eq_columns, eq_owner;
GRANT CREATE ON SCHEMA shop TO eq_owner;
CREATE TYPE shop.tier AS ENUM ('bronze', 'silver', 'gold');
CREATE TABLE shop.customers (id int PRIMARY KEY, name text NOT NULL, tier shop.tier,
  email text, city varchar(40));
COMMENT ON TABLE shop.customers IS 'People who buy';
COMMENT ON COLUMN shop.customers.email IS 'Contact address';
INSERT INTO shop.customers SELECT g, 'customer ' || g, 'silver', 'c' || g || '@x.org',
  (ARRAY['Oslo', 'Lima', 'Pune'])[1 + g % 3] FROM generate_series(1, 300) g;
CREATE TABLE shop.orders (id int, line int, customer_id int REFERENCES shop.customers,
  status text, amount numeric(10,2), placed date, PRIMARY KEY (id, line));
INSERT INTO shop.orders SELECT g, 1, 1 + g % 300, (ARRAY['open', 'paid'])[1 + g % 2], g, NULL
  FROM generate_series(1, 500) g;
CREATE TABLE shop.order_notes (order_id int, line int, author_id int REFERENCES shop.customers,
  note text, FOREIGN KEY (order_id, line) REFERENCES shop.orders);
CREATE TABLE shop.categories (id int PRIMARY KEY, parent_id int REFERENCES shop.categories,
  label text);
INSERT INTO shop.categories VALUES (1, NULL, 'Tools'), (2, 1, 'Saws'), (3, 1, NULL);
CREATE TABLE shop.payroll (id int PRIMARY KEY, customer_id int REFERENCES shop.customers,
  salary numeric, secret_code text);
CREATE TABLE shop.events (id int, at date, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE shop.events_2025 PARTITION OF shop.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO shop.events VALUES (1, '2024-05-01', 'start'), (2, '2025-05-01', 'stop');
CREATE TABLE shop.event_refs (id int PRIMARY KEY, event_id int, event_at date,
  FOREIGN KEY (event_id, event_at) REFERENCES shop.events);
CREATE VIEW shop.big_orders AS SELECT id, amount FROM shop.orders WHERE amount > 100;
COMMENT ON VIEW shop.big_orders IS 'Orders over 100';
COMMENT ON COLUMN shop.big_orders.amount IS 'Order total';
CREATE MATERIALIZED VIEW shop.order_counts AS
  SELECT status, count(*) AS n FROM shop.orders GROUP BY status;
CREATE TABLE shop.dropped (a int, b text, c text);
ALTER TABLE shop.dropped DROP COLUMN b;
INSERT INTO shop.dropped VALUES (1, 'kept');
CREATE TABLE shop.many (id int, label text);
INSERT INTO shop.many SELECT g, 'v' || g FROM generate_series(1, 80) g;
CREATE TABLE hidden.stuff (a int, b text);
CREATE TABLE "Mixed Schema"."Odd ""Table""" ("Weird Col" text, n int);
INSERT INTO "Mixed Schema"."Odd ""Table""" VALUES ('a"b', 1), ('it''s', 2);
SET ROLE eq_owner;
CREATE TABLE shop.tenant_rows (id int PRIMARY KEY, tenant text NOT NULL, body text);
INSERT INTO shop.tenant_rows VALUES (1, 'acme', 'a'), (2, 'globex', 'g');
ALTER TABLE shop.tenant_rows ENABLE ROW LEVEL SECURITY;
CREATE POLICY acme_only ON shop.tenant_rows FOR SELECT TO eq_analyst USING (tenant = 'acme');
GRANT SELECT ON shop.tenant_rows TO eq_analyst;
RESET ROLE;
CREATE FUNCTION shop.noisy(x int DEFAULT (random() * 10)::int) RETURNS int IMMUTABLE
  LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION shop.calm(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION shop.locked() RETURNS int STABLE LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION shop.locked() FROM PUBLIC;
CREATE FUNCTION shop.jitter(int, int) RETURNS int VOLATILE LANGUAGE sql AS 'SELECT $1 + $2';
CREATE OPERATOR shop.=%= (LEFTARG = int, RIGHTARG = int, FUNCTION = shop.jitter);
CREATE TYPE shop.money2 AS (v numeric);
CREATE FUNCTION shop.to_money2(numeric) RETURNS shop.money2 VOLATILE LANGUAGE sql
  AS 'SELECT ROW($1)::shop.money2';
CREATE CAST (numeric AS shop.money2) WITH FUNCTION shop.to_money2(numeric);
GRANT SELECT ON shop.customers, shop.orders, shop.order_notes, shop.categories, shop.events,
  shop.event_refs, shop.big_orders, shop.order_counts, shop.dropped, shop.many,
  "Mixed Schema"."Odd ""Table""" TO eq_analyst;
GRANT SELECT (id, salary) ON shop.payroll TO eq_analyst;
GRANT SELECT (id, name, city) ON shop.customers TO eq_columns;
GRANT SELECT (order_id, note, author_id) ON shop.order_notes TO eq_columns;
GRANT SELECT (id, line, customer_id) ON shop.orders TO eq_columns;
GRANT SELECT (id, parent_id) ON shop.categories TO eq_columns;
GRANT SELECT ON shop.payroll TO eq_columns;
ANALYZE shop.customers, shop.orders, shop.categories;
'''


@pytest.fixture(scope="module")
def eq_db(pg: PgCluster) -> str:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(SETUP, dbname=DB)
    return DB


async def _both(pg: PgCluster, role: str, search_path: str | None = None,
                max_values: int = 50) -> tuple[SchemaContext, SchemaContext]:
    async with connect_upstream(pg, DB, role) as upstream:
        if search_path is not None:
            await upstream.fetch(f"SET search_path = {search_path}")
        new = await introspect(upstream, max_values=max_values)
        old = await reference_introspect(upstream, max_values=max_values)
    return new, old


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_reads_what_the_former_query_read(pg: PgCluster, eq_db: str, role: str) -> None:
    new, old = await _both(pg, role)
    assert new == old
    assert new.fingerprint == old.fingerprint


async def test_with_another_path_and_fewer_values(pg: PgCluster, eq_db: str) -> None:
    new, old = await _both(pg, "eq_analyst", search_path='"Mixed Schema", shop', max_values=2)
    assert new == old and new.search_path == ("Mixed Schema", "shop")


async def test_values_read_a_few_columns_a_statement(pg: PgCluster, eq_db: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(introspection, "_PROBE_CHUNK", 2)
    new, old = await _both(pg, "postgres")
    assert new == old


async def test_the_schema_holds_what_the_comparison_is_about(pg: PgCluster, eq_db: str) -> None:
    """The cases above compare something: what each role sees differs in the ways named."""
    full, _ = await _both(pg, "postgres")
    analyst, _ = await _both(pg, "eq_analyst")
    columns, _ = await _both(pg, "eq_columns")
    notes = full.table("order_notes", "shop")
    assert notes is not None and [(fk.columns, fk.ref_table) for fk in notes.foreign_keys] == [
        (("author_id",), "customers"), (("order_id", "line"), "orders")]
    refs = full.table("event_refs", "shop")
    assert refs is not None and refs.foreign_keys[0].ref_table == "events"
    assert full.table("events_2024", "shop") is None and full.table("stuff", "hidden") is not None
    assert analyst.table("stuff", "hidden") is None
    payroll = analyst.table("payroll")
    assert payroll is not None and [c.name for c in payroll.columns] == ["id", "salary"]
    assert payroll.foreign_keys == ()            # its column customer_id is hidden
    customers = analyst.table("customers")
    assert customers is not None and customers.comment == "People who buy"
    assert customers.column("tier").values == ("bronze", "silver", "gold")      # type: ignore[union-attr]
    assert customers.column("city").values == ("Lima", "Oslo", "Pune")          # type: ignore[union-attr]
    assert customers.column("email").comment == "Contact address"              # type: ignore[union-attr]
    view = analyst.table("big_orders")
    assert view is not None and view.kind == "view" and view.column("amount").comment == "Order total"  # type: ignore[union-attr]
    assert analyst.table("tenant_rows").column("tenant").values == ("acme",)    # type: ignore[union-attr]
    assert full.table("tenant_rows", "shop").column("tenant").values == ("acme", "globex")  # type: ignore[union-attr]
    narrow = columns.table("order_notes", "shop")
    assert narrow is not None   # its column "line" is hidden: the composite key goes
    assert [fk.columns for fk in narrow.foreign_keys] == [("author_id",)]
    assert columns.table("categories", "shop").foreign_keys[0].ref_table == "categories"  # type: ignore[union-attr]
    dropped = full.table("dropped", "shop")
    assert dropped is not None and [c.name for c in dropped.columns] == ["a", "c"]
    assert analyst.functions["noisy"] == {"v"} and "locked" not in analyst.functions
    assert full.casts["shop.money2"] == {"v"}
