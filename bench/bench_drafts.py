"""Engine-only benchmark of speculative greedy decoding on real prompts (not a test).

The shipped model (or ``--model``) answers the demo questions (``eval/demo.jsonl``, prompts
built over the demo schema as the proxy builds them) straight through the engine's decode loop,
at several batch sizes (``--batches``: the loop's row limit; all requests are queued at once, so
rows join as others finish), in three modes, interleaved round by round:

* ``plain``: no drafting, one decoder step per generated token;
* ``cold``: a fresh drafter (drafts copied from each prompt, then from answers as they finish);
* ``warm``: a drafter that has seen the answers already (a server answering repeated questions).

``--policy always`` verifies whenever a row has a draft; ``adaptive`` (the engine's default)
lets :class:`engines.speculation.DraftPolicy` pick the cheaper kind of call per batch size.
Prints per mode and batch: wall time, answers/s, decoder calls per answer, tokens per row per
verify call, and how many answers differ from ``plain`` (int8-dynamic's per-tensor activation
scales make a few differ; fp32 must not).

    python bench/bench_drafts.py --batches 1,4,16
    python bench/bench_drafts.py --backend torch --batches 1,16,64 --limit 166     # on a GPU
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engines.decoding import DecodeLoop, run_to_completion  # noqa: E402
from engines.engine import Seq2SeqEngine  # noqa: E402
from engines.generation import GenerationRequest  # noqa: E402
from engines.ngram_drafter import NgramDrafter  # noqa: E402
from engines.speculation import DraftPolicy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def demo_requests(engine: Seq2SeqEngine, questions: Path, limit: int, max_new: int) -> list[GenerationRequest]:
    from ask.translate.prompt import build_prompt
    from tests.test_refusal import DEMO
    rows = [json.loads(line) for line in questions.read_text().splitlines() if line.strip()][:limit]
    cap = engine.model.manifest.max_source_length
    return [GenerationRequest(engine.tokenizer.encode(build_prompt(r["question"], DEMO)).ids[:cap],
                              max_new_tokens=max_new) for r in rows]


def run(engine: Seq2SeqEngine, reqs: list[GenerationRequest], batch: int, drafter: NgramDrafter | None,
        policy: DraftPolicy) -> tuple[list[list[int]], dict[str, Any]]:
    manifest = engine.model.manifest
    loop = DecodeLoop(engine.session, manifest.special_tokens, manifest.max_source_length, drafter,
                      policy=policy)
    started = time.perf_counter()
    answers = [r.best[0] for r in run_to_completion(loop, reqs, batch)]
    wall = time.perf_counter() - started
    stats = loop.spec_stats
    return answers, {"wall_s": wall, "answers_per_s": len(reqs) / wall,
                     "calls_per_answer": loop.decoder_calls / len(reqs),
                     "verify_calls": stats.calls, "plain_steps_while_drafting": stats.plain_steps,
                     "tokens_per_row_per_verify": stats.tokens_per_row,
                     "tokens_per_answer": sum(len(a) + 1 for a in answers) / len(answers)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=ROOT / "engines" / "models" / "askproxy-sql-small")
    ap.add_argument("--backend", default="onnxruntime")
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "demo.jsonl")
    ap.add_argument("--limit", type=int, default=96)
    ap.add_argument("--batches", default="1,4,16")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--max-new-tokens", type=int, default=128)
    ap.add_argument("--policy", choices=("adaptive", "always"), default="adaptive")
    ap.add_argument("--json", type=Path, help="write every row as a JSON line here")
    args = ap.parse_args(argv)
    engine = Seq2SeqEngine.load(args.model, backend=args.backend, precision=args.precision)
    batches = [int(b) for b in args.batches.split(",")]
    if engine.warm_up(max(batches)):
        print(f"captured CUDA graphs: {engine.graph_stats()}")
    if not getattr(engine.session, "verifies_drafts", False):
        print(f"{engine.backend_name} ({engine.precision}) cannot verify drafts; only 'plain' runs")
    reqs = demo_requests(engine, args.questions, args.limit, args.max_new_tokens)
    reference, _ = run(engine, reqs, 16, None, DraftPolicy())      # warm-up, and the warm drafter's answers
    warm = NgramDrafter()
    for answer in reference:
        warm.add(answer + [engine.model.manifest.special_tokens.eos])
    results: dict[tuple[str, int], list[dict[str, Any]]] = {}
    out = args.json.open("w") if args.json else None
    for round_no in range(args.rounds):
        for batch in batches:
            plain, row = run(engine, reqs, batch, None, DraftPolicy())
            rows = [("plain", row)]
            for mode, drafter in (("cold", NgramDrafter()), ("warm", warm)):
                answers, row = run(engine, reqs, batch, drafter, DraftPolicy(always=args.policy == "always"))
                row["differ_from_plain"] = sum(a != b for a, b in zip(answers, plain))
                rows.append((mode, row))
            for mode, row in rows:
                row.update(mode=mode, batch=batch, round=round_no, backend=engine.backend_name,
                           precision=engine.precision, policy=args.policy, requests=len(reqs))
                results.setdefault((mode, batch), []).append(row)
                if out:
                    out.write(json.dumps(row) + "\n")
    print(f"{engine.backend_name} {engine.precision}, {len(reqs)} demo prompts, policy {args.policy}, "
          f"median of {args.rounds} interleaved rounds")
    print(f"{'mode':6} {'batch':>5} {'wall s':>7} {'ans/s':>7} {'calls/ans':>9} {'tok/row/verify':>14} "
          f"{'tok/ans':>7} {'differ':>6}")
    for (mode, batch), rows in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0] != "plain", kv[0][0])):
        med = {k: statistics.median(r[k] for r in rows) for k in
               ("wall_s", "answers_per_s", "calls_per_answer", "tokens_per_row_per_verify", "tokens_per_answer")}
        differ = max(r.get("differ_from_plain", 0) for r in rows)
        print(f"{mode:6} {batch:5d} {med['wall_s']:7.2f} {med['answers_per_s']:7.1f} {med['calls_per_answer']:9.1f} "
              f"{med['tokens_per_row_per_verify']:14.2f} {med['tokens_per_answer']:7.1f} {differ:6d}")
    if out:
        out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
