"""``askproxy model ...`` subcommands; the proxy's CLI calls :func:`add_model_commands`."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def add_model_commands(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    model = subparsers.add_parser("model", help="export and inspect text-to-SQL models")
    commands = model.add_subparsers(dest="model_command", required=True)
    export = commands.add_parser("export", help="export a HuggingFace BART/T5 directory to ONNX graphs")
    export.add_argument("hf_dir", type=Path, help="a save_pretrained directory with tokenizer.json beside")
    export.add_argument("out_dir", type=Path)
    export.add_argument("--fp16", action="store_true", help="also write fp16 graphs (for GPUs)")
    export.add_argument("--int8", action="store_true", help="also write int8 Q/DQ graphs")
    export.add_argument("--calibration", type=Path, help="text file of real prompts, one per line (for --int8)")
    export.add_argument("--no-int8-dynamic", action="store_true",
                        help="skip the dynamic int8 decoder (the ONNX Runtime CPU default)")
    export.add_argument("--no-validate", action="store_true", help="skip validation against transformers")
    export.set_defaults(func=run_export)
    dynamic = commands.add_parser("quantize-dynamic",
                                  help="add the int8-dynamic variant (CPU) to an exported model directory")
    dynamic.add_argument("model_dir", type=Path)
    dynamic.set_defaults(func=run_quantize_dynamic)
    fold = commands.add_parser("fold-shapes",
                               help="fold the shape arithmetic of an exported directory's graphs into constants")
    fold.add_argument("model_dir", type=Path)
    fold.set_defaults(func=run_fold_shapes)
    recover = commands.add_parser("recover",
                                  help="rebuild the transformers checkpoint of an exported model directory")
    recover.add_argument("model_dir", type=Path)
    recover.add_argument("out_dir", type=Path)
    recover.set_defaults(func=run_recover)
    info = commands.add_parser("info", help="validate a model directory and print its manifest")
    info.add_argument("model_dir", type=Path)
    info.set_defaults(func=run_info)


def run_export(args: argparse.Namespace) -> int:
    from engines.export.convert import ExportOptions, export_model   # needs torch: import on use
    if args.int8 and args.calibration is None:
        raise SystemExit("--int8 needs --calibration FILE")
    options = ExportOptions(fp16=args.fp16, int8=args.int8, calibration=args.calibration,
                            int8_dynamic=not args.no_int8_dynamic, validate=not args.no_validate)
    model = export_model(args.hf_dir, args.out_dir, options)
    print(f"exported {model.manifest.architecture} to {model.path} ({', '.join(model.manifest.precisions)})")
    return 0


def run_quantize_dynamic(args: argparse.Namespace) -> int:
    from engines.export.int8_dynamic import add_int8_dynamic   # onnxruntime only, no torch
    model = add_int8_dynamic(args.model_dir)
    print(f"added int8-dynamic to {model.path} ({', '.join(model.manifest.precisions)})")
    return 0


def run_fold_shapes(args: argparse.Namespace) -> int:
    from engines.export.fold_shapes import fold_model_dir   # onnx and onnxruntime, no torch
    for name, count in fold_model_dir(args.model_dir).items():
        print(f"{name}: {count} reshapes folded")
    return 0


def run_recover(args: argparse.Namespace) -> int:
    from engines.export.recover import recover_hf   # needs torch and transformers: import on use
    out = recover_hf(args.model_dir, args.out_dir)
    print(f"recovered {args.model_dir} into {out}; re-export with: askproxy model export {out} DIR")
    return 0


def run_info(args: argparse.Namespace) -> int:
    from engines.model_dir import ModelDir
    print(ModelDir.load(args.model_dir).manifest.to_json())
    return 0
