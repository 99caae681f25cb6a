"""A named value's filter written on another entity's table is moved to the linked table, when
that table was joined for nothing else; everything else is left as generated."""

from __future__ import annotations

import pytest

from training.data.schemas import context, table
from ask.checks.relink import relink_values
from ask.context.value_linking import ValueMatch

SCHEMA = context([
    table("regions", "region_id int pk, name text"),
    table("stores", "store_id int pk, name text, city text, region_id int -> regions.region_id"),
    table("customers", "customer_id int pk, name text, city text, region_id int -> regions.region_id"),
    table("products", "product_id int pk, name text, brand text"),
    table("orders", "order_id int pk, customer_id int -> customers.customer_id, store_id int -> stores.store_id, "
                    "ordered_at ts"),
    table("order_lines", "order_id int -> orders.order_id, product_id int -> products.product_id, quantity int"),
])
STORE = ValueMatch("stores", "name", "Beijing Wangfujing", 4, 6, 1.0)
PHONE = ValueMatch("products", "name", "Huawei Mate 60 Pro", 5, 9, 1.0)
MONTH = "o.ordered_at >= date_trunc('month', current_date)"


def test_a_store_filtered_as_a_customer_is_filtered_as_a_store() -> None:
    sql = ("SELECT count(*) AS order_count FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id "
           f"WHERE cu.name = 'Beijing Wangfujing' AND {MONTH}")
    assert relink_values(sql, [STORE], SCHEMA) == (
        "SELECT count(*) AS order_count FROM orders o JOIN stores s ON s.store_id = o.store_id "
        f"WHERE s.name = 'Beijing Wangfujing' AND {MONTH}")


def test_the_wrong_table_first_in_from_and_written_with_as() -> None:
    sql = ("SELECT count(*) FROM customers AS cu JOIN orders o ON o.customer_id = cu.customer_id "
           "WHERE cu.name = 'Beijing Wangfujing'")
    assert relink_values(sql, [STORE], SCHEMA) == (
        "SELECT count(*) FROM stores s JOIN orders o ON s.store_id = o.store_id WHERE s.name = 'Beijing Wangfujing'")


def test_a_product_filtered_as_a_customer_through_order_lines() -> None:
    sql = ("SELECT sum(ol.quantity) FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id "
           "JOIN customers cu ON cu.customer_id = o.customer_id WHERE cu.name = 'Huawei Mate 60 Pro'")
    # customers hangs off orders, and orders has no key to products: nothing to redirect to
    assert relink_values(sql, [PHONE], SCHEMA) == sql


@pytest.mark.parametrize("sql", [
    # the wrong table is used for more than the filter
    "SELECT cu.city, count(*) FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id "
    "WHERE cu.name = 'Beijing Wangfujing' GROUP BY cu.city",
    # the linked table is already there
    "SELECT count(*) FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id "
    "JOIN stores s ON s.store_id = o.store_id WHERE cu.name = 'Beijing Wangfujing'",
    # already on the linked column
    "SELECT count(*) FROM orders o JOIN stores s ON s.store_id = o.store_id WHERE s.name = 'Beijing Wangfujing'",
    # an unqualified column could belong to the table that would go
    "SELECT count(*) FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id "
    "WHERE cu.name = 'Beijing Wangfujing' AND city = 'Beijing'",
    # a join condition of more than one equality
    "SELECT count(*) FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id AND cu.city = 'Beijing' "
    "WHERE cu.name = 'Beijing Wangfujing'",
    # not an equality
    "SELECT count(*) FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id "
    "WHERE cu.name LIKE 'Beijing Wangfujing'",
    # not SQL
    "SELECT FROM orders o JOIN 'Beijing Wangfujing",
])
def test_left_alone(sql: str) -> None:
    assert relink_values(sql, [STORE], SCHEMA) == sql


def test_only_an_exact_link_to_one_column_moves_a_filter() -> None:
    sql = ("SELECT count(*) FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id "
           "WHERE cu.name = 'Beijing Wangfujing'")
    fuzzy = ValueMatch("stores", "name", "Beijing Wangfujing", 4, 6, 0.9)
    also_a_customer = ValueMatch("customers", "name", "Beijing Wangfujing", 4, 6, 1.0)
    assert relink_values(sql, [fuzzy], SCHEMA) == sql
    assert relink_values(sql, [STORE, also_a_customer], SCHEMA) == sql
    assert relink_values(sql, [], SCHEMA) == sql


def test_the_new_alias_never_clashes() -> None:
    sql = ("SELECT count(*) FROM orders s JOIN customers cu ON cu.customer_id = s.customer_id "
           "WHERE cu.name = 'Beijing Wangfujing'")
    assert relink_values(sql, [STORE], SCHEMA) == (
        "SELECT count(*) FROM orders s JOIN stores s2 ON s2.store_id = s.store_id "
        "WHERE s2.name = 'Beijing Wangfujing'")
