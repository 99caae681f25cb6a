"""A description that holds code or a quantifier names nothing by them (issue 18): a Rails join
table commented with its association ("has_many :parts, through: :job_parts") made "how many"
a spelling of that table, and every count joined through it; an identifier written in a
description ("same as order_date") is a reference to another name, not words of this one.

Pure: a hand-made schema context (a repair shop) nobody tuned on."""

from __future__ import annotations

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.names import comment_names, comment_spellings

JOBS = Table("public", "repair_jobs", (Column("id", "bigint", False), Column("opened_on", "date"),
                                       Column("labor_hours", "numeric(5,1)")), ("id",))
PARTS = Table("public", "parts", (Column("id", "bigint", False), Column("name", "text"),
                                  Column("unit_cost", "numeric(8,2)")), ("id",))
JOB_PARTS = Table("public", "job_parts", (Column("id", "bigint", False), Column("repair_job_id", "bigint"),
                                          Column("part_id", "bigint"), Column("quantity", "integer")),
                  ("id",), (ForeignKey(("repair_job_id",), "public", "repair_jobs", ("id",)),
                            ForeignKey(("part_id",), "public", "parts", ("id",))),
                  comment="has_many :parts, through: :job_parts (parts fitted on a repair job)")
SHOP = SchemaContext("db", "analyst", ("public",), (JOBS, PARTS, JOB_PARTS))


def test_code_and_quantifiers_in_a_description_spell_nothing() -> None:
    spelt = comment_spellings(JOB_PARTS.comment)
    assert not {("many",), ("has", "many"), ("through",)} & spelt
    assert ("part",) in spelt and ("repair", "job") in spelt
    assert comment_names(JOB_PARTS.comment) == {("part",)}
    assert ("order", "date") not in comment_spellings("same as order_date")
    assert ("most",) not in comment_spellings("most recent visit")


def test_how_many_is_not_the_join_tables_word() -> None:
    """"many" placed on the join table made it the rows counted; now nothing places "how many"."""
    for question in ("how many jobs were opened last week", "how many units of each part"):
        reading = read_question(question, SHOP, [])
        assert reading is None or "job_parts" not in reading.sql, (question, reading)
    reading = read_question("how many repair jobs were opened last week", SHOP, [])
    assert reading is not None and reading.sql.startswith("SELECT count(*) FROM repair_jobs WHERE"), reading


def test_whom_a_description_bills_or_what_it_is_after_is_not_what_it_holds() -> None:
    """"billed to the customer": the column holds a charge, not customers (a freight schema's
    charges were summed for "customers based in Hamburg")."""
    billed = comment_spellings("billed to the customer, USD")
    assert ("customer",) not in billed and ("billed",) in billed
    net = comment_spellings("amount paid for the line after discount, excluding tax")
    assert ("discount",) not in net and ("amount", "paid") in net
    assert ("guest",) in comment_spellings("number of guests at the table")
    assert ("table",) not in comment_spellings("number of guests at the table")
    # "for" and "with" often say what the column is about: kept
    assert ("trade",) in comment_spellings("allowance for the customer's trade-in") or \
        ("trade", "in") in comment_spellings("allowance for the customer's trade-in")
    assert ("square", "metre") not in comment_spellings("floor area in square metres")


def test_a_charge_billed_to_customers_is_not_the_customers() -> None:
    consignees = Table("public", "consignees", (Column("id", "bigint", False), Column("name", "text"),
                                                Column("city", "text", values=("Hamburg", "Savannah"))), ("id",))
    invoices = Table("public", "invoice_lines", (Column("id", "bigint", False), Column("consignee_id", "bigint"),
                                                 Column("charge_amt", "numeric(10,2)",
                                                        comment="billed to the customer, USD")), ("id",),
                     (ForeignKey(("consignee_id",), "public", "consignees", ("id",)),))
    schema = SchemaContext("db", "analyst", ("public",), (consignees, invoices))
    reading = read_question("customers based in hamburg", schema, [])
    assert reading is None or "charge_amt" not in reading.sql
