"""Unit tests of the result comparison behind execution accuracy (pure, no database)."""

import datetime as dt
from decimal import Decimal

import pytest

from proxy.evaluation.compare import compare_results, normalise_value
from proxy.evaluation.predictor import ask_statement


def same(gold, predicted, ordered=False, **widths):
    return compare_results(gold, predicted, ordered, **widths).equal


def test_numbers_compare_at_two_decimal_places():
    assert same([(Decimal("1256.2156767"),)], [(1256.22,)])
    assert same([(5,)], [(Decimal("5.00"),)])
    assert same([(Decimal("2.005"),)], [(Decimal("2.01"),)])     # half-up
    assert not same([(Decimal("1.2"),)], [(Decimal("1.21"),)])
    assert same([(0.1 + 0.2,)], [(Decimal("0.30"),)])


def test_text_is_exact_and_distinct_from_numbers():
    assert not same([("East China",)], [("east china",)])
    assert not same([("1",)], [(1,)])
    assert same([(None,)], [(None,)])
    assert not same([(None,)], [(0,)])


def test_midnight_timestamps_equal_dates():
    tz = dt.timezone(dt.timedelta(hours=8))
    assert same([(dt.datetime(2025, 3, 1, tzinfo=tz),)], [(dt.date(2025, 3, 1),)])
    assert not same([(dt.datetime(2025, 3, 1, 10, tzinfo=tz),)], [(dt.date(2025, 3, 1),)])
    # the same instant in two zones
    assert same([(dt.datetime(2025, 3, 1, 10, tzinfo=tz),)],
                [(dt.datetime(2025, 3, 1, 2, tzinfo=dt.timezone.utc),)])


def test_rows_are_a_multiset_unless_ordered():
    gold = [("a", 1), ("b", 2), ("b", 2)]
    assert same(gold, [("b", 2), ("a", 1), ("b", 2)])
    assert not same(gold, [("b", 2), ("a", 1), ("a", 1)])           # multiplicity matters
    assert not same(gold, [("b", 2), ("a", 1), ("b", 2)], ordered=True)
    assert same(gold, list(gold), ordered=True)
    reason = compare_results(gold, [("b", 2), ("a", 1), ("b", 2)], True).reason
    assert "order" in reason


def test_column_order_does_not_matter():
    gold = [("Huawei Mate 60 Pro", Decimal("198219.50")), ("OPPO Find X7", Decimal("100.00"))]
    assert same(gold, [(Decimal("198219.5"), "Huawei Mate 60 Pro"), (100, "OPPO Find X7")])
    assert same(gold, [(Decimal("198219.5"), "Huawei Mate 60 Pro"), (100, "OPPO Find X7")][::-1])
    # the pairing of values across columns still has to hold
    assert not same([("a", 1), ("b", 2)], [(2, "a"), (1, "b")])


def test_columns_with_equal_values_are_tried_in_every_pairing():
    gold = [(1, 2, 1), (2, 1, 2)]
    assert same(gold, [(1, 1, 2), (2, 2, 1)])


def test_shape_mismatches_are_explained():
    assert compare_results([(1,)], [(1,), (2,)], False).reason == "2 rows, expected 1"
    assert compare_results([(1,)], [(1, "x")], False).reason == "2 columns, expected 1"
    assert compare_results([(1,)], [(2,)], False).reason == "values differ"


def test_empty_results():
    assert same([], [], gold_width=2, predicted_width=2)
    assert not same([], [], gold_width=2, predicted_width=1)
    assert not same([], [(1,)])


@pytest.mark.parametrize("question, statement", [
    ("top product in East China", "ASK 'top product in East China'"),
    ("which region is the Xi'an store in", "ASK 'which region is the Xi''an store in'"),
    ("what % of orders", "ASK 'what % of orders'"),
])
def test_ask_statement_quotes_the_question(question, statement):
    assert ask_statement(question) == statement


def test_normalise_value_keeps_booleans_apart_from_numbers():
    assert normalise_value(True) != normalise_value(1)
