"""Partner-bank FX quotes (CNY per unit of foreign currency), one per day per currency.

USD/CNY follows a mean-reverting walk inside 7.10–7.25; EUR, GBP and BRL move against the dollar
with their own volatility; HKD, AED and SAR stay on their dollar pegs. The bank quotes once per
business day (01:30 UTC, 09:30 Beijing); weekends carry Friday's quote.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from yipay.core.money import Money
from yipay.simulate.calendar import days_between, is_business_day
from yipay.simulate.records import SimRate
from yipay.simulate.streams import Draw

RATE_SOURCE = "PARTNER-BANK"
QUOTE_TIME = time(1, 30, tzinfo=UTC)
FOREIGN_CURRENCIES = ("USD", "EUR", "GBP", "HKD", "AED", "SAR", "BRL")

#: half of the bank's buy/sell spread, relative to the mid
_HALF_SPREAD = {
    "USD": 0.0021,
    "EUR": 0.003,
    "GBP": 0.003,
    "HKD": 0.0021,
    "AED": 0.005,
    "SAR": 0.005,
    "BRL": 0.01,
}
_PEGS = {"HKD": 7.80, "AED": 3.6725, "SAR": 3.75}  # units per USD


@dataclass(frozen=True)
class RateBook:
    """Quotes by (currency, day); every day of the covered range has one."""

    quotes: dict[tuple[str, date], SimRate]

    @classmethod
    def generate(cls, draw: Draw, first: date, last: date) -> RateBook:
        usd_cny = 7.13 + draw.uniform() * 0.08
        cross = {"EUR": 1.08 + draw.uniform() * 0.09, "GBP": 1.26 + draw.uniform() * 0.08}
        usd_brl = 5.2 + draw.uniform() * 0.6
        quotes: dict[tuple[str, date], SimRate] = {}
        friday: dict[str, SimRate] = {}
        for day in days_between(first - timedelta(days=7), last):
            if not is_business_day(day):
                for code, rate in friday.items():
                    quotes[code, day] = _restamp(rate, day)
                continue
            usd_cny += 0.06 * (7.175 - usd_cny) + 0.011 * draw.normal()
            usd_cny = min(7.25, max(7.10, usd_cny))
            for code in cross:
                cross[code] *= math.exp(0.004 * draw.normal())
            usd_brl *= math.exp(0.008 * draw.normal())
            mids = {
                "USD": usd_cny,
                "EUR": cross["EUR"] * usd_cny,
                "GBP": cross["GBP"] * usd_cny,
                "BRL": usd_cny / usd_brl,
                **{code: usd_cny / peg for code, peg in _PEGS.items()},
            }
            for code in FOREIGN_CURRENCIES:
                friday[code] = quotes[code, day] = _quote(code, mids[code], day)
        return cls(quotes)

    @classmethod
    def from_rates(cls, rates: tuple[SimRate, ...]) -> RateBook:
        return cls({(r.base, r.as_of.date()): r for r in rates})

    def mid(self, code: str, day: date) -> Decimal:
        """CNY per unit of `code` on `day` (1 for CNY)."""
        if code == "CNY":
            return Decimal(1)
        return self.quotes[code, day].mid

    def usd_value(self, amount: Money, day: date) -> Decimal:
        """`amount` in USD at the day's mid rates (cross via CNY)."""
        code = amount.currency.code
        if code == "USD":
            return amount.amount
        return amount.amount * self.mid(code, day) / self.mid("USD", day)

    def usd_to(self, code: str, day: date) -> Decimal:
        """Units of `code` per USD on `day`."""
        return self.mid("USD", day) / self.mid(code, day)

    def rows(self, codes: set[str], first: date, last: date) -> tuple[SimRate, ...]:
        """The quotes of `codes` for every day of [first, last], by day then currency."""
        ordered = sorted(codes & set(FOREIGN_CURRENCIES))
        return tuple(
            self.quotes[code, day] for day in days_between(first, last) for code in ordered
        )


def _quote(code: str, mid: float, day: date) -> SimRate:
    places = Decimal("0.0001") if mid > 2 else Decimal("0.000001")
    exact_mid = Decimal(repr(mid))
    half = exact_mid * Decimal(repr(_HALF_SPREAD[code]))
    return SimRate(
        base=code,
        quote="CNY",
        bid=(exact_mid - half).quantize(places, rounding=ROUND_FLOOR),
        ask=(exact_mid + half).quantize(places, rounding=ROUND_CEILING),
        source=RATE_SOURCE,
        as_of=datetime.combine(day, QUOTE_TIME),
    )


def _restamp(rate: SimRate, day: date) -> SimRate:
    return SimRate(
        rate.base, rate.quote, rate.bid, rate.ask, rate.source, datetime.combine(day, QUOTE_TIME)
    )
