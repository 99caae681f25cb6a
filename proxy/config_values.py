"""What each configuration key accepts, and the one check that turns a raw value into it.

A key's type comes from its dataclass annotation (``int``, ``float``, ``bool``, ``str``, each
maybe ``| None``); its range or choices from the field's metadata (:func:`between`,
:func:`one_of`). Values from the TOML file must already have the right type (``port = "5432"``
is an error, as the file says a string); values from the environment and the command line are
text and are parsed first. Every failure is a :class:`ConfigError` naming the key, what it
expects and what it got, in one line.
"""

from __future__ import annotations

import json
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


class ConfigError(ValueError):
    """A configuration value, file or source that cannot be used; ``str()`` is the one line
    the CLI prints after ``askproxy: config error:``."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Range (inclusive ``lo``/``hi``; ``above``: strictly greater than it) or choices."""
    lo: float | None = None
    hi: float | None = None
    above: float | None = None
    choices: tuple[str, ...] = ()
    fold_case: bool = False


def between(lo: float | None = None, hi: float | None = None, *,
            above: float | None = None) -> Mapping[str, Rule]:
    return {"rule": Rule(lo=lo, hi=hi, above=above)}


def one_of(choices: tuple[str, ...], fold_case: bool = False) -> Mapping[str, Rule]:
    return {"rule": Rule(choices=choices, fold_case=fold_case)}


@dataclass(frozen=True, slots=True)
class KeySpec:
    """What one key accepts: its base type, whether it may be unset, and its rule."""
    base: type
    optional: bool
    rule: Rule

    @classmethod
    def of(cls, annotation: Any, metadata: Mapping[str, Any]) -> "KeySpec":
        args = typing.get_args(annotation)
        optional = isinstance(annotation, types.UnionType) and type(None) in args
        base = next(a for a in args if a is not type(None)) if optional else annotation
        return cls(base, optional, metadata.get("rule", Rule()))

    def expects(self) -> str:
        r = self.rule
        if r.choices:
            what = "one of " + ", ".join(r.choices)
        elif self.base is bool:
            what = "true or false"
        elif self.base is str:
            what = "a string"
        else:
            what = ("an integer" if self.base is int else "a number") + _range_text(r)
        return what + (" (or unset)" if self.optional and self.base is not str else "")

    def check(self, raw: Any, text: bool) -> Any:
        """The value ``raw`` means for this key; ``text``: it came as a string to be parsed
        (environment, command line, URL query), not as a typed TOML value."""
        if raw is None or (text and raw == "" and self.optional):
            if self.optional:
                return None
            raise ValueError
        value = _parse(self.base, raw) if text else _typed(self.base, raw)
        r = self.rule
        if r.choices:
            folded = value.upper() if r.fold_case else value
            if folded not in r.choices:
                raise ValueError
            return folded
        if self.base in (int, float):
            if (r.lo is not None and value < r.lo) or (r.hi is not None and value > r.hi) \
                    or (r.above is not None and value <= r.above) or not math.isfinite(value):
                raise ValueError
        return value


def _range_text(r: Rule) -> str:
    lo = r.lo if r.lo is not None else None
    if r.above is not None:
        return f" > {r.above:g}" + (f" and <= {r.hi:g}" if r.hi is not None else "")
    if lo is not None and r.hi is not None:
        return f" {lo:g}-{r.hi:g}"
    if lo is not None:
        return f" >= {lo:g}"
    return ""


def _typed(base: type, raw: Any) -> Any:
    if base is bool:
        if type(raw) is not bool:
            raise ValueError
        return raw
    if base is int:
        if type(raw) is not int:
            raise ValueError
        return raw
    if base is float:
        if type(raw) not in (int, float):
            raise ValueError
        return float(raw)
    if type(raw) is not str:
        raise ValueError
    return raw


def _parse(base: type, raw: Any) -> Any:
    if not isinstance(raw, str):
        return _typed(base, raw)
    s = raw.strip()
    if base is bool:
        if s.lower() in _TRUE:
            return True
        if s.lower() in _FALSE:
            return False
        raise ValueError
    if base is int:
        if not s.lstrip("+-").isdigit():
            raise ValueError
        return int(s)
    if base is float:
        return float(s)    # ValueError on anything else
    return raw


def literal(value: Any) -> str:
    """A value as TOML would spell it: strings quoted, booleans lower case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def key_name(section: str, key: str) -> str:
    return f"[{section}] {key}" if section else key
