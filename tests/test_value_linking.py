"""Value linking: stored values found in questions despite case, plurals, hyphens and typos."""

from __future__ import annotations

import random

from training.data.schemas import context, table
from ask.context.value_linking import bounded_distance, link_values

SCHEMA = context([
    table("regions", "region_id int pk, name text",
          {"name": ("East China", "North China", "South China", "Northwest China")}),
    table("orders", "order_id int pk, region_id int -> regions.region_id, channel text, status text",
          {"channel": ("online", "in-store"), "status": ("completed", "cancelled", "returned")}),
    table("categories", "category_id int pk, name text", {"name": ("Electronics", "Home & Kitchen", "Books")}),
    table("customers", "customer_id int pk, city text", {"city": ("Shanghai", "Xi'an")}),
    table("stores", "store_id int pk, city text", {"city": ("Shanghai", "Beijing")}),
])


def linked(question: str) -> set[tuple[str, str, str]]:
    return {(m.table, m.column, m.value) for m in link_values(question, SCHEMA)}


def test_value_without_its_column_named() -> None:
    assert linked("top product in East China last month") == {("regions", "name", "East China")}


def test_a_typographic_apostrophe_is_an_apostrophe() -> None:
    # "Xi’an" as typed on a phone or pasted from a document: the value, one word, as "Xi'an"
    found = [(m.value, m.start, m.end) for m in link_values("orders of customers in Xi’an", SCHEMA)]
    assert found == [("Xi'an", 4, 5)]


def test_case_and_hyphens_are_ignored() -> None:
    assert ("orders", "channel", "in-store") in linked("instore sales in east china")
    assert ("orders", "channel", "in-store") in linked("In store orders")


def test_plural_and_ampersand() -> None:
    assert ("categories", "name", "Electronics") in linked("electronic sales")
    assert ("categories", "name", "Home & Kitchen") in linked("home and kitchen revenue")
    assert ("categories", "name", "Books") in linked("how many book orders")


def test_typos_in_longer_values() -> None:
    assert ("regions", "name", "Northwest China") in linked("revenue in nortwest chna")
    assert ("orders", "status", "cancelled") in linked("canceled orders")


def test_longest_span_wins_and_short_words_do_not_match() -> None:
    found = linked("sales in north china")
    assert found == {("regions", "name", "North China")}
    assert linked("how many orders in the east") == set()


def test_same_value_in_several_columns_keeps_all() -> None:
    assert linked("customers in shanghai") == {("customers", "city", "Shanghai"), ("stores", "city", "Shanghai")}


def test_apostrophes() -> None:
    assert ("customers", "city", "Xi'an") in linked("customers from xi'an")


def test_no_values_no_matches() -> None:
    empty = context([table("t", "a int pk, b text")])
    assert link_values("anything at all", empty) == []


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def testbounded_distance_is_levenshtein_up_to_the_bound() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        a = "".join(rng.choice("abc") for _ in range(rng.randint(0, 9)))
        b = "".join(rng.choice("abc") for _ in range(rng.randint(0, 9)))
        bound = rng.randint(0, 3)
        assert bounded_distance(a, b, bound) == min(_levenshtein(a, b), bound + 1), (a, b, bound)


NUMBERED = context([
    table("customers", "customer_id int pk, name text",
          {"name": tuple(f"Customer {i}" for i in range(1, 51)) + ("Acme Ltd",)}),
    table("blocks", "block_id int pk, label text", {"label": ("Block A", "Block B")}),
])


def test_codes_of_a_value_are_never_typos() -> None:
    """A near miss must contain the value's numbers and letter codes as typed: "customers"
    is not 'Customer 1', nor "Customer 70" 'Customer 7'."""
    def found(question: str) -> set[str]:
        return {m.value for m in link_values(question, NUMBERED)}

    assert found("how many customers are there") == set()
    assert found("how many customer records") == set()
    assert found("orders of Customer 7") == {"Customer 7"}
    assert found("orders of Custmer 7") == {"Customer 7"}          # a typo in the word is one
    assert found("orders of Customer 70") == set()
    assert found("what is in blocks") == set()
    assert found("what is in block b") == {"Block B"}


def test_a_one_letter_code_of_a_sex_column_is_linked_by_its_word() -> None:
    coded = context([table("animals", "animal_id int pk, sex text, size text",
                           {"sex": ("M", "F"), "size": ("S", "M", "L")})])
    found = {(m.column, m.value) for m in link_values("how many female animals", coded)}
    assert found == {("sex", "F")}
    assert {(m.column, m.value) for m in link_values("males per size", coded)} == {("sex", "M")}
    # the same letter in another column is no word's code
    assert link_values("medium animals", coded) == []


def test_a_possessive_links_the_name() -> None:
    named = context([table("coaches", "coach_id int pk, full_name text", {"full_name": ("Ruth Alvarez", "Dev Patel")})])
    found = link_values("how many tests did Ruth Alvarez's students pass", named)
    assert [(m.value, m.start, m.end, m.exact) for m in found] == [("Ruth Alvarez", 4, 6, True)]


def test_a_one_letter_value_links_right_after_its_columns_name() -> None:
    piers = context([table("berths", "berth_id int pk, pier text, berth_code text", {"pier": ("A", "B", "C")})])
    assert [(m.column, m.value, m.start) for m in link_values("berths on pier C", piers)] == [("pier", "C", 2)]
    assert link_values("a berth for a boat", piers) == []        # a lone letter is a word, not a code


def test_a_place_is_linked_by_its_adjective() -> None:
    places = context([table("country", "code text pk, continent text, name text",
                            {"continent": ("Asia", "Europe", "Africa"), "name": ("Italy", "Japan")})])
    assert {m.value for m in link_values("asian countries", places)} == {"Asia"}
    assert {m.value for m in link_values("european countries", places)} == {"Europe"}
    assert link_values("italian food", places) == []        # 'name' is no column of places


def test_a_text_flag_is_linked_by_its_word() -> None:
    flags = context([table("countrylanguage", "countrycode text, language text, isofficial text",
                           {"isofficial": ("T", "F"), "language": ("English", "Dutch")})])
    assert {(m.column, m.value) for m in link_values("official languages of aruba", flags)} == {("isofficial", "T")}
    assert {(m.column, m.value) for m in link_values("unofficial languages", flags)} == {("isofficial", "F")}


def test_a_verb_a_date_key_names_is_no_status() -> None:
    """"tickets Acme opened": when ``opened_date_key`` says (a star schema's integer key into its
    date dimension), not an invoice status 'open'; "open invoices" still is."""
    star = context([
        table("fact_ticket", "ticket_sk int pk, opened_date_key integer, status text", {"status": ("new", "solved")}),
        table("fact_invoice", "invoice_sk int pk, invoice_status text", {"invoice_status": ("open", "paid")}),
    ])
    assert link_values("how many tickets has Acme opened", star) == []
    assert [(m.column, m.value) for m in link_values("how many open invoices", star)] == [("invoice_status", "open")]
