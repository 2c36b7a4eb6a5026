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


def country(code: object, *, what: str = "country") -> str:
    """A validated upper-case alpha-2 code."""
    if not isinstance(code, str):
        raise InvalidInput(f"{what} must be an ISO 3166 alpha-2 code, got {code!r}")
    normal = code.strip().upper()
    if normal not in _alpha2() or normal in {"ZZ", "QO", "EU", "EZ", "UN"}:
        raise InvalidInput(f"{what} {code!r} is not an ISO 3166 alpha-2 country code")
    return normal
