"""Money kept in minor units and said in major ones.

Application databases often keep money as whole cents (``amount_cents``, ``price_pence``, Rails'
money columns, Stripe's amounts), and analysts say it in dollars: "tutors charging more than 80
bucks an hour" compares ``hourly_rate_cents`` with 8000; "total invoiced in dollars", "dollars
invoiced last month" show ``sum(amount_cents) / 100.0``. A currency word said as the measure
("dollars invoiced", "payout dollars") names the money a table holds, as "total" would.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ask.schema import Column, SchemaContext, short_type
from ask.translate.sketch.spelling import MINOR_PER_MAJOR, qualified
from ask.translate.sketch.vocabulary import AGGREGATES, CURRENCY_WORDS, FILLER, SCALE_WORDS, is_number, name_words

# The minor units a name ends in, per major unit.
_MINOR_NAME_WORDS = frozenset(("cent", "cents", "pence", "penny", "paise", "kopek", "kopeck"))
# A description saying the column is kept in minor units: "amount in cents", "(pence)".
_MINOR_COMMENT = re.compile(r"\b(?:in\s+)?(?:cents|pence|paise)\b", re.IGNORECASE)
MAJOR_CURRENCY = CURRENCY_WORDS - frozenset(("cents", "pence"))
# Words after which a currency word is a unit note ("in dollars"), or part of a measure
# already said ("total dollars invoiced"): read as nothing.
_UNIT_NOTE = frozenset(("in", "into", "as"))
_ALREADY_SAID = frozenset(("total", "sum", *AGGREGATES))


def minor_unit(column: Column) -> bool:
    """Whether ``column`` keeps money in minor units: a number column whose name ends in one
    (``amount_cents``, ``PRICE_PENCE``) or whose description says so ("in cents")."""
    if short_type(column.type) not in ("int", "num"):
        return False
    words = name_words(column.name)
    if words and words[-1] in _MINOR_NAME_WORDS:
        return True
    return bool(column.comment and _MINOR_COMMENT.search(column.comment))


def _after_number(words: list[str], at: int) -> bool:
    """"80 bucks", "2 million dollars": a currency word that is the unit of a number."""
    return at > 0 and (is_number(words[at - 1]) or words[at - 1] in SCALE_WORDS)


def major_said(words: list[str]) -> bool:
    """Whether the question asks for money in a major unit ("in dollars", "dollars invoiced"),
    not only compares with an amount ("over 80 bucks")."""
    return any(w in MAJOR_CURRENCY and not _after_number(words, i) for i, w in enumerate(words))


def as_measure(words: list[str]) -> list[str]:
    """The question with each currency word said as the measure read as the money it names
    ("dollars invoiced last month" -> "total invoiced last month", "fee dollars" -> "fee
    money"), and each unit note or repetition read as nothing ("in dollars", "total dollars");
    the same number of words, so value links keep their places."""
    out = list(words)
    for i, w in enumerate(words):
        if w not in MAJOR_CURRENCY or _after_number(words, i):
            continue
        before = words[i - 1] if i else ""
        out[i] = ("overall" if before in _UNIT_NOTE or before in _ALREADY_SAID else
                  "money" if before and before not in FILLER else "total")     # "fee dollars": its money
    return out


def scaled(number: str, words: list[str], unit_at: int, column: Column) -> str:
    """``number`` as ``column`` keeps it: "80 bucks" against ``hourly_rate_cents`` is 8000."""
    if not (0 <= unit_at < len(words) and words[unit_at] in MAJOR_CURRENCY and minor_unit(column)):
        return number
    return " AND ".join(_times_minor(n) for n in number.split(" AND "))    # "between 5 and 10 dollars"


def _times_minor(number: str) -> str:
    try:
        value = Decimal(number) * MINOR_PER_MAJOR
    except InvalidOperation:
        return number
    return str(int(value)) if value == value.to_integral() else str(value.normalize())


def minor_refs(schema: SchemaContext) -> frozenset[str]:
    """Every minor-unit money column of ``schema``, as the reader spells it (``t.amount_cents``):
    what :func:`.spelling.spell` divides into major units when the question asks for them."""
    return schema.derived("sketch.minor_money", _minor_refs)


def _minor_refs(schema: SchemaContext) -> frozenset[str]:
    return frozenset(qualified(t, c) for t in schema.tables for c in t.columns if minor_unit(c))
