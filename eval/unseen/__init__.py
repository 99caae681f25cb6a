"""A frozen evaluation set on six business schemas the model has never seen.

Schemas, deterministic data and a loader (``python -m eval.unseen.load``), the questions with
gold SQL (``questions.jsonl``) and the questions that must be refused (``unanswerable.jsonl``),
and a checker (``python -m eval.unseen.check``). README.md says why it is frozen.
"""

SET_VERSION = "unseen-v1"
