"""Engine-only load as the proxy makes it (not a test): closed-loop clients on the batcher the proxy starts.

Each of N clients submits the demo questions' prompts (built over the demo schema as the
proxy builds them, schema-constrained decoding on, every fourth request a 4-beam request, as a
retry is) and sends its next request when the last is answered. No database, no proxy, no
checks: what remains is the engine's own work, so a change to the decode loop, the batcher or
a session shows here without the noise of the rest. Prints per client count: requests/s, the
engine's stage means per request (queue, encode, decode; as the proxy's histogram has them),
the process CPU time per request (both cores: the host work a request costs, steadier than
wall time on a shared machine), decoder calls and rows per call, then the engine thread's host
time per decoder call by phase (:mod:`engines.host_phases`: inputs, masks, forward, sync,
select, advance, reorder, finish; admit: joining new requests between calls), and the same per row of a call (what scales with the batch). ``--step-cost`` prints instead the decoder call's cost by
rows and source length (what a row costs a step).

    python bench/bench_engine_clients.py --clients 1,16
    python bench/bench_engine_clients.py --step-cost
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engines.engine import Seq2SeqEngine  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from engines.host_phases import HostPhases  # noqa: E402
from engines.lanes import start_batcher  # noqa: E402


def demo_load(engine: Seq2SeqEngine, questions: Path, limit: int) -> list[GenerationRequest]:
    from ask.translate.engine_translator import IdentifierConstraint, Vocabulary
    from ask.translate.prompt import build_prompt
    from tests.test_refusal import DEMO
    hook = IdentifierConstraint(Vocabulary(engine.tokenizer), DEMO)
    rows = [json.loads(line) for line in questions.read_text().splitlines() if line.strip()][:limit]
    cap = engine.model.manifest.max_source_length
    out = []
    for i, row in enumerate(rows):
        beams = 4 if i % 4 == 3 else 1
        out.append(GenerationRequest(engine.tokenizer.encode(build_prompt(row["question"], DEMO)).ids[:cap],
                                     max_new_tokens=128, num_beams=beams, num_return_sequences=beams,
                                     allowed_tokens=hook))
    return out


def row_calls(batcher: Any) -> Any:
    """The engine threads' decode loops' row-calls by kind (RowCalls; the fast loop's with the
    confidence monitor; a laned batcher's lanes added), or None before this tree counted them."""
    tallies = []
    for lane in getattr(batcher, "lanes", (batcher,)):
        loop = getattr(lane, "_loop", None)
        tally = getattr(getattr(loop, "fast", loop), "row_calls", None)
        if tally is None:
            return None
        tallies.append(tally)
    total = replace(tallies[0])
    for more in tallies[1:]:
        for f in fields(total):
            setattr(total, f.name, getattr(total, f.name) + getattr(more, f.name))
    return total


def row_call_line(tally: Any, n: int) -> str:
    """Row-calls per request: greedy rows in verify calls and plain steps, beam rows; tokens a
    greedy row emitted per verify call; the share of calls that verified."""
    calls = max(1, tally.verify_calls + tally.plain_calls)
    return (f"   row-calls/req: greedy verify {tally.greedy_verify / n:.1f}  greedy plain {tally.greedy_plain / n:.1f}"
            f"  beam {(tally.beam_verify + tally.beam_plain) / n:.1f}  all "
            f"{(tally.greedy_verify + tally.greedy_plain + tally.beam_verify + tally.beam_plain) / n:.1f};"
            f"  tokens/greedy row/verify {tally.greedy_verify_tokens / max(1, tally.greedy_verify):.2f};"
            f"  verify calls {tally.verify_calls / calls:.0%} of {calls}")


async def closed_loop(engine: Seq2SeqEngine, requests: list[GenerationRequest], clients: int,
                      max_batch_size: int, lanes: bool | None = None) -> tuple[dict[str, float], HostPhases, str]:
    """``lanes``: beam requests on a decode loop of their own (engines.lanes; None: where the
    session allows it, as the proxy does)."""
    batcher = start_batcher(engine, max_batch_size, lanes=lanes)
    try:
        for request in requests[:8]:                      # warm-up: drafter, draft policy
            await batcher.submit(request)
        before, phases = batcher.stats(), batcher.host_phases()
        tally = row_calls(batcher)
        tally_before = None if tally is None else replace(tally)
        spent = {"queue": 0.0, "encode": 0.0, "decode": 0.0}
        queue = iter(requests)

        async def client() -> None:
            for request in queue:
                result = await batcher.submit(request)
                assert result.timings is not None
                for stage in spent:
                    spent[stage] += getattr(result.timings, f"{stage}_s")

        wall, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        n = len(requests)
        after = batcher.stats()
        calls = max(1, after.steps - before.steps)
        tally = row_calls(batcher)
        line = "" if tally is None or tally_before is None else row_call_line(tally.since(tally_before), n)
        return ({"req/s": n / wall, **{k: 1000 * v / n for k, v in spent.items()},
                 "cpu ms/req": 1000 * cpu / n, "calls/req": calls / n, "rows/call": (after.rows - before.rows) / calls},
                batcher.host_phases().since(phases), line)
    finally:
        batcher.close()


def step_cost(engine: Seq2SeqEngine) -> None:
    session: object = engine.session
    rng = np.random.default_rng(0)

    def cost(rows: int, source: int, width: int, past: int = 40, reps: int = 30) -> float:
        """Each call goes on from the state the last one returned (a slot-pool session, the
        static torch one, refuses a state it already stepped); a verify keeps one column."""
        ids = rng.integers(10, min(8000, int(session.vocab_size)), size=(rows, source))  # type: ignore[attr-defined]
        state = session.encode(ids, np.ones_like(ids))   # type: ignore[attr-defined]
        for t in range(past):
            state, _, _ = session.step(state, np.full(rows, 5), np.full(rows, t), None, 1)  # type: ignore[attr-defined]
        times = []
        for t in range(past, past + reps):
            started = time.perf_counter()
            if width == 1:
                state, _, _ = session.step(state, np.full(rows, 5), np.full(rows, t), None, 1)  # type: ignore[attr-defined]
                times.append(time.perf_counter() - started)
            else:
                state, *_ = session.verify(state, np.full((rows, width), 5), np.full(rows, width),  # type: ignore[attr-defined]
                                           np.tile(np.arange(width), (rows, 1)) + t, None, 1)
                times.append(time.perf_counter() - started)
                state = session.accept(state, np.ones(rows, dtype=np.int64), width)  # type: ignore[attr-defined]
        return 1000 * float(np.median(times))

    verifies = getattr(session, "verifies_drafts", False)
    print(f"{engine.backend_name} {engine.precision}: decoder call, median ms (past 40 columns)")
    for rows in (1, 16):
        for source in (64, 192, 448):
            line = f"rows {rows:2d} source {source:3d}: step {cost(rows, source, 1):6.2f}"
            if verifies:
                line += f"   verify 5 tokens {cost(rows, source, 5):6.2f}"
            print(line, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=ROOT / "engines" / "models" / "askproxy-sql-small")
    ap.add_argument("--backend", default="onnxruntime")
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "demo.jsonl")
    ap.add_argument("--limit", type=int, default=64)
    ap.add_argument("--clients", default="1,16")
    ap.add_argument("--passes", type=int, default=1, help="times the question list is sent per client count")
    ap.add_argument("--max-batch-size", type=int, default=32)
    ap.add_argument("--step-cost", action="store_true", help="the decoder call's cost by rows and source length")
    ap.add_argument("--max-draft", type=int, default=8, help="[engine] max_draft: drafted tokens a row per call")
    ap.add_argument("--speculate", choices=("measure", "always"), default="measure",
                    help="the draft policy: choose verify calls or plain steps by measured cost (as served), "
                         "or verify whenever a row has a draft (to see what the policy's choice costs)")
    ap.add_argument("--lanes", choices=("auto", "on", "off"), default="auto",
                    help="beam requests on a decode loop of their own (engines.lanes; auto: where the session allows it)")
    ap.add_argument("--warm-up", action="store_true",
                    help="capture every CUDA graph before the runs, as the proxy does at start-up")
    args = ap.parse_args()
    engine = Seq2SeqEngine.load(args.model, backend=args.backend, precision=args.precision,
                                max_draft=args.max_draft)
    if args.speculate == "always":
        from engines.speculation import DraftPolicy
        engine.draft_policy = DraftPolicy(always=True)
    if args.warm_up:
        started = time.perf_counter()
        graphs = engine.warm_up(args.max_batch_size)
        memory = ""
        if graphs:
            import torch
            memory = (f"; GPU memory {torch.cuda.memory_allocated() / 2**30:.2f} GiB allocated, "
                      f"{torch.cuda.memory_reserved() / 2**30:.2f} GiB reserved; {engine.graph_stats()}")
        print(f"warm-up: {graphs} CUDA graphs in {time.perf_counter() - started:.1f} s{memory}", flush=True)
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs")
    if args.step_cost:
        step_cost(engine)
        return 0
    requests = demo_load(engine, args.questions, args.limit) * args.passes
    for clients in (int(c) for c in args.clients.split(",")):
        lanes = None if args.lanes == "auto" else args.lanes == "on"
        row, phases, tally = asyncio.run(closed_loop(engine, requests, clients, args.max_batch_size, lanes))
        print(f"clients {clients:3d}: " + "  ".join(f"{k} {v:.1f}" for k, v in row.items()), flush=True)
        per_call = phases.per_call_ms()
        print("   host ms/call: " + "  ".join(f"{k} {v:.3f}" for k, v in per_call.items()), flush=True)
        print("   host us/row/call: " + "  ".join(f"{k} {1000 * v / row['rows/call']:.2f}" for k, v in per_call.items()),
              flush=True)
        if tally:
            print(tally, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
