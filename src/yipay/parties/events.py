"""Facts about parties that other capabilities react to."""

from __future__ import annotations

from dataclasses import dataclass

from yipay.core.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class MerchantRegistered(DomainEvent):
    name = "merchant.registered"


@dataclass(frozen=True, kw_only=True)
class MerchantKycChanged(DomainEvent):
    name = "merchant.kyc_changed"
    kyc_status: str
    kyc_expires_on: str | None


@dataclass(frozen=True, kw_only=True)
class MerchantFxDirectoryChanged(DomainEvent):
    """Staff recorded whether the merchant is in SAFE's trade-FX directory (and since when)."""

    name = "merchant.fx_directory_changed"
    registered: bool
    registered_on: str | None
    marked_by: str


@dataclass(frozen=True, kw_only=True)
class MerchantAccountChanged(DomainEvent):
    """A new settlement account took effect after a second user approved it."""

    name = "merchant.account_changed"
    change_id: str
    approved_by: str


@dataclass(frozen=True, kw_only=True)
class BuyerRegistered(DomainEvent):
    name = "buyer.registered"


@dataclass(frozen=True, kw_only=True)
class PayerRelationRecorded(DomainEvent):
    """A payer was recorded as paying for a buyer (subject: the buyer; no names in events)."""

    name = "buyer.payer_relation_recorded"
    relation_id: str
    kind: str
    source: str
    recorded_by: str
