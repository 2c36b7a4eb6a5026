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
