"""Payment errors."""

from __future__ import annotations

from yipay.core.errors import Conflict, InvalidInput, NotFound, YipayError


class PaymentError(YipayError):
    code = "payment_error"


class PaymentNotFound(PaymentError, NotFound):
    code = "payment_not_found"


class InvalidPayment(PaymentError, InvalidInput):
    code = "payment_invalid"


class IllegalTransition(PaymentError, Conflict):
    code = "payment_illegal_transition"


class SettlementRefused(PaymentError, Conflict):
    code = "payment_settlement_refused"


class FxDirectoryRequired(SettlementRefused):
    """The merchant's receipts this year (or in the year of the money sold) are above the annual
    threshold and its registration in SAFE's trade-FX directory is not recorded."""

    code = "payment_fx_directory_required"
