"""Value linking: a word the question uses as something else is no stored value (a verb, half
of a column's name, a pronoun), and a near miss needs more than its edit distance where it
would add a word of the question's own or name a person."""

from __future__ import annotations

from training.data.schemas import context, table
from ask.context.value_linking import link_values

SCHEMA = context([
    table("operators", "operator_id int pk, first_nm text, last_nm text, job_cd text",
          {"last_nm": ("White", "Wright", "Delgado"), "first_nm": ("Rosa",), "job_cd": ("LEAD", "TECH")}),
    table("work_orders", "wo_id int pk, lead_operator_id int -> operators.operator_id, sku text, status text",
          {"status": ("run", "running", "closed", "paid", "lost")}),
    table("accounts", "account_id int pk, account_name text, country_code text",
          {"country_code": ("US", "GB")}),
    table("plans", "plan_id int pk, plan_name text, list_price numeric", {}),
    table("churn_reasons", "reason_id int pk, reason_code text", {"reason_code": ("PRICE", "SUPPORT")}),
    table("airports", "airport_id int pk, airport_nm text", {"airport_nm": ("Boise Airport", "Leak Tester")}),
    table("funders", "funder_id int pk, funder_type text, status_note text", {"funder_type": ("state", "federal")}),
])


def linked(question: str) -> set[tuple[str, str]]:
    return {(m.column, m.value) for m in link_values(question, SCHEMA)}


def test_a_verb_is_no_status() -> None:
    assert ("status", "run") not in linked("how many different skus did we run last month")
    assert ("status", "run") not in linked("operators who have run more than 350 work orders")
    assert ("status", "paid") not in linked("how much has Northwind Traders paid us in total")
    assert ("status", "running") not in linked("how many years has Press Line 2 been running")
    assert ("status", "paid") not in linked("5 highest paid operators")


def test_a_state_keeps_its_status() -> None:
    assert ("status", "paid") in linked("how many work orders were paid")
    assert ("status", "closed") in linked("how many work orders have been closed")
    assert ("status", "lost") in linked("how many work orders have we lost")
    assert ("status", "closed") in linked("operator with the most closed work orders")
    assert ("status", "run") in linked("work orders in run status")
    assert ("status", "paid") in linked("paid work orders")


def test_half_of_a_column_name_said_whole_names_the_column() -> None:
    assert ("reason_code", "PRICE") not in linked("plans above the average list price")
    assert ("reason_code", "PRICE") in linked("how many churned for price")


def test_a_pronoun_is_no_code() -> None:
    assert ("country_code", "US") not in linked("how much has Initech paid us")
    assert ("country_code", "US") in linked("accounts in the us")
    assert ("country_code", "US") in linked("accounts in US")


def test_a_near_miss_of_a_name_needs_more_than_its_distance() -> None:
    assert ("last_nm", "White") not in linked("which tail has had the most write-ups")
    assert ("last_nm", "Wright") not in linked("average weight of parts")
    assert ("last_nm", "White") in linked("work orders led by Whyte")      # a name, capitalised
    assert ("airport_nm", "Boise Airport") not in linked("flights by base airport")
    assert ("airport_nm", "Boise Airport") in linked("flights from boise airpot")


def test_a_near_miss_adds_no_word_of_the_question() -> None:
    found = [(m.value, m.start, m.end, m.score) for m in link_values("downtime of the leak tester on line 2", SCHEMA)]
    assert found == [("Leak Tester", 3, 5, 1.0)]
    assert ("last_nm", "Delgado") in linked("reassign rosa delgado to nights")
    assert [(m.value, m.start, m.end) for m in link_values("reassign rosa delgado to nights", SCHEMA)
            if m.column == "last_nm"] == [("Delgado", 2, 3)]


def test_a_word_of_the_schema_is_no_typo_of_a_value() -> None:
    assert ("funder_type", "state") not in linked("funders by status")


def test_an_article_before_a_number_is_no_code() -> None:
    units = context([table("units", "unit_id int pk, unit_number text, beds int", {"unit_number": ("A2", "B1")})])
    assert [m.value for m in link_values("average market rent for a 2 bed", units)] == []
    assert [m.value for m in link_values("rent of unit A2", units)] == ["A2"]


def test_the_rows_asked_about_keep_their_state() -> None:
    assert ("status", "paid") in linked("how many work orders has Rosa Delgado paid")
    assert ("status", "run") in linked("how many work orders did we run")


def test_a_participle_of_an_amount_names_the_amount() -> None:
    assert ("reason_code", "PRICE") not in linked("plans priced above 100")
    assert ("status", "paid") in linked("how many work orders were paid")
