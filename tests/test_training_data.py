"""The training-data generators: valid SELECTs, the demo conventions, and real-data conversion."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from training.data import build as corpus_build
from training.data.build import Mix, is_select, record
from training.data.generic import GenericGenerator
from training.data.real import convert_sql, load_schema
from training.data.retail import RetailGenerator
from training.data.retail_world import REV, demo_world, period_sql
from training.data.schemas import context, table
from tests.pg_cluster import PgCluster

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "text2sql-data"


def test_retail_samples_are_selects_with_prompts() -> None:
    gen = RetailGenerator(random.Random(0))
    for _ in range(300):
        rec = record(gen.sample())
        assert rec is not None, "generated SQL must be one SELECT that pglast parses"
        assert rec["src"].startswith("question: ")


def test_demo_schema_targets_are_accepted_by_postgresql(pg: PgCluster) -> None:
    """pglast parsing is not enough: PostgreSQL must also plan every target (it rejects, e.g.,
    interval '1 quarter', which parses). EXPLAIN each one against the demo schema."""
    from importlib import resources

    pg.psql("CREATE DATABASE training_targets")
    pg.psql(resources.files("demo").joinpath("schema.sql").read_text(), dbname="training_targets")
    gen = RetailGenerator(random.Random(3), demo_share=1.0)
    sqls = sorted({gen.sample().sql for _ in range(400)})
    script = "".join(f"EXPLAIN {sql};\n" for sql in sqls)
    rejected = ""
    try:
        pg.psql(script, dbname="training_targets")   # stops at the first statement rejected
    except subprocess.CalledProcessError as exc:
        rejected = exc.stderr.strip()
    assert not rejected, f"PostgreSQL rejected a generated target: {rejected}"


def test_revenue_follows_the_conventions() -> None:
    gen = RetailGenerator(random.Random(1), demo_share=1.0)
    seen = 0
    for _ in range(400):
        s = gen.sample()
        if REV in s.sql:
            seen += 1
            assert "o.status = 'completed'" in s.sql
            assert "JOIN orders o ON o.order_id = ol.order_id" in s.sql
        if "JOIN regions r" in s.sql and "FROM order_lines" in s.sql:
            assert "r.region_id = s.region_id" in s.sql    # sales belong to the store's region
    assert seen > 50


def test_relative_dates_are_half_open_from_current_date() -> None:
    assert period_sql("last:month", "o.ordered_at") == (
        "o.ordered_at >= date_trunc('month', current_date) - interval '1 month' "
        "AND o.ordered_at < date_trunc('month', current_date)")
    assert period_sql("prev:quarter", "t") == (
        "t >= date_trunc('quarter', current_date) - interval '6 months' "
        "AND t < date_trunc('quarter', current_date) - interval '3 months'")
    assert period_sql("days:7", "o.ordered_at") == "o.ordered_at >= current_date - 7"
    assert period_sql("yesterday", "x") == "x >= current_date - 1 AND x < current_date"


def test_demo_world_matches_demo_schema() -> None:
    schema = demo_world(random.Random(0)).schema()
    names = [t.name for t in schema.tables]
    assert names == ["regions", "stores", "categories", "products", "customers", "orders", "order_lines"]
    assert "East China" in schema.table("regions").column("name").values


def test_generic_generator_on_a_small_schema() -> None:
    tables = [table("singer", "singer_id int pk, name text, country text, age num"),
              table("song", "song_id int pk, title text, singer_id int -> singer.singer_id, sales num")]
    gen = GenericGenerator(random.Random(2), {"music": tables})
    for _ in range(100):
        s = gen.sample()
        assert is_select(s.sql), s.sql


def test_real_sql_conversion() -> None:
    sql = ('SELECT CITYalias0.CITY_NAME FROM CITY AS CITYalias0 WHERE CITYalias0.STATE_NAME = "state_name0" '
           'AND CITYalias0.POPULATION > 1000 ;')
    assert convert_sql(sql, {"state_name0": "new york"}) == (
        "SELECT c.city_name FROM city c WHERE c.state_name = 'new york' AND c.population > 1000")


@pytest.mark.skipif(not (DATASETS / "geography-schema.csv").is_file(), reason="datasets not available")
def test_real_schema_loading() -> None:
    tables = {t.name: t for t in load_schema(DATASETS / "geography-schema.csv")}
    assert "city" in tables and tables["city"].foreign_keys
    assert context(list(tables.values())).table("state") is not None


def test_entity_templates_are_rendered_with_every_noun() -> None:
    """A phrasing must not belong to one table: "how many X do we have" is asked of customers,
    stores, products and orders alike, so the model has to read X."""
    from training.data.retail_counts import count_rows

    rng = random.Random(4)
    tables_by_form: dict[str, set[str]] = {}
    for _ in range(3000):
        q, sql, _ = count_rows(demo_world(rng), True, rng)
        if q.startswith("how many ") and q.endswith(" do we have"):
            tables_by_form.setdefault("do we have", set()).add(sql.split(" FROM ")[1].split()[0])
    assert {"customers", "stores", "products", "orders"} <= tables_by_form["do we have"]


def test_period_comparison_columns_follow_the_question() -> None:
    from training.data.retail_counts import compare_periods

    rng = random.Random(8)
    checked = 0
    for _ in range(400):
        q, sql, _ = compare_periods(demo_world(rng), True, rng)
        if "growth" in sql or " vs " not in q:
            continue
        first, second = q.split(" vs ", 1)
        if "this year" in first and "last year" in second:
            assert sql.index("AS this_year") < sql.index("AS last_year")
            checked += 1
        if "last year" in first and "this year" in second:
            assert sql.index("AS last_year") < sql.index("AS this_year")
            checked += 1
    assert checked >= 3


def test_evaluation_questions_are_never_trained_on(tmp_path: Path) -> None:
    from training.data.build import without_test_questions

    held = tmp_path / "held.jsonl"
    held.write_text('{"question": "How many customers do we have?"}\n')
    rows = [{"src": "question: how many customers do we have\nschema: x", "tgt": "SELECT 1"},
            {"src": "question: how many stores do we have\nschema: x", "tgt": "SELECT 2"}]
    kept = without_test_questions(rows, [held, tmp_path / "missing.jsonl"])
    assert [r["tgt"] for r in kept] == ["SELECT 2"]


def test_corpus_mix_sets_the_share_of_each_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_rows(kind: str, total: int, *args: object, **kwargs: object) -> list[dict[str, str]]:
        return [{"src": f"question: {kind} {i}\nschema: t(a int)", "tgt": "SELECT 1", "cat": kind}
                for i in range(total)]
    real = [{"src": f"question: real {i}\nschema: t(a int)", "tgt": "SELECT 2", "cat": "real:x"} for i in range(3)]
    monkeypatch.setattr(corpus_build, "_parallel", fake_rows)          # the generators are tested above
    monkeypatch.setattr(corpus_build, "_real", lambda datasets: (real, real[:1]))
    cfg = {"size": 1000, "vocab_size": 8000, "retail_share": 0.9, "generic_share": 0.05, "real_oversample": 2}
    mix = Mix.from_config(cfg)
    assert mix == Mix(retail_share=0.9, generic_share=0.05, real_oversample=2)
    counts = corpus_build.build(tmp_path, tmp_path / "corpus", 1000, seed=1, workers=1, mix=mix)
    assert counts["train"] == 900 + 50 + 3 * 2
    assert (tmp_path / "corpus" / "counts.json").exists()               # written last: complete
    assert Mix.from_config({"size": 5}) == Mix()                        # absent keys: the defaults
