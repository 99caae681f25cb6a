"""Where the question spells the schema's own names: tables and columns, by their words.

``order_lines`` reads as "order lines", ``customerName`` as "customer name", ``num_of_staff``
as "number of staff" or "staff number", a column's trailing words alone ("description") when
they are distinctive; the question's words are compared singular, stemmed and with common
abbreviations spelt out. Mentions are ordered by their table's *focus* (how much of the
question the table could hold), so a name spelt alike in several tables resolves to the table
the question is about.
"""

from __future__ import annotations

import collections
import functools
import heapq
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeGuard

from ask.context.folded_names import is_word
from ask.context.refusal import english
from ask.context.value_codes import code_table
from ask.context.value_linking import ValueMatch, singular
from ask.schema import Column, SchemaContext, Table, short_type

from ask.translate.sketch.measures import (Measure, by_sales_events, dated_roles, event_dates, key_measures, sales_event,
                                           summable, table_measures)
from ask.translate.sketch.namespaces import namespaced
from ask.translate.sketch.related_names import NameIndex, Negated, Related, Stripped, Verbal, acronym_head, add_related
from ask.context.related_words import (ABBREVIATED, DIMENSIONS, FLAG_SUFFIXES, IRREGULAR, NAME_PART_ABBREVIATIONS,
                                       UNIT_DIMENSIONS, UNIT_SUFFIXES,
                                       abbreviates, compound_initials, is_verb_form, looks_abbreviated, noun_forms,
                                       spelt_out, verb_forms)
from ask.translate.sketch.vocabulary import (ABBREVIATIONS, CUE_WORDS, FILLER, NAME_COLUMNS, TABLE_PREFIXES,
                                             VERBS, name_words, sing, stem, table_spellings,
                                             written_words)


@dataclass(frozen=True, slots=True)
class Mention:
    table: Table
    column: Column | None   # None: the table itself
    start: int
    end: int
    negated: bool = False   # a yes/no column named the other way round ("unpaid" for paid)




# At most this many readings of one span of the question: on a wide schema "name" spells a
# column of thousands of tables, and only those the rest of the question is about matter. Keeps
# a reading's cost independent of the schema's size.
MAX_MENTIONS_PER_SPAN = 8

_Entry = tuple[Table, "Column | None"]


def find_mentions(words: list[str], schema: SchemaContext,
                  links: Sequence[ValueMatch] = (),
                  taught: Mapping[tuple[str, ...], Sequence[_Entry]] | None = None) -> list[Mention]:
    """Every span of the question that spells a table's or a column's name (singular forms),
    ordered by their table's focus, at most ``MAX_MENTIONS_PER_SPAN`` per span; ``taught``:
    spellings taught examples add (:mod:`.taught`), for words the schema's index lacks."""
    index = schema.derived("sketch.names", name_index)
    read = abbreviated_names(misspelt_names(words, index, schema), index, schema, links)
    spans = _names_over_descriptions(_spans(read, index, taught or {}), read)
    spans = _within_table_names(spans)
    focus = _focus(spans, links)
    found: list[Mention] = []
    for (start, end), entries in spans:
        if len(entries) > MAX_MENTIONS_PER_SPAN:
            entries = heapq.nlargest(MAX_MENTIONS_PER_SPAN, entries,
                                     key=lambda e: focus.get(e[0].name, 0))
        negated = isinstance(entries, Negated)
        found.extend(Mention(table, column, start, end, negated) for table, column in entries)
    found = _owned_kinds(words, found, index)
    found = _tables_over_their_keys(words, found, schema)
    related = {span for span, entries in spans if isinstance(entries, Verbal)}
    found = _without_related_verbs(found, related, words) if related else found
    # where names are spelt alike in several tables, every reader takes the first mention:
    # the one of the table the rest of the question is most about; between equals, the people
    # table a named profile's rows are ("emails of the tutors": auth_user's, not a student's
    # parent_email)
    behind = {p.name for p in (person_behind(m.table) for m in found if m.column is None) if p is not None}
    found.sort(key=lambda m: (-focus.get(m.table.name, 0), m.table.name not in behind))
    return found


def _tables_over_their_keys(words: list[str], found: list[Mention], schema: SchemaContext) -> list[Mention]:
    """"how many 5G towers" where usage records keep a ``towerId`` of ``cellTowers``: a plural
    noun that only a key column spells, whose referenced table's name ends with the same word,
    names that table's rows, not the key (a key is said in the singular: "tower 12")."""
    out = list(found)
    spans = {(m.start, m.end) for m in found}
    for start, end in spans:
        at = [m for m in found if (m.start, m.end) == (start, end)]
        said = [sing(w) for w in words[start:end]]
        if any(m.column is None for m in at) or sing(words[end - 1]) == words[end - 1]:
            continue
        referred: dict[int, Table] = {}
        for m in at:
            fk = next((fk for fk in m.table.foreign_keys if fk.columns == (m.column.name,)), None) \
                if m.column is not None else None
            target = schema.table(fk.ref_table, fk.ref_schema) if fk is not None else None
            if target is None or list(name_words(target.name)[-len(said):]) != said:
                break
            referred[id(target)] = target
        else:
            if len(referred) == 1:
                target = next(iter(referred.values()))
                out = [m for m in out if (m.start, m.end) != (start, end)]
                out.insert(0, Mention(target, None, start, end))
    return out


def _within_table_names(spans: list[tuple[tuple[int, int], list[_Entry]]]
                        ) -> list[tuple[tuple[int, int], list[_Entry]]]:
    """"zones with over 20 main breaks": the words of a table's name of several words, spelt as
    the name is, say that table; a shorter spelling inside them ("main": ``install_yr``, "the
    year the main was laid") is no mention of its own. The longest match first."""
    def inside(span: tuple[int, int], other: tuple[int, int]) -> bool:
        return other[0] <= span[0] and span[1] <= other[1] and other[1] - other[0] > span[1] - span[0]

    named = [span for span, entries in spans if span[1] - span[0] > 1
             and (not isinstance(entries, Related) or isinstance(entries, Stripped))
             and any(c is None for _, c in entries)]
    named = [span for span in named if not any(inside(span, other) for other, _ in spans)]  # "template type code"
    if not named:
        return spans
    return [(span, entries) for span, entries in spans if not any(inside(span, other) for other in named)]


def _names_over_descriptions(spans: list[tuple[tuple[int, int], list[_Entry]]], words: list[str]
                             ) -> list[tuple[tuple[int, int], list[_Entry]]]:
    """"crew count by base airport code": words a name spells whole (``crew.base_arpt_cd``) say
    that column; a shorter span inside them that only a description uses ("base": a hub is a
    "crew and maintenance base") is no mention of its own. The longest match first, for a
    name over a description that merely contains one of its words."""
    flat = [sing(w) for w in words]
    named = [span for span, entries in spans
             if span[1] - span[0] > 1 and not _only_described(tuple(flat[span[0]:span[1]]), entries)]
    if not named:
        return spans
    return [(span, entries) for span, entries in spans
            if not (any(o[0] <= span[0] and span[1] <= o[1] and o[1] - o[0] > span[1] - span[0] for o in named)
                    and _only_described(tuple(flat[span[0]:span[1]]), entries))]


def _owned_kinds(words: list[str], found: list[Mention], index: dict[tuple[str, ...], list[_Entry]]) -> list[Mention]:
    """"permits by type" where each permit refers to a ``t_permit_type``: a word after a table's
    name that, said after that name, spells a table the first refers to ("permit type") names
    that table, not every other table's "type" column."""
    out = list(found)
    for m in found:
        if m.column is not None:
            continue
        owner = tuple(sing(w) for w in words[m.start:m.end])
        for i in range(m.end + 1, min(len(words), m.end + 3)):
            referred = [t for t, c in index.get(owner + (sing(words[i]),), ()) if c is None and t is not m.table
                        and any((fk.ref_schema, fk.ref_table) == (t.schema, t.name) for fk in m.table.foreign_keys)]
            if len(referred) == 1 and not any(x.table is referred[0] for x in found):
                out.insert(0, Mention(referred[0], None, i, i + 1))
    return out


def misspelt_names(words: list[str], index: dict[tuple[str, ...], list[_Entry]], schema: SchemaContext) -> list[str]:
    """"avg moisure on barley deliveries": a word of five letters or more that is no English
    word and no name, one edit (a letter dropped, added, changed or two swapped) from exactly
    one name's word of the schema with the same first letter, read as that word."""
    out = list(words)
    names: dict[str, frozenset[str]] | None = None
    for i, word in enumerate(words):
        flat = sing(word)
        if len(flat) < 5 or not flat.isalpha() or (flat,) in index or word in english() or flat in english():
            continue
        names = names if names is not None else schema.derived("sketch.name_edits", _name_edits)
        found = {w for variant in (flat, *_deletions(flat)) for w in names.get(variant, ())
                 if w[0] == flat[0] and _one_edit(flat, w)}
        if len(found) == 1:
            out[i] = found.pop()
    return out


def abbreviated_names(words: list[str], index: dict[tuple[str, ...], list[_Entry]], schema: SchemaContext,
                      links: Sequence[ValueMatch] = ()) -> list[str]:
    """"total downloads" on ``ep_dl.dl_cnt``, "ad placements" on ``ad_plcmt``, "still active" on
    ``actv_flg``: an English word of four letters or more (or a noun made of one, "vaccinations")
    that no name spells (a word only descriptions use counts as none: :func:`_named`), is no cue
    word and lies in no linked value, which exactly one abbreviated part of the schema's names
    abbreviates (:func:`.related_words.abbreviates`; of several, the one table's: "aircraft"
    is ``acft``, not ``act_dep_ts``'s "act"), read as that part; failing that, which exactly
    one English word cut short inside an abbreviated name begins ("discounts":
    ``chrg_disc_amt``); failing that, whose consonants exactly one name's head keeps
    ("manufacturer": ``mfr_nm``, :func:`_skeleton_of`). Words the schema spells together stay
    as said (:func:`_compounds_kept`). The schema's own names say which abbreviations it uses;
    nothing is listed."""
    out = list(words)
    parts: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] | None = None
    valued = {i for link in links if link.exact for i in range(link.start, link.end)}
    for i, word in enumerate(words):
        flat = sing(word)
        if len(flat) < 4 or not flat.isalpha() or i in valued or word in CUE_WORDS or flat in CUE_WORDS \
                or not _english_noun(word, flat) or _named(word, flat, index):
            continue
        parts = parts if parts is not None else schema.derived("sketch.abbreviated_parts", _abbreviated_parts)
        bases = {flat, stem(flat), *verb_forms(word), *noun_forms(word)}      # "ended" is no abbreviated "end"
        found = [p for p in parts[0].get(flat[0], ()) if p not in bases and abbreviates(p, flat, english())
                 and (len(p) > 2 or compound_initials(p, flat, english()))]
        if not found:
            found = [p for p in parts[1].get(flat[0], ()) if p not in bases and flat.startswith(p)
                     and len(flat) >= len(p) + 3]
        if not found:
            found = [p for p in parts[0].get(flat[0], ()) if p not in bases and _skeleton_of(p, flat)
                     and p in _name_heads(schema)]
        if len(found) > 1:
            found = _table_parts(found, schema)
        if len(found) == 1 and _as_documented(found[0], bases, schema):
            out[i] = found[0]
    return _compounds_kept(words, out, index)


def _as_documented(part: str, bases: set[str], schema: SchemaContext) -> bool:
    """Whether a word (in ``bases``, its forms) may be read as the abbreviated ``part``: where
    the comments of the names ``part`` is in spell it out (``lbr_hrs`` "labour hours booked",
    ``stn_cd`` "maintenance station", ``blk_min`` "scheduled block time"), only as the word they
    spell ("labor hours" yes; "library", "stony", "balkan" no: letters alone are a guess, and
    a question's made-up or unrelated word matches three letters as often as a real one);
    where no comment spells it, as before."""
    spelled = schema.derived("sketch.abbreviations_spelled", _abbreviations_spelled).get(part)
    return not spelled or any(_same_word(b, e) for b in bases for e in spelled)


def _same_word(word: str, other: str) -> bool:
    """One word in another form or spelling: "labor" and "labour", "delays" and "delay"."""
    n = min(len(word), len(other), 4)
    return len(word) >= 3 and word[:n] == other[:n]


def _abbreviations_spelled(schema: SchemaContext) -> dict[str, frozenset[str]]:
    """For each abbreviated part of a name (:func:`_abbreviated_parts`), the words of the comments
    on the names it is in that it abbreviates: what the schema documents it stands for."""
    parts = {p for ps in schema.derived("sketch.abbreviated_parts", _abbreviated_parts)[0].values() for p in ps}
    out: dict[str, set[str]] = {}
    for table in schema.tables:
        named = [(table.name, table.comment)] + [(c.name, c.comment) for c in table.columns]
        for name, comment in named:
            if not comment:
                continue
            words = {sing(w) for w in re.findall(r"[a-z]+", comment.lower()) if len(w) >= 3}
            for part in set(name_words(name)) & parts:
                said = {w for w in words if abbreviates(part, w, english()) or _skeleton_of(part, w)}
                if said:
                    out.setdefault(part, set()).update(said)
    return {part: frozenset(words) for part, words in out.items()}


def _compounds_kept(words: list[str], read: list[str], index: dict[tuple[str, ...], list[_Entry]]) -> list[str]:
    """The longest match first: a word inside two or three the schema spells together as the
    question says them ("departure delay", "flight hours": a description's words) stays as
    said, unless its abbreviation is inside a longer spelling ("base airport code" read as
    ``base_arpt_cd``, over the "airport code" of another column's description)."""
    said, abbreviated = _compound_lengths(words, index), _compound_lengths(read, index)
    return [word if said[i] > 1 and abbreviated[i] <= said[i] else word_read
            for i, (word, word_read) in enumerate(zip(words, read))]


def _compound_lengths(words: list[str], index: dict[tuple[str, ...], list[_Entry]]) -> list[int]:
    """Per word, the length of the longest span of two or three words around it the index spells."""
    flat = [sing(w) for w in words]
    out = [0] * len(words)
    for length in (2, 3):
        for start in range(len(flat) - length + 1):
            if tuple(flat[start:start + length]) in index:
                out[start:start + length] = [length] * length
    return out


def _skeleton_of(part: str, word: str) -> bool:
    """Whether ``part`` is consonants of ``word`` in order from its first letter to its last
    consonant (``mfr``: manufacturer, ``mfg``: manufacturing), three letters or more: looser
    than :func:`.related_words.abbreviates`, so only for a name's head (:func:`_name_heads`)."""
    consonants = [c for c in word[1:] if c not in "aeiouy"]
    if len(part) < 3 or part[0] != word[0] or len(word) < len(part) + 2 or not consonants \
            or part[-1] != consonants[-1] or any(c in "aeiouy" for c in part[1:]):
        return False
    rest = iter(consonants)
    return all(c in rest for c in part[1:])


def _name_heads(schema: SchemaContext) -> frozenset[str]:
    """The words that say what a name's rows or values are: the words of the tables' names and
    the acronym a column's name opens with (:func:`.related_names.acronym_head`: ``mfr_nm``)."""
    return schema.derived("sketch.name_heads", lambda s: frozenset(
        [w for t in s.tables for w in name_words(t.name)]
        + [name_words(c.name)[0] for t in s.tables for c in t.columns if acronym_head(c.name)]))


def _table_parts(found: list[str], schema: SchemaContext) -> list[str]:
    """Of several parts that abbreviate a word ("aircraft": ``acft``, ``act_dep_ts``'s "act"),
    those a table's name is made of: the word names a table's rows."""
    tables = schema.derived("sketch.table_name_words",
                            lambda s: frozenset(w for t in s.tables for w in name_words(t.name)))
    return [p for p in found if p in tables]


def _named(word: str, flat: str, index: dict[tuple[str, ...], list[_Entry]]) -> bool:
    """Whether a name of the schema spells the word (singular, stemmed or in another base
    form). A word only descriptions use ("flight" in "total airframe flight hours", "defect" in
    "DFR defect rectification") names no table or column: a name that abbreviates it
    (``flt``, ``dfct``) says it better than a description that merely uses it."""
    keys: list[tuple[str, ...]] = [(flat,), (stem(flat),)]
    other = _other_form([word], (flat,), index)
    if other is not None:
        keys.append(other[0])
    return any(key in index and not _only_described(key, index[key]) for key in keys)


def _only_described(key: tuple[str, ...], entries: Sequence[_Entry]) -> bool:
    """Whether the descriptions of ``entries`` alone spell ``key``: none of them is spelt so by
    its own name, and none came by ordinary English (:class:`.related_names.Related`) or as a
    measure a table implies."""
    if isinstance(entries, Related):
        return False
    for table, column in entries:
        if column is None:
            if key in spellings(table.name):
                return False
        elif not any(c is column for c in table.columns) or key in spellings(column.name, table.name):
            return False
    return True


# Endings that make a noun of an English word: "vaccination" of vaccine, "adjustment" of adjust.
_NOUN_ENDINGS = ("ation", "ion", "ment")


def _english_noun(word: str, flat: str) -> bool:
    """An English word, or a noun made of one by its ending (the lexicon lacks many such)."""
    if flat in english() or word in english():
        return True
    for ending in _NOUN_ENDINGS:
        base = flat[:-len(ending)]
        if flat.endswith(ending) and len(base) >= 4 and (base in english() or base + "e" in english()):
            return True
    return False


def _abbreviated_parts(schema: SchemaContext) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The parts of the schema's names that look abbreviated (:func:`.related_words.looks_abbreviated`),
    by first letter; none the reader spells out itself, reads as a prefix or skips. Second, the
    English words of four to six letters that sit in a name beside such a part (``chrg_disc_amt``):
    in a name the schema abbreviates, "disc" is a discount cut short as likely as a disc."""
    names = [name_words(name) for t in schema.tables for name in (t.name, *(c.name for c in t.columns))]
    out: dict[str, list[str]] = {}
    cut: dict[str, list[str]] = {}
    for part in sorted({w for words in names for w in words}):
        if looks_abbreviated(part, english()) and part not in ABBREVIATIONS and part not in TABLE_PREFIXES \
                and part not in FILLER:
            out.setdefault(part[0], []).append(part)
    abbreviated = {p for ps in out.values() for p in ps} | set(ABBREVIATED) | set(ABBREVIATIONS)
    worded = {w for words in names if set(words) & abbreviated for w in words
              if 4 <= len(w) <= 6 and w in english() and w not in abbreviated and w not in FILLER
              and w not in UNIT_SUFFIXES and w not in TABLE_PREFIXES}
    for part in sorted(worded):
        cut.setdefault(part[0], []).append(part)
    return {k: tuple(v) for k, v in out.items()}, {k: tuple(v) for k, v in cut.items()}


def _name_edits(schema: SchemaContext) -> dict[str, frozenset[str]]:
    """Each single-word spelling of the schema's names (five letters or more), under itself and
    every form with one letter dropped: a word one edit away shares one of them."""
    out: dict[str, set[str]] = {}
    for key in schema.derived("sketch.names", name_index):
        if len(key) == 1 and len(key[0]) >= 5 and key[0].isalpha():
            for variant in (key[0], *_deletions(key[0])):
                out.setdefault(variant, set()).add(key[0])
    return {k: frozenset(v) for k, v in out.items()}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance exactly one."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def table_words_over_values(words: list[str], links: Sequence[ValueMatch],
                            mentions: Sequence[Mention]) -> list[ValueMatch]:
    """"car makes", "the car used for the most lessons": a one-word value ('car', a licence
    type of students) that also names another table (vehicles, by a synonym) reads as that
    table, unless a word beside it names the value's own table, one of its columns or a word of
    the value's column ("car students", "a car licence")."""
    out = []
    for link in links:
        if link.end - link.start == 1 and any(m.column is None and m.end - m.start > 1 and m.start <= link.start
                                              and link.end <= m.end for m in mentions):
            continue            # "permit types": a table's name of several words, no 'Permit' fee inside it
        if link.end - link.start == 1 and any(_named_around(words, m, link) for m in mentions):
            continue            # "average bid amount": bid.bid_amt, not the rows of projects whose status is 'BID'
        tables = [m.table for m in mentions if m.column is None and (m.start, m.end) == (link.start, link.end)]
        if link.end - link.start == 1 and tables and not any(_is_table(link.table, t) for t in tables):
            beside = [m for m in mentions if m.end == link.start or m.start == link.end]
            around = {sing(words[i]) for i in (link.start - 1, link.end) if 0 <= i < len(words)}
            if not any(_is_table(link.table, m.table) for m in beside) and not around & set(name_words(link.column)):
                continue
        out.append(link)
    return out


def _named_around(words: list[str], mention: Mention, link: ValueMatch) -> bool:
    """Whether ``mention`` is a column of another table than ``link``'s whose own name (not a
    description) is spelt by several words of the question, the value's word among them."""
    if mention.column is None or mention.end - mention.start < 2 or _is_table(link.table, mention.table) \
            or not (mention.start <= link.start and link.end <= mention.end):
        return False
    return not _only_described(tuple(sing(w) for w in words[mention.start:mention.end]),
                               [(mention.table, mention.column)])


def flags_over_values(words: list[str], links: Sequence[ValueMatch],
                      mentions: Sequence[Mention], schema: SchemaContext) -> list[ValueMatch]:
    """"calls made while roaming" where a ticket category is stored as 'roaming' and the usage
    records have an ``isRoaming`` flag, "active carpenters" beside a project status 'Active' and
    ``emp.active_flg``: a one-word value that is also the word a yes/no column of another table
    is named by reads as that flag, since a name that says the word is what the schema meant by
    it and a value merely holds it. The value stays where a word beside it spells its column
    ("status shipped", "category roaming") or names its table or a table that refers to it
    ("roaming tickets", "active projects" of a status table), or where the rest of the question
    is about the value's table ("open tickets about roaming"). The flag wins where the rest of
    the question is about the flag's table alone: a table or value of it said, or a number or
    date of its rows ("roaming charges"); a text column spelt by a noun says no rows ("active
    jobs" read as a role code). Where it is about neither, the flag wins only when its table,
    not the value's (or, for a table of codes, a table keeping the code), is joined directly to
    a table said ("which products were shipped");
    otherwise the value stays ("active subscribers": a line's status, not the ``isActive`` of
    the plans the lines are on)."""
    out = []
    for link in links:
        if not link.exact or link.end - link.start != 1:
            out.append(link)
            continue
        flags = [m for m in mentions if (m.start, m.end) == (link.start, link.end) and m.column is not None
                 and yes_no(m.column) and not _is_table(link.table, m.table)]
        if not flags:
            out.append(link)
            continue
        around = {sing(words[i]) for i in (link.start - 1, link.end) if 0 <= i < len(words)}
        beside = [m for m in mentions if m.end == link.start or m.start == link.end]
        if around & set(name_words(link.column)) or any(_holds(m.table, link.table) for m in beside):
            out.append(link)
            continue
        said = [m.table for m in mentions if (m.end <= link.start or m.start >= link.end) and _says_rows(m)]
        said += [t for v in links if v.exact and (v.end <= link.start or v.start >= link.end)
                 for t in (resolve(schema, v.table),) if t is not None]
        value_about = any(_holds(t, link.table) for t in said)
        if any(f.table is t for f in flags for t in said) and not value_about:
            continue            # "what % of calls were made while roaming": the calls are usage records
        own = resolve(schema, link.table)
        holders = [] if own is None else [own] if not _lookup(schema, own) else \
            [t for t in schema.tables if _holds(t, link.table)]     # a code's rows: those that refer to it
        if not value_about and own is not None and not any(_adjacent(t, h) for t in said for h in holders) \
                and any(_adjacent(t, f.table) for f in flags for t in said):
            continue            # "which products were shipped": the order items' flag, not orders' status
        out.append(link)
    return out


def _lookup(schema: SchemaContext, table: Table) -> bool:
    """Whether ``table`` is a table of codes and nothing more (``proj_stat``: a code, its
    description, perhaps a sort order): its values are those of the rows that refer to it."""
    return len(table.columns) <= 3 and code_table(schema, table) is not None


def _says_rows(mention: Mention) -> bool:
    """Whether a mention says which table's rows the question is about: the table itself, or a
    number or date its rows have; a text column spelt by a noun may be a label of anything."""
    column = mention.column
    return column is None or not isinstance(column, Column) or short_type(column.type) in ("int", "num", "date", "ts")


def yes_no(column: Column) -> bool:
    """Whether a column holds a yes or a no: a boolean, or text storing only a yes and a no
    ('Y'/'N', 'T'/'F') under a name of a flag (``is_male``, ``active_flg``)."""
    if short_type(column.type) == "bool":
        return True
    words = name_words(column.name)
    return short_type(column.type) == "text" and len(column.values) == 2 and len(words) > 1 \
        and (words[0] in ("is", "has", "have", "can", "was", "are", "does") or words[-1] in FLAG_SUFFIXES) \
        and any(v.strip().lower() in _YES for v in column.values) \
        and any(v.strip().lower() in _NO for v in column.values)


_YES = frozenset(("t", "y", "yes", "true", "1"))
_NO = frozenset(("f", "n", "no", "false", "0"))


def dated_verbs_over_values(words: list[str], links: Sequence[ValueMatch], periods: set[int],
                            schema: SchemaContext) -> list[ValueMatch]:
    """"permits issued this year" where a status is stored as 'Issued' and the permits have an
    ``IssuedDate``: a participle that names a date column of the value's own table, with a
    period after it (``periods``: its words' positions), says which date the period filters;
    the permits since finaled or expired were issued this year too."""
    out = []
    for link in links:
        word = words[link.start]
        if link.exact and link.end - link.start == 1 and word.endswith("ed") and any(p > link.start for p in periods):
            table = resolve(schema, link.table)
            if table is not None and any(short_type(c.type) in ("date", "ts") and word in name_words(c.name)
                                         for c in table.columns):
                continue
        out.append(link)
    return out


def owners_named_by_what_they_own(mentions: list[Mention]) -> tuple[list[Mention], list[tuple[int, int]]]:
    """"boat owners", "book authors": a table named right before a table it refers to (each
    boat has an owner) only says which rows of the second are meant, and joining it would count
    an owner once per boat. Unless the question names it again, its mention goes; the spans
    it was named by (read, not placed) come back beside the mentions kept."""
    tables_at = {m.start: m for m in mentions if m.column is None}
    dropped: list[tuple[int, int]] = []
    for m in mentions:
        after = tables_at.get(m.end)
        if m.column is None and after is not None and after.table is not m.table \
                and any((fk.ref_schema, fk.ref_table) == (after.table.schema, after.table.name)
                        for fk in m.table.foreign_keys) \
                and not any(o.table is m.table and (o.start, o.end) != (m.start, m.end) for o in mentions):
            dropped.append((m.start, m.end))
    return [m for m in mentions if (m.start, m.end) not in dropped or m.column is not None], dropped


def _holds(table: Table, ref: str) -> bool:
    """Whether ``table`` is the table ``ref`` names or refers to it (its code table: a project's
    status held in ``proj_stat``)."""
    return _is_table(ref, table) or any(ref in (fk.ref_table, f"{fk.ref_schema}.{fk.ref_table}")
                                        for fk in table.foreign_keys)


def _adjacent(table: Table, other: Table) -> bool:
    """Whether one of the two tables refers to the other."""
    return _holds(table, qualified_name_of(other)) or _holds(other, qualified_name_of(table))


def qualified_name_of(table: Table) -> str:
    return f"{table.schema}.{table.name}"


def _is_table(ref: str, table: Table) -> bool:
    """Whether ``ref`` (a value link's table, as SQL writes it) is ``table``."""
    return ref in (table.name, f"{table.schema}.{table.name}")


def _spans(words: list[str], index: dict[tuple[str, ...], list[_Entry]],
           taught: Mapping[tuple[str, ...], Sequence[_Entry]]
           ) -> list[tuple[tuple[int, int], list[_Entry]]]:
    flat = [sing(w) for w in words]
    stemmed = [ABBREVIATIONS.get(w) or stem(w) for w in flat]
    out: list[tuple[tuple[int, int], list[_Entry]]] = []
    for start in range(len(flat)):
        if stemmed[start] != flat[start] and (stemmed[start],) in index and (flat[start],) not in taught \
                and (stemmed[start],) not in taught:
            out.append(((start, start + 1), index[(stemmed[start],)]))
        if words[start] in VERBS and (start == 0 or words[start - 1] in ("please", "and", "also")):
            continue
        for length in (3, 2, 1):
            key = tuple(flat[start:start + length])
            if len(key) < length:
                continue
            if key not in taught and tuple(stemmed[start:start + length]) in taught:
                key = tuple(stemmed[start:start + length])     # "spending" for a taught "spent"
            if key in taught:       # what this user's examples say, over the schema's spelling
                if length == 1 and _says_how_it_came(words[start], start, out, taught[key]):
                    continue
                out.append(((start, start + length), list(taught[key])))
                continue
            if key in index:
                if isinstance(index[key], Related) and any(s < start and start + length <= e for (s, e), _ in out):
                    continue            # "funded hours": "hours" alone is no other name's spelling
                out.append(((start, start + length), index[key]))
                continue
            other = _other_form(words[start:start + length], key, index)
            if other is not None:
                out.append(((start, start + length), other[1]))
    return out


def _says_how_it_came(word: str, start: int, out: list[tuple[tuple[int, int], list[_Entry]]],
                      taught: Sequence[_Entry]) -> bool:
    """Whether a participle taught as a column ("paid": the musicians' salary, from "highest
    paid musician") follows a number column the schema names ("total fees paid to ..."): it
    says how that amount came about, no column of its own."""
    if not (word.endswith("ed") or IRREGULAR.get(word, word) != word and not word.endswith("s")):
        return False
    if not taught or any(c is None for _, c in taught):
        return False
    return any(e == start and entries and all(c is not None and short_type(c.type) in ("num", "int")
                                              for _, c in entries)
               for (_, e), entries in out)


def _other_form(words: list[str], key: tuple[str, ...], index: dict[tuple[str, ...], list[_Entry]]
                ) -> tuple[tuple[str, ...], list[_Entry]] | None:
    """The span spelt with one word in another of its base forms, when that spelling names
    something: a noun's ("children" -> child) for anything, a verb's ("invoiced" -> invoice,
    "fed" -> feed) for a table only (an event's rows), never a column ("shared" is no share),
    but for a count column named by the participle's noun ("cited": citations)."""
    for i, word in enumerate(words):
        for form in noun_forms(word)[1:]:
            other = key[:i] + (form,) + key[i + 1:]
            if other in index:
                return other, index[other]
        for form in verb_forms(word):
            for spelt in (form, form + "or", form + "er", form + "r", form + "ion"):   # conductor, inspection
                other = key[:i] + (spelt,) + key[i + 1:]
                tables = Verbal(e for e in index.get(other, ()) if e[1] is None)
                if tables:
                    return other, tables
        for form in verb_forms(word) if word.endswith("ed") else ():
            # "the most cited papers": a count column named by the verb's noun (citations)
            for spelt in {form[:-1] + "ation" if form.endswith("e") else form + "ation", form + "ion"}:
                other = key[:i] + (spelt,) + key[i + 1:]
                counts = Verbal(e for e in index.get(other, ()) if e[1] is not None and short_type(e[1].type) == "int")
                if counts:
                    return other, counts
    return None


# Words that may stand between a relating verb and the table it relates to: "appeared in any
# show", "borrowed a book", "worked for the company".
_BETWEEN_RELATED = frozenset(("a", "an", "the", "any", "some", "their", "his", "her", "in", "on", "at", "for",
                              "with", "to", "from", "into", "by"))


def _without_related_verbs(found: list[Mention], related: set[tuple[int, int]], words: list[str]) -> list[Mention]:
    """"never borrowed a book", "shops that do not hire any employee": a table reached through
    a verb ("borrowed": loans) with another table named right after it is the relation
    between the two, which the join path finds; as a mention of its own it would be one more
    subject."""
    tables_at = {m.start: m for m in found if m.column is None}
    out = []
    for m in found:
        if m.column is None and (m.start, m.end) in related:
            nxt = m.end
            while nxt < len(words) and words[nxt] in _BETWEEN_RELATED:
                nxt += 1
            after = tables_at.get(nxt)
            if after is not None and after.table is not m.table:
                continue
        out.append(m)
    return out


def _focus(spans: list[tuple[tuple[int, int], list[_Entry]]],
           links: Sequence[ValueMatch]) -> dict[str, int]:
    """How much of the question each table could hold: its name, its columns and its values
    mentioned (a span that names thousands of tables says nothing about any of them)."""
    score: dict[str, int] = {}
    for _, entries in spans:
        if len(entries) > MAX_MENTIONS_PER_SPAN:
            continue
        for table, column in entries:
            score[table.name] = score.get(table.name, 0) + (2 if column is None else 1)
    for link in links:
        if link.exact:
            name = link.table.rsplit(".", 1)[-1]
            score[name] = score.get(name, 0) + 2
    return score


def name_index(schema: SchemaContext) -> dict[tuple[str, ...], list[tuple[Table, Column | None]]]:
    """Every spelling of every table and column: its name, its ``COMMENT ON`` description (the
    names its users call it by), and the measures the table implies (:mod:`.measures`). A
    :class:`.related_names.NameIndex`: the "boat length" spellings are looked up on demand."""
    index = NameIndex()
    # Each key's entries once: a set beside the lists, since a wide schema gives a name such
    # as "id" thousands of entries, and scanning them per addition was quadratic. A table is
    # told apart by identity (names are unique in a schema), a measure by value: by the id of
    # the first measure of its value (``first_of`` holds them, so no id is reused meanwhile),
    # so it is hashed once per entry, not once per key. A column of the table's own is told
    # apart by identity too: its name is unique in its table, so no other of the table's
    # entries equals it, and hashing tens of thousands of columns (their values included)
    # cost a wide schema's build 15-20 ms.
    added: set[tuple[tuple[str, ...], int, int]] = set()
    first_of: dict[Column | None, int] = {}

    def add(keys: frozenset[tuple[str, ...]], entry: tuple[Table, Column | None]) -> None:
        found = entry[1]
        table = id(entry[0])
        column = id(found) if type(found) is Column else first_of.setdefault(found, id(found))
        for key in keys:
            mark = (key, table, column)
            if mark not in added:
                added.add(mark)
                index.setdefault(key, []).append(entry)

    for table in schema.tables:
        add(spellings(table.name), (table, None))
        for column in table.columns:
            add(spellings(column.name, table.name), (table, column))
            words = name_words(column.name)
            if len(words) == 1 and short_type(column.type) == "int" and column.name.lower().endswith("s") \
                    and singular(words[0]) not in _AMOUNT_UNITS:     # "litres" is an amount, not a count
                add(frozenset({("number", "of", words[0])}), (table, column))     # bedrooms: "number of bedrooms"
            if len(words) > 1 and words[-1] in FLAG_SUFFIXES and yes_no(column):
                add(frozenset({words[:-1]}), (table, column))                      # active_flg: "active"
            if len(words) > 1 and short_type(column.type) == "bool" and words[0] in ("has", "is", "can", "was"):
                add(frozenset({words[1:]}), (table, column))                       # has_pet: "pet"
                if words[0] == "is" and len(words) == 2 and len(words[1]) >= 5 and not words[1].endswith("er"):
                    agent = words[1] + ("r" if words[1].endswith("e") else "er")
                    add(frozenset({(agent,)}), (table, column))                    # isFreelance: "freelancers"
        for measure, names in _measures(table):
            add(names, (table, measure))
        for measure, names in key_measures(schema, table):      # a star schema's fact: its date keys' span
            add(names, (table, measure))
    # after every name: a question's words are looked up singular, so the revenue a table implies
    # is also spelt by its names' singular ("sales", "takings": sale, taking), where no name is
    taken = set(index)
    revenue: dict[tuple[str, ...], set[int]] = {}
    for table in schema.tables:
        for measure, names in _measures(table):
            if measure.name == "revenue":
                add(frozenset(k for k in _singular_names(names) if k not in taken), (table, measure))
                for key in names | _singular_names(names):
                    revenue.setdefault(key, set()).add(id(table))
    for key in revenue:     # several tables' revenue: the sales events' first, not a price list's
        _sales_events_first(index.get(key), schema)
    for table in schema.tables:     # after every name: a role names rows only where nothing else is so named
        for role in dated_roles(schema, table):
            if (role,) not in index:
                add(frozenset({(role,)}), (table, None))
    # a description's words that spell another table's name refer to it ("responses on tickets")
    named = _Named(index)
    for key, tables in revenue.items():     # "sales" is the revenue, not the "sales regions" described
        for table_id in tables:
            named.add(key, table_id)
    for table in schema.tables:      # a piece that is a name of its own wins over a word inside another piece
        for key in comment_names(table.comment):
            named.add(key, id(table))
    stripped = namespaced(schema)
    for table in schema.tables:      # a name without its namespace (gym_classtype: "class type") over a
        for key in spellings("_".join(stripped[table.name])) if table.name in stripped else ():   # description's
            named.add(key, id(table))
    heads: dict[tuple[str, ...], list[Table]] = {}
    for table in schema.tables:      # and a table's last words (gym_member: "member") over any description's
        for key in head_nouns(table.name):
            named.add(key, id(table))
            heads.setdefault(key, []).append(table)
    said: set[tuple[str, ...]] = set()      # descriptions' words that are some table's last words
    for table in schema.tables:
        if table.comment is None and all(c.comment is None for c in table.columns):
            continue                 # nothing described: most tables of a wide generated schema
        spelt = comment_spellings(table.comment)
        said |= spelt & heads.keys()
        add(frozenset(k for k in spelt if named.get(k) <= {id(table)}), (table, None))
        # a word the descriptions of several columns use ("bees": frames covered with bees,
        # mites per 100 bees) is what the table is about, not a name of one column
        described = [comment_spellings(column.comment) for column in table.columns]
        shared = {k for k, n in collections.Counter(k for keys in described for k in keys if len(k) == 1).items()
                  if n > 1}
        for column, keys in zip(table.columns, described):
            said |= keys & heads.keys()
            add(frozenset(k for k in keys if not named.get(k) and k not in shared), (table, column))
    for table, column, key, referenced in _referenced_by_description(schema):
        if not named.get(key) - {id(referenced)}:
            add(frozenset({key}), (referenced, None))
            index[key] = [e for e in index[key] if e[1] is not column]
    for key in said:                 # "members booked on a class": the schema calls gym_member's rows members
        if not any(c is None for _, c in index.get(key, ())):
            for table in heads[key]:
                add(frozenset({key}), (table, None))
    add_related(index, schema, {table.name: spellings("_".join(stripped[table.name]))
                                for table in schema.tables if table.name in stripped})
    return index


def _referenced_by_description(schema: SchemaContext
                               ) -> Iterator[tuple[Table, Column, tuple[str, ...], Table]]:
    """A key column's description names the rows of the table it refers to: ``lines.deviceId``
    described "handset sold with the line" says the devices are handsets, ``towerId`` "home
    network tower" that the cell towers are towers. The noun its first piece opens with (the
    words before a participle, a preposition or 'the'; its last word: "home network tower":
    tower) names the referenced table instead, where no other table is so named: the key
    holds only which row. Not a word either name spells already."""
    tables = {(t.schema, t.name): t for t in schema.tables}
    for table in schema.tables:
        for fk in table.foreign_keys:
            referenced = tables.get((fk.ref_schema, fk.ref_table))
            if len(fk.columns) != 1 or referenced is None or referenced is table:
                continue
            column = next((c for c in table.columns if c.name == fk.columns[0]), None)
            head = _described_noun(column.comment) if column is not None else None
            if column is not None and head is not None and (head,) not in spellings(column.name, table.name) \
                    and (head,) not in spellings(referenced.name):
                yield table, column, (head,), referenced


_PHRASE_ENDS = frozenset(("the", "a", "an", "of", "for", "with", "in", "on", "at", "by", "to", "from", "that",
                          "which", "who", "when", "where", "if", "null", "is", "was", "are", "this", "its"))


def _described_noun(comment: str | None) -> str | None:
    if not comment:
        return None
    piece = re.split(r"[;,(:.]", comment.lower(), maxsplit=1)[0]
    phrase: list[str] = []
    for word in re.findall(r"[a-z][a-z'-]*", piece):
        if word in _PHRASE_ENDS or is_verb_form(word) or (len(word) > 5 and word.endswith("ing")):
            break
        phrase.append(word)
    if not 1 <= len(phrase) <= 3:
        return None
    head = sing(phrase[-1])
    if len(head) < 4 or head in FILLER or not is_word(head):
        return None
    return head


def _sales_events_first(entries: list[_Entry] | None, schema: SchemaContext) -> None:
    """Reorder in place the revenue measures among ``entries`` (keeping every other entry where
    it is) so that a table whose rows are sales events comes first (:func:`.measures.sales_event`):
    where a price list and the transactions both imply a revenue, "revenue" is the transactions'."""
    if not entries:
        return
    at = [i for i, (_, c) in enumerate(entries) if isinstance(c, Measure) and c.name == "revenue"]
    if len(at) < 2:
        return
    ordered = sorted((entries[i] for i in at), key=lambda e: not sales_event(schema, e[0]))
    for i, entry in zip(at, ordered):
        entries[i] = entry


# Per table, by value: a new version of a wide schema (after DDL) keeps most of its tables as
# they were, and their measures (pure values) need not be worked out again; 8,192 tables.
@functools.lru_cache(maxsize=1 << 13)
def _measures(table: Table) -> tuple[tuple[Column, frozenset[tuple[str, ...]]], ...]:
    return table_measures(table)


def _singular_names(names: frozenset[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
    """One-word names spelt singular where that differs ("sales": sale, "earnings": earning)."""
    return frozenset((sing(k[0]),) for k in names if len(k) == 1 and sing(k[0]) != k[0])


# Last words of a table's name that say how its rows are kept, not what they are.
_KEPT_AS = frozenset(("type", "status", "code", "category", "info", "data", "detail", "log", "history",
                      "record", "map", "link", "list", "xref", "lookup", "table", "master", "entry"))


def head_nouns(name: str) -> frozenset[tuple[str, ...]]:
    """What a table's name says its rows are, when its first words only qualify them
    (``gym_member``: "member"; ``billing_membershipplan``: "plan", "membership plan"): a
    description elsewhere that uses the word means these rows, not its own. Only a name of two
    words or more; a last word of four letters or more that says what the rows are
    (``appointment_type``'s "type" says how they are kept)."""
    words = name_words(name)
    if len(words) < 2 or len(words[-1]) < 4 or words[-1] in _KEPT_AS:
        return frozenset()
    return frozenset({words[-1:]} | ({words[-2:]} if len(words) > 2 else set()))


class _Named:
    """The tables a key names (by identity): those the index spells by it as it stood before
    the descriptions were added (its lists only grow: their lengths then mark it), and those a
    description names by it. Worked out only for the keys descriptions use: on a wide schema
    a key such as ("name",) has thousands of entries, and the index tens of thousands of keys."""

    def __init__(self, index: dict[tuple[str, ...], list[tuple[Table, Column | None]]]) -> None:
        self._index = index
        self._sizes = {key: len(entries) for key, entries in index.items()}
        self._found: dict[tuple[str, ...], set[int]] = {}
        self._described: dict[tuple[str, ...], set[int]] = {}

    def add(self, key: tuple[str, ...], table: int) -> None:
        self._described.setdefault(key, set()).add(table)

    def get(self, key: tuple[str, ...]) -> set[int]:
        found = self._found.get(key)
        if found is None:
            entries = self._index[key][:self._sizes[key]] if key in self._sizes else []
            found = self._found[key] = {id(t) for t, c in entries if c is None} | self._described.get(key, set())
        return found


# Units an amount is kept in: a column named by one ("litres", "tonnes") holds no number of things.
_AMOUNT_UNITS = frozenset(("litre", "liter", "tonne", "ton", "kilo", "gram", "pound", "gallon", "metre", "meter"))


# Words of a description that are no name on their own.
_GENERIC = frozenset(("number", "count", "total", "amount", "value", "date", "time", "while", "still",
                      "where", "which", "after", "before", "until", "since", "about", "other", "there",
                      "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"))

# Quantifiers and linking words ("how many", "the most", "through"): a description's piece made
# of these and function words alone spells nothing, not even as a name would be spelt.
_QUANTIFIERS = frozenset(("many", "much", "few", "more", "most", "less", "least", "through", "via"))

# An identifier written in a description ("has_many :parts", "same as order_date"): code, or a
# reference to another name, which names nothing of what the description describes.
_IDENTIFIER = re.compile(r":?\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b:?")


def _naming_clauses(comment: str) -> list[str]:
    """The clauses of a description that name what it describes: not one that lists its
    values ("babies, toddlers or preschool", "M or F") nor one that says what NULL means."""
    out = []
    for clause in re.split(r"[;:().]", _IDENTIFIER.sub(" ", comment)):
        if "null" in clause or not clause.strip():
            continue
        items = [i for i in re.split(r",|\bor\b", clause) if i.strip()]
        if re.search(r"\bor\b", clause) and all(len(i.split()) <= 2 for i in items):
            continue
        out.append(clause)
    return out


# Prepositions after a description's head: what follows is whom or what it is measured in, billed
# to, paid by or kept for ("billed to the customer", "amount after discount"), not what it holds.
_AFTER_HEAD = frozenset(("in", "to", "after", "before", "at"))

# Words after which a description says what its column's rows lack, which names nothing of them.
_ABSENT = frozenset(("without", "not", "no", "excluding", "except", "lacking"))


@functools.lru_cache(maxsize=1 << 14)
def comment_spellings(comment: str | None) -> frozenset[tuple[str, ...]]:
    """"library card holders, patrons" reads as "patron", "card holder", "library card holder".
    A description is split at punctuation; each short piece (at most four words) is spelt like
    a column name, and its longer words also alone. A piece that enumerates values ("adult,
    child or senior") or says what NULL means names nothing."""
    if not comment:
        return frozenset()
    out: set[tuple[str, ...]] = set()
    for n, piece in enumerate(re.split(r"[;,/\[\]]|\band\b|\bor\b", " ; ".join(_naming_clauses(comment.lower())))):
        words = [w for w in re.findall(r"[a-z][a-z']*", piece) if w not in ("a", "an", "the")]
        if not words or len(words) > 6:
            continue
        # "floor area in square metres", "billed to the customer", "amount paid after discount":
        # what follows the head's preposition is what it is measured in, by, for or after
        cut = next((i for i, w in enumerate(words) if i > 0 and w in _AFTER_HEAD), len(words))
        words = words[:cut]
        if n == 0:
            out |= _short_head(words)
        absent = next((i for i, w in enumerate(words) if w in _ABSENT), len(words))
        words = words[:absent]          # "properties left without water": no water is what it holds
        if not words:
            continue
        piece_out = set(_name_spellings("_".join(words), False))
        rate = _rate_time(words)
        words = [noun_forms(w)[-1] if w in IRREGULAR else w for w in words]     # "the children": child
        piece_out |= {(sing(w),) for w in words
                      if len(w) >= 4 and w not in FILLER and w not in _GENERIC and w not in _QUANTIFIERS}
        if len(words) <= 3:
            piece_out.add(tuple(sing(w) for w in words))
        out |= {spelt for spelt in piece_out - rate if not all(w in _QUANTIFIERS or w in FILLER for w in spelt)}
    return _kept(out)


def _rate_time(words: list[str]) -> set[tuple[str, ...]]:
    """"salary offered, GBP per year": the time a rate is per says how the amount is kept, and
    names nothing of the column ("fees this year" is no offer's salary): its spellings alone
    ("year", "per year"), which a description's piece then does not give."""
    at = words.index("per") if "per" in words[1:] else -1
    if at > 0 and at + 1 < len(words) and words[at + 1] in _GENERIC:
        time = sing(words[at + 1])
        return {(time,), ("per", time)}
    return set()


def _short_head(words: list[str]) -> set[tuple[str, ...]]:
    """"fee charged to the client": the noun a description opens with is what its column
    holds, though it is as short as "fee" or "tax" (longer words are spelt alone anyway)."""
    head = words[0] if words else ""
    if len(head) == 3 and head in english() and head not in FILLER and head not in _GENERIC \
            and head not in CUE_WORDS and not is_verb_form(head):
        return {(head,)}
    return set()


@functools.lru_cache(maxsize=1 << 14)
def comment_names(comment: str | None) -> frozenset[tuple[str, ...]]:
    """The pieces of a description that are a name on their own ("parents and carers":
    parent, carer), as against a word inside a longer piece ("bills sent to parents")."""
    if not comment:
        return frozenset()
    pieces = re.split(r"[;,/\[\]]|\band\b|\bor\b", " ; ".join(_naming_clauses(comment.lower())))
    words = [[noun_forms(w)[-1] if w in IRREGULAR else w for w in re.findall(r"[a-z][a-z']*", piece)
              if w not in ("a", "an", "the")] for piece in pieces]
    return frozenset(tuple(sing(w) for w in piece) for piece in words
                     if 0 < len(piece) <= 2 and not all(w in _QUANTIFIERS or w in FILLER for w in piece))


def spellings(name: str, table: str | None = None) -> frozenset[tuple[str, ...]]:
    """The word sequences a question may spell a table's name with (``table`` None), or a
    column's name with (``table``: its table's name, for ``templates.template_id`` -> "id")."""
    if table is None:
        return _name_spellings(name, True)
    return _column_spellings(name, table)


@functools.lru_cache(maxsize=1 << 17)   # per (column, table): a new version of a wide schema spells them again
def _column_spellings(name: str, table: str) -> frozenset[tuple[str, ...]]:
    words, prefix = name_words(name), name_words(table)
    stripped = {words[len(own):] for own in (prefix, prefix[-1:])
                if len(words) > len(own) and words[:len(own)] == own}
    own = _name_spellings(name, False)
    return own | _kept(_expanded(stripped, words)) if stripped else own


@functools.lru_cache(maxsize=1 << 16)   # a wide schema repeats its column names in every table
def _name_spellings(name: str, is_table: bool) -> frozenset[tuple[str, ...]]:
    words = name_words(name)
    out = {words} if 0 < len(words) <= 3 else set()
    out |= _as_written(name, words)
    if is_table:
        if len(words) > 1 and words[0] in TABLE_PREFIXES:
            out.add(words[1:])
        return frozenset(out | table_spellings(words))     # legacy abbreviations (vocabulary.py)
    # template_type_description reads as "description" or "type description": a column's
    # trailing words, which the question's other words then place in one table
    if words and words[-1] != "id":
        out.update(words[i:] for i in range(1, len(words))
                   if len(words) - i <= 3 and (len(words) - i > 1 or len(words[i]) >= 4))
    if len(words) > 1 and NAME_PART_ABBREVIATIONS.get(words[-1], "number") not in IDENTIFIER_WORDS:
        out.add((NAME_PART_ABBREVIATIONS[words[-1]],))     # part_cat: "category" (line_no alone: no number)
    if len(words) >= 3 and words[-1] != "id" and words[1] not in FILLER:
        out.add(words[:2])                     # net_worth_millions reads as "net worth" (num_of_staff not as "number of")
    return _kept(_expanded(out, words))


def _as_written(name: str, words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A name :func:`.vocabulary.name_words` unfolded (``beekeepers``: "bee keeper") is also
    spelt as written, folded part whole: the lexicon lacks some compounds a question uses."""
    written = written_words(name)
    return {written} if written != words and 0 < len(written) <= 3 else set()


# What an abbreviated last part stands for that is no name alone: a number or a code says which
# row, of whatever the name's other words say.
IDENTIFIER_WORDS = frozenset(("number", "code"))


def _expanded(out: set[tuple[str, ...]], words: tuple[str, ...]) -> set[tuple[str, ...]]:
    for spelled in list(out):
        if len(spelled) == 1 and len(words) > 1:
            continue        # line_no's "no" alone is not "number": a lone suffix stays as spelt
        expanded = tuple(ABBREVIATIONS.get(w, w) for w in spelled)
        out.add(expanded)
        if len(expanded) == 2:
            out.add((expanded[0], "of", expanded[1]))    # number_products: "number of products"
        if len(expanded) == 3 and expanded[1] == "of":
            out.add((expanded[2], expanded[0]))          # num_of_staff: "staff number"
    return out


def _kept(out: set[tuple[str, ...]]) -> frozenset[tuple[str, ...]]:
    return frozenset(w for w in out if w and not (len(w) == 1 and w[0] in FILLER
                                                   and w[0] not in ("name", "names")))


def mention_at(mentions: list[Mention], at: int) -> Mention | None:
    """The longest mention starting at ``at`` (or one word later, past an adjective)."""
    for start in (at, at + 1):
        here = [m for m in mentions if m.start == start]
        if here:
            here.sort(key=lambda m: (-(m.end - m.start), m.column is not None))
            return here[0]
    return None


_MONEY = frozenset(("price", "cost", "amount", "fee", "charge", "salary", "fare", "rate", "cent", "pence"))


def money_mentions(words: list[str], mentions: list[Mention], schema: SchemaContext | None = None) -> list[Mention]:
    """"sponsorship money", "prize money": "money" after a table is its one money column (an
    amount, a price, a fee); after a number column, that column said twice. Otherwise, with
    ``schema``, "money" said alone or after a table, a cue or a filler word ("brought in the most
    money", "sponsor money") is the revenue a table implies (:mod:`.measures`), every table's
    that has one; after a word no name places ("prize money") it stays unplaced, a kind of money
    the schema does not name (and not in the index, so placing by sense may still read it)."""
    out = list(mentions)
    for i, word in enumerate(words):
        if word != "money" or any(m.start <= i < m.end for m in mentions):
            continue
        before = [m for m in mentions if m.end == i]
        numeric = [m for m in before if m.column is not None and short_type(m.column.type) in ("int", "num")]
        if numeric:
            out = [Mention(m.table, m.column, m.start, i + 1) if m in numeric else m for m in out]
            continue
        found = False
        for m in before:
            money = money_column([m], only=True) if m.column is None else None
            if money is not None:
                out = [x for x in out if x is not m] + [Mention(money[0], money[1], m.start, i + 1)]
                found = True
                break
        if found or schema is None or not (before or i == 0 or words[i - 1] in CUE_WORDS or words[i - 1] in FILLER):
            continue
        out.extend(Mention(t, c, i, i + 1) for t, c in _revenues(schema))
    return out


def _revenues(schema: SchemaContext) -> tuple[tuple[Table, Measure], ...]:
    """Every revenue a table of ``schema`` implies, a sale's before a price list's
    (:func:`.measures.by_sales_events`), worked out once per schema version: a question saying
    "money" must not go over every table of a wide schema."""
    def build(s: SchemaContext) -> tuple[tuple[Table, Measure], ...]:
        implying = [t for t in s.tables if any(_revenue(c) for c, _ in _measures(t))]
        return tuple((t, c) for t in by_sales_events(s, implying) for c, _ in _measures(t) if _revenue(c))
    return schema.derived("names.revenues", build)


def _revenue(column: Column) -> TypeGuard[Measure]:
    return isinstance(column, Measure) and column.name == "revenue"


def is_money(column: Column) -> bool:
    """A number column whose name says money (a price, an amount, a fee)."""
    return short_type(column.type) in ("int", "num") and bool(
        {ABBREVIATIONS.get(w, w) for w in name_words(column.name)} & _MONEY)


def money_column(mentions: list[Mention], only: bool = False) -> tuple[Table, Column] | None:
    """What "expensive", "cheaper than", "costs over" are about: the price of the table the
    question is most about (mentions come ordered by focus); with ``only``, the first table's
    money column when it has exactly one."""
    for m in mentions:
        money = [c for c in m.table.columns if is_money(c)]
        if only:
            return (m.table, money[0]) if len(money) == 1 else None
        if money:
            return m.table, money[0]
    return None


def dimension_of(word: str, mentions: list[Mention]) -> tuple[Table, Column] | None:
    """What "the heaviest animal", "the largest enclosure" rank by when no column is named: the
    one number column of the table the question is most about whose name is the dimension the
    word measures (``weight_kg``, ``area_sqm``)."""
    dimensions = DIMENSIONS.get(word)
    if not dimensions:
        return None
    wanted = set(dimensions) | (_WEIGHT_UNITS if "weight" in dimensions else set()) | {
        unit for unit, measured in UNIT_DIMENSIONS.items() if measured in dimensions}     # hectares: an area
    for m in mentions:
        if m.column is not None:
            continue
        found = [c for c in m.table.columns if short_type(c.type) in ("int", "num")
                 and (set(spelt_out(tuple(ABBREVIATIONS.get(w, w) for w in name_words(c.name)))) & wanted
                      or "duration" in dimensions and _kept_in_time_units(c))
                 and "per" not in name_words(c.name)]       # "price_per_tonne" is no weight
        if not found and "size" in dimensions:      # "the largest harvest": its one amount (honey_kg)
            found = [c for c in m.table.columns if summable(m.table, c)]
        if len(found) == 1:
            return m.table, found[0]
    return None


def _kept_in_time_units(column: Column) -> bool:
    """A number of hours, minutes or days (``hours``, ``duration_mins``, ``labor_hrs``): how
    long a row lasted, which "longer", "the longest" measure. Not "start_hour", a time of day."""
    return any(unit in column.name.lower() for unit in ("hours", "hrs", "minutes", "mins"))


# Units a weight is kept in: "the heaviest harvest" over ``honey_kg``.
_WEIGHT_UNITS = frozenset(("kg", "kgs", "kilo", "kilogram", "tonne", "tonnes", "ton", "tons", "lb", "lbs", "pound",
                           "gram"))


def age_of(mentions: list[Mention]) -> tuple[Table, Column] | None:
    """What "older", "the youngest" are about: an age column named, else of a table the
    question names, an age column or the age its birth date implies."""
    for m in mentions:
        if m.column is not None and m.column.name.lower() == "age":
            return m.table, m.column
    for m in mentions:
        column = m.table.column("age") or next(
            (c for c, _ in table_measures(m.table) if c.name == "age"), None)
        if column is not None:
            return m.table, column
    return None


# Table name -> (table, column): the column this role's taught SQL shows a table's rows by
# (:attr:`~ask.translate.sketch.taught.TaughtLexicon.labels`), set while one question is read
# with a taught lexicon (:func:`taught_labels`); the schema's own naming is the rest.
_TAUGHT_LABELS: ContextVar[Mapping[str, tuple[Table, Column]] | None] = ContextVar("taught_labels", default=None)


@contextmanager
def taught_labels(labels: Mapping[str, tuple[Table, Column]] | None) -> Iterator[None]:
    """Within the block, :func:`name_column` and :func:`shown_names` name a table's rows by the
    column taught SQL shows them by (``svc_desc`` where the schema's naming would take the
    category code ``svc_cat_cd``)."""
    token = _TAUGHT_LABELS.set(labels or None)
    try:
        yield
    finally:
        _TAUGHT_LABELS.reset(token)


# The person each table's rows are, where the rows' names are kept in a people table one key away
# (:func:`people_behind`), while a question is read (:func:`reading_people`).
_PEOPLE: ContextVar[Mapping[str, Table] | None] = ContextVar("people_behind", default=None)

# What a table of people is called when its rows are anyone's identity, not a role's.
_IDENTITIES = frozenset(("user", "person", "individual", "party", "identity", "login"))

# Dates every row gets when it is written, not an event of its own.
_AUDIT = frozenset(("created", "modified", "updated", "inserted", "changed", "at", "on", "date", "time",
                    "timestamp", "dt", "ts"))


@contextmanager
def reading_people(schema: SchemaContext) -> Iterator[None]:
    """Within the block, :func:`person_behind` answers for ``schema``'s tables."""
    token = _PEOPLE.set(schema.derived("sketch.people_behind", people_behind))
    try:
        yield
    finally:
        _PEOPLE.reset(token)


def person_behind(table: Table) -> Table | None:
    """The people table that holds the names of ``table``'s rows (:func:`people_behind`)."""
    people = _PEOPLE.get()
    found = people.get(table.name) if people else None
    return found


def group_names(group: tuple[Table, Column | None, tuple[Column, ...]] | None,
                shown: Sequence[Column | None]) -> list[tuple[Table, Column]]:
    """A group of a profile's rows shown by its key only (``accounts_tutor.id``; ``shown``: the
    columns the reading already shows) is shown by the names of the person each row is
    (:func:`person_behind`: ``auth_user``'s first and last names), grouped by them beside the key."""
    if group is None or any(c is group[1] for c in shown) \
            or not (group[1] is None or group[1].name in group[0].primary_key):
        return []
    person = person_behind(group[0])
    return [(person, c) for c in shown_names(person)] if person is not None else []


def people_behind(schema: SchemaContext) -> dict[str, Table]:
    """A person's profile whose names live in a people table: Django's ``accounts_tutor``
    (``user_id`` -> ``auth_user``, which holds the first and last names), an ``employee`` whose
    ``person_id`` is a ``person``. A table with no name of its own whose one key refers to a
    table of users or persons shown by a first and a last name (``user_id``, ``person_id``),
    and with no date of an event of its own: listing its rows lists those people. A role's
    table is no identity (``applications.candidate_id``, ``test_drives.customer_id``: what a
    candidate or a customer did), nor is a table of two keys (``show_host``, a booking)."""
    with taught_labels(None):       # the schema's own naming: kept per schema, whoever's question built it
        return _people_behind(schema)


def _people_behind(schema: SchemaContext) -> dict[str, Table]:
    out: dict[str, Table] = {}
    for table in schema.tables:
        if len(table.foreign_keys) != 1 or len(table.foreign_keys[0].columns) != 1 or shown_names(table) \
                or any(not set(name_words(c.name)) <= _AUDIT for c in event_dates(table)):
            continue
        fk = table.foreign_keys[0]
        ref = schema.table(fk.ref_table, fk.ref_schema)
        key = name_words(fk.columns[0])
        if ref is not None and ref is not table and len(shown_names(ref)) == 2 and len(key) == 2 \
                and key[-1] == "id" and key[0] in _IDENTITIES and key[0] in name_words(ref.name):
            out[table.name] = ref
    return out


def _taught_label(table: Table) -> Column | None:
    labels = _TAUGHT_LABELS.get()
    entry = labels.get(table.name) if labels else None
    return entry[1] if entry is not None and entry[0] is table else None


def shown_names(table: Table) -> tuple[Column, ...]:
    """The columns that name a row when it is listed: its name, or its first and last names
    (or the one column taught SQL shows its rows by)."""
    taught = _taught_label(table)
    if taught is not None:
        return (taught,)
    first = next((c for c in table.columns if _spelt(c)[-2:] in (("first", "name"), ("given", "name"))
                  or _folded(c).endswith(("firstname", "givenname"))), None)
    last = next((c for c in table.columns if _spelt(c)[-2:] in (("last", "name"), ("family", "name"),
                                                                 ("sur", "name"))
                 or _folded(c).endswith(("lastname", "familyname", "surname"))), None)
    if first is not None and last is not None:
        return first, last
    label = name_column(table)
    return (label,) if label is not None else ()


def _folded(column: Column) -> str:
    """The column's name in lower case without separators: ``firstname`` as a legacy schema
    folded ``FirstName`` (the reader's words do not split it)."""
    return "".join(ch for ch in column.name.lower() if ch.isalnum())


def _spelt(column: Column) -> tuple[str, ...]:
    """The column's name words with abbreviations spelt out (``first_nm``: first name)."""
    return tuple(ABBREVIATIONS.get(w, w) for w in spelt_out(name_words(column.name)))


def name_column(table: Table) -> Column | None:
    """The column that names a row: ``name``, ``title``, ``…_name``, ``hotel_nm`` (the one
    taught SQL shows its rows by first, while a question is read with taught labels)."""
    taught = _taught_label(table)
    if taught is not None:
        return taught
    own = own_name_column(table)
    if own is not None:
        return own
    return _short_of_a_name(table)


def own_name_column(table: Table) -> Column | None:
    """A column the schema spells as a row's name: ``name``, ``title``, ``…_name``, or a text
    column named as its table; not a code or a description standing in for one. A person's
    first name folded into one word (``firstname`` beside ``lastname``) names the row before a
    ``title`` does (an attorney's title is their rank, not their name)."""
    first = next((c for c in table.columns if _folded(c) in ("firstname", "givenname")), None)
    if first is not None and any(_folded(c) in ("lastname", "familyname", "surname") for c in table.columns):
        return first
    for name in NAME_COLUMNS:
        col = table.column(name)
        if col is not None:
            return col
    for col in table.columns:
        words = name_words(col.name)
        if words and ABBREVIATIONS.get(words[-1], words[-1]) in NAME_COLUMNS and short_type(col.type) == "text" \
                and (len(words) == 1 or words[-2] not in ("user", "file", "domain", "host", "login")):
            return col
    for col in table.columns:           # orchestra.orchestra: a text column named as its table
        if short_type(col.type) == "text" and name_words(col.name) == name_words(table.name):
            return col
    return None


def _short_of_a_name(table: Table) -> Column | None:
    for col in table.columns:           # rooms.room_num, berths.berth_cd: what a row is called by, short of a name
        words = spelt_out(name_words(col.name))
        if len(words) > 1 and ABBREVIATIONS.get(words[-1], words[-1]) in ("number", "code") and "type" not in words \
                and short_type(col.type) == "text" and col.name not in table.primary_key:
            return col
    for col in table.columns:           # part_mstr.part_desc: a description, where nothing names a row
        words = spelt_out(name_words(col.name))
        if words and words[-1] == "description" and short_type(col.type) == "text" \
                and (len(words) == 1 or words[:-1] == spelt_out(name_words(table.name))[:len(words) - 1]):
            return col
    return None


def resolve(schema: SchemaContext, ref: str) -> Table | None:
    if "." in ref:
        schema_name, name = ref.split(".", 1)
        return schema.table(name, schema_name)
    return schema.table(ref)
