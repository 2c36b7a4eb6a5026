"""The platform's trades and goods lines as the canonical `trades` and `goods_lines` tables, so
the trade rules (typologies 1, 2, 5, 6, 7, 11) run over the platform's history as over files.

USD equivalents use the reference mid rates in force at noon (Shanghai) of the trade date, as
the file loader does per day; when none was known then (rates recorded later), those in force
at the export, as annual receipts do; with no rate at all, NULL (the rules that need it leave
that trade out, never guess).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from yipay.fx.domain import RateTable
from yipay.fx.errors import RateUnavailable
from yipay.monitoring.engines.parquet import write_rows
from yipay.monitoring.portable import GOODS_LINE_COLUMNS, TRADE_COLUMNS

_EPOCH = date(1970, 1, 1)


def day_no(day: date | None) -> int | None:
    return None if day is None else (day - _EPOCH).days


class UsdAt:
    """USD factors per (currency, day) from the rate history, looked up once each."""

    def __init__(
        self, table_at: Callable[[datetime], RateTable], timezone: str, now: datetime
    ) -> None:
        self.table_at = table_at
        self.tz = ZoneInfo(timezone)
        self.now = now
        self._factors: dict[tuple[str, date], Decimal | None] = {}

    def factor(self, currency: str, day: date) -> Decimal | None:
        key = (currency, day)
        if key not in self._factors:
            self._factors[key] = None
            for at in (datetime.combine(day, time(12), self.tz), self.now):
                try:
                    table = self.table_at(at)
                    self._factors[key] = table.mid_to_pivot(currency) / table.mid_to_pivot("USD")
                    break
                except RateUnavailable:
                    continue
        return self._factors[key]

    def scaled(self, value: Decimal, currency: str, day: date, scale: int) -> int | None:
        """`value` (in units of `currency`) as integer USD × 10^scale, rounded half-even."""
        factor = Decimal(1) if currency == "USD" else self.factor(currency, day)
        if factor is None:
            return None
        return int((value * factor * (Decimal(10) ** scale)).quantize(Decimal(1), ROUND_HALF_EVEN))


def trade_usd_minor(
    amount_minor: int, code: str, trade_date: date, usd: UsdAt, exponent: Callable[[str], int]
) -> int | None:
    """A trade's `amount_usd_minor` (USD cents at the trade date's rate), as exported; the
    real-time twins of the trade rules read it through here too."""
    return usd.scaled(Decimal(amount_minor).scaleb(-exponent(code)), code, trade_date, 2)


def trade_rows(
    rows: Iterable[Any], usd: UsdAt, exponent: Callable[[str], int]
) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        amount_usd = trade_usd_minor(r.amount_minor, r.currency, r.trade_date, usd, exponent)
        out.append(
            {
                "trade_id": r.id,
                "merchant_id": r.merchant_id,
                "buyer_id": r.buyer_id,
                "buyer_name": r.buyer_name,
                "buyer_country": r.buyer_country,
                "kind": r.kind,
                "declaration_no": r.declaration_no,
                "agent_id": r.export_agent,
                "trade_day_no": day_no(r.trade_date),
                "export_day_no": day_no(r.export_date),
                "amount_minor": r.amount_minor,
                "currency": r.currency,
                "amount_usd_minor": amount_usd,
                "prepayment": bool(r.prepayment),
                "prepayment_deadline_day_no": day_no(r.documents_due_by),
            }
        )
    return out


def goods_rows(rows: Iterable[Any], usd: UsdAt) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        quantity = Decimal(r.quantity)
        unit_micro = usd.scaled(Decimal(r.unit_price), r.currency, r.trade_date, 6)
        value = None
        if unit_micro is not None:  # as the loader: quantity × micro-USD / 10^4, half-even
            value = int((quantity * unit_micro / Decimal(10_000)).quantize(1, ROUND_HALF_EVEN))
        out.append(
            {
                "trade_id": r.trade_id,
                "line_no": r.line_no,
                "hs_code": r.hs_code,
                "description": r.name,
                "quantity": int(quantity) if quantity == quantity.to_integral_value() else None,
                "unit_price_usd_micro": unit_micro,
                "value_usd_minor": value,
            }
        )
    return out


def write_trades(path: Path, rows: list[dict[str, Any]]) -> Path:
    return write_rows(path, TRADE_COLUMNS, rows)


def write_goods_lines(path: Path, rows: list[dict[str, Any]]) -> Path:
    return write_rows(path, GOODS_LINE_COLUMNS, rows)
