"""Value linking: which phrases of a question are stored values of low-cardinality columns.

Analysts name values, not columns ("sales in east china", "instore orders"), so the prompt
tells the model where a phrase lives: ``regions.name = 'East China'``. Matching is on
normalised word n-grams (case, punctuation, hyphens/spaces and plural ``s`` ignored) with a
small edit-distance allowance for longer phrases, so typos still link. Never typos of a
value's codes, though: a word with a digit, or a single letter, tells values apart
('Customer 7' from 'Customer 17', 'Block A' from 'Block B'), so a near miss must contain each
of them as typed; "customers" is no typo of 'Customer 1'. A value is also linked where the
question says it in another form of its word ("absences" for 'ABSENT', "annually" for 'annual',
"referred" for 'referral': :func:`derived_forms`, a root of five letters), and a code where the
question says what the column's comment says it means (:mod:`ask.context.value_codes`: "grounded"
for 'AOG' commented "AOG aircraft on ground (grounded)"; the first words of a longer meaning,
"on hold" of "on hold awaiting parts", with what follows them said by root). A word the question
uses as something else links nothing (:func:`_said_otherwise`): a verb ("did we run", "leads who
have run", "has Northwind Traders paid us", "the highest paid"), half of a two-word column name
said whole ("list price"), a pronoun that spells a code ("us"). A near miss never ends on a stop
word or on a word whose dropping comes nearer ("leak tester on"), is never a word of the schema's
names ("status" for 'state'), and of a proper name typed in lower case it must be one long word
or each word one letter off ("write" is no 'White', "base airport" no 'Boise Airport'). A value of
several words is also said with its last word clipped ("maintenance techs" for what a comment
says MTN means, 'maintenance technician': :func:`clipped_keys`), and a text key of digits as a
number right after the word of what it keys ("route 4" for ``route_short_name = '4'``, never
"top 4 routes" or "in 2024": :func:`_numbered`). The per-schema index
is cached by schema fingerprint in a bounded LRU. Values of high-cardinality columns are not
in the schema context; :mod:`ask.context.value_probe` finds those in the database per question,
and :func:`merge_matches` combines both.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ask.context.value_codes import column_codes
from ask.schema import SchemaContext, short_type
from engines.lru import LRU

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD = re.compile(r"[0-9a-z]+(?:'[a-z]+)?")
# Words too common to be a value on their own (they still match inside longer values).
_STOP = frozenset(
    "a an and are as at be by for from in is it of on or the to was were what which who with "
    "all any each how many much me my our show list give get top by per total number count "
    "last this next year month week day days today".split())
MAX_NGRAM = 6
EXACT_SCORE = 0.99
_CACHE_SIZE = 64


@dataclass(frozen=True, slots=True)
class ValueMatch:
    table: str          # as written in SQL (schema-qualified when off the search_path)
    column: str
    value: str          # the stored value, exact spelling
    start: int          # word span in the question
    end: int
    score: float        # 1.0 exact (normalised), lower for fuzzy matches

    @property
    def exact(self) -> bool:
        """The question spells the stored value (up to normalisation), not a near miss of it."""
        return self.score >= EXACT_SCORE


def normalise(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("&", " and ").replace("\u2019", "'"))   # Brazil’s: Brazil's


def _squash(words: Iterable[str]) -> str:
    return "".join(singular(w) for w in words)


def identifier_words(name: str) -> set[str]:
    """The words of a table or column name, singular: ``order_lines``, ``OrderLines`` ->
    {order, line}."""
    return set(_identifier_words(name))


@functools.lru_cache(maxsize=1 << 16)
def _identifier_words(name: str) -> frozenset[str]:
    # Cached: a wide schema repeats its column names ("id", "name") in every table.
    parts = _CAMEL.sub("_", name).lower().replace("-", "_").split("_")
    return frozenset(singular(p) for p in parts if p)


def singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class _Entry:
    table: str
    column: str
    value: str
    words: int
    codes: frozenset[str]       # words that tell values apart: with a digit, or one letter
    score: float = 1.0          # EXACT_SCORE: the first words of what a comment says a code means
    rest: tuple[str, ...] = ()  # the words of that meaning after them ("awaiting parts" of "on hold")


class ValueIndex:
    """Every linkable value of one schema, keyed by its squashed normal form."""

    def __init__(self, schema: SchemaContext) -> None:
        self.exact: dict[str, list[_Entry]] = {}
        # (length, first letter) -> candidates for fuzzy matching; typos rarely hit the first letter.
        self.by_shape: dict[tuple[int, str], list[tuple[str, _Entry]]] = {}
        # (a word of the column's name, a one-letter value): "pier C", "block A", "grade B"
        self.named_codes: dict[tuple[str, str], list[_Entry]] = {}
        # the same one-letter values by letter: "A's" says the letter's plural ("grades were A's")
        self.letters: dict[str, list[_Entry]] = {}
        # (a word of the table's or the column's name, a text value of digits): "route 4" for
        # ``routes.route_short_name = '4'``, "unit 204" for ``units.unit_number = '204'``
        self.numbered: dict[tuple[str, str], list[_Entry]] = {}
        # the words of the schema's date columns: "opened" is when ``open_dt`` says, not a status 'OPEN'
        # (and of integer date keys: "opened" is when ``opened_date_key`` says, in a star schema)
        self.dated = frozenset(w for table in schema.tables for col in table.columns
                               if short_type(col.type) in ("date", "ts") or _date_key(col.name, col.type)
                               for w in _identifier_words(col.name))
        # and of its decimal amounts: "priced" is what ``list_price`` says, not a reason code 'PRICE'
        self.dated |= frozenset(w for table in schema.tables for col in table.columns
                                if short_type(col.type) == "num" for w in _identifier_words(col.name))
        # the words of every table's and column's name: a near miss of a value ("status" of
        # 'state') that the schema spells names that; and the two-word column names ("list
        # price", "amount paid"): a value's word said with the other word names the column
        names = dict.fromkeys(n for t in schema.tables for n in (t.name, *(c.name for c in t.columns)))
        self.named = frozenset(w for n in names for w in _identifier_words(n))
        self.pairs: dict[tuple[str, str], frozenset[str]] = {}
        for table in schema.tables:
            for col in table.columns:
                parts = [singular(p) for p in _CAMEL.sub("_", col.name).lower().replace("-", "_").split("_") if p]
                if len(parts) == 2:
                    pair = (parts[0], parts[1])
                    self.pairs[pair] = self.pairs.get(pair, frozenset()) | {col.name}
        # columns of proper names (last_nm, lastName, hotel_nm): a typo of one needs more than
        # its edit distance
        self.proper = frozenset((table_ref(schema, t.schema, t.name), c.name) for t in schema.tables
                                for c in t.columns if c.values and _proper_name(c.name))
        for table in schema.tables:
            tname = table_ref(schema, table.schema, table.name)
            for col in table.columns:
                digits = short_type(col.type) == "text"
                for value in col.values:
                    if digits and value.strip().isdigit():
                        number = _Entry(tname, col.name, value, 1, frozenset((value.strip(),)))
                        for word in _entity_words(table.name, col.name):
                            self.numbered.setdefault((word, value.strip()), []).append(number)
                    named, spelt = _value_keys(col.name, value)
                    if named:
                        code = _Entry(tname, col.name, value, 1, named[0][1])
                        for pair, _ in named:
                            self.named_codes.setdefault(pair, []).append(code)
                        self.letters.setdefault(value.strip().lower(), []).append(code)
                    for key, words, codes in spelt:
                        entry = _Entry(tname, col.name, value, words, codes)
                        self.exact.setdefault(key, []).append(entry)
                        self.by_shape.setdefault((len(key), key[0]), []).append((key, entry))
                    self._add_clipped(tname, col.name, value, (value,))
                for said in column_codes(col):      # what the column's comment says its codes mean
                    for key, words, codes, rest in _meaning_keys(said.meanings):
                        whole = not rest
                        entry = _Entry(tname, col.name, said.value, words, codes, 1.0 if whole else EXACT_SCORE, rest)
                        self.exact.setdefault(key, []).append(entry)
                        if whole:
                            self.by_shape.setdefault((len(key), key[0]), []).append((key, entry))
                    self._add_clipped(tname, col.name, said.value, said.meanings)
        # values only their punctuation tells apart ('O-' and 'O+', 'B-' and 'B+'), as typed
        self.signed: dict[str, list[_Entry]] = {}
        for table in schema.tables:
            for col in table.columns:
                for value in _told_by_punctuation(col.values):
                    self.signed.setdefault(value.strip().lower(), []).append(
                        _Entry(table_ref(schema, table.schema, table.name), col.name, value, 1, frozenset()))

    def _add_clipped(self, table: str, column: str, value: str, said: tuple[str, ...]) -> None:
        """``value`` under the keys of ``said`` (its spelling, or its code's meanings) with the
        last word clipped (:func:`clipped_keys`), as a word said for the value."""
        for text in said:
            for key, words in clipped_keys(text):
                self.exact.setdefault(key, []).append(_Entry(table, column, value, words, frozenset(), EXACT_SCORE))


# Words of a name that say what kind of key it is, not what it keys ("number 4" names no route).
_KEY_WORDS = frozenset("name nm id no number num nbr nr key code cd short long full text value type".split())


@functools.lru_cache(maxsize=1 << 12)
def _entity_words(table: str, column: str) -> frozenset[str]:
    """The words before a number that name what a text key of digits keys: the table's and the
    column's words but those of the key's kind (``routes.route_short_name``: "route")."""
    return frozenset((_identifier_words(table) | _identifier_words(column)) - _KEY_WORDS)


def _told_by_punctuation(values: Sequence[str]) -> list[str]:
    """The values of one column that normalising makes one ('O-' and 'O+' are both "o")."""
    keys: dict[str, list[str]] = {}
    for value in values:
        keys.setdefault(_squash(normalise(value)), []).append(value)
    return [v for same in keys.values() if len(same) > 1 for v in same
            if v.strip().lower() != " ".join(normalise(v))]


# A last word clipped ("techs" for technicians, "profs" for professors): this many letters at
# least, and this many fewer than the word.
_CLIP = 4
_CLIPPED_OFF = 3


@functools.lru_cache(maxsize=1 << 15)
def clipped_keys(text: str) -> tuple[tuple[str, int], ...]:
    """The keys of ``text`` of two words or more (a value, or what a comment says a code means)
    with its last word clipped as people clip a long word, the words before said whole:
    "maintenance tech" for 'maintenance technician', "assistant prof" for 'Assistant
    Professor'; (key, words)."""
    words = normalise(text)
    if not 2 <= len(words) <= MAX_NGRAM or is_filler(words[:-1]) or not words[-1].isalpha():
        return ()
    last = singular(words[-1])
    head = _squash(words[:-1])
    return tuple((head + last[:k], len(words)) for k in range(_CLIP, len(last) - _CLIPPED_OFF + 1))


def _date_key(name: str, pg_type: str) -> bool:
    """An integer column named a date key (``opened_date_key``, ``ship_date_sk``): a date in a star schema."""
    words = _CAMEL.sub("_", name).lower().split("_")
    return short_type(pg_type) == "int" and len(words) >= 3 and words[-2] == "date" and words[-1] in ("key", "sk", "id")


_NamedCode = tuple[tuple[str, str], frozenset[str]]     # (a word of the column's name, the letter), {letter}
_Spelt = tuple[str, int, frozenset[str]]                # squashed key, its words, the codes among them


# Per (column name, value), whatever the table: a new version of a wide schema (after DDL)
# holds the same values again, and normalising each is most of building the index.
@functools.lru_cache(maxsize=1 << 15)
def _value_keys(column: str, value: str) -> tuple[tuple[_NamedCode, ...], tuple[_Spelt, ...]]:
    """What ``value`` adds to the index: a one-letter code under each word of the column's
    name ("pier C"), and the keys of its spelling and of the words said for it
    (:func:`coded_words`), in that order."""
    words = normalise(value)
    named: tuple[_NamedCode, ...] = ()
    if len(words) == 1 and len(words[0]) == 1 and words[0].isalpha():
        named = tuple(((word, words[0]), frozenset(words)) for word in identifier_words(column))
    spelt = (_spelt(value), *(_spelt(word) for word in coded_words(column, value)))
    return named, tuple(k for k in spelt if k is not None)


def _spelt(said: str) -> _Spelt | None:
    words = normalise(said)
    if not words or len(words) > MAX_NGRAM or all(w.isdigit() for w in words):
        return None
    key = _squash(words)
    if len(key) < 2:
        return None
    codes = frozenset(w for w in words if len(w) == 1 or any(c.isdigit() for c in w))
    return key, len(words), codes


def _meaning_keys(meanings: tuple[str, ...]) -> list[tuple[str, int, frozenset[str], tuple[str, ...]]]:
    """The keys a code's meanings add (:mod:`ask.context.value_codes`): each meaning whole, and
    the first words of a longer one ("on hold" of "on hold awaiting parts"), two at least and
    not ending on a stop word; (key, words, codes, the meaning's words after the key)."""
    out: list[tuple[str, int, frozenset[str], tuple[str, ...]]] = []
    for meaning in meanings:
        words = normalise(meaning)
        if not words or is_filler(words):
            continue
        found = _spelt(" ".join(words))
        if found is not None:
            out.append((*found, ()))
        for n in range(2, min(len(words), MAX_NGRAM + 1)):
            if words[n - 1] not in _STOP and not is_filler(words[:n]) \
                    and (part := _spelt(" ".join(words[:n]))) is not None:
                out.append((*part, tuple(singular(w) for w in words[n:] if w not in _STOP)))
    return out


# One-letter codes people never type as such: 'F' in a sex column is what "female" says.
_CODES = {("sex", "gender"): {"f": ("female", "woman", "women", "girl"), "m": ("male", "man", "men", "boy"),
                              "w": ("female", "woman", "women")}}


# Columns of places, whose values people also say as adjectives ("Asian countries").
_PLACES = frozenset(("continent", "country", "region", "nation", "nationality", "citizenship", "origin",
                     "state", "province"))


def coded_words(column: str, value: str) -> tuple[str, ...]:
    """The words a question says for a stored value other than its spelling: a one-letter code
    of a well-known column ('F': "female"), a place's adjective ('Asia': "asian")."""
    names = identifier_words(column)
    for columns, codes in _CODES.items():
        if names & set(columns):
            return codes.get(value.strip().lower(), ())
    if names & _PLACES and value.isalpha() and len(value) >= 4:
        return demonyms(value.lower())
    return flag_words(column, value)


_YES = frozenset(("t", "y", "true", "yes"))
_NO = frozenset(("f", "n", "false", "no"))


def flag_words(column: str, value: str) -> tuple[str, ...]:
    """A yes/no flag kept as text ('T'/'F', 'Y'/'N') in a column named ``is_official``,
    ``IsOfficial`` or ``isofficial``: 'T' is what "official" says, 'F' "unofficial"."""
    words = [w.lower() for w in _CAMEL.sub("_", column).replace("-", "_").split("_") if w]
    if len(words) == 1 and words[0].startswith(("is", "has")) and len(words[0]) > 5:
        head = "is" if words[0].startswith("is") else "has"
        words = [head, words[0][len(head):]]
    if len(words) != 2 or words[0] not in ("is", "has", "was") or len(words[1]) < 3:
        return ()
    said = value.strip().lower()
    if said in _YES:
        return (words[1],)
    if said in _NO:
        return ("un" + words[1], "non" + words[1])
    return ()


def demonyms(place: str) -> tuple[str, ...]:
    """The adjectives English forms from a place's name: Asia -> asian, Europe -> european,
    Italy -> italian, Brazil -> brazilian, Japan -> japanese, Spain -> spanish (candidates: a
    question's word links only when it is one of them)."""
    if place.endswith("a"):
        return (place + "n",)
    if place.endswith("e"):
        return (place + "an",)
    if place.endswith("y"):
        return (place[:-1] + "ian",)
    return (place + "ian", place + "ese", place + "ish", place + "an")


def table_ref(schema: SchemaContext, schema_name: str, table: str) -> str:
    """The table's name as SQL must write it: bare when the search_path finds it."""
    found = schema.table(table)
    if found is not None and found.schema == schema_name:
        return table
    return f"{schema_name}.{table}"


class _IndexCache:
    def __init__(self, size: int) -> None:
        self._items: LRU[str, ValueIndex] = LRU(size)

    def get(self, schema: SchemaContext) -> ValueIndex:
        key = schema.fingerprint
        index = self._items.get(key)
        if index is None:
            index = ValueIndex(schema)
            self._items.put(key, index)
        return index


_cache = _IndexCache(_CACHE_SIZE)


def link_values(question: str, schema: SchemaContext, *, max_matches: int = 8) -> list[ValueMatch]:
    """Stored values named in ``question``, longest and most exact spans first, non-overlapping."""
    index = _cache.get(schema)
    if not index.exact and not index.named_codes:
        return []
    words = normalise(question)
    cased = cased_words(question, len(words))
    found: list[ValueMatch] = []
    for n in range(min(MAX_NGRAM, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            span = words[i:i + n]
            if n == 1 and span[0] in _STOP:
                continue
            found.extend(_lookup(index, span, i, words, cased))
    for i in range(len(words) - 1):         # "pier C": a one-letter value after its column's name
        for e in index.named_codes.get((singular(words[i]), words[i + 1]), ()):
            found.append(ValueMatch(e.table, e.column, e.value, i, i + 2, 1.0))
    for i, typed in enumerate(cased or ()):     # "A's": the plural of a letter, typed as one
        if len(typed) == 3 and typed[0].isupper() and typed.endswith("'s"):
            found.extend(ValueMatch(e.table, e.column, e.value, i, i + 1, 1.0)
                         for e in index.letters.get(typed[0].lower(), ()))
    if index.numbered:
        found.extend(_numbered(index, words))
    found = [m for m in found if m.end - m.start > 1 or not _said_otherwise(index, m, words, cased)]
    if index.signed:
        found = _as_typed(index, question, found)
    return _resolve(found, max_matches)


_LEADING = "\"'`([{<\u201c\u2018\u00ab"
_TRAILING = ".,;:!?\"'`)]}>\u201d\u2019\u00bb"


def _as_typed(index: ValueIndex, question: str, found: list[ValueMatch]) -> list[ValueMatch]:
    """A value only its punctuation tells apart, typed as stored ("O- donors", "blood group
    B-"): linked at its word, and the values it is told from dropped where they were linked
    over it (normalised, 'B-' and 'B+' are both "b")."""
    typed: list[ValueMatch] = []
    at = 0
    for token in question.split():
        n = len(normalise(token))
        for e in index.signed.get(token.lstrip(_LEADING).rstrip(_TRAILING).lower(), ()) if n else ():
            typed.append(ValueMatch(e.table, e.column, e.value, at, at + n, 1.0))
        at += n
    if not typed:
        return found
    told = [m for m in found if not any((m.table, m.column) == (t.table, t.column) and m.value != t.value
                                        and m.start < t.end and t.start < m.end for t in typed)]
    return told + typed


# Words between a thing's word and its number ("route number 4", "route no. 4", "route #4").
_NUMBER_WORDS = frozenset(("number", "no", "num", "nr"))
# Words after a number that make it a bound, not a key ("population 5000 or more").
_BOUND_AFTER = frozenset("more less fewer greater higher lower above below over under up plus".split())


def _numbered(index: ValueIndex, words: Sequence[str]) -> list[ValueMatch]:
    """Text keys of digits said as a number right after a word naming what they key ("route 4",
    "store 7", "unit 204", "route number 22"): the span from the word to the number. A number
    after anything else is a quantity or a year ("top 5 routes", "more than 4 trips", "in
    2024"), and one followed by "or more" a bound."""
    out: list[ValueMatch] = []
    for i in range(len(words) - 1):
        j = i + 2 if words[i + 1] in _NUMBER_WORDS and i + 2 < len(words) else i + 1
        if not words[j].isdigit() or words[i] in _STOP:
            continue
        after = words[j + 1:j + 3]
        if len(after) == 2 and after[0] in ("or", "and") and after[1] in _BOUND_AFTER:
            continue
        for e in index.numbered.get((singular(words[i]), words[j]), ()):
            out.append(ValueMatch(e.table, e.column, e.value, i, j + 1, 1.0))
    return out


_CASED = re.compile(r"[0-9A-Za-z]+(?:'[A-Za-z]+)?")


def cased_words(question: str, count: int) -> list[str] | None:
    """The question's words as typed (``normalise`` lower-cases them), or None where they do
    not line up one to one."""
    cased = _CASED.findall(question.replace("&", " and ").replace("\u2019", "'"))
    return cased if len(cased) == count else None


def _capitalised(cased: list[str] | None, start: int, end: int) -> bool:
    """Whether a word of the span is typed with a capital (a name as people write one); True
    where the typed words are unknown."""
    return cased is None or any(w[:1].isupper() for w in cased[start:end])


# Words between an auxiliary and its verb: adverbs, and pronouns as the subject ("did we run").
_ADVERBS = frozenset("never not ever already just yet also all really".split())
_PRONOUNS = frozenset("we they you i he she".split())
# Do-support: the verb after "did we" / "do they" is its bare form, always a verb.
_DO = frozenset("do does did don't doesn't didn't".split())
# The perfect: "have run", "has paid".
_HAVE = frozenset("has have had hasn't haven't hadn't we've they've i've you've".split())
# Degree words before a participle make it the verb of a measure ("highest paid", "best rated");
# not "most"/"least", which count things in a state ("the most closed tickets").
_DEGREE = frozenset("highest lowest best worst well poorly badly better worse higher lower".split())
# Pronouns that are also stored codes ('US' for a country, 'WE' for a weekday): the pronoun
# unless typed in capitals or after "the".
_CODE_PRONOUNS = frozenset(("us", "we", "him", "her", "them", "you"))


def _said_otherwise(index: ValueIndex, m: ValueMatch, words: Sequence[str], cased: list[str] | None) -> bool:
    """Whether the one word ``m`` links is used as something other than the value there: a verb
    (:func:`_as_verb`), half of a two-word column name said whole ("list price" for
    ``list_price``, not the reason code 'PRICE'), a pronoun that spells a code ("paid us")."""
    if (m.table, m.column) in index.proper:
        return False
    i = m.start
    word = singular(words[i])
    for pair in ((singular(words[i - 1]), word) if i > 0 else None,
                 (word, singular(words[i + 1])) if i + 1 < len(words) else None):
        if pair is not None and index.pairs.get(pair, frozenset()) - {m.column}:
            return True
    if words[i] in _CODE_PRONOUNS and m.value.isupper() and (i == 0 or words[i - 1] != "the") \
            and cased is not None and not cased[i].isupper():
        return True
    return _as_verb(words, i, cased, identifier_words(m.table.rpartition(".")[2]))


def _asks_rows(words: Sequence[str], aux: int, rows: set[str]) -> bool:
    """Whether the word before the auxiliary at ``aux`` names the rows of the value's table."""
    return aux > 0 and singular(words[aux - 1]) in rows


_IRREGULAR = frozenset("run paid done sold won made sent spent held kept built left begun taken given "
                       "shut cut set put".split())


def _as_verb(words: Sequence[str], i: int, cased: list[str] | None, rows: set[str]) -> bool:
    """Whether the question's word ``i`` is a verb where it is said, not a state: the bare form
    after do-support ("how many skus did we run"), a participle of the perfect whose subject
    is a person or a name ("leads who have run 350 work orders", "has Northwind Traders paid
    us", "has Press Line 2 been running"), a participle after a degree word ("the highest paid
    teachers"). A state keeps its value: "were paid", "have been closed", "deals we have
    lost", "tickets that have closed", "the most closed tickets", and where the rows asked
    about right before the auxiliary are those of the value's table (``rows``, the words of
    its name): "how many inspections has Sunita Rao failed" counts failed inspections."""
    word = words[i]
    if i > 0 and words[i - 1] in _DEGREE and (word.endswith("ed") or word in _IRREGULAR):
        return True
    j = i - 1
    if word.endswith("ing") and j >= 0 and words[j] == "been":
        j -= 1
    elif not (word.endswith("ed") or word in _IRREGULAR):
        # only do-support takes a bare form
        while j >= 0 and words[j] in _ADVERBS:
            j -= 1
        return j >= 1 and words[j] in _PRONOUNS and words[j - 1] in _DO and not _asks_rows(words, j - 1, rows)
    while j >= 0 and words[j] in _ADVERBS:
        j -= 1
    if j >= 1 and words[j] in _PRONOUNS and words[j - 1] in _DO:
        return not _asks_rows(words, j - 1, rows)
    named = j
    while j >= 0 and cased is not None and (cased[j][:1].isupper() or cased[j].isdigit()):
        j -= 1              # a name as the subject: "has Northwind Traders paid"
    if j < 0 or words[j] not in _HAVE or _asks_rows(words, j, rows):
        return False
    return j < named or (j > 0 and words[j - 1] == "who")     # "leads who have run": a person's doing


def merge_matches(*groups: Iterable[ValueMatch], max_matches: int = 8) -> list[ValueMatch]:
    """Several linkers' matches as one list: longest non-overlapping spans win, as within one."""
    return _resolve([m for group in groups for m in group], max_matches)


def is_filler(words: Iterable[str]) -> bool:
    """Whether normalised ``words`` are only stop words and numbers (never a value alone)."""
    return all(w in _STOP or w.isdigit() for w in words)


def _lookup(index: ValueIndex, span: list[str], start: int, words: Sequence[str] = (),
            cased: list[str] | None = None) -> list[ValueMatch]:
    if span[-1].endswith("'s"):         # "Ruth Alvarez's students": the name, not its possessive
        span = span[:-1] + [span[-1][:-2]]
    key = _squash(span)
    hits = index.exact.get(key)
    if hits and len(span) > 1 and span[0] in ("a", "an") and span[1].isdigit():
        hits = [e for e in hits if e.words > 1]     # "a 2 bed" is an article, no unit 'A2'
    if hits:
        end = start + len(span)
        return [ValueMatch(e.table, e.column, e.value, start, end + (_rest_said(e.rest, words[end:]) if e.rest else 0),
                           e.score) for e in hits]
    for base in _participle_bases(span[-1]):       # "failed inspections": the stored 'Fail'
        hits = index.exact.get(_squash(span[:-1] + [base]))
        if hits:        # "opened" of open_dt, "priced" of list_price: that column's, and no typo either
            return [] if {span[-1], base} & index.dated else \
                [ValueMatch(e.table, e.column, e.value, start, start + len(span), EXACT_SCORE) for e in hits]
    for form in derived_forms(singular(span[0])) if len(span) == 1 else ():     # "absences": the stored 'ABSENT'
        hits = index.exact.get(form)
        if hits and form not in _STOP:
            return [] if {span[0], form} & index.dated else \
                [ValueMatch(e.table, e.column, e.value, start, start + len(span), EXACT_SCORE) for e in hits]
    budget = _typo_budget(key)
    if budget == 0 or span[0] in _STOP or span[-1] in _STOP:
        return []       # a near miss ends on words of its own ("leak tester on" is 'Leak tester' and "on")
    if len(span) == 1 and singular(span[0]) in index.named:
        return []       # "status" names the column, no typo of 'state'
    out = []
    for length in range(len(key) - budget, len(key) + budget + 1):
        for cand, entry in index.by_shape.get((length, key[0]), ()):
            if abs(entry.words - len(span)) > 1 or not entry.codes.issubset(span):
                continue
            d = bounded_distance(key, cand, budget)
            if d > budget or _nearer_without_edge(span, cand, d):
                continue
            if (entry.table, entry.column) in index.proper and not _capitalised(cased, start, start + len(span)) \
                    and not _name_typo(span, entry.value):
                continue        # "write" is no typo of the surname 'White'
            out.append(ValueMatch(entry.table, entry.column, entry.value,
                                  start, start + len(span), 1.0 - 0.1 * d))
    return out


# A typo of a proper name typed in lower case: one word this long at least ("electroincs").
_LONG_NAME_TYPO = 8


def _name_typo(span: list[str], value: str) -> bool:
    """Whether a lower-case ``span`` is a typo of the proper name ``value`` by more than edit
    distance: one long word ("electroincs"), or each word of a longer name said, one letter off
    at most in words of four letters ("nortwest chna"; not "base airport" for 'Boise Airport',
    nor "meter reads" for 'Meter Team')."""
    if len(span) == 1:
        return len(span[0]) >= _LONG_NAME_TYPO
    said = normalise(value)
    return len(said) == len(span) and all(
        w == v or len(w) >= 4 and bounded_distance(singular(w), singular(v), 1) <= 1 for w, v in zip(span, said))


def _nearer_without_edge(span: list[str], cand: str, d: int) -> bool:
    """Whether the span without its first or last word is nearer the value: the extra word is
    the question's own ("fall 2025 vs" for 'Fall 2025')."""
    if len(span) < 2:
        return False
    return any(bounded_distance(_squash(part), cand, d) < d for part in (span[1:], span[:-1]))


def _proper_name(column: str) -> bool:
    """A column of proper names: a word of its name is "name" or an abbreviation of it
    (``last_nm``, ``lastName``, ``hotel_nme``)."""
    return bool(identifier_words(column) & {"name", "nm", "nme", "nam"}) or column.lower().endswith("name")


def _rest_said(rest: tuple[str, ...], after: Sequence[str]) -> int:
    """How many of the words ``after`` a code meaning's first words say the rest of it ("on hold
    *waiting for parts*" for 'HLD' "on hold awaiting parts"): stop words between, each other word
    one of the rest's by its root; the count ends on such a word."""
    said, n = 0, 0
    for word in after[:MAX_NGRAM]:
        n += 1
        if word in _STOP:
            continue
        if not any(_one_root(singular(word), w) for w in rest):
            break
        said = n
    return said


def _one_root(a: str, b: str) -> bool:
    """"waiting" and "awaiting", "part" and "parts": one word inside the other, four letters at least."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and (long.startswith(short) or long.endswith(short)) or a == b


# Endings that make one English word another of the same root: a noun of an adjective
# ("absence", 'absent'), an adverb ("annually", 'annual'), a noun in -al of a verb's past
# ("referral", 'referred'; "approval", 'approved'), both ways.
_DERIVED = (("ence", "ent"), ("ent", "ence"), ("ance", "ant"), ("ant", "ance"), ("ency", "ent"),
            ("ally", "al"), ("ly", ""), ("ied", "ial"), ("ial", "ied"), ("ed", "al"), ("al", "ed"))
_ROOT = 5


@functools.lru_cache(maxsize=1 << 12)
def derived_forms(word: str) -> tuple[str, ...]:
    """The other forms of ``word`` (singular) whose root is five letters at least:
    "absence" -> absent, "annually" -> annual, "referred" -> referral."""
    out = []
    for ending, other in _DERIVED:
        form = word[:len(word) - len(ending)] + other
        if word.endswith(ending) and word.isalpha() and len(os.path.commonprefix((word, form))) >= _ROOT:
            out.append(form)
    return tuple(dict.fromkeys(out))


def _participle_bases(word: str) -> tuple[str, ...]:
    """The verbs a past participle may be the form of, when a status is stored as the verb:
    "failed" -> fail, "scored" -> score, "stopped" -> stop, "denied" -> deny."""
    if len(word) < 5 or not word.endswith("ed") or not word.isalpha():
        return ()
    stem = word[:-2]
    out = [stem, stem + "e"]
    if stem.endswith("i"):
        out.append(stem[:-1] + "y")
    if len(stem) > 3 and stem[-1] == stem[-2]:
        out.append(stem[:-1])
    return tuple(out)


def _typo_budget(key: str) -> int:
    if len(key) >= 9:
        return 2
    if len(key) >= 5:
        return 1
    return 0


def bounded_distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance when it is at most ``bound``, else ``bound + 1``.

    Only the diagonal band |i - j| <= bound can hold such a path, so each row computes
    2 * bound + 1 cells instead of len(b), and a row with no cell within bound ends the search.
    """
    big = bound + 1
    if abs(len(a) - len(b)) > bound:
        return big
    prev = [j if j <= bound else big for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [big] * (len(b) + 1)
        cur[0] = row_min = i if i <= bound else big
        for j in range(max(1, i - bound), min(len(b), i + bound) + 1):
            v = prev[j - 1] + (ca != b[j - 1])
            if prev[j] < v:
                v = prev[j] + 1
            if cur[j - 1] < v:
                v = cur[j - 1] + 1
            cur[j] = v if v < big else big
            if v < row_min:
                row_min = v
        if row_min > bound:
            return big
        prev = cur
    return prev[-1]


def _resolve(found: list[ValueMatch], limit: int) -> list[ValueMatch]:
    """Keep the best match per word span; longer and more exact spans win overlaps."""
    found.sort(key=lambda m: (-(m.end - m.start) * m.score, -m.score, m.start))
    taken: set[int] = set()
    kept: list[ValueMatch] = []
    span_owner: dict[tuple[int, int], float] = {}
    for m in found:
        span = (m.start, m.end)
        if span in span_owner:
            # The same phrase stored in several columns: keep every equally good reading.
            if m.score == span_owner[span]:
                kept.append(m)
            continue
        if any(i in taken for i in range(m.start, m.end)):
            continue
        taken.update(range(m.start, m.end))
        span_owner[span] = m.score
        kept.append(m)
    kept.sort(key=lambda m: (m.start, m.table, m.column))
    return kept[:limit]
