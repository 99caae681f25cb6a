"""A bounded LRU of translations that passed validation, so repeated questions skip the model.

The key is (normalised question, schema fingerprint, role): the fingerprint changes whenever
what the role can see changes (tables, columns, keys, linked values, search_path), so a cached
translation is never served against a schema it was not validated for, and the role keeps one
role's translations from answering another's question. Normalisation is deliberately light
(Unicode NFKC, whitespace): letter case can matter inside a question, as in a quoted value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ask.schema import SchemaContext
from ask.translate.translator import Candidate
from engines.lru import LRU

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class TranslationKey:
    question: str
    fingerprint: str
    role: str


def normalize_question(question: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", question)).strip()


def translation_key(question: str, schema: SchemaContext) -> TranslationKey:
    return TranslationKey(normalize_question(question), schema.fingerprint, schema.role)


class TranslationCache(LRU[TranslationKey, tuple[Candidate, ...]]):
    """Translations by :class:`TranslationKey`; ``max_entries`` 0 turns the cache off."""

    def __init__(self, max_entries: int = 4096) -> None:
        if max_entries < 0:
            raise ValueError("max_entries must not be negative (0 turns the cache off)")
        super().__init__(max_entries)

    def put(self, key: TranslationKey, candidates: Sequence[Candidate]) -> bool:
        return super().put(key, tuple(candidates))
