"""Run one trade rule over rows given as dicts, on a given engine: the test harness of the rules.

A `Dataset` holds canonical rows (`tests.monitoring.canonical` fills ts_us/day_no from ts); the
runner writes them as Parquet with the packaged lookup tables, binds the rule's SQL for the
engine's dialect and returns its evidence rows sorted, as plain tuples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.monitoring.canonical import (
    day_no,
    write_goods_lines,
    write_trades,
    write_transactions,
)
from yipay.monitoring.portable import Engine, bind
from yipay.monitoring.rules.lookups import write_lookup_tables

Row = dict[str, Any]


@dataclass
class Dataset:
    transactions: list[Row] = field(default_factory=list)
    trades: list[Row] = field(default_factory=list)
    goods_lines: list[Row] = field(default_factory=list)


@dataclass
class Case:
    """A dataset on which a rule must return exactly `expected` (empty: a benign look-alike)."""

    name: str
    rule: ModuleType
    data: Dataset
    expected: list[tuple[str, int, str, int]]
    overrides: dict[str, Decimal] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.rule.RULE.id}:{self.name}"


def d(iso: str) -> int:
    """The day number of an ISO date (as trades carry them)."""
    return day_no(date.fromisoformat(iso))


def register(engine: Engine, directory: Path, data: Dataset) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tables = {
        "transactions": write_transactions(directory / "transactions.parquet", data.transactions),
        "trades": write_trades(directory / "trades.parquet", data.trades),
        "goods_lines": write_goods_lines(directory / "goods_lines.parquet", data.goods_lines),
        **write_lookup_tables(directory),
    }
    for name, path in tables.items():
        engine.register(name, path)


def evidence(
    engine: Engine, rule: ModuleType, overrides: Mapping[str, Decimal] | None = None
) -> list[tuple[str, int, str, int]]:
    sql = bind(rule.RULE.sql, rule.RULE.values(dict(overrides or {})), engine.name)
    return sorted((str(s), int(w), str(t), int(m)) for s, w, t, m in engine.query(sql))
