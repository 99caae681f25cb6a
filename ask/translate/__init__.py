"""Stage 2 of an ASK: question and context in, ranked candidate SQL out.

``prompt`` spells the model's input, ``translator`` is the protocol the planner calls,
``engine_translator`` implements it over :mod:`engines`, ``translation_cache`` remembers answers
per schema version.
"""
