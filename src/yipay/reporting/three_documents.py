"""The 三单 check for 9610 cross-border e-commerce: order ↔ payment ↔ waybill.

Since 2024-12-15 exporters no longer send the payment receipt to customs, so the institution
keeps the payment ↔ order link itself. This check reads trades (orders, waybills) and the
payments allocated to them, so it lives above both (reporting may read payments; trades may not).

Breaks, each with a reason:
  order_without_waybill       a 9610 order with no transport document
  waybill_without_export_date the order's waybills carry no export date
  waybill_without_order       a waybill naming an order number no 9610 order has (unlinked)
  order_without_payment       nothing has been allocated to the order
  amount_mismatch             what arrived differs from the order amount beyond the charges
                              tolerance (intermediary banks deduct USD 10–50 per hop)
  payer_not_buyer             the payer is neither the buyer nor the payer the order names
  consignee_country_mismatch  the waybill's consignee country is not the buyer's country
  late_export                 the waybill's export date is more than N days after the order
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.money import Money
from yipay.parties.errors import PartyNotFound
from yipay.parties.service import PartyService
from yipay.payments.service import PaymentService
from yipay.trades.domain import TRANSPORT_DOCUMENTS, Allocation, Trade, TradeDocument, TradeKind
from yipay.trades.service import TradeService


@dataclass(frozen=True, slots=True)
class CheckPolicy:
    amount_tolerance: Decimal = Decimal(50)  # in the order's currency
    export_within_days: int = 30


@dataclass(frozen=True, slots=True)
class Break:
    kind: str
    merchant_id: str
    reason: str
    trade_id: str | None = None
    order_no: str | None = None
    waybill_no: str | None = None
    payment_id: str | None = None


BREAK_COLUMNS = (
    "kind",
    "merchant_id",
    "trade_id",
    "order_no",
    "waybill_no",
    "payment_id",
    "reason",
)


_NOT_WORD = re.compile(r"[^\w]+")


def name_key(name: str) -> frozenset[str]:
    """A name as a set of case-folded, accent-free words (word order and punctuation ignored)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    return frozenset(w for w in _NOT_WORD.split(folded.casefold()) if w)


def same_name(a: str, b: str) -> bool:
    return bool(name_key(a)) and name_key(a) == name_key(b)


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """What the check needs about one order, gathered from trades, parties and payments."""

    trade: Trade
    buyer_names: tuple[str, ...]
    buyer_country: str | None
    documents: tuple[TradeDocument, ...]
    payments: tuple[tuple[str, str, Money], ...]  # (payment id, payer name, received)


def order_breaks(facts: OrderFacts, policy: CheckPolicy) -> list[Break]:
    """Pure: the breaks of one 9610 order."""
    t = facts.trade
    waybills = [d for d in facts.documents if d.kind in TRANSPORT_DOCUMENTS]
    first = waybills[0].number if waybills else t.waybill_no

    def brk(kind: str, reason: str, payment_id: str | None = None) -> Break:
        return Break(
            kind, t.merchant_id, reason, t.id, t.order_no or t.reference, first, payment_id
        )

    found: list[Break] = []
    if not waybills:
        found.append(brk("order_without_waybill", "no waybill is registered for the order"))
    elif not any(d.export_date for d in waybills):
        found.append(brk("waybill_without_export_date", "the waybill carries no export date"))
    for d in waybills:
        if (
            d.consignee_country
            and facts.buyer_country
            and d.consignee_country != facts.buyer_country
        ):
            found.append(
                brk(
                    "consignee_country_mismatch",
                    f"waybill {d.number} goes to {d.consignee_country}; "
                    f"the buyer is in {facts.buyer_country}",
                )
            )
        if d.export_date and (d.export_date - t.trade_date).days > policy.export_within_days:
            days = (d.export_date - t.trade_date).days
            found.append(
                brk(
                    "late_export",
                    f"waybill {d.number} exported {days} days after the order "
                    f"(more than {policy.export_within_days})",
                )
            )
    if not facts.payments:
        found.append(brk("order_without_payment", "no payment is allocated to the order"))
        return found
    received = sum((amount.minor for _, _, amount in facts.payments), 0)
    paid = Money.from_minor(received, t.amount.currency)
    tolerance = Money.of(policy.amount_tolerance, t.amount.currency)
    if paid > t.amount or t.amount - paid > tolerance:
        found.append(
            brk(
                "amount_mismatch",
                f"payments received {paid} for an order of {t.amount} "
                f"(tolerance {tolerance} for charges)",
            )
        )
    known = [*facts.buyer_names, *([t.payer_name] if t.payer_name else [])]
    for payment_id, payer, _amount in facts.payments:
        if not any(same_name(payer, name) for name in known):
            found.append(
                brk(
                    "payer_not_buyer",
                    f"payer {payer!r} is neither the buyer nor a payer the order names",
                    payment_id,
                )
            )
    return found


class ThreeDocumentCheck:
    def __init__(
        self, trades: TradeService, payments: PaymentService, parties: PartyService
    ) -> None:
        self.trades = trades
        self.payments = payments
        self.parties = parties

    def run(
        self, uow: UnitOfWork, *, merchant_id: str | None = None, policy: CheckPolicy | None = None
    ) -> list[Break]:
        rules = policy or CheckPolicy()
        orders = self.trades.by_kind(uow, TradeKind.CROSS_BORDER_ECOMMERCE, merchant_id=merchant_id)
        ids = [t.id for t in orders]
        documents: dict[str, list[TradeDocument]] = defaultdict(list)
        for d in self.trades.documents_for(uow, ids):
            if d.trade_id:
                documents[d.trade_id].append(d)
        allocations: dict[str, list[Allocation]] = defaultdict(list)
        for a in self.trades.allocations_for_trades(uow, ids):
            allocations[a.trade_id].append(a)
        found: list[Break] = []
        for t in orders:
            found += order_breaks(self._facts(uow, t, documents[t.id], allocations[t.id]), rules)
        found += self._orphan_waybills(uow, merchant_id)
        return found

    def _facts(
        self, uow: UnitOfWork, t: Trade, docs: Sequence[TradeDocument], allocs: Sequence[Allocation]
    ) -> OrderFacts:
        try:
            buyer = self.parties.buyer(uow, t.buyer_id)
            names: tuple[str, ...] = tuple(n for n in (buyer.name, buyer.name_latin) if n)
            country: str | None = buyer.country
        except PartyNotFound:
            names, country = (), None
        paid = []
        for a in allocs:
            payment = self.payments.get(uow, a.payment_id)
            paid.append((payment.id, payment.payer.name, a.received))
        return OrderFacts(t, names, country, tuple(docs), tuple(paid))

    def _orphan_waybills(self, uow: UnitOfWork, merchant_id: str | None) -> list[Break]:
        return [
            Break(
                "waybill_without_order",
                d.merchant_id,
                f"waybill {d.number} names order {d.order_no or '(none)'}, which is not registered",
                None,
                d.order_no,
                d.number,
            )
            for d in self.trades.unlinked_documents(uow, merchant_id=merchant_id)
            if d.kind in TRANSPORT_DOCUMENTS
        ]


def breaks_csv(breaks: Sequence[Break]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BREAK_COLUMNS)
    for b in breaks:
        writer.writerow([getattr(b, c) or "" for c in BREAK_COLUMNS])
    return out.getvalue()
