"""The currencies of the monitoring datasets, their ISO 4217 exponents and reference rates.

Rates are the platform's rough reference values (CNY per unit, as in the matching reference
table) moved by a small daily walk, so settlements of the same USD convert a little differently
from day to day. Amounts are integers in minor units everywhere; conversions round half-even
once, at the end.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from yipay.core.currency import currency
from yipay.simulate import geography

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

CURRENCIES: tuple[str, ...] = ("USD", "CNY", "EUR", "GBP", "HKD", "AED", "SAR", "BRL", "KWD")
CODE: dict[str, int] = {code: index for index, code in enumerate(CURRENCIES)}
USD, CNY = CODE["USD"], CODE["CNY"]
EXPONENT = np.array([currency(code).exponent for code in CURRENCIES], dtype=np.int64)
MINOR_PER_UNIT = 10**EXPONENT

#: CNY per unit (reference values, 2025-26).
CNY_PER_UNIT = np.array([7.18, 1.0, 7.85, 9.20, 0.92, 1.955, 1.915, 1.30, 23.4])

#: Buyer country → {currency: share} where it is not simply USD: the market simulator's mix, plus
#: KWD for some Kuwaiti buyers (looked up by country only, so order does not matter).
CURRENCY_MIX: dict[str, dict[str, float]] = {
    **geography.CURRENCY_MIX,
    "KW": {"KWD": 0.3, "USD": 0.7},
}


RATE_SCALE = 10_000  # client rates are quoted with 4 decimals


def daily_rates(rng: np.random.Generator, days: int) -> I64:
    """The client's settlement rate for each (day, currency) in CNY per unit × 10,000: the
    reference times a bounded daily walk, less a 0.3 % spread (CNY itself is 1)."""
    steps = rng.normal(0.0, 0.002, size=(days, len(CURRENCIES)))
    steps[:, CNY] = 0.0
    walk = np.clip(np.cumsum(steps, axis=0), -0.03, 0.03)
    spread = np.where(np.arange(len(CURRENCIES)) == CNY, 1.0, 0.997)
    rates: I64 = np.rint(CNY_PER_UNIT[None, :] * np.exp(walk) * spread * RATE_SCALE).astype(
        np.int64
    )
    return rates


def to_cny_minor(minor: I64, codes: I64, rate: I64) -> I64:
    """Amounts in minor units of `codes` converted at `rate` (CNY × 10,000 per unit) to fen,
    in integers, rounded half-even."""
    numerator = minor * rate * 100
    denominator = MINOR_PER_UNIT[codes] * RATE_SCALE
    quotient, remainder = np.divmod(numerator, denominator)
    up = (2 * remainder > denominator) | ((2 * remainder == denominator) & (quotient % 2 == 1))
    fen: I64 = quotient + up
    return fen


def usd_to_minor(usd_cents: F64, codes: I64) -> I64:
    """USD cents (floats from the planners) as minor units of `codes`, rounded half-even."""
    units = usd_cents / 100.0 * CNY_PER_UNIT[USD] / CNY_PER_UNIT[codes]
    minor: I64 = np.rint(units * MINOR_PER_UNIT[codes]).astype(np.int64)
    return minor


def minor_to_usd_cents(minor: I64, codes: I64) -> F64:
    """Reference USD cents of amounts in minor units (for planning only, never written)."""
    units = minor / MINOR_PER_UNIT[codes]
    cents: F64 = units * CNY_PER_UNIT[codes] / CNY_PER_UNIT[USD] * 100.0
    return cents


def usd_minor(usd: float, code: int) -> int:
    """One USD amount as minor units of currency `code` (injectors' scalar helper)."""
    return int(usd_to_minor(np.array([usd * 100.0]), np.array([code]))[0])
