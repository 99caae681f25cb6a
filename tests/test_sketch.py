"""The plain reader (ask.translate.sketch): questions read onto a schema it was never tuned on.

Pure: a hand-made schema context, links as value linking would give them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

CLINICS = Table("public", "clinics", (Column("clinic_id", "integer", False), Column("name", "text"),
                                      Column("city", "text", values=("Austin", "Dallas"))), ("clinic_id",))
VETS = Table("public", "vets", (Column("vet_id", "integer", False), Column("first_name", "text"),
                                Column("clinic_id", "integer"), Column("years_experience", "integer"),
                                Column("specialty", "text", values=("surgery", "dentistry"))),
             ("vet_id",), (ForeignKey(("clinic_id",), "public", "clinics", ("clinic_id",)),))
VISITS = Table("public", "visits", (Column("visit_id", "integer", False), Column("vet_id", "integer"),
                                    Column("fee_amt", "numeric(8,2)"), Column("visit_dt", "date")),
               ("visit_id",), (ForeignKey(("vet_id",), "public", "vets", ("vet_id",)),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (CLINICS, VETS, VISITS))


def link(question: str, table: str, column: str, value: str) -> ValueMatch:
    words = question.lower().split()
    start = words.index(value.lower().split()[0])
    return ValueMatch(table, column, value, start, start + len(value.split()), 1.0)


@pytest.mark.parametrize("question,links,sql", [
    ("how many vets are there", [], "SELECT count(*) FROM vets"),
    ("how many clinics are in Austin", [("clinics", "city", "Austin")],
     "SELECT count(*) FROM clinics WHERE clinics.city = 'Austin'"),
    ("list the names of clinics in Dallas", [("clinics", "city", "Dallas")],
     "SELECT clinics.name FROM clinics WHERE clinics.city = 'Dallas'"),
    ("average fee amount of visits", [], "SELECT avg(visits.fee_amt) FROM visits"),
    ("number of vets per specialty", [],
     "SELECT vets.specialty, count(*) FROM vets GROUP BY vets.specialty"),
    ("first names of vets with more than 10 years experience", [],
     "SELECT vets.first_name FROM vets WHERE vets.years_experience > 10"),
    ("which vet has the most years experience", [],
     "SELECT vets.first_name, vets.years_experience FROM vets ORDER BY vets.years_experience DESC NULLS LAST LIMIT 1"),
    ("total fee amount of visits for surgery vets", [("vets", "specialty", "surgery")],
     "SELECT sum(visits.fee_amt) FROM visits JOIN vets ON visits.vet_id = vets.vet_id "
     "WHERE vets.specialty = 'surgery'"),
    ("vets not in dentistry", [("vets", "specialty", "dentistry")],
     "SELECT vets.first_name FROM vets WHERE vets.specialty <> 'dentistry'"),
    ("first names of vets sorted by years experience in descending order", [],
     "SELECT vets.first_name FROM vets ORDER BY vets.years_experience DESC NULLS LAST"),
    ("vets who never had a visit", [],
     "SELECT vets.first_name FROM vets WHERE NOT EXISTS (SELECT 1 FROM visits WHERE visits.vet_id = vets.vet_id)"),
    ("first names of vets with years experience above the average", [],
     "SELECT vets.first_name FROM vets WHERE vets.years_experience > "
     "(SELECT avg(vets.years_experience) FROM vets)"),
    ("what percent of vets are in surgery", [("vets", "specialty", "surgery")],
     "SELECT 100.0 * count(*) FILTER (WHERE vets.specialty = 'surgery') / count(*) FROM vets"),
    ("clinics with more than 2 vets", [],
     "SELECT clinics.name, count(*) FROM clinics JOIN vets ON vets.clinic_id = clinics.clinic_id "
     "GROUP BY clinics.clinic_id, clinics.name HAVING count(*) > 2"),
    ("how many visits last month", [],
     "SELECT count(*) FROM visits WHERE visits.visit_dt >= date_trunc('month', current_date) "
     "- interval '1 month' AND visits.visit_dt < date_trunc('month', current_date)"),
    ("monthly visits", [],
     "SELECT date_trunc('month', visits.visit_dt) AS month, count(*) FROM visits GROUP BY 1 ORDER BY 1"),
    ("vet with the most visits", [],
     "SELECT vets.first_name, count(*) FROM vets JOIN visits ON visits.vet_id = vets.vet_id "
     "GROUP BY vets.vet_id, vets.first_name ORDER BY count(*) DESC LIMIT 1"),
])
def test_plain_questions_read_as_sql(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    reading = read_question(question, SCHEMA, [link(question, *x) for x in links])
    assert reading is not None
    assert reading.sql == sql
    assert reading.coverage >= 0.75


@pytest.mark.parametrize("question", [
    "",
    "asdfgh qwerty",                                    # nothing of the schema
    "clinics in both Austin and Dallas",                # an intersection: not a plain shape
    "vets with more than 10",                           # a number compared with nothing named
])
def test_questions_it_cannot_place_are_not_read(question: str) -> None:
    links = [link(question, "clinics", "city", v) for v in ("Austin", "Dallas") if v in question]
    reading = read_question(question, SCHEMA, links)
    assert reading is None or reading.coverage < 0.75


def test_a_word_it_has_no_place_for_lowers_coverage() -> None:
    plain = read_question("how many vets", SCHEMA)
    odd = read_question("how many grumpy vets", SCHEMA)
    assert plain is not None and odd is not None
    assert plain.coverage == 1.0 and odd.coverage < 1.0
    assert odd.sql == plain.sql == "SELECT count(*) FROM vets"


def test_quotes_names_that_need_it() -> None:
    table = Table("public", "Order", (Column("id", "integer"), Column("netAmount", "numeric")), ("id",))
    reading = read_question("average net amount of orders", SchemaContext("db", "r", ("public",), (table,)))
    assert reading is not None and reading.sql == 'SELECT avg("Order"."netAmount") FROM "Order"'


def test_the_notice_says_a_reading_came_without_the_model() -> None:
    from ask.planner import Plan
    from proxy.ask_execution import plan_notice
    from proxy.evaluation.predictor import NOTICE_SQL
    notice = plan_notice(Plan("SELECT count(*) FROM vets", 0.0, SCHEMA, reading=True))
    assert "no model" in notice
    match = NOTICE_SQL.search(notice)
    assert match is not None and match.group("sql") == "SELECT count(*) FROM vets"


def test_an_answer_that_only_repeats_the_question_is_not_read() -> None:
    """"who manages the Happy Paws clinic" has no column here; read as the clinic's name it
    would answer with what the question already says."""
    question = "name of the Happy Paws clinic"
    given = [link(question, "clinics", "name", "Happy Paws")]
    assert read_question(question, SCHEMA, given) is None
    other = "name of the clinic in Austin"
    reading = read_question(other, SCHEMA, [link(other, "clinics", "city", "Austin")])
    assert reading is not None and reading.sql == "SELECT clinics.name FROM clinics WHERE clinics.city = 'Austin'"


def test_a_name_every_table_has_does_not_make_a_reading_cost_the_schema() -> None:
    """On a wide schema "name" spells a column of every table: the reader keeps a few readings
    of it (those of the tables the question is about), so its work does not grow with the
    schema."""
    from ask.translate.sketch.names import MAX_MENTIONS_PER_SPAN, find_mentions
    wide = SchemaContext("db", "r", ("public",), tuple(
        Table("public", f"thing_{i}", (Column("id", "integer"), Column("name", "text")), ("id",))
        for i in range(500)) + (VETS,))
    mentions = find_mentions("first names of vets".split(), wide)
    assert len([m for m in mentions if (m.start, m.end) == (1, 2)]) <= MAX_MENTIONS_PER_SPAN
    reading = read_question("first names of vets", wide)
    assert reading is not None and reading.sql == "SELECT vets.first_name FROM vets"


@pytest.mark.parametrize("question,sql", [
    ("# of vets in surgery", "SELECT count(*) FROM vets WHERE vets.specialty = 'surgery'"),
    ("what % of vets are in surgery",
     "SELECT 100.0 * count(*) FILTER (WHERE vets.specialty = 'surgery') / count(*) FROM vets"),
])
def test_symbols_that_carry_a_shape(question: str, sql: str) -> None:
    """"#" and "%" are not words (value linking drops them) but say count and share."""
    reading = read_question(question, SCHEMA, [link(question.replace("#", "").replace("%", ""),
                                                    "vets", "specialty", "surgery")])
    assert reading is not None and reading.sql == sql


# A second schema for the measures a schema implies and the names its comments give: a start and
# a nullable end, a birth date, quantity × unit price lines, a yes/no column, described columns.
TENANTS = Table("public", "renter", (Column("renter_id", "integer", False), Column("first_name", "text"),
                                     Column("last_name", "text"), Column("birth_dt", "date"),
                                     Column("has_pet", "boolean")), ("renter_id",),
                comment="tenants, residents")
UNITS = Table("public", "unit", (Column("unit_id", "integer", False), Column("unit_no", "text"),
                                 Column("sq_m", "numeric(6,1)", comment="floor area in square metres")),
              ("unit_id",))
LEASES = Table("public", "lease", (Column("lease_id", "integer", False), Column("renter_id", "integer"),
                                   Column("unit_id", "integer"), Column("start_dt", "date", False),
                                   Column("end_dt", "date", True, comment="null while it runs"),
                                   Column("monthly_rent", "numeric(8,2)")),
               ("lease_id",), (ForeignKey(("renter_id",), "public", "renter", ("renter_id",)),
                               ForeignKey(("unit_id",), "public", "unit", ("unit_id",))),
               comment="tenancy agreements")
EXTRAS = Table("public", "extra_line", (Column("line_id", "integer", False), Column("lease_id", "integer"),
                                        Column("qty", "integer"), Column("unit_price", "numeric(8,2)"),
                                        Column("billed_at", "timestamp")),
               ("line_id",), (ForeignKey(("lease_id",), "public", "lease", ("lease_id",)),))
RENTALS = SchemaContext("db", "analyst", ("public",), (TENANTS, UNITS, LEASES, EXTRAS))


@pytest.mark.parametrize("question,sql", [
    # a description names a table ("tenants") and a column ("area")
    ("how many tenants have a pet", "SELECT count(*) FROM renter WHERE renter.has_pet"),
    ("average area of units", "SELECT avg(unit.sq_m) FROM unit"),
    # age from a birth date, duration from a start and an end, revenue as quantity × unit price
    ("average age of tenants", "SELECT avg(date_part('year', age(renter.birth_dt))) FROM renter"),
    ("tenants older than 70", "SELECT renter.first_name, renter.last_name FROM renter "
                              "WHERE date_part('year', age(renter.birth_dt)) > 70"),
    ("average lease length in days", "SELECT avg((lease.end_dt - lease.start_dt)) FROM lease"),
    ("total revenue of extra lines", "SELECT sum(extra_line.qty * extra_line.unit_price) FROM extra_line"),
    # "still" / "active": the end is empty
    ("how many leases are still running", "SELECT count(*) FROM lease WHERE lease.end_dt IS NULL"),
    # "never" through the rows that link the two tables
    ("tenants who never rented a unit", "SELECT renter.first_name, renter.last_name FROM renter "
     "WHERE NOT EXISTS (SELECT 1 FROM lease WHERE lease.renter_id = renter.renter_id)"),
    # a count across the rows that reference the counted table counts each row once
    ("how many tenants signed leases this year", "SELECT count(DISTINCT renter.renter_id) FROM renter "
     "JOIN lease ON lease.renter_id = renter.renter_id WHERE lease.start_dt >= date_trunc('year', current_date)"),
    # "the 3 largest X by Y": ranked by what follows "by", the measure shown
    ("the 3 largest units by area", "SELECT unit.unit_no, unit.sq_m FROM unit ORDER BY unit.sq_m DESC NULLS LAST LIMIT 3"),
])
def test_measures_and_descriptions_the_schema_implies(question: str, sql: str) -> None:
    reading = read_question(question, RENTALS)
    assert reading is not None
    assert reading.sql == sql
    assert reading.coverage >= 0.75


def test_a_terse_question_shows_the_count_beside_the_group() -> None:
    """"clinics with more than 2 vets" (an analyst's noun phrase) shows the count; "which
    clinics have more than 2 vets" asks only for the clinics."""
    terse = read_question("specialties with more than 2 vets", SCHEMA)
    asked = read_question("which specialties have more than 2 vets", SCHEMA)
    assert terse is not None and asked is not None
    assert terse.sql == "SELECT vets.specialty, count(*) FROM vets GROUP BY vets.specialty HAVING count(*) > 2"
    assert asked.sql == "SELECT vets.specialty FROM vets GROUP BY vets.specialty HAVING count(*) > 2"


def test_a_period_keeps_its_words_from_columns() -> None:
    """"this year" is the period, not a column called ``…_year``; the date is the one the question
    says ("signed" is not said here: the lease's first event date, never a birth date)."""
    schema = SchemaContext("db", "r", ("public",), (
        Table("public", "title", (Column("title_id", "integer"), Column("name", "text"),
                                  Column("published_year", "integer")), ("title_id",)),
        TENANTS, LEASES, UNITS))
    reading = read_question("leases this year", schema)
    assert reading is not None
    assert reading.sql == "SELECT count(*) FROM lease WHERE lease.start_dt >= date_trunc('year', current_date)"


@pytest.mark.parametrize("question", [
    "evict the tenants",                    # a request verb the reader cannot place
    "what time is it",                      # "time" alone names no duration
    "average salary of tenants",            # a measure the schema does not hold
])
def test_requests_and_missing_measures_are_not_read(question: str) -> None:
    reading = read_question(question, RENTALS)
    assert reading is None or reading.coverage < 0.75


def test_a_description_word_that_names_another_table_stays_that_tables() -> None:
    """A comment "answers on tickets" must not make "tickets" spell the answers table."""
    tickets = Table("public", "ticket", (Column("id", "integer"), Column("subject", "text")), ("id",))
    answers = Table("public", "reply", (Column("id", "integer"), Column("ticket_id", "integer")), ("id",),
                    (ForeignKey(("ticket_id",), "public", "ticket", ("id",)),), comment="answers on tickets")
    schema = SchemaContext("db", "r", ("public",), (tickets, answers))
    reading = read_question("how many tickets", schema)
    assert reading is not None and reading.sql == "SELECT count(*) FROM ticket"
    replies = read_question("how many answers", schema)
    assert replies is not None and replies.sql == "SELECT count(*) FROM reply"


def test_the_stricter_refusal_spares_what_the_reader_places() -> None:
    """What is averaged is a word the schema does not spell: refused unless the reader places it
    ("age" is the age a birth date implies; "salary" is nothing here)."""
    from ask.planner import AskPlanner as Planner
    refusal = Planner._unplaced("average salary of tenants", RENTALS, [])
    assert refusal is not None and refusal.kind == "out_of_schema"
    assert Planner._unplaced("average age of tenants", RENTALS, []) is None
    assert Planner._unplaced("how many tenants", RENTALS, []) is None


@pytest.mark.parametrize("question,links,sql", [
    # number words compare like digits ("one" only after a comparison)
    ("clinics with more than two vets", [],
     "SELECT clinics.name, count(*) FROM clinics JOIN vets ON vets.clinic_id = clinics.clinic_id "
     "GROUP BY clinics.clinic_id, clinics.name HAVING count(*) > 2"),
    # a negation a few words before the value, over "have the <column>"
    ("first names of vets that do not have the specialty surgery", [("vets", "specialty", "surgery")],
     "SELECT vets.first_name FROM vets WHERE vets.specialty <> 'surgery'"),
    # "the greatest number of <numeric column>" ranks by the column, not a count
    ("which vet has the greatest number of years experience", [],
     "SELECT vets.first_name, vets.years_experience FROM vets ORDER BY vets.years_experience DESC NULLS LAST LIMIT 1"),
])
def test_numbers_negations_and_counts_spelt_as_columns(question: str, links: list[tuple[str, str, str]],
                                                       sql: str) -> None:
    reading = read_question(question, SCHEMA, [link(question, *x) for x in links])
    assert reading is not None and reading.sql == sql


def test_a_year_without_a_date_column_filters_an_integer_year() -> None:
    concerts = Table("public", "concert", (Column("concert_id", "integer"), Column("concert_name", "text"),
                                           Column("year", "integer")), ("concert_id",))
    schema = SchemaContext("db", "r", ("public",), (concerts,))
    one = read_question("how many concerts in 2014", schema)
    two = read_question("how many concerts in 2014 or 2015", schema)
    assert one is not None and one.sql == "SELECT count(*) FROM concert WHERE concert.year = 2014"
    assert two is not None and two.sql == "SELECT count(*) FROM concert WHERE concert.year IN (2014, 2015)"


def test_a_noun_that_only_says_a_number_is_the_columns() -> None:
    """"average monthly rent value": "value" names nothing more than the column."""
    reading = read_question("average monthly rent value of leases", RENTALS)
    assert reading is not None and reading.coverage == 1.0
    assert reading.sql == "SELECT avg(lease.monthly_rent) FROM lease"


def test_a_year_compared_filters_an_integer_year_column() -> None:
    museums = Table("public", "museum", (Column("museum_id", "integer"), Column("name", "text"),
                                         Column("open_year", "integer")), ("museum_id",))
    schema = SchemaContext("db", "r", ("public",), (museums,))
    reading = read_question("how many museums opened after 2010", schema)
    assert reading is not None and reading.sql == "SELECT count(*) FROM museum WHERE museum.open_year > 2010"
    either = read_question("how many museums opened after 2013 or before 2008", schema)
    assert either is not None      # two comparisons, either of which holds
    assert either.sql == "SELECT count(*) FROM museum WHERE (museum.open_year > 2013 OR museum.open_year < 2008)"


def test_a_superlative_after_the_column_it_ranks() -> None:
    """"the vet whose years experience is the largest": the column comes before the superlative."""
    reading = read_question("find the first name of the vet whose years experience is the largest", SCHEMA)
    assert reading is not None
    assert reading.sql == "SELECT vets.first_name FROM vets ORDER BY vets.years_experience DESC NULLS LAST LIMIT 1"


@pytest.mark.parametrize("question,sql", [
    ("how many visits this month vs last month",
     "SELECT count(*) FILTER (WHERE visits.visit_dt >= date_trunc('month', current_date)), "
     "count(*) FILTER (WHERE visits.visit_dt >= date_trunc('month', current_date) - interval '1 month' "
     "AND visits.visit_dt < date_trunc('month', current_date)) FROM visits"),
    ("total fee amount of visits this year versus last year",
     "SELECT sum(visits.fee_amt) FILTER (WHERE visits.visit_dt >= date_trunc('year', current_date)), "
     "sum(visits.fee_amt) FILTER (WHERE visits.visit_dt >= date_trunc('year', current_date) - interval '1 year' "
     "AND visits.visit_dt < date_trunc('year', current_date)) FROM visits"),
])
def test_two_periods_compared_get_one_column_each(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == sql and reading.coverage == 1.0


@pytest.mark.parametrize("question,links,sql", [
    ("share of vets by specialty", [],
     "SELECT vets.specialty, 100.0 * count(*) / sum(count(*)) OVER () FROM vets GROUP BY vets.specialty"),
    ("surgery share of total fee amount of visits", [("vets", "specialty", "surgery")],
     "SELECT 100.0 * sum(visits.fee_amt) FILTER (WHERE vets.specialty = 'surgery') / sum(visits.fee_amt) "
     "FROM visits JOIN vets ON visits.vet_id = vets.vet_id"),
])
def test_shares_of_groups_and_of_sums(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    reading = read_question(question, SCHEMA, [link(question, *x) for x in links])
    assert reading is not None and reading.sql == sql


def test_days_between_two_dates_of_a_row() -> None:
    bookings = Table("public", "bookings", (Column("booking_id", "integer"), Column("booked_on", "date"),
                                            Column("check_in", "date")), ("booking_id",))
    reading = read_question("average days between booked on and check in",
                            SchemaContext("db", "r", ("public",), (bookings,)))
    assert reading is not None
    assert reading.sql == "SELECT avg((bookings.check_in - bookings.booked_on)) FROM bookings"
