"""The staged training recipe: its command lines, and a two-stage run on CPU end to end."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

from engines.training.data.build import record
from engines.training.data.retail import RetailGenerator
from engines.training.recipe import RECIPE, load_recipe, stage_commands

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_recipe_chains_its_stages(tmp_path: Path) -> None:
    config, stages = load_recipe(RECIPE)
    assert config == Path("engines/training/config.toml") and len(stages) == 18
    assert sum(s.overrides["train.max_steps"] for s in stages) == 54380   # the model card's total
    cmds = stage_commands(config, stages, tmp_path, Path("../shared/datasets"), None, None, [])
    assert "--init" not in cmds[0] and "--corpus" not in cmds[0]       # stage 1 builds both
    for n, cmd in enumerate(cmds[1:], start=2):
        assert cmd[cmd.index("--init") + 1] == str(tmp_path / f"stage{n - 1}" / "hf")
        assert cmd[cmd.index("--tokenizer") + 1] == str(tmp_path / "stage1" / "hf" / "tokenizer.json")
        assert cmd[cmd.index("--corpus") + 1] == str(tmp_path / "stage1" / "corpus")
    assert "train.peak_lr=0.00015" in cmds[-1]
    assert all('train.schedule="steps"' in cmd for cmd in cmds)   # the same curve on any GPU


def _tiny_corpus(path: Path) -> None:
    gen = RetailGenerator(random.Random(5), demo_share=1.0)
    rows = [r for r in (record(gen.sample()) for _ in range(80)) if r is not None]
    path.mkdir()
    for name, part in (("train", rows[:64]), ("eval_retail_demo", rows[64:])):
        with gzip.open(path / f"{name}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in part)


def test_two_stage_recipe_runs_and_exports_on_cpu(tmp_path: Path) -> None:
    _tiny_corpus(tmp_path / "corpus")
    recipe = tmp_path / "recipe.toml"
    recipe.write_text(f'config = "{ROOT / "engines/training/config.toml"}"\n'
                      '[[stage]]\ntime_budget_s = 60\nset = { "train.max_steps" = 2, "model.num_layers" = 1, '
                      '"model.num_decoder_layers" = 1, "model.d_model" = 32, "model.d_ff" = 64, '
                      '"model.num_heads" = 2, "model.d_kv" = 16, "data.vocab_size" = 400, "train.log_every" = 1, '
                      '"train.probe_every" = 1, "train.probe_examples" = 3 }\n'
                      '[[stage]]\ntime_budget_s = 60\nset = { "train.max_steps" = 3, "train.log_every" = 1 }\n')
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "engines.training.recipe", "--recipe", str(recipe),
                    "--corpus", str(tmp_path / "corpus"), "--out", str(out), "--", "--eval-max", "4"],
                   cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    first = json.loads((out / "stage1" / "report.json").read_text())
    second = json.loads((out / "stage2" / "report.json").read_text())
    assert first["steps"] == 2 and second["steps"] == 3
    assert [p["step"] for p in first["probes"]] == [1, 2] and second["probes"] == []   # stage 2: no probe_every
    assert all(0.0 <= p["exact_match"] <= 1.0 for p in first["probes"])
    assert second["parameters"] == first["parameters"]           # stage 2 continued stage 1's model
    manifest = json.loads((out / "model" / "manifest.json").read_text())
    assert (out / "model" / "decoder.onnx").exists() and manifest


def test_train_command_stops_and_resumes(tmp_path: Path) -> None:
    """--stop-after counts from the command's start: here it is spent before training begins,
    so the first invocation saves a state at step 0 and exits 75; the same command finishes."""
    _tiny_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "engines.training.train", "--config", str(ROOT / "engines/training/config.toml"),
           "--datasets", "none", "--corpus", str(tmp_path / "corpus"), "--out", str(out), "--eval-max", "2"]
    for item in ('train.max_steps=3', 'train.schedule="steps"', "model.num_layers=1", "model.num_decoder_layers=1",
                 "model.d_model=32", "model.d_ff=64", "model.num_heads=2", "model.d_kv=16", "data.vocab_size=400"):
        cmd += ["--set", item]
    first = subprocess.run(cmd + ["--stop-after", "0"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert first.returncode == 75, first.stderr[-2000:]
    assert "stopped at step 0 of 3" in first.stderr and (out / "state.pt").exists()
    assert not (out / "report.json").exists()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    report = json.loads((out / "report.json").read_text())
    assert report["steps"] == 3 and report["invocations"] == 2


def test_quick_config_is_the_measured_quick_run() -> None:
    """engines/training/quick.toml is what the recorded 20-minute run used (its report's config)."""
    import tomllib
    quick = tomllib.loads((ROOT / "engines/training/quick.toml").read_text())
    recorded = json.loads((ROOT / "engines/training/runs/askproxy-sql-small.json").read_text())["quick"]["config"]
    for cfg in (quick, recorded):
        assert cfg["train"].pop("time_budget_s")              # unused with a step schedule
    assert quick == recorded and quick["train"]["schedule"] == "steps"
