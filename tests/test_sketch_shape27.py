"""The reader's shapes of issue 18 (shape27): "who" before "the most <something named>" asks for
the one table of people the named rows refer to; a flag said before a number column is a filter
("the most billable hours"); "how much was <verb>" sums the one money column of the table whose
date the verb is; "numbers of the <rows>" lists a number column of theirs; "how many years has
each <value> been with us" is each row the value picks; a person's first and last name folded
into one word each (``firstname``) name the row before a ``title`` does; a word of one table's
name before another table's is read by their join; "<rows> nobody <verb>" is an anti-join with
the one table referring to them; durations and data volumes add up.

Pure: hand-made schema contexts transcribed from Spider *training* schemas (``driving_school``,
``products_for_hire``, ``chinook_1``, ``school_bus``, ``hr_1``, ``e_learning``; none a Spider dev
database nor a development set's) and two made up (rides, a contact centre), links as value
linking would give them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from tests.sketch_cases import fk, read_on
from tests.test_sketch_shape26 import HR


def _table(name: str, columns: list[tuple[str, str, bool]], key: str,
           fks: tuple[ForeignKey, ...] = ()) -> Table:
    return Table("public", name, tuple(Column(c, t, n) for c, t, n in columns), (key,), fks)


DRIVING = SchemaContext("driving_school", "analyst", ("public",), (
    _table("staff", [("staff_id", "integer", False), ("nickname", "text", True), ("first_name", "text", True),
                     ("last_name", "text", True), ("date_joined_staff", "date", True)], "staff_id"),
    _table("customers", [("customer_id", "integer", False), ("customer_status_code", "text", True),
                         ("first_name", "text", True), ("last_name", "text", True), ("email_address", "text", True),
                         ("phone_number", "text", True), ("date_became_customer", "date", True),
                         ("amount_outstanding", "numeric", True)], "customer_id"),
    _table("customer_payments", [("customer_id", "integer", False), ("datetime_payment", "timestamp", False),
                                 ("payment_method_code", "text", True), ("amount_payment", "numeric", True)],
           "customer_id", (fk("customer_id", "customers"),)),
    _table("lessons", [("lesson_id", "integer", False), ("customer_id", "integer", True),
                       ("lesson_status_code", "text", True), ("staff_id", "integer", True),
                       ("lesson_date", "timestamp", True), ("price", "numeric", True)], "lesson_id",
           (fk("customer_id", "customers"), fk("staff_id", "staff"))),
))

HIRE = SchemaContext("products_for_hire", "analyst", ("public",), (
    _table("discount_coupons", [("coupon_id", "integer", False), ("date_issued", "date", True),
                                ("coupon_amount", "numeric", True)], "coupon_id"),
    _table("customers", [("customer_id", "integer", False), ("coupon_id", "integer", True),
                         ("first_name", "text", True), ("last_name", "text", True),
                         ("date_became_customer", "date", True)], "customer_id", (fk("coupon_id", "discount_coupons"),)),
    _table("payments", [("payment_id", "integer", False), ("customer_id", "integer", True),
                        ("payment_type_code", "text", True), ("payment_date", "date", True),
                        ("amount_due", "numeric", True), ("amount_paid", "numeric", True)], "payment_id",
           (fk("customer_id", "customers"),)),
))


def _chinook(folded: bool) -> SchemaContext:
    """chinook_1's people and invoices; ``folded``: created unquoted, as PostgreSQL folds it."""
    def n(name: str) -> str:
        return name.lower() if folded else name
    return SchemaContext("chinook_1", "analyst", ("public",), (
        _table(n("Employee"), [(n("EmployeeId"), "integer", False), (n("LastName"), "text", True),
                               (n("FirstName"), "text", True), (n("Title"), "text", True),
                               (n("BirthDate"), "timestamp", True), (n("HireDate"), "timestamp", True),
                               (n("City"), "text", True)], n("EmployeeId")),
        _table(n("Customer"), [(n("CustomerId"), "integer", False), (n("FirstName"), "text", True),
                               (n("LastName"), "text", True), (n("Country"), "text", True),
                               (n("SupportRepId"), "integer", True)], n("CustomerId"),
               (ForeignKey((n("SupportRepId"),), "public", n("Employee"), (n("EmployeeId"),)),)),
        _table(n("Invoice"), [(n("InvoiceId"), "integer", False), (n("CustomerId"), "integer", True),
                              (n("InvoiceDate"), "timestamp", True), (n("Total"), "numeric", True)], n("InvoiceId"),
               (fk(n("CustomerId"), n("Customer")),)),
    ))


CHINOOK, CHINOOK_FOLDED = _chinook(False), _chinook(True)

BUS = SchemaContext("school_bus", "analyst", ("public",), (
    _table("driver", [("Driver_ID", "integer", False), ("Name", "text", True), ("Home_city", "text", True),
                      ("Age", "integer", True)], "Driver_ID"),
    _table("school_bus", [("School_ID", "integer", False), ("Driver_ID", "integer", False),
                          ("Years_Working", "integer", True), ("If_full_time", "boolean", True)], "School_ID",
           (fk("Driver_ID", "driver"),)),
))


@pytest.mark.parametrize("schema,question,sql", [
    (DRIVING, "who made the most payments",
     "SELECT customers.first_name, customers.last_name, count(*) FROM customers JOIN customer_payments ON "
     "customer_payments.customer_id = customers.customer_id GROUP BY customers.customer_id, customers.first_name, "
     "customers.last_name ORDER BY count(*) DESC LIMIT 1"),
    (CHINOOK, "who spent the most in total",
     'SELECT "Customer"."FirstName", "Customer"."LastName", sum("Invoice"."Total") FROM "Customer" JOIN "Invoice" ON '
     '"Invoice"."CustomerId" = "Customer"."CustomerId" GROUP BY "Customer"."CustomerId", "Customer"."FirstName", '
     '"Customer"."LastName" ORDER BY sum("Invoice"."Total") DESC NULLS LAST LIMIT 1'),
    (CHINOOK, "who has the fewest invoices",
     'SELECT "Customer"."FirstName", "Customer"."LastName", count(*) FROM "Customer" JOIN "Invoice" ON '
     '"Invoice"."CustomerId" = "Customer"."CustomerId" GROUP BY "Customer"."CustomerId", "Customer"."FirstName", '
     '"Customer"."LastName" ORDER BY count(*) ASC LIMIT 1'),
])
def test_who_before_the_most_asks_for_the_people_the_rows_refer_to(schema: SchemaContext, question: str,
                                                                    sql: str) -> None:
    assert read_on(schema, question, []) == sql


@pytest.mark.parametrize("schema,question", [
    (DRIVING, "who had the most lessons"),         # a lesson's customer or its teacher: not said
    (HIRE, "who paid the most"),                   # the most of what: nothing named after it
])
def test_who_reads_no_people_where_it_could_be_several_or_the_ranking_names_nothing(
        schema: SchemaContext, question: str) -> None:
    sql = read_on(schema, question, [])
    assert sql is None or "first_name" not in sql


def test_a_flag_before_a_number_column_filters_what_is_ranked() -> None:
    # "the most full time years working": the years ranked, of the full-time rows
    assert read_on(BUS, "the most full time years working", []) == (
        'SELECT school_bus."School_ID", school_bus."Years_Working" FROM school_bus WHERE school_bus."If_full_time" '
        'ORDER BY school_bus."Years_Working" DESC NULLS LAST LIMIT 1')


@pytest.mark.parametrize("schema,question,sql", [
    (HIRE, "how much was issued last month",
     "SELECT sum(discount_coupons.coupon_amount) FROM discount_coupons WHERE discount_coupons.date_issued >= "
     "date_trunc('month', current_date) - interval '1 month' AND discount_coupons.date_issued < "
     "date_trunc('month', current_date)"),
    (HIRE, "how much was issued", "SELECT sum(discount_coupons.coupon_amount) FROM discount_coupons"),
])
def test_how_much_was_said_by_a_tables_date_sums_its_money(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


@pytest.mark.parametrize("schema,question,sql", [
    (DRIVING, "numbers of the customers with an outstanding amount over 100",
     "SELECT customers.phone_number FROM customers WHERE customers.amount_outstanding > 100"),
    (HR, "numbers of the employees with a salary above 10000",
     "SELECT employees.phone_number FROM employees WHERE employees.salary > 10000"),
    (HR, "the numbers of employees in each department",
     "SELECT departments.department_name, count(*) FROM employees JOIN departments ON employees.department_id = "
     "departments.department_id GROUP BY departments.department_id, departments.department_name"),
])
def test_numbers_of_the_rows_lists_their_number_column(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


def test_years_with_us_of_each_row_a_value_picks() -> None:
    question = "how many years has each sales support agent been with us"
    assert read_on(CHINOOK, question, [("Employee", "Title", "Sales Support Agent")]) == (
        'SELECT "Employee"."FirstName", "Employee"."LastName", date_part(\'year\', age("Employee"."HireDate")) '
        'FROM "Employee" WHERE "Employee"."Title" = \'Sales Support Agent\'')


def test_folded_first_and_last_names_name_a_person_before_a_title() -> None:
    assert read_on(CHINOOK_FOLDED, "list employees", []) == (
        "SELECT employee.firstname, employee.lastname FROM employee")
    assert read_on(CHINOOK_FOLDED, "who has the most invoices", []) == (
        "SELECT customer.firstname, customer.lastname, count(*) FROM customer JOIN invoice ON "
        "invoice.customerid = customer.customerid GROUP BY customer.customerid, customer.firstname, "
        "customer.lastname ORDER BY count(*) DESC LIMIT 1")


# A ride-hailing firm's log tables (hand-made: no Spider schema has a table's non-head name
# word said before another table it refers to in a question that reads)
RIDES = SchemaContext("rides", "analyst", ("public",), (
    _table("reasons", [("reason_id", "integer", False), ("reason_name", "text", True)], "reason_id"),
    _table("drivers", [("driver_id", "integer", False), ("first_name", "text", True), ("last_name", "text", True)],
           "driver_id"),
    _table("ride_cancellation_log", [("log_id", "integer", False), ("reason_id", "integer", True),
                                     ("driver_id", "integer", True), ("cancelled_at", "timestamp", True),
                                     ("refund_amount", "numeric", True)], "log_id",
           (fk("reason_id", "reasons"), fk("driver_id", "drivers"))),
    _table("ride_complaint_log", [("log_id", "integer", False), ("reason_id", "integer", True),
                                  ("filed_at", "timestamp", True)], "log_id", (fk("reason_id", "reasons"),)),
))


def test_a_tables_word_before_another_table_it_joins_is_read_by_the_join() -> None:
    assert read_on(RIDES, "top 3 cancellation reasons by total refund amount", []) == (
        "SELECT reasons.reason_name, sum(ride_cancellation_log.refund_amount) FROM reasons JOIN ride_cancellation_log "
        "ON ride_cancellation_log.reason_id = reasons.reason_id GROUP BY reasons.reason_id, reasons.reason_name "
        "ORDER BY sum(ride_cancellation_log.refund_amount) DESC NULLS LAST LIMIT 3")


def test_a_tables_word_before_another_table_it_does_not_join_stays_unread() -> None:
    # the complaints are not what the refunds are summed over: "complaint" is left unplaced
    reading = read_question("top 3 complaint reasons by total refund amount", RIDES, [])
    assert reading is not None and reading.uncovered == ("complaint",)


LEARNING = SchemaContext("e_learning", "analyst", ("public",), (
    _table("courses", [("course_id", "integer", False), ("author_id", "integer", True), ("course_name", "text", True),
                       ("course_description", "text", True)], "course_id"),
    _table("students", [("student_id", "integer", False), ("date_of_registration", "timestamp", True),
                        ("personal_name", "text", True), ("family_name", "text", True)], "student_id"),
    _table("student_course_enrolment", [("registration_id", "integer", False), ("student_id", "integer", True),
                                        ("course_id", "integer", True), ("date_of_enrolment", "timestamp", True),
                                        ("date_of_completion", "timestamp", True)], "registration_id",
           (fk("student_id", "students"), fk("course_id", "courses"))),
))


@pytest.mark.parametrize("schema,question,sql", [
    (LEARNING, "courses nobody has ever enrolled in",
     "SELECT courses.course_name FROM courses WHERE NOT EXISTS (SELECT 1 FROM student_course_enrolment WHERE "
     "student_course_enrolment.course_id = courses.course_id)"),
    (HIRE, "coupons no one has used",      # rows without a name, in a terse question: counted
     "SELECT count(*) FROM discount_coupons WHERE NOT EXISTS (SELECT 1 FROM customers WHERE "
     "customers.coupon_id = discount_coupons.coupon_id)"),
])
def test_rows_nobody_related_to_are_those_the_one_referring_table_never_joins(
        schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


def test_nobody_reads_no_absence_where_two_tables_refer_to_the_rows() -> None:
    # a customer's payments or lessons: which relation "nobody" denies is not said
    reading = read_question("customers nobody has ever taught", DRIVING, [])
    assert reading is None or "NOT EXISTS" not in reading.sql


# A contact centre's calls (hand-made: Spider's durations are milliseconds of tracks and laps)
CALLS = SchemaContext("contact_centre", "analyst", ("public",), (
    _table("agents", [("agent_id", "integer", False), ("agent_name", "text", True)], "agent_id"),
    _table("calls", [("call_id", "integer", False), ("agent_id", "integer", True), ("started_at", "timestamp", True),
                     ("duration_seconds", "integer", True), ("data_mb", "numeric", True)], "call_id",
           (fk("agent_id", "agents"),)),
))


@pytest.mark.parametrize("question,sql", [
    ("call duration seconds per agent",
     "SELECT agents.agent_name, sum(calls.duration_seconds) FROM calls JOIN agents ON calls.agent_id = agents.agent_id "
     "GROUP BY agents.agent_id, agents.agent_name"),
    ("data mb by agent",
     "SELECT agents.agent_name, sum(calls.data_mb) FROM calls JOIN agents ON calls.agent_id = agents.agent_id "
     "GROUP BY agents.agent_id, agents.agent_name"),
])
def test_time_spent_and_data_carried_add_up_per_group(question: str, sql: str) -> None:
    assert read_on(CALLS, question, []) == sql


INTERACTIONS = SchemaContext("contact_log", "analyst", ("public",), (
    _table("agents", [("agent_id", "integer", False), ("agent_name", "text", True)], "agent_id"),
    _table("interactions", [("interaction_id", "integer", False), ("agent_id", "integer", True),
                            ("kind", "text", True), ("duration_minutes", "numeric", True)], "interaction_id",
           (fk("agent_id", "agents"),)),
))


def test_longer_than_the_average_of_rows_a_value_picks_is_their_duration() -> None:
    # "calls" and "call" are the value interactions.kind = 'call' (no table is named): the
    # duration of those rows, against its mean over the same rows
    question = "how many calls lasted longer than the average call"
    links = [ValueMatch("interactions", "kind", "call", 2, 3, 1.0), ValueMatch("interactions", "kind", "call", 8, 9, 1.0)]
    reading = read_question(question, INTERACTIONS, links)
    assert reading is not None and reading.coverage == 1.0 and reading.sql == (
        "SELECT count(*) FROM interactions WHERE interactions.kind = 'call' AND interactions.duration_minutes > "
        "(SELECT avg(interactions.duration_minutes) FROM interactions WHERE interactions.kind = 'call')")


@pytest.mark.parametrize("schema,question,sql", [
    (HR, "who has the highest salary",     # jobs.min_salary spells "salary" too: the employees' own
     "SELECT employees.first_name, employees.last_name, employees.salary FROM employees "
     "ORDER BY employees.salary DESC NULLS LAST LIMIT 1"),
    (DRIVING, "who has the largest amount outstanding",
     "SELECT customers.first_name, customers.last_name, customers.amount_outstanding FROM customers "
     "ORDER BY customers.amount_outstanding DESC NULLS LAST LIMIT 1"),
])
def test_who_with_the_highest_number_of_their_own(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql
