"""``askproxy config check`` and ``askproxy config show``: the configuration a command line
would run with, checked (``check``) or printed with where each value came from (``show``).

Both take the same flags as ``serve``, so ``askproxy config show --listen :7000`` shows what
``askproxy serve --listen :7000`` would use. ``show`` prints valid TOML: unset keys are
comments, and each line ends with its source (default, the file, ``ASKPROXY_*``, a flag).
"""

from __future__ import annotations

import argparse
import os
from dataclasses import fields
from typing import Any

from proxy import preflight
from proxy.cli_flags import add_serve_flags, config_path, resolve_args
from proxy.config import SECTIONS, Resolved
from proxy.config_values import literal

_COLUMN = 44


def add_config_command(sub: Any) -> None:
    p = sub.add_parser(
        "config", help="check the configuration, or show the effective values and their sources",
        description="Resolve the configuration as 'askproxy serve' would (defaults < file < "
                    "ASKPROXY_* environment < flags) and check it, or print it.")
    commands = p.add_subparsers(dest="config_command", required=True, metavar="{check,show}")
    check = commands.add_parser(
        "check", help="check every value, the model directory, backend and TLS files; exit 2 "
                      "with one line on the first problem (listen ports are not probed)")
    add_serve_flags(check)
    check.set_defaults(func=cmd_check)
    show = commands.add_parser("show", help="print the effective configuration as TOML, each "
                                            "value with where it came from")
    add_serve_flags(show)
    show.set_defaults(func=cmd_show)


def cmd_check(args: argparse.Namespace) -> int:
    resolved = resolve_args(args)
    preflight.check(resolved, bind=False)
    path = config_path(args, os.environ)
    print(f"askproxy: configuration OK ({'file ' + path if path else 'no file'})")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    print(render(resolve_args(args)), end="")
    return 0


def render(resolved: Resolved) -> str:
    """The effective configuration as TOML, ``# source`` after each value."""
    cfg = resolved.config
    lines = ["# askproxy effective configuration: value  # where it came from",
             _line(resolved, "", "log_level", cfg.log_level)]
    for name in SECTIONS:
        section = getattr(cfg, name)
        lines += ["", f"[{name}]"]
        lines += [_line(resolved, name, f.name, getattr(section, f.name)) for f in fields(section)]
    return "\n".join(lines) + "\n"


def _line(resolved: Resolved, section: str, key: str, value: Any) -> str:
    source = resolved.sources.get((section, key), "default")
    text = f"# {key} = (unset)" if value is None else f"{key} = {literal(value)}"
    return f"{text:<{_COLUMN}} # {source}"
