"""The word after a stored value (issue 18, round 29): a singular noun that ends the phrase says
what kind of thing the value is ("the catamaran *fleet*") and is no refusal; a plural noun, a
noun the phrase goes on after, or the verb of a do/does/did question still is. Contracted
filler ("we've") and scale words ("6 million") need no placing.

Pure: a hand-made schema context (a boat hire nobody tuned on), links as value linking would
give them."""

from __future__ import annotations

import pytest

from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.vocabulary import digits, filler_contraction
from tests.sketch_cases import fk, link

MARINAS = Table("public", "marina", (Column("marina_id", "integer", False), Column("marina_name", "text"),
                                     Column("region", "text", values=("Solent", "Clyde"))), ("marina_id",))
BOATS = Table("public", "boat", (Column("boat_id", "integer", False), Column("marina_id", "integer"),
                                 Column("boat_name", "text"),
                                 Column("hull_type", "text", values=("catamaran", "dinghy")),
                                 Column("length_m", "numeric(5,2)")),
              ("boat_id",), (fk("marina_id", "marina"),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (MARINAS, BOATS))


def read(question: str, links: list[tuple[str, str, str]]) -> str | None:
    reading = read_question(question, SCHEMA, [link(question, *x) for x in links])
    return reading.sql if reading is not None else None


@pytest.mark.parametrize("question,links,sql", [
    # the noun after the value ends the phrase: the value's own rows
    ("average length of the catamaran fleet", [("boat", "hull_type", "catamaran")],
     "SELECT avg(boat.length_m) FROM boat WHERE boat.hull_type = 'catamaran'"),
    ("boats at marinas in the Solent area", [("marina", "region", "Solent")],
     "SELECT boat.boat_name FROM boat JOIN marina ON boat.marina_id = marina.marina_id "
     "WHERE marina.region = 'Solent'"),
])
def test_a_singular_noun_after_a_value_is_its_kind(question: str, links: list[tuple[str, str, str]],
                                                   sql: str) -> None:
    assert read(question, links) == sql


@pytest.mark.parametrize("question,links", [
    ("average length of the catamaran moorings", [("boat", "hull_type", "catamaran")]),        # plural: rows
    ("average length of the catamaran insurance premiums", [("boat", "hull_type", "catamaran")]),  # goes on
    ("how many boats does Solent rent out", [("marina", "region", "Solent")]),             # a verb
    ("how many boats did Solent hire", [("marina", "region", "Solent")]),
    ("which boats sailed Solent something", [("marina", "region", "Solent")]),                 # a pronoun
])
def test_what_else_follows_a_value_must_be_placed(question: str, links: list[tuple[str, str, str]]) -> None:
    assert read(question, links) is None


def test_contracted_filler_needs_no_placing() -> None:
    assert [filler_contraction(w) for w in ("we've", "who've", "they're", "i'm")] == [True] * 4
    assert [filler_contraction(w) for w in ("don't", "can't", "o'neill", "we")] == [False] * 4
    reading = read_question("how many boats we've got", SCHEMA, [])
    assert reading is not None and reading.coverage == 1.0 and reading.sql == "SELECT count(*) FROM boat"


def test_a_scale_word_scales_the_number_before_it() -> None:
    assert digits(["over", "6", "million"]) == ["over", "6000000", "million"]
    assert digits(["2", "thousand", "boats"]) == ["2000", "thousand", "boats"]
    assert digits(["million", "6"]) == ["million", "6"]
    reading = read_question("boats longer than 2 thousand", SCHEMA, [])
    assert reading is not None and reading.coverage == 1.0
    assert reading.sql == "SELECT boat.boat_name FROM boat WHERE boat.length_m > 2000"


def test_the_particle_of_a_read_verb_is_part_of_it() -> None:
    reading = read_question("how many boats have we given out", SCHEMA, [])
    assert reading is not None and reading.coverage == 1.0 and reading.sql == "SELECT count(*) FROM boat"
    # no verb before it, or one the reading did not read: the particle is still a word to place
    reading = read_question("how many boats are out", SCHEMA, [])
    assert reading is not None and reading.uncovered == ("out",)
    reading = read_question("boats we have moored out", SCHEMA, [])
    assert reading is not None and reading.uncovered == ("moored", "out")
