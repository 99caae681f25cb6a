"""Shapes the cue words make, read without the model (ask.translate.sketch): "with no <column>"
(null_meaning.absent_values), a number before a price superlative (shapes.top_n), the rate of a
yes/no column (nested.rate_of_flag), a share per group after a condition (the _group_or_list
decision) and the age a year of birth implies (measures.table_measures). Pure: a hand-made
club schema in plain snake_case."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

MEMBER = Table("public", "members", (Column("member_id", "integer", False), Column("full_name", "text", False),
                                     Column("phone", "text"), Column("birth_year", "integer"),
                                     Column("town", "text", values=("Leeds", "York"))), ("member_id",))
CLASS = Table("public", "classes", (Column("class_id", "integer", False), Column("name", "text", False),
                                    Column("price", "numeric(6,2)", False)), ("class_id",))
BOOKING = Table("public", "bookings", (Column("booking_id", "integer", False), Column("member_id", "integer"),
                                       Column("class_id", "integer", False), Column("booked_on", "date", False),
                                       Column("refunded", "boolean", False),
                                       Column("channel", "text", values=("app", "desk"))),
                ("booking_id",), (ForeignKey(("member_id",), "public", "members", ("member_id",)),
                                  ForeignKey(("class_id",), "public", "classes", ("class_id",))))
SCHEMA = SchemaContext("club", "analyst", ("public",), (MEMBER, CLASS, BOOKING))


@pytest.mark.parametrize("question,sql", [
    # "no", "without", "missing" before a nullable column: the rows where it is empty
    ("members with no phone", "SELECT members.full_name FROM members WHERE members.phone IS NULL"),
    ("members without a phone", "SELECT members.full_name FROM members WHERE members.phone IS NULL"),
    ("how many members have no phone", "SELECT count(*) FROM members WHERE members.phone IS NULL"),
    ("members missing a phone", "SELECT members.full_name FROM members WHERE members.phone IS NULL"),
])
def test_no_value_of_a_column(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == sql and reading.coverage == 1.0


def test_no_rows_of_a_table_stay_an_anti_join() -> None:
    reading = read_question("members with no bookings", SCHEMA)
    assert reading is not None and "NOT EXISTS (SELECT 1 FROM bookings" in reading.sql
    assert "IS NULL" not in reading.sql


def test_no_before_a_column_that_cannot_be_empty_says_nothing_new() -> None:
    # full_name is NOT NULL: nothing to read as empty, so no IS NULL is invented
    reading = read_question("members with no full name", SCHEMA)
    assert reading is None or "IS NULL" not in reading.sql


@pytest.mark.parametrize("question,limit", [("5 priciest classes", 5), ("top 3 priciest classes", 3),
                                            ("priciest class", 1), ("2 cheapest classes", 2)])
def test_a_number_before_a_price_superlative_is_the_limit(question: str, limit: int) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql.endswith(f"LIMIT {limit}") and reading.coverage == 1.0
    assert "ORDER BY classes.price" in reading.sql


def test_rate_of_a_yes_no_column() -> None:
    reading = read_question("refund rate", SCHEMA)
    assert reading is not None and reading.sql == \
        "SELECT 100.0 * count(*) FILTER (WHERE bookings.refunded) / count(*) FROM bookings"
    assert reading.coverage == 1.0
    within = read_question("refund rate for app bookings", SCHEMA, [ValueMatch("bookings", "channel", "app", 3, 4, 1.0)])
    assert within is not None and within.sql == ("SELECT 100.0 * count(*) FILTER (WHERE bookings.refunded) / count(*) "
                                                 "FROM bookings WHERE bookings.channel = 'app'")


@pytest.mark.parametrize("question", ["refund rate by channel", "share of bookings refunded per channel"])
def test_a_share_of_a_condition_per_group_keeps_the_group(question: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == (
        "SELECT bookings.channel, 100.0 * count(*) FILTER (WHERE bookings.refunded) / count(*) FROM bookings "
        "GROUP BY bookings.channel")


@pytest.mark.parametrize("question,sql", [
    ("average age of members", "SELECT avg(extract(year FROM current_date) - members.birth_year) FROM members"),
    ("members older than 60",
     "SELECT members.full_name FROM members WHERE extract(year FROM current_date) - members.birth_year > 60"),
])
def test_the_age_a_year_of_birth_implies(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == sql


def test_average_number_of_rows_per_group_lists_no_number_column() -> None:
    # "number" also spells a column (seat_number); after "average" it is the count's word
    seat = Table("public", "seats", (Column("seat_id", "integer", False), Column("seat_number", "integer", False)),
                 ("seat_id",))
    booking = Table("public", "bookings", (Column("booking_id", "integer", False), Column("class_id", "integer"),
                                           Column("seat_id", "integer")), ("booking_id",),
                    (ForeignKey(("class_id",), "public", "classes", ("class_id",)),
                     ForeignKey(("seat_id",), "public", "seats", ("seat_id",))))
    schema = SchemaContext("club", "analyst", ("public",), (CLASS, seat, booking))
    expected = ("SELECT count(*)::numeric / nullif(count(DISTINCT bookings.class_id), 0) FROM bookings "
                "JOIN classes ON bookings.class_id = classes.class_id")
    for question in ("average number of bookings per class", "average bookings per class"):
        reading = read_question(question, schema)
        assert reading is not None and reading.sql == expected, question


def test_an_amount_in_rows_is_their_money_summed() -> None:
    payment = Table("public", "payments", (Column("payment_id", "integer", False), Column("member_id", "integer"),
                                           Column("amount", "numeric(8,2)", False)), ("payment_id",),
                    (ForeignKey(("member_id",), "public", "members", ("member_id",)),))
    schema = SchemaContext("club", "analyst", ("public",), (MEMBER, payment))
    money = read_question("members with more than 3000 in payments", schema)
    assert money is not None and money.sql == (
        "SELECT members.full_name, sum(payments.amount) FROM members JOIN payments ON payments.member_id = "
        "members.member_id GROUP BY members.member_id, members.full_name HAVING sum(payments.amount) > 3000")
    # without "in" the number counts the rows
    counted = read_question("members with more than 3 payments", schema)
    assert counted is not None and counted.sql.endswith("HAVING count(*) > 3")


def test_a_count_compared_counts_each_row_once() -> None:
    # members -> bookings -> classes: a class is joined once per booking, so it is counted by key
    reading = read_question("members with more than 3 classes", SCHEMA)
    assert reading is not None and reading.sql == (
        "SELECT members.full_name, count(DISTINCT classes.class_id) FROM members JOIN bookings ON "
        "bookings.member_id = members.member_id JOIN classes ON bookings.class_id = classes.class_id "
        "GROUP BY members.member_id, members.full_name HAVING count(DISTINCT classes.class_id) > 3")
    # rows that refer to the group directly are counted plainly
    direct = read_question("members with more than 3 bookings", SCHEMA)
    assert direct is not None and direct.sql.endswith("HAVING count(*) > 3")
    reverse = read_question("classes with more than 3 bookings", SCHEMA)
    assert reverse is not None and reverse.sql.endswith("HAVING count(*) > 3")


def test_total_or_average_before_rows_is_their_money() -> None:
    payment = Table("public", "payments", (Column("payment_id", "integer", False), Column("member_id", "integer"),
                                           Column("amount", "numeric(8,2)", False)), ("payment_id",),
                    (ForeignKey(("member_id",), "public", "members", ("member_id",)),))
    schema = SchemaContext("club", "analyst", ("public",), (MEMBER, payment))
    average = read_question("average payment", schema)
    assert average is not None and average.sql == "SELECT avg(payments.amount) FROM payments"
    top = read_question("top 3 members by total payments", schema)
    assert top is not None and top.sql == (
        "SELECT members.full_name, sum(payments.amount) FROM members JOIN payments ON payments.member_id = "
        "members.member_id GROUP BY members.member_id, members.full_name ORDER BY sum(payments.amount) DESC NULLS LAST "
        "LIMIT 3")
    per_town = read_question("total payments by town", schema)
    assert per_town is not None and per_town.sql == (
        "SELECT members.town, sum(payments.amount) FROM payments JOIN members ON payments.member_id = "
        "members.member_id GROUP BY members.town")
    after = read_question("payment total", schema)
    assert after is not None and after.sql == "SELECT sum(payments.amount) FROM payments"
    # without "total" the rows are counted
    counted = read_question("top 3 members by payments", schema)
    assert counted is not None and "ORDER BY count(*) DESC LIMIT 3" in counted.sql


def test_a_group_of_people_is_shown_by_both_names() -> None:
    person = Table("public", "donors", (Column("donor_id", "integer", False), Column("first_name", "text", False),
                                        Column("last_name", "text", False)), ("donor_id",))
    gift = Table("public", "gifts", (Column("gift_id", "integer", False), Column("donor_id", "integer", False),
                                     Column("amount", "numeric(8,2)", False)), ("gift_id",),
                 (ForeignKey(("donor_id",), "public", "donors", ("donor_id",)),))
    schema = SchemaContext("charity", "analyst", ("public",), (person, gift))
    reading = read_question("number of gifts per donor", schema)
    assert reading is not None and reading.sql == (
        "SELECT donors.first_name, donors.last_name, count(*) FROM gifts JOIN donors ON gifts.donor_id = "
        "donors.donor_id GROUP BY donors.donor_id, donors.first_name, donors.last_name")


def test_never_a_stored_value_of_a_joined_table() -> None:
    # members <- bookings -> classes: "never took a Yoga" is no booking of a class named so
    words = "members who never took a Yoga".split()
    link = ValueMatch("classes", "name", "Yoga", words.index("Yoga"), words.index("Yoga") + 1, 1.0)
    reading = read_question(" ".join(words), SCHEMA, [link])
    assert reading is not None and reading.sql == (
        "SELECT members.full_name FROM members WHERE NOT EXISTS (SELECT 1 FROM bookings JOIN classes ON "
        "bookings.class_id = classes.class_id WHERE bookings.member_id = members.member_id AND classes.name = 'Yoga')")
    assert reading.coverage == 1.0


def test_opening_and_closing_dates_are_a_span() -> None:
    shop = Table("public", "shops", (Column("shop_id", "integer", False), Column("name", "text", False),
                                     Column("opening_date", "date", False), Column("closing_date", "date")),
                 ("shop_id",))
    schema = SchemaContext("retail", "analyst", ("public",), (shop,))
    still = read_question("shops still open", schema)
    assert still is not None and still.sql == "SELECT shops.name FROM shops WHERE shops.closing_date IS NULL"
    length = read_question("average duration of shops", schema)
    assert length is not None and "avg((shops.closing_date - shops.opening_date))" in length.sql


def test_longer_than_average_is_the_span_when_nothing_else_is_long() -> None:
    rental = Table("public", "rentals", (Column("rental_id", "integer", False), Column("out_at", "timestamp"),
                                         Column("returned_at", "timestamp")), ("rental_id",))
    schema = SchemaContext("hire", "analyst", ("public",), (rental,))
    reading = read_question("how many rentals were longer than average", schema)
    assert reading is not None and reading.sql == (
        "SELECT count(*) FROM rentals WHERE extract(epoch FROM rentals.returned_at - rentals.out_at) / 3600 > "
        "(SELECT avg(extract(epoch FROM rentals.returned_at - rentals.out_at) / 3600) FROM rentals)")
    # rows that also keep a distance: "longer" may mean either, so no reading is guessed
    trip = Table("public", "trips", (Column("trip_id", "integer", False), Column("started_at", "timestamp"),
                                     Column("ended_at", "timestamp"), Column("distance_km", "numeric(6,2)")),
                 ("trip_id",))
    both = read_question("how many trips were longer than average", SchemaContext("bikes", "analyst", ("public",), (trip,)))
    assert both is None or "ended_at" not in both.sql


INVOICE = Table("public", "invoices", (Column("invoice_id", "integer", False), Column("issued_on", "date", False),
                                       Column("due_on", "date", False), Column("paid_on", "date"),
                                       Column("total", "numeric(10,2)", False)), ("invoice_id",))
BILLING = SchemaContext("billing", "analyst", ("public",), (INVOICE,))


@pytest.mark.parametrize("question,sql", [
    ("how many invoices were paid late",
     "SELECT count(*) FROM invoices WHERE invoices.paid_on > invoices.due_on"),
    ("how many overdue invoices",
     "SELECT count(*) FROM invoices WHERE invoices.paid_on IS NULL AND invoices.due_on < current_date"),
    ("what percent of invoices were paid late",
     "SELECT 100.0 * count(*) FILTER (WHERE invoices.paid_on > invoices.due_on) / count(*) FROM invoices"),
])
def test_late_and_overdue_rows(question: str, sql: str) -> None:
    reading = read_question(question, BILLING)
    assert reading is not None and reading.sql == sql and reading.coverage == 1.0


def test_average_days_late() -> None:
    reading = read_question("average days late on invoices", BILLING)
    assert reading is not None and reading.sql == (
        "SELECT avg((invoices.paid_on - invoices.due_on)) FROM invoices WHERE invoices.paid_on > invoices.due_on")


def test_a_description_saying_null_while_not_done_names_the_done_rows() -> None:
    # 'null while the report has not been sent': "sent" reports are those whose date is set
    report = Table("public", "reports", (Column("report_id", "integer", False), Column("title", "text", False),
                                         Column("sent_on", "date", True, "null while the report has not been sent")),
                   ("report_id",))
    schema = SchemaContext("office", "analyst", ("public",), (report,))
    sent = read_question("how many reports were sent", schema)
    assert sent is not None and sent.sql == "SELECT count(*) FROM reports WHERE reports.sent_on IS NOT NULL"
    unsent = read_question("how many reports were not sent", schema)
    assert unsent is not None and unsent.sql == "SELECT count(*) FROM reports WHERE reports.sent_on IS NULL"


def test_which_period_had_the_most_rows() -> None:
    reading = read_question("which month had the most bookings", SCHEMA)
    assert reading is not None and reading.sql == (
        "SELECT date_trunc('month', bookings.booked_on) AS month, count(*) FROM bookings GROUP BY 1 "
        "ORDER BY count(*) DESC LIMIT 1")
    # "what year" with nothing ranked asks for a value, not a period per row
    plain = read_question("what year did Leeds members book", SCHEMA)
    assert plain is None or "date_trunc" not in plain.sql


@pytest.mark.parametrize("question", ["how many bookings per member on average",
                                      "on average, how many bookings per member"])
def test_how_many_per_group_on_average(question: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == (
        "SELECT count(*)::numeric / nullif(count(DISTINCT bookings.member_id), 0) FROM bookings "
        "JOIN members ON bookings.member_id = members.member_id")
    assert reading.coverage == 1.0


@pytest.mark.parametrize("question,limit", [("latest booking", 1), ("the 3 latest bookings", 3),
                                            ("latest 5 bookings", 5)])
def test_latest_rows_by_their_date(question: str, limit: int) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == (
        f"SELECT bookings.booking_id, bookings.booked_on FROM bookings ORDER BY bookings.booked_on DESC NULLS LAST "
        f"LIMIT {limit}")


def test_a_number_after_a_superlative_is_the_limit() -> None:
    reading = read_question("priciest 2 classes", SCHEMA)
    assert reading is not None and reading.sql.endswith("LIMIT 2") and reading.coverage == 1.0


def test_a_total_column_adds_up() -> None:
    # bills.total is an amount: ranking clients (two joins away) by it sums it per client
    client = Table("public", "clients", (Column("client_id", "integer", False), Column("name", "text", False)),
                   ("client_id",))
    job = Table("public", "jobs", (Column("job_id", "integer", False), Column("client_id", "integer", False)),
                ("job_id",), (ForeignKey(("client_id",), "public", "clients", ("client_id",)),))
    bill = Table("public", "bills", (Column("bill_id", "integer", False), Column("job_id", "integer", False),
                                     Column("total", "numeric(10,2)", False)), ("bill_id",),
                 (ForeignKey(("job_id",), "public", "jobs", ("job_id",)),))
    schema = SchemaContext("billing", "analyst", ("public",), (client, job, bill))
    reading = read_question("top 3 clients by bill total", schema)
    assert reading is not None and "ORDER BY sum(bills.total) DESC NULLS LAST LIMIT 3" in reading.sql
    assert "GROUP BY clients.client_id, clients.name" in reading.sql


def test_growth_between_two_periods() -> None:
    this, last = ("bookings.booked_on >= date_trunc('year', current_date)",
                  "bookings.booked_on >= date_trunc('year', current_date) - interval '1 year' AND "
                  "bookings.booked_on < date_trunc('year', current_date)")
    expected = (f"SELECT 100.0 * (count(*) FILTER (WHERE {this}) - count(*) FILTER (WHERE {last})) / "
                f"nullif(count(*) FILTER (WHERE {last}), 0) FROM bookings")
    # the later period is the one nearer today, whichever is named first
    for question in ("booking growth this year vs last year", "bookings last year vs this year, growth"):
        reading = read_question(question, SCHEMA)
        assert reading is not None and reading.sql == expected, question


@pytest.mark.parametrize("question,sql", [
    ("how many members have a phone", "SELECT count(*) FROM members WHERE members.phone IS NOT NULL"),
    ("members with a phone", "SELECT members.full_name FROM members WHERE members.phone IS NOT NULL"),
    ("members who don't have a phone", "SELECT members.full_name FROM members WHERE members.phone IS NULL"),
])
def test_having_a_value_of_a_column(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == sql and reading.coverage == 1.0


def test_rows_with_more_referring_rows_than_average() -> None:
    reading = read_question("members with more bookings than average", SCHEMA)
    assert reading is not None and reading.sql == (
        "SELECT members.full_name, count(*) FROM members JOIN bookings ON bookings.member_id = members.member_id "
        "GROUP BY members.member_id, members.full_name HAVING count(*) > (SELECT avg(n) FROM (SELECT count(*) AS n "
        "FROM bookings GROUP BY bookings.member_id) AS per_row)")
    fewer = read_question("members with fewer bookings than average", SCHEMA)
    assert fewer is not None and "HAVING count(*) < (SELECT avg(n)" in fewer.sql


def test_how_many_rows_have_more_than_n_referring_rows() -> None:
    reading = read_question("how many members made more than 4 bookings", SCHEMA)
    assert reading is not None and reading.sql == (
        "SELECT count(DISTINCT members.member_id) FROM members JOIN bookings ON bookings.member_id = members.member_id "
        "WHERE (SELECT count(*) FROM bookings WHERE bookings.member_id = members.member_id) > 4")


def test_more_than_n_different_values() -> None:
    reading = read_question("members who booked in more than 1 channel", SCHEMA)
    assert reading is not None and reading.sql.endswith("HAVING count(DISTINCT bookings.channel) > 1")
    counted = read_question("how many members have bookings in more than 1 channel", SCHEMA)
    assert counted is not None and counted.sql.endswith(
        "WHERE (SELECT count(DISTINCT bookings.channel) FROM bookings WHERE bookings.member_id = members.member_id) > 1")
