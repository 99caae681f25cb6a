"""Questions that are no question about data though every word is known: cut off mid-sentence
("how many of the") or schema names strung together asking nothing ("loan member branch
staff book"). Written on a hand-made library schema and the demo's, neither of which the rule
was written from (it was written from eval/refusal_dev3.jsonl over dev12..dev18's schemas)."""

from __future__ import annotations

import pytest

from ask.context.refusal import Refusal, assess
from ask.context.value_linking import link_values
from ask.errors import QuestionNotAnswerable
from ask.schema import Column, ForeignKey, SchemaContext, Table
from tests.test_refusal import DEMO


def _fk(column: str, table: str, key: str | None = None) -> ForeignKey:
    return ForeignKey((column,), "public", table, (key or column,))


LIBRARY = SchemaContext("library", "reader", ("public",), (
    Table("public", "branches", (Column("branch_id", "integer"), Column("name", "text"),
                                 Column("city", "text")), ("branch_id",)),
    Table("public", "books", (Column("book_id", "integer"), Column("title", "text"),
                              Column("author", "text"), Column("isbn", "text"),
                              Column("copies", "integer"), Column("genre", "text", values=(
                                  "Fiction", "History", "Science")),
                              Column("branch_id", "integer")),
          ("book_id",), (_fk("branch_id", "branches"),)),
    Table("public", "members", (Column("member_id", "integer"), Column("first_name", "text"),
                                Column("last_name", "text"), Column("joined_on", "date"),
                                Column("branch_id", "integer")),
          ("member_id",), (_fk("branch_id", "branches"),)),
    Table("public", "loans", (Column("loan_id", "integer"), Column("book_id", "integer"),
                              Column("member_id", "integer"), Column("loaned_on", "date"),
                              Column("returned_on", "date"), Column("late_fee", "numeric(8,2)")),
          ("loan_id",), (_fk("book_id", "books"), _fk("member_id", "members"))),
    # abbreviated names, as legacy schemas write them: "staff schedule" for stf_sched
    Table("public", "stf", (Column("stf_no", "integer"), Column("first_nm", "text"),
                            Column("branch_id", "integer"), Column("hrly_rate", "numeric(8,2)")),
          ("stf_no",), (_fk("branch_id", "branches"),)),
))


def refusal(question: str, schema: SchemaContext = LIBRARY) -> Refusal | None:
    return assess(question, schema, link_values(" ".join(question.split()), schema), targets=True)


@pytest.mark.parametrize("question", [
    "how many of the", "show me all the", "which books had the", "loans between",
    "list every", "count of", "average of", "show the top", "loans per", "members by",
    "where book_id = 1 and", "what was the",
])
def test_a_question_cut_off_is_refused(question: str) -> None:
    found = refusal(question)
    assert found is not None and found.kind in ("unfinished", "gibberish", "out_of_schema"), found
    if found.kind == "unfinished":
        error = found.error()
        assert isinstance(error, QuestionNotAnswerable) and error.sqlstate == "42000"
        assert error.hint is not None and "finish it" in error.hint


@pytest.mark.parametrize("question, schema", [
    ("loan member branch book title", LIBRARY),
    ("book member loan branch when", LIBRARY),
    ("staff branch loan book the of", LIBRARY),
    ("customer order product store region", DEMO),
    ("store category order line the", DEMO),
])
def test_names_asking_nothing_are_refused(question: str, schema: SchemaContext) -> None:
    found = refusal(question, schema)
    assert found is not None and found.kind in ("asks_nothing", "unfinished"), found
    error = found.error()
    assert isinstance(error, QuestionNotAnswerable) and error.sqlstate == "42000" and error.hint


@pytest.mark.parametrize("question, schema", [
    # terse listings and groupings: one table's columns, or words related by a function word
    ("book title author isbn", LIBRARY),
    ("member first name last name", LIBRARY),
    ("loans by branch", LIBRARY),
    ("loans per member per branch", LIBRARY),
    ("members with no loans", LIBRARY),
    ("books members borrowed", LIBRARY),
    ("count loans", LIBRARY),
    ("books", LIBRARY),
    ("top 5 books by copies", LIBRARY),
    # a stranded preposition is English, not a cut-off question
    ("books we have fewer than 2 copies of", LIBRARY),
    ("branches no member has borrowed any book out of", LIBRARY),
    ("number of loans for each", LIBRARY),
    ("customers who ordered products from each category", DEMO),
    ("orders per store", DEMO),
    ("revenue by region", DEMO),
])
def test_answerable_look_alikes_are_not_refused_by_these_checks(question: str, schema: SchemaContext) -> None:
    found = refusal(question, schema)
    assert found is None or found.kind not in ("unfinished", "asks_nothing"), found


def test_a_table_named_by_the_full_word_its_abbreviated_name_shortens_counts() -> None:
    # "staff" spells stf: three tables named with nothing asked
    found = refusal("staff branch book")
    assert found is None or found.kind != "asks_nothing"      # three words: too short to be a salad
    found = refusal("staff branch book member")
    assert found is not None and found.kind == "asks_nothing"


@pytest.mark.parametrize("question", [
    "Hello! could you please tell me how many loans there are? Thank you so much in advance.",
    "hi there, would you kindly show me the members by branch",
    "how many memebrs are there",          # two letters swapped
    "number of laons per branch",
])
def test_courtesy_and_swapped_letters_are_no_unknown_words(question: str) -> None:
    assert refusal(question) is None


@pytest.mark.parametrize("question", ["thank you very much", "hello", "hi there", "thanks in advance"])
def test_courtesy_alone_is_still_refused(question: str) -> None:
    found = refusal(question)
    assert found is not None and found.kind == "out_of_schema"


def test_a_last_have_with_its_object_cut_off() -> None:
    for question in ("how many members have", "which branches have", "books that each member has"):
        found = refusal(question)
        assert found is not None and found.kind == "unfinished", (question, found)
    # "have" as the verb of a whole clause: an auxiliary, or a subject right before it
    for question in ("how many members do we have", "the branches we have", "how many books does each branch have",
                     "what genres can a book have", "how many loans has Ann had"):
        found = refusal(question)
        assert found is None or found.kind != "unfinished", (question, found)
