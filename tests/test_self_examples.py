"""Examples the proxy writes itself over a caller's schema (ask/context/self_examples.py):
what a role's examples name, when they are built again, how long a build may take, and how the
planner uses them (after every taught example, checked as model SQL), on a real PostgreSQL."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

import psycopg
import pytest

from ask.context import self_examples
from ask.context.examples import Example, ExampleIndex
from ask.context.introspection import SchemaCache
from ask.context.self_examples import DERIVED, Budget, build, match
from ask.context.value_linking import link_values
from ask.errors import AskError
from ask.foreground import Foreground
from ask.planner import AskPlanner, Steps
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.translation_cache import TranslationCache
from ask.translate.translator import Candidate
from proxy.ask_execution import GENERATED_PREFIX, plan_notice
from proxy.evaluation.predictor import NOTICE_SQL
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import ProxyThread
from tests.test_introspection import PsycopgUpstream, connect_upstream

DB = "ask_self_examples"
COACH, AUDITOR = "selfex_coach", "selfex_auditor"

SETUP = f"""
CREATE ROLE {COACH} LOGIN;
CREATE ROLE {AUDITOR} LOGIN;
CREATE TABLE teams (team_id int PRIMARY KEY, name text, city text);
CREATE TABLE players (player_id int PRIMARY KEY, name text, position text, salary numeric,
                      team_id int REFERENCES teams);
CREATE TABLE bonuses (bonus_id int PRIMARY KEY, name text, amount numeric);
INSERT INTO teams VALUES (1, 'Red Lions', 'Lyon'), (2, 'Blue Foxes', 'Oslo');
INSERT INTO players VALUES (1, 'Ann Lee', 'Goalkeeper', 100, 1), (2, 'Bo Chan', 'Forward', 200, 1),
                           (3, 'Cy Dorn', 'Forward', 300, 2);
INSERT INTO bonuses VALUES (1, 'signing', 50);
CREATE TABLE drills (drill_id int PRIMARY KEY, name text, focus text);
INSERT INTO drills VALUES (1, 'rondo', 'passing'), (2, 'sprints', 'speed');
ALTER TABLE drills ENABLE ROW LEVEL SECURITY;
CREATE POLICY drills_seen ON drills FOR SELECT TO {COACH} USING (true);
GRANT SELECT ON teams, players, drills TO {COACH};
GRANT SELECT ON bonuses TO {AUDITOR};
"""


@pytest.fixture(scope="module")
def team_db(pg: PgCluster) -> str:
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(SETUP, dbname=DB)
    return DB


@pytest.fixture
async def coach(pg: PgCluster, team_db: str) -> AsyncIterator[PsycopgUpstream]:
    async with connect_upstream(pg, team_db, COACH) as up:
        yield up


@pytest.fixture
async def auditor(pg: PgCluster, team_db: str) -> AsyncIterator[PsycopgUpstream]:
    async with connect_upstream(pg, team_db, AUDITOR) as up:
        yield up


def _links(question: str, schema: SchemaContext) -> Sequence:
    return link_values(" ".join(question.split()), schema)


def _found_sql(question: str, schema: SchemaContext) -> str | None:
    found = match(question, _links(question, schema), schema)
    return None if found is None else found.sql


class Refusing:
    """A translator that must not be reached, or answers from a table."""

    def __init__(self, answers: dict[str, list[Candidate]] | None = None) -> None:
        self.answers = answers or {}
        self.calls: list[str] = []

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        self.calls.append(question)
        return list(self.answers.get(question, [Candidate("select nope", -0.1)]))


def _planner(translator: Refusing, examples: object = None,
             skipped: frozenset[str] = frozenset({"plain_reading"})) -> AskPlanner:
    return AskPlanner(translator, SchemaCache(), TranslationCache(16), translate_timeout_s=5,
                      refuse_unanswerable=False, examples=examples,  # type: ignore[arg-type]
                      steps=Steps.without(skipped))


# --- what a role's examples name ----------------------------------------------------------------

async def test_a_role_gets_examples_over_its_own_tables_only(coach: PsycopgUpstream,
                                                             auditor: PsycopgUpstream) -> None:
    cache = SchemaCache()
    theirs = {}
    for name, up in (("coach", coach), ("auditor", auditor)):
        context = await cache.get(up)
        theirs[name] = self_examples.self_examples(context).index.examples()
    coach_sql = " ".join(e.sql for e in theirs["coach"])
    auditor_sql = " ".join(e.sql for e in theirs["auditor"])
    assert '"players"' in coach_sql and '"teams"' in coach_sql and '"bonuses"' not in coach_sql
    assert '"bonuses"' in auditor_sql and '"players"' not in auditor_sql
    assert '"teams"' not in auditor_sql
    assert all(e.id < 0 for e in theirs["coach"] + theirs["auditor"])   # never a taught id
    coach_ctx, auditor_ctx = await cache.get(coach), await cache.get(auditor)
    assert _found_sql("how many bonuses are there", coach_ctx) is None
    assert _found_sql("how many bonuses are there", auditor_ctx) == \
        'SELECT count(*) FROM "bonuses" b'


async def test_a_stored_value_is_rebound_and_a_looser_question_is_no_match(
        coach: PsycopgUpstream) -> None:
    context = await SchemaCache().get(coach)
    drafted = [e.question for e in self_examples.self_examples(context).index.examples()]
    players = context.table("players")
    assert players is not None
    positions = players.column("position")
    assert positions is not None and set(positions.values) == {"Forward", "Goalkeeper"}
    written = positions.values[0]
    other = next(v for v in positions.values if v != written)
    assert f"how many players have position {written}" in drafted
    assert _found_sql(f"how many players have position {other}", context) == \
        f"SELECT count(*) FROM \"players\" p WHERE p.\"position\" = '{other}'"
    # Words the generated question does not say: not near-exact, whatever the similarity.
    assert _found_sql("players with more salary than average", context) is None
    assert _found_sql("list the salary of players in descending order", context) is None
    grouped = ('SELECT p."position", count(*) FROM "players" p GROUP BY p."position"')
    assert _found_sql("How many players are there for each position?", context) == grouped
    # A column named twice is asked for twice (to show and to group by, say): not near-exact.
    assert _found_sql("the position and how many players are there for each position",
                      context) is None


# --- caching and invalidation -------------------------------------------------------------------

async def test_built_once_per_context_and_again_after_ddl(pg: PgCluster,
                                                          coach: PsycopgUpstream) -> None:
    cache = SchemaCache()
    first = self_examples.self_examples(await cache.get(coach))
    assert self_examples.self_examples(await cache.get(coach)) is first
    pg.psql(f"CREATE TABLE coaches (coach_id int PRIMARY KEY, name text); "
            f"GRANT SELECT ON coaches TO {COACH}", dbname=DB)
    try:
        cache.invalidate_database(DB)           # what DDL relayed by the proxy does
        context = await cache.get(coach)
        again = self_examples.self_examples(context)
        assert again is not first
        assert _found_sql("how many coaches are there", context) == \
            'SELECT count(*) FROM "coaches" c'
        assert not any('"coaches"' in e.sql for e in first.index.examples())
    finally:
        pg.psql("DROP TABLE coaches", dbname=DB)


async def test_a_context_remade_per_ask_reuses_its_examples_and_drafts_no_session_values(
        coach: PsycopgUpstream) -> None:
    cache = SchemaCache()
    one, two = await cache.get(coach), await cache.get(coach)
    assert one is not two                    # the row-security values are read on every ASK
    drills = one.table("drills")
    assert drills is not None and drills.row_security
    focus = drills.column("focus")
    assert focus is not None and set(focus.values) == {"passing", "speed"}
    built = self_examples.self_examples(one)
    assert self_examples.self_examples(two) is built
    drafted = built.index.examples()
    assert any(e.sql == 'SELECT count(*) FROM "drills" d' for e in drafted)
    assert not any("passing" in e.sql or "speed" in e.sql for e in drafted)


async def test_an_ask_is_foreground_work_while_it_is_planned(coach: PsycopgUpstream) -> None:
    """What a wide schema's examples build waits for (ask.foreground): an ASK being planned."""
    from ask.foreground import FOREGROUND
    seen: list[int] = []

    class Watching(Refusing):
        async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
            seen.append(FOREGROUND.active)
            return await super().translate(question, schema)
    before = FOREGROUND.active
    with pytest.raises(AskError) as failed:      # "select nope" names no table of the schema
        await _planner(Watching()).plan("zzz qqq unknown words", coach)
    assert failed.value.sqlstate.startswith("42"), failed.value
    assert seen == [before + 1] and FOREGROUND.active == before


# --- bounds -------------------------------------------------------------------------------------

def wide(n: int) -> SchemaContext:
    tables = []
    for i in range(n):
        ref = (i * 7 + 3) % n
        cols = (Column(f"t{i}_id", "integer", False), Column("name", "text"),
                Column("kind", "text", values=("alpha", "beta")), Column(f"amount_{i % 7}", "numeric"),
                Column(f"ref{i}_id", "integer"))
        fks = (ForeignKey((f"ref{i}_id",), "public", f"table_{ref}", (f"t{ref}_id",)),)
        tables.append(Table("public", f"table_{i}", cols, (f"t{i}_id",), fks))
    return SchemaContext("db", "bench", ("public",), tuple(tables))


def test_a_build_stops_at_its_example_and_time_budgets() -> None:
    schema = wide(1000)
    capped = build(schema, Budget(max_examples=300, max_seconds=60))
    assert (capped.drafted, capped.kept, len(capped.index)) == (300, 300, 300)
    # Rounds of shape over all tables: a build cut short has every table's count first.
    assert {e.question for e in capped.index.examples()[:5]} <= {
        f"how many table {i}s are there" for i in range(1000)}
    assert len({e.sql.split(" FROM ")[1] for e in capped.index.examples()
                if e.sql.startswith("SELECT count(*) FROM")}) >= 300
    timed = build(schema, Budget(max_examples=100_000, max_seconds=0.05))
    assert timed.seconds < 0.05 + 0.5          # one shape past the deadline, on a busy machine
    assert 0 < timed.kept < 100_000
    assert timed.kept < len(list(self_examples.drafts(schema)))


async def test_the_planner_builds_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = wide(1000)
    link_values("", schema)          # the value index: made before, by ask/schema_prep.py
    threads: list[threading.Thread] = []

    def recorded(schema: SchemaContext, budget: Budget = Budget(),
                 yield_to: object = None) -> self_examples.SelfExamples:
        threads.append(threading.current_thread())
        return build(schema, budget)

    monkeypatch.setattr(self_examples, "build", recorded)
    gaps: list[float] = []
    stop = asyncio.Event()

    async def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = asyncio.create_task(tick())
    plan = await _planner(Refusing())._generated("zzz qqq unknown words", schema,
                                                 None, [])  # type: ignore[arg-type]
    # The build outlasts the ASK's wait: the ASK went on without it, the build did not stop.
    deadline = time.monotonic() + 30
    while not schema.has_derived(DERIVED) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        await _planner(Refusing())._generated("zzz qqq unknown words", schema,
                                              None, [])  # type: ignore[arg-type]
    stop.set()
    await ticker
    assert plan is None and schema.has_derived(DERIVED)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    built = self_examples.self_examples(schema)
    assert built.kept > 0 and built.seconds <= Budget().max_seconds + 0.5
    # The loop kept ticking through a build of about a second (loose: a shared 2-core machine
    # may not run the loop's thread for a while).
    assert max(gaps) < 0.6, max(gaps)


def test_an_ask_waits_for_a_slow_build_only_briefly(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = wide(3)
    link_values("", schema)
    release = threading.Event()
    builds: list[int] = []

    def slow(schema: SchemaContext, budget: Budget = Budget(),
                 yield_to: object = None) -> self_examples.SelfExamples:
        builds.append(1)
        release.wait(10)
        return build(schema, budget)

    monkeypatch.setattr(self_examples, "build", slow)
    budget = Budget(first_wait_s=0.05)
    started = time.perf_counter()
    assert self_examples.ready(schema, budget) is None          # still building: go on without
    assert self_examples.ready(schema, budget) is None          # the same build, not a second
    assert time.perf_counter() - started < 2.0 and builds == [1]
    release.set()
    deadline = time.monotonic() + 10
    found = None
    while found is None and time.monotonic() < deadline:
        found = self_examples.ready(schema, budget)
    assert found is not None and found.kept > 0 and builds == [1]
    assert schema.has_derived(DERIVED) and self_examples.self_examples(schema) is found


def ask_in_flight(fg: Foreground) -> tuple[threading.Event, threading.Thread]:
    """An ASK being planned in another thread until the event is set (and the thread joined)."""
    leave = threading.Event()

    def ask() -> None:
        with fg.running():
            leave.wait(30)
    thread = threading.Thread(target=ask)
    thread.start()
    while fg.active == 0:
        time.sleep(0.001)
    return leave, thread


def test_foreground_work_is_counted_and_waited_for() -> None:
    fg = Foreground()
    assert fg.wait_idle(5.0) == 0.0 and fg.active == 0
    with fg.running(), fg.running():
        assert fg.active == 2
        assert 0.05 <= fg.wait_idle(0.05) < 2.0        # busy: waits its whole timeout
    assert fg.active == 0 and fg.wait_idle(5.0) == 0.0
    leave, thread = ask_in_flight(fg)
    threading.Timer(0.1, leave.set).start()
    waited = fg.wait_idle(10.0)                       # returns when the ASK ends, not at 10 s
    thread.join()
    assert 0.05 <= waited < 5.0


def test_a_wide_build_waits_while_an_ask_is_planned_and_counts_only_its_work() -> None:
    schema = wide(200)
    link_values("", schema)
    fg = Foreground()
    budget = Budget(max_examples=64, max_seconds=60, yield_every=8, max_yield_s=30)
    built: list[self_examples.SelfExamples] = []
    leave, asking = ask_in_flight(fg)
    builder = threading.Thread(target=lambda: built.append(build(schema, budget, fg)))
    started = time.perf_counter()
    builder.start()
    time.sleep(0.5)
    assert builder.is_alive() and not built           # it waits for the ASK at its first piece
    leave.set()
    asking.join()
    builder.join(30)
    assert built and built[0].kept == 64
    assert built[0].seconds < time.perf_counter() - started - 0.4   # its waiting is not its time


def test_a_wide_build_under_unending_asks_is_delayed_not_starved() -> None:
    schema = wide(200)
    link_values("", schema)
    fg = Foreground()
    with fg.running():                                 # an ASK that never ends
        started = time.perf_counter()
        made = build(schema, Budget(max_examples=64, max_seconds=60, yield_every=8, max_yield_s=0.3), fg)
        took = time.perf_counter() - started
    assert made.kept == 64 and 0.3 <= took < 20


def test_an_ask_on_a_wide_schema_never_waits_and_its_build_starts_after_a_delay(
        monkeypatch: pytest.MonkeyPatch) -> None:
    schema = wide(12)
    link_values("", schema)
    started_at: list[float] = []

    def timed(schema: SchemaContext, budget: Budget = Budget(),
                 yield_to: object = None) -> self_examples.SelfExamples:
        started_at.append(time.perf_counter())
        return build(schema, budget)

    monkeypatch.setattr(self_examples, "build", timed)
    budget = Budget(first_wait_s=5.0, wait_tables=10, wide_delay_s=0.3)
    asked = time.perf_counter()
    assert self_examples.ready(schema, budget) is None           # 12 tables > 10: no wait at all
    assert time.perf_counter() - asked < 0.2 and started_at == []
    deadline = time.monotonic() + 10
    found = None
    while found is None and time.monotonic() < deadline:
        time.sleep(0.02)
        found = self_examples.ready(schema, budget)
    assert found is not None and found.kept > 0
    assert len(started_at) == 1 and started_at[0] - asked >= 0.3


def test_on_a_wide_schema_only_examples_holding_every_asked_token_are_scored(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Over 120 tables named one letter apart ("table_17", "table_13"), a question about one of
    them gets that table's example, scoring only the few examples that hold all its tokens. (The
    whole index may pick a neighbour one letter off by score, which the near-exact test then
    refuses: nothing, or the same answer.)"""
    schema = wide(120)
    link_values("", schema)
    built = build(schema, Budget(max_seconds=60))
    assert built.postings is not None and built.kept == len(built.shaped) > 120
    whole = self_examples.SelfExamples(built.index, built.drafted, built.kept, built.seconds)
    (example,) = [e for e, _ in built.shaped if e.question == "how many table 17s are there"]
    question = "please show " + example.question
    links = link_values(question, schema)

    def asked(found: self_examples.SelfExamples) -> str | None:
        monkeypatch.setattr(self_examples, "ready", lambda s, budget=Budget(): found)
        got = match(question, links, schema)
        return got.sql if got is not None else None

    assert asked(built) == example.sql
    scored = self_examples._narrowed(built, frozenset({"COUNT", "table", "17s"}), schema)
    assert 0 < len(scored) < 10
    assert asked(whole) in (None, example.sql)


# --- the planner --------------------------------------------------------------------------------

async def test_a_generated_example_is_checked_like_model_sql(coach: PsycopgUpstream) -> None:
    translator = Refusing()
    plan = await _planner(translator).plan("How many players are there?", coach)
    assert plan.generated and plan.example_id is None and not plan.cached
    assert plan.sql == 'SELECT count(*) FROM "players" p' and translator.calls == []
    assert f"EXPLAIN {plan.sql}" in coach.queries
    notice = plan_notice(plan)
    assert notice.startswith(GENERATED_PREFIX)
    found = NOTICE_SQL.search(notice)
    assert found is not None and found.group("sql") == plan.sql


async def test_skipped_or_unmatched_the_model_translates(coach: PsycopgUpstream) -> None:
    sql = "select count(*) from players"
    translator = Refusing({"how many players are there": [Candidate(sql, -0.01)],
                           "players per team please": [Candidate(sql, -0.01)]})
    skipped = _planner(translator, skipped=frozenset({"plain_reading", "generated_example"}))
    plan = await skipped.plan("how many players are there", coach)
    assert (plan.sql, plan.generated) == (sql, False)
    plan = await _planner(translator).plan("players per team please", coach)
    assert (plan.sql, plan.generated) == (sql, False)
    assert translator.calls == ["how many players are there", "players per team please"]


class _Taught:
    """An examples store whose caller sees one taught example."""

    def __init__(self, example: Example) -> None:
        self.example = example

    async def visible(self, schema: SchemaContext, upstream: object) -> ExampleIndex:
        return ExampleIndex([self.example])


async def test_a_taught_example_wins_over_a_generated_one(coach: PsycopgUpstream) -> None:
    taught = Example(5, "how many players are there", "select count(*) from players where salary > 0")
    translator = Refusing()
    plan = await _planner(translator, _Taught(taught)).plan("how many players are there", coach)
    assert (plan.sql, plan.example_id, plan.generated) == (taught.sql, 5, False)
    # A paraphrase of the taught question: the taught example still comes first.
    plan = await _planner(translator, _Taught(taught)).plan("how many players are there?", coach)
    assert (plan.example_id, plan.generated) == (5, False)
    assert translator.calls == []


async def test_a_generated_example_with_a_defect_goes_to_the_model(coach: PsycopgUpstream,
                                                                   monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    from ask import planner as planner_module
    monkeypatch.setattr(planner_module, "_defects", lambda *args, **kwargs: 1)
    sql = "select count(*) from players"
    translator = Refusing({"how many players are there": [Candidate(sql, -0.01)]})
    plan = await _planner(translator).plan("how many players are there", coach)
    assert (plan.sql, plan.generated) == (sql, False)


# --- through the proxy --------------------------------------------------------------------------

def _ask(proxy: ProxyThread, role: str, question: str) -> tuple[list[Any], str, list[str]]:
    """(rows or [], SQLSTATE or '', notices) of one ASK as ``role``."""
    notices: list[str] = []
    with psycopg.connect(proxy.dsn(role, DB), autocommit=True) as conn:
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        try:
            return conn.execute(f"ASK '{question}'").fetchall(), "", notices
        except psycopg.Error as exc:
            return [], exc.sqlstate or "", notices


def test_through_the_proxy_a_notice_names_the_generated_example(pg: PgCluster, team_db: str) -> None:
    translator = Refusing()
    proxy = ProxyThread(pg, translator, ask={"self_examples": True,
                                             "skip_steps": "plain_reading"}).start()
    try:
        rows, error, notices = _ask(proxy, COACH, "how many players are there")
        assert (rows, error) == ([(3,)], "")
        assert notices == [GENERATED_PREFIX + 'SELECT count(*) FROM "players" p']
        # The auditor's schema has no players: no example of the coach's answers it.
        rows, error, notices = _ask(proxy, AUDITOR, "how many players are there")
        assert rows == [] and error != "" and translator.calls == ["how many players are there"]
        assert not any(n.startswith(GENERATED_PREFIX) for n in notices)
    finally:
        proxy.stop()
    off = ProxyThread(pg, Refusing(), ask={"self_examples": False,
                                           "skip_steps": "plain_reading"}).start()
    try:
        rows, error, _ = _ask(off, COACH, "how many players are there")
        assert rows == [] and error != ""          # the translator's answer does not validate
    finally:
        off.stop()
