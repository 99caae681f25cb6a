"""TensorRT session: runs only where TensorRT and a GPU exist (never on our build machines)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("tensorrt", reason="TensorRT is not installable on CPU build machines")
pytest.importorskip("cuda.bindings", reason="cuda-python is needed by the TensorRT session")

from engines.engine import Seq2SeqEngine  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from tests.engine_fixtures import tiny_bart_dir  # noqa: E402,F401

pytestmark = pytest.mark.tensorrt


def test_tensorrt_greedy_matches_onnxruntime(tiny_bart_dir: Path) -> None:  # noqa: F811
    ort_engine = Seq2SeqEngine.load(tiny_bart_dir, backend="onnxruntime")
    trt_engine = Seq2SeqEngine.load(tiny_bart_dir, backend="tensorrt", precision="fp32")
    requests = [GenerationRequest([5, 9, 17, 33], max_new_tokens=8), GenerationRequest([7, 7], max_new_tokens=8)]
    assert [r.best[0] for r in trt_engine.generate(requests)] == [r.best[0] for r in ort_engine.generate(requests)]


def test_engine_cache_is_reused(tiny_bart_dir: Path) -> None:  # noqa: F811
    Seq2SeqEngine.load(tiny_bart_dir, backend="tensorrt", precision="fp32")
    plans = sorted((tiny_bart_dir / "trt_cache").glob("*.plan"))
    Seq2SeqEngine.load(tiny_bart_dir, backend="tensorrt", precision="fp32")
    assert sorted((tiny_bart_dir / "trt_cache").glob("*.plan")) == plans and len(plans) == 3
