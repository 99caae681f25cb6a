"""Questions that compare a row with other rows: "customers who never ordered" (NOT EXISTS over
the table that references it), "products priced above the average" (a scalar subquery), and
"what percent of orders are online" (a count with a FILTER over the count of all)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ask.context.related_words import UNIT_DIMENSIONS
from ask.context.value_linking import ValueMatch
from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.prompt import quote_literal
from ask.translate.sketch.measures import table_measures
from ask.translate.sketch.names import Mention, age_of, dimension_of, mention_at, money_column, name_words
from ask.translate.sketch.spelling import Parts, Unreadable, fk_path, ident, order_direction, qualified, spell
from ask.translate.sketch.comparisons import number_filters
from ask.translate.sketch.filters import comment_codes, table_of_verb
from ask.translate.sketch.vocabulary import AGGREGATES, COMPARATIVE_DIMENSIONS, NUMERIC, find, sing, stem, use

_NEVER = (("never",), ("without",), ("no",), ("not", "any"), ("have", "not"), ("has", "not"),
          ("did", "not"), ("do", "not"), ("does", "not"), ("haven't",), ("hasn't",), ("didn't",),
          ("not",))         # "not playing any cartoon", "not used by any document": last, the loosest
_DETERMINERS = frozenset(("any", "a", "an", "some"))
_ABOVE = {"above": ">", "over": ">", "below": "<", "under": "<", "more": ">", "greater": ">",
          "higher": ">", "larger": ">", "bigger": ">", "less": "<", "fewer": "<", "lower": "<", "smaller": "<",
          "older": ">", "younger": "<", "later": ">", "earlier": "<", "longer": ">", "shorter": "<",
          "taller": ">", "heavier": ">", "lighter": "<", "wider": ">", "deeper": ">"}
_SHARE = frozenset(("percent", "percentage", "share", "proportion", "fraction"))


def absent_table(words: list[str], used: list[bool], mentions: list[Mention],
                 tables: Sequence[Table] = (), values: Sequence[ValueMatch] = ()) -> Mention | None:
    """The table a "never" / "without" / "not any" names: its rows must be absent; or the one
    table of ``tables`` the verb after "never" is made from ("growers who never delivered"); or,
    after "never" and a verb, the table of a stored value ("venues that never had a musical":
    no row joined to them holds it, ``values``: the question's exact value links)."""
    excepted = _except_having(words, used, mentions)
    if excepted is not None:
        return excepted
    nobody = _nobody(words, used, mentions, tables)
    if nobody is not None:
        return nobody
    for phrase in _NEVER:
        at = find(words, phrase)
        if at < 0:
            continue
        end = at + len(phrase)
        for skip in range(0, 4):        # "never placed an order", "do not have any performances"
            target = mention_at(mentions, end + skip)
            if phrase == ("not",) and target is not None and any(
                    used[j] or any(m.start == j for m in mentions) for j in range(end, target.start)):
                break                   # "not" of a named thing or value ("but not comedy shows")
            if target is not None and target.column is None:
                after = target.end + 1 if target.end < len(words) and words[target.end] in _DETERMINERS else -1
                verb = mention_at(mentions, after) if after > 0 else None
                if verb is not None and verb.column is None and verb.start == after:
                    target = verb           # "did not visit any museum": the table named the verb
                use(used, at, target.end)       # "never rented a unit": the verb is the relation
                return target
        verbed = _verb_table(words, end, used, mentions, tables) if phrase not in _LOOSE else None
        verbed = verbed or (_referring_rows(words, at, end, used, mentions, tables) if phrase == ("never",) else None)
        if verbed is not None:
            use(used, at, verbed.end)
            return verbed
        valued = _value_after_verb(words, end, mentions, values, tables) if phrase == ("never",) else None
        if valued is not None:
            use(used, at, valued.start)
            return valued
    return None


def _value_after_verb(words: list[str], end: int, mentions: list[Mention], values: Sequence[ValueMatch],
                      tables: Sequence[Table]) -> Mention | None:
    """"never had a musical", "never hosted a comedy": one verb (and an article) after "never",
    then a stored value of another table than the rows the question names before it; the
    value's table is the absent one (its filter goes inside the NOT EXISTS)."""
    at = end + 1 + (words[end + 1:end + 2] in (["a"], ["an"], ["any"]))
    if any(m.start == end for m in mentions):
        return None         # the word after "never" names something: not a bare verb
    found = [v for v in values if v.exact and v.start == at]
    ref = found[0].table if len(found) == 1 else ""
    table = next((t for t in tables if ref in (t.name, f"{t.schema}.{t.name}")), None) if ref else None
    if table is None or any(m.table is table and m.column is None and m.end <= end for m in mentions):
        return None
    return Mention(table, None, at, at)


def _referring_rows(words: list[str], at: int, end: int, used: list[bool], mentions: list[Mention],
                    tables: Sequence[Table]) -> Mention | None:
    """"equipment that's never been used", "rooms never booked": a past participle that names
    nothing, said of a table, with nothing after it; the rows absent are those of the one table
    that refers to it (the uses, the bookings)."""
    while end < len(words) and words[end] in ("been", "ever", "be", "yet"):
        end += 1
    if end + 1 != len(words) or used[end] or not words[end].endswith("ed") \
            or any(m.start <= end < m.end for m in mentions):
        return None
    subject = next((m for m in reversed(mentions) if m.column is None and m.end <= at), None)
    if subject is None:
        return None
    referring = [t for t in tables if t is not subject.table and _refers(t, subject.table)]
    return Mention(referring[0], None, end, end + 1) if len(referring) == 1 else None


_LOOSE = frozenset((("no",), ("without",), ("not",)))
_LASTED = frozenset(("lasted", "last", "lasts", "took", "take", "takes", "ran", "run", "runs"))
_AUXILIARIES = frozenset(("has", "have", "had", "ever", "been", "is", "was", "yet", "did", "does", "will"))
_PARTICLES = frozenset(("on", "in", "at", "to", "for", "with", "from", "by", "into", "up", "out"))


def _nobody(words: list[str], used: list[bool], mentions: list[Mention], tables: Sequence[Table]) -> Mention | None:
    """"plans nobody has ever been on", "courses no one took": rows of the table named before
    "nobody" that no row of the one table referring to them (the lines, the enrolments) joins;
    the verb after it (with its auxiliaries and a particle) is that relation, nothing named."""
    at = next((i for i, w in enumerate(words) if w in ("nobody", "noone") and not used[i]), -1)
    size = 1
    if at < 0:
        at, size = find(words, ("no", "one")), 2
    if at < 0 or used[at]:
        return None
    end = at + size
    while end < len(words) and words[end] in _AUXILIARIES:
        end += 1
    if end >= len(words) or used[end] or any(m.start >= at for m in mentions):
        return None     # "customers nobody referred": a verb, and nothing named after it
    end += 1 + (end + 1 < len(words) and words[end + 1] in _PARTICLES)
    subject = next((m for m in reversed(mentions) if m.column is None and m.end <= at), None)
    if subject is None:
        return None
    referring = [t for t in tables if t is not subject.table and _refers(t, subject.table)]
    if len(referring) != 1:
        return None
    use(used, at, end)
    return Mention(referring[0], None, at, at)


def _verb_table(words: list[str], at: int, used: list[bool], mentions: list[Mention],
                tables: Sequence[Table]) -> Mention | None:
    """"never delivered", "have not ordered": the one table named after what the verb does
    (``deliveries``, ``orders``), when the verb names nothing itself."""
    if at >= len(words) or used[at] or any(m.start == at for m in mentions):
        return None
    table = table_of_verb(words[at], tables, base=True)     # "did not deliver"
    return Mention(table, None, at, at + 1) if table is not None else None


_HAVING = frozenset(("having", "with", "that", "which", "who", "have", "has", "had", "hosting", "holding"))


def _except_having(words: list[str], used: list[bool], mentions: list[Mention]) -> Mention | None:
    """"all stadiums except (for) stadiums having a concert in 2014": the rows of the second
    table must be absent (the first only repeats what is listed)."""
    at = find(words, ("except",))
    if at < 0:
        return None
    i = at + 1 + (1 if words[at + 1:at + 2] == ["for"] else 0)
    while i < len(words) and words[i] in ("the", "those", "ones", "all"):
        i += 1
    repeated = mention_at(mentions, i)
    if repeated is not None and repeated.column is None and repeated.start == i:
        i = repeated.end
    start = i
    while i < len(words) and words[i] in _HAVING:
        i += 1
    if i == start:
        return None
    while i < len(words) and words[i] in _DETERMINERS:
        i += 1
    target = mention_at(mentions, i)
    if target is None or target.column is not None or target.start != i:
        return None
    use(used, at, target.end)
    return target


def through_absent(schema: SchemaContext, outer: Table, absent: Table, tables: Sequence[Table]) -> list[Table]:
    """Of ``tables``, those the absent rows refer to that ``outer`` does not reach by itself:
    "musicians who have not played this month" dates the concerts behind the dateless rows of
    who played, so that period is a condition on the absent rows, not on the musicians."""
    out: list[Table] = []
    for t in tables:
        if t is outer or t is absent or t in out or not _refers(absent, t) or _refers(outer, t) or _refers(t, outer):
            continue
        out.append(t)
    return out


def _refers(table: Table, other: Table) -> bool:
    return any(fk.ref_table == other.name and fk.ref_schema == other.schema for fk in table.foreign_keys)


def _beside_join(absent: Table, other: Table) -> str:
    fk = next(fk for fk in absent.foreign_keys if fk.ref_table == other.name and fk.ref_schema == other.schema)
    on = " AND ".join(f"{ident(absent.name)}.{ident(c)} = {ident(other.name)}.{ident(r)}"
                      for c, r in zip(fk.columns, fk.ref_columns))
    return f" JOIN {ident(other.name)} ON {on}"


def not_exists(schema: SchemaContext, outer: Table, absent: Table, inner: Sequence[str] = (),
               beside: Sequence[Table] = ()) -> str:
    """NOT EXISTS over ``absent`` rows linked to ``outer`` along foreign keys (through the rows
    that link the two when they are not linked directly: "members who never borrowed a book":
    no loans); ``inner`` are conditions on the absent rows ("never ordered a product in 2014"),
    which keep the absent table in the subquery even when a linking table would do; ``beside``
    are tables the absent rows refer to that those conditions need (:func:`through_absent`)."""
    path = fk_path(schema, outer, absent, {id(outer)})
    if path is None:
        raise Unreadable(f"{absent.name} is not linked to {outer.name}")
    if not inner and not beside and len(path) > 1 and any(schema.table(fk.ref_table, fk.ref_schema) is absent
                                            for fk in path[-2][0].foreign_keys):
        path = path[:-1]        # rows that link to the absent table alone say that none exist
    (first, link), rest = path[0], path[1:]
    joins = "".join(f" JOIN {ident(t.name)} ON {condition}" for t, condition in rest)
    joined = {id(first)} | {id(t) for t, _ in rest}
    joins += "".join(_beside_join(absent, t) for t in beside if id(t) not in joined)
    where = " AND ".join((link, *inner))
    return f"NOT EXISTS (SELECT 1 FROM {ident(first.name)}{joins} WHERE {where})"


def refers_to(condition: str, table: Table) -> bool:
    """Whether a spelt condition names a column of ``table``."""
    return re.search(rf'(?<![\w."]){re.escape(ident(table.name))}\.', condition) is not None


def average_comparison(words: list[str], used: list[bool], mentions: list[Mention],
                       parts: Parts) -> None:
    """"above the average age", "price higher than average": a column against its mean."""
    at = find(words, ("average",))
    at = at if at >= 0 else find(words, ("mean",))     # "bigger than the mean"
    at = at if at >= 0 else find(words, ("avg",))      # "below the avg test score"
    compared = [i for i, w in enumerate(words) if AGGREGATES.get(w) == "avg" and _overall_cue(words, i) is not None]
    if compared and compared[0] != at:
        at = compared[0]        # "whose average rate is higher than the overall average": the second
    if at < 1:
        return
    before = [i for i in range(max(0, at - 3), at) if words[i] in _ABOVE]
    overall = _overall_cue(words, at)
    if not before and overall is not None:
        before = [overall]      # "higher than the firm-wide average"
    if not before:
        return
    cue = before[-1]
    qualifier = _qualifier(words, at, parts)
    after = at + 1 + len(qualifier)     # "the average paralegal rate": the rate of the paralegals
    target = next((m for m in mentions if m.start == after and m.column is not None     # "average area":
                   and short_type(m.column.type) in NUMERIC), mention_at(mentions, after))  # the numeric one
    rows = None
    if target is not None and target.column is None:
        use(used, target.start, target.end)     # "longer than the average concert": the rows' own mean
        rows, target = target, None
    paid = next((i for i, w in enumerate(words[:cue]) if w in _PAID_WORDS and not used[i]), None)
    if target is None and paid is not None:
        money = money_column(mentions)          # "musicians who earn more than average": their pay
        target = Mention(money[0], money[1], paid, paid + 1) if money is not None else None
    if words[cue] in ("older", "younger") and (target is None or target.column is None):
        age = age_of(mentions)          # "singers older than average": their age
        target = Mention(age[0], age[1], cue, cue) if age is not None else None
    elif target is None and not any(m.column is not None and short_type(m.column.type) in NUMERIC
                                    for m in mentions):
        dimension = dimension_of(COMPARATIVE_DIMENSIONS.get(words[cue], ""), mentions) or _span_of(words[cue], mentions)
        if dimension is None and not any(m.column is None for m in mentions):
            # "calls that lasted longer than the average call": rows a value picks ('call'), no table named
            valued = list({id(t): t for t in parts.filter_tables}.values())
            dimension = dimension_of(COMPARATIVE_DIMENSIONS.get(words[cue], ""),
                                     [Mention(t, None, cue, cue) for t in valued]) if len(valued) == 1 else None
        if dimension is not None:       # "lessons that lasted longer than average": their duration
            target = Mention(dimension[0], dimension[1], cue, cue)
            if cue > 0 and words[cue - 1] in _LASTED and words[cue] in ("longer", "shorter"):
                use(used, cue - 1, cue)     # "lasted": the duration's verb
    if target is None and words[cue] in _MORE_OR_FEWER and cue + 2 <= at and parts.having is None \
            and _more_rows_than_average(words, used, mentions, parts, cue, at):
        return
    if target is None and words[cue] in _MORE_OR_FEWER and cue + 2 <= at:
        target = counted_column(words[cue + 1], mentions, cue + 1)     # "more docks than average"
    if target is None and rows is not None and words[cue] not in COMPARATIVE_DIMENSIONS and not any(
            m.column is not None and short_type(m.column.type) in NUMERIC for m in mentions):
        money = money_column([rows], only=True)     # "offers above the average offer": its one amount
        target = Mention(money[0], money[1], rows.start, rows.start) if money is not None else None
    column = target if target is not None and target.column is not None else next(
        (m for m in mentions if m.column is not None and (m.end <= cue or cue < m.start < at)
         and short_type(m.column.type) in NUMERIC), None)
    if column is None or column.column is None or short_type(column.column.type) not in NUMERIC:
        raise Unreadable("above the average of what")
    expr = qualified(column.table, column.column)
    if _group_average_compared(words, used, mentions, parts, column, cue, at):
        return
    own = [f for f in qualifier if f.startswith(f"{ident(column.table.name)}.")]
    where = f" WHERE {' AND '.join(own)}" if own else ""
    parts.filters.append(f"{expr} {_ABOVE[words[cue]]} (SELECT avg({expr}) FROM {ident(column.table.name)}{where})")
    if own:
        use(used, at + 1, after)
    for j in (cue - 1, cue - 2):    # "paid more than", "charging more than": the comparison's verb, no column
        if j >= 0 and words[j] in _PAY_VERBS and (target is not None and target.column is not None or paid == j):
            use(used, j, j + 1)
            break
    parts.filter_tables.append(column.table)
    use(used, cue, at + 1)
    if target is not None and target is column:
        use(used, target.start, target.end)
    use(used, column.start, column.end)
    for m in mentions:      # "whose population is greater than the average population": said twice
        if m.column is column.column and m.end <= cue and set(words[m.end:cue]) <= {"that", "which", "is", "are", "was", "were"}:
            use(used, m.start, m.end)


_EQUALS = re.compile(r"^(\S+) = '((?:[^']|'')*)'$")


def _qualifier(words: list[str], at: int, parts: Parts) -> list[str]:
    """The filters a value said right after "average" repeats ("more than the average
    *paralegal* rate", "the avg *auto* premium"): the mean is over the rows that value picks, as
    the compared rows are; the value's words must spell one the question already filters on."""
    out: list[str] = []
    i = at + 1
    while i < len(words) and len(out) < 2:
        found = next((f for f in parts.filters if (m := _EQUALS.match(f)) is not None
                      and sing(m.group(2).lower().replace("''", "'")) == sing(words[i])), None)
        if found is None:
            break
        out.append(found)
        i += 1
    return out


def _group_average_compared(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
                            column: Mention, cue: int, at: int) -> bool:
    """"incident types whose avg delay is above the overall average", "practice areas whose
    average rate is higher than the firm-wide average rate": an average per group (said before the
    comparison, of the column said right after it) against the mean over all rows, a HAVING."""
    agg = next((i for i in range(cue) if AGGREGATES.get(words[i]) == "avg" and not used[i]), None)
    if agg is None or parts.having is not None:
        return False
    own = next((m for m in mentions if m.start == agg + 1 and m.column is not None
                and short_type(m.column.type) in NUMERIC), None)
    if own is None or own.column is None or not set(words[own.end:cue]) <= {"is", "are", "was", "were"}:
        return False
    table, col = own.table, own.column
    expr = qualified(table, col)
    parts.having = (_ABOVE[words[cue]], f"(SELECT avg({expr}) FROM {ident(table.name)})")
    parts.having_of = f"avg({expr})"
    parts.filter_tables.append(table)
    use(used, agg, own.end)
    use(used, cue, at + 1)
    for i in range(cue + 1, at):        # "the overall average", "the firm-wide average": all rows
        if words[i] in _OVERALL:
            use(used, i, i + 1)
    for m in mentions:      # "... than the overall average delay": the column said again
        if m.column is col and m.start == at + 1:
            use(used, m.start, m.end)
    return True


def _overall_cue(words: list[str], at: int) -> int | None:
    """Where the comparative before the average at ``at`` is, past "than the" and words that say
    the average is over every row ("higher than the firm-wide average")."""
    j = at - 1
    while j > 0 and (words[j] in ("than", "the") or words[j] in _OVERALL) and at - j <= 5:
        j -= 1
    return j if j >= 0 and words[j] in _ABOVE else None


# Words that say an average is over every row, not the group's: "the overall average".
_OVERALL = frozenset(("overall", "firm", "wide", "company", "global", "entire", "whole", "total", "all", "general"))


def _more_rows_than_average(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
                            cue: int, at: int) -> bool:
    """"productions with more performances than average": per row of the table named before,
    the count of the rows referring to it, against the mean of those counts over the rows that
    have any (a HAVING against a subquery)."""
    rows = next((m for m in mentions if m.start == cue + 1 and m.column is None), None)
    subject = next((m for m in sorted(mentions, key=lambda m: -m.start) if m.column is None and m.end <= cue), None)
    if rows is None or subject is None or rows.table is subject.table:
        return False
    fks = [fk for fk in rows.table.foreign_keys
           if (fk.ref_schema, fk.ref_table) == (subject.table.schema, subject.table.name) and len(fk.columns) == 1]
    if len(fks) != 1:
        return False
    key = f"{ident(rows.table.name)}.{ident(fks[0].columns[0])}"
    parts.having = (_ABOVE[words[cue]], f"(SELECT avg(n) FROM (SELECT count(*) AS n FROM {ident(rows.table.name)} "
                                        f"GROUP BY {key}) AS per_row)")
    parts.filter_tables.append(rows.table)
    use(used, cue, at + 1)
    use(used, rows.start, rows.end)
    return True


def _span_of(word: str, mentions: list[Mention]) -> tuple[Table, Column] | None:
    """What "longer", "shorter" compare when no column measures a length: the duration of the
    rows' span, from its start to its end (``started_at`` .. ``ended_at``), of the first table
    named that has one ("trips longer than average")."""
    if word not in ("longer", "shorter"):
        return None
    for m in mentions:
        if m.column is None:
            found = next((c for c, _ in table_measures(m.table) if c.name == "duration"), None)
            if found is not None and not any(_spatial(c) for c in m.table.columns):
                return m.table, found
            if found is not None:
                return None     # "trips longer than average": in distance or in time, not said
    return None


def _spatial(column: Column) -> bool:
    """A number measuring a length in space (``distance_km``, ``length_m``): what "longer" may
    mean as well as a duration."""
    said = set(name_words(column.name))
    return short_type(column.type) in NUMERIC and bool(
        said & {"distance", "length", "height"} or any(UNIT_DIMENSIONS.get(w) == "distance" for w in said))


_MORE_OR_FEWER = frozenset(("more", "less", "fewer"))
# Words around a counted thing's name in a column that keeps how many there are: dock_count, num_seats.
_COUNT_WORDS = frozenset(("count", "number", "num", "no", "nbr", "cnt", "total", "of"))


def counted_column(word: str, mentions: list[Mention], at: int) -> Mention | None:
    """"stations with more docks than average": the number column of a table the question
    names that keeps how many of ``word`` a row has (``dock_count``, ``num_docks``, ``docks``)."""
    thing = sing(word)
    for m in mentions:
        if m.column is not None:
            continue
        found = [c for c in m.table.columns if short_type(c.type) == "int"
                 and tuple(w for w in name_words(c.name) if w not in _COUNT_WORDS) == (thing,)]
        if len(found) == 1:
            return Mention(m.table, found[0], at, at + 1)
    return None


# Verbs of what rows are paid or charge, said before a comparison with an average.
_PAY_VERBS = frozenset(("earn", "earns", "earned", "earning", "paid", "charged", "charging", "charges", "charge",
                        "bill", "bills", "billing", "billed", "paying", "pays", "priced", "cost", "costs"))
_PAID_WORDS = frozenset(("earn", "earns", "earned", "earning", "paid", "cost", "costs", "priced", "charged"))


def share_cue(words: list[str], used: list[bool], mentions: list[Mention]) -> bool:
    """"what percent of ...", "the share of ...": a ratio of counts (unless a column is
    called so: ``market_share``; not one only described with the word, "shares held by the
    member", when rows of a table follow: "share of deliveries that ...")."""
    for i, w in enumerate(words):
        of_rows = words[i + 1:i + 2] == ["of"] and any(m.column is None and i + 2 <= m.start <= i + 3 for m in mentions)
        if w in _SHARE and not any(m.start <= i < m.end and m.column is not None
                                   and (m.end - m.start > 1 or name_words(m.column.name)[-1] == sing(w) or not of_rows)
                                   for m in mentions):
            use(used, i, i + 1)
            return True
    return False


def rate_of_value(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> bool:
    """"the cancellation rate", "return rate of orders": the share of rows whose status is the
    stored value the word before "rate" is made from ('cancelled', 'returned'); its condition
    goes last, as the share's part."""
    at = next((i for i, w in enumerate(words) if w == "rate" and i > 0 and not used[i - 1]
               and (not used[i] or any(m.start <= i < m.end and m.column is not None for m in mentions))), None)
    if at is None:
        return False
    word = words[at - 1]
    found = {(m.table.name, c.name, v): (m.table, c, v) for m in mentions if m.column is None
             for c in m.table.columns if short_type(c.type) == "text" for v in c.values
             if v.isalpha() and _same_root(word, v.lower())}
    found = found or {(m.table.name, c.name, v): (m.table, c, v) for m in mentions if m.column is None
                      for c in m.table.columns for meaning, v in comment_codes(c).items()
                      if len(meaning) == 1 and _same_root(word, meaning[0])}     # 'CXL (cancelled)'
    if len(found) != 1:
        return False
    table, column, value = next(iter(found.values()))
    if any(m.start <= at < m.end and m.column is not None and m.table is table for m in mentions):
        return False        # a rate the table keeps ("the tax rate")
    parts.filters.append(f"{qualified(table, column)} = {quote_literal(value)}")
    parts.filter_tables.append(table)
    use(used, at - 1, at + 1)
    return True


def _same_root(word: str, value: str) -> bool:
    """"cancellation" and 'cancelled', "return" and 'returned': one root of five letters or more;
    a noun in -al and its verb's past ("denial" and 'denied', "approval" and 'approved')."""
    n = 0
    while n < min(len(word), len(value)) and word[n] == value[n]:
        n += 1
    return n >= 5 and n >= min(len(word), len(value)) - 4 or _noun_of_past(word, value)


def _noun_of_past(word: str, value: str) -> bool:
    """"denial": 'denied', "refusal": 'refused', "renewal": 'renewed' (the same root of four
    letters or more before -al and -ed)."""
    return word.endswith("al") and value.endswith("ed") and len(word) >= 6 and word[:-2] == value[:-2]


def rate_of_linked_value(words: list[str], used: list[bool], links: Sequence[ValueMatch], parts: Parts) -> bool:
    """"no-show rate", "the churned rate": the words right before "rate" are a stored value the
    question already filters on (a link); the rate is the share of rows with it, that filter
    the share's part, not a rate column of another table."""
    at = next((i for i, w in enumerate(words) if w == "rate" and i > 0), None)
    link = next((l for l in links if l.end == at and l.exact), None) if at is not None else None
    if at is None or link is None:
        return False
    if link.start > 0 and AGGREGATES.get(words[link.start - 1]) == "avg":
        return False        # "the average paralegal rate": the mean of a rate the rows keep, not a share
    value = quote_literal(link.value)
    found = [f for f in parts.filters if f.endswith(f" = {value}") and link.column in f]
    if len(found) != 1:
        return False
    _share_part(parts, found[0], used, at)
    return True


def _share_part(parts: Parts, condition: str, used: list[bool], at: int) -> None:
    """``condition`` (one of the filters) becomes the share's part: the rate's filter goes
    last, where the ratio shape takes it from, and the word "rate" is read."""
    parts.filters.remove(condition)
    parts.filters.append(condition)
    use(used, at, at + 1)


def rate_of_flag(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> bool:
    """"refund rate", "the churn rate": the words right before "rate" name a yes/no column the
    question already filters on (``refunded``); the rate is the share of rows where it holds,
    that filter the share's part, as with a stored value (:func:`rate_of_linked_value`)."""
    at = next((i for i, w in enumerate(words) if w == "rate" and i > 0 and not used[i]), None)
    if at is None:
        return False
    flags = [m for m in mentions if m.end == at and used[m.start] and m.column is not None
             and short_type(m.column.type) == "bool"]
    if len(flags) != 1:
        return False
    column = qualified(flags[0].table, flags[0].column)
    found = [f for f in parts.filters if f in (column, f"NOT {column}")]
    if len(found) != 1:
        return False
    _share_part(parts, found[0], used, at)
    return True


def top_row_condition(schema: SchemaContext, outer: Table, ranked: Table, expr: str, direction: str) -> str | None:
    """"concerts in the stadium with the highest capacity": ``outer`` rows that reference the
    one ``ranked`` row first by ``expr`` (a direct foreign key; None without one)."""
    for fk in outer.foreign_keys:
        if schema.table(fk.ref_table, fk.ref_schema) is ranked and len(fk.columns) == 1:
            return (f"{ident(outer.name)}.{ident(fk.columns[0])} = (SELECT {ident(ranked.name)}."
                    f"{ident(fk.ref_columns[0])} FROM {ident(ranked.name)} ORDER BY {expr} {order_direction(direction, expr)} LIMIT 1)")
    return None


_EXTREME = {("any", ">"): "min", ("all", ">"): "max", ("any", "<"): "max", ("all", "<"): "min"}
_QUANTIFIERS = {"any": "any", "all": "all", "every": "all", "each": "all"}


def extreme_comparison(words: list[str], used: list[bool], mentions: list[Mention],
                       links: Sequence[ValueMatch], parts: Parts) -> None:
    """"countries with a population greater than any country in Africa" (above the smallest
    of them), "... larger than all ..." (above the largest): a column against the extreme of
    the same column over other rows, whose own conditions (linked values after the quantifier)
    go inside the subquery."""
    for i, w in enumerate(words):
        op = _ABOVE.get(w)
        than = next((j for j in range(i + 1, min(len(words), i + 4)) if words[j] == "than"), None)
        if op is None or than is None or than + 1 >= len(words) or used[i]:
            continue
        q = than + 1 + (2 if words[than + 1:than + 3] in (["that", "of"], ["those", "of"]) else   # "than that of any"
                        1 if words[than + 1] in ("that", "those", "the") else 0)
        quantifier = _QUANTIFIERS.get(words[q]) if q < len(words) else None
        named_agg = AGGREGATES.get(words[q]) if q < len(words) else None
        if quantifier is None and named_agg not in ("min", "max", "avg"):
            continue
        if quantifier is None:      # "more staff than the minimum staff number of all museums ..."
            of = next((j for j in range(q + 1, min(len(words), q + 5)) if words[j] == "of"), None)
            if of is None:
                continue
            q = of - 1
        rows = mention_at(mentions, q + 1 + (1 if words[q + 1:q + 2] in (["of"], ["the"]) else 0)
                          + (1 if words[q + 2:q + 3] in (["all"], ["the"]) else 0))
        column = next((m for m in sorted(mentions, key=lambda m: -m.end) if m.column is not None
                       and short_type(m.column.type) in NUMERIC and i - 5 <= m.start and m.end <= than
                       and not used[m.start]), None)
        if column is None or rows is None or rows.column is not None or rows.table is not column.table:
            raise Unreadable("compared with any, all or an aggregate of what")
        _split_intersection(parts, links, rows.end)
        inner = [f for f in parts.filters if any(
            x.exact and x.start >= rows.end and quote_literal(x.value) in f for x in links)]
        inner += _conditions_after(words, used, mentions, rows.end)
        parts.filters = [f for f in parts.filters if f not in inner]
        expr = qualified(column.table, column.column)
        where = f" WHERE {' AND '.join(inner)}" if inner else ""
        agg = named_agg or _EXTREME[(quantifier or "any", op)]
        parts.filters.append(f"{expr} {op} (SELECT {agg}({expr}) FROM {ident(rows.table.name)}{where})")
        parts.filter_tables.append(column.table)
        use(used, column.start, column.end)
        use(used, i, rows.end)
        return


def _split_intersection(parts: Parts, links: Sequence[ValueMatch], start: int) -> None:
    """"African countries with a population smaller than that of any country in Asia": two
    values of one column are not both at once when one of them restricts the other rows (said
    after ``start``): each is a filter, and the later one goes inside the subquery."""
    if parts.intersect is None:
        return
    later = [c for c in parts.intersect if any(
        x.exact and x.start >= start and quote_literal(x.value) in c for x in links)]
    if len(later) == 1:
        parts.filters += [c for c in parts.intersect if c not in later] + later
        parts.intersect = None


def _conditions_after(words: list[str], used: list[bool], mentions: list[Mention], at: int) -> list[str]:
    """The number comparisons said after word ``at`` (the rows of a subquery: "... of all
    museums opened after 2010"), read on their own."""
    masked = [True] * at + used[at:]
    inner = Parts()
    number_filters(words, masked, mentions, inner)
    if inner.having is not None or inner.intersect is not None:
        raise Unreadable("a count inside a subquery")
    for j in range(at, len(words)):
        used[j] = masked[j]
    return inner.filters


def aggregated_intersection(parts: Parts, schema: SchemaContext, table: Table) -> None:
    """"how many countries speak both English and Dutch", "the total area of the continents Asia
    and Europe": two values of one column, both, under a count or an aggregate. On a column of
    the rows aggregated no row holds both, so either is meant (IN); on rows that reference them,
    the rows with a match of each are aggregated: their keys, one set per value, INTERSECT."""
    if parts.intersect is None or parts.setop != "INTERSECT" or not any(agg for agg, _, _ in parts.selects):
        return
    first, second = parts.intersect
    column, _, value = first.partition(" = ")
    other, _, value2 = second.partition(" = ")
    if column != other or not value or not value2:
        return
    if refers_to(first, table):
        parts.filters.append(f"{column} IN ({value}, {value2})")
        parts.intersect = None
        return
    owner = next((t for t in schema.tables if refers_to(first, t)), None)
    key = next((c for c in table.columns if list(table.primary_key) == [c.name]), None)
    if owner is None or key is None:
        return
    sides = [spell(Parts(table=table, selects=[("", table, key)], filters=[condition],
                         filter_tables=[owner]), schema) for condition in parts.intersect]
    if None in sides:
        return
    parts.filters.append(f"{qualified(table, key)} IN ({sides[0]} INTERSECT {sides[1]})")
    parts.filter_tables = [t for t in parts.filter_tables if t is not owner]
    parts.intersect = None
