"""Decoder steps over preallocated (static) K/V caches, written in place: the CUDA-graph path.

The exported graphs (:mod:`engines.export.modules`) take the past cache and return a
one-column-longer present, which a graph runtime needs; on the GPU that means a ``torch.cat``
per layer per step and a new allocation every time, and shapes that change every step, so no
CUDA graph can be captured. These modules compute the same function on caches of fixed
capacity instead: the new key/value column is written at ``write_pos`` with ``index_copy_``,
the self-attention mask gets a 1 there, and attention runs over the whole bucket with unused
columns masked. Every tensor they touch has a fixed address and shape for a given (batch,
cache, source) bucket, so one step can be captured once and replayed.

They reuse the HuggingFace model's own submodules and weights (self-attention Q/K/V fused into
one projection, attention through ``scaled_dot_product_attention``) and end with the
log-softmax, so the graph's one output is the [B, V] fp32 log-probabilities.

Cache layout, shared with :mod:`engines.sessions.slot_pool`: ``self_kv`` [2L, B, H, C, D]
(layer i's key at 2i, value at 2i+1), ``self_mask`` [B, C] int64, ``cross_kv`` [2L, B, H, S, D],
``encoder_mask`` [B, S] int64. All rows share the write column (right alignment, as in the
exported graphs): a row that joined later has zeros in its mask left of its first column, so
T5's relative positions (key column minus ``write_pos``) are the same in every row.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from engines.export.modules import additive_mask


def _fused(projections: list[nn.Linear]) -> tuple[torch.Tensor, torch.Tensor | None]:
    weight = torch.cat([p.weight for p in projections]).detach()
    biases = [p.bias for p in projections]
    bias = torch.cat(biases).detach() if all(b is not None for b in biases) else None
    return weight, bias


def _heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    """[B, 1, H*D] -> [B, H, 1, D]."""
    return x.view(x.shape[0], 1, heads, -1).transpose(1, 2)


def _merge(x: torch.Tensor) -> torch.Tensor:
    """[B, H, 1, D] -> [B, 1, H*D]."""
    return x.transpose(1, 2).reshape(x.shape[0], 1, -1)


class _StaticStep(nn.Module):
    uses_positions = False

    def _fuse(self, triples: list[list[nn.Linear]]) -> None:
        for i, triple in enumerate(triples):
            weight, bias = _fused(triple)
            self.register_buffer(f"qkv_weight_{i}", weight, persistent=False)
            self.register_buffer(f"qkv_bias_{i}", bias, persistent=False)

    def _self_attention(self, i: int, x: torch.Tensor, write_pos: torch.Tensor, self_kv: torch.Tensor,
                        bias: torch.Tensor, scale: float) -> torch.Tensor:
        qkv = F.linear(x, getattr(self, f"qkv_weight_{i}"), getattr(self, f"qkv_bias_{i}"))
        q, k, v = (_heads(t, self.heads) for t in qkv.chunk(3, dim=-1))
        key, value = self_kv[2 * i], self_kv[2 * i + 1]
        key.index_copy_(2, write_pos, k)
        value.index_copy_(2, write_pos, v)
        return _merge(F.scaled_dot_product_attention(q, key, value, attn_mask=bias, scale=scale))

    def _cross_attention(self, i: int, q: torch.Tensor, cross_kv: torch.Tensor, bias: torch.Tensor,
                         scale: float) -> torch.Tensor:
        out = F.scaled_dot_product_attention(_heads(q, self.heads), cross_kv[2 * i], cross_kv[2 * i + 1],
                                             attn_mask=bias, scale=scale)
        return _merge(out)


class StaticBartStep(_StaticStep):
    uses_positions = True

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.decoder = model.get_decoder()
        self.lm_head = model.lm_head
        self.register_buffer("final_logits_bias", model.final_logits_bias.clone(), persistent=False)
        self.heads = model.config.decoder_attention_heads
        self._fuse([[l.self_attn.q_proj, l.self_attn.k_proj, l.self_attn.v_proj] for l in self.decoder.layers])

    def forward(self, input_ids: torch.Tensor, positions: torch.Tensor, write_pos: torch.Tensor,
                self_kv: torch.Tensor, self_mask: torch.Tensor, cross_kv: torch.Tensor,
                encoder_mask: torch.Tensor) -> torch.Tensor:
        dec = self.decoder
        self_mask.index_fill_(1, write_pos, 1)
        h = dec.embed_tokens(input_ids)
        h = h + dec.embed_positions.weight[positions + dec.embed_positions.offset][:, None, :]
        h = dec.layernorm_embedding(h)
        self_bias = additive_mask(self_mask, h.dtype)
        cross_bias = additive_mask(encoder_mask, h.dtype)
        for i, layer in enumerate(dec.layers):
            sa, ca = layer.self_attn, layer.encoder_attn
            attn = self._self_attention(i, h, write_pos, self_kv, self_bias, sa.scaling)
            h = layer.self_attn_layer_norm(h + sa.out_proj(attn))
            attn = self._cross_attention(i, ca.q_proj(h), cross_kv, cross_bias, ca.scaling)
            h = layer.encoder_attn_layer_norm(h + ca.out_proj(attn))
            h = layer.final_layer_norm(h + layer.fc2(layer.activation_fn(layer.fc1(h))))
        logits = self.lm_head(h[:, 0]) + self.final_logits_bias
        return torch.log_softmax(logits.float(), dim=-1)


class StaticT5Step(_StaticStep):
    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.decoder = model.get_decoder()
        self.lm_head = model.lm_head
        self.heads = model.config.num_heads
        self.scale = model.config.d_model ** -0.5 if getattr(model.config, "scale_decoder_outputs", True) else 1.0
        self._fuse([[b.layer[0].SelfAttention.q, b.layer[0].SelfAttention.k, b.layer[0].SelfAttention.v]
                    for b in self.decoder.block])

    def forward(self, input_ids: torch.Tensor, positions: torch.Tensor, write_pos: torch.Tensor,
                self_kv: torch.Tensor, self_mask: torch.Tensor, cross_kv: torch.Tensor,
                encoder_mask: torch.Tensor) -> torch.Tensor:
        dec = self.decoder
        self_mask.index_fill_(1, write_pos, 1)
        h = dec.embed_tokens(input_ids)
        self_bias = self._position_bias(self_mask.shape[1], write_pos, h.dtype) + additive_mask(self_mask, h.dtype)
        cross_bias = additive_mask(encoder_mask, h.dtype)
        for i, block in enumerate(dec.block):
            self_layer, cross_layer = block.layer[0], block.layer[1]
            attn = self._self_attention(i, self_layer.layer_norm(h), write_pos, self_kv, self_bias, 1.0)
            h = h + self_layer.SelfAttention.o(attn)
            ca = cross_layer.EncDecAttention
            attn = self._cross_attention(i, ca.q(cross_layer.layer_norm(h)), cross_kv, cross_bias, 1.0)
            h = block.layer[2](h + ca.o(attn))
        h = dec.final_layer_norm(h) * self.scale
        return torch.log_softmax(self.lm_head(h[:, 0]).float(), dim=-1)

    def _position_bias(self, keys: int, write_pos: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        """Key column j sits j - write_pos tokens from the query, in every row."""
        attn = self.decoder.block[0].layer[0].SelfAttention
        relative = torch.arange(keys, device=write_pos.device) - write_pos
        buckets = attn._relative_position_bucket(relative, bidirectional=False,
                                                 num_buckets=attn.relative_attention_num_buckets,
                                                 max_distance=attn.relative_attention_max_distance)
        return attn.relative_attention_bias(buckets).to(dtype).transpose(0, 1)[None, :, None, :]


def static_step_for(model: nn.Module, architecture: str) -> _StaticStep:
    return StaticBartStep(model) if architecture == "bart" else StaticT5Step(model)
