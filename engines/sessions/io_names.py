"""Tensor names shared by export and every runtime: the graphs' interface in one place."""

from __future__ import annotations

ENCODER_INPUTS = ("input_ids", "attention_mask")
ENCODER_OUTPUT = "encoder_hidden_states"
LOGITS = "logits"


def cross_names(num_layers: int) -> list[str]:
    return [f"cross.{i}.{kv}" for i in range(num_layers) for kv in ("key", "value")]


def past_names(num_layers: int) -> list[str]:
    return [f"past.{i}.{kv}" for i in range(num_layers) for kv in ("key", "value")]


def present_names(num_layers: int) -> list[str]:
    return [f"present.{i}.{kv}" for i in range(num_layers) for kv in ("key", "value")]


def decoder_inputs(num_layers: int, uses_positions: bool) -> list[str]:
    head = ["input_ids"] + (["positions"] if uses_positions else [])
    return head + ["encoder_attention_mask", "self_attention_mask",
                   *past_names(num_layers), *cross_names(num_layers)]


def decoder_outputs(num_layers: int) -> list[str]:
    return [LOGITS, *present_names(num_layers)]
