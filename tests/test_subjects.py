"""Subjects of generated SQL against the question's words: wrong entity caught, right one not."""

from __future__ import annotations

import pytest

from training.data.schemas import context, table
from ask.checks.subject_defects import subject_defects
from ask.context.value_linking import link_values

SCHEMA = context([
    table("regions", "region_id int pk, name text", {"name": ("East China", "North China")}),
    table("stores", "store_id int pk, name text, city text, region_id int -> regions.region_id"),
    table("products", "product_id int pk, name text, brand text, unit_price num"),
    table("customers", "customer_id int pk, name text, city text, segment text"),
    table("orders", "order_id int pk, customer_id int -> customers.customer_id, "
                    "store_id int -> stores.store_id, channel text, status text",
          {"channel": ("online", "in-store")}),
    table("order_lines", "order_id int -> orders.order_id, product_id int -> products.product_id, quantity int"),
])
BY_PRODUCT = ("SELECT p.name, sum(ol.quantity) AS units FROM order_lines ol "
              "JOIN products p ON p.product_id = ol.product_id GROUP BY p.name")
BY_CUSTOMER = ("SELECT cu.name, count(*) AS n FROM orders o "
               "JOIN customers cu ON cu.customer_id = o.customer_id GROUP BY cu.name")


def defects(question: str, sql: str) -> int:
    return subject_defects(sql, question, SCHEMA, link_values(question, SCHEMA))


@pytest.mark.parametrize("question, wrong, right", [
    ("how many customers do we have", "SELECT count(*) FROM stores s", "SELECT count(*) FROM customers cu"),
    ("top 5 customers by orders", BY_PRODUCT, BY_CUSTOMER),
    ("orders by status", "SELECT cu.segment, count(*) FROM customers cu GROUP BY cu.segment",
     "SELECT o.status, count(*) FROM orders o GROUP BY o.status"),
    ("stores in East China", "SELECT cu.name FROM customers cu",
     "SELECT s.name FROM stores s JOIN regions r ON r.region_id = s.region_id WHERE r.name = 'East China'"),
    ("number of shops per city", "SELECT cu.city, count(*) FROM customers cu GROUP BY cu.city",
     "SELECT s.city, count(*) FROM stores s GROUP BY s.city"),
    ("how many order lines", "SELECT count(*) FROM orders o", "SELECT count(*) FROM order_lines ol"),
])
def test_the_entity_the_question_names_has_fewer_defects(question: str, wrong: str, right: str) -> None:
    assert defects(question, right) == 0
    assert defects(question, wrong) > 0


def test_what_is_not_a_subject_is_not_checked() -> None:
    # measures, date buckets, filters on linked values and counted foreign keys
    assert defects("monthly units sold", "SELECT date_trunc('month', o.ordered_at), sum(ol.quantity) "
                   "FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id GROUP BY 1 ORDER BY 1") == 0
    assert defects("how many customers ordered online",
                   "SELECT count(DISTINCT o.customer_id) FROM orders o WHERE o.channel = 'online'") == 0
    # "in-store" is a linked value of orders.channel, not a mention of the stores table
    assert defects("return rate online vs in-store", "SELECT o.channel, 100.0 * count(*) FILTER "
                   "(WHERE o.status = 'returned') / count(*) FROM orders o GROUP BY o.channel") == 0


def test_one_letter_typos_and_plurals_still_name_a_table() -> None:
    assert defects("how many custmers", "SELECT count(*) FROM customers cu") == 0
    assert defects("how many custmers", "SELECT count(*) FROM stores s") > 0


def test_unparsable_sql_has_no_defects_here() -> None:
    assert defects("how many customers", "SELECT count(* FROM") == 0   # the validator reports it
