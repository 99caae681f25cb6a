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
    source.write_text("def f():\n    from proxy.errors import AskError\n    import ask.translate.prompt\n")
    assert imported_packages(source) == {(2, "proxy"), (3, "ask")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_imports(package: str) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (lazy and ``TYPE_CHECKING`` imports
    included: a type-only import still makes two modules one unit to read and change)."""
    modules = {_module_name(p): p for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:    # ``from proxy.wire import messages``: a module
                    full = f"{node.module}.{alias.name}"
                    if full in modules:
                        deps.add(full)
                    elif node.module in modules:
                        deps.add(node.module)
        graph[name] = deps - {name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


@pytest.mark.parametrize("package", ["proxy", "ask", "engines"])
def test_no_import_cycle_between_modules(package: str) -> None:
    assert import_cycles(module_imports(package)) == []


def test_the_cycle_checker_sees_type_only_imports(tmp_path: Path) -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


# The ASK pipeline's stages, in the order an ASK walks them: a stage may use an earlier one
# (or the shared modules at the top of ask/), never a later one.
ASK_STAGES = ("ask.context", "ask.translate", "ask.checks")


def _stage(module: str) -> int | None:
    for i, stage in enumerate(ASK_STAGES):
        if module == stage or module.startswith(stage + "."):
            return i
    return None


def test_ask_stages_only_import_earlier_stages() -> None:
    wrong = []
    for module, deps in sorted(module_imports("ask").items()):
        here = _stage(module)
        if here is None:
            continue
        for dep in sorted(deps):
            there = _stage(dep)
            if there is not None and there > here:
                wrong.append(f"{module} imports {dep} (a later stage)")
    assert wrong == []


def test_the_stage_checker_orders_stages() -> None:
    assert _stage("ask.context.refusal") == 0
    assert _stage("ask.checks.validator") == 2
    assert _stage("ask.contextual") is None and _stage("ask.planner") is None
