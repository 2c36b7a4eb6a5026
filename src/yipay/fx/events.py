"""Facts about FX: new reference rates arrived (a credit waiting for a rate can go on)."""

from __future__ import annotations

from dataclasses import dataclass

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class RatesImported(DomainEvent):
    name = "fx.rates_imported"
    added: int
