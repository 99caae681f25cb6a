"""How the plain reader links a question's words to names the schema spells otherwise
(ask.translate.sketch.names with .related_words): synonyms, irregular plurals and verb forms,
units after a measure's name, abbreviations, a table's head noun, and descriptions that list
values. Pure: a hand-made schema in a style no other test uses (PascalCase, t_ prefixes)."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.names import comment_spellings
from ask.translate.sketch.related_names import related_keys
from ask.context.related_words import noun_forms, verb_forms

COACH = Table("public", "Coach", (Column("id", "integer", False), Column("fullName", "text"),
                                  Column("isHead", "boolean"), Column("certified", "boolean"),
                                  Column("badge_no", "text"), Column("sport", "text")), ("id",),
              comment="mentors")
PUPIL = Table("public", "t_child", (Column("child_id", "integer", False), Column("first_nm", "text"),
                                    Column("last_nm", "text"), Column("enrolled_on", "date"),
                                    Column("coach_id", "integer"), Column("weight_kg", "numeric(5,1)"),
                                    Column("relation", "text", comment="relationship to the coach: niece or son")),
              ("child_id",), (ForeignKey(("coach_id",), "public", "Coach", ("id",)),))
SESSION = Table("public", "TrainingSession", (Column("id", "integer", False), Column("childId", "integer"),
                                              Column("durationMin", "integer"), Column("heldOn", "date"),
                                              Column("sessionNotes", "text")),
                ("id",), (ForeignKey(("childId",), "public", "t_child", ("child_id",)),))
FEEDING = Table("public", "t_feedings", (Column("id", "integer", False), Column("child_id", "integer"),
                                         Column("coach_id", "integer")), ("id",),
                (ForeignKey(("child_id",), "public", "t_child", ("child_id",)),
                 ForeignKey(("coach_id",), "public", "Coach", ("id",))), comment="snacks handed out by mentors")
VENUE = Table("public", "Venue", (Column("id", "integer", False), Column("venueName", "text"),
                                  Column("city", "text", values=("Leeds", "York"))), ("id",))
COACH_VENUE = Table("public", "CoachVenue", (Column("coachId", "integer", False), Column("venueId", "integer", False)),
                    ("coachId", "venueId"), (ForeignKey(("coachId",), "public", "Coach", ("id",)),
                                             ForeignKey(("venueId",), "public", "Venue", ("id",))))
SCHEMA = SchemaContext("db", "analyst", ("public",), (COACH, PUPIL, SESSION, FEEDING, VENUE, COACH_VENUE))


@pytest.mark.parametrize("question,sql", [
    # an irregular plural and a synonym of the table's name
    ("how many children are there", 'SELECT count(*) FROM t_child'),
    ("how many kids are there", 'SELECT count(*) FROM t_child'),
    # a synonym of a PascalCase table, and its head noun ("TrainingSession": session)
    ("number of trainers", 'SELECT count(*) FROM "Coach"'),
    ("how many sessions", 'SELECT count(*) FROM "TrainingSession"'),
    # the unit after a measure's name, in the name and as its own word
    ("average weight of kids", "SELECT avg(t_child.weight_kg) FROM t_child"),
    ("average duration of sessions", 'SELECT avg("TrainingSession"."durationMin") FROM "TrainingSession"'),
    # a description that names the column, next to a clause that lists its values
    ("children by relationship", "SELECT t_child.relation, count(*) FROM t_child GROUP BY t_child.relation"),
    # a superlative with no column named ranks by the dimension it measures
    ("the heaviest kid", "SELECT t_child.first_nm, t_child.last_nm, t_child.weight_kg FROM t_child "
     "ORDER BY t_child.weight_kg DESC NULLS LAST LIMIT 1"),
    # a description that is a name of its own beats a word inside another description
    ("how many mentors", 'SELECT count(*) FROM "Coach"'),
    # a yes/no column named the other way round
    ("how many uncertified coaches", 'SELECT count(*) FROM "Coach" WHERE NOT "Coach".certified'),
    ("number of certified coaches", 'SELECT count(*) FROM "Coach" WHERE "Coach".certified'),
    # an identifier column by its leading word; a category column as "type of ..."
    ("badges of the coaches", 'SELECT "Coach".badge_no FROM "Coach"'),
    ("coaches by type of sport", 'SELECT "Coach".sport, count(*) FROM "Coach" GROUP BY "Coach".sport'),
    # rows listed by their abbreviated first and last names
    ("kids with a weight over 30", "SELECT t_child.first_nm, t_child.last_nm FROM t_child WHERE t_child.weight_kg > 30"),
])
def test_words_link_to_names_spelt_otherwise(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None, question
    assert reading.sql == sql
    assert reading.coverage >= 0.75


def test_a_verb_names_a_table_unless_a_table_follows_it() -> None:
    # "fed" reaches t_feedings through its verb; in "coaches who never fed a kid" the kid is
    # what is absent, the feedings only relate the two
    alone = read_question("children who were never fed", SCHEMA)
    assert alone is not None and alone.sql == (
        "SELECT t_child.first_nm, t_child.last_nm FROM t_child WHERE NOT EXISTS "
        "(SELECT 1 FROM t_feedings WHERE t_feedings.child_id = t_child.child_id)")
    related = read_question("coaches who never fed a kid", SCHEMA)
    assert related is not None and "JOIN t_feedings" not in related.sql.split("WHERE")[0]


def test_a_period_after_an_event_table_dates_the_events() -> None:
    # the kids have a date of their own, but "had a session last month" dates the sessions
    reading = read_question("how many different kids had a session last month", SCHEMA)
    assert reading is not None and reading.sql == (
        'SELECT count(DISTINCT t_child.child_id) FROM t_child JOIN "TrainingSession" '
        'ON "TrainingSession"."childId" = t_child.child_id WHERE "TrainingSession"."heldOn" >= '
        "date_trunc('month', current_date) - interval '1 month' AND \"TrainingSession\".\"heldOn\" < "
        "date_trunc('month', current_date)")


def test_rows_listed_through_a_bridge_are_listed_once() -> None:
    leeds = ValueMatch("Venue", "city", "Leeds", 5, 6, 1.0)
    reading = read_question("coaches working at venues in Leeds", SCHEMA, [leeds])
    assert reading is not None and reading.sql == (
        'SELECT DISTINCT "Coach"."fullName" FROM "Coach" JOIN "CoachVenue" ON "CoachVenue"."coachId" = "Coach".id '
        'JOIN "Venue" ON "CoachVenue"."venueId" = "Venue".id WHERE "Venue".city = \'Leeds\'')
    # a plain one-to-many join keeps its rows
    plain = read_question("kids with sessions longer than 60 minutes", SCHEMA)
    assert plain is not None and "DISTINCT" not in plain.sql


def test_the_forms_and_keys_of_ordinary_english() -> None:
    assert noun_forms("children") == ("children", "child")
    assert noun_forms("relationship") == ("relationship", "relation")
    assert "licence" in noun_forms("license") and "colour" in noun_forms("colors")
    assert verb_forms("fed") == ("feed",) and "invoice" in verb_forms("invoiced")
    keys = related_keys(("weight", "kg"))
    assert ("weight",) in keys and ("kilo",) in keys and not keys[("weight",)]
    assert related_keys(("hiring",))[("hire",)]             # a verb form: marked so
    # a clause listing values names nothing, the clause before it does
    spelt = comment_spellings("relationship to the coach: niece or son")
    assert ("relationship",) in spelt and ("niece",) not in spelt and ("son",) not in spelt
    assert comment_spellings("babies, toddlers or preschool") == frozenset()
    # a clause naming the table, then one saying what it links: both read
    rota = comment_spellings("rota: which keepers look after which enclosures")
    assert ("rota",) in rota and ("look",) in rota


HARBOUR = SchemaContext("db", "analyst", ("public",), (
    Table("public", "t_boat", (Column("id", "integer", False), Column("boat_nm", "text"),
                               Column("len_m", "numeric(5,2)"), Column("hullcolour", "text"),
                               Column("surfacearea", "numeric")), ("id",)),
    Table("public", "t_berth", (Column("id", "integer", False), Column("berth_cd", "text"),
                                Column("pier", "text", values=("A", "B")), Column("max_len_m", "numeric(5,2)")),
          ("id",)),
    Table("public", "t_service", (Column("id", "integer", False), Column("boat_id", "integer"),
                                  Column("svc_typ", "text"), Column("cost", "numeric(8,2)")), ("id",),
          (ForeignKey(("boat_id",), "public", "t_boat", ("id",)),)),
))


@pytest.mark.parametrize("question,sql", [
    # "length" alone names two tables' columns: after its table's word it names one
    ("average boat length", "SELECT avg(t_boat.len_m) FROM t_boat"),
    ("average berth length", "SELECT avg(t_berth.max_len_m) FROM t_berth"),
    # an abbreviated category column as "type of ..."
    ("total cost by type of service",
     "SELECT t_service.svc_typ, sum(t_service.cost) FROM t_service GROUP BY t_service.svc_typ"),
    # names written without separators
    ("average surface area of boats", "SELECT avg(t_boat.surfacearea) FROM t_boat"),
    ("boats by hull color", "SELECT t_boat.hullcolour, count(*) FROM t_boat GROUP BY t_boat.hullcolour"),
    # a one-letter value after its column's name; rows named by their code
    ("berths on pier B", "SELECT t_berth.berth_cd FROM t_berth WHERE t_berth.pier = 'B'"),
])
def test_abbreviated_names_read(question: str, sql: str) -> None:
    from ask.context.value_linking import link_values
    reading = read_question(question, HARBOUR, link_values(question, HARBOUR))
    assert reading is not None, question
    assert reading.sql == sql
    assert reading.coverage >= 0.75


def test_a_synonym_of_a_table_beats_other_tables_columns_spelt_with_it() -> None:
    world = SchemaContext("db", "analyst", ("public",), (
        Table("public", "country", (Column("code", "text", False), Column("name", "text")), ("code",)),
        Table("public", "city", (Column("id", "integer", False), Column("countrycode", "text"), Column("name", "text")),
              ("id",), (ForeignKey(("countrycode",), "public", "country", ("code",)),)),
    ))
    reading = read_question("how many nations are there", world)
    assert reading is not None and reading.sql == "SELECT count(*) FROM country"


def test_a_verb_reaches_the_table_of_its_doer() -> None:
    from ask.translate.sketch.names import _other_form
    from ask.translate.sketch.related_names import Verbal
    conductor = Table("public", "conductor", (Column("conductor_id", "integer", False),), ("conductor_id",))
    found = _other_form(["conducted"], ("conducted",), {("conductor",): [(conductor, None)]})
    assert found is not None and found[0] == ("conductor",) and isinstance(found[1], Verbal)
    assert _other_form(["conducted"], ("conducted",), {("conductor",): [(conductor, conductor.columns[0])]}) is None


def test_a_unit_two_tables_measure_in_goes_to_the_table_the_question_is_about() -> None:
    """"kilos" spells ``t_child.weight_kg`` and ``Meal.portion_kg``: the linked value ('fish',
    a meal's food) says which; and inside "funded hours" the word "hours" is no name of its own."""
    meal = Table("public", "Meal", (Column("id", "integer", False), Column("childId", "integer"),
                                    Column("food", "text", values=("fish", "pasta")), Column("portion_kg", "numeric")),
                 ("id",), (ForeignKey(("childId",), "public", "t_child", ("child_id",)),))
    kid = Table("public", "t_kid", (Column("kid_id", "integer", False), Column("weight_kg", "numeric"),
                                    Column("funded_hrs", "integer")), ("kid_id",))
    care = Table("public", "t_care", (Column("care_id", "integer", False), Column("hrs", "integer")), ("care_id",))
    schema = SchemaContext("db", "analyst", ("public",), (PUPIL, meal, kid, care))
    q = "total kilos of fish"
    reading = read_question(q, schema, (ValueMatch("Meal", "food", "fish", 3, 4, 1.0),))
    assert reading is not None and reading.sql == \
        """SELECT sum("Meal".portion_kg) FROM "Meal" WHERE "Meal".food = 'fish'"""
    reading = read_question("average funded hours", schema)
    assert reading is not None and reading.sql == "SELECT avg(t_kid.funded_hrs) FROM t_kid"


FUEL = Table("public", "t_fuel_sale", (Column("id", "integer", False), Column("boat_id", "integer"),
                                       Column("sale_ts", "timestamp"), Column("fuel_typ", "text"),
                                       Column("qty_l", "numeric(7,1)"), Column("unit_prc", "numeric(5,2)")),
             ("id",), (ForeignKey(("boat_id",), "public", "t_boat", ("id",)),))
MARINA = SchemaContext("db", "analyst", ("public",), HARBOUR.tables + (FUEL,))


def test_a_leading_noun_names_its_table() -> None:
    """``t_fuel_sale``: "fuel" names the table (no other table's name or columns use it); a
    verb form ("driving" of ``DrivingTest``) never does."""
    reading = read_question("how many different boats bought fuel", MARINA)
    assert reading is not None and reading.sql == \
        "SELECT count(DISTINCT t_boat.id) FROM t_boat JOIN t_fuel_sale ON t_fuel_sale.boat_id = t_boat.id"
    reading = read_question("average litres of fuel", MARINA)
    assert reading is not None and reading.sql == "SELECT avg(t_fuel_sale.qty_l) FROM t_fuel_sale"
    test = SchemaContext("db", "analyst", ("public",), (
        Table("public", "DrivingTest", (Column("id", "integer", False), Column("score", "integer")), ("id",)),))
    from ask.translate.sketch.names import find_mentions
    assert [m.table.name for m in find_mentions(["test"], test)] == ["DrivingTest"]
    assert find_mentions(["driving"], test) == []


def test_an_abbreviated_unit_price_makes_revenue() -> None:
    """``qty_l`` × ``unit_prc`` is the revenue a question asks for (``prc``: price)."""
    reading = read_question("fuel revenue", MARINA)
    assert reading is not None and reading.sql == "SELECT sum(t_fuel_sale.qty_l * t_fuel_sale.unit_prc) FROM t_fuel_sale"


SCHOOL = SchemaContext("db", "analyst", ("public",), (
    Table("public", "Vehicle", (Column("id", "integer", False), Column("plateNo", "text"), Column("make", "text")),
          ("id",)),
    Table("public", "Student", (Column("id", "integer", False), Column("firstName", "text"),
                                Column("licenceType", "text", values=("car", "motorcycle"))), ("id",)),
    Table("public", "Lesson", (Column("id", "integer", False), Column("studentId", "integer"),
                               Column("vehicleId", "integer")), ("id",),
          (ForeignKey(("studentId",), "public", "Student", ("id",)),
           ForeignKey(("vehicleId",), "public", "Vehicle", ("id",)))),
))


@pytest.mark.parametrize("question,sql", [
    # 'car' is a licence type and a synonym of the vehicles: alone, or before a vehicle's column, the table
    ("number of distinct car makes", 'SELECT count(DISTINCT "Vehicle".make) FROM "Vehicle"'),
    ("the car used for the most lessons",
     'SELECT "Vehicle"."plateNo", count(*) FROM "Vehicle" JOIN "Lesson" ON "Lesson"."vehicleId" = "Vehicle".id '
     'GROUP BY "Vehicle".id, "Vehicle"."plateNo" ORDER BY count(*) DESC LIMIT 1'),
    # beside the value's own table or a word of its column, the value
    ("how many car students", """SELECT count(*) FROM "Student" WHERE "Student"."licenceType" = 'car'"""),
    ("students with a car licence", """SELECT "Student"."firstName" FROM "Student" WHERE "Student"."licenceType" = 'car'"""),
])
def test_a_value_that_names_another_table(question: str, sql: str) -> None:
    from ask.context.value_linking import link_values
    reading = read_question(question, SCHOOL, link_values(question, SCHOOL))
    assert reading is not None and reading.sql == sql


def test_owners_named_by_what_they_own() -> None:
    """"boat owners": boats refer to their owner, so the word says which owners; joining the
    boats would count an owner once per boat. Named again ("by boat name"), the boats join."""
    owner = Table("public", "t_owner", (Column("id", "integer", False), Column("owner_nm", "text"),
                                        Column("dob", "date")), ("id",))
    boat = Table("public", "t_boat", (Column("id", "integer", False), Column("boat_nm", "text"),
                                      Column("owner_id", "integer")), ("id",),
                 (ForeignKey(("owner_id",), "public", "t_owner", ("id",)),))
    schema = SchemaContext("db", "analyst", ("public",), (owner, boat))
    reading = read_question("average age of boat owners", schema)
    assert reading is not None and reading.coverage == 1.0
    assert reading.sql == "SELECT avg(date_part('year', age(t_owner.dob))) FROM t_owner"
    reading = read_question("boat owners by boat name", schema)
    assert reading is not None and "t_boat JOIN t_owner" in reading.sql


def test_short_plurals_and_words_for_not_yet() -> None:
    """"check-ins" is ``check_in`` plural (too short for the plural rule); an "outstanding"
    invoice is one not paid."""
    from ask.context.related_words import negations
    assert "in" in noun_forms("ins") and "up" in noun_forms("ups")
    assert "outstanding" in negations("paid")
    stays = Table("public", "bookings", (Column("booking_id", "integer", False), Column("check_in", "date"),
                                         Column("paid", "boolean")), ("booking_id",))
    schema = SchemaContext("db", "analyst", ("public",), (stays,))
    reading = read_question("how many check-ins this month", schema)
    assert reading is not None and reading.coverage == 1.0 and reading.sql == \
        "SELECT count(*) FROM bookings WHERE bookings.check_in >= date_trunc('month', current_date)"
    reading = read_question("how many bookings are outstanding", schema)
    assert reading is not None and reading.sql == "SELECT count(*) FROM bookings WHERE NOT bookings.paid"


def test_the_last_word_of_a_name_written_without_separators() -> None:
    """``surfacearea`` reads as "surface area", and "area" alone names it where nothing else
    of the schema is called so."""
    country = Table("public", "country", (Column("code", "text", False), Column("name", "text"),
                                          Column("surfacearea", "numeric"), Column("population", "integer")), ("code",))
    schema = SchemaContext("db", "analyst", ("public",), (country,))
    reading = read_question("average area of countries", schema)
    assert reading is not None and reading.sql == "SELECT avg(country.surfacearea) FROM country"
    assert ("area",) in related_keys(("surfacearea",)) and ("state",) not in related_keys(("headofstate",))


def test_members_of_a_group_a_table_names() -> None:
    """"staff members" are the staff; a table of members is still named by the word."""
    staff = Table("public", "tbl_staff", (Column("staff_id", "integer", False), Column("staff_nm", "text")), ("staff_id",))
    members = Table("public", "members", (Column("member_id", "integer", False), Column("team_id", "integer")),
                    ("member_id",), (ForeignKey(("team_id",), "public", "team", ("team_id",)),))
    team = Table("public", "team", (Column("team_id", "integer", False), Column("name", "text")), ("team_id",))
    reading = read_question("how many staff members", SchemaContext("db", "analyst", ("public",), (staff,)))
    assert reading is not None and reading.coverage == 1.0 and reading.sql == "SELECT count(*) FROM tbl_staff"
    reading = read_question("how many team members", SchemaContext("db", "analyst", ("public",), (team, members)))
    assert reading is not None and "members" in reading.sql


def test_a_word_several_column_descriptions_share_names_none_of_them() -> None:
    """"bees" in 'frames covered with bees' and 'mites per 100 bees' is what the table is about:
    "bee yards" lists yards, never a column described with the word."""
    from ask.translate.sketch.names import find_mentions
    yards = Table("public", "yards", (Column("yard_id", "integer", False), Column("yard_name", "text")), ("yard_id",))
    checks = Table("public", "inspections", (
        Column("insp_id", "integer", False), Column("yard_id", "integer"),
        Column("colony_strength", "integer", comment="frames covered with bees"),
        Column("mites_per_100", "numeric", comment="varroa mites counted per 100 bees")), ("insp_id",),
        (ForeignKey(("yard_id",), "public", "yards", ("yard_id",)),))
    schema = SchemaContext("db", "analyst", ("public",), (yards, checks))
    assert find_mentions(["bee"], schema) == []
    assert [m.column.name for m in find_mentions(["varroa"], schema) if m.column is not None] == ["mites_per_100"]


def test_a_verb_reaches_the_table_of_its_act() -> None:
    """"inspected": the ``inspections`` it made (as "conducted" reaches its doer, ``conductor``)."""
    from ask.translate.sketch.names import _other_form
    from ask.translate.sketch.related_names import Verbal
    inspection = Table("public", "inspection", (Column("insp_id", "integer", False),), ("insp_id",))
    found = _other_form(["inspected"], ("inspected",), {("inspection",): [(inspection, None)]})
    assert found is not None and found[0] == ("inspection",) and isinstance(found[1], Verbal)
