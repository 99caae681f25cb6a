"""The prompt format shared by training and the proxy."""

from __future__ import annotations

from training.data.schemas import context, table
from ask.schema import short_type
from ask.translate.prompt import _full_section, build_prompt, estimate_tokens
from ask.schema import Column, ForeignKey, SchemaContext, Table

SCHEMA = context([
    table("regions", "region_id int pk, name text", {"name": ("East China", "North China")}),
    table("orders", "order_id int pk, region_id int -> regions.region_id, ordered_at tstz, total num"),
])


def test_format() -> None:
    text = build_prompt("Top   product in east china", SCHEMA)
    assert text.splitlines() == [
        "question: Top product in east china",
        "schema: regions(region_id int pk, name text) | orders(order_id int pk, "
        "region_id int -> regions.region_id, ordered_at ts, total num)",
        "values: regions.name = 'East China'",
    ]


def test_no_values() -> None:
    assert build_prompt("how many orders", SCHEMA).endswith("values: none")


def test_short_types() -> None:
    assert [short_type(t) for t in ("integer", "numeric(10,2)", "timestamp with time zone", "character varying(20)",
                                     "boolean", "date", "text[]", "jsonb")] == [
        "int", "num", "ts", "text", "bool", "date", "text[]", "json"]


def test_quotes_in_values_are_escaped() -> None:
    s = context([table("c", "id int pk, city text", {"city": ("Xi'an",)})])
    assert "c.city = 'Xi''an'" in build_prompt("sales in xi'an", s)


def test_schema_qualified_tables_off_the_search_path() -> None:
    t = table("events", "id int pk, kind text", schema="analytics")
    s = context([t])
    assert "analytics.events(id int pk, kind text)" in build_prompt("events", s)


def test_large_schema_is_cut_to_relevant_tables() -> None:
    wide: list[Table] = [table(f"t{i}", ", ".join(f"col_{i}_{j} text" for j in range(15)) + f", id int pk")
                         for i in range(60)]
    wide.append(table("orders", "order_id int pk, amount num"))
    s = context(wide)
    text = build_prompt("total order amount", s, max_tokens=300)
    assert estimate_tokens(text) <= 300
    assert "orders(order_id int pk, amount num)" in text


def test_full_section_tokens_counted_table_by_table_match_the_whole_count() -> None:
    """The section's estimate, summed per table, is what one count over its text gives
    (names with digits, punctuation, quotes and spaces; one table; none)."""
    for tables in ([Table("public", "only", (Column("x", "text"),))],
                   [Table("public", f"T{i} x\"y", (Column("a1b2", "numeric(10,2)"),
                                                   Column("q-r", "timestamp with time zone")),
                          ("a1b2",), (ForeignKey(("a1b2",), "public", f"T{i - 1} x\"y", ("a1b2",)),)
                          if i else ()) for i in range(30)],
                   []):
        schema = SchemaContext("db", "r", ("public",), tuple(tables))
        section, tokens = _full_section(schema)
        assert tokens == estimate_tokens(section)
