"""Paraphrases that name a taught table by another word, or group without "by"
(ask.context.example_match: ``_one_table``, ``grouped_reading``), through
:meth:`ExampleIndex.paraphrase` on a hand-made schema (pure: no database)."""

from __future__ import annotations

from ask.context.examples import Example, ExampleIndex
from ask.schema import Column, ForeignKey, SchemaContext, Table

INVOICES = Table("public", "invoices", (Column("invoice_id", "integer", False), Column("period_id", "integer"),
                                        Column("clinic_id", "integer"), Column("amt", "numeric(8,2)"),
                                        Column("status", "text")),
                 ("invoice_id",), (ForeignKey(("period_id",), "public", "billing_periods", ("period_id",)),
                                   ForeignKey(("clinic_id",), "public", "clinics", ("clinic_id",))))
PERIODS = Table("public", "billing_periods", (Column("period_id", "integer", False), Column("starts", "date")),
                ("period_id",))
CLINICS = Table("public", "clinics", (Column("clinic_id", "integer", False), Column("clinic_name", "text"),
                                      Column("revenue_target", "numeric")), ("clinic_id",))
SCHEMA = SchemaContext("db", "analyst", ("public",), (INVOICES, PERIODS, CLINICS))

ABOVE = Example(1, "how many bills are above the average bill",
                "SELECT count(*) FROM invoices i WHERE i.amt > (SELECT avg(amt) FROM invoices)")
BY_CLINIC = Example(2, "revenue by clinic",
                    "SELECT c.clinic_name, sum(i.amt) FROM invoices i JOIN clinics c ON c.clinic_id = i.clinic_id "
                    "GROUP BY c.clinic_name")
TOTAL = Example(3, "total revenue", "SELECT sum(i.amt) FROM invoices i")


def _answer(question: str, *examples: Example) -> str | None:
    found = ExampleIndex(list(examples)).paraphrase(question, [], SCHEMA)
    return found.sql if found is not None else None


def test_a_synonym_of_the_table_the_taught_sql_reads_is_that_table() -> None:
    # "bill" is spelt by billing_periods too; "invoices" names the table the taught SQL reads
    assert _answer("how many invoices are higher than the average invoice", ABOVE) == ABOVE.sql
    # another table's word is still no paraphrase
    assert _answer("how many billing periods are above the average", ABOVE) is None


def test_a_table_word_before_the_measure_groups_only_like_a_taught_grouping_by_it() -> None:
    assert _answer("clinic revenue", BY_CLINIC) == BY_CLINIC.sql
    assert _answer("clinic revenue", TOTAL) is None          # no taught question groups by clinic
    assert _answer("total revenue", BY_CLINIC) is None       # no word to group by
