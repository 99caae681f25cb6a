"""BART's decoder, defined once (see :mod:`engines.arch`): embedding, a layer, the stack, logits.

Post-norm layers: self-attention, residual, norm; cross-attention, residual, norm;
``fc1``-activation-``fc2``, residual, norm. Token embeddings plus learned positions (offset by
2, as BART's table is), then ``layernorm_embedding``; logits are ``lm_head`` plus
``final_logits_bias``. Training runs transformers' own BART forward; this is the inference
step's definition (export and the torch runtime).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import torch
from torch import nn

from engines.arch.attention import Attention

# What this definition reads of transformers' BART modules (``BartDecoder``, ``BartDecoderLayer``,
# ``BartAttention``): the structure it relies on, by name, not transformers' own classes, whose
# inferred attribute types vary between the versions we allow.


class BartAttentionModules(Protocol):
    q_proj: nn.Module
    k_proj: nn.Module
    v_proj: nn.Module
    out_proj: nn.Module
    scaling: float


class BartLayerModules(Protocol):
    self_attn: BartAttentionModules
    encoder_attn: BartAttentionModules
    self_attn_layer_norm: nn.Module
    encoder_attn_layer_norm: nn.Module
    final_layer_norm: nn.Module
    fc1: nn.Module
    fc2: nn.Module
    activation_fn: Callable[[torch.Tensor], torch.Tensor]


class LearnedPositions(Protocol):
    weight: torch.Tensor
    offset: int


class BartDecoderModules(Protocol):
    embed_tokens: nn.Embedding
    embed_positions: LearnedPositions
    layernorm_embedding: nn.Module
    layers: Sequence[BartLayerModules]


def embed(decoder: BartDecoderModules, input_ids: torch.Tensor, positions: torch.Tensor) -> torch.Tensor:
    """One new token per row [B, 1] at position ``positions`` [B]."""
    h = decoder.embed_tokens(input_ids)
    h = h + decoder.embed_positions.weight[positions + decoder.embed_positions.offset][:, None, :]
    return decoder.layernorm_embedding(h)


def decoder_layer(layer: BartLayerModules, index: int, h: torch.Tensor, attention: Attention) -> torch.Tensor:
    sa, ca = layer.self_attn, layer.encoder_attn
    attn = attention.self_attention(index, h, (sa.q_proj, sa.k_proj, sa.v_proj), sa.scaling)
    h = layer.self_attn_layer_norm(h + sa.out_proj(attn))
    attn = attention.cross_attention(index, h, (ca.q_proj, ca.k_proj, ca.v_proj), ca.scaling)
    h = layer.encoder_attn_layer_norm(h + ca.out_proj(attn))
    return layer.final_layer_norm(h + layer.fc2(layer.activation_fn(layer.fc1(h))))


def decode(decoder: BartDecoderModules, input_ids: torch.Tensor, positions: torch.Tensor,
           attention: Attention) -> torch.Tensor:
    """The decoder stack on one new token per row: its last hidden state [B, 1, D]."""
    h = embed(decoder, input_ids, positions)
    for i, layer in enumerate(decoder.layers):
        h = decoder_layer(layer, i, h, attention)
    return h


def logits(lm_head: nn.Module, final_logits_bias: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
    """[B, V] logits of the first (only) position."""
    return lm_head(h[:, 0]) + final_logits_bias
