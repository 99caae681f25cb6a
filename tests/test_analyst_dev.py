"""eval/analyst_dev and eval/analyst_dev2: their JSONL files are what their sources build, and
their questions are well formed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from eval.analyst_dev import build
from eval.analyst_dev.load import THIS_SET, EvalSet
from eval.analyst_dev.questions import QUESTIONS
from eval.analyst_dev.unanswerable import REFUSALS
from eval.analyst_dev2 import THIS_SET as SET2
from eval.analyst_dev2 import build as build2
from eval.analyst_dev2.questions import QUESTIONS as QUESTIONS2
from eval.analyst_dev2.unanswerable import REFUSALS as REFUSALS2
from eval.analyst_dev4 import THIS_SET as SET4
from eval.analyst_dev4 import build as build4
from eval.analyst_dev4.questions import QUESTIONS as QUESTIONS4
from eval.analyst_dev4.unanswerable import REFUSALS as REFUSALS4
from eval.analyst_dev5 import THIS_SET as SET5
from eval.analyst_dev5 import build as build5
from eval.analyst_dev5.questions import QUESTIONS as QUESTIONS5
from eval.analyst_dev5.unanswerable import REFUSALS as REFUSALS5

SETS = [(THIS_SET, QUESTIONS, REFUSALS, build.OUT, build.REFUSE_OUT),
        (SET2, QUESTIONS2, REFUSALS2, build2.OUT, build2.REFUSE_OUT),
        (SET4, QUESTIONS4, REFUSALS4, build4.OUT, build4.REFUSE_OUT),
        (SET5, QUESTIONS5, REFUSALS5, build5.OUT, build5.REFUSE_OUT)]


@pytest.mark.parametrize(("of", "questions", "refusals", "out", "refuse_out"), SETS)
def test_the_jsonl_files_are_built_from_the_sources(of: EvalSet, questions: Sequence[build.Question],
                                                    refusals: Sequence[build.Refusal], out: Path,
                                                    refuse_out: Path) -> None:
    assert out.read_text(encoding="utf-8") == build.jsonl(build.rows(questions, of))
    assert refuse_out.read_text(encoding="utf-8") == build.jsonl(build.refusals(refusals, of))


@pytest.mark.parametrize(("of", "questions", "refusals", "out", "refuse_out"), SETS)
def test_every_question_names_a_loaded_database_and_has_one_gold(of: EvalSet, questions: Sequence[build.Question],
                                                                 refusals: Sequence[build.Refusal], out: Path,
                                                                 refuse_out: Path) -> None:
    rows = build.rows(questions, of)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert {r["database"] for r in rows} == {of.database(k) for k in of.keys}
    assert all(str(r["gold_sql"]).startswith("SELECT ") for r in rows)
    assert all(r["expect"] == "refuse" and r["gold_sql"] is None for r in build.refusals(refusals, of))
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["id"].startswith(of.prefix + "-")


def test_the_second_set_loads_from_its_own_schemas_directory() -> None:
    assert SET2.schemas == Path(__file__).resolve().parent.parent / "eval" / "analyst_dev2" / "schemas"
    assert all((SET2.schemas / f"{k}.sql").is_file() and (SET2.schemas / f"{k}.py").is_file() for k in SET2.keys)
