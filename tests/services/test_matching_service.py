"""MatchingService on fakes: allocation, suspense reasons, re-use, provenance."""

from datetime import date
from decimal import Decimal

from tests.services.fakes import AT, FakeFx, FakeParties, FakePayments, FakeTrades, FakeUow, payment
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


def _service(payments, trades):
    parties = FakeParties({"buy_1": ("أحمد المنصوري", "Ahmed Al Mansouri")})
    return MatchingService(
        FixedClock(AT),
        payments,
        trades,
        parties,
        FakeFx(),
        MatchingPolicy(charges_inference_cap_usd=Decimal(50)),
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
