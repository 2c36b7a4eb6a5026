"""Currencies by ISO 4217, with exponents from the iso4217 package (not CLDR, which differs).

CNH is not an ISO code: it is offshore-traded CNY. We accept it as CNY with an offshore flag so that
balances, matching and reports treat it as the same currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from yipay.core.errors import MoneyError

OFFSHORE_ALIASES = {"CNH": "CNY"}


@dataclass(frozen=True, slots=True)
class Currency:
    """An ISO 4217 currency that has minor units (settlement currencies only)."""

    code: str
    exponent: int
    numeric: int = 0  # ISO 4217 numeric code (840 for USD)

    def __str__(self) -> str:
        return self.code

    @property
    def minor_per_major(self) -> int:
        return int(10**self.exponent)


@cache
def currency(code: str) -> Currency:
    """The ISO 4217 currency for `code`; rejects unknown codes and units without minor units."""
    resolved, _offshore = parse_currency_code(code)
    return _lookup(resolved)


def parse_currency_code(code: object) -> tuple[str, bool]:
    """(ISO code, offshore flag) for a code as it arrives; CNH becomes ("CNY", True)."""
    if not isinstance(code, str):
        raise MoneyError(f"currency must be a three-letter ISO 4217 code, got {code!r}")
    normal = code.strip().upper()
    if len(normal) != 3 or not normal.isascii() or not normal.isalpha():
        raise MoneyError(f"currency must be a three-letter ISO 4217 code, got {code!r}")
    if normal in OFFSHORE_ALIASES:
        return OFFSHORE_ALIASES[normal], True
    _lookup(normal)
    return normal, False


@cache
def _lookup(code: str) -> Currency:
    from iso4217 import Currency as IsoCurrency

    try:
        iso = IsoCurrency(code)
    except ValueError:
        raise MoneyError(f"unknown currency {code!r} (not in ISO 4217)") from None
    exponent = iso.exponent
    if exponent is None:
        raise MoneyError(f"currency {code!r} has no minor units and cannot carry payments")
    return Currency(code=code, exponent=int(exponent), numeric=int(iso.number))
