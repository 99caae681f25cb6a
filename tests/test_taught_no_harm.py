"""Teaching never turns an untaught question wrong (issue 22): a taught example speaks only for
the words it grounds (ask.translate.taught_lexicon, ask.translate.sketch.taught).

Pure: a hand-made schema of a bike-repair business (shops, their mechanics and bikes, repairs,
workshop stoppages by fault, support tickets), written for these tests, none of the
development sets' schemas. Each test teaches one example and reads another question with and
without what it taught: the reading must not move where the example grounds nothing it says."""

from __future__ import annotations

from ask.context.examples import Example
from ask.context.value_linking import link_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.taught import idle_words
from ask.translate.taught_lexicon import build

SHOP = Table("public", "shop", (Column("shop_id", "integer", False),
                                Column("shop_name", "text", values=("Riverside", "Harbour")),
                                Column("city", "text"), Column("leased_on", "date")),
             ("shop_id",))
MECHANIC = Table("public", "mechanic", (Column("mechanic_id", "integer", False), Column("shop_id", "integer"),
                                        Column("full_name", "text")),
                 ("mechanic_id",), (ForeignKey(("shop_id",), "public", "shop", ("shop_id",)),))
BIKE = Table("public", "bike", (Column("bike_id", "integer", False), Column("shop_id", "integer"),
                                Column("model", "text")),
             ("bike_id",), (ForeignKey(("shop_id",), "public", "shop", ("shop_id",)),))
REPAIR = Table("public", "repair", (Column("repair_id", "integer", False), Column("bike_id", "integer"),
                                    Column("mechanic_id", "integer"), Column("reported_at", "date"),
                                    Column("labour_min", "integer")),
               ("repair_id",), (ForeignKey(("bike_id",), "public", "bike", ("bike_id",)),
                                ForeignKey(("mechanic_id",), "public", "mechanic", ("mechanic_id",))))
FAULT = Table("public", "ref_fault_code", (Column("fault_cd", "text", False), Column("fault_desc", "text")),
              ("fault_cd",))
STOPPAGE = Table("public", "wks_stoppage_event", (Column("event_id", "integer", False), Column("fault_cd", "text"),
                                                  Column("duration_min", "integer"), Column("start_ts", "timestamp")),
                 ("event_id",), (ForeignKey(("fault_cd",), "public", "ref_fault_code", ("fault_cd",)),))
TICKET = Table("public", "ticket", (Column("ticket_id", "integer", False), Column("team", "text"),
                                    Column("opened_on", "date", False), Column("resolved_on", "date")),
               ("ticket_id",))
SCHEMA = SchemaContext("db", "analyst", ("public",), (SHOP, MECHANIC, BIKE, REPAIR, FAULT, STOPPAGE, TICKET))


def read(question: str, *taught: tuple[str, str]) -> str | None:
    lexicon = build([Example(n, q, sql) for n, (q, sql) in enumerate(taught)], SCHEMA) if taught else None
    reading = read_question(question, SCHEMA, link_values(question, SCHEMA), lexicon)
    return reading.sql if reading is not None else None


INCIDENT_PATH = ("repairs this year by mechanics working at Riverside",
                 "SELECT count(*) FROM repair r JOIN mechanic m ON m.mechanic_id = r.mechanic_id "
                 "JOIN shop s ON s.shop_id = m.shop_id WHERE s.shop_name = 'Riverside' "
                 "AND r.reported_at >= date_trunc('year', current_date)")


def test_a_path_through_a_table_the_taught_question_names_is_that_words_not_a_habit() -> None:
    lexicon = build([Example(1, *INCIDENT_PATH)], SCHEMA)
    assert ("repair", "shop") not in lexicon.paths
    # "Riverside bikes": the bikes' shop, not the shop of the mechanic who repaired them
    sql = read("total labour minutes of repairs on Riverside bikes", INCIDENT_PATH)
    assert sql == read("total labour minutes of repairs on Riverside bikes")
    assert sql is not None and "JOIN mechanic" not in sql and "JOIN bike" in sql


def test_a_path_through_tables_the_taught_question_leaves_unsaid_is_still_taught() -> None:
    taught = ("labour minutes at Riverside", INCIDENT_PATH[1].replace("count(*)", "sum(r.labour_min)"))
    lexicon = build([Example(1, *taught)], SCHEMA)
    assert [t.name for t, _ in lexicon.paths[("repair", "shop")]] == ["mechanic", "shop"]


STOPPAGE_BY_FAULT = ("stoppage minutes by fault",
                     "SELECT f.fault_desc, sum(e.duration_min) FROM wks_stoppage_event e "
                     "JOIN ref_fault_code f ON f.fault_cd = e.fault_cd GROUP BY f.fault_desc")


def test_a_taught_table_word_before_another_tables_noun_qualifies_it() -> None:
    assert ("stoppage",) in build([Example(1, *STOPPAGE_BY_FAULT)], SCHEMA).names
    question = "top 3 stoppage faults by total minutes"
    sql = read(question, STOPPAGE_BY_FAULT)
    assert sql == read(question)
    assert sql is not None and "GROUP BY" in sql        # the faults ranked, not stoppage events listed


def test_a_taught_length_of_time_is_its_verbs_only_where_a_length_is_asked() -> None:
    taught = ("how many years have we leased Riverside",
              "SELECT date_part('year', age(s.leased_on)) FROM shop s WHERE s.shop_name = 'Riverside'")
    assert any(w in build([Example(1, *taught)], SCHEMA).names for w in (("leased",), ("lease",)))
    assert read("how many cities do we lease shops in", taught) == read("how many cities do we lease shops in")


SPAN = ("on average how many days were resolved tickets open",
        "SELECT avg(t.resolved_on - t.opened_on) FROM ticket t WHERE t.resolved_on IS NOT NULL")


def test_the_words_of_a_spans_state_name_no_date_of_it() -> None:
    lexicon = build([Example(1, *SPAN)], SCHEMA)
    assert ("open",) not in lexicon.names and ("resolved",) not in lexicon.names
    assert read("open tickets by team", SPAN) == read("open tickets by team")


def test_a_filter_taught_in_its_base_form_is_no_other_forms() -> None:
    taught = ("open tickets by team", "SELECT t.team, count(*) FROM ticket t WHERE t.resolved_on IS NULL "
                                      "GROUP BY t.team")
    lexicon = build([Example(1, *taught)], SCHEMA)
    assert ("open",) in lexicon.filters
    question = "how many tickets were opened in the last 30 days"
    sql = read(question, taught)
    assert sql == read(question) and sql is not None and "resolved_on" not in sql


PLAN = Table("public", "bike_svcplan", (Column("plan_id", "integer", False), Column("bike_id", "integer"),
                                        Column("price", "numeric")),
             ("plan_id",), (ForeignKey(("bike_id",), "public", "bike", ("bike_id",)),))


def test_words_idle_beside_a_table_cover_only_a_reading_of_it() -> None:
    # "bought SP" named the service plans whose bikes the SQL counts: idle beside that table
    # only, "bikes at Riverside that bought SP" does not read as every bike at Riverside
    schema = SchemaContext("db", "analyst", ("public",), (*SCHEMA.tables, PLAN))
    lexicon = build([Example(1, "how many bikes have bought SP",
                             "SELECT count(DISTINCT p.bike_id) FROM bike_svcplan p")], schema)
    assert {"bought", "sp"} <= lexicon.idle
    question = "bikes at Riverside that bought SP"
    links = link_values(question, schema)
    plain = read_question(question, schema, links)
    taught = read_question(question, schema, links, lexicon)
    assert plain is not None and taught is not None and "bike_svcplan" not in taught.sql
    assert taught.coverage == plain.coverage < 1
    # ... and still where the reading reads it
    assert {"bought", "sp"} <= idle_words(lexicon, "SELECT count(DISTINCT bike_svcplan.bike_id) FROM bike_svcplan")
    assert not idle_words(lexicon, "SELECT bike.model FROM bike JOIN shop ON bike.shop_id = shop.shop_id")


def test_an_anti_join_teaches_the_word_for_the_rows_it_shows() -> None:
    # what an example with a subquery teaches: the words before the clause the subquery says
    # name the outer query's rows; the clause's own words teach nothing, and none is idle
    taught = ("garages that never had a repair",
              "SELECT s.shop_name FROM shop s WHERE NOT EXISTS (SELECT 1 FROM repair r "
              "JOIN bike b ON b.bike_id = r.bike_id WHERE b.shop_id = s.shop_id)")
    lexicon = build([Example(1, *taught)], SCHEMA)
    assert dict(lexicon.names) == {("garage",): ((SHOP, None),)} and not lexicon.idle
    assert read("how many garages are there") is None
    assert read("how many garages are there", taught) == "SELECT count(*) FROM shop"


def test_a_word_an_abbreviated_table_name_shortens_names_that_table_not_its_column() -> None:
    from ask.translate.taught_lexicon import _names_the_table
    requests = Table("public", "chg_req", (Column("cr_id", "integer", False), Column("cr_amt", "numeric(10,2)")),
                     ("cr_id",))
    # "*change* request value": the change requests' (``chg``), no name of their amount
    assert _names_the_table(("change",), (requests, requests.columns[1], None))
    assert not _names_the_table(("value",), (requests, requests.columns[1], None))


def test_a_taught_date_dates_no_table_whose_rows_have_many_of_its_rows() -> None:
    from ask.translate.sketch.filters import _taught_date
    # repairs were taught dated by ``reported_at``: a mechanic has many repairs, so "mechanics
    # yesterday" are no mechanics with a repair yesterday; a repair's line has its repair's date
    assert _taught_date(MECHANIC, SCHEMA, {"repair": "reported_at"}) is None
    lines = Table("public", "repair_line", (Column("line_id", "integer", False), Column("repair_id", "integer"),
                                            Column("part", "text")),
                  ("line_id",), (ForeignKey(("repair_id",), "public", "repair", ("repair_id",)),))
    schema = SchemaContext("db", "analyst", ("public",), (*SCHEMA.tables, lines))
    assert _taught_date(lines, schema, {"repair": "reported_at"}) == (REPAIR, REPAIR.columns[3])


def test_a_question_in_capitals_is_the_taught_one_and_pct_a_percentage() -> None:
    from ask.context.examples import ExampleIndex
    index = ExampleIndex([Example(1, "how many mechanics work at Riverside",
                                  "SELECT count(*) FROM mechanic m JOIN shop s ON s.shop_id = m.shop_id "
                                  "WHERE s.shop_name = 'Riverside'"),
                          Example(2, "percentage of repairs over 60 minutes",
                                  "SELECT 100.0 * count(*) FILTER (WHERE r.labour_min > 60) / count(*) FROM repair r")])
    for question in ("HOW MANY MECHANICS WORK AT RIVERSIDE", "HOW MANY MECHANICS WORK AT HARBOUR",
                     "pct of repairs over 60 minutes"):
        found = index.paraphrase(question, link_values(question, SCHEMA), SCHEMA)
        assert found is not None, question
        assert ("'Harbour'" in found.sql) == ("HARBOUR" in question)
