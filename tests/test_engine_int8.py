"""INT8 Q/DQ export and the confidence monitor (ONNX Runtime on CPU, tiny random T5)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("transformers", reason="exporting the test model needs torch and transformers")

import onnx  # noqa: E402

from engines.batcher import Batcher  # noqa: E402
from engines.confidence import ConfidencePolicy, MonitoredLoop  # noqa: E402
from engines.engine import Seq2SeqEngine  # noqa: E402
from engines.export.convert import ExportOptions, export_model  # noqa: E402
from engines.export.int8 import read_prompts  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from engines.model_dir import ModelDir  # noqa: E402
from tests.engine_models import make_t5  # noqa: E402


def prompts(count: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(f"w{x}" for x in rng.integers(4, 90, size=int(rng.integers(3, 30)))) for _ in range(count)]


@pytest.fixture(scope="module")
def int8_model(tmp_path_factory: pytest.TempPathFactory) -> ModelDir:
    root = tmp_path_factory.mktemp("int8")
    calibration = root / "prompts.txt"
    calibration.write_text("\n".join(prompts(32, seed=0)) + "\n")
    hf = make_t5(root / "hf")
    return export_model(hf, root / "model", ExportOptions(validate=False, int8=True, calibration=calibration,
                                                               int8_dynamic=False))


def requests(count: int = 16) -> list[GenerationRequest]:
    rng = np.random.default_rng(7)
    return [GenerationRequest([int(x) for x in rng.integers(4, 90, size=int(rng.integers(3, 25)))],
                              max_new_tokens=16, num_beams=1 + (i % 4 == 0)) for i in range(count)]


def best(results: list) -> list[list[int]]:   # type: ignore[type-arg]
    return [r.best[0] for r in results]


@pytest.mark.slow
def test_int8_export_writes_explicit_qdq_graphs(int8_model: ModelDir) -> None:
    assert int8_model.manifest.precisions == ("fp32", "int8")
    assert int8_model.manifest.extra["int8"]["calibration_prompts"] == 32
    decoder = onnx.load(str(int8_model.graph_path("decoder", "int8")))
    ops = {n.op_type for n in decoder.graph.node}
    assert {"QuantizeLinear", "DequantizeLinear", "MatMul", "Softmax"} <= ops
    zero_points = [i for i in decoder.graph.initializer if i.name.endswith("_zero_point")]
    assert zero_points and all(onnx.numpy_helper.to_array(z).dtype == np.int8 for z in zero_points)
    assert all(not onnx.numpy_helper.to_array(z).any() for z in zero_points)   # symmetric: TensorRT-ready


@pytest.mark.slow
def test_int8_generates_mostly_the_fp32_tokens(int8_model: ModelDir) -> None:
    fp32 = Seq2SeqEngine.load(int8_model, backend="onnxruntime")
    int8 = Seq2SeqEngine.load(int8_model, backend="onnxruntime", precision="int8")
    a, b = fp32.generate(requests()), int8.generate(requests())
    same = [x == y for x, y in zip(best(a), best(b))]
    assert sum(same) >= len(same) // 2
    assert not any(r.rerun for r in b)


@pytest.mark.slow
def test_monitor_reruns_low_confidence_requests_at_full_precision(int8_model: ModelDir) -> None:
    fp32 = best(Seq2SeqEngine.load(int8_model, backend="onnxruntime").generate(requests()))
    forced = Seq2SeqEngine.load(int8_model, backend="onnxruntime", precision="int8",
                                policy=ConfidencePolicy(threshold=0.0))      # every answer is below 0
    results = forced.generate(requests())
    assert best(results) == fp32 and all(r.rerun for r in results)
    assert isinstance(forced.last_loop, MonitoredLoop) and forced.last_loop.stats.rerun == len(results)
    never = Seq2SeqEngine.load(int8_model, backend="onnxruntime", precision="int8",
                               policy=ConfidencePolicy(threshold=-1e9))
    plain = Seq2SeqEngine.load(int8_model, backend="onnxruntime", precision="int8")
    assert best(never.generate(requests())) == best(plain.generate(requests()))


@pytest.mark.slow
async def test_monitor_behind_the_batcher(int8_model: ModelDir) -> None:
    fp32 = best(Seq2SeqEngine.load(int8_model, backend="onnxruntime").generate(requests(8)))
    engine = Seq2SeqEngine.load(int8_model, backend="onnxruntime", precision="int8",
                                policy=ConfidencePolicy(threshold=0.0))
    batcher = Batcher(engine, max_batch_size=4, max_queue_delay_ms=1.0)
    batcher.start()
    try:
        import asyncio
        results = await asyncio.gather(*(batcher.submit(r, timeout_s=30) for r in requests(8)))
    finally:
        batcher.close()
    assert best(list(results)) == fp32 and all(r.rerun for r in results)


def test_calibration_file_formats(tmp_path: Path) -> None:
    text = tmp_path / "p.txt"
    text.write_text("first prompt\n\nsecond prompt\n")
    rows = tmp_path / "p.jsonl.gz"
    with gzip.open(rows, "wt") as fh:
        fh.write("\n".join(json.dumps({"src": s, "tgt": "SELECT 1"}) for s in ("a b", "c d", "e f")))
    assert read_prompts(text, 10) == ["first prompt", "second prompt"]
    assert read_prompts(rows, 2) == ["a b", "c d"]
    (tmp_path / "empty.txt").write_text("\n")
    with pytest.raises(ValueError):
        read_prompts(tmp_path / "empty.txt", 10)
