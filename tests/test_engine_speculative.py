"""Speculative greedy decoding: the several-tokens T5 decoder graph, the n-gram drafter, and a
decode loop that verifies drafts yet writes what plain greedy writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("transformers", reason="exporting the test model needs torch and transformers")

import onnxruntime as ort  # noqa: E402

from engines.decoding import DecodeLoop, run_to_completion  # noqa: E402
from engines.ngram_drafter import NgramDrafter  # noqa: E402
from engines.export.convert import ExportOptions, export_decoder_steps, export_model, load_hf_model  # noqa: E402
from engines.export.specs import spec_for  # noqa: E402
from engines.generation import GenerationRequest, GenerationResult  # noqa: E402
from engines.speculation import DraftPolicy  # noqa: E402
from engines.model_dir import INT8_DYNAMIC, ModelDir  # noqa: E402
from engines.sessions.ort import OrtOptions, OrtSession  # noqa: E402
from tests.engine_models import make_t5, mixed_drafter, mixed_requests  # noqa: E402


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModelDir, Path]:
    """(an exported tiny T5, its fp32 several-tokens decoder graph)."""
    root = tmp_path_factory.mktemp("speculative")
    hf = make_t5(root / "hf")
    exported = export_model(hf, root / "model", ExportOptions(validate=False, torch_weights=False))
    hf_model = load_hf_model(hf)
    steps = root / "decoder.steps.onnx"
    assert export_decoder_steps(hf_model, spec_for(hf_model.config), steps)
    return exported, steps


def fp32_verifying_session(model: ModelDir, steps: Path) -> OrtSession:
    """The fp32 session with its decoder swapped for the fp32 several-tokens graph: exact
    arithmetic, so speculation must reproduce plain greedy bit for bit (up to float noise)."""
    session = OrtSession(model, OrtOptions(precision="fp32"))
    session._sessions["decoder"] = ort.InferenceSession(str(steps), providers=["CPUExecutionProvider"])
    session.verifies_drafts = True
    return session


def requests(hook: object = None) -> list[GenerationRequest]:
    rng = np.random.default_rng(11)
    return [GenerationRequest([int(x) for x in rng.integers(4, 90, size=int(rng.integers(3, 20)))],
                              max_new_tokens=16, allowed_tokens=hook) for _ in range(6)]  # type: ignore[arg-type]


def greedy(session: OrtSession, model: ModelDir, reqs: list[GenerationRequest],
           drafter: NgramDrafter | None) -> list[tuple[list[int], float]]:
    special = model.manifest.special_tokens
    out = []
    for r in reqs:                         # one at a time: speculation needs a lone greedy row
        loop = DecodeLoop(session, special, model.manifest.max_source_length, drafter, policy=DraftPolicy(always=True))
        out.append(run_to_completion(loop, [r], 8)[0].best)
    return out


@pytest.mark.slow
def test_the_steps_graph_equals_one_step_at_a_time(model: tuple[ModelDir, Path]) -> None:
    exported, steps = model
    single = OrtSession(exported, OrtOptions(precision="fp32"))
    many = fp32_verifying_session(exported, steps)
    ids = np.array([[5, 6, 7, 8, 9]], dtype=np.int64)
    state = single.encode(ids, np.ones_like(ids))
    fed = [exported.manifest.special_tokens.decoder_start]
    one_by_one = []
    s = state
    for _ in range(4):                       # plain greedy, one step a call
        s, scores, best = single.step(s, np.array([fed[-1]]), np.array([0]), None, 1)
        one_by_one.append((float(scores[0, 0]), int(best[0, 0])))
        fed.append(int(best[0, 0]))
    fed = fed[:4]                            # the start token and a draft greedy agrees with
    tokens = np.array([fed])
    s_many, scores, best, _ = many.verify(state, tokens, np.array([4]), np.arange(4)[None], None)
    assert [int(b) for b in best[0]] == [b for _, b in one_by_one]
    np.testing.assert_allclose(scores[0], [sc for sc, _ in one_by_one], atol=1e-4)
    for a, b in zip(s_many.past, s.past):
        np.testing.assert_allclose(a, b, atol=1e-4)
    kept = many.accept(s_many, np.array([2]), 4)
    assert kept.past[0].shape[2] == s_many.past[0].shape[2] - 2 and kept.self_mask.shape[1] == s_many.self_mask.shape[1] - 2
    wrong = fed[:2] + [(fed[2] + 1) % exported.manifest.vocab_size, fed[3]]
    _, scores, best, _ = many.verify(state, np.array([wrong]), np.array([4]), np.arange(4)[None], None)
    # Greedy stops where the draft is wrong: the agreed token, then the model's own choice there.
    assert [int(b) for b in best[0, :2]] == [b for _, b in one_by_one[:2]]
    np.testing.assert_allclose(scores[0, :2], [sc for sc, _ in one_by_one[:2]], atol=1e-4)
    assert (scores[0, 2:] == 0).all()         # no log-probs computed past the miss


@pytest.mark.slow
@pytest.mark.parametrize("constrained", [False, True])
def test_speculation_writes_what_plain_greedy_writes_with_fewer_calls(model: tuple[ModelDir, Path],
                                                                     constrained: bool) -> None:
    exported, steps = model
    vocab = exported.manifest.vocab_size

    def hook(prefix: list[int]) -> np.ndarray:       # a schema-style constraint: no token 7 or 9
        mask = np.ones(vocab, dtype=bool)
        mask[[7, 9]] = False
        return mask
    reqs = requests(hook if constrained else None)
    session = fp32_verifying_session(exported, steps)
    plain = greedy(session, exported, reqs, None)
    drafter = NgramDrafter()
    for tokens, _ in plain:
        drafter.add(tokens)                  # drafts that are right (the answers themselves)
    calls = {"verify": 0, "step": 0}
    verify, step = session.verify, session.step

    def counted_verify(*a: object, **k: object):  # type: ignore[no-untyped-def]
        calls["verify"] += 1
        return verify(*a, **k)  # type: ignore[arg-type]

    def counted_step(*a: object, **k: object):  # type: ignore[no-untyped-def]
        calls["step"] += 1
        return step(*a, **k)  # type: ignore[arg-type]
    session.verify, session.step = counted_verify, counted_step  # type: ignore[method-assign]
    spec = greedy(session, exported, reqs, drafter)
    assert [t for t, _ in spec] == [t for t, _ in plain]
    np.testing.assert_allclose([s for _, s in spec], [s for _, s in plain], atol=1e-3)
    produced = sum(len(t) for t, _ in plain)
    assert calls["verify"] > 0 and calls["verify"] + calls["step"] < produced / 2


@pytest.mark.slow
def test_wrong_drafts_change_nothing(model: tuple[ModelDir, Path]) -> None:
    exported, steps = model
    session = fp32_verifying_session(exported, steps)
    reqs = requests()
    plain = greedy(session, exported, reqs, None)
    drafter = NgramDrafter(orders=(1,), prompt_order=1)
    drafter.add([token + 1 for tokens, _ in plain for token in tokens][:200])   # plausible-looking, all wrong
    spec = greedy(session, exported, reqs, drafter)
    assert [t for t, _ in spec] == [t for t, _ in plain]
    prompts_only = NgramDrafter(orders=(9,), prompt_order=1)   # drafts copied from each prompt
    assert [t for t, _ in greedy(session, exported, reqs, prompts_only)] == [t for t, _ in plain]


def test_drafter_follows_the_latest_continuation() -> None:
    drafter = NgramDrafter(orders=(2,), max_draft=3)
    assert drafter.draft([1, 2], 5) == []
    drafter.add([1, 2, 3, 4, 5, 6])
    assert drafter.draft([9, 1, 2], 5) == [3, 4, 5]
    assert drafter.draft([1, 2], 1) == [3]
    assert drafter.draft([], 5) == [1, 2, 3]              # the start of an answer drafts too
    drafter.add([1, 2, 7])
    assert drafter.draft([1, 2], 5) == [7]
    assert drafter.draft([1, 2], 0) == []


def test_drafter_prefers_the_longest_matching_key() -> None:
    drafter = NgramDrafter(orders=(3, 1), max_draft=4)
    drafter.add([5, 6, 7, 8, 9])
    drafter.add([1, 7, 2, 2])           # the latest answer with the 1-token key (7,)
    assert drafter.draft([5, 6, 7], 9) == [8, 9]          # (5, 6, 7) matches: its continuation
    assert drafter.draft([4, 4, 7], 9) == [2, 2]          # only (7,) matches: the latest one


def test_drafter_looks_in_the_prompt_when_no_answer_matches() -> None:
    drafter = NgramDrafter(orders=(3,), max_draft=3, prompt_order=2)
    prompt = [40, 41, 42, 43, 44, 45, 41, 42, 50]
    assert drafter.draft([9, 41, 42], 8, prompt) == [50]             # the last occurrence
    assert drafter.draft([9, 43, 44], 8, prompt) == [45, 41, 42]     # at most max_draft
    assert drafter.draft([9, 42, 41], 8, prompt) == []
    assert drafter.draft([42], 8, prompt) == []                       # shorter than the key
    drafter.add([9, 43, 44, 77])
    assert drafter.draft([9, 43, 44], 8, prompt) == [77]             # answers come first


def test_drafter_drafts_a_repeat_from_the_answer_itself_first() -> None:
    drafter = NgramDrafter(orders=(3,), max_draft=8, self_order=3)
    drafter.add([5, 6, 7, 9, 9, 9])
    looping = [1, 5, 6, 7, 8, 5, 6, 7]          # "t.name.name.name": the answer repeats itself
    assert drafter.draft(looping, 9) == [8, 5, 6, 7]          # what followed (5, 6, 7) in it
    assert drafter.draft(looping, 2) == [8, 5]
    assert drafter.draft([2, 5, 6, 7], 9) == [9, 9, 9]        # no repeat: the earlier answer
    assert NgramDrafter(orders=(3,)).draft(looping, 9) == []                    # off by default


def test_drafts_run_long_from_answers_and_short_from_the_prompt() -> None:
    answer = list(range(10, 60))
    drafter = NgramDrafter(orders=(2,), max_draft=32)
    drafter.add(answer)
    assert drafter.draft(answer[:2], 99) == answer[2:34]      # 32 tokens of an earlier answer
    assert drafter.draft(answer[:2], 5) == answer[2:7]        # the caller's limit cuts it
    prompt = [70, 71] + list(range(100, 140))
    assert drafter.draft([3, 70, 71], 99, prompt) == list(range(100, 108))   # 8 from the prompt
    assert NgramDrafter(orders=(2,), max_draft=4).draft([70, 71], 99, prompt) == [100, 101, 102, 103]


@pytest.mark.slow
def test_long_drafts_and_repeats_write_what_plain_greedy_writes_in_fewer_calls(model: tuple[ModelDir, Path]) -> None:
    """Drafts of up to 32 tokens (right ones, wrong ones, and the answer's own repeats) change
    no token and no score; right long drafts take fewer calls than drafts of 8."""
    exported, steps = model
    session = fp32_verifying_session(exported, steps)
    special, limit = exported.manifest.special_tokens, exported.manifest.max_source_length
    reqs = mixed_requests(30, seed=41, prompt_lengths=(3, 30), new_tokens=(20, 48))
    greedy_only = [r if r.num_beams == 1 else GenerationRequest(r.input_ids, r.max_new_tokens) for r in reqs]
    plain = run_to_completion(DecodeLoop(session, special, limit), greedy_only, 1)
    answers = [r.best[0] for r in plain]

    def drafted(drafter: NgramDrafter) -> tuple[list[GenerationResult], DecodeLoop]:
        loop = DecodeLoop(session, special, limit, drafter, policy=DraftPolicy(always=True))
        return [run_to_completion(loop, [r], 1)[0] for r in greedy_only], loop
    calls = {}
    for name, drafter in (("wrong", NgramDrafter(orders=(1,), max_draft=32, self_order=3)),
                          ("right", NgramDrafter(max_draft=32, self_order=3)), ("right8", NgramDrafter())):
        for tokens in answers:
            drafter.add([t + 1 for t in tokens] if name == "wrong" else tokens)
        spec, loop = drafted(drafter)
        assert [r.best[0] for r in spec] == answers, name
        np.testing.assert_allclose([r.best[1] for r in spec], [r.best[1] for r in plain], atol=1e-4)
        calls[name] = loop.decoder_calls
    assert calls["right"] < calls["right8"] < sum(len(a) + 1 for a in answers)


@pytest.mark.slow
def test_the_exported_int8_dynamic_decoder_verifies_drafts(model: tuple[ModelDir, Path]) -> None:
    exported, _ = model
    session = OrtSession(exported, OrtOptions(precision=INT8_DYNAMIC))
    assert session.verifies_drafts
    assert not OrtSession(exported, OrtOptions(precision="fp32")).verifies_drafts
    assert "several tokens" in exported.manifest.extra[INT8_DYNAMIC]["graphs"]


def test_distance_table_matches_t5_buckets_at_every_distance(tmp_path: Path) -> None:
    import torch

    from engines.export.modules import distance_bias
    attn = load_hf_model(make_t5(tmp_path / "hf")).get_decoder().block[0].layer[0].SelfAttention
    table = distance_bias(attn)
    back = torch.arange(0, 4 * attn.relative_attention_max_distance)
    buckets = attn._relative_position_bucket(-back, bidirectional=False,
                                             num_buckets=attn.relative_attention_num_buckets,
                                             max_distance=attn.relative_attention_max_distance)
    want = attn.relative_attention_bias(buckets).detach()
    got = table[torch.clamp(back, max=table.shape[0] - 2) + 1]
    torch.testing.assert_close(got, want, rtol=0, atol=0)
    assert bool((table[0] == torch.finfo(torch.float32).min).all())      # a future key


# --- every row of a batch drafts -------------------------------------------------------------

def many_requests(n: int, hook: object = None) -> list[GenerationRequest]:
    return mixed_requests(n, seed=23, prompt_lengths=(3, 30), new_tokens=(6, 24), hook=hook)


@pytest.mark.slow
@pytest.mark.parametrize("batch", [1, 3, 16])
@pytest.mark.parametrize("constrained", [False, True])
def test_batched_drafts_write_what_plain_greedy_writes(model: tuple[ModelDir, Path], batch: int,
                                                       constrained: bool) -> None:
    exported, steps = model
    vocab = exported.manifest.vocab_size

    def hook(prefix: list[int]) -> np.ndarray:        # depends on the prefix, as schema masks do
        mask = np.ones(vocab, dtype=bool)
        mask[[7, 9, 11 + len(prefix) % 5]] = False
        return mask
    reqs = many_requests(40, hook if constrained else None)
    session = fp32_verifying_session(exported, steps)
    special, limit = exported.manifest.special_tokens, exported.manifest.max_source_length
    plain_loop = DecodeLoop(session, special, limit)
    calls = 0
    while_plain = plain_loop.step

    def counted() -> list:  # type: ignore[type-arg]
        nonlocal calls
        calls += 1
        return while_plain()
    plain_loop.step = counted  # type: ignore[method-assign]
    plain = run_to_completion(plain_loop, reqs, batch)
    kept: list[np.ndarray] = []
    accept = session.accept

    def recorded_accept(state: object, counts: np.ndarray, width: int) -> object:
        kept.append(counts.copy())
        return accept(state, counts, width)  # type: ignore[arg-type]
    session.accept = recorded_accept  # type: ignore[method-assign,assignment]
    loop = DecodeLoop(session, special, limit, mixed_drafter([r.best[0] for r in plain]),
                      policy=DraftPolicy(always=True))
    spec = run_to_completion(loop, reqs, batch)
    assert [[t for t, _ in r.candidates] for r in spec] == [[t for t, _ in r.candidates] for r in plain]
    np.testing.assert_allclose([s for r in spec for _, s in r.candidates],
                               [s for r in plain for _, s in r.candidates], atol=1e-4)
    assert loop.spec_stats.calls > 0 and loop.spec_stats.tokens > loop.spec_stats.rows   # drafts were taken
    assert loop.spec_stats.calls + loop.spec_stats.plain_steps < calls
    if batch > 1:       # rows of one call kept different numbers of tokens, and the caches followed
        assert any(len(set(k.tolist())) > 2 for k in kept)


def test_accepting_different_lengths_realigns_each_row() -> None:
    from engines.sessions.kv_state import KVState, keep_new_columns
    # Two rows, 2 old columns (row 0 has one masked), then a verify call's 3 new columns.
    mask = np.array([[0, 1, 1, 1, 1], [1, 1, 1, 1, 1]], dtype=np.int64)
    past = np.arange(10, dtype=np.float32).reshape(2, 1, 5, 1) + 1
    state = KVState(np.ones((2, 1), np.int64), (), (past.copy(),), mask.copy())
    out = keep_new_columns(state, np.array([1, 3]), 3)
    # Row 1 kept everything; row 0 kept 1 new column: shifted right by 2, masked on the left.
    assert out.self_mask.tolist() == [[0, 0, 0, 1, 1], [1, 1, 1, 1, 1]]
    assert out.past[0][:, 0, :, 0].tolist() == [[0, 0, 1, 2, 3], [6, 7, 8, 9, 10]]   # column 2: masked
    trimmed = keep_new_columns(KVState(np.ones((2, 1), np.int64), (), (past.copy(),), mask.copy()),
                               np.array([2, 1]), 3)
    assert trimmed.self_mask.tolist() == [[0, 1, 1, 1], [0, 1, 1, 1]]     # nobody kept the last column
    assert trimmed.past[0][:, 0, :, 0].tolist() == [[1, 2, 3, 4], [0, 6, 7, 8]]


def test_emitted_counts_the_agreed_draft_and_the_models_own_token() -> None:
    from engines.sessions.base import emitted
    fed = np.array([[5, 6, 7, 8], [5, 6, 7, 8], [5, 9, 9, 9]])
    predicted = np.array([[6, 7, 8, 4], [6, 0, 8, 4], [6, 7, 8, 4]])
    assert emitted(predicted, fed, np.array([4, 4, 1])).tolist() == [4, 2, 1]
    assert emitted(predicted, fed, np.array([2, 4, 1])).tolist() == [2, 2, 1]     # a shorter draft


@pytest.mark.slow
def test_the_shipped_model_keeps_its_greedy_answers_with_batched_drafts() -> None:
    """The shipped model as the CPU runs it (int8-dynamic decoder). Its activations are
    quantized per tensor, so a call's numbers depend on what else is in it (other rows, other
    drafted tokens): plain greedy at batch 1 and at batch 16 already differ on a few answers,
    and so does speculation (lone rows drafted before batched ones did: 3 of these 96 answers
    changed at batch 1 then). Exact equality is the fp32 test's (above); here at most 5% of the
    demo answers may change, at every batch size."""
    import json

    from ask.translate.prompt import build_prompt
    from engines.engine import Seq2SeqEngine
    from tests.test_refusal import DEMO
    engine = Seq2SeqEngine.load(Path(__file__).resolve().parents[1] / "engines/models/askproxy-sql-small",
                                backend="onnxruntime")
    manifest = engine.model.manifest
    lines = (Path(__file__).resolve().parents[1] / "eval/demo.jsonl").read_text().splitlines()
    questions = [json.loads(line)["question"] for line in lines]
    reqs = [GenerationRequest(engine.tokenizer.encode(build_prompt(q, DEMO)).ids[:manifest.max_source_length],
                              max_new_tokens=128) for q in questions[:96]]
    special, limit = manifest.special_tokens, manifest.max_source_length
    for batch in (1, 3, 16):
        plain = [r.best[0] for r in run_to_completion(DecodeLoop(engine.session, special, limit), reqs, batch)]
        loop = DecodeLoop(engine.session, special, limit, NgramDrafter(), policy=DraftPolicy(always=True))
        spec = [r.best[0] for r in run_to_completion(loop, reqs, batch)]
        differ = sum(a != b for a, b in zip(plain, spec))
        assert differ <= 0.05 * len(reqs), (batch, differ)
        assert loop.spec_stats.tokens_per_row > 2.0          # drafts from the prompt and earlier answers


def test_draft_policy_takes_the_cheaper_call_and_keeps_exploring() -> None:
    from engines.speculation import PLAIN, SPECULATE, row_bucket
    assert [row_bucket(n) for n in (1, 2, 3, 4, 5, 16, 17)] == [1, 2, 4, 4, 8, 16, 32]
    policy = DraftPolicy(explore=4, smoothing=1.0, margin=0.8)
    assert policy.speculate(16)                        # nothing measured: try verifying first
    policy.record(SPECULATE, 16, 32, 0.008)            # 0.25 ms a token
    assert not policy.speculate(16)                    # then a plain step
    policy.record(PLAIN, 16, 16, 0.0032)               # 0.2 ms a token: cheaper, not by enough
    assert policy.speculate(16)
    policy.record(PLAIN, 16, 16, 0.002)                # 0.125 ms a token: plain is cheaper
    assert [policy.speculate(16) for _ in range(3)] == [False] * 3
    for _ in range(3):
        policy.record(PLAIN, 16, 16, 0.002)
    assert policy.speculate(16)                        # every 4th call re-measures the loser
    policy.record(SPECULATE, 16, 64, 0.004)            # the drafts got better: 0.0625 ms a token
    assert policy.speculate(16)
    assert policy.speculate(2)                         # row buckets are measured apart
    policy.record(PLAIN, 1, 1, 0.0001)
    policy.record(SPECULATE, 1, 1, 0.01)
    assert policy.speculate(1)                         # a lone row always verifies
