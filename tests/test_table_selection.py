"""Table selection for wide schemas: lexical and value matches plus FK bridges."""

from __future__ import annotations

from training.data.schemas import context, table
from ask.context.table_selection import identifier_words, select_tables
from ask.context.value_linking import link_values

TABLES = [
    table("regions", "region_id int pk, name text", {"name": ("East China", "North China")}),
    table("stores", "store_id int pk, name text, region_id int -> regions.region_id"),
    table("orders", "order_id int pk, store_id int -> stores.store_id, ordered_at tstz"),
    table("order_lines", "order_id int -> orders.order_id, product_id int -> products.product_id, quantity int"),
    table("products", "product_id int pk, name text, brand text"),
] + [table(f"audit_log_{i}", f"entry_id int pk, payload text, actor_{i} text") for i in range(20)]
SCHEMA = context(TABLES)


def names(tables) -> set[str]:
    return {t.name for t in tables}


def test_identifier_words() -> None:
    assert identifier_words("order_lines") == {"order", "line"}
    assert identifier_words("customerId") == {"customer"}


def test_value_match_pulls_in_table_and_bridges() -> None:
    q = "top product in East China"
    chosen = names(select_tables(q, SCHEMA, link_values(q, SCHEMA), max_tables=5))
    # products (named) and regions (value) need stores, orders and order_lines to be joined.
    assert chosen == {"products", "regions", "stores", "orders", "order_lines"}


def test_spare_budget_is_filled_with_neighbours_first() -> None:
    q = "how many regions"
    chosen = [t.name for t in select_tables(q, SCHEMA, (), max_tables=2)]
    assert chosen == ["regions", "stores"]


def test_keeps_schema_order_and_limit() -> None:
    chosen = select_tables("orders per store", SCHEMA, (), max_tables=2)
    assert [t.name for t in chosen] == ["stores", "orders"]


def test_nothing_matches_falls_back_to_first_tables() -> None:
    assert len(select_tables("zzz", SCHEMA, (), max_tables=3)) == 3


def test_a_table_comment_names_what_an_opaque_table_holds() -> None:
    """``COMMENT ON TABLE tbl_vhcl IS 'vehicles of the fleet'``: the owner's words rank it."""
    from dataclasses import replace

    from ask.context.table_selection import rank_tables, score_tables

    opaque = [table("tbl_vhcl", "vhcl_id int pk, reg_no text"), table("tbl_drv", "drv_id int pk, nm text")]
    plain = context(TABLES + opaque)         # last: nothing matching falls back to the first tables
    described = context(TABLES + [replace(opaque[0], comment="Vehicles of the fleet, one row each"),
                                  replace(opaque[1], comment="the drivers")])
    q = "how many vehicles are there"
    assert "tbl_vhcl" not in names(select_tables(q, plain, (), max_tables=1))
    assert names(select_tables(q, described, (), max_tables=1)) == {"tbl_vhcl"}
    # the two scorers agree (rank_tables is the indexed form of score_tables)
    for question in (q, "drivers per region", "orders of the fleet"):
        expected = {pos: s.score for pos, s in enumerate(score_tables(question, described)) if s.score > 0}
        assert rank_tables(question, described).scores == expected


def test_the_readers_words_for_a_name_rank_its_table() -> None:
    """A synonym of a table's name ("learners" for ``Student``, "kids" for ``tbl_child``) and
    a unit's name for a column ("litres" for ``qty_l``) rank the table, as the reader places them."""
    from ask.context.table_selection import rank_tables, score_tables

    schema = context(TABLES + [table("Student", "id int pk, firstName text"),
                               table("tbl_child", "child_id int pk, first_nm text"),
                               table("t_fuel_sale", "id int pk, qty_l numeric, fuel_typ text")])
    assert names(select_tables("how many learners", schema, (), max_tables=1)) == {"Student"}
    assert names(select_tables("how many kids", schema, (), max_tables=1)) == {"tbl_child"}
    assert names(select_tables("total litres", schema, (), max_tables=1)) == {"t_fuel_sale"}
    assert names(select_tables("zzz", schema, (), max_tables=1)) == {"regions"}
    for question in ("learners under 18", "learners by first name", "kids per store", "litres of fuel by type"):
        expected = {pos: s.score for pos, s in enumerate(score_tables(question, schema)) if s.score > 0}
        assert rank_tables(question, schema).scores == expected
