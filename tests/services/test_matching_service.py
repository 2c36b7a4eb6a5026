"""MatchingService on fakes: allocation, suspense reasons, re-use, provenance."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tests.services.fakes import (
    AT,
    FakeFx,
    FakeParties,
    FakePayments,
    FakeRecords,
    FakeSuggestions,
    FakeTrades,
    FakeUow,
    payment,
)
from yipay.core.clock import FixedClock
from yipay.core.money import Money
from yipay.matching.service import MatchingPolicy, MatchingService
from yipay.payments.domain import PaymentStatus
from yipay.trades.domain import Provenance, Trade, TradeKind, Verification

S = PaymentStatus


def trade(
    tid="trd_1",
    ref="INV-2026-000123",
    amount="3000.00",
    allocated="0",
    verification=Verification.VERIFIED,
):
    return Trade(
        id=tid,
        merchant_id="mer_1",
        buyer_id="buy_1",
        kind=TradeKind.ORDER,
        reference=ref,
        amount=Money.of(amount, "USD"),
        allocated=Money.of(allocated, "USD"),
        trade_date=date(2026, 10, 20),
        provenance=Provenance.PLATFORM,
        verification=verification,
        created_at=AT,
    )


def _service(payments, trades, suggestions=None):
    parties = FakeParties({"buy_1": ("أحمد المنصوري", "Ahmed Al Mansouri")})
    return MatchingService(
        FixedClock(AT),
        payments,
        trades,
        parties,
        FakeFx(),
        MatchingPolicy(charges_inference_cap_usd=Decimal(50)),
        suggestions if suggestions is not None else FakeSuggestions(),
        records=FakeRecords(),
    )


def test_a_named_trade_is_allocated_gross_and_the_payment_marked_matched():
    payments, trades = FakePayments(), FakeTrades({"trd_1": trade()})
    payments.add(payment(status=S.SUSPENSE))
    decision = _service(payments, trades).match_payment(FakeUow(), "pay_1")
    assert decision is not None
    assert decision.matched
    assert payments.calls == [("matched", "pay_1", ["trd_1"])]
    assert trades.trades["trd_1"].open_balance == Money.zero("USD")


def test_a_used_up_trade_named_again_is_reported_as_re_use():
    payments, trades = FakePayments(), FakeTrades({"trd_1": trade(allocated="3000.00")})
    payments.add(payment(status=S.SUSPENSE))
    _service(payments, trades).match_payment(FakeUow(), "pay_1")
    [(call, _pid, reason)] = payments.calls
    assert call == "suspense"
    assert reason == "re-use: trade trd_1 is already fully paid"


def test_a_trade_awaiting_review_keeps_the_money_in_suspense_and_says_why():
    pending = trade(verification=Verification.PENDING_REVIEW)
    payments, trades = FakePayments(), FakeTrades({"trd_1": pending})
    payments.add(payment(status=S.SUSPENSE))
    _service(payments, trades).match_payment(FakeUow(), "pay_1")
    assert payments.calls[-1][2] == "trade trd_1 awaits the platform record or an operator review"
    assert trades.allocations == []


def test_without_rates_unstated_charges_in_another_currency_are_not_guessed():
    payments, trades = FakePayments(), FakeTrades({"trd_1": trade()})
    payments.add(payment(status=S.SUSPENSE, charges=None, amount="2985.00"))
    decision = _service(payments, trades).match_payment(FakeUow(), "pay_1")
    assert decision is not None
    assert decision.charges == Money.of("15.00", "USD")  # USD needs no rate: the cap is USD


def test_only_payments_in_suspense_are_matched_and_rematch_tries_each():
    payments, trades = FakePayments(), FakeTrades({"trd_1": trade()})
    payments.add(payment("pay_1", status=S.HELD))
    payments.add(payment("pay_2", status=S.SUSPENSE))
    service = _service(payments, trades)
    assert service.match_payment(FakeUow(), "pay_1") is None
    assert service.rematch_merchant(FakeUow(), "mer_1") == 1
    assert payments.payments["pay_1"].status is S.HELD
    assert payments.payments["pay_2"].status is S.MATCHED


def test_a_neighbouring_invoice_number_is_not_matched_by_the_engine():
    payments, trades = FakePayments(), FakeTrades({"trd_1": trade()})
    payments.add(
        payment(status=S.SUSPENSE, amount="3000.00", charges=None, payer_name="Someone Else")
    )
    payments.payments["pay_1"] = replace(
        payments.payments["pay_1"], remittance_info="PAYMENT INV-2026-000124"
    )
    decision = _service(payments, trades).match_payment(FakeUow(), "pay_1")
    assert decision is not None
    assert not decision.matched
    assert trades.allocations == []
    assert payments.payments["pay_1"].status is S.SUSPENSE


def test_two_trades_fitting_equally_stay_in_suspense_naming_the_suggestion():
    trades = FakeTrades(
        {
            "trd_1": trade("trd_1", "INV-1001", "1000.00"),
            "trd_2": trade("trd_2", "INV-1002", "1000.00"),
        }
    )
    payments, store = FakePayments(), FakeSuggestions()
    payments.add(payment(status=S.SUSPENSE, amount="1000.00", charges=None, info="GOODS"))
    decision = _service(payments, trades, store).match_payment(FakeUow(), "pay_1")
    assert decision is not None
    assert not decision.matched
    reason = payments.payments["pay_1"].status_reason
    assert reason.startswith("suggested: trade trd_")
    assert "runner-up" in reason
    assert trades.allocations == []
    stored = store.by_payment["pay_1"]
    assert {s.trade_ids for s in stored} == {("trd_1",), ("trd_2",)}
    assert stored[0].reason == "runner-up too close"


def test_more_than_the_open_balance_of_the_trade_named_stays_in_suspense():
    payments, trades = FakePayments(), FakeTrades({"trd_1": trade(allocated="2500.00")})
    payments.add(payment(status=S.SUSPENSE, amount="600.00", charges=None))
    decision = _service(payments, trades).match_payment(FakeUow(), "pay_1")
    assert decision is not None
    assert not decision.matched
    assert payments.payments["pay_1"].status_reason.startswith(
        "more than the open balance of trade trd_1"
    )
    assert trades.allocations == []


def test_a_deposit_naming_its_trade_is_allocated_as_the_batch_engine_would():
    payments, trades = FakePayments(), FakeTrades({"trd_1": trade()})
    payments.add(
        payment(status=S.SUSPENSE, amount="900.00", charges=None, info="DEPOSIT INV-2026-000123")
    )
    decision = _service(payments, trades).match_payment(FakeUow(), "pay_1")
    assert decision is not None
    assert decision.matched
    assert decision.rule == "reconcile-1"
    assert decision.score is not None
    assert decision.score >= 0.55
    assert trades.trades["trd_1"].open_balance == Money.of("2100.00", "USD")
