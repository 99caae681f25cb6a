"""Run a real askproxy server in a background thread, in front of the test cluster.

A thread with its own event loop lets synchronous clients (psql, psycopg, pgbench) and
asynchronous ones (asyncpg under pytest-asyncio) talk to the same proxy.
"""

from __future__ import annotations

import asyncio
import os
import threading
from dataclasses import replace
from typing import Any

from ask.schema import SchemaContext
from ask.translate.translator import Candidate
from proxy.config import Config, load
from proxy.server import ProxyServer
from tests.pg_cluster import ROLES, PgCluster


class FixedTranslator:
    """A translator defined by the tests: question -> ranked SQL candidates."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[tuple[str, str]] = []

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        self.calls.append((question, schema.role))
        if question.startswith("sleep:"):
            await asyncio.sleep(float(question.split(":", 1)[1]))
        if question == "explode":
            raise RuntimeError("model crashed")
        sqls = self.table.get(question, [])
        return [Candidate(sql, -float(i)) for i, sql in enumerate(sqls)]


def new_loop() -> asyncio.AbstractEventLoop:
    """The loop production uses (``proxy.cli.run_loop``): uvloop when installed."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


class ProxyThread:
    def __init__(self, pg: PgCluster, translator: Any = None, **sections: dict[str, Any]) -> None:
        overrides: dict[str, dict[str, Any]] = {
            "upstream": {"url": f"postgresql://127.0.0.1:{pg.port}?sslmode=prefer"},
            "listen": {"port": 0},
            # Test translators answer labels ("x", "slow", "f0-1"), not questions: ask/context/refusal.py
            # would refuse them, so it is off unless a test turns it on; so are the examples the
            # proxy writes itself, which would answer "how many products" before the translator.
            "ask": {"enabled": translator is not None, "refuse_unanswerable": False,
                    "self_examples": False},
        }
        # ASKPROXY_TEST_RELAY=native runs the suites over the native relay core, =python over
        # the Python relay, both with a plain upstream socket (TLS sessions stay on the Python
        # path), so that the two runs compare; tests of TLS to the server fail in both.
        relay = os.environ.get("ASKPROXY_TEST_RELAY")
        if relay in ("native", "python"):
            overrides["upstream"]["url"] = f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"
            overrides["server"] = {"native_relay": "on" if relay == "native" else "off"}
        for name, values in sections.items():
            overrides.setdefault(name, {}).update(values)
        self.config: Config = load(None, overrides)
        self.pg = pg
        self.translator = translator
        self.loop = new_loop()
        self.server: ProxyServer | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> "ProxyThread":
        self._thread.start()
        self.server = ProxyServer(self.config, translator=self.translator)
        self.call(self.server.start())
        return self

    def call(self, coro: Any, timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.port

    def dsn(self, user: str = "postgres", dbname: str = "postgres", **extra: str) -> str:
        parts = [f"host=127.0.0.1", f"port={self.port}", f"user={user}", f"dbname={dbname}"]
        if user in ROLES and "password" not in extra:
            parts.append(f"password={ROLES[user][0]}")
        parts += [f"{k}={v}" for k, v in extra.items()]
        return " ".join(parts)

    def stop(self) -> None:
        if self.server is not None:
            self.call(self.server.stop(grace_s=2.0))
            self.call(asyncio.sleep(0.05))    # let transports finish closing
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


def with_config(cfg: Config, **sections: Any) -> Config:
    return replace(cfg, **sections)
