"""The engine: a model directory, a backend session, its tokenizer and batched generation."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engines.backend import open_session
from engines.decoding import DecodeLoop, run_to_completion
from engines.generation import GenerationRequest, GenerationResult
from engines.model_dir import ModelDir
from engines.sessions.base import Seq2SeqSession

logger = logging.getLogger(__name__)


class Seq2SeqEngine:
    def __init__(self, model: ModelDir, session: Seq2SeqSession, max_batch_rows: int = 64) -> None:
        self.model = model
        self.session = session
        self.tokenizer: Any = model.load_tokenizer()
        self.max_batch_rows = max_batch_rows

    @classmethod
    def load(cls, model_dir: str | Path | ModelDir, backend: str = "auto", precision: str = "fp32",
             max_batch_rows: int = 64) -> "Seq2SeqEngine":
        model = model_dir if isinstance(model_dir, ModelDir) else ModelDir.load(model_dir)
        return cls(model, open_session(model, backend, precision), max_batch_rows)

    @property
    def backend_name(self) -> str:
        return self.session.backend_name

    def new_loop(self) -> DecodeLoop:
        manifest = self.model.manifest
        return DecodeLoop(self.session, manifest.special_tokens, manifest.max_source_length)

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        """Run requests to completion, batched (continuous batching within this call)."""
        if not requests:
            return []
        return run_to_completion(self.new_loop(), requests, self.max_batch_rows)
