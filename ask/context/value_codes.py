"""Codes a schema documents: what a coded column's comment says its codes mean, and code tables.

Legacy and warehouse schemas store codes and explain them beside the column: ``stat_cd``
commented "SVC in service, AOG aircraft on ground (grounded), STO stored", ``wo_stat_cd``
"OPN open, HLD on hold awaiting parts, CLS closed", ``ata_chap`` "ATA chapter: 21 air
conditioning, 32 landing gear", ``StatusCd`` "A = active, L = lapsed", ``wo_stat`` "OPEN, DONE or
CXL (cancelled)". A question says the meaning ("grounded", "on hold", "landing gear") and the
SQL needs the code. :func:`column_codes` reads such a comment into (code, meanings) pairs;
:mod:`ask.context.value_linking` then links the meanings' words to the code like a spelt value,
and :mod:`ask.translate.value_senses` compares them by sense.

The forms read, item by item (items split at ``,`` ``;`` line ends, and "or"/"and" before a
code; a leading label "ATA chapter:" dropped): ``CODE = meaning``, ``CODE: meaning``,
``CODE - meaning``, ``CODE (meaning)``, and ``CODE meaning`` where the code is written in
capitals or digits (``R-1 single family``); a parenthesis after a meaning is another meaning
("aircraft on ground (grounded)"). An application's enum is written either way round: codes one
after another with no separator (Rails' "0=in_stock 1=reserved 2=sold"), or the meaning first as
the source declares it ("{ pending: 0, approved: 1 }", ":draft => 0"); an identifier's
underscores are spaces in a meaning ("in stock"). A code must be one of the column's stored values where
introspection read them (the stored spelling is kept); where it did not (an integer chapter, a
text column of many values) the comment must list at least two codes, in capitals or digits
for a text column, digits for an integer one. A plain list of values ("Active, Lapsed or
Cancelled") has no codes to read, only, where given, what a value means ("Lapsed (expired, not
renewed)").

A code table (:func:`code_table`) is the other place codes are explained: a small table other
tables refer to by a one-column key, with one text column that describes the key ('P',
'Permanent'). The reader counts the rows that carry the code when the question names a
description (:mod:`ask.translate.sketch`), and value senses rank its descriptions first.
Nothing here knows a schema or a domain.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ask.schema import Column, SchemaContext, Table, short_type

# A code as a comment writes it: letters, digits and joiners, no spaces.
_TOKEN = r"[A-Za-z0-9][A-Za-z0-9_./+#-]{0,11}"
_EXPLICIT = re.compile(rf"^({_TOKEN})\s*(?:=|:|\s-\s|\s–\s|\s—\s)\s*(.+)$")
_BRACKETED = re.compile(rf"^({_TOKEN})\s*\((.+)\)$")
_SPACED = re.compile(rf"^({_TOKEN})\s+(.+)$")
_LABEL = re.compile(r"^([^:=]{2,40}):\s+(.+)$")
# Codes written one after another with no separator: "0=in_stock 1=reserved 2=sold".
_RUN_ON = re.compile(rf"(?<!\S)(?={_TOKEN}\s*=(?!>))")
# The meaning first, as an enum's source declares it: "in_stock: 0", ":sold => 2" (Rails), "SOLD = 2".
_REVERSED = re.compile(r"^:?([A-Za-z][A-Za-z_ ]{0,39}?)\s*(?::|=>)\s*(\d{1,6})$")
_MEANING_WORDS = 6
# Meanings too vague to say a code by ("1 = yes, 0 = no": "no orders" is no flag's 0).
_VAGUE = frozenset(("yes", "no", "true", "false", "none", "not", "other", "others", "unknown", "n/a", "na",
                    "null", "all", "any", "default", "misc", "set", "unset"))


@dataclass(frozen=True, slots=True)
class Code:
    value: str                      # as stored (the comment's spelling where no values are known)
    meanings: tuple[str, ...]       # what the comment says it means, as written (lower case)


def column_codes(column: Column) -> tuple[Code, ...]:
    """The codes ``column``'s comment explains (module docstring); none for a column of another
    type than text or integer, or a comment that lists no codes."""
    if not column.comment:
        return ()
    return _codes(column.comment, short_type(column.type), column.values)


@functools.lru_cache(maxsize=1 << 12)
def _codes(comment: str, kind: str, values: tuple[str, ...]) -> tuple[Code, ...]:
    if kind not in ("text", "int"):
        return ()
    stored = {v.strip(): v for v in values}
    folded = {v.strip().lower(): v for v in values}
    read: list[tuple[str, tuple[str, ...], bool]] = []      # code, meanings, written as a code
    for item in _items(comment, stored):
        found = _item(item, stored)
        if found is not None:
            read.append(found)
    out: list[Code] = []
    for code, meanings, coded in read:
        if stored:
            value = stored.get(code) or folded.get(code.lower())
            if value is None:
                continue
        elif len(read) < 2 or not coded or (kind == "int" and not code.isdigit()):
            continue
        else:
            value = code
        if meanings:
            out.append(Code(value, meanings))
    return tuple(out)


def _items(comment: str, stored: dict[str, str]) -> list[str]:
    """The comment's items: split at commas, semicolons and line ends outside brackets, then at
    "or"/"and" before a code ("DONE or CXL (cancelled)"); a leading label dropped."""
    pieces: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(comment):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in ",;\n" and depth == 0:
            pieces.append(comment[start:i])
            start = i + 1
    pieces.append(comment[start:])
    out: list[str] = []
    for piece in (p for whole in pieces for p in _run_on(whole)):
        words = piece.split()
        cut = 0
        for i, w in enumerate(words[:-1]):
            if w.lower() in ("or", "and") and i > cut and _code_like(words[i + 1], stored):
                out.append(" ".join(words[cut:i]))
                cut = i + 1
        out.append(" ".join(words[cut:]))
    out = [p.strip().strip("{}").strip().rstrip(".") for p in out if p.strip().strip("{}").strip()]
    if out:
        label = _LABEL.match(out[0])
        if label is not None and not _code_like(label.group(1), stored) and not _REVERSED.match(out[0]):
            out[0] = label.group(2).strip().lstrip("{").strip()     # "ATA chapter: 21 air conditioning"
    return out


def _run_on(piece: str) -> list[str]:
    """A piece holding two or more "CODE=meaning" with nothing between them, cut before each code;
    any other piece as it is."""
    starts = [m.start() for m in _RUN_ON.finditer(piece)]
    if len(starts) < 2:
        return [piece]
    return [piece[a:b] for a, b in zip([0] + starts, starts + [len(piece)]) if piece[a:b].strip()]


def _code_like(token: str, stored: dict[str, str]) -> bool:
    """A code as written: a stored value, or capitals and digits ('AOG', 'R-1', '21')."""
    token = token.strip("()")
    if token in stored:
        return True
    if not re.fullmatch(_TOKEN, token):
        return False
    letters = [c for c in token if c.isalpha()]
    return all(c.isupper() for c in letters) and (bool(letters) or token.isdigit())


def _item(item: str, stored: dict[str, str]) -> tuple[str, tuple[str, ...], bool] | None:
    """(code, meanings, written as a code) of one item, or None."""
    for pattern in (_EXPLICIT, _BRACKETED):
        found = pattern.match(item)
        if found is not None and (found.group(1) in stored or _code_like(found.group(1), stored)):
            return found.group(1), _meanings(found.group(2)), _code_like(found.group(1), {})
    found = _REVERSED.match(item)
    if found is not None:
        return found.group(2), _meanings(found.group(1)), True
    found = _SPACED.match(item)
    if found is not None and _code_like(found.group(1), {}):
        return found.group(1), _meanings(found.group(2)), True
    if _code_like(item, stored):
        return item, (), True
    return None


def _meanings(text: str) -> tuple[str, ...]:
    """"aircraft on ground (grounded)" -> ("aircraft on ground", "grounded"); "expired, not
    renewed" -> ("expired", "not renewed")."""
    out: list[str] = []
    for part in re.split(r"[(),;]", text):
        words = part.lower().replace("_", " ").split()
        if words and len(words) <= _MEANING_WORDS and any(c.isalpha() for c in part) \
                and not set(words) <= _VAGUE:
            out.append(" ".join(words))
    return tuple(dict.fromkeys(out))


def code_table(schema: SchemaContext, table: Table) -> Column | None:
    """The description column of a table of codes: other tables refer to it, its key is one
    column, and one other column is text (the rest may be numbers or flags: a sort order)."""
    if len(table.primary_key) != 1 or (table.schema, table.name) not in _referenced(schema):
        return None
    texts = [c for c in table.columns if short_type(c.type) == "text" and c.name not in table.primary_key]
    return texts[0] if len(texts) == 1 else None


def _referenced(schema: SchemaContext) -> frozenset[tuple[str, str]]:
    return schema.derived("value_codes.referenced", lambda s: frozenset(
        (fk.ref_schema, fk.ref_table) for t in s.tables for fk in t.foreign_keys))
