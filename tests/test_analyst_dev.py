"""eval/analyst_dev: its JSONL files are what its sources build, and its questions are well formed."""

from __future__ import annotations

import json

from eval.analyst_dev import build
from eval.analyst_dev.load import KEYS, database


def test_the_jsonl_files_are_built_from_the_sources() -> None:
    built = "".join(json.dumps(r) + "\n" for r in build.rows())
    refusals = "".join(json.dumps(r) + "\n" for r in build.refusals())
    assert build.OUT.read_text(encoding="utf-8") == built
    assert build.REFUSE_OUT.read_text(encoding="utf-8") == refusals


def test_every_question_names_a_loaded_database_and_has_one_gold() -> None:
    rows = build.rows()
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert {r["database"] for r in rows} == {database(k) for k in KEYS}
    assert all(str(r["gold_sql"]).startswith("SELECT ") for r in rows)
    assert all(r["expect"] == "refuse" and r["gold_sql"] is None for r in build.refusals())
