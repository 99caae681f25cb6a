"""The reader's shapes of issue 18 (shape26): the calendar period after this one ("next week"),
a sum asked by "how much" of the one table named that keeps money, a group's text column said
after the table's name ("by payment method"), an average per group against the overall average,
a value said after "average" restricting the mean's rows, a duration asked by its unit, and rows
picked by a number of their own listed rather than counted.

Pure: hand-made schema contexts transcribed from two Spider *training* schemas
(``insurance_policies``, ``tracking_grants_for_research``; neither a Spider dev database nor a
development set's), links as value linking would give them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, SchemaContext, Table
from tests.sketch_cases import fk, read_on


def _table(name: str, columns: list[tuple[str, str, bool]], key: str, fks: tuple[tuple[str, str], ...] = ()) -> Table:
    return Table("public", name, tuple(Column(c, t, n) for c, t, n in columns), (key,),
                 tuple(fk(c, t) for c, t in fks))


INSURANCE = SchemaContext("insurance_policies", "analyst", ("public",), (
    _table("customers", [("customer_id", "integer", False), ("customer_details", "text", True)], "customer_id"),
    _table("customer_policies", [("policy_id", "integer", False), ("customer_id", "integer", True),
                                 ("policy_type_code", "text", True), ("start_date", "date", True),
                                 ("end_date", "date", True)], "policy_id", (("customer_id", "customers"),)),
    _table("claims", [("claim_id", "integer", False), ("policy_id", "integer", True), ("date_claim_made", "date", True),
                      ("date_claim_settled", "date", True), ("amount_claimed", "integer", True),
                      ("amount_settled", "integer", True)], "claim_id", (("policy_id", "customer_policies"),)),
    _table("payments", [("payment_id", "integer", False), ("settlement_id", "integer", True),
                        ("payment_method_code", "text", True), ("date_payment_made", "date", True),
                        ("amount_payment", "integer", True)], "payment_id"),
))

GRANTS = SchemaContext("tracking_grants_for_research", "analyst", ("public",), (
    _table("organisation_types", [("organisation_type", "text", False), ("organisation_type_description", "text", True)],
           "organisation_type"),
    _table("organisations", [("organisation_id", "integer", False), ("organisation_type", "text", True),
                             ("organisation_details", "text", True)], "organisation_id",
           (("organisation_type", "organisation_types"),)),
    _table("grants", [("grant_id", "integer", False), ("organisation_id", "integer", True), ("grant_amount", "numeric", True),
                      ("grant_start_date", "date", True), ("grant_end_date", "date", True),
                      ("other_details", "text", True)], "grant_id", (("organisation_id", "organisations"),)),
    _table("documents", [("document_id", "integer", False), ("document_type_code", "text", True),
                         ("grant_id", "integer", True), ("sent_date", "date", True),
                         ("response_received_date", "date", True)], "document_id", (("grant_id", "grants"),)),
))

HR = SchemaContext("hr_1", "analyst", ("public",), (
    _table("departments", [("department_id", "integer", False), ("department_name", "text", True),
                           ("manager_id", "integer", True), ("location_id", "integer", True)], "department_id"),
    _table("jobs", [("job_id", "text", False), ("job_title", "text", True), ("min_salary", "integer", True),
                    ("max_salary", "integer", True)], "job_id"),
    _table("employees", [("employee_id", "integer", False), ("first_name", "text", True), ("last_name", "text", True),
                         ("email", "text", True), ("phone_number", "text", True), ("hire_date", "date", True),
                         ("job_id", "text", True),
                         ("salary", "numeric", True), ("commission_pct", "numeric", True),
                         ("department_id", "integer", True)], "employee_id",
           (("job_id", "jobs"), ("department_id", "departments"))),
))

HIRE = SchemaContext("products_for_hire", "analyst", ("public",), (
    _table("customers", [("customer_id", "integer", False), ("first_name", "text", True), ("last_name", "text", True),
                         ("date_became_customer", "date", True)], "customer_id"),
    _table("payments", [("payment_id", "integer", False), ("customer_id", "integer", True),
                        ("payment_type_code", "text", True), ("payment_date", "date", True),
                        ("amount_due", "numeric", True), ("amount_paid", "numeric", True)], "payment_id",
           (("customer_id", "customers"),)),
))

_NEXT_MONTH = ("date_trunc('month', current_date) + interval '1 month' AND {c} < "
               "date_trunc('month', current_date) + interval '2 months'")


@pytest.mark.parametrize("schema,question,sql", [
    (GRANTS, "grants starting next month",
     "SELECT count(*) FROM grants WHERE grants.grant_start_date >= "
     + _NEXT_MONTH.format(c="grants.grant_start_date")),
    (GRANTS, "documents sent next week",
     "SELECT count(*) FROM documents WHERE documents.sent_date >= date_trunc('week', current_date) + interval '1 week' "
     "AND documents.sent_date < date_trunc('week', current_date) + interval '2 weeks'"),
])
def test_next_is_the_calendar_period_after_this_one(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


def test_a_text_column_said_after_its_tables_name_is_the_group() -> None:
    # "by payment method": per method, not per payment (which the rows' own key would be)
    assert read_on(INSURANCE, "total payment amount by payment method", []) == (
        "SELECT payments.payment_method_code, sum(payments.amount_payment) FROM payments "
        "GROUP BY payments.payment_method_code")


@pytest.mark.parametrize("schema,question,sql", [
    (GRANTS, "organisations whose average grant amount is above the overall average",
     "SELECT organisations.organisation_id, avg(grants.grant_amount) FROM organisations JOIN grants ON "
     "grants.organisation_id = organisations.organisation_id GROUP BY organisations.organisation_id "
     "HAVING avg(grants.grant_amount) > (SELECT avg(grants.grant_amount) FROM grants)"),
])
def test_a_group_average_against_the_overall_average(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


def test_a_value_after_average_restricts_the_mean() -> None:
    question = "how many visa payments were above the average visa payment amount"
    assert read_on(INSURANCE, question, [("payments", "payment_method_code", "Visa")]) == (
        "SELECT count(*) FROM payments WHERE payments.payment_method_code = 'Visa' AND payments.amount_payment > "
        "(SELECT avg(payments.amount_payment) FROM payments WHERE payments.payment_method_code = 'Visa')")


@pytest.mark.parametrize("schema,question,sql", [
    (INSURANCE, "on average how many days were policies open",
     "SELECT avg((customer_policies.end_date - customer_policies.start_date)) FROM customer_policies"),
    (INSURANCE, "average days claims stayed open",
     "SELECT avg((claims.date_claim_settled - claims.date_claim_made)) FROM claims"),
    (GRANTS, "average number of days grants lasted",
     "SELECT avg((grants.grant_end_date - grants.grant_start_date)) FROM grants"),
    (INSURANCE, "how long do policies stay open",
     "SELECT avg((customer_policies.end_date - customer_policies.start_date)) FROM customer_policies"),
])
def test_a_duration_asked_by_its_unit(schema: SchemaContext, question: str, sql: str) -> None:
    # "open", "stayed", "lasted" after the rows say the span lasted: no "still open" filter
    assert read_on(schema, question, []) == sql


@pytest.mark.parametrize("schema,question,sql", [
    (INSURANCE, "claims with amount claimed above average",
     "SELECT claims.claim_id FROM claims WHERE claims.amount_claimed > (SELECT avg(claims.amount_claimed) FROM claims)"),
    (INSURANCE, "claims with an amount claimed over 5000",
     "SELECT claims.claim_id FROM claims WHERE claims.amount_claimed > 5000"),
    (GRANTS, "grants larger than the average grant",
     "SELECT grants.grant_id FROM grants WHERE grants.grant_amount > (SELECT avg(grants.grant_amount) FROM grants)"),
    # "how many" still counts them
    (INSURANCE, "how many claims with amount claimed above average",
     "SELECT count(*) FROM claims WHERE claims.amount_claimed > (SELECT avg(claims.amount_claimed) FROM claims)"),
])
def test_rows_picked_by_their_own_number_are_listed(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


def test_no_duration_where_the_unit_is_another_measures() -> None:
    # "days late", "days before": not the span of the rows named
    assert read_on(INSURANCE, "average days late of claims", []) != (
        "SELECT avg((claims.date_claim_settled - claims.date_claim_made)) FROM claims")


def test_how_much_adds_up_the_money_of_the_table_that_keeps_it() -> None:
    # the first table named keeps no money: the one other table named that keeps one amount
    assert read_on(GRANTS, "how much did organisations get in grants", []) == (
        "SELECT sum(grants.grant_amount) FROM grants JOIN organisations ON grants.organisation_id = "
        "organisations.organisation_id")


def test_averaging_compares_each_groups_mean() -> None:
    # "averaging over N in <column>": the mean per group against N, of the column said after "in"
    assert read_on(GRANTS, "organisations averaging over 50000 in grant amount", []) == (
        "SELECT organisations.organisation_id, avg(grants.grant_amount) FROM organisations JOIN grants ON "
        "grants.organisation_id = organisations.organisation_id GROUP BY organisations.organisation_id "
        "HAVING avg(grants.grant_amount) > 50000")


@pytest.mark.parametrize("question,sql", [
    ("largest single grant", "SELECT max(grants.grant_amount) FROM grants"),
    ("smallest single grant", "SELECT min(grants.grant_amount) FROM grants"),
    # without "single", the row itself
    ("largest grant", "SELECT grants.grant_id, grants.grant_amount FROM grants ORDER BY grants.grant_amount DESC "
                      "NULLS LAST LIMIT 1"),
])
def test_the_largest_single_row_is_the_amount(question: str, sql: str) -> None:
    assert read_on(GRANTS, question, []) == sql


def test_a_group_of_a_tables_own_column_is_not_per_row() -> None:
    # the payments' own method: each method's mean, never a group per payment (one row each)
    assert read_on(INSURANCE, "payment methods averaging over 500 in amount payment", []) == (
        "SELECT payments.payment_method_code, avg(payments.amount_payment) FROM payments "
        "GROUP BY payments.payment_method_code HAVING avg(payments.amount_payment) > 500")


@pytest.mark.parametrize("question,sql", [
    ("departments whose average salary is higher than the company-wide average salary",
     "SELECT departments.department_name, avg(employees.salary) FROM departments JOIN employees ON "
     "employees.department_id = departments.department_id GROUP BY departments.department_id, "
     "departments.department_name HAVING avg(employees.salary) > (SELECT avg(employees.salary) FROM employees)"),
    # "paid" is the comparison's verb, no column of its own
    ("employees paid more than the average salary",
     "SELECT employees.first_name, employees.last_name FROM employees WHERE employees.salary > "
     "(SELECT avg(employees.salary) FROM employees)"),
])
def test_averages_on_a_third_schema(question: str, sql: str) -> None:
    assert read_on(HR, question, []) == sql


@pytest.mark.parametrize("question,sql", [
    # two amounts (due, paid): "how much" is what the payments came to, the paid one
    ("how much did we get in payments last month",
     "SELECT sum(payments.amount_paid) FROM payments WHERE payments.payment_date >= date_trunc('month', current_date) "
     "- interval '1 month' AND payments.payment_date < date_trunc('month', current_date)"),
    ("amount paid by payment type",
     "SELECT payments.payment_type_code, sum(payments.amount_paid) FROM payments GROUP BY payments.payment_type_code"),
])
def test_how_much_and_by_a_column_on_a_fourth_schema(question: str, sql: str) -> None:
    assert read_on(HIRE, question, []) == sql


@pytest.mark.parametrize("question,sql", [
    # "numbers of" inside a column's name ("phone numbers") asks for the column, no count
    ("phone numbers of employees with a salary over 9000",
     "SELECT employees.phone_number FROM employees WHERE employees.salary > 9000"),
    ("number of employees with a salary over 9000", "SELECT count(*) FROM employees WHERE employees.salary > 9000"),
])
def test_numbers_of_inside_a_name_is_no_count(question: str, sql: str) -> None:
    assert read_on(HR, question, []) == sql


@pytest.mark.parametrize("schema,question,sql", [
    (HR, "how many years has each employee been with the company",
     "SELECT employees.first_name, employees.last_name, date_part('year', age(employees.hire_date)) FROM employees"),
    (HIRE, "how many days has each customer been with us",
     "SELECT customers.first_name, customers.last_name, current_date - customers.date_became_customer::date "
     "FROM customers"),
    # a count per group is still one
    (HR, "how many employees has each department",
     "SELECT departments.department_name, count(*) FROM employees JOIN departments ON employees.department_id = "
     "departments.department_id GROUP BY departments.department_id, departments.department_name"),
])
def test_time_each_row_has_been_with_us(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql
