"""The English the plain reader knows: words that carry a question's shape on any schema.

Cue words ("how many", "average", "per", "more than", "the most", "last month") and the words
that carry nothing (function words, question frames). Nothing here names a table or a domain.
"""

from __future__ import annotations

import functools
import re

from ask.context import folded_names
from ask.context.refusal import english
from ask.context.related_words import (ABBREVIATED, ENTITY_SYNONYMS, NAME_PART_ABBREVIATIONS, NAME_PHRASES,
                                       RELATED_ENTITIES, sing, spelt_out)


FILLER = frozenset("""
a an the of for in on at to from by with and or is are was were be been being do does did
what which who whom whose where when how that this these those there their its it his her
they them we us our you your i me my all any each every some list show give find tell return
display get provide name names please also as have has had than then both either only just
whole entire different distinct unique whether ever currently current value values record
records row rows data information info detail details corresponding respective respectively
along together having exist exists existing ones one there's what's breakdown
""".split())


# Words that relate the things a question names without naming anything themselves ("customers
# who *made* orders", "languages *used* across countries"): a reading need not place them, so
# they do not count against its coverage. Words that name a thing (nouns) never belong here: an
# unplaced noun is what the schema may not hold.
HARMLESS = frozenset("""
use used uses using make made makes making have has had having get got gets belong belongs
belonging across among within between yet ever well also come came comes go went goes take
took taken give given gave show shows showed shown appear appears appeared contain contains
contained include includes included involve involves involved associated related relate
correspond corresponds listed recorded registered stored kept held happen happened occur
occurred currently ago overall altogether respectively so far exactly approximately roughly
located situated based via
""".split())


# Nouns that only say a column holds a number: "csat score", "discount value", "stock level".
UNIT_NOUNS = frozenset(("score", "scores", "value", "values", "figure", "figures", "level", "levels",
                        "amount", "amounts", "rating", "ratings"))


COUNT_FRAMES = (("how", "many"), ("number", "of"), ("numbers", "of"), ("count", "of"), ("count",), ("total", "number", "of"))


AGGREGATES = {
    "average": "avg", "mean": "avg", "avg": "avg", "total": "sum", "sum": "sum", "combined": "sum",
    "maximum": "max", "max": "max", "minimum": "min", "min": "min",
}
# Superlatives: as an aggregate ("the highest age" -> max) or as a ranking ("the singer with
# the highest age" -> ORDER BY ... LIMIT 1).


SUPERLATIVES = {
    "highest": "DESC", "largest": "DESC", "biggest": "DESC", "greatest": "DESC", "most": "DESC",
    "maximum": "DESC", "max": "DESC", "longest": "DESC", "oldest": "DESC", "latest": "DESC",
    "newest": "DESC", "heaviest": "DESC", "top": "DESC",
    "lowest": "ASC", "smallest": "ASC", "least": "ASC", "fewest": "ASC", "minimum": "ASC",
    "min": "ASC", "shortest": "ASC", "youngest": "ASC", "earliest": "ASC", "cheapest": "ASC",
    "lightest": "ASC",
}


AGE_WORDS = {"oldest": "DESC", "youngest": "ASC", "older": ">", "younger": "<"}

# The superlative of a comparative that measures a dimension ("taller" -> "tallest"), which
# names.dimension_of maps to the column measuring it when the question names none.
COMPARATIVE_DIMENSIONS = {
    "taller": "tallest", "shorter": "shortest", "longer": "longest", "heavier": "heaviest",
    "lighter": "lightest", "bigger": "biggest", "larger": "largest", "smaller": "smallest",
    "wider": "widest", "deeper": "deepest", "faster": "fastest", "slower": "slowest",
}

COMPARATORS = (
    (("more", "than"), ">"), (("greater", "than"), ">"), (("larger", "than"), ">"),
    (("bigger", "than"), ">"), (("higher", "than"), ">"), (("older", "than"), ">"),
    (("longer", "than"), ">"), (("over",), ">"), (("above",), ">"), (("after",), ">"),
    (("exceeding",), ">"), (("exceeds",), ">"), (("later", "than"), ">"), (("newer", "than"), ">"),
    (("earlier", "than"), "<"), (("cheaper", "than"), "<"), (("heavier", "than"), ">"),
    (("lighter", "than"), "<"), (("bigger", "than"), ">"), (("not", "more", "than"), "<="),
    (("less", "than"), "<"), (("fewer", "than"), "<"), (("smaller", "than"), "<"),
    (("lower", "than"), "<"), (("younger", "than"), "<"), (("shorter", "than"), "<"),
    (("taller", "than"), ">"), (("wider", "than"), ">"), (("deeper", "than"), ">"),
    (("faster", "than"), ">"), (("slower", "than"), "<"),
    (("under",), "<"), (("below",), "<"), (("before",), "<"),
    (("at", "least"), ">="), (("no", "less", "than"), ">="), (("at", "most"), "<="),
    (("no", "more", "than"), "<="), (("equal", "to"), "="), (("equals",), "="),
)


GROUP_FRAMES = (("for", "each"), ("in", "each"), ("of", "each"), ("per",), ("by",), ("each",),
                 ("for", "every"), ("every",))


ORDER_FRAMES = (("ordered", "by"), ("sorted", "by"), ("order", "by"), ("sort", "by"),
                 ("in", "order", "of"), ("ordered", "in"), ("sorted", "in"), ("order", "of"),
                 ("ranked", "by"), ("arranged", "by"))


DESC_WORDS = frozenset(("descending", "desc", "decreasing", "reverse"))


ASC_WORDS = frozenset(("ascending", "asc", "increasing", "alphabetical", "alphabetically"))


NUMERIC = frozenset(("int", "num"))


NAME_COLUMNS = ("name", "title", "label", "full_name", "fullname")


def use(used: list[bool], start: int, end: int) -> None:
    for i in range(max(0, start), min(len(used), end)):
        used[i] = True


def find(words: list[str], phrase: tuple[str, ...], start: int = 0) -> int:
    n = len(phrase)
    for i in range(start, len(words) - n + 1):
        if tuple(words[i:i + n]) == phrase:
            return i
    return -1


@functools.lru_cache(maxsize=1 << 16)
def name_words(name: str) -> tuple[str, ...]:
    """``order_lines``, ``OrderLines`` -> ("order", "line"); a part PostgreSQL folded from
    unquoted PascalCase in its words too (``tbldelivery`` -> ("tbl", "delivery"), ``adjustername``
    -> ("adjuster", "name"): :func:`ask.context.folded_names.split`)."""
    return tuple(sing(w) for p in _parts(name) for w in folded_names.split(p, english()))


def written_words(name: str) -> tuple[str, ...]:
    """A name's words as its separators and capitals mark them, a folded part whole
    (``beekeepers`` -> ("beekeeper",))."""
    return tuple(sing(p) for p in _parts(name))


def name_parts(name: str) -> tuple[str, ...]:
    """A name's parts as written, lower case, not made singular (``series_name``: "series")."""
    return tuple(_parts(name))


def _parts(name: str) -> list[str]:
    parts = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower().replace("-", "_").split("_")
    return [p for p in parts if p]


def stem(word: str) -> str:
    """``opened`` -> ``open``, ``founding`` -> ``found``: a second try for a one-word name."""
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[:-len(suffix)]
    return word


VERBS = frozenset(("show", "list", "find", "give", "return", "display", "get", "tell", "provide", "count"))


TABLE_PREFIXES = frozenset(("ref", "tbl", "tb", "t", "dim", "fact", "lkp", "lu", "map", "app"))

# Words after a legacy table's noun that say how it is stored, not what it holds: ``inv_hdr``
# (invoice header), ``part_mstr`` (part master), ``cust_tbl``.
TABLE_SUFFIXES = frozenset(("hdr", "header", "mstr", "master", "tbl"))


def table_spellings(words: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """A legacy table name as a question says it: without a storage suffix (``part_mstr``:
    "part"), its abbreviations spelt out (``inv_hdr``: "invoice"; ``cust_acct``: "customer
    account"), then its abbreviated last noun alone ("account"; "technician" and "tech" for
    ``svc_tech``) and an abbreviated leading entity ("customer"); a work order is also a job.
    A plain name adds nothing but such a phrase."""
    base = words[:-1] if len(words) > 1 and words[-1] in TABLE_SUFFIXES else words
    spelt = tuple(w if w in base else sing(w) for w in spelt_out(base))     # as the question's words: "statu"
    out = {base, spelt, *((w,) for w in NAME_PHRASES.get(spelt, ()))}
    if len(base) > 1 and base[-1] in ABBREVIATED:
        out.update({spelt[-1:], base[-1:]})
    if len(base) > 1 and base[0] in ABBREVIATED and spelt_out(base[:1])[-1] in _ENTITIES:
        out.add((sing(spelt_out(base[:1])[-1]),))
    return frozenset(k for k in out if 0 < len(k) <= 3 and k != words)


_ENTITIES = frozenset((*ENTITY_SYNONYMS, *RELATED_ENTITIES))



# Words that compare or rank by a price the question does not name.
MONEY_COMPARISONS = {"cheaper": "<", "pricier": ">", "costlier": ">", "costs": None, "cost": None,
                     "priced": None, "expensive": None}
# Money said by its currency after a number ("12 bucks", "30 quid", "500 dollars"); not
# "pounds", which weigh as often as they pay.
CURRENCY_WORDS = frozenset(("dollar", "dollars", "buck", "bucks", "quid", "euro", "euros", "usd", "eur", "gbp",
                            "cents", "pence", "yen", "rupees", "francs"))
MONEY_SUPERLATIVES = {"cheapest": "ASC", "priciest": "DESC", "expensive": "DESC"}   # "most expensive"
# How usual, after "most"/"least": "the most common genre" is the value with the most rows.
HOW_USUAL = frozenset(("common", "frequent", "popular", "usual"))

# The name parts the reader spells out: legacy parts it shares with the refusal vocabulary
# (related_words.NAME_PART_ABBREVIATIONS, one table for both), and a few of its own.
ABBREVIATIONS = {**{part: NAME_PART_ABBREVIATIONS[part]
                    for part in ("num", "no", "nbr", "qty", "amt", "dt", "desc", "nm", "ttl", "lbl", "pct")},
                 "yr": "year", "addr": "address", "cnt": "count", "avg": "average", "dob": "birth",
                 "cap": "capacity", "ha": "hectare"}


# "monthly revenue", "weekly orders": one row per period.
PERIOD_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter",
                  "yearly": "year", "annually": "year", "annual": "year"}


PERIODS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


DATE_TYPES = frozenset(("date", "ts"))


COUNT_LEADS = frozenset(("total", "count", "find", "show", "return", "give", "compute", "calculate"))


NEGATIONS = frozenset(("not", "isn't", "aren't", "wasn't", "except", "excluding", "other", "besides"))


HIGH_WORDS = frozenset(("high", "highest", "old", "oldest", "large", "largest", "most", "big", "biggest",
                         "late", "latest", "new", "newest", "top", "many", "more"))


# Contracted auxiliaries: "we've" is "we have", "who're" "who are"; "n't" is no auxiliary.
_CONTRACTED = {"'ve": "have", "'re": "are", "'m": "am", "'ll": "will", "'d": "would"}


def filler_contraction(word: str) -> bool:
    """"we've", "who've", "they're": a pronoun and an auxiliary run together, both words that
    need no placing (``FILLER``); not "don't" or "can't", whose "not" is a negation."""
    for ending, auxiliary in _CONTRACTED.items():
        if word.endswith(ending) and len(word) > len(ending):
            return word[:-len(ending)] in FILLER and auxiliary in FILLER | HARMLESS | {"am", "will", "would"}
    return False


def is_number(word: str) -> bool:
    return word.isdigit()


# "over 20k", "above 150k": thousands, as analysts write them.
_THOUSANDS = re.compile(r"[1-9][0-9]{0,5}k")

NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


# "6 million", "2 thousand": the number before the word, scaled (the word stays, read as nothing).
SCALE_WORDS = {"thousand": 1000, "million": 1000000, "billion": 1000000000}


def digits(words: list[str]) -> list[str]:
    """"at least two paragraphs" -> "at least 2 paragraphs"; "one" only after a comparison
    ("more than one"), since elsewhere it is a pronoun ("the one with ..."); "20k" -> "20000";
    "6 million" -> "6000000 million" (the same number of words: a value's link keeps its place)."""
    words = [str(int(w[:-1]) * 1000) if _THOUSANDS.fullmatch(w) else
             str(int(w) * SCALE_WORDS[words[i + 1]]) if w.isdigit() and i + 1 < len(words)
             and words[i + 1] in SCALE_WORDS else w for i, w in enumerate(words)]
    return [NUMBER_WORDS[w] if w in NUMBER_WORDS and (w != "one" or (i > 0 and words[i - 1] in (
        "than", "least", "most", "exactly", "between"))) else
            "1" if w == "single" and words[max(0, i - 2):i] == ["than", "a"] else     # "more than a single"
            w for i, w in enumerate(words)]


# Every word that carries a shape or a period: never read as an abbreviated name
# (:func:`.names.abbreviated_names`), whatever a schema abbreviates ("average" is no ``avg_x``).
CUE_WORDS = frozenset({
    *FILLER, *HARMLESS, *UNIT_NOUNS, *AGGREGATES, *SUPERLATIVES, *AGE_WORDS, *COMPARATIVE_DIMENSIONS,
    *COMPARATIVE_DIMENSIONS.values(), *DESC_WORDS, *ASC_WORDS, *COUNT_LEADS, *NEGATIONS, *HIGH_WORDS,
    *MONEY_COMPARISONS, *MONEY_SUPERLATIVES, *CURRENCY_WORDS, *PERIODS, *PERIOD_ADVERBS, *NUMBER_WORDS,
    *(w for phrase, _ in COMPARATORS for w in phrase), *(w for frame in GROUP_FRAMES for w in frame),
    *(w for frame in ORDER_FRAMES for w in frame), *(w for frame in COUNT_FRAMES for w in frame),
    *"""percent percentage share ratio rate proportion fraction never none without today yesterday tomorrow
    last next past previous since until ago recent recently days weeks months quarters years number total
    average sum count more most less least fewer many much first earliest latest between versus compared""".split(),
})
