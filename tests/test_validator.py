"""Validator tables: hostile SQL with the exact SQLSTATE, legitimate analytics that must pass.

The schema context is the demo retail database introspected as a real role, with a table it
may not read, a column grant, and a volatile function and operator of its own. Every
legitimate query is also EXPLAINed by PostgreSQL as that role, so the table itself is checked.
"""

from __future__ import annotations

import asyncio
from importlib import resources

import psycopg
import pytest

from ask.schema import SchemaContext
from ask.checks.validator import ValidatedSQL, validate
from proxy.errors import RejectedSQL
from tests.pg_cluster import PgCluster
from tests.test_introspection import connect_upstream
from ask.context.introspection import introspect

DB = "ask_validator"
ROLE = "val_analyst"

EXTRA = f"""
CREATE ROLE {ROLE} LOGIN;
CREATE TABLE secrets (id int PRIMARY KEY, code text);
CREATE TABLE payroll (id int PRIMARY KEY, name text, salary numeric);
CREATE TABLE "Lesson" (id int PRIMARY KEY, "durationMin" int, status text);
CREATE SEQUENCE order_seq;
CREATE FUNCTION public.noisy() RETURNS int VOLATILE LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION public.locked() RETURNS int STABLE LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION public.locked() FROM PUBLIC;
CREATE FUNCTION public.jitter(int, int) RETURNS int VOLATILE LANGUAGE sql AS 'SELECT $1 + $2';
CREATE OPERATOR public.=%= (LEFTARG = int, RIGHTARG = int, FUNCTION = public.jitter);
GRANT SELECT ON regions, stores, categories, products, customers, orders, order_lines, "Lesson" TO {ROLE};
GRANT SELECT (id, name) ON payroll TO {ROLE};
"""


@pytest.fixture(scope="module")
def context(pg: PgCluster) -> SchemaContext:
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(resources.files("demo").joinpath("schema.sql").read_text(), dbname=DB)
    pg.psql(EXTRA, dbname=DB)

    async def build() -> SchemaContext:
        async with connect_upstream(pg, DB, ROLE) as upstream:
            return await introspect(upstream)

    return asyncio.run(build())


HOSTILE = [
    # syntax and stacking
    ("selec 1", "42601"),
    ("select (1", "42601"),
    ("", "42601"),
    ("-- just a comment", "42601"),
    ("select 1; select 2", "42601"),
    ("select 1; delete from orders", "42601"),
    # not a SELECT
    ("delete from orders", "42501"),
    ("insert into regions values (99, 'x')", "42501"),
    ("update orders set status = 'x'", "42501"),
    ("merge into regions r using regions s on r.region_id = s.region_id "
     "when matched then delete", "42501"),
    ("drop table orders", "42501"),
    ("truncate orders", "42501"),
    ("create table x as select 1", "42501"),
    ("explain select 1", "42501"),
    ("explain analyze delete from orders", "42501"),
    ("copy orders to stdout", "42501"),
    ("copy (select 1) to program 'id'", "42501"),
    ("do $$ begin perform 1; end $$", "42501"),
    ("call some_procedure()", "42501"),
    ("set role postgres", "42501"),
    ("set statement_timeout = 0", "42501"),
    ("show search_path", "42501"),
    ("begin", "42501"),
    ("vacuum orders", "42501"),
    ("grant select on orders to public", "42501"),
    ("listen x", "42501"),
    ("prepare p as delete from orders", "42501"),
    ("lock table orders", "42501"),
    # data-modifying CTEs at any depth
    ("with d as (delete from orders returning *) select * from d", "42501"),
    ("with a as (select 1), d as (insert into regions values (9, 'x') returning 1) "
     "select * from a", "42501"),
    ("select * from (with d as (update orders set status = 'x' returning 1) "
     "select * from d) s", "42501"),
    ("select (with d as (delete from regions returning 1) select count(*) from d)", "42501"),
    # SELECT INTO and locking clauses at any depth
    ("select * into newt from orders", "42501"),
    ("select 1 into t union select 2", "42501"),
    ("select * from orders for update", "42501"),
    ("select * from orders for no key update skip locked", "42501"),
    ("select * from orders o where exists (select 1 from customers c for share)", "42501"),
    ("select * from (select * from orders for key share) s", "42501"),
    ("with x as (select * from orders for update) select * from x", "42501"),
    ("(select * from orders for update) union all select * from orders", "42501"),
    # volatile functions, wherever they hide
    ("select pg_sleep(10)", "42501"),
    ("select pg_catalog.pg_sleep(1)", "42501"),
    ("select * from pg_sleep(1)", "42501"),
    ("select set_config('role', 'postgres', false)", "42501"),
    ("select pg_terminate_backend(pg_backend_pid())", "42501"),
    ("select nextval('order_seq')", "42501"),
    ("select random()", "42501"),
    ("select pg_advisory_lock(1)", "42501"),
    ("select * from orders order by random()", "42501"),
    ("select * from orders where order_id > (select pg_sleep(1))::text::int", "42501"),
    ("select * from orders, lateral (select pg_sleep(0)) s", "42501"),
    ("select count(*) filter (where random() > 0.5) from orders", "42501"),
    ("select sum(random()) over () from orders", "42501"),
    ("select * from generate_series(1, 3) g where g > random()", "42501"),
    ("select * from rows from (generate_series(1, 2), pg_sleep(1))", "42501"),
    ("select cast(pg_sleep(1) as text)", "42501"),
    ("select text(pg_sleep(1))", "42501"),
    ("select status from orders group by status having max(random()) > 0", "42501"),
    ("with x as (select setseed(0.5)) select * from x", "42501"),
    ("select noisy()", "42501"),
    ("select public.noisy()", "42501"),
    ("select 1 =%= 2", "42501"),
    ("select 1 operator(public.=%=) 2", "42501"),
    ("select * from orders where order_id =%= 1", "42501"),
    # unknown or non-executable functions
    ("select no_such_fn(1)", "42883"),
    ("select dblink('host=x', 'select 1')", "42883"),
    ("select public.lower('x')", "42883"),
    ("select locked()", "42883"),
    # superuser-only functions: the role may not execute them, so they do not exist for it
    ("select lo_import('/etc/passwd')", "42883"),
    ("select pg_read_file('/etc/passwd')", "42883"),
    # relations the context does not hold: catalogs, hidden tables, typos
    ("select * from pg_class", "42P01"),
    ("select * from pg_catalog.pg_authid", "42P01"),
    ("select * from information_schema.tables", "42P01"),
    ("select * from pg_stat_activity", "42P01"),
    ("select * from orders join pg_user on true", "42P01"),
    ("select (select count(*) from pg_shadow)", "42P01"),
    ("select * from secrets", "42P01"),
    ("select * from public.secrets", "42P01"),
    ("select * from nonexistent", "42P01"),
    ("select * from otherdb.public.orders", "42P01"),
    ("with x as (select 1) select * from public.x", "42P01"),
    # a WITH name is visible in its own SELECT only, not in the other branch of a set operation
    ("(with x as (select 1 as n) select n from x) union select n from x", "42P01"),
    ('select * from "Orders"', "42P01"),
    ("select * from orders o where o.customer_id in (select id from secrets)", "42P01"),
    # columns
    ("select bogus from orders", "42703"),
    ("select o.bogus from orders o", "42703"),
    ("select salary from payroll", "42703"),
    ("select * from orders where nonexistent = 1", "42703"),
    ("select order_id from orders order by nope", "42703"),
    ("with x as (select order_id from orders) select customer_id from x", "42703"),
    ("select count(*) from orders group by bogus", "42703"),
    ("select c.name from customers c join orders o on o.bogus = c.customer_id", "42703"),
    ('select count(*) from "Lesson" where "Lesson".bogus = 1', "42703"),
]


@pytest.mark.parametrize(("sql", "sqlstate"), HOSTILE)
def test_hostile_sql_is_rejected(context: SchemaContext, sql: str, sqlstate: str) -> None:
    with pytest.raises(RejectedSQL) as info:
        validate(sql, context)
    assert info.value.sqlstate == sqlstate, info.value.message
    assert info.value.message and info.value.detail and "generated SQL" in info.value.detail


LEGITIMATE = [
    "select count(*) from orders",
    # a quoted mixed-case table qualifies its columns by its own name (an ORM's schema)
    'select count(*) from "Lesson" where "Lesson".status = \'x\' and "Lesson"."durationMin" > 60',
    "SELECT Status, COUNT(*) FROM Orders GROUP BY Status",
    "select status, count(*) as n from orders group by status order by n desc",
    "select date_trunc('month', ordered_at) as month, count(*) from orders "
    "where ordered_at >= now() - interval '1 year' group by month order by month",
    "select extract(year from ordered_at) as y, count(*) from orders group by 1 order by 1",
    "select r.name, sum(ol.quantity * ol.unit_price * (1 - ol.discount)) as revenue "
    "from order_lines ol join orders o using (order_id) join stores s on s.store_id = o.store_id "
    "join regions r on r.region_id = s.region_id group by r.name order by revenue desc limit 5",
    "with monthly as (select date_trunc('month', ordered_at) m, count(*) c from orders group by 1) "
    "select m, c, lag(c) over (order by m) from monthly",
    "select customer_id, order_id, row_number() over (partition by customer_id "
    "order by ordered_at desc) as rn from orders",
    "select * from (select product_id, sum(quantity) q from order_lines group by product_id) t "
    "where q > 10",
    "select name from customers where signup_date > current_date - 30",
    "select c.name from customers c where exists (select 1 from orders o "
    "where o.customer_id = c.customer_id and o.status = 'returned')",
    "select p.name, p.unit_price from products p where p.unit_price > "
    "(select avg(unit_price) from products)",
    "select segment, count(distinct customer_id) from customers group by segment "
    "having count(*) > 0",
    "select coalesce(channel, 'n/a'), count(*) filter (where status = 'completed') "
    "from orders group by 1",
    "select name from regions union select name from categories order by 1",
    "select to_char(ordered_at, 'YYYY-MM') as ym from orders limit 10",
    "select percentile_cont(0.5) within group (order by unit_price) from products",
    "select case when unit_price > 100 then 'high' else 'low' end as band, count(*) "
    "from products group by band",
    "select p.name from products p join categories c on c.category_id = p.category_id "
    "where c.name ilike '%elec%'",
    "select order_id from orders where ordered_at between '2024-01-01' and '2024-12-31'",
    "select store_id, count(*) from orders where channel in ('online', 'in-store') "
    "group by rollup (store_id)",
    "select s.name, o.cnt from stores s left join lateral "
    "(select count(*) cnt from orders o where o.store_id = s.store_id) o on true",
    "select id, name from payroll",
    "select * from generate_series(1, 3) g",
    "select g::date from generate_series(current_date - 6, current_date, interval '1 day') g",
    "select e from jsonb_array_elements('[1, 2]'::jsonb) e",
    "values (1), (2)",
    "table regions",
    "with recursive n(i) as (select 1 union all select i + 1 from n where i < 5) "
    "select sum(i) from n",
    "select distinct on (customer_id) customer_id, ordered_at from orders "
    "order by customer_id, ordered_at desc",
    "select age(now(), min(ordered_at)) from orders",
    "select string_agg(name, ', ' order by name) from regions",
    "select ordered_at at time zone 'UTC' from orders limit 1",
    "select count(*) from orders where ordered_at > now() - '7 days'::interval",
    "select o.order_id, sum(ol.quantity) from orders o join order_lines ol "
    "on ol.order_id = o.order_id group by o.order_id order by 2 desc fetch first 3 rows only",
    "select round(avg(discount) * 100, 1) as pct from order_lines",
    "select public.orders.status from public.orders",
    "select c.city, count(*) from customers c group by c.city order by count(*) desc nulls last",
    "select rank() over w, product_id from products window w as (order by unit_price desc)",
    "select upper(brand), length(name) from products where brand like 'A%'",
    "select greatest(1, 2), nullif(channel, 'x') from orders",
    "select * from orders where order_id = any (array[1, 2, 3])",
    "select exists (select 1 from orders)",
]


@pytest.mark.parametrize("sql", LEGITIMATE)
def test_legitimate_analytics_pass(context: SchemaContext, pg: PgCluster, sql: str) -> None:
    result = validate(sql, context)
    assert result.sql == sql
    with psycopg.connect(pg.dsn(ROLE, DB)) as conn:   # PostgreSQL agrees it is valid
        conn.execute(f"EXPLAIN {result.sql}")


def test_result_text_and_tables(context: SchemaContext) -> None:
    result = validate("  select count(*) from orders o join public.customers c using "
                      "(customer_id) ;  -- trailing\n", context)
    assert result == ValidatedSQL(
        "select count(*) from orders o join public.customers c using (customer_id)",
        frozenset({"public.orders", "public.customers"}))
    cte = validate("with orders as (select 1 as x) select x from orders", context)
    assert cte.tables == frozenset()


def test_rejection_carries_the_sql(context: SchemaContext) -> None:
    with pytest.raises(RejectedSQL) as info:
        validate("select pg_sleep(1)", context)
    assert info.value.sql == "select pg_sleep(1)"
    assert "pg_sleep" in info.value.message and "volatile" in info.value.message


@pytest.mark.parametrize("sql", [
    "select lo_import('/etc/passwd')", "select pg_read_file('/etc/passwd')",
    "select * from pg_ls_dir('.')", "select pg_reload_conf()",
])
def test_volatile_functions_a_superuser_may_call_are_rejected(pg: PgCluster, sql: str) -> None:
    async def build() -> SchemaContext:
        async with connect_upstream(pg, "postgres", "postgres") as upstream:
            return await introspect(upstream)

    with pytest.raises(RejectedSQL) as info:
        validate(sql, asyncio.run(build()))
    assert info.value.sqlstate == "42501"


NO_TABLES = SchemaContext("db", "nobody", ("public",), ())


@pytest.mark.parametrize("sql", [
    "select " + "+".join(["1"] * 600),
    "select " + "abs(" * 600 + "1" + ")" * 600,
    "select 1 " + "union all select 1 " * 600 + "; delete from orders",   # depth is judged first
])
def test_too_deep_a_tree_is_too_complex(sql: str) -> None:
    with pytest.raises(RejectedSQL) as exc:
        validate(sql, NO_TABLES)
    assert exc.value.sqlstate == "54001"


def test_a_deep_but_bounded_tree_is_validated() -> None:
    sql = "select " + "+".join(["1"] * 400)
    assert validate(sql, NO_TABLES).sql == sql
