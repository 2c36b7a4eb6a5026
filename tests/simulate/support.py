"""Helpers for the simulator tests: cached datasets and the invariants every dataset keeps."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from functools import cache

from yipay.simulate import MarketDataset, RateBook, SimPayment, SimulationConfig, simulate

DECLARATION_CAP_USD = Decimal(150_000)


@cache
def dataset(config: SimulationConfig) -> MarketDataset:
    return simulate(config)


def normalise(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def payment_labels(data: MarketDataset) -> dict[str, str]:
    return {
        label.entity_id: label.typology for label in data.labels if label.entity_type == "payment"
    }


def normal_payments(data: MarketDataset) -> list[SimPayment]:
    typology = payment_labels(data)
    return [p for p in data.payments if typology[p.reference] == "normal"]


def names_a_reference(data: MarketDataset, payment: SimPayment) -> bool:
    """True if the remittance text carries an invoice, order or waybill number of its trades."""
    trades = {t.platform_id: t for t in data.trades}
    text = normalise(payment.remittance_info)
    for trade_id in payment.trade_platform_ids:
        trade = trades[trade_id]
        references = [trade.invoice_no, trade.order_no, trade.waybill_no or ""]
        if any(ref and normalise(ref) in text for ref in references):
            return True
    return False


def assert_consistent(data: MarketDataset) -> None:
    """Every invariant the rest of the system relies on."""
    trades = {t.platform_id: t for t in data.trades}
    assert len(trades) == len(data.trades)
    book = RateBook.from_rates(data.rates)

    for trade in data.trades:
        assert trade.goods
        assert sum(line.total.minor for line in trade.goods) == trade.amount.minor
        assert all(line.unit_price.currency == trade.amount.currency for line in trade.goods)
        assert (trade.declaration_no is None) == (trade.kind == "9610")

    per_declaration: dict[str, Decimal] = defaultdict(Decimal)
    for trade in data.trades:
        if trade.kind == "1039" and trade.declaration_no is not None:
            per_declaration[trade.declaration_no] += book.usd_value(trade.amount, trade.trade_date)
    assert all(total <= DECLARATION_CAP_USD for total in per_declaration.values())

    received = [p.received_at for p in data.payments]
    assert received == sorted(received)
    for payment in data.payments:
        assert payment.received_at.utcoffset() is not None
        assert payment.amount <= payment.instructed_amount
        assert payment.amount.is_positive
        if payment.charges is not None:
            assert payment.instructed_amount - payment.amount == payment.charges
        if payment.charge_bearer == "OUR":
            assert payment.amount == payment.instructed_amount
        assert all(trade_id in trades for trade_id in payment.trade_platform_ids)
        for trade_id in payment.trade_platform_ids:
            assert trades[trade_id].merchant_platform_id == payment.beneficiary_platform_id
            assert trades[trade_id].amount.currency == payment.instructed_amount.currency

    typology = payment_labels(data)
    payment_rows = [lab.entity_id for lab in data.labels if lab.entity_type == "payment"]
    assert sorted(payment_rows) == sorted(p.reference for p in data.payments)
    no_trade = {p.reference for p in data.payments if not p.trade_platform_ids}
    assert no_trade == {ref for ref, kind in typology.items() if kind == "no_trade"}

    assert_payments_add_up(data)
    assert_rates_cover(data, book)


def assert_payments_add_up(data: MarketDataset) -> None:
    """A deposit is 30% and a balance 70% of the trade (largest remainder); together 100%."""
    trades = {t.platform_id: t for t in data.trades}
    paid: dict[str, list[SimPayment]] = defaultdict(list)
    for payment in data.payments:
        for trade_id in payment.trade_platform_ids:
            paid[trade_id].append(payment)
    for trade_id, payments in paid.items():
        trade = trades[trade_id]
        deposit, balance = trade.amount.allocate([3, 7])
        if any(len(p.trade_platform_ids) > 1 for p in payments):
            (joint,) = payments
            together = sum(trades[t].amount.minor for t in joint.trade_platform_ids)
            assert joint.instructed_amount.minor == together
            continue
        assert len(payments) <= 2
        for payment in payments:
            expected = (deposit,) if payment.is_deposit else (balance, trade.amount)
            assert payment.instructed_amount in expected
        if len(payments) == 2:
            assert sorted(p.is_deposit for p in payments) == [False, True]
            assert sum(p.instructed_amount.minor for p in payments) == trade.amount.minor


def assert_rates_cover(data: MarketDataset, book: RateBook) -> None:
    assert all(rate.bid < rate.ask and rate.quote == "CNY" for rate in data.rates)
    for payment in data.payments:
        code = payment.amount.currency.code
        if code != "CNY":
            assert (code, payment.received_at.date()) in book.quotes
            assert (code, payment.value_date) in book.quotes
    for trade in data.trades:
        if trade.amount.currency.code != "CNY":
            assert (trade.amount.currency.code, trade.trade_date) in book.quotes
