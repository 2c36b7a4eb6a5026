"""Write a dataset as CSV files (UTF-8, header row), one file per record type.

Money fields become two columns, `<field>` (decimal string) and `<field>_currency`; timestamps are
ISO 8601 UTC with `Z`; dates YYYY-MM-DD; booleans `true`/`false`; missing values empty; nested
values (goods lines, trade ids) JSON. rates.csv has exactly `base,quote,bid,ask,source,as_of`.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from yipay.core.clock import ensure_utc
from yipay.core.money import Money
from yipay.simulate.records import (
    GoodsLine,
    Label,
    MarketDataset,
    SimBuyer,
    SimMerchant,
    SimPayment,
    SimRate,
    SimTrade,
)

FILES = ("merchants", "buyers", "trades", "payments", "rates", "labels")
_RECORD_TYPES: dict[str, type] = {
    "merchants": SimMerchant,
    "buyers": SimBuyer,
    "trades": SimTrade,
    "payments": SimPayment,
    "rates": SimRate,
    "labels": Label,
}


def write_dataset(dataset: MarketDataset, directory: Path) -> dict[str, int]:
    """Writes merchants.csv, buyers.csv, trades.csv, payments.csv, rates.csv, labels.csv into
    `directory` (created if missing); returns the number of data rows per file."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in FILES:
        records: Sequence[Any] = getattr(dataset, name)
        record_type = _RECORD_TYPES[name]
        header, rows = _table(record_type, records)
        with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        counts[f"{name}.csv"] = len(rows)
    return counts


def header_of(name: str) -> list[str]:
    """Column names of `<name>.csv`."""
    return _table(_RECORD_TYPES[name], [])[0]


def _table(record_type: type, records: Sequence[Any]) -> tuple[list[str], list[list[str]]]:
    fields = dataclasses.fields(record_type)
    header: list[str] = []
    for field in fields:
        header.append(field.name)
        if "Money" in str(field.type):
            header.append(f"{field.name}_currency")
    rows = []
    for record in records:
        row: list[str] = []
        for field in fields:
            value = getattr(record, field.name)
            if "Money" in str(field.type):
                row += [str(value.amount), value.currency.code] if value is not None else ["", ""]
            else:
                row.append(_cell(value))
        rows.append(row)
    return header, rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return ensure_utc(value).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int | str):
        return str(value)
    if isinstance(value, tuple):
        return json.dumps([_json(item) for item in value], ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} to CSV")


def _json(value: object) -> object:
    if isinstance(value, GoodsLine):
        return {
            "name": value.name,
            "name_zh": value.name_zh,
            "hs_code": value.hs_code,
            "quantity": value.quantity,
            "unit_price": str(value.unit_price.amount),
            "currency": value.unit_price.currency.code,
        }
    if isinstance(value, Money):
        return value.to_json()
    return value
