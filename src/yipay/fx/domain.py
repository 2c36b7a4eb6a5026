"""Rates and settlement quotes.

The client rate for 结汇 (the merchant sells foreign currency) is the partner bank's bid less the
institution's spread. The cover deal with the bank runs at the bid, so the spread is the
institution's income. Amounts round to the target currency's ISO 4217 exponent by a named mode.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from yipay.core.currency import currency
from yipay.core.errors import MoneyError
from yipay.core.money import Money, Rounding, to_decimal
from yipay.fx.errors import InvalidRate, RateUnavailable, StaleRate

RATE_PLACES = Decimal("0.000001")
PIVOT = "CNY"


@dataclass(frozen=True, slots=True)
class Rate:
    """Units of `quote` per unit of `base`, as the partner bank buys (bid) and sells (ask)."""

    base: str
    quote: str
    bid: Decimal
    ask: Decimal
    source: str
    as_of: datetime

    def __post_init__(self) -> None:
        try:
            base = currency(self.base).code
            quote = currency(self.quote).code
            bid = to_decimal(self.bid, what="bid")
            ask = to_decimal(self.ask, what="ask")
        except MoneyError as exc:
            raise InvalidRate(str(exc)) from None
        if base == quote:
            raise InvalidRate(f"a rate needs two currencies, got {base}/{quote}")
        if bid <= 0 or ask <= 0:
            raise InvalidRate(f"{base}/{quote}: bid and ask must be positive")
        if ask < bid:
            raise InvalidRate(f"{base}/{quote}: ask {ask} is below bid {bid}")
        if self.as_of.tzinfo is None:
            raise InvalidRate(f"{base}/{quote}: as_of needs a time zone")
        object.__setattr__(self, "base", base)
        object.__setattr__(self, "quote", quote)
        object.__setattr__(self, "bid", bid)
        object.__setattr__(self, "ask", ask)

    @property
    def mid(self) -> Decimal:
        return (self.bid + self.ask) / 2

    def age_at(self, instant: datetime) -> timedelta:
        return instant - self.as_of


@dataclass(frozen=True, slots=True)
class SettlementQuote:
    sold: Money
    bank_rate: Decimal
    spread_bps: Decimal
    client_rate: Decimal
    client_bought: Money
    bank_bought: Money
    rate_source: str
    rate_as_of: datetime
    quoted_at: datetime
    expires_at: datetime

    @property
    def spread_income(self) -> Money:
        return self.bank_bought - self.client_bought


def client_rate(bid: Decimal, spread_bps: Decimal) -> Decimal:
    """Bid less the spread, truncated to 6 places so the client is never quoted above it."""
    if spread_bps < 0 or spread_bps >= 10_000:
        raise InvalidRate(f"spread of {spread_bps} bps is out of range")
    return (bid * (1 - spread_bps / Decimal(10_000))).quantize(RATE_PLACES, rounding=ROUND_DOWN)


def quote_settlement(
    rate: Rate,
    sold: Money,
    *,
    spread_bps: Decimal,
    rounding: Rounding,
    now: datetime,
    max_rate_age: timedelta,
    ttl: timedelta = timedelta(minutes=5),
) -> SettlementQuote:
    if sold.currency.code == rate.quote:
        raise InvalidRate("selling a currency for itself needs no quote")
    if rate.base != sold.currency.code:
        raise InvalidRate(f"rate {rate.base}/{rate.quote} cannot price {sold.currency}")
    if rate.age_at(now) > max_rate_age:
        raise StaleRate(
            f"{rate.base}/{rate.quote} rate from {rate.as_of.isoformat()} is older than allowed"
        )
    rate_for_client = client_rate(rate.bid, spread_bps)
    return SettlementQuote(
        sold=sold,
        bank_rate=rate.bid,
        spread_bps=spread_bps,
        client_rate=rate_for_client,
        client_bought=sold.convert(rate_for_client, rate.quote, rounding),
        bank_bought=sold.convert(rate.bid, rate.quote, rounding),
        rate_source=rate.source,
        rate_as_of=rate.as_of,
        quoted_at=now,
        expires_at=now + ttl,
    )


@dataclass(frozen=True, slots=True)
class RateTable:
    """Mid rates against the pivot (CNY) for reference conversions (monitoring, reporting)."""

    rates: dict[str, Rate]

    def mid_to_pivot(self, code: str) -> Decimal:
        if code == PIVOT:
            return Decimal(1)
        rate = self.rates.get(code)
        if rate is None:
            raise RateUnavailable(f"no {code}/{PIVOT} rate")
        return rate.mid

    def convert(self, amount: Money, to: str, rounding: Rounding = Rounding.HALF_EVEN) -> Money:
        if amount.currency.code == to:
            return amount
        factor = self.mid_to_pivot(amount.currency.code) / self.mid_to_pivot(to)
        return Money.rounded(amount.amount * factor, to, rounding)


class QuoteStatus(StrEnum):
    OPEN = "open"
    USED = "used"


@dataclass(frozen=True, slots=True)
class Quote:
    """A firm settlement price for one merchant, valid once and until it expires."""

    id: str
    merchant_id: str
    quote: SettlementQuote
    references: tuple[str, ...]  # what is being sold (the credited payments)
    status: QuoteStatus
    settlement_id: str | None = None

    def usable_at(self, instant: datetime) -> bool:
        return self.status is QuoteStatus.OPEN and instant < self.quote.expires_at


@dataclass(frozen=True, slots=True)
class Settlement:
    id: str
    merchant_id: str
    quote_id: str
    sold: Money
    bought: Money
    bank_bought: Money
    bank_rate: Decimal
    client_rate: Decimal
    spread_bps: Decimal
    rate_source: str
    rate_as_of: datetime
    created_at: datetime


class RateHistory:
    """Every rate against the pivot over time; `table_at` answers as the live table would have.

    Indexed by currency and time once, so that looking rates up for every transaction of a
    history export costs a binary search, not a scan of every rate.
    """

    def __init__(self, rates: Iterable[Rate]) -> None:
        by_base: dict[str, list[Rate]] = {}
        for rate in rates:
            if rate.quote == PIVOT:
                by_base.setdefault(rate.base, []).append(rate)
        self._rates = {
            base: sorted(found, key=lambda r: r.as_of) for base, found in by_base.items()
        }
        self._times = {base: [r.as_of for r in found] for base, found in self._rates.items()}

    def table_at(self, instant: datetime) -> RateTable:
        latest: dict[str, Rate] = {}
        for base, times in self._times.items():
            position = bisect.bisect_right(times, instant)
            if position:
                latest[base] = self._rates[base][position - 1]
        return RateTable(latest)


def same_currency_quote(sold: Money, *, now: datetime, ttl: timedelta) -> SettlementQuote:
    """Cross-border RMB (CNY/CNH) is paid out as it is: rate 1, no spread."""
    return SettlementQuote(
        sold=sold,
        bank_rate=Decimal(1),
        spread_bps=Decimal(0),
        client_rate=Decimal(1),
        client_bought=sold,
        bank_bought=sold,
        rate_source="none (same currency)",
        rate_as_of=now,
        quoted_at=now,
        expires_at=now + ttl,
    )
