"""Facts about trades."""

from __future__ import annotations

from dataclasses import dataclass

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class TradeRegistered(DomainEvent):
    name = "trade.registered"
    merchant_id: str
    verified: bool


@dataclass(frozen=True, kw_only=True)
class TradeVerified(DomainEvent):
    name = "trade.verified"
    merchant_id: str


@dataclass(frozen=True, kw_only=True)
class TradeAmended(DomainEvent):
    """The platform corrected a record it had sent (a new revision; the old one is kept)."""

    name = "trade.amended"
    merchant_id: str
    revision: int


@dataclass(frozen=True, kw_only=True)
class AllocationReversed(DomainEvent):
    """An allocation gave its trade back what it consumed (kept as history)."""

    name = "trade.allocation_reversed"
    allocation_id: str
    payment_id: str
    reason: str
