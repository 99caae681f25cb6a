"""Names as an exporting system writes them (issue 18, round prefix25): a module prefix several
tables share (``crm_account``, ``fin_invoice``; by the schema's own habit, a lone short one
beside them: ``wms_shipment``) is no word a question says, so "invoices" is the table
``fin_invoice``, not a column whose description uses the word; a name the prefix alone tells
apart (``crm_note``, ``fin_note``) keeps it; a first part that is a thing of the schema
(``customer_orders`` beside ``customer_id``) is no module. A measure named with its unit
(``fee_usd``) said with the unit apart ("fees in usd", "usd of fees").

Pure: a hand-made ERP export nobody tuned on, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.related_names import module_names
from tests.sketch_cases import fk

REGIONS = Table("public", "crm_region_cd", (Column("region_cd", "text", False), Column("region_desc", "text")),
                ("region_cd",))
ACCOUNTS = Table("public", "crm_account", (Column("account_id", "integer", False), Column("account_nm", "text"),
                                           Column("region_cd", "text")), ("account_id",),
                 (fk("region_cd", "crm_region_cd"),))
CONTACTS = Table("public", "crm_contact", (Column("contact_id", "integer", False), Column("account_id", "integer"),
                                           Column("first_nm", "text"), Column("last_nm", "text"),
                                           Column("role_cd", "text",
                                                  comment="SHP shipment coordinator, BIL invoice contact")),
                 ("contact_id",), (fk("account_id", "crm_account"),))
CRM_NOTES = Table("public", "crm_note", (Column("note_id", "integer", False), Column("account_id", "integer"),
                                         Column("body", "text")), ("note_id",), (fk("account_id", "crm_account"),))
INVOICES = Table("public", "fin_invoice", (Column("invoice_id", "integer", False), Column("account_id", "integer"),
                                           Column("invoice_dt", "date"), Column("total_usd", "numeric")),
                 ("invoice_id",), (fk("account_id", "crm_account"),))
PAYMENTS = Table("public", "fin_payment", (Column("payment_id", "integer", False), Column("invoice_id", "integer"),
                                           Column("paid_dt", "date"), Column("fee_usd", "numeric"),
                                           Column("fee_pct", "numeric")),
                 ("payment_id",), (fk("invoice_id", "fin_invoice"),))
FIN_NOTES = Table("public", "fin_note", (Column("note_id", "integer", False), Column("invoice_id", "integer"),
                                         Column("body", "text")), ("note_id",), (fk("invoice_id", "fin_invoice"),))
BUDGET = Table("public", "fin_budget_line", (Column("budget_line_id", "integer", False), Column("category", "text"),
                                              Column("budgeted_usd", "numeric")), ("budget_line_id",))
SHIPMENTS = Table("public", "wms_shipment", (Column("shipment_id", "integer", False), Column("invoice_id", "integer"),
                                             Column("ship_dt", "date"), Column("carrier_nm", "text")),
                  ("shipment_id",), (fk("invoice_id", "fin_invoice"),))
ERP = SchemaContext("db", "analyst", ("public",), (REGIONS, ACCOUNTS, CONTACTS, CRM_NOTES, INVOICES, PAYMENTS,
                                                   FIN_NOTES, BUDGET, SHIPMENTS))


def _sql(question: str) -> str:
    reading = read_question(question, ERP)
    assert reading is not None, question
    assert reading.coverage == 1.0, reading
    return reading.sql


def test_module_prefixes_by_the_schemas_habit() -> None:
    # crm_ and fin_ open several tables; wms_ opens one, but prefixes are this schema's habit;
    # the two notes tables are told apart by their module only
    assert module_names(ERP) == {"crm_region_cd": "region_cd", "crm_account": "account", "crm_contact": "contact",
                                 "fin_invoice": "invoice", "fin_payment": "payment",
                                 "fin_budget_line": "budget_line", "wms_shipment": "shipment"}


@pytest.mark.parametrize("question,sql", [
    ("how many invoices", "SELECT count(*) FROM fin_invoice"),
    # "shipment" is also a word of a role code's description: the table named by it wins
    ("how many shipments", "SELECT count(*) FROM wms_shipment"),
    ("shipments per carrier", "SELECT wms_shipment.carrier_nm, count(*) FROM wms_shipment "
     "GROUP BY wms_shipment.carrier_nm"),
    ("invoices per account", "SELECT crm_account.account_nm, count(*) FROM crm_account JOIN fin_invoice ON "
     "fin_invoice.account_id = crm_account.account_id GROUP BY crm_account.account_id, crm_account.account_nm"),
])
def test_a_table_is_said_without_its_module(question: str, sql: str) -> None:
    assert _sql(question) == sql


def test_a_name_its_module_alone_tells_apart_keeps_it() -> None:
    assert _sql("how many crm notes") == "SELECT count(*) FROM crm_note"
    assert _sql("how many fin notes") == "SELECT count(*) FROM fin_note"


def test_a_first_part_that_is_a_thing_is_no_module() -> None:
    customers = Table("public", "customers", (Column("customer_id", "integer", False), Column("name", "text")),
                      ("customer_id",))
    orders = Table("public", "customer_orders", (Column("order_id", "integer", False),
                                                 Column("customer_id", "integer")),
                   ("order_id",), (fk("customer_id", "customers"),))
    addresses = Table("public", "customer_addresses", (Column("address_id", "integer", False),
                                                       Column("customer_id", "integer")),
                      ("address_id",), (fk("customer_id", "customers"),))
    assert module_names(SchemaContext("db", "analyst", ("public",), (customers, orders, addresses))) == {}


@pytest.mark.parametrize("question,sql", [
    ("total fees in usd", "SELECT sum(fin_payment.fee_usd) FROM fin_payment"),
    ("usd of fees per payment date", "SELECT fin_payment.paid_dt, sum(fin_payment.fee_usd) FROM fin_payment "
     "GROUP BY fin_payment.paid_dt"),
])
def test_a_unit_said_apart_from_its_measure(question: str, sql: str) -> None:
    assert _sql(question) == sql


def test_a_code_table_is_shown_by_its_description_after_its_module() -> None:
    assert _sql("accounts per region") == (
        "SELECT crm_region_cd.region_desc, count(*) FROM crm_region_cd JOIN crm_account ON crm_account.region_cd = "
        "crm_region_cd.region_cd GROUP BY crm_region_cd.region_cd, crm_region_cd.region_desc")


def test_a_tables_word_before_its_own_columns_word_says_that_column() -> None:
    # "budget" names fin_budget_line by a word of its name alone: "budget category" is its category
    assert _sql("total budgeted per budget category") == (
        "SELECT fin_budget_line.category, sum(fin_budget_line.budgeted_usd) FROM fin_budget_line "
        "GROUP BY fin_budget_line.category")
