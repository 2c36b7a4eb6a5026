"""Money: an exact Decimal amount in an ISO 4217 currency, stored as integer minor units.

Floats are refused everywhere (a float cannot say 0.1). Input with more precision than the
currency's exponent is refused rather than rounded; computed amounts (conversions, splits) are
rounded only through a named `Rounding` mode so the choice shows in the code that makes it.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Self

from yipay.core.currency import Currency, currency
from yipay.core.errors import MoneyError

# What ISO 20022 and SWIFT amounts look like: no exponents, no thousands separators, no NaN.
_PLAIN_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_CONTEXT = decimal.Context(prec=38, traps=[decimal.InvalidOperation, decimal.Overflow])


class Rounding(Enum):
    """Named rounding modes; the value is the `decimal` constant."""

    HALF_EVEN = decimal.ROUND_HALF_EVEN
    HALF_UP = decimal.ROUND_HALF_UP
    DOWN = decimal.ROUND_DOWN
    UP = decimal.ROUND_UP
    FLOOR = decimal.ROUND_FLOOR
    CEILING = decimal.ROUND_CEILING


def to_decimal(value: object, *, what: str = "amount") -> Decimal:
    """An exact Decimal from a str, int or Decimal; floats, bools, NaN and infinity are refused."""
    if isinstance(value, bool | float):
        raise MoneyError(f"{what} must be a decimal string or integer, not a float: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _PLAIN_DECIMAL.match(text):
            raise MoneyError(
                f"{what} is not a plain decimal number (digits and a point): {value!r}"
            )
        result = Decimal(text)
    else:
        raise MoneyError(f"{what} must be a decimal string or integer, got {type(value).__name__}")
    if not result.is_finite():
        raise MoneyError(f"{what} must be finite: {value!r}")
    return result


def _scale(amount: Decimal) -> int:
    """Number of decimal places `amount` really needs (trailing zeros normalised away)."""
    if amount == 0:
        return 0
    exponent = amount.normalize(_CONTEXT).as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


@dataclass(frozen=True, slots=True, order=False)
class Money:
    """An amount and its currency; build with `Money.of`, `Money.parse` or `Money.from_minor`."""

    minor: int
    currency: Currency

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise MoneyError(f"minor units must be an integer, got {self.minor!r}")

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def of(cls, amount: object, code: str | Currency) -> Self:
        """Exact money; refuses floats and more decimals than the currency's exponent."""
        cur = code if isinstance(code, Currency) else currency(code)
        value = to_decimal(amount)
        if _scale(value) > cur.exponent:
            raise MoneyError(
                f"amount {amount} has more decimals than {cur.code} allows ({cur.exponent})"
            )
        minor = value.scaleb(cur.exponent, _CONTEXT)
        return cls(int(minor), cur)

    parse = of

    @classmethod
    def from_minor(cls, minor: int, code: str | Currency) -> Self:
        cur = code if isinstance(code, Currency) else currency(code)
        return cls(minor, cur)

    @classmethod
    def zero(cls, code: str | Currency) -> Self:
        return cls.from_minor(0, code)

    @classmethod
    def rounded(cls, amount: Decimal, code: str | Currency, rounding: Rounding) -> Self:
        """Money from a computed Decimal, rounded to the currency's exponent (named mode)."""
        cur = code if isinstance(code, Currency) else currency(code)
        value = to_decimal(amount)
        minor = value.scaleb(cur.exponent, _CONTEXT).quantize(
            Decimal(1), rounding=rounding.value, context=_CONTEXT
        )
        return cls(int(minor), cur)

    # -- views --------------------------------------------------------------------------------
    @property
    def amount(self) -> Decimal:
        """The amount as a Decimal with exactly the currency's number of decimals."""
        return Decimal(self.minor).scaleb(-self.currency.exponent, _CONTEXT)

    def to_json(self) -> dict[str, str]:
        return {"amount": str(self.amount), "currency": self.currency.code}

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code}"

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency.code}')"

    # -- arithmetic ---------------------------------------------------------------------------
    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise MoneyError(f"currency mismatch: {self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.minor), self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.minor >= other.minor

    def __bool__(self) -> bool:
        return self.minor != 0

    @property
    def is_positive(self) -> bool:
        return self.minor > 0

    @property
    def is_negative(self) -> bool:
        return self.minor < 0

    def multiply(self, factor: object, rounding: Rounding) -> Money:
        """self × factor, rounded to the currency's exponent by `rounding`."""
        return Money.rounded(
            self.amount * to_decimal(factor, what="factor"), self.currency, rounding
        )

    def convert(self, rate: object, to: str | Currency, rounding: Rounding) -> Money:
        """self × rate in another currency (rate = units of `to` per unit of self's currency)."""
        value = to_decimal(rate, what="rate")
        if value <= 0:
            raise MoneyError(f"rate must be positive, got {rate}")
        return Money.rounded(self.amount * value, to, rounding)

    def allocate(self, weights: Sequence[int | Decimal]) -> list[Money]:
        """Split into parts proportional to `weights` that always add up (largest remainder).

        Ties in the remainders go to the earlier part, so the split is deterministic.
        """
        return [Money(part, self.currency) for part in largest_remainder(self.minor, weights)]

    def split(self, parts: int) -> list[Money]:
        if parts <= 0:
            raise MoneyError("cannot split into fewer than one part")
        return self.allocate([1] * parts)


def largest_remainder(total: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Integers proportional to `weights` summing exactly to `total` (Hamilton's method)."""
    if not weights:
        raise MoneyError("cannot allocate over no weights")
    exact = [to_decimal(w, what="weight") for w in weights]
    if any(w < 0 for w in exact):
        raise MoneyError("allocation weights must not be negative")
    weight_sum = sum(exact, Decimal(0))
    if weight_sum == 0:
        raise MoneyError("allocation weights must not all be zero")
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    shares = [Decimal(magnitude) * w / weight_sum for w in exact]
    floors = [int(s.to_integral_value(rounding=decimal.ROUND_FLOOR)) for s in shares]
    leftover = magnitude - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += 1
    return [sign * f for f in floors]


def total(amounts: Iterable[Money], code: str | Currency) -> Money:
    """Sum of `amounts` (all in `code`); zero for an empty iterable."""
    result = Money.zero(code)
    for amount in amounts:
        result = result + amount
    return result
