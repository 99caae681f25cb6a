"""The int8-dynamic variant (encoder and decoder dynamically quantized, ONNX Runtime CPU) and
precision "auto"."""

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
from engines.export.int8_dynamic import add_int8_dynamic, quantize_embedding_rows, takes_several_tokens  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from engines.model_dir import INT8_DYNAMIC, ModelDir  # noqa: E402
from tests.engine_models import VOCAB, make_t5  # noqa: E402


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
def test_default_export_adds_a_quantized_encoder_and_decoder(exported: tuple[ModelDir, ModelDir]) -> None:
    model, _ = exported
    graphs = model.manifest.graphs
    assert model.manifest.precisions == ("fp32", INT8_DYNAMIC)
    assert graphs[INT8_DYNAMIC]["cross_kv"] == graphs["fp32"]["cross_kv"]
    assert graphs[INT8_DYNAMIC]["decoder"].file == "decoder.int8-dynamic.onnx"
    assert graphs[INT8_DYNAMIC]["encoder"].file == "encoder.int8-dynamic.onnx"
    for name in ("encoder", "decoder"):
        graph = onnx.load(str(model.graph_path(name, INT8_DYNAMIC))).graph
        assert {"DynamicQuantizeLinear", "MatMulInteger"} <= {n.op_type for n in graph.node}
        tables = [i for i in graph.initializer if i.name.endswith(".rows_int8")]
        assert len(tables) == 1 and tables[0].data_type == onnx.TensorProto.INT8
        assert not [i for i in graph.initializer            # no fp32 embedding table left
                    if i.data_type == onnx.TensorProto.FLOAT and len(i.dims) == 2 and i.dims[1] > 1
                    and i.dims[0] == VOCAB]
    assert "7-bit" in model.manifest.extra[INT8_DYNAMIC]["weights"]


@pytest.mark.slow
def test_variant_generates_the_fp32_greedy_tokens(exported: tuple[ModelDir, ModelDir]) -> None:
    model, _ = exported
    fp32 = Seq2SeqEngine.load(model, backend="onnxruntime", precision="fp32")
    dynamic = Seq2SeqEngine.load(model, backend="onnxruntime", precision=INT8_DYNAMIC)
    assert tokens(dynamic) == tokens(fp32)


@pytest.mark.slow
def test_embedding_rows_are_within_half_a_step_of_fp32(exported: tuple[ModelDir, ModelDir], tmp_path: Path) -> None:
    """The int8 rows times their scales give every fp32 embedding value within half a
    quantization step of its row; converting again changes nothing."""
    model, plain = exported
    graph = onnx.load(str(model.graph_path("encoder", INT8_DYNAMIC))).graph
    values = {i.name: onnx.numpy_helper.to_array(i) for i in graph.initializer}
    (rows,) = [v for k, v in values.items() if k.endswith(".rows_int8")]
    (scale,) = [v for k, v in values.items() if k.endswith(".row_scale")]
    fp32 = {i.name: onnx.numpy_helper.to_array(i)
            for i in onnx.load(str(plain.graph_path("encoder", "fp32"))).graph.initializer}
    (table,) = [v for k, v in fp32.items() if v.shape == rows.shape and v.dtype == np.float32]
    assert np.all(np.abs(rows.astype(np.float32) * scale - table) <= scale / 2 + 1e-7)
    assert np.abs(rows).max() == 127
    copy = tmp_path / "encoder.onnx"
    shutil.copy(model.graph_path("encoder", INT8_DYNAMIC), copy)
    assert quantize_embedding_rows(copy) == 0


@pytest.mark.slow
def test_a_several_token_decoder_is_kept_when_quantizing_again(exported: tuple[ModelDir, ModelDir],
                                                                 tmp_path: Path) -> None:
    """Re-running on a directory whose variant decoder verifies drafts keeps that decoder (the
    fp32 single-step graph cannot give it back) and still generates the same tokens."""
    model, _ = exported
    copy = tmp_path / "m"
    shutil.copytree(model.path, copy)
    before = Seq2SeqEngine.load(model, backend="onnxruntime", precision=INT8_DYNAMIC)
    again = add_int8_dynamic(copy)
    assert takes_several_tokens(again.graph_path("decoder", INT8_DYNAMIC))
    assert again.manifest.graphs[INT8_DYNAMIC]["decoder"] == model.manifest.graphs[INT8_DYNAMIC]["decoder"]
    assert tokens(Seq2SeqEngine.load(again, backend="onnxruntime", precision=INT8_DYNAMIC)) == tokens(before)


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
