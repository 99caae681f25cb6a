"""Shared fixtures: one real PostgreSQL cluster for the whole test run.

Also marks tests by what they need, so subsets can be chosen with ``-m``:

* ``db``    -- the test needs a live PostgreSQL: the ``pg`` fixture is in its fixture closure
  (every cluster of the suite comes from it, directly or through proxy fixtures).
* ``torch`` -- the test imports torch/transformers: its module does so at module level, or the
  test function or one of its fixtures (defined under tests/) does.
* ``slow``  -- hand-marked on the tests that dominate the suite's wall time.

``pytest -m "not slow"`` is the fast subset; ``pytest -m "not db"`` needs no cluster; the plain
``pytest`` (what CI runs) runs everything.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest

from tests.fault_proxy import FaultProxy
from tests.pg_cluster import PgCluster

TESTS = Path(__file__).resolve().parent

# an import of torch or transformers, plain or through pytest.importorskip
_TORCH = r"(?:\bimport\s+(?:torch|transformers)\b|\bfrom\s+(?:torch|transformers)\b[\w.]*\s+import\b" \
         r"|importorskip\(\s*[\"'](?:torch|transformers)[\"'])"
_TORCH_ANYWHERE = re.compile(_TORCH)
_TORCH_MODULE_LEVEL = re.compile(rf"^(?:\w+\s*=\s*)?(?:pytest\.)?{_TORCH}", re.MULTILINE)


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    cluster = PgCluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def fault(pg: PgCluster) -> Iterator[FaultProxy]:
    """A TCP relay in front of the cluster that a test can cut or black-hole (tests/fault_proxy.py)."""
    fp = FaultProxy("127.0.0.1", pg.port).start()
    yield fp
    fp.stop()


@lru_cache(maxsize=None)
def _module_imports_torch(path: str) -> bool:
    return bool(_TORCH_MODULE_LEVEL.search(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=None)
def _func_imports_torch(func: object) -> bool:
    try:
        path = Path(inspect.getsourcefile(func) or "").resolve()
        if TESTS not in path.parents:
            return False
        return bool(_TORCH_ANYWHERE.search(inspect.getsource(func)))
    except (OSError, TypeError):
        return False


def _needs_torch(item: pytest.Item) -> bool:
    if _module_imports_torch(str(item.path)):
        return True
    func = getattr(item, "function", None)
    if func is not None and _func_imports_torch(func):
        return True
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info is not None else ()):
        if any(_func_imports_torch(d.func) for d in defs):
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "pg" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
        if _needs_torch(item):
            item.add_marker(pytest.mark.torch)
