"""Money kept in minor units (``total_cents``, a ``price`` whose description says "in cents")
and said in major ones: amounts compared are scaled, amounts shown "in dollars" divided, a
currency word said as the measure read as the money it names.

Pure: a hand-made schema of a shop we never evaluate on, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.money_units import as_measure, major_said, minor_unit, scaled

MEMBERS = Table("public", "members", (Column("id", "bigint", False), Column("name", "text"),
                                      Column("joined_at", "date")), ("id",))
ORDERS = Table("public", "orders", (Column("id", "bigint", False), Column("member_id", "bigint"),
                                    Column("placed_on", "date"), Column("total_cents", "integer")), ("id",),
               (ForeignKey(("member_id",), "public", "members", ("id",)),))
PRODUCTS = Table("public", "products", (Column("id", "bigint", False), Column("name", "text"),
                                        Column("price", "integer", comment="list price in cents")), ("id",))
SCHEMA = SchemaContext("db", "analyst", ("public",), (MEMBERS, ORDERS, PRODUCTS))

# The same shop keeping money in whole dollars: nothing is scaled or divided.
DOLLAR_ORDERS = Table("public", "orders", (Column("id", "bigint", False), Column("member_id", "bigint"),
                                           Column("placed_on", "date"), Column("amount", "numeric(10,2)")), ("id",),
                      (ForeignKey(("member_id",), "public", "members", ("id",)),))
PLANS = Table("public", "plans", (Column("id", "bigint", False), Column("name", "text"),
                                  Column("monthly_fee", "numeric(6,2)"), Column("min_term_months", "integer")), ("id",))
DOLLAR_SCHEMA = SchemaContext("db", "analyst", ("public",), (MEMBERS, DOLLAR_ORDERS, PLANS))

LAST_MONTH = ("orders.placed_on >= date_trunc('month', current_date) - interval '1 month' "
              "AND orders.placed_on < date_trunc('month', current_date)")


def read(question: str, schema: SchemaContext = SCHEMA) -> str | None:
    reading = read_question(question, schema, [])
    return reading.sql if reading is not None else None


@pytest.mark.parametrize("question,sql", [
    ("orders over 20 dollars", "SELECT orders.id FROM orders WHERE orders.total_cents > 2000"),
    ("how many orders over 20 dollars", "SELECT count(*) FROM orders WHERE orders.total_cents > 2000"),
    # a description saying "in cents" is as good as the name's suffix
    ("products under 5 bucks", "SELECT products.name FROM products WHERE products.price < 500"),
    ("products between 2 and 5 dollars", "SELECT products.name FROM products WHERE products.price BETWEEN 200 AND 500"),
])
def test_an_amount_said_in_dollars_is_compared_in_cents(question: str, sql: str) -> None:
    assert read(question) == sql


@pytest.mark.parametrize("question,sql", [
    ("total of orders in dollars", "SELECT sum(orders.total_cents) / 100.0 FROM orders"),
    ("price of each product in dollars", "SELECT products.price / 100.0 FROM products"),
    ("most expensive product in dollars",
     "SELECT products.name, products.price / 100.0 FROM products ORDER BY products.price DESC NULLS LAST LIMIT 1"),
    # rows said "in dollars" are their money, not how many
    ("orders last month in dollars", f"SELECT sum(orders.total_cents) / 100.0 FROM orders WHERE {LAST_MONTH}"),
    ("orders per member in dollars",
     "SELECT members.name, sum(orders.total_cents) / 100.0 FROM orders JOIN members ON orders.member_id = members.id "
     "GROUP BY members.id, members.name"),
])
def test_money_shown_in_dollars_is_divided(question: str, sql: str) -> None:
    assert read(question) == sql


def test_money_not_asked_in_dollars_stays_as_kept() -> None:
    assert read("total of orders") == "SELECT sum(orders.total_cents) FROM orders"
    assert read("how many orders last month") == f"SELECT count(*) FROM orders WHERE {LAST_MONTH}"


def test_money_kept_in_dollars_is_neither_scaled_nor_divided() -> None:
    assert read("orders over 20 dollars", DOLLAR_SCHEMA) == "SELECT orders.id FROM orders WHERE orders.amount > 20"
    assert read("total of orders in dollars", DOLLAR_SCHEMA) == "SELECT sum(orders.amount) FROM orders"


@pytest.mark.parametrize("column,minor", [
    (Column("amount_cents", "integer"), True),
    (Column("PRICE_PENCE", "bigint"), True),
    (Column("fee", "integer", comment="Fee in cents, VAT included"), True),
    (Column("fee", "integer", comment="Fee in euros"), False),
    (Column("amount", "numeric(10,2)"), False),
    (Column("cents_note", "text"), False),
    (Column("percent", "integer"), False),
])
def test_minor_units_come_from_the_name_or_the_description(column: Column, minor: bool) -> None:
    assert minor_unit(column) is minor


def test_a_currency_word_as_the_measure_names_the_money() -> None:
    assert as_measure("dollars invoiced last month".split()) == "total invoiced last month".split()
    assert as_measure("fee dollars still unpaid".split()) == "fee money still unpaid".split()
    assert as_measure("total dollars by month".split()) == "total overall by month".split()
    assert as_measure("invoices in euros".split()) == "invoices in overall".split()
    # a number's unit is an amount compared, not the measure
    assert as_measure("invoices over 80 bucks".split()) == "invoices over 80 bucks".split()
    assert major_said("invoices in dollars".split())
    assert not major_said("invoices over 80 bucks".split())
    assert not major_said("invoices over 2 million dollars".split())


def test_only_a_major_unit_after_a_number_is_scaled() -> None:
    cents = Column("amount_cents", "integer")
    assert scaled("80", ["80", "bucks"], 1, cents) == "8000"
    assert scaled("12.5", ["12.5", "dollars"], 1, cents) == "1250"
    assert scaled("80", ["80", "cents"], 1, cents) == "80"
    assert scaled("80", ["80", "dollars"], 1, Column("amount", "numeric")) == "80"


def test_an_amount_is_compared_with_money_not_with_the_number_its_period_names() -> None:
    # "a month" says what the fee is per; the number is money, not a count of months
    assert read("plans under 30 quid a month", DOLLAR_SCHEMA) == \
        "SELECT plans.name FROM plans WHERE plans.monthly_fee < 30"


def test_a_reading_that_leaves_a_currency_word_unread_is_no_reading() -> None:
    # members hold no money: "30 quid" read as nothing would list every member
    assert read("members who spent 30 quid", DOLLAR_SCHEMA) is None
