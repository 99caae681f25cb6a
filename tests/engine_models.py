"""Tiny random BART and T5 checkpoints for engine tests, built from configs (no downloads)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

VOCAB = 96


def write_tokenizer(path: Path, vocab_size: int, specials: dict[str, int]) -> None:
    from tokenizers import Tokenizer, models, pre_tokenizers
    vocab = {f"w{i}": i for i in range(vocab_size)}
    for name, idx in specials.items():
        vocab.pop(f"w{idx}", None)
        vocab[name] = idx
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>" if "<unk>" in vocab else next(iter(specials))))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.save(str(path / "tokenizer.json"))


def make_bart(path: Path, seed: int = 0) -> Path:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration
    torch.manual_seed(seed)
    config = BartConfig(vocab_size=VOCAB, d_model=32, encoder_layers=2, decoder_layers=2,
                        encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=64,
                        decoder_ffn_dim=64, max_position_embeddings=128, pad_token_id=1, bos_token_id=0,
                        eos_token_id=2, decoder_start_token_id=2, forced_eos_token_id=None,
                        forced_bos_token_id=None, scale_embedding=True)
    model = BartForConditionalGeneration(config).eval()
    _spread_logits(model)
    model.save_pretrained(path)
    write_tokenizer(path, VOCAB, {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3})
    return path


def make_t5(path: Path, seed: int = 0) -> Path:
    import torch
    from transformers import T5Config, T5ForConditionalGeneration
    torch.manual_seed(seed)
    config = T5Config(vocab_size=VOCAB, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_decoder_layers=2,
                      num_heads=4, relative_attention_num_buckets=8, relative_attention_max_distance=16,
                      pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, feed_forward_proj="gated-gelu")
    model = T5ForConditionalGeneration(config).eval()
    _spread_logits(model)
    model.save_pretrained(path)
    write_tokenizer(path, VOCAB, {"<pad>": 0, "</s>": 1, "<unk>": 2})
    return path


def _spread_logits(model: object) -> None:
    """Random init gives near-uniform logits; scale the head so argmax/beam choices are decisive."""
    import torch
    with torch.no_grad():
        head = model.get_output_embeddings()   # type: ignore[attr-defined]
        if head.weight is model.get_input_embeddings().weight:  # type: ignore[attr-defined]
            return
        head.weight.mul_(4.0)


def mixed_requests(count: int, seed: int, prompt_lengths: tuple[int, int], new_tokens: tuple[int, int],
                   hook: object = None) -> list[Any]:
    """Random prompts, mostly greedy with some beam requests (they ride along in verify calls,
    one token a step); lengths drawn from the half-open ranges given."""
    import numpy as np

    from engines.generation import GenerationRequest
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        beams = int(rng.choice([1, 1, 1, 1, 2, 3]))
        out.append(GenerationRequest([int(x) for x in rng.integers(4, 90, size=int(rng.integers(*prompt_lengths)))],
                                     max_new_tokens=int(rng.integers(*new_tokens)), num_beams=beams,
                                     num_return_sequences=beams, allowed_tokens=hook))  # type: ignore[arg-type]
    return out


def mixed_drafter(answers: list[list[int]], max_draft: int = 8) -> Any:
    """An ``NgramDrafter`` with wrong drafts for every answer, then the right ones for every
    other answer: in one verify call some rows keep their whole draft, some part of it, some none."""
    from engines.ngram_drafter import NgramDrafter
    drafter = NgramDrafter(orders=(3, 2), max_draft=max_draft)
    for tokens in answers:
        drafter.add([t + 1 for t in tokens])
    for tokens in answers[::2]:
        drafter.add(tokens)
    return drafter
