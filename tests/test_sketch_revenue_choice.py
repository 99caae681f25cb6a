"""Which table's money "revenue" / "sales" is when two tables imply one (issue 18, rev31): a
price list's stock × list price against the lines of dated orders that sold at a price. Revenue
is money taken in transactions: a table whose rows are sales events (a date of the sale of its
own, or a line under a dated header, :func:`.measures.sales_event`) is read before the price
list, whatever the schema's table order, also when the question names the price list's table
("sales by product") or a table nearest it ("sales by category").

Pure: hand-made schema contexts transcribed from Spider *training* schemas
(``customers_and_products_contacts``, ``department_store``; none a Spider dev database nor a
development set's), with the columns the rule needs added and said at each, exact SQL out."""

from __future__ import annotations

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch.measures import sales_event
from tests.sketch_cases import fk, read_on


def _table(name: str, columns: list[tuple[str, str]], key: str, fks: tuple[ForeignKey, ...] = ()) -> Table:
    return Table("public", name, tuple(Column(c, t, True, None) for c, t in columns), (key,), fks, None)


def _contacts(catalogue_first: bool = True) -> SchemaContext:
    """customers_and_products_contacts' products, customers, orders and order items, with a
    product category table, a stock on hand (``qty_on_hand``) and a listing date on the products
    (their price × stock is a price list's "revenue") and the price sold at on the order item
    (its quantity × that price is the sale's); ``catalogue_first``: the products come before
    the order items in the schema (the order that used to decide)."""
    products = _table("products", [("product_id", "integer"), ("category_id", "integer"),
                                   ("product_name", "text"), ("product_price", "numeric"),
                                   ("qty_on_hand", "integer"), ("date_added", "date")], "product_id",
                      (fk("category_id", "product_categories"),))
    items = _table("order_items", [("order_item_id", "integer"), ("order_id", "integer"), ("product_id", "integer"),
                                   ("order_quantity", "integer"), ("unit_price", "numeric")], "order_item_id",
                   (fk("order_id", "customer_orders"), fk("product_id", "products")))
    tables = [
        _table("product_categories", [("category_id", "integer"), ("category_name", "text")], "category_id"),
        *((products, items) if catalogue_first else (items, products)),
        _table("customers", [("customer_id", "integer"), ("customer_name", "text")], "customer_id"),
        _table("customer_orders", [("order_id", "integer"), ("customer_id", "integer"), ("order_date", "timestamp")],
               "order_id", (fk("customer_id", "customers"),)),
    ]
    return SchemaContext("customers_and_products_contacts", "analyst", ("public",), tuple(tables))


_SOLD = "order_items.order_quantity * order_items.unit_price"
_TO_PRODUCTS = "order_items JOIN products ON order_items.product_id = products.product_id"
_TO_CATEGORIES = f"{_TO_PRODUCTS} JOIN product_categories ON products.category_id = product_categories.category_id"


def test_sales_events_and_price_lists() -> None:
    schema = _contacts()
    kinds = {t.name: sales_event(schema, t) for t in schema.tables}
    assert kinds == {"product_categories": False, "products": False, "order_items": True,
                     "customers": False, "customer_orders": True}


def test_revenue_is_the_sales_not_the_price_list() -> None:
    """On main, "total sales" summed the products' stock × price (the first table implying one)."""
    for schema in (_contacts(), _contacts(catalogue_first=False)):
        assert read_on(schema, "total sales", []) == f"SELECT sum({_SOLD}) FROM order_items"
        assert read_on(schema, "total revenue", []) == f"SELECT sum({_SOLD}) FROM order_items"
        assert read_on(schema, "how much money did we take", []) == f"SELECT sum({_SOLD}) FROM order_items"


def test_a_period_of_revenue_is_the_orders_not_the_listing_date() -> None:
    """On main: the products' stock × price where date_added is last month."""
    assert read_on(_contacts(), "revenue last month", []) == (
        f"SELECT sum({_SOLD}) FROM order_items JOIN customer_orders ON order_items.order_id = customer_orders.order_id "
        "WHERE customer_orders.order_date >= date_trunc('month', current_date) - interval '1 month' "
        "AND customer_orders.order_date < date_trunc('month', current_date)")


def test_sales_by_the_price_lists_own_table_or_its_category() -> None:
    """The price list's table named ("by product"), or the table nearest it ("by category"):
    the sales still are the order items' (on main, the stock × price of the products)."""
    schema = _contacts()
    assert read_on(schema, "sales by product", []) == (
        f"SELECT products.product_name, sum({_SOLD}) FROM {_TO_PRODUCTS} "
        "GROUP BY products.product_id, products.product_name")
    assert read_on(schema, "sales by category", []) == (
        f"SELECT product_categories.category_name, sum({_SOLD}) FROM {_TO_CATEGORIES} "
        "GROUP BY product_categories.category_id, product_categories.category_name")
    assert read_on(schema, "which product brought in the most money", []) == (
        f"SELECT products.product_name, sum({_SOLD}) FROM products JOIN order_items "
        "ON order_items.product_id = products.product_id GROUP BY products.product_id, products.product_name "
        f"ORDER BY sum({_SOLD}) DESC NULLS LAST LIMIT 1")


def _store() -> SchemaContext:
    """department_store's products (a price and, added, a stock ``stock_qty``) and a day's
    counter sales (added: ``counter_sales`` with its own ``sold_at`` and an ``amount``, no
    foreign key: a sale over the counter is a sales event by its own date)."""
    tables = (
        _table("products", [("product_id", "integer"), ("product_type_code", "text"), ("product_name", "text"),
                            ("product_price", "numeric"), ("stock_qty", "integer")], "product_id"),
        _table("counter_sales", [("sale_id", "integer"), ("sold_at", "timestamp"), ("amount", "numeric")], "sale_id"),
    )
    return SchemaContext("department_store", "analyst", ("public",), tables)


def test_a_sale_dated_as_sold_needs_no_foreign_key() -> None:
    schema = _store()
    assert [sales_event(schema, t) for t in schema.tables] == [False, True]
    assert read_on(schema, "total sales", []) == "SELECT sum(counter_sales.amount) FROM counter_sales"


def test_a_price_list_alone_keeps_its_reading() -> None:
    """No transactions imply a revenue: the price list's reading is as it was (nothing moves)."""
    schema = SchemaContext("department_store", "analyst", ("public",), _store().tables[:1])
    assert read_on(schema, "total sales", []) == "SELECT sum(products.stock_qty * products.product_price) FROM products"
