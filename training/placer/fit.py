"""Fit the placer's head: a one-hidden-layer MLP, weighted binary cross-entropy, torch on the CPU."""

from __future__ import annotations

import numpy as np
import torch

from ask.translate.sketch.learnt_place import Head


def fit(x: np.ndarray, y: np.ndarray, hidden: int = 32, epochs: int = 12, seed: int = 0,
        threshold: float = 0.5, products: bool = True, batch: int = 512, lr: float = 2e-3,
        weight_decay: float = 1e-4, dropout: float = 0.1) -> Head:
    """The head on rows ``x`` (scalar features, then the vector products where ``products``)
    and labels ``y``; features standardised by the training rows' mean and spread."""
    torch.manual_seed(seed)
    mean = x.mean(axis=0).astype(np.float32)
    scale = (x.std(axis=0) + 1e-6).astype(np.float32)
    xt = torch.from_numpy(((x - mean) / scale).astype(np.float32))
    yt = torch.from_numpy(y.astype(np.float32))
    first, last = torch.nn.Linear(x.shape[1], hidden), torch.nn.Linear(hidden, 1)
    model = torch.nn.Sequential(first, torch.nn.ReLU(), torch.nn.Dropout(dropout), last)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    pos = float(yt.sum())
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(max(1.0, (len(yt) - pos) / max(pos, 1.0)) ** 0.5))
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        model.train()
        for idx in torch.randperm(len(xt), generator=gen).split(batch):
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]).squeeze(1), yt[idx])
            loss.backward()
            opt.step()
    model.eval()
    return Head(mean, scale, first.weight.detach().numpy().T.copy(), first.bias.detach().numpy().copy(),
                last.weight.detach().numpy()[0].copy(), float(last.bias.detach().numpy()[0]), threshold, products)
