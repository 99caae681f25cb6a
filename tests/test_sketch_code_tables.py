"""The plain reader over code tables, as legacy ERP schemas keep them (ask.translate.sketch):
what names a row there, and a key shown or grouped by what its row is called.

Pure, like tests/test_sketch.py: a hand-made tool-rental schema in the ERP style (a ``tl_``
prefix, ``_cd``/``_desc``/``_amt`` suffixes, a category code table) that no reader rule names."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.names import name_column

TEXT = "character varying"
CATEGORIES = Table("public", "tl_cat_cd", (Column("cat_cd", TEXT, False), Column("cat_desc", TEXT)), ("cat_cd",))
TOOLS = Table("public", "tl_tool", (Column("tool_id", "integer", False), Column("tool_desc", TEXT),
                                    Column("tool_cat_cd", TEXT), Column("day_rate_amt", "numeric")),
              ("tool_id",), (ForeignKey(("tool_cat_cd",), "public", "tl_cat_cd", ("cat_cd",)),))
STATUSES = Table("public", "tl_rnt_stat_cd", (Column("stat_cd", TEXT, False), Column("stat_desc", TEXT)), ("stat_cd",))
RENTALS = Table("public", "tl_rental", (Column("rnt_id", "integer", False), Column("tool_id", "integer"),
                                        Column("rnt_dt", "date"), Column("stat_cd", TEXT)),
                ("rnt_id",), (ForeignKey(("tool_id",), "public", "tl_tool", ("tool_id",)),
                              ForeignKey(("stat_cd",), "public", "tl_rnt_stat_cd", ("stat_cd",))))
CHARGES = Table("public", "tl_chrg", (Column("chrg_id", "integer", False), Column("rnt_id", "integer"),
                                      Column("chrg_qty", "integer"), Column("chrg_amt", "numeric")),
                ("chrg_id",), (ForeignKey(("rnt_id",), "public", "tl_rental", ("rnt_id",)),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (CATEGORIES, TOOLS, RENTALS, STATUSES, CHARGES))


def read(question: str, links: tuple[ValueMatch, ...] = ()) -> str | None:
    reading = read_question(question, SCHEMA, links)
    return None if reading is None or reading.coverage < 0.75 else reading.sql


@pytest.mark.parametrize("table,column", [
    (TOOLS, "tool_desc"),           # not tool_cat_cd: a category's code says which class, not which tool
    (CATEGORIES, "cat_desc"),       # the description of what the table's prefixed name holds
    (Table("public", "vehicle", (Column("id", "integer", False), Column("plate_no", "text")), ("id",)), "plate_no"),
    (Table("public", "wo_hdr", (Column("wo_id", "integer", False), Column("wo_type_cd", "text"),
                                Column("wo_desc", "text")), ("wo_id",)), "wo_desc"),
])
def test_what_names_a_row(table: Table, column: str) -> None:
    found = name_column(table)
    assert found is not None and found.name == column


def test_a_key_shown_is_what_its_row_is_called() -> None:
    question = "what category is Pressure washer"
    link = ValueMatch("tl_tool", "tool_desc", "Pressure washer", 3, 5, 1.0)
    assert read(question, (link,)) == (
        "SELECT tl_cat_cd.cat_desc FROM tl_tool JOIN tl_cat_cd ON tl_tool.tool_cat_cd = tl_cat_cd.cat_cd "
        "WHERE tl_tool.tool_desc = 'Pressure washer'")


def test_a_key_grouped_by_is_what_its_row_is_called() -> None:
    assert read("rentals per tool category") == (
        "SELECT tl_cat_cd.cat_desc, count(*) FROM tl_rental JOIN tl_tool ON tl_rental.tool_id = tl_tool.tool_id "
        "JOIN tl_cat_cd ON tl_tool.tool_cat_cd = tl_cat_cd.cat_cd GROUP BY tl_cat_cd.cat_cd, tl_cat_cd.cat_desc")


def test_a_code_tables_own_rows_are_shown_by_their_description() -> None:
    assert read("categories with no rentals") == (
        "SELECT tl_cat_cd.cat_desc FROM tl_cat_cd WHERE NOT EXISTS (SELECT 1 FROM tl_tool JOIN tl_rental "
        "ON tl_rental.tool_id = tl_tool.tool_id WHERE tl_tool.tool_cat_cd = tl_cat_cd.cat_cd)")


def test_the_key_itself_when_the_question_asks_for_it() -> None:
    question = "what category code is Pressure washer"
    link = ValueMatch("tl_tool", "tool_desc", "Pressure washer", 4, 6, 1.0)
    sql = read(question, (link,))
    assert sql is not None and "cat_desc" not in sql and "cat_cd" in sql.split(" FROM ")[0]


NO_SHOW_JOIN = "FROM tl_rental JOIN tl_rnt_stat_cd ON tl_rental.stat_cd = tl_rnt_stat_cd.stat_cd"


@pytest.mark.parametrize("question,at,sql", [
    ("how many no shows", 2,
     f"SELECT count(*) {NO_SHOW_JOIN} WHERE tl_rnt_stat_cd.stat_desc = 'No Show'"),
    ("no show rate", 0,
     f"SELECT 100.0 * count(*) FILTER (WHERE tl_rnt_stat_cd.stat_desc = 'No Show') / count(*) {NO_SHOW_JOIN}"),
    ("no shows this month vs last month", 0,
     "SELECT count(*) FILTER (WHERE tl_rental.rnt_dt >= date_trunc('month', current_date)), count(*) FILTER "
     "(WHERE tl_rental.rnt_dt >= date_trunc('month', current_date) - interval '1 month' AND tl_rental.rnt_dt < "
     f"date_trunc('month', current_date)) {NO_SHOW_JOIN} WHERE tl_rnt_stat_cd.stat_desc = 'No Show'"),
])
def test_a_code_value_counts_the_rows_that_carry_the_code(question: str, at: int, sql: str) -> None:
    """A value found only in a code table ('No Show') names the rentals with that status."""
    assert read(question, (ValueMatch("tl_rnt_stat_cd", "stat_desc", "No Show", at, at + 2, 1.0),)) == sql


def _revenue(table: Table) -> str | None:
    from ask.translate.sketch.measures import table_measures
    return next((m.expr for m, _ in table_measures(table) if m.name == "revenue"), None)


@pytest.mark.parametrize("columns,revenue", [
    # an amount beside a quantity is what the line came to; its discount is taken off, never summed
    (("chrg_qty", "chrg_amt", "chrg_disc_amt"), "tl_chrg.chrg_amt"),
    # the price of one unit is multiplied out
    (("chrg_qty", "unit_amt"), "tl_chrg.chrg_qty * tl_chrg.unit_amt"),
    (("qty", "price"), "tl_chrg.qty * tl_chrg.price"),
])
def test_a_line_amount_is_already_its_total(columns: tuple[str, ...], revenue: str) -> None:
    table = Table("public", "tl_chrg", (Column("chrg_id", "integer", False), Column("rnt_id", "integer"),
                                        *(Column(c, "integer" if "qty" in c else "numeric") for c in columns)),
                  ("chrg_id",), (ForeignKey(("rnt_id",), "public", "tl_rental", ("rnt_id",)),))
    assert _revenue(table) == revenue


def test_lines_without_a_date_are_dated_by_what_they_belong_to() -> None:
    assert read("total charge amount last month") == (
        "SELECT sum(tl_chrg.chrg_amt) FROM tl_chrg JOIN tl_rental ON tl_chrg.rnt_id = tl_rental.rnt_id "
        "WHERE tl_rental.rnt_dt >= date_trunc('month', current_date) - interval '1 month' "
        "AND tl_rental.rnt_dt < date_trunc('month', current_date)")


def test_new_rows_in_two_periods_compared() -> None:
    assert read("new rentals this month vs last month") == (
        "SELECT count(*) FILTER (WHERE tl_rental.rnt_dt >= date_trunc('month', current_date)), count(*) FILTER "
        "(WHERE tl_rental.rnt_dt >= date_trunc('month', current_date) - interval '1 month' AND tl_rental.rnt_dt < "
        "date_trunc('month', current_date)) FROM tl_rental")


@pytest.mark.parametrize("question,unit,one,two", [
    ("how many rentals next week", "week", "1 week", "2 weeks"),
    ("how many rentals next quarter", "quarter", "3 months", "6 months"),
])
def test_the_next_calendar_period(question: str, unit: str, one: str, two: str) -> None:
    assert read(question) == (
        f"SELECT count(*) FROM tl_rental WHERE tl_rental.rnt_dt >= date_trunc('{unit}', current_date) + interval '{one}' "
        f"AND tl_rental.rnt_dt < date_trunc('{unit}', current_date) + interval '{two}'")


def test_one_value_of_the_rows_a_named_row_has_many_of() -> None:
    """"which zone is Acme Mills in": Acme has several sites, each in a zone; the zone once."""
    accounts = Table("public", "account", (Column("account_id", "integer", False), Column("name", "text")),
                     ("account_id",))
    sites = Table("public", "site", (Column("site_id", "integer", False), Column("account_id", "integer"),
                                     Column("zone", "text")),
                  ("site_id",), (ForeignKey(("account_id",), "public", "account", ("account_id",)),))
    schema = SchemaContext("db", "analyst", ("public",), (accounts, sites))
    reading = read_question("which zone is Acme Mills in", schema,
                            [ValueMatch("account", "name", "Acme Mills", 3, 5, 1.0)])
    assert reading is not None and reading.sql == (
        "SELECT DISTINCT site.zone FROM site JOIN account ON site.account_id = account.account_id "
        "WHERE account.name = 'Acme Mills'")


def test_the_verb_after_a_named_subject_is_no_unknown_thing() -> None:
    """"which category does Pressure washer fall in": the word after the subject of "does" is a
    verb; a value followed by a noun the schema lacks ("Pressure washer parts") still reads nothing."""
    asked = read_question("which category does Pressure washer fall in", SCHEMA,
                          [ValueMatch("tl_tool", "tool_desc", "Pressure washer", 3, 5, 1.0)])
    assert asked is not None and asked.sql.startswith("SELECT tl_cat_cd.cat_desc FROM tl_tool JOIN tl_cat_cd")
    assert read_question("Pressure washer parts", SCHEMA,
                         [ValueMatch("tl_tool", "tool_desc", "Pressure washer", 0, 2, 1.0)]) is None


def test_a_number_code_a_comment_gives_a_meaning() -> None:
    """``priority smallint`` with the comment "1 emergency, 2 urgent, 3 routine"."""
    from ask.translate.sketch.filters import comment_codes
    priority = Column("priority", "smallint", comment="1 emergency, 2 urgent, 3 routine")
    assert comment_codes(priority) == {("emergency",): "1", ("urgent",): "2", ("routine",): "3"}
    jobs = Table("public", "job", (Column("job_id", "integer", False), priority, Column("opened_on", "date")),
                 ("job_id",))
    reading = read_question("how many emergency jobs", SchemaContext("db", "analyst", ("public",), (jobs,)), [])
    assert reading is not None and reading.sql == "SELECT count(*) FROM job WHERE job.priority = '1'"


def test_where_the_rows_are_kept_is_said_in_passing() -> None:
    reading = read_question("how many distinct categories are in the system", SCHEMA, [])
    assert reading is not None and reading.coverage == 1.0


def test_rows_above_the_average_row_by_their_amount() -> None:
    """"how many invoices are above the average invoice": the one amount each invoice is for."""
    invoices = Table("public", "invoice", (Column("invoice_id", "integer", False), Column("issued_on", "date"),
                                           Column("amt", "numeric", comment="amount billed")), ("invoice_id",))
    schema = SchemaContext("db", "analyst", ("public",), (invoices,))
    for question in ("how many invoices are above the average invoice", "how many invoices are over the avg invoice"):
        reading = read_question(question, schema, [])
        assert reading is not None and reading.sql == \
            "SELECT count(*) FROM invoice WHERE invoice.amt > (SELECT avg(invoice.amt) FROM invoice)"


def test_a_total_two_joins_away_compared_per_owner() -> None:
    """"shops that billed over 5000": the charges of each shop's visits, summed per shop (a
    HAVING), not each charge over 5000; and ``charge_id`` is no price."""
    shops = Table("public", "shop", (Column("shop_id", "integer", False), Column("name", "text")), ("shop_id",))
    visits = Table("public", "visit", (Column("visit_id", "integer", False), Column("shop_id", "integer"),
                                       Column("visited_on", "date")),
                   ("visit_id",), (ForeignKey(("shop_id",), "public", "shop", ("shop_id",)),))
    charges = Table("public", "charge", (Column("charge_id", "integer", False), Column("visit_id", "integer"),
                                         Column("qty", "integer"), Column("amount", "numeric")),
                    ("charge_id",), (ForeignKey(("visit_id",), "public", "visit", ("visit_id",)),))
    reading = read_question("shops that billed over 5000", SchemaContext("db", "analyst", ("public",),
                                                                         (shops, visits, charges)), [])
    assert reading is not None and reading.sql == (
        "SELECT shop.name, sum(charge.amount) FROM shop JOIN visit ON visit.shop_id = shop.shop_id "
        "JOIN charge ON charge.visit_id = visit.visit_id GROUP BY shop.shop_id, shop.name HAVING sum(charge.amount) > 5000")
