"""Held-out evaluation of an exported model directory on CPU, through the runtime engine.

Exact match (whitespace-normalised) and valid-SQL rate (one SELECT that pglast parses) of
the best candidate on each ``eval_*.jsonl.gz`` split of a corpus, for greedy and beam search,
with and without schema-constrained decoding (the schema is read back from the prompt), plus
single-request latency. This is what the model card reports.

    python -m training.eval_model --model engines/models/askproxy-sql-small --corpus .carry/corpus
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from engines.engine import Seq2SeqEngine
from engines.generation import GenerationRequest
from training.data.build import is_select
from training.data.schemas import context
from training.batching import read_jsonl
from training.train import normalise_sql
from ask.translate.engine_translator import EngineTranslator
from ask.schema import Column, SchemaContext, Table

_TABLE = re.compile(r"([\w.]+)\(([^()]*)\)")


def schema_from_prompt(prompt: str) -> SchemaContext:
    line = next((ln for ln in prompt.splitlines() if ln.startswith("schema: ")), "schema: ")
    tables = []
    for name, cols in _TABLE.findall(line[len("schema: "):]):
        schema, _, tname = name.rpartition(".")
        columns = tuple(Column(c.split()[0], c.split()[1] if len(c.split()) > 1 else "text")
                        for c in cols.split(", ") if c.strip())
        tables.append(Table(schema or "public", tname, columns))
    return context(tables)


def run(engine: Seq2SeqEngine, translator: EngineTranslator, rows: list[dict[str, str]], beams: int,
        constrained: bool) -> dict[str, float]:
    requests = []
    for r in rows:
        ids = engine.tokenizer.encode(r["src"]).ids[: engine.model.manifest.max_source_length]
        hook = translator._constraints.get(schema_from_prompt(r["src"])) if constrained else None
        requests.append(GenerationRequest(ids, max_new_tokens=engine.model.manifest.max_target_length,
                                          num_beams=beams, num_return_sequences=1, allowed_tokens=hook))
    results = engine.generate(requests)
    preds = [translator.detokenize(res.candidates[0][0]) for res in results]
    exact = sum(normalise_sql(p) == normalise_sql(r["tgt"]) for p, r in zip(preds, rows))
    valid = sum(is_select(p) for p in preds)
    return {"exact_match": round(exact / len(rows), 4), "valid_sql": round(valid / len(rows), 4), "n": len(rows)}


def latency(engine: Seq2SeqEngine, rows: list[dict[str, str]], beams: int) -> dict[str, float]:
    times = []
    for r in rows:
        ids = engine.tokenizer.encode(r["src"]).ids
        t = time.perf_counter()
        engine.generate([GenerationRequest(ids, max_new_tokens=256, num_beams=beams, num_return_sequences=1)])
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--beams", type=int, nargs="+", default=[1, 4])
    args = ap.parse_args()
    engine = Seq2SeqEngine.load(args.model, backend="onnxruntime")
    translator = EngineTranslator(engine, batcher=None)
    report: dict[str, object] = {}
    for path in sorted(args.corpus.glob("eval_*.jsonl.gz")):
        rows = read_jsonl(path, args.n)
        split = path.name[len("eval_"):-len(".jsonl.gz")]
        for beams in args.beams:
            for constrained in (False, True):
                key = f"{split} beams={beams} constrained={constrained}"
                report[key] = run(engine, translator, rows, beams, constrained)
                print(key, report[key], flush=True)
    demo = read_jsonl(args.corpus / "eval_retail_demo.jsonl.gz", 20)
    for beams in args.beams:
        report[f"latency beams={beams}"] = latency(engine, demo, beams)
        print(f"latency beams={beams}", report[f"latency beams={beams}"], flush=True)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
