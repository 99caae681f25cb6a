"""The ``int8-dynamic`` variant: a dynamically quantized decoder for ONNX Runtime on CPU.

A decoder step at batch 1 is a chain of matrix-vector products, so it is bound by reading the
weights (about 20 MB fp32 for the default model, every step); int8 weights read a quarter of
that. Dynamic quantization needs no calibration: weights are int8 per output channel, and each
MatMul quantizes its activation row on the fly (ONNX Runtime fuses that into
``DynamicQuantizeMatMul`` / ``MatMulIntegerToFloat``). That is why this variant exists beside
the static Q/DQ ``int8`` one (:mod:`engines.export.int8`), which is made for TensorRT and runs
slower than fp32 on ONNX Runtime's CPU kernels.

Only the decoder is quantized: it runs once per generated token, the encoder and the cross-K/V
graph once per request, and quantizing them too made answers differ from fp32 more often and
was no faster end to end. The variant's encoder and cross-K/V entries name the fp32 files.

Weights use 7 of their 8 bits (``reduce_range``): without VNNI, the x86 u8 x s8 kernels add
pairs of products in saturating int16, and on the default model that alone changed 5% of
greedy answers (2% with the reduced range, which costs nothing in speed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from engines.model_dir import INT8_DYNAMIC, GraphFile, ModelDir, graph_file, write_manifest

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DynamicQuantOptions:
    reduce_range: bool = True      # 7-bit weights: no int16 saturation on AVX2 without VNNI
    per_channel: bool = True


def quantize_decoder(source: Path, dest: Path, options: DynamicQuantOptions = DynamicQuantOptions()) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic
    quantize_dynamic(str(source.resolve()), str(dest.resolve()), weight_type=QuantType.QInt8,
                     per_channel=options.per_channel, reduce_range=options.reduce_range,
                     op_types_to_quantize=["MatMul", "Gemm"])


def add_int8_dynamic(root: str | Path, steps_graph: Path | None = None,
                     options: DynamicQuantOptions = DynamicQuantOptions()) -> ModelDir:
    """Write ``decoder.int8-dynamic.onnx`` into a model directory and list the variant.

    Quantizes ``steps_graph`` when given: the several-tokens decoder export writes for T5
    (``input_ids`` [B, S], logits [B, S, V]), which also serves single steps and lets ONNX
    Runtime verify drafted tokens (:mod:`engines.ngram_drafter`). Otherwise the fp32 single-step
    decoder, so this works on any exported directory (no torch checkpoint needed); running it
    again replaces the variant.
    """
    model = ModelDir.load(root)
    out = model.path
    source = steps_graph if steps_graph is not None else model.graph_path("decoder", "fp32")
    quantize_decoder(source, out / f"decoder.{INT8_DYNAMIC}.onnx", options)
    fp32 = model.manifest.graphs["fp32"]
    variant: dict[str, GraphFile] = {"encoder": fp32["encoder"], "cross_kv": fp32["cross_kv"],
                                     "decoder": graph_file(out, "decoder", INT8_DYNAMIC)}
    manifest = replace(model.manifest, graphs={**model.manifest.graphs, INT8_DYNAMIC: variant},
                       extra={**model.manifest.extra, INT8_DYNAMIC: describe(options, steps_graph is not None)})
    write_manifest(out, manifest)
    logger.info("wrote decoder.%s.onnx", INT8_DYNAMIC)
    return ModelDir.load(out)


def describe(options: DynamicQuantOptions, steps: bool = False) -> dict[str, str]:
    return {"graphs": "decoder only (encoder, cross_kv: fp32 files)"
                      + ("; the decoder takes several tokens a call" if steps else ""),
            "weights": f"int8 symmetric, {'per channel' if options.per_channel else 'per tensor'}"
                       f"{', 7-bit range' if options.reduce_range else ''}",
            "activations": "uint8, per tensor, computed at run time",
            "quantized_ops": "MatMul/Gemm with constant weights",
            "runtime": "onnxruntime CPU"}
