"""What both placers of an unspelt word share (:mod:`.semantic`'s calibrated floors and
:mod:`.learnt_place`'s trained head): the entry a span lands on, its key, and how clashing
placements are resolved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from ask.schema import Column, Table

Entry = tuple[Table, "Column | None"]


class Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def entry(self) -> Entry: ...


P = TypeVar("P", bound=Spanned)


def entry_key(entry: Entry) -> tuple[int, str | None]:
    """A table (by identity) or one of its columns (by name)."""
    return id(entry[0]), entry[1].name if entry[1] is not None else None


def keep_apart(candidates: Iterable[P], kept: Iterable[P] = ()) -> list[P]:
    """``kept``, then each candidate in order that overlaps no span kept before it and lands on no
    entry kept before it (callers pass their candidates best first)."""
    out = list(kept)
    for p in candidates:
        if not any(p.start < k.end and k.start < p.end or entry_key(p.entry) == entry_key(k.entry) for k in out):
            out.append(p)
    return out
