"""Two foreign keys between the same tables: the one whose role the question says ("won" for
``winner_fighter_id``) joins them, and that word is read. Pure: a hand-made schema of a boxing club."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.spelling import said_key

FIGHTER = Table("public", "fighters", (Column("fighter_id", "integer", False), Column("fighter_name", "text")),
                ("fighter_id",))
BOUT = Table("public", "bouts", (Column("bout_id", "integer", False), Column("red_fighter_id", "integer"),
                                 Column("blue_fighter_id", "integer"), Column("winner_fighter_id", "integer"),
                                 Column("held_on", "date")), ("bout_id",),
             tuple(ForeignKey((c,), "public", "fighters", ("fighter_id",))
                   for c in ("red_fighter_id", "blue_fighter_id", "winner_fighter_id")))
SCHEMA = SchemaContext("club", "analyst", ("public",), (FIGHTER, BOUT))
RED = "bouts.red_fighter_id = fighters.fighter_id"
WINNER = "bouts.winner_fighter_id = fighters.fighter_id"


def test_the_key_whose_role_is_said() -> None:
    assert said_key(SCHEMA, RED, frozenset(("bouts", "won", "by"))) == WINNER
    assert said_key(SCHEMA, RED, frozenset(("bouts", "wins"))) == WINNER
    assert said_key(SCHEMA, RED, frozenset(("bouts", "fought"))) == RED       # no role said: as found
    assert said_key(SCHEMA, RED, frozenset(("blue", "corner"))) == "bouts.blue_fighter_id = fighters.fighter_id"


@pytest.mark.parametrize("question,sql", [
    ("bouts won by Ana Ruiz", f"SELECT count(*) FROM bouts JOIN fighters ON {WINNER} "
     "WHERE fighters.fighter_name = 'Ana Ruiz'"),
    ("how many bouts did Ana Ruiz win", f"SELECT count(*) FROM bouts JOIN fighters ON {WINNER} "
     "WHERE fighters.fighter_name = 'Ana Ruiz'"),
])
def test_a_role_said_chooses_the_join(question: str, sql: str) -> None:
    words = question.split()
    link = ValueMatch("fighters", "fighter_name", "Ana Ruiz", words.index("Ana"), words.index("Ruiz") + 1, 1.0)
    reading = read_question(question, SCHEMA, [link])
    assert reading is not None and reading.sql == sql, question
    assert reading.coverage == 1.0


def test_the_most_wins_counts_them() -> None:
    # "wins" says the role of winner_fighter_id; "the most" of a key counts rows, never ranks by the key
    reading = read_question("fighter with the most bout wins", SCHEMA)
    assert reading is not None and reading.sql == (
        f"SELECT fighters.fighter_name, count(*) FROM fighters JOIN bouts ON {WINNER} "
        "GROUP BY fighters.fighter_id, fighters.fighter_name ORDER BY count(*) DESC LIMIT 1")
    assert reading.coverage == 1.0
