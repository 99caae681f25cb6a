"""Speculative decoding on the torch static-cache session: a verify step per bucket (captured
like the plain step on CUDA) that lets every row of a batch keep several tokens a step.

On CPU the static step runs eagerly; the greedy answers must be what plain static greedy
writes, at batch sizes 1, 3 and 16, with drafts that are right for some rows and wrong for
others in the same call (rows then keep different numbers of tokens and the pool re-aligns
them). Where CUDA exists, the same runs with CUDA graphs and the verify graphs are counted.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the torch backend needs torch")
pytest.importorskip("transformers", reason="building the test models needs transformers")

from engines.decoding import DecodeLoop, run_to_completion  # noqa: E402
from engines.generation import GenerationRequest, GenerationResult  # noqa: E402
from engines.ngram_drafter import NgramDrafter  # noqa: E402
from engines.sessions.slot_pool import VERIFY_WIDTH  # noqa: E402
from engines.sessions.torch_session import TorchSession  # noqa: E402
from engines.speculation import DraftPolicy  # noqa: E402
from tests.engine_models import make_bart, make_t5, mixed_drafter, mixed_requests  # noqa: E402

CUDA = torch.cuda.is_available()
DEVICES = ["cpu"] + (["cuda"] if CUDA else [])
START, EOS = 0, 1           # make_t5's decoder start and end tokens


@pytest.fixture(scope="module")
def t5_dir(tmp_path_factory: pytest.TempPathFactory) -> object:
    return make_t5(tmp_path_factory.mktemp("static_drafts") / "hf")


def requests(count: int, hook: object = None) -> list[GenerationRequest]:
    return mixed_requests(count, seed=5, prompt_lengths=(2, 40), new_tokens=(4, 30), hook=hook)


def candidates(results: list[GenerationResult]) -> list[list[list[int]]]:
    return [[t for t, _ in r.candidates] for r in results]


def decode(session: TorchSession, reqs: list[GenerationRequest], batch: int, drafter: NgramDrafter | None,
           source: int = 64) -> tuple[list[GenerationResult], DecodeLoop]:
    from engines.model_dir import SpecialTokens
    loop = DecodeLoop(session, SpecialTokens(0, EOS, START), source, drafter, policy=DraftPolicy(always=True))
    return run_to_completion(loop, reqs, batch), loop


@pytest.mark.slow
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("batch", [1, 3, 16])
@pytest.mark.parametrize("constrained", [False, True])
def test_static_verify_writes_what_plain_static_greedy_writes(t5_dir: object, device: str, batch: int,
                                                               constrained: bool) -> None:
    def hook(prefix: list[int]) -> np.ndarray:
        mask = np.ones(96, dtype=bool)
        mask[[7, 9, 11 + len(prefix) % 5]] = False
        return mask
    session = TorchSession.from_hf(t5_dir, device=device)     # type: ignore[arg-type]
    assert session.verifies_drafts
    reqs = requests(24, hook if constrained else None)
    plain, _ = decode(session, reqs, batch, None)
    kept: list[np.ndarray] = []
    accept = session.accept

    def recorded(state: object, counts: np.ndarray, width: int) -> object:
        kept.append(counts.copy())
        return accept(state, counts, width)
    session.accept = recorded  # type: ignore[method-assign]
    spec, loop = decode(session, reqs, batch, mixed_drafter([r.best[0] for r in plain]))
    assert candidates(spec) == candidates(plain)
    np.testing.assert_allclose([s for r in spec for _, s in r.candidates],
                               [s for r in plain for _, s in r.candidates], atol=1e-4)
    stats = loop.spec_stats
    assert stats.calls > 0 and stats.tokens > 1.3 * stats.rows     # several tokens a row per verify
    if batch > 1:
        assert any(len(set(k.tolist())) > 2 for k in kept)        # rows of one call kept different counts
    if device == "cuda":
        graphs = session.graph_stats()
        assert graphs is not None and graphs.failures == 0 and graphs.eager_steps == 0


@pytest.mark.slow
def test_drafts_longer_than_the_verify_width_are_cut(t5_dir: object) -> None:
    """A drafter offering up to 32 tokens; the static session's verify step takes VERIFY_WIDTH
    (its next token and 8 drafted): the loop cuts each draft, the answers stay greedy's."""
    session = TorchSession.from_hf(t5_dir, device="cpu")     # type: ignore[arg-type]
    reqs = [GenerationRequest(r.input_ids, r.max_new_tokens) for r in
            mixed_requests(12, seed=9, prompt_lengths=(2, 40), new_tokens=(24, 40))]
    plain, _ = decode(session, reqs, 3, None)
    drafter = NgramDrafter(max_draft=32, self_order=3)
    for r in plain:
        drafter.add(r.best[0] + [EOS])
    assert len(drafter.draft([], 99)) > VERIFY_WIDTH          # longer than a verify step takes
    widths: list[int] = []
    verify = session.verify

    def recorded(state: object, token_ids: np.ndarray, *rest: object) -> object:
        widths.append(int(token_ids.shape[1]))
        return verify(state, token_ids, *rest)  # type: ignore[arg-type]
    session.verify = recorded  # type: ignore[method-assign,assignment]
    spec, loop = decode(session, reqs, 3, drafter)
    assert candidates(spec) == candidates(plain)
    assert widths and max(widths) == VERIFY_WIDTH
    assert loop.spec_stats.tokens > 2 * loop.spec_stats.rows       # the cut drafts were taken


class Alternating(DraftPolicy):
    """Verify on every third call: plain steps (and their look-ahead) between verify steps."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def speculate(self, rows: int) -> bool:
        self.calls += 1
        return self.calls % 3 == 0


@pytest.mark.slow
def test_verify_steps_between_look_ahead_steps(t5_dir: object) -> None:
    """A look-ahead step in flight when a verify comes is dropped; the answers stay greedy's."""
    from engines.model_dir import SpecialTokens
    session = TorchSession.from_hf(t5_dir, device="cpu")     # type: ignore[arg-type]
    reqs = [GenerationRequest(r.input_ids, max_new_tokens=r.max_new_tokens) for r in requests(16)]   # greedy
    plain, _ = decode(session, reqs, 5, None)
    session._static.look_ahead = True                          # type: ignore[union-attr]
    loop = DecodeLoop(session, SpecialTokens(0, EOS, START), 64, mixed_drafter([r.best[0] for r in plain]),
                      policy=Alternating())
    mixed = run_to_completion(loop, reqs, 5)
    assert candidates(mixed) == candidates(plain)
    assert loop.spec_stats.calls > 5 and loop.spec_stats.plain_steps > 5
    assert session._static.look_ahead_hits > 0                 # type: ignore[union-attr]


def test_verify_step_equals_plain_steps_column_for_column(t5_dir: object) -> None:
    """One verify step's log-probs and cache columns are the plain steps' (eager, CPU)."""
    session = TorchSession.from_hf(t5_dir, device="cpu")     # type: ignore[arg-type]
    ids = np.array([[5, 6, 7, 8, 9, 10]], dtype=np.int64)
    mask = np.ones_like(ids)
    state = session.encode(ids, mask)
    fed, scores = [START], []
    for _ in range(4):
        state, s, best = session.step(state, np.array([fed[-1]]), np.array([len(fed) - 1]), None, 1)
        scores.append(float(s[0, 0]))
        fed.append(int(best[0, 0]))
    plain_kv = session._static.pool.self_kv[:, 0, :, :4].clone()       # type: ignore[union-attr]
    state = session.encode(ids, mask)
    draft = np.array([fed[:4]])
    state, s, best, _ = session.verify(state, draft, np.array([4]), np.arange(4)[None], None)
    assert best[0].tolist() == fed[1:5]
    np.testing.assert_allclose(s[0], scores, atol=1e-5)
    pool = session._static.pool                                       # type: ignore[union-attr]
    assert pool.write_pos == VERIFY_WIDTH
    state = session.accept(state, np.array([3]), 4)
    assert pool.write_pos == 3 and int(pool.self_mask[0].sum()) == 3
    torch.testing.assert_close(pool.self_kv[:, 0, :, :3], plain_kv[:, :, :3], atol=1e-5, rtol=0)


def test_bart_static_session_does_not_verify(tmp_path: object) -> None:
    session = TorchSession.from_hf(make_bart(tmp_path / "hf"), device="cpu")    # type: ignore[operator]
    assert not session.verifies_drafts


@pytest.mark.skipif(not CUDA, reason="CUDA-graph capture of the verify step needs a CUDA device")
def test_warm_up_captures_a_verify_graph_per_bucket(t5_dir: object) -> None:
    session = TorchSession.from_hf(t5_dir, device="cuda")     # type: ignore[arg-type]
    captured = session.warm_up([1, 2], [32], [32])
    encoder = session._encoder_graphs   # type: ignore[union-attr]
    encoded = 2 if encoder is not None and encoder.graphs is not None else 0   # (rows, source)
    assert captured == 4 + encoded                             # 2 row buckets x (step, verify)
    stats = session.graph_stats()
    assert stats is not None and stats.failures == 0


# --- a wider verify step ([engine] max_draft 32: 33 tokens a row) ---------------------------------

WIDE = 33


@pytest.mark.parametrize("device", DEVICES)
def test_warm_up_runs_every_bucket_a_wide_verify_step_can_reach(t5_dir: object, device: str) -> None:
    """The warm-up runs (on CUDA: captures) the plain step in every bucket and the verify step in
    those whose cache holds its width: a verify at column p needs p + 33 columns, so none runs
    in the 32-column bucket. Warming that bucket up too indexed past the cache (an IndexError
    on CPU, a device-side assert on CUDA: the H100 proxy of 2026-12-07 started without its model)."""
    session = TorchSession.from_hf(t5_dir, device=device, verify_width=WIDE)    # type: ignore[arg-type]
    static = session._static
    assert static is not None and session.max_draft_tokens == WIDE - 1
    keys = [k[1:] for k in static.warm_up_keys([1, 2], [32, 64, 96], [32])]
    assert sorted({k[3] for k in keys}) == [1, WIDE]
    assert (1, 32, 32, 1) in keys and (1, 32, 32, WIDE) not in keys and (1, 64, 32, WIDE) in keys
    assert len(keys) == 2 * 3 + 2 * 2                 # 2 row buckets x (3 step + 2 verify columns)
    captured = session.warm_up([1, 2], [32, 64, 96], [32])
    if device == "cuda":
        encoder = session._encoder_graphs
        encoded = 2 if encoder is not None and encoder.graphs is not None else 0   # (rows, source)
        assert captured == len(keys) + encoded
        stats = session.graph_stats()
        assert stats is not None and stats.failures == 0 and stats.eager_steps == 0
    else:
        assert captured == 0


@pytest.mark.parametrize("device", DEVICES)
def test_every_bucket_writes_its_log_probs_into_one_buffer_of_its_width(t5_dir: object, device: str) -> None:
    """A graph's own output would stay allocated as long as the graph: one [rows, 33, vocab]
    tensor per bucket, 130 GB over the shipped model's 1,728 buckets at 256 rows. Every bucket
    of one width writes into the decoder's one buffer of that width instead."""
    session = TorchSession.from_hf(t5_dir, device=device, verify_width=WIDE)    # type: ignore[arg-type]
    static = session._static
    assert static is not None
    shapes = ([1, 2, 4], [32, 64, 96], [32, 64])
    session.warm_up(*shapes)
    with torch.inference_mode():
        for key in static.warm_up_keys(*shapes):
            out = static._run_step(key)
            buffer = static._outputs[key[4]]
            assert out.data_ptr() == buffer.data_ptr() and out.shape[0] == key[1]
            assert out.shape == ((key[1], 96) if key[4] == 1 else (key[1], WIDE, 96))


@pytest.mark.slow
@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("batch", [1, 5])
def test_wide_verify_writes_what_plain_static_greedy_writes(t5_dir: object, device: str, batch: int) -> None:
    """Drafts of up to 32 tokens through a 33-wide verify step (on CUDA: captured graphs,
    warmed up first as the engine does): greedy's tokens, in fewer calls than drafts of 8."""
    def hook(prefix: list[int]) -> np.ndarray:
        mask = np.ones(96, dtype=bool)
        mask[[7, 9, 11 + len(prefix) % 5]] = False
        return mask
    reqs = [GenerationRequest(r.input_ids, r.max_new_tokens, allowed_tokens=hook if i % 2 else None)
            for i, r in enumerate(mixed_requests(12, seed=9, prompt_lengths=(2, 40), new_tokens=(24, 60)))]
    narrow = TorchSession.from_hf(t5_dir, device=device)                         # type: ignore[arg-type]
    plain, _ = decode(narrow, reqs, batch, None)
    answers = [r.best[0] for r in plain]
    session = TorchSession.from_hf(t5_dir, device=device, verify_width=WIDE)    # type: ignore[arg-type]
    if device == "cuda":
        from engines.engine import warm_up_shapes
        session.warm_up(*warm_up_shapes(batch, 60, 64, WIDE))
    wide, loop = decode(session, reqs, batch, mixed_drafter(answers, max_draft=32))
    assert candidates(wide) == candidates(plain)
    np.testing.assert_allclose([s for r in wide for _, s in r.candidates],
                               [s for r in plain for _, s in r.candidates], atol=1e-4)
    _, loop8 = decode(narrow, reqs, batch, mixed_drafter(answers))
    assert loop.decoder_calls < loop8.decoder_calls
    if device == "cuda":
        graphs = session.graph_stats()
        assert graphs is not None and graphs.failures == 0 and graphs.eager_steps == 0


@pytest.mark.slow
def test_a_wide_verify_at_the_longest_answer_stays_in_the_warmed_up_caches(t5_dir: object) -> None:
    """The warm-up's cache buckets reach the longest answer plus the verify width: a verify
    near the end of an answer writes 33 columns past its last token, and a cache grown there
    drops every captured graph mid-traffic (a new pool generation). Without the allowance,
    the same answers do grow it."""
    from engines.engine import warm_up_shapes
    longest = 70
    reqs = [GenerationRequest(r.input_ids, max_new_tokens=longest) for r in
            mixed_requests(3, seed=4, prompt_lengths=(2, 40), new_tokens=(1, 2))]
    generations = []
    for width in (WIDE, 1):
        session = TorchSession.from_hf(t5_dir, device="cpu", verify_width=WIDE)    # type: ignore[arg-type]
        rows, columns, source = warm_up_shapes(1, longest, 64, width)
        session.reserve(max(rows), max(columns), max(source))
        pool = session._static.pool                                               # type: ignore[union-attr]
        before = pool.generation
        from engines.model_dir import SpecialTokens
        loop = DecodeLoop(session, SpecialTokens(0, -1, START), 64,              # no EOS: every answer is longest
                          NgramDrafter(max_draft=32, self_order=3), policy=DraftPolicy(always=True))
        results = run_to_completion(loop, reqs, 1)
        assert all(len(r.best[0]) == longest for r in results)
        generations.append(pool.generation - before)
    assert generations[0] == 0 and generations[1] > 0


def test_the_drafter_learns_answers_while_the_next_call_runs(t5_dir: object) -> None:
    """The static session runs the loop's deferred work before it waits for the device: an
    answer that finishes while other rows go on reaches the drafter during the next call (not
    in the call that finished it), and every answer has reached it once the batch is empty."""
    session = TorchSession.from_hf(t5_dir, device="cpu")     # type: ignore[arg-type]
    assert session.runs_host_work_while_waiting
    from engines.model_dir import SpecialTokens
    drafter = NgramDrafter()
    added: list[list[int]] = []
    learn = drafter.add
    drafter.add = lambda tokens: (added.append(list(tokens)), learn(tokens))[1]  # type: ignore[method-assign]
    loop = DecodeLoop(session, SpecialTokens(0, EOS, START), 64, drafter, policy=DraftPolicy(always=True))
    short = GenerationRequest([5, 6, 7], max_new_tokens=2)
    long = GenerationRequest([8, 9, 10, 11], max_new_tokens=12)
    loop.admit([("short", short), ("long", long)])
    finished: list[object] = []
    while not finished:
        before = len(added)
        finished = [key for key, _ in loop.step()]
        assert len(added) == before              # a finished answer is not told in its own call
    assert finished == ["short"] and loop.active_requests == 1 and loop.clock.deferred
    loop.step()
    assert len(added) == 1 and not loop.clock.deferred    # told during the next call
    while loop.active_requests:
        loop.step()
    assert len(added) == 2 and not loop.clock.deferred    # the last one before the loop went idle
