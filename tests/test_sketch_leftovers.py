"""The plain reader's shapes of round 18g on a schema built here (issue 18): a sale's price as
its revenue, a ratio of two amounts, "days since the last", the average of per-row counts.

Pure: a hand-made schema context (a cinema nobody tuned on), links as value linking would give
them, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from tests.sketch_cases import read_on


def _fk(column: str, table: str) -> ForeignKey:
    return ForeignKey((column,), "public", table, ("id",))


FILMS = Table("public", "film", (Column("id", "integer", False), Column("title", "text"),
                                 Column("genre", "text", values=("drama", "comedy"))), ("id",))
SHOWS = Table("public", "showing", (Column("id", "integer", False), Column("film_id", "integer"),
                                    Column("title", "text"),
                                    Column("starts_at", "timestamp"),
                                    Column("status", "text", values=("shown", "cancelled"))),
              ("id",), (_fk("film_id", "film"),))
GUESTS = Table("public", "guest", (Column("id", "integer", False), Column("full_name", "text"),
                                   Column("pass", "text", values=("annual", "monthly")),
                                   Column("joined_on", "date"), Column("cancelled_on", "date")), ("id",))
SEATS = Table("public", "seat_booking", (Column("showing_id", "integer"), Column("guest_id", "integer"),
                                         Column("paid", "numeric(6,2)")),
              ("showing_id", "guest_id"), (_fk("showing_id", "showing"), _fk("guest_id", "guest")))
KIOSK = Table("public", "kiosk_sale", (Column("id", "integer", False), Column("sold_at", "timestamp"),
                                       Column("item", "text", values=("popcorn", "soda")),
                                       Column("portions", "integer"), Column("price", "numeric(6,2)")), ("id",))
SCHEMA = SchemaContext("db", "analyst", ("public",), (FILMS, SHOWS, GUESTS, SEATS, KIOSK))


def read(question: str, links: list[tuple[str, str, str]]) -> str | None:
    return read_on(SCHEMA, question, links)


@pytest.mark.parametrize("question,links,sql", [
    # a table whose date says its rows were sold: its one price is what a sale brought in
    ("total kiosk sale revenue", [], "SELECT sum(kiosk_sale.price) FROM kiosk_sale"),
    ("kiosk sale revenue by item", [],
     "SELECT kiosk_sale.item, sum(kiosk_sale.price) FROM kiosk_sale GROUP BY kiosk_sale.item"),
    # an amount per another amount of the same rows: the ratio of their totals
    ("kiosk sale revenue per portion", [],
     "SELECT sum(kiosk_sale.price) / nullif(sum(kiosk_sale.portions), 0) FROM kiosk_sale"),
    # "by" an amount still groups by its values
    ("kiosk sale revenue by portions", [],
     "SELECT kiosk_sale.portions, sum(kiosk_sale.price) FROM kiosk_sale GROUP BY kiosk_sale.portions"),
    # "average <rows> per <table they refer to>": the mean of the per-group counts, one number
    ("average showings per film", [],
     "SELECT count(*)::numeric / nullif(count(DISTINCT showing.film_id), 0) FROM showing "
     "JOIN film ON showing.film_id = film.id"),
    # an average of a column per its own row stays a plain average
    ("average price per kiosk sale", [], "SELECT avg(kiosk_sale.price) FROM kiosk_sale"),
    # "days since the last X": today minus the latest date of those rows, their conditions kept
    ("days since the last cancelled showing", [("showing", "status", "cancelled")],
     "SELECT current_date - max(showing.starts_at)::date FROM showing WHERE showing.status = 'cancelled'"),
    ("days since the last kiosk sale", [], "SELECT current_date - max(kiosk_sale.sold_at)::date FROM kiosk_sale"),
    # a period on what the dateless absent rows refer to stays inside their NOT EXISTS
    ("guests who have not booked this month", [],
     "SELECT guest.full_name FROM guest WHERE NOT EXISTS (SELECT 1 FROM seat_booking JOIN showing ON "
     "seat_booking.showing_id = showing.id WHERE seat_booking.guest_id = guest.id AND "
     "showing.starts_at >= date_trunc('month', current_date))"),
    ("guests who never booked a seat", [],
     "SELECT guest.full_name FROM guest WHERE NOT EXISTS (SELECT 1 FROM seat_booking WHERE "
     "seat_booking.guest_id = guest.id)"),
    # a period adverb that is a stored value filters, it does not group by year
    ("guests with an annual pass", [("guest", "pass", "annual")],
     "SELECT guest.full_name FROM guest WHERE guest.pass = 'annual'"),
    # a count compared per a column's values when no row of its table is named
    ("genres with more than 3 showings", [],
     "SELECT film.genre, count(*) FROM showing JOIN film ON showing.film_id = film.id GROUP BY film.genre "
     "HAVING count(*) > 3"),
    # a nullable end date named "cancelled": "still active" rows have none, "who cancelled" one,
    # though another table stores 'cancelled' as a value
    ("how many guests are still active", [], "SELECT count(*) FROM guest WHERE guest.cancelled_on IS NULL"),
    ("guests who cancelled", [("showing", "status", "cancelled")],
     "SELECT guest.full_name FROM guest WHERE guest.cancelled_on IS NOT NULL"),
    # "by <stored value> <rows>": the rows the value picks out did it, a filter; "by <rows>" groups
    ("how many seat bookings by annual guests", [("guest", "pass", "annual")],
     "SELECT count(*) FROM seat_booking JOIN guest ON seat_booking.guest_id = guest.id WHERE guest.pass = 'annual'"),
    ("seat bookings by guest", [],
     "SELECT guest.full_name, count(*) FROM guest JOIN seat_booking ON seat_booking.guest_id = guest.id "
     "GROUP BY guest.id, guest.full_name"),
    # a titled event that refers to another table is shown with its one date (titles repeat)
    ("cancelled showings", [("showing", "status", "cancelled")],
     "SELECT showing.title, showing.starts_at FROM showing WHERE showing.status = 'cancelled'"),
    # a title with no date of its own (a film) is shown alone
    ("drama films", [("film", "genre", "drama")], "SELECT film.title FROM film WHERE film.genre = 'drama'"),
])
def test_shapes(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    assert read(question, links) == sql


def test_a_price_without_a_sale_date_is_no_revenue() -> None:
    # a film's price list is not money taken: no date says its rows were sold
    priced = Table("public", "menu", (Column("id", "integer", False), Column("dish", "text"),
                                      Column("added_on", "date"), Column("price", "numeric(6,2)")), ("id",))
    reading = read_question("total menu revenue", SchemaContext("db", "a", ("public",), (priced,)), [])
    assert reading is not None and reading.uncovered == ("revenue",)
