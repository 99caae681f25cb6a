"""Codes a schema documents (ask.context.value_codes): a column comment that lists codes and what
they mean, read into (code, meanings); the question's words for a meaning linked to the code
(ask.context.value_linking, ask.translate.value_senses); code tables found one way. Over a real
PostgreSQL database (a small ship-repair yard, no schema of the development sets), introspected
as the planner introspects it, read by the plain reader, and each reading's rows compared with
a hand-written query's."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from ask.context.value_codes import Code, code_table, column_codes
from ask.context.value_linking import derived_forms, link_values, merge_matches
from ask.schema import Column, SchemaContext, Table
from ask.translate import value_senses
from ask.translate.sketch import read_question
from tests.pg_cluster import PgCluster
from tests.schema_db import introspected, sorted_rows

DB = "ask_value_codes"

SCHEMA_SQL = """
CREATE TABLE hull_typ (hull_cd char(1) PRIMARY KEY, descr text NOT NULL, sort_no integer NOT NULL);
INSERT INTO hull_typ VALUES ('S', 'Steel', 1), ('A', 'Aluminium', 2), ('W', 'Wooden', 3), ('F', 'Fibreglass', 4),
                            ('C', 'Composite', 5), ('M', 'Compound', 6);
CREATE TABLE vsl (vsl_id integer PRIMARY KEY, vsl_nm text NOT NULL, stat char(3) NOT NULL,
                  hull_cd char(1) NOT NULL REFERENCES hull_typ, gt integer NOT NULL);
COMMENT ON COLUMN vsl.stat IS 'ACT active, LAY laid up (idle), DRY in dry dock';
INSERT INTO vsl SELECT g, 'Vessel ' || g, (ARRAY['ACT','LAY','DRY'])[1 + g % 3], (ARRAY['S','A','W'])[1 + g % 3],
                       1000 + 37 * g FROM generate_series(1, 30) g;
CREATE TABLE job (job_id integer PRIMARY KEY, vsl_id integer NOT NULL REFERENCES vsl, job_stat text NOT NULL,
                  sys_cd smallint NOT NULL, hrs numeric(6,1) NOT NULL);
COMMENT ON COLUMN job.job_stat IS 'N = new; H = on hold awaiting spares; D = done';
COMMENT ON COLUMN job.sys_cd IS 'ship system: 10 propulsion, 20 steering gear, 30 ballast';
INSERT INTO job SELECT g, 1 + g % 30, (ARRAY['N','H','D'])[1 + g % 3], (ARRAY[10, 20, 30])[1 + g % 3], g % 17
  FROM generate_series(1, 120) g;
CREATE TABLE roll_call (call_id integer PRIMARY KEY, vsl_id integer NOT NULL REFERENCES vsl, kind text NOT NULL);
INSERT INTO roll_call SELECT g, 1 + g % 30, (ARRAY['PRESENT','ABSENT','LATE'])[1 + g % 3] FROM generate_series(1, 90) g;
ANALYZE;
"""


@pytest.fixture(scope="module")
def yard(pg: PgCluster) -> Iterator[SchemaContext]:
    yield from introspected(pg, DB, SCHEMA_SQL)


def _rows(pg: PgCluster, sql: str) -> list[tuple[object, ...]]:
    return sorted_rows(pg, DB, sql)


def _links(question: str, schema: SchemaContext) -> list[tuple[str, str, str, int, int]]:
    return [(m.table, m.column, m.value, m.start, m.end) for m in link_values(question, schema)]


@pytest.mark.parametrize("comment,kind,values,codes", [
    ("SVC in service, AOG aircraft on ground (grounded), STO stored", "text", ("SVC", "AOG", "STO"),
     [("SVC", ("in service",)), ("AOG", ("aircraft on ground", "grounded")), ("STO", ("stored",))]),
    ("A = active, L = lapsed, S = suspended", "text", ("A", "L", "S"),
     [("A", ("active",)), ("L", ("lapsed",)), ("S", ("suspended",))]),
    ("P1: urgent\nP2: high", "text", (), [("P1", ("urgent",)), ("P2", ("high",))]),
    ("1 - low, 2 - medium, 3 - high", "int", (), [("1", ("low",)), ("2", ("medium",)), ("3", ("high",))]),
    # a label before the list; codes of an integer column, whose values introspection does not read
    ("ATA chapter: 21 air conditioning, 32 landing gear", "int", (),
     [("21", ("air conditioning",)), ("32", ("landing gear",))]),
    # "or" before a code splits; only the code explained has meanings
    ("OPEN, DONE or CXL (cancelled)", "text", ("OPEN", "DONE", "CXL"), [("CXL", ("cancelled",))]),
    # a value spelt whole, explained in brackets; each part of the explanation is a meaning
    ("Active, Lapsed (expired, not renewed) or Cancelled", "text", ("Active", "Lapsed", "Cancelled"),
     [("Lapsed", ("expired", "not renewed"))]),
    # the stored spelling is kept (char(n) pads)
    ("RES residential, COMM commercial", "text", ("RES ", "COMM"),
     [("RES ", ("residential",)), ("COMM", ("commercial",))]),
    # an enum's codes one after another with no separator; an identifier's underscores are spaces
    ("Rails enum: 0=in_stock 1=reserved 2=sold", "int", (),
     [("0", ("in stock",)), ("1", ("reserved",)), ("2", ("sold",))]),
    # the meaning first, as an enum is declared in the application's source
    ("enum status: { pending: 0, approved: 1, declined: 2 }", "int", (),
     [("0", ("pending",)), ("1", ("approved",)), ("2", ("declined",))]),
    ("{:draft => 0, :published => 1}", "int", (), [("0", ("draft",)), ("1", ("published",))]),
])
def test_a_comment_lists_codes_and_what_they_mean(comment: str, kind: str, values: tuple[str, ...],
                                                   codes: list[tuple[str, tuple[str, ...]]]) -> None:
    column = Column("cd", "smallint" if kind == "int" else "text", comment=comment, values=values)
    assert column_codes(column) == tuple(Code(v, m) for v, m in codes)


@pytest.mark.parametrize("column", [
    Column("arpt_cd", "text", comment="IATA airport code"),                         # no list
    Column("cap_kwp", "numeric", comment="DC nameplate capacity, AC rating"),       # not a coded type
    Column("lob", "text", comment="line of business: AUTO, HOME or RENTERS", values=("AUTO", "HOME", "RENTERS")),
    Column("vend_cls", "text", comment="X export, Z other", values=("L", "N")),     # codes not stored
    Column("ata", "smallint", comment="AB air, CD cargo"),                          # letters for an integer
    Column("cls", "text", comment="CI cast iron"),                                  # one code, values unknown
    Column("flag", "smallint", comment="1 = yes, 0 = no"),                            # too vague to say
    Column("lvl", "smallint", comment="levels: { basic: 1 }"),                        # one code, values unknown
    Column("ratio", "smallint", comment="x=1 is the default, y=2 doubles it"),         # no list of codes
])
def test_no_codes_where_the_comment_explains_none(column: Column) -> None:
    assert column_codes(column) == ()


def test_one_code_table_definition() -> None:
    """A table other tables refer to, keyed by one column, with one text column (numbers beside it
    allowed): the reader's and value senses' code table alike."""
    kinds = Table("public", "kind", (Column("kind_cd", "text"), Column("descr", "text"), Column("sort_no", "int")),
                  ("kind_cd",))
    other = Table("public", "note", (Column("note_cd", "text"), Column("descr", "text")), ("note_cd",))
    two = Table("public", "grade", (Column("grade_cd", "text"), Column("descr", "text"), Column("label", "text")),
                ("grade_cd",))
    from ask.schema import ForeignKey
    item = Table("public", "item", (Column("item_id", "int"), Column("kind_cd", "text"), Column("grade_cd", "text")),
                 ("item_id",), (ForeignKey(("kind_cd",), "public", "kind", ("kind_cd",)),
                                ForeignKey(("grade_cd",), "public", "grade", ("grade_cd",))))
    schema = SchemaContext("db", "analyst", ("public",), (kinds, other, two, item))
    assert code_table(schema, kinds) == kinds.columns[1]
    assert code_table(schema, other) is None        # nothing refers to it
    assert code_table(schema, two) is None          # two texts: which describes?
    assert code_table(schema, item) is None


def test_derived_forms() -> None:
    assert derived_forms("absence") == ("absent",)
    assert derived_forms("annually") == ("annual",)
    assert derived_forms("referred") == ("referral",)
    assert derived_forms("referral") == ("referred",)
    assert derived_forms("rental") == ()            # a root of five letters at least


@pytest.mark.parametrize("question,links", [
    ("how many idle vessels", [("vsl", "stat", "LAY", 2, 3)]),
    ("vessels laid up", [("vsl", "stat", "LAY", 1, 3)]),
    # the first words of a meaning, and the rest said by its roots
    ("jobs on hold waiting for spares", [("job", "job_stat", "H", 1, 6)]),
    ("jobs on hold", [("job", "job_stat", "H", 1, 3)]),
    ("hours on steering gear jobs", [("job", "sys_cd", "20", 2, 4)]),
    ("how many absences", [("roll_call", "kind", "ABSENT", 2, 3)]),
])
def test_a_meaning_links_to_its_code(yard: SchemaContext, question: str,
                                     links: list[tuple[str, str, str, int, int]]) -> None:
    assert _links(question, yard) == links


@pytest.mark.parametrize("question", [
    "how many jobs",                    # "job" names the table
    "vessels on the steering list",     # a meaning's word alone is no meaning
    "vessels holding cargo",
])
def test_no_code_for_other_words(yard: SchemaContext, question: str) -> None:
    assert not [m for m in link_values(question, yard) if m.column in ("stat", "job_stat", "sys_cd")]


@pytest.mark.parametrize("question,gold", [
    ("how many vessels are laid up", "SELECT count(*) FROM vsl WHERE stat = 'LAY'"),
    ("total hrs of jobs on hold waiting for spares", "SELECT sum(hrs) FROM job WHERE job_stat = 'H'"),
    ("total hrs on steering gear jobs", "SELECT sum(hrs) FROM job WHERE sys_cd = 20"),
    ("how many absences", "SELECT count(*) FROM roll_call WHERE kind = 'ABSENT'"),
    # a code table with a sort order beside its description: the vessels are counted
    ("how many steel vessels", "SELECT count(*) FROM vsl WHERE hull_cd = 'S'"),
])
def test_a_code_said_by_its_meaning_filters_the_rows(pg: PgCluster, yard: SchemaContext, question: str,
                                                    gold: str) -> None:
    linked = link_values(question, yard)
    links = merge_matches(linked, value_senses.sense_links(question, yard, linked, embedder=None))
    reading = read_question(question, yard, links)
    assert reading is not None and not reading.uncovered, reading
    assert _rows(pg, reading.sql) == _rows(pg, gold)


def test_meanings_are_compared_by_sense(yard: SchemaContext) -> None:
    index = value_senses.sense_index(yard)
    said = {(s.column, s.value, p) for s, p in zip(index.described, index.phrases)}
    assert {("stat", "LAY", "laid up"), ("stat", "LAY", "idle"), ("sys_cd", "20", "steering gear")} <= said
    assert index.described[0].column in ("stat", "job_stat", "sys_cd")     # before other values


@pytest.mark.parametrize("question,value", [
    ("how many fibre vessels", "Fibreglass"),       # the first letters of one code table's description
    ("how many comp vessels", None),                # 'Composite' and 'Compound' both begin so
    ("how many wood vessels", None),                # 'Wooden' says too few letters more
])
def test_a_clipped_description_links_its_code(yard: SchemaContext, question: str, value: str | None) -> None:
    links = value_senses.sense_links(question, yard, link_values(question, yard))
    assert [m.value for m in links if m.column == "descr"] == ([value] if value else [])


def test_a_ranking_by_the_code_the_question_fixes_is_no_reading(yard: SchemaContext) -> None:
    """"longest steering gear job": the code filters the jobs; ordering by it would rank nothing."""
    question = "longest steering gear job"
    reading = read_question(question, yard, link_values(question, yard))
    assert reading is None or "ORDER BY job.sys_cd" not in reading.sql


def test_one_code_said_twice_filters_once(yard: SchemaContext) -> None:
    """"on hold" linked whole and "hold" inside it to the same code (as a meaning and, on another
    schema, by the code's letters): one filter, not ``IN ('H', 'H')``."""
    question = "how many jobs are on hold"
    linked = [m for m in link_values(question, yard) if m.value == "H"]
    assert [(m.start, m.end) for m in linked] == [(4, 6)]
    inner = dataclasses.replace(linked[0], start=5)
    reading = read_question(question, yard, [*linked, inner])
    assert reading is not None and "job.job_stat = 'H'" in reading.sql and " IN (" not in reading.sql, reading


ENUM_SQL = """
CREATE TABLE vehicles (id bigint PRIMARY KEY, make text NOT NULL, status integer NOT NULL,
                       list_price numeric(10,2) NOT NULL);
COMMENT ON COLUMN vehicles.status IS 'Rails enum: 0=in_stock 1=reserved 2=sold 3=wholesaled';
INSERT INTO vehicles SELECT g, (ARRAY['Ford','Kia','Audi'])[1 + g % 3], g % 4, 10000 + 250 * g
  FROM generate_series(1, 40) g;
"""


@pytest.fixture(scope="module")
def lot(pg: PgCluster) -> Iterator[SchemaContext]:
    yield from introspected(pg, "ask_value_codes_enum", ENUM_SQL)


@pytest.mark.parametrize("question,gold", [
    ("how many cars in stock", "SELECT count(*) FROM vehicles WHERE status = 0"),
    ("average list price of the sold vehicles", "SELECT avg(list_price) FROM vehicles WHERE status = 2"),
])
def test_an_integer_enum_said_by_its_meaning_filters_the_rows(pg: PgCluster, lot: SchemaContext, question: str,
                                                              gold: str) -> None:
    """An application's integer enum, explained only in the column's comment: the meaning is the
    condition on the code, not a sum or a grouping of the codes."""
    linked = link_values(question, lot)
    links = merge_matches(linked, value_senses.sense_links(question, lot, linked, embedder=None))
    reading = read_question(question, lot, links)
    assert reading is not None and not reading.uncovered, reading
    assert sorted_rows(pg, "ask_value_codes_enum", reading.sql) == sorted_rows(pg, "ask_value_codes_enum", gold)
