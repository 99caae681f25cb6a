"""Our case-preserving BPE tokenizer, trained on the corpus (prompts and SQL together).

Pre-tokenization is SQL-aware: spaces become ``▁`` (so decoding restores them exactly),
punctuation (``.``, ``(``, ``'``, ``=``, ``,`` ...) is always its own piece so that
``o.ordered_at`` splits at the dot and quoted values are bracketed by quote tokens the model
can copy between, digits are single pieces, and ``_`` stays inside words so frequent
identifiers (``order_lines``) become one token. Unknown characters fall back to bytes, so any
stored value (CJK names included) can be copied into SQL. The post-processor wraps inputs in
``<s> … </s>`` as BART expects; targets are encoded without it and end in ``</s>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, processors, trainers

PAD, BOS, EOS, UNK = "<pad>", "<s>", "</s>", "<unk>"
SPECIALS = [PAD, BOS, EOS, UNK]
BYTE_TOKENS = [f"<0x{i:02X}>" for i in range(256)]
# Pieces worth a token of their own whatever their frequency.
SQL_PIECES = ["▁SELECT", "▁FROM", "▁WHERE", "▁JOIN", "▁ON", "▁AND", "▁GROUP", "▁BY", "▁ORDER", "▁LIMIT",
              "▁HAVING", "▁DESC", "▁ASC", "▁DISTINCT", "▁FILTER", "▁OVER", "▁AS", "▁count", "▁sum", "▁avg",
              "▁min", "▁max", "▁date_trunc", "▁current_date", "▁interval", "▁now"]


def build_tokenizer() -> Tokenizer:
    tok = Tokenizer(models.BPE(unk_token=UNK, byte_fallback=True))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always"),
        pre_tokenizers.Split(Regex(r"▁?[^\w▁]"), behavior="isolated"),
        pre_tokenizers.Digits(individual_digits=True),
    ])
    tok.decoder = decoders.Sequence([decoders.ByteFallback(), decoders.Metaspace(replacement="▁",
                                                                                 prepend_scheme="always")])
    return tok


def train_tokenizer(texts: Iterable[str], vocab_size: int = 8000) -> Tokenizer:
    tok = build_tokenizer()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIALS + BYTE_TOKENS,
                                  min_frequency=3, limit_alphabet=300, show_progress=False)
    tok.train_from_iterator(texts, trainer=trainer)
    tok.add_tokens([p for p in SQL_PIECES if tok.token_to_id(p) is None])
    bos, eos = tok.token_to_id(BOS), tok.token_to_id(EOS)
    tok.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A {EOS}", special_tokens=[(BOS, bos), (EOS, eos)])
    return tok


def corpus_texts(rows: Iterable[dict[str, str]], limit: int = 60_000) -> Iterator[str]:
    for i, row in enumerate(rows):
        if i >= limit:
            return
        yield row["src"]
        yield row["tgt"]


def encode_target(tok: Tokenizer, sql: str) -> list[int]:
    return tok.encode(sql, add_special_tokens=False).ids + [special_id(tok, EOS)]


def special_id(tok: Tokenizer, token: str) -> int:
    """The id of a special token that :func:`train_tokenizer`'s tokenizers always have."""
    token_id = tok.token_to_id(token)
    if token_id is None:
        raise ValueError(f"the tokenizer has no {token} token")
    return token_id


def decode(tok: Tokenizer, ids: Iterable[int]) -> str:
    """Token ids (no start/end tokens) back to text; byte pieces are merged back into characters."""
    return tok.decode(list(ids), skip_special_tokens=False).replace(PAD, "").strip()


def save(tok: Tokenizer, path: Path) -> None:
    tok.save(str(path))
