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
