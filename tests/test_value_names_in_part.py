"""A proper name of several words said in part (ask.translate.value_senses): by its first
words typed with a capital, or by its last word after "the", where one stored name alone is so
said. Over a real PostgreSQL database of a ferry operator (no schema of the development sets),
introspected as the planner introspects it; readings' rows compared with hand-written
queries'. The embedder is left out: these rules are lexical."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ask.context.value_linking import ValueMatch, link_values, merge_matches
from ask.schema import SchemaContext
from ask.translate import value_senses
from ask.translate.sketch import read_question
from tests.pg_cluster import PgCluster
from tests.schema_db import introspected, sorted_rows

DB = "ask_value_names_in_part"

SCHEMA_SQL = """
CREATE TABLE operator (operator_id integer PRIMARY KEY, operator_name text NOT NULL);
INSERT INTO operator VALUES (1, 'Northgate Ferries Ltd'), (2, 'Bayline Marine Services'), (3, 'Island Hopper Co');
CREATE TABLE vessel (vessel_id integer PRIMARY KEY, vessel_name text NOT NULL,
                     operator_id integer NOT NULL REFERENCES operator, built_year integer NOT NULL);
INSERT INTO vessel VALUES (1, 'Island Princess', 1, 1998), (2, 'Sound Voyager', 1, 2005),
                          (3, 'Northern Light', 2, 2012), (4, 'Hydrofoil HF3', 3, 2019);
CREATE TABLE port (port_code text PRIMARY KEY, port_name text NOT NULL);
INSERT INTO port VALUES ('PEL', 'Port Ellis'), ('KIR', 'Kirkwall Harbour'), ('STR', 'Stromness');
CREATE TABLE account (account_id integer PRIMARY KEY, account_label text NOT NULL);
INSERT INTO account SELECT g, 'Customer ' || g FROM generate_series(1, 6) g;
CREATE TABLE sailing (sailing_id integer PRIMARY KEY, vessel_id integer NOT NULL REFERENCES vessel,
                      from_port text NOT NULL REFERENCES port, passengers integer NOT NULL);
INSERT INTO sailing SELECT g, 1 + g % 4, (ARRAY['PEL','KIR','STR'])[1 + g % 3], 20 + g % 90
  FROM generate_series(1, 120) g;
ANALYZE;
"""


@pytest.fixture(scope="module")
def ferries(pg: PgCluster) -> Iterator[SchemaContext]:
    yield from introspected(pg, DB, SCHEMA_SQL)


@pytest.fixture(autouse=True)
def lexical_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(value_senses, "shared_embedder", lambda: None)


def _links(question: str, schema: SchemaContext) -> list[ValueMatch]:
    linked = link_values(question, schema)
    return merge_matches(linked, value_senses.sense_links(question, schema, linked))


def _linked(question: str, schema: SchemaContext) -> set[tuple[str, str, int, int]]:
    return {(m.column, m.value, m.start, m.end) for m in _links(question, schema) if m.exact}


@pytest.mark.parametrize("question,found", [
    # the last word after "the"
    ("how many sailings did the Voyager make", ("vessel_name", "Sound Voyager", 5, 6)),
    ("total passengers on the voyager", ("vessel_name", "Sound Voyager", 4, 5)),
    ("sailings of the HF3", ("vessel_name", "Hydrofoil HF3", 3, 4)),
    ("sailings on the light", ("vessel_name", "Northern Light", 3, 4)),
    # the first words, typed with a capital
    ("how many sailings by Northgate Ferries vessels", ("operator_name", "Northgate Ferries Ltd", 4, 6)),
    ("passengers carried by Bayline", ("operator_name", "Bayline Marine Services", 3, 4)),
    ("sailings of Island Hopper vessels", ("operator_name", "Island Hopper Co", 2, 4)),
])
def test_a_name_said_in_part_links_the_one_stored_name(ferries: SchemaContext, question: str,
                                                       found: tuple[str, str, int, int]) -> None:
    assert found in _linked(question, ferries)


@pytest.mark.parametrize("question", [
    "how many customers",                       # 'Customer 1'.. : no proper name, a table's word
    "sailings of Island vessels",               # two names begin with it
    "passengers carried by bayline",            # one word typed in lower case: no name said
    "passengers carried by the island",         # the last word of none, the first of two
    "sailings from the port",                   # the schema's word
    "Northgate sailings",                       # a question's first word: its capital says nothing
    "Passengers Carried By Bayline",            # nor in a question that capitalises every word
])
def test_no_name_or_several_names_link_nothing(ferries: SchemaContext, question: str) -> None:
    assert _linked(question, ferries) == set()


@pytest.mark.parametrize("question,gold", [
    ("how many sailings did the Voyager make",
     "SELECT count(*) FROM sailing s JOIN vessel v USING (vessel_id) WHERE v.vessel_name = 'Sound Voyager'"),
    ("how many sailings by Northgate Ferries vessels",
     "SELECT count(*) FROM sailing s JOIN vessel v USING (vessel_id) JOIN operator o USING (operator_id) "
     "WHERE o.operator_name = 'Northgate Ferries Ltd'"),
])
def test_the_reading_filters_by_the_whole_name(pg: PgCluster, ferries: SchemaContext, question: str,
                                               gold: str) -> None:
    reading = read_question(question, ferries, _links(question, ferries))
    assert reading is not None
    assert sorted_rows(pg, DB, reading.sql) == sorted_rows(pg, DB, gold)
