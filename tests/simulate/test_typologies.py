"""Each injected case looks like its typology and is labelled with one pattern id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta, timezone

from yipay.core.money import Money
from yipay.simulate import Label, MarketDataset, SimulationConfig

from .support import dataset, payment_labels

CONFIG = replace(SimulationConfig(), large_value_merchant_days=2, embargoed_payer_payments=3)

SHANGHAI = timezone(timedelta(hours=8))


def _cases(data: MarketDataset, typology: str) -> dict[str, list[Label]]:
    cases: dict[str, list[Label]] = defaultdict(list)
    for label in data.labels:
        if label.typology == typology:
            cases[label.pattern_id].append(label)
    return cases


def test_normal_labels_have_no_pattern() -> None:
    data = dataset(CONFIG)
    normal = [label for label in data.labels if label.typology == "normal"]
    assert normal
    assert all(label.entity_type == "payment" and label.pattern_id == "" for label in normal)


def test_no_trade_payments_pay_nothing() -> None:
    data = dataset(CONFIG)
    typology = payment_labels(data)
    no_trade = [p for p in data.payments if typology[p.reference] == "no_trade"]
    assert no_trade
    assert all(p.trade_platform_ids == () and not p.is_deposit for p in no_trade)


def test_foreign_third_party_pays_a_real_trade_from_another_country() -> None:
    data = dataset(CONFIG)
    payments = {p.reference: p for p in data.payments}
    trades = {t.platform_id: t for t in data.trades}
    buyers = {b.platform_id: b for b in data.buyers}
    cases = _cases(data, "third_party_foreign")
    assert cases
    for labels in cases.values():
        by_type = {label.entity_type: label.entity_id for label in labels}
        assert set(by_type) == {"payment", "trade", "payer"}
        payment = payments[by_type["payment"]]
        trade = trades[by_type["trade"]]
        assert payment.trade_platform_ids == (trade.platform_id,)
        assert payment.payer_account == by_type["payer"]
        assert payment.payer_country != buyers[trade.buyer_platform_id].country
        assert payment.instructed_amount == trade.amount


def test_large_value_day_pushes_one_merchant_over_usd_200k() -> None:
    data = dataset(CONFIG)
    payments = {p.reference: p for p in data.payments}
    cases = _cases(data, "large_value_day")
    assert len(cases) == 2
    for labels in cases.values():
        (merchant,) = [label.entity_id for label in labels if label.entity_type == "merchant"]
        paid = [payments[label.entity_id] for label in labels if label.entity_type == "payment"]
        # same-day cumulation is per regulatory (Asia/Shanghai, UTC+8) date, not per UTC date
        assert len({p.received_at.astimezone(SHANGHAI).date() for p in paid}) == 1
        assert all(p.beneficiary_platform_id == merchant for p in paid)
        received = sum((p.amount for p in paid), Money.zero("USD"))
        assert received > Money.of(200_000, "USD")


def test_embargoed_payers_bank_in_embargoed_countries() -> None:
    data = dataset(CONFIG)
    payments = {p.reference: p for p in data.payments}
    cases = _cases(data, "embargoed_payer")
    assert sorted(cases) == ["EMB-0001", "EMB-0002", "EMB-0003"]
    for labels in cases.values():
        (reference,) = [label.entity_id for label in labels if label.entity_type == "payment"]
        payment = payments[reference]
        assert payment.payer_country in {"IR", "KP", "SY", "CU"}
        assert payment.payer_bic[4:6] == payment.payer_country
        assert payment.trade_platform_ids
