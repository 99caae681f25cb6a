"""The schema-general generator: every domain, every naming style, targets PostgreSQL plans."""

from __future__ import annotations

import random
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from ask.schema import Table
from training.data.build import record
from training.data.domains import DOMAINS, EXCLUDED_DOMAINS
from training.data.entities import STYLES, ValueVocabulary, invented_schema, quote_ident, with_pk_refs
from training.data.general import GeneralGenerator, load_spider_pool
from tests.pg_cluster import PgCluster

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def ddl(tables: list[Table]) -> str:
    """CREATE TABLE statements, parents before children (foreign keys kept)."""
    out, done = [], set()
    pending = list(tables)
    while pending:
        for t in list(pending):
            if all(fk.ref_table in done or fk.ref_table == t.name for fk in t.foreign_keys):
                cols = [f"{quote_ident(c.name)} {c.type}" for c in t.columns]
                if t.primary_key:
                    cols.append(f"PRIMARY KEY ({', '.join(map(quote_ident, t.primary_key))})")
                cols += [f"FOREIGN KEY ({quote_ident(fk.columns[0])}) REFERENCES {quote_ident(fk.ref_table)} "
                         f"({quote_ident(fk.ref_columns[0])})" for fk in t.foreign_keys]
                out.append(f"CREATE TABLE {quote_ident(t.name)} ({', '.join(cols)});")
                done.add(t.name)
                pending.remove(t)
                break
        else:
            raise AssertionError(f"foreign keys form a cycle among {[t.name for t in pending]}")
    return "\n".join(out)


def test_thirty_domains_none_of_the_frozen_sets() -> None:
    assert len(DOMAINS) >= 30
    for name in EXCLUDED_DOMAINS:
        assert not any(word in DOMAINS for word in name.split()), name
    text = " ".join(DOMAINS.values()).lower()
    for word in ("veterinar", "clinical trial", "recycling", "coworking", "solar", "work order"):
        assert word not in text, word


@pytest.mark.slow
@pytest.mark.parametrize("domain", sorted(DOMAINS))
def test_every_domain_in_every_style_gives_targets_postgresql_plans(domain: str, pg: PgCluster) -> None:
    """Each domain's schemas are created in PostgreSQL in several naming styles (camelCase
    quoted, prefixed, abbreviated ...) and every generated target must pass EXPLAIN there."""
    rng = random.Random(hash(domain) % 1000)
    db = f"gen_{domain}"
    pg.psql(f"DROP DATABASE IF EXISTS {db}")
    pg.psql(f"CREATE DATABASE {db}")
    script = []
    for i in range(4):
        schema = invented_schema(domain, rng, ValueVocabulary())
        schema_name = f"s{i}"
        script.append(f"CREATE SCHEMA {schema_name}; SET search_path = {schema_name};")
        script.append(ddl(with_pk_refs(schema)))
        gen = GeneralGenerator(random.Random(i), domains=(domain,))
        gen.schema = lambda schema=schema: schema            # type: ignore[method-assign]
        for _ in range(40):
            sample = gen.sample()
            assert record(sample) is not None, sample.sql
            script.append(f"EXPLAIN {sample.sql};")
    try:
        pg.psql("\n".join(script), dbname=db)     # psql stops at the first statement rejected
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"PostgreSQL rejected a generated target: {exc.stderr.strip()[:2000]}")


def test_styles_spell_names_differently() -> None:
    names = {style.table("leave request") + "." + style.column("hire_date") for style in STYLES}
    assert {"leave_requests.hire_date", "tbl_leave_request.hire_dt", '"LeaveRequest"'.strip('"') + ".hireDate"} <= names
    assert quote_ident("hireDate") == '"hireDate"' and quote_ident("order") == '"order"'
    assert quote_ident("hire_date") == "hire_date"


@pytest.mark.skipif(not (DATASETS / "spider" / "tables.json").exists(), reason="../shared/datasets is absent")
def test_spider_dev_schemas_never_reach_training() -> None:
    pool = load_spider_pool(DATASETS)
    dev = set((DATASETS / "spider" / "dev_db_ids.txt").read_text().split())
    assert len(pool) == 146 and not dev & set(pool)
    gen = GeneralGenerator(random.Random(0), pool)
    seen = Counter(gen.sample().category.split(":")[1] for _ in range(400))
    assert seen["spider"] > 50 and seen["invented"] > 150


@pytest.mark.skipif(not (DATASETS / "spider" / "tables.json").exists(), reason="../shared/datasets is absent")
def test_questions_use_words_not_only_identifiers() -> None:
    """A question names a table by the words people use for it, often not its identifier."""
    gen = GeneralGenerator(random.Random(4))
    differs = 0
    for _ in range(300):
        s = gen.sample()
        idents = {t.name.lower() for t in s.schema.tables}
        differs += not any(ident in s.question.lower() for ident in idents)
    assert differs > 100


@pytest.mark.skipif(not (DATASETS / "spider" / "tables.json").exists(), reason="../shared/datasets is absent")
def test_spider_schema_targets_are_accepted_by_postgresql(pg: PgCluster) -> None:
    from training.data.entities import spider_schema

    pool = load_spider_pool(DATASETS)
    rng = random.Random(11)
    pg.psql("DROP DATABASE IF EXISTS gen_spider")
    pg.psql("CREATE DATABASE gen_spider")
    script = []
    for i, name in enumerate(sorted(pool)[::5]):
        schema = spider_schema(pool[name], rng, ValueVocabulary())
        tables = [t for t in with_pk_refs(schema)]
        tables = [t.__class__(t.schema, t.name, t.columns, t.primary_key,
                              ())   # joins are checked by EXPLAIN; Spider's keys are not always typed alike
                  for t in tables]
        script.append(f"CREATE SCHEMA s{i}; SET search_path = s{i};")
        script.append(ddl(tables).replace("PRIMARY KEY", "UNIQUE"))
        gen = GeneralGenerator(random.Random(i), pool, invented_share=0.0)
        gen.schema = lambda schema=schema: schema            # type: ignore[method-assign]
        for _ in range(15):
            script.append(f"EXPLAIN {gen.sample().sql};")
    try:
        pg.psql("\n".join(script), dbname="gen_spider")
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"PostgreSQL rejected a generated target: {exc.stderr.strip()[:2000]}")


def test_table_and_column_names_vary_and_distractors_appear() -> None:
    """The same entity is stored under different names across samples (bookings, reservations),
    and some schemas hold tables of another domain that no question is about."""
    from training.data.entities import with_distractors

    rng = random.Random(2)
    names = {invented_schema("hotel", rng, ValueVocabulary()).tables[-1].ident.lower() for _ in range(60)}
    assert len({n for n in names if "booking" in n or "reservation" in n or "stay" in n}) >= 3
    base = invented_schema("hotel", rng, ValueVocabulary())
    mixed = with_distractors(base, rng, ValueVocabulary(), ["music"])
    assert len(mixed.to_tables()) == len(base.tables) and len(with_pk_refs(mixed)) > len(base.tables)
