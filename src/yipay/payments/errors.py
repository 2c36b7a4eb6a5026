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
