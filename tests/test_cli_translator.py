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
    translator = load_translator(cfg)
    try:
        assert translator._engine.precision == expected
    finally:
        translator.close()


async def test_translate_wider_is_beam_search_over_greedy() -> None:
    import random

    from engines.training.data.retail_world import demo_world

    schema = demo_world(random.Random(0)).schema()
    cfg = config.load(None, {"ask": {"model": str(MODEL), "backend": "onnxruntime", "retry_beams": 4}})
    translator = load_translator(cfg)
    try:
        greedy = await translator.translate("top product in East China last month", schema)
        wider = await translator.translate_wider("top product in East China last month", schema, None)
        assert len(greedy) == 1 and 2 <= len(wider) <= 4
        assert all(c.sql.upper().startswith("SELECT") for c in wider)
        translator.retry_beams = 1                      # not wider than greedy: nothing to add
        assert await translator.translate_wider("top product in East China last month", schema, None) == []
    finally:
        translator.close()


def test_retry_beams_is_validated() -> None:
    with pytest.raises(config.ConfigError):
        config.load(None, {"ask": {"retry_beams": -1}})
