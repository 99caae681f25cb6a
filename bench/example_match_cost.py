"""What matching a question against the taught examples costs, in process: per question, the
paraphrase matcher (``ExampleIndex.paraphrase``) and, where it finds none, adaptation
(``ExampleIndex.adapt``; with ``--placed``, then ``ExampleIndex.placed``), with N examples visible (the demo's questions, copied with a
distinguishing word until there are N), after the taught shapes are built (reported apart).

    python -m bench.example_match_cost --dsn postgresql://postgres@HOST:PORT/askproxy_demo \\
        --questions eval/demo.jsonl --examples 166 1660 10000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

import psycopg

from ask.context.examples import Example, ExampleIndex, without_examples_table
from ask.context.introspection import introspect
from ask.context.value_linking import link_values
from ask.translate.engine_translator import PsycopgUpstream


async def _schema(dsn: str):  # type: ignore[no-untyped-def]
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        return without_examples_table(await introspect(PsycopgUpstream(conn)))


def _pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--examples", type=int, nargs="+", default=[166, 1660, 10000])
    parser.add_argument("--placed", action="store_true",
                        help="then ExampleIndex.placed where neither found one (what a question "
                             "the planner would refuse, or the model is unsure of, pays more)")
    args = parser.parse_args()
    schema = asyncio.run(_schema(args.dsn))
    rows = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    taught_rows, untaught_rows = rows[::2], rows[1::2]
    # A taught question with words that change nothing (a paraphrase path) and the questions
    # never taught (the paraphrase matcher, then adaptation: what every other ASK pays).
    queries = {"taught": [(r["question"] + " please", link_values(r["question"], schema))
                          for r in taught_rows],
               "untaught": [(r["question"], link_values(r["question"], schema))
                            for r in untaught_rows]}
    for n in args.examples:
        examples = [Example(i, taught_rows[i % len(taught_rows)]["question"]
                            + ("" if i < len(taught_rows) else f" batch{i // len(taught_rows)}"),
                            taught_rows[i % len(taught_rows)]["gold_sql"]) for i in range(n)]
        index = ExampleIndex(examples)
        started = time.perf_counter()
        index.paraphrase("warm up", [], schema)
        report: dict[str, object] = {"examples": n,
                                     "shapes_build_s": round(time.perf_counter() - started, 2)}
        for kind, asked in queries.items():
            total, matched = [], 0
            for question, links in asked:
                t0 = time.perf_counter()
                found = index.paraphrase(question, links, schema) or \
                    index.adapt(question, links, schema)
                if found is None and args.placed:
                    found = index.placed(question, links, schema)
                total.append((time.perf_counter() - t0) * 1000)
                matched += found is not None
            report[kind] = {"n": len(total), "found": matched,
                            "ms_p50": round(statistics.median(total), 2),
                            "ms_p90": round(_pct(total, 0.9), 2)}
        print(json.dumps(report))

if __name__ == "__main__":
    main()
