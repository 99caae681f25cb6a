"""Torch modules that compute exactly what each exported graph computes.

They reuse the HuggingFace model's own submodules and weights, but spell out the single
decoder step with an explicit, right-aligned self-attention cache (see
:mod:`engines.sessions.base`), so that the ONNX graphs have plain tensor inputs and outputs and
no cache objects. ``TorchSession`` runs these same modules, which keeps the torch backend and
the ONNX graphs one implementation.
"""

from __future__ import annotations

import torch
from torch import nn


def additive_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """[B, K] 0/1 mask -> [B, 1, 1, K] additive mask, as HF's eager attention builds it."""
    inverted = 1.0 - mask[:, None, None, :].to(dtype)
    return inverted * torch.finfo(dtype).min


def split_heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    batch, length, _ = x.shape
    return x.view(batch, length, heads, -1).transpose(1, 2)


def attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, bias: torch.Tensor, scaling: float) -> torch.Tensor:
    weights = torch.matmul(q, k.transpose(2, 3)) * scaling + bias
    probs = torch.softmax(weights.float(), dim=-1).to(q.dtype)
    out = torch.matmul(probs, v)
    batch, heads, length, dim = out.shape
    return out.transpose(1, 2).reshape(batch, length, heads * dim)


class EncoderGraph(nn.Module):
    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.encoder = model.get_encoder()

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


class BartDecoderStep(nn.Module):
    uses_positions = True

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.decoder = model.get_decoder()
        self.lm_head = model.lm_head
        self.register_buffer("final_logits_bias", model.final_logits_bias.clone(), persistent=False)
        self.heads = model.config.decoder_attention_heads

    def forward(self, input_ids: torch.Tensor, positions: torch.Tensor, encoder_attention_mask: torch.Tensor,
                self_attention_mask: torch.Tensor, *caches: torch.Tensor) -> tuple[torch.Tensor, ...]:
        dec = self.decoder
        layers = len(dec.layers)
        past, cross = caches[: 2 * layers], caches[2 * layers:]
        h = dec.embed_tokens(input_ids)
        h = h + dec.embed_positions.weight[positions + dec.embed_positions.offset][:, None, :]
        h = dec.layernorm_embedding(h)
        self_bias = additive_mask(self_attention_mask, h.dtype)
        cross_bias = additive_mask(encoder_attention_mask, h.dtype)
        present: list[torch.Tensor] = []
        for i, layer in enumerate(dec.layers):
            h, key, value = self._layer(layer, h, past[2 * i], past[2 * i + 1], cross[2 * i], cross[2 * i + 1],
                                        self_bias, cross_bias)
            present += [key, value]
        logits = self.lm_head(h[:, 0]) + self.final_logits_bias
        return (logits, *present)

    def _layer(self, layer: nn.Module, h: torch.Tensor, past_k: torch.Tensor, past_v: torch.Tensor,
               cross_k: torch.Tensor, cross_v: torch.Tensor, self_bias: torch.Tensor,
               cross_bias: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        sa = layer.self_attn
        key = torch.cat([past_k, split_heads(sa.k_proj(h), self.heads)], dim=2)
        value = torch.cat([past_v, split_heads(sa.v_proj(h), self.heads)], dim=2)
        attn = attend(split_heads(sa.q_proj(h), self.heads), key, value, self_bias, sa.scaling)
        h = layer.self_attn_layer_norm(h + sa.out_proj(attn))
        ca = layer.encoder_attn
        attn = attend(split_heads(ca.q_proj(h), self.heads), cross_k, cross_v, cross_bias, ca.scaling)
        h = layer.encoder_attn_layer_norm(h + ca.out_proj(attn))
        ff = layer.fc2(layer.activation_fn(layer.fc1(h)))
        return layer.final_layer_norm(h + ff), key, value


class T5DecoderStep(nn.Module):
    uses_positions = False

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.decoder = model.get_decoder()
        self.lm_head = model.lm_head
        self.heads = model.config.num_heads
        self.scale = model.config.d_model ** -0.5 if getattr(model.config, "scale_decoder_outputs", True) else 1.0
        self.register_buffer("bias_by_distance", distance_bias(self.decoder.block[0].layer[0].SelfAttention),
                             persistent=False)

    def forward(self, input_ids: torch.Tensor, encoder_attention_mask: torch.Tensor,
                self_attention_mask: torch.Tensor, *caches: torch.Tensor) -> tuple[torch.Tensor, ...]:
        dec = self.decoder
        layers = len(dec.block)
        past, cross = caches[: 2 * layers], caches[2 * layers:]
        h = dec.embed_tokens(input_ids)
        self_bias = self._self_bias(input_ids.shape[1], self_attention_mask.shape[1], h.dtype) \
            + additive_mask(self_attention_mask, h.dtype)
        cross_bias = additive_mask(encoder_attention_mask, h.dtype)
        present: list[torch.Tensor] = []
        for i, block in enumerate(dec.block):
            h, key, value = self._block(block, h, past[2 * i], past[2 * i + 1], cross[2 * i], cross[2 * i + 1],
                                        self_bias, cross_bias)
            present += [key, value]
        h = dec.final_layer_norm(h) * self.scale
        return (self._logits(h), *present)

    def _self_bias(self, steps: int, keys: int, dtype: torch.dtype) -> torch.Tensor:
        """[1, H, S, K] position bias of the right-aligned cache: query ``i`` sits at key index
        ``keys - S + i`` and attends to nothing after itself. T5's buckets depend only on how far
        back a key is, so they are looked up in a table made at export (:func:`distance_bias`)
        instead of computed (logarithm and all) in every decoder call."""
        device = self.bias_by_distance.device
        query = torch.arange(steps, device=device)[:, None] + (keys - steps)
        back = query - torch.arange(keys, device=device)[None, :]                 # [S, K]
        row = torch.clamp(back, -1, self.bias_by_distance.shape[0] - 2) + 1        # 0: a future key
        return self.bias_by_distance[row].to(dtype).permute(2, 0, 1)[None]

    def _logits(self, h: torch.Tensor) -> torch.Tensor:
        return self.lm_head(h[:, 0])

    def _block(self, block: nn.Module, h: torch.Tensor, past_k: torch.Tensor, past_v: torch.Tensor,
               cross_k: torch.Tensor, cross_v: torch.Tensor, self_bias: torch.Tensor,
               cross_bias: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        self_layer, cross_layer, ff = block.layer[0], block.layer[1], block.layer[2]
        sa = self_layer.SelfAttention
        normed = self_layer.layer_norm(h)
        key = torch.cat([past_k, split_heads(sa.k(normed), self.heads)], dim=2)
        value = torch.cat([past_v, split_heads(sa.v(normed), self.heads)], dim=2)
        h = h + sa.o(attend(split_heads(sa.q(normed), self.heads), key, value, self_bias, 1.0))
        ca = cross_layer.EncDecAttention
        normed = cross_layer.layer_norm(h)
        h = h + ca.o(attend(split_heads(ca.q(normed), self.heads), cross_k, cross_v, cross_bias, 1.0))
        return ff(h), key, value


class T5DecoderSteps(T5DecoderStep):
    """Several new tokens at once (``input_ids`` [B, S], logits [B, S, V]): the verify step of
    speculative decoding. Query ``i`` sits at key index ``keys - S + i`` of the right-aligned
    cache and attends to nothing after itself."""

    def _logits(self, h: torch.Tensor) -> torch.Tensor:
        return self.lm_head(h)


def distance_bias(attn: nn.Module) -> torch.Tensor:
    """[max_distance + 2, H]: T5's unidirectional position bias by how far back a key is. Row
    ``n + 1`` is ``n`` tokens back (from ``max_distance`` on, all share the last bucket); row 0
    is a future key, masked with float32's minimum."""
    far = attn.relative_attention_max_distance
    with torch.no_grad():
        back = torch.arange(far + 1, device=attn.relative_attention_bias.weight.device)
        buckets = attn._relative_position_bucket(-back, bidirectional=False,
                                                 num_buckets=attn.relative_attention_num_buckets,
                                                 max_distance=far)
        table = attn.relative_attention_bias(buckets).float()
        future = torch.full_like(table[:1], torch.finfo(torch.float32).min)
        return torch.cat([future, table])


def cross_projections(model: nn.Module, architecture: str) -> list[tuple[nn.Module, nn.Module]]:
    dec = model.get_decoder()
    if architecture == "bart":
        return [(layer.encoder_attn.k_proj, layer.encoder_attn.v_proj) for layer in dec.layers]
    return [(b.layer[1].EncDecAttention.k, b.layer[1].EncDecAttention.v) for b in dec.block]
