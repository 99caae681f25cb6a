"""The masks phase alone, replayed from recorded decoder calls (not a test; issue 19).

``record``: runs the engine-alone load of ``bench_engine_clients.py`` (demo prompts over the
demo schema, every fourth request 4-beam, the identifier constraint on) at N clients and saves
what every decoder call's masks phase was given: a plain step's searches and their prefixes, a
verify call's prefixes and fed tokens. ``replay``: feeds those calls through the decode loop's
own ``_masks`` / ``_draft_masks`` of the tree at ROOT (so an older export and this tree run the
same calls), prints the thread CPU time per row-call of the phase (the best of ``--rounds`` passes over
all calls, the hook's caches warm after the first; the first's too) and a digest of every call's masks (the dense mask
of each position, by content): equal digests are equal masks, call by call.

    python bench/mask_replay.py record /tmp/rec256.pkl --clients 256 --limit 166
    python bench/mask_replay.py replay /tmp/rec256.pkl --root /tmp/base
    python bench/mask_replay.py replay /tmp/rec256.pkl --root .
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]


def record(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE / "bench"))
    import asyncio

    import bench_engine_clients as bec
    from engines.decoding import DecodeLoop
    from engines.engine import Seq2SeqEngine
    from engines.search_strategies import GreedySearch
    engine = Seq2SeqEngine.load(args.model, backend=args.backend)
    calls: list[Any] = []
    plain_masks, draft_masks = DecodeLoop._masks, DecodeLoop._draft_masks
    serial: dict[int, tuple[Any, int]] = {}      # a running request's number (its object kept)

    def runs(loop: Any) -> list[Any]:
        return [(serial.setdefault(id(r), (r, len(serial)))[1], isinstance(r.search, GreedySearch),
                 [list(p) for p in r.search.prefixes()], r.search.request.allowed_tokens is not None)
                for r in loop._running]

    def masks(self: Any) -> Any:
        calls.append(("step", runs(self)))
        return plain_masks(self)

    def drafts(self: Any, prefixes: Any, fed: Any, hooks: Any, width: int, *rest: Any) -> Any:
        calls.append(("draft", [list(p) for p in prefixes], [list(f) for f in fed],
                      [h is not None for h in hooks], width, runs(self)))
        return draft_masks(self, prefixes, fed, hooks, width, *rest)

    DecodeLoop._masks = masks                # type: ignore[method-assign]
    DecodeLoop._draft_masks = drafts         # type: ignore[method-assign]
    requests = bec.demo_load(engine, args.questions, args.limit)
    row, phases, _ = asyncio.run(bec.closed_loop(engine, requests, args.clients, args.max_batch_size))
    print(f"clients {args.clients}: " + "  ".join(f"{k} {v:.1f}" for k, v in row.items()))
    print("   host us/row/call: " + "  ".join(f"{k} {1000 * v / row['rows/call']:.2f}"
                                              for k, v in phases.per_call_ms().items()))
    Path(args.out).write_bytes(pickle.dumps({"clients": args.clients, "calls": calls}))
    print(f"{len(calls)} calls recorded in {args.out}")
    return 0


def replay(args: argparse.Namespace) -> int:
    root = str(Path(args.root).resolve())
    sys.path.insert(0, root)
    import numpy as np

    from ask.translate.engine_translator import IdentifierConstraint, Vocabulary
    from engines.decoding import DecodeLoop, _Running
    from engines.generation import GenerationRequest
    from engines.masks import MaskRows
    from engines.model_dir import ModelDir, SpecialTokens
    from engines.search_strategies import BeamSearch, GreedySearch
    from tests.test_refusal import DEMO
    assert Path(sys.modules["engines.decoding"].__file__ or "").resolve().is_relative_to(root)
    tokenizer = ModelDir.load(args.model).load_tokenizer()
    vocab = Vocabulary(tokenizer)
    hook = IdentifierConstraint(vocab, DEMO, scoped=args.scoped)
    size = tokenizer.get_vocab_size()

    class Session:
        vocab_size = size
        verifies_drafts = False

    loop = DecodeLoop(Session(), SpecialTokens(0, 1, 0), 512)   # type: ignore[arg-type]
    saved = pickle.loads(Path(args.record).read_bytes())
    follow = getattr(sys.modules["engines.decoding"], "_follow_beams", None)
    row_marks = getattr(DecodeLoop, "_row_marks", None)

    def request(beams: int, hooked: bool) -> GenerationRequest:
        return GenerationRequest([5], max_new_tokens=128, num_beams=beams, num_return_sequences=beams,
                                 allowed_tokens=hook if hooked else None)

    def prepare() -> list[tuple[str, Any, int, list[Any]]]:
        """The calls with their running requests, kept from call to call as the loop keeps them
        (a beam search's states put in its new beams' order, as the loop's beam advance does,
        before the call that follows one)."""
        live: dict[int, Any] = {}
        out: list[tuple[str, Any, int, list[Any]]] = []
        for call in saved["calls"]:
            running, moves = [], []
            for key, greedy, prefixes, hooked in (call[1] if call[0] == "step" else call[5]):
                run = live.get(key)
                if run is None or greedy:
                    if run is None:
                        search: Any = (GreedySearch if greedy else BeamSearch)(request(len(prefixes), hooked), 1, 0)
                        run = live[key] = _Running(key, search)
                    moves.append((run, None, prefixes[0] if greedy else prefixes))
                    if not greedy:
                        run.search._running = prefixes
                else:
                    old = run.search._running
                    parents = None
                    if len(prefixes[0]) == len(old[0]) + 1:
                        parents = [next(i for i, o in enumerate(old) if o == p[:-1]) for p in prefixes]
                    moves.append((run, parents, prefixes))
                    run.search._running = prefixes     # for the next call's parents
                running.append(run)
            if call[0] == "step":
                out.append(("step", running, sum(len(p) for _, _, p, _ in call[1]), moves))
            else:
                _, prefixes, fed, hooked, width, _ = call
                out.append(("draft", (running, prefixes, fed, [hook if h else None for h in hooked], width),
                            len(prefixes), moves))
        return out

    def one(kind: str, item: Any) -> MaskRows | None:
        if kind == "step":
            loop._running = item
            return loop._masks()
        running, *rest = item
        loop._running = running
        if row_marks is None:
            return loop._draft_masks(*rest)
        return loop._draft_masks(*rest, row_marks(loop))

    import engines.masks
    totals: list[int] = []
    out: list[MaskRows | None] = []
    for r in range(args.rounds):
        kept = getattr(engines.masks, "_tables", None)
        if kept is not None:          # tables kept from an earlier round: a round meets only its own
            kept.clear()
        prepared = prepare()          # fresh requests: no state kept from an earlier round
        spent = 0
        for kind, item, _, moves in prepared:
            for run, parents, prefixes in moves:      # what the loop's advance did (not timed)
                if parents is None:
                    if isinstance(run.search, GreedySearch):
                        run.search.tokens = prefixes
                    else:
                        run.search._running = prefixes
                    continue
                run.search._running = prefixes
                if follow is not None:
                    follow(run, parents)
            started = time.thread_time_ns()
            got = one(kind, item)
            spent += time.thread_time_ns() - started
            if r == 0:
                out.append(None if got is None else MaskRows(got.table.copy(), got.index.copy()))
        totals.append(spent)
    rows = sum(p[2] for p in prepared)
    total = min(totals) / 1000
    first = totals[0] / 1000
    digest = hashlib.sha1()
    for got in out:
        if got is None:
            digest.update(b"-")
            continue
        names = [hashlib.sha1(np.packbits(t).tobytes()).digest() for t in got.table]
        for i in got.index.reshape(-1).tolist():
            digest.update(names[i])
        digest.update(repr(got.index.shape).encode())
    steps = sum(1 for p in prepared if p[0] == "step")
    print(f"{args.record} (clients {saved['clients']}) root {args.root}: {len(prepared)} calls ({steps} steps), "
          f"{rows} row-calls, {rows / len(prepared):.1f} rows/call; masks {total / rows:.2f} us per row-call "
          f"(best round of {args.rounds}; first {first / rows:.2f}); digest {digest.hexdigest()[:16]}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=HERE / "engines" / "models" / "askproxy-sql-small")
    sub = ap.add_subparsers(required=True)
    r = sub.add_parser("record")
    r.add_argument("out")
    r.add_argument("--clients", type=int, default=256)
    r.add_argument("--limit", type=int, default=166)
    r.add_argument("--max-batch-size", type=int, default=256)
    r.add_argument("--backend", default="onnxruntime")
    r.add_argument("--questions", type=Path, default=HERE / "eval" / "demo.jsonl")
    r.set_defaults(func=record)
    p = sub.add_parser("replay")
    p.add_argument("record")
    p.add_argument("--root", default=".")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--scoped", action="store_true", help="the alias-scoped constraint ([ask] scoped_columns)")
    p.set_defaults(func=replay)
    args = ap.parse_args()
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
