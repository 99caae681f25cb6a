"""The identifier constraint made cheaper per row-call (issue 19) answers what it answered.

Three ways now answer "which tokens may follow this prefix": per-row states that the decode loop
moves by each new token (``mask_states``), a lookup by the prefix's last tokens (``__call__``,
``many``, ``along``), and the whole-prefix reading they replaced, kept here verbatim as the
reference. Each is compared with the reference on every prefix of random token sequences
built from the pieces that matter (FROM/JOIN, AS, dots, quotes, literals, the schema's names,
word pieces, long name runs) and of real SQL, scoped and not; then the decode loop with states
against the same hook without them, through the shipped model: the same tokens and scores.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from ask.translate.engine_translator import IdentifierConstraint, Vocabulary
from tests.test_refusal import DEMO

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "engines" / "models" / "askproxy-sql-small"

pytestmark = pytest.mark.skipif(not (MODEL / "manifest.json").is_file(), reason="no shipped model")


def reference(c: IdentifierConstraint, prefix: Sequence[int]) -> np.ndarray | None:
    """IdentifierConstraint.__call__ as it was before the tail lookup and the states."""
    if not prefix:
        return None
    mask = c._after_anchor(prefix) if c.tables_on else None
    if mask is None and c.columns_on:
        mask = c._after_dot(prefix)
    if mask is None or c._in_literal(prefix):
        return None
    return mask


def same(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return (a is None) == (b is None) and (a is None or b is None or bool(np.array_equal(a, b)))


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    from tokenizers import Tokenizer
    return Vocabulary(Tokenizer.from_file(str(MODEL / "tokenizer.json")))


def sequences(vocab: Vocabulary, count: int, seed: int) -> list[list[int]]:
    """Random token sequences from the pieces the constraint reads, and real SQL."""
    rng = random.Random(seed)
    enc = vocab.tokenizer.encode

    def ids(text: str) -> list[int]:
        return enc(text, add_special_tokens=False).ids

    names = [t.name for t in DEMO.tables] + [c.name for t in DEMO.tables for c in t.columns]
    pieces: list[list[int]] = [ids(" FROM"), ids(" JOIN"), ids(" AS"), ids("."), ids('"'), ids("'"),
                               ids(" 'x"), ids("s'"), ids(" WHERE"), ids(" SELECT"), ids(" ="), ids(","),
                               ids(" s"), ids(" t1"), ids(" T2"), ids("x.")]
    pieces += [ids(" " + n) for n in names] + [ids("x." + n)[2:] for n in names] + [ids('x."' + n)[2:] for n in names]
    word_pieces = sorted(vocab.continuing)
    out = []
    for _ in range(count):
        seq: list[int] = []
        while len(seq) < rng.randint(1, 60):
            roll = rng.random()
            if roll < 0.6:
                seq += rng.choice(pieces)
            elif roll < 0.7:          # a name run longer than the tail lookup reads
                seq += ids("x.")[1:] + [rng.choice(word_pieces) for _ in range(rng.randint(8, 15))]
            elif roll < 0.85:
                seq.append(rng.choice(word_pieces))
            else:
                seq.append(rng.randrange(vocab.size))
        out.append(seq)
    gold = [json.loads(line)["gold_sql"] for line in (ROOT / "eval" / "demo.jsonl").read_text().splitlines()
            if line.strip()]
    out += [ids(sql) for sql in gold]
    return out


@pytest.mark.parametrize("scoped", [False, True])
def test_every_way_of_asking_answers_what_the_whole_prefix_reading_answered(vocab: Vocabulary,
                                                                            scoped: bool) -> None:
    c = IdentifierConstraint(vocab, DEMO, scoped=scoped)
    rng = random.Random(5)
    asked = masked = 0
    for seq in sequences(vocab, 400, seed=11 + scoped):
        states = c.mask_states
        mark = states.start if states is not None else None
        prefixes = [seq[:p] for p in range(len(seq) + 1)]
        expected = [reference(c, p) for p in prefixes]
        many = c.many(prefixes)
        start = rng.randrange(len(seq) + 1)
        along = c.along(seq, start)
        for p, want in enumerate(expected):
            assert same(c(prefixes[p]), want), (scoped, seq, p)
            assert same(many[p], want), (scoped, seq, p)
            if p >= start:
                assert same(along[p - start], want), (scoped, seq, start, p)
            if states is not None and mark is not None:
                if p:
                    mark = states.step(mark, seq[p - 1])
                assert same(mark.mask, want), (seq, p)
                if want is not None:     # the same cached array, as the decode loop's table dedupes by identity
                    assert mark.mask is want
            asked += 1
            masked += want is not None
    assert asked > 10_000 and masked > 1_000      # the sequences did reach names, not only misses
    assert (c.mask_states is None) == scoped      # alias scoping reads the whole prefix: no states


def test_the_tail_lookup_and_the_states_forget_and_still_answer(vocab: Vocabulary) -> None:
    """Bounded caches: a full one starts over, and answers stay the same."""
    c = IdentifierConstraint(vocab, DEMO)
    states = c.mask_states
    assert states is not None
    states._KEPT = 8                  # type: ignore[misc]
    states._NEXT = 2                  # type: ignore[misc]
    import ask.translate.engine_translator as et
    kept = et._TAILS_KEPT
    et._TAILS_KEPT = 16
    try:
        for seq in sequences(vocab, 60, seed=3):
            mark = states.start
            for p in range(len(seq) + 1):
                if p:
                    mark = states.step(mark, seq[p - 1])
                want = reference(c, seq[:p])
                assert same(mark.mask, want) and same(c(seq[:p]), want)
    finally:
        et._TAILS_KEPT = kept


def test_the_decode_loop_with_states_writes_what_it_wrote_asking_by_prefix(vocab: Vocabulary) -> None:
    """The shipped model through the decode loop, greedy and 4-beam requests together, plain
    steps and verify calls: the hook with states gives the same tokens and scores as the same
    hook asked by prefix, and its masks were met (some rows constrained)."""
    from engines.engine import Seq2SeqEngine
    from engines.generation import GenerationRequest
    from engines.speculation import DraftPolicy
    from ask.translate.prompt import build_prompt
    engine = Seq2SeqEngine.load(MODEL, backend="onnxruntime")
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "demo.jsonl").read_text().splitlines()
                 if line.strip()][:10]
    with_states = IdentifierConstraint(vocab, DEMO)
    by_prefix = IdentifierConstraint(vocab, DEMO)
    by_prefix.mask_states = None
    asked: list[int] = []

    class Counting:
        """by_prefix, counting the rows it constrained."""
        def __call__(self, prefix: Sequence[int]) -> np.ndarray | None:
            mask = by_prefix(prefix)
            asked.append(mask is not None)
            return mask

    def requests(hook: object) -> list[GenerationRequest]:
        out = []
        for i, q in enumerate(questions):
            beams = 4 if i % 3 == 2 else 1
            ids = engine.tokenizer.encode(build_prompt(q, DEMO)).ids[:engine.model.manifest.max_source_length]
            out.append(GenerationRequest(ids, max_new_tokens=96, num_beams=beams, num_return_sequences=beams,
                                         allowed_tokens=hook))     # type: ignore[arg-type]
        return out

    class Plain(DraftPolicy):
        """Plain steps whenever there is more than one row (not by measured cost: the same
        calls in both runs)."""
        def speculate(self, rows: int) -> bool:
            return rows == 1

    def run(policy: DraftPolicy, hook: object) -> list[object]:
        """On an engine of its own: the drafter learns from the answers it saw, so a second run
        on one engine would draft (and call) differently."""
        fresh = Seq2SeqEngine.load(MODEL, backend="onnxruntime")
        fresh.draft_policy = policy
        return [r.candidates for r in fresh.generate(requests(hook))]

    for policy in (Plain, lambda: DraftPolicy(always=True)):      # plain steps; a verify call every call
        assert run(policy(), with_states) == run(policy(), Counting())
    assert sum(asked) > 50
    states = with_states.mask_states
    assert states is not None and sum(len(m.next) for m in states._interned.values()) > 100   # moved by tokens
