"""The plain reader's clauses (ask.translate.sketch): anti-joins whose absent rows are
restricted, intersections, ranges, counts compared, text containing a word.

Pure, like tests/test_sketch.py: hand-made schemas, links as value linking would give them,
exact SQL out. The schemas are a stage/show/performer world that no reader rule names."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

VENUES = Table("public", "venue", (Column("venue_id", "integer", False), Column("name", "text"),
                                   Column("city", "text"), Column("seats", "integer")), ("venue_id",))
SHOWS = Table("public", "show", (Column("show_id", "integer", False), Column("venue_id", "integer"),
                                 Column("title", "text"), Column("year", "integer"),
                                 Column("genre", "text", values=("drama", "comedy"))),
              ("show_id",), (ForeignKey(("venue_id",), "public", "venue", ("venue_id",)),))
PERFORMERS = Table("public", "performer", (Column("performer_id", "integer", False), Column("name", "text"),
                                           Column("age", "integer"), Column("country", "text")),
                   ("performer_id",))
CAST = Table("public", "appearance", (Column("performer_id", "integer"), Column("show_id", "integer")),
             ("performer_id", "show_id"),
             (ForeignKey(("performer_id",), "public", "performer", ("performer_id",)),
              ForeignKey(("show_id",), "public", "show", ("show_id",))))
TROUPE = Table("public", "troupe", (Column("troupe", "text"), Column("troupe_id", "integer", False),
                                    Column("founded_year", "integer")), ("troupe_id",))
SCHEMA = SchemaContext("db", "analyst", ("public",), (VENUES, SHOWS, PERFORMERS, CAST, TROUPE))


def link(question: str, table: str, column: str, value: str) -> ValueMatch:
    words = question.lower().replace("?", "").split()
    start = words.index(value.lower().split()[0])
    return ValueMatch(table, column, value, start, start + len(value.split()), 1.0)


def read(question: str, *links: tuple[str, str, str]) -> str | None:
    reading = read_question(question, SCHEMA, [link(question, *x) for x in links])
    if reading is None or reading.coverage < 0.75:
        return None
    return reading.sql


@pytest.mark.parametrize("question,links,sql", [
    # the absent rows' own conditions go inside NOT EXISTS
    ("names of venues that did not have a show in 2014", [],
     "SELECT venue.name FROM venue WHERE NOT EXISTS "
     "(SELECT 1 FROM show WHERE show.venue_id = venue.venue_id AND show.year = 2014)"),
    ("cities of venues not hosting any show of genre drama", [("show", "genre", "drama")],
     "SELECT venue.city FROM venue WHERE NOT EXISTS "
     "(SELECT 1 FROM show WHERE show.venue_id = venue.venue_id AND show.genre = 'drama')"),
    # through the linking rows, joined to the absent table only when it is restricted
    ("performers who never had an appearance", [],
     "SELECT performer.name FROM performer WHERE NOT EXISTS "
     "(SELECT 1 FROM appearance WHERE appearance.performer_id = performer.performer_id)"),
    ("how many performers did not appear in any show after 2010", [],
     "SELECT count(*) FROM performer WHERE NOT EXISTS (SELECT 1 FROM appearance JOIN show "
     "ON appearance.show_id = show.show_id WHERE appearance.performer_id = performer.performer_id "
     "AND show.year > 2010)"),
])
def test_absent_rows_keep_their_own_conditions(question: str, links: list[tuple[str, str, str]],
                                               sql: str) -> None:
    assert read(question, *links) == sql


def test_a_value_negated_is_no_absent_table() -> None:
    """"not" before a value of a column is a negated filter, not an anti-join."""
    question = "titles of shows whose genre is not comedy"
    assert read(question, ("show", "genre", "comedy")) == \
        "SELECT show.title FROM show WHERE show.genre <> 'comedy'"



@pytest.mark.parametrize("question,sql", [
    # the column between the comparison and its number
    ("names of performers above age 30", "SELECT performer.name FROM performer WHERE performer.age > 30"),
    # both bounds of a range
    ("names of venues with seats between 500 and 900",
     "SELECT venue.name FROM venue WHERE venue.seats BETWEEN 500 AND 900"),
    ("names of venues that have between 2 and 4 shows",
     "SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id "
     "GROUP BY venue.venue_id, venue.name HAVING count(*) BETWEEN 2 AND 4"),
    # a bound it includes
    ("names of venues that have 3 or more shows",
     "SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id "
     "GROUP BY venue.venue_id, venue.name HAVING count(*) >= 3"),
    ("titles of shows in year 2014 or later", "SELECT show.title FROM show WHERE show.year >= 2014"),
    # a numeric column right before the number it equals
    ("how many shows are there in year 2014 or 2015", "SELECT count(*) FROM show WHERE show.year IN (2014, 2015)"),
    ("titles of shows in year 2014", "SELECT show.title FROM show WHERE show.year = 2014"),
    # "is either N or M": the column equals one of the two
    ("titles of shows whose year is either 2014 or 2015",
     "SELECT show.title FROM show WHERE show.year IN (2014, 2015)"),
    ("names of troupes whose founded years are either 1990 or 1991",
     "SELECT troupe.troupe FROM troupe WHERE troupe.founded_year IN (1990, 1991)"),
])
def test_numbers_compared_in_more_ways(question: str, sql: str) -> None:
    assert read(question) == sql


@pytest.mark.parametrize("question,links,sql", [
    # two values of one column, joined by "and": what the rows of each have in common
    ("names of venues with shows of genre drama and comedy", [("show", "genre", "drama"), ("show", "genre", "comedy")],
     "SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id WHERE show.genre = 'drama' "
     "INTERSECT SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id WHERE show.genre = 'comedy'"),
    # two bounds no row meets at once
    ("countries of performers above age 40 and performers below 30", [],
     "SELECT performer.country FROM performer WHERE performer.age > 40 "
     "INTERSECT SELECT performer.country FROM performer WHERE performer.age < 30"),
    ("names of venues with shows in both 2014 and 2015", [],
     "SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id WHERE show.year = 2014 "
     "INTERSECT SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id WHERE show.year = 2015"),
])
def test_both_at_once_is_an_intersection(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    assert read(question, *links) == sql


def test_bounds_a_row_can_meet_at_once_are_a_range() -> None:
    assert read("names of performers above age 20 and below 30") == \
        "SELECT performer.name FROM performer WHERE performer.age > 20 AND performer.age < 30"


@pytest.mark.parametrize("question", [
    "names of performers above age 40 and below 30",      # the rows the bounds are about: none
])
def test_both_at_once_of_one_row_is_not_read(question: str) -> None:
    assert read(question) is None


_DRAMA_AND_COMEDY = [("show", "genre", "drama"), ("show", "genre", "comedy")]


@pytest.mark.parametrize("question,links,sql", [
    # on rows that reference the ones aggregated: those with a match of each, by key
    ("how many venues have shows in both 2014 and 2015", [],
     "SELECT count(*) FROM venue WHERE venue.venue_id IN (SELECT venue.venue_id FROM venue JOIN show "
     "ON show.venue_id = venue.venue_id WHERE show.year = 2014 INTERSECT SELECT venue.venue_id FROM venue "
     "JOIN show ON show.venue_id = venue.venue_id WHERE show.year = 2015)"),
    ("average seats of venues with shows of genre drama and comedy", _DRAMA_AND_COMEDY,
     "SELECT avg(venue.seats) FROM venue WHERE venue.venue_id IN (SELECT venue.venue_id FROM venue JOIN show "
     "ON show.venue_id = venue.venue_id WHERE show.genre = 'drama' INTERSECT SELECT venue.venue_id FROM venue "
     "JOIN show ON show.venue_id = venue.venue_id WHERE show.genre = 'comedy')"),
    # on a column of the rows aggregated no row holds both: either value
    ("how many shows of genre drama and comedy are there", _DRAMA_AND_COMEDY,
     "SELECT count(*) FROM show WHERE show.genre IN ('drama', 'comedy')"),
])
def test_both_values_counted_or_aggregated(question: str, links: list[tuple[str, str, str]], sql: str) -> None:
    assert read(question, *links) == sql


@pytest.mark.parametrize("question,sql", [
    # a sorting verb and "by" with a direction between
    ("names of performers sorted descending by age", "SELECT performer.name FROM performer ORDER BY performer.age DESC NULLS LAST"),
    ("list the names of performers and order the results by age",
     "SELECT performer.name FROM performer ORDER BY performer.age ASC"),
    # ordered by how often each value occurs
    ("countries of performers in ascending order of count",
     "SELECT performer.country FROM performer GROUP BY performer.country ORDER BY count(*) ASC"),
    # the largest and smallest value of a text column, named with an explicit aggregate
    ("maximum and minimum country of performers", "SELECT max(performer.country), min(performer.country) FROM performer"),
    # a table whose label column is named as the table
    ("names of troupes founded after 2000", "SELECT troupe.troupe FROM troupe WHERE troupe.founded_year > 2000"),
    ("troupes founded after 2000", "SELECT troupe.troupe FROM troupe WHERE troupe.founded_year > 2000"),
])
def test_orders_aggregates_and_labels(question: str, sql: str) -> None:
    assert read(question) == sql


@pytest.mark.parametrize("question", ["Count the number of venues", "What is the total number of venues",
                                      "How many venues in total"])
def test_words_that_restate_a_count_are_placed(question: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == "SELECT count(*) FROM venue" and reading.coverage == 1.0


@pytest.mark.parametrize("question,sql", [
    ("titles of shows with the word 'Night' in their title",
     "SELECT show.title FROM show WHERE show.title ILIKE '%Night%'"),
    ("names of venues containing the letter z in their name",
     "SELECT venue.name FROM venue WHERE venue.name ILIKE '%z%'"),
    ("names of performers whose country contains '50%_off'",
     "SELECT performer.name FROM performer WHERE performer.country ILIKE '%50\\%\\_off%'"),
])
def test_text_contained_in_a_column(question: str, sql: str) -> None:
    assert read(question) == sql


def test_a_quoted_text_with_nowhere_to_be_contained_is_not_read() -> None:
    assert read("how many venues contain the word 'Grand'") is None


def test_distinct_counts_of_each_column_named() -> None:
    assert read("the number of different countries and ages of performers") == \
        "SELECT count(DISTINCT performer.country), count(DISTINCT performer.age) FROM performer"


def test_by_before_a_superlative_ranks_rather_than_groups() -> None:
    assert read("which genre is used by the most number of shows") == \
        "SELECT show.genre FROM show GROUP BY show.genre ORDER BY count(*) DESC LIMIT 1"


def test_a_count_of_the_rows_of_another_tables_top_row() -> None:
    assert read("the number of shows in the venue with the most seats") == \
        "SELECT count(*) FROM show WHERE show.venue_id = (SELECT venue.venue_id FROM venue ORDER BY venue.seats DESC NULLS LAST LIMIT 1)"


@pytest.mark.parametrize("question,sql", [
    ("names of performers older than average",
     "SELECT performer.name FROM performer WHERE performer.age > (SELECT avg(performer.age) FROM performer)"),
])
def test_older_than_average_compares_the_age(question: str, sql: str) -> None:
    assert read(question) == sql


def test_most_recent_ranks_by_the_rows_date() -> None:
    events = Table("public", "event", (Column("event_id", "integer"), Column("title", "text"),
                                       Column("held_on", "date")), ("event_id",))
    reading = read_question("what is the title of the most recent event", SchemaContext("db", "r", ("public",), (events,)))
    assert reading is not None
    assert reading.sql == "SELECT event.title FROM event ORDER BY event.held_on DESC NULLS LAST LIMIT 1"


def test_a_column_spelt_by_the_thing_it_is_of() -> None:
    """"the name of the song" where the table has song_name (no table is called song)."""
    singers = Table("public", "singer", (Column("singer_id", "integer"), Column("name", "text"),
                                         Column("song_name", "text"), Column("age", "integer")), ("singer_id",))
    reading = read_question("show the name of the song by the youngest singer",
                            SchemaContext("db", "r", ("public",), (singers,)))
    assert reading is not None
    assert reading.sql == "SELECT singer.song_name FROM singer ORDER BY singer.age ASC LIMIT 1"


def test_a_count_per_row_shows_the_key_the_question_asks_for() -> None:
    assert read("show the venue ids and the number of shows in each venue") == \
        "SELECT venue.venue_id, count(*) FROM show JOIN venue ON show.venue_id = venue.venue_id " \
        "GROUP BY venue.venue_id, venue.name"


@pytest.mark.parametrize("question,sql", [
    ("names of venues with more than a single show",
     "SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id "
     "GROUP BY venue.venue_id, venue.name HAVING count(*) > 1"),
    ("names of performers who appeared in shows more than once",
     "SELECT performer.name FROM performer JOIN appearance ON appearance.performer_id = performer.performer_id "
     "JOIN show ON appearance.show_id = show.show_id GROUP BY performer.performer_id, performer.name HAVING count(*) > 1"),
])
def test_counts_compared_in_words(question: str, sql: str) -> None:
    assert read(question) == sql


def test_a_number_before_a_numeric_column_names_its_value() -> None:
    flats = Table("public", "flat", (Column("flat_id", "integer"), Column("flat_no", "text"),
                                     Column("bedrooms", "integer")), ("flat_id",))
    schema = SchemaContext("db", "r", ("public",), (flats,))
    reading = read_question("number of two bedroom flats", schema)
    assert reading is not None and reading.sql == "SELECT count(*) FROM flat WHERE flat.bedrooms = 2"
    top = read_question("the top 2 bedroom counts of flats", schema)
    assert top is None or "= 2" not in top.sql          # "top 2" is a limit, not a value


def test_absent_rows_two_steps_down_a_chain_keep_the_whole_chain() -> None:
    """genres <- shows <- reviews: "genres not used by any review" needs the reviews, not only
    the shows (a show without reviews does not use its genre in one)."""
    genres = Table("public", "genre", (Column("genre_code", "text"), Column("label", "text")), ("genre_code",))
    shows = Table("public", "play", (Column("play_id", "integer"), Column("genre_code", "text")), ("play_id",),
                  (ForeignKey(("genre_code",), "public", "genre", ("genre_code",)),))
    reviews = Table("public", "review", (Column("review_id", "integer"), Column("play_id", "integer")),
                    ("review_id",), (ForeignKey(("play_id",), "public", "play", ("play_id",)),))
    reading = read_question("genre codes not used by any review",
                            SchemaContext("db", "r", ("public",), (genres, shows, reviews)))
    assert reading is not None
    assert reading.sql == ("SELECT genre.genre_code FROM genre WHERE NOT EXISTS (SELECT 1 FROM play JOIN review "
                           "ON review.play_id = play.play_id WHERE play.genre_code = genre.genre_code)")


def test_a_column_of_another_table_named_for_the_owner() -> None:
    """"descriptions for plays": play has none; genre's genre_play_description names plays."""
    genres = Table("public", "genre", (Column("genre_code", "text"), Column("genre_play_description", "text")),
                   ("genre_code",))
    plays = Table("public", "play", (Column("play_id", "integer"), Column("genre_code", "text")), ("play_id",),
                  (ForeignKey(("genre_code",), "public", "genre", ("genre_code",)),))
    notes = Table("public", "note", (Column("note_id", "integer"), Column("play_id", "integer"),
                                     Column("note_description", "text")), ("note_id",),
                  (ForeignKey(("play_id",), "public", "play", ("play_id",)),))
    reading = read_question("the descriptions for plays", SchemaContext("db", "r", ("public",), (genres, plays, notes)))
    assert reading is not None and reading.sql.startswith("SELECT genre.genre_play_description FROM ")


def test_the_greatest_number_of_a_unit_a_numeric_column_holds() -> None:
    workers = Table("public", "conductor", (Column("conductor_id", "integer"), Column("name", "text"),
                                            Column("year_of_work", "integer")), ("conductor_id",))
    reading = read_question("what is the name of the conductor who has the greatest number of years",
                            SchemaContext("db", "r", ("public",), (workers,)))
    assert reading is not None
    assert reading.sql == "SELECT conductor.name FROM conductor ORDER BY conductor.year_of_work DESC NULLS LAST LIMIT 1"


def test_when_asks_for_the_rows_date() -> None:
    episodes = Table("public", "episode", (Column("episode_id", "integer"), Column("title", "text", values=("Pilot",)),
                                           Column("air_date", "text"), Column("rating", "text")), ("episode_id",))
    schema = SchemaContext("db", "r", ("public",), (episodes,))
    question = "When did the episode Pilot air?"
    reading = read_question(question, schema, [ValueMatch("episode", "title", "Pilot", 4, 5, 1.0)])
    assert reading is not None and reading.coverage == 1.0
    assert reading.sql == "SELECT episode.air_date FROM episode WHERE episode.title = 'Pilot'"
    top = read_question("list the top 3 highest rating episodes in the episode table", schema)
    assert top is not None and top.coverage == 1.0
    assert top.sql.endswith("ORDER BY episode.rating DESC NULLS LAST LIMIT 3")


def test_a_range_of_counts_without_between() -> None:
    assert read("names of venues with 1 to 3 shows") == \
        "SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id " \
        "GROUP BY venue.venue_id, venue.name HAVING count(*) BETWEEN 1 AND 3"


def test_a_superlative_of_an_aggregate_ranks_the_groups() -> None:
    assert read("which country has the highest average age of performers") == \
        "SELECT performer.country FROM performer GROUP BY performer.country " \
        "ORDER BY avg(performer.age) DESC NULLS LAST LIMIT 1"


@pytest.mark.parametrize("question,sql", [
    # a year-like number after a word of time compares the year, not a nearer count
    ("average seats of venues with shows before 2009",
     "SELECT avg(venue.seats) FROM venue JOIN show ON show.venue_id = venue.venue_id WHERE show.year < 2009"),
    ("names of performers younger than 30 or older than 60",
     "SELECT performer.name FROM performer WHERE (performer.age > 60 OR performer.age < 30)"),
    ("titles of shows between 2000 and 2010", "SELECT show.title FROM show WHERE show.year BETWEEN 2000 AND 2010"),
    # listed over the rows joined to another table's top row, not the one top row of the join
    ("names of performers who appeared in the show with the latest year",
     "SELECT DISTINCT performer.name FROM performer JOIN appearance ON appearance.performer_id = performer.performer_id "
     "JOIN show ON appearance.show_id = show.show_id WHERE show.show_id = "
     "(SELECT show.show_id FROM show ORDER BY show.year DESC NULLS LAST LIMIT 1)"),
])
def test_years_either_bounds_and_the_top_row_of_another_table(question: str, sql: str) -> None:
    assert read(question) == sql


def test_one_value_but_not_another_is_an_except() -> None:
    question = "names of venues with drama shows but not comedy shows"
    assert read(question, ("show", "genre", "drama"), ("show", "genre", "comedy")) == \
        "SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id WHERE show.genre = 'drama' " \
        "EXCEPT SELECT venue.name FROM venue JOIN show ON show.venue_id = venue.venue_id WHERE show.genre = 'comedy'"


def test_the_rows_an_aggregate_is_of_are_no_group() -> None:
    """"the average age of performer countries": the rows after "of", not one row per country;
    "the countries and the average age" is per country."""
    assert read("what is the average age of performer countries") == "SELECT avg(performer.age) FROM performer"
    assert read("the countries and the average age of performers") == \
        "SELECT performer.country, avg(performer.age) FROM performer GROUP BY performer.country"


@pytest.mark.parametrize("question,sql", [
    ("which countries have an average performer age above 30",
     "SELECT performer.country FROM performer GROUP BY performer.country HAVING avg(performer.age) > 30"),
    ("countries whose average age of performers is greater than 30",
     "SELECT performer.country, avg(performer.age) FROM performer GROUP BY performer.country "
     "HAVING avg(performer.age) > 30"),
])
def test_an_aggregate_compared_per_group(question: str, sql: str) -> None:
    assert read(question) == sql


def test_all_rows_except_those_having_another_tables_rows() -> None:
    assert read("names of all venues except for venues having a show in 2014") == \
        "SELECT venue.name FROM venue WHERE NOT EXISTS " \
        "(SELECT 1 FROM show WHERE show.venue_id = venue.venue_id AND show.year = 2014)"


@pytest.mark.parametrize("question,sql", [
    ("names of performers with an age greater than any performer from Spain",
     "SELECT performer.name FROM performer WHERE performer.age > "
     "(SELECT min(performer.age) FROM performer WHERE performer.country = 'Spain')"),
    ("names of performers whose age is smaller than all performers from Spain",
     "SELECT performer.name FROM performer WHERE performer.age < "
     "(SELECT min(performer.age) FROM performer WHERE performer.country = 'Spain')"),
])
def test_compared_with_any_or_all_of_other_rows(question: str, sql: str) -> None:
    assert read(question, ("performer", "country", "Spain")) == sql


def test_a_value_negated_on_the_many_side_is_an_anti_join() -> None:
    """"venues that do not host drama": none of their shows is a drama, not some show is not;
    "shows not of genre drama" stays a plain negation on the show itself."""
    question = "names of venues that do not host drama"
    assert read(question, ("show", "genre", "drama")) == \
        "SELECT venue.name FROM venue WHERE NOT EXISTS " \
        "(SELECT 1 FROM show WHERE show.venue_id = venue.venue_id AND show.genre = 'drama')"
    plain = "titles of shows not of genre drama"
    assert read(plain, ("show", "genre", "drama")) == "SELECT show.title FROM show WHERE show.genre <> 'drama'"


def test_a_second_table_listed_shows_its_label() -> None:
    reading = read_question("show the names of venues and the shows they hosted", SCHEMA)
    assert reading is not None
    assert reading.sql == "SELECT venue.name, show.title FROM venue JOIN show ON show.venue_id = venue.venue_id"


def test_a_verb_made_from_a_schema_name_relates_rather_than_names() -> None:
    """"performers who appeared": "appear" spells part of ``appearance``; an unknown verb still
    counts against coverage."""
    plain = read_question("names of performers who appeared", SCHEMA)
    odd = read_question("names of performers who juggled", SCHEMA)
    assert plain is not None and odd is not None
    assert plain.coverage > odd.coverage


def test_after_the_year() -> None:
    assert read("titles of shows after the year 2008") == "SELECT show.title FROM show WHERE show.year > 2008"


def test_a_table_without_a_name_is_grouped_and_shown_by_its_key() -> None:
    batches = Table("public", "batch", (Column("batch_id", "integer"), Column("size", "integer")), ("batch_id",))
    items = Table("public", "item", (Column("item_id", "integer"), Column("batch_id", "integer")), ("item_id",),
                  (ForeignKey(("batch_id",), "public", "batch", ("batch_id",)),))
    schema = SchemaContext("db", "r", ("public",), (batches, items))
    reading = read_question("which batches have at least 2 items", schema)
    assert reading is not None
    assert reading.sql == ("SELECT batch.batch_id, count(*) FROM batch JOIN item ON item.batch_id = batch.batch_id "
                           "GROUP BY batch.batch_id HAVING count(*) >= 2")


def test_a_yes_no_kept_as_text() -> None:
    people = Table("public", "person", (Column("person_id", "integer"), Column("name", "text"),
                                        Column("is_male", "text", values=("F", "T"))), ("person_id",))
    schema = SchemaContext("db", "r", ("public",), (people,))
    yes = read_question("how many male persons are there", schema)
    no = read_question("show the names of persons that are not male", schema)
    assert yes is not None and yes.sql == "SELECT count(*) FROM person WHERE person.is_male = 'T'"
    assert no is not None and no.sql == "SELECT person.name FROM person WHERE person.is_male = 'F'"


def test_an_aggregate_of_rows_compared_is_a_filter_on_the_rows() -> None:
    assert read("what is the average age of performers above 30") == \
        "SELECT avg(performer.age) FROM performer WHERE performer.age > 30"


@pytest.mark.parametrize("question,sql", [
    ("names of venues starting with 'Grand'", "SELECT venue.name FROM venue WHERE venue.name ILIKE 'Grand%'"),
    ("titles of shows whose title ends with 'night'", "SELECT show.title FROM show WHERE show.title ILIKE '%night'"),
])
def test_text_at_the_start_or_end_of_a_column(question: str, sql: str) -> None:
    assert read(question) == sql


def test_either_of_two_unlike_conditions_is_not_read_as_both() -> None:
    question = "names of performers from Spain or older than 40"
    assert read(question, ("performer", "country", "Spain")) is None
    listed = "how many performers are from Spain or Chile"
    assert read(listed, ("performer", "country", "Spain"), ("performer", "country", "Chile")) == \
        "SELECT count(*) FROM performer WHERE performer.country IN ('Spain', 'Chile')"


def test_a_tables_head_noun_said_again_is_that_table() -> None:
    channels = Table("public", "tv_channel", (Column("id", "integer"), Column("language", "text")), ("id",))
    cartoons = Table("public", "cartoon", (Column("id", "integer"), Column("title", "text"), Column("channel", "integer")),
                     ("id",), (ForeignKey(("channel",), "public", "tv_channel", ("id",)),))
    reading = read_question("which language is used by the most tv channels and how many channels use it",
                            SchemaContext("db", "r", ("public",), (channels, cartoons)))
    assert reading is not None
    assert reading.sql == ("SELECT tv_channel.language, count(*) FROM tv_channel GROUP BY tv_channel.language "
                           "ORDER BY count(*) DESC LIMIT 1")


def test_compared_with_an_aggregate_over_other_rows_with_their_own_conditions() -> None:
    assert read("names of performers with more age than the average age of all performers from Spain",
                ("performer", "country", "Spain")) == \
        "SELECT performer.name FROM performer WHERE performer.age > " \
        "(SELECT avg(performer.age) FROM performer WHERE performer.country = 'Spain')"
    assert read("titles of shows with a year later than the minimum year of all shows after 2010") == \
        "SELECT show.title FROM show WHERE show.year > (SELECT min(show.year) FROM show WHERE show.year > 2010)"


def test_ordered_by_a_time_the_clause_names() -> None:
    assert read("what are the names of troupes in descending order of years in which they were founded") == \
        "SELECT troupe.troupe FROM troupe ORDER BY troupe.founded_year DESC NULLS LAST"


def test_sorted_by_the_number_of_a_unit_a_column_holds() -> None:
    workers = Table("public", "conductor", (Column("conductor_id", "integer"), Column("name", "text"),
                                            Column("year_of_work", "integer")), ("conductor_id",))
    reading = read_question("names of conductors sorted descending by the number of years they have worked",
                            SchemaContext("db", "r", ("public",), (workers,)))
    assert reading is not None
    assert reading.sql == "SELECT conductor.name FROM conductor ORDER BY conductor.year_of_work DESC NULLS LAST"


@pytest.mark.parametrize("question,sql", [
    # every column, of a table with a name column or without one (a bridge of two keys)
    ("what is all the information about venues", "SELECT venue.* FROM venue"),
    ("give me all the information about appearances", "SELECT appearance.* FROM appearance"),
])
def test_all_the_information_is_every_column(question: str, sql: str) -> None:
    assert read(question) == sql


NATIONS = Table("public", "nation", (Column("code", "text", False), Column("name", "text")), ("code",))
TONGUES = Table("public", "spoken", (Column("nation_code", "text", False), Column("tongue", "text", False)),
                ("nation_code", "tongue"),
                (ForeignKey(("nation_code",), "public", "nation", ("code",)),))
SPOKEN = SchemaContext("db", "analyst", ("public",), (NATIONS, TONGUES))


@pytest.mark.parametrize("question,sql", [
    # a text key of the rows that reference the ones listed names them: they are counted
    ("names of nations with more than 2 tongues",
     "SELECT nation.name FROM nation JOIN spoken ON spoken.nation_code = nation.code "
     "GROUP BY nation.code, nation.name HAVING count(*) > 2"),
    ("the name and the numbers of tongues of each nation with at least 3 tongues",
     "SELECT nation.name, count(*) FROM nation JOIN spoken ON spoken.nation_code = nation.code "
     "GROUP BY nation.code, nation.name HAVING count(*) >= 3"),
])
def test_a_count_compared_of_rows_named_by_their_key(question: str, sql: str) -> None:
    reading = read_question(question, SPOKEN)
    assert reading is not None and reading.coverage >= 0.75 and reading.sql == sql


def test_above_the_average_of_the_numeric_column_a_word_names() -> None:
    # "area" names a text zone (a synonym) and a number: the average is the number's
    pens = Table("public", "pen", (Column("pen_id", "integer", False), Column("name", "text"),
                                   Column("zone", "text"), Column("area_sqm", "numeric")), ("pen_id",))
    reading = read_question("pens bigger than the average area", SchemaContext("db", "analyst", ("public",), (pens,)))
    assert reading is not None and reading.coverage == 1.0
    assert reading.sql == "SELECT pen.name FROM pen WHERE pen.area_sqm > (SELECT avg(pen.area_sqm) FROM pen)"


_CLIMBERS = Table("public", "climber", (Column("climber_id", "integer", False), Column("name", "text"),
                                        Column("height_cm", "numeric")), ("climber_id",))
_ROUTES = Table("public", "route", (Column("route_id", "integer", False), Column("name", "text"),
                                    Column("length_m", "integer")), ("route_id",))


@pytest.mark.parametrize("question,sql", [
    # a comparative that measures a dimension compares the one column measuring it
    ("names of climbers taller than 180", "SELECT climber.name FROM climber WHERE climber.height_cm > 180"),
    ("routes shorter than 50", "SELECT route.name FROM route WHERE route.length_m < 50"),
    ("how many routes are longer than average",
     "SELECT count(*) FROM route WHERE route.length_m > (SELECT avg(route.length_m) FROM route)"),
])
def test_a_comparative_compares_the_dimension_it_measures(question: str, sql: str) -> None:
    reading = read_question(question, SchemaContext("db", "analyst", ("public",), (_CLIMBERS, _ROUTES)))
    assert reading is not None and reading.coverage == 1.0 and reading.sql == sql


@pytest.mark.parametrize("question,sql", [
    # the number counts the table named right after it; the column after that is its own comparison
    ("which countries do more than 2 performers above age 40 come from",
     "SELECT performer.country FROM performer WHERE performer.age > 40 GROUP BY performer.country HAVING count(*) > 2"),
    ("countries that have more than one performer under age 30",
     "SELECT performer.country, count(*) FROM performer WHERE performer.age < 30 "
     "GROUP BY performer.country HAVING count(*) > 1"),
])
def test_a_count_compared_before_a_column_compared(question: str, sql: str) -> None:
    assert read(question) == sql


def test_a_count_of_other_rows_compared_groups_by_the_row_listed() -> None:
    # the shows are counted per venue (two venues may share a city), not per city
    assert read("cities of venues with more than 2 shows") == (
        "SELECT venue.city, count(*) FROM venue JOIN show ON show.venue_id = venue.venue_id "
        "GROUP BY venue.venue_id, venue.city HAVING count(*) > 2")


def test_compared_with_that_of_any_row_restricted_by_another_value() -> None:
    # "than that of any": the second value of the column restricts the rows compared with
    assert read("performers from Spain with an age greater than that of any performer from Chile",
                ("performer", "country", "Spain"), ("performer", "country", "Chile")) == (
        "SELECT performer.name FROM performer WHERE performer.country = 'Spain' AND performer.age > "
        "(SELECT min(performer.age) FROM performer WHERE performer.country = 'Chile')")


@pytest.mark.parametrize("question,sql", [
    # the column said before the comparison and again after "average" is compared, not shown
    ("how many venues in each city have seats that are more than the average seats",
     "SELECT venue.city, count(*) FROM venue WHERE venue.seats > (SELECT avg(venue.seats) FROM venue) "
     "GROUP BY venue.city"),
    ("names of venues whose seats is more than the average seats",
     "SELECT venue.name FROM venue WHERE venue.seats > (SELECT avg(venue.seats) FROM venue)"),
])
def test_a_column_compared_with_its_average_is_not_shown(question: str, sql: str) -> None:
    assert read(question) == sql


@pytest.mark.parametrize("question,sql", [
    # "how many <a text column's noun>": its values, each once; a table's rows as before
    ("how many countries do performers come from", "SELECT count(DISTINCT performer.country) FROM performer"),
    ("how many cities have venues", "SELECT count(DISTINCT venue.city) FROM venue"),
    ("how many performers are there", "SELECT count(*) FROM performer"),
])
def test_how_many_of_a_column_counts_its_values(question: str, sql: str) -> None:
    assert read(question) == sql


def test_listed_by_the_top_row_of_a_table_without_a_single_key() -> None:
    # the awards have no one-column key to pick the top one by: the joined rows are ranked
    staff = Table("public", "staff", (Column("staff_id", "integer", False), Column("name", "text")), ("staff_id",))
    awards = Table("public", "award", (Column("staff_id", "integer", False), Column("year", "integer", False),
                                       Column("bonus", "numeric")), ("staff_id", "year"),
                   (ForeignKey(("staff_id",), "public", "staff", ("staff_id",)),))
    reading = read_question("which staff received the biggest bonus",
                            SchemaContext("db", "analyst", ("public",), (staff, awards)))
    assert reading is not None and reading.sql == (
        "SELECT staff.name, award.bonus FROM staff JOIN award ON award.staff_id = staff.staff_id "
        "ORDER BY award.bonus DESC NULLS LAST LIMIT 1")


@pytest.mark.parametrize("word", ["name", "title"])
def test_text_in_a_things_title_is_in_its_name_column(word: str) -> None:
    artists = Table("public", "artist", (Column("artist_id", "integer", False), Column("name", "text"),
                                         Column("album_name", "text")), ("artist_id",))
    reading = read_question(f"names of artists who have an album with the word 'Blue' in its {word}",
                            SchemaContext("db", "analyst", ("public",), (artists,)))
    assert reading is not None and reading.coverage == 1.0
    assert reading.sql == "SELECT artist.name FROM artist WHERE artist.album_name ILIKE '%Blue%'"


@pytest.mark.parametrize("columns", [
    (Column("level_of_membership", "integer"),),
    (Column("level_of_membership", "integer"), Column("entry_level", "text")),   # "level" names it too
])
def test_ordered_by_the_word_of_a_column_named_before(columns: tuple[Column, ...]) -> None:
    # "ordered by the level" after "membership level": the column already named
    visitors = Table("public", "visitor", (Column("id", "integer", False), Column("name", "text")) + columns, ("id",))
    reading = read_question("names of visitors whose membership level is above 2, ordered by the level",
                            SchemaContext("db", "analyst", ("public",), (visitors,)))
    assert reading is not None and reading.sql == (
        "SELECT visitor.name FROM visitor WHERE visitor.level_of_membership > 2 "
        "ORDER BY visitor.level_of_membership ASC")


def test_ordered_by_value_orders_by_what_is_shown() -> None:
    assert read("what are the seats of venues, ordered descending by value") == \
        "SELECT venue.seats FROM venue ORDER BY venue.seats DESC NULLS LAST"
