"""Paraphrases of taught questions: answer "vets at oak hill" with the SQL taught for "list the
vets at riverside", its value re-bound.

A question is reduced to its :class:`Shape`: the stored values it names become slots named by
their column (value linking, :mod:`ask.context.value_linking`, the planner's own; for a taught
question, the string constants its SQL compares a column with and that it spells), the words
that decide what SQL means become *guards* (comparators, negation, ranking direction,
aggregates, measures, distinctness, grouping, relative periods, the count of stated numbers),
and the rest become content stems (function words dropped, plurals and inflection folded, a
few common synonyms mapped). Two shapes match when their guards are equal, their slots pair
one to one by column (and table, where linking tells it), every table or column word asked is
one the taught question names or its SQL uses and none the taught question names is dropped,
no name-like word (not English, not the schema's, or capitalised mid-question) differs, and
the weighted Dice similarity of their tokens (schema words and slots count double) reaches
:data:`THRESHOLD`, set on ``eval/teach_dev.jsonl`` (never on the frozen unseen set).

Spellings that say the same are folded first: a word of the asked question is the taught
word it is kin to, one of its synonym group or base forms (:mod:`ask.context.related_words`:
"joined" for "hired", "wage" for "pay"), where exactly one taught word is; a few phrases say
one word ("taken out" is borrowed, a loan "still out" is not returned, an "hourly rate" pay),
"per month" is "monthly", "by" after a ranking of N rows says what it ranks by ("top 3 shows
by downloads" is "which three shows were downloaded the most"), "since" before an event
("days since each host joined") is a length of time, "total" beside a measure adds nothing, a word one letter off a taught
one of five letters or more is that word ("evnts"), a measure asked that the taught SQL reads
already ("priced" for ``unit_price < 500``) adds nothing, a linked span the taught question has
as plain words is read as words, and an aggregate said on one side only is allowed when the
taught SQL does it (asked: count, sum, average, distinct; taught but not asked: sum, distinct:
"how many cities" for ``count(DISTINCT city)``). Two synonyms of which one spells the table the
taught SQL reads first say that table ("invoices" for the taught "bills"), and a schema word
right before the one measure word ("clinic revenue") is matched, as grouped by that word, with
a taught question grouped by it (:func:`grouped_reading`). A plain comparative said apart
from its "than" ("more capacity than the average school") compares as "above average" does, a
"%" after no number is a percentage ("fee %"), a measure verb beside another measure's noun
("fees earned") adds no measure, and half of a two-word name the taught SQL reads may be said
alone where that half names nothing else of the schema ("by grade" for ``gradeLevel``).
What a question calls a table's rows is that table ("jobs" for projects,
:data:`~ask.context.related_words.CALLED`), "topped up" and "top-ups" rank nothing, what is
"on sale" is sold, "coming up" is "upcoming" (a period to come), and a ranking said by its word
("gets booked the most") is the one said with that word elsewhere ("the most bookings").
A code the taught question says by its meaning ("cancelled" for ``status = 'C'``, which value
linking links from the column's comment) is a slot like a spelt value. A condition the taught
SQL tests with no value (``WHERE p.is_active``, ``voided_at IS NULL``) must be said: the words
spelling its column, or, where none does, every word naming nothing the SQL reads, kept or
said in as many other words (:func:`condition_words`): "all our plans" is no paraphrase of
"the plans we still sell". A name no dictionary spells is the taught word it is the full
form of where a name the taught SQL reads lies between them ("subcontractors" for "subs" over
``subcon``); the verb of "how long did memberships last" says nothing the length does not;
data volumes are spelt as names abbreviate them ("megabytes" is "MB"); and a schema word
right beside a taught value that names the value's own table ("a spin *class*") may be left
out, the value saying it.
A taught value the question spells only in part ("riverside" for 'Riverside Animal Hospital')
is still its slot, and an asked span that is part of exactly one stored value of the taught
slot's column claims that value (:func:`claim_slots`); a constant of the taught SQL that no
slot explains ("arizona" for 'AZ') forbids changing any word of the taught question.

A wrong match is worse than none, so everything not understood blocks a match: a changed
value the taught SQL does not spell as a literal, a changed number that is not exactly one
constant of the SQL. Re-binding edits PostgreSQL's scanner tokens (pglast), never the text by
search: string constants equal to the taught value, numeric constants (or a leading number of
an interval string) equal to the taught number. The caller validates the result as it
validates generated SQL.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pglast
from pglast.parser import ParseError

from ask.context.refusal import english
from ask.context.related_words import CALLED, IRREGULAR, SYNONYM_GROUPS
from ask.context.value_linking import ValueMatch, identifier_words, normalise, singular
from ask.schema import SchemaContext

# Set on eval/teach_dev.jsonl (python -m eval.teach_eval match --taught-from-file …): every
# value from 0.4 to 0.8 gave the same verdicts there; the guards decide most. See the model card.
THRESHOLD = 0.6

_FUNCTION = frozenset("""
a an the of in on at to for from with and or as is are was were be been being do does did
have has had what which who whom whose show list give display find tell get return see want
need know please i me we us our my you your they them their its it there that those these
all any some can could would should will just also only currently right now one ones yet
whats we've we're we'd i've i'm i'd you've you're they've they're ever
""".split())
_PER = frozenset("per each every by".split())
# "won by the home side", "placed by our customers": after a past participle and before a
# determiner "by" says who did it, no grouping, unless the participle is one that groups
# ("grouped by", "sorted by"); "revenue generated by store" still groups.
_GROUPING_PARTICIPLES = frozenset("""grouped sorted ordered ranked listed split broken divided
categorised categorized classified segmented bucketed aggregated summarised summarized arranged
organised organized separated totalled totaled counted""".split())
_DETERMINERS = frozenset("the a an our their its his her this that these those".split())

_SYNONYMS = {"client": "customer", "cost": "price", "priced": "price", "shop": "store",
             "town": "city", "bought": "buy", "purchase": "buy", "sold": "sell",
             "biggest": "largest", "greatest": "largest"}
# Units written short: the same unit, so the same guard or word ("time in hrs" is "in hours").
# "min" and "sec" stay as written: "min" is also the minimum.
_UNIT_SPELLINGS = {"hr": "hour", "hrs": "hours", "mins": "minutes", "secs": "seconds",
                   "wk": "week", "wks": "weeks", "yr": "year", "yrs": "years",
                   "kg": "kilograms", "kgs": "kilograms", "lbs": "pounds",
                   "mw": "megawatts", "kw": "kilowatts", "gw": "gigawatts",
                   "tonnage": "tonnes",
                   # data volumes as names abbreviate them (``dataMb``, ``size_gb``)
                   "megabyte": "mb", "megabytes": "mb", "gigabyte": "gb", "gigabytes": "gb",
                   "kilobyte": "kb", "kilobytes": "kb", "terabyte": "tb", "terabytes": "tb"}
# Phrases that say one word (their first word's stem): "taken out a book" borrowed it, a loan
# "still out" is not returned (a negation and a word, so "haven't been returned" is the same),
# "signed up" is a signup, "yet to be paid" is not paid.
# "topped up" and "top-ups" are a top-up, no ranking; what is "on sale" or "for sale" is sold.
_SAID_OTHERWISE = {("take", "out"): ("borrow",), ("still", "out"): ("not", "returned"),
                   ("sign", "up"): ("signup",), ("yet", "to"): ("not",),
                   ("top", "up"): ("top", "up"), ("top", "ups"): ("top", "up"),
                   ("on", "sale"): ("sell",), ("for", "sale"): ("sell",)}
# "hourly rate" is pay, not a ratio: a rate after a period word.
_PAY_PERIODS = frozenset("hourly daily weekly monthly nightly yearly annual".split())
_WORD_NUMBERS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
# A number said in words beyond twelve ("fifteen", "seventy", "a hundred", "twenty five"): the
# run is read as its digits, said by its last word (the words before it say nothing, so that the
# word positions of value linking's slots stay where they are).
_UNIT_WORDS = {w: n for n, w in enumerate(
    ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
     "fifteen sixteen seventeen eighteen nineteen").split())}
_TENS_WORDS = {w: 10 * n for n, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALE_WORDS = {"hundred": 100, "thousand": 1000}


def _counted(words: list[str], vocabulary: frozenset[str]) -> list[str]:
    """``words`` with "numbers" after a noun and before no "of" read as "counts" ("aircraft
    numbers by manufacturer", "visitor numbers per month": how many), where no name of the
    schema says "number" (a phone_number's "phone numbers" are the column)."""
    if "number" in vocabulary:
        return words
    return [("counts" if w == "numbers" and 0 < i and words[i - 1] not in _FUNCTION
             and not words[i - 1].isdigit() and words[i + 1:i + 2] != ["of"] else w)
            for i, w in enumerate(words)]


def _negated_before(words: list[str], i: int) -> bool:
    """Whether the word before ``words[i]`` negates ("without a single delivery" is any)."""
    return i > 0 and (words[i - 1] in ("without", "not", "no", "never", "nor")
                      or words[i - 1].endswith("n't"))


def _spelt_numbers(words: list[str]) -> list[str]:
    """``words`` with each run of number words that is more than a word of :data:`_WORD_NUMBERS`
    ("over fifteen applicants", "a hundred bucks", "twenty five") read as one number: its digits
    in the run's last word, "a" in the words before it; "a single" is "a one" (not after a negation: "without a single
    delivery" says any). Every other word
    is left as it is."""
    out = [("one" if w == "single" and 0 < i and words[i - 1] == "a"
            and not _negated_before(words, i - 1) else w)
           for i, w in enumerate(words)]   # "on a single flight" is "on one flight"
    i = 0
    while i < len(words):
        j = i
        total = current = 0
        while j < len(words):
            w = words[j]
            if w in _UNIT_WORDS or w in _TENS_WORDS:
                current += _UNIT_WORDS.get(w, 0) + _TENS_WORDS.get(w, 0)
            elif w in _SCALE_WORDS and (j > i or (i > 0 and words[i - 1] == "a")):
                if w == "hundred":
                    current = (current or 1) * 100
                else:
                    total, current = total + (current or 1) * 1000, 0
            elif w == "and" and j > i and words[j - 1] in _SCALE_WORDS and j + 1 < len(words) \
                    and (words[j + 1] in _UNIT_WORDS or words[j + 1] in _TENS_WORDS):
                pass              # "a hundred and fifty"
            else:
                break
            j += 1
        run = words[i:j]
        if not run or (len(run) == 1 and run[0] in _WORD_NUMBERS):
            i = max(j, i + 1)
            continue
        out[i:j] = ["a"] * (len(run) - 1) + [str(total + current)]
        i = j
    return out

# Superlatives that rank and say by what ("the tallest player" ranks by height): a guard and a
# word. (Comparatives alike: "longer than" compares and says by what; "more than" only compares.)
_DIMENSION_DESC = ("heaviest", "longest", "oldest", "newest", "latest", "tallest", "widest",
                   "deepest", "fastest", "richest", "strongest", "priciest", "dearest")
_DIMENSION_ASC = ("lightest", "shortest", "youngest", "earliest", "slowest", "poorest", "weakest")
_PLAIN_COMPARATIVES = frozenset("more less fewer greater higher larger bigger lower smaller".split())
# Phrases replaced by a guard, longest first within each table; a phrase is consumed.
_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(sorted((
    *((tuple(p.split()), "GE") for p in ("at least", "or more", "no less than",
                                         "not less than", "no fewer than", "minimum of")),
    *((tuple(p.split()), "LE") for p in ("at most", "or less", "or fewer", "no more than",
                                         "not more than", "up to", "maximum of")),
    *((tuple(p.split()), "GT") for p in ("more than", "greater than", "higher than",
                                         "larger than", "bigger than", "above", "exceeding",
                                         "exceeds", "exceed", "exceeded", "over")),
    *((tuple(p.split()), "LT") for p in ("less than", "fewer than", "lower than",
                                         "smaller than", "under", "below")),
    *((tuple(p.split()), "COUNT") for p in ("how many", "number of", "count", "counts",
                                            "how often", "total number of")),
    # "the highest number of seats" ranks as "the most seats" does
    *((tuple(p.split()), "DESC") for p in ("highest number of", "largest number of",
                                           "greatest number of", "biggest number of")),
    *((tuple(p.split()), "ASC") for p in ("lowest number of", "smallest number of")),
    *((tuple(p.split()), "AVG") for p in ("average", "avg", "mean", "on average")),
    *((tuple(p.split()), "SUM") for p in ("total", "sum", "in total", "altogether")),
    *((tuple(p.split()), "RATIO") for p in ("percentage", "percent", "pct", "share", "proportion",
                                            "rate", "ratio", "fraction")),
    *((tuple(p.split()), "DISTINCT") for p in ("different", "distinct", "unique")),
    *((tuple(p.split()), "DESC") for p in ("most", "top", "highest", "largest", "best", "max",
                                           "maximum", "busiest", "biggest", "greatest",
                                           *_DIMENSION_DESC)),
    *((tuple(p.split()), "ASC") for p in ("least", "lowest", "smallest", "fewest", "bottom",
                                          "worst", "min", "minimum", "cheapest", "quietest",
                                          *_DIMENSION_ASC)),
    *((tuple(p.split()), "NEG") for p in ("not", "no", "never", "without", "none", "nothing",
                                          "neither", "nor", "except", "excluding", "exclude",
                                          "other than")),
), key=lambda item: -len(item[0])))
UNITS = frozenset("day week month quarter year hour minute".split())
# "-er than" words that compare downwards (any other "-er than" compares upwards).
_LOWER_COMPARATIVES = frozenset("""shorter smaller lower younger earlier cheaper lighter fewer
lesser narrower thinner slower worse quieter""".split())
# Counting words before a unit ask for a length of time or an amount, not a count ("how many
# days before the concert", "how many tonnes did they deliver"): the unit says it.
_COUNT_WORDS = (("how", "many"), ("number", "of"))
_AMOUNT_UNITS = frozenset("""tonne ton litre liter kilogram kilo gram hectare acre metre meter
kilometre kilometer mile gallon dollar pound euro""".split())
_PERIOD_WORDS = {"last": "last", "previous": "last", "past": "past", "this": "this",
                 "current": "this", "next": "next", "coming": "next", "upcoming": "next",
                 "ago": "ago",
                 "since": "since", "yesterday": "yesterday", "today": "today",
                 "tomorrow": "tomorrow", "daily": "per-day", "weekly": "per-week",
                 "monthly": "per-month", "quarterly": "per-quarter", "yearly": "per-year",
                 "annual": "per-year", "annually": "per-year"}
# Measures a schema may not name: what is added up must stay what was taught.
_MEASURES = {"revenue": "revenue", "sale": "revenue", "sales": "revenue", "turnover": "revenue",
             "income": "revenue", "gmv": "revenue", "earn": "revenue", "earned": "revenue",
             "spend": "spend", "spent": "spend", "spending": "spend", "profit": "profit",
             "margin": "profit", "unit": "quantity", "units": "quantity", "quantity": "quantity",
             "qty": "quantity", "discount": "discount", "discounts": "discount",
             "price": "price", "prices": "price", "priced": "price", "cost": "price",
             "costs": "price", "fee": "fee", "fees": "fee", "amount": "amount",
             "value": "value", "weight": "weight", "duration": "duration",
             "money": "revenue", "takings": "revenue"}


@dataclass(frozen=True, slots=True)
class Slot:
    """A stored value the question names: its word span and its readings (table, column,
    value); the table is "" when the SQL names a column whose table linking did not tell."""
    start: int
    end: int
    readings: tuple[tuple[str, str, str], ...]

    def reading(self, table: str, column: str) -> str | None:
        return next((v for t, c, v in self.readings if c == column and (not table or t == table)),
                    None)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a question says, values taken out (see the module docstring)."""
    content: frozenset[str]
    tokens: frozenset[str]        # content, guards, numbers and slots: what similarity compares
    schema_words: frozenset[str]
    names: frozenset[str]
    guards: tuple[str, ...]
    numbers: tuple[str, ...]
    slots: tuple[Slot, ...]
    sql_words: frozenset[str] = frozenset()    # a taught question's: what its SQL names
    # A taught question's SQL compares a column with a constant no slot accounts for ("arizona"
    # for 'AZ'): any word of the question may be what says it, so none may change.
    fixed: bool = False
    sql_guards: frozenset[str] = frozenset()   # a taught question's: aggregates its SQL spells
    # (content word, kin key): words sharing a key say the same (:func:`fold_related`).
    kin: frozenset[tuple[str, str]] = frozenset()
    # (COUNT or PER, the content word after it): what is counted, what it is grouped by.
    focus: tuple[tuple[str, str], ...] = ()
    # Content words a ranking or comparison said ("tallest", "longer"): what it is by.
    dimensions: frozenset[str] = frozenset()
    # A taught question's SQL reads a stored rate (a name with "per": ``BasePricePerT``).
    stored_rate: bool = False
    # A taught question's: the words of the table its SQL reads first (the rows it counts or
    # adds up), which a ranking may be said to be by ("by publication count").
    sql_from: frozenset[str] = frozenset()
    # Content words a ranking is said to be by ("top 3 shows by *downloads*", "*downloaded*
    # the most"): :func:`ranked_by_agree`.
    ranked_by: frozenset[str] = frozenset()
    # A taught question's: (kept, left out) stems of the two-word names its SQL reads, where
    # the kept word alone names nothing of the schema ("by grade" for ``gradeLevel``; not
    # "by level", which is ``School.level``): :func:`elided`.
    elisions: frozenset[tuple[str, str]] = frozenset()
    # The stems of the words its slots span ("blood group B-" linked whole as a value).
    slotted: frozenset[str] = frozenset()
    # A taught question's: the content words that say a condition its SQL tests with no value
    # (``WHERE p.is_active``, ``voided_at IS NULL``), which a paraphrase must keep
    # (:func:`condition_words`): "all our plans" asks no "plans we still sell".
    kept: frozenset[str] = frozenset()
    # A taught question's: schema words right beside a slot that name the slot's own table
    # ("a spin *class*" of ``gym_classtype.name``): they say the value's kind, which the value
    # says already ("trainers who have taught spin").
    heads: frozenset[str] = frozenset()
    # (content word, name stem): the schema's names whose rows a content word the schema does
    # not spell is what a question calls ("customers" for ``subscribers``: CALLED): that word
    # names one of the schema's tables after all.
    called: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Rebinding:
    sql: str          # the taught SQL with the asked values and numbers
    score: float


# --- shapes -------------------------------------------------------------------------------------

def shape(question: str, slots: Sequence[Slot], vocabulary: frozenset[str],
          sql: str | None = None, whole: frozenset[str] = frozenset()) -> Shape:
    if question.upper() == question:
        # a question typed in capitals ("TUTORS BASED IN EVANSTON") capitalises no name
        question = question.lower()
    words = _counted(_spelt_numbers([w[:-2] if w.endswith("'s") else w
                                     for w in normalise(question)]), vocabulary)
    if "#" in question:               # "# of orders": value linking's words drop the sign
        words = [("count" if w == "of" and _hash_before(question, words, i) else w)
                 for i, w in enumerate(words)]
    if "%" in question:               # "% of maps won": a percentage (not "20% of")
        at = _percent_of(question, words)
        words = [("percentage" if i == at else w) for i, w in enumerate(words)]
    written = _as_written(question, words)
    taken = {i for s in slots for i in range(s.start, s.end)}
    guards: list[str] = []
    if "%" in question and _bare_percent(question):
        guards.append("RATIO")        # "a higher fee % than average": a percentage
    numbers: list[str] = []
    content: set[str] = set()
    names: set[str] = set()
    kin: set[tuple[str, str]] = set()
    focus: list[tuple[str, str]] = []
    dimensions: set[str] = set()
    ranked_words: set[str] = set()
    pending: str | None = None        # a count or grouping whose noun is the next content word
    ranked_at = -1                    # "top 3 shows by ...": the word there ranks them
    i = 0
    skipped: set[int] = set()         # words another one said already
    while i < len(words):
        if i in taken or i in skipped:
            i += 1
            continue
        said = _said_otherwise(words, i, taken)
        if said is not None:
            guards.extend("NEG" for w in said if w == "not")
            content.update(stem(w) for w in said if w != "not")
            kin.update((stem(w), k) for w in said if w != "not" for k in _kin(w))
            i += 2
            continue
        guard, length = _guard_at(words, i, taken)
        if length == 1 and guard in ("GT", "LT"):
            closing = _split_than(words, i, taken)
            if closing is not None:
                skipped.add(closing)      # "more capacity than": the "than" said it already
        if guard == "COUNT" and _duration_at(words, i, length, taken):
            i += length           # "how many days": a length of time, its unit the guard
            continue
        if guard is not None:
            if guard == "COUNT" and i == ranked_at:
                ranked_at = i + length   # "by number of papers": ranked by the papers
            guards.append(guard)
            pending = guard if guard == "COUNT" else pending
            if _says_dimension(words, i, length):
                content.add(stem(words[i]))
                dimensions.add(stem(words[i]))
            done = _done_the_most(words, i, length, taken)
            if done is not None:         # "downloaded the most": ranked by the downloads
                ranked_words.add(stem(_SYNONYMS.get(done, done)))
            i += length
            continue
        if words[i] in _PER and i + 1 < len(words) and i + 1 not in taken \
                and singular(_UNIT_SPELLINGS.get(words[i + 1], words[i + 1])) in _AMOUNT_UNITS:
            # "price per tonne", "fare per km": a rate, no grouping (:func:`_rates_agree`)
            guards.append("U:" + singular(_UNIT_SPELLINGS.get(words[i + 1], words[i + 1])))
            i += 2
            continue
        if words[i] == "by" and i > 0 and _agent_by(words[i - 1]) and i + 1 < len(words) \
                and words[i + 1] in _DETERMINERS:
            i += 1                    # "won by the home side": who did it, no grouping
            continue
        word = _WORD_NUMBERS.get(words[i]) or _UNIT_SPELLINGS.get(words[i], words[i])
        if word == "rate" and i > 0 and words[i - 1] in _PAY_PERIODS:
            word = "pay"
        if word.isdigit():
            numbers.append(str(int(word)))
        elif word.endswith("n't"):
            guards.append("NEG")
        elif word == "since" and _since_event(words, i, taken):
            pass                      # "days since each host joined": a length of time
        elif word == "last" and _lasted(words, i, taken):
            pass                      # "how long did memberships last": the length said it
        elif (word in _PERIOD_WORDS or singular(word) in UNITS) and not _loose_last(words, i):
            period = _PERIOD_WORDS.get(word, singular(word))
            if period in ("last", "past") and _number_follows(words, i + 1):
                period = "last-n"        # "the last 7 days" is "the past 7 days"
            guards.append("T:" + period)
            if word == "coming" and words[i + 1:i + 2] == ["up"] and i + 1 not in taken:
                i += 1                   # "coming up" is "upcoming"
        elif word in _PER and i + 1 < len(words) and singular(words[i + 1]) in UNITS:
            guards.append("T:per-" + singular(words[i + 1]))     # "per month" is "monthly"
            i += 1
        elif word == "by" and i + 1 in taken:
            pass                      # "came in by phone", "books by Ada Lark": a value, no group
        elif word == "by" and _ranked_by(words, i, guards, numbers):
            ranked_at = i + 1         # "top 3 shows by downloads": what it ranks by, no group
        elif word in _PER:
            guards.append("PER")
            pending = "PER"
        elif word in _MEASURE_VERBS and _beside_measure(words, i, taken, vocabulary):
            pass                      # "fees earned": the fees are what was earned
        elif _measure(word) is not None and not _schema_spelt(word, vocabulary):
            guards.append(f"M:{_measure(word)}")
            content.add(f"{_measure(word)}")
        elif word not in _FUNCTION:
            stemmed = stem(_SYNONYMS.get(word, word))
            content.add(stemmed)
            if i == ranked_at:
                ranked_words.add(stemmed)
            if pending is not None:
                focus.append((pending, stemmed))
                pending = None
            kin.update((stemmed, k) for k in _kin(_SYNONYMS.get(word, word)))
            if stemmed not in vocabulary and (
                    word not in english() and singular(word) not in english()
                    and stemmed not in english() and not _agent_noun(word, written[i])
                    or (i > 0 and written[i][:1].isupper())):
                names.add(stemmed)
        i += 1
    guards = _fold_aggregates(guards)
    tokens = content | set(guards) | {f"<num{n}>" for n in range(len(numbers))} \
        | {f"<{s.readings[0][1]}>" for s in slots}
    return Shape(frozenset(content), frozenset(tokens), frozenset(content & vocabulary),
                 frozenset(names), tuple(sorted(guards)), tuple(numbers),
                 tuple(sorted(slots, key=lambda s: s.start)),
                 _sql_words(sql) if sql is not None else frozenset(),
                 sql is not None and _unslotted_literal(sql, slots),
                 _sql_guards(sql) if sql is not None else frozenset(), frozenset(kin),
                 tuple(sorted(focus)), frozenset(dimensions),
                 sql is not None and _reads_a_rate(sql),
                 _first_table_words(sql) if sql is not None else frozenset(), frozenset(ranked_words),
                 _elisions(sql, whole) if sql is not None else frozenset(),
                 frozenset(stem(words[i]) for i in taken if i < len(words)),
                 condition_words(frozenset(content), sql) if sql is not None else frozenset(),
                 _heads(words, slots, taken) if sql is not None else frozenset(),
                 frozenset((w, n) for w in content - vocabulary for n in _called(w) & vocabulary))


@functools.lru_cache(maxsize=1 << 14)
def _called(word: str) -> frozenset[str]:
    """The stems of the names whose rows ``word`` is what a question calls them
    (:attr:`Shape.called`; not synonyms at large: "signup" is kin to a ``joined_on`` column, no
    table)."""
    return frozenset(stem(name) for name, said in CALLED.items() if word in said)


def _heads(words: list[str], slots: Sequence[Slot], taken: set[int]) -> frozenset[str]:
    """The stems of the words right before or after a slot that begin or end a word of the
    name of the slot's table (:attr:`Shape.heads`)."""
    out = set()
    for slot in slots:
        table = slot.readings[0][0]
        names = vocabulary_of((table,)) if table else frozenset()
        for j in (slot.start - 1, slot.end):
            if 0 <= j < len(words) and j not in taken:
                word = stem(words[j])
                if len(word) >= _CLIP_LETTERS and any(
                        n.startswith(word) or n.endswith(word) for n in names):
                    out.add(word)
    return frozenset(out)


# Words of a tested column's name that say how it is stored, not what it tests.
_STORAGE_WORDS = frozenset("is has flag flg yn ind at on dt date ts time".split())


@functools.lru_cache(maxsize=4096)
def condition_words(content: frozenset[str], sql: str) -> frozenset[str]:
    """The words of a taught question (``content``) that say a condition ``sql`` tests with
    no value a slot could hold: a yes/no column (``WHERE p.is_active``, ``FILTER (WHERE
    b.attended)``, ``NOT x``, ``IS TRUE``) or a missing one (``voided_at IS NULL``). The words
    spelling the column ("attended" for ``attended``) say it; where none does ("the plans we
    still sell" for ``is_active``), any word naming nothing the SQL reads may be what says it,
    so all of those must be kept: dropping them asks about all the rows."""
    out: set[str] = set()
    named = _sql_words(sql)
    for column in _condition_columns(sql):
        parts = {stem(w) for w in identifier_words(column)} - _STORAGE_WORDS
        said = {c for c in content if any(c == p or _said_as(c, frozenset((p,))) for p in parts)}
        out |= said or {c for c in content if c not in named}
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def _condition_columns(sql: str) -> tuple[str, ...]:
    """The columns ``sql`` tests as conditions by themselves (see :func:`condition_words`)."""
    try:
        tree = json.loads(pglast.parser.parse_sql_json(sql))
    except (ParseError, ValueError):
        return ()
    found: list[str] = []

    def column(node: Any) -> None:
        ref = node.get("ColumnRef") if isinstance(node, dict) else None
        if ref is not None:
            last = ref.get("fields", [{}])[-1]
            name = last.get("String", {}).get("sval") if isinstance(last, dict) else None
            if name:
                found.append(name)

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key in ("whereClause", "agg_filter", "havingClause"):
                column(value)
            elif key == "BoolExpr":
                for arg in value.get("args", []):
                    column(arg)
            elif key in ("NullTest", "BooleanTest"):
                column(value.get("arg"))
            walk(value)
    walk(tree)
    return tuple(dict.fromkeys(found))


def _ranked_by(words: list[str], i: int, guards: list[str], numbers: list[str]) -> bool:
    """Whether the "by" at ``i`` says what a ranking of N rows ranks by ("top 3 shows by
    downloads", "the 5 largest countries by area"): a ranking and its number said before it,
    no grouping yet, and a word (no determiner) after it. Such a "by" groups nothing the
    ranked noun does not: "which three shows have been downloaded the most" says the same.
    The word after it is what the ranking is by (a dimension both questions must say)."""
    return (bool(numbers) and ("DESC" in guards or "ASC" in guards) and "PER" not in guards
            and i + 1 < len(words) and words[i + 1] not in _DETERMINERS
            and words[i + 1] not in _PER)


def _done_the_most(words: list[str], i: int, length: int, taken: set[int]) -> str | None:
    """The verb a "the most" (or "the least") at ``i`` ranks by when it ends the question
    after a past form ("which shows have been *downloaded* the most"): the ranking is by what
    the verb did, as "by downloads" says."""
    if length != 1 or words[i] not in ("most", "least") or i < 2 or words[i - 1] != "the" \
            or i - 2 in taken or any(w not in _FUNCTION for w in words[i + 1:]):
        return None
    verb = words[i - 2]
    return verb if (len(verb) > 4 and verb.endswith("ed")) or IRREGULAR.get(verb, verb) != verb \
        else None


def _since_event(words: list[str], i: int, taken: set[int]) -> bool:
    """Whether the "since" at ``i`` starts a clause of an event ("days since each host joined",
    "how long since their last order"), a length of time the unit before it says, rather than
    a period's start ("since last month", "since 2020", "since January"): a unit of time
    right before it, and no number, period word, unit or stored value after it."""
    if i == 0 or singular(words[i - 1]) not in UNITS:
        return False
    after = words[i + 1:i + 3]
    return bool(after) and i + 1 not in taken and not any(
        w.isdigit() or w in _WORD_NUMBERS or w in _PERIOD_WORDS or singular(w) in UNITS
        or w in _MONTHS for w in after)


def _lasted(words: list[str], i: int, taken: set[int]) -> bool:
    """Whether the "last" at ``i`` is the verb of a "how long ... last" (no period: nothing but
    function words, guards and units after it), which "how long" or a unit says already."""
    return ("long" in words[:i] or any(singular(w) in UNITS for w in words[:i])) \
        and _loose_last(words, i) and all(
            j in taken or w in _FUNCTION or singular(w) in UNITS or _guard_at(words, j, taken)[0]
            for j, w in enumerate(words[i + 1:], i + 1))


_MONTHS = frozenset("""january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def _duration_at(words: list[str], i: int, length: int, taken: set[int]) -> bool:
    """Whether the counting words at ``i`` (``length`` of them) count a unit of time or of an
    amount."""
    after = i + length
    return (tuple(words[i:after]) in _COUNT_WORDS and after < len(words)
            and after not in taken and singular(words[after]) in UNITS | _AMOUNT_UNITS)


def _said_otherwise(words: list[str], i: int, taken: set[int]) -> tuple[str, ...] | None:
    """What the two words at ``i`` say in other words (:data:`_SAID_OTHERWISE`), if a phrase."""
    if i + 1 >= len(words) or i + 1 in taken:
        return None
    return _SAID_OTHERWISE.get((stem(IRREGULAR.get(words[i], words[i])), words[i + 1]))


@functools.lru_cache(maxsize=1 << 14)
def _kin(word: str) -> frozenset[str]:
    """Keys a word shares with the words that say the same: its base forms (irregular ones
    included: "paid" is "pay", "hired" "hire") and its synonym groups
    (:data:`~ask.context.related_words.SYNONYM_GROUPS`)."""
    forms = {word, singular(word), stem(word), IRREGULAR.get(word, word)}
    return frozenset({"=" + f for f in forms}
                     | {f"#{n}" for n, group in enumerate(SYNONYM_GROUPS) if group & forms}
                     # what a question calls a name's rows ("jobs" for projects, "customers"
                     # for subscribers): one table either way, where not two (_two_schema_words)
                     | {"@" + name for name, called in CALLED.items()
                        if name in forms or forms.intersection(called)})


# Guards a taught SQL may spell whatever its question says: asked, they add nothing the SQL
# does not do; taught but not asked, only these say nothing the asked question contradicts
# ("how many cities" is counted distinct; "revenue" is summed).
_SPELLED = {"DISTINCT": "DISTINCT", "SUM": "SUM", "AVG": "AVG", "COUNT": "COUNT"}
_UNSAID = frozenset({"DISTINCT", "SUM"})


@functools.lru_cache(maxsize=4096)
def _sql_guards(sql: str) -> frozenset[str]:
    try:
        tokens = pglast.parser.scan(sql)
    except ParseError:
        return frozenset()
    spelled = {sql[t.start:t.end + 1].upper() for t in tokens}
    out = {g for g, word in _SPELLED.items() if word in spelled}
    if "SUM" in out and any(_COUNT_NAME_WORDS & set(identifier_words(w)) for inside in
                            re.findall(r"(?i)\bsum\s*\(([^()]*)\)", sql)
                            for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", inside)):
        out.add("COUNT")          # a sum of stored counts (``sum(dl_cnt)``) counts: "download count"
    return frozenset(out)


# Words of a column's name that say it holds a count of something (``dl_cnt``, ``visit_count``).
_COUNT_NAME_WORDS = frozenset(("cnt", "count", "counts", "num", "nr"))


def _unslotted_literal(sql: str, slots: Sequence[Slot]) -> bool:
    slotted = {(c, v) for s in slots for _, c, v in s.readings}
    return any(pair not in slotted for pair in _compared_literals(sql))


@functools.lru_cache(maxsize=4096)
def _elisions(sql: str, whole: frozenset[str]) -> frozenset[tuple[str, str]]:
    """(kept, left out) for each word of each two-word name ``sql`` spells, the kept word
    being none of the schema's one-word names (``whole``)."""
    try:
        tokens = pglast.parser.scan(sql)
    except ParseError:
        return frozenset()
    out: set[tuple[str, str]] = set()
    for name in {token_identifier(sql, t) for t in tokens} - {None}:
        words = [stem(w) for w in sorted(identifier_words(name or ""))]
        if len(words) == 2 and words[0] != words[1]:
            out.update((a, b) for a, b in (words, words[::-1]) if a not in whole)
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def _sql_words(sql: str) -> frozenset[str]:
    """The stems of every identifier ``sql`` spells (tables, columns, aliases)."""
    try:
        tokens = pglast.parser.scan(sql)
    except ParseError:
        return frozenset()
    names = (token_identifier(sql, t) for t in tokens)
    return frozenset(stem(w) for name in names if name for w in identifier_words(name))


def _reads_a_rate(sql: str) -> bool:
    """Whether ``sql`` names something with "per" as a word of its name as written
    (``BasePricePerT``, ``cost_per_kg``; unquoted, PostgreSQL folds the case away)."""
    try:
        tokens = pglast.parser.scan(sql)
    except ParseError:
        return False
    return any(t.name in ("IDENT", *_NAME_KINDS) and "per" in identifier_words(
        sql[t.start:t.end + 1].strip('"')) for t in tokens)


def _schema_spelt(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether a measure word is another measure's synonym that names the schema's own table
    or column: "sales" of a ``ticket_sales`` table are its rows, not revenue."""
    return stem(word) in vocabulary and _measure(word) != stem(word)


# Verbs a measure word may be (:data:`_MEASURES`): beside another measure's noun they say how
# that one came about ("fees earned", "earned a bigger fee"), no measure of their own.
_MEASURE_VERBS = frozenset("earn earned earns spend spent spends".split())


def _beside_measure(words: list[str], i: int, taken: set[int], vocabulary: frozenset[str]
                    ) -> bool:
    """Whether a measure noun of another measure than the verb's stands up to two words before
    or three after the verb at ``i`` ("fees earned from", "earned a bigger fee"), or the verb
    ranks a schema noun that is no measure ("earned the most tips": the tips are what was
    earned)."""
    own = _measure(words[i])
    ranked = i + 3 < len(words) and words[i + 1] == "the" and words[i + 2] in ("most", "least") \
        and i + 3 not in taken and stem(words[i + 3]) in vocabulary and _measure(words[i + 3]) is None
    return ranked or any(j not in taken and words[j] not in _MEASURE_VERBS
                         and _measure(words[j]) not in (None, own)
                         and not _schema_spelt(words[j], vocabulary)
                         for j in range(max(0, i - 2), min(len(words), i + 4)) if j != i)


def _measure(word: str) -> str | None:
    return _MEASURES.get(word) or _MEASURES.get(stem(word))


def _hash_before(question: str, words: list[str], i: int) -> bool:
    """Whether the ``of`` at word ``i`` is the one of a "# of"."""
    return i == words.index("of") and bool(re.search(r"#\s*of\b", question.lower()))


def _percent_of(question: str, words: list[str]) -> int:
    """The index of the ``of`` of a "% of" with no number before the sign, or -1."""
    text = question.lower()
    m = re.search(r"(?:^|[^0-9.\s])\s*%\s*of\b", text)
    if m is None:
        return -1
    before = len(re.findall(r"\bof\b", text[:m.start() + 1]))
    ofs = [i for i, w in enumerate(words) if w == "of"]
    return ofs[before] if before < len(ofs) else -1


def _bare_percent(question: str) -> bool:
    """Whether a "%" stands for the word, after no number ("fee %"; "20%" is a number's unit)
    and before no "of" (a "% of" is read as "percentage of" already)."""
    return re.search(r"(?:^|[^0-9.\s])\s*%(?!\s*of\b)", question.lower()) is not None


def _agent_by(before: str) -> bool:
    """Whether "by" after ``before`` names who did something: after a past participle
    ("played by", "won by") that is no grouping one ("grouped by")."""
    if before in _GROUPING_PARTICIPLES:
        return False
    return (len(before) > 4 and before.endswith("ed")) or \
        (before in IRREGULAR and before not in ("children", "people", "men", "women")
         and IRREGULAR[before] != before and not before.endswith("s"))


def _guard_at(words: list[str], i: int, taken: set[int]) -> tuple[str | None, int]:
    comparative = _comparative(words, i, taken)
    if comparative is not None:
        return comparative, 2
    for phrase, guard in _PHRASES:
        n = len(phrase)
        if tuple(words[i:i + n]) == phrase and not taken.intersection(range(i, i + n)):
            if phrase == ("over",) and not _number_follows(words, i + 1):
                return None, 0        # "over time", "over the last year": no comparison
            if phrase == ("rate",) and i > 0 and words[i - 1] in _PAY_PERIODS:
                return None, 0        # "hourly rate": pay
            return guard, n
    if _split_than(words, i, taken) is not None:
        return ("LT" if words[i] in _LOWER_COMPARATIVES or words[i] == "less" else "GT"), 1
    return None, 0


# Words a comparison may put between its comparative and "than" ("more capacity than", "a
# higher fee % than", "a bigger fee than"): at most this many, none of them a guard's.
_SPLIT_GAP = 3


def _split_than(words: list[str], i: int, taken: set[int]) -> int | None:
    """The index of the "than" that closes a plain comparative said apart from it ("schools
    with *more* capacity *than* the average school"), or None."""
    if words[i] not in _PLAIN_COMPARATIVES or i in taken:
        return None
    for j in range(i + 2, min(len(words), i + 2 + _SPLIT_GAP)):
        if j in taken:
            return None
        if words[j] == "than":
            return j
        if words[j] in _PLAIN_COMPARATIVES or _guard_at(words, j, taken)[0] is not None:
            return None
    return None


def _comparative(words: list[str], i: int, taken: set[int]) -> str | None:
    """The comparison "longer than", "older than", "cheaper than" says (any "-er than"), or
    None: "concerts longer than average" compares, "average concert length" does not."""
    if i + 1 >= len(words) or words[i + 1] != "than" or taken.intersection((i, i + 1)):
        return None
    word = words[i]
    if word in _LOWER_COMPARATIVES:
        return "LT"
    return "GT" if len(word) > 4 and word.endswith("er") else None


def _agent_noun(word: str, written: str) -> bool:
    """Whether a word the English list lacks is a lower-case noun of a doer ("climbers",
    "renters"): a word for people, no proper name."""
    return written.islower() and len(word) >= 6 and singular(word).endswith("er")


def _says_dimension(words: list[str], i: int, length: int) -> bool:
    """Whether the guard's word at ``i`` also says what it ranks or compares by."""
    word = words[i]
    if length == 1:
        return word in _DIMENSION_DESC or word in _DIMENSION_ASC
    return length == 2 and words[i + 1] == "than" and word not in _PLAIN_COMPARATIVES


def _loose_last(words: list[str], i: int) -> bool:
    """Whether the "last" at ``i`` names no period: no unit or number in the three words after
    it ("how long do concerts last on average")."""
    return words[i] == "last" and not any(
        w.isdigit() or w in _WORD_NUMBERS or singular(w) in UNITS for w in words[i + 1:i + 4])


def _number_follows(words: list[str], i: int) -> bool:
    return any(w.isdigit() or w in _WORD_NUMBERS for w in words[i:i + 2])


def _fold_aggregates(guards: list[str]) -> list[str]:
    """The guards as a set; "total" beside a count ("the total number of") is the count, and
    beside a measure ("total revenue") is what the measure says already."""
    if "SUM" in guards and ("COUNT" in guards or any(g.startswith("M:") for g in guards)):
        guards = [g for g in guards if g != "SUM"]
    return sorted(set(guards))


def stem(word: str) -> str:
    word = singular(word)
    for suffix in ("ings", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[:-len(suffix)]
            if len(root) > 3 and root[-1] == root[-2] and root[-1] not in "sl":
                root = root[:-1]
            return root
    return word


def _as_written(text: str, words: list[str]) -> list[str]:
    original = re.findall(r"[0-9A-Za-z]+(?:'[A-Za-z]+)?", text.replace("&", " and "))
    return original if [o.lower() for o in original] == words else list(words)


@functools.lru_cache(maxsize=64)
def vocabulary_of(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stem(w) for name in names for w in identifier_words(name))


def vocabulary(schema: SchemaContext) -> frozenset[str]:
    """The stems of the schema's table and column names (kept on the context: collecting the
    names costs milliseconds on a wide schema, once per question shaped)."""
    return schema.derived("example_match.vocabulary", _names_vocabulary)


def whole_names(schema: SchemaContext) -> frozenset[str]:
    """The stems of the schema's table and column names of one word (``level``, not
    ``gradeLevel``)."""
    return schema.derived("example_match.whole_names", _whole_names)


def _whole_names(schema: SchemaContext) -> frozenset[str]:
    names = {t.name for t in schema.tables} | {c.name for t in schema.tables for c in t.columns}
    return frozenset(stem(next(iter(w))) for w in map(identifier_words, names) if len(w) == 1)


def _names_vocabulary(schema: SchemaContext) -> frozenset[str]:
    names = tuple(sorted({t.name for t in schema.tables}
                         | {c.name for t in schema.tables for c in t.columns}))
    return vocabulary_of(names)


# --- slots --------------------------------------------------------------------------------------

def asked_slots(links: Iterable[ValueMatch]) -> list[Slot]:
    """The slots of a question being asked: its linked spans, every equally good reading."""
    spans: dict[tuple[int, int], list[tuple[str, str, str]]] = {}
    for m in links:
        spans.setdefault((m.start, m.end), []).append((m.table, m.column, m.value))
    return [Slot(a, b, tuple(dict.fromkeys(r))) for (a, b), r in sorted(spans.items())]


def taught_slots(question: str, sql: str, links: Sequence[ValueMatch] = ()) -> list[Slot]:
    """The slots of a taught question: the string constants its SQL compares a column with
    (``col = 'v'``, ``col IN ('v', …)``) whose words the question spells; their table is the
    one value linking (``links``, of the taught question) found the value in, if any. A
    possessive is the value's ("Dana Whitaker's shows": 'Whitaker'), as :func:`shape` reads it."""
    words = [w[:-2] if w.endswith("'s") else w for w in normalise(question)]
    slots: list[Slot] = []
    taken: set[int] = set()
    unspelt = []
    for column, value in _compared_literals(sql):
        span = _find(words, normalise(value), taken) or _find_run(words, normalise(value), taken)
        if span is not None:
            taken.update(range(*span))
            table = next((m.table for m in links if m.column == column and m.value == value), "")
            slots.append(Slot(span[0], span[1], ((table, column, value),)))
        else:
            unspelt.append((column, value))
    # A code the question says by its meaning ("cancelled" for status 'C', as the column's
    # comment explains it): the span value linking linked to that very code is its slot.
    for column, value in unspelt:
        link = next((m for m in links if m.column == column and m.value == value
                     and not taken.intersection(range(m.start, m.end))), None)
        if link is not None:
            taken.update(range(link.start, link.end))
            slots.append(Slot(link.start, link.end, ((link.table, column, value),)))
    return sorted(slots, key=lambda s: s.start)


def _find(words: list[str], wanted: list[str], taken: set[int]) -> tuple[int, int] | None:
    if not wanted:
        return None
    key, said = _singulars(tuple(wanted)), _singulars(tuple(words))
    for i in range(len(said) - len(key) + 1):
        if said[i:i + len(key)] == key and not taken.intersection(range(i, i + len(key))):
            return i, i + len(key)
    return None


@functools.lru_cache(maxsize=1 << 14)
def _singulars(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(singular(w) for w in words)


def _find_run(words: list[str], value: list[str], taken: set[int]) -> tuple[int, int] | None:
    """The longest span of ``words`` that is a run of ``value``'s words with a word that is no
    function word ("riverside" for 'Riverside Animal Hospital'), the first if several."""
    if not set(_singulars(tuple(value))) & set(_singulars(tuple(words))):
        return None
    for n in range(len(value) - 1, 0, -1):
        for j in range(len(value) - n + 1):
            run = value[j:j + n]
            if all(w in _FUNCTION or w.isdigit() for w in run):
                continue
            span = _find(words, run, taken)
            if span is not None:
                return span
    return None


@functools.lru_cache(maxsize=4096)
def _compared_literals(sql: str) -> tuple[tuple[str, str], ...]:
    """(column, string constant) of ``column = 'v'`` and ``column IN ('v', …)`` in ``sql``, from
    PostgreSQL's scanner (a C call: a full parse of every taught statement would cost more
    than the rest of matching)."""
    try:
        tokens = pglast.parser.scan(sql)
    except ParseError:
        return ()
    found: list[tuple[str, str]] = []
    for i, token in enumerate(tokens):
        if token.name != "SCONST":
            continue
        j = i - 1
        if j >= 0 and tokens[j].name == "ASCII_61":            # =
            j -= 1
        else:
            while j >= 0 and tokens[j].name in ("SCONST", "ASCII_44"):    # earlier IN items
                j -= 1
            if not (j >= 1 and tokens[j].name == "ASCII_40" and tokens[j - 1].name == "IN_P"):
                continue
            j -= 2
        column = token_identifier(sql, tokens[j]) if j >= 0 else None
        value = _string_value(sql, token)
        if column is not None and value:
            found.append((column, value))
    return tuple(found)


def token_identifier(sql: str, token: Any) -> str | None:
    """The column a token names: an identifier (unquoted ones fold to lower case) or a
    keyword PostgreSQL accepts as a column name."""
    if token.name != "IDENT" and token.kind not in _NAME_KINDS:
        return None
    text = sql[token.start:token.end + 1]
    return text[1:-1].replace('""', '"') if text.startswith('"') else text.lower()


_NAME_KINDS = frozenset(("UNRESERVED_KEYWORD", "COL_NAME_KEYWORD", "TYPE_FUNC_NAME_KEYWORD"))


# --- matching -----------------------------------------------------------------------------------

def similarity(a: Shape, b: Shape) -> float:
    """Weighted Dice of the shapes' tokens: schema words and slots count double."""
    shared, total = _dice(a, b)
    return 2 * shared / total if total else 0.0


def _dice(a: Shape, b: Shape) -> tuple[float, float]:
    """(weight of the tokens shared, weight of both shapes' tokens)."""
    def weight(words: Iterable[str]) -> float:
        return sum(2.0 if w in a.schema_words or w in b.schema_words or w[:1] == "<"
                   and not w.startswith("<num") else 1.0 for w in words)
    return weight(a.tokens & b.tokens), weight(a.tokens) + weight(b.tokens)


def bucket(shape_: Shape) -> tuple[tuple[str, ...], int]:
    """What two shapes must share to be compared at all: guards other than measures and those
    a taught SQL may spell (:data:`_SPELLED`), and count of numbers (so only a bucket's
    examples are scored per question, not all of them)."""
    return tuple(g for g in shape_.guards if not g.startswith(("M:", "U:"))
                 and g not in _SPELLED), len(shape_.numbers)


def compatible(asked: Shape, taught: Shape) -> bool:
    """The hard conditions of a match (the module docstring): guards, numbers' count, names,
    schema words replaced by others."""
    if not guards_agree(asked, taught):
        return False
    if asked.names != taught.names or asked.dimensions != taught.dimensions \
            or not ranked_by_agree(asked, taught):
        return False
    if taught.fixed and not taught.content <= asked.content or not conditions_said(asked, taught):
        return False
    # Each table or column the asked question names must be one the taught question names or
    # its SQL uses ("cities with stores" is no paraphrase of "stores in ..."), and the asked
    # question must keep every one the taught question names.
    if not all(elided(w, asked, taught) or w in taught.heads and asked.slots
               for w in taught.schema_words - asked.schema_words):
        return False
    if any(not any(w[:_STEM_PREFIX] == a[:_STEM_PREFIX] for a in asked.content)
           for w in sql_named(taught)):
        return False
    return not taught.sql_words or asked.schema_words <= taught.sql_words | taught.schema_words


def conditions_said(asked: Shape, taught: Shape) -> bool:
    """Whether ``asked`` says the conditions the taught SQL tests with no value
    (:attr:`Shape.kept`): their words kept, or as many words the taught question lacks said
    instead ("still work here" for "still employed"); "all our plans" says none of "the plans
    we still sell"."""
    dropped = taught.kept - asked.content
    return not dropped or len(asked.content - taught.content - asked.schema_words) >= len(dropped)


def elided(word: str, asked: Shape, taught: Shape) -> bool:
    """Whether a schema word of the taught question that the asked one leaves out is the
    other half of a two-word name the taught SQL reads, the half said being no name of its own
    ("number of students by grade" for "students by grade level", ``gradeLevel``), and no
    half of another such name whose other half is asked too ("total *day pass* revenue" says
    ``day_pass``, not "by pass type"), and not one the asked question's value spans ("blood
    *group* B-" linked whole: the taught "blood group" is said, its value another)."""
    return word not in asked.slotted and any(
        left == word and kept in asked.schema_words and kept in taught.content
        and not any(k == kept and other != word
                    and (other in asked.content or f"T:{other}" in asked.guards)
                    for k, other in taught.elisions)
        for kept, left in taught.elisions)


def ranked_by_agree(asked: Shape, taught: Shape) -> bool:
    """Whether what the two questions rank or compare by is the same: the same words, or one
    word each where the asked one names the table the taught SQL counts or adds up and the
    taught one is no schema word ("top 3 PIs by publication count" for "... by number of
    papers"); "top 3 shows by episodes" is not ranked by the downloads taught."""
    if asked.ranked_by == taught.ranked_by:
        return True
    # one side says what it ranks by ("gets booked the most"), the other a ranking and that
    # word elsewhere ("the most bookings", "most booked"): the same ranking
    if not asked.ranked_by and taught.ranked_by <= asked.content \
            or not taught.ranked_by and asked.ranked_by <= taught.content:
        return True
    a, t = asked.ranked_by - taught.ranked_by, taught.ranked_by - asked.ranked_by
    return len(a) == len(t) == 1 and a <= taught.sql_from and not t & taught.schema_words


@functools.lru_cache(maxsize=4096)
def _first_table_words(sql: str) -> frozenset[str]:
    """The stems of the words of the name of the first table ``sql`` reads (after FROM)."""
    m = re.search(r'(?i)\bFROM\s+(?:"?\w+"?\.)?"?(\w+)"?', sql)
    return frozenset(stem(w) for w in identifier_words(m.group(1))) if m else frozenset()


# Letters a word and a name of the taught SQL share at the start when the word says that name
# in another form ("populated" for ``population``, "harvested" for ``harvest_kg``).
_STEM_PREFIX = 5


def sql_named(taught: Shape) -> frozenset[str]:
    """The taught question's words that name, in another form than the schema's, a column or
    table its SQL reads ("the 3 most *populated* countries" ranks by ``population``): what the
    SQL is about, so a question that leaves the word out for others ("the 5 largest
    countries", by area) asks something else."""
    return frozenset(w for w in taught.content - taught.schema_words
                     if len(w) >= _STEM_PREFIX
                     and any(s[:_STEM_PREFIX] == w[:_STEM_PREFIX] for s in taught.sql_words))


def guards_agree(asked: Shape, taught: Shape) -> bool:
    """Whether the guards of two questions say the same: those of :func:`bucket` equal, the
    same measures (:func:`same_measures`), and an aggregate said on one side only where the
    taught SQL does it (asked: any it spells; taught but not asked: a sum or distinctness)."""
    if bucket(asked) != bucket(taught) or not same_measures(asked, taught) \
            or not _rates_agree(asked, taught):
        return False
    said, taught_said = set(asked.guards) & set(_SPELLED), set(taught.guards) & set(_SPELLED)
    return said - taught_said <= taught.sql_guards and \
        taught_said - said <= taught.sql_guards & _UNSAID


def _rates_agree(asked: Shape, taught: Shape) -> bool:
    """Whether the rates said ("per tonne": ``U:tonne``) are the same, or the taught SQL reads a
    stored rate (a column named with "per": ``BasePricePerT``), which a question may say the
    unit of or not ("base price per tonne of lentils" for "the base price for lentils"); a
    rate said on one side only is otherwise a ratio the other lacks ("average fare per km")."""
    a = {g for g in asked.guards if g.startswith("U:")}
    t = {g for g in taught.guards if g.startswith("U:")}
    return a == t or (taught.stored_rate and not t - a)


def same_measures(asked: Shape, taught: Shape) -> bool:
    """Whether the measures asked are the taught ones: each taught one asked, and any other
    one asked a column the taught SQL reads already ("electronics priced under 500" for
    ``unit_price < 500``) or a word the taught question says in another form ("an
    above-average value" for "valued above average")."""
    a = {g[2:] for g in asked.guards if g.startswith("M:")}
    t = {g[2:] for g in taught.guards if g.startswith("M:")}
    return t <= a and all(stem(m) in taught.sql_words or _said_as(stem(m), taught.content)
                          for m in a - t)


def _said_as(word: str, content: frozenset[str]) -> bool:
    """Whether ``content`` has ``word`` in another form: one of the two a prefix of the other,
    four letters or more ("valu" of "valued" for "value")."""
    return any(min(len(word), len(c)) >= 4 and (word.startswith(c) or c.startswith(word))
               for c in content)


def pair_slots(asked: Shape, taught: Shape) -> list[tuple[str, str, str]] | None:
    """(column, taught value, asked value) per taught slot, in order, or None when the slots do
    not pair one to one by column (and table, where the taught one's is known)."""
    if len(asked.slots) != len(taught.slots):
        return None
    left = list(asked.slots)
    pairs = []
    for slot in taught.slots:
        table, column, value = slot.readings[0]
        found = next((s for s in left if s.reading(table, column) is not None), None)
        if found is None:
            return None
        left.remove(found)
        pairs.append((column, value, found.reading(table, column) or value))
    return pairs


def rebind(sql: str, values: Sequence[tuple[str, str]], numbers: Sequence[tuple[str, str]]
           ) -> str | None:
    """``sql`` with each (taught, asked) string constant and number replaced, through the
    scanner's tokens; None when a changed one is not exactly where it must be."""
    try:
        tokens = pglast.parser.scan(sql)
    except ParseError:
        return None
    edits: list[tuple[int, int, str]] = []
    for old, new in values:
        if old == new:
            continue
        hits = [t for t in tokens if t.name == "SCONST" and _string_value(sql, t) == old]
        if not hits:
            return None
        edits.extend((t.start, t.end + 1, _quote(new)) for t in hits)
    for old, new in numbers:
        if old == new:
            continue
        spelled = _number_tokens(sql, tokens, old)
        if len(spelled) != 1:
            return None
        start, end, text = spelled[0]
        edits.append((start, end, text.replace(old, new, 1)))
    if len({(s, e) for s, e, _ in edits}) != len(edits):
        return None                       # two changes of one constant: ambiguous
    for start, end, text in sorted(edits, reverse=True):
        sql = sql[:start] + text + sql[end:]
    return sql


def _string_value(sql: str, token: Any) -> str | None:
    text = sql[token.start:token.end + 1]
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1].replace("''", "'")
    return None


def _number_tokens(sql: str, tokens: Sequence[Any], number: str) -> list[tuple[int, int, str]]:
    """Constants spelling ``number``: ``5``, ``5.0``, or an interval string ``'5 days'``."""
    hits = []
    for t in tokens:
        start, end, name = t.start, t.end + 1, t.name
        text = sql[start:end]
        if name in ("ICONST", "FCONST") and _same_number(text, number):
            hits.append((start, end, text if text == number else number))
        elif name == "SCONST":
            m = re.fullmatch(r"'\s*(\d+)(\s+[a-z]+s?)\s*'", text)
            if m and m.group(1) == number:
                hits.append((start, end, text))
    return hits


def _same_number(text: str, number: str) -> bool:
    try:
        return float(text) == float(number)
    except ValueError:
        return False


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def claim_slots(question: str, slots: Sequence[Slot], taught: Shape,
                schema: SchemaContext) -> list[Slot] | None:
    """``slots`` of the question asked and, for each taught slot none of them pairs with, the
    span of the question that spells the taught value, or a run of words of exactly one stored
    value of the taught slot's column ("oak hill" for 'Oak Hill Veterinary Clinic'): value
    linking links whole values only; a claimed span replaces a linked one that pairs with no
    taught slot ("cedar park" a city, and a run of one clinic's name). A linked span that pairs
    with no taught slot and whose words the taught question has as words (or one letter off)
    is read as words again ("adverse events" linked, "adverse evnts" taught). None when
    nothing changes."""
    words = normalise(question)
    def pairs(s: Slot) -> bool:
        return any(s.reading(*t.readings[0][:2]) is not None for t in taught.slots)
    kept = [s for s in slots if pairs(s)]
    taken = {i for s in kept for i in range(s.start, s.end)}
    claimed: list[Slot] = []
    for slot in taught.slots:
        table, column, value = slot.readings[0]
        if any(s.reading(table, column) is not None for s in kept + claimed):
            continue
        found = _claim(words, taken, table, column, value, schema)
        if found is not None:
            claimed.append(found)
            taken.update(range(found.start, found.end))
    loose = [s for s in slots if not pairs(s) and not taken.intersection(range(s.start, s.end))]
    unlinked = [s for s in loose if _taught_words(words[s.start:s.end], taught)]
    if not claimed and not unlinked:
        return None
    kept += [s for s in loose if s not in unlinked]
    return sorted(kept + claimed, key=lambda s: s.start)


def _taught_words(span: list[str], taught: Shape) -> bool:
    """Whether every word of ``span`` is a content word of ``taught`` (as :func:`shape` reads
    it: "sold" is the taught "sell"), or one letter off one."""
    return all(w in _FUNCTION or stem(w) in taught.content
               or stem(_SYNONYMS.get(w, w)) in taught.content or any(
        max(len(t), len(stem(w))) >= 5 and min(len(t), len(stem(w))) >= 4
        and _one_edit(stem(w), t) for t in taught.content) for w in span)


def _claim(words: list[str], taken: set[int], table: str, column: str, value: str,
           schema: SchemaContext) -> Slot | None:
    span = _find(words, normalise(value), taken)
    if span is not None:
        return Slot(span[0], span[1], ((table, column, value),))
    stored = [(t.name, v) for t in schema.tables if not table or t.name == table
              for c in t.columns if c.name == column for v in c.values]
    best: tuple[int, int, str, str] | None = None
    names = vocabulary(schema)
    for t_name, v in stored:
        span = _find_run(words, normalise(v), taken)
        if span is None:
            continue
        run = words[span[0]:span[1]]
        if all(stem(w) in names or w in _FUNCTION for w in run):
            continue                   # "vets" is the schema's word, not 'Maple Street Vets'

        # The run must tell one stored value: no other value of the column holds it.
        if any(other != v and _find_run(run, normalise(other), set()) == (0, len(run))
               for _, other in stored):
            continue
        if best is None or span[1] - span[0] > best[1] - best[0]:
            best = (span[0], span[1], t_name, v)
    if best is None:
        return None
    return Slot(best[0], best[1], ((table or best[2], column, best[3]),))


def fold_typos(asked: Shape, taught: Shape) -> Shape:
    """``asked`` with each content word the taught question lacks replaced by the one taught
    word it misses by one letter ("evnts", "enrolments"), words of five letters or more."""
    extra = asked.content - taught.content
    missing = taught.content - asked.content
    mapping = {}
    for word in extra:
        if len(word) < 4:
            continue
        near = [w for w in missing if max(len(w), len(word)) >= 5 and len(w) >= 4
                and _deletions(word) & _deletions(w) and _one_edit(word, w)]
        if len(near) == 1:
            mapping[word] = near[0]
    return _folded(asked, taught, mapping)


def fold_related(asked: Shape, taught: Shape) -> Shape:
    """``asked`` with each content word the taught question lacks replaced by the one taught
    word it is kin to (:func:`_kin`: a synonym or another form of it: "joined" for "hired",
    "pay" for "hourly rate"); a word kin to several taught ones stays as it is."""
    extra = asked.content - taught.content
    missing = taught.content - asked.content
    if not extra or not missing:
        return asked
    keys: dict[str, set[str]] = {}
    for word, key in (*asked.kin, *taught.kin):
        keys.setdefault(word, set()).add(key)
    mapping = {}
    for word in extra:
        near = [w for w in missing if keys.get(word, set()) & keys.get(w, set())]
        if len(near) == 1 and not _two_schema_words(word, near[0], asked, taught):
            mapping[word] = near[0]
    return _folded(asked, taught, mapping)


def _two_schema_words(word: str, taught_word: str, asked: Shape, taught: Shape) -> bool:
    """Whether ``word`` and ``taught_word`` both name something of the schema: nouns kin in
    English ("capacity", "seats") still name two columns; a verb ("joined" for "hired") says
    the event, whichever table's column spells it; and two synonyms of which one spells the
    table the taught SQL reads first, the other nothing it reads ("invoices" for the taught
    "bills" over ``invoices``, though ``billing_periods`` spells "bill" too), name that table."""
    return (word in asked.schema_words and taught_word in taught.schema_words
            and not said_as_verb(word, asked) and not _one_table(word, taught_word, taught))


def _one_table(word: str, taught_word: str, taught: Shape) -> bool:
    """Whether two kin words name one table: one of them that the taught SQL reads first
    (:attr:`Shape.sql_from`), the other no name the taught SQL spells."""
    return any(a in taught.sql_from and b not in taught.sql_words and b not in taught.sql_from
               for a, b in ((word, taught_word), (taught_word, word)))


def said_as_verb(word: str, shape_: Shape) -> bool:
    """Whether ``shape_``'s question says ``word`` as a past form ("joined", "planted",
    "taught"): an event, not the noun a column is named by."""
    return any(k[0] == "=" and (k.endswith("ed") or k[1:] in IRREGULAR)
               for w, k in shape_.kin if w == word)


def fold_words(asked: Shape, taught: Shape) -> Shape:
    """``asked`` with the words that say a taught one otherwise made that one: kin first, then
    clipped forms, then typos."""
    return fold_typos(fold_clipped(fold_related(asked, taught), taught), taught)


# Shortest clipped form folded ("subs", "techs", "reps").
_CLIP_LETTERS = 3


def fold_clipped(asked: Shape, taught: Shape) -> Shape:
    """``asked`` with each name (a word no dictionary or schema spells) replaced by the one
    taught word it is the full form of, where a name the taught SQL reads lies between the two
    ("subcontractors" for the taught "subs" over ``subcon``: sub <= subcon <= subcontractor):
    the clipped word and the full one name that table."""
    missing = taught.content - asked.content
    mapping = {}
    for word in asked.names - taught.names:
        near = [t for t in missing if len(t) >= _CLIP_LETTERS and word.startswith(t) and word != t
                and any(word.startswith(v) and v.startswith(t) and v != word
                        for v in taught.sql_words)]
        if len(near) == 1:
            mapping[word] = near[0]
    return _folded(asked, taught, mapping)


def _folded(asked: Shape, taught: Shape, mapping: dict[str, str]) -> Shape:
    if not mapping:
        return asked
    def fold(words: frozenset[str]) -> frozenset[str]:
        return frozenset(mapping.get(w, w) for w in words)
    return replace(asked, content=fold(asked.content), tokens=fold(asked.tokens),
                   ranked_by=fold(asked.ranked_by),
                   schema_words=frozenset(w for w in asked.schema_words if w not in mapping)
                   | (taught.schema_words & frozenset(mapping.values())),
                   names=frozenset(w for w in asked.names if w not in mapping)
                   | (taught.names & frozenset(mapping.values())),
                   kin=frozenset((mapping.get(w, w), k) for w, k in asked.kin))


def grouped_reading(question: str, asked: Shape) -> tuple[Shape, str] | None:
    """``asked`` read as grouped by the schema word said right before its one measure word
    ("clinic revenue" as "revenue by clinic"), with that word: for a question that says no
    grouping, to be matched only with a taught question grouped by that very word (its
    :attr:`Shape.focus`). None where the question groups, or says no such pair."""
    measures = [g for g in asked.guards if g.startswith("M:")]
    if "PER" in asked.guards or len(measures) != 1:
        return None
    words = [w[:-2] if w.endswith("'s") else w for w in normalise(question)]
    taken = {i for s in asked.slots for i in range(s.start, s.end)}
    found = [stem(words[i]) for i in range(len(words) - 1)
             if i not in taken and i + 1 not in taken and _measure(words[i + 1]) == measures[0][2:]
             and stem(words[i]) in asked.schema_words and _measure(words[i]) is None]
    if len(found) != 1:
        return None
    word = found[0]
    return replace(asked, guards=tuple(sorted({*asked.guards, "PER"})), tokens=asked.tokens | {"PER"},
                   focus=tuple(sorted({*asked.focus, ("PER", word)}))), word


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted or replaced letter."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:]


@functools.lru_cache(maxsize=1 << 14)
def _deletions(word: str) -> frozenset[str]:
    """``word`` and each spelling of it with one letter left out: two words one edit apart
    share one (a replaced letter: both without it; one inserted: the shorter itself), so
    sharing none rules a pair out cheaply."""
    return frozenset((word, *(word[:i] + word[i + 1:] for i in range(len(word)))))


def best_rebinding(asked: Shape, taught: Sequence[tuple[Shape, str]],
                   threshold: float = THRESHOLD,
                   claim: Callable[[Shape], Shape | None] | None = None
                   ) -> tuple[int, Rebinding] | None:
    """The index and re-bound SQL of the most similar taught (shape, sql) that matches
    ``asked``; ties go to the later (newer) one. ``claim`` remakes ``asked`` with slots for a
    taught shape's values it spells but linking did not link (:func:`claim_slots`)."""
    best: tuple[int, Rebinding] | None = None
    for n, (shape_, sql) in enumerate(taught):
        if not _plausible(asked, shape_):
            continue
        asked_here = asked
        if claim is not None and pair_slots(asked, shape_) is None and _may_claim(asked, shape_):
            asked_here = claim(shape_) or asked
        score = _score(asked_here, shape_, threshold)
        if score < threshold or (best is not None and score < best[1].score):
            continue
        rebinding = _rebound(fold_words(asked_here, shape_), shape_, sql, score)
        if rebinding is not None:
            best = (n, rebinding)
    return best


def _plausible(asked: Shape, taught: Shape) -> bool:
    """Cheap necessary conditions of a match, checked before any scoring: they hold as well
    after slots are claimed (which only takes words, guards and names from the asked
    question) and typos folded. A question with a linked span more than the taught one (which
    may become words again) is not judged here."""
    if len(asked.slots) > len(taught.slots):
        return True
    a_measures = {g for g in asked.guards if g.startswith("M:")}
    if not {g for g in taught.guards if g.startswith("M:")} <= a_measures:
        return False
    said, taught_said = set(asked.guards) & set(_SPELLED), set(taught.guards) & set(_SPELLED)
    if not taught_said - said <= taught.sql_guards & _UNSAID:
        return False
    return names_plausible(asked, taught)


def names_plausible(asked: Shape, taught: Shape) -> bool:
    """Whether the two questions' unknown names can still come out equal: each taught one
    asked or one letter off a word asked; each asked one taught or, when the taught question
    has no slot to claim it, one letter off a taught word."""
    extra = asked.content - taught.content
    if any(not any(_deletions(n) & _deletions(w) for w in extra)
           for n in taught.names - asked.names):
        return False
    if taught.slots:
        return True
    lacking = taught.content - asked.content
    return all(any(_deletions(n) & _deletions(w) or len(w) >= _CLIP_LETTERS and n.startswith(w)
                   for w in lacking)
               for n in asked.names - taught.names)


def _may_claim(asked: Shape, taught: Shape) -> bool:
    """Whether claiming slots could make ``asked`` match ``taught``: claiming only takes words
    away from the asked question, so the taught one's names and schema words must be there,
    unless it has a linked span more (which may become words)."""
    if len(asked.slots) > len(taught.slots):
        return True                       # a linked span may be read as words again
    if taught.names <= asked.names and taught.schema_words <= asked.schema_words:
        return True
    folded = fold_words(asked, taught)
    return taught.names <= folded.names and taught.schema_words <= folded.schema_words


def _score(asked: Shape, taught: Shape, threshold: float) -> float:
    """The similarity of ``asked``, typos folded, to ``taught``; the folding (the costly part)
    only when it could lift the score to ``threshold``: folding takes each of ``e`` extra asked
    words (weight 1 or 2) out and puts at most ``k`` taught ones in, each shared, so the shared
    weight grows by at most ``2k`` and the total shrinks by at most ``2e - k``."""
    shared, total = _dice(asked, taught)
    e = len(asked.content - taught.content)
    k = min(e, len(taught.content - asked.content))
    rest = total - 2 * e + k
    if not k or rest > 0 and 2 * (shared + 2 * k) < threshold * rest:
        return 2 * shared / total if total else 0.0
    return similarity(fold_words(asked, taught), taught)


def _rebound(asked: Shape, taught: Shape, sql: str, score: float) -> Rebinding | None:
    if not compatible(asked, taught):
        return None
    pairs = pair_slots(asked, taught)
    if pairs is None:
        return None
    new_sql = rebind(sql, [(old, new) for _, old, new in pairs],
                     list(zip(taught.numbers, asked.numbers)))
    return Rebinding(new_sql, score) if new_sql is not None else None

