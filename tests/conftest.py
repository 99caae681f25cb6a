"""Shared fixtures: one real PostgreSQL cluster for the whole test run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pg_cluster import PgCluster


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    cluster = PgCluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
