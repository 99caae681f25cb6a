"""Words a model's answer ignores: the question asks about something the schema does not hold.

A text-to-SQL model writes SQL for any question. On a shop's schema it answers "marketing
spend by channel" with revenue by channel, "number of customer complaints" with a count of
customers, "payroll cost last month" with the discounts given: a confident wrong answer, worse
than an error. The refusal check before translation (:mod:`ask.context.refusal`) lets these
through, rightly on its evidence: most of their words are the schema's ("spend", "channel",
"customer", "cost") and a synonym it cannot know may stand for the rest.

Once the model has answered there is more evidence. A word that names something — an English
word the schema's vocabulary does not hold (no table, column, comment, synonym, stored or
linked value, taught word: the refusal check's ``unknown`` role), or a longer word nobody knows
— demands a place in the answer. :func:`unheld_words` lists those the SQL spells nowhere (the
SQL's own names cannot spell them, being the schema's; only a string it compares with can).
The planner (``HOLDS``) then asks the question's plain reading, which knows the synonyms the
reader places ("age" from a birth date): a word the reading places is held, one it leaves
unplaced (or every one, when nothing reads the question) is not, and the question is refused
(42000, the HINT naming the word) before anything runs.

Words that say how to count, rank or show (the reader's fillers and harmless words, superlatives,
"common"), past forms that relate what the question names ("deleted accounts", "received"), and
made-up words of three letters or fewer (codes, "biz") demand nothing here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from pglast import ast
from pglast.parser import ParseError

from ask.checks.parsed import NodeVisitor, ParsedSQL
from ask.context.refusal import Word, Words, initials_of_names, unknown_name, word_forms
from ask.context.related_words import is_verb_form
from ask.context.value_linking import ValueMatch, normalise
from ask.schema import SchemaContext
from ask.translate.sketch.vocabulary import FILLER, HARMLESS, HOW_USUAL, SUPERLATIVES

# Words that say how often or how usual, on any schema: "the most common genre".
_SHAPE = HOW_USUAL | {"commonest", "typical", "rare", "rarest"}
_SAYS_HOW = FILLER | HARMLESS | frozenset(SUPERLATIVES) | _SHAPE
# The roles of words the schema does not know (ask.context.refusal.Word): an English word
# ("unknown") or one no lexicon knows ("junk"). Capitalised words ("name") demand one only when
# no lexicon knows them or they are an acronym (:func:`_unknown_name`); a number or a schema
# word is placed by the SQL's own names.
_DEMANDING = frozenset(("unknown", "junk"))
_SHORTEST_JUNK = 4


def unheld_words(sql: ParsedSQL | str, question: str, schema: SchemaContext,
                 links: Sequence[ValueMatch] = (), taught: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The words of ``question`` that name something the schema does not know and that no
    string ``sql`` compares with spells, as the question writes them; ``taught``: words
    (singular) the role's taught examples say name something of the schema."""
    words = Words.read(unicodedata.normalize("NFKC", question), schema, links, taught)
    initials = schema.derived("refusal.initials", initials_of_names)
    asked = [w for w in words.words if _demands_a_place(w, initials)]
    if not asked:
        return ()
    spelled = _string_words(sql)
    return tuple(dict.fromkeys(w.shown for w in asked if not word_forms(w.text) & spelled))


def _demands_a_place(word: Word, initials: frozenset[str] = frozenset()) -> bool:
    if word.role == "name":
        return unknown_name(word, initials)
    return (word.role in _DEMANDING and word.text.isalpha()
            and len(word.text) >= (_SHORTEST_JUNK if word.role == "junk" else 3)
            and word.text not in _SAYS_HOW and not is_verb_form(word.text))


def _string_words(sql: ParsedSQL | str) -> set[str]:
    """The word forms of every string constant of ``sql`` ('%stock%', 'Out of stock'), over the
    candidate's nodes listed once (:attr:`ParsedSQL.nodes`, shared with the other checks)."""
    try:
        nodes = ParsedSQL.of(sql).nodes
    except ParseError:
        return set()
    collector = _Strings()
    collector.visit(nodes)
    return {f for text in collector.found for w in normalise(text) for f in word_forms(w)}


class _Strings(NodeVisitor):
    def __init__(self) -> None:
        self.found: list[str] = []

    def visit_A_Const(self, node: ast.A_Const) -> None:
        if isinstance(node.val, ast.String) and node.val.sval:
            self.found.append(node.val.sval)
