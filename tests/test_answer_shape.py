"""The shape an answer must have (DISTINCT, a ratio, a count) when the question asks for it."""

from __future__ import annotations

import pytest

from training.data.schemas import context, table
from ask.checks.answer_shape import shape_defects
from ask.context.value_linking import link_values

SCHEMA = context([
    table("categories", "category_id int pk, name text", {"name": ("Electronics", "Books")}),
    table("products", "product_id int pk, name text, category_id int -> categories.category_id"),
    table("customers", "customer_id int pk, name text, segment text"),
    table("orders", "order_id int pk, customer_id int -> customers.customer_id, channel text, status text",
          {"channel": ("online", "in-store"), "status": ("completed", "returned")}),
    table("order_lines", "order_id int -> orders.order_id, product_id int -> products.product_id, "
                         "quantity int, unit_price num"),
    table("fx", "currency text, rate num"),
])
REVENUE = "sum(ol.quantity * ol.unit_price)"
ELECTRONICS = ("FROM order_lines ol JOIN products p ON p.product_id = ol.product_id "
               "JOIN categories c ON c.category_id = p.category_id")


def defects(question: str, sql: str) -> int:
    return shape_defects(sql, question, SCHEMA, link_values(question, SCHEMA))


@pytest.mark.parametrize("question, wrong, right", [
    ("distinct products sold per category",
     "SELECT c.name, sum(ol.quantity) " + ELECTRONICS + " GROUP BY c.name",
     "SELECT c.name, count(DISTINCT ol.product_id) " + ELECTRONICS + " GROUP BY c.name"),
    ("unique customers who ordered online",
     "SELECT count(o.customer_id) FROM orders o WHERE o.channel = 'online'",
     "SELECT count(DISTINCT o.customer_id) FROM orders o WHERE o.channel = 'online'"),
    ("list the different segments", "SELECT cu.segment FROM customers cu",
     "SELECT DISTINCT cu.segment FROM customers cu"),
    ("percent of revenue from Electronics",
     f"SELECT {REVENUE} {ELECTRONICS} WHERE c.name = 'Electronics'",
     f"SELECT 100.0 * {REVENUE} FILTER (WHERE c.name = 'Electronics') / {REVENUE} {ELECTRONICS}"),
    ("return rate by channel", "SELECT o.channel, count(*) FROM orders o GROUP BY o.channel",
     "SELECT o.channel, avg((o.status = 'returned')::int) / 1.0 FROM orders o GROUP BY o.channel"),
    ("% of orders placed online", "SELECT count(*) FROM orders o WHERE o.channel = 'online'",
     "SELECT 100.0 * count(*) FILTER (WHERE o.channel = 'online') / count(*) FROM orders o"),
    ("how many online orders have we had",
     "SELECT sum(ol.quantity) FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id "
     "WHERE o.channel = 'online'",
     "SELECT count(*) FROM orders o WHERE o.channel = 'online'"),
    ("orders per channel", "SELECT o.channel, sum(ol.quantity) FROM orders o "
     "JOIN order_lines ol ON ol.order_id = o.order_id GROUP BY o.channel",
     "SELECT o.channel, count(*) FROM orders o GROUP BY o.channel"),
    ("number of customers by segment", "SELECT cu.segment, max(cu.customer_id) FROM customers cu GROUP BY 1",
     "SELECT cu.segment, count(*) FROM customers cu GROUP BY 1"),
])
def test_the_shape_the_question_asks_for_has_fewer_defects(question: str, wrong: str, right: str) -> None:
    assert defects(question, right) == 0
    assert defects(question, wrong) == 1


@pytest.mark.parametrize("question, sql", [
    # a ranking by a table is not a count of it
    ("top 5 customers by revenue", "SELECT cu.name, sum(ol.quantity) FROM customers cu "
     "JOIN orders o ON o.customer_id = cu.customer_id JOIN order_lines ol ON ol.order_id = o.order_id "
     "GROUP BY cu.name ORDER BY 2 DESC LIMIT 5"),
    # units are not a table
    ("how many units did we sell", "SELECT sum(ol.quantity) FROM order_lines ol"),
    # "rate" is a column of this schema: the question may just want it
    ("latest rate for EUR", "SELECT f.rate FROM fx f WHERE f.currency = 'EUR'"),
    ("revenue by channel", "SELECT o.channel, sum(ol.quantity) FROM orders o "
     "JOIN order_lines ol ON ol.order_id = o.order_id GROUP BY o.channel"),
])
def test_questions_that_fix_no_shape_are_not_checked(question: str, sql: str) -> None:
    assert defects(question, sql) == 0


def test_every_missing_shape_counts_and_unparsable_sql_has_none_here() -> None:
    assert defects("percent of distinct customers", "SELECT count(cu.customer_id) FROM customers cu") == 2
    assert defects("how many distinct customers", "SELECT nope FROM") == 0
