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
