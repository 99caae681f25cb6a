"""Two roles with different grants (and a row-level-security table) through one proxy.

What one role can see must never reach the other through the ASK machinery: the schema
context the model is shown (tables, columns, linked values), the translation cache, and
error messages or notices. The translator here records the schema context of each call.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from ask.schema import SchemaContext
from ask.translate.translator import Candidate
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import ProxyThread

DB = "isolation"
ALICE, BOB = "iso_alice", "iso_bob"

SETUP = f"""
CREATE ROLE {ALICE} LOGIN; CREATE ROLE {BOB} LOGIN;
CREATE TABLE alice_notes (id int PRIMARY KEY, topic text);
INSERT INTO alice_notes VALUES (1, 'ALICE-TOPIC-MERGER'), (2, 'ALICE-TOPIC-LAYOFFS');
CREATE TABLE bob_notes (id int PRIMARY KEY, topic text);
INSERT INTO bob_notes VALUES (1, 'BOB-TOPIC-PICNIC');
CREATE TABLE docs (id int PRIMARY KEY, owner name, label text);
INSERT INTO docs VALUES (1, '{ALICE}', 'ALICE-DOC-SECRET'), (2, '{BOB}', 'BOB-DOC-PLAIN');
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON docs USING (owner = current_user);
CREATE TABLE payroll (id int, name text, salary numeric);
INSERT INTO payroll VALUES (1, 'ALICE-PAYROLL-NAME', 1);
GRANT SELECT ON alice_notes, docs TO {ALICE};
GRANT SELECT (id, name) ON payroll TO {ALICE};
GRANT SELECT ON bob_notes, docs TO {BOB};
ANALYZE;
"""
ALICE_SECRETS = ["alice_notes", "ALICE-TOPIC", "ALICE-DOC", "payroll", "ALICE-PAYROLL"]
BOB_SECRETS = ["bob_notes", "BOB-TOPIC", "BOB-DOC"]


class RecordingTranslator:
    """Answers with SQL naming whatever the question names; keeps every schema it is shown."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, SchemaContext]] = []

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        self.seen.append((question, schema))
        table = question.split()[-1]
        return [Candidate(f"select * from {table}", 0.0)]


@pytest.fixture(scope="module")
def env(pg: PgCluster) -> Iterator[tuple[ProxyThread, RecordingTranslator]]:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    for role in (ALICE, BOB):
        pg.psql(f"DROP ROLE IF EXISTS {role}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(SETUP, dbname=DB)
    translator = RecordingTranslator()
    # What the model's SQL may reach is under test; the plain reader (which reads only the
    # role's own schema context) is skipped so that it cannot answer in the model's place.
    proxy = ProxyThread(pg, translator, ask={"skip_steps": "plain_reading"}).start()
    yield proxy, translator
    proxy.stop()


def ask(proxy: ProxyThread, role: str, question: str) -> tuple[list, str, list[str]]:
    """(rows or [], error text ('' if none), notices) of one ASK as ``role``."""
    notices: list[str] = []
    with psycopg.connect(proxy.dsn(role, DB), autocommit=True) as conn:
        conn.add_notice_handler(lambda d: notices.append(f"{d.message_primary} {d.message_detail}"))
        try:
            return conn.execute(f"ASK '{question}'").fetchall(), "", notices
        except psycopg.Error as exc:
            return [], f"{exc} {exc.diag.message_detail} {exc.diag.message_hint}", notices


def rendered(schema: SchemaContext) -> str:
    return repr(schema.tables)


def test_introspection_shows_each_role_only_its_own(env) -> None:
    proxy, translator = env
    for role, mine, theirs in ((ALICE, ALICE_SECRETS, BOB_SECRETS),
                               (BOB, BOB_SECRETS, ALICE_SECRETS)):
        translator.seen.clear()
        rows, _, _ = ask(proxy, role, "show me docs")
        schema = translator.seen[-1][1]
        assert schema.role == role
        text = rendered(schema)
        assert not [s for s in theirs if s in text], text
        assert mine[0] in text
        # RLS: only the caller's own row comes back, and only its values were linked
        assert [r[2] for r in rows] == ([f"{role.split('_')[1].upper()}-DOC-"
                                         + ("SECRET" if role == ALICE else "PLAIN")])


def test_column_grant_hides_columns(env) -> None:
    proxy, translator = env
    ask(proxy, ALICE, "show me payroll")
    payroll = translator.seen[-1][1].table("payroll")
    assert payroll is not None and [c.name for c in payroll.columns] == ["id", "name"]
    rows, err, _ = ask(proxy, ALICE, "show me payroll")
    assert "salary" in err or rows == []   # select * over a column grant is refused


def test_translation_cache_is_per_role(env) -> None:
    proxy, translator = env
    translator.seen.clear()
    rows, err, notices = ask(proxy, ALICE, "cached alice_notes")
    assert err == "" and len(rows) == 2
    rows, err, notices = ask(proxy, BOB, "cached alice_notes")
    # Bob's own translation was attempted (no cache hit from Alice), and refused
    assert [role for role in (s.role for _, s in translator.seen)] == [ALICE, BOB]
    assert rows == [] and "does not exist or is not visible" in err
    assert not [s for s in ("ALICE-TOPIC",) if s in err + " ".join(notices)]


def test_errors_and_notices_do_not_leak(env) -> None:
    proxy, _ = env
    for question in ("peek alice_notes", "peek payroll", "peek public.alice_notes"):
        rows, err, notices = ask(proxy, BOB, question)
        assert rows == [] and err
        leaked = [s for s in ("ALICE-TOPIC", "ALICE-DOC", "ALICE-PAYROLL")
                  if s in err + " ".join(notices)]
        assert leaked == []
        assert "does not exist or is not visible" in err


def test_concurrent_roles_never_mix(env) -> None:
    import threading
    proxy, _ = env
    results: dict[str, list] = {ALICE: [], BOB: []}

    def worker(role: str) -> None:
        for _ in range(15):
            rows, err, _ = ask(proxy, role, "mixed docs")
            results[role].append((tuple(r[1] for r in rows), err))
    threads = [threading.Thread(target=worker, args=(r,)) for r in (ALICE, BOB)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert set(results[ALICE]) == {((ALICE,), "")}
    assert set(results[BOB]) == {((BOB,), "")}


def test_the_plain_reader_reads_only_what_the_role_sees(pg: PgCluster, env) -> None:
    """With the reader on (the default), a question about a column the role may not read gets
    no reading of it, and another role's table is never read; the model's SQL is what runs."""
    reading = ProxyThread(pg, RecordingTranslator()).start()
    try:
        rows, err, notices = ask(reading, ALICE, "average salary of payroll")
        assert not any("read from the question" in n for n in notices), notices
        assert not any("salary" in str(r) for r in rows)
        rows, err, notices = ask(reading, BOB, "how many alice_notes")
        assert not any("read from the question" in n for n in notices), notices
        assert "ALICE" not in f"{rows} {err} {notices}"
        rows, _, notices = ask(reading, BOB, "how many bob_notes")
        assert rows == [(1,)] and any("read from the question" in n for n in notices), notices
    finally:
        reading.stop()
