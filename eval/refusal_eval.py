"""How often ASK refuses, per kind of question: the numbers behind ``ask/context/refusal.py``.

Two ways to run it, both against the demo database (``askproxy demo``):

rules only (no model): the schema context and value links are read exactly as the planner reads
them (``SchemaCache``, ``link_values`` + ``ValueProbe``, as the caller's role), then
``ask.context.refusal.assess`` decides::

    python eval/refusal_eval.py --dsn postgresql://analyst:analyst@127.0.0.1:PGPORT/askproxy_demo \\
        eval/refusal_dev.jsonl eval/demo.jsonl eval/holdout.jsonl

end to end: every question is sent as ``ASK '…'`` through a running proxy; a refusal is an
error whose SQLSTATE is 42000/42501 with the refusal's message::

    python eval/refusal_eval.py --via-proxy 127.0.0.1:PORT --dsn postgresql://analyst:… FILES

A question counts as answerable unless its line says ``"answerable": false`` (every question
of demo.jsonl and holdout.jsonl is answerable).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import psycopg
from psycopg.adapt import AdaptersMap, Loader

from ask.errors import QuestionNotAnswerable
from ask.context.refusal import assess
from ask.context.introspection import SchemaCache
from ask.upstream import QueryResult, UpstreamQueryError
from ask.context.value_linking import link_values, merge_matches
from ask.context.value_probe import ValueProbe

# The messages of QuestionNotAnswerable (ask/context/refusal.py): what tells a refusal from another 42000.
REFUSAL_MESSAGES = ("ASK only answers questions", "the question has too few recognisable words",
                    "the question does not name anything", "the question is about something",
                    "the question asks why", "the question asks about what has not happened",
                    "the question asks for advice", "the question is about the database's structure",
                    "the question holds SQL")


class _Text(Loader):
    def load(self, data: Any) -> str:
        return bytes(data).decode()


class DirectUpstream:
    """The planner's view of the database, straight over psycopg (no proxy in between)."""

    def __init__(self, conn: psycopg.AsyncConnection) -> None:
        self.conn = conn

    async def fetch(self, sql: str) -> QueryResult:
        cur = self.conn.cursor()
        try:
            await cur.execute(sql)
        except psycopg.Error as exc:
            raise UpstreamQueryError({"C": exc.sqlstate or "XX000", "M": str(exc)}) from exc
        cols = tuple(d.name for d in cur.description or ())
        rows = tuple(tuple(r) for r in await cur.fetchall()) if cur.description else ()
        return QueryResult(cols, rows, cur.statusmessage or "")

    async def fetch_guarded(self, sql: str, timeout_ms: int) -> QueryResult:
        await self.fetch("BEGIN READ ONLY")
        try:
            await self.fetch(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
            return await self.fetch(sql)
        finally:
            await self.fetch("ROLLBACK")


def load(paths: list[Path]) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        for line in path.read_text().splitlines():
            if line.strip():
                item = json.loads(line)
                item.setdefault("kind", "answerable:" + path.stem)
                item.setdefault("answerable", True)
                if item["answerable"] and not item["kind"].startswith("answerable"):
                    item["kind"] = "answerable:" + item["kind"]
                rows.append(item)
    return rows


async def rules_only(dsn: str, items: list[dict[str, Any]]) -> list[tuple[bool, str]]:
    """(refused, hint) per question, from ask.context.refusal alone."""
    context = AdaptersMap()
    context.register_loader(0, _Text)      # text results, as the proxy's upstream gives them
    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, context=context)
    upstream = DirectUpstream(conn)
    try:
        schema = await SchemaCache().get(upstream)
        probe = ValueProbe()
        out = []
        for item in items:
            question = item["question"]
            linked = link_values(" ".join(question.split()), schema)
            links = merge_matches(linked, await probe.link(question, schema, upstream, linked))
            refusal = assess(question, schema, links)
            out.append((refusal is not None, refusal.error().hint or "" if refusal else ""))
        return out
    finally:
        await conn.close()


def via_proxy(host: str, port: int, dsn: str, items: list[dict[str, Any]]) -> list[tuple[bool, str]]:
    info = psycopg.conninfo.conninfo_to_dict(dsn)
    info.update(host=host, port=port, sslmode="disable")
    out = []
    with psycopg.connect(**info, autocommit=True) as conn:
        for item in items:
            try:
                conn.execute("ASK " + "'" + item["question"].replace("'", "''") + "'",
                             prepare=False).fetchall()
                out.append((False, ""))
            except psycopg.Error as exc:
                refused = (exc.sqlstate in (QuestionNotAnswerable.sqlstate, "42501")
                           and (exc.diag.message_primary or "").startswith(REFUSAL_MESSAGES))
                out.append((refused, exc.diag.message_hint or "" if refused else
                            f"[{exc.sqlstate}] {exc.diag.message_primary}"))
    return out


def report(items: list[dict[str, Any]], results: list[tuple[bool, str]], show: bool) -> dict[str, Any]:
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for item, (refused, hint) in zip(items, results):
        c = per_kind[item["kind"]]
        c["n"] += 1
        c["refused"] += refused
        wrong = refused == item["answerable"]
        if show and wrong:
            print(f"  {'REFUSED' if refused else 'answered'} [{item['kind']}] {item['question']!r}"
                  f"{'  -- ' + hint if hint else ''}")
    print(f"\n{'kind':28} {'n':>4} {'refused':>8}")
    for kind, c in sorted(per_kind.items()):
        print(f"{kind:28} {c['n']:4d} {c['refused']:4d} ({100.0 * c['refused'] / c['n']:5.1f}%)")
    bad = [i for i in items if not i["answerable"]]
    good = [i for i in items if i["answerable"]]
    caught = sum(r for i, (r, _) in zip(items, results) if not i["answerable"])
    wrong = sum(r for i, (r, _) in zip(items, results) if i["answerable"])
    print(f"\nunanswerable refused: {caught}/{len(bad)}; answerable refused: {wrong}/{len(good)}")
    return {k: dict(v) for k, v in per_kind.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--dsn", required=True, help="the demo database, as the analyst role")
    ap.add_argument("--via-proxy", metavar="HOST:PORT", help="ASK through a running proxy")
    ap.add_argument("--json", type=Path, help="write per-question results here")
    ap.add_argument("--quiet", action="store_true", help="do not list the wrong decisions")
    args = ap.parse_args(argv)
    items = load(args.files)
    if args.via_proxy:
        host, port = args.via_proxy.rsplit(":", 1)
        results = via_proxy(host, int(port), args.dsn, items)
    else:
        results = asyncio.run(rules_only(args.dsn, items))
    summary = report(items, results, not args.quiet)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "results": [
            dict(item, refused=r, hint=h) for item, (r, h) in zip(items, results)]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
