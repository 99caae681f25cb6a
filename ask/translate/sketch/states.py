"""Words that say a condition of the rows, not a value stored in them: "vacant units", "expired
leases", "late payments".

No column holds "vacant" or "expired"; what they mean follows from the schema's shape, the same
on any database:

- "vacant"/"unoccupied" rows of a table are those no running row of another table refers to
  (a unit with no lease whose end date is still empty), "occupied" the ones some running row
  does, and "occupancy" the share of them that are occupied. The running rows are those of the
  one table that refers to it and keeps a span whose end is empty while it runs
  (:func:`.measures.open_condition`); a table with such a span of its own is left to "still
  open" and "ended".
- "expired"/"lapsed" rows are those whose span's end date has passed (``end_date <
  current_date``), whether or not the end is set in advance.
- "late" rows, where nothing is due on a date, are those with a number named as being late
  (``late_fee``, ``late_minutes``) above zero.
- rows "we still sell", "currently offer" (or "no longer sell") are those the table's one
  active flag marks (``is_active``, ``active_flg``; :func:`still_in_use`).
"""

from __future__ import annotations

from ask.context.related_words import is_verb_form
from ask.schema import SchemaContext, Table, short_type
from ask.translate.sketch.measures import ENDED, open_condition, span, words_of
from ask.translate.sketch.filters import period_words
from ask.translate.sketch.names import Mention, name_words, yes_no
from ask.translate.sketch.spelling import Parts, ident, qualified
from ask.translate.sketch.vocabulary import use

VACANT = frozenset(("vacant", "unoccupied", "unlet", "unrented", "untenanted"))
OCCUPIED = frozenset(("occupied", "tenanted"))
OCCUPANCY = frozenset(("occupancy",))
EXPIRED = frozenset(("expired", "lapsed"))
# the dates of a task's span, which is worked on, not lived in
_TASK = frozenset(("opened", "open", "created", "raised", "reported", "logged", "completed", "complete", "resolved",
                   "closed", "finished", "fixed", "done"))
# words for "at present" said with a state: "vacant right now", "currently occupied"
_NOW = frozenset(("now", "currently", "presently", "today"))


def state_filters(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
                  schema: SchemaContext, absent: Mention | None = None) -> tuple[bool, frozenset[int]]:
    """The conditions the state words the question says mean, as filters; whether "occupancy"
    asked for a share (the caller reads it as one), and the words read (no column listed for
    them). ``absent``: the rows a "never" says do not exist ("never had a late payment")."""
    before = list(used)
    share, rate = _occupancy(words, used, mentions, parts, schema)
    _expired(words, used, mentions, parts)
    _late(words, used, mentions, parts, absent)
    _ended_in_period(words, used, mentions)
    return share, frozenset(i for i, (was, now) in enumerate(zip(before, used)) if now and not was) | rate


def running_referrer(table: Table, schema: SchemaContext) -> tuple[Table, str] | None:
    """The one table referring to ``table`` whose rows run over a span that is open while its
    end date is empty, with the condition that such a row refers to a given row of ``table``
    (``leases.unit_id = units.unit_id AND leases.end_date IS NULL``): a tenancy, a stay, an
    assignment, not a task that is opened and completed (a repair request keeps a unit busy but
    not occupied). None where ``table`` has such a span itself, or no or several tables refer to
    it so."""
    if open_condition(table, ident(table.name)) is not None:
        return None
    found = []
    for other in schema.tables:
        if other is table:
            continue
        condition = open_condition(other, ident(other.name))
        found_span = span(other)
        if condition is None or found_span is None or any(set(words_of(c)) & _TASK for c in found_span):
            continue
        for fk in other.foreign_keys:
            if fk.ref_table == table.name and fk.ref_schema == table.schema:
                link = " AND ".join(f"{ident(other.name)}.{ident(c)} = {ident(table.name)}.{ident(r)}"
                                    for c, r in zip(fk.columns, fk.ref_columns))
                found.append((other, f"{link} AND {condition}"))
    return found[0] if len(found) == 1 else None


def _occupancy(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
               schema: SchemaContext) -> tuple[bool, frozenset[int]]:
    """"vacant units", "how many units are occupied", "occupancy rate": whether a share was
    asked for, and the word saying so ("rate", which may have named a column)."""
    at = next((i for i, w in enumerate(words) if w in VACANT | OCCUPIED | OCCUPANCY and not used[i]), None)
    if at is None:
        return False, frozenset()
    named = [m for m in mentions if m.column is None and running_referrer(m.table, schema) is not None]
    if not named and words[at] in OCCUPANCY:        # "occupancy rate": of the one table lived in
        tables = [t for t in schema.tables if running_referrer(t, schema) is not None]
        if len(tables) != 1:
            return False, frozenset()
        mentions.append(Mention(tables[0], None, at, at + 1))
        named = [mentions[-1]]
    if not named:
        return False, frozenset()
    m = min(named, key=lambda x: abs(x.start - at))
    found = running_referrer(m.table, schema)
    assert found is not None
    other, condition = found
    exists = f"EXISTS (SELECT 1 FROM {ident(other.name)} WHERE {condition})"
    parts.filters.append(f"NOT {exists}" if words[at] in VACANT else exists)
    parts.filter_tables.append(m.table)
    use(used, at, at + 1)
    for i in (at - 1, at + 1, at + 2):
        if 0 <= i < len(words) and words[i] in _NOW and (i != at + 2 or words[at + 1] == "right"):
            use(used, i, i + 1)
            if i > 0 and words[i] == "now" and words[i - 1] == "right":
                use(used, i - 1, i)         # "vacant right now"
    if words[at] in OCCUPANCY and at + 1 < len(words) and words[at + 1] in ("rate", "ratio", "percentage"):
        use(used, at + 1, at + 2)           # the rate is the share, no column of one
        mentions[:] = [x for x in mentions if not x.start <= at + 1 < x.end]
        return True, frozenset((at + 1,))
    return words[at] in OCCUPANCY, frozenset()


def _expired(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"expired leases", "contracts that have expired": the span's end date is past."""
    at = next((i for i, w in enumerate(words) if w in EXPIRED and not used[i]), None)
    if at is None:
        return
    rows = [m for m in mentions if m.column is None and span(m.table) is not None
            and (m.start == at + 1 or m.end <= at)]
    if not rows:
        return
    m = min(rows, key=lambda x: abs(x.start - at))
    found = span(m.table)
    assert found is not None
    now = "current_date" if short_type(found[1].type) == "date" else "localtimestamp"
    parts.filters.append(f"{qualified(m.table, found[1])} < {now}")
    parts.filter_tables.append(m.table)
    use(used, at, at + 1)


def _late(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
          absent: Mention | None) -> None:
    """"late payments", "payments that came in late": the one number named as being late
    (``late_fee``) above zero, on a table the question names that keeps no date of when the
    row was due (the reader's own "late" compares that date with the done one); "never had a
    late payment": of the rows said not to exist (``absent``), inside their NOT EXISTS."""
    at = next((i for i, w in enumerate(words) if w == "late" and (not used[i] or absent is not None and
                                                                   i == absent.start - 1)
               and not (i > 0 and words[i - 1] in ("days", "day", "minutes", "hours"))), None)
    if at is None:
        return
    tables = {id(m.table): m.table for m in mentions if m.column is None}
    if absent is not None:
        tables[id(absent.table)] = absent.table
    if any(set(words_of(c)) & {"due", "deadline"} for t in tables.values() for c in t.columns):
        return
    found = [(t, c) for t in tables.values() for c in t.columns
             if short_type(c.type) in ("int", "num") and words_of(c)[0] == "late" and len(words_of(c)) > 1]
    if len(found) != 1:
        return
    table, column = found[0]
    if any(m.start <= at < m.end and m.column is not None and (m.end - m.start > 1 or m.column is not column)
           for m in mentions):
        return              # "late fees": the column itself
    mentions[:] = [m for m in mentions if not (m.start == at and m.column is column)]
    parts.filters.append(f"{qualified(table, column)} > 0")
    parts.filter_tables.append(table)
    use(used, late_said_from(words, used, at), at + 1)


def late_said_from(words: list[str], used: list[bool], at: int) -> int:
    """Where "late" at ``at`` begins to be said: up to two free words before it that say what was
    done ("came in late", "paid late")."""
    first = at
    while first > 0 and at - first < 2 and not used[first - 1] and (
            words[first - 1] == "in" or is_verb_form(words[first - 1])):
        first -= 1
    return first


# Verbs that say a row's span ended ("finished", "completed"): a period said after them dates
# the end.
_ENDING = ENDED | {"completed", "ended", "finished", "closed", "done"}


def _ended_in_period(words: list[str], used: list[bool], mentions: list[Mention]) -> None:
    """"work orders finished this month", "leases that ended this year": a period said of rows
    that ended is on their span's end date (``end_ts``), not its start, which a period of the
    rows alone is on: the verb names that date."""
    if not period_words(words):
        return
    at = next((i for i, w in enumerate(words) if w in _ENDING and not used[i]), None)
    if at is None:
        return
    for m in mentions:
        found = span(m.table) if m.column is None and at - 2 <= m.end <= at else None
        if found is not None and all(w in ("that", "which", "who", "were", "was", "have", "has", "had")
                                     for w in words[m.end:at]):
            mentions.append(Mention(m.table, found[1], at, at + 1))
            use(used, at, at + 1)
            return


# The names of a yes/no column that says a row is still in use: ``is_active``, ``active_flg``,
# ``isCurrent``, ``live``.
_IN_USE = frozenset(("active", "current", "live", "enabled"))
_FLAG_WORDS = frozenset(("is", "flag", "flg", "yn", "ind"))
# Words "still"/"no longer" are said with that are states of their own (``measures``' open spans,
# "still open", "still active"), not a verb of the business.
_OWN_STATES = frozenset(("out", "open", "employed", "running", "pending", "unpaid", "on", "working", "here",
                         "going", "valid", "enrolled", "outstanding", "in", "owed", "due", "waiting", "not",
                         "the", "a", "an", "have", "has", "had", "be", "been", "being", "is", "are", "was", "were"))


def still_in_use(words: list[str], used: list[bool], mentions: list[Mention],
                 valued: frozenset[int] = frozenset()) -> list[Mention]:
    """"plans we still sell", "products we currently offer", "routes we no longer run": a verb
    of the business said after "still"/"currently" (or "no longer") means the rows the schema
    marks as in use, the one yes/no column named active (``is_active``, ``active_flg``) of the
    one table named that keeps one (negated after "no longer"). Where no table named keeps
    such a flag the words stay unread; so do a stored value's words (``valued``: "still
    frozen" where a status says frozen)."""
    for i, word in enumerate(words[:-1]):
        negated = word == "no" and words[i + 1] == "longer"
        verb = i + 2 if negated else i + 1
        if not (word in ("still", "currently") or negated) or verb >= len(words) or used[i] or used[verb] \
                or words[verb] in _OWN_STATES or verb in valued or any(m.start <= verb < m.end for m in mentions):
            continue
        flags = {id(c): (m.table, c) for m in mentions if m.column is None for c in m.table.columns
                 if yes_no(c) and set(name_words(c.name)) - _FLAG_WORDS <= _IN_USE
                 and set(name_words(c.name)) & _IN_USE}
        if len(flags) != 1:
            continue
        table, column = next(iter(flags.values()))
        return [*mentions, Mention(table, column, i, verb + 1, negated)]
    return mentions
