"""The translation contract between the proxy and whatever turns questions into SQL.

The proxy only knows :class:`Translator`; the default implementation is the in-process engine
(:mod:`proxy.ask.engine_translator`). With several candidates, the first one that passes
validation runs, so translators should return them best first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from proxy.ask.schema import SchemaContext


@dataclass(frozen=True, slots=True)
class Candidate:
    sql: str
    score: float   # higher is better; log-probability for the engine


class Translator(Protocol):
    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        """Return ranked SQL candidates for ``question`` against ``schema`` (best first)."""
        ...
