"""Torch session: the GPU path where TensorRT is absent, and a CPU path for tests.

It runs the very modules that export traces (:mod:`engines.export.modules`), on the HF weights
kept in the model directory's ``torch/`` folder, so torch and ONNX share one implementation.
K/V caches stay on the device; masks are mirrored on the host so that trimming and gathering
need no device round trip; log-softmax, the allowed-token mask and top-k run on the device and
only k scores per row come back. FP16 on CUDA for BART; T5 runs in bf16 (fp16 overflows it).

Two cache modes. ``static`` (the default): caches preallocated in a :class:`SlotPool`, written
in place at the step's column by :mod:`engines.sessions.static_step`, and on CUDA the step is
captured as a CUDA graph per shape bucket (:mod:`engines.sessions.cuda_graphs`); on CPU the
same static step runs eagerly. With static caches a T5 encoder runs :func:`engines.arch.t5.encode`
(no host syncs) with the cross K/V projections, as a CUDA graph per (rows, source) bucket on a
GPU (:mod:`engines.sessions.encoder_graphs`), bucketed the same way but eager on CPU. ``dynamic``: the exported graphs' own modules, past in and a
``torch.cat``-grown present out, kept as the reference the static path is tested against.
A static session steps one chain of states at a time (one decode loop; the Batcher shares it).
"""

from __future__ import annotations

import logging
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engines.arch import t5
from engines.export import modules
from engines.export.specs import spec_for
from engines.masks import Allowed, dense
from engines.model_dir import ModelDir
from engines.sessions.cuda_graphs import GraphStats
from engines.sessions.encoder_graphs import EncoderGraphs
from engines.sessions.static_session import StaticDecoder, encoded_rows
from engines.sessions.slot_pool import VERIFY_WIDTH, device_index
from engines.sessions.static_step import static_step_for

logger = logging.getLogger(__name__)
TORCH_WEIGHTS = "torch"


@dataclass(frozen=True, slots=True)
class TorchState:
    encoder_mask: np.ndarray           # host copy [B, S]
    encoder_mask_dev: torch.Tensor
    cross: tuple[torch.Tensor, ...]
    past: tuple[torch.Tensor, ...]
    self_mask: np.ndarray              # host copy [B, P]


CACHE_MODES = ("static", "dynamic")


class TorchSession:
    backend_name = "torch"

    def __init__(self, model: Any, device: str | torch.device, dtype: torch.dtype, cache: str = "static",
                 cuda_graphs: bool = True, look_ahead: bool | None = None,
                 verify_width: int = VERIFY_WIDTH) -> None:
        """``verify_width``: tokens a row feeds the static T5 decoder's verify step (its next
        one and up to ``verify_width - 1`` drafted; ``[engine] max_draft`` + 1)."""
        if cache not in CACHE_MODES:
            raise ValueError(f"unknown cache mode {cache!r}; choose from {CACHE_MODES}")
        spec = spec_for(model.config)
        self.device = torch.device(device)
        self.dtype = dtype
        self.cache = cache
        model = model.to(self.device, dtype).eval()
        self.vocab_size = int(model.get_output_embeddings().weight.shape[0])
        self._encoder = modules.EncoderGraph(model)
        self._cross = modules.CrossKVGraph(modules.cross_projections(model, spec.name), spec.shape(model.config).num_heads)
        self._step = spec.decoder_step(model)
        self._uses_positions = self._step.uses_positions
        self._static: StaticDecoder | None = None
        self._encoder_graphs: EncoderGraphs | None = None
        if cache == "static":
            graphs = cuda_graphs and self.device.type == "cuda"
            with torch.inference_mode():
                self._static = StaticDecoder(static_step_for(model, spec.name), spec.shape(model.config),
                                             dtype, self.device, graphs, look_ahead, verify_width)
            if spec.name == "t5":
                encoder, heads = model.get_encoder(), spec.shape(model.config).num_heads
                self._encoder_graphs = EncoderGraphs(
                    lambda ids, mask: torch.stack(self._cross(t5.encode(encoder, ids, mask, heads))),
                    self.device, capture=graphs)
        self.backend_name = f"torch-{self.device.type}"
        logger.info("torch session on %s, %s, %s cache%s", self.device, dtype, cache,
                    ", CUDA graphs" if self._static is not None and self._static.graphs else "")

    @classmethod
    def from_hf(cls, hf_dir: str | Path, device: str | None = None, precision: str = "fp32",
                cache: str = "static", verify_width: int = VERIFY_WIDTH) -> "TorchSession":
        from transformers import AutoModelForSeq2SeqLM
        model = AutoModelForSeq2SeqLM.from_pretrained(str(hf_dir), attn_implementation="eager")
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        return cls(model, device, _dtype(model.config.model_type, precision, device), cache=cache,
                   verify_width=verify_width)

    @classmethod
    def from_model_dir(cls, model: ModelDir, device: str | None = None, precision: str = "fp32",
                       cache: str = "static", verify_width: int = VERIFY_WIDTH) -> "TorchSession":
        weights = model.path / TORCH_WEIGHTS
        if not weights.is_dir():
            raise FileNotFoundError(f"{weights} is missing; re-export the model to use the torch backend")
        return cls.from_hf(weights, device, precision, cache, verify_width)

    def batch_size(self, state: Any) -> int:
        if self._static is not None:
            return self._static.batch_size(state)
        return int(state.encoder_mask.shape[0])

    @property
    def verifies_drafts(self) -> bool:
        """Static caches and a T5 decoder: a verify step (speculative decoding) exists."""
        return self._static is not None and self._static.verifies_drafts

    draft_budget = 1 << 30     # the verify step is verify_width tokens a row whatever the drafts

    @property
    def runs_host_work_while_waiting(self) -> bool:
        """The static decoder calls engines.host_phases.while_device_runs() before each wait
        for the device (the decode loop then puts the drafter's work there)."""
        return self._static is not None

    @property
    def max_draft_tokens(self) -> int:
        return (self._static.verify_width if self._static is not None else VERIFY_WIDTH) - 1

    @torch.inference_mode()
    def verify(self, state: Any, token_ids: np.ndarray, lengths: np.ndarray, positions: np.ndarray,
               allowed: Allowed | None, top_k: int = 1) -> tuple[Any, np.ndarray, np.ndarray, Any]:
        """:class:`~engines.sessions.base.DraftVerifier` (static T5 only)."""
        assert self._static is not None
        return self._static.verify(state, np.asarray(token_ids, dtype=np.int64), allowed, top_k)

    @torch.inference_mode()
    def accept(self, state: Any, kept: np.ndarray, width: int) -> Any:
        assert self._static is not None
        return self._static.accept(state, kept)

    @torch.inference_mode()
    def reserve(self, rows: int, columns: int, source: int) -> None:
        """Static mode: size the caches up front (growing later drops captured graphs)."""
        if self._static is not None:
            self._static.reserve(rows, columns, source)

    @property
    def captures_graphs(self) -> bool:
        """Static caches on CUDA with graphs on: :meth:`warm_up` has something to capture."""
        return self._static is not None and self._static.graphs is not None

    def graph_stats(self) -> Any:
        """:class:`engines.sessions.cuda_graphs.GraphStats` of the decoder's and the encoder's
        graphs together, or None without CUDA graphs."""
        graphs = self._static.graphs if self._static is not None else None
        if graphs is None:
            return None
        encoder = self._encoder_graphs.stats if self._encoder_graphs is not None else None
        return graphs.stats if encoder is None else GraphStats(*(a + b for a, b in zip(astuple(graphs.stats),
                                                                                      astuple(encoder))))

    @torch.inference_mode()
    def warm_up(self, rows: list[int], columns: list[int], source: list[int]) -> int:
        """Static mode on CUDA: capture the decoder-step graphs for these shapes, and the encoder's
        for these rows and sources; returns how many exist."""
        if self._static is None:
            return 0
        captured = self._static.warm_up(rows, columns, source)
        if self._encoder_graphs is not None and self._encoder_graphs.graphs is not None:
            captured += self._encoder_graphs.warm_up(rows, source)
        if self.device.type == "cuda":      # what the graphs and caches hold, for the start-up log
            logger.info("after the warm-up (verify width %d): %.2f GiB of GPU memory allocated, %.2f GiB reserved",
                        self.max_draft_tokens + 1, torch.cuda.memory_allocated(self.device) / 2**30,
                        torch.cuda.memory_reserved(self.device) / 2**30)
        return captured

    @torch.inference_mode()
    def encode(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> Any:
        mask_dev = device_index(attention_mask, self.device)    # pinned, queued: no stream sync
        if self._encoder_graphs is not None:
            return encoded_rows(self._encoder_graphs(input_ids, attention_mask), mask_dev, np.asarray(attention_mask))
        ids = device_index(input_ids, self.device)
        cross = self._cross(self._encoder(ids, mask_dev))
        if self._static is not None:
            return encoded_rows(tuple(cross), mask_dev, np.asarray(attention_mask))
        batch, heads, _, dim = cross[0].shape
        past = tuple(torch.zeros(batch, heads, 1, dim, device=self.device, dtype=self.dtype) for _ in cross)
        return TorchState(np.asarray(attention_mask, dtype=np.int64), mask_dev, tuple(cross), past,
                          np.zeros((batch, 1), dtype=np.int64))

    @torch.inference_mode()
    def step(self, state: Any, token_ids: np.ndarray, positions: np.ndarray,
             allowed: Allowed | None, top_k: int) -> tuple[Any, np.ndarray, np.ndarray]:
        if self._static is not None:
            return self._static.step(state, np.asarray(token_ids, dtype=np.int64),
                                     np.asarray(positions, dtype=np.int64), allowed, top_k)
        batch = self.batch_size(state)
        self_mask = np.concatenate([state.self_mask, np.ones((batch, 1), dtype=np.int64)], axis=1)
        args: list[torch.Tensor] = [self._tensor(token_ids).view(batch, 1)]
        if self._uses_positions:
            args.append(self._tensor(positions))
        args += [state.encoder_mask_dev, self._tensor(self_mask), *state.past, *state.cross]
        logits, *present = self._step(*args)
        logprobs = torch.log_softmax(logits.float(), dim=-1)
        mask = dense(allowed)
        if mask is not None:
            logprobs = logprobs.masked_fill(~torch.from_numpy(mask).to(self.device), float("-inf"))
        scores, ids = torch.topk(logprobs, k=min(top_k, self.vocab_size), dim=-1)
        new_state = TorchState(state.encoder_mask, state.encoder_mask_dev, state.cross, tuple(present), self_mask)
        return new_state, scores.cpu().numpy(), ids.cpu().numpy()

    def _tensor(self, array: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.ascontiguousarray(array, dtype=np.int64)).to(self.device, non_blocking=True)

    @torch.inference_mode()
    def select(self, state: Any, rows: np.ndarray) -> Any:
        if self._static is not None:
            return self._static.select(state, rows)
        used = state.self_mask[rows].any(axis=0)
        first = int(np.argmax(used)) if used.any() else state.self_mask.shape[1] - 1
        enc_used = state.encoder_mask[rows].any(axis=0)
        enc_len = int(np.nonzero(enc_used)[0].max()) + 1 if enc_used.any() else 1
        index = torch.from_numpy(np.asarray(rows, dtype=np.int64)).to(self.device)
        return TorchState(
            encoder_mask=state.encoder_mask[rows, :enc_len],
            encoder_mask_dev=state.encoder_mask_dev.index_select(0, index)[:, :enc_len],
            cross=tuple(c.index_select(0, index)[:, :, :enc_len] for c in state.cross),
            past=tuple(p.index_select(0, index)[:, :, first:] for p in state.past),
            self_mask=state.self_mask[rows, first:],
        )

    @torch.inference_mode()
    def merge(self, a: Any, b: Any) -> Any:
        if self._static is not None:
            return self._static.merge(a, b)
        s = max(a.encoder_mask.shape[1], b.encoder_mask.shape[1])
        p = max(a.self_mask.shape[1], b.self_mask.shape[1])
        pad_s = [s - x.encoder_mask.shape[1] for x in (a, b)]
        pad_p = [p - x.self_mask.shape[1] for x in (a, b)]
        return TorchState(
            encoder_mask=np.concatenate([np.pad(x.encoder_mask, ((0, 0), (0, n))) for x, n in zip((a, b), pad_s)]),
            encoder_mask_dev=torch.cat([torch.nn.functional.pad(x.encoder_mask_dev, (0, n))
                                        for x, n in zip((a, b), pad_s)]),
            cross=tuple(torch.cat([torch.nn.functional.pad(c, (0, 0, 0, n)) for c, n in zip(pair, pad_s)])
                        for pair in zip(a.cross, b.cross)),
            past=tuple(torch.cat([torch.nn.functional.pad(c, (0, 0, n, 0)) for c, n in zip(pair, pad_p)])
                       for pair in zip(a.past, b.past)),
            self_mask=np.concatenate([np.pad(x.self_mask, ((0, 0), (n, 0))) for x, n in zip((a, b), pad_p)]),
        )


def _dtype(model_type: str, precision: str, device: str) -> torch.dtype:
    if precision == "fp32" or str(device).startswith("cpu"):
        return torch.float32
    if precision == "int8":
        raise ValueError("the torch backend has no int8 path; use onnxruntime or tensorrt")
    return torch.bfloat16 if model_type in ("t5", "mt5") else torch.float16
