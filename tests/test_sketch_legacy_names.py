"""Legacy, abbreviated column names read as the words people say (issue 18, round names18):
``tool_desc`` is a tool's label where nothing is called a name, ``tool_cat`` its category (not
another table's ``acct_type``), ``city_nm`` the city, "billed" an invoice's verb; and the
abbreviations stay name parts: a pet shop's ``cat`` table is no category, a question's "no" no
number.

Pure: hand-made schema contexts (a tool hire firm and a pet shop nobody tuned on), exact SQL out."""

from __future__ import annotations

import pytest

from ask.context import refusal
from ask.context.related_words import name_spellings, question_forms, spelt_out
from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch.names import name_column
from ask.translate.sketch.related_names import related_keys
from tests.sketch_cases import fk, read_on

ACCOUNTS = Table("public", "cust_acct", (Column("acct_id", "integer", False), Column("acct_nm", "text"),
                                         Column("acct_type", "text", values=("TRADE", "PRIVATE")),
                                         Column("city_nm", "text", values=("Leeds", "York"))), ("acct_id",))
TOOLS = Table("public", "tool_mstr", (Column("tool_id", "integer", False), Column("tool_desc", "text"),
                                      Column("tool_cat", "text", values=("Drills", "Saws")),
                                      Column("day_rate_usd", "numeric")), ("tool_id",))
INVOICES = Table("public", "inv_hdr", (Column("inv_id", "integer", False), Column("acct_id", "integer"),
                                       Column("inv_dt", "date"), Column("amt_usd", "numeric")),
                 ("inv_id",), (fk("acct_id", "cust_acct"),))
HIRES = Table("public", "hire_line", (Column("hire_no", "integer", False), Column("acct_id", "integer"),
                                      Column("tool_id", "integer"), Column("qty", "integer")),
              ("hire_no",), (fk("acct_id", "cust_acct"), fk("tool_id", "tool_mstr")))
HIRE_FIRM = SchemaContext("db", "analyst", ("public",), (ACCOUNTS, TOOLS, INVOICES, HIRES))

CATS = Table("public", "cat", (Column("cat_id", "integer", False), Column("cat_nm", "text"),
                               Column("breed", "text", values=("Siamese", "Persian"))), ("cat_id",))
PRODUCTS = Table("public", "prod", (Column("prod_id", "integer", False), Column("prod_desc", "text"),
                                    Column("prod_cat", "text", values=("Toys", "Food"))), ("prod_id",))
SALES = Table("public", "sale_line", (Column("line_no", "integer", False), Column("prod_id", "integer"),
                                      Column("cat_id", "integer"), Column("qty", "integer")),
              ("line_no",), (fk("prod_id", "prod"), fk("cat_id", "cat")))
PET_SHOP = SchemaContext("db", "analyst", ("public",), (CATS, PRODUCTS, SALES))


@pytest.mark.parametrize("schema,question,sql", [
    # a description is the row's label where the table has no name column
    (HIRE_FIRM, "most used tool",
     "SELECT tool_mstr.tool_desc, count(*) FROM tool_mstr JOIN hire_line ON hire_line.tool_id = tool_mstr.tool_id "
     "GROUP BY tool_mstr.tool_id, tool_mstr.tool_desc ORDER BY count(*) DESC LIMIT 1"),
    (HIRE_FIRM, "top 3 tools by quantity",
     "SELECT tool_mstr.tool_desc, sum(hire_line.qty) FROM tool_mstr JOIN hire_line ON hire_line.tool_id = "
     "tool_mstr.tool_id GROUP BY tool_mstr.tool_id, tool_mstr.tool_desc ORDER BY sum(hire_line.qty) DESC NULLS LAST "
     "LIMIT 3"),
    (PET_SHOP, "list products", "SELECT prod.prod_desc FROM prod"),
    # ``_cat`` spells "category", which ``acct_type`` (a type, by synonym) no longer takes
    (HIRE_FIRM, "tools by category",
     "SELECT tool_mstr.tool_cat, count(*) FROM tool_mstr GROUP BY tool_mstr.tool_cat"),
    (HIRE_FIRM, "accounts by type",
     "SELECT cust_acct.acct_type, count(*) FROM cust_acct GROUP BY cust_acct.acct_type"),
    # ``city_nm`` is the city
    (HIRE_FIRM, "how many accounts per city",
     "SELECT cust_acct.city_nm, count(*) FROM cust_acct GROUP BY cust_acct.city_nm"),
    (HIRE_FIRM, "invoiced amount per city",
     "SELECT cust_acct.city_nm, sum(inv_hdr.amt_usd) FROM inv_hdr JOIN cust_acct ON inv_hdr.acct_id = "
     "cust_acct.acct_id GROUP BY cust_acct.city_nm"),
    # a pet shop's cats stay cats: "category" is the products' ``prod_cat``, not the cat table
    (PET_SHOP, "products by category",
     "SELECT prod.prod_cat, count(*) FROM prod GROUP BY prod.prod_cat"),
    (PET_SHOP, "how many cats", "SELECT count(*) FROM cat"),
    # the question's "no" is no number (``line_no``)
    (PET_SHOP, "cats with no sale lines",
     "SELECT cat.cat_nm FROM cat WHERE NOT EXISTS (SELECT 1 FROM sale_line WHERE sale_line.cat_id = cat.cat_id)"),
])
def test_abbreviated_names_read_as_words(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


def test_billed_is_not_refused_where_invoices_hold_amounts() -> None:
    assert refusal.assess("total billed last year", HIRE_FIRM, []) is None
    assert "bill" in question_forms("billed") and "pass" in question_forms("passed")
    assert refusal.assess("total billed last year", PET_SHOP, []) is not None     # no invoices there


def test_abbreviations_are_name_parts_only() -> None:
    assert spelt_out(("tool", "cat")) == ("tool", "category")
    assert spelt_out(("cat",)) == ("cat",) and spelt_out(("no",)) == ("no",)
    assert spelt_out(("inv", "dt")) == ("invoice", "date")
    assert "category" not in name_spellings("cat") and "category" in name_spellings("prod_cat")
    # line_no's "number" names nothing alone: "phone number" must still find no phone
    assert "number" not in name_spellings("line_no") and "bill" in name_spellings("inv_hdr")
    # "first_nm" is no "first", "city_nm" is the city; "song_name" keeps "the name of the song"
    assert ("first",) not in related_keys(("first", "nm")) and ("city",) in related_keys(("city", "nm"))
    assert ("song",) not in related_keys(("song", "name"))


def test_a_description_labels_only_its_own_table() -> None:
    assert name_column(TOOLS) is TOOLS.column("tool_desc")
    notes = Table("public", "visit", (Column("visit_id", "integer", False), Column("reason_desc", "text")), ("visit_id",))
    assert name_column(notes) is None
