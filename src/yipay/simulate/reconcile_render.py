"""From plans to records: remittance texts (after invoices are numbered), ids, truth rows.

Payment ids look like bank references and are issued in value-date order, trade ids in
trade-date order, so neither id order nor file order tells which payment pays which trade.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from yipay.core.currency import currency as iso_currency
from yipay.simulate.reconcile_records import RecPayment, RecTrade, TruthRow
from yipay.simulate.reconcile_refs import (
    BALANCE_TEMPLATES,
    BARE,
    DEPOSIT_TEMPLATES,
    FULL_TEMPLATES,
    MULTI_TEMPLATES,
    NO_TRADE_TEXT,
    ORDER_TEMPLATES,
    InvoiceKey,
    hard_variant,
    invoice_key,
    invoice_no,
    neighbour_number,
    remittance,
    typed,
)
from yipay.simulate.streams import Draw

if TYPE_CHECKING:
    from yipay.simulate.reconcile_chunk import Merchant, PaymentPlan, TradePlan

_ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class RefSpec:
    """What the payer's text names: kind invoice | hard | order | multi | bare | no_trade |
    decoy | waybill; `part` full | deposit | balance; `on_behalf` the buyer a third party names."""

    kind: str
    trades: tuple[TradePlan, ...] = ()
    part: str = "full"
    on_behalf: str = ""


@dataclass(frozen=True)
class Rendered:
    payments: tuple[RecPayment, ...]
    truth: tuple[TruthRow, ...]

    @staticmethod
    def trades_of(trades: Sequence[TradePlan]) -> tuple[RecTrade, ...]:
        ordered = sorted(trades, key=lambda t: t.trade_id)
        return tuple(
            RecTrade(
                trade_id=t.trade_id,
                merchant_id=t.merchant.merchant_id,
                buyer_name=t.buyer.registered_name,
                buyer_country=t.buyer.profile.buyer.country,
                amount=decimal_of(t.amount, t.currency),
                currency=t.currency,
                trade_date=t.trade_date,
                declaration_no=t.declaration_no,
                order_no=t.order_no,
                invoice_no=t.invoice_no,
                waybill_no=t.waybill_no,
                goods_description=t.goods.name,
                hs_code=t.goods.hs_code,
            )
            for t in ordered
        )


def decimal_of(minor: int, code: str) -> Decimal:
    """Minor units as an exact Decimal at the currency's ISO 4217 exponent."""
    exponent = iso_currency(code).exponent
    return Decimal(minor).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))


def render_chunk(draw: Draw, chunk: int, plans: Sequence[PaymentPlan]) -> Rendered:
    issued: dict[str, set[InvoiceKey]] = {}
    payments: list[RecPayment] = []
    truth: list[TruthRow] = []
    ids: set[str] = set()
    for plan in sorted(plans, key=lambda p: (p.value_date, p.seq)):
        keys = issued.get(plan.merchant.merchant_id)
        if keys is None:
            keys = issued[plan.merchant.merchant_id] = {
                invoice_key(t.invoice_no) for t in plan.merchant.trades
            }
        payment_id = _payment_id(draw, chunk, plan, ids)
        payments.append(_payment(plan, payment_id, text(draw, plan.ref, plan.merchant, keys)))
        truth.extend(_truth(plan, payment_id))
    return Rendered(tuple(payments), tuple(truth))


def text(draw: Draw, ref: RefSpec, merchant: Merchant, issued: set[InvoiceKey]) -> str:
    """The remittance information of one payment."""
    goods = ref.trades[0].goods.name.upper().partition(",")[0] if ref.trades else ""
    if ref.kind == "invoice":
        templates = {
            "deposit": DEPOSIT_TEMPLATES,
            "balance": BALANCE_TEMPLATES,
        }.get(ref.part, FULL_TEMPLATES)
        trade = ref.trades[0]
        body = remittance(
            draw.pick(templates),
            invoice=typed(draw, trade.invoice_no),
            order=trade.order_no,
            goods=goods,
        )
    elif ref.kind == "hard":
        variant = hard_variant(draw, ref.trades[0].invoice_no, issued)
        body = remittance(draw.pick(FULL_TEMPLATES), invoice=variant, goods=goods)
    elif ref.kind == "order":
        body = remittance(draw.pick(ORDER_TEMPLATES), order=ref.trades[0].order_no, goods=goods)
    elif ref.kind == "waybill":
        body = remittance("B/L {waybill} {goods}", waybill=ref.trades[0].waybill_no, goods=goods)
    elif ref.kind == "multi":
        invoices = " ".join(typed(draw, t.invoice_no) for t in ref.trades)
        body = remittance(draw.pick(MULTI_TEMPLATES), i=invoices)
    elif ref.kind == "bare":
        body = remittance(draw.pick(BARE), goods=goods)
    elif ref.kind == "decoy":
        body = remittance(draw.pick(FULL_TEMPLATES), invoice=_decoy(merchant), goods="GOODS")
    else:
        foreign = f"{draw.between(1, 9999):04d}"
        body = remittance(draw.pick(NO_TRADE_TEXT), foreign=foreign)
    if ref.on_behalf:
        body = remittance("{body} O/B {who}", body=body, who=ref.on_behalf)
    return body


def _decoy(merchant: Merchant) -> str:
    """An invoice number the shop has not issued, one digit away from its last one."""
    last = merchant.first_number + len(merchant.trades) - 1
    year = max((t.trade_date.year for t in merchant.trades), default=2026)
    return invoice_no(merchant.invoice_style, year, neighbour_number(last))


def _payment_id(draw: Draw, chunk: int, plan: PaymentPlan, taken: set[str]) -> str:
    day = plan.value_date
    prefix = f"FT{day:%y}{day.timetuple().tm_yday:03d}{_base34(chunk)}"
    while True:
        candidate = prefix + draw.chars(_ALNUM, 5)
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _base34(n: int) -> str:
    chars = []
    for _ in range(3):
        n, digit = divmod(n, len(_ALNUM))
        chars.append(_ALNUM[digit])
    return "".join(reversed(chars))


def _payment(plan: PaymentPlan, payment_id: str, info: str) -> RecPayment:
    code = plan.currency
    instructed = plan.instructed
    return RecPayment(
        payment_id=payment_id,
        value_date=plan.value_date,
        amount=decimal_of(plan.amount, code),
        currency=code,
        payer_name=plan.payer_name,
        payer_country=plan.payer.country,
        payer_account=plan.payer.account,
        remittance_info=info,
        beneficiary_id=plan.merchant.merchant_id,
        charges_amount=None if plan.charges is None else decimal_of(plan.charges, code),
        charges_currency=None if plan.charges is None else code,
        charge_bearer=plan.bearer,
        instructed_amount=None if instructed is None else decimal_of(*instructed),
        instructed_currency=None if instructed is None else instructed[1],
        case=plan.case,
    )


def _truth(plan: PaymentPlan, payment_id: str) -> list[TruthRow]:
    code = plan.currency
    rows = [
        TruthRow(payment_id, trade.trade_id, decimal_of(minor, code), code, plan.case)
        for trade, minor in plan.allocations
        if minor
    ]
    rest = plan.amount - sum(minor for _trade, minor in plan.allocations)
    if rest or not rows:
        rows.append(TruthRow(payment_id, "", decimal_of(rest, code), code, plan.case))
    return rows
