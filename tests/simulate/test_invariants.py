"""Invariants of every dataset, on the default run and on small random configurations."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from yipay.simulate import RateBook, SimulationConfig, is_valid_uscc

from .support import (
    assert_consistent,
    dataset,
    names_a_reference,
    normal_payments,
    normalise,
    payment_labels,
)

DEFAULT = SimulationConfig()
MEDIUM = SimulationConfig(days=14, merchants=300, seed=7)


def test_default_dataset_is_consistent() -> None:
    assert_consistent(dataset(DEFAULT))


def test_default_dataset_has_every_typology() -> None:
    kinds = Counter(payment_labels(dataset(DEFAULT)).values())
    assert kinds["normal"] > 150
    assert kinds["no_trade"] >= 1
    assert kinds["third_party_foreign"] >= 1
    assert kinds["large_value_day"] >= 2
    assert kinds["embargoed_payer"] == 1


def test_merchants_are_registered_properly() -> None:
    merchants = dataset(DEFAULT).merchants
    assert all(is_valid_uscc(m.id_number) for m in merchants)
    assert len({m.id_number for m in merchants}) == len(merchants)
    assert len({m.legal_name for m in merchants}) == len(merchants)
    assert all(m.settlement_account_name == m.legal_name for m in merchants)
    assert all(m.party_type == "non_natural" and m.id_type == "uscc" for m in merchants)
    for merchant in merchants:
        prefix = "91" if merchant.business_form == "company" else "92"
        assert merchant.id_number.startswith(prefix + "330782")
        assert merchant.kyc_expires_on > DEFAULT.start


def test_payments_are_in_the_window() -> None:
    data = dataset(DEFAULT)
    last = DEFAULT.start + timedelta(days=DEFAULT.days - 1)
    assert all(DEFAULT.start <= p.received_at.date() <= last for p in data.payments)


def test_unreferenced_payments_match_an_open_balance_exactly() -> None:
    """A payment that names no reference is the buyer paying one trade's whole open balance."""
    data = dataset(MEDIUM)
    trades = {t.platform_id: t for t in data.trades}
    buyers = {b.platform_id: b for b in data.buyers}
    paid_deposits = {t for p in data.payments if p.is_deposit for t in p.trade_platform_ids}
    for payment in normal_payments(data):
        if names_a_reference(data, payment):
            continue
        (trade_id,) = payment.trade_platform_ids
        trade = trades[trade_id]
        buyer = buyers[trade.buyer_platform_id]
        assert normalise(payment.payer_name) == normalise(buyer.name_latin)
        assert not payment.is_deposit
        balance = trade.amount.allocate([3, 7])[1]
        open_balance = balance if trade_id in paid_deposits else trade.amount
        assert payment.instructed_amount == open_balance


def test_typical_market_shapes() -> None:
    """Loose bands around the market's shape, so tuning mistakes show up."""
    data = dataset(MEDIUM)
    assert_consistent(data)
    normal = normal_payments(data)
    currencies = Counter(p.amount.currency.code for p in normal)
    assert 0.6 < currencies["USD"] / len(normal) < 0.85
    assert 0.07 < currencies["CNY"] / len(normal) < 0.25
    kinds = Counter(t.kind for t in data.trades)
    assert 0.65 < kinds["1039"] / len(data.trades) < 0.85
    uetr = sum(p.uetr is not None for p in data.payments) / len(data.payments)
    assert 0.7 < uetr < 0.9
    named = sum(names_a_reference(data, p) for p in normal) / len(normal)
    assert 0.55 < named < 0.9
    deposits = sum(p.is_deposit for p in normal) / len(normal)
    assert 0.15 < deposits < 0.45
    offshore = [p.offshore for p in data.payments if p.amount.currency.code == "CNY"]
    assert 0.15 < sum(offshore) / len(offshore) < 0.45
    book = RateBook.from_rates(data.rates)
    usd = sorted(book.usd_value(p.instructed_amount, p.received_at.date()) for p in normal)
    assert Decimal(1000) < usd[len(usd) // 2] < Decimal(5000)
    weekend = sum(p.received_at.weekday() >= 5 for p in data.payments)
    assert weekend < 0.05 * len(data.payments)


def test_usd_rates_stay_in_band() -> None:
    rates = [r for r in dataset(MEDIUM).rates if r.base == "USD"]
    assert rates
    assert all(Decimal("7.08") < r.bid < r.ask < Decimal("7.27") for r in rates)


@settings(max_examples=15, deadline=None)
@given(
    days=st.integers(1, 10),
    merchants=st.integers(1, 15),
    seed=st.integers(0, 2**32),
    start_offset=st.integers(0, 3 * 365),
    third_party=st.sampled_from(["0", "0.3", "1"]),
    no_trade=st.sampled_from(["0", "0.1", "1"]),
    cases=st.integers(0, 2),
)
def test_small_random_configs_are_consistent(
    days: int,
    merchants: int,
    seed: int,
    start_offset: int,
    third_party: str,
    no_trade: str,
    cases: int,
) -> None:
    config = SimulationConfig(
        days=days,
        merchants=merchants,
        seed=seed,
        start=date(2025, 1, 1) + timedelta(days=start_offset),
        third_party_payer_rate=Decimal(third_party),
        no_trade_payment_rate=Decimal(no_trade),
        large_value_merchant_days=cases,
        embargoed_payer_payments=cases,
    )
    assert_consistent(dataset(config))
