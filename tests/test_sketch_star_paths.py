"""Which fact a measure lives on, date-dimension joins, and join paths longer than three keys
(issue 18). Over a real PostgreSQL database: a small star schema (subscriptions and bills both
keeping an amount, cases opened and closed through date keys), a chain of keys that all point
one way, and two pure bridges; introspected as the planner introspects it, read by the plain
reader, each reading's rows compared with a hand-written query's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ask.context.value_linking import link_values
from ask.schema import SchemaContext
from ask.translate.sketch import read_question
from ask.translate.sketch.spelling import Unreadable, join_path, pure_bridge
from tests.pg_cluster import PgCluster
from tests.schema_db import introspected, sorted_rows

DB = "ask_star_paths"

SCHEMA_SQL = """
CREATE TABLE dim_date (date_key integer PRIMARY KEY, full_date date NOT NULL, year_num integer, month_num integer);
INSERT INTO dim_date SELECT to_char(d, 'YYYYMMDD')::int, d, extract(year FROM d), extract(month FROM d)
  FROM generate_series(date_trunc('year', current_date) - interval '2 years',
                       date_trunc('year', current_date) + interval '1 year', interval '1 day') d;
CREATE TABLE dim_customer (customer_key integer PRIMARY KEY, customer_name text NOT NULL, region text NOT NULL,
                           signup_date_key integer NOT NULL REFERENCES dim_date);
INSERT INTO dim_customer SELECT g, 'Customer ' || g, (ARRAY['north', 'south', 'west'])[1 + g % 3],
                                to_char(current_date - g * 13, 'YYYYMMDD')::int
  FROM generate_series(1, 30) g;
CREATE TABLE dim_plan (plan_key integer PRIMARY KEY, plan_name text NOT NULL, billing_period text NOT NULL);
INSERT INTO dim_plan VALUES (1, 'Basic', 'monthly'), (2, 'Pro', 'annual'), (3, 'Max', 'annual');
CREATE TABLE fact_contract (contract_id integer PRIMARY KEY, customer_key integer NOT NULL REFERENCES dim_customer,
                            plan_key integer NOT NULL REFERENCES dim_plan,
                            start_date_key integer NOT NULL REFERENCES dim_date,
                            end_date_key integer REFERENCES dim_date, monthly_amount numeric(10,2) NOT NULL);
INSERT INTO fact_contract SELECT g, 1 + g % 30, 1 + g % 3, to_char(current_date - 400 + g * 5, 'YYYYMMDD')::int,
       CASE WHEN g % 4 = 0 THEN to_char(current_date - 300 + g * 5, 'YYYYMMDD')::int END, 10 * (1 + g % 7)
  FROM generate_series(1, 60) g;
CREATE TABLE fact_bill (bill_id integer PRIMARY KEY, customer_key integer NOT NULL REFERENCES dim_customer,
                        contract_id integer NOT NULL REFERENCES fact_contract,
                        bill_date_key integer NOT NULL REFERENCES dim_date,
                        amount_due numeric(10,2) NOT NULL, amount_paid numeric(10,2) NOT NULL, pay_method text NOT NULL);
INSERT INTO fact_bill SELECT g, 1 + (g % 60) % 30, 1 + g % 60, to_char(current_date - (g * 2 % 700), 'YYYYMMDD')::int,
       20 + g % 50, CASE WHEN g % 5 = 0 THEN 0 ELSE 20 + g % 50 END, (ARRAY['card', 'transfer'])[1 + g % 2]
  FROM generate_series(1, 500) g;
CREATE TABLE fact_case (case_id integer PRIMARY KEY, customer_key integer NOT NULL REFERENCES dim_customer,
                        opened_date_key integer NOT NULL REFERENCES dim_date,
                        closed_date_key integer REFERENCES dim_date, priority text NOT NULL);
INSERT INTO fact_case SELECT g, 1 + g % 30, to_char(current_date - (g * 3 % 600), 'YYYYMMDD')::int,
       CASE WHEN g % 6 <> 0 THEN to_char(current_date - (g * 3 % 600) + g % 11, 'YYYYMMDD')::int END,
       (ARRAY['low', 'high'])[1 + g % 2]
  FROM generate_series(1, 300) g;
-- a chain of keys that all point one way (a placement's offer's application's vacancy's client),
-- and authors and tags reached through pure bridges
CREATE TABLE client (client_id integer PRIMARY KEY, client_name text NOT NULL);
INSERT INTO client SELECT g, 'Client ' || g FROM generate_series(1, 5) g;
CREATE TABLE vacancy (vacancy_id integer PRIMARY KEY, client_id integer NOT NULL REFERENCES client, title text);
INSERT INTO vacancy SELECT g, 1 + g % 5, 'Role ' || g FROM generate_series(1, 20) g;
CREATE TABLE application (application_id integer PRIMARY KEY, vacancy_id integer NOT NULL REFERENCES vacancy, applied_on date);
INSERT INTO application SELECT g, 1 + g % 20, current_date - g FROM generate_series(1, 80) g;
CREATE TABLE offer (offer_id integer PRIMARY KEY, application_id integer NOT NULL REFERENCES application, salary numeric);
INSERT INTO offer SELECT g, 1 + g * 2 % 80, 30000 + g FROM generate_series(1, 40) g;
CREATE TABLE placement (placement_id integer PRIMARY KEY, offer_id integer NOT NULL REFERENCES offer, fee numeric);
INSERT INTO placement SELECT g, 1 + g * 3 % 40, 1000 + g FROM generate_series(1, 25) g;
CREATE TABLE author (author_id integer PRIMARY KEY, author_name text NOT NULL);
INSERT INTO author SELECT g, 'Author ' || g FROM generate_series(1, 6) g;
CREATE TABLE book (book_id integer PRIMARY KEY, title text NOT NULL);
INSERT INTO book SELECT g, 'Book ' || g FROM generate_series(1, 12) g;
CREATE TABLE tag (tag_id integer PRIMARY KEY, label text NOT NULL);
INSERT INTO tag SELECT g, 'tag' || g FROM generate_series(1, 8) g;
CREATE TABLE author_book (author_id integer REFERENCES author, book_id integer REFERENCES book,
                          PRIMARY KEY (author_id, book_id));
INSERT INTO author_book SELECT 1 + g % 6, 1 + g * 5 % 12 FROM generate_series(1, 12) g ON CONFLICT DO NOTHING;
CREATE TABLE book_tag (book_id integer REFERENCES book, tag_id integer REFERENCES tag, PRIMARY KEY (book_id, tag_id));
INSERT INTO book_tag SELECT 1 + g % 12, 1 + g * 3 % 8 FROM generate_series(1, 30) g ON CONFLICT DO NOTHING;
ANALYZE;
"""


@pytest.fixture(scope="module")
def star(pg: PgCluster) -> Iterator[SchemaContext]:
    yield from introspected(pg, DB, SCHEMA_SQL)


def _rows(pg: PgCluster, sql: str) -> list[tuple[object, ...]]:
    return sorted_rows(pg, DB, sql)


def _reads_as(pg: PgCluster, schema: SchemaContext, question: str, gold: str) -> str:
    reading = read_question(question, schema, link_values(question, schema))
    assert reading is not None, question
    assert reading.coverage == 1.0, (question, reading.uncovered)
    assert _rows(pg, reading.sql) == _rows(pg, gold), reading.sql
    return reading.sql


BILLED = "JOIN dim_date d ON d.date_key = b.bill_date_key"


@pytest.mark.parametrize("question,gold", [
    # the table named holds the amount: a bill's, not a contract's
    ("total bill amount", "SELECT sum(amount_due) FROM fact_bill"),
    # a value of the bills' (card) reaches them, not the contracts a bill refers to
    ("total amount by card", "SELECT sum(amount_due) FROM fact_bill WHERE pay_method = 'card'"),
    # a plan is a contract's dimension: its monthly amount, not the bills' (two keys away)
    ("total amount on annual plans",
     "SELECT sum(c.monthly_amount) FROM fact_contract c JOIN dim_plan p ON p.plan_key = c.plan_key "
     "WHERE p.billing_period = 'annual'"),
])
def test_a_measure_goes_to_the_fact_the_question_reaches_first(pg: PgCluster, star: SchemaContext,
                                                                question: str, gold: str) -> None:
    _reads_as(pg, star, question, gold)


def test_money_collected_is_the_amount_paid_of_the_bills(pg: PgCluster, star: SchemaContext) -> None:
    # of an amount due and an amount paid, what came in is the paid one; through the bill's date key
    _reads_as(pg, star, "revenue collected this year",
              f"SELECT sum(b.amount_paid) FROM fact_bill b {BILLED} WHERE d.full_date >= date_trunc('year', current_date)")


def test_an_equally_short_path_keeps_to_keys_pointing_away(pg: PgCluster, star: SchemaContext) -> None:
    # the bill's own contract's plan, not every plan of its customer's contracts (which repeats bills)
    sql = _reads_as(pg, star, "total amount paid for annual plans",
                    "SELECT sum(b.amount_paid) FROM fact_bill b JOIN fact_contract c ON c.contract_id = b.contract_id "
                    "JOIN dim_plan p ON p.plan_key = c.plan_key WHERE p.billing_period = 'annual'")
    assert "dim_customer" not in sql


OPENED = "JOIN dim_date d ON d.date_key = c.opened_date_key"


@pytest.mark.parametrize("question", ["average days to close a case", "average case duration"])
def test_a_span_between_two_date_keys_is_a_duration(pg: PgCluster, star: SchemaContext, question: str) -> None:
    _reads_as(pg, star, question,
              "SELECT avg(cd.full_date - od.full_date) FROM fact_case c JOIN dim_date od ON od.date_key = c.opened_date_key "
              "JOIN dim_date cd ON cd.date_key = c.closed_date_key")


def test_two_periods_count_the_facts_not_the_days(pg: PgCluster, star: SchemaContext) -> None:
    last = "d.full_date >= date_trunc('month', current_date) - interval '1 month' AND d.full_date < date_trunc('month', current_date)"
    before = ("d.full_date >= date_trunc('month', current_date) - interval '2 months' "
              "AND d.full_date < date_trunc('month', current_date) - interval '1 month'")
    sql = _reads_as(pg, star, "cases last month compared with the month before",
                    f"SELECT count(*) FILTER (WHERE {last}), count(*) FILTER (WHERE {before}) FROM fact_case c {OPENED}")
    assert "DISTINCT" not in sql


def test_a_date_keys_role_names_the_rows_it_dates(pg: PgCluster, star: SchemaContext) -> None:
    # "signups": customers, dated by their sign-up key
    this = "d.full_date >= date_trunc('quarter', current_date)"
    last = ("d.full_date >= date_trunc('quarter', current_date) - interval '3 months' "
            "AND d.full_date < date_trunc('quarter', current_date)")
    _reads_as(pg, star, "signups this quarter versus last quarter",
              f"SELECT count(*) FILTER (WHERE {this}), count(*) FILTER (WHERE {last}) FROM dim_customer c "
              "JOIN dim_date d ON d.date_key = c.signup_date_key")


def test_a_chain_of_keys_no_question_names_is_not_followed_past_three(star: SchemaContext) -> None:
    # placement -> offer -> application -> vacancy -> client: neither offers, applications nor
    # vacancies are named, and none is a bridge (keys pointing one way were measured: +2 right, +3
    # wrong on the development sets, every wrong one refused before)
    assert read_question("how many placements for Client 3", star,
                         link_values("how many placements for Client 3", star)) is None


def test_past_three_keys_through_pure_bridges_and_named_tables_only(pg: PgCluster, star: SchemaContext) -> None:
    tables = {t.name: t for t in star.tables}
    assert pure_bridge(tables["author_book"]) and pure_bridge(tables["book_tag"])
    assert not pure_bridge(tables["fact_bill"])
    # books named: author -> author_book -> book -> book_tag -> tag
    _reads_as(pg, star, "how many tags do the books of Author 2 have",
              "SELECT count(DISTINCT t.tag_id) FROM tag t JOIN book_tag bt ON bt.tag_id = t.tag_id "
              "JOIN author_book ab ON ab.book_id = bt.book_id JOIN author a ON a.author_id = ab.author_id "
              "WHERE a.author_name = 'Author 2'")
    # books not named: a table the question does not mean would decide the join
    assert read_question("how many tags does Author 2 have", star, link_values("how many tags does Author 2 have", star)) is None
    with pytest.raises(Unreadable):
        join_path(tables["author"], [tables["tag"]], star)
    joined = join_path(tables["author"], [tables["tag"], tables["book"]], star)
    assert len(joined) == 4 and any(" book " in j for j in joined)



def test_the_dates_are_joined_by_the_key_the_question_says(pg: PgCluster, star: SchemaContext) -> None:
    # the customer's own date key (sign-up) is as near the dates as the case's: "closed" says which
    sql = _reads_as(pg, star, "cases closed per month for north region customers",
                    "SELECT date_trunc('month', d.full_date), count(*) FROM fact_case c "
                    "JOIN dim_customer cu ON cu.customer_key = c.customer_key "
                    "JOIN dim_date d ON d.date_key = c.closed_date_key WHERE cu.region = 'north' GROUP BY 1")
    assert "signup_date_key" not in sql


def test_an_amount_per_period_is_its_total(pg: PgCluster, star: SchemaContext) -> None:
    _reads_as(pg, star, "amount paid by quarter",
              f"SELECT date_trunc('quarter', d.full_date), sum(b.amount_paid) FROM fact_bill b {BILLED} GROUP BY 1")


def test_no_path_passes_through_the_date_dimension(star: SchemaContext) -> None:
    # a case and a bill of the same day are not related by it: through their customer instead
    tables = {t.name: t for t in star.tables}
    joined = join_path(tables["fact_case"], [tables["fact_bill"]], star)
    assert "dim_date" not in "".join(joined) and "dim_customer" in "".join(joined)


@pytest.mark.parametrize("question,gold", [
    ("how many high cases are still open", "SELECT count(*) FROM fact_case WHERE priority = 'high' AND closed_date_key IS NULL"),
    ("how many cases were closed", "SELECT count(*) FROM fact_case WHERE closed_date_key IS NOT NULL"),
])
def test_a_span_of_date_keys_is_open_until_its_end_key_is_set(pg: PgCluster, star: SchemaContext,
                                                               question: str, gold: str) -> None:
    _reads_as(pg, star, question, gold)
