"""Remittance information as payers really write it (SWIFT field 70 / ISO RmtInf, ≤140 chars).

Most payers name something: the invoice (exactly, without separators, or spaced out), the platform
order or purchase order, the bill of lading. Some write only "GOODS" or nothing; the simulator lets
them do so only when the buyer himself pays exactly what is still open on one trade, so such a
payment can still be matched by amount. Third parties often add "O/B" (on behalf of) the buyer.
"""

from __future__ import annotations

from yipay.simulate.records import SimTrade
from yipay.simulate.streams import Draw

MAX_LENGTH = 140
BARE_SHARE = 0.85  # of payments that may go without a reference
_BARE = ("GOODS", "PAYMENT FOR GOODS", "TRADE PAYMENT", "", "PURCHASE OF {goods}", "{goods}")


def remittance_info(
    draw: Draw,
    trades: tuple[SimTrade, ...],
    part: str,
    *,
    may_be_bare: bool,
    on_behalf_of: str | None,
) -> str:
    """The payer's text for a payment of `trades` (`part`: deposit, balance or full)."""
    goods = _goods_words(trades[0])
    if may_be_bare and draw.chance(BARE_SHARE):
        text = draw.pick(_BARE).format(goods=goods)
    elif len(trades) > 1:
        invoices = " ".join(invoice_variant(draw, t.invoice_no) for t in trades)
        text = draw.pick(("PAYMENT FOR {i}", "INV {i}", "INVOICES {i}")).format(i=invoices)
    else:
        text = _named(draw, trades[0], part, goods)
    if on_behalf_of and draw.chance(0.5):
        text = f"{text} O/B {on_behalf_of}".strip()
    return text[:MAX_LENGTH].strip()


def invoice_variant(draw: Draw, invoice_no: str) -> str:
    """The invoice number as typed by the payer: exact, run together or spaced out."""
    roll = draw.uniform()
    if roll < 0.55:
        return invoice_no
    if roll < 0.8:
        return invoice_no.replace("-", "")
    return invoice_no.replace("-", " ")


def _named(draw: Draw, trade: SimTrade, part: str, goods: str) -> str:
    invoice = invoice_variant(draw, trade.invoice_no)
    order = trade.order_no
    templates: tuple[str, ...]
    if part == "deposit":
        templates = (
            "DEPOSIT PO {order}",
            "ADVANCE PAYMENT ORDER {order}",
            "30 PCT DEPOSIT {invoice}",
            "DOWN PAYMENT {invoice} {goods}",
            "PI {invoice}",
        )
    elif part == "balance":
        templates = (
            "BALANCE PAYMENT {invoice}",
            "BALANCE {invoice} {goods}",
            "PAYMENT FOR {invoice} {goods}",
            "FINAL PAYMENT ORDER {order}",
        )
    else:
        templates = (
            "PAYMENT FOR {invoice} {goods}",
            "INV {invoice}",
            "{invoice}",
            "ORDER {order}",
            "PAYMENT FOR {invoice} {goods}",
        )
    if trade.waybill_no and draw.chance(0.12):
        return f"B/L {trade.waybill_no} {goods}".strip()
    return draw.pick(templates).format(invoice=invoice, order=order, goods=goods)


def _goods_words(trade: SimTrade) -> str:
    """The first goods line as payers write it: 'BED SHEETS', 'PLASTIC TOYS'."""
    name = trade.goods[0].name.upper()
    head, _, detail = name.partition(", ")
    return f"{detail} {head}" if detail and len(detail) < 12 else head
