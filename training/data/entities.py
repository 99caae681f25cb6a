"""Schemas as the schema-general generator sees them: tables of columns with a *role* (what the
column means: a name, a category, an amount, a date ...) and the words people use for each.

Three sources build them: the invented domains (:mod:`training.data.domains`, rendered in one of
several naming styles), Spider's training schemas (``tables.json``, with its natural-language
names) and any :class:`ask.schema.Table` list (roles read from names and types). The
generator (:mod:`training.data.general`) only ever reads these, so a shape written once works
on every source.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from pglast.keywords import RESERVED_KEYWORDS

from ask.schema import Column, ForeignKey, Table
from training.data.domains import DOMAINS
from training.data.schemas import spider_ident

MEASURES = ("money", "qty", "score", "dur", "int")
DATES = ("date", "ts", "birth", "start", "end")
TEXTUAL = ("cat", "city", "country")

_PG_TYPE = {
    "label": "text", "cat": "text", "city": "text", "country": "text", "text": "text",
    "bool": "boolean", "money": "numeric(12,2)", "qty": "integer", "score": "numeric(6,2)",
    "dur": "integer", "int": "integer", "year": "integer", "date": "date", "birth": "date",
    "start": "date", "end": "date", "ts": "timestamp without time zone", "key": "integer",
}


@dataclass
class GCol:
    ident: str                         # the column's name in the database
    role: str
    phrases: tuple[str, ...]           # what people call it; phrases[0] is the plain one
    pg_type: str
    values: tuple[str, ...] = ()       # stored values a question may name (cat, label, place)
    ref: str | None = None             # foreign key: the referenced table's ident
    ref_col: str | None = None         # and column, when it is not that table's primary key
    kind: str = ""                     # label kind: person, org, product, place, title, code

    @property
    def phrase(self) -> str:
        return self.phrases[0]


@dataclass
class GTable:
    ident: str
    singular: tuple[str, ...]          # "booking", "reservation"
    plural: tuple[str, ...]            # "bookings", "reservations"
    cols: list[GCol]
    pk: str | None

    def col(self, ident: str) -> GCol:
        return next(c for c in self.cols if c.ident == ident)

    def of(self, *roles: str) -> list[GCol]:
        return [c for c in self.cols if c.role in roles]

    @property
    def label(self) -> GCol | None:
        return next((c for c in self.cols if c.role == "label"), None)

    @property
    def fks(self) -> list[GCol]:
        """Foreign keys to other tables (a self-reference, like a manager, is left to the model)."""
        return [c for c in self.cols if c.ref is not None and c.ref != self.ident]


@dataclass
class GSchema:
    name: str
    domain: str
    tables: list[GTable]
    extra: list[Table] = field(default_factory=list)   # unrelated tables shown in the prompt

    def table(self, ident: str) -> GTable:
        return next(t for t in self.tables if t.ident == ident)

    def children(self, parent: GTable) -> list[tuple[GTable, GCol]]:
        return [(t, c) for t in self.tables for c in t.fks if c.ref == parent.ident and t is not parent]

    def to_tables(self) -> list[Table]:
        """Its own tables (not ``extra``), every foreign key pointing at the column it references."""
        pk = {t.ident: t.pk for t in self.tables}
        return [_to_table(t, pk) for t in self.tables]


def _to_table(t: GTable, pk: dict[str, str | None]) -> Table:
    cols = tuple(Column(c.ident, c.pg_type, nullable=c.ident != t.pk or c.role == "end", values=c.values)
                 for c in t.cols)
    fks = tuple(ForeignKey((c.ident,), "public", c.ref, (c.ref_col or pk.get(c.ref) or "id",))
                for c in t.cols if c.ref is not None)
    return Table("public", t.ident, cols, (t.pk,) if t.pk else (), fks)


def quote_ident(name: str) -> str:
    """``name`` as SQL writes it: bare when PostgreSQL would not fold or reject it."""
    if re.fullmatch(r"[a-z_][a-z0-9_]*", name) and name not in RESERVED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


# --- English --------------------------------------------------------------------------------

_IRREGULAR = {"person": "people", "staff": "staff", "child": "children", "series": "series",
              "staff member": "staff members", "cast member": "cast members", "man": "men",
              "woman": "women", "analysis": "analyses", "crisis": "crises", "medium": "media",
              "check-in": "check-ins"}


def plural(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    prefix = head + " " if head else ""
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if last in _IRREGULAR:
        return prefix + _IRREGULAR[last]
    if last.endswith(("s", "x", "ch", "sh", "z")):
        return noun + "es"
    if last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def words_of(ident: str) -> str:
    """``leaveRequest`` / ``leave_request`` / ``LeaveRequest`` -> ``leave request``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", ident).replace("_", " ")
    return " ".join(spaced.lower().split())


# --- naming styles --------------------------------------------------------------------------

_ABBREV = {"number": "no", "quantity": "qty", "amount": "amt", "date": "dt", "description": "desc",
           "customer": "cust", "employee": "emp", "department": "dept", "total": "tot",
           "price": "prc", "address": "addr", "category": "cat", "status": "stat", "account": "acct",
           "transaction": "txn", "invoice": "inv", "product": "prod", "reference": "ref",
           "minutes": "min", "count": "cnt", "average": "avg", "identifier": "id", "manager": "mgr",
           "payment": "pmt", "rating": "rtg", "warehouse": "whse", "supplier": "supp"}


@dataclass(frozen=True)
class Style:
    """How one database spells its names."""
    tables: str          # plural | singular | prefixed | pascal
    columns: str         # snake | camel | abbrev
    key: str             # id | table_id

    def table(self, noun: str) -> str:
        snake = noun.replace(" ", "_").replace("-", "_")
        if self.tables == "plural":
            return plural(noun).replace(" ", "_").replace("-", "_")
        if self.tables == "prefixed":
            return "tbl_" + snake
        if self.tables == "pascal":
            return "".join(p.capitalize() for p in snake.split("_"))
        return snake

    def column(self, ident: str) -> str:
        if self.columns == "camel":
            parts = ident.split("_")
            return parts[0] + "".join(p.capitalize() for p in parts[1:])
        if self.columns == "abbrev":
            return "_".join(_ABBREV.get(p, p) for p in ident.split("_"))
        return ident

    def pk(self, noun: str) -> str:
        return "id" if self.key == "id" else self.column(noun.replace(" ", "_").replace("-", "_") + "_id")

    def fk(self, noun: str) -> str:
        return self.column(noun.replace(" ", "_").replace("-", "_") + "_id")


STYLES = (Style("plural", "snake", "id"), Style("plural", "snake", "table_id"),
          Style("singular", "snake", "table_id"), Style("singular", "snake", "id"),
          Style("prefixed", "abbrev", "table_id"), Style("plural", "abbrev", "table_id"),
          Style("pascal", "camel", "id"), Style("plural", "camel", "id"))
STYLE_WEIGHTS = (5, 5, 2, 2, 1, 1, 1.5, 1.5)


# --- the invented domains -------------------------------------------------------------------

EntityColumn = tuple[str, str, tuple[str, ...], tuple[str, ...], str, str | None]
# (name, role, phrases, values, label kind, referenced entity)


@dataclass(frozen=True)
class EntitySpec:
    nouns: tuple[str, ...]
    columns: tuple[EntityColumn, ...]


def parse_domain(text: str) -> list[EntitySpec]:
    entities = []
    for line in (ln.strip() for ln in text.strip().splitlines()):
        if not line:
            continue
        head, _, body = line.partition(":")
        nouns = tuple(n.strip() for n in head.split("|"))
        cols: list[EntityColumn] = []
        for spec in (s.strip() for s in body.split(";") if s.strip()):
            spec, _, vals = spec.partition("=")
            values = tuple(v.strip() for v in vals.split(",")) if vals else ()
            if spec.startswith("@"):
                parts = spec[1:].split(":")
                ref = parts[0]
                name = parts[1] if len(parts) > 1 else ref.replace(" ", "_") + "_id"
                phrases = tuple(parts[2].split("/")) if len(parts) > 2 else ()
                cols.append((name, "fk", phrases, (), "", ref))
                continue
            parts = spec.split(":")
            name, role = parts[0], parts[1]
            kind = ""
            if role == "label":
                kind = parts[2]
                phrases = tuple(parts[3].split("/")) if len(parts) > 3 else ()
            else:
                phrases = tuple(parts[2].split("/")) if len(parts) > 2 else ()
            cols.append((name, role, phrases, values, kind, None))
        entities.append(EntitySpec(nouns, tuple(cols)))
    return entities


PARSED = {name: parse_domain(text) for name, text in DOMAINS.items()}


def invented_schema(domain: str, rng: random.Random, vocab: ValueVocabulary) -> GSchema:
    """One database of ``domain``: a connected subset of its entities in a random style.

    A table is named after any of its entity's nouns (``bookings`` or ``reservations``) and some
    columns after any of their phrases (``total_amount`` or ``amount_paid``), while questions
    use any of them: the model has to read the schema, not remember one spelling per domain."""
    style = rng.choices(STYLES, weights=STYLE_WEIGHTS)[0]
    specs = PARSED[domain]
    keep = _connected_subset(specs, rng)
    by_noun = {s.nouns[0]: s for s in specs}
    called = {s.nouns[0]: s.nouns[0] if len(s.nouns) == 1 or rng.random() < 0.5 else rng.choice(s.nouns[1:])
              for s in specs}
    tables: list[GTable] = []
    idents = {s.nouns[0]: style.table(called[s.nouns[0]]) for s in specs}
    for spec in specs:
        if spec.nouns[0] not in keep:
            continue
        noun = spec.nouns[0]
        pk = style.pk(called[noun])
        cols = [GCol(pk, "key", (called[noun] + " id",), "integer")]
        for name, role, phrases, values, kind, ref in spec.columns:
            if role == "fk":
                if ref not in keep or ref not in by_noun:
                    continue
                ident = style.column(name) if name != ref.replace(" ", "_") + "_id" else style.fk(called[ref])
                cols.append(GCol(ident, "fk", phrases or (ref,), "integer", ref=idents[ref]))
                continue
            ident = style.column(_renamed(name, phrases, rng))
            if ident in {c.ident for c in cols}:
                ident = style.column(name)
            said = phrases or (words_of(name),)
            stored = values or vocab.values_for(role, kind, rng)
            cols.append(GCol(ident, role, said, _PG_TYPE[role], stored, kind=kind))
        if sum(c.ident == pk for c in cols) > 1:          # "follower_id": a key and a reference
            pk = cols[0].ident = "id"
        taken = {c.ident for c in cols}
        noise = style.column(rng.choice(("created_at", "updated_at")))
        if rng.random() < 0.3 and noise not in taken:
            cols.append(GCol(noise, "ts_noise", ("record time",), "timestamp without time zone"))
        noise = style.column(rng.choice(("notes", "comment", "description")))
        if rng.random() < 0.2 and noise not in taken:
            cols.append(GCol(noise, "text", ("notes",), "text"))
        tables.append(GTable(idents[noun], spec.nouns, tuple(plural(n) for n in spec.nouns), cols, pk))
    _fix_fk_targets(tables)
    name = f"{domain}_{rng.randrange(10**6)}"
    return GSchema(name, domain, tables)


def _renamed(name: str, phrases: tuple[str, ...], rng: random.Random) -> str:
    """The column's own name, or (a quarter of the time) one of the phrases it is known by."""
    if len(phrases) < 2 or rng.random() >= 0.25:
        return name
    alias = re.sub(r"[^a-z0-9]+", "_", rng.choice(phrases).lower()).strip("_")
    return alias if alias and not alias[0].isdigit() else name


def with_distractors(schema: GSchema, rng: random.Random, vocab: ValueVocabulary, domains: list[str]) -> GSchema:
    """``schema`` plus one to three tables of another domain that no question is about, as real
    databases hold tables beside the ones a question needs."""
    other = invented_schema(rng.choice(domains), rng, vocab)
    taken = {t.ident for t in schema.tables}
    picked = [t for t in rng.sample(other.tables, min(len(other.tables), rng.randint(1, 3))) if t.ident not in taken]
    if not picked:
        return schema
    _fix_fk_targets(picked)
    extra = with_pk_refs(GSchema(other.name, other.domain, picked))
    return GSchema(schema.name, schema.domain, schema.tables, list(schema.extra) + extra)


def _fix_fk_targets(tables: list[GTable]) -> None:
    """A foreign key whose parent table was left out becomes a plain number."""
    present = {t.ident for t in tables}
    for t in tables:
        for c in t.cols:
            if c.ref is not None and c.ref not in present:
                c.ref, c.role = None, "int"


def _connected_subset(specs: list[EntitySpec], rng: random.Random) -> set[str]:
    nouns = [s.nouns[0] for s in specs]
    if rng.random() < 0.55:
        return set(nouns)
    refs = {s.nouns[0]: {c[5] for c in s.columns if c[5]} for s in specs}
    start = rng.choice(nouns)
    keep = {start}
    frontier = [start]
    while frontier:       # a table keeps the tables it references
        n = frontier.pop()
        for r in refs.get(n, ()):
            if r not in keep and r in refs:
                keep.add(r)
                frontier.append(r)
    for n in nouns:       # and a few that reference what is kept
        if n not in keep and refs[n] & keep and rng.random() < 0.6:
            keep.add(n)
    return keep


# --- stored values --------------------------------------------------------------------------

_FIRST = ("James", "Maria", "Wei", "Anna", "Olivia", "Liam", "Sofia", "Lucas", "Amara", "Kenji", "Priya",
          "Mateo", "Chloe", "Noah", "Fatima", "Elena", "Omar", "Ingrid", "Diego", "Hana", "Arjun", "Zoe",
          "Tom", "Grace", "Ivan", "Leila", "Marco", "Nina", "Samuel", "Yara", "Felix", "Aisha", "Hugo")
_LAST = ("Smith", "Garcia", "Zhang", "Muller", "Brown", "Tanaka", "Rossi", "Martin", "Okafor", "Silva",
         "Kowalski", "Nguyen", "Patel", "Johansson", "Dubois", "Haddad", "Novak", "Fischer", "Moreau",
         "Kim", "Costa", "Schneider", "Ali", "Lopez", "Walker", "Ito", "Petrov", "Hansen", "Reyes", "Adams")
_ORG_A = ("Northwind", "Bluewater", "Summit", "Redwood", "Silverline", "Evergreen", "Harbor", "Golden Gate",
          "Maple", "Pinnacle", "Crescent", "Ironbridge", "Sunrise", "Oakridge", "Lakeside", "Meridian",
          "Horizon", "Riverside", "Cedar", "Atlas", "Beacon", "Granite", "Willow", "Falcon")
_ORG_B = ("Group", "Partners", "Labs", "Holdings", "Co", "Works", "Collective", "Center", "Studio", "Ltd",
          "Inc", "Institute", "Club", "House", "Trust", "Society")
_ADJ = ("Silent", "Golden", "Blue", "Hidden", "Last", "Broken", "Wild", "Crimson", "Distant", "Electric",
        "Quiet", "Frozen", "Bright", "Lost", "Midnight", "Open", "Paper", "Secret", "Endless", "Little")
_NOUN = ("River", "Garden", "Signal", "Harbor", "Mountain", "Echo", "Lantern", "Orbit", "Horizon", "Forest",
         "Mirror", "Engine", "Voyage", "Bridge", "Island", "Storm", "Compass", "Canvas", "Meadow", "Circuit")
_PRODUCT = ("Pro", "Max", "Lite", "Plus", "Mini", "One", "Air", "Prime", "Ultra", "Classic")
_CITY = ("Paris", "London", "New York", "Tokyo", "Berlin", "Madrid", "Rome", "Toronto", "Sydney", "Chicago",
         "Boston", "Austin", "Seattle", "Denver", "Lyon", "Osaka", "Dublin", "Lisbon", "Prague", "Oslo",
         "Nairobi", "Lagos", "Mumbai", "Seoul", "Lima", "Bogota", "Cairo", "Warsaw", "Vienna", "Zurich")
_COUNTRY = ("France", "Germany", "United States", "Japan", "Brazil", "Canada", "Italy", "Spain", "China",
            "India", "Mexico", "Australia", "Netherlands", "Sweden", "Norway", "Kenya", "Egypt", "Chile",
            "Nigeria", "Poland", "Portugal", "Ireland", "South Korea", "Argentina", "Vietnam", "Turkey")


class ValueVocabulary:
    """Invented stored values for text columns, by role and label kind."""

    def values_for(self, role: str, kind: str, rng: random.Random) -> tuple[str, ...]:
        if role == "city":
            return tuple(rng.sample(_CITY, rng.randint(4, 12)))
        if role == "country":
            return tuple(rng.sample(_COUNTRY, rng.randint(4, 12)))
        if role == "label":
            return tuple(dict.fromkeys(self.label(kind, rng) for _ in range(rng.randint(6, 14))))
        return ()

    def label(self, kind: str, rng: random.Random) -> str:
        if kind == "person":
            return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if kind == "org":
            return f"{rng.choice(_ORG_A)} {rng.choice(_ORG_B)}"
        if kind == "product":
            return f"{rng.choice(_ORG_A)} {rng.choice(_NOUN)} {rng.choice(_PRODUCT)}"
        if kind == "place":
            return rng.choice((f"{rng.randint(1, 250)} {rng.choice(_NOUN)} Street",
                               f"{rng.choice(_ORG_A)} {rng.choice(('Hall', 'Park', 'Square', 'Point'))}"))
        if kind == "code":
            return rng.choice((f"{rng.choice('ABCDEFGHKLMNPRSTX')}{rng.choice('ABCDEFGHKLMNPRSTX')}-"
                               f"{rng.randint(100, 9999)}", f"{rng.choice(_NOUN).lower()}{rng.randint(1, 99)}"))
        return f"The {rng.choice(_ADJ)} {rng.choice(_NOUN)}"


# --- Spider's training schemas ----------------------------------------------------------------

_CAT_WORDS = re.compile(r"(type|status|kind|class|category|level|grade|gender|sex|genre|style|position|"
                        r"role|rank|result|mode|method|format|color|colour|language|day|season|state|"
                        r"nationality|party|brand|department|major|title)$")
_MEASURE_WORDS = re.compile(r"(price|cost|amount|salary|budget|revenue|fee|pay|income|sales|balance|"
                            r"age|height|weight|population|capacity|count|number_of|num_|total|score|"
                            r"rating|points|hours|minutes|duration|length|size|area|distance|speed|rank|"
                            r"share|percent|rate|votes|attendance|enrollment|quantity|stock)")
_POOL_VALUES = {
    "gender": ("Male", "Female"), "sex": ("M", "F"),
    "status": ("active", "inactive", "pending", "closed", "approved", "rejected", "open", "completed"),
    "type": ("Standard", "Premium", "Basic", "Deluxe", "Economy", "Business", "Private", "Public"),
    "genre": ("Rock", "Pop", "Jazz", "Drama", "Comedy", "Action", "Classical", "Hip Hop"),
    "position": ("Manager", "Engineer", "Analyst", "Director", "Forward", "Goalkeeper", "Defender"),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "color": ("Red", "Blue", "Green", "Black", "White", "Silver"),
    "language": ("English", "French", "Spanish", "German", "Chinese", "Japanese"),
    "party": ("Democratic", "Republican", "Liberal", "Green", "Independent"),
}


def spider_schemas(tables_json: Path, exclude: set[str]) -> dict[str, dict]:
    """Spider's schema entries by database, without the ``exclude``d ones (the dev set's)."""
    entries = json.loads(tables_json.read_text())
    return {e["db_id"]: e for e in entries if e["db_id"] not in exclude}


def spider_schema(entry: dict, rng: random.Random, vocab: ValueVocabulary) -> GSchema:
    """A Spider training schema with roles read from names and types, and invented values."""
    tnames = [spider_ident(t) for t in entry["table_names_original"]]
    tnat = entry["table_names"]
    pks = set(entry["primary_keys"])
    fks = {a: b for a, b in entry["foreign_keys"]}
    cols_by_table: dict[int, list[GCol]] = {i: [] for i in range(len(tnames))}
    pk_of: dict[int, str | None] = {i: None for i in range(len(tnames))}
    seen: set[tuple[int, str]] = set()
    for idx, ((ti, orig), (_, nat), ctype) in enumerate(zip(entry["column_names_original"],
                                                              entry["column_names"], entry["column_types"])):
        if ti < 0:
            continue
        ident = spider_ident(orig)
        if (ti, ident) in seen:
            continue
        seen.add((ti, ident))
        ref = ref_col = None
        if idx in fks:
            target_table, target_col = entry["column_names_original"][fks[idx]]
            ref, ref_col = tnames[target_table], spider_ident(target_col)
        role = _spider_role(ident, nat, ctype, idx in pks, ref is not None)
        if idx in pks and pk_of[ti] is None:
            pk_of[ti] = ident
        values = _spider_values(ident, role, rng, vocab)
        pg = {"number": "integer" if role in ("key", "fk", "int", "year", "qty") else "numeric",
              "time": "date", "boolean": "boolean"}.get(ctype, "text")
        if role in DATES:
            pg = "date"
        cols_by_table[ti].append(GCol(ident, role, (nat,), pg, values, ref=ref, ref_col=ref_col,
                                      kind="person" if role == "label" and "name" in nat else ""))
    tables = []
    for i, name in enumerate(tnames):
        noun = _singular(tnat[i])
        tables.append(GTable(name, (noun,), (plural(noun),), cols_by_table[i], pk_of[i]))
    types = {(t.ident, c.ident): c.pg_type for t in tables for c in t.cols}
    for t in tables:                       # a key is compared with what it references: same type
        for c in t.cols:
            if c.ref is not None:
                c.pg_type = types.get((c.ref, c.ref_col or ""), c.pg_type)
    return GSchema(entry["db_id"], "spider", tables)


def _spider_role(ident: str, nat: str, ctype: str, is_pk: bool, is_fk: bool) -> str:
    if is_fk:
        return "fk"
    if is_pk or ident == "id" or ident.endswith("_id") or ident.endswith("id") and ctype == "number":
        return "key"
    if ctype == "time" or re.search(r"(^|_)(date|time|day_of)($|_)", ident):
        return "birth" if "birth" in ident or "dob" in ident else "date"
    if ctype == "number":
        if "year" in ident:
            return "year"
        return "money" if re.search(r"price|cost|amount|salary|budget|revenue|fee|income|sales", ident) \
            else "qty"
    if ctype == "boolean" or ident.startswith(("is_", "has_")):
        return "bool"
    if re.search(r"city|town|location|hometown", ident):
        return "city"
    if re.search(r"country|nation", ident):
        return "country"
    if ident in ("name", "title") or ident.endswith(("_name", "_title")) or ident == "username":
        return "label"
    if _CAT_WORDS.search(ident):
        return "cat"
    return "text"


def _spider_values(ident: str, role: str, rng: random.Random, vocab: ValueVocabulary) -> tuple[str, ...]:
    if role in ("city", "country"):
        return vocab.values_for(role, "", rng)
    if role == "label":
        kind = "person" if re.search(r"name", ident) and not re.search(r"title|song|album|film", ident) \
            else "title"
        return vocab.values_for("label", kind, rng)
    if role == "cat":
        for key, pool in _POOL_VALUES.items():
            if key in ident:
                return tuple(rng.sample(pool, min(len(pool), rng.randint(2, 6))))
        return tuple(rng.sample(_POOL_VALUES["type"], rng.randint(3, 6)))
    return ()


def _singular(noun: str) -> str:
    noun = noun.strip().lower()
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith(("sses", "ches", "shes", "xes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun[:-1]
    return noun


def with_pk_refs(schema: GSchema) -> list[Table]:
    """What the prompt shows: the schema's tables and the unrelated ones beside them."""
    return schema.to_tables() + list(schema.extra)
