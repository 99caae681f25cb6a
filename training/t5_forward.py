"""A lean training forward pass for transformers' ``T5ForConditionalGeneration``.

The same function as the model's own ``forward`` (same parameters, same dropout sites; the
tests compare logits and gradients), written for the training loop's one job: teacher-forced
logits for a padded batch. For a model this small the host is the bottleneck, and the
library's forward spends it on things training does not need: mask preparation that asks the
GPU whether anything is padded (a host-device sync per call), cache bookkeeping, and an
attention dispatch whose SDPA path falls back to the math kernel once T5's position bias is in
the mask. Here the relative position bias is computed once per stack (one bucket table per
length pair, cached) and attention is two matmuls around a softmax. The decoder's blocks are
the architecture's one definition (:mod:`engines.arch.t5`, shared with export and the torch
runtime), run with this module's teacher-forced attention and dropout sites.

Supports what the default model uses: T5 v1.0 blocks with a ReLU feed-forward
(``feed_forward_proj = "relu"``). :func:`supports` says whether a model qualifies.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor

from engines.arch import t5
from engines.arch.attention import Projections
from engines.arch.t5 import relative_buckets

__all__ = ["T5TrainForward", "relative_buckets", "supports"]


def supports(model: Any) -> bool:
    cfg = model.config
    return (type(model).__name__ == "T5ForConditionalGeneration" and cfg.feed_forward_proj == "relu"
            and not getattr(cfg, "is_gated_act", False))


class _TeacherForced:
    """The decoder's attention in training: keys and values of the whole target (self) and of
    the encoder's output (cross), no cache (:class:`engines.arch.attention.Attention`)."""

    def __init__(self, forward: "T5TrainForward", self_bias: Tensor, memory: Tensor, memory_bias: Tensor) -> None:
        self.forward, self.self_bias = forward, self_bias
        self.memory, self.memory_bias = memory, memory_bias

    def self_attention(self, layer: int, x: Tensor, projections: Projections, scale: float) -> Tensor:
        return self.forward.attend(projections, x, x, self.self_bias)

    def cross_attention(self, layer: int, x: Tensor, projections: Projections, scale: float) -> Tensor:
        return self.forward.attend(projections, x, self.memory, self.memory_bias)


class T5TrainForward:
    """``logits(src, src_mask, dec_in)`` for a T5 model; ``src_mask`` is additive, ``[B, 1, 1, S]``."""

    def __init__(self, model: Any, sdpa: bool = False) -> None:
        if not supports(model):
            raise ValueError("T5TrainForward needs a T5ForConditionalGeneration with a ReLU feed-forward")
        self.model = model
        cfg = model.config
        self.p = cfg.dropout_rate
        self.heads = cfg.num_heads
        self.d_kv = cfg.d_kv
        self.num_buckets = cfg.relative_attention_num_buckets
        self.max_distance = cfg.relative_attention_max_distance
        self.scale_output = t5.output_scale(cfg)
        self.sdpa = sdpa
        self._buckets: dict[tuple[int, int, bool, str], Tensor] = {}

    def compile(self) -> None:
        """``torch.compile`` the attention and the feed-forward, dynamic shapes: fuses the bias,
        softmax, dropout and norms around the matmuls (+20-25% steps/s on an H100,
        bench/RESULTS.md). A handful of graphs, all built in the first step: the position-bias
        cache stays eager, since its dict keyed by lengths would recompile for every shape."""
        self.attend = torch.compile(self.attend, dynamic=True)  # type: ignore[method-assign]
        self.feed_forward = torch.compile(self.feed_forward, dynamic=True)  # type: ignore[method-assign]

    # -- pieces ------------------------------------------------------------------------------
    def dropout(self, x: Tensor) -> Tensor:
        return F.dropout(x, self.p, self.model.training) if self.p else x

    def position_bias(self, attention: Any, q_len: int, k_len: int, bidirectional: bool, device: torch.device) -> Tensor:
        key = (q_len, k_len, bidirectional, str(device))
        buckets = self._buckets.get(key)
        if buckets is None:
            buckets = relative_buckets(q_len, k_len, bidirectional, self.num_buckets, self.max_distance, device)
            self._buckets[key] = buckets
        return attention.relative_attention_bias(buckets).permute(2, 0, 1).unsqueeze(0)   # [1, H, q, k]

    def attend(self, projections: Projections, x: Tensor, kv: Tensor, bias: Tensor) -> Tensor:
        """Heads merged, before the output projection (the block applies it)."""
        q_proj, k_proj, v_proj = projections
        b, q_len, _ = x.shape
        q = q_proj(x).view(b, q_len, self.heads, self.d_kv).transpose(1, 2)
        k = k_proj(kv).view(b, kv.shape[1], self.heads, self.d_kv).transpose(1, 2)
        v = v_proj(kv).view(b, kv.shape[1], self.heads, self.d_kv).transpose(1, 2)
        if self.sdpa:   # a fused kernel that takes the bias as its mask (and its gradient)
            p = self.p if self.model.training else 0.0
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias.to(q.dtype), dropout_p=p, scale=1.0)
        else:
            scores = torch.matmul(q, k.transpose(2, 3)) + bias        # T5 does not scale q.k
            weights = self.dropout(F.softmax(scores, dim=-1))
            out = torch.matmul(weights, v)
        return out.transpose(1, 2).reshape(b, q_len, self.heads * self.d_kv)

    def feed_forward(self, ff_layer: Any, h: Tensor) -> Tensor:
        return t5.feed_forward(ff_layer, h, self.dropout)

    # -- stacks ------------------------------------------------------------------------------
    def encode(self, src: Tensor, src_mask: Tensor) -> Tensor:
        stack = self.model.encoder
        h = self.dropout(self.model.shared(src))
        first = stack.block[0].layer[0].SelfAttention
        bias = self.position_bias(first, src.shape[1], src.shape[1], True, src.device) + src_mask
        for block in stack.block:
            sa = block.layer[0]
            n = t5.rms_norm(sa.layer_norm, h)
            attention = sa.SelfAttention
            h = h + self.dropout(attention.o(self.attend((attention.q, attention.k, attention.v), n, n, bias)))
            h = self.feed_forward(block.layer[1], h)
        return self.dropout(t5.rms_norm(stack.final_layer_norm, h))

    def decode(self, dec_in: Tensor, memory: Tensor, src_mask: Tensor) -> Tensor:
        stack = self.model.decoder
        t = dec_in.shape[1]
        causal = torch.full((t, t), -1e9, device=dec_in.device).triu_(1)
        self_bias = self.position_bias(t5.self_attention_of(stack), t, t, False, dec_in.device) + causal
        attention = _TeacherForced(self, self_bias, memory, src_mask)
        return t5.decode(stack, dec_in, attention, self.dropout, self.feed_forward)

    def __call__(self, src: Tensor, src_mask: Tensor, dec_in: Tensor) -> Tensor:
        memory = self.encode(src, src_mask)
        out = self.decode(dec_in, memory, src_mask)
        return self.model.lm_head(out * self.scale_output)
