"""Where configuration values come from: the TOML file, ``ASKPROXY_*`` environment variables,
command-line flags, and programmatic overrides (tests).

Each source becomes a *layer*: ``{(section, key): Setting}``, every setting remembering its
source so that errors and ``askproxy config show`` can name it. Layers are merged in one order
by :func:`proxy.config.resolve` (defaults < file < environment < flags < overrides); nothing
here decides precedence. An ``[upstream] url`` is expanded into the keys it sets *within its
own layer*, so a URL given as a flag beats a ``port`` in the file, and a key written beside a
URL in the same layer beats the URL's.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from proxy.config_values import ConfigError, key_name, literal

ENV_PREFIX = "ASKPROXY_"
ENV_CONFIG = "ASKPROXY_CONFIG"     # the file to read, as --config
URL_KEY = ("upstream", "url")
# URL query parameter -> [upstream] key it sets
_URL_PARAMS = {"sslmode": "sslmode", "sslrootcert": "sslrootcert",
               "connect_timeout": "connect_timeout_s"}

Known = Mapping[str, frozenset[str]]   # section ("" for top-level keys) -> its keys


@dataclass(frozen=True, slots=True)
class Setting:
    value: Any
    source: str     # "default", a file path, "ASKPROXY_UPSTREAM_PORT", "--listen", "overrides"
    text: bool      # a string still to be parsed (environment, flags, URL query)


Layer = dict[tuple[str, str], Setting]


def file_layer(path: str | Path, known: Known) -> Layer:
    """The TOML file's settings; unknown sections and keys are errors."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"config file {path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"config file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: invalid TOML: {exc}") from None
    src = str(path)
    layer: Layer = {}
    for name, value in data.items():
        if name in known[""]:
            layer[("", name)] = Setting(value, src, False)
        elif name in known and isinstance(value, dict):
            for key, v in value.items():
                _check_known(known, name, key, src)
                layer[(name, key)] = Setting(v, src, False)
        elif name in known:
            raise ConfigError(f"[{name}] must be a table (a [{name}] section), in {src}")
        else:
            raise ConfigError(f"unknown section or key {name!r} in {src}; known: "
                              + ", ".join(sorted(known[""] | set(known) - {""})))
    return expand_url(layer)


def env_layer(environ: Mapping[str, str], known: Known) -> Layer:
    """``ASKPROXY_<SECTION>_<KEY>`` (``ASKPROXY_UPSTREAM_PORT``, ``ASKPROXY_UPSTREAM_URL``) and
    ``ASKPROXY_LOG_LEVEL``. Variables of other prefixes (``ASKPROXY_TEST_PG_BIN``) are not
    configuration and are left alone; an unknown key of a known section is an error."""
    layer: Layer = {}
    for var, text in environ.items():
        if not var.startswith(ENV_PREFIX) or var == ENV_CONFIG:
            continue
        name = var[len(ENV_PREFIX):].lower()
        if name in known[""]:
            layer[("", name)] = Setting(text, var, True)
            continue
        section, _, key = name.partition("_")
        if section in known and section:
            _check_known(known, section, key, var)
            layer[(section, key)] = Setting(text, var, True)
    return expand_url(layer)


def text_layer(values: Mapping[tuple[str, str], tuple[str, str]], known: Known) -> Layer:
    """Command-line flags: ``{(section, key): (text, flag)}``."""
    layer: Layer = {}
    for (section, key), (text, flag) in values.items():
        _check_known(known, section, key, flag)
        layer[(section, key)] = Setting(text, flag, True)
    return expand_url(layer)


def typed_layer(values: Mapping[str, Mapping[str, Any]] | None, known: Known,
                source: str = "overrides") -> Layer:
    """``{section: {key: value}}`` with typed values, as TOML gives them; None values are
    skipped (not given). Top-level keys under section ``""``."""
    layer: Layer = {}
    for section, keys in (values or {}).items():
        if section not in known:
            raise ConfigError(f"unknown section [{section}] in {source}")
        for key, value in keys.items():
            if value is None:
                continue
            _check_known(known, section, key, source)
            layer[(section, key)] = Setting(value, source, False)
    return expand_url(layer)


def _check_known(known: Known, section: str, key: str, source: str) -> None:
    if key in known[section] or (section, key) == URL_KEY:
        return
    keys = sorted(known[section] | ({URL_KEY[1]} if section == URL_KEY[0] else set()))
    where = f"[{section}]" if section else "the top level"
    raise ConfigError(f"{key_name(section, key)}: unknown key (from {source}); known keys of "
                      f"{where}: {', '.join(keys)}")


def expand_url(layer: Layer) -> Layer:
    """Replace ``[upstream] url`` by the keys it sets; keys given beside it in the same layer
    win over the URL's."""
    setting = layer.pop(URL_KEY, None)
    if setting is None:
        return layer
    for key, (value, text) in parse_url(setting.value, setting.source).items():
        layer.setdefault(("upstream", key), Setting(value, setting.source, text))
    return layer


def parse_url(url: Any, source: str) -> dict[str, tuple[Any, bool]]:
    """``postgresql://HOST[:PORT][?sslmode=…&sslrootcert=…&connect_timeout=…]`` as
    ``{key: (value, is_text)}``. User, password and database come from each client's startup
    packet, so any in the URL are ignored; any other query parameter is an error."""
    where = f"[upstream] url (from {source})"
    if not isinstance(url, str):
        raise ConfigError(f"{where}: expected a postgresql:// URL string, got {literal(url)}")
    u = urlparse(url)
    if u.scheme not in ("postgresql", "postgres"):
        raise ConfigError(f"{where}: expected a postgresql://HOST:PORT URL, got {literal(url)}")
    try:
        port = u.port
    except ValueError as exc:
        raise ConfigError(f"{where}: bad port in {literal(url)} ({exc})") from None
    if port == 0:
        raise ConfigError(f"{where}: bad port in {literal(url)} (expected 1-65535)")
    values: dict[str, tuple[Any, bool]] = {"host": (unquote(u.hostname or "127.0.0.1"), False),
                                           "port": (port or 5432, False)}
    for param, texts in parse_qs(u.query, keep_blank_values=True).items():
        if param not in _URL_PARAMS:
            raise ConfigError(f"{where}: unknown parameter {param!r}; known: "
                              + ", ".join(_URL_PARAMS))
        values[_URL_PARAMS[param]] = (texts[-1], True)
    return values
