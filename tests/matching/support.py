"""Builders for reconciliation tests."""

from datetime import date, timedelta

from yipay.core.money import Money
from yipay.matching.reconcile import PaymentRecord, TradeRecord

DAY = date(2026, 4, 1)
BUYER = "Ahmed Al Mansouri"


def trade(tid, amount, invoice="", *, currency="USD", buyer=BUYER, country="AE", days=0, **refs):
    return TradeRecord(
        trade_id=tid,
        merchant_id=refs.pop("merchant", "mer_1"),
        buyer_name=buyer,
        buyer_country=country,
        amount=Money.of(amount, currency),
        trade_date=DAY + timedelta(days=days),
        invoice_no=invoice,
        **refs,
    )


def pay(
    pid,
    amount,
    info="",
    *,
    currency="USD",
    payer=BUYER,
    country="AE",
    days=10,
    charges=None,
    bearer="SHA",
    instructed=None,
    merchant="mer_1",
    account="",
):
    return PaymentRecord(
        payment_id=pid,
        value_date=DAY + timedelta(days=days),
        amount=Money.of(amount, currency),
        payer_name=payer,
        payer_country=country,
        payer_account=account,
        remittance_info=info,
        beneficiary_id=merchant,
        charges=Money.of(charges, currency) if charges else None,
        charge_bearer=bearer,
        instructed=Money.of(*instructed) if instructed else None,
    )


def rows(result):
    """(payment, trade or '', allocated amount as text) for every allocation."""
    return [(a.payment_id, a.trade_id or "", str(a.received.amount)) for a in result.allocations]
