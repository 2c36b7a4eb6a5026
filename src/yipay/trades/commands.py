"""What the forms hand the trade service: registrations of trades, declarations and documents."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from yipay.core.money import Money
from yipay.core.types_json import canonical
from yipay.trades.domain import DocumentKind, GoodsLine, Provenance, TradeKind


@dataclass(frozen=True, slots=True)
class DocumentInput:
    kind: DocumentKind
    number: str
    export_date: date | None = None
    order_no: str | None = None
    consignee_name: str | None = None
    consignee_country: str | None = None
    carrier: str | None = None
    amount: Money | None = None


@dataclass(frozen=True, slots=True)
class RegisterTrade:
    merchant_id: str  # yipay id, or the merchant's platform id (the feed speaks those)
    buyer_id: str  # likewise
    kind: TradeKind
    reference: str
    amount: Money
    trade_date: date
    provenance: Provenance
    declaration_no: str | None = None
    export_date: date | None = None
    goods_description: str = ""
    hs_code: str | None = None
    platform_id: str | None = None
    order_no: str | None = None
    waybill_no: str | None = None
    goods: tuple[GoodsLine, ...] = ()
    documents: tuple[DocumentInput, ...] = ()
    prepayment: bool = False
    documents_due_by: date | None = None
    payer_name: str | None = None
    content_hash: str | None = None  # of the platform's record, for idempotent re-import


@dataclass(frozen=True, slots=True)
class RegisterDeclaration:
    """A 1039 declaration and the merchants' slices it covers."""

    declaration_no: str
    export_agent: str
    amount: Money
    usd_value: Money
    provenance: Provenance
    slices: tuple[RegisterTrade, ...]
    container_no: str | None = None
    port: str | None = None
    export_date: date | None = None
    platform_id: str | None = None
    documents: tuple[DocumentInput, ...] = ()  # the container's transport documents
    content_hash: str | None = None  # of the declaration's own fields (not its slices)


@dataclass(frozen=True, slots=True)
class RegisterDocument:
    """A document sent on its own, naming its trade (platform id) or its order number."""

    platform_id: str
    merchant_id: str
    document: DocumentInput
    provenance: Provenance
    trade_platform_id: str | None = None
    content_hash: str | None = None


def plain(value: Any) -> Any:
    """A record as JSON-ready values (amounts as [currency, minor units], decimals as text)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Money):
        return [value.currency.code, value.minor]
    if isinstance(value, date | StrEnum):
        return str(value)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    return value


def fingerprint(cmd: object, *, leave_out: frozenset[str] = frozenset()) -> str:
    """SHA-256 of what a record says once read (not how it was spelled): a record re-sent,
    as JSON or as CSV rows, has the same fingerprint; any change of content changes it."""
    body = plain(cmd)
    assert isinstance(body, dict)
    kept = {k: v for k, v in body.items() if k not in leave_out | {"content_hash", "provenance"}}
    return hashlib.sha256(canonical(kept).encode()).hexdigest()
