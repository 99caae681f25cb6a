"""The int8-dynamic variant (decoder dynamically quantized, ONNX Runtime CPU) and precision "auto"."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("transformers", reason="exporting the test model needs torch and transformers")

import onnx  # noqa: E402

from engines.backend import choose_precision, resolve  # noqa: E402
from engines.cli import add_model_commands  # noqa: E402
from engines.engine import Seq2SeqEngine  # noqa: E402
from engines.export.convert import ExportOptions, export_model  # noqa: E402
from engines.export.int8_dynamic import add_int8_dynamic  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from engines.model_dir import INT8_DYNAMIC, ModelDir  # noqa: E402
from tests.engine_models import make_t5  # noqa: E402


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModelDir, ModelDir]:
    """(default export, which adds the variant; the same model exported without it)."""
    root = tmp_path_factory.mktemp("int8_dynamic")
    hf = make_t5(root / "hf")
    with_variant = export_model(hf, root / "model", ExportOptions(validate=False))
    plain = export_model(hf, root / "plain", ExportOptions(validate=False, int8_dynamic=False, torch_weights=False))
    return with_variant, plain


def requests() -> list[GenerationRequest]:
    rng = np.random.default_rng(3)
    return [GenerationRequest([int(x) for x in rng.integers(4, 90, size=int(rng.integers(3, 25)))],
                              max_new_tokens=12) for _ in range(8)]


def tokens(engine: Seq2SeqEngine) -> list[list[int]]:
    return [r.best[0] for r in engine.generate(requests())]


@pytest.mark.slow
def test_default_export_adds_a_decoder_only_variant(exported: tuple[ModelDir, ModelDir]) -> None:
    model, _ = exported
    graphs = model.manifest.graphs
    assert model.manifest.precisions == ("fp32", INT8_DYNAMIC)
    assert graphs[INT8_DYNAMIC]["encoder"] == graphs["fp32"]["encoder"]
    assert graphs[INT8_DYNAMIC]["cross_kv"] == graphs["fp32"]["cross_kv"]
    assert graphs[INT8_DYNAMIC]["decoder"].file == "decoder.int8-dynamic.onnx"
    decoder = onnx.load(str(model.graph_path("decoder", INT8_DYNAMIC)))
    assert {"DynamicQuantizeLinear", "MatMulInteger"} <= {n.op_type for n in decoder.graph.node}
    assert "7-bit" in model.manifest.extra[INT8_DYNAMIC]["weights"]


@pytest.mark.slow
def test_variant_generates_the_fp32_greedy_tokens(exported: tuple[ModelDir, ModelDir]) -> None:
    model, _ = exported
    fp32 = Seq2SeqEngine.load(model, backend="onnxruntime", precision="fp32")
    dynamic = Seq2SeqEngine.load(model, backend="onnxruntime", precision=INT8_DYNAMIC)
    assert tokens(dynamic) == tokens(fp32)


@pytest.mark.slow
def test_quantize_an_existing_directory_without_torch_weights(exported: tuple[ModelDir, ModelDir],
                                                              tmp_path: Path) -> None:
    original, plain = exported
    copy = tmp_path / "m"
    shutil.copytree(plain.path, copy)
    add_int8_dynamic(copy)
    model = add_int8_dynamic(copy)                    # again: replaces the variant, still valid
    assert model.manifest.precisions == ("fp32", INT8_DYNAMIC)
    assert json.loads((copy / "manifest.json").read_text())["graphs"]["fp32"] == \
        json.loads((plain.path / "manifest.json").read_text())["graphs"]["fp32"]
    fp32 = Seq2SeqEngine.load(original, backend="onnxruntime", precision="fp32")
    assert tokens(Seq2SeqEngine.load(model, backend="onnxruntime", precision=INT8_DYNAMIC)) == tokens(fp32)


@pytest.mark.slow
def test_auto_precision_picks_the_variant_only_on_onnxruntime_cpu(exported: tuple[ModelDir, ModelDir]) -> None:
    model, plain = exported
    cpu, cuda = (lambda: True), (lambda: False)
    assert choose_precision("auto", "onnxruntime", model, cpu) == INT8_DYNAMIC
    assert choose_precision("auto", "onnxruntime", plain, cpu) == "fp32"        # no variant: fp32
    assert choose_precision("auto", "onnxruntime", model, cuda) == "fp32"       # onnxruntime-gpu
    assert choose_precision("auto", "tensorrt", model, cpu) == "fp32"
    assert choose_precision("auto", "torch", model, cpu) == "fp32"
    assert choose_precision("fp32", "onnxruntime", model, cpu) == "fp32"        # explicit wins
    assert resolve(plain, "onnxruntime", "auto") == ("onnxruntime", "fp32")


@pytest.mark.slow
def test_engine_defaults_to_auto(exported: tuple[ModelDir, ModelDir]) -> None:
    model, plain = exported
    assert Seq2SeqEngine.load(plain, backend="onnxruntime").precision == "fp32"
    engine = Seq2SeqEngine.load(model, backend="onnxruntime")
    assert engine.precision == (INT8_DYNAMIC if resolve(model, "onnxruntime", "auto")[1] == INT8_DYNAMIC
                                else "fp32")


def test_cli_parses_quantize_dynamic_and_export_opt_out() -> None:
    parser = argparse.ArgumentParser()
    add_model_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["model", "quantize-dynamic", "dir"])
    assert args.model_dir == Path("dir") and args.func.__name__ == "run_quantize_dynamic"
    args = parser.parse_args(["model", "export", "hf", "out", "--no-int8-dynamic"])
    assert args.no_int8_dynamic
