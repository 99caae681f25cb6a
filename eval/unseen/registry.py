"""The registry of the six unseen schemas: key, database name, DDL, time zone, generator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from pathlib import Path

from eval.unseen.synth import Row

HERE = Path(__file__).resolve().parent / "schemas"
KEYS = ("vet", "fleet", "solar", "trials", "cowork", "waste")


@dataclass(frozen=True, slots=True)
class SchemaSpec:
    key: str
    timezone: str
    generate: Callable[[date], dict[str, list[Row]]]

    @property
    def database(self) -> str:
        return f"unseen_{self.key}"

    def ddl(self) -> str:
        return (HERE / f"{self.key}.sql").read_text(encoding="utf-8")


def _spec(key: str) -> SchemaSpec:
    module = import_module(f"eval.unseen.schemas.{key}")
    return SchemaSpec(key, module.TIMEZONE, module.generate)


SCHEMAS: tuple[SchemaSpec, ...] = tuple(_spec(key) for key in KEYS)
BY_DATABASE = {spec.database: spec for spec in SCHEMAS}
