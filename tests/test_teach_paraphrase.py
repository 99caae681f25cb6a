"""Paraphrases of taught questions, end to end: real PostgreSQL, psycopg, both protocols.

``para_owner`` teaches; row-level security shows each role only the examples it taught, so
``para_reader`` (SELECT on the table) and ``para_outsider`` (no grant at all) never get them.
The translator is a test double: a paraphrase answered from an example never reaches it, a
near miss always does (its answer is ``'model'``).
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from proxy.examples_init import init_examples
from ask.schema import SchemaContext
from ask.translate.translator import Candidate
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread
from tests.test_teach import Client

DB = "teach_para"
OWNER, READER, OUTSIDER = "para_owner", "para_reader", "para_outsider"

SETUP = f"""
CREATE ROLE {OWNER} LOGIN; CREATE ROLE {READER} LOGIN; CREATE ROLE {OUTSIDER} LOGIN;
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, category text NOT NULL,
                       price numeric NOT NULL, added_on date NOT NULL);
INSERT INTO products VALUES
  (1, 'Tea', 'drinks', 3.5, current_date - 3), (2, 'Coffee', 'drinks', 5, current_date - 10),
  (3, 'Chips', 'snacks', 2, current_date - 20), (4, 'Nuts', 'snacks', 6, current_date - 40),
  (5, 'Rice', 'staples', 2, current_date - 1), (6, 'Noodles', 'staples', 1.25, current_date - 90);
ANALYZE products;
GRANT SELECT ON products TO {OWNER}, {READER}, {OUTSIDER};
"""
GRANTS = f"""
GRANT USAGE ON SCHEMA askproxy TO {OWNER}, {READER};
GRANT SELECT, INSERT ON askproxy.examples TO {OWNER};
GRANT SELECT ON askproxy.examples TO {READER};
ALTER TABLE askproxy.examples ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON askproxy.examples FOR SELECT USING (created_by = current_user);
CREATE POLICY teach ON askproxy.examples FOR INSERT WITH CHECK (created_by = current_user);
"""
TAUGHT = ("how many drinks cost more than 3",
          "SELECT count(*) AS n FROM products p WHERE p.category = 'drinks' AND p.price > 3")
TAUGHT_PERIOD = ("products added in the last 14 days",
                 "SELECT name FROM products WHERE added_on >= current_date - interval '14 days' "
                 "ORDER BY name")
NEAR_MISSES = [
    "how many drinks cost less than 3",              # the other comparator
    "how many drinks cost at least 3",               # >= is not >
    "how many drinks do not cost more than 3",       # negation
    "how many drinks cost more than 3 or less than 1",   # another number
    "average price of drinks that cost more than 3",     # another measure
    "which drinks cost more than 3",                 # a list, not a count
    "how many drinks cost more than 3 this year",    # a period the taught SQL lacks
    "products added in the last 14 days and weeks",  # a unit added
    "products not added in the last 14 days",        # negation
]
PARAPHRASE = "number of snacks that cost more than 5"
ADAPTED = "products added in the last 14 weeks"      # another unit: adapted, not a paraphrase
TRANSLATIONS = {q: ["SELECT 'model' AS m"] for q in [*NEAR_MISSES, PARAPHRASE, ADAPTED]}


@pytest.fixture(scope="module")
def db(pg: PgCluster) -> PgCluster:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    for role in (OWNER, READER, OUTSIDER):
        pg.psql(f"DROP ROLE IF EXISTS {role}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(SETUP, dbname=DB)
    init_examples(pg.dsn(dbname=DB))
    pg.psql(GRANTS, dbname=DB)
    return pg


@pytest.fixture(scope="module")
def translator() -> FixedTranslator:
    return FixedTranslator(TRANSLATIONS)


@pytest.fixture(scope="module")
def proxy(db: PgCluster, translator: FixedTranslator) -> Iterator[ProxyThread]:
    # The plain reader can read these questions itself ("products added in the last 14 weeks");
    # this file is about taught examples, so what is not taught goes to the fixed translator.
    p = ProxyThread(db, translator, ask={"statement_timeout_ms": 2000, "skip_steps": "plain_reading"}).start()
    with Client(p, OWNER, DB) as c:
        for question, sql in (TAUGHT, TAUGHT_PERIOD):
            c.simple(f"TEACH ASK $q${question}$q$ AS $s${sql}$s$")
    yield p
    p.stop()


def taught_notice(c: Client) -> str:
    notice = c.notices[-1]
    assert notice.startswith("askproxy: SQL of taught example "), notice
    return notice


def test_a_paraphrase_is_answered_with_the_taught_sql_its_values_rebound(
        proxy: ProxyThread, translator: FixedTranslator) -> None:
    translator.calls.clear()
    with Client(proxy, OWNER, DB) as c:
        assert c.simple(f"ASK '{PARAPHRASE}'") == [(1,)]                    # Nuts, 6
        notice = taught_notice(c)
        assert "p.category = 'snacks' AND p.price > 5" in notice
        assert c.extended("ASK 'How many staples cost more than 1?'").fetchall() == [(2,)]
        assert "p.category = 'staples' AND p.price > 1" in taught_notice(c)
        assert c.simple("ASK 'drinks costing more than 3: how many'") == [(2,)]
    assert translator.calls == []


def test_a_changed_interval_is_rebound_in_both_protocols(proxy: ProxyThread,
                                                         translator: FixedTranslator) -> None:
    translator.calls.clear()
    with Client(proxy, OWNER, DB) as c:
        assert c.simple("ASK 'products added in the last 30 days'") == [
            ("Chips",), ("Coffee",), ("Rice",), ("Tea",)]
        assert "interval '30 days'" in taught_notice(c)
        assert c.extended("ASK 'which products were added in the past 5 days'").fetchall() == [
            ("Rice",), ("Tea",)]
        assert "interval '5 days'" in taught_notice(c)
    assert translator.calls == []


@pytest.mark.parametrize("question", NEAR_MISSES)
def test_near_misses_are_not_answered_from_the_example(proxy: ProxyThread,
                                                       translator: FixedTranslator,
                                                       question: str) -> None:
    translator.calls.clear()
    with Client(proxy, OWNER, DB) as c:
        assert c.simple(f"ASK '{question}'") == [("model",)]
        assert c.extended(f"ASK '{question}'").fetchall() == [("model",)]
        assert not any("taught example" in n for n in c.notices)
    assert [q for q, _ in translator.calls] == [question]     # the second ASK: the cache's


@pytest.mark.parametrize("role", [READER, OUTSIDER])
def test_a_role_that_cannot_select_the_example_never_gets_it(proxy: ProxyThread,
                                                             translator: FixedTranslator,
                                                             role: str) -> None:
    translator.calls.clear()
    with Client(proxy, role, DB) as c:
        assert c.simple(f"ASK '{PARAPHRASE}'") == [("model",)]
        assert c.extended(f"ASK '{PARAPHRASE}'").fetchall() == [("model",)]
        assert not any("taught" in n or "snacks" in n for n in c.notices)
    assert translator.calls == [(PARAPHRASE, role)]


def test_another_period_unit_is_adapted_from_the_example_and_checked(
        db: PgCluster, proxy: ProxyThread, translator: FixedTranslator) -> None:
    translator.calls.clear()
    with Client(proxy, OWNER, DB) as c:
        everything = [("Chips",), ("Coffee",), ("Noodles",), ("Nuts",), ("Rice",), ("Tea",)]
        assert c.simple(f"ASK '{ADAPTED}'") == everything
        assert c.notices[-1].startswith("askproxy: adapted from a taught example ("), c.notices[-1]
        assert "interval '14 weeks'" in c.notices[-1]
        assert c.extended(f"ASK '{ADAPTED}'").fetchall() == everything     # never cached
        assert c.notices[-1].startswith("askproxy: adapted from a taught example (")
    assert translator.calls == []
    skipping = ProxyThread(db, translator,
                           ask={"skip_steps": "adapted_example, plain_reading"}).start()
    try:
        with Client(skipping, OWNER, DB) as c:
            assert c.simple(f"ASK '{ADAPTED}'") == [("model",)]
    finally:
        skipping.stop()
    with Client(proxy, READER, DB) as c:        # RLS hides the example: nothing to adapt
        assert c.simple(f"ASK '{ADAPTED}'") == [("model",)]


PLACED = "fresh products in the past 30 days"          # a word the schema lacks for "added"
# ("new products in the past 30 days" the plain reader reads itself: "new" before rows a period dates)
NOT_PLACED = "products pulled off the shelves in the past 14 days"     # another verb


class UnsureTranslator(FixedTranslator):
    """The model unsure of every answer (on a schema unlike its training data): a question no
    reading places is refused, unless a taught example places it."""

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        return [Candidate(c.sql, -1.0) for c in await super().translate(question, schema)]


def test_a_question_refused_as_unplaced_takes_the_taught_example_that_places_it(
        db: PgCluster, proxy: ProxyThread) -> None:
    unsure = UnsureTranslator({q: ["SELECT 'model' AS m"] for q in (PLACED, NOT_PLACED)})
    placing = ProxyThread(db, unsure, ask={"refuse_unanswerable": True}).start()
    skipping = ProxyThread(db, unsure, ask={"refuse_unanswerable": True,
                                            "skip_steps": "placed_example"}).start()
    try:
        with Client(placing, OWNER, DB) as c:
            assert c.simple(f"ASK '{PLACED}'") == [("Chips",), ("Coffee",), ("Rice",), ("Tea",)]
            assert c.notices[-1].startswith("askproxy: adapted from a taught example ("), c.notices[-1]
            assert "interval '30 days'" in c.notices[-1]
            assert c.extended(f"ASK '{PLACED}'").fetchall() == [("Chips",), ("Coffee",), ("Rice",), ("Tea",)]
            _refused(c, NOT_PLACED)
        with Client(placing, READER, DB) as c:      # RLS hides the example: refused as before
            _refused(c, PLACED)
        with Client(skipping, OWNER, DB) as c:
            _refused(c, PLACED)
    finally:
        placing.stop()
        skipping.stop()


def _refused(c: Client, question: str) -> None:
    with pytest.raises(psycopg.Error) as refused:
        c.simple(f"ASK '{question}'")
    assert refused.value.sqlstate == "42000"
    assert "could not be placed" in str(refused.value)
