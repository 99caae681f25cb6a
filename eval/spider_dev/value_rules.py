"""Realistic values from a column's name: a table of (name pattern, maker) rules.

The first rule that fits the column's type and whose pattern matches makes the values (a
pattern with an escaped dot is matched against ``table.column``, any other against the column
name alone). ``categorical`` rules draw from a small per-column pool so that GROUP BY finds
groups, the others draw freely so that names and titles are mostly distinct. Makers return
plain Python values; ``coerce`` then fits them to the column's PostgreSQL type.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from eval.spider_dev import vocabulary as vocab
from eval.spider_dev.column_types import PgType

Value = int | float | str | Decimal | dt.date | dt.datetime


@dataclass(frozen=True, slots=True)
class ColumnContext:
    table: str
    name: str
    pg_type: PgType

    @property
    def qualified(self) -> str:
        return f"{self.table}.{self.name}"


Maker = Callable[[random.Random, ColumnContext], Value]


def _person(rng: random.Random, ctx: ColumnContext) -> str:
    return f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"


def _pick(words: tuple[str, ...]) -> Maker:
    return lambda rng, ctx: rng.choice(words)


def _between(low: float, high: float, decimals: int = 0) -> Maker:
    def make(rng: random.Random, ctx: ColumnContext) -> Value:
        if decimals == 0 and ctx.pg_type is not PgType.NUMERIC:
            return rng.randint(int(low), int(high))
        return round(rng.uniform(low, high), max(decimals, 2))
    return make


def _log_between(low: float, high: float) -> Maker:
    """Spread over orders of magnitude (populations, earnings)."""
    def make(rng: random.Random, ctx: ColumnContext) -> Value:
        value = 10 ** rng.uniform(len(str(int(low))) - 1, len(str(int(high))) - 1)
        return int(min(max(value, low), high))
    return make


def _titled(words: tuple[str, ...], suffixes: tuple[str, ...]) -> Maker:
    return lambda rng, ctx: f"{rng.choice(words)} {rng.choice(suffixes)}"


def _entity_name(rng: random.Random, ctx: ColumnContext) -> str:
    """'Riverside Stadium', 'Kingston Museum': a place word and the table's own noun."""
    noun = ctx.table[:-1] if ctx.table.endswith("s") else ctx.table
    return f"{rng.choice(vocab.PLACE_WORDS)} {noun.replace('_', ' ').title()}"


def _other_entity_name(rng: random.Random, ctx: ColumnContext) -> str:
    """``matches.tourney_name``: the name of another entity, which recurs ('Kingston Tourney')."""
    noun = ctx.name.rsplit("_", 1)[0].replace("_", " ").title()
    return f"{rng.choice(vocab.PLACE_WORDS)} {noun}"


def _title(rng: random.Random, ctx: ColumnContext) -> str:
    return f"{rng.choice(vocab.TITLE_WORDS)} {rng.choice(vocab.TITLE_WORDS)}"


def _sentence(rng: random.Random, ctx: ColumnContext) -> str:
    return " ".join(rng.choice(vocab.WORDS) for _ in range(rng.randint(2, 4))).capitalize()


def _email(rng: random.Random, ctx: ColumnContext) -> str:
    return f"{rng.choice(vocab.FIRST_NAMES).lower()}.{rng.choice(vocab.LAST_NAMES).lower()}{rng.randint(1, 99)}@example.com"


def _phone(rng: random.Random, ctx: ColumnContext) -> str:
    return f"+1-{rng.randint(200, 989)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"


def _digits(count: int) -> Maker:
    return lambda rng, ctx: "".join(str(rng.randint(0, 9)) for _ in range(count))


def _ssn(rng: random.Random, ctx: ColumnContext) -> str:
    return f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"


def _street(rng: random.Random, ctx: ColumnContext) -> str:
    return f"{rng.randint(1, 9999)} {rng.choice(vocab.STREET_NAMES)} {rng.choice(vocab.STREET_KINDS)}"


def _apartment(rng: random.Random, ctx: ColumnContext) -> str:
    return f"Apt. {rng.randint(1, 999)}"


def _code(rng: random.Random, ctx: ColumnContext) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3))


def _date(start_year: int, end_year: int) -> Maker:
    def make(rng: random.Random, ctx: ColumnContext) -> Value:
        start = dt.date(start_year, 1, 1).toordinal()
        day = dt.date.fromordinal(rng.randint(start, dt.date(end_year, 12, 31).toordinal()))
        if ctx.pg_type is PgType.TIMESTAMP:
            return dt.datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        return day
    return make


def _score(rng: random.Random, ctx: ColumnContext) -> str:
    return " ".join(f"{rng.choice((6, 7))}-{rng.randint(0, 4)}" for _ in range(rng.randint(2, 3)))


def _reference_code(rng: random.Random, ctx: ColumnContext) -> str:
    return f"{rng.randint(1990, 2020)}-{rng.randint(100, 999)}"


def _pick_number(values: tuple[int, ...]) -> Maker:
    return lambda rng, ctx: rng.choice(values)


def _flag(rng: random.Random, ctx: ColumnContext) -> str:
    return rng.choice(("T", "F"))


def _company(rng: random.Random, ctx: ColumnContext) -> str:
    return f"{rng.choice(vocab.PLACE_WORDS)} {rng.choice(vocab.COMPANY_SUFFIXES)}"


def _course(rng: random.Random, ctx: ColumnContext) -> str:
    return rng.choice(vocab.MAJORS)


def _category(rng: random.Random, ctx: ColumnContext) -> str:
    return rng.choice(vocab.CATEGORY_WORDS)


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: re.Pattern[str]
    maker: Maker
    produces: str               # "text" | "number" | "date": which column types it can fill
    pool: int = 0               # > 0: draw from that many values made once per column

    @property
    def categorical(self) -> bool:
        return self.pool > 0

    def fits(self, pg_type: PgType) -> bool:
        if pg_type is PgType.TEXT:
            return True
        if pg_type.is_number:
            return self.produces in ("number", "date")
        return self.produces == "date"


CATEGORY_POOL = 6


def _text(pattern: str, maker: Maker, categorical: bool = False, pool: int = 0) -> Rule:
    return Rule(re.compile(pattern), maker, "text", pool or (CATEGORY_POOL if categorical else 0))


def _number(pattern: str, maker: Maker, categorical: bool = False) -> Rule:
    return Rule(re.compile(pattern), maker, "number", CATEGORY_POOL if categorical else 0)


def _dated(pattern: str, maker: Maker) -> Rule:
    return Rule(re.compile(pattern), maker, "date")


PERSON = "|".join(vocab.PERSON_TABLE_WORDS)

# Matched against "table.column", first fitting match wins; from specific to general.
RULES: tuple[Rule, ...] = (
    _text(r"\.(first_name|fname|middle_name)$", _pick(vocab.FIRST_NAMES)),
    _text(r"\.(last_name|lname)$", _pick(vocab.LAST_NAMES)),
    _text(rf"^({PERSON})\w*\.name$", _person),
    # people named in event rows (winners, managers) recur: a pool, so that they repeat
    _text(rf"\.({PERSON})_name$|\.(manager|head|host|director|directed_by|written_by)\w*$|commander$|headofstate$",
          _person, pool=12),
    _text(r"^(dog|pet)s?\.name$", _pick(vocab.FIRST_NAMES)),
    _text(r"^countr\w*\.(name|countryname)$|\.countryname$", _pick(vocab.COUNTRIES)),
    _text(r"^city\.name$", _pick(vocab.CITIES)),
    _text(r"email", _email),
    _text(r"phone|cell|mobile", _phone),
    _text(r"zip|postcode", _digits(5)),
    _text(r"ssn", _ssn),
    _text(r"(country_code|countrycode|ioc|code2|abbrev)", _code, categorical=True),
    _text(r"nationality|citizenship", _pick(vocab.NATIONALITIES), categorical=True),
    _text(r"countr", _pick(vocab.COUNTRIES), categorical=True),
    _text(r"language", _pick(vocab.LANGUAGES), categorical=True),
    _text(r"continent", _pick(vocab.CONTINENTS), categorical=True),
    _text(r"region|district", _pick(vocab.REGIONS), categorical=True),
    _text(r"state|province|county", _pick(vocab.STATES), categorical=True),
    _text(r"city|hometown|location|birth_place", _pick(vocab.CITIES), categorical=True),
    _text(r"desc|detail|note|text|summary|comment|remark", _sentence),
    _text(r"governmentform|government", _pick(vocab.GOVERNMENT_FORMS), categorical=True),
    _text(r"localname", _pick(vocab.COUNTRIES)),
    _text(r"street|address|line_1", _street),
    _text(r"line_[23]", _apartment),
    _text(r"\.(sex|gender)$", _pick(("M", "F")), categorical=True),
    _text(r"hand$", _pick(("L", "R", "U")), categorical=True),
    _text(r"\.(is_|if_|isofficial|has_)|_yn$|pay_per_view|definition", _flag, categorical=True),
    _text(r"surface", _pick(("Hard", "Clay", "Grass", "Carpet")), categorical=True),
    _text(r"\.round$", _pick(("R128", "R64", "R32", "R16", "QF", "SF", "F")), categorical=True),
    _text(r"\.result$", _pick(("Won", "Lost", "Draw")), categorical=True),
    _text(r"genre|theme|content|format", _pick(vocab.GENRES), categorical=True),
    _text(r"major|^course(_name)?$|department_name|degree", _course, categorical=True),
    _text(r"role", _pick(vocab.ROLES), categorical=True),
    _text(r"colou?r", _pick(vocab.COLORS), categorical=True),
    _text(r"company|airline|maker|\.make$|fullname|record|brand", _company, categorical=True),
    _text(r"code$", _code),
    _text(r"score", _score),
    _text(r"id$", _reference_code),
    _text(r"type|kind|category|status|level|class|entry|option|disposition", _category, categorical=True),
    _text(r"title$|^song(_name)?$|^episode$|series_name$|^model$", _title),
    _text(r"^\w+_name$", _other_entity_name, pool=8),
    _text(r"name$", _entity_name),
    _number(r"year", _between(1960, 2020), categorical=True),
    _dated(r"birth|born", _date(1950, 2005)),
    _dated(r"date|created|_from$|_to$|_on_market|_sold|registered|_left$|start", _date(1995, 2020)),
    _number(r"_yn$|^is_|^if_|^has_", _between(0, 1), categorical=True),
    _number(r"best_of", _pick_number((3, 5)), categorical=True),
    _number(r"(pet|dog)\w*\.age$|pet_age", _between(1, 15)),
    _number(r"age$", _between(18, 70)),
    _number(r"population", _log_between(1000, 50_000_000)),
    _number(r"points", _between(100, 10000)),
    _number(r"rank|position|seed", _between(1, 100)),
    _number(r"millions|viewers", _between(1, 100, 1)),
    _number(r"earning|sales|worth|gnp|money|budget|revenue", _log_between(1000, 5_000_000)),
    _number(r"price|cost|amount|salary|spent|bonus|charge", _between(10, 5000, 2)),
    _number(r"rating", _between(1, 10, 1)),
    _number(r"percent|share", _between(0, 100, 1)),
    _number(r"expectancy", _between(40, 85, 1)),
    _number(r"area", _log_between(10, 10_000_000)),
    _number(r"^cars\w*\.weight$", _between(1500, 5000)),
    _number(r"tonnage", _between(100, 4000)),
    _number(r"weight", _between(1, 100)),
    _number(r"height|_ht$", _between(150, 210)),
    _number(r"capacity|attendance|stadium|highest|lowest|average", _between(1000, 80000)),
    _number(r"grade|level", _between(1, 12), categorical=True),
    _number(r"minutes|duration", _between(50, 240)),
    _number(r"mpg", _between(10, 45, 1)),
    _number(r"horsepower", _between(50, 250)),
    _number(r"edispl", _between(70, 455)),
    _number(r"accelerat", _between(8, 25, 1)),
    _number(r"cylinder", _between(3, 8), categorical=True),
    _number(r"count|num|number|tickets|staff|killed|injured|tours|size|best_of|version|room|finish|made",
            _between(1, 50)),
)

NUMBER_FALLBACK = _between(1, 1000)


FALLBACKS = {
    "number": _number("", NUMBER_FALLBACK),
    "date": _dated("", _date(1995, 2020)),
    "text": _text("", _titled(vocab.PLACE_WORDS, tuple(w.title() for w in vocab.WORDS[:8])), categorical=True),
}


def rule_for(ctx: ColumnContext) -> Rule:
    """The first rule that fits the type and matches: patterns with ``\\.`` see
    ``table.column``, the others the column name alone."""
    for rule in RULES:
        subject = ctx.qualified if "\\." in rule.pattern.pattern else ctx.name
        if rule.fits(ctx.pg_type) and rule.pattern.search(subject):
            return rule
    if ctx.pg_type.is_number:
        return FALLBACKS["number"]
    if ctx.pg_type in (PgType.DATE, PgType.TIMESTAMP):
        return FALLBACKS["date"]
    return FALLBACKS["text"]


def _as_date(value: Value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def coerce(value: Value, pg_type: PgType) -> Value | None:
    """The value in the column's type, or None when it cannot be (a bad gold literal)."""
    if isinstance(value, dt.date) and pg_type.is_number:
        value = int(value.strftime("%Y%m%d"))     # a date kept as a number (wta_1's 19960101)
    try:
        if pg_type is PgType.INTEGER:
            if isinstance(value, (str, float, Decimal)):
                return int(float(value))
            return int(value) if isinstance(value, int) else None
        if pg_type is PgType.NUMERIC:
            return Decimal(str(value)).quantize(Decimal("0.01"))
    except (ValueError, ArithmeticError, TypeError):
        return None
    if pg_type is PgType.TEXT:
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else str(value)
    day = _as_date(value)
    if day is None:
        return None
    if pg_type is PgType.DATE:
        return day.date() if isinstance(day, dt.datetime) else day
    return day if isinstance(day, dt.datetime) else dt.datetime(day.year, day.month, day.day)
