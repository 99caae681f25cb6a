"""Where a training run stands, its learning-rate schedule, and the state file that resumes it."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch


def lr_at(step: int, frac: float, tc: dict[str, Any]) -> float:
    warm = min(1.0, (step + 1) / tc["warmup_steps"])
    return tc["peak_lr"] * warm * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))


@dataclass
class Progress:
    """Where a run stands: enough to resume it exactly (same batches, same schedule)."""

    step: int = 0
    epoch_rng: Any = None        # random.Random state before the current epoch's batches were drawn
    index: int = 0               # batches of the current epoch already trained
    train_s: float = 0.0         # seconds trained in earlier invocations
    tokens: int = 0
    invocations: int = 0         # commands that trained this run so far
    curve: list[dict[str, float]] = field(default_factory=list)
    probes: list[dict[str, float]] = field(default_factory=list)   # held-out exact match on the way


def save_state(path: Path, model: Any, opt: Any, progress: Progress, cfg: dict[str, Any]) -> None:
    state = {"model": model.state_dict(), "opt": opt.state_dict(), "progress": asdict(progress),
             "config": {k: cfg[k] for k in ("model", "train")}, "torch_rng": torch.get_rng_state(),
             "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None}
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)


def load_state(path: Path, model: Any, opt: Any, cfg: dict[str, Any]) -> Progress:
    state = torch.load(path, map_location="cpu", weights_only=False)
    if state["config"] != {k: cfg[k] for k in ("model", "train")}:
        raise SystemExit(f"{path} was written with another [model]/[train] configuration; remove it to start over")
    model.load_state_dict(state["model"])
    opt.load_state_dict(state["opt"])
    torch.set_rng_state(state["torch_rng"])
    if state["cuda_rng"] is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda_rng"])
    return Progress(**state["progress"])


def schedule_fraction(progress: Progress, elapsed: float, tc: dict[str, Any], time_budget: float) -> float:
    """How far through the learning-rate schedule, and so the run (it ends at 1.0).

    ``schedule = "steps"``: by step over ``max_steps``, the same run on any hardware.
    ``schedule = "time"`` (the default): by wall clock over the time budget, so a run always
    ends annealed whatever the GPU (and earlier, at ``max_steps``, if that comes first)."""
    if tc.get("schedule", "time") == "steps":
        return progress.step / tc["max_steps"]
    return elapsed / time_budget
