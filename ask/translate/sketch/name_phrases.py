"""A schema's names in the words MiniLM knows, shared by the semantic placer (:mod:`.semantic`)
and the cross-encoder (:mod:`.xenc_place`), which reads them as its entries' text."""

from __future__ import annotations

from ask.context.related_words import spelt_out
from ask.translate.sketch.related_names import _unjoined
from ask.translate.sketch.vocabulary import ABBREVIATIONS, TABLE_PREFIXES, name_words


def unprefixed(name: str, shared: str | frozenset[str] | None) -> str:
    """A table's name without the schema's shared first part (:func:`.semantic.shared_prefix`),
    a namespace prefix (:func:`.semantic.shared_prefixes`: several, ``accounts`` of
    ``accounts_tutor``) or a conventional table prefix (``tbl``, ``t``, ``dim``), where a name
    is left."""
    words = name_words(name)
    prefixes = frozenset((shared,)) if isinstance(shared, str) else shared or frozenset()
    if len(words) > 1 and (words[0] in prefixes or words[0] in TABLE_PREFIXES):
        return "_".join(words[1:])
    return name


def humanised(name: str) -> tuple[str, ...]:
    """A name in the words MiniLM knows: separators, abbreviations spelt out and run-together
    words apart (``amt_paid`` -> "amount paid", ``lifeexpectancy`` -> "life expectancy")."""
    words = spelt_out(tuple(ABBREVIATIONS.get(w, w) for w in name_words(name)))
    apart = _unjoined(words)
    return apart[0] if apart else words
