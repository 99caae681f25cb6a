"""The learnt placer's training labels (training.placer.data.label): weak alignment of a
question's spans with the tables and columns its gold SQL reads. Pure and fast: hand-made span
rows, no embedder."""

from __future__ import annotations

import numpy as np

from ask.schema import Column, Table
from ask.translate.sketch.learnt_place import FEATURES, SpanRows
from training.placer.data import ALIGN_FLOOR, held_out, label

SHIPS = Table("public", "ships", (Column("ship_id", "integer", False), Column("tonnage", "numeric"),
                                  Column("flag", "text"), Column("built_on", "date")), ("ship_id",))
TONNAGE, FLAG, BUILT = (SHIPS, SHIPS.columns[1]), (SHIPS, SHIPS.columns[2]), (SHIPS, SHIPS.columns[3])


def span(start: int, end: int, entries: list[tuple[object, float]], allowed: list[bool] | None = None) -> SpanRows:
    x = np.zeros((len(entries), len(FEATURES)), np.float32)
    x[:, 0] = [cos for _, cos in entries]
    return SpanRows(start, end, None, tuple(e for e, _ in entries),          # type: ignore[misc]
                    tuple(allowed or [True] * len(entries)), x)


def test_a_gold_entry_is_aligned_with_its_nearest_span_only() -> None:
    weight = span(2, 3, [(TONNAGE, 0.71), (FLAG, 0.30)])
    heavy = span(5, 6, [(TONNAGE, 0.52), (BUILT, 0.45)])
    labels, weights = label([weight, heavy], frozenset({("ships", "tonnage"), ("ships", None)}))
    assert labels[0].tolist() == [1.0, 0.0]          # "weight" -> tonnage; flag is not in the gold SQL
    assert labels[1].tolist() == [0.0, 0.0]          # "heavy": tonnage is weight's, built_on not gold
    assert weights[1].tolist() == [1.0, 1.0]


def test_a_far_gold_entry_is_left_out_not_called_either_way() -> None:
    good = span(0, 1, [(FLAG, ALIGN_FLOOR - 0.05), (BUILT, 0.2)])
    labels, weights = label([good], frozenset({("ships", "flag")}))
    assert labels[0].tolist() == [0.0, 0.0]
    assert weights[0].tolist() == [0.0, 1.0]


def test_an_overlapping_span_on_the_aligned_entry_is_no_negative() -> None:
    pair = span(1, 3, [(BUILT, 0.8)])
    single = span(1, 2, [(BUILT, 0.6), (FLAG, 0.4)])
    labels, weights = label([pair, single], frozenset({("ships", "built_on")}))
    assert labels[0].tolist() == [1.0]
    assert labels[1].tolist() == [0.0, 0.0] and weights[1].tolist() == [0.0, 1.0]


def test_an_entry_another_word_names_is_never_a_positive() -> None:
    taken = span(0, 1, [(FLAG, 0.9)], allowed=[False])
    labels, _ = label([taken], frozenset({("ships", "flag")}))
    assert labels[0].tolist() == [0.0]


def test_tables_without_names_carry_no_label() -> None:
    records = span(0, 1, [((SHIPS, None), 0.6), (FLAG, 0.5)])
    _, weights = label([records], frozenset({("ships", "flag")}), tables=False)
    assert weights[0][0] == 0.0


def test_held_out_schemas_are_a_stable_fifth() -> None:
    names = [f"wikisql_1-{i}-1" for i in range(2000)]
    share = sum(held_out(n) for n in names) / len(names)
    assert 0.15 < share < 0.25
    assert [held_out(n) for n in names[:50]] == [held_out(n) for n in names[:50]]
