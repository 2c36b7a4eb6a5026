"""Reference rates for comparing amounts across currencies (pure), not for dealing.

Matching a payment against a trade in another currency, and monitoring's USD equivalents, settle
nothing, so they need a *reference* rate (and, for matching, a tolerance): the partner bank's mid
of the day when a rates file is given, else a built-in table of rough rates with a generous
tolerance. Conversions are Decimal, rounded half-even to minor units.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from yipay.core.currency import currency
from yipay.fx.domain import Rate

PIVOT = "CNY"
_ONE = Decimal(1)
_MISSING = Decimal("NaN")
BUILTIN_TOLERANCE = Decimal("0.10")
FILE_TOLERANCE = Decimal("0.03")

#: CNY per unit, rough reference values (2025-26); only for a tolerant amount comparison.
BUILTIN_CNY_PER_UNIT: Mapping[str, str] = {
    "USD": "7.18", "EUR": "7.85", "GBP": "9.20", "HKD": "0.92", "AED": "1.955", "SAR": "1.915",
    "BRL": "1.30", "JPY": "0.048", "RUB": "0.085", "INR": "0.085", "TRY": "0.19", "KRW": "0.0052",
    "SGD": "5.45", "AUD": "4.70", "CAD": "5.20", "CHF": "8.60", "THB": "0.21", "MYR": "1.62",
    "IDR": "0.00044", "VND": "0.00028", "PHP": "0.125", "NGN": "0.0047", "KES": "0.0555",
    "ZAR": "0.39", "EGP": "0.145", "PKR": "0.0255", "BDT": "0.059", "MXN": "0.38", "CLP": "0.0076",
    "COP": "0.0017", "PEN": "1.92", "KZT": "0.0140", "UZS": "0.00057", "QAR": "1.97",
    "KWD": "23.4", "OMR": "18.65", "BHD": "19.05", "ILS": "1.95", "NZD": "4.30", "PLN": "1.85",
    "SEK": "0.68", "NOK": "0.67", "DKK": "1.05", "CZK": "0.31", "HUF": "0.0195", "UAH": "0.174",
    "GHS": "0.47", "TZS": "0.0027", "ETB": "0.05", "MAD": "0.77", "DZD": "0.053", "TND": "2.30",
    "IQD": "0.0055", "JOD": "10.1", "LKR": "0.024", "NPR": "0.053", "MMK": "0.0034",
    "KHR": "0.0018", "LAK": "0.00033", "MNT": "0.0021", "AZN": "4.22", "GEL": "2.65",
    "AMD": "0.0185", "BYN": "2.20", "KGS": "0.082", "TJS": "0.66", "TMT": "2.05", "ARS": "0.0070",
}  # fmt: skip


class ReferenceRates:
    """CNY per unit of each currency, by date; any pair crosses through CNY."""

    def __init__(
        self,
        cny_per_unit: Mapping[str, list[tuple[date, Decimal]]],
        tolerance: Decimal,
        source: str,
    ) -> None:
        self._series = {code: sorted(points) for code, points in cny_per_unit.items() if points}
        self._days = {code: [d for d, _ in points] for code, points in self._series.items()}
        self.tolerance = tolerance
        self.source = source
        self._factors: dict[tuple[str, str, int], Decimal | None] = {}

    @classmethod
    def builtin(cls) -> ReferenceRates:
        epoch = date(2000, 1, 1)
        table = {code: [(epoch, Decimal(v))] for code, v in BUILTIN_CNY_PER_UNIT.items()}
        return cls(table, BUILTIN_TOLERANCE, "builtin")

    @classmethod
    def from_rates(
        cls, rates: Iterable[Rate], tolerance: Decimal = FILE_TOLERANCE
    ) -> ReferenceRates:
        """Mid rates of a partner-bank file; pairs against USD are crossed at USD/CNY."""
        direct: dict[str, list[tuple[date, Decimal]]] = {}
        crosses: list[tuple[str, date, Decimal]] = []  # (code, day, USD per unit)
        for rate in rates:
            day = rate.as_of.date()
            if rate.quote == PIVOT:
                direct.setdefault(rate.base, []).append((day, rate.mid))
            elif rate.base == PIVOT:
                direct.setdefault(rate.quote, []).append((day, 1 / rate.mid))
            elif rate.quote == "USD":
                crosses.append((rate.base, day, rate.mid))
            elif rate.base == "USD":
                crosses.append((rate.quote, day, 1 / rate.mid))
        table = cls(direct, tolerance, "file")
        extra: dict[str, list[tuple[date, Decimal]]] = {}
        for code, day, usd in crosses:
            usd_cny = table.cny_per("USD", day)
            if usd_cny is not None and code not in direct:
                extra.setdefault(code, []).append((day, usd * usd_cny))
        return cls({**direct, **extra}, tolerance, "file") if extra else table

    def cny_per(self, code: str, day: date) -> Decimal | None:
        if code == PIVOT:
            return Decimal(1)
        days = self._days.get(code)
        if not days:
            return None
        at = bisect.bisect_right(days, day) - 1
        return self._series[code][max(at, 0)][1]

    def rate(self, source: str, target: str, day: date) -> Decimal | None:
        """Units of `target` per unit of `source` on `day`, or None when either is unknown."""
        if source == target:
            return Decimal(1)
        a, b = self.cny_per(source, day), self.cny_per(target, day)
        if a is None or b is None:
            return None
        return a / b

    def convert_minor(self, minor: int, source: str, target: str, day: date) -> int | None:
        """`minor` units of `source` in minor units of `target` (half-even), or None."""
        if source == target:
            return minor
        rate = self.rate(source, target, day)
        if rate is None:
            return None
        shift = currency(target).exponent - currency(source).exponent
        value = Decimal(minor) * rate * (Decimal(10) ** shift)
        return int(value.quantize(_ONE, rounding=ROUND_HALF_EVEN))

    def convert_minor_on(self, minor: int, source: str, target: str, ordinal: int) -> int | None:
        """`convert_minor` for a day given as its ordinal, the factor cached: the same result
        (scaling by a power of ten does not change the digits a 28-digit context rounds)."""
        if source == target:
            return minor
        key = (source, target, ordinal)
        factor = self._factors.get(key, _MISSING)
        if factor is _MISSING:
            rate = self.rate(source, target, date.fromordinal(ordinal))
            if rate is not None:
                shift = currency(target).exponent - currency(source).exponent
                factor = rate * (Decimal(10) ** shift)
            else:
                factor = None
            self._factors[key] = factor
        if factor is None:
            return None
        return int((Decimal(minor) * factor).quantize(_ONE, rounding=ROUND_HALF_EVEN))
