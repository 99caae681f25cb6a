"""The engine: a model directory, a backend session, its tokenizer and batched generation.

With a :class:`engines.confidence.ConfidencePolicy` threshold and a fast precision (int8,
fp16), a second full-precision session is opened and every decode loop the engine hands out is
a :class:`engines.confidence.MonitoredLoop`: low-confidence answers are re-run on it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engines.backend import AUTO, DEFAULT_MAX_DRAFT, open_session, resolve
from engines.confidence import ConfidencePolicy, MonitoredLoop
from engines.decoding import DecodeLoop, EncoderCache, run_to_completion
from engines.ngram_drafter import NgramDrafter
from engines.speculation import DraftPolicy
from engines.generation import GenerationRequest, GenerationResult
from engines.model_dir import ModelDir
from engines.sessions.base import Seq2SeqSession

logger = logging.getLogger(__name__)


def warm_up_shapes(max_rows: int, max_target: int, max_source: int, width: int
                   ) -> tuple[list[int], list[int], list[int]]:
    """The (rows, cache columns, source columns) a warm-up captures: every row bucket up to
    ``max_rows``; cache columns up to the longest answer plus the widest decoder call
    (``width``: 1, or a verify step's tokens a row: a verify near the end of an answer writes
    that many columns past it), so that no answer grows the caches, which would drop every
    graph mid-traffic; every source bucket up to the longest prompt."""
    from engines.sessions.slot_pool import COLUMN_QUANTUM, ROW_BUCKETS, bucket_columns, bucket_rows
    rows = sorted({b for b in ROW_BUCKETS if b < max_rows} | {bucket_rows(max_rows)})
    columns = list(range(COLUMN_QUANTUM, bucket_columns(max_target + max(1, width)) + 1, COLUMN_QUANTUM))
    source = list(range(COLUMN_QUANTUM, max_source + COLUMN_QUANTUM, COLUMN_QUANTUM))
    return rows, columns, source


class Seq2SeqEngine:
    def __init__(self, model: ModelDir, session: Seq2SeqSession, max_batch_rows: int = 64,
                 fallback: Seq2SeqSession | None = None, policy: ConfidencePolicy = ConfidencePolicy(),
                 precision: str = "fp32", max_draft: int = DEFAULT_MAX_DRAFT) -> None:
        self.model = model
        self.session = session
        self.precision = precision
        self.tokenizer: Any = model.load_tokenizer()
        self.max_batch_rows = max_batch_rows
        self.fallback = fallback
        self.policy = policy
        self.last_loop: DecodeLoop | MonitoredLoop | None = None
        # Earlier answers, for speculative greedy decoding where the session can verify drafts.
        # ``max_draft`` tokens a row at most ([engine] max_draft; the session may take fewer).
        self.drafter = NgramDrafter(max_draft=max_draft) if getattr(session, "verifies_drafts", False) else None
        self.draft_policy = DraftPolicy()     # what speculation costs here, learnt across loops
        self.encodings = EncoderCache()       # lone prompts' encoder states, for beam retries

    @classmethod
    def load(cls, model_dir: str | Path | ModelDir, backend: str = AUTO, precision: str = AUTO,
             max_batch_rows: int = 64, policy: ConfidencePolicy = ConfidencePolicy(),
             max_draft: int = DEFAULT_MAX_DRAFT) -> "Seq2SeqEngine":
        """``precision="auto"``: the backend's default (int8-dynamic on ONNX Runtime CPU when the
        directory has it, else fp32); see :mod:`engines.backend`. ``max_draft``: drafted tokens
        a row may feed one decoder call (speculative greedy decoding; ``[engine] max_draft``)."""
        model = model_dir if isinstance(model_dir, ModelDir) else ModelDir.load(model_dir)
        backend, precision = resolve(model, backend, precision)
        session = open_session(model, backend, precision, max_draft=max_draft)
        fallback = None
        if policy.enabled and precision != policy.fallback_precision:
            fallback = open_session(model, backend, policy.fallback_precision)
            logger.info("confidence monitor: %s answers below %.3f mean log-prob re-run at %s",
                        precision, policy.threshold, policy.fallback_precision)
        return cls(model, session, max_batch_rows, fallback, policy, precision, max_draft)

    @property
    def backend_name(self) -> str:
        return self.session.backend_name

    def warm_up(self, max_rows: int) -> int:
        """Capture the decoder-step CUDA graphs of every shape bucket up to ``max_rows`` rows,
        the model's longest answer and its longest prompt, before traffic (torch CUDA sessions
        with static caches; others have nothing to capture and return 0). Returns how many
        graphs exist; logs the start and the end, as it takes seconds. The cache buckets reach
        the longest answer plus a verify step's width (a verify near the end writes that many
        columns past it), so no answer grows the caches, which would drop every graph."""
        warm_up = getattr(self.session, "warm_up", None)
        if warm_up is None or not getattr(self.session, "captures_graphs", False):
            return 0
        manifest = self.model.manifest
        width = int(getattr(self.session, "max_draft_tokens", 0)) + 1 if self.drafter is not None else 1
        rows, columns, source = warm_up_shapes(max_rows, manifest.max_target_length, manifest.max_source_length,
                                               width)
        logger.info("capturing CUDA graphs of the decoder step: %d row x %d cache x %d source buckets...",
                    len(rows), len(columns), len(source))
        started = time.monotonic()
        captured = int(warm_up(rows, columns, source))
        stats = self.graph_stats()
        failures = stats.failures if stats is not None else 0
        if failures:
            logger.error("captured %d CUDA graphs in %.1f s; %d buckets failed twice and run eagerly "
                         "until the caches are reallocated", captured, time.monotonic() - started, failures)
        else:
            logger.info("captured %d CUDA graphs in %.1f s", captured, time.monotonic() - started)
        return captured

    def graph_stats(self) -> Any:
        """The session's CUDA-graph counters (captures, failures, eager steps), or None."""
        stats = getattr(self.session, "graph_stats", None)
        return stats() if stats is not None else None

    def new_loop(self) -> DecodeLoop | MonitoredLoop:
        manifest = self.model.manifest
        loop = DecodeLoop(self.session, manifest.special_tokens, manifest.max_source_length, self.drafter,
                          self.encodings, policy=self.draft_policy)
        if self.fallback is not None and self.policy.threshold is not None:
            full = DecodeLoop(self.fallback, manifest.special_tokens, manifest.max_source_length)
            self.last_loop = MonitoredLoop(loop, full, self.policy.threshold)
            return self.last_loop
        self.last_loop = loop
        return loop

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        """Run requests to completion, batched (continuous batching within this call)."""
        if not requests:
            return []
        return run_to_completion(self.new_loop(), requests, self.max_batch_rows)
