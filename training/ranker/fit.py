"""Fitting one scorer of the ranker in torch on CPU: a listwise loss over each question's items.

Each question's items (its schema's tables, or its columns) get a softmax over their scores,
and the loss is the negative log-probability of its gold items, plus a small pointwise logistic
term that keeps scores comparable across schemas. Full batch, Adam, a fixed number of steps and a
fixed seed: the same rows give the same weights.
"""

from __future__ import annotations

import numpy as np
import torch

from ask.context.table_ranker import Scorer


def fit(x: np.ndarray, y: np.ndarray, group: np.ndarray, features: tuple[str, ...], *, hidden: int = 0,
        steps: int = 600, lr: float = 0.02, weight_decay: float = 1e-4, seed: int = 0) -> Scorer:
    torch.manual_seed(seed)
    torch.set_num_threads(1)         # a shared 2-core machine: more threads only contend
    mean = x.mean(0)
    scale = np.maximum(x.std(0), 1e-3)
    xt = torch.from_numpy(((x - mean) / scale).astype(np.float32))
    yt = torch.from_numpy(y.astype(np.float32))
    gt = torch.from_numpy(group.astype(np.int64))
    sizes = [x.shape[1]] + ([hidden] if hidden else []) + [1]
    linears = [torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])]
    model = torch.nn.Sequential(*[m for lin in linears for m in (lin, torch.nn.ReLU())][:-1])
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    for _ in range(steps):
        opt.zero_grad()
        loss = _loss(model(xt)[:, 0], yt, gt)
        loss.backward()
        opt.step()
    layers = tuple((lin.weight.detach().numpy().T.copy(), lin.bias.detach().numpy().copy()) for lin in linears)
    return Scorer(features, mean.astype(np.float32), scale.astype(np.float32), layers)


def _loss(z: torch.Tensor, y: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
    n = int(g.max()) + 1
    top = torch.full((n,), -1e9).scatter_reduce(0, g, z.detach(), "amax")
    lse = torch.log(torch.zeros(n).scatter_add(0, g, torch.exp(z - top[g]))) + top
    listwise = -(y * (z - lse[g])).sum() / y.sum().clamp(min=1.0)
    pointwise = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    return listwise + 0.5 * pointwise


def recall_at(scores: np.ndarray, y: np.ndarray, group: np.ndarray, ks: tuple[int, ...]) -> dict[int, float]:
    """Share of questions whose gold items are all among their ``k`` best-scored items."""
    hits = {k: 0 for k in ks}
    groups = np.unique(group)
    for g in groups:
        at = group == g
        s, gold = scores[at], y[at] > 0
        order = np.lexsort((np.arange(len(s)), -s))
        rank = np.empty(len(s), dtype=np.int64)
        rank[order] = np.arange(len(s))
        worst = rank[gold].max() if gold.any() else -1
        for k in ks:
            hits[k] += worst < k
    return {k: round(v / max(len(groups), 1), 4) for k, v in hits.items()}
