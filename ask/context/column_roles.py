"""What a table's columns are for, read from their names and types: a label (the row's name),
categories, measures and dates, and the English words of an identifier (plural, singular).

Shared by the schema-general training data (:mod:`training.data.generic`, which imports it from
here: the runtime never imports training) and the examples the proxy writes itself over a
caller's schema (:mod:`ask.context.self_examples`). Moved unchanged from the training side.
"""

from __future__ import annotations

from dataclasses import dataclass

from ask.schema import Column, Table


def words(ident: str) -> str:
    return ident.replace("_", " ").strip()


def plural(ident: str) -> str:
    w = words(ident)
    if w.endswith("s"):
        return w
    if w.endswith("y") and not w.endswith(("ay", "ey", "oy")):
        return w[:-1] + "ies"
    return w + "s"


def singular(ident: str) -> str:
    w = words(ident)
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@dataclass(frozen=True)
class Roles:
    table: Table
    alias: str
    label: str | None
    cats: tuple[str, ...]
    nums: tuple[str, ...]
    dates: tuple[str, ...]


def is_key(t: Table, col: Column) -> bool:
    fk_cols = {c for fk in t.foreign_keys for c in fk.columns}
    return col.name in t.primary_key or col.name in fk_cols or col.name.endswith("id") or col.name.endswith("_code")


def roles(t: Table, alias: str) -> Roles:
    texts = [c.name for c in t.columns if c.type == "text" and not is_key(t, c)]
    nums = tuple(c.name for c in t.columns if c.type.startswith(("numeric", "double")) and not is_key(t, c)
                 and c.name not in ("year",))
    dates = tuple(c.name for c in t.columns if c.type.startswith(("date", "timestamp")))
    label = next((c for c in texts if c == "name" or c.endswith("_name") or c == "title"), None)
    label = label or (texts[0] if texts else None)
    cats = tuple(c for c in texts if c != label)
    return Roles(t, alias, label, cats, nums, dates)


def make_alias(name: str, taken: set[str]) -> str:
    parts = [p for p in name.split("_") if p]
    alias = "".join(p[0] for p in parts) or "t"
    if alias in taken:
        alias = name[:2]
    while alias in taken:
        alias += "2"
    taken.add(alias)
    return alias
