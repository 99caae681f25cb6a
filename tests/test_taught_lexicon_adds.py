"""The taught lexicon only adds what the reader lacks (issue 22): a word the schema's names
place as a table is no column of another table, and a word left beside the words that name an
expression's column is no name of the expression (ask.translate.taught_lexicon).

Pure: a hand-made schema (tenants, their leases and lease payments, coaching blocks of
sessions), written for these tests, none of the development sets' schemas."""

from __future__ import annotations

from ask.context.examples import Example
from ask.context.value_linking import link_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.taught_lexicon import align, build

TENANT = Table("public", "tenant", (Column("tenant_id", "integer", False), Column("full_name", "text")),
               ("tenant_id",))
LEASE = Table("public", "lease", (Column("lease_id", "integer", False), Column("tenant_id", "integer"),
                                  Column("status", "text", values=("active", "ended"))),
              ("lease_id",), (ForeignKey(("tenant_id",), "public", "tenant", ("tenant_id",)),))
PAYMENT = Table("public", "lease_payment", (Column("payment_id", "integer", False), Column("lease_id", "integer"),
                                            Column("amount", "numeric(8,2)"), Column("paid_on", "date")),
                ("payment_id",), (ForeignKey(("lease_id",), "public", "lease", ("lease_id",)),))
BLOCK = Table("public", "coaching_block", (Column("block_id", "integer", False), Column("tenant_id", "integer"),
                                           Column("sessions_done", "integer"), Column("sessions_bought", "integer"),
                                           Column("price", "numeric(8,2)")),
              ("block_id",), (ForeignKey(("tenant_id",), "public", "tenant", ("tenant_id",)),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (TENANT, LEASE, PAYMENT, BLOCK))

COLLECTED = "SELECT sum(p.amount) FROM lease_payment p WHERE p.paid_on >= date_trunc('month', current_date)"
USED = "SELECT 100.0 * sum(b.sessions_done) / sum(b.sessions_bought) FROM coaching_block b"


def taught(question: str, sql: str) -> list[tuple[tuple[str, ...], str, str | None, str | None]]:
    aligned = align(question, sql, SCHEMA)
    assert aligned is not None
    return [(a.words, a.table.name, getattr(a.column, "expr", "") or (a.column.name if a.column else None),
             a.condition) for a in aligned.alignments]


def test_a_word_the_schema_places_as_a_table_is_no_column_of_another_table() -> None:
    # "tenant" names the tenants (two keys from the payments summed): the money is the
    # payments' of tenants, not what "tenant" means
    assert taught("tenant money collected this month", COLLECTED) == []
    lexicon = build([Example(1, "tenant money collected this month", COLLECTED),
                     Example(2, "tenant payments this month", COLLECTED)], SCHEMA)
    assert ("tenant",) not in lexicon.names
    question = "how many tenants are there"
    assert read_question(question, SCHEMA, (), lexicon) == read_question(question, SCHEMA)
    # a word no name of the schema places is taught as before
    assert taught("tenancy money collected this month", COLLECTED) == [
        (("tenancy",), "lease_payment", "lease_payment.amount", None)]


def test_a_word_beside_the_words_naming_an_expressions_column_is_no_name_of_it() -> None:
    # "sessions done" names one of the percentage's columns: "private" says nothing of it
    assert taught("percentage of private sessions done across all blocks", USED) == []
    lexicon = build([Example(1, "percentage of private sessions done across all blocks", USED)], SCHEMA)
    question = "top 3 tenants by private block price"
    assert read_question(question, SCHEMA, (), lexicon) == read_question(question, SCHEMA)
    # words naming none of its columns are its name, as before
    assert taught("private utilisation across all blocks", USED) == [
        (("private", "utilisation"), "coaching_block",
         "100.0 * SUM(coaching_block.sessions_done) / SUM(coaching_block.sessions_bought)", None)]


def test_a_constant_the_question_states_names_the_table_holding_it() -> None:
    # "Ada Park" (no value linking links it) is compared in the tenants' names: the tenants
    # are read for it, so no word left ("still") is the tenants' word
    sql = ("SELECT l.lease_id FROM lease l JOIN tenant t ON t.tenant_id = l.tenant_id "
           "WHERE t.full_name = 'Ada Park' AND l.status = 'active'")
    assert taught("leases of Ada Park that are still active", sql) == []
    # and the words left are what the condition nothing states means
    assert taught("leases of Ada Park that are still running", sql) == [
        (("still", "running"), "lease", None, "lease.status = 'active'")]


def test_a_key_to_a_table_the_question_names_is_that_tables_rows_not_a_words_table() -> None:
    # the tenants counted by the blocks' key to them: the blocks are a bridge, "trained" no
    # word for them (taught so, "tenants we trained" would join blocks into every question)
    assert taught("how many tenants have we trained",
                  "SELECT count(DISTINCT b.tenant_id) FROM coaching_block b") == []
    # a table read for a key of its own is still the word left's
    assert taught("how many mentoring tenants", "SELECT count(DISTINCT b.block_id) FROM coaching_block b") == [
        (("mentoring",), "coaching_block", None, None)]


# A transit schema of its own: rides tapped at stops on routes run out of depots; a stop's
# ``wheelchair_boarding`` spells "boarding" on a table the rides key into.
DEPOT = Table("public", "depot", (Column("depot_id", "integer", False),
                                  Column("depot_name", "text", values=("South Yard", "North Garage"))), ("depot_id",))
ROUTE = Table("public", "route", (Column("route_id", "integer", False), Column("route_name", "text"),
                                  Column("depot_id", "integer")),
              ("route_id",), (ForeignKey(("depot_id",), "public", "depot", ("depot_id",)),))
STOP = Table("public", "stop", (Column("stop_id", "integer", False), Column("stop_name", "text"),
                                Column("wheelchair_boarding", "smallint")), ("stop_id",))
RIDE = Table("public", "ride", (Column("ride_id", "bigint", False), Column("stop_id", "integer"),
                                Column("route_id", "integer"), Column("tapped_at", "timestamp with time zone")),
             ("ride_id",), (ForeignKey(("stop_id",), "public", "stop", ("stop_id",)),
                            ForeignKey(("route_id",), "public", "route", ("route_id",))))
TRANSIT = SchemaContext("db", "analyst", ("public",), (DEPOT, ROUTE, STOP, RIDE))


def test_a_column_of_a_table_the_sql_never_reads_places_no_word() -> None:
    # "boardings" spells the stops' wheelchair_boarding, but the SQL never reads the stops (it
    # only keys into them): the word is left, beside "run out", so nothing is taught. Set aside
    # as placed, it left "run out" alone against the rides counted, and every later "run out"
    # would have read as the rides.
    sql = ("SELECT count(*) FROM ride r JOIN route o ON o.route_id = r.route_id "
           "JOIN depot d ON d.depot_id = o.depot_id WHERE d.depot_name = 'South Yard' "
           "AND r.tapped_at >= date_trunc('month', current_date) - interval '1 month' "
           "AND r.tapped_at < date_trunc('month', current_date)")
    question = "boardings last month on routes run out of South Yard"
    aligned = align(question, sql, TRANSIT)
    assert aligned is not None and aligned.alignments == ()
    assert ("run", "out") not in build([Example(1, question, sql)], TRANSIT).names


GAME = Table("public", "game", (Column("game_id", "integer", False), Column("map_name", "text"),
                                Column("played_on", "date")), ("game_id",))
MAP_RESULT = Table("public", "map_result", (Column("result_id", "integer", False), Column("game_id", "integer"),
                                            Column("duration_min", "integer")),
                   ("result_id",), (ForeignKey(("game_id",), "public", "game", ("game_id",)),))
GAMES = SchemaContext("db", "analyst", ("public",), (GAME, MAP_RESULT))


def test_a_word_of_the_tables_own_name_is_no_name_of_its_column() -> None:
    # "map" is a word of map_result's own name: it says whose duration is averaged, and taught
    # as the duration every later "map" ("team with the most map wins") would sum minutes
    sql = "SELECT avg(r.duration_min) FROM map_result r"
    aligned = align("avg map length in minutes", sql, GAMES)
    assert aligned is not None
    assert all(a.words != ("map",) for a in aligned.alignments)
    assert ("map",) not in build([Example(1, "avg map length in minutes", sql)], GAMES).names


TICKET = Table("public", "ticket", (Column("ticket_id", "integer", False), Column("title", "text"),
                                    Column("openeddate", "date"), Column("closeddate", "date")), ("ticket_id",))
TICKETS = SchemaContext("db", "analyst", ("public",), (TICKET,))


def test_a_taught_filter_another_condition_contradicts_is_taken_back() -> None:
    # "open" taught as no close date; "closed tickets" is the reader's own close date set:
    # both together would select nothing, and the reading stays the plain one
    lexicon = build([Example(1, "how many tickets are open", "SELECT count(*) FROM ticket t WHERE t.closeddate IS NULL")],
                    TICKETS)
    assert lexicon.filters[("open",)].condition == "ticket.closeddate IS NULL"
    question = "on average how many days were closed tickets open"
    taught = read_question(question, TICKETS, (), lexicon)
    assert taught is not None and "IS NULL" not in taught.sql.replace("IS NOT NULL", "")
    assert taught.sql == read_question(question, TICKETS).sql      # type: ignore[union-attr]
    # where nothing contradicts it, the taught filter stands
    open_ones = read_question("open tickets opened this year", TICKETS, (), lexicon)
    assert open_ones is not None and "WHERE ticket.closeddate IS NULL AND ticket.openeddate >=" in open_ones.sql


def test_conditions_that_cannot_both_hold() -> None:
    from ask.translate.sketch.taught import _contradict
    assert _contradict("t.x IS NULL", "t.x IS NOT NULL")
    assert _contradict("t.s = 'open'", "t.a > 1 AND t.s = 'closed'")
    assert not _contradict("t.s = 'open'", "t.s = 'open'")
    assert not _contradict("t.x IS NULL", "t.y IS NOT NULL")
    assert not _contradict("t.s = 'a' OR t.s = 'b'", "t.s = 'c'")
    assert not _contradict("t.s = 'it''s AND t.x IS NULL'", "t.x IS NOT NULL")


INCIDENT = Table("public", "incident", (Column("incident_id", "integer", False),
                                        Column("kind", "text", values=("mechanical", "medical")),
                                        Column("reported_at", "timestamp with time zone")), ("incident_id",))


def test_a_possessive_period_is_read_as_the_reader_reads_it() -> None:
    # "this year's" is the period the SQL's date condition says, as the reader reads it; read
    # as the word "year'" it was taught as that condition's name
    lexicon = build([Example(1, "percentage of this year's incidents that were mechanical",
                             "SELECT 100.0 * count(*) FILTER (WHERE i.kind = 'mechanical') / count(*) "
                             "FROM incident i WHERE i.reported_at >= date_trunc('year', current_date)")],
                    SchemaContext("db", "analyst", ("public",), (INCIDENT,)))
    assert not lexicon.filters and not lexicon.names


PRESS = Table("public", "press", (Column("press_id", "integer", False),
                                  Column("mfr_nm", "text", values=("Fanuc", "Haas")), Column("bay", "text")),
              ("press_id",))
STOPPAGE = Table("public", "stoppage", (Column("stoppage_id", "integer", False), Column("press_id", "integer"),
                                        Column("duration_min", "integer")),
                 ("stoppage_id",), (ForeignKey(("press_id",), "public", "press", ("press_id",)),))
PRESSES = SchemaContext("db", "analyst", ("public",), (PRESS, STOPPAGE))


def test_the_word_after_a_stored_value_is_its_kind_no_other_elements_name() -> None:
    # "Fanuc equipment": the presses whose maker is Fanuc; "equipment" is no name of the
    # stoppages' minutes that the SQL sums
    question = "stoppage minutes on Fanuc equipment"
    sql = ("SELECT sum(e.duration_min) FROM stoppage e JOIN press m ON m.press_id = e.press_id "
           "WHERE m.mfr_nm = 'Fanuc'")
    aligned = align(question, sql, PRESSES, link_values(question, PRESSES))
    assert aligned is not None and aligned.alignments == ()
    assert ("equipment",) not in build([Example(1, question, sql)], PRESSES).names


CROP = Table("public", "crop", (Column("crop_id", "integer", False),
                                Column("crop_name", "text", values=("Wheat", "Barley"))), ("crop_id",))
DELIVERY = Table("public", "delivery", (Column("delivery_id", "integer", False), Column("crop_id", "integer"),
                                        Column("net_kg", "numeric(10,1)"), Column("delivered_on", "date")),
                 ("delivery_id",), (ForeignKey(("crop_id",), "public", "crop", ("crop_id",)),))
CROPS = SchemaContext("db", "analyst", ("public",), (CROP, DELIVERY))


def test_a_scaled_sum_is_taught_as_the_scaled_row_and_summed() -> None:
    # "tonnage" taught as sum(net_kg) / 1000.0 is the tonnes of a row, summed; kept as the
    # aggregate, "total tonnage" read as sum(SUM(...) / 1000.0), which PostgreSQL refuses
    lexicon = build([Example(1, "tonnage by crop", "SELECT c.crop_name, sum(d.net_kg) / 1000.0 FROM delivery d "
                                                   "JOIN crop c ON c.crop_id = d.crop_id GROUP BY c.crop_name")], CROPS)
    ((table, measure),) = lexicon.names[("tonnage",)]
    assert table is DELIVERY and getattr(measure, "expr", None) == "delivery.net_kg / 1000.0"
    question = "total tonnage of Wheat"
    reading = read_question(question, CROPS, link_values(question, CROPS), lexicon)
    assert reading is not None and reading.sql.startswith("SELECT sum(delivery.net_kg / 1000.0) FROM delivery")
