"""Run a multi-stage training recipe, then export the model directory the engine loads.

    python -m engines.training.recipe --datasets ../shared/datasets --out DIR
    python -m engines.training.recipe --corpus .carry/corpus --out DIR --dry-run

Stage 1 trains from scratch (and the tokenizer, unless one is given); every later stage runs
``engines.training.train`` with ``--init`` on the previous stage's checkpoint and the same
tokenizer. Each stage writes ``DIR/stage<N>/`` (``hf/`` checkpoint, ``report.json`` with the
loss curve and held-out results); the exported graphs go to ``DIR/model``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RECIPE = Path(__file__).with_name("recipe.toml")


@dataclass(frozen=True)
class Stage:
    time_budget_s: float
    overrides: dict[str, Any] = field(default_factory=dict)


def load_recipe(path: Path) -> tuple[Path, list[Stage]]:
    """The config file and the stages; a top-level ``set`` applies to every stage (a stage's own
    ``set`` wins)."""
    raw = tomllib.loads(path.read_text())
    common = dict(raw.get("set", {}))
    stages = [Stage(float(s["time_budget_s"]), {**common, **s.get("set", {})})
              for s in raw["stage"]]
    if not stages:
        raise ValueError(f"{path}: no [[stage]]")
    return Path(raw["config"]), stages


def stage_commands(config: Path, stages: list[Stage], out: Path, datasets: Path | None,
                   corpus: Path | None, tokenizer: Path | None,
                   extra: list[str]) -> list[list[str]]:
    """The ``engines.training.train`` command line of each stage, in order."""
    commands = []
    for n, stage in enumerate(stages, start=1):
        cmd = [sys.executable, "-m", "engines.training.train", "--config", str(config),
               "--datasets", str(datasets or "none"), "--out", str(out / f"stage{n}"),
               "--time-budget", str(stage.time_budget_s)]
        # Stage 1 builds the corpus when none is given; later stages reuse stage 1's.
        stage_corpus = corpus if corpus is not None or n == 1 else out / "stage1" / "corpus"
        if stage_corpus is not None:
            cmd += ["--corpus", str(stage_corpus)]
        if n > 1:
            prev = out / f"stage{n - 1}" / "hf"
            cmd += ["--init", str(prev), "--tokenizer", str(tokenizer or out / "stage1" / "hf" / "tokenizer.json")]
        elif tokenizer is not None:
            cmd += ["--tokenizer", str(tokenizer)]
        for key, value in stage.overrides.items():
            cmd += ["--set", f"{key}={json.dumps(value)}"]   # JSON scalars are TOML values
        commands.append(cmd + extra)
    return commands


def main() -> None:
    ap = argparse.ArgumentParser(description="run the staged training recipe and export the model")
    ap.add_argument("--recipe", type=Path, default=RECIPE)
    ap.add_argument("--datasets", type=Path, help="../shared/datasets (to build the corpus)")
    ap.add_argument("--corpus", type=Path, help="an existing corpus (engines.training.data.build)")
    ap.add_argument("--tokenizer", type=Path, help="an existing tokenizer.json for that corpus")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    ap.add_argument("train_args", nargs=argparse.REMAINDER,
                    help="after --: more arguments for every stage (e.g. -- --limit 1000)")
    args = ap.parse_args()
    if args.datasets is None and args.corpus is None:
        ap.error("give --datasets (to build the corpus) or --corpus")
    config, stages = load_recipe(args.recipe)
    extra = [a for a in args.train_args if a != "--"]
    commands = stage_commands(config, stages, args.out, args.datasets, args.corpus, args.tokenizer, extra)
    export = [sys.executable, "-m", "proxy.cli", "model", "export",
              str(args.out / f"stage{len(stages)}" / "hf"), str(args.out / "model")]
    for cmd in commands + [export]:
        print("+", " ".join(cmd), flush=True)
        if not args.dry_run:
            subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
