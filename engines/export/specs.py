"""One declarative export spec per architecture, in a registry (optimum's OnnxConfig shape).

A spec names the HF ``model_type`` values it covers, how to read shapes and special tokens
from the config, which decoder-step module to use, which ops must stay fp32 in the fp16 graph,
and the tolerance the exported graphs must meet against transformers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from torch import nn

from engines.export.modules import BartDecoderStep, DecoderStep, T5DecoderStep
from engines.model_dir import DecoderShape, SpecialTokens


@dataclass(frozen=True, slots=True)
class Tolerance:
    atol: float
    rtol: float


@dataclass(frozen=True, slots=True)
class ArchitectureSpec:
    name: str
    model_types: tuple[str, ...]
    decoder_step: Callable[[nn.Module], DecoderStep]
    shape: Callable[[Any], DecoderShape]
    special_tokens: Callable[[Any], SpecialTokens]
    max_source_length: Callable[[Any], int]
    fp32_tolerance: Tolerance
    fp16_tolerance: Tolerance
    # Ops kept in fp32 in the fp16 graphs: T5 overflows fp16 in its RMS norms and residual sums.
    fp16_keep_fp32_ops: tuple[str, ...] = ()


def _bart_shape(c: Any) -> DecoderShape:
    return DecoderShape(c.decoder_layers, c.decoder_attention_heads, c.d_model // c.decoder_attention_heads, c.d_model)


def _t5_shape(c: Any) -> DecoderShape:
    return DecoderShape(c.num_decoder_layers, c.num_heads, c.d_kv, c.d_model)


def _special(c: Any) -> SpecialTokens:
    return SpecialTokens(pad=int(c.pad_token_id), eos=int(c.eos_token_id),
                         decoder_start=int(c.decoder_start_token_id))


BART = ArchitectureSpec(
    name="bart",
    model_types=("bart",),
    decoder_step=BartDecoderStep,
    shape=_bart_shape,
    special_tokens=_special,
    max_source_length=lambda c: int(c.max_position_embeddings),
    fp32_tolerance=Tolerance(atol=1e-4, rtol=1e-3),
    fp16_tolerance=Tolerance(atol=5e-2, rtol=5e-2),
)

T5 = ArchitectureSpec(
    name="t5",
    model_types=("t5", "mt5"),
    decoder_step=T5DecoderStep,
    shape=_t5_shape,
    special_tokens=_special,
    max_source_length=lambda c: int(getattr(c, "n_positions", 512) or 512),
    fp32_tolerance=Tolerance(atol=1e-4, rtol=1e-3),
    fp16_tolerance=Tolerance(atol=5e-2, rtol=5e-2),
    fp16_keep_fp32_ops=("Pow", "ReduceMean", "Sqrt", "Reciprocal", "Add", "Softmax"),
)

REGISTRY: dict[str, ArchitectureSpec] = {t: spec for spec in (BART, T5) for t in spec.model_types}


def spec_for(config: Any) -> ArchitectureSpec:
    try:
        return REGISTRY[config.model_type]
    except KeyError:
        raise ValueError(f"unsupported model type {config.model_type!r}; supported: {sorted(REGISTRY)}") from None
