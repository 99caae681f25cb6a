"""batch_report rebuilds the batches a run trains on, in train()'s order, and says what they hold."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("transformers", reason="training needs torch and transformers")

import torch  # noqa: E402
from transformers import T5Config, T5ForConditionalGeneration  # noqa: E402

from training import train as tr  # noqa: E402
from training.batch_report import batch_order, describe, report, source  # noqa: E402
from training.batching import Encoded  # noqa: E402
from training.step import TrainStep  # noqa: E402

CATS = ["retail:top", "generic:count", "real:geography", "retail:scalar"]


def _data(n: int = 30) -> Encoded:
    rng = random.Random(5)
    src = [[rng.randrange(2, 40) for _ in range(rng.randrange(3, 15))] + [1] for _ in range(n)]
    tgt = [[t for t in s[:-1] if t % 2] + [1] for s in src]
    return Encoded(src, tgt, [{"cat": CATS[i % len(CATS)]} for i in range(n)])


def _cfg() -> dict:
    return {"train": {"peak_lr": 1e-3, "weight_decay": 0.0, "label_smoothing": 0.0, "grad_clip": 1.0,
                      "max_tokens": 80, "max_rows": 6, "warmup_steps": 2, "max_steps": 25, "log_every": 5,
                      "schedule": "steps"}}


@pytest.mark.slow
def test_batches_are_the_ones_train_steps_through(monkeypatch) -> None:
    seen: list[list[int]] = []

    class Recording(TrainStep):
        def __call__(self, data, batch, lr):        # type: ignore[no-untyped-def]
            seen.append(list(batch))
            return super().__call__(data, batch, lr)

    monkeypatch.setattr(tr, "TrainStep", Recording)
    cfg = T5Config(vocab_size=40, d_model=16, d_kv=4, d_ff=32, num_layers=1, num_decoder_layers=1, num_heads=2,
                   feed_forward_proj="relu", pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)
    data = _data()
    _, finished = tr.train(T5ForConditionalGeneration(cfg), data, _cfg(), torch.device("cpu"), seed=11, time_budget=1e9)
    assert finished and len(seen) == 25
    order = batch_order(data, _cfg()["train"], seed=11)
    rebuilt = [next(order) for _ in range(25)]
    assert rebuilt == seen
    assert len({tuple(b) for b in seen}) < 25     # more than one epoch: the order continues across epochs


def test_report_describes_the_asked_steps() -> None:
    data = _data()
    tc = _cfg()["train"]
    first = next(batch_order(data, tc, seed=11))
    got = report(data, tc, seed=11, steps=[3, 1])
    assert sorted(got) == [1, 3]
    assert got[1] == describe(data, first)
    assert got[1]["rows"] == len(first) and sum(got[1]["sources"].values()) == len(first)
    assert got[1]["source_width"] == max(len(data.src[i]) for i in first)


def test_sources_group_categories() -> None:
    assert [source(c) for c in CATS] == ["retail", "generic", "real:geography", "retail"]
