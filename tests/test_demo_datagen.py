"""The demo data: deterministic, relative to today, loaded fast, with clear answers."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal

import psycopg
import pytest

from demo import catalog, datagen
from demo.loader import database_today, load_demo_data, stored_load_info

DBNAME = "demo_datagen_test"
REVENUE = "sum(ol.quantity * ol.unit_price * (1 - ol.discount))"
LAST_MONTH = ("o.ordered_at >= date_trunc('month', current_date) - interval '1 month' "
              "AND o.ordered_at < date_trunc('month', current_date)")


@pytest.fixture(scope="module")
def demo(pg):
    pg.psql(f"DROP DATABASE IF EXISTS {DBNAME}")
    pg.psql(f"CREATE DATABASE {DBNAME}")
    conn = psycopg.connect(pg.dsn(dbname=DBNAME), autocommit=True)
    started = time.perf_counter()
    report = load_demo_data(conn)
    elapsed = time.perf_counter() - started
    yield conn, report, elapsed
    conn.close()


def scalar(conn, query, *params):
    return conn.execute(query, params).fetchone()[0]


@pytest.mark.slow
def test_generation_is_deterministic_and_names_do_not_depend_on_the_day():
    day = date(2025, 3, 5)
    first, again, next_day = datagen.generate(day), datagen.generate(day), datagen.generate(day + timedelta(1))
    assert first == again
    assert first.products == next_day.products
    assert [c[:5] for c in first.customers] == [c[:5] for c in next_day.customers]


def test_loads_quickly_with_the_expected_volumes(demo):
    conn, report, elapsed = demo
    assert elapsed < 30, elapsed          # ~5 s on the 2-core build machine
    counts = {t: scalar(conn, f"SELECT count(*) FROM {t}") for t in report.row_counts}
    assert counts == report.row_counts
    assert counts["regions"] == 7 and counts["categories"] == 12
    assert 40 <= counts["stores"] <= 45 and counts["products"] == 300 and counts["customers"] == 5000
    assert 95_000 <= counts["order_lines"] <= 105_000
    assert set(r[0] for r in conn.execute("SELECT name FROM regions")) == set(catalog.REGIONS)


def test_orders_span_24_months_up_to_yesterday(demo):
    conn, report, _ = demo
    today = database_today(conn)
    assert report.info.loaded_on == today == scalar(conn, "SELECT current_date")
    first, last = conn.execute("SELECT min(ordered_at)::date, max(ordered_at)::date FROM orders").fetchone()
    assert first == datagen.months_before(today, 24)
    assert last == today - timedelta(days=1)
    for period in ("o.ordered_at >= current_date - 7", LAST_MONTH,
                   "o.ordered_at >= current_date - 1 AND o.ordered_at < current_date"):
        assert scalar(conn, f"SELECT count(*) FROM orders o WHERE {period}") > 0, period


def test_values_and_integrity(demo):
    conn, _, _ = demo
    assert {r[0] for r in conn.execute("SELECT DISTINCT status FROM orders")} == {"completed", "cancelled", "returned"}
    assert {r[0] for r in conn.execute("SELECT DISTINCT channel FROM orders")} == {"online", "in-store"}
    assert {r[0] for r in conn.execute("SELECT DISTINCT segment FROM customers")} == {
        "Consumer", "Corporate", "Small Business"}
    assert scalar(conn, "SELECT max(discount) FROM order_lines") <= Decimal("0.30")
    assert scalar(conn, "SELECT count(*) FROM orders o JOIN customers c USING (customer_id) "
                        "WHERE o.ordered_at::date < c.signup_date") == 0
    assert scalar(conn, "SELECT count(*) FROM orders o JOIN stores s USING (store_id) "
                        "WHERE o.ordered_at::date < s.opened_on") == 0
    assert scalar(conn, "SELECT current_setting('TimeZone')") == "Asia/Shanghai"
    assert stored_load_info(conn).generator_version == datagen.GENERATOR_VERSION


def test_top_product_in_east_china_last_month_is_clear(demo):
    conn, _, _ = demo
    top = conn.execute(
        f"SELECT p.name, {REVENUE} AS revenue FROM orders o JOIN order_lines ol USING (order_id) "
        "JOIN stores s USING (store_id) JOIN regions r USING (region_id) "
        "JOIN products p ON p.product_id = ol.product_id "
        f"WHERE o.status = 'completed' AND r.name = 'East China' AND {LAST_MONTH} "
        "GROUP BY p.name ORDER BY revenue DESC LIMIT 2").fetchall()
    assert top[0][0] == "Huawei Mate 60 Pro"
    assert top[0][1] > 2 * top[1][1]


def test_skews_give_single_answers(demo):
    conn, _, _ = demo
    by_region = conn.execute(
        "SELECT r.name, count(*), 100.0 * count(*) FILTER (WHERE status = 'returned') / count(*) "
        "FROM orders o JOIN stores s USING (store_id) JOIN regions r USING (region_id) GROUP BY 1").fetchall()
    most_orders = max(by_region, key=lambda r: r[1])
    highest_return_rate = max(by_region, key=lambda r: r[2])
    assert most_orders[0] == "East China"
    assert highest_return_rate[0] == "Northwest China"
