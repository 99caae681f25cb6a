"""The corpus as token batches: read the JSON lines, tokenize, bucket by length, pad."""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from training import tokenizer as toks


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
