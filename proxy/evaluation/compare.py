"""Are two result sets the same answer? Execution-accuracy comparison, pure and typed.

The rules (documented for users in eval/README.md):

* Both results must have the same number of columns and rows. Column **names** are ignored.
* Every value is normalised first: any number (int, float, Decimal) becomes a Decimal rounded
  half-up to 2 decimal places, so ``count(*)`` 5 equals numeric 5.00 and ``avg`` equals
  ``round(avg, 2)``; a date becomes ISO text, and so does a timestamp at midnight (so
  ``date_trunc('month', …)`` equals ``…::date``); other timestamps are compared in UTC; a
  timedelta becomes seconds; text is compared exactly (case and spaces matter); NULL equals
  NULL only.
* Column order does not matter: the predicted columns may be any permutation of the gold
  ones. Candidate permutations pair columns whose multisets of values are equal, and each is
  tried (bounded by ``MAX_PERMUTATIONS``).
* Rows are compared as multisets, or as sequences when the question is ``ordered``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MAX_PERMUTATIONS = 5000
TWO_PLACES = Decimal("0.01")

Normalised = tuple[int, Any]   # (type rank, value): keeps 1 and '1' apart and makes rows sortable
Row = tuple[Normalised, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    equal: bool
    reason: str = ""    # why not, for the failure list


def _number(value: int | float | Decimal) -> Normalised:
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
        if not number.is_finite():
            return (3, str(number))
        return (1, number.quantize(TWO_PLACES, rounding=decimal.ROUND_HALF_UP))
    except decimal.InvalidOperation:
        return (3, str(value))


def _timestamp(value: dt.datetime) -> Normalised:
    if value.time() == dt.time(0):
        return (2, value.date().isoformat())
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)
    return (2, value.isoformat())


def normalise_value(value: object) -> Normalised:
    """One comparable, sortable form per value (see the module docstring)."""
    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (4, value)
    if isinstance(value, (int, float, Decimal)):
        return _number(value)
    if isinstance(value, dt.datetime):
        return _timestamp(value)
    if isinstance(value, dt.date):
        return (2, value.isoformat())
    if isinstance(value, dt.timedelta):
        return _number(Decimal(str(value.total_seconds())))
    return (3, str(value))


def normalise_rows(rows: Sequence[Sequence[object]]) -> list[Row]:
    return [tuple(normalise_value(v) for v in row) for row in rows]


def _column_signature(rows: list[Row], column: int) -> tuple[Normalised, ...]:
    return tuple(sorted(row[column] for row in rows))


def _permutations(gold: list[Row], predicted: list[Row], width: int) -> Iterator[tuple[int, ...]]:
    """Mappings gold column -> predicted column that pair columns with equal value multisets."""
    gold_sig = [_column_signature(gold, c) for c in range(width)]
    pred_sig = [_column_signature(predicted, c) for c in range(width)]
    options = [[p for p in range(width) if pred_sig[p] == gold_sig[g]] for g in range(width)]
    for mapping in itertools.islice(itertools.product(*options), MAX_PERMUTATIONS):
        if len(set(mapping)) == width:
            yield mapping


def _rows_equal(gold: list[Row], predicted: list[Row], mapping: tuple[int, ...], ordered: bool) -> bool:
    remapped = [tuple(row[p] for p in mapping) for row in predicted]
    if ordered:
        return remapped == gold
    return Counter(remapped) == Counter(gold)


def _width(rows: list[Row], declared: int | None) -> int:
    if declared is not None:
        return declared
    return len(rows[0]) if rows else 0


def compare_results(gold_rows: Sequence[Sequence[object]], predicted_rows: Sequence[Sequence[object]],
                    ordered: bool, gold_width: int | None = None,
                    predicted_width: int | None = None) -> Comparison:
    """Compare two results; widths may be given so that empty results still compare columns."""
    gold, predicted = normalise_rows(gold_rows), normalise_rows(predicted_rows)
    g_width, p_width = _width(gold, gold_width), _width(predicted, predicted_width)
    if len(gold) != len(predicted):
        return Comparison(False, f"{len(predicted)} rows, expected {len(gold)}")
    if g_width != p_width:
        return Comparison(False, f"{p_width} columns, expected {g_width}")
    for mapping in _permutations(gold, predicted, g_width):
        if _rows_equal(gold, predicted, mapping, ordered):
            return Comparison(True)
    if not gold:
        return Comparison(True)
    return Comparison(False, _explain(gold, predicted, g_width, ordered))


def _explain(gold: list[Row], predicted: list[Row], width: int, ordered: bool) -> str:
    if ordered and any(_rows_equal(gold, predicted, m, False) for m in _permutations(gold, predicted, width)):
        return "right rows in the wrong order"
    return "values differ"
