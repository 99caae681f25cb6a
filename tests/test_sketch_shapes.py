"""The plain reader's question shapes on a schema built here (issue 18, round 18f): implied
measures, top-N by a measure of another table, two periods, anti-joins by a verb.

Pure: a hand-made schema context (a ferry operator nobody tuned on), links as value linking
would give them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from tests.sketch_cases import fk as _fk
from tests.sketch_cases import link, read_on


PORTS = Table("public", "ports", (Column("port_id", "integer", False), Column("port_name", "text"),
                                  Column("country", "text", values=("Norway", "Denmark"))), ("port_id",))
VESSELS = Table("public", "vessels", (Column("vessel_id", "integer", False), Column("vessel_name", "text"),
                                      Column("home_port_id", "integer"), Column("gross_tons", "integer"),
                                      Column("built_on", "date"), Column("retired_on", "date")),
                ("vessel_id",), (ForeignKey(("home_port_id",), "public", "ports", ("port_id",)),))
SAILINGS = Table("public", "sailings", (Column("sailing_id", "integer", False), Column("vessel_id", "integer"),
                                        Column("port_id", "integer"), Column("departs_on", "date"),
                                        Column("status", "text", values=("sailed", "cancelled"))),
                 ("sailing_id",), (_fk("vessel_id", "vessels"), _fk("port_id", "ports")))
BOOKINGS = Table("public", "bookings", (Column("booking_id", "integer", False), Column("sailing_id", "integer"),
                                        Column("booked_at", "timestamp"), Column("passengers", "integer"),
                                        Column("amount", "numeric(9,2)")),
                 ("booking_id",), (_fk("sailing_id", "sailings"),))
FUEL = Table("public", "fuel_loads", (Column("load_id", "integer", False), Column("vessel_id", "integer"),
                                      Column("loaded_on", "date"), Column("tonnes", "numeric(6,2)"),
                                      Column("price_per_tonne", "numeric(8,2)")),
             ("load_id",), (_fk("vessel_id", "vessels"),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (PORTS, VESSELS, SAILINGS, BOOKINGS, FUEL))


def read(question: str, links: list[tuple[str, str, str]]) -> str | None:
    return read_on(SCHEMA, question, links)


@pytest.mark.parametrize("question,links,sql", [
    # a sale's one money amount is what "revenue" adds up
    ("total booking revenue", [], "SELECT sum(bookings.amount) FROM bookings"),
    ("revenue by status", [],
     "SELECT sailings.status, sum(bookings.amount) FROM bookings JOIN sailings ON bookings.sailing_id = "
     "sailings.sailing_id GROUP BY sailings.status"),
    # an amount times the price of one unit of it ("tonnes" × "price_per_tonne") is the spend
    ("total fuel spend", [], "SELECT sum(fuel_loads.tonnes * fuel_loads.price_per_tonne) FROM fuel_loads"),
])
def test_implied_measures(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    assert read(question, links) == sql


@pytest.mark.parametrize("question,sql", [
    # "by" a measure of another table's rows: their sum per ranked row, along the foreign keys
    ("top 3 vessels by booking revenue",
     "SELECT vessels.vessel_name, sum(bookings.amount) FROM vessels JOIN sailings ON sailings.vessel_id = "
     "vessels.vessel_id JOIN bookings ON bookings.sailing_id = sailings.sailing_id GROUP BY vessels.vessel_id, "
     "vessels.vessel_name ORDER BY sum(bookings.amount) DESC NULLS LAST LIMIT 3"),
    ("the vessel with the most passengers",
     "SELECT vessels.vessel_name, sum(bookings.passengers) FROM vessels JOIN sailings ON sailings.vessel_id = "
     "vessels.vessel_id JOIN bookings ON bookings.sailing_id = sailings.sailing_id GROUP BY vessels.vessel_id, "
     "vessels.vessel_name ORDER BY sum(bookings.passengers) DESC NULLS LAST LIMIT 1"),
    # "by" another table: how many of its rows
    ("top 3 vessels by sailings",
     "SELECT vessels.vessel_name, count(*) FROM vessels JOIN sailings ON sailings.vessel_id = vessels.vessel_id "
     "GROUP BY vessels.vessel_id, vessels.vessel_name ORDER BY count(*) DESC LIMIT 3"),
    # the ranked table's own column still ranks its rows
    ("top 3 vessels by gross tons",
     "SELECT vessels.vessel_name, vessels.gross_tons FROM vessels ORDER BY vessels.gross_tons DESC NULLS LAST LIMIT 3"),
])
def test_top_n_by_a_measure(question: str, sql: str) -> None:
    assert read(question, []) == sql


LAST_MONTH = ("{c} >= date_trunc('month', current_date) - interval '1 month' AND {c} < date_trunc('month', "
              "current_date)")
MONTH_BEFORE = ("{c} >= date_trunc('month', current_date) - interval '2 months' AND {c} < date_trunc('month', "
                "current_date) - interval '1 month'")


@pytest.mark.parametrize("question,sql", [
    # rows with a name compared over two periods are counted, one column per period
    ("sailings this year compared with last year",
     "SELECT count(*) FILTER (WHERE sailings.departs_on >= date_trunc('year', current_date)), count(*) FILTER "
     "(WHERE sailings.departs_on >= date_trunc('year', current_date) - interval '1 year' AND sailings.departs_on "
     "< date_trunc('year', current_date)) FROM sailings"),
    # "the previous month" after "last month" is the month before it
    ("passengers last month vs the previous month",
     "SELECT sum(bookings.passengers) FILTER (WHERE " + LAST_MONTH.format(c="bookings.booked_at") + "), "
     "sum(bookings.passengers) FILTER (WHERE " + MONTH_BEFORE.format(c="bookings.booked_at") + ") FROM bookings"),
    ("fuel spend last quarter compared with the quarter before",
     "SELECT sum(fuel_loads.tonnes * fuel_loads.price_per_tonne) FILTER (WHERE fuel_loads.loaded_on >= "
     "date_trunc('quarter', current_date) - interval '3 months' AND fuel_loads.loaded_on < date_trunc('quarter', "
     "current_date)), sum(fuel_loads.tonnes * fuel_loads.price_per_tonne) FILTER (WHERE fuel_loads.loaded_on >= "
     "date_trunc('quarter', current_date) - interval '6 months' AND fuel_loads.loaded_on < date_trunc('quarter', "
     "current_date) - interval '3 months') FROM fuel_loads"),
    # alone, "the previous month" is last month
    ("total passengers in the previous month",
     "SELECT sum(bookings.passengers) FROM bookings WHERE " + LAST_MONTH.format(c="bookings.booked_at")),
])
def test_two_periods(question: str, sql: str) -> None:
    assert read(question, []) == sql


def test_a_column_named_by_its_unit_is_no_number_of_things() -> None:
    """"number of bookings" counts bookings, even beside a ``litres`` column that "number of
    litres" could have named with its unit dropped."""
    water = Table("public", "water_loads", (Column("load_id", "integer", False), Column("booking_id", "integer"),
                                            Column("litres", "integer")),
                  ("load_id",), (_fk("booking_id", "bookings"),))
    schema = SchemaContext("db", "analyst", ("public",), (PORTS, VESSELS, SAILINGS, BOOKINGS, water))
    reading = read_question("number of bookings per status", schema, [])
    assert reading is not None and reading.sql == (
        "SELECT sailings.status, count(*) FROM bookings JOIN sailings ON bookings.sailing_id = sailings.sailing_id "
        "GROUP BY sailings.status")


@pytest.mark.parametrize("question,sql", [
    # the verb after "never" names the table whose rows must be absent, joined along the keys
    ("vessels that never sailed",
     "SELECT vessels.vessel_name FROM vessels WHERE NOT EXISTS (SELECT 1 FROM sailings WHERE sailings.vessel_id = "
     "vessels.vessel_id)"),
    ("ports that have not booked",
     "SELECT ports.port_name FROM ports WHERE NOT EXISTS (SELECT 1 FROM sailings JOIN bookings ON "
     "bookings.sailing_id = sailings.sailing_id WHERE sailings.port_id = ports.port_id)"),
])
def test_never_by_a_verb(question: str, sql: str) -> None:
    assert read(question, []) == sql


def test_a_verb_naming_no_table_is_not_an_anti_join() -> None:
    assert read_question("vessels that never docked", SCHEMA, []) is None or \
        "NOT EXISTS" not in read_question("vessels that never docked", SCHEMA, []).sql   # type: ignore[union-attr]


CREW = Table("public", "crew", (Column("crew_id", "integer", False), Column("crew_name", "text"),
                                Column("vessel_id", "integer"), Column("salary", "numeric(8,2)"),
                                Column("paid", "boolean"), Column("hired_on", "date"), Column("left_on", "date")),
             ("crew_id",), (_fk("vessel_id", "vessels"),))
ROUTES = Table("public", "routes", (Column("route_id", "integer", False), Column("route_name", "text"),
                                    Column("duration_min", "integer"), Column("cap_pax", "integer")), ("route_id",))
CREWED = SchemaContext("db", "analyst", ("public",), (PORTS, VESSELS, CREW, ROUTES))


@pytest.mark.parametrize("question,sql", [
    # "tenure" is how long a row's span lasted
    ("average tenure of crew", "SELECT avg((crew.left_on - crew.hired_on)) FROM crew"),
    # a duration kept as a number is what "length" means on that table
    ("average route length", "SELECT avg(routes.duration_min) FROM routes"),
    # "highest paid": by the money the rows are paid, not a ``paid`` flag
    ("highest paid crew",
     "SELECT crew.crew_name, crew.salary FROM crew ORDER BY crew.salary DESC NULLS LAST LIMIT 1"),
    ("the 2 best paid crew",
     "SELECT crew.crew_name, crew.salary FROM crew ORDER BY crew.salary DESC NULLS LAST LIMIT 2"),
    # "largest" is by the capacity an abbreviated column keeps
    ("largest route", "SELECT routes.route_name, routes.cap_pax FROM routes ORDER BY routes.cap_pax DESC NULLS LAST LIMIT 1"),
])
def test_implied_dimensions(question: str, sql: str) -> None:
    reading = read_question(question, CREWED, [])
    assert reading is not None and reading.coverage == 1.0 and reading.sql == sql


@pytest.mark.parametrize("question,links,sql", [
    # "<verb>ed by <value> <table>" says who did it: a filter, not one row per port
    ("passengers booked by Norway ports", [("ports", "country", "Norway")],
     "SELECT sum(bookings.passengers) FROM bookings JOIN sailings ON bookings.sailing_id = sailings.sailing_id "
     "JOIN ports ON sailings.port_id = ports.port_id WHERE ports.country = 'Norway'"),
    # a share of an amount sums it
    ("what share of passengers sailed from Denmark ports", [("ports", "country", "Denmark")],
     "SELECT 100.0 * sum(bookings.passengers) FILTER (WHERE ports.country = 'Denmark') / sum(bookings.passengers) "
     "FROM bookings JOIN sailings ON bookings.sailing_id = sailings.sailing_id JOIN ports ON sailings.port_id = "
     "ports.port_id"),
    # the next N days run forward from today
    ("sailings coming up in the next 14 days", [],
     "SELECT count(*) FROM sailings WHERE sailings.departs_on >= current_date AND sailings.departs_on < "
     "current_date + 14"),
])
def test_agents_shares_and_next_days(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    assert read(question, links) == sql


def test_by_a_table_still_groups() -> None:
    reading = read_question("passengers by country", SCHEMA, [])
    assert reading is not None and "GROUP BY ports.country" in reading.sql


def test_the_n_rows_with_the_most() -> None:
    assert read("the 2 vessels with the most sailings", []) == (
        "SELECT vessels.vessel_name, count(*) FROM vessels JOIN sailings ON sailings.vessel_id = vessels.vessel_id "
        "GROUP BY vessels.vessel_id, vessels.vessel_name ORDER BY count(*) DESC LIMIT 2")


@pytest.mark.parametrize("question,sql", [
    ("how many crew have left", "SELECT count(*) FROM crew WHERE crew.left_on IS NOT NULL"),
    ("average tenure of crew who left",
     "SELECT avg((crew.left_on - crew.hired_on)) FROM crew WHERE crew.left_on IS NOT NULL"),
])
def test_rows_whose_span_ended(question: str, sql: str) -> None:
    reading = read_question(question, CREWED, [])
    assert reading is not None and reading.coverage == 1.0 and reading.sql == sql


def test_a_duration_kept_in_minutes_is_also_hours() -> None:
    reading = read_question("total route hours", CREWED, [])
    assert reading is not None and reading.coverage == 1.0
    assert reading.sql == "SELECT sum(routes.duration_min / 60.0) FROM routes"


def test_a_rate_named_after_a_stored_value() -> None:
    """"cancellation rate": the share of rows whose status is 'cancelled'."""
    assert read("sailing cancellation rate", []) == (
        "SELECT 100.0 * count(*) FILTER (WHERE sailings.status = 'cancelled') / count(*) FROM sailings")
    assert read_question("sailing success rate", SCHEMA, []) is None or "FILTER" not in \
        read_question("sailing success rate", SCHEMA, []).sql     # type: ignore[union-attr]


def test_a_period_of_what_the_verb_did() -> None:
    """"vessels that sailed last month": the sailings' date, not a date of the vessels."""
    assert read("how many vessels sailed last month", []) == (
        "SELECT count(DISTINCT vessels.vessel_id) FROM vessels JOIN sailings ON sailings.vessel_id = vessels.vessel_id "
        "WHERE " + LAST_MONTH.format(c="sailings.departs_on"))


@pytest.mark.parametrize("question,sql", [
    # "per" inside a column's name ("price per tonne") is no group
    ("average price per tonne", "SELECT avg(fuel_loads.price_per_tonne) FROM fuel_loads"),
    ("average price per tonne per vessel",
     "SELECT vessels.vessel_name, avg(fuel_loads.price_per_tonne) FROM fuel_loads JOIN vessels ON "
     "fuel_loads.vessel_id = vessels.vessel_id GROUP BY vessels.vessel_id, vessels.vessel_name"),
])
def test_per_inside_a_name(question: str, sql: str) -> None:
    assert read(question, []) == sql


@pytest.mark.parametrize("question,sql", [
    # "larger", "heaviest" with no column named: the row's one amount, or its weight unit
    ("how many fuel loads were larger than average",
     "SELECT count(*) FROM fuel_loads WHERE fuel_loads.tonnes > (SELECT avg(fuel_loads.tonnes) FROM fuel_loads)"),
    ("the heaviest fuel load",
     "SELECT fuel_loads.load_id, fuel_loads.tonnes FROM fuel_loads ORDER BY fuel_loads.tonnes DESC NULLS LAST LIMIT 1"),
    # rows without a name column are shown by their key when ranked
    ("top 3 fuel loads by price per tonne",
     "SELECT fuel_loads.load_id, fuel_loads.price_per_tonne FROM fuel_loads ORDER BY fuel_loads.price_per_tonne "
     "DESC NULLS LAST LIMIT 3"),
])
def test_sizes_and_keys(question: str, sql: str) -> None:
    assert read(question, []) == sql


@pytest.mark.parametrize("question,sql", [
    ("crew who earn more than average",
     "SELECT crew.crew_name FROM crew WHERE crew.salary > (SELECT avg(crew.salary) FROM crew)"),
    ("routes longer than the average route",
     "SELECT routes.route_name FROM routes WHERE routes.duration_min > (SELECT avg(routes.duration_min) FROM routes)"),
    ("how many routes have a duration above the mean",
     "SELECT count(*) FROM routes WHERE routes.duration_min > (SELECT avg(routes.duration_min) FROM routes)"),
])
def test_compared_with_the_average(question: str, sql: str) -> None:
    reading = read_question(question, CREWED, [])
    assert reading is not None and reading.coverage == 1.0 and reading.sql == sql


def test_the_same_month_last_year() -> None:
    assert read("booking revenue this month vs the same month last year", []) == (
        "SELECT sum(bookings.amount) FILTER (WHERE bookings.booked_at >= date_trunc('month', current_date)), "
        "sum(bookings.amount) FILTER (WHERE bookings.booked_at >= date_trunc('month', current_date) - interval "
        "'1 year' AND bookings.booked_at < date_trunc('month', current_date) - interval '1 year' + interval "
        "'1 month') FROM bookings")


DUES = Table("public", "port_dues", (Column("due_id", "integer", False), Column("sailing_id", "integer"),
                                     Column("fee", "numeric(8,2)")), ("due_id",), (_fk("sailing_id", "sailings"),))
DUED = SchemaContext("db", "analyst", ("public",), (PORTS, VESSELS, SAILINGS, BOOKINGS, DUES))


@pytest.mark.parametrize("question,links,sql", [
    # a fee named alone is its total; "paid", "booked" after an amount only repeat it
    ("fees paid for sailings from Norway ports", [("ports", "country", "Norway")],
     "SELECT sum(port_dues.fee) FROM port_dues JOIN sailings ON port_dues.sailing_id = sailings.sailing_id JOIN "
     "ports ON sailings.port_id = ports.port_id WHERE ports.country = 'Norway'"),
    ("passengers booked for cancelled sailings", [("sailings", "status", "cancelled")],
     "SELECT sum(bookings.passengers) FROM bookings JOIN sailings ON bookings.sailing_id = sailings.sailing_id "
     "WHERE sailings.status = 'cancelled'"),
])
def test_amounts_named_with_what_was_done(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    reading = read_question(question, DUED, [link(question, *x) for x in links])
    assert reading is not None and reading.coverage == 1.0 and reading.sql == sql


@pytest.mark.parametrize("question,sql", [
    ("bottom 2 vessels by booking revenue",
     "SELECT vessels.vessel_name, sum(bookings.amount) FROM vessels JOIN sailings ON sailings.vessel_id = "
     "vessels.vessel_id JOIN bookings ON bookings.sailing_id = sailings.sailing_id GROUP BY vessels.vessel_id, "
     "vessels.vessel_name ORDER BY sum(bookings.amount) ASC LIMIT 2"),
    # a category column ranked: its values, by a count or a summed amount
    ("top 2 countries by number of ports",
     "SELECT ports.country, count(*) FROM ports GROUP BY ports.country ORDER BY count(*) DESC LIMIT 2"),
])
def test_bottom_n_and_categories(question: str, sql: str) -> None:
    assert read(question, []) == sql


def test_a_category_that_brought_the_most() -> None:
    reading = read_question("which status brought the most revenue", SCHEMA, [])
    assert reading is not None and reading.sql == (
        "SELECT sailings.status FROM sailings JOIN bookings ON bookings.sailing_id = sailings.sailing_id "
        "GROUP BY sailings.status ORDER BY sum(bookings.amount) DESC NULLS LAST LIMIT 1")


def test_the_tenure_of_rows_still_open_runs_to_today() -> None:
    reading = read_question("average tenure of current crew", CREWED, [])
    assert reading is not None and reading.sql == (
        "SELECT avg((current_date - crew.hired_on)) FROM crew WHERE crew.left_on IS NULL")


def test_did_not_with_a_base_verb_and_a_period() -> None:
    assert read("ports that did not book this year", []) == (
        "SELECT ports.port_name FROM ports WHERE NOT EXISTS (SELECT 1 FROM sailings JOIN bookings ON "
        "bookings.sailing_id = sailings.sailing_id WHERE sailings.port_id = ports.port_id AND bookings.booked_at >= "
        "date_trunc('year', current_date))")


@pytest.mark.parametrize("question,sql", [
    # "how many <amount>", "how much <measure>": the total, not a count of rows
    ("how many passengers sailed this year",
     "SELECT sum(bookings.passengers) FROM bookings JOIN sailings ON bookings.sailing_id = sailings.sailing_id "
     "WHERE sailings.departs_on >= date_trunc('year', current_date)"),
    ("how much booking revenue this year",
     "SELECT sum(bookings.amount) FROM bookings WHERE bookings.booked_at >= date_trunc('year', current_date)"),
    ("how many bookings this year",
     "SELECT count(*) FROM bookings WHERE bookings.booked_at >= date_trunc('year', current_date)"),
])
def test_how_many_of_an_amount(question: str, sql: str) -> None:
    assert read(question, []) == sql


@pytest.mark.parametrize("question,sql", [
    # a measure per period is its total per period, not a count of rows
    ("monthly booking revenue",
     "SELECT date_trunc('month', bookings.booked_at) AS month, sum(bookings.amount) FROM bookings GROUP BY 1 ORDER BY 1"),
    # "per <the row itself>" is no group: the mean over all rows
    ("average passengers per booking", "SELECT avg(bookings.passengers) FROM bookings"),
])
def test_per_period_and_per_row(question: str, sql: str) -> None:
    assert read(question, []) == sql


def test_popular_counts_the_one_table_referring_to_the_rows() -> None:
    reading = read_question("the 2 most popular ports", CREWED, [])
    assert reading is not None and reading.sql == (
        "SELECT ports.port_name, count(*) FROM ports JOIN vessels ON vessels.home_port_id = ports.port_id "
        "GROUP BY ports.port_id, ports.port_name ORDER BY count(*) DESC LIMIT 2")
    assert read_question("busiest vessel", SCHEMA, []) is None      # sailings or fuel loads: not said
    assert read("most popular status", []) == (          # a category: how many of its own rows
        "SELECT sailings.status, count(*) FROM sailings GROUP BY sailings.status ORDER BY count(*) DESC LIMIT 1")
