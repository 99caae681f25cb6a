"""Torch modules that compute exactly what each exported graph computes.

They reuse the HuggingFace model's own submodules and weights. The decoder step is the
architecture's one definition (:mod:`engines.arch.bart`, :mod:`engines.arch.t5`) run with a
:class:`~engines.arch.attention.GrowingCache`: an explicit, right-aligned self-attention cache
(see :mod:`engines.sessions.base`) in, one column longer out, so that the ONNX graphs have plain
tensor inputs and outputs and no cache objects. ``TorchSession`` runs these same modules in its
dynamic mode, and the static step (:mod:`engines.sessions.static_step`) runs the same layers
over caches written in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
from torch import nn

from engines.arch import bart, t5
from engines.arch.attention import GrowingCache, additive_mask, split_heads
from engines.arch.t5 import distance_bias

if TYPE_CHECKING:
    from transformers import PreTrainedModel

__all__ = ["BartDecoderStep", "CrossKVGraph", "DecoderStep", "EncoderGraph", "T5DecoderStep", "T5DecoderSteps",
           "cross_projections", "distance_bias"]


class EncoderGraph(nn.Module):
    def __init__(self, model: PreTrainedModel) -> None:
        super().__init__()
        self.encoder: nn.Module = model.get_encoder()

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state


class CrossKVGraph(nn.Module):
    """Cross-attention K/V for every decoder layer, computed once per request."""

    def __init__(self, projections: list[tuple[nn.Module, nn.Module]], heads: int) -> None:
        super().__init__()
        self.keys = nn.ModuleList(k for k, _ in projections)
        self.values = nn.ModuleList(v for _, v in projections)
        self.heads = heads

    def forward(self, encoder_hidden_states: torch.Tensor) -> tuple[torch.Tensor, ...]:
        out: list[torch.Tensor] = []
        for k, v in zip(self.keys, self.values):
            out += [split_heads(k(encoder_hidden_states), self.heads),
                    split_heads(v(encoder_hidden_states), self.heads)]
        return tuple(out)


class DecoderStep(nn.Module):
    """What the exported decoder graph computes, in torch; ``uses_positions``: whether it takes a
    ``positions`` input (BART's learned positions) after ``input_ids``."""
    uses_positions: bool


class BartDecoderStep(DecoderStep):
    uses_positions = True
    final_logits_bias: torch.Tensor     # a buffer

    def __init__(self, model: PreTrainedModel) -> None:
        super().__init__()
        self.decoder: bart.BartDecoderModules = model.get_decoder()
        self.lm_head: nn.Module = model.lm_head
        self.register_buffer("final_logits_bias", model.final_logits_bias.clone(), persistent=False)
        self.heads: int = model.config.decoder_attention_heads

    def forward(self, input_ids: torch.Tensor, positions: torch.Tensor, encoder_attention_mask: torch.Tensor,
                self_attention_mask: torch.Tensor, *caches: torch.Tensor) -> tuple[torch.Tensor, ...]:
        layers = len(self.decoder.layers)
        dtype = self.decoder.embed_tokens.weight.dtype
        cache = GrowingCache(caches[: 2 * layers], caches[2 * layers:], additive_mask(self_attention_mask, dtype),
                             additive_mask(encoder_attention_mask, dtype), self.heads)
        h = bart.decode(self.decoder, input_ids, positions, cache)
        return (bart.logits(self.lm_head, self.final_logits_bias, h), *cache.present)


class T5DecoderStep(DecoderStep):
    uses_positions = False
    bias_by_distance: torch.Tensor      # a buffer

    def __init__(self, model: PreTrainedModel) -> None:
        super().__init__()
        self.decoder: t5.T5StackModules = model.get_decoder()
        self.lm_head: nn.Module = model.lm_head
        self.heads: int = model.config.num_heads
        self.scale = t5.output_scale(model.config)
        self.register_buffer("bias_by_distance", distance_bias(t5.self_attention_of(self.decoder)),
                             persistent=False)

    def forward(self, input_ids: torch.Tensor, encoder_attention_mask: torch.Tensor,
                self_attention_mask: torch.Tensor, *caches: torch.Tensor) -> tuple[torch.Tensor, ...]:
        layers = len(self.decoder.block)
        dtype = self.decoder.embed_tokens.weight.dtype
        steps, keys = input_ids.shape[1], self_attention_mask.shape[1]
        # Query i sits at key column keys - steps + i of the right-aligned cache.
        query = torch.arange(steps, device=self.bias_by_distance.device) + (keys - steps)
        self_bias = t5.position_bias(self.bias_by_distance, query, keys, dtype, mask_future=True) \
            + additive_mask(self_attention_mask, dtype)
        cache = GrowingCache(caches[: 2 * layers], caches[2 * layers:], self_bias,
                             additive_mask(encoder_attention_mask, dtype), self.heads)
        h = t5.decode(self.decoder, input_ids, cache) * self.scale
        return (self._logits(h), *cache.present)

    def _logits(self, h: torch.Tensor) -> torch.Tensor:
        return self.lm_head(h[:, 0])


class T5DecoderSteps(T5DecoderStep):
    """Several new tokens at once (``input_ids`` [B, S], logits [B, S, V]): the verify step of
    speculative decoding. Query ``i`` sits at key index ``keys - S + i`` of the right-aligned
    cache and attends to nothing after itself."""

    def _logits(self, h: torch.Tensor) -> torch.Tensor:
        return self.lm_head(h)


def cross_projections(model: PreTrainedModel, architecture: str) -> list[tuple[nn.Module, nn.Module]]:
    dec = model.get_decoder()
    if architecture == "bart":
        return [(layer.encoder_attn.k_proj, layer.encoder_attn.v_proj) for layer in dec.layers]
    return [(b.layer[1].EncDecAttention.k, b.layer[1].EncDecAttention.v) for b in dec.block]
