"""Backend selection and model directory validation (no model runs)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from engines.backend import Platform, choose_backend
from engines.cli import add_model_commands
from engines.model_dir import ModelDir, ModelDirError
from tests.engine_fixtures import tiny_bart_dir  # noqa: F401


@pytest.mark.parametrize("platform,expected", [
    (Platform(tensorrt_importable=True, torch_cuda=True, cuda_device=True), "tensorrt"),
    (Platform(tensorrt_importable=True, torch_cuda=False, cuda_device=False), "onnxruntime"),
    (Platform(tensorrt_importable=False, torch_cuda=True, cuda_device=True), "torch"),
    (Platform(tensorrt_importable=True, torch_cuda=False, cuda_device=True), "tensorrt"),
    (Platform(tensorrt_importable=False, torch_cuda=False, cuda_device=True), "onnxruntime"),
    (Platform(tensorrt_importable=False, torch_cuda=False, cuda_device=False), "onnxruntime"),
])
def test_auto_prefers_tensorrt_then_torch_cuda_then_ort(platform: Platform, expected: str) -> None:
    assert choose_backend("auto", platform) == expected


def test_explicit_backend_is_kept_and_unknown_rejected() -> None:
    none = Platform(False, False, False)
    assert choose_backend("torch", none) == "torch"
    with pytest.raises(ValueError):
        choose_backend("tpu", none)


def test_auto_logs_its_choice(tiny_bart_dir: Path, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    from engines.backend import open_session
    caplog.set_level("INFO", logger="engines.backend")
    session = open_session(ModelDir.load(tiny_bart_dir), "auto", "fp32",
                           probe=lambda: Platform(False, False, False))
    assert session.backend_name == "onnxruntime"
    assert "engine backend: onnxruntime (requested auto" in caplog.text


def test_model_dir_rejects_tampered_graph(tiny_bart_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    import shutil
    copy = tmp_path / "m"
    shutil.copytree(tiny_bart_dir, copy)
    with (copy / "decoder.onnx").open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelDirError, match="does not match"):
        ModelDir.load(copy)


def test_manifest_round_trip(tiny_bart_dir: Path) -> None:  # noqa: F811
    model = ModelDir.load(tiny_bart_dir)
    raw = json.loads((tiny_bart_dir / "manifest.json").read_text())
    assert raw["architecture"] == "bart" and raw["special_tokens"]["decoder_start"] == 2
    assert model.manifest.precisions == ("fp32",)


def test_cli_parses_export() -> None:
    parser = argparse.ArgumentParser()
    add_model_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["model", "export", "hf", "out", "--fp16"])
    assert args.fp16 and args.hf_dir == Path("hf") and args.func.__name__ == "run_export"


def test_runtime_does_not_import_torch() -> None:
    import subprocess
    import sys
    code = ("import sys, engines.engine, engines.batcher, engines.sessions.ort;"
            "print('torch' in sys.modules or 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
