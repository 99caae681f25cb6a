"""``askproxy model recover``: a transformers checkpoint back from an exported model directory.

The shipped model directory keeps only ONNX graphs (its ``torch/`` copy does not fit the 64 MB
budget), yet re-exporting it with a newer exporter, fine-tuning it on one's own schema, or
serving it through the torch backend all need the transformers weights. The fp32 graphs hold
every weight: named ones under their parameter names, the rest (linear layers, stored
transposed) as anonymous constants feeding named nodes. A randomly initialised model of the
same ``config.json`` is exported the same way, so each of its anonymous constants can be
traced to its parameter by value; the shipped graph's constant feeding the same node then goes
back into that parameter. Nothing is approximated: re-exporting the recovered checkpoint gives
the same weights, bit for bit (tests check it).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from engines.model_dir import TOKENIZER, ModelDir

logger = logging.getLogger(__name__)

# graph file, the consuming node's place (op type, the weight's shape, how many such nodes came
# before it), input index: node names change with the exporter and the module tree, places do not
_Place = tuple[str, tuple[int, ...], int]       # op type, weight shape, ordinal
_Feed = tuple[str, _Place, int]


def recover_hf(model_dir: str | Path, out_dir: str | Path) -> Path:
    """Write ``save_pretrained`` files and the tokenizer of ``model_dir``'s model to ``out_dir``."""
    from transformers import AutoConfig, AutoModelForSeq2SeqLM

    from engines.export.convert import export_cross_kv, export_decoder, export_encoder
    from engines.export.specs import spec_for

    model = ModelDir.load(model_dir)
    config = AutoConfig.from_pretrained(str(model.path))
    torch.manual_seed(0)
    fresh = AutoModelForSeq2SeqLM.from_config(config, attn_implementation="eager").float().eval()
    with torch.no_grad():              # every weight distinct (fresh layer norms are all ones)
        for _, tensor in _weights(fresh):
            tensor.normal_()
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp)
        export_encoder(fresh, probe)
        export_cross_kv(fresh, spec_for(fresh.config), probe)
        export_decoder(fresh, spec_for(fresh.config), probe)
        feeds = _trace_parameters(fresh, probe)
    shipped = {g.file: _graph(model.path / g.file) for g in model.manifest.graphs["fp32"].values()}
    _load_weights(fresh, shipped, feeds)
    out = Path(out_dir)
    fresh.to(_trained_dtype(config))
    fresh.save_pretrained(str(out))
    shutil.copyfile(model.path / TOKENIZER, out / TOKENIZER)
    logger.info("recovered %s into %s", model.path, out)
    return out


def _trained_dtype(config: Any) -> torch.dtype:
    """The dtype the checkpoint was saved in (``config.dtype``: a torch dtype or its name)."""
    name = str(getattr(config, "dtype", None) or "float32").removeprefix("torch.")
    dtype = getattr(torch, name, None)
    return dtype if isinstance(dtype, torch.dtype) else torch.float32


class _Graph:
    def __init__(self, proto: onnx.ModelProto) -> None:
        self.constants = {i.name: i for i in proto.graph.initializer}
        for node in proto.graph.node:       # small tables the exporter writes as Constant nodes
            if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
                self.constants[node.output[0]] = node.attribute[0].t
        self.places = _weight_readers(proto, self.constants)
        # The exporter stores equal weights once and names the copies through Identity nodes.
        self.aliases = {n.output[0]: n.input[0] for n in proto.graph.node if n.op_type == "Identity"}

    def reads_weight(self, name: str) -> bool:
        while name not in self.constants and name in self.aliases:
            name = self.aliases[name]
        tensor = self.constants.get(name)
        return tensor is not None and tensor.data_type in _FLOATS and _size(tensor) > 1

    def array(self, name: str) -> np.ndarray:
        while name not in self.constants and name in self.aliases:
            name = self.aliases[name]
        return numpy_helper.to_array(self.constants[name])


_FLOATS = {onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16, onnx.TensorProto.BFLOAT16,
           onnx.TensorProto.DOUBLE}


def _size(tensor: Any) -> int:
    return int(np.prod(tensor.dims)) if len(tensor.dims) else 1


def _weight_readers(proto: onnx.ModelProto, constants: dict[str, Any]) -> dict[_Place, Any]:
    """Nodes that read a float weight (not a scalar), by op type, the weight's shape and the
    ordinal among such nodes.

    Shape folding at export drops integer arithmetic only, and a new module tree renames nodes
    (``/layer.2/DenseReluDense/wi/MatMul`` became ``/wi/MatMul``): the order in which the graph
    reads its weights is what stays."""
    aliases = {n.output[0]: n.input[0] for n in proto.graph.node if n.op_type == "Identity"}

    def weight(name: str) -> Any:
        while name not in constants and name in aliases:
            name = aliases[name]
        tensor = constants.get(name)
        ok = tensor is not None and tensor.data_type in _FLOATS and _size(tensor) > 1
        return tensor if ok else None

    counts: dict[tuple[str, tuple[int, ...]], int] = {}
    places: dict[_Place, Any] = {}
    for node in proto.graph.node:
        if node.op_type in ("Constant", "Identity"):
            continue
        first = next((w for w in map(weight, node.input) if w is not None), None)
        if first is None:
            continue
        kind = (node.op_type, tuple(first.dims))
        k = counts.get(kind, 0)
        counts[kind] = k + 1
        places[(*kind, k)] = node
    return places


def _graph(path: Path) -> _Graph:
    return _Graph(onnx.load(str(path)))


def _trace_parameters(model: Any, probe: Path) -> dict[str, tuple[_Feed, bool]]:
    """For each weight: where the probe export feeds it into a node, and whether it is stored
    transposed (linear layers). Weights are told apart by value: the probe's are all random."""
    values: dict[bytes, tuple[str, bool]] = {}
    for name, tensor in _weights(model):
        array = tensor.detach().numpy()
        values.setdefault(array.tobytes(), (name, False))
        if array.ndim == 2:
            values.setdefault(np.ascontiguousarray(array.T).tobytes(), (name, True))
    for name, table in _distance_tables(model).items():
        values.setdefault(table.tobytes(), (name + _BY_DISTANCE, False))
    feeds: dict[str, tuple[_Feed, bool]] = {}
    for path in sorted(probe.glob("*.onnx")):
        graph = _graph(path)
        for place, node in graph.places.items():
            for index, name in enumerate(node.input):
                if graph.reads_weight(name):
                    hit = values.get(np.ascontiguousarray(graph.array(name)).tobytes())
                    if hit is not None:
                        feeds.setdefault(hit[0], ((path.name, place, index), hit[1]))
    return feeds


_BY_DISTANCE = "#by_distance"


def _weights(model: Any) -> list[tuple[str, torch.Tensor]]:
    """Parameters (tied ones once) and floating-point buffers such as BART's final_logits_bias."""
    seen: set[int] = set()
    out: list[tuple[str, torch.Tensor]] = []
    for name, tensor in [*model.named_parameters(), *model.named_buffers()]:
        if id(tensor) not in seen and tensor.is_floating_point():
            seen.add(id(tensor))
            out.append((name, tensor))
    return out


def _distance_tables(model: Any) -> dict[str, np.ndarray]:
    """T5's decoder position bias, which the export stores as a table by distance
    (:func:`engines.arch.t5.distance_bias`), by the name of the weight it comes from."""
    from engines.arch.t5 import distance_bias
    if getattr(model.config, "model_type", "") != "t5":
        return {}
    attn = model.get_decoder().block[0].layer[0].SelfAttention
    name = next(n for n, p in model.named_parameters() if p is attn.relative_attention_bias.weight)
    return {name: distance_bias(attn).numpy()}


def _from_distance_table(model: Any, name: str, table: np.ndarray) -> np.ndarray:
    """The bucket weights back from a distance table (row ``n + 1``: bucket of distance ``n``)."""
    attn = model.get_decoder().block[0].layer[0].SelfAttention
    weight = attn.relative_attention_bias.weight.detach().numpy().copy()
    back = torch.arange(table.shape[0] - 1)
    buckets = attn._relative_position_bucket(-back, bidirectional=False,
                                             num_buckets=attn.relative_attention_num_buckets,
                                             max_distance=attn.relative_attention_max_distance)
    for n, bucket in enumerate(buckets.tolist()):
        weight[bucket] = table[n + 1]          # buckets no distance reaches are never used
    return weight


def _load_weights(model: Any, shipped: dict[str, _Graph], feeds: dict[str, tuple[_Feed, bool]]) -> None:
    by_name = {name: g for g in shipped.values() for name in g.constants}
    aliases: dict[int, list[str]] = {}
    for key, tensor in model.state_dict(keep_vars=True).items():      # tied weights: every name
        aliases.setdefault(id(tensor), []).append(key)
    missing = []
    with torch.no_grad():
        for name, tensor in _weights(model):
            value = _shipped_value([name, *aliases.get(id(tensor), [])], shipped, by_name, feeds.get(name))
            if value is None and name + _BY_DISTANCE in feeds:
                table = _shipped_value([], shipped, by_name, feeds[name + _BY_DISTANCE])
                value = None if table is None else _from_distance_table(model, name, table)
            if value is None:
                missing.append(name)
                continue
            if value.size != tensor.numel():
                raise ValueError(f"{name}: the graphs hold {value.shape}, the config says {tuple(tensor.shape)}")
            tensor.copy_(torch.from_numpy(np.array(value, dtype=np.float32)).reshape(tensor.shape))
    if missing:
        raise ValueError(f"the graphs do not hold these weights: {', '.join(missing)}")


def _shipped_value(names: list[str], shipped: dict[str, _Graph], by_name: dict[str, _Graph],
                   feed: tuple[_Feed, bool] | None) -> np.ndarray | None:
    for name in names:
        if name in by_name:
            return by_name[name].array(name)
    if feed is None:
        return None
    (graph_file, place, index), transposed = feed
    graph = shipped[graph_file]
    node = graph.places.get(place)
    if node is None or index >= len(node.input) or not graph.reads_weight(node.input[index]):
        raise ValueError(f"{graph_file}: no {place[0]} #{place[2]} reading a {place[1]} weight at input {index}; "
                         "the graphs were exported from another architecture")
    value = graph.array(node.input[index])
    return value.T if transposed else value
