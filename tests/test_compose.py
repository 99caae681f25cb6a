"""docker-compose.yml runs on a host without a GPU; the GPU is the opt-in override file; the
database accepts as many connections as the proxy does (issue 19, item 5). Docker is not on the
build machines, so this reads the files as `docker compose` would merge them."""

from __future__ import annotations

from pathlib import Path

import yaml

from proxy.config import LimitsConfig

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def test_base_file_asks_for_no_gpu() -> None:
    base = _load("docker-compose.yml")
    assert "deploy" not in base["services"]["askproxy"]
    assert "nvidia" not in repr(base)          # only its comments name the override


def test_gpu_override_reserves_one_nvidia_gpu_for_askproxy_only() -> None:
    services = _load("docker-compose.gpu.yml")["services"]
    assert set(services) == {"askproxy"}
    [device] = services["askproxy"]["deploy"]["resources"]["reservations"]["devices"]
    assert device["driver"] == "nvidia" and "gpu" in device["capabilities"]


def test_database_accepts_what_the_proxy_accepts() -> None:
    command = _load("docker-compose.yml")["services"]["postgres"]["command"]
    setting = command[command.index("-c") + 1]
    assert setting.startswith("max_connections=")
    assert int(setting.split("=")[1]) >= LimitsConfig().max_client_connections + 3
