"""``askproxy model export``: HF directory -> model directory (graphs, manifest, tokenizer).

Export traces the modules of :mod:`engines.export.modules` with dynamic batch and lengths,
writes the manifest, then validates the graphs against transformers in a subprocess (a fresh
interpreter, so that nothing cached in this process can make a broken graph look right).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import torch

from engines.export import modules
from engines.export.fold_shapes import fold_file
from engines.export.specs import ArchitectureSpec, spec_for
from engines.model_dir import (CONFIG, GRAPH_NAMES, TOKENIZER, Manifest, ModelDir, graph_file,
                               write_manifest)
from engines.sessions import io_names

logger = logging.getLogger(__name__)
OPSET = 17


@dataclass(frozen=True, slots=True)
class ExportOptions:
    fp16: bool = False
    int8: bool = False
    calibration: Path | None = None
    int8_dynamic: bool = True      # the ONNX Runtime CPU variant (decoder dynamically quantized)
    validate: bool = True
    fold_shapes: bool = True       # constant Reshape shapes (engines.export.fold_shapes)
    max_target_length: int = 256
    torch_weights: bool = True     # keep the HF weights under torch/ for the torch backend


def load_hf_model(hf_dir: str | Path) -> Any:
    from transformers import AutoModelForSeq2SeqLM
    model = AutoModelForSeq2SeqLM.from_pretrained(str(hf_dir), attn_implementation="eager")
    return model.eval().float()


def _export(module: torch.nn.Module, args: tuple[torch.Tensor, ...], path: Path, inputs: list[str],
            outputs: list[str], axes: dict[str, dict[int, str]]) -> None:
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")   # the legacy tracer's deprecation and tracer warnings
        torch.onnx.export(module, args, str(path), input_names=inputs, output_names=outputs,
                          dynamic_axes=axes, opset_version=OPSET, dynamo=False, do_constant_folding=True)


def export_encoder(model: Any, out: Path) -> None:
    ids = torch.tensor([[5, 6, 7, 8, 9], [5, 6, 7, 1, 1]], dtype=torch.long)
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=torch.long)
    axes = {"input_ids": {0: "batch", 1: "source"}, "attention_mask": {0: "batch", 1: "source"},
            io_names.ENCODER_OUTPUT: {0: "batch", 1: "source"}}
    _export(modules.EncoderGraph(model), (ids, mask), out / "encoder.onnx", list(io_names.ENCODER_INPUTS),
            [io_names.ENCODER_OUTPUT], axes)


def export_cross_kv(model: Any, spec: ArchitectureSpec, out: Path) -> None:
    shape = spec.shape(model.config)
    graph = modules.CrossKVGraph(modules.cross_projections(model, spec.name), shape.num_heads)
    names = io_names.cross_names(shape.num_layers)
    axes = {io_names.ENCODER_OUTPUT: {0: "batch", 1: "source"}, **{n: {0: "batch", 2: "source"} for n in names}}
    _export(graph, (torch.randn(2, 5, shape.d_model),), out / "cross_kv.onnx", [io_names.ENCODER_OUTPUT],
            names, axes)


def export_decoder(model: Any, spec: ArchitectureSpec, out: Path) -> None:
    shape = spec.shape(model.config)
    step = spec.decoder_step(model)
    batch, source, past = 2, 5, 3
    kv = (batch, shape.num_heads, past, shape.head_dim)
    cross = (batch, shape.num_heads, source, shape.head_dim)
    args: list[torch.Tensor] = [torch.tensor([[5], [6]], dtype=torch.long)]
    if step.uses_positions:
        args.append(torch.tensor([2, 1], dtype=torch.long))
    args += [torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]), torch.tensor([[1, 1, 1, 1], [0, 1, 1, 1]])]
    args += [torch.randn(kv) for _ in range(2 * shape.num_layers)]
    args += [torch.randn(cross) for _ in range(2 * shape.num_layers)]
    inputs = io_names.decoder_inputs(shape.num_layers, step.uses_positions)
    outputs = io_names.decoder_outputs(shape.num_layers)
    axes: dict[str, dict[int, str]] = {
        "input_ids": {0: "batch"}, "positions": {0: "batch"},
        "encoder_attention_mask": {0: "batch", 1: "source"}, "self_attention_mask": {0: "batch", 1: "total"},
        io_names.LOGITS: {0: "batch"},
        **{n: {0: "batch", 2: "past"} for n in io_names.past_names(shape.num_layers)},
        **{n: {0: "batch", 2: "source"} for n in io_names.cross_names(shape.num_layers)},
        **{n: {0: "batch", 2: "total"} for n in io_names.present_names(shape.num_layers)},
    }
    if not step.uses_positions:
        del axes["positions"]
    _export(step, tuple(args), out / "decoder.onnx", inputs, outputs, axes)


def export_decoder_steps(model: Any, spec: ArchitectureSpec, path: Path) -> bool:
    """The several-tokens decoder (:class:`modules.T5DecoderSteps`) for speculative decoding;
    False for architectures that have none (BART)."""
    if spec.name != "t5":
        return False
    shape = spec.shape(model.config)
    batch, source, past, steps = 2, 5, 3, 4
    kv = (batch, shape.num_heads, past, shape.head_dim)
    cross = (batch, shape.num_heads, source, shape.head_dim)
    args: list[torch.Tensor] = [torch.tensor([[5, 6, 7, 8], [6, 7, 8, 9]], dtype=torch.long),
                                torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]),
                                torch.tensor([[1, 1, 1] + [1] * steps, [0, 1, 1] + [1] * steps])]
    args += [torch.randn(kv) for _ in range(2 * shape.num_layers)]
    args += [torch.randn(cross) for _ in range(2 * shape.num_layers)]
    axes: dict[str, dict[int, str]] = {
        "input_ids": {0: "batch", 1: "step"},
        "encoder_attention_mask": {0: "batch", 1: "source"}, "self_attention_mask": {0: "batch", 1: "total"},
        io_names.LOGITS: {0: "batch", 1: "step"},
        **{n: {0: "batch", 2: "past"} for n in io_names.past_names(shape.num_layers)},
        **{n: {0: "batch", 2: "source"} for n in io_names.cross_names(shape.num_layers)},
        **{n: {0: "batch", 2: "total"} for n in io_names.present_names(shape.num_layers)},
    }
    _export(modules.T5DecoderSteps(model), tuple(args), path, io_names.decoder_inputs(shape.num_layers, False),
            io_names.decoder_outputs(shape.num_layers), axes)
    return True


def build_manifest(model: Any, spec: ArchitectureSpec, out: Path, hf_dir: Path, options: ExportOptions) -> Manifest:
    config = model.config
    graphs = {"fp32": {name: graph_file(out, name, "fp32") for name in GRAPH_NAMES}}
    return Manifest(
        architecture=spec.name,
        special_tokens=spec.special_tokens(config),
        vocab_size=int(model.get_output_embeddings().weight.shape[0]),
        max_source_length=spec.max_source_length(config),
        max_target_length=options.max_target_length,
        decoder=spec.shape(config),
        graphs=graphs,
        source_model=hf_dir.name,
    )


def add_variant(out: Path, manifest: Manifest, precision: str) -> Manifest:
    graphs = dict(manifest.graphs)
    graphs[precision] = {name: graph_file(out, name, precision) for name in GRAPH_NAMES}
    updated = replace(manifest, graphs=graphs)
    write_manifest(out, updated)
    return updated


def export_model(hf_dir: str | Path, out_dir: str | Path, options: ExportOptions = ExportOptions()) -> ModelDir:
    hf_dir, out = Path(hf_dir), Path(out_dir)
    tokenizer = hf_dir / TOKENIZER
    if not tokenizer.is_file():
        raise FileNotFoundError(f"{hf_dir} has no {TOKENIZER}; save the tokenizer beside the model")
    out.mkdir(parents=True, exist_ok=True)
    model = load_hf_model(hf_dir)
    spec = spec_for(model.config)
    logger.info("exporting %s (%s) to %s", hf_dir, spec.name, out)
    export_encoder(model, out)
    export_cross_kv(model, spec, out)
    export_decoder(model, spec, out)
    if options.fold_shapes:
        for name in GRAPH_NAMES:
            fold_file(out / f"{name}.onnx", out / f"{name}.onnx")
    shutil.copyfile(tokenizer, out / TOKENIZER)
    shutil.copyfile(hf_dir / CONFIG, out / CONFIG)
    if options.torch_weights:
        _copy_torch_weights(hf_dir, out / "torch")
    manifest = build_manifest(model, spec, out, hf_dir, options)
    write_manifest(out, manifest)
    if options.validate:
        validate_in_subprocess(hf_dir, out, "fp32")
    if options.fp16:
        from engines.export.fp16 import convert_to_fp16
        convert_to_fp16(out, spec)
        manifest = add_variant(out, manifest, "fp16")
        if options.validate:
            validate_in_subprocess(hf_dir, out, "fp16")
    if options.int8:
        manifest = export_int8(out, manifest, options)
    if options.int8_dynamic:
        from engines.export.int8_dynamic import add_int8_dynamic
        steps = out / "decoder.steps.onnx"      # quantized into the variant, then removed
        try:
            has_steps = export_decoder_steps(model, spec, steps)
            if has_steps and options.fold_shapes:
                fold_file(steps, steps)
            return add_int8_dynamic(out, steps if has_steps else None)
        finally:
            steps.unlink(missing_ok=True)
    return ModelDir.load(out)


def export_int8(out: Path, manifest: Manifest, options: ExportOptions) -> Manifest:
    from engines.export.int8 import quantize_model_dir
    if options.calibration is None:
        raise ValueError("int8 export needs a calibration file of real prompts")
    prompts = quantize_model_dir(out, options.calibration)
    manifest = replace(manifest, extra={**manifest.extra, "int8": {
        "format": "QDQ", "activations": "int8 symmetric, per tensor", "weights": "int8 symmetric, per channel",
        "quantized_ops": "MatMul/Gemm with constant weights", "calibration": options.calibration.name,
        "calibration_prompts": prompts}})
    return add_variant(out, manifest, "int8")


def _copy_torch_weights(hf_dir: Path, dest: Path) -> None:
    dest.mkdir(exist_ok=True)
    for path in hf_dir.iterdir():
        if path.suffix in (".json", ".safetensors", ".bin") and path.name != TOKENIZER:
            shutil.copyfile(path, dest / path.name)


def validate_in_subprocess(hf_dir: Path, out: Path, precision: str) -> None:
    cmd = [sys.executable, "-m", "engines.export.validate", str(hf_dir), str(out), "--precision", precision]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"validation of the {precision} graphs failed:\n{proc.stdout}\n{proc.stderr}")
    logger.info("validated %s graphs: %s", precision, proc.stdout.strip())
