"""Fold the shape arithmetic of traced graphs into constants.

The tracer spells every ``view(batch, step, heads, head_dim)`` as ``Shape -> Gather ->
Unsqueeze -> Concat -> Reshape``: four or five small nodes around each real one. On a CPU a
decoder call at batch 1 is mostly per-node overhead (a few microseconds each), so those chains
cost as much as the matrix products. This pass runs ONNX Runtime's symbolic shape inference,
and where it knows a ``Reshape``'s output shape it replaces the computed shape with a constant
one: a known size as itself, a dimension that keeps the input's size at the same position as
``0`` (ONNX: copy it), and at most one other dimension as ``-1``. The chains that fed it are
then dead and removed. The graph computes the same thing for every input (tests compare both
on several batch sizes and lengths), only with fewer nodes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import numpy_helper

logger = logging.getLogger(__name__)


def fold_reshapes(model: onnx.ModelProto) -> tuple[onnx.ModelProto, int]:
    """A copy of ``model`` with constant ``Reshape`` shapes where inference allows; also how many."""
    from onnxruntime.tools.symbolic_shape_infer import SymbolicShapeInference

    inferred = SymbolicShapeInference.infer_shapes(model, auto_merge=True)
    shapes = _symbolic_shapes(inferred.graph)
    out = onnx.ModelProto()
    out.CopyFrom(model)
    graph = out.graph
    folded = 0
    constants = {i.name for i in graph.initializer}
    for node in graph.node:
        if node.op_type != "Reshape" or _allowzero(node) or node.input[1] in constants:
            continue
        target = _constant_target(shapes.get(node.input[0]), shapes.get(node.output[0]))
        if target is None:
            continue
        name = f"{node.output[0]}__folded_shape"
        graph.initializer.append(numpy_helper.from_array(np.asarray(target, dtype=np.int64), name))
        node.input[1] = name
        folded += 1
    _drop_dead_nodes(graph)
    return out, folded


def fold_file(source: Path, dest: Path) -> int:
    """Fold ``source`` into ``dest`` (the same path is fine); the number of folded reshapes."""
    model, folded = fold_reshapes(onnx.load(str(source)))
    onnx.save(model, str(dest))
    logger.info("%s: %d reshape shapes folded, %d nodes left", dest.name, folded, len(model.graph.node))
    return folded


def fold_model_dir(root: str | Path) -> dict[str, int]:
    """Fold every graph of an exported model directory in place and refresh the manifest's
    hashes (for directories exported before export folded them); folded reshapes per file."""
    from dataclasses import replace

    from engines.model_dir import ModelDir, sha256_of, write_manifest

    model = ModelDir.load(root)
    files = sorted({g.file for graphs in model.manifest.graphs.values() for g in graphs.values()})
    counts = {f: fold_file(model.path / f, model.path / f) for f in files}
    graphs = {precision: {name: replace(g, sha256=sha256_of(model.path / g.file)) for name, g in entries.items()}
              for precision, entries in model.manifest.graphs.items()}
    write_manifest(model.path, replace(model.manifest, graphs=graphs))
    return counts


def _symbolic_shapes(graph: onnx.GraphProto) -> dict[str, list[Any] | None]:
    shapes: dict[str, list[Any] | None] = {}
    for value in [*graph.input, *graph.value_info, *graph.output]:
        tensor = value.type.tensor_type
        if not tensor.HasField("shape"):
            shapes[value.name] = None
            continue
        dims: list[Any] = []
        for d in tensor.shape.dim:
            if d.HasField("dim_value"):
                dims.append(int(d.dim_value))
            elif d.HasField("dim_param") and d.dim_param:
                dims.append(d.dim_param)
            else:
                dims.append(None)        # unknown: nothing can be said about it
        shapes[value.name] = dims
    for init in graph.initializer:
        shapes[init.name] = list(init.dims)
    return shapes


def _allowzero(node: onnx.NodeProto) -> bool:
    return any(a.name == "allowzero" and a.i for a in node.attribute)


def _constant_target(source: list[Any] | None, result: list[Any] | None) -> list[int] | None:
    """The constant Reshape shape giving ``result`` from ``source``, or None if it cannot be said."""
    if source is None or result is None or not result:
        return None
    target: list[int] = []
    inferred = 0
    for i, dim in enumerate(result):
        if isinstance(dim, int):
            if dim <= 0:
                return None
            target.append(dim)
        elif isinstance(dim, str) and i < len(source) and source[i] == dim:
            target.append(0)
        elif dim is not None:
            target.append(-1)
            inferred += 1
        else:
            return None
    return target if inferred <= 1 else None


def _drop_dead_nodes(graph: onnx.GraphProto) -> None:
    needed = {o.name for o in graph.output}
    keep: list[onnx.NodeProto] = []
    for node in reversed(graph.node):
        if any(o in needed for o in node.output):
            keep.append(node)
            needed.update(i for i in node.input if i)
    del graph.node[:]
    graph.node.extend(reversed(keep))
    live = [i for i in graph.initializer if i.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(live)
