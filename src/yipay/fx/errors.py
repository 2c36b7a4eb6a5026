"""FX errors."""

from __future__ import annotations

from yipay.core.errors import Conflict, InvalidInput, NotFound, YipayError


class FxError(YipayError):
    code = "fx_error"


class InvalidRate(FxError, InvalidInput):
    code = "fx_invalid_rate"


class RateUnavailable(FxError, NotFound):
    code = "fx_rate_unavailable"


class StaleRate(FxError, Conflict):
    code = "fx_stale_rate"


class QuoteNotFound(FxError, NotFound):
    code = "fx_quote_not_found"


class QuoteUnusable(FxError, Conflict):
    """The quote expired or was already used (quotes are single-use)."""

    code = "fx_quote_unusable"
