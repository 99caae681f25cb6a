"""What a unit measures (ask.context.related_words.UNIT_DIMENSIONS): a column kept in hectares
is an area, one in kilograms a weight, for "the biggest", "bigger than average", "total area".
Pure: a hand-made schema of an allotment society."""

from __future__ import annotations

import pytest

from ask.context.related_words import without_unit
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

PLOT = Table("public", "plots", (Column("plot_id", "integer", False), Column("plot_name", "text"),
                                 Column("hectares", "numeric(6,2)"), Column("compost_kg", "numeric(6,1)")),
             ("plot_id",))
SCHEMA = SchemaContext("allotments", "analyst", ("public",), (PLOT,))


def test_a_unit_spells_what_it_measures() -> None:
    assert without_unit(("hectare",)) == (("area",),)
    assert ("weight",) in without_unit(("compost", "kg"))
    assert ("weight",) not in without_unit(("weight", "kg"))[1:]      # the name says it already
    assert without_unit(("plot",)) == ()


@pytest.mark.parametrize("question,sql", [
    ("biggest plot", "SELECT plots.plot_name, plots.hectares FROM plots ORDER BY plots.hectares DESC NULLS LAST LIMIT 1"),
    ("plots bigger than average", "SELECT plots.plot_name FROM plots WHERE plots.hectares > "
     "(SELECT avg(plots.hectares) FROM plots)"),
    ("total area of plots", "SELECT sum(plots.hectares) FROM plots"),
    ("total weight of compost", "SELECT sum(plots.compost_kg) FROM plots"),
])
def test_measures_read_by_what_their_unit_measures(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None, question
    assert reading.sql == sql


@pytest.mark.parametrize("question,sql", [
    # "ha" is a hectare in a question too; "no." before "of" is a number, not a negation
    ("no. of plots over 2 ha", "SELECT count(*) FROM plots WHERE plots.hectares > 2"),
    ("nr of plots", "SELECT count(*) FROM plots"),
])
def test_abbreviated_units_and_counts(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == sql, question


def test_a_share_cue_beside_a_column_whose_first_word_it_is() -> None:
    # the owners' shareunits are described as "shares"; "share of beds" asks what share of the beds
    owners = Table("public", "tblowner", (Column("ownerid", "integer", False), Column("fullname", "text"),
                                          Column("shareunits", "integer", comment="shares held by the owner")), ("ownerid",))
    beds = Table("public", "tblbed", (Column("bedid", "integer", False), Column("ownerid", "integer"),
                                      Column("israised", "boolean")), ("bedid",),
                 (ForeignKey(("ownerid",), "public", "tblowner", ("ownerid",)),))
    schema = SchemaContext("allotments", "analyst", ("public",), (owners, beds))
    reading = read_question("share of beds that are raised", schema)
    assert reading is not None and reading.sql == (
        "SELECT 100.0 * count(*) FILTER (WHERE tblbed.israised) / count(*) FROM tblbed")
