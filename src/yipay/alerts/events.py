"""Facts about alerts."""

from __future__ import annotations

from dataclasses import dataclass

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class AlertRaised(DomainEvent):
    name = "alert.raised"
    rule_id: str
