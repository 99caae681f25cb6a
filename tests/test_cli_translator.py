"""`[ask] precision` reaches the engine the proxy loads (auto picks int8-dynamic on ORT CPU)."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy import config
from proxy.cli import load_translator

MODEL = Path(__file__).resolve().parent.parent / "engines" / "models" / "askproxy-sql-small"


@pytest.mark.parametrize(("precision", "expected"), [("fp32", "fp32"), ("auto", "int8-dynamic")])
def test_configured_precision_reaches_the_engine(precision: str, expected: str) -> None:
    cfg = config.load(None, {"ask": {"model": str(MODEL), "backend": "onnxruntime", "precision": precision}})
    translator, unavailable = load_translator(cfg)
    assert unavailable is None
    try:
        assert translator._engine.precision == expected
    finally:
        translator.close()


async def test_translate_wider_is_beam_search_over_greedy() -> None:
    import random

    from training.data.retail_world import demo_world

    schema = demo_world(random.Random(0)).schema()
    cfg = config.load(None, {"ask": {"model": str(MODEL), "backend": "onnxruntime", "retry_beams": 4}})
    translator, unavailable = load_translator(cfg)
    assert unavailable is None
    try:
        greedy = await translator.translate("top product in East China last month", schema)
        wider = await translator.translate_wider("top product in East China last month", schema, None)
        assert len(greedy) == 1 and 2 <= len(wider) <= 4
        assert all(c.sql.upper().startswith("SELECT") for c in wider)
        translator.retry_beams = 1                      # not wider than greedy: nothing to add
        assert await translator.translate_wider("top product in East China last month", schema, None) == []
    finally:
        translator.close()


@pytest.mark.parametrize("on", [True, False])
def test_constrained_decoding_is_configured(on: bool) -> None:
    cfg = config.load(None, {"ask": {"model": str(MODEL), "backend": "onnxruntime", "constrained_decoding": on}})
    translator, unavailable = load_translator(cfg)
    assert unavailable is None
    try:
        assert translator.constrained is on
    finally:
        translator.close()
    with pytest.raises(config.ConfigError, match="constrained_decoding"):
        config.load(None, {"ask": {"constrained_decoding": "yes"}})


def test_scoped_columns_is_off_by_default_and_reaches_the_constraint() -> None:
    assert config.load(None).ask.scoped_columns is False
    with pytest.raises(config.ConfigError, match="scoped_columns"):
        config.load(None, {"ask": {"scoped_columns": 1}})
    cfg = config.load(None, {"ask": {"model": str(MODEL), "backend": "onnxruntime", "scoped_columns": True}})
    translator, unavailable = load_translator(cfg)
    assert unavailable is None
    try:
        assert translator._constraints._scoped is True
    finally:
        translator.close()


def test_retry_beams_is_validated() -> None:
    with pytest.raises(config.ConfigError):
        config.load(None, {"ask": {"retry_beams": -1}})


def _translate_cli(dsn: str, *flags: str) -> str:
    import argparse
    import contextlib
    import io

    from ask.translate.engine_translator import add_translate_command

    parser = argparse.ArgumentParser()
    add_translate_command(parser.add_subparsers())
    args = parser.parse_args(["translate", "--model", str(MODEL), "--dsn", dsn, "--beams", "1",
                              "--backend", "onnxruntime", *flags, "total revenue from the Acme Rocket Skates"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert args.func(args) == 0
    return out.getvalue()


@pytest.mark.slow
def test_translate_links_values_the_way_the_proxy_does(pg) -> None:
    """`askproxy translate` probes name columns like ASK does: the prompt names the stored value,
    and a transaction the probe opened is always rolled back (the table is still writable)."""
    pg.psql("DROP DATABASE IF EXISTS cli_translate")
    pg.psql("CREATE DATABASE cli_translate")
    pg.psql("CREATE TABLE products (product_id int PRIMARY KEY, name text, unit_price numeric);"
            "INSERT INTO products SELECT g, 'Product ' || g, g FROM generate_series(1, 300) g;"
            "INSERT INTO products VALUES (1000, 'Acme Rocket Skates', 99); ANALYZE products;",
            dbname="cli_translate")   # the probe reads only tables with a row estimate
    dsn = pg.dsn(dbname="cli_translate")

    probed = _translate_cli(dsn, "--show-prompt")
    assert "values: products.name = 'Acme Rocket Skates'" in probed
    assert probed.split("\n\n", 1)[1].startswith("1. [")           # the SQL after the prompt
    assert "values: none" in _translate_cli(dsn, "--show-prompt", "--no-probe")
    assert "schema:" not in _translate_cli(dsn)                      # no prompt unless asked
