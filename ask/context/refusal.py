"""Knowing when not to answer: questions that do not map onto the caller's schema.

A text-to-SQL model always writes *some* SQL, and on the demo schema "what's the weather in
Paris" validates and runs (``SELECT … FROM stores WHERE city = 'Paris'``): a confident wrong
answer, worse than an error. :func:`assess` looks at the question before any model runs and
says when it should be refused, and why, in these kinds:

- **write**: the question asks to change data ("drop the customers table", "give every
  customer a 10% discount"). Only an imperative data-changing verb at the start of a clause
  (after fillers such as "please", "can you") counts, and only when what follows reads as its
  object: "change in revenue", "set of brands", "add up the revenue", "create a list of …",
  "give me …", "cancelled orders", "products added this year" are questions.
- **gibberish**: too few recognisable words ("asdfgh qwerty"). A word is recognisable when it is
  English (``english_words.txt``, built by ``training/english_words.py``), a word of the schema
  (table and column names, comments, stored values, linked values), a number, or a one- or
  two-letter typo of a schema or analytics word ("custmers", "revnue"). More made-up words
  than known ones is gibberish though a schema word is among them ("customers flib zorn"), and
  so is a made-up word whose only tie to the schema is a short code or initials ("show sn fa":
  two letters match a stored code on any database); made-up words spell no initialism.
- **out_of_schema**: the question is about things the schema does not hold. Analysts use
  synonyms and words the schema never spells, so only strong evidence counts:
  either the question names nothing the schema holds (no table, column, stored value, synonym
  or measure word) yet has content words ("what's the weather in Paris", "who won the world
  cup", "tell me a joke"), or it has no content word at all ("what can you do"); or what it
  asks to count, average, rank or group by is made only of words the schema does not know
  ("average salary of customers", "orders by payment method", "how many employees").

- **not of the data**: what no stored row answers though the words are the schema's: a cause
  ("why did sales drop"), a forecast or what-if ("predict", "what if", "would … if", "will" of an
  event no date column records), advice ("should we", "recommend", "a fair price"), the schema
  itself ("what does status 3 mean", "which tables", "data type of"), SQL inside the question
  ("; SELECT", "UNION SELECT", "' OR '1'='1"). A trigger word the schema spells is its data.

Everything here is a pure function of the question, the schema context and the value links:
no I/O, no model. The planner (:mod:`ask.planner`) calls :func:`assess` after value linking
and raises :meth:`Refusal.error` before translating, so a refused ASK costs no model time and
runs nothing upstream.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ask.errors import DataChangeRequested, QuestionNotAnswerable
from ask.schema import SchemaContext, short_type
from ask.context.folded_names import is_word, unfold
from ask.context.english import english
from ask.context.related_words import (ENTITY_SYNONYMS, RELATED_ENTITIES, abbreviates, looks_abbreviated,
                                       name_spellings, question_forms)
from ask.context.value_linking import ValueMatch, bounded_distance, identifier_words, normalise, singular
from engines.lru import LRU

# --- vocabularies ------------------------------------------------------------------------------

# Function words: they carry no subject of their own.
STOP = frozenset("""
a about above after again against all also am an and any anything are aren't as at be because
been before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each either else etc ever every few for from further get gets
getting got had hadn't has hasn't have haven't having he her here hers herself him himself his
how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let let's lets
like may me might mine more most must my myself no nor not now of off on once one only or other
others ought our ours ourselves out over own per please pls plz same shall she should shouldn't
so some something such than that that's the their theirs them themselves then there there's
these they this those through thru to too under until up upon us very via was wasn't we we'd
we're we've were weren't what what's whats when where where's whether which while who who's
whom whose why will with within without won't would wouldn't yes yet you you'd you're your yours
yourself ok okay also w o vs versus etc ie eg
""".split())

# Words of courtesy around a question ("Hello! could you ... thank you so much in advance"):
# they ask nothing and name nothing (role "courtesy"), so a question of nothing else ("thank you
# very much") names nothing either.
COURTESY = frozenset("""
hello hi hey hiya greetings thanks thank thx cheers kindly appreciate appreciated advance
wondering dear
""".split())

# The calendar's own names, on any schema: months, weekdays, quarters and halves, to-date periods,
# shorthand days ("ytd", "yday"). Analytics words (below); never compared by sense either
# (:mod:`ask.translate.value_senses`).
CALENDAR_NAMES = frozenset("""
yday tonight weekday weekdays weekend weekends hourly ytd mtd qtd wtd
jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june july august
september october november december monday tuesday wednesday thursday friday saturday sunday
q1 q2 q3 q4 h1 h2""".split())

# Words of analytics questions that say how to measure, rank, filter or show, on any schema.
ANALYTICS = CALENDAR_NAMES | frozenset("""
count counts counted number numbers total totals sum sums summed average averages avg mean
median min max minimum maximum top bottom best worst most least highest lowest biggest largest
smallest greatest fewest more less fewer higher lower bigger smaller larger big small large
first last latest earliest recent recently newest oldest new old current previous prior next
past since before after between during ago so far until till upcoming
list lists show shows display give tell find get fetch return returns compare compared
comparison versus trend trends growth grow grew change changes changed difference diff delta
share shares percent percentage percentages pct ratio ratios rate rates fraction proportion
portion breakdown split distribution distinct different unique each every any all overall whole
entire combined together per by group grouped grouping broken across within including exclude
excluding only just exactly about around approximately roughly above below under over than least
equal equals same above
day days daily today yesterday week weeks weekly
month months monthly quarter quarters quarterly year years yearly annual annually
hour hours minute minutes time times date dates period periods season seasonal calendar
fiscal morning evening night so-far
revenue revenues rev sales sale sell sells selling sold seller sellers turnover income gmv
spend spends spent spending buy buys buying bought buyer purchase purchases purchased
value values amount amounts volume volumes unit units quantity quantities qty price prices
priced pricing cost costs costly expensive cheap cheaper cheapest pricey aov basket baskets
popular popularity performing performance performer performers busiest busy active inactive
frequent frequently often rarely never ever again repeat repeated returning loyal
record records row rows entry entries item items thing things stuff everything anything
something someone anyone everyone kind kinds type types sort sorts category-wise wise
do did have has had make made making place placed placing come came comes coming go went
happen happened live lives living based located locate situated handle handled handling carry
carried carries sign signed signing join joined joining open opened opening close closed
use used using include includes included contain contains contained belong belongs
see look looking want need know show much many
yoy mom wow qoq growth cumulative running rolling moving share base churn churned retention
retained lapsed dormant lost acquired acquisition cohort cohorts gross net
drop drops increase increases decrease decreases rise rises fall falls decline declines dip dips
spike spikes jump jumps gain gains surge uplift improvement
create generate build prepare produce compute calculate add set update summary summarize
summarise report overview given averaging averaged recurring conversion conversions
retention engagement funnel adoption usage activity activities frequency utilization
utilisation occupancy arpu arr mrr ltv kpi kpis metric metrics stat stats statistics figure
figures data info information detail details people person
how what which who whom whose when where why
m k bn mn million millions billion billions thousand thousands hundred hundreds dozen
zero one two three four five six seven eight nine ten eleven twelve twenty thirty fifty
half third quarter percent pct
id ids identifier identifiers corresponding correspond corresponds ordered sorted descending
ascending alphabetical alphabetically along instead currently holds hold held respective
respectively associated related regarding whose both either neither
""".split())

# Words that make ANALYTICS words measures: the schema has something to add up when it has a
# numeric column that is not a key.
MEASURES = frozenset("""
revenue revenues rev sales sale sell sells selling sold turnover income gmv spend spends spent
spending buy buys buying bought purchase purchases purchased value amount amounts volume unit
units quantity quantities qty price prices priced pricing cost costs expensive cheap cheaper
cheapest pricey aov basket baskets popular busiest performing performance
dollar dollars buck bucks euro euros quid usd eur gbp
""".split())

# Triggers of a target position: what follows is what the question counts, sums, ranks,
# groups by or lists, so it must be something the schema holds.
_TARGET_AFTER = frozenset("""
many number count total sum average avg mean median minimum maximum min max by per each every
which list top bottom
""".split())
# Words skipped between a trigger and the phrase it targets.
_MODIFIERS = frozenset("""
a an the of all our my their its your his her this that these those different distinct unique
new old total average avg overall current recent active each every any some other
last this next previous past first top bottom best worst most least highest lowest
show me us list give find get
""".split()) | STOP - frozenset(("by", "per", "in", "from", "at", "with", "for", "on", "to",
                                   "and", "or", "than", "who", "which", "that", "where", "when"))

# --- write intent --------------------------------------------------------------------------------

_WRITE_VERBS = frozenset("""
drop delete remove insert truncate update alter rename erase wipe purge grant revoke cancel
deactivate reactivate reset undo restore modify edit increase raise lower decrease reduce
replace assign reassign register mark move merge archive refund discount clear close set change
apply put create make build add give upsert overwrite destroy kill void suspend ban block
unsubscribe enroll transfer reopen reorder approve reject
""".split())
# Words a clause may start with before its verb ("could you please delete ...").
_FILLERS = frozenset("""
please pls plz kindly now just ok okay hey hi so then and also quickly immediately go ahead can
could would will you we i i'd id like want wanna need needs to let's lets let us me should must
shall try help gotta
""".split())
# After a verb-or-noun word, these mark the noun reading: "change in revenue", "set of brands".
_NOUN_USE = frozenset("""
in of on over across between since vs versus compared by per for rate rates amount amounts
count counts ratio share percentage percent trend trends history level levels value values
given applied used made total totals summary log logs and or to is was are were did do does
has had have than this's
""".split())
_FROM_IS_OBJECT = frozenset(("delete", "remove", "erase", "purge", "wipe", "clear", "drop"))
# Data-changing verbs a question starts with more often as nouns ("end date", "flag count"), or
# that set a state a question may also check ("verify the totals"): writes only before a
# determiner or a possessive (_is_write: "verify all the tutors in Evanston").
_NOUN_FIRST = frozenset("""
end flag tag label record log book schedule enter withdraw file post issue ship pay bill charge hire
fire promote verify activate enable disable publish unpublish
""".split())
_OBJECT_START = frozenset("the all every each a an this that these those my our their his her its any".split())
# "create a list of …", "make a chart of …": asking for a result, not a new object.
_READ_ARTIFACTS = frozenset("""
list lists report reports chart charts graph graphs summary summaries breakdown overview
ranking rankings comparison table tables view plot plots pivot dashboard snapshot rundown
query queries count tally analysis histogram
""".split())
# "give every customer a 10% discount" asks to change data; "give me the top 5" does not.
_BENEFITS = frozenset("""
discount discounts raise raises bonus bonuses credit credits refund refunds point points
coupon coupons voucher vouchers access permission permissions privilege privileges right rights
promotion promotions free upgrade
""".split())
ANALYTICS = ANALYTICS | _READ_ARTIFACTS     # "make a chart of revenue by month"
_CLAUSE = re.compile(r"[.;:!?\n\r()\[\]{}|]+|\s--\s|\bthen\b")


# --- the decision ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a question is not answered: ``kind`` and the words it turns on."""

    kind: str                    # write | gibberish | unfinished | asks_nothing | out_of_schema
    #                              | cause | future | advice | about_schema | statement (_NOT_DATA)
    words: tuple[str, ...]

    def error(self) -> QuestionNotAnswerable:
        quoted = _quote(self.words)
        if self.kind in _NOT_DATA:
            message, hint = _NOT_DATA[self.kind]
            return QuestionNotAnswerable(message, hint=f"{quoted} {hint}")
        if self.kind == "write":
            return DataChangeRequested(
                "ASK only answers questions; this asks to change data",
                hint=f"ASK only reads data: {quoted} asks to change it")
        if self.kind == "gibberish":
            return QuestionNotAnswerable(
                "the question has too few recognisable words to answer",
                hint=(f"{quoted} {'is not a word' if len(self.words) == 1 else 'are not words'} "
                      "this database or English knows" if self.words else
                      "ask about the data, e.g. 'how many orders last month'"))
        if self.kind == "unfinished":
            return QuestionNotAnswerable(
                "the question does not name anything complete to answer: it stops mid-sentence",
                hint=f"the question ends at {quoted}: finish it, e.g. 'how many orders last month'")
        if self.kind == "asks_nothing":
            return QuestionNotAnswerable(
                "the question does not name anything to count, show or compare",
                hint=f"{quoted} are names of this database with nothing asked of them: say what "
                     "to show, e.g. 'how many orders per customer'")
        if not self.words:
            return QuestionNotAnswerable(
                "the question does not name anything this database holds",
                hint="ask about the data, naming a table, column or value of this database")
        verb = "matches" if len(self.words) == 1 else "match"
        return QuestionNotAnswerable(
            "the question is about something this database does not hold",
            hint=f"{quoted} {verb} no table, column or stored value of this database")


def assess(question: str, schema: SchemaContext, links: Sequence[ValueMatch] = (), *,
           targets: bool = False, taught: frozenset[str] = frozenset()) -> Refusal | None:
    """Why ``question`` should not be answered from ``schema``, or None to answer it.

    ``links`` are the question's value links (low-cardinality values and probed stored names);
    their words count as known. ``targets`` also refuses a question that names the schema but
    counts, ranks or groups by an English word it does not know ("average *salary* per store").
    It is off by default: on Spider's dev schemas, which it was not written for, it refused 63
    of 1,032 answerable questions ("how many *nations*" for a ``country`` table, "first *name*"
    for ``fname``): synonyms it cannot know. ``taught``: words (singular) this user's taught examples say
    name something of the schema (:mod:`ask.translate.taught_lexicon`), known as its own names."""
    text = unicodedata.normalize("NFKC", question)
    asked = speculative(text, schema)     # "should we raise prices" asks advice, writes nothing
    if asked is not None:
        return asked
    verb = write_intent(text)
    if verb is not None:
        return Refusal("write", (verb,))
    words = Words.read(text, schema, links, taught)
    return (sql_inside(text) or words.about_schema(links) or words.gibberish() or words.unfinished()
            or words.asks_nothing(schema) or words.out_of_schema(targets))


def made_up(question: str, schema: SchemaContext, links: Sequence[ValueMatch] = ()) -> frozenset[str]:
    """The question's words nobody knows: no English word, no word of the schema or its stored
    values, no typo of one, no capitalised name, no number ("zorp", "qx"); contractions
    ("who've") aside. A reading that places every other word but leaves one of these is no
    reading of the question (:meth:`ask.planner._Readings.covering`)."""
    words = Words.read(unicodedata.normalize("NFKC", question), schema, links)
    return frozenset(w.text for w in words.words if w.role == "junk" and len(w.text) >= 2 and w.text.isalnum())


def unknown_names(question: str, schema: SchemaContext, links: Sequence[ValueMatch] = ()) -> frozenset[str]:
    """The question's names nobody knows (:func:`unknown_name`: "Hogwarts", an acronym "SAT"),
    in lower case: a reading that leaves one unplaced answers a question about something else."""
    words = Words.read(unicodedata.normalize("NFKC", question), schema, links)
    initials = schema.derived("refusal.initials", initials_of_names)
    return frozenset(w.text for w in words.words if w.role == "name" and unknown_name(w, initials))


def unknown_name(word: "Word", initials: frozenset[str]) -> bool:
    """A capitalised word (role "name") no stored value, schema name or lexicon knows
    ("Hogwarts"), or an acronym ("SAT" score): a named thing an answer must compare with. A
    capitalised English word ("French", "Order" after a full stop) may be a value said in
    another form, and is left to the links; so is an acronym of words the schema spells ("CPO"
    for a ``certified_pre_owned`` column, "PIs" for a "principal investigator")."""
    text, shown = word.text, word.shown
    acronym = text[:-1] if shown[-1:] == "s" and shown[:-1].isupper() else text
    return text.isalpha() and len(text) >= 3 and acronym not in initials and (
        text not in english() or (shown[:len(acronym)].isupper() and text not in ANALYTICS | STOP))


def initials_of_names(schema: SchemaContext) -> frozenset[str]:
    """The initials of every run of two to four words of the schema's names and comments
    (``certified_pre_owned``: cpo, "principal investigator": pi)."""
    found: set[str] = set()
    for t in schema.tables:
        for text in (t.name, t.comment or "", *(n for c in t.columns for n in (c.name, c.comment or ""))):
            words = [w for w in re.sub(r"([a-z])([A-Z])", r"\1 \2", text).replace("_", " ").lower().split()
                     if w[:1].isalpha()]
            for n in (2, 3, 4):
                found.update("".join(w[0] for w in words[i:i + n]) for i in range(len(words) - n + 1))
    return frozenset(found)


# --- write intent --------------------------------------------------------------------------------

def write_intent(text: str) -> str | None:
    """The data-changing verb a clause of ``text`` starts with, if any."""
    clauses = [words for words in map(normalise, _CLAUSE.split(text)) if words]
    for words in clauses:
        i = 0
        while i < len(words) and words[i] in _FILLERS:
            i += 1
        if words[i:i + 3] == ["get", "rid", "of"]:
            return "get rid of"
        # A verb alone in one clause of several is a label ("update: how many orders today").
        if i < len(words) and _is_write(words[i], words[i + 1:]) and (i + 1 < len(words) or len(clauses) == 1):
            return words[i]
    return None


def _is_write(verb: str, rest: list[str]) -> bool:
    if verb in _NOUN_FIRST:
        # "end date of each lease", "flag count": a noun unless its object follows ("end Grace
        # Okafor's lease", "flag every unpaid invoice as paid")
        return bool(rest) and (rest[0] in _OBJECT_START or any(w.endswith("'s") for w in rest[:3]))
    if verb not in _WRITE_VERBS:
        return False
    nxt = rest[0] if rest else ""
    if nxt in _NOUN_USE or (nxt == "from" and verb not in _FROM_IS_OBJECT):
        return False
    if verb in ("create", "make", "build", "generate"):
        return not any(_reads(rest, i) for i in range(min(4, len(rest))))
    if verb == "add":
        return nxt not in ("up", "together")
    if verb == "give":
        return nxt not in ("me", "us") and any(w in _BENEFITS for w in rest)
    return True


def _reads(rest: list[str], i: int) -> bool:
    """Whether ``rest[i]`` names a result to look at: "a list", "a report", "a table of"."""
    if rest[i] in ("table", "tables", "view"):
        return i + 1 < len(rest) and rest[i + 1] in ("of", "showing", "with", "listing", "for")
    return rest[i] in _READ_ARTIFACTS


# --- asked of no stored row: causes, the future, advice, the schema itself, SQL ----------------------
#
# A database holds what happened. "why did sales drop", "predict next month's orders", "should we
# hire more staff", "what does status 3 mean", "which tables are there" have answers no query of
# its rows gives, yet they name the schema's own words, so the checks below them let them through
# and a model writes some SQL. Each rule keys on the words of English that ask for such an
# answer, never on a schema's: a trigger word the schema itself spells ("forecast" of a
# ``sales_forecast`` table, "index" of a price index) is its data, and asks nothing else.

# (message, hint after the quoted words) per kind; all are 42000 (QuestionNotAnswerable).
_NOT_DATA = {
    "cause": ("the question asks why, and stored rows record what happened, not why",
              "asks for a cause: ask for the figures behind it, e.g. how they changed month by month"),
    "future": ("the question asks about what has not happened, which no stored row records",
               "asks for a forecast or a what-if: ask for the same figures over past periods"),
    "advice": ("the question asks for advice or an opinion, which no stored row records",
               "asks what to do or think: ask for the figures to decide by"),
    "about_schema": ("the question is about the database's structure, not its rows",
                     "asks about tables, columns or codes themselves: ASK answers from the rows; the "
                     "structure is in information_schema.columns and the columns' comments"),
    "statement": ("the question holds SQL of its own",
                  "is SQL inside the question: ASK translates a question in words; run SQL directly"),
}

# Words that ask for a forecast or a chance, unless the schema spells them.
_FORECAST = frozenset("""
predict predicts predicted predicting prediction predictions forecast forecasts forecasting forecasted
projection projections likely unlikely likelihood probability probabilities odds
""".split())
# Asking for advice or an opinion: after "how can we", a verb that is no way of reading data.
_ADVICE = frozenset("recommend recommends recommendation recommendations advise advice suggest suggestion "
                    "suggestions deserve deserves deserving".split())
_ADVICE_PHRASES = (("good", "idea"), ("bad", "idea"), ("worth", "it"), ("is", "it", "worth"),
                   ("do", "you", "think"), ("a", "good", "time"))
_PRONOUNS = frozenset("we i us they you our".split())
_JUDGED = frozenset("fair reasonable appropriate ideal optimal".split())
_MONEY_JUDGED = frozenset("price prices rate rates wage wages salary salaries fee fees rent rents pay amount".split())
_READ_VERBS = frozenset("""
see find get show list view know tell check count compute calculate look query pull work figure
determine sort filter display measure track compare rank stack perform fare stand do break split
""".split())
# "would ... if" is a what-if unless the "would" is a courtesy ("would you show me", "I would
# appreciate it if ...").
_POLITE_AFTER_WOULD = frozenset("you like love appreciate be really also".split())
# Words of a date column that say no event ("created", "modified"): a future question about
# them names nothing scheduled.
_NO_EVENT = frozenset("""
date dt dtm ts at on time timestamp key day created modified updated inserted record row id
""".split()) | STOP
# Verbs of an event that any scheduled date holds ("which lessons will take place tomorrow").
_HAPPEN = frozenset("happen happens occur occurs take held run".split())
_SCHEDULED = frozenset("""
start starts scheduled sched schedule planned plan due expected expect eta est estimated expires
expire expiry end ends
""".split())


def speculative(text: str, schema: SchemaContext) -> Refusal | None:
    """A cause ("why"), a forecast or what-if ("predict", "what if", "would ... if", "will" of an
    event no date column records) or advice ("should we", "recommend", "how can we attract")."""
    names = schema_vocabulary(schema).names
    for words in filter(None, map(normalise, _CLAUSE.split(text))):
        own = [w for w in words if not _forms(w) & names]     # the schema's words are its data
        if "why" in own or _has(words, ("how", "come")):
            return Refusal("cause", ("why" if "why" in own else "how come",))
        found = [w for w in own if w in _FORECAST]
        if found or _has(words, ("what", "if")) or _hypothetical(words):
            return Refusal("future", tuple(found) or ("what if" if _has(own, ("what", "if")) else "would … if",))
        advice = _advice(words, own)
        if advice:
            return Refusal("advice", (advice,))
        event = _unrecorded_future(words, schema)
        if event:
            return Refusal("future", (event,))
    return None


def _has(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    if phrase[0] not in words:
        return False            # most clauses: one scan, no slices
    n = len(phrase)
    return any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1))


def _hypothetical(words: list[str]) -> bool:
    """"how much would we bill if we hired ...": a "would" of no courtesy, an "if" after it."""
    for i, w in enumerate(words):
        if w == "would" and (i + 1 == len(words) or words[i + 1] not in _POLITE_AFTER_WOULD):
            return "if" in words[i + 1:]
    return False


def _advice(words: list[str], own: list[str]) -> str | None:
    """The words asking for advice; ``own``: the clause's words the schema does not spell."""
    for i, w in enumerate(words):
        if w in _ADVICE and w in own:
            return w
        if w == "should" and (i == 0 or (i + 1 < len(words) and words[i + 1] in _PRONOUNS)):
            return "should"
        # "how can we attract more volunteers"; not "how do I see ...", "how do we compare"
        if w == "how" and i + 3 < len(words) and words[i + 1] in ("can", "could", "should", "do", "might") \
                and words[i + 2] in ("we", "i") and words[i + 3] not in _READ_VERBS and words[i + 3] in own:
            return " ".join(words[i:i + 4])
    for phrase in _ADVICE_PHRASES:
        if _has(words, phrase):
            return " ".join(phrase)
    for i, w in enumerate(words[:-1]):
        # "what is a fair price for a package": a judgement, not a stored figure
        if w in _JUDGED and w in own and words[i + 1] in _MONEY_JUDGED:
            return f"{w} {words[i + 1]}"
    return None


def _unrecorded_future(words: list[str], schema: SchemaContext) -> str | None:
    """"which accounts will churn next month": "will" of an event no date column of the schema
    records. A scheduled date ("expires_on", "ETA", "starts_at", "due_date") is data about the
    future, so "which memberships will expire next month" is a question of it."""
    for i, w in enumerate(words):
        if w not in ("will", "won't") or words[i + 1:i + 2] == ["you"]:
            continue            # "will you show me ..." is a request
        events, scheduled = schema.derived("refusal.date_events", _date_events)
        after = words[i + 1:]
        if any(_forms(a) & events for a in after) or (scheduled and set(after) & _HAPPEN):
            return None
        return "will " + " ".join(after[:3])
    return None


def _date_events(schema: SchemaContext) -> tuple[frozenset[str], bool]:
    """The word forms of the events the schema's date columns record (``expires_on``: expire;
    ``act_arr_ts``'s comment: arrival), and whether one of them is scheduled ahead."""
    events: set[str] = set()
    for t in schema.tables:
        for c in t.columns:
            words = identifier_words(c.name)
            if short_type(c.type) not in ("date", "ts") and "date" not in words:
                continue
            for w in (*words, *normalise(c.comment or "")):
                if w.lower() not in _NO_EVENT and not _is_number(w):
                    events |= _forms(w.lower())
    return frozenset(events), bool(events & _SCHEDULED)


# SQL of its own after the question: a statement after a semicolon, a UNION SELECT, a quoted
# tautology ("' OR '1'='1"), a comment after a quote, a server function no question names.
_SQL_INSIDE = re.compile(
    r";\s*(?:select\b|copy\s+\S+\s+(?:to|from)\b|vacuum\b)"
    r"|\bunion\s+(?:all\s+)?select\b"
    r"|'\s*\)?\s*or\s+'?(\w+)'?\s*=\s*'?\1\b"
    r"|['\";]\s*--"
    r"|\bpg_(?:sleep|shadow|authid|read_file|ls_dir|terminate_backend|cancel_backend)\b",
    re.IGNORECASE)


def sql_inside(text: str) -> Refusal | None:
    """A question carrying a statement of its own ("list the clubs; SELECT pg_sleep(100)"), or
    made of nothing but SQL's keywords ("JOIN ON USING", "ORDER BY 1 DESC"). A data-changing one
    is refused as a write before this (:func:`write_intent`)."""
    found = _SQL_INSIDE.search(text)
    if found:
        return Refusal("statement", (found.group(0).strip(" ;"),))
    words = re.findall(r"[A-Za-z_]+", text)
    if len(words) >= 2 and all(w.isupper() and w.lower() in _SQL_KEYWORDS for w in words):
        return Refusal("statement", (" ".join(words),))
    return None


_SQL_KEYWORDS = frozenset("""
select from where join inner outer left right full cross on using group by order having limit offset
union intersect except distinct as and or not in is null like ilike between case when then else end
asc desc insert update delete into values set with returning
""".split())


# The structure of a database, as a question names it: "which tables", "the primary key of",
# "data type of", "how many columns". Unless the schema spells the word (a restaurant's
# ``table_no``, a farm's ``fields``), when it is the schema's data.
_STRUCTURE = frozenset("tables columns fields schema schemas index indexes indices datatype datatypes".split())
_STRUCTURE_PHRASES = (("primary", "key"), ("primary", "keys"), ("foreign", "key"), ("foreign", "keys"),
                      ("data", "type"), ("data", "types"), ("column", "name"), ("column", "names"),
                      ("table", "names"), ("field", "names"))
_ASKS_STRUCTURE = frozenset("which what list many describe all name names show".split())
_STRUCTURE_VERBS = frozenset("does do are exist exists have has".split())
_SCHEMA_ALWAYS = frozenset(("schema", "schemas"))
_AFTER_MEANING = frozenset(("on", "in", "for", "of", "to", "here", "exactly"))


# --- the question's words -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Word:
    text: str        # normalised (lower case)
    shown: str       # as written, for hints
    role: str        # stop | courtesy | number | analytics | measure | schema | linked | value | unknown | name | junk


# Roles that tie a question to the schema; a question with none of them names nothing it holds.
_ANCHORS = frozenset(("schema", "linked", "measure"))
# Roles of words the question is about that the schema does not know: English words ("unknown"),
# capitalised words ("name": maybe a value the links missed), neither ("junk").
_CONTENT = frozenset(("unknown", "name", "junk"))


@dataclass(frozen=True, slots=True)
class Words:
    """The question's words, each with its role against the schema's vocabulary."""

    words: tuple[Word, ...]
    # Positions tied to the schema only by a short code-like token ("fa", "a1") or by initials:
    # ties a made-up word beside them does not get the benefit of (:meth:`gibberish`).
    weak: frozenset[int] = frozenset()

    @classmethod
    def read(cls, text: str, schema: SchemaContext, links: Sequence[ValueMatch],
             taught: frozenset[str] = frozenset()) -> "Words":
        vocab = schema_vocabulary(schema)
        tokens = normalise(text)
        shown = _as_written(text, tokens)
        linked = {i for m in links for i in range(max(0, m.start), min(len(tokens), m.end))}
        # A capital letter marks a name ("Paris"), except where every sentence has one.
        roles = [_role(w, i in linked, i > 0 and shown[i][:1].isupper(), vocab) for i, w in enumerate(tokens)]
        # Words that spell a short name by their initials ("miles per gallon": ``mpg``) are words
        # of the question's own: made-up ones ("fithronily huciy") spell nothing.
        spelled = _spelled_initialisms(tokens, vocab.initialisms, {i for i, r in enumerate(roles) if r == "junk"})
        named = schema.derived("refusal.name_words", _name_words)
        weak = {i for i in spelled if roles[i] not in _ANCHORS} | {
            i for i in _short_links(tokens, links) if not _forms(tokens[i]) & named}
        return cls(tuple(Word(w, shown[i], "schema" if taught and _forms(w) & taught else
                              "linked" if i in spelled else roles[i])
                         for i, w in enumerate(tokens)), frozenset(weak))

    def about_schema(self, links: Sequence[ValueMatch] = ()) -> Refusal | None:
        """A question about the schema itself: what a code or column means ("what does status 3
        mean", "what is SORT_NBR used for"; not when it names a stored value, whose description
        a table of codes may hold), or its tables, columns, keys and types ("which tables are
        there", "data type of mrr_amount"). Words the schema itself spells are its data."""
        texts = [w.text for w in self.words]
        ours = [w.role in _ANCHORS for w in self.words]
        start = next((i for i, t in enumerate(texts) if t not in _FILLERS and t not in COURTESY), len(texts))
        if not links and texts[start:start + 1] == ["what"] and start + 2 < len(texts):
            if texts[start + 1] in ("do", "does", "did"):
                for j in range(start + 2, len(texts)):
                    after = texts[j + 1] if j + 1 < len(texts) else None
                    if texts[j] == "mean" and (after is None or after in _AFTER_MEANING) or (
                            texts[j] in ("stand", "stands") and after == "for"):
                        return Refusal("about_schema", (self.words[j].shown,))
            if texts[start + 1] in ("is", "are", "'s") and texts[-2:] == ["used", "for"]:
                return Refusal("about_schema", ("used for",))
        for i, t in enumerate(texts):
            # a phrase both of whose words are the schema's is its data ("data" usage of type)
            if tuple(texts[i:i + 2]) in _STRUCTURE_PHRASES and not (ours[i] and ours[i + 1]):
                return Refusal("about_schema", (" ".join(w.shown for w in self.words[i:i + 2]),))
            if ours[i]:
                continue
            asked = t in _SCHEMA_ALWAYS or t in _STRUCTURE and (
                set(texts[max(0, i - 3):i]) & _ASKS_STRUCTURE
                or i + 1 < len(texts) and texts[i + 1] in _STRUCTURE_VERBS)
            described = t in ("table", "column", "field") and "describe" in texts[:i]
            if asked or described:
                return Refusal("about_schema", (self.words[i].shown,))
        return None

    def gibberish(self) -> Refusal | None:
        if not any(w.role != "number" for w in self.words):
            return Refusal("gibberish", ())        # nothing but numbers and punctuation
        junk = [w.shown for w in self.words if w.role == "junk"]
        if not junk:
            return None
        anchors = [i for i, w in enumerate(self.words) if w.role in _ANCHORS]
        if anchors and all(i in self.weak for i in anchors):
            # Made-up words and nothing of the schema but a short code or initials ("show sn fa",
            # "qt hld zorp"): two letters match some stored code on any database.
            return Refusal("gibberish", tuple(_unique(junk)))
        # More made-up words than known ones, whatever the known ones name ("customers flib
        # zorn"): a schema word among nonsense is no question about it.
        known = sum(w.role not in ("junk", "number") for w in self.words)
        return Refusal("gibberish", tuple(_unique(junk))) if known < len(junk) else None

    def unfinished(self) -> Refusal | None:
        """A question that stops at a word that needs another after it ("how many of *the*",
        "where id = 1 *and*", "revenue *per*"): it was cut off, and any answer guesses the rest.
        A last word that is a stored value or the schema's ("grade *A*") is a word of its own."""
        if len(self.words) < 2:
            return None
        last, before = self.words[-1], self.words[-2]
        if last.text in _UNFINISHED and last.role in ("stop", "analytics") or (
                # "count of", "average of"; a stranded "of" is English ("airports we never fly out of")
                last.text == "of" and before.role in ("analytics", "measure") and before.text not in STOP):
            return Refusal("unfinished", (last.shown,))
        texts = {w.text for w in self.words}
        if last.text in ("have", "has") and last.role in ("stop", "analytics") and before.text not in _SUBJECTS \
                and not texts & _AUXILIARIES:
            # "how many attorneys *have*": its object was cut off; "how many do we have",
            # "the carpenters we have", "units does Harbor View have" are whole
            return Refusal("unfinished", (last.shown,))
        return None

    def asks_nothing(self, schema: SchemaContext) -> Refusal | None:
        """Names of the schema strung together with nothing asked of them ("vacancy consultant
        offer placement when", "teacher enrollment attendance guardian section"): no word says
        what to count, show, rank or compare (no analytics word, no question word first, no
        number, no stored value), and the words name three tables or more, which no terse
        listing does ("customer name email" names one). Any answer is a guess at the question."""
        words = [w for w in self.words if w.role != "stop"]
        if len(words) < _SALAD_WORDS or self.words[0].text in _QUESTION_WORDS:
            return None
        if any(w.role == "stop" and w.text not in _NO_RELATION for w in self.words):
            return None           # "by", "per", "with no", "who have": words related
        if any(w.role not in ("schema", "measure", "linked") for w in words):
            return None
        tables, parts = schema.derived("refusal.table_words", _table_words)
        named = {w.text for w in words if _forms(w.text) & tables or _abbreviated(w.text, parts)}
        if len(named) < _SALAD_TABLES:
            return None
        return Refusal("asks_nothing", tuple(_unique(w.shown for w in words)))

    def out_of_schema(self, targets: bool = True) -> Refusal | None:
        roles = {w.role for w in self.words}
        if not roles & _ANCHORS:
            # Nothing the schema holds: refuse when there is something else to be about
            # ("weather", "hello") or nothing at all ("what can you do").
            content = [w.shown for w in self.words if w.role in _CONTENT]
            if content or not roles - {"stop", "number"} or "courtesy" in roles:
                return Refusal("out_of_schema", tuple(_unique(content)))
            return None
        if not targets:
            return None
        unknown = self._unknown_targets()
        return Refusal("out_of_schema", tuple(_unique(unknown))) if unknown else None

    def _unknown_targets(self) -> list[str]:
        """The words of each phrase the question counts, sums, ranks, groups by or starts with
        whose head is an English word the schema does not know ("average *salary*",
        "orders by *payment method*", "*stock level* per product"); after "price of" and the
        like, only a phrase of nothing but such words ("price of *gold*", not "price of a
        Huawei phone")."""
        out: list[str] = []
        for start, strict in self._target_starts():
            heads = [w for w in _phrase(self.words, start) if w.role != "analytics"]
            if strict and any(w.role != "unknown" for w in heads):
                continue
            if any(w.role in _ANCHORS for w in heads):
                continue          # "flights *depart*", "students *enrolled*": a verb after a name
            # A measure's modifiers are left alone: "payroll cost" reads like "recurring revenue".
            if heads and heads[-1].role == "unknown":
                out.extend(w.shown for w in heads if w.role in ("unknown", "junk"))
        return out

    def _target_starts(self) -> list[tuple[int, bool]]:
        """Where target phrases start, each with whether only an all-unknown phrase counts."""
        words = self.words
        starts = [(0, False)]
        for i, w in enumerate(words):
            before = words[i - 1] if i else None
            if w.text in _TARGET_AFTER and not (w.text == "many" and (before is None or before.text != "how")):
                starts.append((i + 1, False))
            elif w.text == "of" and before is not None and before.role in ("measure", "analytics", "schema"):
                starts.append((i + 1, True))
        return starts


# Function words no question ends with: one there was cut off ("how many of the").
_UNFINISHED = frozenset("""
the a an and or than between every our my their your its whose nor
per by top bottom versus vs
""".split())
_SUBJECTS = frozenset("we i you they it he she one".split())
# An auxiliary before a last "have" makes it the clause's verb: "what statuses can a vacancy have".
_AUXILIARIES = frozenset("do does did don't doesn't didn't can could would should will must may might "
                         "can't won't".split())
_QUESTION_WORDS = frozenset("how what which who whom whose when where why is are do does did was were".split())
# Tables named, with nothing asked, that make a question mere names ("asks_nothing"), in a
# question of so many words at least; the function words that relate none of them.
_SALAD_TABLES = 3
_SALAD_WORDS = 4
_NO_RELATION = frozenset(("the", "a", "an", "of", "when", "and", "or"))


def _table_words(schema: SchemaContext) -> tuple[frozenset[str], frozenset[str]]:
    """The forms of the words of the tables' own names and their spellings, without a name's
    prefix-like parts of two letters or fewer; and the abbreviated parts of the tables' names
    (``acft``, ``dfct``), which a question spells in full ("aircraft", "defect")."""
    out: set[str] = set()
    for t in schema.tables:
        for w in (*identifier_words(t.name), *name_spellings(t.name)):
            w = w.lower()
            if len(w) >= 3 and w not in STOP:
                out |= _forms(w)
    parts = frozenset(p for t in schema.tables for p in map(str.lower, identifier_words(t.name))
                      if looks_abbreviated(p, english()))
    return frozenset(out), parts


def _spelled_initialisms(tokens: list[str], initialisms: frozenset[str], junk: set[int] = set()) -> set[int]:
    """Positions of words whose initials spell a short name of the schema: "miles per gallon"
    for a column ``mpg``; none of them a word nobody knows (``junk``)."""
    found: set[int] = set()
    for n in (2, 3, 4, 5):
        for i in range(len(tokens) - n + 1):
            if "".join(t[:1] for t in tokens[i:i + n]) in initialisms and not junk & set(range(i, i + n)):
                found.update(range(i, i + n))
    return found


def _name_words(schema: SchemaContext) -> frozenset[str]:
    """The words of the tables' and columns' own names (not their comments, which also spell
    the codes they explain: "FA flight attendant")."""
    return frozenset(w.lower() for n in _identifiers(schema) for w in identifier_words(n))


def _short_links(tokens: list[str], links: Sequence[ValueMatch]) -> set[int]:
    """Positions only linked by values the question says in words of three characters or
    fewer ("fa" for a rank code 'FA', "qt hld" for a reason code 'QHLD')."""
    short: set[int] = set()
    strong: set[int] = set()
    for m in links:
        span = range(max(0, m.start), min(len(tokens), m.end))
        (short if all(len(tokens[i]) <= 3 for i in span) else strong).update(span)
    return short - strong


def _phrase(words: tuple[Word, ...], start: int) -> list[Word]:
    """The noun phrase a target position points at: modifiers, numbers and analytics words
    skipped, then the run of words up to the next function word or number, or up to a verb
    form once the phrase has begun ("categories averaging …", "discount given")."""
    i = start
    while i < len(words) and (words[i].text in _MODIFIERS or words[i].role in ("stop", "number", "analytics")):
        i += 1
    phrase: list[Word] = []
    while i < len(words) and words[i].role not in ("stop", "number"):
        if phrase and _verb_form(words[i]):
            break
        phrase.append(words[i])
        i += 1
    return phrase


# Past participles that end a noun phrase: "discount *given*", "orders *made* online".
_PARTICIPLES = frozenset("""
given made done taken seen shown paid spent won lost kept held left put set sent got gotten
brought built sold bought told found run begun chosen driven written known grown
""".split())


def _verb_form(word: Word) -> bool:
    """A participle ("given", "shipped") or a known verb's -ing ("averaging", "selling"); an
    unknown -ing word is more likely a noun ("rating", "marketing")."""
    if word.role == "linked":
        return False
    if word.text.endswith("ing"):
        return word.role != "unknown"
    return word.text.endswith("ed") or word.text in _PARTICIPLES


def _role(word: str, linked: bool, name: bool, vocab: "Vocabulary") -> str:
    if linked:
        return "linked"
    if _is_number(word):
        return "number"
    forms = _forms(word)
    if forms & vocab.names:
        return "schema"
    if vocab.measured and forms & MEASURES:
        return "measure"
    if word in COURTESY:
        return "courtesy"
    if word in STOP:
        return "stop"
    if forms & ANALYTICS:
        return "analytics"
    if forms & vocab.values:
        return "value"
    if forms & english():
        if _abbreviated(word, vocab.abbreviated):
            return "schema"
        return "name" if name else "unknown"
    near = _near(word, vocab)
    if near is not None:
        return near
    return "name" if name else "junk"


def _abbreviated(word: str, parts: frozenset[str]) -> bool:
    """Whether one of the schema's abbreviated name parts shortens ``word`` ("downloads" for
    ``dl_cnt``), as the reader reads it (:func:`ask.translate.sketch.names.abbreviated_names`)."""
    base = singular(word)
    return len(base) >= 4 and any(abbreviates(p, base, english()) for p in parts if p[0] == base[0])


def _forms(word: str) -> set[str]:
    """The word, singular, stemmed, and stemmed with the "e" "-ed" took ("priced" -> pric,
    price). Not for "-ing": "rating" is no rate."""
    return set(_cached_forms(word))


def word_forms(word: str) -> frozenset[str]:
    """The forms a word of a question matches the schema's words by (:func:`_forms`), for a
    check that matches it elsewhere (:mod:`ask.checks.unheld_words`)."""
    return _cached_forms(word)


@functools.lru_cache(maxsize=1 << 16)
def _cached_forms(word: str) -> frozenset[str]:
    # Cached: a wide schema's vocabulary repeats the same words thousands of times.
    stem = _stem(word)
    forms = {singular(word), stem, *question_forms(word)}
    if word.endswith("ses"):
        # "statuses", "campuses": names spell the singular as singular() reads it ("statu")
        forms.add(singular(stem))
    if stem != word and word.endswith("ed"):
        forms.add(stem + "e")
    return frozenset(forms)


def _near(word: str, vocab: "Vocabulary") -> str | None:
    """The role of the schema or analytics word ``word`` is a typo of ("custmers", "revnue")."""
    if len(word) < 5:
        return None
    budget = 2 if len(word) >= 9 else 1
    base = singular(word)
    for pool, role in ((vocab.names, "schema"), (MEASURES if vocab.measured else frozenset(), "measure"),
                       (ANALYTICS, "analytics"), (vocab.values, "value")):
        for known in pool:
            if len(known) >= 4 and known[0] == base[0] and abs(len(known) - len(base)) <= budget \
                    and (bounded_distance(base, known, budget) <= budget or _swapped(base, known)):
                return role
    return None


def _swapped(word: str, known: str) -> bool:
    """Whether ``word`` is ``known`` with two letters side by side swapped ("studnet",
    "drvier", "unti"): the commonest typo, two edits apart for Levenshtein."""
    if len(word) != len(known) or word == known:
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, known)) if a != b]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == known[diff[1]] \
        and word[diff[1]] == known[diff[0]]


_NUMBER = re.compile(r"\d+(?:st|nd|rd|th|s|k|m|bn|mn|pct)?|\d+[a-z]?\d*")


def _is_number(word: str) -> bool:
    return bool(_NUMBER.fullmatch(word))


def _stem(word: str) -> str:
    """A crude stem for matching question words to identifier words: ordered -> order,
    shipping -> ship, cancellation -> cancel."""
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s", "ers", "er"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[:-len(suffix)]
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "s":
                stem = stem[:-1]            # shipped -> ship, cancelled -> cancel
            return stem
    return word


def _as_written(text: str, tokens: list[str]) -> list[str]:
    """The tokens as the question spells them ('Paris'), when that lines up with the
    normalised words; else the normalised words."""
    original = re.findall(r"[0-9A-Za-z]+(?:'[A-Za-z]+)?", text.replace("&", " and "))
    if [o.lower() for o in original] != tokens:
        return list(tokens)
    return original


# --- the schema's vocabulary ----------------------------------------------------------------------

_VOCABULARY_CACHE_SIZE = 64
_VOCABULARIES: LRU[tuple[str, int], "Vocabulary"] = LRU(_VOCABULARY_CACHE_SIZE)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    names: frozenset[str]      # table and column names, comments, entity synonyms
    values: frozenset[str]     # words of stored values (known words, but no anchor alone)
    measured: bool             # a numeric column that is not a key: something to add up
    initialisms: frozenset[str] = frozenset()   # "mpg": a name the question may spell out
    abbreviated: frozenset[str] = frozenset()   # "dl", "plcmt": name parts a question spells in full


def schema_vocabulary(schema: SchemaContext) -> Vocabulary:
    """Every word the schema spells, singular and stemmed; cached per schema version."""
    return schema.derived("refusal.vocabulary", _cached_vocabulary)


def _cached_vocabulary(schema: SchemaContext) -> Vocabulary:
    key = (schema.fingerprint, hash(tuple((t.comment, tuple(c.comment for c in t.columns))
                                          for t in schema.tables)))
    found = _VOCABULARIES.get(key)
    if found is not None:
        return found
    # Each distinct text once: a wide schema spells "id", "name" in every table. Every step
    # below makes a set, so the order and repeats of the texts change nothing.
    spelled = list(dict.fromkeys(_schema_names(schema)))
    spelled_words = list(dict.fromkeys(w for text in spelled for w in text.split()))
    names = _word_forms(spelled)
    names |= _word_forms(" ".join(split_compound(w)) for w in spelled_words if not is_word(w.lower()))
    names |= _folded_forms(spelled_words)
    names |= _word_forms(" ".join(name_spellings(n)) for n in dict.fromkeys(_identifiers(schema)))
    for head in list(names):
        for related in _ENTITY_WORDS.get(head, ()):
            names.update(related)
    values = _word_forms(v for t in schema.tables for c in t.columns for v in c.values)
    initialisms = frozenset(w for w in map(str.lower, spelled_words)
                            if 2 <= len(w) <= 5 and w.isalpha() and w not in english())
    abbreviated = frozenset(p for n in dict.fromkeys(_identifiers(schema)) for p in map(str.lower, identifier_words(n))
                            if looks_abbreviated(p, english()))
    vocabulary = Vocabulary(frozenset(names), frozenset(values - names), has_measures(schema), initialisms,
                            abbreviated)
    _VOCABULARIES.put(key, vocabulary)
    return vocabulary


def _folded_forms(spelled_words: Sequence[str]) -> set[str]:
    """The words of names PostgreSQL folded to one (``proteinpct``: protein, percent), as the
    reader's index reads them (:func:`.folded_names.unfold`)."""
    folded = [parts for parts in (unfold(w, english()) for w in spelled_words) if len(parts) > 1]
    return _word_forms(" ".join((*parts, *name_spellings("_".join(parts)))) for parts in folded)


def _entity_words() -> dict[str, list[frozenset[str]]]:
    """For a word, the entity words it adds to a vocabulary: its synonyms and related
    entities, and the words whose synonyms or related entities it is."""
    out: dict[str, list[frozenset[str]]] = {}
    for table in (ENTITY_SYNONYMS, RELATED_ENTITIES):
        for head, others in table.items():
            out.setdefault(head, []).append(frozenset(others))
            for other in others:
                out.setdefault(other, []).append(frozenset((head,)))
    return out


_ENTITY_WORDS = _entity_words()


def _word_forms(texts: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for text in dict.fromkeys(texts):      # a wide schema spells "id", "name" in every table
        words |= _text_forms(text)
    return words


@functools.lru_cache(maxsize=1 << 16)
def _text_forms(text: str) -> frozenset[str]:
    """The forms of a text's words: a name's, whatever its schema, so a new version of a
    wide schema finds most of them made."""
    words: set[str] = set()
    for w in normalise(text):
        if w not in STOP and not _is_number(w):
            words.update(_cached_forms(w))
    return frozenset(words)


_JOINERS = frozenset(("of", "in", "on", "at", "to", "by", "is", "id", "no", "per"))


def split_compound(word: str) -> list[str]:
    """A name written without separators, in words: ``highschooler`` -> ``high``, ``schooler``;
    ``headofstate`` -> ``head``, ``of``, ``state``. English words of three letters or more (or a
    joiner like "of") cost 1, one leftover piece of four letters or more costs 3; the cheapest
    split with at least two pieces wins, otherwise the word stays whole."""
    word = word.lower()
    if len(word) < 6 or word in english() or not word.isalpha():
        return [word]
    inf = float("inf")
    cost = [0.0] + [inf] * len(word)
    back = [0] * (len(word) + 1)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 20), end):
            part = word[start:end]
            if start == 0 and end == len(word):
                continue                      # the whole word is what failed
            if part in _JOINERS or (len(part) >= 3 and part in english()):
                step = 1.0
            elif len(part) >= 4:
                step = 3.0
            else:
                continue
            if cost[start] + step < cost[end]:
                cost[end], back[end] = cost[start] + step, start
    parts, end = [], len(word)
    while end > 0 and cost[end] < inf:
        parts.append(word[back[end]:end])
        end = back[end]
    parts.reverse()
    return parts if len(parts) > 1 and end == 0 and cost[-1] < 3.0 * len(parts) else [word]


def has_measures(schema: SchemaContext) -> bool:
    """Whether the schema has a numeric column that is not a key: something to add up."""
    numeric = ("int", "numeric", "decimal", "real", "double", "float", "money", "bigint", "smallint")
    for t in schema.tables:
        keys = set(t.primary_key) | {c for fk in t.foreign_keys for c in fk.columns}
        for c in t.columns:
            if c.name not in keys and not c.name.endswith("_id") and c.name != "id" \
                    and any(n in c.type for n in numeric):
                return True
    return False


def _identifiers(schema: SchemaContext) -> Iterable[str]:
    for t in schema.tables:
        yield t.name
        for c in t.columns:
            yield c.name


def _schema_names(schema: SchemaContext) -> Iterable[str]:
    for t in schema.tables:
        yield _spelled(t.name)
        if t.comment:
            yield t.comment
        for c in t.columns:
            yield _spelled(c.name)
            if c.comment:
                yield c.comment


@functools.lru_cache(maxsize=1 << 16)   # a wide schema repeats its column names in every table
def _spelled(name: str) -> str:
    return " ".join(identifier_words(name))


def _unique(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _quote(words: Sequence[str]) -> str:
    shown = [f'"{w}"' for w in words[:4]]
    if len(words) > 4:
        shown.append("…")
    if len(shown) <= 1:
        return "".join(shown) or "the question"
    return ", ".join(shown[:-1]) + " and " + shown[-1]
