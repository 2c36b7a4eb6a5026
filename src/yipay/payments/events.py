"""Facts on the payment spine. Subscribers (screening, matching, monitoring) plug in here."""

from __future__ import annotations

from dataclasses import dataclass, field

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class PaymentReceived(DomainEvent):
    name = "payment.received"
    merchant_id: str | None
    amount_minor: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class PaymentHeld(DomainEvent):
    name = "payment.held"
    reason: str


@dataclass(frozen=True, kw_only=True)
class PaymentInSuspense(DomainEvent):
    """Screening passed (or an analyst cleared it): the payment may be matched."""

    name = "payment.in_suspense"
    merchant_id: str | None


@dataclass(frozen=True, kw_only=True)
class PaymentUnmatched(DomainEvent):
    name = "payment.unmatched"
    reason: str


@dataclass(frozen=True, kw_only=True)
class PaymentMatched(DomainEvent):
    name = "payment.matched"
    merchant_id: str
    trade_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class PaymentCredited(DomainEvent):
    name = "payment.credited"
    merchant_id: str
    amount_minor: int
    currency: str


@dataclass(frozen=True, kw_only=True)
class PaymentFrozen(DomainEvent):
    name = "payment.frozen"


@dataclass(frozen=True, kw_only=True)
class PaymentSettled(DomainEvent):
    name = "payment.settled"
    merchant_id: str
    settlement_id: str
