"""Parity: our ONNX Runtime greedy and beam outputs equal transformers' own generate.

Tiny random BART and T5 models built from configs; a batch of mixed lengths.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="parity tests need torch and transformers")
pytest.importorskip("transformers", reason="parity tests need transformers")

from engines.decoding import pad_batch  # noqa: E402
from engines.engine import Seq2SeqEngine  # noqa: E402
from engines.export.convert import ExportOptions, export_model, load_hf_model  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from tests.engine_models import VOCAB, make_bart, make_t5  # noqa: E402

# every test here exports a BART and a T5 and generates with transformers next to them (~80 s)
pytestmark = pytest.mark.slow

SOURCES = [[5, 9, 17, 33, 41, 12, 8], [7, 7, 21], [30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40], [60, 4]]


@pytest.fixture(scope="module", params=["bart", "t5"])
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp(request.param)
    hf = (make_bart if request.param == "bart" else make_t5)(root / "hf")
    out = root / "model"
    export_model(hf, out, ExportOptions(fp16=True, int8_dynamic=False))   # fp32/fp16 parity
    return hf, out


def hf_generate(hf: Path, sources: list[list[int]], **kwargs: object) -> list[list[int]]:
    model = load_hf_model(hf)
    pad = model.config.pad_token_id
    ids, mask = pad_batch(sources, pad)
    with torch.no_grad():
        out = model.generate(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                             do_sample=False, min_length=0, no_repeat_ngram_size=0, forced_bos_token_id=None,
                             forced_eos_token_id=None, length_penalty=1.0, early_stopping=False, **kwargs)
    eos = model.config.eos_token_id
    rows = []
    for seq in out.tolist():
        seq = seq[1:]                       # decoder start token
        if eos in seq:
            seq = seq[: seq.index(eos)]
        rows.append(seq)
    return rows


@pytest.mark.parametrize("max_new", [12])
def test_greedy_matches_transformers(exported: tuple[Path, Path], max_new: int) -> None:
    hf, out = exported
    engine = Seq2SeqEngine.load(out, backend="onnxruntime")
    results = engine.generate([GenerationRequest(s, max_new_tokens=max_new) for s in SOURCES])
    assert [r.best[0] for r in results] == hf_generate(hf, SOURCES, max_new_tokens=max_new, num_beams=1)


@pytest.mark.parametrize("beams,returned", [(3, 3), (4, 2)])
def test_beam_matches_transformers(exported: tuple[Path, Path], beams: int, returned: int) -> None:
    hf, out = exported
    engine = Seq2SeqEngine.load(out, backend="onnxruntime")
    requests = [GenerationRequest(s, max_new_tokens=10, num_beams=beams, num_return_sequences=returned)
                for s in SOURCES]
    ours = [[tokens for tokens, _ in r.candidates] for r in engine.generate(requests)]
    theirs = hf_generate(hf, SOURCES, max_new_tokens=10, num_beams=beams, num_return_sequences=returned)
    assert ours == [theirs[i * returned:(i + 1) * returned] for i in range(len(SOURCES))]


def test_beam_scores_are_length_normalised_and_sorted(exported: tuple[Path, Path]) -> None:
    _, out = exported
    engine = Seq2SeqEngine.load(out, backend="onnxruntime")
    (result,) = engine.generate([GenerationRequest(SOURCES[0], max_new_tokens=8, num_beams=3,
                                                   num_return_sequences=3)])
    scores = [s for _, s in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(s <= 0 for s in scores)


def test_batched_equals_alone(exported: tuple[Path, Path]) -> None:
    _, out = exported
    engine = Seq2SeqEngine.load(out, backend="onnxruntime")
    together = engine.generate([GenerationRequest(s, max_new_tokens=9) for s in SOURCES])
    alone = [engine.generate([GenerationRequest(s, max_new_tokens=9)])[0] for s in SOURCES]
    assert [r.best[0] for r in together] == [r.best[0] for r in alone]
    np.testing.assert_allclose([r.best[1] for r in together], [r.best[1] for r in alone], atol=1e-4)


def test_allowed_tokens_hook_restricts_every_step(exported: tuple[Path, Path]) -> None:
    _, out = exported
    engine = Seq2SeqEngine.load(out, backend="onnxruntime")
    eos = engine.model.manifest.special_tokens.eos
    allowed = np.zeros(VOCAB, dtype=bool)
    allowed[[10, 11, 12, eos]] = True
    seen: list[list[int]] = []

    def hook(prefix: list[int]) -> np.ndarray:
        seen.append(list(prefix))
        return allowed

    for beams in (1, 3):
        (result,) = engine.generate([GenerationRequest(SOURCES[0], max_new_tokens=6, num_beams=beams,
                                                       allowed_tokens=hook)])
        assert all(set(tokens) <= {10, 11, 12} for tokens, _ in result.candidates)
    assert [] in seen


def test_fp16_graphs_within_tolerance(exported: tuple[Path, Path]) -> None:
    _, out = exported
    fp32 = Seq2SeqEngine.load(out, backend="onnxruntime", precision="fp32")
    fp16 = Seq2SeqEngine.load(out, backend="onnxruntime", precision="fp16")
    requests = [GenerationRequest(s, max_new_tokens=8) for s in SOURCES]
    a, b = fp32.generate(requests), fp16.generate(requests)
    agree = sum(x.best[0] == y.best[0] for x, y in zip(a, b))
    assert agree >= len(SOURCES) - 1
    for x, y in zip(a, b):
        if x.best[0] == y.best[0]:
            assert abs(x.best[1] - y.best[1]) < 0.05 * max(1.0, abs(x.best[1]))


def test_torch_session_matches_onnxruntime(exported: tuple[Path, Path]) -> None:
    hf, out = exported
    ort_engine = Seq2SeqEngine.load(out, backend="onnxruntime")
    torch_engine = Seq2SeqEngine.load(out, backend="torch")
    assert torch_engine.backend_name.startswith("torch-")
    requests = [GenerationRequest(s, max_new_tokens=10, num_beams=b) for s in SOURCES for b in (1, 3)]
    a, b = ort_engine.generate(requests), torch_engine.generate(requests)
    assert [r.candidates[0][0] for r in a] == [r.candidates[0][0] for r in b]
    np.testing.assert_allclose([r.best[1] for r in a], [r.best[1] for r in b], atol=1e-4)

