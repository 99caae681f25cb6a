"""Engine benchmark: latency p50/p95 and throughput versus concurrency (not a test).

Workload (the seed article's): a BART-large-shaped random model, 128 input tokens, 64 forced
output tokens (EOS is never accepted, so every request decodes exactly 64 steps). Systems:

* ``hf-eager``: transformers ``generate`` in eager PyTorch; concurrency c is served as one
  static batch of c requests per call (generous to it: no queueing, perfect batches).
* ``torch``: our engine, TorchSession with static caches and CUDA graphs (captured for the
  workload's shape buckets before timing), behind the Batcher (continuous batching), c
  concurrent asyncio clients each submitting requests back to back.
* ``torch-dynamic``: the same with the dynamic cache (eager step, ``torch.cat``-grown caches):
  the engine as it was before static caches, for a same-card comparison.
* ``onnxruntime``: our engine on ONNX Runtime (CPU here), same harness.

Writes one JSON line per (system, concurrency) and prints a table. Also reports the
weight-read floor per decode step (decoder + LM-head weight bytes / measured copy bandwidth)
and, for the torch system, a step profile: per-step time of the bare session loop at fixed
batch sizes (host clock, one sync a step as in serving) and of the captured graph alone
(CUDA events over back-to-back replays).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engines.batcher import Batcher  # noqa: E402
from engines.decoding import DecodeLoop  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from engines.model_dir import SpecialTokens  # noqa: E402


@dataclass(frozen=True)
class Workload:
    input_len: int = 128
    output_len: int = 64


def bart_large_random(seed: int = 0, device: str = "cpu") -> Any:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration
    torch.manual_seed(seed)
    config = BartConfig(forced_bos_token_id=None, forced_eos_token_id=None)   # bart-large shape
    with torch.device(device):           # random init on the GPU takes a second, on the CPU a minute
        return BartForConditionalGeneration(config).eval()


class ForcedLengthEngine:
    """Adapts a session for the Batcher with EOS disabled, so every request runs output_len steps."""

    def __init__(self, session: Any, special: SpecialTokens, max_source: int) -> None:
        self.session = session
        self.special = SpecialTokens(pad=special.pad, eos=-1, decoder_start=special.decoder_start)
        self.max_source = max_source

    def new_loop(self) -> DecodeLoop:
        return DecodeLoop(self.session, self.special, self.max_source)


def requests(n: int, work: Workload, vocab: int, seed: int = 1) -> list[GenerationRequest]:
    rng = np.random.default_rng(seed)
    return [GenerationRequest([int(x) for x in rng.integers(4, vocab - 1, size=work.input_len)],
                              max_new_tokens=work.output_len) for _ in range(n)]


async def _drive(batcher: Batcher, reqs: list[GenerationRequest], concurrency: int) -> list[float]:
    queue = list(reqs)
    latencies: list[float] = []

    async def client() -> None:
        while queue:
            request = queue.pop()
            start = time.perf_counter()
            result = await batcher.submit(request)
            assert len(result.best[0]) == request.max_new_tokens
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies


def bench_engine(name: str, engine: ForcedLengthEngine, work: Workload, vocab: int, levels: list[int],
                 per_level: dict[int, int]) -> list[dict[str, Any]]:
    rows = []
    for c in levels:
        batcher = Batcher(engine, max_batch_size=max(levels), max_queue_delay_ms=2.0, max_queue=4096)
        batcher.start()
        try:
            asyncio.run(_drive(batcher, requests(min(c, 4), work, vocab, seed=99), min(c, 4)))   # warm-up
            n = per_level.get(c, 2 * c)
            start = time.perf_counter()
            lat = asyncio.run(_drive(batcher, requests(n, work, vocab), c))
            wall = time.perf_counter() - start
        finally:
            batcher.close()
        rows.append(_row(name, c, lat, n, wall, work))
        print(json.dumps(rows[-1]), flush=True)
    return rows


def bench_hf(model: Any, work: Workload, vocab: int, levels: list[int], per_level: dict[int, int]) -> list[dict[str, Any]]:
    import torch
    rows = []
    for c in levels:
        n = per_level.get(c, 2 * c)
        batches = max(1, n // c)
        ids = torch.tensor([r.input_ids for r in requests(c, work, vocab)], device=model.device)
        kwargs = dict(max_new_tokens=work.output_len, min_new_tokens=work.output_len, num_beams=1, do_sample=False)
        with torch.inference_mode():
            model.generate(input_ids=ids[: min(c, 4)], **kwargs)    # warm-up
            lat = []
            start = time.perf_counter()
            for _ in range(batches):
                t = time.perf_counter()
                model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), **kwargs)
                torch.cuda.synchronize() if model.device.type == "cuda" else None
                lat += [time.perf_counter() - t] * c
            wall = time.perf_counter() - start
        rows.append(_row("hf-eager", c, lat, batches * c, wall, work))
        print(json.dumps(rows[-1]), flush=True)
    return rows


def _row(name: str, c: int, lat: list[float], n: int, wall: float, work: Workload) -> dict[str, Any]:
    lat_sorted = sorted(lat)
    return {"system": name, "concurrency": c, "requests": n, "p50_ms": 1000 * statistics.median(lat_sorted),
            "p95_ms": 1000 * lat_sorted[max(0, -(-95 * len(lat_sorted) // 100) - 1)], "req_per_s": n / wall,
            "tokens_per_s": n * work.output_len / wall}


def weight_floor(model: Any, bandwidth_gbs: float, bytes_per_param: int) -> dict[str, float]:
    decoder = model.get_decoder()
    params = sum(p.numel() for n, p in decoder.named_parameters() if "embed_tokens" not in n)
    params += model.lm_head.weight.numel()
    floor_ms = params * bytes_per_param / (bandwidth_gbs * 1e9) * 1000
    return {"decoder_plus_head_params": params, "bytes_per_param": bytes_per_param,
            "bandwidth_GBps": bandwidth_gbs, "floor_ms_per_step": floor_ms}


def measure_bandwidth() -> float:
    import torch
    x = torch.empty(1 << 30, dtype=torch.uint8, device="cuda")
    y = torch.empty_like(x)
    for _ in range(3):
        y.copy_(x)
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(20):
        y.copy_(x)
    end.record()
    torch.cuda.synchronize()
    return 2 * 20 * x.numel() / (start.elapsed_time(end) / 1000) / 1e9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", default="hf-eager,torch",
                        help="comma list: hf-eager, torch, torch-dynamic, onnxruntime")
    parser.add_argument("--model", default="bart-large-random", help="'bart-large-random' or an exported model dir")
    parser.add_argument("--onnx-dir", type=Path, help="exported dir of the same model, for the onnxruntime system")
    parser.add_argument("--concurrency", default="1,8,64,256")
    parser.add_argument("--requests", default="", help="per-level counts, e.g. 1:16,8:64")
    parser.add_argument("--out", type=Path, default=Path("bench_engine.jsonl"))
    parser.add_argument("--int8-eval", type=Path, help="model dir with int8 graphs: compare with fp32 on ORT CPU")
    parser.add_argument("--prompts", type=Path, help="prompts for --int8-eval (text or JSON lines with 'src')")
    parser.add_argument("--prompt-count", type=int, default=64)
    parser.add_argument("--thresholds", default="",
                        help="confidence thresholds for --int8-eval (default: the int8 p10 and p50)")
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--no-eos", action="store_true", help="--int8-eval: decode max-new-tokens every time")
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.concurrency.split(",")]
    per_level = {int(k): int(v) for k, v in (p.split(":") for p in args.requests.split(",") if p)}
    systems = args.systems.split(",")
    work = Workload()
    rows: list[dict[str, Any]] = []
    if args.int8_eval is not None:
        rows += bench_int8(args.int8_eval, args.prompts, args.prompt_count,
                           [float(t) for t in args.thresholds.split(",") if t], args.max_new_tokens, args.no_eos)
        systems = []
    if {"hf-eager", "torch", "torch-dynamic"} & set(systems):
        rows += bench_torch_systems(args.model, systems, work, levels, per_level)
    if "onnxruntime" in systems:
        rows += bench_ort(args.onnx_dir, work, levels, per_level)
    with args.out.open("a") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print_table(rows)
    return 0


def bench_torch_systems(model_arg: str, systems: list[str], work: Workload, levels: list[int],
                        per_level: dict[int, int]) -> list[dict[str, Any]]:
    import torch
    from engines.sessions.torch_session import TorchSession
    if model_arg == "bart-large-random":
        model = bart_large_random(device="cuda")
    else:
        from engines.export.convert import load_hf_model
        model = load_hf_model(Path(model_arg) / "torch")
    model = model.to("cuda", torch.float16).eval()
    info = weight_floor(model, measure_bandwidth(), 2)
    info["gpu"] = torch.cuda.get_device_name()
    info["torch"] = torch.__version__
    print(json.dumps({"floor": info}), flush=True)
    rows: list[dict[str, Any]] = [{"system": "floor", **info}]
    vocab = model.config.vocab_size
    special = SpecialTokens(int(model.config.pad_token_id), int(model.config.eos_token_id),
                            int(model.config.decoder_start_token_id))
    if "torch" in systems:
        rows += _guarded("torch", lambda: bench_static(model, special, work, vocab, levels, per_level))
    if "hf-eager" in systems:
        rows += _guarded("hf-eager", lambda: bench_hf(model, work, vocab, levels, per_level))
    if "torch-dynamic" in systems:
        session = TorchSession(model, "cuda", torch.float16, cache="dynamic")
        rows += _guarded("torch-dynamic", lambda: bench_engine(
            "torch-cuda-fp16-dynamic", ForcedLengthEngine(session, special, 1024), work, vocab, levels, per_level))
    return rows


def _guarded(name: str, run: Any) -> list[dict[str, Any]]:
    """One system failing (on a one-shot GPU lease) must not lose the others' numbers."""
    try:
        return list(run())
    except Exception:
        import traceback
        traceback.print_exc()
        print(json.dumps({"failed": name}), flush=True)
        return []


def bench_static(model: Any, special: SpecialTokens, work: Workload, vocab: int, levels: list[int],
                 per_level: dict[int, int]) -> list[dict[str, Any]]:
    import torch
    from engines.sessions.torch_session import TorchSession
    session = TorchSession(model, "cuda", torch.float16, cache="static", cuda_graphs=True)
    started = time.perf_counter()
    graphs = session.warm_up(rows=sorted({1, *_row_buckets(max(levels))}),
                             columns=[32, 64, work.output_len + 1], source=[work.input_len])
    print(json.dumps({"captured_graphs": graphs, "seconds": time.perf_counter() - started}), flush=True)
    rows = _guarded("step-profile", lambda: profile_steps(
        session, work, vocab, [b for b in (1, 64, 256) if b <= max(levels)]))
    rows += bench_engine("torch-cuda-fp16-graphs", ForcedLengthEngine(session, special, 1024), work, vocab,
                         levels, per_level)
    static = session._static
    print(json.dumps({"graphs_after": len(static.graphs) if static.graphs is not None else None,
                      "look_ahead_hits": static.look_ahead_hits}), flush=True)
    return rows


def _row_buckets(limit: int) -> list[int]:
    from engines.sessions.slot_pool import ROW_BUCKETS
    return [b for b in ROW_BUCKETS if b <= limit] + [limit]


def profile_steps(session: Any, work: Workload, vocab: int, batches: list[int]) -> list[dict[str, Any]]:
    """Per-step times of the bare session at fixed batch sizes: host loop, and graph replay alone."""
    import torch
    rows = []
    rng = np.random.default_rng(5)
    for batch in batches:
        ids = rng.integers(4, vocab - 1, size=(batch, work.input_len))
        static = session._static
        row: dict[str, Any] = {"system": "step-profile", "batch": batch, "graph_replay_ms": -1.0}
        for ahead in (False, True):
            static.look_ahead = ahead
            state = session.encode(ids, np.ones_like(ids))
            tokens = np.full(batch, 2, dtype=np.int64)
            torch.cuda.synchronize()
            start = time.perf_counter()
            for t in range(work.output_len):
                state, _, top = session.step(state, tokens, np.full(batch, t, dtype=np.int64), None, 1)
                tokens = top[:, 0]
            name = "host_loop_ms_per_step" if ahead else "host_loop_no_look_ahead_ms_per_step"
            row[name] = 1000 * (time.perf_counter() - start) / work.output_len
        print(json.dumps(row), flush=True)
        rows.append(row)
        key = (static.pool.generation, *_bucket_key(batch, work), 1)     # one token a row
        if static.graphs is not None and key in static.graphs._graphs:
            row["graph_replay_ms"] = _replay_ms(static, state, key, work)
            print(json.dumps(row), flush=True)
    return rows


def _replay_ms(static: Any, state: Any, key: tuple[int, int, int, int, int], work: Workload) -> float:
    """Back-to-back replays of one bucket's graph. The device-side inputs must be valid for that
    bucket: the look-ahead has already advanced the write column past it, so reload them."""
    import torch
    pool = static.pool
    torch.cuda.synchronize()
    static._pending = None
    saved, pool.write_pos = pool.write_pos, work.output_len - 1   # last column of the 64 bucket
    rows = len(state.slots)
    with torch.inference_mode():   # the pool's device tensors were made as inference tensors
        pool.load_inputs(state.slots, np.full(rows, 5, dtype=np.int64), np.full(rows, work.output_len - 1))
    graph, _ = static.graphs._graphs[key]
    begin, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    begin.record()
    for _ in range(50):
        graph.replay()
    end.record()
    torch.cuda.synchronize()
    pool.write_pos = saved
    return float(begin.elapsed_time(end) / 50)


def _bucket_key(batch: int, work: Workload) -> tuple[int, int, int]:
    from engines.sessions.slot_pool import bucket_columns, bucket_rows
    return bucket_rows(batch), bucket_columns(work.output_len), bucket_columns(work.input_len)


def bench_ort(onnx_dir: Path | None, work: Workload, levels: list[int], per_level: dict[int, int]) -> list[dict[str, Any]]:
    from engines.model_dir import ModelDir
    from engines.sessions.ort import OrtSession
    if onnx_dir is None:
        raise SystemExit("--onnx-dir is needed for the onnxruntime system")
    model = ModelDir.load(onnx_dir)
    engine = ForcedLengthEngine(OrtSession(model), model.manifest.special_tokens, model.manifest.max_source_length)
    return bench_engine("onnxruntime-cpu-fp32", engine, work, model.manifest.vocab_size, levels, per_level)


def bench_int8(model_dir: Path, prompts_file: Path, count: int, thresholds: list[float],
               max_new_tokens: int, no_eos: bool) -> list[dict[str, Any]]:
    """ORT CPU, fp32 vs int8 Q/DQ graphs on real prompts: latency, agreement, monitor re-runs.

    ``no_eos`` forces every request to ``max_new_tokens`` (random-weight models stop at once)."""
    from dataclasses import replace
    from engines.confidence import ConfidencePolicy, MonitoredLoop, confidence
    from engines.engine import Seq2SeqEngine
    from engines.export.int8 import read_prompts
    from engines.model_dir import ModelDir
    model = ModelDir.load(model_dir)
    if no_eos:
        special = replace(model.manifest.special_tokens, eos=-1)
        model = ModelDir(model.path, replace(model.manifest, special_tokens=special))
    fp32 = Seq2SeqEngine.load(model, backend="onnxruntime", precision="fp32", max_batch_rows=8)
    tokenizer = fp32.tokenizer
    limit = model.manifest.max_source_length
    reqs = [GenerationRequest(tokenizer.encode(p).ids[:limit] or [model.manifest.special_tokens.pad],
                              max_new_tokens=max_new_tokens) for p in read_prompts(prompts_file, count)]
    rows = []
    reference, seconds = _timed(fp32.generate, reqs)
    rows.append({"system": "int8-eval", "precision": "fp32", "requests": len(reqs), "seconds": seconds,
                 "sequence_agreement": 1.0, "token_agreement": 1.0, "rerun": 0})
    pending: list[float | None] = [None, *thresholds]
    while pending:
        threshold = pending.pop(0)
        engine = Seq2SeqEngine.load(model, backend="onnxruntime", precision="int8", max_batch_rows=8,
                                    policy=ConfidencePolicy(threshold))
        results, seconds = _timed(engine.generate, reqs)
        loop = engine.last_loop
        rerun = loop.stats.rerun if isinstance(loop, MonitoredLoop) else 0
        rows.append({"system": "int8-eval", "precision": "int8", "threshold": threshold, "requests": len(reqs),
                     "seconds": seconds, "rerun": rerun, **_agreement(reference, results)})
        if threshold is None:
            low = sorted(confidence(r, x) for r, x in zip(reqs, results))
            rows[-1]["confidence_p10_p50"] = [low[len(low) // 10], low[len(low) // 2]]
            if not thresholds:     # auto: re-run the least confident 10% and 50%
                pending = [low[len(low) // 10] + 1e-6, low[len(low) // 2] + 1e-6]
        print(json.dumps(rows[-1]), flush=True)
    return rows


def _timed(fn: Any, arg: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(arg)
    return out, time.perf_counter() - start


def _agreement(reference: list[Any], results: list[Any]) -> dict[str, float]:
    same = [a.best[0] == b.best[0] for a, b in zip(reference, results)]
    tokens = total = 0
    for a, b in zip(reference, results):
        x, y = a.best[0], b.best[0]
        tokens += sum(p == q for p, q in zip(x, y))
        total += max(len(x), len(y), 1)
    return {"sequence_agreement": sum(same) / len(same), "token_agreement": tokens / total}


def print_table(rows: list[dict[str, Any]]) -> None:
    print(f"{'system':24} {'conc':>5} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>8} {'tok/s':>9}")
    for r in rows:
        if r["system"] == "int8-eval":
            print(f"{r['precision']} threshold={r.get('threshold')}: {r['requests']} requests in {r['seconds']:.2f} s, "
                  f"sequence agreement {r['sequence_agreement']:.3f}, token agreement {r['token_agreement']:.3f}, "
                  f"re-run {r['rerun']}")
            continue
        if r["system"] == "step-profile":
            nan = float("nan")
            print(f"step profile, batch {r['batch']}: session loop {r.get('host_loop_ms_per_step', nan):.3f} ms/step "
                  f"({r.get('host_loop_no_look_ahead_ms_per_step', nan):.3f} without look-ahead), "
                  f"graph replay {r['graph_replay_ms']:.3f} ms")
            continue
        if r["system"] == "floor":
            print(f"floor: {r['floor_ms_per_step']:.3f} ms/step ({r['decoder_plus_head_params']/1e6:.0f}M params fp16 "
                  f"at {r['bandwidth_GBps']:.0f} GB/s measured copy bandwidth, {r.get('gpu', '')})")
            continue
        print(f"{r['system']:24} {r['concurrency']:>5} {r['requests']:>5} {r['p50_ms']:>9.1f} {r['p95_ms']:>9.1f} "
              f"{r['req_per_s']:>8.1f} {r['tokens_per_s']:>9.0f}")


if __name__ == "__main__":
    sys.exit(main())
