"""The packages depend one way: proxy -> ask -> engines; training and demo beside them.

Read from the source (every import statement, lazy ones inside functions included), so a new
import that points the wrong way fails here before it becomes a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package -> top-level packages of ours it must never import
FORBIDDEN = {
    "engines": {"proxy", "ask", "training", "demo"},
    "ask": {"proxy", "training", "demo"},
    "demo": {"proxy", "ask", "engines", "training"},
    "training": {"proxy"},
}


def imported_packages(path: Path) -> set[tuple[int, str]]:
    found: set[tuple[int, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update((node.lineno, alias.name.split(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_point_one_way(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no sources under {package}/"
    wrong = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in files for line, name in sorted(imported_packages(path))
             if name in FORBIDDEN[package]]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_lazy_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from proxy.errors import AskError\n    import ask.prompt\n")
    assert imported_packages(source) == {(2, "proxy"), (3, "ask")}
