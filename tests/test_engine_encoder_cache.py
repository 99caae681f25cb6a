"""The engine's encoder cache: a wider decode of a prompt just decoded skips the encoder and
gives what a fresh engine gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("transformers", reason="exporting the test model needs torch and transformers")

from engines.decoding import EncoderCache  # noqa: E402
from engines.engine import Seq2SeqEngine  # noqa: E402
from engines.export.convert import ExportOptions, export_model  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from tests.engine_models import make_t5  # noqa: E402


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("encoder_cache")
    return export_model(make_t5(root / "hf"), root / "model", ExportOptions(validate=False, torch_weights=False)).path


def counting(engine: Seq2SeqEngine) -> list[int]:
    calls: list[int] = []
    encode = engine.session.encode

    def counted(ids: np.ndarray, mask: np.ndarray):  # type: ignore[no-untyped-def]
        calls.append(ids.shape[0])
        return encode(ids, mask)
    engine.session.encode = counted  # type: ignore[method-assign]
    return calls


@pytest.mark.slow
def test_a_beam_retry_of_the_same_prompt_reuses_the_encoding(model_dir: Path) -> None:
    engine = Seq2SeqEngine.load(model_dir, backend="onnxruntime", precision="fp32")
    calls = counting(engine)
    greedy = GenerationRequest([5, 9, 17, 33, 41, 8], max_new_tokens=12)
    wider = dataclasses.replace(greedy, num_beams=4, num_return_sequences=4)
    engine.generate([greedy])
    retried = engine.generate([wider])[0]
    assert calls == [1]                                    # the retry did not encode again
    fresh = Seq2SeqEngine.load(model_dir, backend="onnxruntime", precision="fp32").generate([wider])[0]
    assert [c[0] for c in retried.candidates] == [c[0] for c in fresh.candidates]
    np.testing.assert_allclose([c[1] for c in retried.candidates], [c[1] for c in fresh.candidates], atol=1e-5)
    engine.generate([dataclasses.replace(greedy, input_ids=[5, 9, 17])])
    engine.generate([greedy, dataclasses.replace(greedy, input_ids=[7, 7])])   # batched: not cached
    assert calls == [1, 1, 2]


def test_encoder_cache_keeps_the_latest_entries() -> None:
    cache = EncoderCache(size=2)
    cache.put((1,), "a")
    cache.put((2,), "b")
    assert cache.get((1,)) == "a"                          # (1,) is now the most recent
    cache.put((3,), "c")
    assert cache.get((2,)) is None and cache.get((1,)) == "a" and cache.get((3,)) == "c"
