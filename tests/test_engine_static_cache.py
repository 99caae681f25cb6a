"""TorchSession's static-cache path: same tokens as ONNX Runtime and as the dynamic cache.

Runs on CPU everywhere (the static step eagerly); on a CUDA machine the same checks run with
CUDA graphs. Requests of mixed lengths and beam widths, EOS disabled so that generations run
long enough to shift cache columns, under a row budget that makes requests join and leave
mid-flight (continuous batching), reuse slots and compact rows.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the torch backend needs torch")
pytest.importorskip("transformers", reason="building the test models needs transformers")

from engines.decoding import DecodeLoop, run_to_completion  # noqa: E402
from engines.export.convert import ExportOptions, export_model  # noqa: E402
from engines.generation import GenerationRequest, GenerationResult  # noqa: E402
from engines.model_dir import ModelDir, SpecialTokens  # noqa: E402
from engines.sessions.ort import OrtSession  # noqa: E402
from engines.sessions.slot_pool import StaleStateError, bucket_columns, bucket_rows  # noqa: E402
from engines.sessions.torch_session import TorchSession  # noqa: E402
from tests.engine_models import make_bart, make_t5  # noqa: E402

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(scope="module", params=["bart", "t5"])
def model_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ModelDir:
    root = tmp_path_factory.mktemp(f"static_{request.param}")
    hf = (make_bart if request.param == "bart" else make_t5)(root / "hf")
    return export_model(hf, root / "model", ExportOptions(validate=False))


def mixed_requests(count: int, seed: int = 0) -> list[GenerationRequest]:
    rng = np.random.default_rng(seed)
    return [GenerationRequest([int(x) for x in rng.integers(4, 90, size=int(rng.integers(2, 50)))],
                              max_new_tokens=int(rng.integers(1, 45)), num_beams=int(rng.choice([1, 1, 2, 3])))
            for _ in range(count)]


def run(session: object, model: ModelDir, requests: list[GenerationRequest], max_rows: int,
        eos: bool = False) -> list[GenerationResult]:
    special = model.manifest.special_tokens
    if not eos:
        special = SpecialTokens(special.pad, -1, special.decoder_start)
    return run_to_completion(DecodeLoop(session, special, model.manifest.max_source_length),  # type: ignore[arg-type]
                             requests, max_rows)


def tokens(results: list[GenerationResult]) -> list[list[list[int]]]:
    return [[t for t, _ in r.candidates] for r in results]


@pytest.mark.slow
@pytest.mark.parametrize("device", DEVICES)
def test_static_cache_matches_onnxruntime_and_dynamic_cache(model_dir: ModelDir, device: str) -> None:
    requests = mixed_requests(12)
    static = TorchSession.from_model_dir(model_dir, device=device, cache="static")
    dynamic = TorchSession.from_model_dir(model_dir, device=device, cache="dynamic")
    reference = run(OrtSession(model_dir), model_dir, requests, max_rows=7)
    ours = run(static, model_dir, requests, max_rows=7)
    assert tokens(ours) == tokens(reference)
    assert tokens(run(dynamic, model_dir, requests, max_rows=7)) == tokens(reference)
    np.testing.assert_allclose([r.best[1] for r in ours], [r.best[1] for r in reference], atol=1e-4)
    pool = static._static.pool   # type: ignore[union-attr]
    assert pool.columns < max(r.max_new_tokens for r in requests) + 32   # columns were shifted, not grown


@pytest.mark.slow
@pytest.mark.parametrize("device", DEVICES)
def test_static_cache_with_eos_and_allowed_tokens(model_dir: ModelDir, device: str) -> None:
    allowed = np.zeros(model_dir.manifest.vocab_size, dtype=bool)
    allowed[[10, 11, 12, model_dir.manifest.special_tokens.eos]] = True
    requests = [GenerationRequest(r.input_ids, max_new_tokens=r.max_new_tokens, num_beams=r.num_beams,
                                  allowed_tokens=(lambda _p: allowed) if i % 2 else None)
                for i, r in enumerate(mixed_requests(8, seed=3))]
    static = TorchSession.from_model_dir(model_dir, device=device)
    ours = run(static, model_dir, requests, max_rows=64, eos=True)
    assert tokens(ours) == tokens(run(OrtSession(model_dir), model_dir, requests, max_rows=64, eos=True))
    for i, result in enumerate(ours):
        if i % 2:
            assert set(result.best[0]) <= {10, 11, 12}


@pytest.mark.slow
@pytest.mark.parametrize("device", DEVICES)
def test_greedy_look_ahead_matches_onnxruntime(model_dir: ModelDir, device: str) -> None:
    """The next step launched from the device's own top-1 tokens, kept or discarded correctly."""
    requests = [GenerationRequest(r.input_ids, max_new_tokens=r.max_new_tokens) for r in mixed_requests(10, seed=5)]
    requests[3] = GenerationRequest(requests[3].input_ids, max_new_tokens=30, num_beams=2)   # a miss mid-run
    session = TorchSession.from_model_dir(model_dir, device=device)
    session._static.look_ahead = True   # type: ignore[union-attr]
    ours = run(session, model_dir, requests, max_rows=5)
    assert tokens(ours) == tokens(run(OrtSession(model_dir), model_dir, requests, max_rows=5))
    assert session._static.look_ahead_hits > 20   # type: ignore[union-attr]


@pytest.mark.slow
def test_rows_leaving_free_slots_without_copies(model_dir: ModelDir) -> None:
    session = TorchSession.from_model_dir(model_dir, device="cpu")
    ids = np.array([[5, 6, 7], [8, 9, 1], [4, 4, 4]])
    state = session.encode(ids, np.ones_like(ids))
    state, _, _ = session.step(state, np.full(3, 2), np.zeros(3, dtype=np.int64), None, 1)
    pool = session._static.pool   # type: ignore[union-attr]
    kept = session.select(state, np.array([2, 0]))
    assert list(kept.slots) == [2, 0] and list(np.flatnonzero(pool.live)) == [0, 2]
    with pytest.raises(StaleStateError):
        session.step(state, np.full(3, 2), np.ones(3, dtype=np.int64), None, 1)
    beams = session.select(kept, np.array([0, 0, 1]))      # a repeated row is copied to a free slot
    assert sorted(beams.slots) == [0, 1, 2]
    assert torch.equal(pool.self_kv[:, 1, :, :1], pool.self_kv[:, 2, :, :1])


def test_buckets() -> None:
    assert [bucket_rows(n) for n in (1, 3, 33, 64, 65, 300, 600)] == [1, 4, 48, 64, 96, 384, 640]
    assert [bucket_columns(n) for n in (1, 32, 33, 129)] == [32, 32, 64, 160]


@pytest.mark.slow
@pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA graphs need a CUDA GPU")
def test_cuda_graphs_are_captured_once_per_bucket(model_dir: ModelDir) -> None:
    session = TorchSession.from_model_dir(model_dir, device="cuda")
    static = session._static   # type: ignore[union-attr]
    assert static is not None and static.graphs is not None
    requests = [GenerationRequest([5, 6, 7, 8], max_new_tokens=20) for _ in range(4)]
    first = run(session, model_dir, requests, max_rows=8)
    captured = len(static.graphs)
    assert tokens(run(session, model_dir, requests, max_rows=8)) == tokens(first)
    assert len(static.graphs) == captured


@pytest.mark.slow
@pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA graphs need a CUDA GPU")
def test_graphs_recaptured_after_the_pool_grows(model_dir: ModelDir) -> None:
    """Growing the slot pool drops every graph and the memory pool they shared; the next
    captures take a new pool (the stale handle tripped the caching allocator, issue 19) and no
    bucket falls back to eager."""
    session = TorchSession.from_model_dir(model_dir, device="cuda")
    static = session._static   # type: ignore[union-attr]
    assert static is not None and static.graphs is not None
    widths = 2 if static.verifies_drafts else 1         # a step, and a drafts' verify call (T5)
    encoder = session._encoder_graphs   # type: ignore[union-attr]
    encoded = 2 if encoder is not None and encoder.graphs is not None else 0   # (rows, source)
    assert session.warm_up(rows=[1, 2], columns=[32], source=[64]) == 2 * widths + encoded
    small = [GenerationRequest([5, 6, 7, 8], max_new_tokens=20) for _ in range(2)]
    want_small = tokens(run(session, model_dir, small, max_rows=2))
    big = mixed_requests(40, seed=3)
    want_big = tokens(run(OrtSession(model_dir), model_dir, big, max_rows=64))
    assert tokens(run(session, model_dir, big, max_rows=64)) == want_big     # grows the pool
    assert static.graphs.enabled and not static.graphs._failed and len(static.graphs) > 0
    assert tokens(run(session, model_dir, small, max_rows=2)) == want_small


@pytest.mark.slow
@pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA graphs need a CUDA GPU")
@pytest.mark.parametrize("max_draft", [8, 32])
def test_engine_captures_every_bucket_before_traffic(model_dir: ModelDir, max_draft: int) -> None:
    """Every bucket up to the longest answer plus the verify width; the verify step (T5) only
    in buckets of at least its width (at max_draft 32, 33 tokens: not the 32-column one, whose
    capture hit a device-side assert and left the H100 proxy without its model)."""
    from engines.engine import Seq2SeqEngine
    from engines.sessions.slot_pool import COLUMN_QUANTUM
    session = TorchSession.from_model_dir(model_dir, device="cuda", verify_width=max_draft + 1)
    engine = Seq2SeqEngine(model_dir, session, max_draft=max_draft)
    static = session._static   # type: ignore[union-attr]
    width = max_draft + 1 if static.verifies_drafts else 1
    manifest = model_dir.manifest
    columns = -(-(manifest.max_target_length + width) // COLUMN_QUANTUM)
    sources = -(-manifest.max_source_length // COLUMN_QUANTUM)
    captured_by_warm_up = engine.warm_up(max_rows=4)
    verify_columns = sum(1 for c in range(1, columns + 1) if c * COLUMN_QUANTUM >= width) if width > 1 else 0
    assert len(static.graphs) == 3 * (columns + verify_columns) * sources     # rows 1, 2, 4
    assert static.graphs.stats.failures == 0
    encoder = session._encoder_graphs   # type: ignore[union-attr]
    encoded = len(encoder.graphs) if encoder is not None and encoder.graphs is not None else 0
    assert encoded in (0, 3 * sources)                  # the encoder's (rows, source) buckets
    assert captured_by_warm_up == len(static.graphs) + encoded
    captured = len(static.graphs)
    requests = [GenerationRequest([5, 6, 7, 8], max_new_tokens=20) for _ in range(3)]
    run(session, model_dir, requests, max_rows=4)
    assert len(static.graphs) == captured          # nothing captured in the requests


def test_engine_warm_up_is_a_no_op_without_graphs(model_dir: ModelDir) -> None:
    from engines.engine import Seq2SeqEngine
    assert Seq2SeqEngine(model_dir, OrtSession(model_dir)).warm_up(max_rows=8) == 0
    assert Seq2SeqEngine(model_dir, TorchSession.from_model_dir(model_dir, device="cpu")).warm_up(max_rows=8) == 0


@pytest.mark.parametrize("backend", ["torch", "onnxruntime"])
def test_max_draft_sets_the_drafter_and_the_torch_verify_width(model_dir: ModelDir, backend: str) -> None:
    """``[engine] max_draft``: the drafter's longest draft, and the torch static session's verify
    step one wider (ONNX Runtime verifies any width; BART's static step verifies none)."""
    from engines.engine import Seq2SeqEngine
    engine = Seq2SeqEngine.load(model_dir, backend=backend, precision="fp32", max_draft=32)
    session = engine.session
    if not getattr(session, "verifies_drafts", False):
        assert engine.drafter is None
        return
    assert engine.drafter is not None and engine.drafter.max_draft == 32
    if backend == "torch":
        assert getattr(session, "max_draft_tokens") == 32
