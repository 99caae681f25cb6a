"""Where a greedy answer's drafts could come from, and what each source saves (issue 19).

For every question of the question files (default: ``eval/demo.jsonl`` and the analyst dev
sets; each question's ``database`` on ``--dsn``, the demo's ``askproxy_demo``), the request is
built as the proxy builds it (introspected schema, value links with the probe, prompt,
identifier constraint) and decoded greedily through the engine, one at a time and in order (the
proxy at one client), with the engine's drafter: the answers and the decoder calls are real.
The answers are then replayed through other draft sources, in the same order: at one row every
call verifies (``engines.speculation``), so a call emits its draft's agreed prefix plus one
token and the replayed count of calls is exact, whatever the backend.

Sources replayed: the engine's n-gram drafter (``engines.ngram_drafter``, its defaults: 8
tokens, what the CUDA static session's verify step takes), the same searching the answer itself
first (``self_order=3``), that with 32-token drafts, and a per-request draft: the plain reader's SQL
(``ask.translate.sketch.read_question``), as written and restyled into the model's habits
(every table aliased by its initials, ``JOIN parent p ON p.key = c.fk``), tried before the
n-gram drafter and re-synchronised after a miss by finding the answer's last 3 (or 2) tokens in
it. Also printed: how often the reader's SQL is the model's answer token for token, and the
reader's CPU time.

    python bench/draft_sources.py
    python bench/draft_sources.py --questions eval/demo.jsonl --backend torch
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ask.context.column_roles import make_alias  # noqa: E402
from engines.ngram_drafter import NgramDrafter  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SETS = ["eval/demo.jsonl"] + [f"eval/analyst_dev{s}/questions.jsonl" for s in ("", "2", "3", "4", "5")]
_START = -1


@dataclass
class Asked:
    id: str
    prompt: list[int]
    answer: list[int]            # end-of-sequence included
    calls: int                   # decoder calls the engine took
    reader: list[int] | None     # the reader's SQL, tokenized
    restyled: list[int] | None
    reader_cpu: float


# --- the reader's SQL in the model's style ---------------------------------------------------

_NAME = r'(?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?'
_FROM_JOIN = re.compile(r"\b(FROM|JOIN)\s+(" + _NAME + r")(?=\s|\)|$)")
_ON = re.compile(r"JOIN\s+" + _NAME + r'\s+(\w+)\s+ON\s+(\w+\.(?:"[^"]+"|[\w$]+))\s*=\s*(\w+\.(?:"[^"]+"|[\w$]+))')
_KEYWORDS = {"where", "join", "on", "group", "order", "limit", "left", "inner", "right", "full", "cross",
             "having", "union", "except", "intersect", "as"}


def restyle(sql: str) -> str:
    """``sql`` with every table aliased as the training data aliases it and joins written
    parent first (a draft only: nothing checks or runs it)."""
    taken: set[str] = set()
    aliases: dict[str, str] = {}

    def alias(m: re.Match[str]) -> str:
        after = re.match(r"\s+([A-Za-z_]\w*)", sql[m.end():])
        if after and after.group(1).lower() not in _KEYWORDS:
            return m.group(0)                                   # aliased already
        name = m.group(2)
        if name not in aliases:
            bare = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name.split(".")[-1].strip('"')).lower()
            aliases[name] = make_alias(bare, taken)
        return f"{m.group(1)} {name} {aliases[name]}"
    text = _FROM_JOIN.sub(alias, sql)
    for name, a in sorted(aliases.items(), key=lambda x: -len(x[0])):
        text = re.sub(r'(?<![\w$."])' + re.escape(name) + r"\.", a + ".", text)

    def parent_first(m: re.Match[str]) -> str:
        a, left, right = m.group(1), m.group(2), m.group(3)
        if right.startswith(a + ".") and not left.startswith(a + "."):
            left, right = right, left
        return m.group(0)[:m.start(2) - m.start(0)] + left + " = " + right
    return _ON.sub(parent_first, text)


def request_draft(prefix: Sequence[int], draft: Sequence[int], limit: int) -> list[int]:
    """What follows the answer's last 3 (else 2) tokens in ``draft``, at the occurrence nearest
    the answer's length (start-padded: the first tokens draft too)."""
    for n in (3, 2):
        seq = [_START] * n + list(draft)
        key = ([_START] * n + list(prefix))[-n:]
        hits = [i + n for i in range(len(seq) - n) if seq[i:i + n] == key]
        if hits:
            at = min(hits, key=lambda i: abs(i - n - len(prefix)))
            if out := seq[at:at + limit]:
                return out
    return []


# --- replay ----------------------------------------------------------------------------------

Source = Callable[[Asked, list[int]], list[int]]


def replay(asked: list[Asked], drafter: NgramDrafter, first: Callable[[Asked], Sequence[int] | None] | None,
           limit: int) -> dict[str, list[int]]:
    """Per question set and overall: [questions, calls, fed tokens, answer tokens]."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for a in asked:
        answer, calls, fed = a.answer, 0, 0
        prefix: list[int] = []
        own = first(a) if first is not None else None
        while len(prefix) < len(answer):
            draft = request_draft(prefix, own, limit) if own else []
            draft = draft or drafter.draft(prefix, limit, a.prompt)
            calls += 1
            fed += 1 + len(draft)
            rest = answer[len(prefix):]
            k = 0
            while k < len(draft) and k < len(rest) and draft[k] == rest[k]:
                k += 1
            prefix = prefix + rest[:k + 1]
        drafter.add(answer)
        for key in (a.id.split("-")[0], "all"):
            t = totals[key]
            t[0] += 1
            t[1] += calls
            t[2] += fed
            t[3] += len(answer)
    return totals


# --- the real requests -----------------------------------------------------------------------

async def ask_all(files: list[Path], dsn: str, backend: str) -> list[Asked]:
    import psycopg

    from ask.context.introspection import introspect
    from ask.context.value_linking import link_values, merge_matches
    from ask.context.value_probe import ValueProbe
    from ask.translate.engine_translator import EngineTranslator, PsycopgUpstream
    from ask.translate.sketch import read_question
    from engines.decoding import run_to_completion
    from engines.engine import Seq2SeqEngine
    engine = Seq2SeqEngine.load(ROOT / "engines/models/askproxy-sql-small", backend=backend)
    translator = EngineTranslator(engine, None, num_beams=1)
    eos = engine.model.manifest.special_tokens.eos
    tokenize: Callable[[str], list[int]] = lambda sql: engine.tokenizer.encode(sql, add_special_tokens=False).ids + [eos]
    schemas: dict[str, object] = {}
    probe = ValueProbe()
    out: list[Asked] = []
    for path in files:
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            db = q.get("database", "askproxy_demo")
            conninfo = psycopg.conninfo.make_conninfo(dsn, dbname=db)
            async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                upstream = PsycopgUpstream(conn)
                if db not in schemas:
                    schemas[db] = await introspect(upstream)
                schema = schemas[db]
                question = " ".join(q["question"].split())
                linked = link_values(question, schema)  # type: ignore[arg-type]
                matches = merge_matches(linked, await probe.link(question, schema, upstream, linked))  # type: ignore[arg-type]
            request = translator.request(question, schema, matches)  # type: ignore[arg-type]
            started = time.thread_time()
            reading = read_question(question, schema, matches)  # type: ignore[arg-type]
            cpu = time.thread_time() - started
            loop = engine.new_loop()
            result = run_to_completion(loop, [request], 1)[0]
            sql = reading.sql if reading is not None else None
            out.append(Asked(q["id"], list(request.input_ids), list(result.best[0]) + [eos],
                             int(getattr(loop, "decoder_calls", 0)),
                             tokenize(sql) if sql else None, tokenize(restyle(sql)) if sql else None, cpu))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, action="append", help="question files (default: demo + analyst dev)")
    ap.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:55432/postgres")
    ap.add_argument("--backend", default="auto")
    args = ap.parse_args()
    files = args.questions or [ROOT / s for s in SETS]
    asked = asyncio.run(ask_all(files, args.dsn, args.backend))
    n = len(asked)
    read = [a for a in asked if a.reader]
    print(f"{n} questions; engine: {sum(a.calls for a in asked) / n:.2f} decoder calls per answer, "
          f"{sum(len(a.answer) for a in asked) / n:.1f} tokens per answer")
    print(f"reader: SQL for {len(read)}; equal to the model's answer token for token: "
          f"{sum(a.reader == a.answer for a in read)}; restyled: {sum(a.restyled == a.answer for a in read)}; "
          f"CPU {1000 * sorted(a.reader_cpu for a in asked)[n // 2]:.2f} ms p50")
    def searching() -> NgramDrafter:
        return NgramDrafter(self_order=3)

    def long() -> NgramDrafter:
        return NgramDrafter(max_draft=32, self_order=3)
    variants: list[tuple[str, Callable[[], NgramDrafter], Callable[[Asked], Sequence[int] | None] | None, int]] = [
        ("n-gram (default: 8, no self-search)", NgramDrafter, None, 8),
        ("n-gram, self-search", searching, None, 8),
        ("n-gram, self-search, 32-token drafts", long, None, 32),
        ("reader's SQL, then n-gram (8, self)", searching, lambda a: a.reader, 8),
        ("restyled reader, then n-gram (8, self)", searching, lambda a: a.restyled, 8),
        ("restyled reader, then n-gram (32)", long, lambda a: a.restyled, 32),
        ("the answer itself (bound, 32)", long, lambda a: a.answer, 32),
    ]
    print("calls per answer / tokens per call / fed tokens per call, by set")
    for name, make, first, limit in variants:
        totals = replay(asked, make(), first, limit)
        cells = "  ".join(f"{k} {t[1] / t[0]:.1f}/{t[3] / t[1]:.2f}/{t[2] / t[1]:.1f}" for k, t in totals.items())
        print(f"{name:40} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
