"""The planner's tables of candidate steps, without a cluster: their order, and one candidate
(one ParsedSQL, parsed once) through grounding and the defect checks."""

from __future__ import annotations

import pglast
import pytest

from ask import planner
from ask.checks.parsed import ParsedSQL
from ask.context.value_linking import ValueMatch
from training.data.schemas import context, table

SCHEMA = context([
    table("regions", "region_id int pk, name text"),
    table("stores", "store_id int pk, name text, city text, region_id int -> regions.region_id"),
    table("customers", "customer_id int pk, name text, city text, region_id int -> regions.region_id"),
    table("orders", "order_id int pk, customer_id int -> customers.customer_id, store_id int -> stores.store_id, "
                    "ordered_at ts"),
])
STORE = ValueMatch("stores", "name", "Beijing Wangfujing", 4, 6, 1.0)


def test_the_steps_run_in_this_order() -> None:
    assert [name for name, _ in planner.GROUNDING] == [
        "snap_literals", "relink_values", "ground_threshold", "ground_period"]
    assert [name for name, _ in planner.REPAIRS] == ["dialect"]
    assert [name for name, _ in planner.DEFECTS] == [
        "ungrounded_numbers", "subjects", "values", "answer_shape"]


def test_one_candidate_is_parsed_once_through_grounding_and_defects(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = pglast.parse_sql
    monkeypatch.setattr(pglast, "parse_sql", lambda sql: calls.append(sql) or real(sql))
    question = "how many orders at Beijing Wangfujing"
    candidate = ParsedSQL("SELECT count(*) FROM orders o JOIN stores s ON s.store_id = o.store_id "
                          "WHERE s.name = 'Beijing Wangfujing'")
    grounded = planner._repaired(planner._grounded(candidate, question, SCHEMA, [STORE]))
    assert grounded is candidate                      # nothing to change: the same trees
    assert planner._defects(grounded, question, SCHEMA, [STORE]) == 0
    assert calls == [candidate.text]


def test_a_failing_step_leaves_the_candidate_as_generated(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(sql: ParsedSQL, question: str) -> ParsedSQL:
        raise RuntimeError("boom")
    monkeypatch.setattr(planner, "ground_threshold", broken)
    candidate = ParsedSQL("SELECT count(*) FROM orders o WHERE o.order_id > 5")
    assert planner._grounded(candidate, "orders over 3", SCHEMA, []) is candidate


def test_skipped_steps_are_not_run_and_unknown_names_are_refused() -> None:
    steps = planner.Steps.without(frozenset({"relink_values", "dialect", "answer_shape"}))
    assert [n for n, _ in steps.grounding] == ["snap_literals", "ground_threshold", "ground_period"]
    assert steps.repairs == ()
    assert [n for n, _ in steps.defects] == ["ungrounded_numbers", "subjects", "values"]
    assert planner.Steps.without(frozenset()) == planner.ALL_STEPS
    assert [n for n, _ in planner.ALL_STEPS.adapters] == ["adapted_example"]
    assert planner.Steps.without(frozenset({"adapted_example"})).adapters == ()
    assert [n for n, _ in planner.ALL_STEPS.placers] == ["placed_example"]
    assert planner.Steps.without(frozenset({"placed_example"})).placers == ()
    with pytest.raises(ValueError, match="unknown planner steps"):
        planner.Steps.without(frozenset({"nonsense"}))


def test_threshold_grounding_is_a_step_that_can_be_skipped() -> None:
    candidate = ParsedSQL("SELECT count(*) FROM orders o WHERE o.total > 5000")
    question = "orders over 500"
    grounded = planner._grounded(candidate, question, SCHEMA, [])
    assert "500" in grounded.text and "5000" not in grounded.text
    skipped = planner.Steps.without(frozenset({"ground_threshold"}))
    assert planner._grounded(candidate, question, SCHEMA, [], skipped).text == candidate.text
