"""Build the canonical monitoring tables as Parquet for rule tests, without any loader.

Rows are dicts with the columns of `yipay.monitoring.portable`; `ts` may be an aware datetime
or an ISO string, and `ts_us`/`day_no` are derived from it (Asia/Shanghai days) unless given.
Missing columns are NULL, so a test states only what its rule reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from yipay.monitoring.engines.parquet import write_rows
from yipay.monitoring.portable import GOODS_LINE_COLUMNS, TRADE_COLUMNS, TRANSACTION_COLUMNS

SHANGHAI = ZoneInfo("Asia/Shanghai")
EPOCH = date(1970, 1, 1)


def day_no(day: date) -> int:
    return (day - EPOCH).days


def _aware(value: datetime | str) -> datetime:
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _transaction(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    at = _aware(out["ts"])
    out["ts"] = at.replace(tzinfo=None)
    out.setdefault("ts_us", (at - datetime(1970, 1, 1, tzinfo=UTC)) // _MICROSECOND)
    out.setdefault("day_no", day_no(at.astimezone(SHANGHAI).date()))
    out.setdefault("currency", "USD")
    if "amount_usd_minor" not in out and out["currency"] == "USD":
        out["amount_usd_minor"] = out["amount_minor"]
    return out


_MICROSECOND = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)


def _write(path: Path, columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> Path:
    unknown = {k for r in rows for k in r} - {name for name, _ in columns}
    if unknown:
        raise KeyError(f"not canonical columns: {sorted(unknown)}")
    return write_rows(path, columns, rows)


def write_transactions(path: Path, rows: Iterable[Mapping[str, Any]]) -> Path:
    return _write(path, TRANSACTION_COLUMNS, [_transaction(r) for r in rows])


def write_trades(path: Path, rows: Iterable[Mapping[str, Any]]) -> Path:
    return _write(path, TRADE_COLUMNS, [dict(r) for r in rows])


def write_goods_lines(path: Path, rows: Iterable[Mapping[str, Any]]) -> Path:
    return _write(path, GOODS_LINE_COLUMNS, [dict(r) for r in rows])
