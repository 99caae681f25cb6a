"""EngineTranslator with the shipped model: prompt -> batcher -> candidates, and the identifier constraint."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import psycopg
import pytest

from training.data.schemas import context, table
from ask.translate.engine_translator import EngineTranslator, IdentifierConstraint, PsycopgUpstream, Vocabulary
from ask.context.introspection import introspect
from ask.checks.validator import validate
from demo.loader import load_demo_data

MODEL = Path(__file__).resolve().parent.parent / "engines" / "models" / "askproxy-sql-small"
DBNAME = "engine_translator_demo"

pytestmark = pytest.mark.skipif(not (MODEL / "manifest.json").is_file(), reason="no shipped model")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    from tokenizers import Tokenizer
    return Vocabulary(Tokenizer.from_file(str(MODEL / "tokenizer.json")))


SCHEMA = context([
    table("regions", "region_id int pk, name text"),
    table("orders", "order_id int pk, region_id int -> regions.region_id, ordered_at tstz"),
])


def prefix_ids(vocab: Vocabulary, text: str) -> list[int]:
    return vocab.tokenizer.encode(text, add_special_tokens=False).ids


def allowed_text(vocab: Vocabulary, mask) -> set[str]:
    return {vocab.tokenizer.id_to_token(int(i)) for i in mask.nonzero()[0]}


def test_after_from_only_tables(vocab: Vocabulary) -> None:
    c = IdentifierConstraint(vocab, SCHEMA)
    mask = c(prefix_ids(vocab, "SELECT count(*) FROM"))
    assert mask is not None
    first = {vocab.table_ids(n)[0] for n in ("regions", "orders")}
    assert set(mask.nonzero()[0]) == first


def test_after_alias_dot_only_columns(vocab: Vocabulary) -> None:
    c = IdentifierConstraint(vocab, SCHEMA)
    mask = c(prefix_ids(vocab, "SELECT o."))
    assert mask is not None
    expected = {vocab.column_ids(n)[0] for n in ("region_id", "name", "order_id", "ordered_at")}
    assert set(mask.nonzero()[0]) == expected


def test_complete_identifier_cannot_continue_as_a_word(vocab: Vocabulary) -> None:
    c = IdentifierConstraint(vocab, SCHEMA)
    mask = c(prefix_ids(vocab, "SELECT count(*) FROM orders"))
    assert mask is not None
    assert not (mask & vocab.continues).any()
    assert mask[vocab.tokenizer.token_to_id("▁o")]


def test_no_constraint_inside_literals_or_numbers(vocab: Vocabulary) -> None:
    c = IdentifierConstraint(vocab, SCHEMA)
    assert c(prefix_ids(vocab, "SELECT 1 FROM orders o WHERE o.name = 'Mr.")) is None
    assert c(prefix_ids(vocab, "SELECT 100.")) is None
    assert c(prefix_ids(vocab, "SELECT o.order_id,")) is None


QUOTED = context([
    table("Student", "id int pk, firstName text, status text"),
    table("Lesson", "id int pk, studentId int -> Student.id, durationMin int"),
])


def test_quoted_names_are_allowed_as_sql_spells_them(vocab: Vocabulary) -> None:
    """Mixed-case names ("Student", "firstName") need double quotes: the constraint stays on
    and allows them quoted, and a plain column of the same schema bare."""
    c = IdentifierConstraint(vocab, QUOTED)
    assert c.tables_on and c.columns_on
    quote, open_quote = vocab.tokenizer.token_to_id('"'), vocab.tokenizer.token_to_id('▁"')
    assert set(c(prefix_ids(vocab, "SELECT count(*) FROM")).nonzero()[0]) == {open_quote}
    after_table = c(prefix_ids(vocab, 'SELECT count(*) FROM "Student"'))
    assert after_table is not None and after_table[vocab.tokenizer.token_to_id("▁s")]
    assert not (after_table & vocab.continues).any()
    after_dot = set(c(prefix_ids(vocab, "SELECT s.")).nonzero()[0])
    assert after_dot == {quote} | {vocab.column_ids(n)[0] for n in ("id", "status")}
    inside = set(c(prefix_ids(vocab, 'SELECT s."')).nonzero()[0])
    assert inside == {vocab.column_ids(f'"{n}"')[1] for n in ("firstName", "studentId", "durationMin")}
    assert c(prefix_ids(vocab, 'SELECT s."firstName"')) is None
    assert c(prefix_ids(vocab, "SELECT s.firstName")) is None      # unquoted: no such column
    shown = c(prefix_ids(vocab, 'SELECT s."first'))
    assert shown is not None and not shown[quote]                    # "first" is no column


SCOPED = context([
    table("clinics", "clinic_id int pk, city text"),
    table("invoices", "invoice_id int pk, clinic_id int -> clinics.clinic_id, total numeric"),
])


def first_ids(vocab: Vocabulary, *columns: str) -> set[int]:
    return {vocab.column_ids(n)[0] for n in columns}


@pytest.mark.parametrize("text", [
    "SELECT count(*) FROM invoices i WHERE i.",
    "SELECT count(*) FROM invoices AS i WHERE i.",
    "SELECT count(*) FROM clinics c JOIN invoices i ON i.",
    "SELECT count(*) FROM invoices WHERE invoices.",
])
def test_declared_alias_only_its_tables_columns(vocab: Vocabulary, text: str) -> None:
    c = IdentifierConstraint(vocab, SCOPED, scoped=True)
    mask = c(prefix_ids(vocab, text))
    assert mask is not None
    assert set(mask.nonzero()[0]) == first_ids(vocab, "invoice_id", "clinic_id", "total")
    assert not mask[vocab.column_ids("city")[0]]


def test_unscoped_by_default_any_column_follows_a_declared_alias(vocab: Vocabulary) -> None:
    """[ask] scoped_columns is off by default: every column of the schema stays allowed."""
    mask = IdentifierConstraint(vocab, SCOPED)(prefix_ids(vocab, "SELECT count(*) FROM invoices i WHERE i."))
    assert mask is not None and mask[vocab.column_ids("city")[0]]


def test_declared_alias_mid_column_follows_its_table(vocab: Vocabulary) -> None:
    c = IdentifierConstraint(vocab, SCOPED, scoped=True)
    typed = prefix_ids(vocab, "SELECT count(*) FROM clinics c WHERE c.")
    city = vocab.column_ids("city")
    mask = c(typed + city[:1])
    if len(city) > 1:
        assert mask is not None and mask[city[1]]
    mask = c(prefix_ids(vocab, "SELECT count(*) FROM clinics c JOIN invoices i ON c."))
    assert set(mask.nonzero()[0]) == first_ids(vocab, "clinic_id", "city")


def test_undeclared_alias_any_column(vocab: Vocabulary) -> None:
    c = IdentifierConstraint(vocab, SCOPED, scoped=True)
    mask = c(prefix_ids(vocab, "SELECT i."))
    assert mask is not None
    assert set(mask.nonzero()[0]) == first_ids(vocab, "invoice_id", "clinic_id", "total", "city")
    # declared with a table the schema lacks (a CTE, say): no scoping either
    mask = c(prefix_ids(vocab, "SELECT count(*) FROM totals t WHERE t."))
    assert mask is None or mask[vocab.column_ids("city")[0]]


def test_alias_scope_not_applied_inside_literals(vocab: Vocabulary) -> None:
    c = IdentifierConstraint(vocab, SCOPED, scoped=True)
    assert c(prefix_ids(vocab, "SELECT count(*) FROM invoices i WHERE i.total = 'i.")) is None
    # a literal that merely looks like a declaration does not declare anything
    mask = c(prefix_ids(vocab, "SELECT i.total FROM clinics c WHERE c.city = 'FROM invoices x' AND x."))
    assert mask is not None and mask[vocab.column_ids("city")[0]]


def test_alias_used_with_a_column_the_table_lacks_is_not_declared_for_it(vocab: Vocabulary) -> None:
    c = IdentifierConstraint(vocab, SCOPED, scoped=True)
    bad, good = vocab.alias_id("c"), vocab.alias_id("i")
    assert bad is not None and good is not None
    mask = c(prefix_ids(vocab, "SELECT c.city FROM invoices"))
    assert mask is not None and not mask[bad] and mask[good]
    mask = c(prefix_ids(vocab, "SELECT c.city FROM invoices AS"))
    assert mask is not None and not mask[bad] and mask[good]
    mask = c(prefix_ids(vocab, "SELECT c.city FROM clinics"))
    assert mask is not None and mask[bad]
    # already declared elsewhere: nothing to prune
    mask = c(prefix_ids(vocab, "SELECT c.city FROM clinics c JOIN invoices"))
    assert mask is not None and mask[bad]


def test_a_nodes_mask_is_built_once_and_pruning_copies_it(vocab: Vocabulary) -> None:
    """A row's mask is a lookup in the schema's trie; the alias pruning of one prefix must not
    leak into the cached mask that another prefix at the same node gets."""
    c = IdentifierConstraint(vocab, SCOPED, scoped=True)
    bad = vocab.alias_id("c")
    pruned = c(prefix_ids(vocab, "SELECT c.city FROM invoices"))
    plain = c(prefix_ids(vocab, "SELECT count(*) FROM invoices"))
    again = c(prefix_ids(vocab, "SELECT sum(total) FROM invoices"))
    assert pruned is not None and plain is not None and bad is not None
    assert not pruned[bad] and plain[bad]
    assert again is plain and not plain.flags.writeable


@pytest.fixture(scope="module")
def demo_dsn(pg) -> str:
    pg.psql(f"DROP DATABASE IF EXISTS {DBNAME}")
    pg.psql(f"CREATE DATABASE {DBNAME}")
    dsn = pg.dsn(dbname=DBNAME)
    with psycopg.connect(dsn, autocommit=True) as conn:
        load_demo_data(conn)
    return dsn


async def _translate_and_run(dsn: str, question: str) -> tuple[list[str], list[str]]:
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        schema = await introspect(PsycopgUpstream(conn))
        translator = EngineTranslator.from_model_dir(MODEL, backend="onnxruntime", num_beams=4)
        try:
            candidates = await translator.translate(question, schema)
        finally:
            translator.close()
        ran = []
        for c in candidates:
            try:
                validate(c.sql, schema)
            except Exception:   # noqa: BLE001 - the proxy tries the next candidate; so do we
                continue
            async with conn.cursor() as cur:
                await cur.execute(c.sql)
                await cur.fetchall()
            ran.append(c.sql)
        return [c.sql for c in candidates], ran


@pytest.mark.slow
def test_top_product_in_east_china_last_month_runs(demo_dsn: str) -> None:
    candidates, ran = asyncio.run(_translate_and_run(demo_dsn, "top product in East China last month"))
    assert candidates, "no candidates"
    assert ran, f"no candidate validated and ran: {candidates}"
    assert "East China" in ran[0]


@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("scoped", [False, True])
def test_along_gives_every_prefixs_mask_as_calls_would(vocab: Vocabulary, scoped: bool, quoted: bool) -> None:
    """A draft's masks in one pass (the decode loop's speculative calls) equal one call per prefix,
    across table and column positions, aliases, literals, quoted names and a name spelt over
    many pieces."""
    if quoted:
        c = IdentifierConstraint(vocab, QUOTED, scoped=scoped)
        text = ('SELECT s."firstName", s.status, count(*) FROM "Student" s WHERE s."studentId" = 3 '
                'AND s.status = \'FROM "Student" x WHERE x."\' GROUP BY s."firstName" ORDER BY s.id')
    else:
        c = IdentifierConstraint(vocab, SCOPED, scoped=scoped)
        text = ("SELECT c.city, i.total, count(*) FROM clinics c JOIN invoices AS i ON i.clinic_id = c.clinic_id "
                "WHERE c.city = 'FROM invoices x WHERE x.' AND i.total > 3 GROUP BY c.city ORDER BY i.invoice_id")
    tokens = prefix_ids(vocab, text)
    constrained = 0
    for start in range(0, len(tokens), 3):
        for end in (start, min(len(tokens), start + 8)):
            got = c.along(tokens[:end], start)
            want = [c(tokens[:p]) for p in range(start, end + 1)]
            assert len(got) == len(want) == end - start + 1
            for g, w in zip(got, want):
                assert (g is None) == (w is None) and (g is None or np.array_equal(g, w))
            constrained += sum(w is not None for w in want)
    assert constrained > 20             # the text has identifier positions for along to find
