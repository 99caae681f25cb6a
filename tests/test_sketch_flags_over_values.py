"""Issue 18 (flag27): a word that is both a value some column happens to hold and the word a
yes/no column or a table is named by. A flag of another table wins over the value unless the
question's words around it say the value's column or table (or a table that refers to it),
or the rest of the question is about the value's table; a value's word inside a column name
of several words of another table is that name's; a plural that only a key column spells names
the table the key refers to when that table's name ends with the word.

Pure: hand-made schema contexts transcribed from Spider *training* schemas
(``tracking_orders``, ``customer_deliveries``; neither a Spider dev database nor a development
set's), a flag or stored value added where the case needs one; links as value linking would
give them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, SchemaContext, Table
from tests.sketch_cases import fk, read_on


def _table(name: str, columns: list[tuple[str, str, bool]], key: str, fks: tuple[tuple[str, str], ...] = (),
           values: dict[str, tuple[str, ...]] | None = None, comments: dict[str, str] | None = None) -> Table:
    values, comments = values or {}, comments or {}
    return Table("public", name, tuple(Column(c, t, n, comments.get(c), values.get(c, ())) for c, t, n in columns),
                 (key,), tuple(fk(c, t) for c, t in fks))


# tracking_orders, with a shipped flag on the order items and a yes/no text flag on customers
ORDERS = SchemaContext("tracking_orders", "analyst", ("public",), (
    _table("customers", [("customer_id", "integer", False), ("customer_name", "text", True),
                         ("active_flg", "character(1)", True)], "customer_id",
           values={"active_flg": ("N", "Y")}),
    _table("orders", [("order_id", "integer", False), ("customer_id", "integer", True),
                      ("order_status", "text", True), ("date_order_placed", "date", True)], "order_id",
           (("customer_id", "customers"),), {"order_status": ("On Road", "Packing", "Shipped")}),
    _table("products", [("product_id", "integer", False), ("product_name", "text", True),
                        ("product_price", "numeric", True)], "product_id"),
    _table("order_items", [("order_item_id", "integer", False), ("product_id", "integer", True),
                           ("order_id", "integer", True), ("is_shipped", "boolean", True)], "order_item_id",
           (("product_id", "products"), ("order_id", "orders"))),
))

_SHIPPED = ("orders", "order_status", "Shipped")


@pytest.mark.parametrize("question,sql", [
    # the flag's table is the one the question's other words join to: the flag
    ("which products were shipped",
     "SELECT products.product_name FROM products JOIN order_items ON order_items.product_id = "
     "products.product_id WHERE order_items.is_shipped"),
])
def test_a_flag_of_the_question_s_table_wins_over_a_value_of_another(question: str, sql: str) -> None:
    assert read_on(ORDERS, question, [_SHIPPED]) == sql


@pytest.mark.parametrize("question,sql", [
    # the value's column said beside it, its table beside it or the question about its table alone
    ("orders with status shipped",
     "SELECT count(*) FROM orders WHERE orders.order_status = 'Shipped'"),
    ("customers with shipped orders",
     "SELECT customers.customer_name FROM customers JOIN orders ON orders.customer_id = customers.customer_id "
     "WHERE orders.order_status = 'Shipped'"),
    ("how many shipped orders",
     "SELECT count(*) FROM orders WHERE orders.order_status = 'Shipped'"),
    ("how many orders were shipped",
     "SELECT count(*) FROM orders WHERE orders.order_status = 'Shipped'"),
])
def test_the_value_wins_where_the_question_says_its_column_or_table(question: str, sql: str) -> None:
    assert read_on(ORDERS, question, [_SHIPPED]) == sql


def test_a_yes_no_text_column_named_as_a_flag_is_read_by_its_word() -> None:
    # active_flg 'Y'/'N': "active" says the stored yes
    assert read_on(ORDERS, "how many active customers", []) == (
        "SELECT count(*) FROM customers WHERE customers.active_flg = 'Y'")


# customer_deliveries: delivery routes, their locations and the trucks that serve them
DELIVERIES = SchemaContext("customer_deliveries", "analyst", ("public",), (
    _table("delivery_routes", [("route_id", "integer", False), ("route_name", "text", True),
                               ("route_kind", "text", True)], "route_id", values={"route_kind": ("Truck", "Van")}),
    _table("delivery_route_locations", [("location_code", "text", False), ("route_id", "integer", True),
                                        ("location_name", "text", True)], "location_code",
           (("route_id", "delivery_routes"),), comments={"route_id": "the route this location is on"}),
    _table("trucks", [("truck_id", "integer", False), ("truck_licence_number", "text", True)], "truck_id"),
))


def test_a_plural_only_a_key_spells_names_the_table_the_key_refers_to() -> None:
    # "routes" (the key's comment says "route"): the delivery_routes rows, not the locations' route_id
    assert read_on(DELIVERIES, "how many routes", []) == "SELECT count(*) FROM delivery_routes"
    assert read_on(DELIVERIES, "route names", []) == "SELECT delivery_routes.route_name FROM delivery_routes"


def test_a_value_s_word_inside_a_column_name_of_another_table_is_that_name() -> None:
    # "truck licence numbers": trucks.truck_licence_number, not the routes whose kind is 'Truck'
    question = "truck licence numbers"
    assert read_on(DELIVERIES, question, [("delivery_routes", "route_kind", "Truck")]) == (
        "SELECT trucks.truck_licence_number FROM trucks")
    # said alone it is the value
    question = "names of truck routes"
    assert read_on(DELIVERIES, question, [("delivery_routes", "route_kind", "Truck")]) == (
        "SELECT delivery_routes.route_name FROM delivery_routes WHERE delivery_routes.route_kind = 'Truck'")
