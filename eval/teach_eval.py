"""Teaching ASK, measured (issue 22, item 5): teach 10% of each database's questions, then score
paraphrases of the taught questions and the untaught 90% before and after.

The taught questions are chosen per database by a fixed seed (:func:`taught_split`), so the
paraphrase files (``eval/unseen/paraphrases.jsonl``, ``eval/demo_paraphrases.jsonl``), written
by hand with their gold SQL before any answer was seen, name the same ones (``taught_id``).
``eval/teach_dev.jsonl`` is the development set the matcher was developed on: paraphrases,
near misses and adaptations (``expect: adapt``) of other demo questions and of the unseen
schemas' taught questions; the unseen paraphrase set is frozen and never tuned on.

Two modes:

``match``: in process, no model, no proxy: each taught example's SQL re-bound for each
paraphrase by :mod:`ask.context.example_match` (links from the schema's stored values; the
proxy also probes high-cardinality columns), run at the DSN and compared with the gold.
Reports matched-right, matched-wrong and not matched; for ``expect: no_match`` rows, whether
the matcher (wrongly) fired; ``--untaught`` matches the untaught 90% instead (an example
answering one of them is right only when its result equals that question's gold). The threshold's development loop::

    python -m eval.teach_eval match --dsn postgresql://postgres@HOST:PORT/postgres \\
        --questions eval/demo.jsonl eval/unseen/questions.jsonl \\
        --paraphrases eval/teach_dev.jsonl --taught-from-file --adapt

``reader``: in process, no model, no proxy: the plain reader on each database's untaught 90%
without and with the taught lexicon of its taught 10% (:mod:`ask.translate.taught_lexicon`);
``--no-comments`` reads the schemas without their ``COMMENT ON`` text, ``--half dev`` keeps the
databases at even positions (Spider dev's development half)::

    python -m eval.teach_eval reader --dsn postgresql://postgres@HOST:PORT/postgres \
        --questions eval/analyst_dev/questions.jsonl [--no-comments]

``carry``: in process, leave one out: each question read with the taught lexicon of every
other question of its database (:func:`carry_mode`); what a lexicon rule carries, and what it
turns wrong, over whole development sets::

    python -m eval.teach_eval carry --dsn postgresql://postgres@HOST:PORT/postgres \
        --questions eval/analyst_dev*/questions.jsonl

A question file whose records name a copy of a database (``"database": "copy",
"split_as": "original"``) teaches the same questions as the original's: measure through the
proxy on copies, so that teaching never touches a database others measure on.

``proxy``: the measurement, through a running askproxy with its model, every answer as a
client gets it: the untaught 90% with an empty ``askproxy.examples``; then TEACH ASK of the
10% through the proxy; then the untaught 90% and the paraphrases again::

    python -m eval.teach_eval proxy --dsn postgresql://postgres@HOST:PORT/postgres \\
        --via-proxy 127.0.0.1:6432 --questions eval/unseen/questions.jsonl \\
        --paraphrases eval/unseen/paraphrases.jsonl --json out.json

``eval/teach_dev3.jsonl`` (fresh paraphrases of the seeded taught questions of
``eval/analyst_dev2``, ``3`` and ``6``, with ``--taught-from-file``) and
``eval/teach_transfer_dev.jsonl`` (``--taught-marked``: questions taught in words the schemas
do not spell, and untaught ones that reuse those words in other shapes) measure what teaching
does beyond the taught questions; ``--no-comments`` removes every ``COMMENT ON`` from the copies.

``--copies SUFFIX`` measures on copies of the databases (``<db>_SUFFIX``, made from them
first, analysed, dropped at the end), so that teaching touches no database others measure on;
``--taught-from-file`` teaches the questions a development set's rows name (``taught_id``,
e.g. ``eval/teach_dev2.jsonl`` over ``eval/analyst_dev4`` and ``eval/analyst_dev5``) instead
of the seeded 10%, and its near misses (``expect: no_match``, with their own gold) are asked
too: one answered wrongly from a taught example is the error that counts. Each answer's source
(taught, adapted, reader, model) is read from the proxy's NOTICE. ``match --placed`` tries
:meth:`~ask.context.examples.ExampleIndex.placed` after the matcher and adaptation (on every
question: the planner tries it only where it would refuse or the model is unsure).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
from dataclasses import replace
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from ask.context.example_match import THRESHOLD
from ask.context.examples import (CREATE_STATEMENTS, QUALIFIED, Example, ExampleIndex,
                                  without_examples_table)
from ask.context.framework_tables import without_framework_tables
from ask.context.introspection import introspect
from ask.context.value_linking import link_values
from ask.planner import READ_FIRST_COVERAGE
from ask.translate.sketch import read_question
from ask.translate.taught_lexicon import build
from ask.schema import SchemaContext
from ask.translate.engine_translator import PsycopgUpstream
from proxy.evaluation.compare import compare_results
from proxy.evaluation.predictor import Prediction, ProxyPredictor
from proxy.evaluation.questions import EvalQuestion
from proxy.evaluation.report import summarise
from proxy.evaluation.runner import QuestionResult, run_evaluation

SHARE = 0.1
DEMO_DATABASE = "askproxy_demo"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def taught_split(questions: Sequence[dict[str, Any]], draw: str = ""
                 ) -> dict[str, list[dict[str, Any]]]:
    """The taught 10% of each database (at least one), chosen by a seed naming the database
    (or the one a copy of it names in ``split_as``); another ``draw`` teaches another 10%
    (``--draw``: what teaching does to the untaught must not hang on which 10% was taught)."""
    by_db: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in questions:
        by_db[q.get("database") or DEMO_DATABASE].append(q)
    taught = {}
    for db, items in by_db.items():
        items = sorted(items, key=lambda q: q["id"])
        k = max(1, round(len(items) * SHARE))
        # a copy of a database (``split_as``: the original's name) teaches the same questions
        seed = items[0].get("split_as") or db
        taught[db] = sorted(random.Random(f"teach-22{draw}:{seed}").sample(items, k),
                            key=lambda q: q["id"])
    return taught


def taught_named(questions: Sequence[dict[str, Any]], paraphrases: Sequence[dict[str, Any]]
                 ) -> dict[str, list[dict[str, Any]]]:
    """The questions a development set's rows paraphrase (``taught_id``), by database: what
    ``--taught-from-file`` teaches instead of the seeded 10%."""
    named = {p["taught_id"] for p in paraphrases}
    taught: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in sorted((q for q in questions if q["id"] in named), key=lambda q: q["id"]):
        taught[q.get("database") or DEMO_DATABASE].append(q)
    return dict(taught)


def taught_marked(questions: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The questions a file marks ``"taught": true``, by database (``--taught-marked``: a set
    written to measure what teaching some questions does for the others, e.g.
    ``eval/teach_transfer_dev.jsonl``)."""
    taught: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in sorted((q for q in questions if q.get("taught")), key=lambda q: q["id"]):
        taught[q.get("database") or DEMO_DATABASE].append(q)
    return dict(taught)


def as_eval(record: dict[str, Any], database: str) -> EvalQuestion:
    return EvalQuestion(record["id"], record["question"], record["gold_sql"],
                        record.get("category", "paraphrase"), bool(record.get("ordered")),
                        database)


# --- match: the matcher alone ---------------------------------------------------------------------

async def _schema(dsn: str, database: str) -> SchemaContext:
    async with await psycopg.AsyncConnection.connect(make_conninfo(dsn, dbname=database),
                                                     autocommit=True) as conn:
        # as the planner reads it: without the examples table and a framework's bookkeeping
        return without_framework_tables(without_examples_table(await introspect(PsycopgUpstream(conn))))


def _rows(dsn: str, database: str, sql: str) -> tuple[list[tuple[Any, ...]], int]:
    with psycopg.connect(make_conninfo(dsn, dbname=database), autocommit=True) as conn:
        cur = conn.execute(sql)  # type: ignore[arg-type]
        return cur.fetchall(), len(cur.description or ())


async def match_mode(args: argparse.Namespace) -> dict[str, Any]:
    questions = [q for path in args.questions for q in read_jsonl(path)]
    by_id = {q["id"]: q for q in questions}
    paraphrases = read_jsonl(args.paraphrases) if args.paraphrases else []
    if args.taught_from_file:      # the dev set teaches the questions it paraphrases
        # (only those of the question files given: rows over other sets are left out)
        paraphrases = [p for p in paraphrases if p["taught_id"] in by_id]
        taught = taught_named(questions, paraphrases)
    else:
        taught = taught_split(questions)
    if args.untaught:              # does a taught example (wrongly) answer an untaught question?
        taught_ids = {q["id"] for items in taught.values() for q in items}
        paraphrases = [q for q in questions if q["id"] not in taught_ids]
    counts: dict[str, int] = defaultdict(int)
    failures = []
    for db, items in taught.items():
        schema = await _schema(args.dsn, db)
        index = ExampleIndex([Example(n, q["question"], q["gold_sql"]) for n, q in enumerate(items)])
        for p in (p for p in paraphrases if (p.get("database") or DEMO_DATABASE) == db):
            if p.get("expect") == "adapt" and not args.adapt:
                continue
            links = link_values(p["question"], schema)
            found = index.paraphrase(p["question"], links, schema, threshold=args.threshold)
            if found is None and args.adapt:      # as the planner: a paraphrase, else adapted
                found = index.adapt(p["question"], links, schema)
            if found is None and args.placed:     # where the planner would refuse (here: any)
                found = index.placed(p["question"], links, schema)
            verdict = _verdict(args.dsn, db, p, found.sql if found else None,
                               found.example.question if found else None)
            counts[verdict] += 1
            if verdict not in ("right", "not_matched_ok"):
                failures.append({"id": p["id"], "question": p["question"], "verdict": verdict,
                                 "matched": found.example.question if found else None,
                                 "sql": found.sql if found else None})
    return {"mode": "match", "threshold": args.threshold, "counts": dict(counts),
            "failures": failures}


def _verdict(dsn: str, db: str, p: dict[str, Any], sql: str | None, matched: str | None) -> str:
    if p.get("expect") == "no_match":
        return "not_matched_ok" if sql is None else "matched_wrongly"
    if sql is None:
        return "not_matched"
    gold, width = _rows(dsn, db, p["gold_sql"])
    got, got_width = _rows(dsn, db, sql)
    return "right" if compare_results(gold, got, bool(p.get("ordered")), width, got_width).equal \
        else "wrong"


# --- reader: the untaught 90% read without the model, before and after teaching ---------------

def _without_comments(schema: SchemaContext) -> SchemaContext:
    """``schema`` as a database without ``COMMENT ON`` descriptions would be read: the words
    its users call things by must then come from what they taught."""
    return replace(schema, tables=tuple(
        replace(t, comment=None, columns=tuple(replace(c, comment=None) for c in t.columns))
        for t in schema.tables))


async def reader_mode(args: argparse.Namespace) -> dict[str, Any]:
    """The plain reader on each database's untaught 90%, without and with the taught lexicon
    of its taught 10% (:mod:`ask.translate.taught_lexicon`); a reading counts when its coverage
    reaches the planner's READ_FIRST_COVERAGE and its rows equal the gold's."""
    questions = [q for path in args.questions for q in read_jsonl(path)]
    if args.half != "all":
        dbs = sorted({q.get("database") or DEMO_DATABASE for q in questions})
        keep = set(dbs[0::2] if args.half == "dev" else dbs[1::2])
        questions = [q for q in questions if (q.get("database") or DEMO_DATABASE) in keep]
    taught = taught_marked(questions) if args.taught_marked else taught_split(questions)
    taught_ids = {q["id"] for items in taught.values() for q in items}
    counts: dict[str, int] = defaultdict(int)
    changed, entries = [], {}
    for db, items in sorted(taught.items()):
        schema = await _schema(args.dsn, db)
        if args.no_comments:
            schema = _without_comments(schema)
        lexicon = build([Example(n, q["question"], q["gold_sql"]) for n, q in enumerate(items)], schema)
        entries[db] = sorted([" ".join(k) + " -> " + _entry_text(v) for k, v in lexicon.names.items()]
                             + [" ".join(k) + " -> WHERE " + f.condition for k, f in lexicon.filters.items()]
                             + [f"idle: {' '.join(sorted(lexicon.idle))}"]
                             + [f"sum of {t} implies {f.condition}" for t, fs in lexicon.implied.items() for f in fs]
                             + [f"periods of {t} on {c}" for t, c in lexicon.dates.items()])
        for q in (q for q in questions if (q.get("database") or DEMO_DATABASE) == db
                  and q["id"] not in taught_ids):
            links = link_values(" ".join(q["question"].split()), schema)
            before = _read_verdict(args.dsn, db, q, read_question(q["question"], schema, links))
            after = _read_verdict(args.dsn, db, q, read_question(q["question"], schema, links, lexicon))
            counts["n"] += 1
            counts[f"before_{before}"] += 1
            counts[f"after_{after}"] += 1
            if before != after:
                changed.append({"id": q["id"], "question": q["question"], "before": before,
                                "after": after})
    n = counts["n"] or 1
    return {"mode": "reader", "no_comments": args.no_comments, "untaught": counts["n"],
            "right_before": counts["before_right"], "right_after": counts["after_right"],
            "before_pct": round(100 * counts["before_right"] / n, 1),
            "after_pct": round(100 * counts["after_right"] / n, 1),
            # a gain made of one wrong answer turning into another is none: say which
            "before": {v: counts[f"before_{v}"] for v in _READ_VERDICTS},
            "after": {v: counts[f"after_{v}"] for v in _READ_VERDICTS},
            "changed": changed, "lexicon": entries}


async def carry_mode(args: argparse.Namespace) -> dict[str, Any]:
    """Leave one out: each question read by the plain reader with the taught lexicon of every
    other question of its database (all taught), and without: how far what the rest teach
    carries to a question in other words and shapes, and which answers it turns wrong. Many
    more taught words meet many more questions than the seeded 10% can, so it shows a
    lexicon rule's reach (and its harm) on every development set at once."""
    questions: list[dict[str, Any]] = []
    source: dict[int, str] = {}     # id of a question -> the file it came from
    for path in args.questions:
        for q in read_jsonl(path):
            questions.append(q)
            source[id(q)] = str(path)
    by_database: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in questions:
        by_database[q.get("database") or DEMO_DATABASE].append(q)
    counts: dict[str, int] = defaultdict(int)
    per_file: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    changed = []
    for db, items in sorted(by_database.items()):
        schema = await _schema(args.dsn, db)
        for q in items:
            others = [Example(n, o["question"], o["gold_sql"]) for n, o in enumerate(items) if o is not q]
            links = link_values(" ".join(q["question"].split()), schema)
            before = _read_verdict(args.dsn, db, q, read_question(q["question"], schema, links))
            after = _read_verdict(args.dsn, db, q, read_question(q["question"], schema, links,
                                                                   build(others, schema)))
            counts[f"before_{before}"] += 1
            counts[f"after_{after}"] += 1
            per_file[source[id(q)]][f"{before}->{after}"] += 1
            if before != after:
                changed.append({"id": q["id"], "question": q["question"], "before": before,
                                "after": after})
    return {"mode": "carry", "questions": len(questions),
            "before": {v: counts[f"before_{v}"] for v in _READ_VERDICTS},
            "after": {v: counts[f"after_{v}"] for v in _READ_VERDICTS},
            # per questions file: right/wrong/unread without and with the lexicon
            "by_file": {path: {side: {v: sum(n for turn, n in turns.items()
                                              if turn.split("->")[i] == v) for v in _READ_VERDICTS}
                               for i, side in enumerate(("before", "after"))}
                        for path, turns in per_file.items()},
            "changed": changed}


def _entry_text(entries: Sequence[tuple[Any, Any]]) -> str:
    return ", ".join(f"{t.name}.{getattr(c, 'expr', '') or c.name}" if c is not None else t.name
                     for t, c in entries)


# What a reading of an untaught question comes to: the gold's rows; other rows (or none, or an
# error: a wrong answer all the same); no reading placing enough of it (the planner would ask
# the model, or refuse).
_READ_VERDICTS = ("right", "wrong", "unread")


def _read_verdict(dsn: str, db: str, q: dict[str, Any], reading: Any) -> str:
    if reading is None or reading.coverage < READ_FIRST_COVERAGE:
        return "unread"
    return "right" if _read_right(dsn, db, q, reading) else "wrong"


def _read_right(dsn: str, db: str, q: dict[str, Any], reading: Any) -> bool:
    if reading is None or reading.coverage < READ_FIRST_COVERAGE:
        return False
    try:
        gold, width = _rows(dsn, db, q["gold_sql"])
        got, got_width = _rows(dsn, db, reading.sql)
    except psycopg.Error:
        return False
    return compare_results(gold, got, bool(q.get("ordered")), width, got_width).equal


# --- proxy: the measurement through askproxy --------------------------------------------------------

def _reset_examples(dsn: str, databases: Sequence[str]) -> None:
    for db in databases:
        with psycopg.connect(make_conninfo(dsn, dbname=db), autocommit=True) as conn:
            conn.execute(f"TRUNCATE {QUALIFIED}")


def _teach(proxy_dsn: str, taught: dict[str, list[dict[str, Any]]]) -> list[str]:
    errors = []
    for db, items in taught.items():
        with psycopg.connect(make_conninfo(proxy_dsn, dbname=db), autocommit=True) as conn:
            for q in items:
                try:
                    psycopg.ClientCursor(conn).execute(
                        "TEACH ASK $tq$" + q["question"] + "$tq$ AS $ts$" + q["gold_sql"] + "$ts$")
                except psycopg.Error as exc:
                    errors.append(f"{q['id']}: {exc.sqlstate} {exc}")
    return errors


def _score(results: Sequence[QuestionResult]) -> dict[str, Any]:
    summary = summarise(results)
    right = sum(r.correct for r in results)
    return {"n": len(results), "correct": right,
            "accuracy": round(100.0 * right / len(results), 1) if results else None,
            "valid": round(100.0 * sum(r.valid for r in results) / len(results), 1) if results else None,
            # what the others were: rows that are not the gold's, a refusal (class 42), another error
            "wrong_with_rows": sum(r.valid and not r.correct for r in results),
            "refused": sum(r.refused and not r.correct for r in results),
            "failed": sum(not r.valid and not r.refused and not r.correct for r in results),
            "p50_ms": round(1000 * summary.latency_p50_s, 1) if hasattr(summary, "latency_p50_s") else None}


# Where an answer came from, by the start of the NOTICE the proxy sends with it
# (proxy/ask_execution.py's prefixes); "model" for a generated one, "none" for no answer.
_SOURCES = (("askproxy: SQL of taught example", "taught"),
            ("askproxy: adapted from a taught example", "adapted"),
            ("askproxy: read from the question's words", "reader"),
            ("askproxy: from an example written over this schema", "self_example"),
            ("askproxy: generated SQL", "model"))


class SourcedPredictor(ProxyPredictor):
    """A :class:`ProxyPredictor` that also keeps where each answer came from (its NOTICE):
    a paraphrase answered by the reader is not one the matcher took, and a near miss answered
    from a taught example is the error that counts."""

    def __init__(self, conninfo: str) -> None:
        super().__init__(conninfo)
        self.sources: dict[str, str] = {}
        self._source = "none"

    def _on_notice(self, diag: psycopg.errors.Diagnostic) -> None:
        super()._on_notice(diag)
        text = diag.message_primary or ""
        self._source = next((name for prefix, name in _SOURCES if text.startswith(prefix)),
                            self._source)

    async def predict(self, question: str, database: str | None = None) -> Prediction:
        self._source = "none"
        prediction = await super().predict(question, database)
        self.sources[question] = self._source
        return prediction


def on_copies(records: Sequence[dict[str, Any]], suffix: str, prefix: bool = False
              ) -> list[dict[str, Any]]:
    """``records`` asked on copies of their databases (``<database>_<suffix>``, or
    ``<suffix>_<database>`` with ``prefix``: a session may create only databases named after
    it), each split as its original's (``split_as``)."""
    def copy(database: str) -> str:
        return f"{suffix}_{database}" if prefix else f"{database}_{suffix}"
    return [{**r, "database": copy(r.get("database") or DEMO_DATABASE),
             "split_as": r.get("database") or DEMO_DATABASE} for r in records]


# Every table's and column's ``COMMENT ON`` text removed: the users' words must then come from
# what they taught (the schemas of a database nobody described).
_DROP_COMMENTS = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS rel, a.attname, d.objsubid
           FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
           LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE d.classoid = 'pg_class'::regclass
             AND n.nspname NOT IN ('pg_catalog', 'information_schema') LOOP
    IF r.objsubid = 0 THEN
      EXECUTE format('COMMENT ON TABLE %s IS NULL', r.rel);
    ELSE
      EXECUTE format('COMMENT ON COLUMN %s.%I IS NULL', r.rel, r.attname);
    END IF;
  END LOOP;
END $$"""


def _make_copies(dsn: str, copies: dict[str, str], no_comments: bool = False) -> None:
    """Each original's copy (``copies``: copy -> original), made afresh with an empty
    ``askproxy.examples`` (and with ``no_comments``, no ``COMMENT ON`` text): teaching there
    touches no database others measure on."""
    with psycopg.connect(make_conninfo(dsn, dbname="postgres"), autocommit=True) as conn:
        for copy, original in copies.items():
            conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')  # type: ignore[arg-type]
            try:
                conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{original}"')  # type: ignore[arg-type]
            except psycopg.errors.ObjectInUse:     # others are connected to it: dump and load
                conn.execute(f'CREATE DATABASE "{copy}"')  # type: ignore[arg-type]
                _dump_into(dsn, original, copy)
    for copy in copies:
        with psycopg.connect(make_conninfo(dsn, dbname=copy), autocommit=True) as conn:
            for statement in CREATE_STATEMENTS:
                conn.execute(statement)  # type: ignore[arg-type]
            conn.execute(f"TRUNCATE {QUALIFIED}")  # type: ignore[arg-type]
            if no_comments:
                conn.execute(_DROP_COMMENTS)  # type: ignore[arg-type]
            conn.execute("ANALYZE")   # a loaded dump has no statistics: value linking reads them


def _dump_into(dsn: str, original: str, copy: str) -> None:
    """``original``'s schema and rows loaded into the empty database ``copy`` (pg_dump | psql)."""
    dump = subprocess.run(["pg_dump", "--no-owner", "--no-privileges",
                           make_conninfo(dsn, dbname=original)], check=True, capture_output=True)
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", make_conninfo(dsn, dbname=copy)],
                   input=dump.stdout, check=True, capture_output=True)


def _drop_copies(dsn: str, copies: Sequence[str]) -> None:
    with psycopg.connect(make_conninfo(dsn, dbname="postgres"), autocommit=True) as conn:
        for copy in copies:
            conn.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')  # type: ignore[arg-type]


async def proxy_mode(args: argparse.Namespace) -> dict[str, Any]:
    questions = [q for path in args.questions for q in read_jsonl(path)]
    rows = read_jsonl(args.paraphrases) if args.paraphrases else []
    if args.taught_from_file:
        rows = [r for r in rows if r["taught_id"] in {q["id"] for q in questions}]
    copies: dict[str, str] = {}
    if args.no_comments and not args.copies:
        raise SystemExit("--no-comments removes the comments of copies: give --copies too")
    if args.copies:
        questions = on_copies(questions, args.copies, args.copy_prefix)
        rows = on_copies(rows, args.copies, args.copy_prefix)
        copies = {q["database"]: q["split_as"] for q in questions}
        _make_copies(args.dsn, copies, args.no_comments)
    try:
        return await _measure(args, questions, rows)
    finally:
        if copies and not args.keep_copies:
            _drop_copies(args.dsn, list(copies))


async def _measure(args: argparse.Namespace, questions: Sequence[dict[str, Any]],
                   rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The untaught questions before teaching, then TEACH ASK of the taught ones, then the
    untaught again, the paraphrases and the near misses (``expect: no_match``)."""
    taught = (taught_marked(questions) if args.taught_marked else
              taught_named(questions, rows) if args.taught_from_file else
              taught_split(questions, args.draw))
    taught_ids = {q["id"] for items in taught.values() for q in items}
    untaught = [as_eval(q, q.get("database") or DEMO_DATABASE) for q in questions
                if q["id"] not in taught_ids]
    paraphrases = [as_eval(p, p.get("database") or DEMO_DATABASE) for p in rows
                   if p.get("expect", "match") == "match"]
    near = [as_eval(p, p.get("database") or DEMO_DATABASE) for p in rows
            if p.get("expect") == "no_match" and p.get("gold_sql")]
    host, port = args.via_proxy.rsplit(":", 1)
    proxy_dsn = make_conninfo(args.dsn, host=host, port=port)
    _reset_examples(args.dsn, list(taught))
    try:
        async with SourcedPredictor(proxy_dsn) as predictor:
            before = await run_evaluation(untaught, predictor, args.dsn)
            sources_before = predictor.sources
        teach_errors = _teach(proxy_dsn, taught)
        async with SourcedPredictor(proxy_dsn) as predictor:
            after = await run_evaluation(untaught, predictor, args.dsn)
            para = await run_evaluation(paraphrases, predictor, args.dsn)
            missed = await run_evaluation(near, predictor, args.dsn)
            sources = predictor.sources
    finally:
        # Leave no example behind: a later `askproxy eval` of the same databases would answer
        # the taught questions from them.
        _reset_examples(args.dsn, list(taught))
    return {"mode": "proxy", "threshold": THRESHOLD, "taught": len(taught_ids),
            "teach_errors": teach_errors,
            "untaught_before": _score(before), "untaught_after": _score(after),
            "paraphrases": {**_score(para), "sources": _sources(para, sources)},
            "by_database": _by_database(before, after, para),
            "near_misses": _near_misses(missed, sources),
            "changed": [{"id": a.id, "before": b.correct, "after": a.correct}
                        for b, a in zip(before, after) if b.correct != a.correct],
            "moved": _moved(before, after, sources_before, sources),
            "paraphrase_failures": [{"id": r.id, "question": r.question, "reason": r.reason,
                                     "source": sources.get(r.question, "none"),
                                     "error": r.error} for r in para if not r.correct]}


def _by_database(before: Sequence[QuestionResult], after: Sequence[QuestionResult],
                 para: Sequence[QuestionResult]) -> dict[str, dict[str, str]]:
    """Per database: the untaught right before and after teaching, the paraphrases right
    (``right/n``)."""
    out: dict[str, dict[str, str]] = {}
    for name, results in (("untaught_before", before), ("untaught_after", after),
                          ("paraphrases", para)):
        groups: dict[str, list[bool]] = defaultdict(list)
        for r in results:
            groups[r.database or DEMO_DATABASE].append(r.correct)
        for db, marks in groups.items():
            out.setdefault(db, {})[name] = f"{sum(marks)}/{len(marks)}"
    return dict(sorted(out.items()))


def _verdict_of(result: QuestionResult) -> str:
    """right, wrong (rows that are not the gold's), refused (class 42) or failed."""
    if result.correct:
        return "right"
    return "wrong" if result.valid else "refused" if result.refused else "failed"


def _moved(before: Sequence[QuestionResult], after: Sequence[QuestionResult],
           sources_before: dict[str, str], sources_after: dict[str, str]) -> list[dict[str, Any]]:
    """The untaught questions whose verdict teaching moved, with where each answer came from:
    a refusal turned into wrong rows is a loss even when the accuracy is unchanged."""
    return [{"id": a.id, "question": a.question,
             "before": f"{_verdict_of(b)}/{sources_before.get(b.question, 'none')}",
             "after": f"{_verdict_of(a)}/{sources_after.get(a.question, 'none')}",
             "sql_before": b.predicted_sql, "sql_after": a.predicted_sql}
            for b, a in zip(before, after) if _verdict_of(b) != _verdict_of(a)]


def _sources(results: Sequence[QuestionResult], sources: dict[str, str]) -> dict[str, list[int]]:
    """Source -> [right, not right] of the answers it gave."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        out[sources.get(r.question, "none")][0 if r.correct else 1] += 1
    return dict(out)


def _near_misses(results: Sequence[QuestionResult], sources: dict[str, str]) -> dict[str, Any]:
    """How the near misses were answered: a wrong answer from a taught example (the matcher or
    the adapter took a question that is not the taught one) is what must not happen."""
    from_example = [r for r in results if sources.get(r.question) in ("taught", "adapted")]
    return {"n": len(results), "correct": sum(r.correct for r in results),
            "wrong_from_example": [r.id for r in from_example if not r.correct],
            "sources": _sources(results, sources)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    for name in ("match", "proxy", "reader", "carry"):
        p = sub.add_parser(name)
        p.add_argument("--dsn", required=True, help="superuser DSN of the server (gold SQL)")
        p.add_argument("--questions", type=Path, required=True, nargs="+",
                       help="one or more files, e.g. the demo's and the unseen set's")
        p.add_argument("--paraphrases", type=Path)
        p.add_argument("--json", type=Path, help="write the report here too")
    for name in ("match", "proxy"):
        sub.choices[name].add_argument("--taught-from-file", action="store_true",
                                       help="teach the questions the paraphrases name (dev set)")
    sub.choices["match"].add_argument("--threshold", type=float, default=THRESHOLD)
    sub.choices["match"].add_argument("--adapt", action="store_true",
                                      help="also adapt taught SQL (ask.context.example_adapt) "
                                           "where no paraphrase matches")
    sub.choices["match"].add_argument("--placed", action="store_true",
                                      help="then the example placing a question the planner "
                                           "would refuse (ExampleIndex.placed), tried on all")
    sub.choices["match"].add_argument("--untaught", action="store_true",
                                      help="match the untaught 90%% instead of paraphrases")
    sub.choices["proxy"].add_argument("--via-proxy", required=True, metavar="HOST:PORT")
    sub.choices["proxy"].add_argument("--copies", metavar="SUFFIX",
                                      help="measure on copies of the databases (<db>_SUFFIX, "
                                           "made from them first, dropped at the end)")
    sub.choices["proxy"].add_argument("--draw", default="",
                                      help="another seeded 10%% taught (any text; the default "
                                           "is the 10%% the paraphrase files name)")
    sub.choices["proxy"].add_argument("--copy-prefix", action="store_true",
                                      help="name the copies <SUFFIX>_<db> instead")
    sub.choices["proxy"].add_argument("--keep-copies", action="store_true",
                                      help="leave the copies (their examples emptied)")
    sub.choices["reader"].add_argument("--half", choices=("dev", "test", "all"), default="all",
                                       help="the databases at even (dev) or odd (test) positions "
                                            "of the sorted list (Spider dev: only dev is ours)")
    for name in ("reader", "proxy"):
        sub.choices[name].add_argument("--taught-marked", action="store_true",
                                       help='teach the questions marked "taught": true '
                                            "(eval/teach_transfer_dev.jsonl), not the seeded 10%%")
        sub.choices[name].add_argument("--no-comments", action="store_true",
                                       help="read the schemas without their COMMENT ON text "
                                            "(proxy: removed from the copies)")
    args = parser.parse_args(argv)
    modes = {"match": match_mode, "proxy": proxy_mode, "reader": reader_mode, "carry": carry_mode}
    report = asyncio.run(modes[args.mode](args))
    text = json.dumps(report, indent=1)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
