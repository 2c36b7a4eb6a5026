"""Helpers for the monitoring-simulator tests: cached datasets written once, read as CSV rows."""

from __future__ import annotations

import atexit
import csv
import json
import shutil
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from tempfile import mkdtemp
from typing import Any

from yipay.jobs.monitoring_dataset import write_monitoring_dataset
from yipay.simulate.aml.config import AmlConfig, with_rates
from yipay.simulate.aml.dataset import AmlDataset, generate

SEED = 7001
SIZE = 30_000
USD_PER = {
    "USD": "1",
    "CNY": "7.18",
    "EUR": "0.9146",
    "GBP": "0.7804",
    "HKD": "7.8043",
    "AED": "3.6726",
    "SAR": "3.7493",
    "BRL": "5.5231",
    "KWD": "0.3068",
}


def config(seed: int = SEED, size: int = SIZE, **rates: str) -> AmlConfig:
    return with_rates(AmlConfig(seed=seed, transactions=size), rates)


@cache
def written(
    seed: int = SEED, size: int = SIZE, fmt: str = "csv", rates: tuple[tuple[str, str], ...] = ()
) -> Path:
    home = mkdtemp(prefix="aml-sim-")
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    out = Path(home) / "data"
    write_monitoring_dataset(config(seed, size, **dict(rates)), out, fmt)
    return out


@cache
def dataset(seed: int = SEED, size: int = SIZE) -> AmlDataset:
    return generate(config(seed, size))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def manifest(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    return result


@dataclass
class Labelled:
    """A written dataset joined with its labels."""

    txns: dict[str, dict[str, str]]
    trades: dict[str, dict[str, str]]
    lines: dict[str, list[dict[str, str]]]
    labels: list[dict[str, str]]
    accounts: list[dict[str, str]]
    by_case: dict[str, list[dict[str, str]]]  # pattern id → its labelled transactions, by time

    def pattern(self, name: str) -> dict[str, list[dict[str, str]]]:
        return {case: txns for case, txns in self.by_case.items() if case.startswith(f"{name}-")}


@cache
def labelled(seed: int = SEED, size: int = SIZE) -> Labelled:
    out = written(seed, size)
    txns = {row["txn_id"]: row for row in rows(out / "transactions.csv")}
    trades = {row["trade_id"]: row for row in rows(out / "trades.csv")}
    lines: dict[str, list[dict[str, str]]] = defaultdict(list)
    for line in rows(out / "goods_lines.csv"):
        lines[line["trade_id"]].append(line)
    labels = rows(out / "labels_transactions.csv")
    by_case: dict[str, list[dict[str, str]]] = defaultdict(list)
    for label in labels:
        by_case[label["pattern_id"]].append(txns[label["txn_id"]])
    for case in by_case.values():
        case.sort(key=lambda t: (t["ts"], t["txn_id"]))
    return Labelled(
        txns, trades, dict(lines), labels, rows(out / "labels_accounts.csv"), dict(by_case)
    )


def usd(row: dict[str, str]) -> Decimal:
    """A rough USD value of a row's amount (reference rates; enough for thresholds in tests)."""
    return Decimal(row["amount"]) / Decimal(USD_PER[row["currency"]])
