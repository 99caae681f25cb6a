"""Decoder steps over preallocated (static) K/V caches, written in place: the CUDA-graph path.

The exported graphs (:mod:`engines.export.modules`) take the past cache and return a
one-column-longer present, which a graph runtime needs; on the GPU that means a ``torch.cat``
per layer per step and a new allocation every time, and shapes that change every step, so no
CUDA graph can be captured. These modules compute the same function on caches of fixed
capacity instead: the new key/value column is written at ``write_pos`` with ``index_copy_``,
the self-attention mask gets a 1 there, and attention runs over the whole bucket with unused
columns masked. Every tensor they touch has a fixed address and shape for a given (batch,
cache, source) bucket, so one step can be captured once and replayed.

The layers are the architecture's one definition (:mod:`engines.arch.bart`,
:mod:`engines.arch.t5`), shared with export and training; what is this module's own is
:class:`StaticCache`, the attention that writes the caches in place (self-attention Q/K/V
fused into one projection, attention through ``scaled_dot_product_attention``). The step ends
with the log-softmax, so the graph's one output is the [B, V] fp32 log-probabilities.

Cache layout, shared with :mod:`engines.sessions.slot_pool`: ``self_kv`` [2L, B, H, C, D]
(layer i's key at 2i, value at 2i+1), ``self_mask`` [B, C] int64, ``cross_kv`` [2L, B, H, S, D],
``encoder_mask`` [B, S] int64. All rows share the write column (right alignment, as in the
exported graphs): a row that joined later has zeros in its mask left of its first column, so
T5's relative positions (key column minus ``write_pos``) are the same in every row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch
from torch import nn
from torch.nn import functional as F

from engines.arch import bart, t5
from engines.arch.attention import Projections, additive_mask

if TYPE_CHECKING:
    from transformers import PreTrainedModel


def _fused(projections: list[nn.Linear]) -> tuple[torch.Tensor, torch.Tensor | None]:
    weights: list[torch.Tensor] = [p.weight for p in projections]
    weight = torch.cat(weights).detach()
    biases: list[torch.Tensor] = [p.bias for p in projections if p.bias is not None]
    bias = torch.cat(biases).detach() if len(biases) == len(projections) else None
    return weight, bias


def _heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    """[B, S, H*D] -> [B, H, S, D]."""
    return x.view(x.shape[0], x.shape[1], heads, -1).transpose(1, 2)


def _merge(x: torch.Tensor) -> torch.Tensor:
    """[B, H, S, D] -> [B, S, H*D]."""
    return x.transpose(1, 2).reshape(x.shape[0], x.shape[2], -1)


class StaticCache:
    """The :class:`~engines.arch.attention.Attention` of one static step: the new column of
    layer ``i`` is written into ``self_kv`` at ``write_pos`` (the S new columns of a verify
    step at ``write_pos`` [S]); cross K/V are read from ``cross_kv``. The layer's own Q/K/V
    projections are replaced by the fused ``qkv``."""

    def __init__(self, qkv: list[tuple[torch.Tensor, torch.Tensor | None]], heads: int, write_pos: torch.Tensor,
                 self_kv: torch.Tensor, self_bias: torch.Tensor, cross_kv: torch.Tensor,
                 cross_bias: torch.Tensor) -> None:
        self.qkv, self.heads = qkv, heads
        self.write_pos, self.self_kv, self.self_bias = write_pos, self_kv, self_bias
        self.cross_kv, self.cross_bias = cross_kv, cross_bias

    def self_attention(self, layer: int, x: torch.Tensor, projections: Projections, scale: float) -> torch.Tensor:
        weight, bias = self.qkv[layer]
        q, k, v = (_heads(t, self.heads) for t in F.linear(x, weight, bias).chunk(3, dim=-1))
        key, value = self.self_kv[2 * layer], self.self_kv[2 * layer + 1]
        key.index_copy_(2, self.write_pos, k)
        value.index_copy_(2, self.write_pos, v)
        return _merge(F.scaled_dot_product_attention(q, key, value, attn_mask=self.self_bias, scale=scale))

    def cross_attention(self, layer: int, x: torch.Tensor, projections: Projections, scale: float) -> torch.Tensor:
        q = _heads(projections[0](x), self.heads)
        out = F.scaled_dot_product_attention(q, self.cross_kv[2 * layer], self.cross_kv[2 * layer + 1],
                                             attn_mask=self.cross_bias, scale=scale)
        return _merge(out)


class _StaticStep(nn.Module):
    uses_positions = False
    verifies_drafts = False            # takes [B, S] tokens a call (a verify step)
    heads: int
    lm_head: nn.Module

    @property
    def vocab_size(self) -> int:
        """The log-probs' last dimension (the session sizes its output buffers by it)."""
        return int(getattr(self.lm_head, "out_features"))

    def _fuse(self, triples: list[list[nn.Linear]]) -> None:
        for i, triple in enumerate(triples):
            weight, bias = _fused(triple)
            self.register_buffer(f"qkv_weight_{i}", weight, persistent=False)
            self.register_buffer(f"qkv_bias_{i}", bias, persistent=False)
        self.layers = len(triples)

    def _cache(self, write_pos: torch.Tensor, self_kv: torch.Tensor, self_bias: torch.Tensor,
               cross_kv: torch.Tensor, cross_bias: torch.Tensor) -> StaticCache:
        qkv = [(getattr(self, f"qkv_weight_{i}"), getattr(self, f"qkv_bias_{i}")) for i in range(self.layers)]
        return StaticCache(qkv, self.heads, write_pos, self_kv, self_bias, cross_kv, cross_bias)


class StaticBartStep(_StaticStep):
    uses_positions = True
    final_logits_bias: torch.Tensor     # a buffer

    def __init__(self, model: PreTrainedModel) -> None:
        super().__init__()
        self.decoder: bart.BartDecoderModules = model.get_decoder()
        self.lm_head: nn.Module = model.lm_head
        self.register_buffer("final_logits_bias", model.final_logits_bias.clone(), persistent=False)
        self.heads = model.config.decoder_attention_heads
        self._fuse([[l.self_attn.q_proj, l.self_attn.k_proj, l.self_attn.v_proj] for l in self.decoder.layers])

    def forward(self, input_ids: torch.Tensor, positions: torch.Tensor, write_pos: torch.Tensor,
                self_kv: torch.Tensor, self_mask: torch.Tensor, cross_kv: torch.Tensor,
                encoder_mask: torch.Tensor, out: torch.Tensor | None = None) -> torch.Tensor:
        self_mask.index_fill_(1, write_pos, 1)
        dtype = self.decoder.embed_tokens.weight.dtype
        cache = self._cache(write_pos, self_kv, additive_mask(self_mask, dtype), cross_kv,
                            additive_mask(encoder_mask, dtype))
        h = bart.decode(self.decoder, input_ids, positions, cache)
        return torch.log_softmax(bart.logits(self.lm_head, self.final_logits_bias, h).float(), dim=-1, out=out)


class StaticT5Step(_StaticStep):
    verifies_drafts = True
    bias_by_distance: torch.Tensor      # a buffer

    def __init__(self, model: PreTrainedModel) -> None:
        super().__init__()
        self.decoder: t5.T5StackModules = model.get_decoder()
        self.lm_head: nn.Module = model.lm_head
        self.heads = model.config.num_heads
        self.scale = t5.output_scale(model.config)
        self.register_buffer("bias_by_distance", t5.distance_bias(t5.self_attention_of(self.decoder)),
                             persistent=False)
        self._fuse([[b.layer[0].SelfAttention.q, b.layer[0].SelfAttention.k, b.layer[0].SelfAttention.v]
                    for b in self.decoder.block])

    def forward(self, input_ids: torch.Tensor, positions: torch.Tensor, write_pos: torch.Tensor,
                self_kv: torch.Tensor, self_mask: torch.Tensor, cross_kv: torch.Tensor,
                encoder_mask: torch.Tensor, out: torch.Tensor | None = None) -> torch.Tensor:
        """One token a row (``input_ids`` [B, 1]): log-probs [B, V]. Several (the verify step of
        speculative decoding, [B, S]): written at columns ``write_pos .. write_pos + S - 1``,
        each attending to nothing after itself; log-probs [B, S, V]. ``out``: where to write
        them (the session's buffer of this width; else a new tensor)."""
        steps = input_ids.shape[1]
        if steps > 1:
            write_pos = write_pos + torch.arange(steps, device=write_pos.device)
        self_mask.index_fill_(1, write_pos, 1)
        dtype = self.decoder.embed_tokens.weight.dtype
        # Key column j sits write_pos - j tokens back in every row; the columns right of
        # write_pos are masked by self_mask (and, among a verify step's own, by the bias).
        self_bias = t5.position_bias(self.bias_by_distance, write_pos, self_mask.shape[1], dtype,
                                     mask_future=steps > 1) + additive_mask(self_mask, dtype)
        cache = self._cache(write_pos, self_kv, self_bias, cross_kv, additive_mask(encoder_mask, dtype))
        h = t5.decode(self.decoder, input_ids, cache) * self.scale
        return torch.log_softmax(self.lm_head(h[:, 0] if steps == 1 else h).float(), dim=-1, out=out)


def static_step_for(model: PreTrainedModel, architecture: str) -> _StaticStep:
    return StaticBartStep(model) if architecture == "bart" else StaticT5Step(model)
