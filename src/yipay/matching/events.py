"""Facts about matching decided by people: an operator's match, a merchant's claim, its review."""

from __future__ import annotations

from dataclasses import dataclass

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class MatchConfirmed(DomainEvent):
    """An operator matched a payment in suspense to a trade (subject: the payment)."""

    name = "matching.match_confirmed"
    trade_id: str
    confirmed_by: str
    reason: str
    claim_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ClaimFiled(DomainEvent):
    """A merchant's user claimed a payment for one of its trades (subject: the claim)."""

    name = "matching.claim_filed"
    payment_id: str
    trade_id: str
    merchant_id: str
    claimed_by: str


@dataclass(frozen=True, kw_only=True)
class ClaimDecided(DomainEvent):
    name = "matching.claim_decided"
    payment_id: str
    trade_id: str
    approved: bool
    decided_by: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class MatchReoptimised(DomainEvent):
    """A batch run moved an engine-made match to other trades of the same merchant (subject: the
    payment); the money stays where it was."""

    name = "matching.match_reoptimised"
    from_trades: list[str]
    to_trades: list[str]
