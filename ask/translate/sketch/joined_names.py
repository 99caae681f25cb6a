"""Name parts written without a separator: ``adjustername``, ``reporteddate``, ``paidon``.

A schema written in PascalCase without quotes (``CREATE TABLE tbl_Claim (ReportedDate date)``,
the habit of SQL Server and MySQL teams, and of Spider's ``world_1``) reaches PostgreSQL folded
into one lower-case word per name: ``reporteddate``, ``adjustername``, ``policyholderid``,
``surfacearea``. The reader finds a column's role by its words (a ``…name`` labels a row, a
``…date`` the question may say by its verb, an ``…id`` is a key), so such a part is read with
its trailing word split off, when that word is one names end with and what is left is a word of
three letters or more. A part that is itself an English word stays whole ("candidate" keeps its
"date", "corporate" its "rate"), and so does the head: "policyholder" is how a question spells
``policyholderid``'s entity too. "on", "at", "by" end a name only after a participle
(``paidon``, ``createdat``), never "person" or "combat". A leading "amount", "total", "is",
"has" is split off only before an English word (``amountclaimed``, ``isofficial``).
"""

from __future__ import annotations

import functools

from ask.context.refusal import english

# Words a column name ends with that say what it holds; the longest that fits is split off.
TRAILING = frozenset((
    "name", "names", "id", "ids", "date", "dt", "type", "status", "no", "num", "nbr", "number", "code", "cd",
    "amt", "amount", "qty", "quantity", "count", "cnt", "desc", "description", "pct", "percent", "flag",
    "limit", "since", "year", "time", "price", "cost", "total", "level", "score", "rate", "size", "area",
    "title", "email", "on", "at", "by",
))

# After these only: "paid on", "created at", "approved by".
_AFTER_PARTICIPLE = frozenset(("on", "at", "by"))
_PARTICIPLES = frozenset(("paid", "made", "sold", "held", "born", "sent", "built", "spent", "done", "given",
                          "taken", "written", "run", "set", "begun"))
_BY_LENGTH = tuple(sorted(TRAILING, key=len, reverse=True))
# Words a column name starts with that say what it holds of the English word after them
# (``amountclaimed``, ``totalspent``, ``isofficial``, ``hasparking``).
_LEADING = ("amount", "total", "number", "count", "is", "has")


@functools.lru_cache(maxsize=1 << 16)   # a wide schema repeats its column names in every table
def unjoined(part: str) -> tuple[str, ...]:
    """``part`` (one lower-case piece of a name, separators already split) as its words:
    ``adjustername`` -> ("adjuster", "name"), ``policyholderid`` -> ("policyholder", "id"),
    ``paidon`` -> ("paid", "on"); a part that is a word or has no such ending stays whole."""
    if len(part) < 5 or not part.isalpha() or not part.islower() or part in english():
        return (part,)
    for lead in _LEADING:
        rest = part[len(lead):]
        if part.startswith(lead) and len(rest) >= 4 and rest in english():
            return (lead, rest)
    for tail in _BY_LENGTH:
        head = part[:-len(tail)]
        if not part.endswith(tail) or len(head) < 3:
            continue
        if tail in _AFTER_PARTICIPLE and not (head.endswith("ed") or head in _PARTICIPLES):
            continue
        if tail == "id" and head.endswith("a"):
            continue            # "paid", "said", "raid": no id
        return (*unjoined(head), tail)
    return (part,)
