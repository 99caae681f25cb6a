"""Periods through a date dimension (star schemas, issue 18): a fact row with no date of its
own is dated by the date dimension its ``*_date_key`` refers to; of two role-playing keys
(ordered, shipped), the one the question says. Over a real PostgreSQL database (a shop's star
schema, no schema of the development sets), introspected as the planner introspects it, read
by the plain reader, each reading's rows compared with a hand-written query's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ask.context.value_linking import link_values
from ask.schema import SchemaContext
from ask.translate.sketch import read_question
from tests.pg_cluster import PgCluster
from tests.schema_db import introspected, sorted_rows

DB = "ask_date_dimension"

SCHEMA_SQL = """
CREATE TABLE dim_date (date_key integer PRIMARY KEY, full_date date NOT NULL, year integer, quarter integer,
                       month integer, week integer, day_of_week text);
INSERT INTO dim_date SELECT to_char(d, 'YYYYMMDD')::int, d, extract(year FROM d), extract(quarter FROM d),
                            extract(month FROM d), extract(week FROM d), to_char(d, 'Dy')
  FROM generate_series(date_trunc('year', current_date) - interval '3 years',
                       date_trunc('year', current_date) + interval '1 year', interval '1 day') d;
CREATE TABLE dim_customer (customer_key integer PRIMARY KEY, customer_name text NOT NULL, city text NOT NULL);
INSERT INTO dim_customer SELECT g, 'Customer ' || g, (ARRAY['Oslo', 'Lima', 'Perth'])[1 + g % 3]
  FROM generate_series(1, 30) g;
CREATE TABLE dim_product (product_key integer PRIMARY KEY, product_name text NOT NULL, category text NOT NULL);
INSERT INTO dim_product SELECT g, 'Product ' || g, (ARRAY['tools', 'toys', 'food'])[1 + g % 3]
  FROM generate_series(1, 20) g;
CREATE TABLE fact_sales (sale_id integer PRIMARY KEY, order_date_key integer NOT NULL REFERENCES dim_date,
                         ship_date_key integer REFERENCES dim_date, customer_key integer REFERENCES dim_customer,
                         product_key integer REFERENCES dim_product, quantity integer, sales_amount numeric(12,2));
INSERT INTO fact_sales SELECT g, to_char(current_date - (g * 3 % 800), 'YYYYMMDD')::int,
                              to_char(current_date - (g * 3 % 800) + g % 9, 'YYYYMMDD')::int,
                              1 + g % 30, 1 + g % 20, 1 + g % 5, (1 + g % 5) * (5 + g % 20)
  FROM generate_series(1, 900) g;
CREATE TABLE fact_returns (return_id integer PRIMARY KEY, return_date_key integer NOT NULL REFERENCES dim_date,
                           product_key integer REFERENCES dim_product, refund_amount numeric(12,2));
INSERT INTO fact_returns SELECT g, to_char(current_date - (g * 7 % 500), 'YYYYMMDD')::int, 1 + g % 20, g % 40
  FROM generate_series(1, 200) g;
ANALYZE;
"""

ORDERED = "JOIN dim_date d ON d.date_key = s.order_date_key"
SHIPPED = "JOIN dim_date d ON d.date_key = s.ship_date_key"
LAST_MONTH = ("d.full_date >= date_trunc('month', current_date) - interval '1 month' "
              "AND d.full_date < date_trunc('month', current_date)")


@pytest.fixture(scope="module")
def shop(pg: PgCluster) -> Iterator[SchemaContext]:
    yield from introspected(pg, DB, SCHEMA_SQL)


def _rows(pg: PgCluster, sql: str) -> list[tuple[object, ...]]:
    return sorted_rows(pg, DB, sql)


@pytest.mark.parametrize("question,gold", [
    ("how many sales last month", f"SELECT count(*) FROM fact_sales s {ORDERED} WHERE {LAST_MONTH}"),
    ("total sales amount this year",
     f"SELECT sum(sales_amount) FROM fact_sales s {ORDERED} WHERE d.full_date >= date_trunc('year', current_date)"),
    ("how many sales shipped last month", f"SELECT count(*) FROM fact_sales s {SHIPPED} WHERE {LAST_MONTH}"),
    ("total refund amount in the past 30 days",
     "SELECT sum(refund_amount) FROM fact_returns r JOIN dim_date d ON d.date_key = r.return_date_key "
     "WHERE d.full_date >= current_date - 30"),
    ("how many returns last quarter",
     "SELECT count(*) FROM fact_returns r JOIN dim_date d ON d.date_key = r.return_date_key "
     "WHERE d.full_date >= date_trunc('quarter', current_date) - interval '3 months' "
     "AND d.full_date < date_trunc('quarter', current_date)"),
    ("number of sales this month vs last month",
     f"SELECT count(*) FILTER (WHERE d.full_date >= date_trunc('month', current_date)), "
     f"count(*) FILTER (WHERE {LAST_MONTH}) FROM fact_sales s {ORDERED}"),
])
def test_a_period_reads_through_the_date_dimension(pg: PgCluster, shop: SchemaContext,
                                                    question: str, gold: str) -> None:
    reading = read_question(question, shop, link_values(question, shop))
    assert reading is not None, question
    assert "dim_date" in reading.sql, reading.sql
    assert _rows(pg, reading.sql) == _rows(pg, gold), reading.sql


@pytest.mark.parametrize("question", ["average days between order and ship",
                                      "average days between order date and ship date of sales"])
def test_days_between_two_date_keys_subtract_their_dimension_dates(pg: PgCluster, shop: SchemaContext,
                                                                    question: str) -> None:
    gold = ("SELECT avg(sd.full_date - od.full_date) FROM fact_sales s JOIN dim_date od ON od.date_key = s.order_date_key "
            "JOIN dim_date sd ON sd.date_key = s.ship_date_key")
    reading = read_question(question, shop, link_values(question, shop))
    assert reading is not None, question
    assert _rows(pg, reading.sql) == _rows(pg, gold), reading.sql
    assert reading.coverage == 1.0


def test_a_table_with_its_own_date_keeps_it(shop: SchemaContext) -> None:
    # the dimension itself is dated by its own date: no key is followed
    reading = read_question("how many days last month", shop, [])
    assert reading is None or "fact_" not in reading.sql


DS = "ask_date_dimension_undeclared"
DS_SQL = """
CREATE TABLE date_dim (d_date_sk integer PRIMARY KEY, d_date date NOT NULL, d_year integer, d_moy integer);
INSERT INTO date_dim SELECT to_char(d, 'YYYYMMDD')::int, d, extract(year FROM d), extract(month FROM d)
  FROM generate_series(date_trunc('year', current_date) - interval '3 years',
                       date_trunc('year', current_date) + interval '1 year', interval '1 day') d;
CREATE TABLE item (i_item_sk integer PRIMARY KEY, i_item_id text NOT NULL, i_category text NOT NULL);
INSERT INTO item SELECT g, 'ITEM' || g, (ARRAY['Books', 'Music', 'Home'])[1 + g % 3] FROM generate_series(1, 20) g;
CREATE TABLE web_sales (ws_order_number integer PRIMARY KEY, ws_sold_date_sk integer, ws_ship_date_sk integer,
                        ws_item_sk integer, ws_quantity integer, ws_net_paid numeric(10,2));
INSERT INTO web_sales SELECT g, to_char(current_date - (g * 3 % 800), 'YYYYMMDD')::int,
                             to_char(current_date - (g * 3 % 800) + g % 9, 'YYYYMMDD')::int,
                             1 + g % 20, 1 + g % 5, (1 + g % 5) * (5 + g % 20)
  FROM generate_series(1, 900) g;
ANALYZE;
"""


@pytest.fixture(scope="module")
def web(pg: PgCluster) -> Iterator[SchemaContext]:
    # no foreign key declared: the date keys are known by their names and the one date dimension
    yield from introspected(pg, DS, DS_SQL)


@pytest.mark.parametrize("question,gold", [
    ("how many web sales last month",
     "SELECT count(*) FROM web_sales JOIN date_dim ON d_date_sk = ws_sold_date_sk "
     "WHERE d_date >= date_trunc('month', current_date) - interval '1 month' AND d_date < date_trunc('month', current_date)"),
    ("how many web sales shipped last month",
     "SELECT count(*) FROM web_sales JOIN date_dim ON d_date_sk = ws_ship_date_sk "
     "WHERE d_date >= date_trunc('month', current_date) - interval '1 month' AND d_date < date_trunc('month', current_date)"),
    ("total quantity of web sales in 2025",
     "SELECT sum(ws_quantity) FROM web_sales JOIN date_dim ON d_date_sk = ws_sold_date_sk WHERE d_year = 2025"),
    ("web sales per month",
     "SELECT date_trunc('month', d_date), count(*) FROM web_sales JOIN date_dim ON d_date_sk = ws_sold_date_sk "
     "GROUP BY 1"),
])
def test_undeclared_date_keys_join_the_one_date_dimension(pg: PgCluster, web: SchemaContext,
                                                          question: str, gold: str) -> None:
    reading = read_question(question, web, link_values(question, web))
    assert reading is not None, question
    assert sorted_rows(pg, DS, reading.sql) == sorted_rows(pg, DS, gold), reading.sql


def test_a_dimension_date_is_no_date_of_a_dated_table(web: SchemaContext) -> None:
    # the date dimension's own rows are dated by their own date, never through a fact
    reading = read_question("how many date dims last month", web, [])
    assert reading is None or "web_sales" not in reading.sql
