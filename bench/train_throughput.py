"""Training throughput of the default model's configuration, one variant after another.

    python bench/train_throughput.py --corpus DIR --tokenizer tokenizer.json \
        [--variant base --variant legacy=1 --variant sdpa=1 ...] [--steps 250] [--profile]

Each variant builds the model from ``training/config.toml`` (fresh weights, same seed),
runs a few warm-up steps, then times ``--steps`` steps over the same batches and prints the
final loss, steps/s, padded and real (non-pad) tokens/s and peak memory. A variant is a
comma-separated list of ``key=value``: ``lean`` (1: T5TrainForward, 0: transformers'
forward), ``sdpa`` (1: fused attention in T5TrainForward), ``max_tokens``,
``dropout``, ``legacy`` (1: the step as it was: transformers' forward, pageable host copies),
``compile`` (1: ``[train] compile``, T5TrainForward's attention and feed-forward through
``torch.compile``; its compile time shows in the warm-up seconds). ``--profile`` prints the CUDA kernels that took the most time
over five steps of the first variant. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training import train as tr  # noqa: E402
from training.batching import Encoded, batches, encode, pad, read_jsonl  # noqa: E402
from training.step import TrainStep  # noqa: E402

CONFIG = Path(__file__).resolve().parents[1] / "engines" / "training" / "config.toml"


def parse_variant(text: str) -> dict[str, str]:
    if text == "base":
        return {}
    return dict(item.split("=", 1) if "=" in item else (item, "1") for item in text.split(","))


def build(cfg: dict[str, Any], tok: Any, variant: dict[str, str], device: torch.device) -> Any:
    cfg = {k: dict(v) if isinstance(v, dict) else v for k, v in cfg.items()}
    if "dropout" in variant:
        cfg["model"]["dropout_rate"] = float(variant["dropout"])
    torch.manual_seed(cfg["seed"])
    model = tr.make_model(cfg, tok)
    return model.to(device).train()


class LegacyStep(TrainStep):
    """The step as it was: transformers' forward and pageable host copies."""

    def to_device(self, seqs: list[list[int]], value: int) -> torch.Tensor:
        return pad(seqs, value).to(self.device, non_blocking=True)


def run_variant(cfg: dict[str, Any], tok: Any, data: Encoded, variant: dict[str, str],
                device: torch.device, steps: int, profile: bool) -> dict[str, float]:
    model = build(cfg, tok, variant, device)
    tc = dict(cfg["train"])
    tc["max_tokens"] = int(variant.get("max_tokens", tc["max_tokens"]))
    tc["compile"] = variant.get("compile") == "1"
    legacy = variant.get("legacy") == "1"
    step = (LegacyStep if legacy else TrainStep)(
        model, tc, device,
        lean=variant.get("lean", "0" if legacy else "1") == "1", sdpa=variant.get("sdpa") == "1")
    order = batches(data, tc["max_tokens"], tc["max_rows"], random.Random(0))
    t_first = time.monotonic()
    for batch in order[:5]:
        step(data, batch, tc["peak_lr"])
    torch.cuda.synchronize()
    warm_s = time.monotonic() - t_first
    if profile:
        from torch.profiler import ProfilerActivity, profile as torch_profile
        with torch_profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
            for batch in order[5:10]:
                step(data, batch, tc["peak_lr"])
            torch.cuda.synchronize()
        print(prof.key_averages().table(sort_by="cuda_time_total", row_limit=25), flush=True)
    syncs = count_syncs(lambda: [step(data, batch, tc["peak_lr"]) for batch in order[5:8]])
    torch.cuda.reset_peak_memory_stats()
    n = padded = real = 0
    t0 = time.monotonic()
    for batch in order[10:]:
        loss = step(data, batch, tc["peak_lr"])
        width_s = max(len(data.src[i]) for i in batch)
        width_t = max(len(data.tgt[i]) for i in batch)
        padded += len(batch) * (width_s + width_t)
        real += sum(len(data.src[i]) + len(data.tgt[i]) for i in batch)
        n += 1
        if n >= steps:
            break
    torch.cuda.synchronize()
    wall = time.monotonic() - t0
    return {"final_loss": float(loss), "syncs_per_3_steps": syncs, "steps": n, "steps_per_s": n / wall,
            "padded_tok_per_s": padded / wall, "real_tok_per_s": real / wall, "warmup_s": warm_s,
            "peak_gib": torch.cuda.max_memory_allocated() / 2**30}


def count_syncs(work: Any) -> int:
    """How many times ``work`` made the host wait for the GPU (CUDA sync debug mode)."""
    import warnings
    torch.cuda.synchronize()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        torch.cuda.set_sync_debug_mode("warn")
        try:
            work()
        finally:
            torch.cuda.set_sync_debug_mode("default")
    return sum("synchroniz" in str(w.message) for w in caught)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--tokenizer", type=Path, required=True)
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--variant", action="append", default=[])
    ap.add_argument("--steps", type=int, default=250, help="timed steps per variant (the same batches)")
    ap.add_argument("--limit", type=int, default=60_000, help="training rows to read")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    from tokenizers import Tokenizer
    cfg = tomllib.loads(args.config.read_text())
    tok = Tokenizer.from_file(str(args.tokenizer))
    rows = read_jsonl(args.corpus / "train.jsonl.gz", args.limit)
    dc = cfg["data"]
    data = encode(tok, rows, dc["max_source_length"], dc["max_target_length"], drop_long=True)
    device = torch.device("cuda")
    torch.backends.cuda.matmul.allow_tf32 = True
    print(f"{torch.cuda.get_device_name()} torch {torch.__version__}; {len(data.src)} rows", flush=True)
    results = []
    for k, text in enumerate(args.variant or ["base"]):
        res = run_variant(cfg, tok, data, parse_variant(text), device, args.steps, args.profile and k == 0)
        results.append((text, res))
        print(text, {key: round(v, 2) for key, v in res.items()}, flush=True)
        torch.cuda.empty_cache()
    print(f"\n{'variant':<36} {'steps/s':>8} {'pad tok/s':>11} {'real tok/s':>11} {'warm s':>7} {'GiB':>6} {'syncs':>6} {'loss':>6}")
    for text, r in results:
        print(f"{text:<36} {r['steps_per_s']:8.2f} {r['padded_tok_per_s']:11,.0f} {r['real_tok_per_s']:11,.0f} "
              f"{r['warmup_s']:7.1f} {r['peak_gib']:6.1f} {r['syncs_per_3_steps']:6.0f} {r['final_loss']:6.3f}")


if __name__ == "__main__":
    main()
