"""The cross-encoder's fit script end to end on the CPU: a tiny BERT and a few hundred rows of the
rows file's format, 20 steps a variant; what it writes (one deltas file a variant with its
held-out scores, and the report) is what the numpy runtime reads and scores alike."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from ask.translate.sketch import xenc_place

torch = pytest.importorskip("torch")
fit = pytest.importorskip("training.xenc.fit")

CONFIG = {"hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 4, "num_hidden_layers": 2,
          "vocab_size": 50, "max_position_embeddings": 32, "type_vocab_size": 2, "layer_norm_eps": 1e-12}


def _base(rng: np.random.Generator) -> dict[str, np.ndarray]:
    w, inner = CONFIG["hidden_size"], CONFIG["intermediate_size"]
    out = {"embeddings.word_embeddings.weight": rng.normal(0, 0.5, (CONFIG["vocab_size"], w)),
           "embeddings.position_embeddings.weight": rng.normal(0, 0.1, (CONFIG["max_position_embeddings"], w)),
           "embeddings.token_type_embeddings.weight": rng.normal(0, 0.1, (2, w)),
           "embeddings.LayerNorm.weight": np.ones(w), "embeddings.LayerNorm.bias": np.zeros(w)}
    for i in range(CONFIG["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        for name, shape in (("attention.self.query", (w, w)), ("attention.self.key", (w, w)),
                            ("attention.self.value", (w, w)), ("attention.output.dense", (w, w)),
                            ("intermediate.dense", (inner, w)), ("output.dense", (w, inner))):
            out[p + name + ".weight"] = rng.normal(0, 0.2, shape)
            out[p + name + ".bias"] = rng.normal(0, 0.02, shape[0])
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            out[p + norm + ".weight"], out[p + norm + ".bias"] = np.ones(w), np.zeros(w)
    return {k: v.astype(np.float16) for k, v in out.items()}


def _rows(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Rows as training.xenc.rows writes them: 5 entries a span, one of them right where the
    entry's tokens repeat the span's (a pattern the tiny model can begin to learn)."""
    ids = np.zeros((n, 16), np.uint16)
    lengths, len_a, y = np.zeros(n, np.uint8), np.zeros(n, np.uint8), np.zeros(n, np.float32)
    for i in range(n):
        a = rng.integers(5, 50, rng.integers(3, 7))
        b = a[:2] if i % 5 == 0 else rng.integers(5, 50, 2)
        row = [1, *a, 2, *b, 2]
        ids[i, :len(row)] = row
        lengths[i], len_a[i], y[i] = len(row), len(a) + 2, float(i % 5 == 0)
    span = np.arange(n) // 5
    return {"ids": ids, "lengths": lengths, "len_a": len_a, "y": y, "w": np.ones(n, np.float32),
            "span": span.astype(np.int32), "question": span.astype(np.int32), "held": span % 4 == 0,
            "source": (span % 4).astype(np.uint8), "allowed": np.ones(n, bool),
            "cos": rng.uniform(0.3, 0.9, n).astype(np.float16), "rank": (np.arange(n) % 5).astype(np.uint8),
            "head": rng.uniform(0, 1, n).astype(np.float16), "rule": np.arange(n) % 5 == 0,
            "head_threshold": np.float32(0.7), "sources": np.asarray(["wikisql", "real", "generated", "mismatch"])}


def test_fit_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    base = _base(rng)
    np.savez(tmp_path / "base.npz", config=np.asarray(json.dumps(CONFIG)), **base)      # type: ignore[arg-type]
    np.savez_compressed(tmp_path / "rows.npz", **_rows(rng, 400))     # type: ignore[arg-type]
    out = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["fit.py", "--rows", str(tmp_path / "rows.npz"), "--base", str(tmp_path / "base.npz"),
                                      "--out", str(out), "--steps", "20", "--batch", "16", "--rank", "4",
                                      "--alpha", "8", "--variants", "lora_ffn,top1"])
    fit.main()
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "xenc_lora_ffn.npz", "xenc_top1.npz"]
    report = json.loads((out / "report.json").read_text())
    assert [r["variant"] for r in report] == ["lora_ffn", "top1"]
    assert all(r["steps"] == 20 and r["held_out_all"]["rows"] == 100 for r in report)
    with np.load(tmp_path / "rows.npz") as f:
        d = {k: f[k] for k in f.files}
    for variant in ("lora_ffn", "top1"):
        with np.load(out / f"xenc_{variant}.npz") as f:
            shipped = {k: f[k] for k in f.files}
        held, probs = shipped.pop("heldout_rows"), shipped.pop("heldout_probs").astype(np.float32)
        assert 0.0 <= float(shipped["threshold"]) <= 1.0
        trained = {k: v for k, v in shipped.items() if k not in ("meta", "threshold")}
        scorer = xenc_place.PairEncoder(CONFIG, base, trained)
        pairs = [(d["ids"][i, :d["lengths"][i]].tolist(), int(d["len_a"][i])) for i in held]
        got = scorer(pairs)
        # the shipped deltas and scores are fp16: the numpy runtime agrees with the torch scores to that
        assert np.abs(got - probs).max() < 5e-3
