"""Payout errors."""

from __future__ import annotations

from yipay.core.errors import Conflict, InvalidInput, NotFound, YipayError


class PayoutError(YipayError):
    code = "payout_error"


class PayoutNotFound(PayoutError, NotFound):
    code = "payout_not_found"


class InvalidPayout(PayoutError, InvalidInput):
    code = "payout_invalid"


class IllegalPayoutTransition(PayoutError, Conflict):
    code = "payout_illegal_transition"
