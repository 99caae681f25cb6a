"""Recall of table selection (:mod:`ask.context.table_selection`) on synthetic and real questions.

For each question, the gold tables are the relations its SQL reads; selection succeeds when
every one of them is among the ``max_tables`` chosen. Reported per data source and budget,
plus the share of prompts that actually needed cutting at the default prompt budget.

    python -m training.eval_table_selection --datasets ../shared/datasets
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterable
from pathlib import Path

import pglast
from pglast import ast
from pglast.visitors import Visitor

from training.data.build import _spider_split
from training.data.generic import GenericGenerator
from training.data.real import load_all
from training.data.retail import RetailGenerator
from ask.translate.prompt import DEFAULT_MAX_TOKENS, build_prompt, estimate_tokens
from ask.schema import SchemaContext
from ask.context.table_selection import select_tables
from ask.context.value_linking import link_values

BUDGETS = (2, 3, 4, 6, 8)


class _Relations(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_RangeVar(self, ancestors: object, node: ast.RangeVar) -> None:
        if node.relname is not None:
            self.names.add(node.relname)


def gold_tables(sql: str) -> set[str]:
    v = _Relations()
    v(pglast.parse_sql(sql))
    return v.names


def measure(items: Iterable[tuple[str, str, SchemaContext]]) -> dict[str, float]:
    hits = {k: 0 for k in BUDGETS}
    n = cut = 0
    for question, sql, schema in items:
        gold = gold_tables(sql) & {t.name for t in schema.tables}
        if not gold:
            continue
        n += 1
        matches = link_values(question, schema)
        for k in BUDGETS:
            chosen = {t.name for t in select_tables(question, schema, matches, max_tables=k)}
            hits[k] += gold <= chosen
        full = build_prompt(question, schema, max_tokens=10**9)
        cut += estimate_tokens(full) > DEFAULT_MAX_TOKENS
    return {"n": n, "cut_at_default_budget": round(cut / max(n, 1), 4),
            **{f"recall@{k}": round(hits[k] / max(n, 1), 4) for k in BUDGETS}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", type=Path, required=True)
    ap.add_argument("--n", type=int, default=1000)
    args = ap.parse_args()
    rng = random.Random(5)
    _, held = _spider_split(args.datasets, 7)
    generic = GenericGenerator(rng, held)
    retail = RetailGenerator(rng, demo_share=0.0)
    sources = {
        "spider_heldout_synthetic": [(s.question, s.sql, s.schema) for s in (generic.sample() for _ in range(args.n))],
        "retail_invented_synthetic": [(s.question, s.sql, s.schema) for s in (retail.sample() for _ in range(args.n))],
    }
    for schema, examples in load_all(args.datasets / "text2sql-data"):
        test = [e for e in examples if e.split == "test"][: args.n]
        sources[f"real_{schema.database}"] = [(e.question, e.sql, schema) for e in test]
    print(json.dumps({name: measure(items) for name, items in sources.items()}, indent=1))


if __name__ == "__main__":
    main()
