"""``askproxy eval``: the argparse wiring and the entry point of the harness.

``add_eval_command(subparsers)`` is what the main CLI calls. The command needs a predictor:
``--via-proxy HOST:PORT`` asks a running askproxy; an in-process translator can be plugged in
later by passing ``predictor_factory`` (it receives the parsed arguments).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import psycopg.conninfo

from proxy.evaluation.predictor import Predictor, ProxyPredictor
from proxy.evaluation.questions import QuestionFileError, load_questions
from proxy.evaluation.report import render_text, summarise, write_json
from proxy.evaluation.runner import run_evaluation

logger = logging.getLogger(__name__)

PredictorFactory = Callable[[argparse.Namespace], contextlib.AbstractAsyncContextManager[Predictor]]


def parse_host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host.strip("[]"), int(port)


def proxy_conninfo(dsn: str, host: str, port: int, user: str | None, password: str | None) -> str:
    """The gold DSN re-pointed at the proxy (same database; user/password overridable)."""
    overrides: dict[str, str | int] = {"host": host, "port": port}
    if user is not None:
        overrides["user"] = user
    if password is not None:
        overrides["password"] = password
    return psycopg.conninfo.make_conninfo(dsn, **overrides)


def add_eval_command(subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
                     predictor_factory: PredictorFactory | None = None) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "eval", help="measure ASK's execution accuracy on a question set",
        description="Compare the results of ASK against gold SQL, question by question.")
    parser.add_argument("--questions", type=Path, required=True, help="JSONL question file")
    parser.add_argument("--dsn", required=True, help="where gold SQL runs (libpq DSN or URL)")
    # Without an in-process predictor (the askproxy command has none) the proxy is the only
    # way to ask: the flag is then required, and argparse says so in the usage line.
    parser.add_argument("--via-proxy", type=parse_host_port, metavar="HOST:PORT",
                        required=predictor_factory is None,
                        help="ask through a running askproxy at HOST:PORT (same database as "
                             "--dsn)" + ("" if predictor_factory is None else
                                         "; default: the in-process predictor"))
    parser.add_argument("--user", help="user for the proxy connection (default: the DSN's)")
    parser.add_argument("--password", help="password for the proxy connection (default: the DSN's)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every result and the summary here")
    parser.add_argument("--category", action="append", help="only these categories (repeatable)")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--min-accuracy", type=float, metavar="FRACTION",
                        help="exit with status 1 when execution accuracy is below this")
    parser.add_argument("--quiet", action="store_true", help="do not list the failures")
    parser.set_defaults(func=lambda args: run_eval_command(args, predictor_factory))
    return parser


def _predictor(args: argparse.Namespace, factory: PredictorFactory | None
               ) -> contextlib.AbstractAsyncContextManager[Predictor]:
    if args.via_proxy is not None:
        host, port = args.via_proxy
        return ProxyPredictor(proxy_conninfo(args.dsn, host, port, args.user, args.password))
    if factory is not None:
        return factory(args)
    raise SystemExit("askproxy eval: no predictor; pass --via-proxy HOST:PORT")


async def _run(args: argparse.Namespace, factory: PredictorFactory | None) -> int:
    try:
        questions = load_questions(args.questions)
    except (OSError, QuestionFileError) as exc:
        print(f"askproxy eval: {args.questions}: {exc}", file=sys.stderr)
        return 2
    if args.category:
        questions = [q for q in questions if q.category in set(args.category)]
    if args.limit is not None:
        questions = questions[: args.limit]
    async with _predictor(args, factory) as predictor:
        results = await run_evaluation(questions, predictor, args.dsn)
    summary = summarise(results)
    print(render_text(summary, results, show_failures=not args.quiet))
    if args.json is not None:
        write_json(args.json, summary, results)
    if args.min_accuracy is not None and summary.execution_accuracy < args.min_accuracy:
        return 1
    return 0


def run_eval_command(args: argparse.Namespace, factory: PredictorFactory | None = None) -> int:
    return asyncio.run(_run(args, factory))


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (``python -m proxy.evaluation``) until the main CLI wires it."""
    parser = argparse.ArgumentParser(prog="askproxy")
    add_eval_command(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))
