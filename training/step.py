"""One optimisation step of the text-to-SQL model (see :class:`TrainStep`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F

from training.batching import Encoded, pad
from training.t5_forward import T5TrainForward, supports


class TrainStep:
    """One optimisation step: pad a batch, forward under bf16 autocast, loss, backward, AdamW.

    Written so that the host never waits for the GPU, because for a model this small the host
    is the bottleneck (bench/train_throughput.py): batches are copied from pinned memory (a copy
    from pageable memory waits for the stream), and T5 runs through :class:`T5TrainForward`,
    whose mask needs no look at the data. Other models (BART) run their own ``forward``.
    ``[train] compile = true`` compiles T5TrainForward's attention and feed-forward
    (:meth:`T5TrainForward.compile`); the weights and the saved state are the same either way.
    """

    def __init__(self, model: Any, tc: dict[str, Any], device: torch.device, lean: bool = True,
                 sdpa: bool = False) -> None:
        self.lean = lean and supports(model)
        # T5TrainForward takes (src, additive mask, dec_in) and returns logits; another model's
        # own forward takes keywords and returns an output with ``.logits`` (see :meth:`logits`).
        self.forward: Callable[..., Any]
        if self.lean:
            t5 = T5TrainForward(model, sdpa=sdpa)
            if tc.get("compile"):
                t5.compile()
            self.forward = t5.__call__
        else:
            self.forward = model
        self.device = device
        self.tc = tc
        self.pad_id = model.config.pad_token_id
        self.start_id = model.config.decoder_start_token_id
        self.params = [p for p in model.parameters() if p.requires_grad]
        decay = [p for p in self.params if p.dim() >= 2]
        no_decay = [p for p in self.params if p.dim() < 2]
        self.opt = torch.optim.AdamW([{"params": decay, "weight_decay": tc["weight_decay"]},
                                      {"params": no_decay, "weight_decay": 0.0}], lr=tc["peak_lr"],
                                     betas=(0.9, 0.98), fused=device.type == "cuda")
        self.autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")

    def to_device(self, seqs: list[list[int]], value: int) -> torch.Tensor:
        host = pad(seqs, value)
        if self.device.type == "cuda":
            host = host.pin_memory()
        return host.to(self.device, non_blocking=True)

    def logits(self, src: torch.Tensor, dec_in: torch.Tensor) -> torch.Tensor:
        # No decoder padding mask: padding only trails, and the causal mask already hides it.
        if self.lean:
            mask = (src == self.pad_id).to(torch.float32).mul_(-1e9)[:, None, None, :]
            return self.forward(src, mask, dec_in)
        return self.forward(input_ids=src, attention_mask=(src != self.pad_id), decoder_input_ids=dec_in).logits

    def __call__(self, data: Encoded, batch: list[int], lr: float) -> torch.Tensor:
        for g in self.opt.param_groups:
            g["lr"] = lr
        src = self.to_device([data.src[i] for i in batch], self.pad_id)
        tgt = self.to_device([data.tgt[i] for i in batch], -100)
        dec_in = torch.cat([torch.full_like(tgt[:, :1], self.start_id), tgt[:, :-1]], dim=1)
        dec_in = dec_in.masked_fill(dec_in == -100, self.pad_id)
        with self.autocast:
            logits = self.logits(src, dec_in)
        # ignore_index rather than boolean indexing: no host sync.
        loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), tgt.view(-1), ignore_index=-100,
                               label_smoothing=self.tc["label_smoothing"])
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, self.tc["grad_clip"])
        self.opt.step()
        return loss.detach()
