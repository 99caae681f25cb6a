"""The ASK planner against a real PostgreSQL, with a dictionary translator defined here."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import replace
from importlib import resources

import pytest

from ask import sense_warmup
from ask.context.examples import Example, ExampleIndex, Found
from ask.planner import AskPlanner, Steps
from ask.schema import SchemaContext
from ask.context.introspection import SchemaCache
from ask.translate.translation_cache import (TranslationCache, TranslationKey, normalize_question,
                                         translation_key)
from ask.translate.translator import Candidate
from proxy.errors import (AskTimeout, AskUnavailable, DataChangeRequested, EngineFailure,
                          EngineOverloaded, QuestionNotAnswerable, RejectedSQL,
                          UntranslatableQuestion)
from tests.pg_cluster import PgCluster
from tests.test_introspection import PsycopgUpstream, connect_upstream

DB = "ask_planner"
ROLE = "plan_analyst"

EXTRA = f"""
CREATE ROLE {ROLE} LOGIN;
CREATE TABLE secrets (id int PRIMARY KEY, code text);
CREATE TABLE payroll (id int PRIMARY KEY, name text, salary numeric);
GRANT SELECT ON regions, stores, categories, products, customers, orders, order_lines TO {ROLE};
GRANT SELECT (id, name) ON payroll TO {ROLE};
INSERT INTO regions VALUES (1, 'East China'), (2, 'North China');
INSERT INTO stores VALUES (1, 'Beijing Wangfujing', 'Beijing', 2, '2020-01-01');
"""

GOOD = "select count(*) from orders"
ANSWERS: dict[str, list[Candidate]] = {
    "how many orders": [Candidate(GOOD, -0.5)],
    "volatile first": [Candidate("select pg_sleep(1)", -0.1), Candidate(GOOD, -0.9)],
    "type error first": [Candidate("select * from orders where ordered_at = 5", -0.1),
                         Candidate("select count(*) from regions", -0.7)],
    "only type error": [Candidate("select * from orders where ordered_at = 5", -0.1)],
    "only volatile": [Candidate("select random()", -0.1)],
    "all bad": [Candidate("delete from orders", -0.1), Candidate("select * from secrets", -0.2),
                Candidate("select nope from orders", -0.3),
                Candidate("select name + 1 from regions", -0.4)],
    "star over column grant": [Candidate("select * from payroll", -0.1)],
    "nothing": [],
    "how many stores are there": [Candidate("select nope from stores", -0.01)],
    "how many stores do we have": [Candidate("select count(*) from stores s", -0.01)],
    "how many stores exist": [Candidate("select count(*) from stores s", -0.5)],
    "last quarter": [Candidate("select count(*) from orders where ordered_at >= "
                               "date_trunc('quarter', current_date) - interval '1 quarter'", -0.2)],
}


class DictTranslator:
    """Answers from a table; can also stall or fail, to exercise the planner's error paths."""

    def __init__(self, answers: dict[str, list[Candidate]], *, delay_s: float = 0.0,
                 error: BaseException | None = None) -> None:
        self.answers = answers
        self.delay_s = delay_s
        self.error = error
        self.calls: list[str] = []

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        self.calls.append(question)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.error is not None:
            raise self.error
        return list(self.answers[question])


@pytest.fixture(scope="module")
def planner_db(pg: PgCluster) -> str:
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(resources.files("demo").joinpath("schema.sql").read_text(), dbname=DB)
    pg.psql(EXTRA, dbname=DB)
    return DB


@pytest.fixture
async def upstream(pg: PgCluster, planner_db: str) -> AsyncIterator[PsycopgUpstream]:
    async with connect_upstream(pg, planner_db, ROLE) as up:
        yield up


OFF = frozenset({"plain_reading", "generated_example"})


def make_planner(translator: DictTranslator | None, *, explain_check: bool = True,
                 timeout_s: float = 5.0, refuse: bool = False, read: bool = False) -> AskPlanner:
    # Most questions here are labels for a candidate list ("volatile first"), not questions
    # about the schema, so refusal (ask/context/refusal.py) and the plain reader
    # (ask/translate/sketch) are off unless a test is about them, and so are the examples the
    # proxy writes itself (tests/test_self_examples.py).
    return AskPlanner(translator, SchemaCache(), TranslationCache(16),
                      translate_timeout_s=timeout_s, explain_check=explain_check,
                      refuse_unanswerable=refuse,
                      steps=Steps.without(OFF - {"plain_reading"} if read else OFF))


async def test_no_translator_is_unavailable(upstream: PsycopgUpstream) -> None:
    with pytest.raises(AskUnavailable) as info:
        await make_planner(None).plan("how many orders", upstream)
    assert info.value.sqlstate == "0A000"
    assert "no text-to-SQL model" in info.value.message and info.value.hint
    assert upstream.queries == []


async def test_plan_then_cache_hit(upstream: PsycopgUpstream) -> None:
    translator = DictTranslator(ANSWERS)
    planner = make_planner(translator)
    plan = await planner.plan("how many orders", upstream)
    assert (plan.sql, plan.score, plan.cached, plan.rejected) == (GOOD, -0.5, False, ())
    assert plan.schema.role == ROLE and plan.schema.table("orders") is not None
    assert f"EXPLAIN {GOOD}" in upstream.queries
    upstream.queries.clear()
    again = await planner.plan("  how   many orders ", upstream)
    assert again.cached and again.sql == GOOD
    assert translator.calls == ["how many orders"]
    assert len(upstream.queries) == 1     # only the schema-cache key query


async def test_volatile_candidate_is_skipped(upstream: PsycopgUpstream) -> None:
    plan = await make_planner(DictTranslator(ANSWERS)).plan("volatile first", upstream)
    assert plan.sql == GOOD and plan.score == -0.9
    assert [sql for sql, _ in plan.rejected] == ["select pg_sleep(1)"]
    assert "volatile" in plan.rejected[0][1]


async def test_explain_catches_type_errors(upstream: PsycopgUpstream) -> None:
    plan = await make_planner(DictTranslator(ANSWERS)).plan("type error first", upstream)
    assert plan.sql == "select count(*) from regions"
    assert "operator does not exist" in plan.rejected[0][1]


async def test_without_explain_check_type_errors_pass(upstream: PsycopgUpstream) -> None:
    planner = make_planner(DictTranslator(ANSWERS), explain_check=False)
    plan = await planner.plan("type error first", upstream)
    assert plan.sql == "select * from orders where ordered_at = 5"
    assert not any(q.startswith("EXPLAIN") for q in upstream.queries)


async def test_explain_skipped_when_upstream_says_unsafe(upstream: PsycopgUpstream) -> None:
    upstream.explain_safe = False   # type: ignore[attr-defined]
    plan = await make_planner(DictTranslator(ANSWERS)).plan("only type error", upstream)
    assert plan.sql.endswith("= 5")


async def test_single_rejection_is_raised_as_is(upstream: PsycopgUpstream) -> None:
    with pytest.raises(RejectedSQL) as info:
        await make_planner(DictTranslator(ANSWERS)).plan("only volatile", upstream)
    assert info.value.sqlstate == "42501" and info.value.sql == "select random()"
    with pytest.raises(RejectedSQL) as info:
        await make_planner(DictTranslator(ANSWERS)).plan("only type error", upstream)
    assert info.value.sqlstate == "42883"   # the upstream's own SQLSTATE


async def test_explain_reports_missing_privileges(upstream: PsycopgUpstream) -> None:
    with pytest.raises(RejectedSQL) as info:
        await make_planner(DictTranslator(ANSWERS)).plan("star over column grant", upstream)
    assert info.value.sqlstate == "42501" and "permission denied" in info.value.message


async def test_all_rejected_lists_every_candidate(upstream: PsycopgUpstream) -> None:
    with pytest.raises(UntranslatableQuestion) as info:
        await make_planner(DictTranslator(ANSWERS)).plan("all bad", upstream)
    err = info.value
    assert err.sqlstate == "42000" and err.detail is not None
    for candidate, sqlstate in zip(ANSWERS["all bad"], ["42501", "42P01", "42703", "42883"]):
        assert candidate.sql in err.detail
        assert f"rejected ({sqlstate})" in err.detail


async def test_plain_reading_answers_when_no_candidate_passes(upstream: PsycopgUpstream) -> None:
    plan = await make_planner(DictTranslator(ANSWERS), read=True).plan("how many stores are there", upstream)
    assert plan.sql == "SELECT count(*) FROM stores" and plan.reading


async def test_plain_reading_can_be_skipped(upstream: PsycopgUpstream) -> None:
    with pytest.raises(RejectedSQL):
        await make_planner(DictTranslator(ANSWERS)).plan("how many stores are there", upstream)


async def test_a_confident_model_keeps_its_answer(upstream: PsycopgUpstream) -> None:
    plan = await make_planner(DictTranslator(ANSWERS), read=True).plan("how many stores do we have", upstream)
    assert plan.sql == "select count(*) from stores s" and not plan.reading


async def test_a_reading_goes_before_an_unsure_model(upstream: PsycopgUpstream) -> None:
    translator = DictTranslator(ANSWERS)
    plan = await make_planner(translator, read=True).plan("how many stores exist", upstream)
    assert plan.sql == "SELECT count(*) FROM stores"
    assert translator.calls == ["how many stores exist"]    # the model ran, and was unsure
    assert plan.reading


async def test_no_candidates(upstream: PsycopgUpstream) -> None:
    with pytest.raises(UntranslatableQuestion):
        await make_planner(DictTranslator(ANSWERS)).plan("nothing", upstream)


@pytest.mark.parametrize("question,error,sqlstate", [
    ("delete all cancelled orders", DataChangeRequested, "42501"),
    ("what's the weather in Paris", QuestionNotAnswerable, "42000"),
    ("average salary of astronauts", QuestionNotAnswerable, "42000"),   # names nothing of the schema
])
async def test_unanswerable_question_is_refused_before_translation(
        upstream: PsycopgUpstream, question: str, error: type, sqlstate: str) -> None:
    translator = DictTranslator({question: [Candidate(GOOD, -0.1)]})
    with pytest.raises(error) as info:
        await make_planner(translator, refuse=True).plan(question, upstream)
    assert type(info.value) is error and info.value.sqlstate == sqlstate and info.value.hint
    assert translator.calls == []
    assert not any(q.startswith("EXPLAIN") or q == GOOD for q in upstream.queries)
    plan = await make_planner(DictTranslator(ANSWERS), refuse=True).plan("how many orders", upstream)
    assert plan.sql == GOOD


@pytest.mark.parametrize("by_sense", [False, True])
async def test_the_refusal_check_leaves_the_loop_only_when_it_may_run_minilm(
        upstream: PsycopgUpstream, monkeypatch: pytest.MonkeyPatch, by_sense: bool) -> None:
    threads: list[threading.Thread] = []
    refuse = AskPlanner._refuse

    def recorded(self: AskPlanner, *args: object) -> None:
        threads.append(threading.current_thread())
        refuse(self, *args)    # type: ignore[arg-type]

    monkeypatch.setattr(AskPlanner, "_refuse", recorded)
    planner = AskPlanner(DictTranslator(ANSWERS), SchemaCache(), TranslationCache(16), translate_timeout_s=5.0,
                         refuse_unanswerable=True,
                         steps=Steps.without(OFF, by_sense=by_sense))
    assert (await planner.plan("how many orders", upstream)).sql == GOOD
    assert len(threads) == 1 and (threads[0] is threading.main_thread()) is not by_sense


@pytest.mark.parametrize("by_sense", [False, True])
async def test_a_new_schema_has_its_names_embedded_ahead_only_with_sense_placement(
        upstream: PsycopgUpstream, monkeypatch: pytest.MonkeyPatch, by_sense: bool) -> None:
    handed: list[SchemaContext] = []
    monkeypatch.setattr(sense_warmup, "warm", handed.append)
    planner = AskPlanner(DictTranslator(ANSWERS), SchemaCache(), TranslationCache(16), translate_timeout_s=5.0,
                         steps=Steps.without(OFF, by_sense=by_sense))
    first = await planner.plan("how many orders", upstream)
    await planner.plan("how many stores exist", upstream)        # the same schema: prepared once
    assert handed == ([first.schema] if by_sense else [])


async def test_failures_are_not_cached(upstream: PsycopgUpstream) -> None:
    translator = DictTranslator(ANSWERS)
    planner = make_planner(translator)
    for _ in range(2):
        with pytest.raises(RejectedSQL):
            await planner.plan("only volatile", upstream)
    assert translator.calls == ["only volatile", "only volatile"]


async def test_translator_timeout(upstream: PsycopgUpstream) -> None:
    planner = make_planner(DictTranslator(ANSWERS, delay_s=5), timeout_s=0.05)
    with pytest.raises(AskTimeout) as info:
        await planner.plan("how many orders", upstream)
    assert info.value.sqlstate == "57014"


async def test_translator_crash_is_engine_failure(upstream: PsycopgUpstream) -> None:
    planner = make_planner(DictTranslator(ANSWERS, error=RuntimeError("CUDA out of memory")))
    with pytest.raises(EngineFailure) as info:
        await planner.plan("how many orders", upstream)
    assert info.value.sqlstate == "58000"
    assert info.value.detail == "RuntimeError: CUDA out of memory"


async def test_translator_ask_errors_pass_through(upstream: PsycopgUpstream) -> None:
    planner = make_planner(DictTranslator(ANSWERS, error=EngineOverloaded("queue full")))
    with pytest.raises(EngineOverloaded):
        await planner.plan("how many orders", upstream)


async def test_schema_change_invalidates_translation(pg: PgCluster,
                                                     upstream: PsycopgUpstream) -> None:
    translator = DictTranslator(ANSWERS)
    schemas = SchemaCache()
    planner = AskPlanner(translator, schemas, TranslationCache(16), translate_timeout_s=5,
                         steps=Steps.without(frozenset({"generated_example"})))
    first = await planner.plan("how many orders", upstream)
    pg.psql(f"CREATE TABLE planner_extra (a int); GRANT SELECT ON planner_extra TO {ROLE}",
            dbname=DB)
    try:
        assert (await planner.plan("how many orders", upstream)).cached   # stale until told
        schemas.invalidate_all()          # what the session does when DDL passes through
        second = await planner.plan("how many orders", upstream)
    finally:
        pg.psql("DROP TABLE planner_extra", dbname=DB)
    assert not second.cached and second.schema.fingerprint != first.schema.fingerprint
    assert translator.calls == ["how many orders", "how many orders"]


async def test_hidden_table_rejected_for_role(upstream: PsycopgUpstream) -> None:
    answers = {"codes": [Candidate("select code from secrets", 0.0)]}
    with pytest.raises(RejectedSQL) as info:
        await make_planner(DictTranslator(answers)).plan("codes", upstream)
    assert info.value.sqlstate == "42P01"


# --- translation cache -----------------------------------------------------------------------------

def _ctx(role: str = "r", table_count: int = 0) -> SchemaContext:
    from ask.schema import Column, Table
    tables = tuple(Table("public", f"t{i}", (Column("a", "int"),)) for i in range(table_count))
    return SchemaContext("db", role, ("public",), tables)


def test_question_normalisation() -> None:
    assert normalize_question("  How\tmany\n orders？ ") == "How many orders?"
    assert normalize_question("East China") != normalize_question("east china")


def test_translation_key_includes_schema_and_role() -> None:
    base = translation_key("q", _ctx())
    assert base == TranslationKey("q", _ctx().fingerprint, "r")
    assert base != translation_key("q", _ctx(role="other"))
    assert base != translation_key("q", _ctx(table_count=1))


def test_translation_cache_lru_and_counters() -> None:
    cache = TranslationCache(max_entries=2)
    a, b, c = (translation_key(q, _ctx()) for q in "abc")
    assert cache.get(a) is None
    cache.put(a, [Candidate("select 1", 0.0)])
    cache.put(b, [Candidate("select 2", 0.0)])
    assert cache.get(a) == (Candidate("select 1", 0.0),)    # a is now most recent
    cache.put(c, [Candidate("select 3", 0.0)])               # evicts b
    assert cache.get(b) is None and cache.get(c) is not None and len(cache) == 2
    assert (cache.hits, cache.misses) == (2, 2)
    with pytest.raises(ValueError):
        TranslationCache(-1)
    off = TranslationCache(0)                                 # the benchmark's "cache off"
    off.put(a, [Candidate("select 1", 0.0)])
    assert off.get(a) is None and len(off) == 0


async def test_quarter_interval_is_repaired_before_explain(upstream: PsycopgUpstream) -> None:
    # PostgreSQL rejects interval '1 quarter' (22007); the planner runs the months spelling.
    plan = await make_planner(DictTranslator(ANSWERS)).plan("last quarter", upstream)
    assert plan.sql == ("select count(*) from orders where ordered_at >= "
                        "date_trunc('quarter', current_date) - interval '3 months'")
    assert plan.rejected == ()
    assert f"EXPLAIN {plan.sql}" in upstream.queries


class WideningDictTranslator(DictTranslator):
    """First answers from one table; asked wider, from a second one (like beams after greedy)."""

    def __init__(self, answers: dict[str, list[Candidate]], wider: dict[str, list[Candidate]]) -> None:
        super().__init__(answers)
        self.wider = wider
        self.wider_calls: list[str] = []

    async def translate_wider(self, question: str, schema: SchemaContext,
                              matches: object) -> list[Candidate]:
        self.wider_calls.append(question)
        return list(self.wider.get(question, []))


async def test_no_valid_candidate_retries_wider(upstream: PsycopgUpstream) -> None:
    translator = WideningDictTranslator(ANSWERS, {"only type error": [
        Candidate("select * from orders where ordered_at = 5", -0.1),      # already tried
        Candidate("select count(*) from orders", -0.8)]})
    plan = await make_planner(translator).plan("only type error", upstream)
    assert plan.sql == GOOD and plan.score == -0.8
    assert translator.wider_calls == ["only type error"]
    assert [q for q in upstream.queries if q.startswith("EXPLAIN")] == [
        "EXPLAIN select * from orders where ordered_at = 5", f"EXPLAIN {GOOD}"]


async def test_valid_first_answer_never_widens(upstream: PsycopgUpstream) -> None:
    translator = WideningDictTranslator(ANSWERS, {"how many orders": [Candidate(GOOD, -0.1)]})
    await make_planner(translator).plan("how many orders", upstream)
    assert translator.wider_calls == []


async def test_nothing_new_when_wider_keeps_the_first_error(upstream: PsycopgUpstream) -> None:
    translator = WideningDictTranslator(ANSWERS, {})
    with pytest.raises(RejectedSQL) as info:
        await make_planner(translator).plan("only type error", upstream)
    assert info.value.sqlstate == "42883" and translator.wider_calls == ["only type error"]


async def test_near_miss_copy_of_a_linked_value_is_snapped(upstream: PsycopgUpstream) -> None:
    answers = {"orders in east china": [Candidate(
        "select count(*) from regions r where r.name = 'East Chna'", -0.2)]}
    plan = await make_planner(DictTranslator(answers)).plan("orders in east china", upstream)
    assert plan.sql == "select count(*) from regions r where r.name = 'East China'"


async def test_a_named_store_filtered_as_a_customer_is_moved_to_stores(upstream: PsycopgUpstream) -> None:
    question = "how many orders did Beijing Wangfujing get"
    answers = {question: [Candidate("select count(*) from orders o join customers cu on cu.customer_id = o.customer_id "
                                    "where cu.name = 'Beijing Wangfujing'", -0.2)]}
    translator = WideningDictTranslator(answers, {})
    plan = await make_planner(translator).plan(question, upstream)
    assert plan.sql == ("select count(*) from orders o join stores s on s.store_id = o.store_id "
                        "where s.name = 'Beijing Wangfujing'")
    assert translator.wider_calls == []          # the moved filter has no defect left to widen for


async def test_a_threshold_the_question_never_states_prefers_a_grounded_candidate(
        upstream: PsycopgUpstream) -> None:
    ungrounded = "select count(*) from products p where p.unit_price < 5000"
    grounded = "select count(*) from products p where p.unit_price < 500"
    translator = WideningDictTranslator({"products cheaper than 500": [Candidate(ungrounded, -0.1)]},
                                        {"products cheaper than 500": [Candidate(ungrounded, -0.1),
                                                                Candidate(grounded, -0.3)]})
    planner = make_planner(translator)
    plan = await planner.plan("products cheaper than 500", upstream)
    assert plan.sql == grounded and translator.wider_calls == ["products cheaper than 500"]
    again = await planner.plan("products cheaper than 500", upstream)
    assert again.cached and again.sql == grounded


async def test_a_threshold_after_a_comparison_word_is_copied_without_widening(
        upstream: PsycopgUpstream) -> None:
    sql = "select count(*) from products p where p.unit_price < 5000"
    translator = WideningDictTranslator({"products under 500": [Candidate(sql, -0.1)]}, {})
    plan = await make_planner(translator).plan("products under 500", upstream)
    assert plan.sql == sql.replace("5000", "500") and translator.wider_calls == []


async def test_grounded_numbers_never_widen(upstream: PsycopgUpstream) -> None:
    sql = "select count(*) from products p where p.unit_price < 500"
    translator = WideningDictTranslator({"products cheaper than 500": [Candidate(sql, -0.1)]}, {})
    assert (await make_planner(translator).plan("products cheaper than 500", upstream)).sql == sql
    assert translator.wider_calls == []


async def test_no_grounded_alternative_keeps_the_first_answer(upstream: PsycopgUpstream) -> None:
    sql = "select count(*) from products p where p.unit_price < 5000"
    translator = WideningDictTranslator({"products cheaper than 500": [Candidate(sql, -0.1)]},
                                        {"products cheaper than 500": [Candidate(sql, -0.1)]})
    assert (await make_planner(translator).plan("products cheaper than 500", upstream)).sql == sql
    assert translator.wider_calls == ["products cheaper than 500"]


async def test_an_answer_about_another_entity_prefers_one_the_question_names(
        upstream: PsycopgUpstream) -> None:
    stores = "select count(*) from stores s"
    customers = "select count(*) from customers cu"
    translator = WideningDictTranslator({"how many customers": [Candidate(stores, -0.1)]},
                                        {"how many customers": [Candidate(stores, -0.1),
                                                                Candidate(customers, -0.4)]})
    plan = await make_planner(translator).plan("how many customers", upstream)
    assert plan.sql == customers and translator.wider_calls == ["how many customers"]


async def test_an_answer_about_the_named_entity_never_widens(upstream: PsycopgUpstream) -> None:
    sql = "select count(*) from customers cu"
    translator = WideningDictTranslator({"how many customers": [Candidate(sql, -0.1)]}, {})
    assert (await make_planner(translator).plan("how many customers", upstream)).sql == sql
    assert translator.wider_calls == []


async def test_a_failing_grounding_check_never_fails_the_ask(upstream: PsycopgUpstream,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from ask import planner as planner_module

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("unforeseen statement")
    monkeypatch.setattr(planner_module, "subject_defects", broken)
    monkeypatch.setattr(planner_module, "ground_threshold", broken)
    sql = "select count(*) from stores s"
    translator = WideningDictTranslator({"how many customers": [Candidate(sql, -0.1)]}, {})
    plan = await make_planner(translator).plan("how many customers", upstream)
    assert plan.sql == sql and translator.wider_calls == []


class _OneExample:
    """An examples store whose caller sees one example, never the question asked."""

    async def visible(self, schema: SchemaContext, upstream: object) -> ExampleIndex:
        return ExampleIndex([Example(7, "a question nobody asks", "select 1")])


def _adapting(sql: str, seen: list[str]) -> Steps:
    def adapter(index: ExampleIndex, question: str, links: object, schema: SchemaContext
                ) -> Found:
        seen.append(question)
        return Found(Example(7, "a question nobody asks", "select 1"), sql, paraphrase=True)
    base = Steps.without(frozenset({"plain_reading", "generated_example"}))
    return replace(base, adapters=(("adapted_example", adapter),))


async def test_an_adapted_example_is_checked_like_model_sql_and_never_cached(
        upstream: PsycopgUpstream) -> None:
    translator, seen = DictTranslator(ANSWERS), list[str]()
    planner = AskPlanner(translator, SchemaCache(), TranslationCache(16), translate_timeout_s=5,
                         refuse_unanswerable=False, examples=_OneExample(),  # type: ignore[arg-type]
                         steps=_adapting("select count(*) from regions", seen))
    plan = await planner.plan("how many orders", upstream)
    assert (plan.sql, plan.example_id, plan.adapted) == ("select count(*) from regions", 7, True)
    assert "EXPLAIN select count(*) from regions" in upstream.queries
    again = await planner.plan("how many orders", upstream)
    assert again.adapted and seen == ["how many orders"] * 2 and translator.calls == []


async def test_an_adapted_example_explain_rejects_goes_to_the_model(
        upstream: PsycopgUpstream) -> None:
    translator, seen = DictTranslator(ANSWERS), list[str]()
    planner = AskPlanner(translator, SchemaCache(), TranslationCache(16), translate_timeout_s=5,
                         refuse_unanswerable=False, examples=_OneExample(),  # type: ignore[arg-type]
                         steps=_adapting("select * from orders where ordered_at = 5", seen))
    plan = await planner.plan("how many orders", upstream)
    assert (plan.sql, plan.example_id, plan.adapted) == (GOOD, None, False)
    assert translator.calls == ["how many orders"]
    assert "EXPLAIN select * from orders where ordered_at = 5" in upstream.queries


async def test_an_example_adapted_after_the_question_was_translated_wins_over_the_cache(
        upstream: PsycopgUpstream) -> None:
    translator, seen = DictTranslator(ANSWERS), list[str]()
    cache = TranslationCache(16)
    before = AskPlanner(translator, SchemaCache(), cache, translate_timeout_s=5,
                        refuse_unanswerable=False, steps=Steps.without(frozenset({"plain_reading", "generated_example"})))
    assert (await before.plan("how many orders", upstream)).sql == GOOD
    after = AskPlanner(translator, SchemaCache(), cache, translate_timeout_s=5,
                       refuse_unanswerable=False, examples=_OneExample(),  # type: ignore[arg-type]
                       steps=_adapting("select count(*) from regions", seen))
    plan = await after.plan("how many orders", upstream)
    assert (plan.sql, plan.adapted) == ("select count(*) from regions", True)


@pytest.mark.parametrize("refuse", [True, False])
async def test_an_unsure_model_and_no_reading_refuse_rather_than_answer(
        upstream: PsycopgUpstream, refuse: bool) -> None:
    """On a schema unlike its training data the unsure model is nearly always wrong: when the
    plain reader cannot place the question either, it is refused (42000, the words it could
    not place in the hint) instead of answered; with refusal off the model's answer stands."""
    question = "how do stores compare across regions over time"
    translator = DictTranslator({question: [Candidate("select count(*) from stores s", -0.5)]})
    planner = make_planner(translator, refuse=refuse, read=True)
    if not refuse:
        assert (await planner.plan(question, upstream)).sql == "select count(*) from stores s"
        return
    with pytest.raises(QuestionNotAnswerable) as info:
        await planner.plan(question, upstream)
    assert info.value.sqlstate == "42000" and info.value.hint
    assert translator.calls == [question]       # the model ran, was unsure, and nothing placed it


async def test_a_reading_that_leaves_a_made_up_word_carries_no_unsure_answer(
        upstream: PsycopgUpstream) -> None:
    """"average unit price of products per category" reads; with a made-up word beside it
    ("zorblat": no English, schema, stored value, typo or name) the reading that ignores that
    word places no question an unsure model's answer may give way to: refused (42000), nothing
    run."""
    plain = "average unit price of products per category"
    question = plain + " zorblat"
    unsure = [Candidate("select count(*) from stores s", -0.5)]
    planner = make_planner(DictTranslator({plain: unsure, question: unsure}), refuse=True, read=True)
    read = await planner.plan(plain, upstream)
    assert "avg(" in read.sql and "categor" in read.sql, read.sql
    upstream.queries.clear()
    with pytest.raises(QuestionNotAnswerable) as info:
        await planner.plan(question, upstream)
    assert info.value.sqlstate == "42000" and "zorblat" in (info.value.hint or "")
    assert not any("avg(" in q or q.startswith("select count(*) from stores") for q in upstream.queries)


async def test_the_winners_defects_are_counted_in_its_checks_trip(
        upstream: PsycopgUpstream, monkeypatch: pytest.MonkeyPatch) -> None:
    # One trip to a worker thread per candidate, not a second one for the winner's defects:
    # on two cores each trip is a wake-up other sessions wait for.
    from ask import planner as planner_module
    trips: list[str] = []
    real = asyncio.to_thread

    async def counted(func, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        trips.append(getattr(func, "__name__", repr(func)))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(planner_module.asyncio, "to_thread", counted)
    ungrounded = "select count(*) from products p where p.unit_price < 5000"
    grounded = "select count(*) from products p where p.unit_price < 500"
    translator = WideningDictTranslator({"products cheaper than 500": [Candidate(ungrounded, -0.1)]},
                                        {"products cheaper than 500": [Candidate(ungrounded, -0.1),
                                                                       Candidate(grounded, -0.3)]})
    plan = await make_planner(translator).plan("products cheaper than 500", upstream)
    # the count made with the checks still decides: the ungrounded winner widens, as before
    assert plan.sql == grounded and translator.wider_calls == ["products cheaper than 500"]
    assert trips.count("_validated_scored") == 1 and "_defects" not in trips


def unread_planner(translator: DictTranslator) -> AskPlanner:
    """Refusal on, and a reader that reads nothing: what the model says is all there is."""
    steps = replace(Steps.without(OFF), readers=(("no_reading", lambda q: None),))
    return AskPlanner(translator, SchemaCache(), TranslationCache(16), translate_timeout_s=5.0,
                      refuse_unanswerable=True, steps=steps)


async def test_an_unsure_model_answer_that_keeps_its_defects_is_refused_and_not_cached(
        upstream: PsycopgUpstream) -> None:
    """The confident first answer counts stores below a number the question never states; the
    wider decode's best has one defect left (the number) and the model is unsure of it: with
    refusal on it is refused (42000), nothing run, and asked again it is translated again,
    never served from the cache. A confident answer with the same defect stands."""
    question = "products cheaper than 500"
    stores = Candidate("select count(*) from stores s where s.store_id < 5000", -0.01)
    for score, refused in ((-0.2, True), (-0.03, False)):
        ungrounded = Candidate("select count(*) from products p where p.unit_price < 5000", score)
        translator = WideningDictTranslator({question: [stores]}, {question: [stores, ungrounded]})
        planner = unread_planner(translator)
        upstream.queries.clear()
        if not refused:
            assert (await planner.plan(question, upstream)).sql == ungrounded.sql
            continue
        for _ in range(2):
            with pytest.raises(QuestionNotAnswerable) as info:
                await planner.plan(question, upstream)
            assert info.value.sqlstate == "42000" and "5000" in (info.value.detail or "")
        assert translator.calls == [question, question]
        assert not any(q.startswith("select") for q in upstream.queries)


async def test_an_unsure_wider_answer_with_defects_is_refused_and_one_without_answers(
        upstream: PsycopgUpstream) -> None:
    """Every first candidate fails the checks; the wider decode's winner is held to the same
    rule: refused while the model is unsure of it and it keeps a defect, answered when it has
    none or the model is sure of it."""
    question = "products cheaper than 500"
    broken = Candidate("select * from products where unit_price = now()", -0.01)
    ungrounded = "select count(*) from products p where p.unit_price < 5000"
    grounded = Candidate("select count(*) from products p where p.unit_price < 500", -0.3)
    translator = WideningDictTranslator({question: [broken]}, {question: [broken, Candidate(ungrounded, -0.2)]})
    with pytest.raises(QuestionNotAnswerable) as info:
        await unread_planner(translator).plan(question, upstream)
    assert info.value.sqlstate == "42000" and translator.wider_calls == [question]
    for answer in (grounded, Candidate(ungrounded, -0.03)):
        translator = WideningDictTranslator({question: [broken]}, {question: [broken, answer]})
        assert (await unread_planner(translator).plan(question, upstream)).sql == answer.sql
