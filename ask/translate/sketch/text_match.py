"""Text a column holds part of: "a song with the word 'Hey' in its name", "descriptions
containing the letter w", "names starting with 'A'" (ILIKE, the question's wildcards escaped).
A quoted text no cue says is contained is left to value linking."""

from __future__ import annotations

from collections.abc import Sequence

from ask.context.value_linking import singular
from ask.schema import short_type
from ask.translate.prompt import quote_literal
from ask.translate.sketch.names import Mention, name_words
from ask.translate.sketch.spelling import Parts, Unreadable, qualified
from ask.translate.sketch.vocabulary import FILLER, use


_CONTAINS = frozenset(("contain", "contains", "containing", "include", "includes", "including", "word",
                       "words", "letter", "letters", "phrase", "substring", "string", "character"))
_SPELT_BY = frozenset(("letter", "word", "character"))
# "names starting with 'A'", "titles that end with 's'"
# "a song with 'Hey' in its title" where the column is song_name: a thing's title is its name
_TITLE = {"title": "name"}
_EDGES = {"start": "start", "starts": "start", "starting": "start", "begin": "start", "begins": "start",
          "beginning": "start", "end": "end", "ends": "end", "ending": "end"}


def contains_filters(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
                     quoted: Sequence[tuple[int, int, str]]) -> None:
    """"a song with the word 'Hey' in its name", "descriptions containing the letter w": a text
    column holding the quoted (or spelt-out) text somewhere (ILIKE); a text no cue says is
    contained is left to value linking."""
    spans = list(quoted) + [(i + 1, i + 2, words[i + 1]) for i, w in enumerate(words[:-1])
                            if w in _SPELT_BY and len(words[i + 1]) <= 2 and not any(q[0] == i + 1 for q in quoted)]
    for start, end, value in spans:
        if start >= len(words) or used[start] or not value:
            continue
        cue = [i for i in range(max(0, start - 4), start) if words[i] in _CONTAINS]
        edge = _EDGES.get(words[start - 2]) if start >= 2 and words[start - 1] == "with" else None
        cue += [start - 2, start - 1] if edge is not None else []
        inside = end + 1 < len(words) and words[end] == "in"
        if not cue and not inside:
            continue
        column = _text_column(words, mentions, min(cue + [start]), end)
        if column is None:
            raise Unreadable("contained in what")
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = escaped + "%" if edge == "start" else "%" + escaped if edge == "end" else "%" + escaped + "%"
        parts.filters.append(f"{qualified(column.table, column.column)} ILIKE {quote_literal(pattern)}")
        parts.filter_tables.append(column.table)
        use(used, min(cue + [start]), end)
        use(used, column.start, column.end)
        if inside:
            use(used, end, column.start)        # "in its name"


def _text_column(words: list[str], mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The text column named after "in its / their / the" right after the text, else the
    nearest one named before it."""
    def text(m: Mention) -> bool:
        return m.column is not None and short_type(m.column.type) == "text"
    if end < len(words) and words[end] == "in":
        after = end + 1 + (1 if end + 1 < len(words) and words[end + 1] in ("its", "their", "the", "his", "her") else 0)
        found = [m for m in mentions if m.start == after and text(m)]
        owner = _owned(words, mentions, start, after)
        if owner is not None:
            return owner
        if found:
            return max(found, key=lambda m: m.end - m.start)
    before = [m for m in mentions if text(m) and m.end <= start and start - m.end <= 5]
    return max(before, key=lambda m: (m.end, m.end - m.start)) if before else None


def _owned(words: list[str], mentions: list[Mention], start: int, at: int) -> Mention | None:
    """"a song having 'Hey' in its name": the column named by the thing before the text and
    the word after "its" (``song_name``)."""
    if at >= len(words):
        return None
    nouns = {singular(words[i]): i for i in range(max(0, start - 4), start) if words[i] not in FILLER}
    for table in dict.fromkeys(m.table for m in mentions):
        for c in table.columns:
            spelt = name_words(c.name)
            if short_type(c.type) == "text" and len(spelt) == 2 and spelt[0] in nouns \
                    and spelt[1] in (singular(words[at]), _TITLE.get(singular(words[at]))):
                return Mention(table, c, nouns[spelt[0]], at + 1)    # the words from the noun on
    return None
