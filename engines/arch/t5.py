"""T5's decoder and encoder, defined once (see :mod:`engines.arch`): blocks, stacks, position bias.

A block is pre-norm: RMS norm, self-attention, residual; RMS norm, cross-attention, residual;
the feed-forward (RMS norm, ``wi``, activation, ``wo``, residual). T5 does not scale its
attention scores. The stack ends with an RMS norm; the logits are the tied embedding's
projection of that, scaled by ``d_model ** -0.5`` (:func:`output_scale`).

The encoder (:func:`encode`) is the same arithmetic as transformers' ``T5Stack`` without its
host synchronisations (no question asked of the GPU about the mask), so a CUDA graph can capture
it; its position bias and padding mask are one ``[B, H, S, S]`` term made once per call.

The self-attention's position bias depends only on how far back a key is, so decoding looks it
up in a table by distance (:func:`distance_bias`), made once, instead of computing T5's
logarithmic buckets in every step. ``dropout`` and ``feed_forward`` are parameters for training
(dropout sites, a compiled feed-forward); inference leaves them at their defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, cast

import torch
from torch import nn

from engines.arch.attention import Attention, additive_mask, attend, split_heads

Dropout = Callable[[torch.Tensor], torch.Tensor]

# What this definition reads of transformers' T5 modules (``T5Stack``, ``T5Block`` and its three
# ``layer`` entries, ``T5Attention``, ``T5LayerNorm``): the structure it relies on, by name, not
# transformers' own classes, whose inferred attribute types vary between the versions we allow.


class T5Norm(Protocol):
    weight: torch.Tensor
    variance_epsilon: float


class T5AttentionModules(Protocol):
    q: nn.Module
    k: nn.Module
    v: nn.Module
    o: nn.Module
    relative_attention_bias: nn.Embedding
    relative_attention_num_buckets: int
    relative_attention_max_distance: int


class T5SelfAttentionLayer(Protocol):
    SelfAttention: T5AttentionModules
    layer_norm: T5Norm


class T5CrossAttentionLayer(Protocol):
    EncDecAttention: T5AttentionModules
    layer_norm: T5Norm


class T5Dense(Protocol):
    """``T5DenseActDense``."""
    wi: nn.Module
    act: nn.Module
    wo: nn.Module


class T5GatedDense(Protocol):
    """``T5DenseGatedActDense`` (T5 v1.1, flan-T5)."""
    wi_0: nn.Module
    wi_1: nn.Module
    act: nn.Module
    wo: nn.Module


class T5FeedForwardLayer(Protocol):
    DenseReluDense: T5Dense | T5GatedDense
    layer_norm: T5Norm


class T5BlockModules(Protocol):
    layer: tuple[T5SelfAttentionLayer, T5CrossAttentionLayer, T5FeedForwardLayer]


class T5EncoderBlockModules(Protocol):
    layer: tuple[T5SelfAttentionLayer, T5FeedForwardLayer]


class T5EncoderStackModules(Protocol):
    embed_tokens: nn.Embedding
    block: Sequence[T5EncoderBlockModules]
    final_layer_norm: T5Norm


class T5StackModules(Protocol):
    embed_tokens: nn.Embedding
    block: Sequence[T5BlockModules]
    final_layer_norm: T5Norm


FeedForward = Callable[[T5FeedForwardLayer, torch.Tensor], torch.Tensor]


def no_dropout(x: torch.Tensor) -> torch.Tensor:
    return x


def rms_norm(layer_norm: T5Norm, x: torch.Tensor) -> torch.Tensor:
    """``T5LayerNorm``'s arithmetic: scale only, variance in fp32, back to half weights' dtype."""
    variance = x.to(torch.float32).pow(2).mean(-1, keepdim=True)
    x = x * torch.rsqrt(variance + layer_norm.variance_epsilon)
    if layer_norm.weight.dtype in (torch.float16, torch.bfloat16):
        x = x.to(layer_norm.weight.dtype)
    return layer_norm.weight * x


def feed_forward(ff_layer: T5FeedForwardLayer, h: torch.Tensor, dropout: Dropout = no_dropout) -> torch.Tensor:
    """``T5LayerFF``: the dense block (gated or not) on the normed input, added to ``h``."""
    dense = ff_layer.DenseReluDense
    x = rms_norm(ff_layer.layer_norm, h)
    if hasattr(dense, "wi_0"):          # gated activation (T5 v1.1, flan-T5)
        gated = cast(T5GatedDense, dense)
        inner = gated.act(gated.wi_0(x)) * gated.wi_1(x)
    else:
        plain = cast(T5Dense, dense)
        inner = plain.act(plain.wi(x))
    return h + dropout(dense.wo(dropout(inner)))


def decoder_block(block: T5BlockModules, layer: int, h: torch.Tensor, attention: Attention,
                  dropout: Dropout = no_dropout, ff: FeedForward | None = None) -> torch.Tensor:
    self_layer, cross_layer, ff_layer = block.layer[0], block.layer[1], block.layer[2]
    sa, ca = self_layer.SelfAttention, cross_layer.EncDecAttention
    attn = attention.self_attention(layer, rms_norm(self_layer.layer_norm, h), (sa.q, sa.k, sa.v), 1.0)
    h = h + dropout(sa.o(attn))
    attn = attention.cross_attention(layer, rms_norm(cross_layer.layer_norm, h), (ca.q, ca.k, ca.v), 1.0)
    h = h + dropout(ca.o(attn))
    return ff(ff_layer, h) if ff is not None else feed_forward(ff_layer, h, dropout)


def decode(decoder: T5StackModules, input_ids: torch.Tensor, attention: Attention, dropout: Dropout = no_dropout,
           ff: FeedForward | None = None) -> torch.Tensor:
    """The decoder stack on ``input_ids`` [B, S]: the final norm's output [B, S, D] (before
    :func:`output_scale` and the projection)."""
    h = dropout(decoder.embed_tokens(input_ids))
    for i, block in enumerate(decoder.block):
        h = decoder_block(block, i, h, attention, dropout, ff)
    return dropout(rms_norm(decoder.final_layer_norm, h))


def encode(encoder: T5EncoderStackModules, input_ids: torch.Tensor, attention_mask: torch.Tensor, heads: int,
           dropout: Dropout = no_dropout) -> torch.Tensor:
    """The encoder stack on ``input_ids`` [B, S] with its 0/1 ``attention_mask`` [B, S]: the final
    norm's output [B, S, D], as ``T5Stack`` computes it in eager attention, with no host sync."""
    h = dropout(encoder.embed_tokens(input_ids))
    bias = encoder_bias(encoder.block[0].layer[0].SelfAttention, attention_mask, h.dtype)
    for block in encoder.block:
        h = encoder_block(block, h, bias, heads, dropout)
    return dropout(rms_norm(encoder.final_layer_norm, h))


def encoder_block(block: T5EncoderBlockModules, h: torch.Tensor, bias: torch.Tensor, heads: int,
                  dropout: Dropout = no_dropout) -> torch.Tensor:
    self_layer, ff_layer = block.layer[0], block.layer[1]
    sa = self_layer.SelfAttention
    x = rms_norm(self_layer.layer_norm, h)
    q, k, v = (split_heads(projection(x), heads) for projection in (sa.q, sa.k, sa.v))
    h = _clamp_half(h + dropout(sa.o(attend(q, k, v, bias, 1.0))))
    return _clamp_half(feed_forward(ff_layer, h, dropout))


def encoder_bias(attn: T5AttentionModules, attention_mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """[B, H, S, S]: the bidirectional position bias of the first block plus the padding mask,
    which every layer adds to its scores."""
    length = attention_mask.shape[1]
    relative = relative_buckets(length, length, True, attn.relative_attention_num_buckets,
                                attn.relative_attention_max_distance, attention_mask.device)
    bias = attn.relative_attention_bias(relative).permute(2, 0, 1)[None].to(dtype)
    return bias + additive_mask(attention_mask, dtype)


def _clamp_half(h: torch.Tensor) -> torch.Tensor:
    """transformers' fp16 guard after each sublayer (an inf anywhere lowers the bound by 1,000),
    computed on the device."""
    if h.dtype != torch.float16:
        return h
    top = torch.finfo(torch.float16).max
    bound = torch.where(torch.isinf(h).any(), top - 1000, top)
    return torch.clamp(h, min=-bound, max=bound)


def output_scale(config: Any) -> float:
    """What the decoder output is multiplied by before the (tied) projection: as transformers does."""
    scaled = getattr(config, "scale_decoder_outputs", getattr(config, "tie_word_embeddings", True))
    return float(config.d_model ** -0.5) if scaled else 1.0


def self_attention_of(decoder: T5StackModules) -> T5AttentionModules:
    """The attention that holds the decoder's position bias (the first block's)."""
    return decoder.block[0].layer[0].SelfAttention


# --- position bias --------------------------------------------------------------------------

def relative_buckets(q_len: int, k_len: int, bidirectional: bool, num_buckets: int, max_distance: int,
                     device: torch.device) -> torch.Tensor:
    """T5's bucket of every (query, key) offset, ``[q_len, k_len]`` (transformers' own bucketing)."""
    rel = torch.arange(k_len, device=device)[None, :] - torch.arange(q_len, device=device)[:, None]
    return buckets(rel, bidirectional, num_buckets, max_distance)


def buckets(relative: torch.Tensor, bidirectional: bool, num_buckets: int, max_distance: int) -> torch.Tensor:
    from transformers.models.t5.modeling_t5 import T5Attention
    return T5Attention._relative_position_bucket(relative, bidirectional=bidirectional, num_buckets=num_buckets,
                                                 max_distance=max_distance)


def distance_bias(attn: T5AttentionModules) -> torch.Tensor:
    """[max_distance + 2, H]: T5's unidirectional position bias by how far back a key is. Row
    ``n + 1`` is ``n`` tokens back (from ``max_distance`` on, all share the last bucket); row 0
    is a future key, masked with float32's minimum."""
    far = attn.relative_attention_max_distance
    with torch.no_grad():
        back = torch.arange(far + 1, device=attn.relative_attention_bias.weight.device)
        table = attn.relative_attention_bias(buckets(-back, False, attn.relative_attention_num_buckets, far)).float()
        future = torch.full_like(table[:1], torch.finfo(torch.float32).min)
        return torch.cat([future, table])


def position_bias(table: torch.Tensor, query: torch.Tensor, keys: int, dtype: torch.dtype,
                  mask_future: bool) -> torch.Tensor:
    """[1, H, S, K] bias of the queries at key columns ``query`` [S] over key columns ``0..keys-1``,
    from a :func:`distance_bias` table. ``mask_future``: a key after its query gets the table's
    masked row; otherwise it gets distance 0's bias, as transformers gives it (the caller's mask
    hides it)."""
    back = query[:, None] - torch.arange(keys, device=table.device)[None, :]                # [S, K]
    row = torch.clamp(back, -1 if mask_future else 0, table.shape[0] - 2) + 1
    return table[row].to(dtype).permute(2, 0, 1)[None]
