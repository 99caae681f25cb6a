"""Value linking of values said in part: a text key of digits said as a number after the word
of what it keys ("store 7"). Schemas here are none the rules were written from (a transit
agency's routes): an airport's gates, a retailer's stores, a ferry line."""

from __future__ import annotations

import dataclasses

from training.data.schemas import context, table
from ask.context.value_linking import link_values
from ask.schema import SchemaContext

AIRPORT = context([
    table("terminals", "terminal_id int pk, terminal_name text", {"terminal_name": ("North", "South")}),
    table("gates", "gate_id int pk, gate_label text, terminal_id int -> terminals.terminal_id",
          {"gate_label": ("1", "7", "12", "B4", "2024")}),
    table("flights", "flight_id int pk, gate_id int -> gates.gate_id, seats int, flown_on date"),
])
RETAIL = context([
    table("stores", "store_id int pk, store_number text, city text",
          {"store_number": ("7", "12", "31"), "city": ("Leeds", "York")}),
    table("sales", "sale_id int pk, store_id int -> stores.store_id, amount numeric, sold_on date"),
    table("customers", "customer_id int pk, label text", {"label": ("Customer 1", "Customer 7")}),
])


def links(question: str, schema: SchemaContext = RETAIL) -> set[tuple[str, str, str, int, int]]:
    return {(m.table, m.column, m.value, m.start, m.end) for m in link_values(question, schema)}


def test_a_number_after_the_word_of_what_it_keys_links_the_text_key() -> None:
    assert links("total sales at store 7 last month") == {("stores", "store_number", "7", 3, 5)}
    assert links("flights from gate 12 this week", AIRPORT) == {("gates", "gate_label", "12", 2, 4)}
    # "number" or "no" between the word and the number
    assert links("sales of store number 31") == {("stores", "store_number", "31", 2, 5)}
    assert links("flights at gate no. 7", AIRPORT) == {("gates", "gate_label", "7", 2, 5)}


def test_a_number_that_is_a_quantity_a_year_or_a_bound_links_nothing() -> None:
    assert links("top 7 stores by sales") == set()
    assert links("stores with more than 12 sales") == set()
    assert links("sales in 2024 at stores in York") == {("stores", "city", "York", 6, 7)}
    assert links("how many flights in 2024", AIRPORT) == set()
    assert links("flights with 12 seats", AIRPORT) == set()
    assert links("stores 12 or more") == set()


def test_the_number_is_no_stored_number_of_the_word_said() -> None:
    # not a value of the column the word names: nothing (no near miss of a number)
    assert links("sales at store 8") == set()
    # the word names another table's key: "terminal 7" is no gate
    assert links("flights from terminal 7", AIRPORT) == set()
    # the key's kind ("number 7") names no store
    assert links("number 7 in the list") == set()


def test_a_whole_value_with_the_number_still_wins() -> None:
    # 'Customer 7' is spelt whole; "customers" never links 'Customer 1'
    assert links("sales to customer 7") == {("customers", "label", "Customer 7", 2, 4)}
    assert links("how many customers") == set()


def _clinic(comment: str | None = None, name: str = "staff") -> SchemaContext:
    staff = table(name, "staff_id int pk, role_cd text, job_title text, hired_on date",
                  {"role_cd": ("RN", "PHL", "ADM"),
                   "job_title": ("Staff Nurse", "Phlebotomy Technician", "Clinic Administrator")})
    cols = tuple(dataclasses.replace(c, comment=comment) if c.name == "role_cd" else c for c in staff.columns)
    return context([dataclasses.replace(staff, columns=cols)])


CLINIC = _clinic()
# the comment explains the codes (another table's name: the fingerprint that keys the index
# leaves comments out)
CODED = _clinic("RN registered nurse, PHL phlebotomy technician, ADM administrative coordinator", "employee")


def test_a_last_word_clipped_says_the_value_or_the_code() -> None:
    # a stored value's last word clipped ("techs" for technicians), the words before it whole
    assert links("how many phlebotomy techs", CLINIC) >= {("staff", "job_title", "Phlebotomy Technician", 2, 4)}
    assert links("clinic admins hired this year", CLINIC) == {("staff", "job_title", "Clinic Administrator", 0, 2)}
    # and a code by what its comment says it means
    assert ("employee", "role_cd", "ADM", 0, 2) in links("administrative coords hired this year", CODED)


def test_a_clip_too_short_or_alone_says_nothing() -> None:
    assert links("how many techs", CLINIC) == set()           # the words before said too
    assert links("phlebotomy tec count", CLINIC) == set()     # three letters: too short a clip
    assert links("clinic admissions this year", CLINIC) == set()  # another word, not a clip


GRADES = context([
    table("pupil", "pupil_id int pk, full_name text"),
    table("mark", "mark_id int pk, pupil_id int -> pupil.pupil_id, grade text, term text",
          {"grade": ("A+", "A", "A-", "B+", "B", "C"), "term": ("Autumn", "Spring")}),
])


def test_a_value_only_its_sign_tells_apart_links_as_typed() -> None:
    assert links("pupils with grade A-", GRADES) == {("mark", "grade", "A-", 2, 4)}
    assert links("how many A+ marks in Spring", GRADES) == {("mark", "grade", "A+", 2, 3),
                                                            ("mark", "term", "Spring", 5, 6)}
    assert links("pupils with a B+?", GRADES) == {("mark", "grade", "B+", 3, 4)}
    # without its sign the letter is any of them, as before
    assert {v for _, _, v, _, _ in links("pupils with grade B", GRADES)} == {"B+", "B"}


def test_a_letter_s_plural_says_the_one_letter_value() -> None:
    assert links("what share of Spring marks were C's", GRADES) == {("mark", "term", "Spring", 3, 4),
                                                                     ("mark", "grade", "C", 6, 7)}
    # a letter in lower case, or an article, says no grade
    assert links("what share of marks were c's", GRADES) == set()
    assert links("a pupil's marks", GRADES) == set()
