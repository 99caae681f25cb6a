"""PostgreSQL spelling of Spider identifiers: lower-case, quoted only where PostgreSQL needs it.

The DDL and the converted gold SQL both spell names through :func:`quote_ident`, so a column
such as ``official_ratings_(millions)`` or ``18_49_rating_share`` is quoted the same way in
both and every other name stays bare.
"""

from __future__ import annotations

import re

BARE = re.compile(r"^[a-z_][a-z0-9_$]*$")

# PostgreSQL's reserved key words and those that can only be function or type names
# (Appendix C of the manual): as column or table names they must be quoted.
RESERVED = frozenset("""
all analyse analyze and any array as asc asymmetric authorization binary both case cast check
collate collation column concurrently constraint create cross current_catalog current_date
current_role current_schema current_time current_timestamp current_user default deferrable desc
distinct do else end except false fetch for foreign freeze from full grant group having ilike in
initially inner intersect into is isnull join lateral leading left like limit localtime
localtimestamp natural not notnull null offset on only or order outer overlaps placing primary
references returning right select session_user similar some symmetric table tablesample then to
trailing true union unique user using variadic verbose when where window with
""".split())


def needs_quotes(name: str) -> bool:
    return not BARE.match(name) or name in RESERVED


def quote_ident(name: str) -> str:
    name = name.lower()
    if needs_quotes(name):
        return '"' + name.replace('"', '""') + '"'
    return name
