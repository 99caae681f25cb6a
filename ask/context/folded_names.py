"""Names PostgreSQL folded into one word: ``tblDelivery``, ``DeliveredOn``, ``NetKg`` written
unquoted (the habit of teams that came from SQL Server) are stored as ``tbldelivery``,
``deliveredon``, ``netkg``, and no separator is left to read their words by.

:func:`unfold` splits such a name back into its words when every piece is one a name is made of:
an English word of three letters or more (:func:`words`: SCOWL's large American list, with the
frequency rank the bert-base-uncased vocabulary gives its commoner words), a short joiner ("on",
"of", "per", "is" first), a key suffix (``attorneyid``, ``memberno``, ``orderdt``, ``statuscd``,
``paymentamt``), a legacy abbreviation or unit from :mod:`.related_words` (``custname``,
``proteinpct``, ``amountaud``), a table prefix or a Hungarian type prefix at the start (``tbl``,
``str``, ``ysn``). Of all such splits the
likeliest wins, as a unigram model reads run-together text: each piece costs the log of its
rank plus a constant, so fewer and commoner words win (``practiceareaid`` is "practice area id",
not "practice are aid"; ``createdate`` "create date", not "created ate"; ``gradedon`` "graded
on"). A piece left over means the name is not such a compound and it stays whole: nothing is
guessed, unlike :func:`ask.context.refusal.split_compound`. A name that is itself a word, an
inflection, a word + "able" or a proper noun is never split ("therapist", "notes", "season",
"payable", "bluetooth"), nor one a letter away from a long word where a rare piece would be
needed ("appelation"). Shared by the reader's index (``name_words``), the refusal check's
vocabulary, the table ranker and table selection (:func:`identifier_words`), so all read a
folded name alike; :func:`prepare` splits a schema's names once when it is prepared.

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
import math
import re
from importlib import resources

from ask.context.related_words import ABBREVIATED, SYNONYM_GROUPS, UNIT_SUFFIXES, sing
from ask.context import value_linking
from ask.context.value_linking import singular
from ask.schema import SchemaContext

# Two-letter pieces a name is made of: joiners ("DeliveredOn", "HeadOfState", "IsActive") and
# the identifier suffix; longer joiners ("per", "has") are English words of their own.
_JOINERS = frozenset(("of", "on", "at", "in", "by", "to", "is", "id", "no", "per"))

# What a folded name starts with that is no word of what it holds: a table's kind (``tblMember``,
# ``tlkpCategory``), and a column's type in the Hungarian style of Access and VB teams (the
# Leszynski/Reddick conventions: ``strName``, ``lngDonorID``, ``dtmReceived``, ``ysnActive``
# yes/no, ``curValue`` currency, ``sngHours``); a prefix that begins a word stays in it
# ("strength", "interest": a name that is a word is never split).
_PREFIXES = frozenset(("tbl", "tb", "lkp", "lu", "tlkp", "tlu", "str", "int", "lng", "dbl", "sng", "cur", "dtm",
                       "ysn", "bln", "byt", "chr", "txt", "mem", "dt"))

_SHORTHAND = frozenset(k for k in (*ABBREVIATED, *UNIT_SUFFIXES) if len(k) >= 2 and k.isalpha())

# One-letter units a folded name may end with: tonnes, metres, litres, grams, hours.
_LETTER_UNITS = frozenset(("t", "m", "l", "g", "h"))

# Shortest name worth splitting ("netkg"), longest piece tried.
_MIN_LENGTH = 5
_MAX_PIECE = 20


def prepare(schema: SchemaContext, lexicon: frozenset[str]) -> None:
    """Split every part of ``schema``'s names once, when the schema is prepared
    (:mod:`ask.schema_prep`, off the event loop): the word list loads with the first schema,
    and each part's split stays cached for the reader's index, the refusal vocabulary and the
    table ranker, which all read a name's words through this module."""
    for table in schema.tables:
        for name in (table.name, *(c.name for c in table.columns)):
            for part in _PARTS.split(_CAMEL.sub("_", name).lower()):
                if part:
                    split(part, lexicon)


@functools.lru_cache(maxsize=1 << 16)     # a wide schema repeats its column names in every table
def identifier_words(name: str, lexicon: frozenset[str]) -> frozenset[str]:
    """:func:`ask.context.value_linking.identifier_words` (a name's words, singular), a folded
    part in its words, as if the name had its separators: ``leadattorneyid`` -> {lead,
    attorney, id}, ``isbillable`` -> {is, billable}. The ranker's and table selection's words."""
    return frozenset(singular(w) for p in value_linking.identifier_words(name) for w in unfold(p, lexicon))


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_PARTS = re.compile(r"[_\-\s]+")


def unfold(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    """``tbldelivery`` -> ("tbl", "delivery"), ``leadattorneyid`` -> ("lead", "attorney",
    "id"), ``isbillable`` -> ("is", "billable"); a word that is English (``lexicon``:
    :func:`ask.context.refusal.english`, which the refusal check passes from its own module, or
    :func:`words`), too short, not all letters or not made wholly of known pieces comes back
    alone (module docstring)."""
    return _unfold(word.lower(), lexicon)


@functools.lru_cache(maxsize=1 << 16)     # a wide schema repeats its column names in every table
def _unfold(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    if len(word) < _MIN_LENGTH or not word.isalpha() or is_word(word, lexicon):
        return (word,)
    # best[end]: (cost, pieces) of the cheapest split of word[:end]; back[end]: where its last piece starts
    best: list[tuple[float, int] | None] = [(0.0, 0)] + [None] * len(word)
    back = [0] * (len(word) + 1)
    joiner_at = [False] * (len(word) + 1)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _MAX_PIECE), end):
            before = best[start]
            if before is None or (start == 0 and end == len(word)):
                continue
            part = word[start:end]
            cost = _piece_cost(part, start, end == len(word))
            if cost is None or (part in _JOINERS and joiner_at[start]):
                continue                    # "locaton" is no "loc at on": two joiners running
            score = (before[0] + cost, before[1] + 1)
            current = best[end]
            if current is None or score < current:
                best[end], back[end], joiner_at[end] = score, start, part in _JOINERS
    if best[-1] is None:
        return (word,)
    pieces, end = [], len(word)
    while end > 0:
        pieces.append(word[back[end]:end])
        end = back[end]
    if any(words().get(p, 0.0) >= _RARE_COST for p in pieces) and _misspelt(word):
        return (word,)              # ``appelation`` is no "app elation"
    return tuple(reversed(pieces))


def _misspelt(word: str) -> bool:
    """Whether ``word`` is one letter dropped, added, changed or swapped from a word of seven
    letters or more."""
    known = words()
    letters = "abcdefghijklmnopqrstuvwxyz"
    near = [word[:i] + word[i + 1:] for i in range(len(word))]
    near += [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)]
    near += [word[:i] + c + word[i + 1:] for i in range(len(word)) for c in letters]
    near += [word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters]
    return len(word) >= 6 and any(len(w) >= 7 for w in known.keys() & set(near))


def is_word(word: str, lexicon: frozenset[str] = frozenset()) -> bool:
    """An English word (:func:`words`, or ``lexicon``) or one of its inflections (``bookings``,
    ``mooring``, ``sponsorships``): a word is never split ("therapist", "notes", "season")."""
    known = words()
    if word in known or word in lexicon or word in proper_nouns() or sing(word) in known or sing(word) in lexicon:
        return True
    for ending, base in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3 and word[:-len(ending)] + base in lexicon:
            return True
    return any(word.endswith(s) and len(word) - len(s) >= 3 and word[:-len(s)] in known for s in _DERIVED)


_INFLECTIONS = (("s", ""), ("es", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("er", ""), ("ers", ""))
# Endings that make a word of a word (``rotable``): never a piece of their own.
_DERIVED = ("able", "ible")


@functools.cache
def words() -> dict[str, float]:
    """The English word list (``ask/english_ranked.txt``, built by ``training/english_ranked.py``)
    with what each word costs as a piece of a split: the log of its frequency rank (Zipf: a
    word's frequency falls as one over its rank) plus a constant per piece, so that fewer,
    commoner words win; the unranked (rarer) words all cost as a word ranked 100,000th, and a
    word of three letters one more."""
    lines = _word_list()
    ranked = next(int(line.split(":")[1]) for line in lines if line.startswith("# ranked:"))
    listed = [line for line in lines[:lines.index(_PROPER)] if line and not line.startswith("#")]
    rare = math.log(_RARE_RANK + 2)
    return {w: (math.log(rank + 2) if rank < ranked else rare) + _PIECE_COST + (1.0 if len(w) <= 3 else 0.0)
            for rank, w in enumerate(listed)}


def _word_cost(part: str) -> float | None:
    """What a word costs as a piece (:func:`words`), an inflection no more than its base plus
    one: the vocabulary ranks few inflections ("graded" costs as "grade")."""
    known = words()
    cost = known.get(part)
    if cost is None:
        return None
    for ending, base in _INFLECTIONS:
        stem = part[:-len(ending)] + base
        if part.endswith(ending) and len(stem) >= 3 and stem in known:
            cost = min(cost, known[stem] + 1.0)
    return cost


_PROPER = "# proper nouns: never split, never a piece"


@functools.cache
def proper_nouns() -> frozenset[str]:
    """The word list's proper nouns, lower case ("bluetooth"): a name that is one stays whole."""
    lines = _word_list()
    return frozenset(lines[lines.index(_PROPER) + 1:])


@functools.cache
def _word_list() -> tuple[str, ...]:
    """``ask/english_ranked.txt``'s lines, read once for :func:`words` and :func:`proper_nouns`."""
    return tuple(resources.files("ask").joinpath("english_ranked.txt").read_text(encoding="utf-8").splitlines())


_RARE_RANK = 100_000
_PIECE_COST = math.log(math.log(_RARE_RANK))       # as wordninja's log(rank * log N): each piece costs
_RARE_COST = math.log(_RARE_RANK + 2) + _PIECE_COST


def _piece_cost(part: str, start: int, last: bool) -> float | None:
    """What ``part`` costs as a piece of a name from ``start`` (None: no piece it can be)."""
    if part in _KEY_SUFFIXES and last and start >= 3:
        return _SUFFIX_COST         # ``statuscd``, ``memberno``, ``paymentamt``, ``attorneyid``
    if part in _JOINERS:
        return _JOINER_COST if start > 0 or part == "is" else None     # "IsActive"; "invoice" is a word
    if len(part) >= 3 and part not in _DERIVED:
        cost = _word_cost(part)
        if cost is not None:
            return cost
    if last and part in _LETTER_UNITS and start >= 6:
        return _SUFFIX_COST         # ``capacityt``, ``basepricepert``: a one-letter unit after a long name
    if start == 0 and part in _PREFIXES:
        return _SUFFIX_COST         # ``tblmember``
    if part in _SHORTHAND and (len(part) >= 3 or last):
        return _SHORTHAND_COST      # ``gradecd``, ``grosskg``, ``useracct``
    return None


# Pieces names end with that say what the column holds (a key, a code, a date, an amount): as
# cheap as the commonest words, so ``practiceareaid`` is "practice area id", not "practice are
# aid"; a joiner ("deliveredon", "causeofloss") as cheap as the word it is.
_KEY_SUFFIXES = frozenset(("id", "no", "dt", "cd", "amt", "num", "nbr", "qty", "pct", "cnt", "desc", "flg", "nm",
                           "typ", "ts"))
_SUFFIX_COST = math.log(20) + _PIECE_COST
_JOINER_COST = math.log(20) + _PIECE_COST
_SHORTHAND_COST = math.log(5_000) + _PIECE_COST


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
    if len(part) < 5 or not part.isalpha() or not part.islower() or is_word(part, lexicon):
        return (part,)
    for lead in _LEADING:
        rest = part[len(lead):]
        if part.startswith(lead) and len(rest) >= 4 and is_word(rest, lexicon):
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

