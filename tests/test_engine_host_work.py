"""The decode loop's host work made cheaper (issue 19) writes what the plain versions wrote.

Beam bookkeeping that writes out only the candidates a search keeps, the drafter's prompt
search by a dict instead of a scan, and the LRU's put_many and peek fast paths: each against
the straightforward version it replaced, on random data, with ties, end tokens and evictions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from engines.generation import GenerationRequest
from engines.lru import LRU
from engines.ngram_drafter import NgramDrafter, PromptIndex, _lookup
from engines.search_strategies import _PENALTY, BeamSearch, advance_beams


def _reference_advance(searches: Sequence[BeamSearch], scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """advance_beams as it was: every 2n candidate written out, then picked."""
    count, n = len(searches), searches[0].rows
    k, width = 2 * n, scores.shape[1]
    running = np.stack([s._running_scores for s in searches])
    total = (scores.astype(np.float32).reshape(count, n, width) + running[:, :, None]).reshape(count, n * width)
    order = np.argsort(-total, axis=1, kind="stable")[:, :k]
    beam = order // width
    token = np.take_along_axis(ids.reshape(count, n * width), order, axis=1)
    total = np.take_along_axis(total, order, axis=1)
    length = np.array([s._length for s in searches]) + 1
    limit = np.array([s.request.max_new_tokens for s in searches])
    eos = np.array([s._eos for s in searches])
    hits = (token == eos[:, None]) | (length >= limit)[:, None]
    can_improve = np.array([s._can_improve for s in searches])
    normalised = total / length.astype(np.float32)[:, None]
    just_finished = hits.copy()
    just_finished[:, n:] = False
    normalised = np.where(can_improve[:, None], normalised, normalised + _PENALTY)
    normalised = normalised + (~just_finished).astype(np.float32) * _PENALTY
    merged_scores = np.concatenate([np.stack([s._finished_scores for s in searches]), normalised], axis=1)
    merged_flags = np.concatenate([np.stack([s._is_finished for s in searches]), just_finished], axis=1)
    best = np.argsort(-merged_scores, axis=1, kind="stable")[:, :n]
    finished_scores = np.take_along_axis(merged_scores, best, axis=1)
    is_finished = np.take_along_axis(merged_flags, best, axis=1)
    penalised = total + hits.astype(np.float32) * _PENALTY
    keep = np.argsort(-penalised, axis=1, kind="stable")[:, :n]
    running_scores = np.take_along_axis(penalised, keep, axis=1)
    best_possible = running_scores[:, 0] / length.astype(np.float32)
    worst = np.where(is_finished, finished_scores.min(axis=1, keepdims=True), _PENALTY)
    can_improve = can_improve & (best_possible[:, None] > worst).any(axis=1)
    done = hits.all(axis=1) | ~can_improve
    for r, search in enumerate(searches):
        candidates = [search._running[b] + [t] for b, t in zip(beam[r].tolist(), token[r].tolist())]
        merged = search._finished + candidates
        search._finished = [merged[i] for i in best[r].tolist()]
        search._running = [candidates[i] for i in keep[r].tolist()]
        search._finished_scores, search._is_finished = finished_scores[r], is_finished[r]
        search._running_scores = running_scores[r]
        search._length += 1
        search._can_improve = bool(can_improve[r])
        search.done = bool(done[r])
    return np.take_along_axis(beam, keep, axis=1)


@pytest.mark.parametrize("beams", [2, 4])
def test_beam_bookkeeping_keeps_what_writing_out_every_candidate_kept(beams: int) -> None:
    rng = np.random.default_rng(11)
    limits = rng.integers(3, 30, size=9)

    def searches() -> list[BeamSearch]:
        return [BeamSearch(GenerationRequest([5], max_new_tokens=int(m), num_beams=beams,
                                             num_return_sequences=beams), eos=1, start=0)
                for m in limits]
    ours, theirs = searches(), searches()
    for _ in range(40):
        live = [i for i, s in enumerate(ours) if not s.done]
        assert live == [i for i, s in enumerate(theirs) if not s.done]
        if not live:
            break
        width = 2 * beams + 1
        # coarse scores (ties on purpose) and a small vocabulary (end tokens often)
        scores = -np.sort(rng.integers(0, 6, size=(beams * len(live), width)), axis=1).astype(np.float32) / 2
        ids = np.stack([rng.permutation(12)[:width] for _ in range(beams * len(live))])
        np.testing.assert_array_equal(advance_beams([ours[i] for i in live], scores, ids),
                                      _reference_advance([theirs[i] for i in live], scores, ids))
    for a, b in zip(ours, theirs):
        assert a.done and b.done
        assert a.result().candidates == b.result().candidates
        assert a.prefixes() == b.prefixes()


def test_the_prompt_index_finds_what_the_scan_finds() -> None:
    rng = np.random.default_rng(5)
    for order in (1, 2, 3):
        for _ in range(200):
            prompt = [int(x) for x in rng.integers(0, 6, size=int(rng.integers(0, 40)))]
            prefix = [int(x) for x in rng.integers(0, 6, size=int(rng.integers(0, 6)))]
            limit = int(rng.integers(1, 9))
            index = PromptIndex(prompt, order)
            assert index.follows(prefix, limit) == _lookup(prompt, prefix, order, limit)


def test_the_drafter_drafts_the_same_from_a_prompt_index_as_from_the_prompt() -> None:
    drafter = NgramDrafter(orders=(3, 2), max_draft=4, prompt_order=2)
    drafter.add([7, 8, 9, 10, 1])
    prompt = [4, 5, 6, 5, 6, 3, 2, 5, 6, 11]
    index = drafter.prompt_index(prompt)
    for prefix in ([], [7], [7, 8], [5, 6], [9, 5, 6], [2, 5], [6, 11], [1, 2, 3]):
        assert drafter.draft(prefix, 9, index) == drafter.draft(prefix, 9, prompt)
    assert drafter.draft([5, 6], 9, index) == [11]         # the last occurrence that a token follows
    assert drafter.draft([9, 5, 6], 9, PromptIndex(prompt, 3)) == [11]   # another order: scanned


def test_put_many_is_put_after_put() -> None:
    rng = np.random.default_rng(2)
    evicted_many: list[int] = []
    evicted_one: list[int] = []
    many: LRU[int, int] = LRU(16, on_evict=evicted_many.extend)
    one: LRU[int, int] = LRU(16, on_evict=evicted_one.extend)
    for batch in range(30):
        items = [(int(k), batch * 100 + i) for i, k in enumerate(rng.integers(0, 40, size=int(rng.integers(0, 12))))]
        many.put_many(items)
        for key, value in items:
            one.put(key, value)
        assert list(many) == list(one)
        assert [many.peek(k) for k in many] == [one.peek(k) for k in one]
    assert evicted_many == evicted_one and evicted_many
    assert many.peek(10_000) is None


def test_shifting_accepted_rows_by_one_gather_writes_what_slice_copies_write() -> None:
    """SlotPool.accept on a GPU (one gather for every moved row) and on a CPU (slice copies per
    shift): the same caches, masks and starts, bit for bit."""
    torch = pytest.importorskip("torch")
    from engines.model_dir import DecoderShape
    from engines.sessions.slot_pool import EncodedRows, SlotPool
    shape = DecoderShape(num_layers=2, num_heads=3, head_dim=4, d_model=12)
    rng = np.random.default_rng(0)
    rows = 12
    for trial in range(12):
        pools = []
        starts = rng.integers(0, 10, size=16)
        for gather in (False, True):
            torch.manual_seed(trial)
            pool = SlotPool(shape, torch.float32, torch.device("cpu"), verify_width=9)
            pool.shift_by_gather = gather
            cross = torch.randn(4, rows, 3, 32, 4)
            state = pool.start_chain(EncodedRows(cross, torch.ones(rows, 32, dtype=torch.int64), np.full(rows, 32)))
            pool.self_kv.copy_(torch.randn_like(pool.self_kv))
            pool.self_mask.copy_((torch.rand(pool.self_mask.shape) > 0.3).long())
            pool.start[:] = starts[:len(pool.start)]
            pool.write_pos = 9 + trial
            pools.append((pool, state))
        kept = rng.integers(1, 10, size=rows)
        kept[rng.random(rows) < 0.3] = kept.max()          # some rows keep the most: not moved
        for pool, state in pools:
            pool.accept(state, kept, 9)
        (a, _), (b, _) = pools
        assert torch.equal(a.self_kv, b.self_kv) and torch.equal(a.self_mask, b.self_mask)
        assert np.array_equal(a.start, b.start) and a.write_pos == b.write_pos
