"""``askproxy --help`` reads as user documentation: every option of the commands the proxy owns
has help, ``translate`` needs no --model (the bundled model is the default), ``eval`` says in its
usage that --via-proxy is required, and the README's "Operating askproxy" commands parse."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from proxy import cli
from proxy.config import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent
OWNED = ("serve", "demo", "config check", "config show", "eval", "translate")


def _subparser(path: str) -> argparse.ArgumentParser:
    parser = cli.build_parser()
    for name in path.split():
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[name]
    return parser


@pytest.mark.parametrize("command", OWNED)
def test_every_option_has_help(command: str) -> None:
    parser = _subparser(command)
    missing = [a.dest for a in parser._actions
               if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))
               and not a.help]
    assert missing == [], f"askproxy {command}: no help for {missing}"


def test_top_level_help_is_for_users(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "ASKPROXY_<SECTION>_<KEY>" in out and "askproxy config show" in out
    assert "Configuration is resolved here" not in out     # not the module's docstring


def test_translate_defaults_to_the_bundled_model() -> None:
    args = cli.build_parser().parse_args(["translate", "how many orders", "--dsn", "x"])
    assert args.model == DEFAULT_MODEL


def test_eval_requires_via_proxy_in_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.build_parser().parse_args(["eval", "--questions", "q.jsonl", "--dsn", "x"])
    assert exc.value.code == 2
    assert "required: --via-proxy" in capsys.readouterr().err


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Operating askproxy", 1)[1].split("\n## ", 1)[0]
    return [line.split("#")[0].strip() for line in section.splitlines()
            if line.startswith("askproxy ")]


def test_readme_operating_section_commands_parse(capsys: pytest.CaptureFixture[str]) -> None:
    """Each command parses; those that need no server or file (``config show``, ``--help``)
    run and succeed."""
    commands = _readme_commands()
    assert len(commands) >= 5
    for command in commands:
        argv = [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', command)[1:]]
        if "--help" in argv:
            with pytest.raises(SystemExit) as exc:
                cli.main(argv)
            assert exc.value.code == 0, command
            continue
        args = cli.build_parser().parse_args(argv)
        assert callable(args.func), command
        if argv[:2] == ["config", "show"]:
            assert cli.main(argv) == 0, command
    capsys.readouterr()
