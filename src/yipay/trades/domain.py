"""Trades and allocations: every trade has an open balance that collections consume, once.

A trade is consumed *gross*: what arrived plus the charges deducted on the way. Provenance decides
whether a trade may unlock money: a merchant-entered record alone never does; it waits for the
market platform's record or an operator's review.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from yipay.core.ids import new_id
from yipay.core.money import Money, Rounding
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
    prepayment: bool = False  # money may arrive before any export (deposit on an order)
    documents_due_by: date | None = None  # a prepayment's deadline for its export document
    payer_name: str | None = None  # the paying party the order names (9610), if not the buyer
    revision: int = 1  # 1 + the platform's amendments applied

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
        if self.prepayment and self.documents_due_by is None:
            raise InvalidTrade("a prepayment trade needs documents_due_by (its document deadline)")
        if self.documents_due_by is not None and not self.prepayment:
            raise InvalidTrade("documents_due_by is only for prepayment trades")

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

    def release(self, gross: Money) -> Trade:
        """The trade after a reversed allocation gives back what it consumed."""
        if not gross.is_positive or gross > self.allocated:
            raise InvalidTrade(f"trade {self.id} cannot give back {gross} of {self.allocated}")
        return replace(self, allocated=self.allocated - gross)


class OpenTrade(NamedTuple):
    """What matching needs of an open trade, read without building a `Trade` (the online matcher
    reads every open trade of a merchant for each payment)."""

    id: str
    buyer_id: str
    open_minor: int  # the open balance, minor units of `currency`
    currency: str
    trade_date: date
    reference: str
    order_no: str
    declaration_no: str
    waybill_no: str
    platform_id: str
    verification: Verification


@dataclass(frozen=True, slots=True)
class Allocation:
    """A payment's claim on a trade: what arrived plus charges deducted on the way = gross.

    A payment in one currency may pay a trade in another (the instructed amount or the
    reference rate converts it): then `consumed` is what the trade gives, in its currency, and
    `received`/`charges` stay in the payment's. A reversed allocation is history only.
    """

    id: str
    payment_id: str
    trade_id: str
    received: Money
    charges: Money
    created_at: datetime
    consumed: Money | None = None
    reversed_at: datetime | None = None
    reversal_reason: str = ""

    def __post_init__(self) -> None:
        if self.received.currency != self.charges.currency:
            raise InvalidTrade("received and charges must share a currency")
        if self.charges.is_negative or not self.received.is_positive:
            raise InvalidTrade("an allocation receives a positive amount and non-negative charges")
        if self.consumed is not None and (
            self.consumed.currency == self.received.currency or not self.consumed.is_positive
        ):
            raise InvalidTrade(
                "a converted allocation consumes a positive amount in another currency"
            )

    @property
    def gross(self) -> Money:
        """What the trade gives up, in the trade's currency."""
        return self.consumed if self.consumed is not None else self.received + self.charges

    @property
    def active(self) -> bool:
        return self.reversed_at is None


# -- the registry: goods lines, declarations, documents -------------------------------------------


def registry_id(prefix: str) -> str:
    """A time-sortable id for registry rows (`tdc_…` documents, `tam_…` amendments)."""
    return prefix + new_id("trade")[3:]


LINE_AMOUNT_TOLERANCE_MINOR = 1  # a line amount may differ from quantity × unit price by 1 minor


def valid_hs_code(code: str) -> bool:
    return code.isdigit() and 6 <= len(code) <= 10


@dataclass(frozen=True, slots=True)
class GoodsLine:
    """One line of goods: what customs and the platform see (name, HS code, quantity × price)."""

    line_no: int
    name: str
    hs_code: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    amount: Money

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidTrade(f"goods line {self.line_no}: a name is required")
        if not valid_hs_code(self.hs_code):
            raise InvalidTrade(f"goods line {self.line_no}: HS code must be 6 to 10 digits")
        if self.quantity <= 0:
            raise InvalidTrade(f"goods line {self.line_no}: quantity must be positive")
        if self.unit_price < 0:
            raise InvalidTrade(f"goods line {self.line_no}: unit price must not be negative")
        if not self.amount.is_positive:
            raise InvalidTrade(f"goods line {self.line_no}: amount must be positive")

    @property
    def computed(self) -> Money:
        return Money.rounded(
            self.quantity * self.unit_price, self.amount.currency, Rounding.HALF_UP
        )


def goods_problems(amount: Money, lines: Sequence[GoodsLine]) -> list[tuple[str, str]]:
    """(field, reason) for each way the goods lines disagree with the trade amount.

    Each line amount must be quantity × unit price to within one minor unit (unit prices carry
    more decimals than the currency: 0.035 USD a piece); the line amounts must add up to the
    trade amount exactly: it is what collections consume, so no tolerance there.
    """
    problems: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        where = f"goods[{i}]"
        if line.amount.currency != amount.currency:
            problems.append((f"{where}.currency", "a goods line is in the trade's currency"))
            continue
        if abs(line.amount.minor - line.computed.minor) > LINE_AMOUNT_TOLERANCE_MINOR:
            problems.append(
                (
                    f"{where}.amount",
                    f"{line.amount.amount} is not quantity × unit price ({line.computed.amount})",
                )
            )
    if lines and not problems:
        total = sum((line.amount.minor for line in lines), 0)
        if total != amount.minor:
            summed = Money.from_minor(total, amount.currency)
            problems.append(("goods", f"lines add up to {summed}, the trade amount is {amount}"))
    return problems


class DocumentKind(StrEnum):
    WAYBILL = "waybill"  # courier / postal waybill (9610 parcels)
    BILL_OF_LADING = "bill_of_lading"
    AIR_WAYBILL = "air_waybill"
    TIR_CARNET = "tir_carnet"  # road transport under the TIR convention
    DECLARATION_LIST = "declaration_list"  # 9610 清单 (the customs list of parcels)
    INVOICE = "invoice"  # 0110 commercial invoice
    CONTRACT = "contract"


TRANSPORT_DOCUMENTS = frozenset(
    {
        DocumentKind.WAYBILL,
        DocumentKind.BILL_OF_LADING,
        DocumentKind.AIR_WAYBILL,
        DocumentKind.TIR_CARNET,
    }
)


@dataclass(frozen=True, slots=True)
class TradeDocument:
    """A document backing a trade. Transport documents carry the export date.

    A standalone document from the feed may arrive before its trade (a waybill naming an order
    not yet registered): it is kept unlinked (`trade_id` None) with the order number it names.
    """

    id: str
    merchant_id: str
    trade_id: str | None
    kind: DocumentKind
    number: str
    provenance: Provenance
    created_at: datetime
    export_date: date | None = None
    order_no: str | None = None
    consignee_name: str | None = None
    consignee_country: str | None = None
    carrier: str | None = None
    amount: Money | None = None  # invoices state one
    platform_id: str | None = None  # only documents sent as records of their own

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise InvalidTrade("a document needs its number")

    @property
    def is_export_evidence(self) -> bool:
        return self.kind in TRANSPORT_DOCUMENTS and self.export_date is not None


@dataclass(frozen=True, slots=True)
class Declaration:
    """A 1039 customs declaration; the merchants' slices are trades naming its number."""

    declaration_no: str
    export_agent: str
    amount: Money
    usd_value: Money  # what the cap is measured in (customs' USD equivalent)
    provenance: Provenance
    created_at: datetime
    container_no: str | None = None
    export_date: date | None = None
    port: str | None = None
    platform_id: str | None = None
    revision: int = 1

    def __post_init__(self) -> None:
        if not self.amount.is_positive or not self.usd_value.is_positive:
            raise InvalidTrade("a declaration amount must be positive")
        if self.usd_value.currency.code != "USD":
            raise InvalidTrade("a declaration's usd_value is in USD")
        if self.amount.currency.code == "USD" and self.usd_value != self.amount:
            raise InvalidTrade("a USD declaration's usd_value is its amount")


def cap_problem(declaration_no: str, usd_value: Money, cap: Money) -> str | None:
    if usd_value > cap:
        return f"declaration {declaration_no} is {usd_value}, above the {cap} per-declaration cap"
    return None


def slices_problem(declaration: Declaration, slices_total: Money) -> str | None:
    """The merchants' slices of one declaration never add up to more than it declares."""
    if slices_total.currency != declaration.amount.currency:
        return f"slices of {declaration.declaration_no} are in {declaration.amount.currency.code}"
    if slices_total > declaration.amount:
        return (
            f"slices of declaration {declaration.declaration_no} would total {slices_total}, "
            f"more than the {declaration.amount} declared"
        )
    return None


@dataclass(frozen=True, slots=True)
class TradeRecord:
    """A trade with everything that backs it, as shown by GET /trades/{id}."""

    trade: Trade
    goods: tuple[GoodsLine, ...] = ()
    documents: tuple[TradeDocument, ...] = ()
    declaration: Declaration | None = None
    amendments: int = 0


def has_export_evidence(trade: Trade, documents: Iterable[TradeDocument]) -> bool:
    return any(d.is_export_evidence and d.trade_id == trade.id for d in documents)


def is_overdue(trade: Trade, documents: Iterable[TradeDocument], today: date) -> bool:
    """A prepayment whose deadline has passed without a transport document with an export date."""
    return (
        trade.prepayment
        and trade.documents_due_by is not None
        and trade.documents_due_by < today
        and trade.verification is not Verification.REJECTED
        and not has_export_evidence(trade, documents)
    )


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One reason a feed record was refused: where (line, field) and why."""

    line: int
    field: str
    reason: str


@dataclass(slots=True)
class ImportSummary:
    imported: int = 0
    amended: int = 0
    unchanged: int = 0
    refused: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    problems_total: int = 0

    @property
    def ok(self) -> bool:
        return self.problems_total == 0
