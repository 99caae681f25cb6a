"""The on-disk model directory: what export writes and every backend loads.

A directory holds ``manifest.json`` (architecture, graph files with sha256 per precision,
special token ids, maximum lengths, shapes), ``config.json`` (the HuggingFace config, kept for
provenance), ``tokenizer.json`` (a ``tokenizers`` JSON) and ONNX graphs: ``encoder.onnx``,
``cross_kv.onnx`` (cross-attention K/V, once per request) and ``decoder.onnx`` (one step:
self-attention past K/V in, present K/V out), plus optional ``*.fp16.onnx`` / ``*.int8.onnx`` /
``*.int8-dynamic.onnx``. A variant lists all three graphs but may name another variant's file
(``int8-dynamic`` quantizes only the decoder and reuses the fp32 encoder and cross-K/V graphs).
The graphs are split rather than merged behind an ``If`` node because TensorRT cannot build
such a node. Hashes are checked on load so that a half-copied directory fails loudly.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
GRAPH_NAMES = ("encoder", "cross_kv", "decoder")
INT8_DYNAMIC = "int8-dynamic"    # dynamic int8 decoder for ONNX Runtime on CPU (export/int8_dynamic.py)
PRECISIONS = ("fp32", "fp16", "int8", INT8_DYNAMIC)
MANIFEST = "manifest.json"
TOKENIZER = "tokenizer.json"
CONFIG = "config.json"


class ModelDirError(ValueError):
    """The directory is not a valid model directory (missing file, bad hash, bad manifest)."""


@dataclass(frozen=True, slots=True)
class GraphFile:
    file: str
    sha256: str


@dataclass(frozen=True, slots=True)
class SpecialTokens:
    pad: int
    eos: int
    decoder_start: int


@dataclass(frozen=True, slots=True)
class DecoderShape:
    """What a runtime needs to allocate caches without reading the graphs."""

    num_layers: int
    num_heads: int
    head_dim: int
    d_model: int


@dataclass(frozen=True, slots=True)
class Manifest:
    architecture: str                      # "bart" or "t5": picks the decoder-step inputs
    special_tokens: SpecialTokens
    vocab_size: int                        # width of the logits
    max_source_length: int
    max_target_length: int
    decoder: DecoderShape
    graphs: dict[str, dict[str, GraphFile]]  # precision -> graph name -> file
    source_model: str = ""
    format_version: int = FORMAT_VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def precisions(self) -> tuple[str, ...]:
        return tuple(p for p in PRECISIONS if p in self.graphs)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        try:
            raw = json.loads(text)
            graphs = {p: {g: GraphFile(**f) for g, f in gs.items()} for p, gs in raw["graphs"].items()}
            return cls(
                architecture=raw["architecture"],
                special_tokens=SpecialTokens(**raw["special_tokens"]),
                vocab_size=int(raw["vocab_size"]),
                max_source_length=int(raw["max_source_length"]),
                max_target_length=int(raw["max_target_length"]),
                decoder=DecoderShape(**raw["decoder"]),
                graphs=graphs,
                source_model=raw.get("source_model", ""),
                format_version=int(raw.get("format_version", FORMAT_VERSION)),
                extra=raw.get("extra", {}),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ModelDirError(f"malformed {MANIFEST}: {exc}") from exc


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(root: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` into a model directory (export, variants, folding)."""
    (root / MANIFEST).write_text(manifest.to_json())


def graph_file(root: Path, name: str, precision: str) -> GraphFile:
    """Describe a graph already written under ``root`` (used by export)."""
    fname = f"{name}.onnx" if precision == "fp32" else f"{name}.{precision}.onnx"
    return GraphFile(file=fname, sha256=sha256_of(root / fname))


@dataclass(frozen=True, slots=True)
class ModelDir:
    path: Path
    manifest: Manifest

    @classmethod
    def load(cls, path: str | Path, *, verify: bool = True) -> "ModelDir":
        root = Path(path)
        manifest_path = root / MANIFEST
        if not manifest_path.is_file():
            raise ModelDirError(f"{root} has no {MANIFEST}; export a model with 'askproxy model export'")
        manifest = Manifest.from_json(manifest_path.read_text())
        if manifest.format_version != FORMAT_VERSION:
            raise ModelDirError(f"unsupported model directory format {manifest.format_version}")
        if not (root / TOKENIZER).is_file():
            raise ModelDirError(f"{root} has no {TOKENIZER}")
        model = cls(root, manifest)
        if verify:
            model.verify()
        return model

    def verify(self) -> None:
        checked: set[GraphFile] = set()     # variants share files: hash each once
        for precision, graphs in self.manifest.graphs.items():
            missing = set(GRAPH_NAMES) - set(graphs)
            if missing:
                raise ModelDirError(f"{precision} variant lacks graphs {sorted(missing)}")
            for graph in graphs.values():
                if graph not in checked:
                    self._check_hash(graph)
                    checked.add(graph)

    def _check_hash(self, graph: GraphFile) -> None:
        path = self.path / graph.file
        if not path.is_file():
            raise ModelDirError(f"missing graph {path}")
        actual = sha256_of(path)
        if actual != graph.sha256:
            raise ModelDirError(f"{path} sha256 {actual[:12]}… does not match the manifest")

    def graph_path(self, name: str, precision: str = "fp32") -> Path:
        try:
            return self.path / self.manifest.graphs[precision][name].file
        except KeyError:
            raise ModelDirError(
                f"no {precision} {name} graph; available precisions: {self.manifest.precisions}") from None

    def has_precision(self, precision: str) -> bool:
        return precision in self.manifest.graphs

    def graph_hash(self, name: str, precision: str = "fp32") -> str:
        return self.manifest.graphs[precision][name].sha256

    @property
    def tokenizer_path(self) -> Path:
        return self.path / TOKENIZER

    def load_tokenizer(self) -> Any:
        from tokenizers import Tokenizer
        try:
            return Tokenizer.from_file(str(self.tokenizer_path))
        except Exception as exc:   # tokenizers raises its parse errors as plain Exception
            raise ModelDirError(f"unreadable {self.tokenizer_path}: {exc}") from exc
