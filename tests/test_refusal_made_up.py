"""Made-up words beside what a schema documents (issue 18, refuse26): a short code-like token
or the initials of made-up words tie no question to the schema; an abbreviated name whose
comment spells it out reads only as the word spelt; :func:`made_up` says which words nobody
knows, so a reading that leaves one unplaced carries no unsure model's answer.

Pure: a hand-made rail depot's terse schema nobody tuned on."""

from __future__ import annotations

from ask.context.refusal import assess, made_up
from ask.context.value_linking import link_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

DEPOTS = Table("public", "dpt", (Column("dpt_cd", "char(3)", False), Column("dpt_nm", "text")), ("dpt_cd",))
STAFF = Table("public", "stf", (Column("stf_no", "integer", False), Column("first_nm", "text"),
                                Column("grd_cd", "text", values=("DR", "GD", "SUP"),
                                       comment="DR driver, GD guard, SUP supervisor"),
                                Column("dpt_cd", "char(3)")),
              ("stf_no",), (ForeignKey(("dpt_cd",), "public", "dpt", ("dpt_cd",)),))
JOBS = Table("public", "rpr_job", (Column("job_no", "integer", False), Column("dpt_cd", "char(3)"),
                                   Column("lbr_hrs", "numeric(6,1)", comment="labour hours booked"),
                                   Column("tot_rh", "numeric(8,1)", comment="total running hours"),
                                   Column("opened_dt", "date")),
             ("job_no",), (ForeignKey(("dpt_cd",), "public", "dpt", ("dpt_cd",)),))
RAIL = SchemaContext("db", "analyst", ("public",), (DEPOTS, STAFF, JOBS))


def _assess(question: str):  # type: ignore[no-untyped-def]
    return assess(question, RAIL, link_values(question, RAIL))


def test_a_short_code_beside_made_up_words_ties_nothing() -> None:
    # "gd" is a stored grade code; with a made-up word beside it, it is no question's anchor
    refusal = _assess("show zorp gd")
    assert refusal is not None and refusal.kind == "gibberish" and refusal.words == ("zorp",)
    assert refusal.error().sqlstate == "42000"
    # the code said with known words stays a question
    assert _assess("how many gd") is None
    assert _assess("how many staff are gd") is None
    # a schema word beside one made-up word still anchors it (the reader decides after)
    assert _assess("staff zorp gd") is None


def test_more_made_up_words_than_known_ones_whatever_they_name() -> None:
    refusal = _assess("staff flib zorn")
    assert refusal is not None and refusal.kind == "gibberish" and refusal.words == ("flib", "zorn")
    assert _assess("staff at the zorn depot") is None         # a place the data may not hold


def test_made_up_words_spell_no_initialism() -> None:
    # tot_rh: "running hours" spells rh; "rombish hulk" does too, made up
    assert _assess("total running hours") is None
    refusal = _assess("rombish hulkatrix")
    assert refusal is not None and refusal.kind == "gibberish"


def test_made_up_words() -> None:
    assert made_up("average dazork labour hours booked", RAIL) == {"dazork"}
    assert made_up("staff who've opened jobs", RAIL) == frozenset()      # a contraction is no made-up word
    assert made_up("how many gd in Zorbton", RAIL) == frozenset()       # a capitalised name may be a value


def test_an_abbreviation_a_comment_spells_reads_only_as_that_word() -> None:
    # lbr_hrs is documented "labour hours booked": labor/labour read as lbr, library does not
    reading = read_question("total labor hours", RAIL)
    assert reading is not None and reading.sql == "SELECT sum(rpr_job.lbr_hrs) FROM rpr_job"
    library = read_question("which library", RAIL)
    assert library is None or library.coverage < 0.75
    # undocumented parts read by their letters as before ("department" for dpt)
    department = read_question("how many departments", RAIL)
    assert department is not None and department.sql == "SELECT count(*) FROM dpt"
