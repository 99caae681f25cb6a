"""Attention as a decoder layer sees it: a protocol for how keys and values are read and written.

A layer (:mod:`engines.arch.t5`, :mod:`engines.arch.bart`) hands its attention the layer's
index, the normed input ``[B, S, D]``, the layer's query/key/value projections and the score
scale, and gets back the heads merged ``[B, S, H*D]``, before the output projection. Where the
keys and values come from (a past cache grown by one column, a static cache written in place, a
whole target sequence) is the implementation's business.
"""

from __future__ import annotations

from typing import Protocol

import torch
from torch import nn

Projections = tuple[nn.Module, nn.Module, nn.Module]   # query, key, value


class Attention(Protocol):
    def self_attention(self, layer: int, x: torch.Tensor, projections: Projections, scale: float) -> torch.Tensor:
        ...

    def cross_attention(self, layer: int, x: torch.Tensor, projections: Projections, scale: float) -> torch.Tensor:
        ...


def additive_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """[B, K] 0/1 mask -> [B, 1, 1, K] additive mask, as HF's eager attention builds it."""
    inverted = 1.0 - mask[:, None, None, :].to(dtype)
    return inverted * torch.finfo(dtype).min


def split_heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    """[B, S, H*D] -> [B, H, S, D]."""
    batch, length, _ = x.shape
    return x.view(batch, length, heads, -1).transpose(1, 2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """[B, H, S, D] -> [B, S, H*D]."""
    batch, heads, length, dim = x.shape
    return x.transpose(1, 2).reshape(batch, length, heads * dim)


def attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, bias: torch.Tensor, scaling: float) -> torch.Tensor:
    """Eager attention (two matmuls around an fp32 softmax), heads merged: what the exported
    graphs compute."""
    weights = torch.matmul(q, k.transpose(2, 3)) * scaling + bias
    probs = torch.softmax(weights.float(), dim=-1).to(q.dtype)
    return merge_heads(torch.matmul(probs, v))


class GrowingCache:
    """Past keys/values in, present (past plus this call's columns) out: the exported decoder
    graphs' contract (:mod:`engines.sessions.base`). ``present`` fills as the layers run."""

    def __init__(self, past: tuple[torch.Tensor, ...], cross: tuple[torch.Tensor, ...], self_bias: torch.Tensor,
                 cross_bias: torch.Tensor, heads: int) -> None:
        self.past, self.cross = past, cross
        self.self_bias, self.cross_bias = self_bias, cross_bias
        self.heads = heads
        self.present: list[torch.Tensor] = []

    def self_attention(self, layer: int, x: torch.Tensor, projections: Projections, scale: float) -> torch.Tensor:
        q, k, v = projections
        key = torch.cat([self.past[2 * layer], split_heads(k(x), self.heads)], dim=2)
        value = torch.cat([self.past[2 * layer + 1], split_heads(v(x), self.heads)], dim=2)
        self.present += [key, value]
        return attend(split_heads(q(x), self.heads), key, value, self.self_bias, scale)

    def cross_attention(self, layer: int, x: torch.Tensor, projections: Projections, scale: float) -> torch.Tensor:
        q = projections[0]
        return attend(split_heads(q(x), self.heads), self.cross[2 * layer], self.cross[2 * layer + 1],
                      self.cross_bias, scale)
