"""Validate exported graphs against transformers (run as a subprocess by export).

Compares the encoder output and, for a teacher-forced decoder prefix, the logits of every
step of our cached decoder graphs against one full transformers forward pass, within the
architecture's tolerance. Exit status 1 with the worst difference on failure.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import torch

from engines.decoding import pad_batch
from engines.export.convert import load_hf_model
from engines.export.specs import spec_for
from engines.model_dir import ModelDir
from engines.sessions.ort import OrtOptions, OrtSession


def compare(hf_dir: str, out_dir: str, precision: str) -> float:
    model = load_hf_model(hf_dir)
    spec = spec_for(model.config)
    tol = spec.fp32_tolerance if precision == "fp32" else spec.fp16_tolerance
    model_dir = ModelDir.load(out_dir)
    session = OrtSession(model_dir, OrtOptions(precision=precision))
    rng = np.random.default_rng(0)
    vocab = model_dir.manifest.vocab_size
    sources = [list(rng.integers(4, vocab, size=n)) for n in (9, 4)]
    ids, mask = pad_batch(sources, model_dir.manifest.special_tokens.pad)
    prefix = np.concatenate([np.full((2, 1), model_dir.manifest.special_tokens.decoder_start),
                             rng.integers(4, vocab, size=(2, 5))], axis=1)
    with torch.no_grad():
        ref = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                    decoder_input_ids=torch.from_numpy(prefix)).logits.float().numpy()
    ref = ref - ref.max(-1, keepdims=True)
    ref = ref - np.log(np.exp(ref).sum(-1, keepdims=True))
    state = session.encode(ids, mask)
    worst = 0.0
    for t in range(prefix.shape[1]):
        state, scores, top = session.step(state, prefix[:, t], np.full(2, t), None, vocab)
        ours = np.empty((2, vocab), dtype=np.float32)
        np.put_along_axis(ours, top, scores, axis=-1)
        allowed = tol.atol + tol.rtol * np.abs(ref[:, t])
        worst = max(worst, float((np.abs(ours - ref[:, t]) / allowed).max()))
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("hf_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--precision", default="fp32")
    args = parser.parse_args(argv)
    model = load_hf_model(args.hf_dir)
    spec = spec_for(model.config)
    tol = spec.fp32_tolerance if args.precision == "fp32" else spec.fp16_tolerance
    worst = compare(args.hf_dir, args.out_dir, args.precision)
    print(f"worst log-prob difference = {worst:.3g} x tolerance (atol {tol.atol}, rtol {tol.rtol})")
    return 0 if worst <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
