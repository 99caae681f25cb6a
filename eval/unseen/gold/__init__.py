"""Where the set was written: one module per schema with its questions and gold SQL, and
``refusals`` with the questions to refuse. ``eval.unseen.build_jsonl`` numbers them and writes
the two JSONL files, which are the set; ``tests/test_unseen_eval.py`` keeps them in step.

Each question is ``(category, question, gold SQL, ordered)``; SQL may span lines (whitespace
is collapsed, so a string literal must not contain two spaces in a row).
"""
