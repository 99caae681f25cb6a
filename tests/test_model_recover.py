"""``askproxy model recover``: the transformers checkpoint of an exported directory, exactly."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("transformers", reason="recovering a checkpoint needs torch and transformers")

import onnx  # noqa: E402
import torch  # noqa: E402
from onnx import numpy_helper  # noqa: E402

from engines.cli import add_model_commands  # noqa: E402
from engines.engine import Seq2SeqEngine  # noqa: E402
from engines.export.convert import ExportOptions, export_model, load_hf_model  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from engines.model_dir import GRAPH_NAMES, sha256_of  # noqa: E402
from tests.engine_models import make_bart, make_t5  # noqa: E402


def weights(path: Path) -> dict[str, np.ndarray]:
    return {i.name: numpy_helper.to_array(i) for i in onnx.load(str(path)).graph.initializer}


@pytest.mark.slow
@pytest.mark.parametrize("make", [make_t5, make_bart], ids=["t5", "bart"])
def test_recovered_checkpoint_exports_the_same_graphs(make, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    hf = make(tmp_path / "hf")
    original = load_hf_model(hf)
    if hasattr(original, "final_logits_bias"):            # a buffer, not a parameter: kept too
        original.final_logits_bias.copy_(torch.linspace(-1, 1, original.final_logits_bias.shape[-1]))
        original.save_pretrained(hf)
    shipped = export_model(hf, tmp_path / "shipped", ExportOptions(validate=False, torch_weights=False)).path
    parser = argparse.ArgumentParser()
    add_model_commands(parser.add_subparsers())
    args = parser.parse_args(["model", "recover", str(shipped), str(tmp_path / "recovered")])
    assert args.func(args) == 0 and "recovered" in capsys.readouterr().out
    recovered = load_hf_model(tmp_path / "recovered")
    for name, tensor in original.state_dict().items():
        torch.testing.assert_close(recovered.state_dict()[name], tensor, rtol=0, atol=0, msg=name)
    again = export_model(tmp_path / "recovered", tmp_path / "again", ExportOptions(validate=False, torch_weights=False))
    for name in GRAPH_NAMES:
        want, got = weights(shipped / f"{name}.onnx"), weights(again.path / f"{name}.onnx")
        assert want.keys() == got.keys()
        for key in want:
            np.testing.assert_array_equal(got[key], want[key])
    request = GenerationRequest([5, 9, 17, 33, 41, 8], max_new_tokens=10, num_beams=2, num_return_sequences=2)
    assert (Seq2SeqEngine.load(again.path, backend="onnxruntime", precision="fp32").generate([request])[0].candidates
            == Seq2SeqEngine.load(shipped, backend="onnxruntime", precision="fp32").generate([request])[0].candidates)


@pytest.mark.slow   # exports a model first
def test_recover_refuses_graphs_that_lack_a_weight(tmp_path: Path) -> None:
    from engines.export.recover import recover_hf
    shipped = export_model(make_t5(tmp_path / "hf"), tmp_path / "shipped",
                           ExportOptions(validate=False, torch_weights=False, int8_dynamic=False)).path
    broken = tmp_path / "broken"
    shutil.copytree(shipped, broken)
    config = (broken / "config.json").read_text().replace('"d_ff": 64', '"d_ff": 32')
    (broken / "config.json").write_text(config)
    with pytest.raises(ValueError, match="config says|another architecture"):
        recover_hf(broken, tmp_path / "out")


@pytest.mark.slow   # exports a model first
def test_recover_reads_graphs_whose_nodes_were_named_by_an_older_module_tree(tmp_path: Path) -> None:
    """The shipped model's graphs came from an exporter whose nodes had other names
    (``/layer.2/DenseReluDense/wi/MatMul`` where a fresh export says ``/wi/MatMul``): weights are
    found by where the graph reads them, not by node name."""
    from engines.export.recover import recover_hf
    hf = make_t5(tmp_path / "hf")
    shipped = export_model(hf, tmp_path / "shipped",
                           ExportOptions(validate=False, torch_weights=False, int8_dynamic=False)).path
    for name in GRAPH_NAMES:
        path = shipped / f"{name}.onnx"
        proto = onnx.load(str(path))
        for i, node in enumerate(proto.graph.node):
            node.name = f"/renamed_{i}{node.name}"
        onnx.save(proto, str(path))
    manifest = json.loads((shipped / "manifest.json").read_text())
    for graph in manifest["graphs"]["fp32"].values():
        graph["sha256"] = sha256_of(shipped / graph["file"])
    (shipped / "manifest.json").write_text(json.dumps(manifest))
    recovered = load_hf_model(recover_hf(shipped, tmp_path / "recovered"))
    for name, tensor in load_hf_model(hf).state_dict().items():
        torch.testing.assert_close(recovered.state_dict()[name], tensor, rtol=0, atol=0, msg=name)
