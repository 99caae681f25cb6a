"""Teaching that carries (issue 22, teach25): what one taught example says about the words of
other questions (ask.translate.taught_lexicon, read by ask.translate.sketch) and which
paraphrases its shape still matches (ask.context.example_match).

Pure: hand-made schemas whose names do not spell some of the words their users say
("papers" for ``publications``, "PIs" for ``investigators``, "spent" for the expenditures'
amount, "collected" for a fee with a payment date); exact alignments and SQL out."""

from __future__ import annotations

import pytest

from ask.context.example_match import Slot, best_rebinding, shape, taught_slots
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.taught_lexicon import align, build
from ask.context.examples import Example

INVESTIGATORS = Table("public", "investigators", (Column("investigator_id", "integer", False),
                                                  Column("first_name", "text"), Column("last_name", "text"),
                                                  Column("birth_date", "date")),
                      ("investigator_id",))
AWARDS = Table("public", "awards", (Column("award_id", "integer", False), Column("pi_id", "integer"),
                                    Column("total_amount", "numeric")),
               ("award_id",), (ForeignKey(("pi_id",), "public", "investigators", ("investigator_id",)),))
PUBLICATIONS = Table("public", "publications", (Column("publication_id", "integer", False),
                                                Column("award_id", "integer"), Column("journal", "text"),
                                                Column("citations", "integer")),
                     ("publication_id",), (ForeignKey(("award_id",), "public", "awards", ("award_id",)),))
GRANTS = SchemaContext("db", "analyst", ("public",), (INVESTIGATORS, AWARDS, PUBLICATIONS))

PERMITS = Table("public", "permits", (Column("permit_id", "integer", False), Column("neighborhood", "text",
                                                                                    values=("Mill District",))),
                ("permit_id",))
FEES = Table("public", "fees", (Column("fee_id", "integer", False), Column("permit_id", "integer"),
                                Column("amount", "numeric"), Column("assessed_on", "date"),
                                Column("paid_on", "date")),
             ("fee_id",), (ForeignKey(("permit_id",), "public", "permits", ("permit_id",)),))
SEASONS = Table("public", "seasons", (Column("season_id", "integer", False), Column("prize_pool", "numeric")),
                ("season_id",))
LINES = Table("public", "budget_lines", (Column("budget_line_id", "integer", False),
                                        Column("category", "text", values=("Travel", "Equipment"))),
              ("budget_line_id",))
SPENT = Table("public", "expenditures", (Column("expenditure_id", "integer", False),
                                         Column("budget_line_id", "integer"), Column("amount", "numeric"),
                                         Column("posted_on", "date")),
              ("expenditure_id",), (ForeignKey(("budget_line_id",), "public", "budget_lines",
                                                ("budget_line_id",)),))
CITY = SchemaContext("db", "analyst", ("public",), (PERMITS, FEES, SEASONS, LINES, SPENT))

JOURNALS = Example(1, "journals with over 30 papers",
                   "SELECT p.journal, count(*) FROM publications p GROUP BY p.journal HAVING count(*) > 30")
TOP_PIS = Example(2, "top 5 PIs by number of papers",
                  "SELECT i.first_name, i.last_name, count(*) FROM publications p JOIN awards a "
                  "ON a.award_id = p.award_id JOIN investigators i ON i.investigator_id = a.pi_id "
                  "GROUP BY i.investigator_id, i.first_name, i.last_name ORDER BY count(*) DESC LIMIT 5")
COLLECTED = Example(3, "total fees collected on permits in the mill district",
                    "SELECT sum(f.amount) FROM fees f JOIN permits p ON p.permit_id = f.permit_id "
                    "WHERE p.neighborhood = 'Mill District' AND f.paid_on IS NOT NULL")
PRIZE = Example(4, "total prize money across all seasons", "SELECT sum(s.prize_pool) FROM seasons s")
TRAVEL = Example(5, "total spent on travel",
                 "SELECT sum(e.amount) FROM expenditures e JOIN budget_lines b "
                 "ON b.budget_line_id = e.budget_line_id WHERE b.category = 'Travel'")


def entries(example: Example, schema: SchemaContext) -> list[tuple[tuple[str, ...], str, str | None, str | None]]:
    aligned = align(example.question, example.sql, schema)
    assert aligned is not None
    return sorted((a.words, a.table.name, getattr(a.column, "expr", "") or (a.column.name if a.column else None),
                   a.condition) for a in aligned.alignments)


def test_the_noun_a_grouped_count_counts_is_its_first_tables() -> None:
    # "over 30 papers" compares the count of the publications per journal
    assert entries(JOURNALS, GRANTS) == [(("paper",), "publications", None, None)]
    # "number of papers": the publications, each joined to one award and one investigator;
    # the one word left ("PIs") is the one table left
    assert entries(TOP_PIS, GRANTS) == [(("paper",), "publications", None, None),
                                        (("pis",), "investigators", None, None)]


def test_the_noun_a_ranking_by_count_counts_is_its_first_tables() -> None:
    most = Example(9, "which PI has the most papers",
                   "SELECT i.first_name, i.last_name FROM publications p JOIN awards a ON a.award_id = p.award_id "
                   "JOIN investigators i ON i.investigator_id = a.pi_id "
                   "GROUP BY i.investigator_id, i.first_name, i.last_name ORDER BY count(*) DESC LIMIT 1")
    assert (("paper",), "publications", None, None) in entries(most, GRANTS)


def test_a_grouped_count_over_a_table_that_is_not_counted_teaches_no_counted_noun() -> None:
    # counted from the investigators, each joined to many publications: count(*) counts pairs
    reversed_ = Example(6, TOP_PIS.question,
                        "SELECT i.first_name, i.last_name, count(*) FROM investigators i JOIN awards a "
                        "ON a.pi_id = i.investigator_id JOIN publications p ON p.award_id = a.award_id "
                        "GROUP BY i.investigator_id, i.first_name, i.last_name ORDER BY count(*) DESC LIMIT 5")
    assert (("paper",), "publications", None, None) not in entries(reversed_, GRANTS)


def test_a_taught_noun_reads_untaught_questions() -> None:
    lexicon = build([TOP_PIS], GRANTS)
    reading = read_question("average age of our PIs", GRANTS, (), lexicon)
    assert reading is not None and reading.coverage == 1.0
    assert "FROM investigators" in reading.sql and "avg(" in reading.sql
    untaught = read_question("average age of our PIs", GRANTS, ())
    assert untaught is not None and untaught.uncovered == ("pis",)


def test_a_verb_form_taught_is_its_other_forms_too() -> None:
    lexicon = build([TRAVEL], CITY)
    assert lexicon.names[("spend",)] == lexicon.names[("spent",)]
    for question in ("spending this year", "what did we spend this year"):
        reading = read_question(question, CITY, (), lexicon)
        assert reading is not None and "sum(expenditures.amount)" in reading.sql, question
        assert "expenditures.posted_on >= date_trunc('year', current_date)" in reading.sql


def test_the_one_number_of_a_named_table_leaves_the_other_word_its_condition() -> None:
    # "total fees": the fees' one number; "collected" is the payment date being set
    assert entries(COLLECTED, CITY) == [(("collected",), "fees", None, "fees.paid_on IS NOT NULL")]
    # where a word is left for the number, it is that number's word
    assert entries(PRIZE, CITY) == [(("prize", "money"), "seasons", "seasons.prize_pool", None)]


def test_a_period_said_with_a_taught_event_is_on_that_events_date() -> None:
    lexicon = build([COLLECTED], CITY)
    reading = read_question("fees collected last month", CITY, (), lexicon)
    assert reading is not None
    assert "fees.paid_on IS NOT NULL" in reading.sql
    assert "fees.paid_on >= date_trunc('month', current_date) - interval '1 month'" in reading.sql
    assert "assessed_on" not in reading.sql


def test_a_word_the_schema_names_is_never_idle_and_outside_is_no_entry() -> None:
    biggest = Example(7, "what's the biggest award", "SELECT max(a.total_amount) FROM awards a")
    assert "award" not in build([biggest], GRANTS).idle
    share = Example(8, "share of papers from outside Nature",
                    "SELECT 100.0 * count(*) FILTER (WHERE p.journal <> 'Nature') / count(*) FROM publications p")
    lexicon = build([share], GRANTS)
    assert ("outside",) not in lexicon.names and ("outside",) not in lexicon.filters


# --- paraphrases ---------------------------------------------------------------------------------

WORDS = frozenset({"show", "download", "host", "join", "permit", "valuation", "network"})
TOP_SHOWS = ("top 3 shows by downloads",
             "SELECT s.show_nm, sum(d.dl_cnt) FROM ep_dl d JOIN episode e ON e.ep_id = d.ep_id "
             "JOIN show s ON s.show_id = e.show_id GROUP BY s.show_nm ORDER BY sum(d.dl_cnt) DESC LIMIT 3")
TENURE = ("how many days has each host been with the network",
          "SELECT h.first_nm, h.last_nm, current_date - h.join_dt FROM host h")
VALUED = ("how many permits are valued above average",
          'SELECT count(*) FROM "tblPermit" p WHERE p."Valuation" > (SELECT avg("Valuation") FROM "tblPermit")')
HOSTED = ("total downloads of Dana Whitaker's shows",
          "SELECT sum(d.dl_cnt) FROM ep_dl d JOIN episode e ON e.ep_id = d.ep_id JOIN show_host sh "
          "ON sh.show_id = e.show_id JOIN host h ON h.host_id = sh.host_id "
          "WHERE h.first_nm = 'Dana' AND h.last_nm = 'Whitaker'")


def _match(question: str, taught_: tuple[str, str], slots: list[Slot] | None = None) -> str | None:
    t = shape(taught_[0], taught_slots(taught_[0], taught_[1]), WORDS, taught_[1])
    found = best_rebinding(shape(question, slots or [], WORDS), [(t, taught_[1])])
    return found[1].sql if found is not None else None


@pytest.mark.parametrize("question, taught_, sql", [
    # "by" after a ranking of N rows says what it ranks by, no grouping
    ("which three shows have been downloaded the most", TOP_SHOWS, TOP_SHOWS[1]),
    # a sum of stored counts (dl_cnt) is a count: "download count"
    ("top 5 shows by download count", TOP_SHOWS, TOP_SHOWS[1].replace("LIMIT 3", "LIMIT 5")),
    # "days since <an event>" is a length of time, not a period
    ("days since each host joined the network", TENURE, TENURE[1]),
    # a measure word the taught question says in another form ("valued")
    ("number of permits with an above-average value", VALUED, VALUED[1]),
])
def test_paraphrases_that_now_match(question: str, taught_: tuple[str, str], sql: str) -> None:
    assert _match(question, taught_) == sql


@pytest.mark.parametrize("question, taught_", [
    ("top 3 shows by each host", TOP_SHOWS),                 # "by each" still groups
    ("top shows by downloads", TOP_SHOWS),                   # no number: the ranking's "by" stays
    # ranked by something else: what a ranking is by is said on both sides
    ("top 3 shows by episodes", TOP_SHOWS), ("top 3 shows by number of episodes", TOP_SHOWS),
    ("which three shows have the most episodes", TOP_SHOWS), ("top 3 shows by length", TOP_SHOWS),
    ("downloads since last month per host", TENURE),         # a period's "since" stays a period
    ("days since 2020 for each host", TENURE),
    ("number of permits with an above-average fee", VALUED),  # a measure the taught one never says
])
def test_near_misses_still_do_not_match(question: str, taught_: tuple[str, str]) -> None:
    assert _match(question, taught_) is None


def test_a_possessive_value_is_a_slot_of_the_taught_question() -> None:
    slots = taught_slots(HOSTED[0], HOSTED[1])
    assert [s.readings[0][1:] for s in slots] == [("first_nm", "Dana"), ("last_nm", "Whitaker")]
    asked = [Slot(3, 4, (("host", "first_nm", "Marcus"),)), Slot(4, 5, (("host", "last_nm", "Bell"),))]
    assert _match("total downloads of Marcus Bell's shows", HOSTED, asked) == \
        HOSTED[1].replace("'Dana'", "'Marcus'").replace("'Whitaker'", "'Bell'")


def test_the_two_events_of_a_time_between_them_name_their_dates() -> None:
    permits = Table("public", "permits", (Column("permit_id", "integer", False), Column("applied_date", "date"),
                                          Column("issued_date", "date")), ("permit_id",))
    schema = SchemaContext("db", "analyst", ("public",), (permits,))
    taught = Example(10, "average days from application to issuance",
                     "SELECT avg(p.issued_date - p.applied_date) FROM permits p WHERE p.issued_date IS NOT NULL")
    assert entries(taught, schema) == [(("application",), "permits", "applied_date", None),
                                       (("issuance",), "permits", "issued_date", None)]
    reading = read_question("how many permit applications came in last week", schema, (), build([taught], schema))
    assert reading is not None and reading.coverage == 1.0
    assert "permits.applied_date >= date_trunc('week', current_date) - interval '1 week'" in reading.sql
    # one run for both dates says neither
    one = Example(11, "average turnaround", "SELECT avg(p.issued_date - p.applied_date) FROM permits p")
    assert [e[2] for e in entries(one, schema)] != ["applied_date"]


def test_a_ranking_may_be_said_by_the_table_the_taught_sql_counts() -> None:
    words = frozenset({"investigator", "publication", "award", "name"})
    sql = ("SELECT i.first_name, i.last_name, count(*) FROM publications p JOIN awards a ON a.award_id = p.award_id "
           "JOIN investigators i ON i.investigator_id = a.pi_id GROUP BY i.investigator_id, i.first_name, "
           "i.last_name ORDER BY count(*) DESC LIMIT 5")
    taught_ = shape("top 5 PIs by number of papers", [], words, sql)
    found = best_rebinding(shape("top 3 PIs by publication count", [], words), [(taught_, sql)])
    assert found is not None and found[1].sql.endswith("LIMIT 3")
    # ranked by a table it only joins through: something else
    assert best_rebinding(shape("top 3 PIs by award count", [], words), [(taught_, sql)]) is None


def test_a_placement_keeps_what_a_ranking_is_by_where_the_schema_names_another() -> None:
    from ask.context.example_place import best_placement
    words = frozenset({"show", "episode"})       # the schema names no downloads ("ep_dl")
    t = shape(TOP_SHOWS[0], [], words, TOP_SHOWS[1])

    def place(question: str) -> str | None:
        found = best_placement(shape(question, [], words), [(t, TOP_SHOWS[1])], lambda sql: frozenset())
        return found[1].sql if found is not None else None
    assert place("top 3 shows by episode") is None            # the schema's episodes: another ranking
    assert place("top 3 shows by listens") == TOP_SHOWS[1]    # a word the schema lacks: the taught one
