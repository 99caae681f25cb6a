"""Ground generated SQL in the question: linked values copied exactly, numbers it states.

The prompt tells the model which stored values the question names (``values: products.name =
'Lenovo ThinkPad X1 Carbon'``), and the model is meant to copy them into the SQL. A small
model sometimes drops a piece of a long name (``p.name = 'Lenovo ThinkPad X1 Con'``), which
runs fine and returns nothing. When a string literal compared with ``=`` to a column is not a
stored value of that column, but one linked value of the same table and column is very close
to it, the literal is replaced by that value. Nothing else is touched: other literals, other
operators, and any literal that already is a known value stay as generated. The rewrite works
on scanner tokens, like :mod:`ask.checks.dialect`, and the result is validated like any SQL.

Linked values are also checked for where they land: :func:`value_defects` counts literals
compared with a column other than the one the question's value was linked to, and linked
phrases the SQL ignores altogether.

Numbers are checked, not rewritten: :func:`ungrounded_numbers` lists the constants the SQL
compares against (``> 5000``) that the question does not state in any of the ways analysts
write them (``5000``, ``5,000``, ``5k``, ``1.5 million``, ``five``). The planner uses it as a
soft preference: an answer with an ungrounded threshold is worth one wider decode, and a valid
candidate whose thresholds are all grounded wins over it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from pglast import ast
from pglast.enums import A_Expr_Kind
from pglast.parser import ParseError

from ask.checks.parsed import SQL, NodeVisitor, ParsedSQL, same_kind
from ask.translate.prompt import quote_literal
from ask.schema import SchemaContext
from ask.context.value_linking import ValueMatch

MIN_SIMILARITY = 0.8
_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                      "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
                                      .split())}
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mil": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9,
          "bn": 1e9, "billion": 1e9}
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|mil|mn|bn|k|m|b)?\b"   # digits, scale word
_NUMBER = re.compile(_AMOUNT, re.IGNORECASE)
_THRESHOLD = re.compile(r"(?:more than|less than|fewer than|greater than|at least|at most|over|under|above|below|"
                        r"exceeding|>=|<=|>|<)\s+[$¥€£]?" + _AMOUNT, re.IGNORECASE)
_WINDOW = re.compile(r"\b(\d+)\s*(day|week|month|year)s?\b", re.IGNORECASE)
_SQL_INTERVAL = re.compile(r"interval '(\d+) (day|week|month|year)s?'", re.IGNORECASE)
_SQL_DAYS = re.compile(r"current_date - (\d+)\b")
_COMPARISONS = frozenset(("<", ">", "<=", ">=", "=", "<>", "!="))


def question_numbers(question: str) -> set[float]:
    """Every number ``question`` states, scaled (``80k`` -> 80000) and as written (``80``)."""
    found: set[float] = set()
    for digits, scale in _NUMBER.findall(question):
        written = _amount(digits, "")
        if written is not None:
            found |= {written, _amount(digits, scale) or written}
    for word in re.findall(r"[a-z]+", question.lower()):
        if word in _WORDS:
            found.add(float(_WORDS[word]))
    return found


def _amount(digits: str, scale: str) -> float | None:
    """``1,500`` / ``1.5`` + ``million`` -> 1500000.0; None for what is not a number."""
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    return value * _SCALE[scale.lower()] if scale else value


def ungrounded_numbers(sql: ParsedSQL | str, question: str) -> set[float]:
    """Constants ``sql`` compares against that ``question`` never states."""
    finder = _comparisons(ParsedSQL.of(sql))
    if finder is None or not finder.numbers:
        return set()
    return {n for n in finder.numbers if n not in question_numbers(question)}


def stated_thresholds(question: str) -> list[float]:
    """Amounts the question compares against: "over 80k" -> 80000, "more than 1.5 million"."""
    amounts = (_amount(digits, scale) for digits, scale in _THRESHOLD.findall(question))
    return [a for a in amounts if a is not None]


def ground_threshold(given: SQL, question: str) -> SQL:
    """``sql`` with its one ungrounded threshold replaced by the question's one unused threshold.

    "customers who spent over 80k" answered ``> 200000``: the question states exactly one
    amount after a comparison word that the SQL does not use, and the SQL compares against
    exactly one number the question never states, appearing once: that number becomes the
    stated amount. Anything less clear-cut is left alone."""
    parsed = ParsedSQL.of(given)
    sql = parsed.text
    wrong = ungrounded_numbers(parsed, question)
    if len(wrong) != 1:
        return given
    try:
        tokens = [t for t in parsed.tokens if t.name in ("ICONST", "FCONST")]
    except ParseError:
        return given
    values = [(t, _constant(sql[t.start:t.end + 1])) for t in tokens]
    used = {v for _, v in values}
    stated = {v for v in stated_thresholds(question) if v not in used}
    (bad,) = wrong
    hits = [t for t, v in values if v == bad]
    if len(stated) != 1 or len(hits) != 1:
        return given
    (good,) = stated
    text = str(int(good)) if good == int(good) else repr(good)
    return same_kind(given, parsed.replaced(sql[:hits[0].start] + text + sql[hits[0].end + 1:]))


def _constant(text: str) -> float | None:
    """A numeric constant as PostgreSQL spells it (``42``, ``1.5e3``, ``0x1F``, ``1_000``)."""
    try:
        return float(text)
    except ValueError:
        try:
            return float(int(text, 0))
        except ValueError:
            return None


def ground_period(given: SQL, question: str) -> SQL:
    """``sql`` with one rolling window the question never states replaced by the one it does.

    "in the last 12 months" answered ``interval '18 months'`` (or "past 90 days" as
    ``current_date - 60``): when the question states exactly one window of that unit that the
    SQL does not use, and the SQL has exactly one window of that unit the question does not
    state, the number is replaced."""
    sql = given.text if isinstance(given, ParsedSQL) else given
    stated = {(int(n), unit.lower()) for n, unit in _WINDOW.findall(question)}
    windows = [(m, int(m.group(1)), m.group(2).lower()) for m in _SQL_INTERVAL.finditer(sql)]
    windows += [(m, int(m.group(1)), "day") for m in _SQL_DAYS.finditer(sql)]
    for unit in ("day", "week", "month", "year"):
        have = [(m, n) for m, n, u in windows if u == unit]
        wrong = [(m, n) for m, n in have if (n, unit) not in stated]
        unused = {n for n, u in stated if u == unit and n not in {h for _, h in have}}
        if len(have) == 1 and len(wrong) == 1 and len(unused) == 1:
            m = wrong[0][0]
            return same_kind(given, ParsedSQL(sql[:m.start(1)] + str(unused.pop()) + sql[m.end(1):]))
    return given


def value_defects(sql: ParsedSQL | str, links: Sequence[ValueMatch]) -> int:
    """How badly ``sql`` uses the values the question names: each literal compared with a column
    other than the one its value was linked to (``cu.name = 'Beijing Wangfujing'``, a store),
    plus each exactly linked phrase whose value and column the SQL never mention at all
    ("revenue from corporate customers" with no segment condition) or whose column it only
    equates with other values ("customers who returned something" as ``status = 'completed'``).
    Grouping by the linked column counts as using it ("return rate online vs in-store" grouped
    by channel)."""
    finder = _comparisons(ParsedSQL.of(sql)) if links else None
    if finder is None:
        return 0
    defects = 0
    literals = set()
    equated: set[tuple[str, str]] = set()               # columns compared with = to a literal
    for alias, column, literal in finder.found:
        literals.add(literal)
        homes = {(m.table.rsplit(".", 1)[-1], m.column) for m in links if m.value == literal}
        table = finder.table_of(alias)
        if table is not None:
            equated.add((table, column))
        if homes and table is not None and (table, column) not in homes:
            defects += 1
    columns = {(table, column) for alias, column in finder.columns
               if (table := finder.table_of(alias)) is not None}
    spans: dict[tuple[int, int], bool] = {}
    exact = [m for m in links if m.exact]
    for m in exact:
        if any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end) for o in exact):
            continue            # "Lanzhou" inside the customer name "Lanzhou Hengtai Education Group"
        home = (m.table.rsplit(".", 1)[-1], m.column)
        # The linked column only equated with other values ("returned" answered status =
        # 'completed') does not use the link; grouping or filtering on it otherwise does.
        used = m.value in literals or (home in columns and home not in equated)
        spans[(m.start, m.end)] = spans.get((m.start, m.end), False) or used
    return defects + sum(not used for used in spans.values())


def snap_literals(given: SQL, matches: Sequence[ValueMatch], schema: SchemaContext | None = None) -> SQL:
    """``sql`` with near-miss copies of linked values replaced by the linked value."""
    parsed = ParsedSQL.of(given)
    sql = parsed.text
    finder = _comparisons(parsed) if matches and "'" in sql else None
    if finder is None:
        return given                    # nothing to snap, or unparsable (the validator reports it)
    replacements: dict[str, str] = {}
    for alias, column, literal in finder.found:
        table = finder.table_of(alias)
        if table is None:
            continue
        better = _closest(literal, table, column, matches, schema)
        if better is not None and replacements.get(literal, better) == better:
            replacements[literal] = better
    if not replacements:
        return given
    edits = []
    for tok in parsed.tokens:
        if tok.name != "SCONST":
            continue
        text = sql[tok.start:tok.end + 1]
        if text.startswith("'") and text.endswith("'"):
            value = text[1:-1].replace("''", "'")
            if value in replacements:
                edits.append((tok.start, tok.end + 1, quote_literal(replacements[value])))
    for start, end, text in reversed(edits):
        sql = sql[:start] + text + sql[end:]
    return same_kind(given, parsed.replaced(sql))


def _closest(literal: str, table: str, column: str, matches: Sequence[ValueMatch],
             schema: SchemaContext | None) -> str | None:
    linked = [m.value for m in matches if m.column == column and m.table.rsplit(".", 1)[-1] == table]
    if not linked or literal in linked or _is_stored(literal, table, column, schema):
        return None
    scored = [(difflib.SequenceMatcher(None, literal.lower(), v.lower()).ratio(), v) for v in linked]
    best, value = max(scored)
    if best < MIN_SIMILARITY or sum(score == best for score, _ in scored) > 1:
        return None
    return value


def _is_stored(literal: str, table: str, column: str, schema: SchemaContext | None) -> bool:
    """Whether the schema's own value list (low-cardinality columns) already holds ``literal``."""
    found = schema.table(table) if schema is not None else None
    if found is None:
        return False
    col = next((c for c in found.columns if c.name == column), None)
    return col is not None and literal in col.values


def _comparisons(sql: ParsedSQL) -> _Comparisons | None:
    """The comparisons, aliases and columns of ``sql``, or None when it does not parse. Kept
    on the candidate: the planner asks about it several times (repairs, then defects)."""
    try:
        return sql.derived("comparisons", lambda: _find_comparisons(sql))
    except ParseError:
        return None


def _find_comparisons(sql: ParsedSQL) -> _Comparisons:
    finder = _Comparisons()
    finder.visit(sql.nodes)
    return finder


class _Comparisons(NodeVisitor):
    """``col = 'text'`` comparisons, and which table each alias names (ambiguous aliases dropped)."""

    def __init__(self) -> None:
        self.found: list[tuple[str | None, str, str]] = []
        self.numbers: set[float] = set()
        self.aliases: dict[str, str] = {}
        self.columns: set[tuple[str | None, str]] = set()      # (alias or None, column)
        self._tables: set[str] = set()
        self._clashes: set[str] = set()

    def visit_ColumnRef(self, node: ast.ColumnRef) -> None:
        names = [f.sval for f in node.fields or () if isinstance(f, ast.String) and f.sval is not None]
        if len(names) == 2:
            self.columns.add((names[0], names[1]))
        elif len(names) == 1:
            self.columns.add((None, names[0]))

    def visit_RangeVar(self, node: ast.RangeVar) -> None:
        relname = node.relname
        if relname is None:
            return
        name = node.alias.aliasname if node.alias is not None and node.alias.aliasname else relname
        self._tables.add(relname)
        if self.aliases.get(name, relname) != relname:
            self._clashes.add(name)
        self.aliases[name] = relname
        for clash in self._clashes:
            self.aliases.pop(clash, None)

    def visit_A_Expr(self, node: ast.A_Expr) -> None:
        operator = [n.sval for n in node.name or () if isinstance(n, ast.String)]
        if node.kind != A_Expr_Kind.AEXPR_OP or len(operator) != 1:
            return
        if operator[0] in _COMPARISONS:
            for side in (node.lexpr, node.rexpr):
                if isinstance(side, ast.A_Const) and isinstance(side.val, ast.Integer):
                    self.numbers.add(float(side.val.ival or 0))
                elif isinstance(side, ast.A_Const) and isinstance(side.val, ast.Float):
                    self.numbers.add(float(side.val.fval or 0))
        if operator != ["="]:
            return
        for ref, const in ((node.lexpr, node.rexpr), (node.rexpr, node.lexpr)):
            if not (isinstance(ref, ast.ColumnRef) and isinstance(const, ast.A_Const)
                    and isinstance(const.val, ast.String) and const.val.sval is not None):
                continue
            fields = ref.fields or ()
            names = [f.sval for f in fields if isinstance(f, ast.String) and f.sval is not None]
            if 1 <= len(names) <= 2 and len(names) == len(fields):
                alias = names[0] if len(names) == 2 else None
                self.found.append((alias, names[-1], const.val.sval))

    def only_table(self) -> str | None:
        return next(iter(self._tables)) if len(self._tables) == 1 else None

    def table_of(self, alias: str | None) -> str | None:
        """The table an alias (or, unqualified, the statement's only table) names."""
        return self.aliases.get(alias) if alias else self.only_table()
