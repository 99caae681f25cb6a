"""FP16 graphs for GPU: BART converts directly; T5 keeps norms, residual adds and softmax fp32.

T5's activations exceed fp16's range in the residual stream and RMS norm (the reason HF clamps
them during fp16 training), so the ops named by the spec's ``fp16_keep_fp32_ops`` stay fp32 and
casts are inserted around them. Inputs and outputs keep their types except the K/V tensors,
which become fp16 so that caches take half the memory.
"""

from __future__ import annotations

import logging
from pathlib import Path

import onnx

from engines.export.specs import ArchitectureSpec
from engines.model_dir import GRAPH_NAMES

logger = logging.getLogger(__name__)


def convert_to_fp16(out: Path, spec: ArchitectureSpec) -> None:
    from onnxruntime.transformers.float16 import convert_float_to_float16
    for name in GRAPH_NAMES:
        model = onnx.load(str(out / f"{name}.onnx"))
        converted = convert_float_to_float16(model, keep_io_types=False, disable_shape_infer=False,
                                             op_block_list=list(spec.fp16_keep_fp32_ops) or None)
        onnx.save(converted, str(out / f"{name}.fp16.onnx"))
        logger.info("wrote %s.fp16.onnx", name)
