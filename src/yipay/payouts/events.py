"""Facts about payouts that the spine reacts to."""

from __future__ import annotations

from dataclasses import dataclass

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class PayoutRequested(DomainEvent):
    name = "payout.requested"
    kind: str
    needs_approval: bool


@dataclass(frozen=True, kw_only=True)
class PayoutConfirmed(DomainEvent):
    name = "payout.confirmed"
    kind: str
    reference: str


@dataclass(frozen=True, kw_only=True)
class PayoutReturned(DomainEvent):
    """The money came back to its source account (declined, rejected or returned by a bank)."""

    name = "payout.returned"
    kind: str
    reference: str
    reason: str
