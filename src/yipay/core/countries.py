"""ISO 3166-1 alpha-2 country codes, from CLDR (via Babel) so we carry no list of our own."""

from __future__ import annotations

from functools import cache

from yipay.core.errors import InvalidInput


@cache
def _alpha2() -> frozenset[str]:
    from babel import Locale

    territories = Locale("en").territories
    return frozenset(
        code for code in territories if isinstance(code, str) and len(code) == 2 and code.isalpha()
    )


NOT_COUNTRIES = frozenset({"ZZ", "QO", "EU", "EZ", "UN"})  # CLDR regions that are no country


def alpha2_codes() -> frozenset[str]:
    """Every code `country` accepts."""
    return _alpha2() - NOT_COUNTRIES


def country(code: object, *, what: str = "country") -> str:
    """A validated upper-case alpha-2 code."""
    if not isinstance(code, str):
        raise InvalidInput(f"{what} must be an ISO 3166 alpha-2 code, got {code!r}")
    normal = code.strip().upper()
    if normal not in alpha2_codes():
        raise InvalidInput(f"{what} {code!r} is not an ISO 3166 alpha-2 country code")
    return normal
