"""The reader's shapes of what is listed, grouped and counted (issue 18, shape25): a leading
number as the limit, a row's own amount against the mean, a table of codes shown by its
description, a nameless table listed by its text key, and the time a span has run.

Pure: a hand-made schema context (a hardware wholesaler nobody tuned on), links as value
linking would give them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, ForeignKey, SchemaContext, Table
from tests.sketch_cases import fk as _fk
from tests.sketch_cases import read_on


REGIONS = Table("public", "region_codes", (Column("region_cd", "character varying(4)", False),
                                           Column("region_descr", "character varying(40)", False)), ("region_cd",))
CUSTOMERS = Table("public", "customers", (Column("customer_id", "integer", False), Column("customer_name", "text"),
                                          Column("region_cd", "character varying(4)"),
                                          Column("joined_on", "date")),
                  ("customer_id",), (ForeignKey(("region_cd",), "public", "region_codes", ("region_cd",)),))
ITEMS = Table("public", "items", (Column("sku", "character varying(12)", False), Column("item_family", "text"),
                                  Column("pack_size", "integer"), Column("weight_kg", "numeric(7,3)"),
                                  Column("list_price", "numeric(9,2)")), ("sku",))
INVOICES = Table("public", "invoices", (Column("invoice_id", "integer", False), Column("customer_id", "integer"),
                                        Column("issued_on", "date"), Column("amount", "numeric(9,2)"),
                                        Column("freight_qty", "integer"), Column("freight_kg", "numeric(9,1)")),
                 ("invoice_id",), (_fk("customer_id", "customers"),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (REGIONS, CUSTOMERS, ITEMS, INVOICES))


def read(question: str, links: list[tuple[str, str, str]] | None = None) -> str | None:
    return read_on(SCHEMA, question, links or [])


def test_a_leading_number_is_the_limit() -> None:
    assert read("3 customers with the most invoices") == (
        "SELECT customers.customer_name, count(*) FROM customers JOIN invoices ON invoices.customer_id = "
        "customers.customer_id GROUP BY customers.customer_id, customers.customer_name ORDER BY count(*) DESC LIMIT 3")


@pytest.mark.parametrize("question", ["how many invoices were above the average invoice",
                                      "how many invoices were above the avg amount"])
def test_above_the_average_row_is_its_amount(question: str) -> None:
    assert read(question) == ("SELECT count(*) FROM invoices WHERE invoices.amount > "
                              "(SELECT avg(invoices.amount) FROM invoices)")


def test_a_table_of_codes_is_grouped_by_its_description() -> None:
    sql = read("customers by region")
    assert sql is not None and sql.startswith("SELECT region_codes.region_descr, count(*) FROM ")
    assert "GROUP BY region_codes.region_cd, region_codes.region_descr" in sql


def test_a_dimension_compared_is_no_amount() -> None:
    # "heavier" is a weight, never the row's money (nameless rows picked by a number of their
    # own: listed by their key, as "deliveries with brix below average")
    assert read("invoices heavier than the average invoice") == (
        "SELECT invoices.invoice_id FROM invoices WHERE invoices.freight_kg > (SELECT avg(invoices.freight_kg) FROM invoices)")


def test_a_nameless_table_is_listed_by_its_text_key() -> None:
    # listed, not counted: items have no name, and their sku is what people call them by
    assert read("items heavier than the average item") == (
        "SELECT items.sku FROM items WHERE items.weight_kg > (SELECT avg(items.weight_kg) FROM items)")


def test_how_many_days_has_a_row_been_is_a_time_since() -> None:
    assert read("how many days has Acme Tools been a customer", [("customers", "customer_name", "Acme Tools")]) == (
        "SELECT current_date - customers.joined_on::date FROM customers WHERE customers.customer_name = 'Acme Tools'")


def test_a_total_in_a_unit_said_is_of_the_column_in_that_unit() -> None:
    # no group by the column the unit names: "in" asks for no row each
    assert read("total freight in kg") == "SELECT sum(invoices.freight_kg) FROM invoices"
