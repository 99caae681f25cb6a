"""The ``int8-dynamic`` variant: dynamically quantized graphs for ONNX Runtime on CPU.

A decoder step at batch 1 is a chain of matrix-vector products, so it is bound by reading the
weights (about 20 MB fp32 for the default model, every step); int8 weights read a quarter of
that. The encoder runs once per request but over the whole prompt (a few hundred tokens of
schema): there it is compute that counts, and ONNX Runtime's u8 x s8 kernels do the encoder's
MatMuls 2.6-2.8x faster than fp32 on the 2-core VM (300-token prompts, batch 1 and 16). Dynamic
quantization needs no calibration: weights are int8 per output channel, and each MatMul
quantizes its activation row on the fly (ONNX Runtime fuses that into ``DynamicQuantizeMatMul``
/ ``MatMulIntegerToFloat``). That is why this variant exists beside the static Q/DQ ``int8`` one
(:mod:`engines.export.int8`), which is made for TensorRT and runs slower than fp32 on ONNX
Runtime's CPU kernels. The cross-K/V graph (one small projection per request) stays fp32.

Weights use 7 of their 8 bits (``reduce_range``): without VNNI, the x86 u8 x s8 kernels add
pairs of products in saturating int16, and on the default model that alone changed 5% of
greedy answers (2% with the reduced range, which costs nothing in speed).

Size: both graphs' token embeddings are stored as int8 rows with one fp32 scale per row
(:func:`quantize_embedding_rows`: a ``Gather`` of the rows and of their scales, a ``Mul``), which
keeps the shipped directory within its 64 MB budget. ONNX Runtime's own ``Gather``
quantization uses one scale for the whole table and changed more answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from engines.model_dir import INT8_DYNAMIC, GraphFile, ModelDir, graph_file, write_manifest

logger = logging.getLogger(__name__)

DECODER_OPS = ("MatMul", "Gemm")
ENCODER_OPS = ("MatMul", "Gemm")


@dataclass(frozen=True, slots=True)
class DynamicQuantOptions:
    reduce_range: bool = True      # 7-bit weights: no int16 saturation on AVX2 without VNNI
    per_channel: bool = True
    encoder: bool = True           # quantize the encoder too (else the variant names the fp32 one)


def quantize_graph(source: Path, dest: Path, ops: tuple[str, ...],
                   options: DynamicQuantOptions = DynamicQuantOptions()) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic
    quantize_dynamic(str(source.resolve()), str(dest.resolve()), weight_type=QuantType.QInt8,
                     per_channel=options.per_channel, reduce_range=options.reduce_range,
                     op_types_to_quantize=list(ops))


def quantize_decoder(source: Path, dest: Path, options: DynamicQuantOptions = DynamicQuantOptions()) -> None:
    quantize_graph(source, dest, DECODER_OPS, options)
    quantize_embedding_rows(dest)


def quantize_encoder(source: Path, dest: Path, options: DynamicQuantOptions = DynamicQuantOptions()) -> None:
    quantize_graph(source, dest, ENCODER_OPS, options)
    quantize_embedding_rows(dest)


def quantize_embedding_rows(path: Path) -> int:
    """Store each token embedding (an fp32 table a ``Gather`` reads the rows of by ``input_ids``)
    as int8 rows with a scale per row; small tables such as T5's position bias stay fp32.

    ``Gather(table, ids)`` becomes ``Gather(q, ids)`` cast to fp32 times ``Gather(scale, ids)``
    (symmetric, scale = the row's largest magnitude / 127). Returns how many tables were
    converted: 0 on a second run, when no fp32 table is left.
    """
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    tables = {i.name: i for i in graph.initializer      # (a row scale table is [rows, 1])
              if i.data_type == TensorProto.FLOAT and len(i.dims) == 2 and i.dims[1] > 1}
    converted = 0
    for node in list(graph.node):
        if (node.op_type != "Gather" or node.input[0] not in tables or node.input[1] != "input_ids"
                or _axis(node) != 0):
            continue
        init = tables.pop(node.input[0])
        values = numpy_helper.to_array(init)
        scale = np.maximum(np.abs(values).max(axis=1, keepdims=True), 1e-12) / 127.0
        rows = np.clip(np.rint(values / scale), -127, 127).astype(np.int8)
        graph.initializer.remove(init)
        graph.initializer.extend([numpy_helper.from_array(rows, f"{init.name}.rows_int8"),
                                  numpy_helper.from_array(scale.astype(np.float32), f"{init.name}.row_scale")])
        out, ids = node.output[0], node.input[1]
        replacement = [
            helper.make_node("Gather", [f"{init.name}.rows_int8", ids], [f"{out}.int8"], axis=0,
                             name=f"{node.name}.rows"),
            helper.make_node("Cast", [f"{out}.int8"], [f"{out}.fp32"], to=TensorProto.FLOAT,
                             name=f"{node.name}.cast"),
            helper.make_node("Gather", [f"{init.name}.row_scale", ids], [f"{out}.scale"], axis=0,
                             name=f"{node.name}.scales"),
            helper.make_node("Mul", [f"{out}.fp32", f"{out}.scale"], [out], name=f"{node.name}.scaled"),
        ]
        position = list(graph.node).index(node)
        graph.node.remove(node)
        for offset, new in enumerate(replacement):
            graph.node.insert(position + offset, new)
        converted += 1
    if converted:
        onnx.save(model, str(path))
    return converted


def _axis(node: object) -> int:
    for attribute in node.attribute:      # type: ignore[attr-defined]
        if attribute.name == "axis":
            return int(attribute.i)
    return 0


def takes_several_tokens(path: Path) -> bool:
    """Whether a decoder graph's ``input_ids`` has a free step dimension (the drafts' verifier)."""
    import onnx
    model = onnx.load(str(path), load_external_data=False)
    for value in model.graph.input:
        if value.name == "input_ids":
            dims = value.type.tensor_type.shape.dim
            return len(dims) == 2 and not dims[1].HasField("dim_value")
    return False


def add_int8_dynamic(root: str | Path, steps_graph: Path | None = None,
                     options: DynamicQuantOptions = DynamicQuantOptions()) -> ModelDir:
    """Write the variant's graphs into a model directory and list the variant.

    The decoder: ``steps_graph`` quantized when given (the several-tokens decoder export writes
    for T5: ``input_ids`` [B, S], logits [B, S, V], which also serves single steps and lets ONNX
    Runtime verify drafted tokens, :mod:`engines.ngram_drafter`). Without it, a variant decoder
    already there that takes several tokens is kept (only its embedding table is converted): re-quantizing the fp32 single-step decoder would lose the verifier.
    Otherwise the fp32 single-step decoder, so this works on any exported directory (no torch
    checkpoint needed). The encoder is quantized from the fp32 one unless ``options.encoder`` is
    off. Running it again replaces the variant.
    """
    model = ModelDir.load(root)
    out = model.path
    decoder = out / f"decoder.{INT8_DYNAMIC}.onnx"
    if steps_graph is not None:
        quantize_decoder(steps_graph, decoder, options)
    elif model.has_precision(INT8_DYNAMIC) and takes_several_tokens(model.graph_path("decoder", INT8_DYNAMIC)):
        quantize_embedding_rows(decoder)
        steps_graph = decoder
    else:
        quantize_decoder(model.graph_path("decoder", "fp32"), decoder, options)
    fp32 = model.manifest.graphs["fp32"]
    encoder = fp32["encoder"]
    if options.encoder:
        quantize_encoder(model.graph_path("encoder", "fp32"), out / f"encoder.{INT8_DYNAMIC}.onnx", options)
        encoder = graph_file(out, "encoder", INT8_DYNAMIC)
    variant: dict[str, GraphFile] = {"encoder": encoder, "cross_kv": fp32["cross_kv"],
                                     "decoder": graph_file(out, "decoder", INT8_DYNAMIC)}
    manifest = replace(model.manifest, graphs={**model.manifest.graphs, INT8_DYNAMIC: variant},
                       extra={**model.manifest.extra,
                              INT8_DYNAMIC: describe(options, steps_graph is not None)})
    write_manifest(out, manifest)
    logger.info("wrote the %s variant (encoder %s)", INT8_DYNAMIC,
                "quantized" if options.encoder else "fp32")
    return ModelDir.load(out)


def describe(options: DynamicQuantOptions, steps: bool = False) -> dict[str, str]:
    graphs = ("encoder and decoder (cross_kv: the fp32 file)" if options.encoder
              else "decoder only (encoder, cross_kv: fp32 files)")
    return {"graphs": graphs + ("; the decoder takes several tokens a call" if steps else ""),
            "weights": f"int8 symmetric, {'per channel' if options.per_channel else 'per tensor'}"
                       f"{', 7-bit range' if options.reduce_range else ''}",
            "activations": "uint8, per tensor, computed at run time",
            "quantized_ops": "MatMul/Gemm with constant weights; token embeddings as int8 rows, "
                             "one fp32 scale per row",
            "runtime": "onnxruntime CPU"}
