"""The training command: one run on CPU end to end (corpus to exported model directory),
stopping and resuming, and the config it ships with."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from training.data.build import record
from training.data.retail import RetailGenerator

ROOT = Path(__file__).resolve().parent.parent


def _tiny_corpus(path: Path) -> None:
    gen = RetailGenerator(random.Random(5), demo_share=1.0)
    rows = [r for r in (record(gen.sample()) for _ in range(80)) if r is not None]
    path.mkdir()
    for name, part in (("train", rows[:64]), ("eval_retail_demo", rows[64:])):
        with gzip.open(path / f"{name}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in part)


TINY = ("train.max_steps=3", 'train.schedule="steps"', "train.compile=false", "model.num_layers=1",
        "model.num_decoder_layers=1", "model.d_model=32", "model.d_ff=64", "model.num_heads=2", "model.d_kv=16",
        "data.vocab_size=400", "train.log_every=1")


def _train_command(corpus: Path, out: Path, *extra: str) -> list[str]:
    """training/config.toml, the shipped model's, shrunk to a few CPU seconds."""
    cmd = [sys.executable, "-m", "training.train", "--config", str(ROOT / "training/config.toml"),
           "--datasets", "none", "--corpus", str(corpus), "--out", str(out), "--eval-max", "2"]
    for item in TINY:
        cmd += ["--set", item]
    return cmd + list(extra)


@pytest.mark.slow
def test_one_command_trains_and_exports_the_model_directory(tmp_path: Path) -> None:
    from engines.model_dir import ModelDir
    _tiny_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    cmd = _train_command(tmp_path / "corpus", out, "--set", "train.probe_every=1", "--set", "train.probe_examples=3",
                         "--export", str(tmp_path / "model"))
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    report = json.loads((out / "report.json").read_text())
    assert report["steps"] == 3 and [p["step"] for p in report["probes"]] == [1, 2, 3]
    assert all(0.0 <= p["exact_match"] <= 1.0 for p in report["probes"])
    model = ModelDir.load(tmp_path / "model")             # what the engine loads: manifest and hashes check
    assert set(model.manifest.precisions) == {"fp32", "int8-dynamic"}
    assert not (tmp_path / "model" / "torch").exists()    # the shipped layout: no torch copy of the weights
    # --init continues that model (the same parameters, a new run)
    again = tmp_path / "again"
    subprocess.run(_train_command(tmp_path / "corpus", again, "--init", str(out / "hf"),
                                  "--tokenizer", str(out / "hf" / "tokenizer.json")),
                   cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    assert json.loads((again / "report.json").read_text())["parameters"] == report["parameters"]


@pytest.mark.slow
def test_train_command_stops_and_resumes(tmp_path: Path) -> None:
    """--stop-after counts from the command's start: here it is spent before training begins,
    so the first invocation saves a state at step 0 and exits 75; the same command finishes."""
    _tiny_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    cmd = _train_command(tmp_path / "corpus", out)
    first = subprocess.run(cmd + ["--stop-after", "0"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert first.returncode == 75, first.stderr[-2000:]
    assert "stopped at step 0 of 3" in first.stderr and (out / "state.pt").exists()
    assert not (out / "report.json").exists()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    report = json.loads((out / "report.json").read_text())
    assert report["steps"] == 3 and report["invocations"] == 2


def test_config_is_the_shipped_models_run() -> None:
    """training/config.toml is what the run that made the shipped model used (its report's
    config, in the runs log)."""
    import tomllib
    config = tomllib.loads((ROOT / "training/config.toml").read_text())
    recorded = json.loads((ROOT / "training/runs/askproxy-sql-small.json").read_text())["r85c9"]["config"]
    assert config == recorded and config["train"]["schedule"] == "steps"
