"""Shared engine fixtures: one exported tiny BART model per test session."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_bart_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers", reason="exporting the test model needs torch and transformers")
    from engines.export.convert import ExportOptions, export_model
    from tests.engine_models import make_bart
    root = tmp_path_factory.mktemp("tiny_bart")
    hf = make_bart(root / "hf")
    export_model(hf, root / "model", ExportOptions(validate=False, int8_dynamic=False))
    return root / "model"
