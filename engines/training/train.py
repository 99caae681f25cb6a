"""Train the default text-to-SQL model: corpus -> tokenizer -> BART from scratch -> held-out eval.

    python -m engines.training.train --config engines/training/config.toml \
        --datasets ../shared/datasets --out DIR [--corpus DIR] [--tokenizer FILE]

Builds the corpus (:mod:`engines.training.data.build`) and trains the tokenizer unless given,
trains a small ``BartForConditionalGeneration`` under a wall-clock budget (the learning rate
warms up, then follows a cosine over the budget, so a run always ends annealed), evaluates
greedy exact match on every held-out split, and writes ``DIR/hf`` (``save_pretrained`` in
fp16 shards with ``tokenizer.json`` beside, ready for ``askproxy model export``) and
``DIR/report.json`` (config, loss curve, accuracy). bf16 autocast on GPU. Seeds are fixed;
with a time budget the number of steps depends on the hardware, so ``max_steps`` pins it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import os
import random
import time
import tomllib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from engines.training import tokenizer as toks
from engines.training.t5_forward import T5TrainForward, supports

logger = logging.getLogger(__name__)


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


@dataclass
class Encoded:
    src: list[list[int]]
    tgt: list[list[int]]
    rows: list[dict[str, str]]


def encode(tok: Any, rows: list[dict[str, str]], max_src: int, max_tgt: int, drop_long: bool) -> Encoded:
    eos = tok.token_to_id(toks.EOS)
    srcs = [e.ids for e in tok.encode_batch([r["src"] for r in rows])]
    tgts = [e.ids + [eos] for e in tok.encode_batch([r["tgt"] for r in rows], add_special_tokens=False)]
    out = Encoded([], [], [])
    for s, t, r in zip(srcs, tgts, rows):
        if len(t) > max_tgt and drop_long:
            continue
        out.src.append(s if len(s) <= max_src else s[: max_src - 1] + [eos])
        out.tgt.append(t[:max_tgt])
        out.rows.append(r)
    return out


def batches(data: Encoded, max_tokens: int, max_rows: int, rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches of at most ``max_tokens`` padded tokens (source + target).

    Large batches on purpose: a model this small is bound by kernel launches, not arithmetic,
    so each step should carry as many tokens as memory allows.
    """
    idx = list(range(len(data.src)))
    rng.shuffle(idx)
    chunk = 100_000
    out: list[list[int]] = []
    for i in range(0, len(idx), chunk):
        part = sorted(idx[i:i + chunk], key=lambda j: (len(data.src[j]), len(data.tgt[j])))
        batch: list[int] = []
        width_s = width_t = 0
        for j in part:
            ws, wt = max(width_s, len(data.src[j])), max(width_t, len(data.tgt[j]))
            if batch and ((len(batch) + 1) * (ws + wt) > max_tokens or len(batch) >= max_rows):
                out.append(batch)
                batch, ws, wt = [], len(data.src[j]), len(data.tgt[j])
            batch.append(j)
            width_s, width_t = ws, wt
        if batch:
            out.append(batch)
    rng.shuffle(out)
    return out


def pad(seqs: list[list[int]], value: int) -> torch.Tensor:
    width = max(len(s) for s in seqs)
    arr = np.full((len(seqs), width), value, dtype=np.int64)
    for i, s in enumerate(seqs):
        arr[i, : len(s)] = s
    return torch.from_numpy(arr)


def make_model(cfg: dict[str, Any], tok: Any) -> Any:
    """A T5 (pre-norm: trains from scratch at a high learning rate without collapsing) or a BART."""
    pad_id, bos, eos = (tok.token_to_id(t) for t in (toks.PAD, toks.BOS, toks.EOS))
    fields = dict(cfg["model"])
    arch = fields.pop("architecture", "bart")
    if arch == "t5":
        from transformers import T5Config, T5ForConditionalGeneration
        return T5ForConditionalGeneration(T5Config(
            vocab_size=tok.get_vocab_size(), pad_token_id=pad_id, eos_token_id=eos, decoder_start_token_id=pad_id,
            tie_word_embeddings=True, **fields))
    from transformers import BartConfig, BartForConditionalGeneration
    return BartForConditionalGeneration(BartConfig(
        vocab_size=tok.get_vocab_size(), pad_token_id=pad_id, bos_token_id=bos, eos_token_id=eos,
        decoder_start_token_id=eos, forced_eos_token_id=eos, tie_word_embeddings=True, **fields))


class TrainStep:
    """One optimisation step: pad a batch, forward under bf16 autocast, loss, backward, AdamW.

    Written so that the host never waits for the GPU, because for a model this small the host
    is the bottleneck (bench/train_throughput.py): batches are copied from pinned memory (a copy
    from pageable memory waits for the stream), and T5 runs through :class:`T5TrainForward`,
    whose mask needs no look at the data. Other models (BART) run their own ``forward``.
    """

    def __init__(self, model: Any, tc: dict[str, Any], device: torch.device, compile_model: bool = False,
                 lean: bool = True, sdpa: bool = False) -> None:
        self.lean = lean and supports(model)
        forward = T5TrainForward(model, sdpa=sdpa).__call__ if self.lean else model
        # torch.compile: shapes vary per batch, hence dynamic. The module still owns the weights.
        self.forward = torch.compile(forward, dynamic=True) if compile_model else forward
        self.device = device
        self.tc = tc
        self.pad_id = model.config.pad_token_id
        self.start_id = model.config.decoder_start_token_id
        self.params = [p for p in model.parameters() if p.requires_grad]
        decay = [p for p in self.params if p.dim() >= 2]
        no_decay = [p for p in self.params if p.dim() < 2]
        self.opt = torch.optim.AdamW([{"params": decay, "weight_decay": tc["weight_decay"]},
                                      {"params": no_decay, "weight_decay": 0.0}], lr=tc["peak_lr"],
                                     betas=(0.9, 0.98), fused=device.type == "cuda")
        self.autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")

    def to_device(self, seqs: list[list[int]], value: int) -> torch.Tensor:
        host = pad(seqs, value)
        if self.device.type == "cuda":
            host = host.pin_memory()
        return host.to(self.device, non_blocking=True)

    def logits(self, src: torch.Tensor, dec_in: torch.Tensor) -> torch.Tensor:
        # No decoder padding mask: padding only trails, and the causal mask already hides it.
        if self.lean:
            mask = (src == self.pad_id).to(torch.float32).mul_(-1e9)[:, None, None, :]
            return self.forward(src, mask, dec_in)
        return self.forward(input_ids=src, attention_mask=(src != self.pad_id), decoder_input_ids=dec_in).logits

    def __call__(self, data: Encoded, batch: list[int], lr: float) -> torch.Tensor:
        for g in self.opt.param_groups:
            g["lr"] = lr
        src = self.to_device([data.src[i] for i in batch], self.pad_id)
        tgt = self.to_device([data.tgt[i] for i in batch], -100)
        dec_in = torch.cat([torch.full_like(tgt[:, :1], self.start_id), tgt[:, :-1]], dim=1)
        dec_in = dec_in.masked_fill(dec_in == -100, self.pad_id)
        with self.autocast:
            logits = self.logits(src, dec_in)
        # ignore_index rather than boolean indexing: no host sync.
        loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), tgt.view(-1), ignore_index=-100,
                               label_smoothing=self.tc["label_smoothing"])
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, self.tc["grad_clip"])
        self.opt.step()
        return loss.detach()


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
    chunks: int = 0              # invocations so far
    curve: list[dict[str, float]] = field(default_factory=list)


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
    progress = Progress(**state["progress"])
    progress.epoch_rng = _as_rng_state(progress.epoch_rng)
    return progress


def _as_rng_state(value: Any) -> Any:
    """random.Random states are nested tuples; a round trip through torch.save keeps them so."""
    return tuple(_as_rng_state(v) for v in value) if isinstance(value, (list, tuple)) else value


def schedule_fraction(progress: Progress, elapsed: float, tc: dict[str, Any], time_budget: float) -> float:
    """How far through the learning-rate schedule, and so the run (it ends at 1.0).

    ``schedule = "steps"``: by step over ``max_steps``, the same run on any hardware.
    ``schedule = "time"`` (the default): by wall clock over the time budget, so a run always
    ends annealed whatever the GPU (and earlier, at ``max_steps``, if that comes first)."""
    if tc.get("schedule", "time") == "steps":
        return progress.step / tc["max_steps"]
    return elapsed / time_budget


def train(model: Any, data: Encoded, cfg: dict[str, Any], device: torch.device, seed: int,
          time_budget: float, compile_model: bool = False, state: Path | None = None,
          stop_after: float | None = None) -> tuple[Progress, bool]:
    """Train to the end of the schedule (see :func:`schedule_fraction`); returns the progress and
    whether it finished.

    With ``state``, a run resumes from that file when it exists, and ``stop_after`` seconds end
    this invocation early: the state is saved and the same command continues the run.
    """
    tc = cfg["train"]
    step_fn = TrainStep(model, tc, device, compile_model)
    progress = Progress(epoch_rng=random.Random(seed).getstate())
    if state is not None and state.exists():
        progress = load_state(state, model, step_fn.opt, cfg)
        logger.info("resumed at step %d (%.0f s trained)", progress.step, progress.train_s)
    progress.chunks += 1
    model.train()
    rng = random.Random()
    rng.setstate(progress.epoch_rng)
    started = time.monotonic()
    while True:
        progress.epoch_rng = rng.getstate()
        order = batches(data, tc["max_tokens"], tc["max_rows"], rng)
        for k in range(progress.index, len(order)):
            now = time.monotonic()
            elapsed = progress.train_s + now - started
            frac = schedule_fraction(progress, elapsed, tc, time_budget)
            if frac >= 1.0 or progress.step >= tc["max_steps"]:
                progress.train_s = elapsed
                return progress, True
            if stop_after is not None and now - started >= stop_after:
                progress.train_s = elapsed
                if state is not None:
                    save_state(state, model, step_fn.opt, progress, cfg)
                return progress, False
            batch = order[k]
            loss = step_fn(data, batch, lr_at(progress.step, frac, tc))
            progress.step += 1
            progress.index = k + 1
            progress.tokens += len(batch) * (max(len(data.src[i]) for i in batch) + max(len(data.tgt[i]) for i in batch))
            if progress.step % tc["log_every"] == 0:
                point = {"step": progress.step, "loss": round(loss.item(), 4), "lr": step_fn.opt.param_groups[0]["lr"],
                         "elapsed_s": round(elapsed, 1), "tokens_per_s": round(progress.tokens / max(elapsed, 1e-9))}
                progress.curve.append(point)
                logger.info("%s", point)
        progress.index = 0


def normalise_sql(sql: str) -> str:
    return " ".join(sql.replace(" ;", "").rstrip(";").split())


@torch.no_grad()
def evaluate(model: Any, tok: Any, data: Encoded, device: torch.device, batch_size: int, num_beams: int,
             max_new: int) -> dict[str, Any]:
    model.eval()
    eos, pad_id = model.config.eos_token_id, model.config.pad_token_id
    order = sorted(range(len(data.src)), key=lambda i: len(data.src[i]))
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    examples = []
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")
    for k in range(0, len(order), batch_size):
        chunk = order[k:k + batch_size]
        src = pad([data.src[i] for i in chunk], pad_id).to(device)
        with autocast:
            out = model.generate(input_ids=src, attention_mask=(src != pad_id), max_new_tokens=max_new,
                                 num_beams=num_beams, do_sample=False)
        for i, ids in zip(chunk, out.tolist()):
            ids = ids[1:]
            if eos in ids:
                ids = ids[: ids.index(eos)]
            pred = toks.decode(tok, [t for t in ids if t != pad_id])
            gold = data.rows[i]["tgt"]
            ok = normalise_sql(pred) == normalise_sql(gold)
            for key in ("all", data.rows[i]["cat"]):
                hits[key][0] += ok
                hits[key][1] += 1
            if not ok and len(examples) < 15:
                examples.append({"src": data.rows[i]["src"][:160], "gold": gold, "pred": pred})
    model.train()
    return {"exact_match": {k: round(v[0] / v[1], 4) for k, v in sorted(hits.items())},
            "n": {k: v[1] for k, v in sorted(hits.items())}, "errors": examples}


def save(model: Any, tok: Any, out: Path) -> None:
    hf = out / "hf"
    model.to(torch.float16).save_pretrained(hf, max_shard_size="15MB", safe_serialization=True)
    model.float()
    toks.save(tok, hf / "tokenizer.json")


def main() -> None:
    ap = argparse.ArgumentParser(description="train the default askproxy text-to-SQL model")
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--datasets", type=Path, required=True, help="../shared/datasets")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, help="a corpus built by engines.training.data.build")
    ap.add_argument("--tokenizer", type=Path, help="a tokenizer.json trained on that corpus")
    ap.add_argument("--time-budget", type=float, help="override [train] time_budget_s")
    ap.add_argument("--limit", type=int, help="read at most this many training rows (smoke runs)")
    ap.add_argument("--eval-max", type=int, help="override [eval] max_examples")
    ap.add_argument("--init", type=Path, help="continue from this save_pretrained checkpoint")
    ap.add_argument("--only", help="train only on rows whose category starts with this (e.g. retail:)")
    ap.add_argument("--compile", action="store_true", help="torch.compile the training forward pass")
    ap.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="override a config value (TOML syntax), e.g. train.peak_lr=5e-4")
    ap.add_argument("--stop-after", type=float, metavar="SECONDS",
                    help="train at most this long in this invocation, save OUT/state.pt and exit 75; "
                         "the same command resumes (for machines lent a few minutes at a time)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = tomllib.loads(args.config.read_text())
    for item in args.set:
        key, _, value = item.partition("=")
        section, _, name = key.partition(".")
        cfg[section][name] = tomllib.loads(f"v = {value}")["v"]
    seed = cfg["seed"]
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    args.out.mkdir(parents=True, exist_ok=True)
    t_start = time.monotonic()

    corpus = args.corpus
    if corpus is None:
        corpus = args.out / "corpus"
        if not (corpus / "counts.json").exists():        # a resumed run reuses its corpus
            from engines.training.data.build import build
            build(args.datasets, corpus, cfg["data"]["size"], seed, workers=min(16, os.cpu_count() or 1))
    rows = read_jsonl(corpus / "train.jsonl.gz", args.limit)
    if args.only:
        rows = [r for r in rows if r["cat"].startswith(args.only)]
    own_tokenizer = args.out / "tokenizer.json"
    if args.tokenizer is not None or own_tokenizer.exists():
        from tokenizers import Tokenizer
        tok = Tokenizer.from_file(str(args.tokenizer or own_tokenizer))
    else:
        tok = toks.train_tokenizer(toks.corpus_texts(rows), cfg["data"]["vocab_size"])
        toks.save(tok, own_tokenizer)
    dc = cfg["data"]
    data = encode(tok, rows, dc["max_source_length"], dc["max_target_length"], drop_long=True)
    logger.info("encoded %d/%d training examples in %.0fs", len(data.src), len(rows), time.monotonic() - t_start)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = True
    if args.init is not None:
        from transformers import AutoModelForSeq2SeqLM
        model = AutoModelForSeq2SeqLM.from_pretrained(str(args.init)).float().to(device)
    else:
        model = make_model(cfg, tok).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    logger.info("model: %.2fM parameters on %s", n_params / 1e6, device)
    budget = args.time_budget or cfg["train"]["time_budget_s"]
    state = args.out / "state.pt"
    progress, finished = train(model, data, cfg, device, seed, budget, args.compile, state, args.stop_after)
    if not finished:
        logger.info("stopped at step %d of %d; run the same command again to continue",
                    progress.step, cfg["train"]["max_steps"])
        raise SystemExit(75)
    curve = progress.curve
    save(model, tok, args.out)           # first, so that a run cut short during eval keeps its model
    model.float()

    ec = cfg["eval"]
    results = {}
    for path in sorted(corpus.glob("eval_*.jsonl.gz")):
        name = path.name[len("eval_"):-len(".jsonl.gz")]
        ev_rows = read_jsonl(path, args.eval_max or ec["max_examples"])
        ev = encode(tok, ev_rows, dc["max_source_length"], dc["max_target_length"], drop_long=False)
        results[name] = evaluate(model, tok, ev, device, ec["batch_size"], ec["num_beams"], dc["max_target_length"])
        logger.info("eval %s: %s", name, results[name]["exact_match"].get("all"))
    report = {"config": cfg, "parameters": n_params, "train_examples": len(data.src), "curve": curve,
              "steps": progress.step, "train_s": round(progress.train_s, 1), "invocations": progress.chunks,
              "eval": results,
              "device": torch.cuda.get_device_name() if device.type == "cuda" else "cpu",
              "wall_s": round(time.monotonic() - t_start, 1)}
    (args.out / "report.json").write_text(json.dumps(report, indent=1))
    logger.info("done in %.0fs", report["wall_s"])


if __name__ == "__main__":
    main()
