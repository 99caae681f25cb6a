"""A model's answer that holds a word of the question nowhere (issue 18, item 5): the question is
about something the schema does not hold, and is refused (42000, the word in the HINT) rather
than answered with rows about something else.

A brewery's schema nobody tuned on: the check was written from a shop's questions ("marketing
spend by channel"); here it meets batches, tanks and beer styles. Pure tests of
:func:`unheld_words`, then the planner with a confident dictionary model over real PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from ask.checks.unheld_words import unheld_words
from ask.context.introspection import SchemaCache
from ask.context.value_linking import link_values
from ask.planner import AskPlanner, Steps
from ask.schema import SchemaContext
from ask.translate.translation_cache import TranslationCache
from ask.translate.translator import Candidate
from proxy.errors import QuestionNotAnswerable
from tests.pg_cluster import PgCluster
from tests.schema_db import introspected
from tests.test_introspection import PsycopgUpstream, connect_upstream
from tests.test_planner import DictTranslator

DB = "ask_unheld_brewery"
SCHEMA = """
CREATE TABLE style (style_cd text PRIMARY KEY, style_nm text NOT NULL);
CREATE TABLE brewer (brewer_id int PRIMARY KEY, full_name text NOT NULL, born_on date NOT NULL);
CREATE TABLE batch (batch_no int PRIMARY KEY, style_cd text NOT NULL REFERENCES style,
                    brewer_id int NOT NULL REFERENCES brewer, brewed_on date NOT NULL,
                    litres numeric(8,1) NOT NULL, abv numeric(4,2) NOT NULL, beer_name text NOT NULL);
INSERT INTO style VALUES ('IPA', 'India Pale Ale'), ('STT', 'Stout'), ('PIL', 'Pilsner');
INSERT INTO brewer VALUES (1, 'Ada Hopper', '1980-04-02'), (2, 'Bo Malt', '1992-11-20');
INSERT INTO batch VALUES (1, 'IPA', 1, '2024-01-10', 1200, 6.5, 'Hoppy Trails'),
                         (2, 'STT', 2, '2024-02-01', 800, 7.2, 'Night Shift'),
                         (3, 'PIL', 1, '2024-03-05', 1500, 4.8, 'Clear Morning');
"""


@pytest.fixture(scope="module")
def brewery(pg: PgCluster) -> Iterator[SchemaContext]:
    yield from introspected(pg, DB, SCHEMA)


def _unheld(question: str, sql: str, schema: SchemaContext, taught: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return unheld_words(sql, question, schema, link_values(question, schema), taught)


def test_a_word_naming_what_the_schema_lacks_is_unheld(brewery: SchemaContext) -> None:
    # the model answers with alcohol by volume: "bitterness" is spelt nowhere in it
    sql = "SELECT s.style_nm, avg(b.abv) FROM batch b JOIN style s ON s.style_cd = b.style_cd GROUP BY 1"
    assert _unheld("average bitterness per style", sql, brewery) == ("bitterness",)
    assert _unheld("fermentation temperature of each batch", "SELECT batch_no, abv FROM batch",
                   brewery) == ("fermentation", "temperature")


def test_what_the_schema_holds_demands_nothing(brewery: SchemaContext) -> None:
    sql = "SELECT s.style_nm, sum(b.litres) FROM batch b JOIN style s ON s.style_cd = b.style_cd GROUP BY 1"
    assert _unheld("total litres per style", sql, brewery) == ()
    assert _unheld("how many batches did each brewer brew", "SELECT brewer_id, count(*) FROM batch GROUP BY 1",
                   brewery) == ()


def test_a_string_the_sql_compares_with_holds_the_word(brewery: SchemaContext) -> None:
    sql = "SELECT beer_name FROM batch WHERE beer_name ILIKE '%sunset%'"
    assert _unheld("beers with sunset in the name", sql, brewery) == ()
    assert _unheld("beers with sunset in the name", "SELECT beer_name FROM batch", brewery) == ("sunset",)


def test_words_that_say_how_demand_nothing(brewery: SchemaContext) -> None:
    # the most common style; a past form relates what the question names; a short code
    assert _unheld("the most common style", "SELECT style_cd FROM batch GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
                   brewery) == ()
    assert _unheld("batches dumped last month", "SELECT batch_no FROM batch", brewery) == ()
    assert _unheld("abv of xq batches", "SELECT abv FROM batch", brewery) == ()


def test_a_taught_word_is_held(brewery: SchemaContext) -> None:
    sql = "SELECT avg(abv) FROM batch"
    assert _unheld("average strength of batches", sql, brewery) == ("strength",)
    assert _unheld("average strength of batches", sql, brewery, taught=frozenset({"strength"})) == ()


# --- the planner -----------------------------------------------------------------------------------

@pytest.fixture
async def upstream(pg: PgCluster, brewery: SchemaContext) -> AsyncIterator[PsycopgUpstream]:
    async with connect_upstream(pg, DB) as up:
        yield up


CONFIDENT = -0.01
ANSWERS = {
    # past the check before translation: "brewer" anchors the phrase, and "injuries" may be a
    # synonym it cannot know; the model counts brewers
    "number of brewer injuries": [Candidate("select count(*) from brewer b", CONFIDENT)],
    "average abv per style": [Candidate(
        "select s.style_nm, avg(b.abv) from batch b join style s on s.style_cd = b.style_cd group by s.style_nm",
        CONFIDENT)],
    "average age of brewers": [Candidate(
        "select avg(date_part('year', age(born_on))) from brewer", CONFIDENT)],
}


def _planner(translator: DictTranslator, skipped: frozenset[str] = frozenset()) -> AskPlanner:
    return AskPlanner(translator, SchemaCache(), TranslationCache(16), translate_timeout_s=5.0,
                      refuse_unanswerable=True, steps=Steps.without(frozenset({"generated_example"}) | skipped))


async def test_a_confident_answer_that_ignores_a_word_is_refused(upstream: PsycopgUpstream) -> None:
    translator = DictTranslator(ANSWERS)
    planner = _planner(translator)
    for _ in range(2):          # never cached: asked again, refused again
        with pytest.raises(QuestionNotAnswerable) as info:
            await planner.plan("number of brewer injuries", upstream)
        assert info.value.sqlstate == "42000"
        assert '"injuries"' in (info.value.hint or "")
    assert translator.calls == ["number of brewer injuries"] * 2
    assert not any(q.lstrip().lower().startswith("select count(*) from brewer") for q in upstream.queries)   # nothing ran


async def test_a_confident_answer_holding_every_word_stands(upstream: PsycopgUpstream) -> None:
    plan = await _planner(DictTranslator(ANSWERS)).plan("average abv per style", upstream)
    assert "avg(b.abv)" in plan.sql and not plan.reading


async def test_a_word_the_reading_places_is_held(upstream: PsycopgUpstream) -> None:
    # "age" is no name of the schema, but the reader places it on a birth date
    plan = await _planner(DictTranslator(ANSWERS)).plan("average age of brewers", upstream)
    assert "age(born_on)" in plan.sql and not plan.reading


async def test_the_check_can_be_skipped(upstream: PsycopgUpstream) -> None:
    plan = await _planner(DictTranslator(ANSWERS), frozenset({"unheld_words"})).plan(
        "number of brewer injuries", upstream)
    assert plan.sql == "select count(*) from brewer b"


UNSURE = -0.5


async def test_an_unsure_models_reading_may_not_leave_a_name_nobody_knows(upstream: PsycopgUpstream) -> None:
    # the reading places "average abv of stout batches"; "GABF" (an award nobody stores) it
    # leaves: no reading of the question, which is refused rather than read as every stout's abv
    wrong = "select avg(abv) from batch"
    translator = DictTranslator({"average abv of stout batches at GABF": [Candidate(wrong, UNSURE)],
                                 "average abv of stout batches": [Candidate(wrong, UNSURE)]})
    with pytest.raises(QuestionNotAnswerable) as info:
        await _planner(translator).plan("average abv of stout batches at GABF", upstream)
    assert info.value.sqlstate == "42000"
    plan = await _planner(translator).plan("average abv of stout batches", upstream)
    assert plan.reading and "'Stout'" in plan.sql


@pytest.mark.parametrize("sql", [
    "SELECT beer_name FROM batch WHERE beer_name ILIKE '%sunset%'",
    "WITH s AS (SELECT style_cd FROM style WHERE style_nm = 'Stout') SELECT count(*) FROM batch "
    "WHERE style_cd IN (SELECT style_cd FROM s) AND beer_name <> 'Night Shift'",
    "SELECT beer_name FROM batch WHERE beer_name LIKE 'Hop%' UNION SELECT style_nm FROM style "
    "WHERE style_nm = ANY (ARRAY['India Pale Ale', 'Pilsner'])",
    "SELECT CASE WHEN abv > 6 THEN 'strong' ELSE 'light' END, count(*) FROM batch GROUP BY 1",
    "SELECT (SELECT max(litres) FROM batch WHERE beer_name = 'Clear Morning'), 'x' || style_nm FROM style",
    "SELECT abv FROM batch",
    "SELECT FROM WHERE",
])
def test_the_strings_are_those_pglasts_visitor_finds(sql: str) -> None:
    # read from the candidate's shared node list: every string constant a walk of the tree finds
    from pglast import ast, parse_sql
    from pglast.parser import ParseError
    from pglast.visitors import Visitor

    from ask.checks.parsed import ParsedSQL
    from ask.checks.unheld_words import _string_words
    from ask.context.refusal import word_forms
    from ask.context.value_linking import normalise

    class Walked(Visitor):
        found: list[str] = []

        def visit_A_Const(self, parent: object, node: ast.A_Const) -> None:
            if isinstance(node.val, ast.String) and node.val.sval:
                self.found.append(node.val.sval)

    walked = Walked()
    walked.found = []
    try:
        for raw in parse_sql(sql):
            walked(raw.stmt)
    except ParseError:
        pass
    expected = {f for text in walked.found for w in normalise(text) for f in word_forms(w)}
    assert _string_words(sql) == expected
    parsed = ParsedSQL(sql)
    assert _string_words(parsed) == expected == _string_words(parsed)   # the shared list, kept
    assert bool(expected) == (sql not in ("SELECT abv FROM batch", "SELECT FROM WHERE"))


def test_a_name_nobody_knows_or_an_acronym_demands_a_place(brewery: SchemaContext) -> None:
    # a named thing the answer ignores ("brewed by Hogsmeade", an award "GABF"); refuse-worthy
    assert _unheld("litres brewed for Hogsmeade", "SELECT sum(litres) FROM batch", brewery) == ("Hogsmeade",)
    assert _unheld("average abv of beers entered at GABF", "SELECT avg(abv) FROM batch", brewery) == ("GABF",)
    # held by a string the SQL compares with
    assert _unheld("litres brewed for Hogsmeade",
                   "SELECT sum(litres) FROM batch WHERE beer_name = 'Hogsmeade'", brewery) == ()
    # a capitalised English word may be a value said in another form ('France' for French)
    assert _unheld("litres of French beers", "SELECT sum(litres) FROM batch", brewery) == ()


def test_an_acronym_of_the_schemas_words_is_left_to_the_links() -> None:
    from ask.schema import Column, Table
    lot = SchemaContext("lot", "reader", ("public",), (
        Table("public", "cars", (Column("car_id", "integer"), Column("make", "text"),
                                 Column("certified_pre_owned", "boolean"),
                                 Column("lead_tech", "text", comment="principal investigator of the recall")),
              ("car_id",)),))
    sql = "SELECT car_id FROM cars WHERE certified_pre_owned"
    assert _unheld("the CPO cars", sql, lot) == ()            # certified pre owned
    assert _unheld("cars and their PIs", sql, lot) == ()      # principal investigator, plural
    assert _unheld("the XQZ cars", sql, lot) == ("XQZ",)
