"""General English the pipeline needs to meet a schema's names where a question words them otherwise.

A question rarely spells a name the way its schema does: "kids" for ``tbl_child``, "learners"
for ``Student``, "fed" for ``feedings``, "weight" for ``weight_kg``, "relationship" for
``relation``. What connects them is ordinary English, the same on any schema: irregular plurals
and past tenses, the common derivational endings, units written after a measure's name, and
groups of words people use for the same thing in a business database. Nothing here names a
table or column of any particular schema. The reader (``ask/translate/sketch/names.py``) uses
these tables on the schema's side (one more spelling of a name, only where the schema's own names
do not already claim it) and on the question's side (a word's base forms); the refusal check
(:mod:`.refusal`) and table selection (:mod:`.table_selection`) use the same words, so a question
the reader can place is never refused or shown the wrong tables for wording it otherwise. It
lives in the context stage, the earliest, so every stage can import it.
"""

from __future__ import annotations

import functools
import re

from ask.context.english import english
from ask.context.value_linking import singular

def sing(word: str) -> str:
    """Singular: ``branches`` -> ``branch``, ``boxes`` -> ``box`` (``singular`` leaves the e);
    ``campuses`` -> ``campus`` where English knows no ``campuse`` (``houses`` stays ``house``),
    and ``status`` stays itself where English knows no ``statu``."""
    if word == "ids":
        return "id"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses", "zzes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        known = english()
        if word.endswith("ses") and word[:-1] not in known and word[:-2] in known:
            return word[:-2]
        if word.endswith(("us", "is", "as", "os")) and word in known and word[:-1] not in known:
            return word         # a singular ending in s: "status", "campus", "analysis"
    return singular(word)


# Plurals and past forms that no suffix rule reaches.
IRREGULAR = {
    "children": "child", "kids": "kid", "people": "person", "men": "man", "women": "woman",
    "mice": "mouse", "geese": "goose", "teeth": "tooth", "feet": "foot", "oxen": "ox",
    "criteria": "criterion", "analyses": "analysis", "indices": "index", "statuses": "status",
    "buses": "bus", "addresses": "address", "businesses": "business", "classes": "class",
    "fed": "feed", "paid": "pay", "taught": "teach", "bought": "buy", "sold": "sell", "sent": "send",
    "spent": "spend", "led": "lead", "ran": "run", "won": "win", "lost": "lose", "held": "hold",
    "brought": "bring", "caught": "catch", "drove": "drive", "driven": "drive", "rode": "ride",
    "ridden": "ride", "wrote": "write", "written": "write", "took": "take", "taken": "take",
    "saw": "see", "seen": "see", "met": "meet", "kept": "keep", "slept": "sleep", "began": "begin",
    "begun": "begin", "chose": "choose", "chosen": "choose", "flew": "fly", "flown": "fly",
    "grew": "grow", "grown": "grow", "ate": "eat", "eaten": "eat", "built": "build", "stood": "stand",
    "sat": "sit", "heard": "hear", "told": "tell", "thought": "think", "gave": "give", "given": "give",
    "left": "leave", "lent": "lend", "dealt": "deal", "shipped": "ship", "hired": "hire",
    "enrolled": "enrol", "enroled": "enrol", "cancelled": "cancel", "canceled": "cancel",
    "did": "do", "done": "do", "went": "go", "gone": "go", "came": "come", "made": "make",
    "found": "find", "got": "get", "owned": "own", "borrowed": "borrow", "stayed": "stay",
    "ins": "in", "ups": "up",               # "check-ins", "sign-ups": too short for a plural rule
}

# Endings that turn a name's word into the word a question uses, and back: "invoiced" ->
# "invoice", "relationship" -> "relation", "payment" -> "pay", "delivery" -> "deliver".
_ENDINGS = (("ship", ""), ("ment", ""), ("ing", ""), ("ing", "e"), ("ied", "y"), ("ed", ""), ("ed", "e"),
            ("ance", ""), ("ence", ""))

# Units written after a measure's name ("weight_kg", "durationMin", "area_sqm", "len_m"): the
# name without them is what a question says.
UNIT_SUFFIXES = frozenset("""
kg kgs gr lb lbs oz ton tonne m km cm mm ft mi sqm sqft m2 km2 ha l ltr litre liter ml gal
min mins minute minutes sec secs ms hr hrs hour hours days wk yrs pct percent usd eur gbp
chf jpy cny aud cad nzd sgd hkd inr zar sek nok dkk mxn brl cents eurocent kwh kw w mw mph kph kmh
""".split())

# The abbreviated last (or first) part of a legacy name and the word it stands for: ``part_cat``
# is a part's category, ``city_nm`` a city's name, ``inv_dt`` an invoice's date. One table for
# the reader's index (:mod:`ask.translate.sketch.names`) and the refusal check's vocabulary
# (:func:`name_spellings`), read on the schema's side only: a question's own "no" or "cat" is
# never an abbreviation.
NAME_PART_ABBREVIATIONS = {
    "cat": "category", "typ": "type", "cd": "code", "dt": "date", "amt": "amount", "qty": "quantity",
    "no": "number", "num": "number", "nbr": "number", "flg": "flag", "pct": "percent",
    "desc": "description", "nm": "name", "ttl": "title", "lbl": "label",
}

# Abbreviations that are English words too ("cat" the animal, "no", "ord"): spelt out only as a
# part of a longer name (``part_cat``), never a name alone (a pet shop's ``cat`` table).
WORD_ABBREVIATIONS = frozenset(("cat", "no", "ord", "tel", "sal", "bal", "cap", "stat"))

# Every abbreviated name part the refusal vocabulary and the reader's table names spell out: the
# legacy parts above and more (the reader's own short list: ``vocabulary.ABBREVIATIONS``).
ABBREVIATED = {**NAME_PART_ABBREVIATIONS,
    "len": "length", "wt": "weight", "ht": "height", "prc": "price", "amnt": "amount", "cst": "cost",
    "cust": "customer", "emp": "employee", "dept": "department",
    "mgr": "manager", "svc": "service", "srv": "service", "cntry": "country", "ctry": "country",
    "loc": "location", "tel": "phone", "ph": "phone", "eml": "email", "dur": "duration",
    "ord": "order", "prod": "product", "acct": "account", "bal": "balance",
    "sal": "salary", "ts": "time", "tm": "time", "stat": "status", "lvl": "level", "grp": "group",
    "nam": "name", "nme": "name", "fname": "first name", "lname": "last name",
    "dob": "birth", "hrs": "hour", "hr": "hour", "mins": "minute",
    # legacy table nouns (``inv_hdr``, ``wo_hdr``, ``po_line``, ``svc_tech``)
    "inv": "invoice", "wo": "work order", "po": "purchase order", "txn": "transaction", "pmt": "payment",
    "whse": "warehouse", "veh": "vehicle", "appt": "appointment", "shpmt": "shipment", "rcpt": "receipt",
    "vend": "vendor", "supp": "supplier", "tech": "technician", "proj": "project",
}

def looks_abbreviated(part: str, lexicon: frozenset[str]) -> bool:
    """Whether a name's word (``dl``, ``plcmt``, ``actv``, ``lnch``) looks like a word shortened
    by a schema's own habit: two to six letters, at most one vowel, no English word of four
    letters or more (``lexicon``: :func:`ask.context.refusal.english`), none the tables above
    spell out or read as a unit, and no key's "id"."""
    return 2 <= len(part) <= 6 and part.isalpha() and sum(c in _VOWELS for c in part) <= 1 \
        and not (len(part) >= 4 and part in lexicon) and part not in ABBREVIATED and part not in UNIT_SUFFIXES \
        and part != "id"


def abbreviates(part: str, word: str, lexicon: frozenset[str]) -> bool:
    """Whether ``part`` is how names shorten ``word``: its first three letters or more (``occ``
    occupation, ``expl`` explicit); its first letter, then at least half its consonants in
    order (``plcmt`` placement, ``actv`` active, ``ssn`` season; not ``apn`` for
    "applications"); or the initials of the two English words it is made of (``dl`` download,
    ``hq`` headquarters). The word is at least two letters longer."""
    if part[0] != word[0] or len(word) < len(part) + 2:
        return False
    if len(part) >= 3 and word.startswith(part):
        return True
    if any(c in _VOWELS for c in part[1:]):
        return False
    rest = iter(word[1:])
    if all(c in rest for c in part[1:]) \
            and 2 * len(part) >= 1 + sum(c not in _VOWELS for c in word[1:]):
        return True
    return compound_initials(part, word, lexicon)


def compound_initials(part: str, word: str, lexicon: frozenset[str]) -> bool:
    """Whether a two-letter ``part`` is the initials of the two English words ``word`` is made
    of (``dl`` download, ``hq`` headquarters): the one way two letters name a word on their own;
    any other word with those letters in order (``st``: status, state, street, spent, shot) is
    one guess among many."""
    return len(part) == 2 and part[0] == word[0] and any(
        word[k] == part[1] and _english(word[:k], lexicon) and _english(word[k:], lexicon)
        for k in range(3, len(word) - 2))


_VOWELS = frozenset("aeiou")


def _english(piece: str, lexicon: frozenset[str]) -> bool:
    return piece in lexicon or sing(piece) in lexicon


# What a unit is called in a question: "kilos of fish" asks for the quantity kept in kilograms.
UNIT_NAMES = {"kg": "kilo", "kgs": "kilo", "l": "litre", "ltr": "litre", "liter": "litre", "m": "metre",
              "km": "kilometre", "min": "minute", "mins": "minute", "hr": "hour", "hrs": "hour",
              "h": "hour", "sqm": "square metre", "lb": "pound", "lbs": "pound", "gal": "gallon",
              "kwh": "kilowatt hour", "usd": "dollar", "eur": "euro"}

# Words a business database uses for the same thing (singular forms). A group is general
# English, never one schema's vocabulary: each word is one people would type for any of the
# others in some database.
SYNONYM_GROUPS: tuple[frozenset[str], ...] = tuple(frozenset(g.split()) for g in """
student learner pupil trainee
child kid
teacher instructor tutor trainer coach teach professor lecturer
employee staff worker personnel staffer
customer client buyer shopper
policyholder insured customer
equipment gear kit
guardian parent carer caregiver
vehicle car automobile
boat vessel
flight trip
trip ride journey
plate registration
make brand manufacturer
price cost charge fee
salary pay wage
weight mass
area size surface
length long
duration long
height tall
quantity amount volume
sex gender
kind type category sort variety
relation relationship
zone area section sector
owner proprietor holder
supplier vendor provider
product item article
order purchase
shipment delivery consignment load
invoice bill
payment remittance
appointment visit booking
booking reservation
job role position vacancy opening posting
applicant candidate
class section
store shop outlet
film movie
company firm
semester term
contract agreement
passenger traveller traveler
aircraft plane airplane aeroplane
part component
department division
manager supervisor boss
city town
country nation
phone telephone mobile
email mail
note remark comment
start begin commence
end finish
enrol enroll join register signup
hire employ recruit join
birth born
cancel cancelled
address location
description detail
score mark grade point
fine penalty
capacity seat
member subscriber
event occasion
match game fixture
meal feeding
food diet
habitat enclosure pen
animal creature
doctor physician
tenant renter lessee
apartment flat
""".strip().splitlines())


# Words a question uses for the rows a name's word names that are no synonym of it the other way
# round: a school's kids are its students, but a learner is no child (a schema with both a
# ``Student`` and a ``Child`` table keeps "learners" for the students); a CRM's or a SaaS
# schema's accounts are its customers, but a bank's customers are no accounts.
CALLED: dict[str, tuple[str, ...]] = {
    "student": ("kid", "child", "schoolchild"),
    "account": ("customer", "client"),
    "ticket": ("case", "issue"),
    "animal": ("pet",),
    # a property company's units are its flats, its properties its buildings, its vendors the
    # contractors it sends work to; but a building is no property of a thing, a flat no unit of
    # measure, and a contractor no vendor of goods
    "unit": ("flat", "apartment"),
    "property": ("building",),
    "vendor": ("contractor", "tradesman", "tradesperson"),
    "owner": ("landlord", "landlady"),
    # a contractor's or an agency's projects are its jobs, a subscription business's subscribers
    # its customers, a phone company's devices its handsets and its towers masts; but a job is
    # no project (a recruiter's jobs are vacancies), a customer no subscriber, a phone no device
    # (a line's phone number), a mast no tower of a castle
    "project": ("job",),
    "subscriber": ("customer", "client"),
    "device": ("handset",),
    "tower": ("mast",),
}


@functools.lru_cache(maxsize=1 << 14)
def synonyms(word: str) -> frozenset[str]:
    """The other words of a name's word ``word``'s groups, and what a question calls its rows
    (:data:`CALLED`): read on the schema's side."""
    out: set[str] = set(CALLED.get(word, ()))
    for group in SYNONYM_GROUPS:
        if word in group:
            out |= group
    out.discard(word)
    return frozenset(out)


@functools.lru_cache(maxsize=1 << 16)
def noun_forms(word: str) -> tuple[str, ...]:
    """``word`` as a name would spell it: singular ("children" -> child), then "relationship"
    -> relation."""
    first = sing(word)
    out = [first]
    if word in IRREGULAR and not _is_verb(word):
        out.append(IRREGULAR[word])
    for ending in ("ship",):
        if len(first) > len(ending) + 2 and first.endswith(ending):
            out.append(first[:-len(ending)])
    out.extend(spelling_variants(first))
    return tuple(dict.fromkeys(out))


# British and American spellings of one word: licence/license, colour/color, centre/center,
# organisation/organization, catalogue/catalog, cancelled/canceled.
_SPELLINGS = (("our", "or"), ("or", "our"), ("ise", "ize"), ("ize", "ise"), ("isation", "ization"),
              ("ization", "isation"), ("yse", "yze"), ("tre", "ter"), ("ter", "tre"), ("ence", "ense"),
              ("ense", "ence"), ("ogue", "og"), ("og", "ogue"), ("lled", "led"), ("lling", "ling"),
              ("stor", "ster"), ("ster", "stor"), ("isor", "iser"), ("iser", "isor"))  # adjustor, advisor


def spelling_variants(word: str) -> tuple[str, ...]:
    """The same word in the other spelling convention (unchecked: a variant only counts where
    a name spells it)."""
    return tuple(word[:-len(a)] + b for a, b in _SPELLINGS if len(word) > len(a) + 2 and word.endswith(a))


@functools.lru_cache(maxsize=1 << 16)
def verb_forms(word: str) -> tuple[str, ...]:
    """The base forms of a verb form ("invoiced" -> invoic, invoice; "fed" -> feed; "stopped"
    -> stop), and the noun's base form of a name's word ("feedings" -> feed, "hiring" -> hire)."""
    first = sing(word)
    out = []
    if _is_verb(word):
        out.append(IRREGULAR[word])
    for ending, replacement in _ENDINGS:
        if len(first) > len(ending) + 2 and first.endswith(ending) and ending != "ship":
            out.append(first[:-len(ending)] + replacement)
    if len(first) > 5 and first.endswith("ed") and first[-3] == first[-4]:
        out.append(first[:-3])                          # stopped -> stop
    return tuple(dict.fromkeys(o for o in out if o != first))


def _is_verb(word: str) -> bool:
    return word in IRREGULAR and not word.endswith(("ren", "ople", "men", "ice", "eese", "eeth", "eet",
                                                    "xen", "ia", "ses", "ces", "ids", "ins", "ups"))


# A yes/no column read the other way round: "unpaid" is ``NOT paid``, "failed" ``NOT passed``.
ANTONYMS = {"pass": "fail", "passed": "failed", "present": "absent", "open": "closed", "active": "inactive",
            "available": "unavailable", "valid": "invalid", "paid": "unpaid", "public": "private",
            "success": "failure", "successful": "unsuccessful", "complete": "incomplete",
            "completed": "incomplete", "approved": "rejected", "enabled": "disabled", "member": "nonmember"}
_NEGATING = ("un", "non", "in", "not")
# More words for "not yet": an outstanding invoice is one not paid.
UNSETTLED = {"paid": ("outstanding", "owed", "owing"), "settled": ("outstanding",), "resolved": ("open",)}


def negations(word: str) -> tuple[str, ...]:
    """Words that say a yes/no column's word does not hold: its antonym and its negating
    prefixes ("paid": unpaid, nonpaid, notpaid)."""
    out = [ANTONYMS[word]] if word in ANTONYMS else []
    out += list(UNSETTLED.get(word, ()))
    return tuple(dict.fromkeys(out + [p + word for p in _NEGATING]))


def is_verb_form(word: str) -> bool:
    """A past form, which relates what a question names rather than naming something:
    "taught", "signed", "delivered"."""
    return _is_verb(word) or (len(word) > 4 and word.endswith("ed"))


# The dimension a superlative ranks by when the question names no column: "the heaviest animal".
DIMENSIONS = {
    "heaviest": ("weight", "mass"), "lightest": ("weight", "mass"), "longest": ("length", "duration"),
    "shortest": ("length", "duration"), "tallest": ("height",), "largest": ("area", "size", "capacity"),
    "biggest": ("area", "size", "capacity"), "smallest": ("area", "size", "capacity"), "fastest": ("speed",),
    "slowest": ("speed",), "deepest": ("depth",), "widest": ("width",), "richest": ("balance", "wealth"),
}


# Words that, after a name, say the column identifies a row: plate_no, flat_number, route_code.
IDENTIFIER_SUFFIXES = frozenset(("no", "num", "nbr", "number", "code", "cd", "ref"))

# Words after a name that say the column holds how much of what its other words name:
# ``fine_amt`` is the fine, ``dl_cnt`` the downloads, ``requested_amount`` what was requested.
# Spelt in full, only after a participle that says which amount: ``award_amount`` leaves
# "awards" to the rows that are awards.
AMOUNT_SUFFIXES = frozenset(("amt", "amnt", "cnt", "qty", "val"))
AMOUNT_WORDS = frozenset(("amount", "count", "quantity", "value"))

# Words after a name that say a yes/no column holds whether its other words hold: ``active_flg``,
# ``deleted_flag``, ``refund_ind``.
FLAG_SUFFIXES = frozenset(("flg", "flag", "ind", "indicator", "yn"))

# Abbreviated words after a name that say the column is what its first word is called by:
# ``city_nm`` is the city (a legacy schema's way to say "city"); not after a word that only
# says which name (``first_nm``). A name spelt in full (``song_name``) keeps its own reading.
LABEL_SUFFIXES = frozenset(("nm", "lbl", "ttl"))
NAME_QUALIFIERS = frozenset(("first", "last", "full", "given", "family", "sur", "middle", "nick", "user", "file",
                             "host", "domain", "login", "display", "short", "long", "legal", "maiden", "alias"))


def without_unit(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """``("weight", "kg")`` -> ``("weight",)`` and ``("kilo",)``: a measure's name without the
    unit written after it, and the unit's own name ("kilos of fish"); what the unit measures
    too, where the name does not say it (``net_kg``: "weight"; ``hectares``: "area")."""
    if len(words) == 1 and words[0] in UNIT_DIMENSIONS:
        return ((UNIT_DIMENSIONS[words[0]],),)
    if len(words) < 2 or words[-1] not in UNIT_SUFFIXES:
        return ()
    unit = UNIT_NAMES.get(words[-1])
    dimension = UNIT_DIMENSIONS.get(words[-1])
    return (words[:-1],) + ((tuple(unit.split()),) if unit else ()) + (
        ((dimension,),) if dimension and dimension not in words and not set(words) & DIMENSION_WORDS else ())


# What a unit measures: a column kept in kilograms is a weight, one in hectares an area.
UNIT_DIMENSIONS = {
    **dict.fromkeys(("kg", "kgs", "lb", "lbs", "oz", "ton", "tonne", "kilogram", "kilo", "pound"), "weight"),
    **dict.fromkeys(("ha", "sqm", "sqft", "m2", "km2", "hectare", "acre"), "area"),
    **dict.fromkeys(("km", "mi", "kilometre", "kilometer", "mile"), "distance"),
    **dict.fromkeys(("l", "ltr", "ml", "gal", "litre", "liter", "gallon"), "volume"),
}
# Words a name uses that already say what is measured ("weight_kg", "area_ha", "trip_length_km").
DIMENSION_WORDS = frozenset(("weight", "mass", "area", "size", "distance", "length", "volume", "capacity",
                             "height", "width", "depth"))


def spelt_out(words: tuple[str, ...]) -> tuple[str, ...]:
    """Abbreviations of names spelt out: ``("boat", "typ")`` -> ``("boat", "type")``; one that
    is an English word too only beside other words (``("cat",)`` stays a cat)."""
    if len(words) == 1 and words[0] in WORD_ABBREVIATIONS:
        return words
    return tuple(w for word in words for w in ABBREVIATED.get(word, word).split())


# --- for the stages before the reader: refusal, subjects and table selection ---------------------

# Common English names for the entities of business schemas (either direction): a table
# counts as named by these (ask/context/subjects.py).
ENTITY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "store": ("shop", "branch", "outlet", "location"),
    "customer": ("client", "buyer", "account"),
    "product": ("item", "sku", "article"),
    "order": ("purchase", "transaction", "return"),
    "category": ("department",),
    "region": ("area", "territory"),
    "employee": ("staff", "worker"),
    "supplier": ("vendor",),
}

# Entities that schemas name in different words, on top of ENTITY_SYNONYMS: for a refusal
# (ask/context/refusal.py) the question is "could the schema hold this?", a wider net than
# "does the question name this table?". Both directions count.
RELATED_ENTITIES: dict[str, tuple[str, ...]] = {
    "user": ("customer", "client", "account", "member", "subscriber", "buyer", "shopper"),
    "customer": ("user", "member", "subscriber", "shopper", "consumer", "patron"),
    "employee": ("staff", "worker", "personnel", "headcount", "colleague"),
    "order": ("purchase", "transaction", "sale", "booking"),
    "product": ("item", "sku", "goods", "merchandise", "article"),
    "store": ("shop", "branch", "outlet", "location", "site"),
    "supplier": ("vendor", "provider"),
    "flight": ("route", "trip"),
    "invoice": ("bill", "billing"),
}


# What people call the rows a two-word name names: a work order is a job.
NAME_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("work", "order"): ("job",),
    ("maintenance", "request"): ("repair", "job"), ("repair", "request"): ("repair", "job"),
    ("service", "request"): ("job",), ("maintenance", "job"): ("repair",),
}

# What an abbreviated identifier suffix spells that names nothing on its own.
_NO_WORD_ALONE = frozenset(("number",))

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@functools.lru_cache(maxsize=1 << 16)
def name_spellings(name: str) -> frozenset[str]:
    """The words a question may use for the identifier ``name`` that its own words are not:
    abbreviations spelt out (``boat_typ`` -> type), the unit's name (``qty_l`` -> litre) and
    the synonyms of each word (``Student`` -> learner, pupil, ...)."""
    words = tuple(sing(p) for p in _CAMEL.sub("_", name).lower().replace("-", "_").split("_") if p)
    # line_no's "no" spelt out is no word of its own: "phone number" finds no phone there
    out = set(spelt_out(words)) - _NO_WORD_ALONE
    for shorter in without_unit(words):
        out.update(shorter)
    for w in tuple(out | set(words)):
        out |= synonyms(w)
    for phrase, called in NAME_PHRASES.items():
        if set(phrase) <= out | set(words):
            out.update(called)
    return frozenset(out - set(words))


@functools.lru_cache(maxsize=1 << 16)
def question_forms(word: str) -> frozenset[str]:
    """A question's word and the base forms a name would spell it in: singular, irregular
    plural and past ("kids" -> kid, "children" -> child, "fed" -> feed), British and American
    spellings ("licence" -> license)."""
    out = {word, *noun_forms(word)}
    if word in IRREGULAR:
        out.add(IRREGULAR[word])
    if len(word) > 5 and word.endswith("ed") and word[-3] == word[-4] and word[-3] in "lsfz":
        out.add(word[:-2])          # "billed" -> bill, "passed" -> pass: a base that ends doubled
    return frozenset(out)
