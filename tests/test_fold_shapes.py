"""Folding traced shape arithmetic into constant Reshape shapes: same outputs, fewer nodes."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("transformers", reason="exporting the test model needs torch and transformers")

import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402

from engines.cli import add_model_commands  # noqa: E402
from engines.export.convert import ExportOptions, export_decoder_steps, export_model, load_hf_model  # noqa: E402
from engines.export.fold_shapes import _constant_target, fold_model_dir, fold_reshapes  # noqa: E402
from engines.export.specs import spec_for  # noqa: E402
from engines.model_dir import GRAPH_NAMES, ModelDir  # noqa: E402
from tests.engine_models import VOCAB, make_bart, make_t5  # noqa: E402


@pytest.fixture(scope="module", params=["t5", "bart"])
def unfolded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """(architecture, a model directory exported without folding, T5's steps graph beside it)."""
    root = tmp_path_factory.mktemp(f"unfolded_{request.param}")
    hf = (make_t5 if request.param == "t5" else make_bart)(root / "hf")
    out = root / "model"
    export_model(hf, out, ExportOptions(validate=False, int8_dynamic=False, torch_weights=False, fold_shapes=False))
    if request.param == "t5":
        hf_model = load_hf_model(hf)
        assert export_decoder_steps(hf_model, spec_for(hf_model.config), out / "decoder.steps.onnx")
    return request.param, out


def _session(model: onnx.ModelProto) -> ort.InferenceSession:
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])


def _feeds(session: ort.InferenceSession, dims: dict[str, int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    feeds: dict[str, np.ndarray] = {}
    for value in session.get_inputs():
        shape = [d if isinstance(d, int) else dims[d] for d in value.shape]
        if value.name == "input_ids":
            feeds[value.name] = rng.integers(3, VOCAB, size=shape).astype(np.int64)
        elif value.name == "positions":
            feeds[value.name] = np.full(shape, dims["past"], dtype=np.int64)
        elif "mask" in value.name:
            mask = np.ones(shape, dtype=np.int64)
            mask[0, 0] = 0 if shape[1] > 1 and value.name == "encoder_attention_mask" else 1
            feeds[value.name] = mask
        else:
            feeds[value.name] = rng.standard_normal(shape).astype(np.float32)
    return feeds


def _dims(batch: int, source: int, past: int, step: int) -> dict[str, int]:
    return {"batch": batch, "source": source, "past": past, "step": step, "total": past + step}


def _graphs(out: Path) -> list[Path]:
    return [out / f"{name}.onnx" for name in GRAPH_NAMES] + sorted(out.glob("decoder.steps.onnx"))


@pytest.mark.slow
def test_folded_graphs_compute_the_same_outputs_with_fewer_nodes(unfolded: tuple[str, Path]) -> None:
    _, out = unfolded
    rng = np.random.default_rng(5)
    for path in _graphs(out):
        original = onnx.load(str(path))
        folded, count = fold_reshapes(original)
        assert count > 0, path.name
        assert len(folded.graph.node) < len(original.graph.node), path.name
        onnx.checker.check_model(folded)
        before, after = _session(original), _session(folded)
        step = 3 if path.name == "decoder.steps.onnx" else 1
        for batch, source, past in [(1, 7, 2), (3, 11, 5), (2, 1, 9)]:
            feeds = _feeds(before, _dims(batch, source, past, step), rng)
            for want, got in zip(before.run(None, feeds), after.run(None, feeds)):
                assert want.shape == got.shape
                np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.slow
def test_export_folds_every_reshape_shape_into_a_constant(tmp_path: Path) -> None:
    out = export_model(make_t5(tmp_path / "hf"), tmp_path / "model",
                       ExportOptions(validate=False, torch_weights=False)).path
    for path in _graphs(out) + [out / "decoder.int8-dynamic.onnx"]:
        graph = onnx.load(str(path)).graph
        constants = {i.name for i in graph.initializer}
        computed = [n.name for n in graph.node if n.op_type == "Reshape" and n.input[1] not in constants]
        # Left computed: only the encoder mask's flatten-and-back, whose sizes are products.
        assert len(computed) <= 1 and not any("Attention" in name for name in computed), (path.name, computed)


@pytest.mark.slow
def test_fold_shapes_command_rewrites_a_directory_and_its_hashes(unfolded: tuple[str, Path], tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    import shutil
    _, out = unfolded
    copy = tmp_path / "model"
    shutil.copytree(out, copy)
    before = ModelDir.load(copy).manifest
    parser = argparse.ArgumentParser()
    add_model_commands(parser.add_subparsers())
    args = parser.parse_args(["model", "fold-shapes", str(copy)])
    assert args.func(args) == 0
    assert "decoder.onnx: " in capsys.readouterr().out
    after = ModelDir.load(copy).manifest        # load() checks every file against its hash
    assert after.graphs["fp32"]["decoder"].sha256 != before.graphs["fp32"]["decoder"].sha256
    assert fold_model_dir(copy) == {f: 0 for f in sorted({g.file for g in after.graphs["fp32"].values()})}


@pytest.mark.parametrize("source, result, want", [
    (["batch", "step", 256], ["batch", "step", 4, 64], [0, 0, 4, 64]),
    (["batch", 4, "step", 64], ["batch", "step", 256], [0, -1, 256]),
    (["batch", "step", 256], ["step", "batch", 256], None),      # two sizes to infer: cannot
    (["batch", "step", 256], ["batch", "step2", 256], [0, -1, 256]),
    (["batch", "step"], ["batch", None], None),
    (["batch"], [0, "batch"], None),
])
def test_constant_target(source: list[object], result: list[object], want: list[int] | None) -> None:
    assert _constant_target(source, result) == want
