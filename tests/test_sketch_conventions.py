"""The analysts' business conventions (issue 18, conv28), each a mechanism over the schema's
own shape, the same on any database: "sales"/"takings" are the revenue a table implies (and beat
a description that merely uses the word); "money taken/collected", "brought in the most money"
that revenue too; a period of a dateless line table is on the row it belongs to; revenue leaves
out rows a description says are not sales; "12 bucks" compares a price; "still sell" / "no
longer sell" is the table's active flag; "headcount" counts the one table of people;
"joined"/"signed up" say only what a period of the rows does and "sign-ups" are the rows of the
one table of customers; "the rate we pay" is the rate; a code's qualified state ("frozen
(paused until ...)") is said by its first word. Where the schema has no such measure, flag or
table, the words stay unread (no reading, or one that leaves them unplaced).

Pure: hand-made schema contexts transcribed from Spider *training* schemas
(``customers_and_invoices``, ``products_for_hire``, ``hr_1``, ``customer_deliveries``; none a
Spider dev database nor a development set's), a column or a description added where the rule
needs one (said at each), exact SQL out."""

from __future__ import annotations

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from tests.sketch_cases import fk, read_on


def _table(name: str, columns: list[tuple[str, str, bool]], key: str, fks: tuple[ForeignKey, ...] = (),
           comments: dict[str, str] | None = None, comment: str | None = None) -> Table:
    said = comments or {}
    return Table("public", name, tuple(Column(c, t, n, said.get(c)) for c, t, n in columns), (key,), fks, comment)


def _invoices(voided: bool = False, regions: bool = False) -> SchemaContext:
    """customers_and_invoices' customers, orders and invoice lines (the line's price and a
    quantity as numbers; ``voided``: an invoice's nullable ``voided_at`` described as no sales;
    ``regions``: a table of regions described as "Sales regions")."""
    invoice_columns = [("invoice_number", "integer", False), ("order_id", "integer", True),
                       ("invoice_date", "timestamp", True)]
    if voided:
        invoice_columns.append(("voided_at", "timestamp", True))
    tables = [
        _table("customers", [("customer_id", "integer", False), ("customer_first_name", "text", True),
                             ("customer_last_name", "text", True), ("town_city", "text", True)], "customer_id"),
        _table("orders", [("order_id", "integer", False), ("customer_id", "integer", True),
                          ("date_order_placed", "timestamp", True)], "order_id", (fk("customer_id", "customers"),)),
        _table("invoices", invoice_columns, "invoice_number", (fk("order_id", "orders"),),
               {"voided_at": "set when the invoice was voided; voided invoices are not sales"}),
        _table("products", [("product_id", "integer", False), ("product_name", "text", True),
                            ("unit_price", "numeric", True), ("date_added", "date", True)], "product_id"),
        _table("invoice_line_items", [("line_id", "integer", False), ("invoice_number", "integer", True),
                                      ("product_id", "integer", True), ("product_quantity", "integer", True),
                                      ("product_price", "numeric", True)], "line_id",
               (fk("invoice_number", "invoices"), fk("product_id", "products"))),
    ]
    if regions:
        tables.append(_table("regions", [("region_id", "integer", False), ("region_name", "text", True)],
                             "region_id", comment="Sales regions of the company"))
    return SchemaContext("customers_and_invoices", "analyst", ("public",), tuple(tables))


_LINE = "invoice_line_items.product_quantity * invoice_line_items.product_price"
_LAST_MONTH = ("invoices.invoice_date >= date_trunc('month', current_date) - interval '1 month' "
               "AND invoices.invoice_date < date_trunc('month', current_date)")


def test_sales_are_the_revenue_a_line_table_implies() -> None:
    assert read_on(_invoices(), "sales by product", []) == (
        f"SELECT products.product_name, sum({_LINE}) FROM invoice_line_items JOIN products ON "
        "invoice_line_items.product_id = products.product_id GROUP BY products.product_id, products.product_name")
    assert read_on(_invoices(), "takings by product", []) == read_on(_invoices(), "sales by product", [])


def test_sales_beat_a_description_that_uses_the_word() -> None:
    """"Sales regions" describes the regions; "sales" still names the revenue."""
    assert read_on(_invoices(regions=True), "total sales", []) == f"SELECT sum({_LINE}) FROM invoice_line_items"


def test_a_dateless_line_is_dated_by_the_row_it_belongs_to() -> None:
    """The invoice a line is on is dated; the product it sells is too, but the line's name
    says which row it belongs to."""
    assert read_on(_invoices(), "sales last month", []) == (
        f"SELECT sum({_LINE}) FROM invoice_line_items JOIN invoices ON "
        f"invoice_line_items.invoice_number = invoices.invoice_number WHERE {_LAST_MONTH}")


def test_revenue_leaves_out_rows_described_as_no_sales() -> None:
    schema = _invoices(voided=True)
    assert read_on(schema, "sales last month", []) == (
        f"SELECT sum({_LINE}) FROM invoice_line_items JOIN invoices ON "
        f"invoice_line_items.invoice_number = invoices.invoice_number WHERE {_LAST_MONTH} "
        "AND invoices.voided_at IS NULL")
    assert read_on(schema, "top 3 products by sales", []) == (
        f"SELECT products.product_name, sum({_LINE}) FROM products JOIN invoice_line_items ON "
        "invoice_line_items.product_id = products.product_id JOIN invoices ON "
        "invoice_line_items.invoice_number = invoices.invoice_number WHERE invoices.voided_at IS NULL "
        f"GROUP BY products.product_id, products.product_name ORDER BY sum({_LINE}) DESC NULLS LAST LIMIT 3")
    # a count of the invoices is no revenue: nothing left out
    assert read_on(schema, "how many invoices last month", []) == \
        f"SELECT count(*) FROM invoices WHERE {_LAST_MONTH}"


HIRE = SchemaContext("products_for_hire", "analyst", ("public",), (
    _table("customers", [("customer_id", "integer", False), ("first_name", "text", True), ("last_name", "text", True),
                         ("date_became_customer", "date", True)], "customer_id"),
    _table("payments", [("payment_id", "integer", False), ("customer_id", "integer", True),
                        ("payment_type_code", "text", True), ("payment_date", "date", True),
                        ("amount_paid", "numeric", True)], "payment_id", (fk("customer_id", "customers"),)),
))


def test_money_taken_is_the_revenue() -> None:
    assert read_on(HIRE, "money taken last month", []) == (
        "SELECT sum(payments.amount_paid) FROM payments WHERE payments.payment_date >= "
        "date_trunc('month', current_date) - interval '1 month' AND payments.payment_date < "
        "date_trunc('month', current_date)")
    assert read_on(HIRE, "which customer has brought in the most money", []) == (
        "SELECT customers.first_name, customers.last_name, sum(payments.amount_paid) FROM customers JOIN payments "
        "ON payments.customer_id = customers.customer_id GROUP BY customers.customer_id, customers.first_name, "
        "customers.last_name ORDER BY sum(payments.amount_paid) DESC NULLS LAST LIMIT 1")


def test_no_revenue_no_sales() -> None:
    """hr_1 keeps salaries, no sale: "sales" places nothing."""
    reading = read_question("sales by department", HR)
    assert reading is None or reading.coverage < 1.0


DELIVERIES = SchemaContext("customer_deliveries", "analyst", ("public",), (
    _table("products", [("product_id", "integer", False), ("product_name", "text", True),
                        ("product_price", "numeric", True), ("is_active", "boolean", True)], "product_id"),
    _table("customers", [("customer_id", "integer", False), ("customer_name", "text", True),
                         ("date_became_customer", "timestamp", True)], "customer_id"),
))


def test_a_number_of_bucks_compares_the_price() -> None:
    assert read_on(DELIVERIES, "products over 20 bucks", []) == \
        "SELECT products.product_name FROM products WHERE products.product_price > 20"
    assert read_on(DELIVERIES, "products under 5 dollars", []) == \
        "SELECT products.product_name FROM products WHERE products.product_price < 5"
    reading = read_question("customers over 20 bucks", DELIVERIES)       # no price: nothing compared
    assert reading is None or reading.coverage < 1.0


def test_still_sell_is_the_active_flag() -> None:
    assert read_on(DELIVERIES, "products we still sell", []) == \
        "SELECT products.product_name FROM products WHERE products.is_active"
    assert read_on(DELIVERIES, "how many products do we no longer sell", []) == \
        "SELECT count(*) FROM products WHERE NOT products.is_active"
    reading = read_question("customers we still serve", DELIVERIES)       # no flag of theirs
    assert reading is None or reading.coverage < 1.0


HR = SchemaContext("hr_1", "analyst", ("public",), (
    _table("departments", [("department_id", "integer", False), ("department_name", "text", True)], "department_id"),
    _table("jobs", [("job_id", "text", False), ("job_title", "text", True), ("min_salary", "integer", True)], "job_id"),
    _table("employees", [("employee_id", "integer", False), ("first_name", "text", True), ("last_name", "text", True),
                         ("hire_date", "date", True), ("job_id", "text", True), ("salary", "numeric", True),
                         ("department_id", "integer", True)], "employee_id",
           (fk("job_id", "jobs"), fk("department_id", "departments"))),
))


def test_headcount_counts_the_people() -> None:
    assert read_on(HR, "headcount by department", []) == (
        "SELECT departments.department_name, count(*) FROM employees JOIN departments ON "
        "employees.department_id = departments.department_id GROUP BY departments.department_id, "
        "departments.department_name")
    assert read_on(HR, "what is our headcount", []) == "SELECT count(*) FROM employees"
    reading = read_question("headcount by product", DELIVERIES)         # no table of people
    assert reading is None or reading.coverage < 1.0


def test_the_rate_we_pay_is_the_rate() -> None:
    """Who pays, the verb and whom: the amount said again, not a relation of the rows ranked."""
    staff = SchemaContext("hr_1", "analyst", ("public",), tuple(t for t in HR.tables if t.name != "jobs"))
    assert read_on(staff, "highest salary we pay anyone", []) == "SELECT max(employees.salary) FROM employees"
    assert read_on(DELIVERIES, "highest product price we charge", []) == \
        "SELECT max(products.product_price) FROM products"


def test_joined_and_sign_ups_are_rows_created_in_the_period() -> None:
    this_year = "customers.date_became_customer >= date_trunc('year', current_date)"
    assert read_on(HIRE, "how many new customers joined this year", []) == \
        f"SELECT count(*) FROM customers WHERE {this_year}"
    assert read_on(HIRE, "new sign-ups this year vs last year", []) == (
        f"SELECT count(*) FILTER (WHERE {this_year}), count(*) FILTER (WHERE customers.date_became_customer >= "
        "date_trunc('year', current_date) - interval '1 year' AND customers.date_became_customer < "
        "date_trunc('year', current_date)) FROM customers")
    reading = read_question("new sign-ups this year vs last year", HR)      # staff are hired, not signed up
    assert reading is None or reading.coverage < 1.0


def test_a_qualified_code_state_is_said_by_its_first_word() -> None:
    schema = SchemaContext("subscriptions", "analyst", ("public",), (
        _table("subscriptions", [("subscription_id", "integer", False), ("status", "text", False),
                                 ("resume_date", "date", True)], "subscription_id",
               comments={"status": "A = active, S = suspended (paused until resume_date), X = cancelled"}),
    ))
    assert read_on(schema, "how many subscriptions are paused", []) == \
        "SELECT count(*) FROM subscriptions WHERE subscriptions.status = 'S'"


def test_an_amount_beside_a_quantity_is_the_lines_amount() -> None:
    """A line's ``amount`` beside its quantity is already the line's money (a unit amount or a
    price would be multiplied); a discount amount is no money brought in."""
    schema = SchemaContext("billing", "analyst", ("public",), (
        _table("visits", [("visit_id", "integer", False), ("visit_date", "date", True)], "visit_id"),
        _table("charges", [("charge_id", "integer", False), ("visit_id", "integer", True),
                           ("charge_qty", "integer", True), ("charge_amt", "numeric", True),
                           ("charge_disc_amt", "numeric", True)], "charge_id", (fk("visit_id", "visits"),)),
    ))
    assert read_on(schema, "revenue this year", []) == (
        "SELECT sum(charges.charge_amt) FROM charges JOIN visits ON charges.visit_id = visits.visit_id "
        "WHERE visits.visit_date >= date_trunc('year', current_date)")


def test_money_after_a_word_no_name_places_is_no_revenue() -> None:
    """"prize money" is a kind of money the schema does not name: not the payments' revenue
    (left unplaced, for placing by sense); "money" after a cue word is."""
    reading = read_question("total prize money", HIRE)
    assert reading is None or "amount_paid" not in reading.sql
    assert read_on(HIRE, "total money", []) == "SELECT sum(payments.amount_paid) FROM payments"


def test_live_rows_are_those_whose_status_is_open() -> None:
    """tracking_orders' orders with their status values as a ticket system keeps them: "live"
    right before the rows is the one status of theirs that means in play; "still" before a
    stored state only says it persists."""
    values = ("open", "shipped", "cancelled")
    schema = SchemaContext("tracking_orders", "analyst", ("public",), (
        Table("public", "orders", (Column("order_id", "integer", False), Column("order_status", "text", True,
                                                                                  values=values),
                                   Column("date_order_placed", "timestamp", True)), ("order_id",)),
    ))
    assert read_on(schema, "how many live orders are there", []) == \
        "SELECT count(*) FROM orders WHERE orders.order_status = 'open'"
    assert read_on(schema, "how many orders are still open", [("orders", "order_status", "open")]) == \
        "SELECT count(*) FROM orders WHERE orders.order_status = 'open'"
    reading = read_question("how many live orders are there", _invoices())      # no status: unread
    assert reading is None or reading.coverage < 1.0


def test_by_a_stored_value_is_a_filter_not_a_group() -> None:
    """"money taken by credit card": the value says how the money came, one total; "by payment
    type code" still groups."""
    assert read_on(HIRE, "money taken by credit card", [("payments", "payment_type_code", "Credit Card")]) == \
        "SELECT sum(payments.amount_paid) FROM payments WHERE payments.payment_type_code = 'Credit Card'"
    assert read_on(HIRE, "money taken by payment type code", []) == (
        "SELECT payments.payment_type_code, sum(payments.amount_paid) FROM payments "
        "GROUP BY payments.payment_type_code")
