"""Trades and allocations: every trade has an open balance that collections consume, once.

A trade is consumed *gross*: what arrived plus the charges deducted on the way. Provenance decides
whether a trade may unlock money: a merchant-entered record alone never does; it waits for the
market platform's record or an operator's review.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from yipay.core.money import Money
from yipay.trades.errors import InvalidTrade, OverAllocation


class TradeKind(StrEnum):
    ORDER = "order"
    MARKET_PROCUREMENT = "1039"
    CROSS_BORDER_ECOMMERCE = "9610"
    GENERAL_TRADE = "0110"


class Provenance(StrEnum):
    PLATFORM = "platform"  # the market-procurement networked information platform's feed
    MERCHANT = "merchant"  # entered by the merchant (API)


class Verification(StrEnum):
    VERIFIED = "verified"
    PENDING_REVIEW = "pending_review"
    REJECTED = "rejected"


_REF_NOISE = re.compile(r"[^0-9A-Z]")


def normalise_reference(text: str) -> str:
    """Compare references without case, separators or spaces ("inv-2026/0012" ~ "INV20260012")."""
    return _REF_NOISE.sub("", text.upper())


@functools.lru_cache(maxsize=65_536)
def _reference_pattern(key: str) -> re.Pattern[str]:
    # Separators may sit between any two characters, but the reference must stand alone: a
    # longer number around it (a neighbouring invoice, one more digit) is another reference.
    body = r"[^0-9A-Z]*".join(re.escape(ch) for ch in key)
    return re.compile(rf"(?<![0-9A-Z]){body}(?![0-9A-Z])")


def mentions(text: str, reference_key: str) -> bool:
    """Does `text` name the (normalised) reference as a whole, never as part of a longer one?"""
    return bool(reference_key) and bool(_reference_pattern(reference_key).search(text.upper()))


@dataclass(frozen=True, slots=True)
class Trade:
    id: str
    merchant_id: str
    buyer_id: str
    kind: TradeKind
    reference: str  # the number the buyer is told to quote: invoice, order or declaration
    amount: Money
    allocated: Money
    trade_date: date
    provenance: Provenance
    verification: Verification
    created_at: datetime
    declaration_no: str | None = None
    export_date: date | None = None
    goods_description: str = ""
    hs_code: str | None = None
    platform_id: str | None = None
    order_no: str | None = None
    waybill_no: str | None = None  # bill of lading, air waybill or TIR carnet number

    def __post_init__(self) -> None:
        if not self.amount.is_positive:
            raise InvalidTrade("a trade amount must be positive")
        if self.allocated.currency != self.amount.currency:
            raise InvalidTrade("allocations are kept in the trade's currency")
        if self.allocated.is_negative or self.allocated > self.amount:
            raise OverAllocation(f"trade {self.id} allocated {self.allocated} of {self.amount}")
        if not normalise_reference(self.reference):
            raise InvalidTrade("a trade needs a reference (invoice, order or declaration number)")
        if self.hs_code is not None and not (
            self.hs_code.isdigit() and 6 <= len(self.hs_code) <= 10
        ):
            raise InvalidTrade(f"HS code {self.hs_code!r} must be 6 to 10 digits")

    @property
    def open_balance(self) -> Money:
        return self.amount - self.allocated

    @property
    def can_unlock_money(self) -> bool:
        return self.verification is Verification.VERIFIED

    @property
    def references(self) -> tuple[str, ...]:
        found = [
            self.reference,
            self.order_no or "",
            self.declaration_no or "",
            self.waybill_no or "",
            self.platform_id or "",
        ]
        return tuple(n for n in (normalise_reference(r) for r in found) if len(n) >= 4)

    def named_in(self, text: str) -> bool:
        return any(mentions(text, ref) for ref in self.references)

    def allocate(self, gross: Money) -> Trade:
        """The trade after consuming `gross`; refuses more than the open balance."""
        if not gross.is_positive:
            raise InvalidTrade("an allocation must be positive")
        if gross > self.open_balance:
            raise OverAllocation(
                f"trade {self.id} has {self.open_balance} open; cannot allocate {gross}"
            )
        return replace(self, allocated=self.allocated + gross)


@dataclass(frozen=True, slots=True)
class Allocation:
    """A payment's claim on a trade: what arrived plus charges deducted on the way = gross."""

    id: str
    payment_id: str
    trade_id: str
    received: Money
    charges: Money
    created_at: datetime

    def __post_init__(self) -> None:
        if self.received.currency != self.charges.currency:
            raise InvalidTrade("received and charges must share a currency")
        if self.charges.is_negative or not self.received.is_positive:
            raise InvalidTrade("an allocation receives a positive amount and non-negative charges")

    @property
    def gross(self) -> Money:
        return self.received + self.charges
