"""The plain reader on amounts named without an aggregate, ages said as a bare number, spans
still open, "N times" as a count per row and people shown by both their names.

Pure: a hand-made schema of a schema we never evaluate on (a quarry's haulage), links as value
linking would give them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

TRUCKS = Table("public", "trucks", (Column("truck_id", "integer", False), Column("plate", "text"),
                                    Column("fuel_type", "text", values=("diesel", "electric")),
                                    Column("max_load_t", "integer")), ("truck_id",))
LOADS = Table("public", "loads", (Column("load_id", "integer", False), Column("truck_id", "integer"),
                                  Column("gravel_tonnes", "numeric(6,2)"), Column("drive_hrs", "numeric(4,1)"),
                                  Column("grade", "text", values=("fine", "coarse")), Column("load_date", "date")),
              ("load_id",), (ForeignKey(("truck_id",), "public", "trucks", ("truck_id",)),))
DRIVERS = Table("public", "drivers", (Column("driver_id", "integer", False), Column("first_name", "text"),
                                      Column("last_name", "text"), Column("birth_date", "date"),
                                      Column("hired_on", "date"), Column("left_on", "date")), ("driver_id",))
CRANES = Table("public", "cranes", (Column("crane_id", "integer", False), Column("name", "text"),
                                    Column("commissioned_on", "date"), Column("retired_on", "date")), ("crane_id",))
HAULS = Table("public", "hauls", (Column("haul_id", "integer", False), Column("driver_id", "integer"),
                                            Column("hauled_on", "date")), ("haul_id",),
                   (ForeignKey(("driver_id",), "public", "drivers", ("driver_id",)),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (TRUCKS, LOADS, DRIVERS, CRANES, HAULS))


def link(question: str, table: str, column: str, value: str) -> ValueMatch:
    words = question.lower().split()
    start = words.index(value.lower().split()[0])
    return ValueMatch(table, column, value, start, start + len(value.split()), 1.0)


def read(question: str, *links: tuple[str, str, str]) -> str | None:
    reading = read_question(question, SCHEMA, [link(question, *x) for x in links])
    return reading.sql if reading is not None else None


@pytest.mark.parametrize("question,links,sql", [
    ("gravel tonnes carried by grade", [],
     "SELECT loads.grade, sum(loads.gravel_tonnes) FROM loads GROUP BY loads.grade"),
    ("drive hrs of diesel trucks", [("trucks", "fuel_type", "diesel")],
     "SELECT sum(loads.drive_hrs) FROM loads JOIN trucks ON loads.truck_id = trucks.truck_id "
     "WHERE trucks.fuel_type = 'diesel'"),
    ("gravel tonnes in the last 30 days", [],
     "SELECT sum(loads.gravel_tonnes) FROM loads WHERE loads.load_date >= current_date - 30"),
])
def test_an_amount_named_alone_is_summed(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    assert read(question, *links) == sql


@pytest.mark.parametrize("question,sql", [
    # a question that asks to list the amounts lists them, one per row
    ("list the gravel tonnes of loads", "SELECT loads.gravel_tonnes FROM loads"),
    # a number of a table that refers to nothing is an attribute, not an amount of events
    ("max load t of trucks", None),
])
def test_an_amount_asked_for_or_an_attribute_is_not_summed(question: str, sql: str | None) -> None:
    got = read(question)
    assert got is None or "sum(" not in got
    if sql is not None:
        assert got == sql


AGE = "date_part('year', age(drivers.birth_date))"


@pytest.mark.parametrize("question,sql", [
    ("drivers under 25", f"SELECT drivers.first_name, drivers.last_name FROM drivers WHERE {AGE} < 25"),
    ("drivers aged 60 or older", f"SELECT drivers.first_name, drivers.last_name FROM drivers WHERE {AGE} >= 60"),
    ("how many drivers are over 50", f"SELECT count(*) FROM drivers WHERE {AGE} > 50"),
])
def test_a_bare_number_bounding_people_is_their_age(question: str, sql: str) -> None:
    assert read(question) == sql


@pytest.mark.parametrize("question", [
    "trucks under 20",          # trucks have no birth date: not an age
    "drivers under 500",        # no one's age
])
def test_a_bare_number_that_cannot_be_an_age_is_not_one(question: str) -> None:
    got = read(question)
    assert got is None or "age(" not in got


@pytest.mark.parametrize("question,sql", [
    ("how many cranes are still in service", "SELECT count(*) FROM cranes WHERE cranes.retired_on IS NULL"),
    ("cranes still in use", "SELECT cranes.name FROM cranes WHERE cranes.retired_on IS NULL"),
    ("how many drivers are still employed", "SELECT count(*) FROM drivers WHERE drivers.left_on IS NULL"),
    ("cranes in use right now", "SELECT cranes.name FROM cranes WHERE cranes.retired_on IS NULL"),
])
def test_a_span_still_open_has_no_end(question: str, sql: str) -> None:
    assert read(question) == sql


PER_DRIVER = ("FROM drivers JOIN hauls ON hauls.driver_id = drivers.driver_id "
              "GROUP BY drivers.driver_id, drivers.first_name, drivers.last_name")


@pytest.mark.parametrize("question,sql", [
    ("drivers who hauled more than 12 times",
     f"SELECT drivers.first_name, drivers.last_name, count(*) {PER_DRIVER} HAVING count(*) > 12"),
    ("drivers with more than 12 hauls",
     f"SELECT drivers.first_name, drivers.last_name, count(*) {PER_DRIVER} HAVING count(*) > 12"),
    ("the driver with the most hauls",
     f"SELECT drivers.first_name, drivers.last_name, count(*) {PER_DRIVER} ORDER BY count(*) DESC LIMIT 1"),
])
def test_a_count_per_person_shows_both_names(question: str, sql: str) -> None:
    assert read(question) == sql


def test_times_without_a_verb_naming_rows_is_not_read() -> None:
    assert read("drivers more than 12 times") is None
