"""Write this set's JSONL files: ``python -m eval.analyst_dev20.build`` (``eval.analyst_dev.build``'s
functions over this set's questions)."""

from __future__ import annotations

from pathlib import Path

from eval.analyst_dev.build import write
from eval.analyst_dev20 import THIS_SET
from eval.analyst_dev20.questions import QUESTIONS
from eval.analyst_dev20.unanswerable import REFUSALS

HERE = Path(__file__).resolve().parent
OUT = HERE / "questions.jsonl"
REFUSE_OUT = HERE / "unanswerable.jsonl"

if __name__ == "__main__":
    write(OUT, REFUSE_OUT, QUESTIONS, REFUSALS, THIS_SET)
