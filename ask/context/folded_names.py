"""Names PostgreSQL folded into one word: ``tblDelivery``, ``DeliveredOn``, ``NetKg`` written
unquoted (the habit of teams that came from SQL Server) are stored as ``tbldelivery``,
``deliveredon``, ``netkg``, and no separator is left to read their words by.

:func:`unfold` splits such a name back into its words when every piece is one a name is made of:
an English word, a short joiner ("on", "of", "id", "is"), a legacy abbreviation or unit from
:mod:`.related_words` (``statuscd``, ``proteinpct``, ``amountaud``), a table prefix at the
start (``tbl``). A piece left over means the name is not such a compound and it stays whole:
unlike :func:`ask.context.refusal.split_compound` (which lets a long unknown piece through, for
words like ``highschooler``) nothing is guessed. Among splits of as few pieces, the one whose
first piece is longest wins: ``gradedon`` is "graded on", not "grade don". Shared by the reader's
index (``name_words``) and the refusal check's vocabulary, so both read a folded name alike.

:func:`unjoined` reads a part by its trailing word alone, when that word is one names end with
and what is left is a word of three letters or more (``adjustername``, ``reporteddate``,
``paidon``), so a column's role shows (a ``…name`` labels a row, a ``…date`` the question may say
by its verb, an ``…id`` is a key) even where the head is no known word. A part that is itself an
English word stays whole ("candidate" keeps its "date", "corporate" its "rate"), and so does the
head ("policyholder"). "on", "at", "by" end a name only after a participle (``paidon``,
``createdat``), never "person" or "combat". A leading "amount", "total", "is", "has" is split off
only before an English word (``amountclaimed``, ``isofficial``).

:func:`split` is how the reader's index takes a folded part: a compound the synonym groups name
stays whole (``policyholder``, also before its key, ``policyholderid``), else every piece known
(:func:`unfold`), else the trailing word (:func:`unjoined`).
"""

from __future__ import annotations

import functools

from ask.context.related_words import ABBREVIATED, SYNONYM_GROUPS, UNIT_SUFFIXES, sing

# Two-letter pieces a name is made of: joiners ("DeliveredOn", "HeadOfState", "IsActive") and
# the identifier suffix; longer joiners ("per", "has") are English words of their own.
_JOINERS = frozenset(("of", "on", "at", "in", "by", "to", "is", "id", "no"))

# What a folded table name starts with that is no word of what it holds (``tblMember``).
_PREFIXES = frozenset(("tbl", "tb", "lkp", "lu"))

_SHORTHAND = frozenset(k for k in (*ABBREVIATED, *UNIT_SUFFIXES) if len(k) >= 2 and k.isalpha())

# One-letter units a folded name may end with: tonnes, metres, litres, grams, hours.
_LETTER_UNITS = frozenset(("t", "m", "l", "g", "h"))

# Shortest name worth splitting ("netkg"), longest piece tried.
_MIN_LENGTH = 5
_MAX_PIECE = 20


def unfold(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    """``tbldelivery`` -> ("tbl", "delivery"), ``deliveredon`` -> ("delivered", "on"),
    ``statuscd`` -> ("status", "cd"); a word that is English (``lexicon``:
    :func:`ask.context.refusal.english`, which the refusal check passes from its own module), too
    short, not all letters or not made wholly of known pieces comes back alone."""
    return _unfold(word.lower(), lexicon)


@functools.lru_cache(maxsize=1 << 16)     # a wide schema repeats its column names in every table
def _unfold(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    if len(word) < _MIN_LENGTH or not word.isalpha() or _is_word(word, lexicon):
        return (word,)
    # best[end]: (pieces, -length of the first piece) of the best split of word[:end]
    best: list[tuple[int, int] | None] = [(0, 0)] + [None] * len(word)
    back = [0] * (len(word) + 1)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _MAX_PIECE), end):
            before = best[start]
            if before is None or not _piece(word[start:end], start, lexicon, end == len(word)):
                continue
            score = (before[0] + 1, -(end - start) if start == 0 else before[1])
            current = best[end]
            if current is None or score < current:
                best[end], back[end] = score, start
    if best[-1] is None or best[-1][0] < 2:
        return (word,)
    pieces, end = [], len(word)
    while end > 0:
        pieces.append(word[back[end]:end])
        end = back[end]
    return tuple(reversed(pieces))


def _is_word(word: str, lexicon: frozenset[str]) -> bool:
    """An English word or one of its inflections (``bookings``, ``mooring``, ``sponsorships``):
    the lexicon lists base forms."""
    if word in lexicon or sing(word) in lexicon:
        return True
    for ending, base in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3 and word[:-len(ending)] + base in lexicon:
            return True
    return False


_INFLECTIONS = (("s", ""), ("es", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("er", ""), ("ers", ""))


def _piece(part: str, start: int, lexicon: frozenset[str], end: bool = False) -> bool:
    if len(part) >= 3 and part in lexicon:
        return True
    if end and part in _LETTER_UNITS and start >= 6:
        return True         # ``capacityt``, ``basepricepert``: a one-letter unit after a long name
    if part in _JOINERS:
        return start > 0 or part == "is"        # "invoice" is no "in voice"; "IsActive" is
    return part in _SHORTHAND or (start == 0 and part in _PREFIXES)


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
def unjoined(part: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    """``part`` (one lower-case piece of a name, separators already split) as its words:
    ``adjustername`` -> ("adjuster", "name"), ``policyholderid`` -> ("policyholder", "id"),
    ``paidon`` -> ("paid", "on"); a part that is a word (``lexicon``, as for :func:`unfold`) or
    has no such ending stays whole."""
    if len(part) < 5 or not part.isalpha() or not part.islower() or part in lexicon:
        return (part,)
    for lead in _LEADING:
        rest = part[len(lead):]
        if part.startswith(lead) and len(rest) >= 4 and rest in lexicon:
            return (lead, rest)
    for tail in _BY_LENGTH:
        head = part[:-len(tail)]
        if not part.endswith(tail) or len(head) < 3:
            continue
        if tail in _AFTER_PARTICIPLE and not (head.endswith("ed") or head in _PARTICIPLES):
            continue
        if tail == "id" and head.endswith("a"):
            continue            # "paid", "said", "raid": no id
        return (*unjoined(head, lexicon), tail)
    return (part,)


def split(part: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    """A folded ``part`` as the reader's index takes it (module docstring)."""
    if sing(part) in _GROUPED_WORDS:
        return (part,)
    joined = unjoined(part, lexicon)
    if len(joined) > 1 and sing(joined[0]) in _GROUPED_WORDS:     # policyholderid
        return joined
    unfolded = unfold(part, lexicon)
    return unfolded if len(unfolded) > 1 else joined


_GROUPED_WORDS = frozenset(w for group in SYNONYM_GROUPS for w in group)
