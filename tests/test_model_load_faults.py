"""A corrupt model directory degrades like a missing one: ``askproxy serve`` keeps relaying,
ASK answers 0A000 with the reason, and the log says why in one WARNING line, no traceback.

Each case runs the real ``serve`` command in a subprocess (the code path users run) against a
copy of the bundled model with one file damaged; the other files are symlinks, so no case
copies the ~60 MB of graphs.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tests.pg_cluster import PgCluster

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "engines" / "models" / "askproxy-sql-small"


def _flip_byte(path: Path, offset: int = 100) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    text = path.read_text()
    path.write_text(text[: len(text) // 2])


def _flip_byte_rehashed(model: Path) -> None:
    """A damaged graph whose manifest hash was updated too: ONNX Runtime itself must fail."""
    graph = model / "cross_kv.onnx"
    _flip_byte(graph, 0)
    manifest = json.loads((model / "manifest.json").read_text())
    digest = hashlib.sha256(graph.read_bytes()).hexdigest()
    for variant in manifest["graphs"].values():
        for entry in variant.values():
            if entry["file"] == "cross_kv.onnx":
                entry["sha256"] = digest
    (model / "manifest.json").write_text(json.dumps(manifest))


CORRUPTIONS: dict[str, tuple[str, Callable[[Path], None], str]] = {
    # case: (file written as a real copy, damage, what the reason must mention)
    "tokenizer": ("tokenizer.json", lambda d: _truncate(d / "tokenizer.json"), "tokenizer.json"),
    "onnx-byte": ("encoder.onnx", lambda d: _flip_byte(d / "encoder.onnx"), "encoder.onnx"),
    "onnx-invalid": ("cross_kv.onnx", _flip_byte_rehashed, "cross_kv.onnx"),
    "manifest": ("manifest.json", lambda d: _truncate(d / "manifest.json"), "manifest.json"),
}


def _damaged_copy(tmp: Path, case: str) -> Path:
    real, damage, _ = CORRUPTIONS[case]
    model = tmp / f"model-{case}"
    model.mkdir()
    for f in MODEL.iterdir():
        if f.name in (real, "manifest.json"):
            (model / f.name).write_bytes(f.read_bytes())
        else:
            (model / f.name).symlink_to(f)
    damage(model)
    return model


class Served:
    """``python -m proxy.cli serve`` in a subprocess; its stderr is the log."""

    def __init__(self, pg: PgCluster, model: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "proxy.cli", "serve",
             "--upstream", f"postgresql://127.0.0.1:{pg.port}?sslmode=disable",
             "--listen", "127.0.0.1:0", "--model", str(model), "--backend", "onnxruntime",
             "--log-level", "info"],
            cwd=ROOT, stderr=subprocess.PIPE, text=True)
        self.log: list[str] = []
        assert self.proc.stderr is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            self.log.append(line)
            if found := re.search(r"listening on [\d.]+:(\d+)", line):
                self.port = int(found.group(1))
                return
        self.stop()
        raise AssertionError("askproxy serve did not start:\n" + "".join(self.log))

    def stop(self) -> str:
        self.proc.terminate()
        try:
            _, rest = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, rest = self.proc.communicate()
        self.log.append(rest or "")
        return "".join(self.log)


@pytest.fixture
def served(pg: PgCluster, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Served]:
    s = Served(pg, _damaged_copy(tmp_path, request.param))
    yield s
    s.stop()


@pytest.mark.parametrize("served", list(CORRUPTIONS), indirect=True)
def test_corrupt_model_degrades_to_passthrough(served: Served, request: pytest.FixtureRequest
                                               ) -> None:
    case = request.node.callspec.params["served"]
    mention = CORRUPTIONS[case][2]
    with psycopg.connect(f"host=127.0.0.1 port={served.port} user=postgres dbname=postgres",
                         autocommit=True, connect_timeout=10) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        with pytest.raises(psycopg.errors.FeatureNotSupported) as exc:
            conn.execute("ASK 'how many tables are there'")
        assert exc.value.sqlstate == "0A000"
        said = f"{exc.value.diag.message_primary} {exc.value.diag.message_detail}"
        assert "could not be loaded" in said and mention in said, said
        assert conn.execute("SELECT 2").fetchone() == (2,)    # the session carries on
    log = served.stop()
    assert served.proc.returncode in (0, -15), log
    assert "Traceback" not in log, log
    warnings = [line for line in log.splitlines() if " WARNING " in line]
    assert len(warnings) == 1 and "model-" + case in warnings[0] and mention in warnings[0], log
