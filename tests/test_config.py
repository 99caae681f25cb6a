"""Configuration: one precedence (defaults < file < ASKPROXY_* environment < flags), every value
checked at startup, and every mistake one line on stderr with exit status 2 (issue 23).

Tables of (sources, expected value and source) and (sources, expected error line); the CLI
cases run ``main`` in process, a few run the real command in a subprocess to see stderr and the
exit status as an operator does."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from proxy import cli, preflight
from proxy.cli_flags import resolve_args
from proxy.config import Config, ConfigError, known_keys, load, resolve
from proxy.config_cli import render

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "config" / "askproxy.toml"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "askproxy.toml"
    path.write_text(text)
    return path


def _args(*argv: str) -> Any:
    return cli.build_parser().parse_args(["config", "show", *argv])


# --- precedence ------------------------------------------------------------------------------

FILE = '[upstream]\nurl = "postgresql://filehost:5000?sslmode=require"\nport = 5432\n' \
       '[limits]\nmax_client_connections = 10\n'

PRECEDENCE = [
    # (env, argv, (section, key), value, source)
    ({}, [], ("limits", "startup_timeout_s"), 30.0, "default"),
    ({}, [], ("limits", "max_client_connections"), 10, "FILE"),
    ({}, [], ("upstream", "port"), 5432, "FILE"),          # beside the URL in one file: the key
    ({}, [], ("upstream", "host"), "filehost", "FILE"),
    ({"ASKPROXY_LIMITS_MAX_CLIENT_CONNECTIONS": "20"}, [], ("limits", "max_client_connections"),
     20, "ASKPROXY_LIMITS_MAX_CLIENT_CONNECTIONS"),
    ({"ASKPROXY_UPSTREAM_PORT": "6000"}, [], ("upstream", "port"), 6000, "ASKPROXY_UPSTREAM_PORT"),
    # the case: a flag URL beats the file's port
    ({}, ["--upstream", "postgresql://127.0.0.1:55490"], ("upstream", "port"), 55490, "--upstream"),
    ({"ASKPROXY_UPSTREAM_PORT": "6000"}, ["--upstream", "postgresql://127.0.0.1:55490"],
     ("upstream", "port"), 55490, "--upstream"),
    # a URL without sslmode leaves the file's sslmode alone
    ({}, ["--upstream", "postgresql://127.0.0.1:55490"], ("upstream", "sslmode"), "require", "FILE"),
    ({"ASKPROXY_UPSTREAM_URL": "postgresql://envhost:7000?sslmode=disable"}, [],
     ("upstream", "sslmode"), "disable", "ASKPROXY_UPSTREAM_URL"),
    ({"ASKPROXY_LOG_LEVEL": "warning"}, [], ("", "log_level"), "WARNING", "ASKPROXY_LOG_LEVEL"),
    ({"ASKPROXY_LOG_LEVEL": "warning"}, ["--log-level", "debug"], ("", "log_level"), "DEBUG",
     "--log-level"),
    ({"ASKPROXY_LISTEN_PORT": "7001"}, ["--listen", "0.0.0.0:7002"], ("listen", "port"), 7002,
     "--listen"),
    ({}, ["--listen", ":7003"], ("listen", "host"), "127.0.0.1", "--listen"),
    ({}, ["--listen", "[::1]:7004"], ("listen", "host"), "::1", "--listen"),
    ({"ASKPROXY_ASK_ENABLED": "true"}, ["--no-ask"], ("ask", "enabled"), False, "--no-ask"),
    ({"ASKPROXY_ASK_NUM_BEAMS": "4"}, [], ("ask", "num_beams"), 4, "ASKPROXY_ASK_NUM_BEAMS"),
    ({"ASKPROXY_METRICS_PORT": "9187"}, ["--metrics-port", "9188"], ("metrics", "port"), 9188,
     "--metrics-port"),
    ({"ASKPROXY_TEST_PG_BIN": "/x", "ASKPROXY_MINILM": "/y"}, [], ("upstream", "port"), 5432,
     "FILE"),                                          # not configuration: left alone
]


@pytest.mark.parametrize(("env", "argv", "key", "value", "source"), PRECEDENCE)
def test_precedence(tmp_path: Path, env: dict[str, str], argv: list[str],
                    key: tuple[str, str], value: Any, source: str) -> None:
    path = _file(tmp_path, FILE)
    resolved = resolve_args(_args("--config", str(path), *argv), environ=env)
    section = resolved.config if not key[0] else getattr(resolved.config, key[0])
    assert getattr(section, key[1]) == value
    assert resolved.sources[key] == (str(path) if source == "FILE" else source)


def test_config_file_from_environment(tmp_path: Path) -> None:
    path = _file(tmp_path, "[limits]\nshutdown_grace_s = 3\n")
    resolved = resolve_args(_args(), environ={"ASKPROXY_CONFIG": str(path)})
    assert resolved.config.limits.shutdown_grace_s == 3.0
    other = tmp_path / "other.toml"
    other.write_text("[limits]\nshutdown_grace_s = 4\n")
    assert resolve_args(_args("--config", str(other)),
                        environ={"ASKPROXY_CONFIG": str(path)}).config.limits.shutdown_grace_s == 4


def test_defaults_alone_are_the_dataclass_defaults() -> None:
    assert resolve(None).config == Config()


# --- errors ----------------------------------------------------------------------------------

ERRORS = [
    # (file text or None, env, argv, the error line after "askproxy: config error: ")
    ('[upstream]\nport = "56490"\n', {}, [],
     '[upstream] port: expected an integer 1-65535, got "56490" (from FILE)'),
    ('[ask]\nschema_ttl_s = "five"\n', {}, [],
     '[ask] schema_ttl_s: expected a number >= 0, got "five" (from FILE)'),
    ("[upstream]\nport = 70000\n", {}, [],
     "[upstream] port: expected an integer 1-65535, got 70000 (from FILE)"),
    ("[limits]\nmax_client_connections = 0\n", {}, [],
     "[limits] max_client_connections: expected an integer >= 1, got 0 (from FILE)"),
    ("[limits]\nstartup_timeout_s = 0\n", {}, [],
     "[limits] startup_timeout_s: expected a number > 0, got 0 (from FILE)"),
    ("[ask]\nexplain_check = 1\n", {}, [],
     "[ask] explain_check: expected true or false, got 1 (from FILE)"),
    ('[upstream]\nsslmode = "yes"\n', {}, [],
     '[upstream] sslmode: expected one of disable, prefer, require, verify-ca, verify-full, '
     'got "yes" (from FILE)'),
    ("[upstream]\nprot = 1\n", {}, [],
     "[upstream] prot: unknown key (from FILE); known keys of [upstream]: connect_timeout_s, "
     "host, port, sslmode, sslrootcert, url"),
    ("[upstrem]\nport = 1\n", {}, [],
     "unknown section or key 'upstrem' in FILE; known: admin, ask, engine, limits, listen, log_level, "
     "metrics, server, "
     "upstream"),
    ("[upstream\nport = 1\n", {}, [],
     "config file FILE: invalid TOML: Expected ']' at the end of a table declaration "
     "(at line 1, column 10)"),
    ('[listen]\ntls_cert = "a.pem"\n', {}, [],
     "[listen] tls_cert and tls_key go together: set both or neither"),
    ("[ask]\nmax_question_bytes = 100000\n", {}, [],
     "[ask] max_question_bytes: must not exceed [ask] max_scan_bytes (100000 > 65536)"),
    ("[ask]\nskip_steps = \"dialect, sorcery\"\n", {}, [],
     "[ask] skip_steps: unknown steps sorcery; known: adapted_example, answer_shape, dialect, generated_example, "
     "ground_period, ground_threshold, placed_example, plain_reading, relink_values, snap_literals, subjects, "
     "ungrounded_numbers, unheld_words, values"),
    (None, {"ASKPROXY_ASK_NUM_BEAMS": "many"}, [],
     '[ask] num_beams: expected an integer 1-64, got "many" (from ASKPROXY_ASK_NUM_BEAMS)'),
    (None, {"ASKPROXY_UPSTREAM_PROT": "1"}, [],
     "[upstream] prot: unknown key (from ASKPROXY_UPSTREAM_PROT); known keys of [upstream]: "
     "connect_timeout_s, host, port, sslmode, sslrootcert, url"),
    (None, {}, ["--listen", "127.0.0.1:99999"],
     '[listen] port: expected an integer 0-65535, got "99999" (from --listen)'),
    (None, {}, ["--listen", "6432"], '--listen: expected HOST:PORT, got "6432"'),
    (None, {}, ["--metrics-port", "http"],
     '[metrics] port: expected an integer 1-65535 (or unset), got "http" (from --metrics-port)'),
    (None, {}, ["--backend", "cuda"],
     '[ask] backend: expected one of auto, onnxruntime, torch, tensorrt, got "cuda" '
     "(from --backend)"),
    (None, {}, ["--log-level", "loud"],
     'log_level: expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got "loud" '
     "(from --log-level)"),
    (None, {}, ["--upstream", "mysql://db:3306"],
     '[upstream] url (from --upstream): expected a postgresql://HOST:PORT URL, got '
     '"mysql://db:3306"'),
    (None, {}, ["--upstream", "postgresql://db:99999"],
     '[upstream] url (from --upstream): bad port in "postgresql://db:99999" '
     "(Port out of range 0-65535)"),
    (None, {}, ["--upstream", "postgresql://db:5432?sslmod=require"],
     "[upstream] url (from --upstream): unknown parameter 'sslmod'; known: sslmode, "
     "sslrootcert, connect_timeout"),
    (None, {}, ["--upstream", "postgresql://db:5432?connect_timeout=soon"],
     '[upstream] connect_timeout_s: expected a number > 0, got "soon" (from --upstream)'),
    (None, {}, ["--config", "/nonexistent/askproxy.toml"],
     "config file /nonexistent/askproxy.toml: no such file"),
    (None, {}, ["--model", "/typo"], "[ask] model: /typo: no such directory (from --model)"),
    (None, {"ASKPROXY_ENGINE_MAX_DRAFT": "65"}, [],
     '[engine] max_draft: expected an integer 1-64, got "65" (from ASKPROXY_ENGINE_MAX_DRAFT)'),
    (None, {"ASKPROXY_ASK_MODEL": "/tmp"}, [],
     "[ask] model: /tmp: not a model directory (no manifest.json; see engines/README.md) "
     "(from ASKPROXY_ASK_MODEL)"),
]


@pytest.mark.parametrize(("text", "env", "argv", "line"), ERRORS)
def test_config_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str], text: str | None,
                                    env: dict[str, str], argv: list[str], line: str) -> None:
    for var in [v for v in os.environ if v.startswith("ASKPROXY_")]:
        monkeypatch.delenv(var)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.chdir(tmp_path)       # no config/askproxy.toml here unless the case writes one
    if text is not None:
        argv = ["--config", str(_file(tmp_path, text)), *argv]
    assert cli.main(["config", "check", *argv]) == 2
    out = capsys.readouterr()
    expected = line.replace("FILE", str(tmp_path / "askproxy.toml"))
    assert out.err == f"askproxy: config error: {expected}\n"
    assert out.out == ""


def _run(*argv: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "proxy.cli", *argv], cwd=ROOT, text=True,
                          capture_output=True, timeout=60, **kw)


def test_serve_refuses_bad_values_before_starting(tmp_path: Path) -> None:
    """The real command: one line on stderr, exit 2, no traceback."""
    bad = _file(tmp_path, '[upstream]\nport = "56490"\n')
    got = _run("serve", "--config", str(bad))
    assert (got.returncode, got.stdout) == (2, "")
    assert got.stderr == (f'askproxy: config error: [upstream] port: expected an integer 1-65535, '
                          f'got "56490" (from {bad})\n')
    got = _run("serve", "--listen", "127.0.0.1:99999", "--no-ask")
    assert got.returncode == 2 and got.stderr.count("\n") == 1 and "99999" in got.stderr
    got = _run("serve", "--model", "/typo", "--listen", "127.0.0.1:0")    # fails fast, no wait
    assert (got.returncode, got.stderr) == (
        2, "askproxy: config error: [ask] model: /typo: no such directory (from --model)\n")


def test_port_in_use_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        got = _run("serve", "--no-ask", "--listen", f"127.0.0.1:{port}")
    assert got.returncode == 2, got.stderr
    assert got.stderr == (f"askproxy: error: cannot listen on 127.0.0.1:{port} ([listen]): "
                          "address already in use (another askproxy or PgBouncer?)\n")


def test_real_bind_failure_maps_like_the_preflight() -> None:
    err = preflight.bind_error("127.0.0.1", 5, "[listen]", OSError(98, "Address already in use"))
    assert "address already in use" in str(err)


def test_tensorrt_without_tensorrt_fails_at_startup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preflight.importlib.util, "find_spec",
                        lambda name: None if name in ("tensorrt", "cuda") else object())
    resolved = resolve_args(_args("--backend", "tensorrt"), environ={})
    with pytest.raises(ConfigError, match=r"\[ask\] backend: 'tensorrt' needs the Python "
                                          r"package\(s\) tensorrt, cuda, not installed here "
                                          r"\(from --backend\)"):
        preflight.check(resolved, bind=False)


def test_bundled_model_missing_is_not_a_startup_error(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """Only a model directory the operator named must exist; the default may be absent (the
    proxy then relays and ASK answers 0A000, proxy.cli.load_translator)."""
    import proxy.config as config_mod
    monkeypatch.setattr(config_mod, "DEFAULT_MODEL", tmp_path / "absent")
    resolved = resolve(None, overrides={"ask": {}})
    preflight.check_model(resolved)
    translator, why = cli.load_translator(load(None, {"ask": {"model": str(tmp_path / "absent")}}))
    assert translator is None and why is not None and "no manifest.json" in why


def test_config_check_and_show_succeed(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["config", "check", "--config", str(SHIPPED)]) == 0
    assert capsys.readouterr().out == f"askproxy: configuration OK (file {SHIPPED})\n"
    assert cli.main(["config", "show", "--config", str(SHIPPED), "--listen", ":7000"]) == 0
    shown = capsys.readouterr().out
    assert re.search(r'^port = 7000 +# --listen$', shown, re.MULTILINE), shown
    assert re.search(rf'^probe_ttl_s = 300.0 +# {re.escape(str(SHIPPED))}$', shown, re.MULTILINE)
    assert re.search(r"^# tls_cert = \(unset\) +# default$", shown, re.MULTILINE)


def test_show_prints_valid_toml_that_loads_back_to_the_same_config(tmp_path: Path) -> None:
    resolved = resolve(SHIPPED, env={"ASKPROXY_ASK_NUM_BEAMS": "3"},
                       flags={("listen", "port"): ("7000", "--listen")})
    text = render(resolved)
    tomllib.loads(text)
    again = _file(tmp_path, text)
    assert load(again) == resolved.config


# --- the shipped file documents every key ----------------------------------------------------

def _documented(path: Path) -> dict[str, Any]:
    """The file with its commented-out examples (``# key = value``) switched on."""
    text = re.sub(r"^# (\w+ = )", r"\1", path.read_text(), flags=re.MULTILINE)
    return tomllib.loads(text)


def test_every_config_key_is_in_the_shipped_file() -> None:
    data = _documented(SHIPPED)
    for section, keys in known_keys().items():
        present = set(data) if not section else set(data.get(section, {}))
        assert keys <= present, f"[{section or 'top level'}] lacks {sorted(keys - present)}"


def test_shipped_file_and_its_commented_examples_are_valid(tmp_path: Path) -> None:
    assert load(SHIPPED) == load(None, {"upstream": {"url": "postgresql://127.0.0.1:5432"}})
    # example paths (model, certificates) are checked at startup by proxy/preflight.py, not here
    text = re.sub(r"^# (?!(model|tls_cert|tls_key|sslrootcert) )(\w+ = )", r"\2",
                  SHIPPED.read_text(), flags=re.MULTILINE)
    cfg = load(_file(tmp_path, text))
    assert cfg.metrics.port == 9187 and cfg.upstream.port == 5432


def test_engine_max_draft_reaches_the_shared_engine_server() -> None:
    cfg = resolve(overrides={"engine": {"max_draft": 32}}).config
    assert cfg.engine.max_draft == 32 and Config().engine.max_draft == 8
    argv = cli.engine_command(cfg, "/tmp/engine.sock")
    assert argv[argv.index("--max-draft") + 1] == "32"
    from ask.translate.engine_server import parse_args
    assert parse_args(argv[3:]).max_draft == 32
