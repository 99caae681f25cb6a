"""The decode loop: iteration-level (continuous) batching over one backend session.

A pure step API in the vLLM scheduler's shape: :meth:`DecodeLoop.admit` encodes new requests
and merges their rows into the running batch, :meth:`DecodeLoop.step` runs one decoder step
for every running row and returns the requests that finished, and :meth:`DecodeLoop.cancel`
drops a request at the next step boundary. New requests join between steps and finished ones
leave, so a long generation never holds short ones back. The synchronous
:meth:`engines.engine.Seq2SeqEngine.generate` and the threaded :mod:`engines.batcher` both
drive this one loop. When the session can verify drafts,
the loop takes speculative steps instead (:mod:`engines.ngram_drafter`): each greedy row feeds
its next token and its own draft, one call checks every row's, and each row keeps what greedy
would have written, however many tokens that is (the session re-aligns its caches per row);
beam rows in the same call feed one token and take one beam step.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import numpy as np

from engines import host_phases as phase
from engines.host_phases import PhaseClock
from engines.ngram_drafter import NgramDrafter, PromptIndex
from engines.lru import LRU
from engines.masks import MaskRows, MaskTable
from engines.generation import (AllowedTokens, GenerationRequest, GenerationResult, MaskStates, MasksAlong,
                                MasksMany)
from engines.model_dir import SpecialTokens
from engines.search_strategies import BeamSearch, GreedySearch, Search, advance_beams, make_search
from engines.speculation import PLAIN, SPECULATE, DraftPolicy, RowCalls, SpeculationStats
from engines.sessions.base import DraftVerifier, Seq2SeqSession, emitted

logger = logging.getLogger(__name__)


# Fed tokens (rows x (1 + draft)) a verify call aims at: a row's draft is cut to this over the
# number of rows (at least MIN_DRAFT, at most the drafter's own limit), so that a call at batch
# 16 costs a few plain steps, not nine (engines.speculation).
DRAFT_BUDGET = 64
MIN_DRAFT = 2


@dataclass(frozen=True, slots=True)
class _Drafts:
    tokens: np.ndarray           # [B, S]: next token, draft, padding
    lengths: np.ndarray          # [B]: real tokens of each row
    positions: np.ndarray        # [B, S]
    allowed: MaskRows | None     # [B, S] rows of a mask table


@dataclass(frozen=True, slots=True)
class Encoded:
    """Requests encoded but not yet decoding (:meth:`DecodeLoop.encode`)."""
    items: tuple[tuple[Hashable, GenerationRequest], ...]
    state: Any


@dataclass(slots=True)
class _Running:
    key: Hashable
    search: Search
    cancelled: bool = False
    prompt: PromptIndex | None = None      # the drafter's index of the request's prompt, once asked
    # The hook's per-row states (engines.generation.MaskStates) when it has them (``states``,
    # looked up once): a greedy row's ``mark``, a beam search's ``marks`` (one per beam, in
    # its rows' order), each after the row's first ``marked`` tokens.
    states: Any = None
    asked_states: bool = False
    mark: Any = None
    marks: list[Any] | None = None
    marked: int = 0


class EncoderCache(LRU[tuple[int, ...], Any]):
    """The encoder states of the last few lone prompts, by token ids. When a greedy answer fails
    validation or grounding, the planner decodes the same prompt again with beams; the encoder
    (about a fifth of a greedy ASK on CPU) then runs once."""

    def __init__(self, size: int = 8) -> None:
        super().__init__(size)


def _states_of(run: _Running) -> MaskStates | None:
    """The run's hook's states (``mask_states``), looked up on first use."""
    if not run.asked_states:
        hook = run.search.request.allowed_tokens
        run.states = getattr(hook, "mask_states", None) if hook is not None else None
        run.asked_states = True
    return cast("MaskStates | None", run.states)


def _greedy_mark(run: _Running, states: MaskStates, tokens: list[int]) -> Any:
    """A greedy row's hook state after ``tokens`` (its answer so far, which only grows): the
    state it had, moved by the tokens since."""
    mark, n = run.mark, run.marked
    if mark is None or n > len(tokens):
        mark, n = states.start, 0
    while n < len(tokens):
        token = tokens[n]
        nxt = mark.next.get(token)
        mark = nxt if nxt is not None else states.step(mark, token)
        n += 1
    run.mark, run.marked = mark, n
    return mark


def _beam_marks(run: _Running, states: MaskStates, prefixes: list[list[int]]) -> list[Any]:
    """A beam search's hook states after each beam's prefix (all of one length): the states
    its beams had (put in the new beams' order when they were advanced), moved by the tokens
    since."""
    marks, n = run.marks, run.marked
    length = len(prefixes[0])
    if marks is None or len(marks) != len(prefixes) or n > length:
        marks, n = [states.start] * len(prefixes), 0
    if n == length - 1:                  # one token on (most steps)
        moved = []
        for mark, prefix in zip(marks, prefixes):
            token = prefix[-1]
            nxt = mark.next.get(token)
            moved.append(nxt if nxt is not None else states.step(mark, token))
        marks = moved
    elif n < length:
        moved = []
        for mark, prefix in zip(marks, prefixes):
            for token in prefix[n:]:
                nxt = mark.next.get(token)
                mark = nxt if nxt is not None else states.step(mark, token)
            moved.append(mark)
        marks = moved
    run.marks, run.marked = marks, length
    return marks


def _follow_beams(run: _Running, parents: list[int]) -> None:
    """A beam search just advanced (each new beam continues beam ``parents[b]``, one token
    longer): its states follow, when they were those of the prefixes it advanced from; else
    they are dropped (found again from the prefixes when next asked)."""
    marks = run.marks
    if marks is None:
        return
    length = len(run.search.prefixes()[0])
    run.marks = [marks[p] for p in parents] if run.marked == length - 1 and len(marks) > max(parents) else None


def _ask_hooks(hooks: list[AllowedTokens | None], prefixes: list[Sequence[int]]
               ) -> list[np.ndarray | None] | None:
    """Each row's mask from its hook (None for a row without one); None when no row has a
    hook. Rows of one hook go to it together."""
    first = hooks[0] if hooks else None
    if len(set(map(id, hooks))) <= 1:              # one hook for every row (or none): one call
        return None if first is None else _ask_many(first, prefixes)
    groups: dict[int, list[int]] = {}
    for i, hook in enumerate(hooks):
        if hook is not None:
            groups.setdefault(id(hook), []).append(i)
    if not groups:
        return None
    masks: list[np.ndarray | None] = [None] * len(hooks)
    for rows in groups.values():
        for i, mask in zip(rows, _ask_many(cast(AllowedTokens, hooks[rows[0]]), [prefixes[i] for i in rows])):
            masks[i] = mask
    return masks


def _ask_many(hook: AllowedTokens, prefixes: list[Sequence[int]]) -> list[np.ndarray | None]:
    many = getattr(hook, "many", None)
    return cast(MasksMany, hook).many(prefixes) if many is not None else [hook(p) for p in prefixes]


def pad_batch(inputs: Sequence[Sequence[int]], pad: int) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad token id lists into (ids, attention mask)."""
    width = max(len(x) for x in inputs)
    ids = np.full((len(inputs), width), pad, dtype=np.int64)
    mask = np.zeros((len(inputs), width), dtype=np.int64)
    for i, seq in enumerate(inputs):
        ids[i, : len(seq)] = seq
        mask[i, : len(seq)] = 1
    return ids, mask


class DecodeLoop:
    def __init__(self, session: Seq2SeqSession, special: SpecialTokens, max_source_length: int,
                 drafter: NgramDrafter | None = None, encodings: EncoderCache | None = None,
                 draft_budget: int | None = None, policy: DraftPolicy | None = None) -> None:
        self._session = session
        self._special = special
        self._max_source = max_source_length
        self._running: list[_Running] = []
        self._state: Any = None
        # Speculative greedy decoding when the session can verify drafts (engines.ngram_drafter).
        self._drafter = drafter if getattr(session, "verifies_drafts", False) else None
        self._verifier = cast(DraftVerifier, session)
        # A session whose verify step has a fixed width (the static torch one) drafts in full.
        self._draft_budget = draft_budget or int(getattr(session, "draft_budget", DRAFT_BUDGET))
        self._max_draft = int(getattr(session, "max_draft_tokens", 1 << 30))
        self._policy = policy if policy is not None else DraftPolicy()
        self.decoder_calls = 0                 # steps and verify calls, for benchmarks
        self.clock = PhaseClock()              # host time per call by phase (engines.host_phases)
        self.spec_stats = SpeculationStats()
        self.row_calls = RowCalls()            # row-calls by kind of call and row, for benchmarks
        # Encoder states are reused only where the session never changes a state in place.
        self._encodings = encodings if getattr(session, "immutable_states", False) else None
        # A session that calls engines.host_phases.while_device_runs() before it waits for the
        # device (the static torch one; on CUDA that wait is real): the drafter learns a finished answer then, during
        # the next call, where other rows go on (engine server, H100, 256 clients: drafter.add was
        # 8% of its thread's samples, the wait for the device 7%).
        self._defer_finish = bool(getattr(session, "runs_host_work_while_waiting", False))

    @property
    def active_rows(self) -> int:
        return sum(r.search.rows for r in self._running)

    @property
    def active_requests(self) -> int:
        return len(self._running)

    def admit(self, items: Sequence[tuple[Hashable, GenerationRequest]]) -> None:
        """Encode new requests and add their rows to the running batch."""
        if items:
            started = time.perf_counter()
            encoded = self.encode(items)
            self.clock.add(phase.ADMIT, time.perf_counter() - started)
            self.join(encoded)

    def encode(self, items: Sequence[tuple[Hashable, GenerationRequest]]) -> Encoded:
        """The first half of :meth:`admit`, safe to run on another thread while :meth:`step`
        runs (it reads the session's encoder graphs and the encoder cache only)."""
        for _, request in items:
            if len(request.input_ids) > self._max_source:
                raise ValueError(f"input has {len(request.input_ids)} tokens; the model takes {self._max_source}")
        encoded = self._encode([r.input_ids for _, r in items])
        repeat = np.repeat(np.arange(len(items)), [r.rows for _, r in items])
        if len(repeat) != len(items):
            encoded = self._session.select(encoded, repeat)
        return Encoded(tuple(items), encoded)

    def join(self, done: Encoded) -> None:
        """The second half of :meth:`admit`: the encoded rows join the running batch."""
        started = time.perf_counter()
        items, encoded = done.items, done.state
        if self._state is not None:
            self._state = self._session.merge(self._state, encoded)
        else:       # a session with row slots (ONNX Runtime) keeps the running batch in them
            pooled = getattr(self._session, "pooled", None)
            self._state = encoded if pooled is None else pooled(encoded)
        self._running.extend(_Running(key, make_search(r, self._special.eos, self._special.decoder_start))
                             for key, r in items)
        self.clock.add(phase.ADMIT, time.perf_counter() - started)

    def _encode(self, inputs: list[Sequence[int]]) -> Any:
        """The encoder state of ``inputs``; a lone prompt encoded a moment ago (the planner's wider
        retry of the same question) comes from the cache instead."""
        cache = self._encodings if len(inputs) == 1 else None
        if cache is not None and (hit := cache.get(tuple(inputs[0]))) is not None:
            return hit
        ids, mask = pad_batch(inputs, self._special.pad)
        encoded = self._session.encode(ids, mask)
        if cache is not None:                  # unpadded: exactly what a fresh encode gives
            cache.put(tuple(inputs[0]), encoded)
        return encoded

    def cancel(self, key: Hashable) -> None:
        for run in self._running:
            if run.key == key:
                run.cancelled = True

    def step(self) -> list[tuple[Hashable, GenerationResult]]:
        """One decoder step for all running rows; returns the requests that finished."""
        self._drop_cancelled()
        clock = self.clock
        if not self._running:
            clock.run_deferred(timed=False)
            return []
        self.decoder_calls += 1
        clock.start()
        try:
            return self._step(clock)
        finally:
            if not self._running:      # nothing left to step: no call to hide the drafter's work in
                clock.run_deferred()
            clock.stop(phase.FINISH)

    def _step(self, clock: PhaseClock) -> list[tuple[Hashable, GenerationResult]]:
        rows = self.active_rows
        drafting = self._drafter is not None and any(isinstance(r.search, GreedySearch) for r in self._running)
        started = time.perf_counter()
        if drafting and self._policy.speculate(rows):
            finished = self._speculate(cast(NgramDrafter, self._drafter), started)
            if finished is not None:
                return finished
        tokens, positions = self._inputs()
        clock.lap(phase.INPUTS)
        allowed = self._masks()
        clock.lap(phase.MASKS)
        top_k = max(r.search.top_k for r in self._running)
        self._state, scores, ids = self._session.step(self._state, tokens, positions, allowed, top_k)
        clock.lap(phase.FORWARD)
        finished = self._advance(scores, ids)
        if drafting:
            self.spec_stats.plain_steps += 1
            self._policy.record(PLAIN, rows, rows, time.perf_counter() - started)
        return finished

    def _speculate(self, drafter: NgramDrafter, started: float) -> list[tuple[Hashable, GenerationResult]] | None:
        """One call that feeds every greedy row its next token plus its own draft and keeps, per
        row, what greedy would have chosen; beam rows feed their next token alone and advance
        by one step, from the call's top-k at their first position. None when no row has a
        draft (the caller takes a plain step)."""
        clock = self.clock
        draft = self._drafts(drafter)
        if draft is None:
            return None
        top_k = max(r.search.top_k for r in self._running)
        state, scores, ids, first = self._verifier.verify(self._state, draft.tokens, draft.lengths,
                                                          draft.positions, draft.allowed, top_k)
        clock.lap(phase.FORWARD)
        counts = emitted(ids, draft.tokens, draft.lengths)
        self._state = self._verifier.accept(state, counts, draft.tokens.shape[1])
        clock.lap(phase.REORDER)
        done: list[_Running] = []
        keep: list[int] = []
        still: list[_Running] = []
        offset = greedy = greedy_tokens = 0
        all_scores, all_ids, all_counts = scores.tolist(), ids.tolist(), counts.tolist()
        # top_k > 1 (a beam row runs): the session returned the first position's top-k
        beams = self._advance_beams(*first) if first is not None else {}
        for i, run in enumerate(self._running):
            search = run.search
            rows = search.rows
            if isinstance(search, GreedySearch):
                search.push_many(all_ids[offset], all_scores[offset], all_counts[offset])
                greedy += 1
                greedy_tokens += all_counts[offset]
                if search.done:
                    done.append(run)
                else:
                    keep.append(offset)
                    still.append(run)
            elif search.done:
                done.append(run)
            else:
                keep.extend(beams[i])
                still.append(run)
            offset += rows
        clock.lap(phase.ADVANCE)
        finished = [self._finish(run) for run in done]
        clock.lap(phase.FINISH)
        if finished or len(still) != len(self._running) or any(r.search.rows != 1 for r in still):
            self._reshape(still, np.asarray(keep, dtype=np.int64), offset)
        clock.lap(phase.REORDER)
        self._record(offset, int(counts.sum()), started)
        tally = self.row_calls
        tally.verify_calls += 1
        tally.greedy_verify += greedy
        tally.beam_verify += offset - greedy
        tally.greedy_verify_tokens += greedy_tokens
        return finished

    def _record(self, rows: int, tokens: int, started: float) -> None:
        stats = self.spec_stats
        stats.calls += 1
        stats.rows += rows
        stats.tokens += tokens
        self._policy.record(SPECULATE, rows, tokens, time.perf_counter() - started)

    def _drafts(self, drafter: NgramDrafter) -> _Drafts | None:
        """Every row's fed tokens (next token, then its draft, padded by repeating the last one;
        a beam row's next token only)."""
        limit = min(max(MIN_DRAFT, self._draft_budget // self.active_rows - 1), self._max_draft)
        fed: list[list[int]] = []
        prefixes: list[list[int]] = []
        hooks: list[AllowedTokens | None] = []
        start = self._special.decoder_start
        for run in self._running:
            search = run.search
            request = search.request
            if isinstance(search, GreedySearch):
                prefix = search.tokens
                room = min(limit, request.max_new_tokens - len(prefix) - 1)
                if run.prompt is None:
                    run.prompt = drafter.prompt_index(request.input_ids)
                fed.append([prefix[-1] if prefix else start] + drafter.draft(prefix, room, run.prompt))
                prefixes.append(prefix)
                hooks.append(request.allowed_tokens)
                continue
            for prefix, token in zip(search.prefixes(), search.next_tokens()):
                fed.append([token])
                prefixes.append(prefix)
                hooks.append(request.allowed_tokens)
        lengths = np.array([len(f) for f in fed], dtype=np.int64)
        if int(lengths.max()) == 1:
            return None
        width = int(lengths.max())
        tokens = np.array([f + [f[-1]] * (width - len(f)) for f in fed], dtype=np.int64)
        positions = np.array([len(p) for p in prefixes], dtype=np.int64)[:, None] + np.arange(width)[None, :]
        self.clock.lap(phase.INPUTS)
        masks = self._draft_masks(prefixes, fed, hooks, width, self._row_marks())
        self.clock.lap(phase.MASKS)
        return _Drafts(tokens, lengths, positions, masks)

    def _row_marks(self) -> list[tuple[MaskStates, Any] | None]:
        """Each row's hook states and its state after its prefix (None: the hook has none)."""
        out: list[tuple[MaskStates, Any] | None] = []
        for run in self._running:
            search = run.search
            states = _states_of(run)
            if states is None:
                out.extend([None] * search.rows)
            elif isinstance(search, GreedySearch):
                out.append((states, _greedy_mark(run, states, search.tokens)))
            else:
                out.extend((states, mark) for mark in _beam_marks(run, states, search.prefixes()))
        return out

    def _draft_masks(self, prefixes: list[list[int]], fed: list[list[int]], hooks: list[AllowedTokens | None],
                     width: int, marks: Sequence[tuple[MaskStates, Any] | None] | None = None) -> MaskRows | None:
        """[B, S]: each row's allowed tokens after its prefix and each part of its draft, as
        rows of a table of the call's distinct masks; None when no hook constrains any of them
        (the same answer as an all-True mask, for nothing). ``marks``: a row's hook states and
        its state after its prefix, where the hook has them (the draft's are stepped from it)."""
        table = MaskTable()
        table_row = table.row
        cells: list[int] = []          # flat [B * S] positions that a mask constrains
        rows: list[int] = []           # and their table rows
        for row, hook in enumerate(hooks):
            if hook is None:
                continue
            prefix, draft = prefixes[row], fed[row]
            marked = marks[row] if marks is not None else None
            row_masks: list[np.ndarray | None]
            if marked is not None:
                states, mark = marked
                row_masks = [mark.mask]
                for token in draft[1:]:
                    nxt = mark.next.get(token)
                    mark = nxt if nxt is not None else states.step(mark, token)
                    row_masks.append(mark.mask)
            elif len(draft) == 1:      # no draft (a beam row, a greedy row without one): one mask
                row_masks = [hook(prefix)]
            else:
                full = prefix + draft[1:]
                along = cast(MasksAlong, hook).along if hasattr(hook, "along") else None
                row_masks = (along(full, len(prefix)) if along is not None
                             else [hook(full[:len(prefix) + i]) for i in range(len(draft))])
            for i, mask in enumerate(row_masks):
                if mask is not None:
                    cells.append(row * width + i)
                    rows.append(table_row(mask))
        if not cells:
            return None
        index = np.zeros(len(fed) * width, dtype=np.int64)
        index[cells] = rows
        return table.rows(index.reshape(len(fed), width), self._session.vocab_size)

    def _finish(self, run: _Running) -> tuple[Hashable, GenerationResult]:
        result = run.search.result()
        if self._drafter is not None and isinstance(run.search, GreedySearch):
            answer = result.candidates[0][0] + [self._special.eos]
            if self._defer_finish:     # told while the next call runs on the device (or at the end)
                self.clock.deferred.append(functools.partial(self._drafter.add, answer))
            else:
                self._drafter.add(answer)
        return run.key, result

    def _inputs(self) -> tuple[np.ndarray, np.ndarray]:
        tokens: list[int] = []
        positions: list[int] = []
        start = self._special.decoder_start
        for run in self._running:
            search = run.search
            if isinstance(search, GreedySearch):      # most rows: no lists made for one token
                prefix = search.tokens
                tokens.append(prefix[-1] if prefix else start)
                positions.append(len(prefix))
            else:
                tokens.extend(search.next_tokens())
                positions.extend(len(p) for p in search.prefixes())
        return np.asarray(tokens, dtype=np.int64), np.asarray(positions, dtype=np.int64)

    def _masks(self) -> MaskRows | None:
        """[B]: each row's allowed tokens, as rows of a table of the step's distinct masks;
        None when no hook constrains any row this step (most steps: an identifier position is
        rare), which lets a CUDA session skip the mask and look ahead. A hook with states
        (``mask_states``) answers from each row's state, moved by the row's new tokens; the
        rows of other hooks are asked by prefix, those sharing a hook in one call (``many``)."""
        table = MaskTable()
        row = table.row
        index: list[int] = []
        asked: list[int] = []                     # rows asked by prefix: their index positions,
        hooks: list[AllowedTokens | None] = []    # hooks
        prefixes: list[Sequence[int]] = []        # and prefixes
        for run in self._running:
            search = run.search
            hook = search.request.allowed_tokens
            if hook is None:
                index.extend([0] * search.rows)
                continue
            states = run.states if run.asked_states else _states_of(run)
            if states is None:
                for prefix in search.prefixes():
                    asked.append(len(index))
                    index.append(0)
                    hooks.append(hook)
                    prefixes.append(prefix)
            elif isinstance(search, GreedySearch):
                tokens = search.tokens
                mark = run.mark
                if mark is not None and run.marked == len(tokens) - 1:      # one token on (most steps)
                    token = tokens[-1]
                    nxt = mark.next.get(token)
                    mark = run.mark = nxt if nxt is not None else states.step(mark, token)
                    run.marked += 1
                else:
                    mark = _greedy_mark(run, states, tokens)
                mask = mark.mask
                index.append(0 if mask is None else row(mask))
            else:
                beams = search.prefixes()
                marks = run.marks
                if marks is not None and run.marked == len(beams[0]) - 1 and len(marks) == len(beams):
                    moved = []                               # one token on (most steps)
                    for mark, prefix in zip(marks, beams):
                        token = prefix[-1]
                        nxt = mark.next.get(token)
                        mark = nxt if nxt is not None else states.step(mark, token)
                        moved.append(mark)
                        mask = mark.mask
                        index.append(0 if mask is None else row(mask))
                    run.marks = moved
                    run.marked += 1
                    continue
                for mark in _beam_marks(run, states, beams):
                    mask = mark.mask
                    index.append(0 if mask is None else row(mask))
        if asked:
            for i, mask in zip(asked, _ask_hooks(hooks, prefixes) or []):
                if mask is not None:
                    index[i] = row(mask)
        if not table:
            return None
        return table.rows(np.asarray(index, dtype=np.int64), self._session.vocab_size)

    def _advance(self, scores: np.ndarray, ids: np.ndarray) -> list[tuple[Hashable, GenerationResult]]:
        """Every search takes its rows' top-k; a greedy row's top-1 comes from one conversion
        of the whole column (no array slices per row)."""
        clock = self.clock
        done: list[_Running] = []
        keep: list[int] = []
        still: list[_Running] = []
        offset = greedy = 0
        moved = False          # a row continues from another row (beam reordering)
        best_ids, best_scores = ids[:, 0].tolist(), scores[:, 0].tolist()
        beams = self._advance_beams(scores, ids) if scores.shape[1] > 1 else {}
        for i, run in enumerate(self._running):
            search = run.search
            if isinstance(search, GreedySearch):
                search.push(best_ids[offset], best_scores[offset])
                greedy += 1
                if search.done:
                    done.append(run)
                else:
                    keep.append(offset)
                    still.append(run)
                offset += 1
                continue
            if search.done:
                done.append(run)
            else:
                keep.extend(beams[i])
                still.append(run)
                moved = True
            offset += search.rows
        tally = self.row_calls
        tally.plain_calls += 1
        tally.greedy_plain += greedy
        tally.beam_plain += offset - greedy
        clock.lap(phase.ADVANCE)
        finished = [self._finish(run) for run in done]
        clock.lap(phase.FINISH)
        if finished or moved:
            self._reshape(still, np.asarray(keep, dtype=np.int64), offset)
        clock.lap(phase.REORDER)
        return finished

    def _advance_beams(self, scores: np.ndarray, ids: np.ndarray) -> dict[int, list[int]]:
        """Every beam search advanced by its rows' top-k, those of one width together
        (:func:`~engines.search_strategies.advance_beams`): running index -> the batch rows its
        beams continue from (one conversion for all of them, no array op per search)."""
        groups: dict[int, tuple[list[int], list[int]]] = {}     # width -> (running indexes, first rows)
        offset = 0
        for i, run in enumerate(self._running):
            search = run.search
            if isinstance(search, BeamSearch):
                members, firsts = groups.setdefault(search.rows, ([], []))
                members.append(i)
                firsts.append(offset)
            offset += search.rows
        out: dict[int, list[int]] = {}
        for width, (members, firsts) in groups.items():
            first = np.array(firsts, dtype=np.int64)[:, None]
            rows = (first + np.arange(width)).reshape(-1)
            searches = [cast(BeamSearch, self._running[i].search) for i in members]
            out.update(zip(members, (advance_beams(searches, scores[rows], ids[rows]) + first).tolist()))
            for i, at in zip(members, firsts):
                _follow_beams(self._running[i], [r - at for r in out[i]])
        return out

    def _drop_cancelled(self) -> None:
        if not any(r.cancelled for r in self._running):
            return
        keep, still, offset = [], [], 0
        for run in self._running:
            if not run.cancelled:
                keep.append(np.arange(run.search.rows) + offset)
                still.append(run)
            offset += run.search.rows
        self._reshape(still, np.concatenate(keep) if keep else np.zeros(0, dtype=np.int64), offset)

    def _reshape(self, still: list[_Running], rows: np.ndarray, total: int) -> None:
        self._running = still
        if not still:
            self._state = None
            return
        if len(rows) != total or not np.array_equal(rows, np.arange(total)):
            self._state = self._session.select(self._state, rows)


class StepLoop(Protocol):
    """What drivers (the Batcher, :func:`run_to_completion`) need: DecodeLoop or MonitoredLoop."""

    @property
    def active_rows(self) -> int: ...

    @property
    def active_requests(self) -> int: ...

    def admit(self, items: Sequence[tuple[Hashable, GenerationRequest]]) -> None: ...

    def encode(self, items: Sequence[tuple[Hashable, GenerationRequest]]) -> Encoded: ...

    def join(self, done: Encoded) -> None: ...

    def cancel(self, key: Hashable) -> None: ...

    def step(self) -> list[tuple[Hashable, GenerationResult]]: ...


def run_to_completion(loop: StepLoop, requests: Sequence[GenerationRequest],
                      max_rows: int) -> list[GenerationResult]:
    """Synchronous driver: admit while rows fit, step until every request finished."""
    results: dict[int, GenerationResult] = {}
    pending = list(enumerate(requests))
    while pending or loop.active_requests:
        batch: list[tuple[Hashable, GenerationRequest]] = []
        rows = loop.active_rows
        while pending and (rows + pending[0][1].rows <= max_rows or (rows == 0 and not batch)):
            key, request = pending.pop(0)
            batch.append((key, request))
            rows += request.rows
        loop.admit(batch)
        for done, result in loop.step():
            results[cast(int, done)] = result      # the keys admitted above are the requests' indexes
    return [results[i] for i in range(len(requests))]
