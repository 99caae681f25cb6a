"""Taught examples: question/SQL pairs kept in the user's database, in ``askproxy.examples``.

The table lives in the user's database so that PostgreSQL's own privileges decide who benefits:
the proxy reads it through the caller's session, so grants and row-level security pick the
examples a role gets, exactly as they pick the rows of any other table. ``askproxy init``
creates it (:data:`CREATE_STATEMENTS`) and grants nothing.

Reading is cached per database under a digest of the visible rows' contents. Each ASK first
asks for that digest (one round trip: one statement, the role's own snapshot of the rows it may
see) and reloads the rows only when it changed, so a change from any client, through this proxy
or not, is seen by the next ASK. A cache entry is only ever used by a session whose own digest
equals the one the rows were read under, in one statement, so a role never gets an example it
cannot see itself. Whether to read at all comes from the schema context: a role that cannot see
the table has no examples and pays nothing (no error, no round trip).

A question is answered from an example when it equals a taught question after
:func:`normalize_question`; the newest such example wins, so teaching again corrects an answer.
"""

from __future__ import annotations

SCHEMA = "askproxy"
TABLE = "examples"
QUALIFIED = f"{SCHEMA}.{TABLE}"
_COLUMNS = ("id", "question", "sql")

CREATE_SCHEMA = f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"
CREATE_TABLE = f"""CREATE TABLE IF NOT EXISTS {QUALIFIED} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question text NOT NULL,
  sql text NOT NULL,
  created_by name NOT NULL DEFAULT current_user,
  created_at timestamptz NOT NULL DEFAULT now()
)"""
CREATE_STATEMENTS = (CREATE_SCHEMA, CREATE_TABLE)
