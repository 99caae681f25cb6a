"""The taught lexicon (ask.translate.taught_lexicon): what taught examples say a user's words mean,
and how the plain reader reads untaught questions with it.

Pure: a hand-made schema whose names do not spell the words its users say ("patrons" for
``members``, "levied" for ``charges.amount``, "overdue" for an unreturned loan past its due
date); exact alignments and exact SQL out, with and without the lexicon."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ask.context.examples import Example, ExampleIndex
from ask.context.value_linking import ValueMatch, link_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.spelling import Unreadable, fk_path, join_path
from ask.context.refusal import assess
from ask.planner import AskPlanner
from ask.translate.taught_lexicon import align, build, leaves_out, taught_lexicon, taught_words

MEMBERS = Table("public", "members", (Column("member_id", "integer", False), Column("full_name", "text"),
                                      Column("card_type", "text", values=("adult", "senior"))),
                ("member_id",))
LOANS = Table("public", "loans", (Column("loan_id", "integer", False), Column("member_id", "integer"),
                                  Column("due_date", "date"), Column("returned_on", "date")),
              ("loan_id",), (ForeignKey(("member_id",), "public", "members", ("member_id",)),))
CHARGES = Table("public", "charges", (Column("charge_id", "integer", False), Column("member_id", "integer"),
                                      Column("amount", "numeric(8,2)")),
                ("charge_id",), (ForeignKey(("member_id",), "public", "members", ("member_id",)),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (MEMBERS, LOANS, CHARGES))

PATRONS = Example(1, "how many patrons are there", "SELECT count(*) FROM members")
LEVIED = Example(2, "how much was levied", "SELECT sum(c.amount) FROM charges c")
OVERDUE = Example(3, "list overdue loans",
                  "SELECT l.loan_id FROM loans l WHERE l.due_date < current_date AND l.returned_on IS NULL")
PREMIUM = Example(4, "premium members", "SELECT m.full_name FROM members m WHERE m.card_type = 'senior'")


def entries(example: Example) -> list[tuple[tuple[str, ...], str, str | None, str | None]]:
    aligned = align(example.question, example.sql, SCHEMA)
    assert aligned is not None
    return [(a.words, a.table.name, getattr(a.column, "expr", "") or (a.column.name if a.column else None),
             a.condition) for a in aligned.alignments]


def test_a_noun_the_schema_does_not_spell_is_the_table_its_sql_reads() -> None:
    assert entries(PATRONS) == [(("patron",), "members", None, None)]


def test_a_measure_word_is_the_expression_its_sql_sums() -> None:
    assert entries(LEVIED) == [(("levied",), "charges", "charges.amount", None)]


def test_a_phrase_is_the_conditions_nothing_else_in_the_question_states() -> None:
    assert entries(OVERDUE) == [(("overdue",), "loans", None,
                                 "loans.due_date < CURRENT_DATE AND loans.returned_on IS NULL")]
    assert entries(PREMIUM) == [(("premium",), "members", None, "members.card_type = 'senior'")]


def test_a_value_the_question_names_explains_its_condition() -> None:
    aligned = align("senior members", "SELECT m.full_name FROM members m WHERE m.card_type = 'senior'", SCHEMA)
    assert aligned is not None and aligned.alignments == ()


def test_a_value_named_in_part_explains_its_condition() -> None:
    # "Downtown Senior" of 'Downtown Senior Centre': the value's, not the verb's ("borrow")
    sql = ("SELECT l.loan_id FROM loans l JOIN members m ON m.member_id = l.member_id "
           "WHERE m.full_name = 'Downtown Senior Centre'")
    aligned = align("loans Downtown Senior borrow", sql, SCHEMA)
    assert aligned is not None and aligned.alignments == ()
    aligned = align("loans Downtown borrow", sql, SCHEMA)      # one word of it: still unexplained
    assert aligned is not None and [a.words for a in aligned.alignments] == [("downtown", "borrow")]


def test_two_unexplained_runs_for_one_element_teach_nothing() -> None:
    aligned = align("patrons that borrowed the most", "SELECT m.full_name FROM members m", SCHEMA)
    assert aligned is not None and aligned.alignments == ()
    assert align("patrons or guests", "SELECT m.full_name FROM members m WHERE m.card_type = 'a' OR "
                 "m.card_type = 'b'", SCHEMA) is None      # an OR: nothing to tell apart


def test_a_word_two_examples_align_differently_is_dropped() -> None:
    other = Example(5, "premium loans", "SELECT l.loan_id FROM loans l WHERE l.returned_on IS NULL")
    lexicon = build([PREMIUM, PATRONS, other], SCHEMA)
    assert ("premium",) not in lexicon.filters and ("patron",) in lexicon.names
    assert ("premium",) in build([PREMIUM, PATRONS], SCHEMA).filters


def test_the_reader_reads_untaught_questions_with_the_taught_words() -> None:
    lexicon = build([PATRONS, LEVIED, OVERDUE, PREMIUM], SCHEMA)
    cases = [
        ("how many premium patrons",
         "SELECT count(*) FROM members WHERE members.card_type = 'senior'"),
        ("levied per member",
         "SELECT members.full_name, sum(charges.amount) FROM charges JOIN members ON "
         "charges.member_id = members.member_id GROUP BY members.member_id, members.full_name"),
        ("how many overdue loans",
         "SELECT count(*) FROM loans WHERE loans.due_date < CURRENT_DATE AND loans.returned_on IS NULL"),
    ]
    for question, sql in cases:
        without = read_question(question, SCHEMA)
        taught = read_question(question, SCHEMA, (), lexicon)
        assert taught is not None and taught.sql == sql and taught.coverage == 1.0, question
        assert without is None or without.sql != sql or without.coverage < 0.75, question


def test_words_a_taught_sql_needed_nothing_for_count_as_covered() -> None:
    lexicon = build([Example(6, "how many loans ended up being made", "SELECT count(*) FROM loans")], SCHEMA)
    assert lexicon.idle == frozenset({"ended", "up"}) and not lexicon.names
    before = read_question("loans ended up", SCHEMA)
    after = read_question("loans ended up", SCHEMA, (), lexicon)
    assert before is not None and after is not None and after.sql == before.sql
    assert before.coverage < after.coverage == 1.0


def test_the_lexicon_is_built_once_per_index_and_schema() -> None:
    index = ExampleIndex([PATRONS])
    first = taught_lexicon(index, SCHEMA)
    assert taught_lexicon(index, SCHEMA) is first and first.digest
    again = taught_lexicon(ExampleIndex([PATRONS, LEVIED]), SCHEMA)
    assert again is not first and again.digest != first.digest and ("levied",) in again.names
    assert not taught_lexicon(ExampleIndex([]), SCHEMA)


ORDERS = Table("public", "orders", (Column("order_id", "integer", False),
                                    Column("status", "text", values=("paid", "void")),
                                    Column("ordered_at", "date"), Column("shipped_at", "date")), ("order_id",))
LINES = Table("public", "lines", (Column("line_id", "integer", False), Column("order_id", "integer"),
                                  Column("qty", "integer"), Column("unit_price", "numeric(8,2)")),
              ("line_id",), (ForeignKey(("order_id",), "public", "orders", ("order_id",)),))
SHOP = SchemaContext("db", "analyst", ("public",), (ORDERS, LINES))


def sales(question: str, unit: str, status: str = "o.status = 'paid' AND ") -> Example:
    return Example(len(question), question,
                   "SELECT sum(l.qty * l.unit_price) FROM lines l JOIN orders o ON o.order_id = l.order_id "
                   f"WHERE {status}o.shipped_at >= date_trunc('{unit}', current_date) - interval '1 {unit}' "
                   f"AND o.shipped_at < date_trunc('{unit}', current_date)")


def test_a_condition_every_taught_sum_adds_unasked_is_implied_by_such_sums() -> None:
    lexicon = build([sales("revenue last month", "month"), sales("revenue last year", "year")], SHOP)
    assert {t: [f.condition for f in fs] for t, fs in lexicon.implied.items()} == {
        "lines": ["orders.status = 'paid'"]}
    assert lexicon.dates == {"orders": "shipped_at"}
    assert not lexicon.filters and not lexicon.names      # no word is the condition
    plain = read_question("revenue", SHOP)
    taught = read_question("revenue", SHOP, (), lexicon)
    assert plain is not None and plain.sql == "SELECT sum(lines.qty * lines.unit_price) FROM lines"
    assert taught is not None and taught.sql == (
        "SELECT sum(lines.qty * lines.unit_price) FROM lines JOIN orders ON lines.order_id = orders.order_id "
        "WHERE orders.status = 'paid'")
    void = [ValueMatch("orders", "status", "void", 2, 3, 1.0)]
    asked = read_question("revenue of void orders", SHOP, void, lexicon)
    assert asked is not None and "'paid'" not in asked.sql and "'void'" in asked.sql
    counted = read_question("how many orders", SHOP, (), lexicon)     # a count sums nothing
    assert counted is not None and counted.sql == "SELECT count(*) FROM orders"


def test_one_taught_sum_without_the_condition_or_a_single_example_implies_nothing() -> None:
    assert not build([sales("revenue last month", "month"), sales("revenue last year", "year", "")],
                     SHOP).implied
    assert not build([sales("revenue last month", "month")], SHOP).implied


def test_periods_go_on_the_date_taught_periods_were_on() -> None:
    lexicon = build([sales("revenue last month", "month"), sales("revenue last year", "year")], SHOP)
    plain = read_question("revenue last week", SHOP)     # lines have no date: their order's first one
    assert plain is not None and "orders.ordered_at >=" in plain.sql and "shipped_at" not in plain.sql
    taught = read_question("revenue last week", SHOP, (), lexicon)
    assert taught is not None and taught.sql == (
        "SELECT sum(lines.qty * lines.unit_price) FROM lines JOIN orders ON lines.order_id = orders.order_id "
        "WHERE orders.shipped_at >= date_trunc('week', current_date) - interval '1 week' "
        "AND orders.shipped_at < date_trunc('week', current_date) AND orders.status = 'paid'")
    two = build([sales("revenue last month", "month"),
                 Example(9, "revenue last year", sales("x", "year").sql.replace("shipped_at", "ordered_at"))], SHOP)
    assert two.dates == {}          # periods on two dates of one table: no preference


def test_a_taught_filter_never_takes_a_word_the_schema_names() -> None:
    lexicon = build([Example(7, "stale loans", "SELECT l.loan_id FROM loans l WHERE l.returned_on IS NULL")],
                    SCHEMA)
    assert list(lexicon.filters) == [("stale",)]
    named = SchemaContext("db", "analyst", ("public",), (MEMBERS, LOANS, CHARGES, Table(
        "public", "visits", (Column("visit_id", "integer", False), Column("stale_days", "integer")), ("visit_id",))))
    reading = read_question("average stale days of visits", named, (), lexicon)
    assert reading is not None and reading.sql == "SELECT avg(visits.stale_days) FROM visits"
    taught = read_question("how many stale loans", SCHEMA, (), lexicon)
    assert taught is not None and taught.sql == "SELECT count(*) FROM loans WHERE loans.returned_on IS NULL"


REGIONS = Table("public", "regions", (Column("region_id", "integer", False),
                                      Column("name", "text", values=("North", "South"))), ("region_id",))
STORES = Table("public", "stores", (Column("store_id", "integer", False), Column("region_id", "integer"),
                                    Column("name", "text")),
               ("store_id",), (ForeignKey(("region_id",), "public", "regions", ("region_id",)),))
BUYERS = Table("public", "buyers", (Column("buyer_id", "integer", False), Column("region_id", "integer"),
                                    Column("name", "text")),
               ("buyer_id",), (ForeignKey(("region_id",), "public", "regions", ("region_id",)),))
SALES = Table("public", "sales", (Column("sale_id", "integer", False), Column("buyer_id", "integer"),
                                  Column("store_id", "integer"), Column("amount", "numeric")), ("sale_id",),
              (ForeignKey(("buyer_id",), "public", "buyers", ("buyer_id",)),
               ForeignKey(("store_id",), "public", "stores", ("store_id",))))
TRADE = SchemaContext("db", "analyst", ("public",), (REGIONS, STORES, BUYERS, SALES))


def test_of_two_equally_short_join_paths_the_taught_one_is_taken() -> None:
    lexicon = build([Example(1, "total amount of sales in South",
                             "SELECT sum(x.amount) FROM sales x JOIN stores s ON s.store_id = x.store_id "
                             "JOIN regions r ON r.region_id = s.region_id WHERE r.name = 'South'")], TRADE)
    assert lexicon.joins == {frozenset(("sales", "stores")), frozenset(("stores", "regions"))}
    north = [ValueMatch("regions", "name", "North", 5, 6, 1.0)]
    plain = read_question("how many sales in the North", TRADE, north)
    taught = read_question("how many sales in the North", TRADE, north, lexicon)
    assert plain is not None and "JOIN buyers" in plain.sql
    assert taught is not None and taught.sql == (
        "SELECT count(*) FROM sales JOIN stores ON sales.store_id = stores.store_id "
        "JOIN regions ON stores.region_id = regions.region_id WHERE regions.name = 'North'")


def test_of_equally_short_join_paths_the_one_with_more_taught_pairs_is_taken() -> None:
    # both first steps are taught; only the path through stores is taught all the way
    taught = frozenset({frozenset(("sales", "buyers")), frozenset(("sales", "stores")),
                        frozenset(("stores", "regions"))})
    path = fk_path(TRADE, SALES, REGIONS, {id(SALES)}, taught)
    assert path is not None and [t.name for t, _ in path] == ["stores", "regions"]
    plain = fk_path(TRADE, SALES, REGIONS, {id(SALES)})
    assert plain is not None and [t.name for t, _ in plain] == ["buyers", "regions"]


def test_of_equally_short_join_paths_the_one_through_a_table_needed_anyway_is_taken() -> None:
    path = fk_path(TRADE, SALES, REGIONS, {id(SALES)}, frozenset(), frozenset({id(STORES)}))
    assert path is not None and [t.name for t, _ in path] == ["stores", "regions"]


AREAS = Table("public", "areas", (Column("area_id", "integer", False), Column("name", "text")),
              ("area_id",), comment="sales regions")
BOOKED = Table("public", "booked", (Column("order_id", "integer", False), Column("area_id", "integer")),
               ("order_id",), (ForeignKey(("area_id",), "public", "areas", ("area_id",)),))
ITEMS = Table("public", "items", (Column("item_id", "integer", False), Column("order_id", "integer"),
                                  Column("qty", "integer"), Column("unit_price", "numeric(8,2)")),
              ("item_id",), (ForeignKey(("order_id",), "public", "booked", ("order_id",)),))
AREA_SALES = SchemaContext("db", "analyst", ("public",), (AREAS, BOOKED, ITEMS))


TRADE_AREAS = SchemaContext("db", "analyst", ("public",), (
    Table("public", "areas", (Column("area_id", "integer", False), Column("name", "text")), ("area_id",),
          comment="trade regions"), BOOKED, ITEMS))


def test_a_word_the_schema_spells_for_a_table_the_taught_sql_never_reaches_is_taught_over_it() -> None:
    # the schema says "trade" is the areas (their description); the user's SQL for "trade"
    # sums items and reads no area, nor a table keyed to one
    lexicon = build([Example(1, "trade", "SELECT sum(i.qty * i.unit_price) FROM items i")], TRADE_AREAS)
    assert [(k, [(t.name, getattr(c, "expr", "")) for t, c in v]) for k, v in lexicon.names.items()] == [
        (("trade",), [("items", "items.qty * items.unit_price")])]
    plain = read_question("trade per area", TRADE_AREAS)
    assert plain is not None and plain.sql == (
        "SELECT areas.name, count(*) FROM areas GROUP BY areas.area_id, areas.name")
    taught = read_question("trade per area", TRADE_AREAS, (), lexicon)
    assert taught is not None and taught.sql == (
        "SELECT areas.name, sum(items.qty * items.unit_price) FROM items JOIN booked ON "
        "items.order_id = booked.order_id JOIN areas ON booked.area_id = areas.area_id "
        "GROUP BY areas.area_id, areas.name")


def test_sales_the_schema_implies_need_no_teaching_over_a_description() -> None:
    # "sales regions" describes the areas, but "sales" is the revenue the items imply: read so
    # untaught, and the same SQL taught adds nothing
    lexicon = build([Example(1, "sales", "SELECT sum(i.qty * i.unit_price) FROM items i")], AREA_SALES)
    assert not lexicon.names
    plain = read_question("sales per area", AREA_SALES)
    assert plain is not None and plain.sql == (
        "SELECT areas.name, sum(items.qty * items.unit_price) FROM items JOIN booked ON "
        "items.order_id = booked.order_id JOIN areas ON booked.area_id = areas.area_id "
        "GROUP BY areas.area_id, areas.name")


def test_a_word_for_a_table_the_taught_sql_keys_into_stays_the_schemas() -> None:
    # "distinct sales regions" counted by booked.area_id: the areas are what it means
    lexicon = build([Example(1, "number of distinct sales regions ordered from",
                             "SELECT count(DISTINCT b.area_id) FROM booked b")], AREA_SALES)
    assert not [k for k in lexicon.names if k in (("sale",), ("region",), ("sale", "region"))]


def test_a_word_a_joining_sql_needed_nothing_for_is_the_joins_verb_not_idle() -> None:
    # "borrowed by": the join of loans and members says it; elsewhere the verb may carry
    # what no join does, so it does not count as covered
    joined = Example(8, "loans borrowed by members",
                     "SELECT l.loan_id FROM loans l JOIN members m ON m.member_id = l.member_id")
    aligned = align(joined.question, joined.sql, SCHEMA)
    assert aligned is not None and "borrowed" in aligned.idle
    assert "borrowed" not in build([joined], SCHEMA).idle
    alone = Example(9, "loans borrowed", "SELECT l.loan_id FROM loans l")
    assert "borrowed" in build([alone], SCHEMA).idle


def test_a_name_the_sql_compares_is_no_word_for_its_table() -> None:
    aligned = align("how many loans has Ada Lark taken",
                    "SELECT count(*) FROM loans l JOIN members m ON m.member_id = l.member_id "
                    "WHERE m.full_name = 'Ada Lark'", SCHEMA)
    assert aligned is not None and all(a.words != ("ada", "lark") for a in aligned.alignments)


# A gym: bookings of lessons (dated), and routes (dated) climbed in ascents; bookings and routes
# are not keyed to each other, nor through one table.
GYM_MEMBER = Table("public", "member", (Column("id", "integer", False), Column("plan", "text")), ("id",))
LESSON = Table("public", "lesson", (Column("id", "integer", False), Column("starts_at", "timestamp")), ("id",))
BOOKING = Table("public", "lesson_booking", (Column("lesson_id", "integer"), Column("member_id", "integer"),
                                             Column("paid", "numeric")), (),
                (ForeignKey(("lesson_id",), "public", "lesson", ("id",)),
                 ForeignKey(("member_id",), "public", "member", ("id",))))
ROUTE = Table("public", "route", (Column("id", "integer", False), Column("wall", "text"),
                                  Column("set_on", "date")), ("id",))
ASCENT = Table("public", "ascent", (Column("id", "integer", False), Column("member_id", "integer"),
                                    Column("route_id", "integer")), ("id",),
               (ForeignKey(("member_id",), "public", "member", ("id",)),
                ForeignKey(("route_id",), "public", "route", ("id",))))
GYM = SchemaContext("gym", "analyst", ("public",), (GYM_MEMBER, LESSON, BOOKING, ROUTE, ASCENT))


def test_a_taught_date_dates_only_tables_keyed_to_its_own() -> None:
    lexicon = build([Example(1, "how many routes were set in the last 30 days",
                             "SELECT count(*) FROM route r WHERE r.set_on >= current_date - 30")], GYM)
    assert lexicon.dates == {"route": "set_on"}
    reading = read_question("how many different members booked a lesson last month", GYM, (), lexicon)
    assert reading is not None and reading.sql == (
        "SELECT count(DISTINCT member.id) FROM member JOIN lesson_booking ON lesson_booking.member_id "
        "= member.id JOIN lesson ON lesson_booking.lesson_id = lesson.id WHERE lesson.starts_at >= "
        "date_trunc('month', current_date) - interval '1 month' AND lesson.starts_at < "
        "date_trunc('month', current_date)")


COUNTRIES = Table("public", "countries", (Column("code", "text", False), Column("name", "text"),
                                          Column("continent", "text", values=("Asia", "Europe")),
                                          Column("population", "integer")), ("code",))
CITIES = Table("public", "cities", (Column("city_id", "integer", False), Column("name", "text"),
                                    Column("district", "text", values=("Gelderland", "Kabul")),
                                    Column("country_code", "text"), Column("population", "integer")),
               ("city_id",), (ForeignKey(("country_code",), "public", "countries", ("code",)),))
WORLD = SchemaContext("db", "analyst", ("public",), (COUNTRIES, CITIES))
PEOPLE = Example(1, "how many people live in Gelderland",
                 "SELECT sum(population) FROM cities WHERE district = 'Gelderland'")


def test_a_word_taught_for_a_column_names_the_same_column_of_other_tables() -> None:
    lexicon = build([PEOPLE], WORLD)
    assert [(t.name, getattr(c, "expr", "")) for t, c in lexicon.names[("people", "live")]] == [
        ("cities", "cities.population"), ("countries", "countries.population")]
    for question, sql in [
            ("how many people live in Asia",
             "SELECT sum(countries.population) FROM countries WHERE countries.continent = 'Asia'"),
            ("how many people live in Kabul",
             "SELECT sum(cities.population) FROM cities WHERE cities.district = 'Kabul'")]:
        links = link_values(question, WORLD)
        taught = read_question(question, WORLD, links, lexicon)
        assert taught is not None and taught.sql == sql and taught.coverage == 1.0, question
        without = read_question(question, WORLD, links)
        assert without is None or without.coverage < 0.75


def test_a_column_of_another_type_is_no_same_attribute() -> None:
    other = Table("public", "towns", (Column("town_id", "integer", False),
                                      Column("population", "text")), ("town_id",))
    lexicon = build([PEOPLE], SchemaContext("db", "analyst", ("public",), (CITIES, other)))
    assert [t.name for t, _ in lexicon.names[("people", "live")]] == ["cities"]


TRIPS = Table("public", "trips", (Column("trip_id", "integer", False), Column("fare", "numeric(6,2)"),
                                  Column("distance_km", "numeric(5,2)")), ("trip_id",))
RIDES = SchemaContext("db", "analyst", ("public",), (TRIPS,))


def test_a_part_of_one_columns_name_is_no_word_for_an_expression_of_several() -> None:
    aligned = align("fare per km", "SELECT sum(t.fare) / sum(t.distance_km) FROM trips t", RIDES)
    assert aligned is not None and aligned.alignments == ()
    assert ("km",) not in build([Example(1, "fare per km", "SELECT sum(t.fare) / sum(t.distance_km) "
                                                         "FROM trips t")], RIDES).names


# What a count of rows counts, and words a taught SQL explains otherwise.
def test_the_run_a_count_counts_is_its_table_even_where_a_value_names_the_table() -> None:
    assert entries(Example(1, "how many readers do we serve", "SELECT count(*) FROM members")) == [
        (("reader",), "members", None, None)]
    assert entries(Example(2, "how many readers hold a senior card",
                           "SELECT count(*) FROM members m WHERE m.card_type = 'senior'")) == [
        (("reader",), "members", None, None)]
    # a plural first word ends the phrase: the unplaced verb after it is no part of the name
    assert entries(Example(5, "how many readers prefer senior cards",
                           "SELECT count(*) FROM members m WHERE m.card_type = 'senior'"))[0] == (
        ("reader",), "members", None, None)
    # a word before a schema noun modifies it: no word for the table counted
    assert entries(Example(3, "how many urgent loans",
                           "SELECT count(*) FROM loans l WHERE l.returned_on IS NULL")) == [
        (("urgent",), "loans", None, "loans.returned_on IS NULL")]
    # no count of rows, nothing counted
    assert build([Example(4, "how many readers hold a senior card",
                          "SELECT count(DISTINCT m.card_type) FROM members m")], SCHEMA).names == {}


def test_a_preposition_at_a_runs_edge_is_no_part_of_the_word() -> None:
    assert entries(Example(1, "total levies through the year", "SELECT sum(c.amount) FROM charges c")) \
        == [(("levy",), "charges", "charges.amount", None)]


JOBS = SchemaContext("db", "analyst", ("public",), (Table("public", "jobs", (
    Column("job_id", "integer", False), Column("prio_cd", "text", values=("P1", "P2")),
    Column("sched_dt", "date")), ("job_id",)),))


def test_a_word_akin_to_a_column_the_sql_reads_says_that_column() -> None:
    # "scheduled" is no schema word, but akin to sched_dt, which "this month" explains: the
    # one run left is the one condition left
    lexicon = build([Example(1, "how many emergency jobs were scheduled this month",
                             "SELECT count(*) FROM jobs j WHERE j.prio_cd = 'P1' AND "
                             "j.sched_dt >= date_trunc('month', current_date)")], JOBS)
    assert {k: f.condition for k, f in lexicon.filters.items()} == {("emergency",): "jobs.prio_cd = 'P1'"}


BRANCH_LOANS = SchemaContext("db", "analyst", ("public",), (Table("public", "loans", (
    Column("loan_id", "integer", False), Column("branch", "text", values=("North", "South")),
    Column("due_on", "date"), Column("returned_on", "date"),
    Column("late_fee", "numeric(6,2)", comment="charged when a loan is overdue")), ("loan_id",)),))


def test_a_word_the_schema_places_on_a_column_the_sql_never_reads_is_taught_over_it() -> None:
    # the description spells "overdue" for late_fee, but the taught SQL asks for unreturned
    # loans past their due date: that is what the user means by it, before the description
    overdue = "loans.returned_on IS NULL AND loans.due_on < CURRENT_DATE"
    lexicon = build([Example(1, "how many loans are overdue", "SELECT count(*) FROM loans l WHERE "
                             "l.returned_on IS NULL AND l.due_on < current_date")], BRANCH_LOANS)
    assert {k: f.condition for k, f in lexicon.filters.items()} == {("overdue",): overdue}
    assert lexicon.overriding == frozenset({("overdue",)})
    before = read_question("overdue loans per branch", BRANCH_LOANS)
    assert before is not None and before.sql == "SELECT loans.late_fee FROM loans"
    after = read_question("overdue loans per branch", BRANCH_LOANS, (), lexicon)
    assert after is not None and after.sql == (
        f"SELECT loans.branch, count(*) FROM loans WHERE {overdue} GROUP BY loans.branch")


def test_the_words_taught_and_what_a_matched_example_leaves_out() -> None:
    lexicon = build([PATRONS, OVERDUE], SCHEMA)
    assert taught_words(lexicon) == frozenset({"patron", "overdue"})
    assert taught_words(None) == frozenset()
    assert leaves_out("how many overdue loans", "SELECT count(*) FROM loans", lexicon)
    assert not leaves_out("how many overdue loans", OVERDUE.sql, lexicon)
    assert leaves_out("patrons with loans", "SELECT l.loan_id FROM loans l", lexicon)
    assert not leaves_out("how many loans", "SELECT count(*) FROM loans", lexicon)
    # the paraphrased example's own question says the word: its author taught that SQL for it
    assert not leaves_out("how many overdue loans", "SELECT count(*) FROM loans", lexicon,
                          "number of overdue loans at the branch")


def test_taught_words_anchor_a_question_to_the_schema() -> None:
    question = "list the patrons"
    assert assess(question, SCHEMA) is not None
    assert assess(question, SCHEMA, taught=taught_words(build([PATRONS], SCHEMA))) is None


def test_taught_words_never_excuse_an_unknown_word_a_question_groups_by() -> None:
    lexicon = build([PATRONS], SCHEMA)
    question = "number of senior patrons by temperament"
    links = link_values(question, SCHEMA)
    reading = read_question(question, SCHEMA, links, lexicon)
    assert reading is not None and reading.coverage >= 0.75 and "temperament" in reading.uncovered
    assert AskPlanner._unplaced(question, SCHEMA, links, lexicon) is not None


def test_an_unquoted_table_name_is_its_lower_case_one() -> None:
    assert entries(Example(5, "how many patrons are there", "SELECT count(*) FROM Members")) \
        == [(("patron",), "members", None, None)]
    # a quoted name is as spelt: no such table, nothing taught
    assert align("how many patrons are there", 'SELECT count(*) FROM "Members"', SCHEMA) is None


def test_a_column_compared_with_its_own_average_is_what_the_comparing_word_says() -> None:
    # the comparison teaches nothing (the reader would read "steeper" as the column shown)
    # but the rest of the example still does: "levies" are the charges counted
    aligned = entries(Example(6, "how many levies were steeper than the average levy",
                              "SELECT count(*) FROM charges c WHERE c.amount > "
                              "(SELECT avg(amount) FROM charges)"))
    assert aligned == [(("levy",), "charges", None, None)]
    # any other subquery still teaches nothing
    assert align("how many charges were steeper than the biggest loan",
                 "SELECT count(*) FROM charges c WHERE c.amount > (SELECT max(loan_id) FROM loans)",
                 SCHEMA) is None


def test_a_two_period_sum_teaches_its_measure_word() -> None:
    fees = Table("public", "fees", (Column("fee_id", "integer", False), Column("amount", "numeric(8,2)"),
                                    Column("charged_on", "date")), ("fee_id",))
    schema = SchemaContext("db", "analyst", ("public",), (fees,))
    aligned = align("levies this month compared to last month",
                    "SELECT sum(f.amount) FILTER (WHERE f.charged_on >= date_trunc('month', current_date)), "
                    "sum(f.amount) FILTER (WHERE f.charged_on >= date_trunc('month', current_date) "
                    "- interval '1 month' AND f.charged_on < date_trunc('month', current_date)) FROM fees f",
                    schema)
    assert aligned is not None
    assert [(a.words, a.table.name, getattr(a.column, "expr", None)) for a in aligned.alignments] \
        == [(("levy",), "fees", "fees.amount")]


SERVICES = Table("public", "services", (Column("svc_code", "varchar(8)", False), Column("svc_desc", "varchar(60)"),
                                        Column("cat_code", "varchar(4)")), ("svc_code",))
CHARGE_LINES = Table("public", "charge_lines", (
    Column("line_id", "integer", False), Column("svc_code", "varchar(8)"), Column("qty", "integer"),
    Column("amt", "numeric(9,2)")), ("line_id",), (ForeignKey(("svc_code",), "public", "services", ("svc_code",)),))
CLINIC = SchemaContext("db", "analyst", ("public",), (SERVICES, CHARGE_LINES))
REVENUE = Example(1, "revenue by service", "SELECT s.svc_desc, sum(c.amt) FROM charge_lines c "
                  "JOIN services s ON s.svc_code = c.svc_code GROUP BY s.svc_desc")


FEE_LINES = Table("public", "charge_lines", (
    Column("line_id", "integer", False), Column("svc_code", "varchar(8)"), Column("qty", "integer"),
    Column("fee", "numeric(9,2)")), ("line_id",), (ForeignKey(("svc_code",), "public", "services", ("svc_code",)),))
FEE_CLINIC = SchemaContext("db", "analyst", ("public",), (SERVICES, FEE_LINES))


def test_an_implied_measure_the_taught_sql_contradicts_is_corrected_under_every_word_for_it() -> None:
    # the schema guesses "revenue" (and "income", "takings") as qty * fee; the taught SQL sums
    # fee alone: that is this user's revenue, under each of the guess's words
    guess = "charge_lines.qty * charge_lines.fee"
    before = read_question("total income", FEE_CLINIC)
    assert before is not None and before.sql == f"SELECT sum({guess}) FROM charge_lines"
    lexicon = build([Example(1, "revenue by service", "SELECT s.svc_desc, sum(c.fee) FROM charge_lines c "
                             "JOIN services s ON s.svc_code = c.svc_code GROUP BY s.svc_desc")], FEE_CLINIC)
    assert [(t.name, getattr(c, "expr", None)) for t, c in lexicon.names[("revenue",)]] \
        == [("charge_lines", "charge_lines.fee")]
    assert set(lexicon.corrected) == {guess}
    for question in ("total income", "total revenue"):
        after = read_question(question, FEE_CLINIC, (), lexicon)
        assert after is not None and after.sql == "SELECT sum(charge_lines.fee) FROM charge_lines", question
    # an amount beside a quantity is the line's amount already: nothing to correct
    plain = read_question("total income", CLINIC)
    assert plain is not None and plain.sql == "SELECT sum(charge_lines.amt) FROM charge_lines"


def test_a_label_the_taught_sql_groups_another_tables_sum_by_is_explained() -> None:
    # svc_desc lists the services named; "grossing" is the one word left for the sum
    assert entries_of(Example(2, "3 highest grossing services", "SELECT s.svc_desc, sum(c.amt) FROM "
                              "charge_lines c JOIN services s ON s.svc_code = c.svc_code GROUP BY s.svc_desc "
                              "ORDER BY sum(c.amt) DESC LIMIT 3"), CLINIC) \
        == [(("grossing",), "charge_lines", "charge_lines.amt", None)]
    # a key of the table counted is a dimension its own word says ("by kind")
    assert entries_of(Example(3, "services by kind", "SELECT s.svc_desc, count(*) FROM services s "
                              "GROUP BY s.svc_desc"), CLINIC) == [(("kind",), "services", "svc_desc", None)]


PATIENTS = SchemaContext("db", "analyst", ("public",), (Table("public", "patients", (
    Column("pat_id", "integer", False), Column("pat_nm", "text"), Column("spcs_cd", "varchar(4)"),
    Column("breed_nm", "text"), Column("birth_dt", "date"), Column("wt_kg", "numeric(5,1)")), ("pat_id",)),
    Table("public", "vaccinations", (Column("vacc_id", "integer", False), Column("pat_id", "integer"),
                                     Column("vacc_nm", "text")), ("vacc_id",),
          (ForeignKey(("pat_id",), "public", "patients", ("pat_id",)),))))


def test_a_null_guard_of_a_column_asked_about_is_no_words_condition() -> None:
    assert entries_of(Example(1, "top 3 dog breeds", "SELECT p.breed_nm, count(*) FROM patients p WHERE "
                              "p.spcs_cd = 'CAN' AND p.breed_nm IS NOT NULL GROUP BY p.breed_nm "
                              "ORDER BY count(*) DESC LIMIT 3"), PATIENTS) \
        == [(("dog",), "patients", None, "patients.spcs_cd = 'CAN'")]


def test_a_measure_named_explains_an_expression_of_its_columns_however_spelt() -> None:
    assert entries_of(Example(1, "average age of our cats in years", "SELECT avg(date_part('year', "
                              "age(p.birth_dt))) FROM patients p WHERE p.spcs_cd = 'FEL'"), PATIENTS) \
        == [(("cat",), "patients", None, "patients.spcs_cd = 'FEL'")]


def test_an_exists_teaches_nothing_and_a_ratios_rate_is_no_part_of_its_word() -> None:
    # the vaccinations an EXISTS reads are no element: "shot" would be the dogs' condition
    assert align("how many dogs have never had a rabies shot", "SELECT count(*) FROM patients p WHERE "
                 "p.spcs_cd = 'CAN' AND NOT EXISTS (SELECT 1 FROM vaccinations v WHERE v.pat_id = p.pat_id "
                 "AND v.vacc_nm = 'Rabies')", PATIENTS) is None
    assert entries_of(Example(2, "heavy rate", "SELECT 100.0 * count(*) FILTER (WHERE p.wt_kg > 40) / "
                              "count(*) FROM patients p"), PATIENTS) \
        == [(("heavy",), "patients", None, "patients.wt_kg > 40")]      # not "heavy rate"


def entries_of(example: Example, schema: SchemaContext) -> list[tuple[tuple[str, ...], str, str | None, str | None]]:
    aligned = align(example.question, example.sql, schema)
    assert aligned is not None
    return [(a.words, a.table.name, getattr(a.column, "expr", "") or (a.column.name if a.column else None),
             a.condition) for a in aligned.alignments]


def test_a_columns_own_name_is_taught_over_only_by_two_examples_that_agree() -> None:
    # "paid" is the fees' own column: one example summing another column for it may have
    # aligned the wrong element, so it teaches nothing; two that agree do
    fees = SchemaContext("db", "analyst", ("public",), (Table("public", "fees", (
        Column("fee_id", "integer", False), Column("paid", "numeric(8,2)"),
        Column("amount", "numeric(8,2)")), ("fee_id",)),))
    one = Example(1, "total paid", "SELECT sum(f.amount) FROM fees f")
    two = Example(2, "how much was paid", "SELECT sum(f.amount) FROM fees f")
    assert entries_of(one, fees) == [(("paid",), "fees", "fees.amount", None)]
    assert ("paid",) not in build([one], fees).names
    assert ("paid",) in build([one, two], fees).names


def test_a_column_of_one_name_described_otherwise_is_no_same_attribute() -> None:
    def with_comments(city: str | None, town: str | None) -> SchemaContext:
        cities = Table("public", "cities", tuple(
            replace(c, comment=city) if c.name == "population" else c for c in CITIES.columns),
            CITIES.primary_key, CITIES.foreign_keys)
        towns = Table("public", "towns", (Column("town_id", "integer", False),
                                          Column("population", "integer", comment=town)), ("town_id",))
        return SchemaContext("db", "analyst", ("public",), (cities, towns))

    def tables(schema: SchemaContext) -> list[str]:
        return [t.name for t, _ in build([PEOPLE], schema).names[("people", "live")]]

    # 'residents' and 'households' are other things; the same words, or one side silent, are not
    assert tables(with_comments("residents", "households")) == ["cities"]
    assert tables(with_comments("residents", "Residents")) == ["cities", "towns"]
    assert tables(with_comments("residents", None)) == ["cities", "towns"]


WORK_ORDERS = Table("public", "jobs", (Column("job_id", "integer", False),
                                Column("priority", "smallint", comment="1 emergency, 2 urgent, 3 routine"),
                                Column("opened_on", "date"), Column("paid_on", "date"),
                                Column("due_on", "date")), ("job_id",))
PUPILS = Table("public", "pupils", (Column("pupil_id", "integer", False), Column("full_name", "text"),
                                    Column("date_of_birth", "date"), Column("signup_date", "date")),
               ("pupil_id",))
WORKS = SchemaContext("db", "analyst", ("public",), (WORK_ORDERS, PUPILS))


def test_a_constant_its_column_comment_pairs_with_a_word_asked_is_stated() -> None:
    # "emergency" is priority 1 in the schema's own words: no other word is taught for it
    assert entries_of(Example(1, "how many emergency jobs have we raised",
                              "SELECT count(*) FROM jobs j WHERE j.priority = 1"), WORKS) == []
    # a constant the comment pairs with no word asked is still some word's
    assert entries_of(Example(2, "how many hot jobs have we got",
                              "SELECT count(*) FROM jobs j WHERE j.priority = 1"), WORKS) == [
        (("hot",), "jobs", None, "jobs.priority = 1")]


def test_two_columns_compared_that_the_question_names_are_no_words_filter() -> None:
    assert entries_of(Example(1, "how many jobs got paid after the due date",
                              "SELECT count(*) FROM jobs j WHERE j.paid_on > j.due_on"), WORKS) == []


def test_an_age_puts_no_period_on_a_birth_date() -> None:
    lexicon = build([Example(1, "pupils under 18", "SELECT p.full_name FROM pupils p "
                             "WHERE p.date_of_birth > current_date - interval '18 years'"),
                     Example(2, "how many pupils are younger than 10", "SELECT count(*) FROM pupils p "
                             "WHERE p.date_of_birth > current_date - interval '10 years'")], WORKS)
    assert "pupils" not in lexicon.dates


def test_a_yes_no_column_named_and_a_negation_said_teach_no_word() -> None:
    hives = SchemaContext("db", "analyst", ("public",), (Table("public", "inspections", (
        Column("inspection_id", "integer", False), Column("queen_seen", "boolean"),
        Column("done_on", "date")), ("inspection_id",)), WORK_ORDERS))
    # the question names the flag: "queen" is no word for NOT queen_seen
    assert entries_of(Example(1, "how many inspections found no queen",
                              "SELECT count(*) FROM inspections i WHERE NOT i.queen_seen"), hives) == []
    # "haven't been paid": the negation said is the condition's; "paid" is not "paid_on IS NULL"
    assert build([Example(2, "how many jobs haven't been paid yet",
                          "SELECT count(*) FROM jobs j WHERE j.paid_on IS NULL")], hives).filters == {}


def test_the_share_of_one_value_is_no_words_measure() -> None:
    lines = SchemaContext("db", "analyst", ("public",), (Table("public", "budget_lines", (
        Column("line_id", "integer", False), Column("category", "text", values=("Personnel", "Travel")),
        Column("amount", "numeric(10,2)")), ("line_id",)),))
    lexicon = build([Example(1, "what percent of the total money is personnel",
                             "SELECT 100.0 * sum(b.amount) FILTER (WHERE b.category = 'Personnel') "
                             "/ sum(b.amount) FROM budget_lines b")], lines)
    assert lexicon.names == {} and lexicon.filters == {}


def test_a_participle_taught_as_a_column_after_an_amount_named_says_how_it_came() -> None:
    band = SchemaContext("db", "analyst", ("public",), (
        Table("public", "musicians", (Column("musician_id", "integer", False), Column("full_name", "text"),
                                      Column("monthly_salary", "numeric(8,2)")), ("musician_id",)),
        Table("public", "gigs", (Column("gig_id", "integer", False), Column("musician_id", "integer"),
                                 Column("fee", "numeric(8,2)")), ("gig_id",),
              (ForeignKey(("musician_id",), "public", "musicians", ("musician_id",)),))))
    lexicon = build([Example(1, "highest paid musician", "SELECT m.full_name, m.monthly_salary FROM musicians m "
                             "ORDER BY m.monthly_salary DESC LIMIT 1")], band)
    assert [c.name for _, c in lexicon.names[("paid",)] if c is not None] == ["monthly_salary"]
    # "fees paid": how the fees came about, not the salary beside them
    reading = read_question("total fees paid", band, (), lexicon)
    assert reading is not None and "monthly_salary" not in reading.sql and "sum(gigs.fee)" in reading.sql
    # said alone, the taught word is the salary
    alone = read_question("musicians paid more than 4000", band, (), lexicon)
    assert alone is not None and "monthly_salary > 4000" in alone.sql


def _key(column: str, table: str, key: str) -> ForeignKey:
    return ForeignKey((column,), "public", table, (key,))


# A recruiter's schema: a placement's consultant is four keys away (placement -> offer ->
# application -> vacancy -> consultant), past the three the reader takes by itself; a
# client's account manager is one key from the client, two through its vacancies.
CONSULTANTS = Table("public", "consultants", (Column("consultant_id", "integer", False), Column("full_name", "text"),
                                              Column("office", "text")), ("consultant_id",))
CLIENTS = Table("public", "clients", (Column("client_id", "integer", False), Column("name", "text"),
                                      Column("acct_mgr_id", "integer")), ("client_id",),
                (_key("acct_mgr_id", "consultants", "consultant_id"),))
VACANCIES = Table("public", "vacancies", (Column("vacancy_id", "integer", False), Column("title", "text"),
                                          Column("client_id", "integer"), Column("consultant_id", "integer")),
                  ("vacancy_id",), (_key("client_id", "clients", "client_id"),
                                    _key("consultant_id", "consultants", "consultant_id")))
APPLICATIONS = Table("public", "applications", (Column("application_id", "integer", False),
                                                Column("vacancy_id", "integer")), ("application_id",),
                     (_key("vacancy_id", "vacancies", "vacancy_id"),))
OFFERS = Table("public", "offers", (Column("offer_id", "integer", False), Column("application_id", "integer")),
               ("offer_id",), (_key("application_id", "applications", "application_id"),))
PLACEMENTS = Table("public", "placements", (Column("placement_id", "integer", False), Column("offer_id", "integer"),
                                            Column("fee", "numeric(10,2)"), Column("start_date", "date")),
                   ("placement_id",), (_key("offer_id", "offers", "offer_id"),))
RECRUIT = SchemaContext("db", "analyst", ("public",), (CONSULTANTS, CLIENTS, VACANCIES, APPLICATIONS, OFFERS,
                                                       PLACEMENTS))
PLACED = Example(1, "how many people has Priya Raman placed",
                 "SELECT count(*) FROM placements p JOIN offers o ON o.offer_id = p.offer_id "
                 "JOIN applications a ON a.application_id = o.application_id "
                 "JOIN vacancies v ON v.vacancy_id = a.vacancy_id "
                 "JOIN consultants co ON co.consultant_id = v.consultant_id WHERE co.full_name = 'Priya Raman'")
FOUR_KEYS = ("FROM placements JOIN offers ON placements.offer_id = offers.offer_id "
             "JOIN applications ON offers.application_id = applications.application_id "
             "JOIN vacancies ON applications.vacancy_id = vacancies.vacancy_id "
             "JOIN consultants ON vacancies.consultant_id = consultants.consultant_id")


def test_a_taught_join_path_joins_a_question_naming_both_ends_past_three_keys() -> None:
    lexicon = build([PLACED], RECRUIT)
    path = lexicon.paths[("placements", "consultants")]
    assert [t.name for t, _ in path] == ["offers", "applications", "vacancies", "consultants"]
    assert [t.name for t, _ in lexicon.paths[("consultants", "placements")]] == [
        "vacancies", "applications", "offers", "placements"]
    assert ("placements", "offers") not in lexicon.paths        # one key: the schema's own
    question = "total fee of placements by consultant"
    assert read_question(question, RECRUIT, []) is None         # four keys: no path of its own
    taught = read_question(question, RECRUIT, [], lexicon)
    assert taught is not None and taught.sql == (
        f"SELECT consultants.full_name, sum(placements.fee) {FOUR_KEYS} "
        "GROUP BY consultants.consultant_id, consultants.full_name")
    # from the consultants' side, against every key: the placements are summed per consultant
    ranked = read_question("consultant with the highest total placement fee", RECRUIT, [], lexicon)
    assert ranked is not None and "FROM consultants JOIN vacancies" in ranked.sql \
        and ranked.sql.endswith("ORDER BY sum(placements.fee) DESC NULLS LAST LIMIT 1")


def test_a_taught_path_against_the_keys_only_to_rows_added_up_and_never_over_a_shorter_one() -> None:
    paths = build([PLACED], RECRUIT).paths
    # consultants listed with their placements, nothing added up: each would repeat
    with pytest.raises(Unreadable):
        join_path(CONSULTANTS, [PLACEMENTS], RECRUIT, taught=paths)
    assert "JOIN placements" in join_path(CONSULTANTS, [PLACEMENTS], RECRUIT, taught=paths,
                                          added_up=frozenset({"placements"}))[-1]
    # vacancies by their client's account manager, taught (every key pointing away); the
    # schema's one key (the vacancy's own consultant) is shorter and stays, as a loan's own
    # branch does for "loans by branch" where a member's home branch was taught
    # (the question leaves the clients unsaid: a path through a table it names is that word's)
    managed = build([Example(2, "vacancies on the accounts Priya Raman manages",
                             "SELECT v.title FROM vacancies v JOIN clients c ON c.client_id = v.client_id "
                             "JOIN consultants co ON co.consultant_id = c.acct_mgr_id "
                             "WHERE co.full_name = 'Priya Raman'")], RECRUIT).paths
    assert [t.name for t, _ in managed[("vacancies", "consultants")]] == ["clients", "consultants"]
    assert join_path(VACANCIES, [CONSULTANTS], RECRUIT, taught=managed) == [
        " JOIN consultants ON vacancies.consultant_id = consultants.consultant_id"]


# A word for a table's rows that is a part of its name the schema's naming does not take apart.
_MACHINE = Table("public", "mes_machine", (Column("machine_id", "integer", False), Column("machine_nm", "text")),
                 ("machine_id",))
_REASON = Table("public", "ref_reason_code", (Column("reason_cd", "text", False), Column("reason_desc", "text")),
                ("reason_cd",))
_DOWNTIME = Table("public", "mes_downtime_event",
                  (Column("event_id", "integer", False), Column("machine_id", "integer"), Column("reason_cd", "text"),
                   Column("duration_min", "integer"), Column("start_ts", "timestamp")), ("event_id",),
                  (ForeignKey(("machine_id",), "public", "mes_machine", ("machine_id",)),
                   ForeignKey(("reason_cd",), "public", "ref_reason_code", ("reason_cd",))))
PLANT = SchemaContext("plant", "analyst", ("public",), (_MACHINE, _REASON, _DOWNTIME))
_AGENTS = Table("public", "agents", (Column("agent_id", "integer", False), Column("agent_name", "text")),
                ("agent_id",))
_ESCALATIONS = Table("public", "hd_escalation_entry",
                     (Column("entry_id", "integer", False), Column("agent_id", "integer"),
                      Column("wait_hours", "numeric"), Column("logged_at", "timestamp")), ("entry_id",),
                     (ForeignKey(("agent_id",), "public", "agents", ("agent_id",)),))
HELPDESK = SchemaContext("helpdesk", "analyst", ("public",), (_AGENTS, _ESCALATIONS))


@pytest.mark.parametrize("schema, taught, cases", [
    (PLANT, Example(1, "downtime minutes by reason",
                    "SELECT r.reason_desc, sum(e.duration_min) FROM mes_downtime_event e "
                    "JOIN ref_reason_code r ON r.reason_cd = e.reason_cd GROUP BY r.reason_desc"),
     [("machines with no downtime",
       "SELECT mes_machine.machine_nm FROM mes_machine WHERE NOT EXISTS (SELECT 1 FROM mes_downtime_event "
       "WHERE mes_downtime_event.machine_id = mes_machine.machine_id)"),
      ("downtime minutes on each machine",
       "SELECT mes_machine.machine_nm, sum(mes_downtime_event.duration_min) FROM mes_downtime_event JOIN "
       "mes_machine ON mes_downtime_event.machine_id = mes_machine.machine_id "
       "GROUP BY mes_machine.machine_id, mes_machine.machine_nm")]),
    (HELPDESK, Example(1, "total escalation hours", "SELECT sum(e.wait_hours) FROM hd_escalation_entry e"),
     [("agents with no escalation",
       "SELECT agents.agent_name FROM agents WHERE NOT EXISTS (SELECT 1 FROM hd_escalation_entry "
       "WHERE hd_escalation_entry.agent_id = agents.agent_id)"),
      ("how many escalations last week",
       "SELECT count(*) FROM hd_escalation_entry WHERE hd_escalation_entry.logged_at >= date_trunc('week', "
       "current_date) - interval '1 week' AND hd_escalation_entry.logged_at < date_trunc('week', current_date)"),
      ("escalations per agent",
       "SELECT agents.agent_name, count(*) FROM agents JOIN hd_escalation_entry ON hd_escalation_entry.agent_id "
       "= agents.agent_id GROUP BY agents.agent_id, agents.agent_name")]),
])
def test_a_word_that_is_part_of_a_read_tables_name_names_its_rows_in_other_questions(
        schema: SchemaContext, taught: Example, cases: list[tuple[str, str]]) -> None:
    lexicon = build([taught], schema)
    table = {"plant": "mes_downtime_event", "helpdesk": "hd_escalation_entry"}[schema.database]
    word = {"plant": "downtime", "helpdesk": "escalation"}[schema.database]
    assert [(t.name, c) for t, c in lexicon.names[(word,)]] == [(table, None)]
    for question, sql in cases:
        without = read_question(question, schema)
        taught_reading = read_question(question, schema, (), lexicon)
        assert without is None or without.coverage < 0.75, question
        assert taught_reading is not None and taught_reading.sql == sql and taught_reading.coverage == 1.0, question


def test_a_run_with_a_word_of_its_own_or_a_part_two_tables_share_names_no_table() -> None:
    # "escalation delay": "delay" is no part of the table's name, and the two say the hours
    lexicon = build([Example(1, "escalation delay by agent",
                             "SELECT a.agent_name, sum(e.wait_hours) FROM hd_escalation_entry e "
                             "JOIN agents a ON a.agent_id = e.agent_id GROUP BY a.agent_name")], HELPDESK)
    assert ("escalation",) not in lexicon.names
    assert [getattr(c, "expr", "") for _, c in lexicon.names[("escalation", "delay")]] == [
        "hd_escalation_entry.wait_hours"]
    shared = SchemaContext("plant", "analyst", ("public",), (
        _MACHINE, _REASON, _DOWNTIME,
        Table("public", "mes_downtime_note", (Column("note_id", "integer", False), Column("event_id", "integer"),
                                             Column("note_txt", "text")), ("note_id",),
              (ForeignKey(("event_id",), "public", "mes_downtime_event", ("event_id",)),))))
    lexicon = build([Example(1, "downtime notes text",
                             "SELECT n.note_txt FROM mes_downtime_note n JOIN mes_downtime_event e "
                             "ON e.event_id = n.event_id")], shared)
    assert ("downtime",) not in lexicon.names


def test_a_part_of_a_tables_name_that_a_read_column_spells_too_says_the_column() -> None:
    # "the series" of ``tv_channel.series_name``: the channel's column, not the ``tv_series`` rows
    channel = Table("public", "tv_channel", (Column("id", "text", False), Column("series_name", "text"),
                                             Column("content", "text")), ("id",))
    series = Table("public", "tv_series", (Column("id", "integer", False), Column("episode", "text"),
                                           Column("channel", "text")), ("id",),
                   (ForeignKey(("channel",), "public", "tv_channel", ("id",)),))
    schema = SchemaContext("tv", "analyst", ("public",), (channel, series))
    lexicon = build([Example(1, "what is the name of the series that has the episode Pilot",
                             "SELECT t1.series_name FROM tv_channel AS t1 JOIN tv_series AS t2 "
                             "ON t1.id = t2.channel WHERE t2.episode = 'Pilot'")], schema)
    assert not any(t.name == "tv_series" and c is None for entry in lexicon.names.values() for t, c in entry)
