"""ask.context.example_adapt: a taught SQL adapted to another period unit or column, without a
database; refusing whatever it cannot place unambiguously."""

from __future__ import annotations

import pytest

from ask.context.example_adapt import adapt, adapt_bucket
from ask.context.example_match import asked_slots, shape, taught_slots, vocabulary
from ask.context.value_linking import ValueMatch
from ask.schema import Column, SchemaContext, Table

SCHEMA = SchemaContext("shop", "analyst", ("public",), (
    Table("public", "orders", (Column("id", "integer"), Column("region", "text", values=(
        "East", "West")), Column("amount", "numeric"), Column("weight", "numeric"),
        Column("note", "text"), Column("placed_at", "timestamp"))),
    Table("public", "stores", (Column("id", "integer"), Column("amount", "numeric"))),
))
WORDS = vocabulary(SCHEMA)
LAST_MONTH = ("SELECT sum(o.amount) FROM orders o WHERE o.region = 'East' AND o.placed_at >= "
              "date_trunc('month', current_date) - interval '1 month' AND o.placed_at < "
              "date_trunc('month', current_date)")
TAUGHT_Q = "amount in the East region last month"


def _links(question: str) -> list[ValueMatch]:
    words = question.lower().split()
    return [ValueMatch("orders", "region", w.title(), i, i + 1, 1.0)
            for i, w in enumerate(words) if w in ("east", "west")]


def _adapt(question: str, taught_q: str = TAUGHT_Q, sql: str = LAST_MONTH) -> str | None:
    taught = shape(taught_q, taught_slots(taught_q, sql, _links(taught_q)), WORDS, sql)
    asked = shape(question, asked_slots(_links(question)), WORDS)
    if adapt_bucket(asked) != adapt_bucket(taught):
        return None
    found = adapt(asked, [(taught, sql)], SCHEMA)
    return found[1] if found else None


def test_another_unit_and_value_are_swapped_in() -> None:
    assert _adapt("amount in the West region last quarter") == LAST_MONTH.replace(
        "'East'", "'West'").replace("'month'", "'quarter'").replace("'1 month'", "'3 months'")
    assert _adapt("amount in the East region last year") == LAST_MONTH.replace(
        "'month'", "'year'").replace("'1 month'", "'1 year'")


def test_another_column_of_the_same_table_is_swapped_in() -> None:
    assert _adapt("weight in the East region last month") == LAST_MONTH.replace(
        "o.amount", 'o."weight"')


@pytest.mark.parametrize("question", [
    "amount in the East region last month",          # nothing to adapt (a paraphrase's job)
    "amount in the East region this quarter",        # last -> this: more than a unit
    "amount in the East region last month and last quarter",
    "note in the East region last month",            # a text column for a number
    "amount in the East region last month by store",
    "average amount in the East region last quarter",
])
def test_what_cannot_be_placed_is_not_adapted(question: str) -> None:
    assert _adapt(question) is None


def test_a_unit_named_twice_or_an_interval_of_other_units_is_refused() -> None:
    sql = ("SELECT date_trunc('month', o.placed_at), sum(o.amount) FROM orders o WHERE "
           "o.placed_at >= current_date - interval '6 months' GROUP BY 1")
    assert _adapt("monthly amount for the last 6 weeks", "monthly amount for the last 6 months",
                  sql) is None
    days = "SELECT sum(o.amount) FROM orders o WHERE o.placed_at >= current_date - 90"
    assert _adapt("amount in the last 3 months", "amount in the last 90 days", days) is None


def test_two_examples_adapting_differently_give_nothing() -> None:
    other = LAST_MONTH.replace("sum(o.amount)", "sum(o.amount) * 2")
    t = shape(TAUGHT_Q, taught_slots(TAUGHT_Q, LAST_MONTH, _links(TAUGHT_Q)), WORDS, LAST_MONTH)
    asked = shape("amount in the West region last quarter", asked_slots(_links(
        "amount in the West region last quarter")), WORDS)
    assert adapt(asked, [(t, LAST_MONTH)], SCHEMA) is not None
    assert adapt(asked, [(t, LAST_MONTH), (t, other)], SCHEMA) is None


def test_a_ranking_of_one_takes_the_number_asked() -> None:
    from ask.context.example_adapt import top_n
    sql = ("SELECT e.name, count(*) FROM sessions s JOIN engineers e ON e.id = s.engineer_id "
           "GROUP BY e.name ORDER BY count(*) DESC LIMIT 1")
    words = frozenset({"engineer", "session", "name"})
    taught_q = "which engineer has worked the most sessions"
    taught = [(shape(taught_q, taught_slots(taught_q, sql), words, sql), sql)]
    found = top_n(shape("which 3 engineers have worked the most sessions", (), words), taught)
    assert found is not None and found[1].endswith("DESC LIMIT 3")
    # no ranking asked, another count, or a taught SQL of more than one row: nothing
    assert top_n(shape("which 3 engineers have worked sessions", (), words), taught) is None
    assert top_n(shape("which 3 engineers have worked the most sessions", (), words),
                 [(taught[0][0], sql.replace("LIMIT 1", "LIMIT 5"))]) is None
    assert top_n(shape("which 3 engineers have booked the most rooms", (), words), taught) is None



def test_a_number_of_rows_is_said_before_the_ranked_noun() -> None:
    from ask.context.example_adapt import rows_asked
    assert rows_asked("which 3 engineers have worked the most sessions") == 3
    assert rows_asked("top five clients by revenue") == 5
    assert rows_asked("the 10 busiest rooms") == 10
    assert rows_asked("which engineer worked the most sessions in 2023") is None
    assert rows_asked("engineer with the most sessions over 5 hours") is None
