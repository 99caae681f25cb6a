"""Stage 3 of an ASK: one candidate SQL, parsed once (``parsed.ParsedSQL``), then repaired and
checked by the planner's ordered tables: ``grounding`` and ``relink`` (repairs against the
schema and the linked values), ``answer_shape`` and ``dialect`` (defects), ``validator`` (the
read-only and schema rules every statement must pass).
"""
