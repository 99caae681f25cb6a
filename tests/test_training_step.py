"""The training step (the same loss as transformers' own, and it learns) and resumable runs."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("transformers", reason="training needs torch and transformers")

import torch  # noqa: E402
from transformers import T5Config, T5ForConditionalGeneration  # noqa: E402

from training import train as tr  # noqa: E402
from training.batching import Encoded, pad  # noqa: E402
from training.progress import Progress, lr_at, schedule_fraction  # noqa: E402
from training.step import TrainStep  # noqa: E402

TC = {"peak_lr": 3e-3, "weight_decay": 0.0, "label_smoothing": 0.0, "grad_clip": 1.0}


def _model() -> T5ForConditionalGeneration:
    torch.manual_seed(0)
    cfg = T5Config(vocab_size=40, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_decoder_layers=2, num_heads=4,
                   dropout_rate=0.0, feed_forward_proj="relu", pad_token_id=0, eos_token_id=1,
                   decoder_start_token_id=0, tie_word_embeddings=True)
    return T5ForConditionalGeneration(cfg)


def _data(n: int = 12) -> Encoded:
    rng = random.Random(3)
    src = [[rng.randrange(2, 40) for _ in range(rng.randrange(3, 11))] + [1] for _ in range(n)]
    tgt = [[t for t in s[:-1] if t % 2] + [1] for s in src]   # learnable: keep the odd tokens
    return Encoded(src, tgt, [{} for _ in range(n)])


@pytest.mark.parametrize("lean", [True, False])
def test_step_loss_is_transformers_loss_with_a_padded_batch(lean: bool) -> None:
    data = _data()
    batch = list(range(len(data.src)))           # varied lengths: the padding mask matters
    reference = _model()
    src = pad([data.src[i] for i in batch], 0)
    labels = pad([data.tgt[i] for i in batch], -100)
    with torch.no_grad():
        expected = reference(input_ids=src, attention_mask=(src != 0), labels=labels).loss
    step = TrainStep(_model(), TC, torch.device("cpu"), lean=lean)
    assert step.lean == lean
    loss = step(data, batch, lr=0.0)                # lr 0: the weights stay as they were
    torch.testing.assert_close(loss, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.slow
def test_step_learns_a_toy_mapping() -> None:
    data = _data()
    step = TrainStep(_model(), TC, torch.device("cpu"))
    batch = list(range(len(data.src)))
    first = float(step(data, batch, TC["peak_lr"]))
    for _ in range(60):
        last = float(step(data, batch, TC["peak_lr"]))
    assert last < first / 3


def _cfg(max_steps: int) -> dict:
    return {"model": {"d_model": 32}, "train": dict(TC, max_tokens=60, max_rows=4, warmup_steps=3, max_steps=max_steps,
                                                   schedule="steps", log_every=1, label_smoothing=0.05)}


def _dropout_model() -> T5ForConditionalGeneration:
    model = _model()
    for module in model.modules():
        if isinstance(module, torch.nn.Dropout):
            module.p = 0.1          # so that resuming must also restore the dropout RNG
    model.config.dropout_rate = 0.1
    return model


@pytest.mark.slow
def test_a_run_stopped_and_resumed_equals_one_run(tmp_path, monkeypatch) -> None:
    data = _data()
    cfg = _cfg(max_steps=14)              # several epochs of 3-4 batches: resumes mid-epoch
    whole = _dropout_model()
    progress, finished = tr.train(whole, data, cfg, torch.device("cpu"), seed=7, time_budget=1e9)
    assert finished and progress.step == 14

    clock = iter(range(10**6))
    monkeypatch.setattr(tr.time, "monotonic", lambda: float(next(clock)))   # one second per look
    state = tmp_path / "state.pt"
    first, finished = tr.train(_dropout_model(), data, cfg, torch.device("cpu"), seed=7, time_budget=1e9,
                               state=state, stop_after=5)
    assert not finished and 0 < first.step < 14 and state.exists()
    resumed = _dropout_model()
    with torch.no_grad():                 # different weights: the state must replace them
        for p in resumed.parameters():
            p.add_(1.0)
    second, finished = tr.train(resumed, data, cfg, torch.device("cpu"), seed=7, time_budget=1e9, state=state)
    assert finished and second.step == 14 and second.invocations == 2
    assert [p["loss"] for p in second.curve] == [p["loss"] for p in progress.curve]
    for (name, a), b in zip(whole.named_parameters(), resumed.parameters()):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)


@pytest.mark.slow
def test_a_killed_run_resumes_from_its_last_periodic_save(tmp_path, monkeypatch) -> None:
    data = _data()
    cfg = _cfg(max_steps=14)
    whole = _dropout_model()
    progress, _ = tr.train(whole, data, cfg, torch.device("cpu"), seed=7, time_budget=1e9)

    clock = iter(range(10**6))
    monkeypatch.setattr(tr.time, "monotonic", lambda: float(next(clock)))   # one second per look
    state = tmp_path / "state.pt"
    saved: list[int] = []
    real_save = tr.save_state
    monkeypatch.setattr(tr, "save_state", lambda path, model, opt, p, c: (saved.append(p.step), real_save(path, model, opt, p, c)))
    # runs to the end, so state.pt holds what a kill after the last save would have left
    tr.train(_dropout_model(), data, cfg, torch.device("cpu"), seed=7, time_budget=1e9, state=state, save_every=4)
    assert len(saved) >= 3 and 0 < saved[-1] < 14
    monkeypatch.setattr(tr, "save_state", real_save)
    resumed = _dropout_model()
    second, finished = tr.train(resumed, data, cfg, torch.device("cpu"), seed=7, time_budget=1e9, state=state)
    assert finished and second.step == 14
    assert [p["loss"] for p in second.curve] == [p["loss"] for p in progress.curve]
    for (name, a), b in zip(whole.named_parameters(), resumed.parameters()):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)


def test_resuming_with_another_configuration_is_refused(tmp_path, monkeypatch) -> None:
    clock = iter(range(10**6))
    monkeypatch.setattr(tr.time, "monotonic", lambda: float(next(clock)))
    state = tmp_path / "state.pt"
    tr.train(_model(), _data(), _cfg(10), torch.device("cpu"), seed=7, time_budget=1e9, state=state, stop_after=3)
    with pytest.raises(SystemExit, match="another"):
        tr.train(_model(), _data(), _cfg(20), torch.device("cpu"), seed=7, time_budget=1e9, state=state)


def test_step_schedule_anneals_by_step_count() -> None:
    tc = _cfg(100)["train"]
    start = Progress(step=0)
    end = Progress(step=100)
    assert schedule_fraction(start, elapsed=999.0, tc=tc, time_budget=1.0) == 0.0
    assert schedule_fraction(end, elapsed=0.0, tc=tc, time_budget=1.0) == 1.0
    assert lr_at(99, 0.99, tc) < 0.06 * tc["peak_lr"] < lr_at(50, 0.5, tc)


@pytest.mark.slow
def test_a_probe_watches_the_run_without_changing_it() -> None:
    data = _data()
    plain = _dropout_model()
    base, _ = tr.train(plain, data, _cfg(max_steps=12), torch.device("cpu"), seed=7, time_budget=1e9)
    cfg = _cfg(max_steps=12)
    cfg["train"]["probe_every"] = 4
    src = pad([data.src[i] for i in range(4)], 0)

    def probe(model: T5ForConditionalGeneration) -> float:   # a greedy decode, as held_out_probe's
        assert not model.training
        out = model.generate(input_ids=src, attention_mask=(src != 0), max_new_tokens=6, do_sample=False)
        return float(out.float().mean())

    watched = _dropout_model()
    progress, finished = tr.train(watched, data, cfg, torch.device("cpu"), seed=7, time_budget=1e9, probe=probe)
    assert finished and [p["step"] for p in progress.probes] == [4, 8, 12]
    assert watched.training                     # back to training mode after each probe
    assert [p["loss"] for p in progress.curve] == [p["loss"] for p in base.curve]
    for (name, a), b in zip(plain.named_parameters(), watched.parameters()):
        torch.testing.assert_close(a, b, rtol=0, atol=0, msg=name)
