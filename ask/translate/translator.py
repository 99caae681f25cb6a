"""The translation contract between the proxy and whatever turns questions into SQL.

The proxy only knows :class:`Translator`; the default implementation is the in-process engine
(:mod:`ask.translate.engine_translator`). With several candidates, the first one that passes
validation runs, so translators should return them best first. A translator that also has
``translate_linked`` (:class:`LinkingTranslator`) gets the value links the planner found in the
database (:mod:`ask.context.value_probe`) on top of the schema context's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ask.schema import SchemaContext
from ask.context.value_linking import ValueMatch


@dataclass(frozen=True, slots=True)
class Candidate:
    sql: str
    score: float   # higher is better; log-probability for the engine


class Translator(Protocol):
    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        """Return ranked SQL candidates for ``question`` against ``schema`` (best first)."""
        ...


@runtime_checkable
class LinkingTranslator(Translator, Protocol):
    async def translate_linked(self, question: str, schema: SchemaContext,
                               matches: Sequence[ValueMatch]) -> list[Candidate]:
        """As :meth:`Translator.translate`, with the question's value links given (all of
        them: what ``link_values`` would find merged with probed stored values)."""
        ...


@runtime_checkable
class WideningTranslator(Translator, Protocol):
    async def translate_wider(self, question: str, schema: SchemaContext,
                              matches: Sequence[ValueMatch] | None) -> list[Candidate]:
        """More candidates than the first attempt gave (e.g. beam search after greedy), for
        when none of those passed validation; ``[]`` when it has nothing wider to offer."""
        ...
