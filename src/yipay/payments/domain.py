"""An inbound payment and its life: received → (held) → suspense → matched → credited → settled.

Side exits: returned (to the payer), rejected (not accepted), frozen (an analyst confirmed a
screening hit; the money never leaves). The allowed moves are one `match` statement so that
anyone can read the whole state machine at once.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from yipay.core.money import Money
from yipay.payments.errors import IllegalTransition, InvalidPayment

NOT_PROVIDED = "NOTPROVIDED"
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")


class PaymentStatus(StrEnum):
    RECEIVED = "received"
    HELD = "held"
    SUSPENSE = "suspense"
    MATCHED = "matched"
    CREDITED = "credited"
    SETTLED = "settled"
    RETURNED = "returned"
    REJECTED = "rejected"
    FROZEN = "frozen"
    REVERSED = "reversed"  # the bank took the credit back (camt.054 DBIT with RvslInd)


class ChargeBearer(StrEnum):
    OUR = "OUR"  # the payer pays all charges
    SHA = "SHA"  # shared: intermediaries may deduct on the way
    BEN = "BEN"  # the beneficiary pays all charges


TERMINAL = frozenset({PaymentStatus.SETTLED, PaymentStatus.REJECTED, PaymentStatus.REVERSED})


def check_transition(old: PaymentStatus, new: PaymentStatus) -> None:
    S = PaymentStatus  # noqa: N806 - a short alias keeps the table readable
    match (old, new):
        case (S.RECEIVED, S.HELD | S.SUSPENSE | S.REJECTED | S.REVERSED):
            return  # reversed: the bank took its credit back before we attributed it
        case (S.HELD, S.SUSPENSE | S.FROZEN):
            return  # an analyst's decision: clear or confirm
        case (S.SUSPENSE, S.MATCHED | S.HELD | S.RETURNED | S.REVERSED):
            return  # matched; held again on a list update; returned to the payer
        case (S.RETURNED, S.SUSPENSE):
            return  # the return was declined or the payer's bank sent it back
        case (S.MATCHED, S.CREDITED | S.HELD | S.SUSPENSE) | (S.CREDITED, S.SETTLED | S.SUSPENSE):
            return  # suspense: a person undid the match (a credit is reversed exactly)
        case _:
            raise IllegalTransition(f"a payment cannot go from {old.value} to {new.value}")


def validate_bic(bic: str, *, what: str = "BIC") -> str:
    normal = bic.strip().upper()
    if not _BIC.match(normal):
        raise InvalidPayment(f"{what} {bic!r} is not an 8 or 11 character BIC")
    return normal


def validate_uetr(uetr: str) -> str:
    try:
        parsed = uuid.UUID(uetr.strip())
    except ValueError:
        raise InvalidPayment(f"UETR {uetr!r} is not a UUID") from None
    return str(parsed)


def usable_reference(value: str | None) -> str | None:
    """A reference worth deduplicating on: present and not the NOTPROVIDED placeholder."""
    if value is None:
        return None
    stripped = value.strip()
    if not stripped or stripped.upper() == NOT_PROVIDED:
        return None
    return stripped


@dataclass(frozen=True, slots=True)
class PayerDetails:
    name: str
    account: str
    bic: str
    country: str


@dataclass(frozen=True, slots=True)
class InboundPayment:
    """A credit transfer as it arrives, validated; what intake hands to the spine."""

    amount: Money  # as settled to us, after any deductions on the way
    value_date: date
    payer: PayerDetails
    offshore: bool = False  # CNH: offshore CNY
    merchant_id: str | None = None  # the beneficiary, when the message names one we know
    instructed: Money | None = None
    charges: Money | None = None  # deducted on the way, when the message states them
    charge_bearer: ChargeBearer | None = None
    debtor_agent_bic: str | None = None
    remittance_info: str = ""
    uetr: str | None = None
    end_to_end_id: str | None = None
    message_id: str | None = None
    received_at: datetime | None = None
    beneficiary_note: str = ""  # why no merchant could be named (unknown or closed account)

    def __post_init__(self) -> None:
        if not self.amount.is_positive:
            raise InvalidPayment("a received amount must be positive")
        if self.charges is not None:
            if self.charges.currency != self.amount.currency:
                raise InvalidPayment("stated charges must be in the payment's currency")
            if self.charges.is_negative:
                raise InvalidPayment("charges must not be negative")
        if self.instructed is not None and not self.instructed.is_positive:
            raise InvalidPayment("an instructed amount must be positive")
        if self.dedupe_key is None:
            raise InvalidPayment(
                "a payment needs a UETR, a sender reference or an end-to-end id"
                " to be received exactly once"
            )

    @property
    def dedupe_key(self) -> str | None:
        """The UETR where present, else (agent, reference, end-to-end id, amount, currency, day)."""
        if self.uetr:
            return f"uetr:{self.uetr.lower()}"
        message = usable_reference(self.message_id)
        end_to_end = usable_reference(self.end_to_end_id)
        if message is None and end_to_end is None:
            return None
        parts = [
            self.debtor_agent_bic or "",
            message or "",
            end_to_end or "",
            str(self.amount.minor),
            self.amount.currency.code,
            self.value_date.isoformat(),
        ]
        return "ref:" + "|".join(parts)


@dataclass(frozen=True, slots=True)
class Payment:
    id: str
    dedupe_key: str | None
    channel: str
    status: PaymentStatus
    status_reason: str
    amount: Money
    offshore: bool
    value_date: date
    received_at: datetime
    payer_id: str
    payer: PayerDetails
    merchant_id: str | None
    instructed: Money | None
    charges: Money | None
    charge_bearer: ChargeBearer | None
    debtor_agent_bic: str | None
    remittance_info: str
    uetr: str | None
    end_to_end_id: str | None
    message_id: str | None
    updated_at: datetime
    version: int = 1

    def moved_to(self, new: PaymentStatus, reason: str, at: datetime) -> Payment:
        check_transition(self.status, new)
        return replace(
            self, status=new, status_reason=reason, updated_at=at, version=self.version + 1
        )

    def with_reason(self, reason: str, at: datetime) -> Payment:
        return replace(self, status_reason=reason, updated_at=at, version=self.version + 1)

    @property
    def merchant_view_status(self) -> str:
        """What a merchant's own users may see: never why money is held (no tipping-off)."""
        if self.status in {PaymentStatus.HELD, PaymentStatus.FROZEN}:
            return "under_review"
        return self.status.value
