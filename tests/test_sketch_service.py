"""The plain reader on a field-service schema built here (issue 18, round 18h): spans that end
when a row is fixed or paid, minutes of a timestamp span, costs, fares and distances that add up.

Pure: a hand-made schema context (a courier company nobody tuned on), links as value linking
would give them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, SchemaContext, Table
from tests.sketch_cases import fk, read_on

COURIERS = Table("public", "couriers", (Column("courier_id", "integer", False), Column("courier_name", "text"),
                                        Column("hired_on", "date")), ("courier_id",))
VANS = Table("public", "vans", (Column("van_id", "integer", False), Column("plate", "text")), ("van_id",))
RUNS = Table("public", "runs", (Column("run_id", "integer", False), Column("courier_id", "integer"),
                                Column("van_id", "integer"), Column("started_at", "timestamp"),
                                Column("finished_at", "timestamp"), Column("distance_km", "numeric(6,2)"),
                                Column("fare", "numeric(7,2)")),
             ("run_id",), (fk("courier_id", "couriers"), fk("van_id", "vans")))
REPAIRS = Table("public", "van_repairs", (Column("repair_id", "integer", False), Column("van_id", "integer"),
                                          Column("reported_on", "date"), Column("fixed_on", "date"),
                                          Column("fault", "text"), Column("cost", "numeric(8,2)")),
                ("repair_id",), (fk("van_id", "vans"),))
DEPOTS = Table("public", "depots", (Column("depot_id", "integer", False), Column("depot_name", "text"),
                                   Column("bay_count", "integer")), ("depot_id",))
PARTS = Table("public", "run_parts", (Column("run_id", "integer"), Column("qty", "integer"),
                                      Column("ext_amt", "numeric(9,2)")), (), (fk("run_id", "runs"),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (COURIERS, VANS, RUNS, REPAIRS, DEPOTS, PARTS))


def read(question: str) -> str | None:
    return read_on(SCHEMA, question, [])


@pytest.mark.parametrize("question,sql", [
    # a span of timestamps in minutes, beside hours and days
    ("average run time in minutes",
     "SELECT avg(extract(epoch FROM runs.finished_at - runs.started_at) / 60) FROM runs"),
    # a row is open until the day it is fixed
    ("percentage of repairs still open",
     "SELECT 100.0 * count(*) FILTER (WHERE van_repairs.fixed_on IS NULL) / count(*) FROM van_repairs"),
])
def test_spans_ended_by_a_fix(question: str, sql: str) -> None:
    assert read(question) == sql


@pytest.mark.parametrize("question,sql", [
    # an event's cost adds up per group
    ("repair costs by fault",
     "SELECT van_repairs.fault, sum(van_repairs.cost) FROM van_repairs GROUP BY van_repairs.fault"),
    # a distance adds up over the rows of the ranked couriers
    ("top 3 couriers by distance",
     "SELECT couriers.courier_name, sum(runs.distance_km) FROM couriers JOIN runs ON runs.courier_id = "
     "couriers.courier_id GROUP BY couriers.courier_id, couriers.courier_name ORDER BY sum(runs.distance_km) DESC "
     "NULLS LAST LIMIT 3"),
    # two periods of a fare: its total in each
    ("fares this year vs last year",
     "SELECT sum(runs.fare) FILTER (WHERE runs.started_at >= date_trunc('year', current_date)), sum(runs.fare) "
     "FILTER (WHERE runs.started_at >= date_trunc('year', current_date) - interval '1 year' AND runs.started_at < "
     "date_trunc('year', current_date)) FROM runs"),
])
def test_amounts_that_add_up(question: str, sql: str) -> None:
    assert read(question) == sql


@pytest.mark.parametrize("question,sql", [
    # "days to <verb>": the span of the table whose end date the verb names
    ("avg days to fix a van",
     "SELECT avg((van_repairs.fixed_on - van_repairs.reported_on)) FROM van_repairs JOIN vans ON van_repairs.van_id = "
     "vans.van_id"),
    ("average days to get fixed",
     "SELECT avg((van_repairs.fixed_on - van_repairs.reported_on)) FROM van_repairs"),
    # "more <things> than average": the column that keeps how many of them a row has
    ("depots with more bays than average",
     "SELECT depots.depot_name FROM depots WHERE depots.bay_count > (SELECT avg(depots.bay_count) FROM depots)"),
])
def test_time_to_a_verb_and_counts_against_the_average(question: str, sql: str) -> None:
    assert read(question) == sql


def test_no_span_ends_by_the_verb() -> None:
    """"days to deliver" where no end date says delivered: not a duration of another table."""
    assert read("avg days to deliver a van") is None


# Legacy naming: abbreviated tables with storage suffixes, coded values a description explains.
VENDORS = Table("public", "vend_mstr", (Column("vend_id", "integer", False), Column("vend_nm", "text"),
                                        Column("vend_cls", "text", comment="L local, N national", values=("L", "N"))),
                ("vend_id",))
ORDERS = Table("public", "po_hdr", (Column("po_id", "integer", False), Column("vend_id", "integer"),
                                    Column("po_dt", "date"), Column("paid_dt", "date"),
                                    Column("po_stat", "text", comment="OPEN, RCV or CXL (cancelled)",
                                           values=("OPEN", "RCV", "CXL")),
                                    Column("amt_usd", "numeric(10,2)")),
               ("po_id",), (fk("vend_id", "vend_mstr"),))
JOBS = Table("public", "wo_hdr", (Column("wo_id", "integer", False), Column("po_id", "integer"),
                                  Column("wo_dt", "date"), Column("wo_stat", "text", values=("OPEN", "DONE")),
                                  Column("prio_cd", "text")),
             ("wo_id",), (fk("po_id", "po_hdr"),))
RATES = Table("public", "tax_rate", (Column("tax_id", "integer", False), Column("rate", "numeric(5,2)")), ("tax_id",))
LEGACY = SchemaContext("db", "analyst", ("public",), (VENDORS, ORDERS, JOBS, RATES))


@pytest.mark.parametrize("question,sql", [
    # a storage suffix dropped, an abbreviation spelt out: po_hdr is the purchase orders
    ("how many purchase orders got cancelled", "SELECT count(*) FROM po_hdr WHERE po_hdr.po_stat = 'CXL'"),
    ("national vendors", "SELECT vend_mstr.vend_nm FROM vend_mstr WHERE vend_mstr.vend_cls = 'N'"),
    ("number of unpaid purchase orders", "SELECT count(*) FROM po_hdr WHERE po_hdr.paid_dt IS NULL"),
    ("breakdown of purchase orders by vendor",
     "SELECT vend_mstr.vend_nm, count(*) FROM vend_mstr JOIN po_hdr ON po_hdr.vend_id = vend_mstr.vend_id GROUP BY "
     "vend_mstr.vend_id, vend_mstr.vend_nm"),
    # a work order is a job
    ("how many jobs are there", "SELECT count(*) FROM wo_hdr"),
    # a rate of a coded value, though another table keeps a rate column
    ("purchase order cancellation rate",
     "SELECT 100.0 * count(*) FILTER (WHERE po_hdr.po_stat = 'CXL') / count(*) FROM po_hdr"),
])
def test_legacy_names_and_codes(question: str, sql: str) -> None:
    assert read_on(LEGACY, question, []) == sql


def test_a_code_no_stored_value_holds_means_nothing() -> None:
    """A description naming a code the column does not hold picks no value."""
    column = Column("vend_cls", "text", comment="L local, X export", values=("L", "N"))
    from ask.translate.sketch.filters import comment_codes
    assert comment_codes(column) == {("local",): "L"}


@pytest.mark.parametrize("question,sql", [
    # "by billing": the invoices' amount summed per vendor, not how many invoices
    ("top 3 vendors by billing",
     "SELECT vend_mstr.vend_nm, sum(po_hdr.amt_usd) FROM vend_mstr JOIN po_hdr ON po_hdr.vend_id = vend_mstr.vend_id "
     "GROUP BY vend_mstr.vend_id, vend_mstr.vend_nm ORDER BY sum(po_hdr.amt_usd) DESC NULLS LAST LIMIT 3"),
    # rows said in money over two periods: their amounts
    ("purchase orders billed this year vs last year",
     "SELECT sum(po_hdr.amt_usd) FILTER (WHERE po_hdr.po_dt >= date_trunc('year', current_date)), sum(po_hdr.amt_usd) "
     "FILTER (WHERE po_hdr.po_dt >= date_trunc('year', current_date) - interval '1 year' AND po_hdr.po_dt < "
     "date_trunc('year', current_date)) FROM po_hdr"),
    # counted when nothing says money
    ("purchase orders this year vs last year",
     "SELECT count(*) FILTER (WHERE po_hdr.po_dt >= date_trunc('year', current_date)), count(*) FILTER (WHERE "
     "po_hdr.po_dt >= date_trunc('year', current_date) - interval '1 year' AND po_hdr.po_dt < date_trunc('year', "
     "current_date)) FROM po_hdr"),
])
def test_amounts_said_in_money(question: str, sql: str) -> None:
    assert read_on(LEGACY, question, []) == sql


@pytest.mark.parametrize("question,sql", [
    # a hire date and no end: the time since it, in days or whole years
    ("average courier tenure", "SELECT avg((current_date - couriers.hired_on)) FROM couriers"),
    ("average courier tenure in years", "SELECT avg(date_part('year', age(couriers.hired_on))) FROM couriers"),
    # an extended amount is already quantity × price: summed as it is
    ("total spend", "SELECT sum(run_parts.ext_amt) FROM run_parts"),
    # an amount of the rows referring to the rows asked about, compared: their total per row
    ("couriers with fares over 500",
     "SELECT couriers.courier_name, sum(runs.fare) FROM couriers JOIN runs ON runs.courier_id = couriers.courier_id "
     "GROUP BY couriers.courier_id, couriers.courier_name HAVING sum(runs.fare) > 500"),
    # ... but each row's own when those rows are named
    ("couriers with runs with fares over 50",
     "SELECT couriers.courier_name FROM couriers JOIN runs ON runs.courier_id = couriers.courier_id WHERE runs.fare > 50"),
])
def test_tenure_extended_amounts_and_totals_compared(question: str, sql: str) -> None:
    assert read(question) == sql


@pytest.mark.parametrize("question,sql", [
    # a stored status code said in words: 'DONE' is completed
    ("how many jobs were completed", "SELECT count(*) FROM wo_hdr WHERE wo_hdr.wo_stat = 'DONE'"),
    ("jobs finished last month vs the month before",
     "SELECT count(*) FILTER (WHERE wo_hdr.wo_dt >= date_trunc('month', current_date) - interval '1 month' AND "
     "wo_hdr.wo_dt < date_trunc('month', current_date)), count(*) FILTER (WHERE wo_hdr.wo_dt >= date_trunc('month', "
     "current_date) - interval '2 months' AND wo_hdr.wo_dt < date_trunc('month', current_date) - interval '1 month') "
     "FROM wo_hdr WHERE wo_hdr.wo_stat = 'DONE'"),
])
def test_status_codes_said_in_words(question: str, sql: str) -> None:
    assert read_on(LEGACY, question, []) == sql


def test_a_table_word_before_a_thing_the_schema_lacks_reads_nothing() -> None:
    """"vendor complaints" are not vendors: the question is about something the schema lacks."""
    from ask.translate.sketch import read_question
    assert read_question("which vendors got purchase order complaints last month", LEGACY, []) is None
    assert read_question("how many vendor complaints", LEGACY, []) is None


def test_a_work_order_is_a_job_to_the_refusal_check_too() -> None:
    from ask.context.related_words import name_spellings
    assert "job" in name_spellings("wo_hdr") and "job" in name_spellings("work_orders")
    assert "job" not in name_spellings("orders")


TOOLS = Table("public", "tools", (Column("tool_id", "integer", False), Column("tool_name", "text")), ("tool_id",))
SITE_JOBS = Table("public", "site_jobs", (Column("job_id", "integer", False), Column("worked_on", "date")), ("job_id",))
TOOL_LOANS = Table("public", "tool_loans", (Column("job_id", "integer"), Column("tool_id", "integer")), (),
                   (fk("job_id", "site_jobs"), fk("tool_id", "tools")))
WORKSHOP = SchemaContext("db", "analyst", ("public",), (TOOLS, SITE_JOBS, TOOL_LOANS))


def test_rows_without_a_date_counted_by_use_are_dated_by_what_used_them() -> None:
    """"how many different tools were used this year": tools have no date; the jobs they were
    lent to, through a dateless bridge, have one. Rows counted without a verb of use are not."""
    from ask.translate.sketch import read_question
    reading = read_question("how many different tools were used this year", WORKSHOP, [])
    assert reading is not None and reading.sql == (
        "SELECT count(DISTINCT tools.tool_id) FROM tools JOIN tool_loans ON tool_loans.tool_id = tools.tool_id JOIN "
        "site_jobs ON tool_loans.job_id = site_jobs.job_id WHERE site_jobs.worked_on >= date_trunc('year', current_date)")
    assert read_question("how many tools did we add this year", WORKSHOP, []) is None


def test_how_much_of_rows_is_their_money() -> None:
    assert read_on(LEGACY, "how much is still outstanding on purchase orders", []) == (
        "SELECT sum(po_hdr.amt_usd) FROM po_hdr WHERE po_hdr.paid_dt IS NULL")


SCOOTERS = Table("public", "scooters", (Column("scooter_id", "integer", False),
                                        Column("kind", "text", values=("electric", "kick")),
                                        Column("commissioned_on", "date"), Column("retired_on", "date")), ("scooter_id",))
FLEET = SchemaContext("db", "analyst", ("public",), (SCOOTERS,))


@pytest.mark.parametrize("question,sql", [
    # "e-" before a noun stands for a stored 'electric'
    ("how many e-scooters", "SELECT count(*) FROM scooters WHERE scooters.kind = 'electric'"),
    # an end verb said before the rows is their span's end set, not a word to drop
    ("retired scooters", "SELECT count(*) FROM scooters WHERE scooters.retired_on IS NOT NULL"),
    ("retired e-scooters",
     "SELECT count(*) FROM scooters WHERE scooters.kind = 'electric' AND scooters.retired_on IS NOT NULL"),
])
def test_e_prefix_and_ended_rows_named_after_the_verb(question: str, sql: str) -> None:
    assert read_on(FLEET, question, []) == sql


def test_a_period_adverb_before_another_tables_rows_is_the_period() -> None:
    """'monthly' is a stored plan of the couriers; "monthly runs" are runs per month, while
    "runs by monthly couriers" keeps the value."""
    from ask.context.value_linking import ValueMatch
    plans = Table("public", "couriers", COURIERS.columns + (Column("plan", "text", values=("monthly", "hourly")),),
                  ("courier_id",))
    schema = SchemaContext("db", "analyst", ("public",), (plans, VANS, RUNS))
    from ask.translate.sketch import read_question
    reading = read_question("monthly runs", schema, [ValueMatch("couriers", "plan", "monthly", 0, 1, 1.0)])
    assert reading is not None and reading.sql == (
        "SELECT date_trunc('month', runs.started_at) AS month, count(*) FROM runs GROUP BY 1 ORDER BY 1")
    kept = read_question("how many runs by monthly couriers", schema,
                         [ValueMatch("couriers", "plan", "monthly", 4, 5, 1.0)])
    assert kept is not None and "couriers.plan = 'monthly'" in kept.sql


def test_a_unit_said_alone_names_the_column_kept_in_it() -> None:
    """"fare per km": the fares' total over the kilometres' (``distance_km``)."""
    assert read("fare per km") == "SELECT sum(runs.fare) / nullif(sum(runs.distance_km), 0) FROM runs"



def test_a_code_of_another_thing_does_not_name_the_rows() -> None:
    """``prio_cd`` is a priority's code, so jobs have no name and are counted; ``bay_cd`` of bays
    is what a bay is called."""
    assert read_on(LEGACY, "jobs this year", []) == (
        "SELECT count(*) FROM wo_hdr WHERE wo_hdr.wo_dt >= date_trunc('year', current_date)")
    bays = Table("public", "bays", (Column("bay_id", "integer", False), Column("bay_cd", "text"),
                                    Column("width_m", "numeric(4,1)")), ("bay_id",))
    schema = SchemaContext("db", "analyst", ("public",), (bays,))
    assert read_on(schema, "bays wider than 3", []) == "SELECT bays.bay_cd FROM bays WHERE bays.width_m > 3"


def test_a_period_of_an_unplaced_verb_is_not_the_rows_own_date() -> None:
    """"how many couriers did we train last month": no date says when couriers were trained, and
    their hire date is not it; "how many couriers were hired last month" is."""
    from ask.translate.sketch import read_question
    assert read_question("how many couriers did we train last month", SCHEMA, []) is None
    assert read("how many couriers were hired last month") == (
        "SELECT count(*) FROM couriers WHERE couriers.hired_on >= date_trunc('month', current_date) - interval "
        "'1 month' AND couriers.hired_on < date_trunc('month', current_date)")
