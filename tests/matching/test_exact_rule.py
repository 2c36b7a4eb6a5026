from datetime import UTC, date, datetime

from yipay.core.money import Money
from yipay.matching.domain import PaymentFacts, exact_match
from yipay.trades.domain import Provenance, Trade, TradeKind, Verification

CAP = Money.of("50.00", "USD")
AT = datetime(2026, 11, 1, tzinfo=UTC)


def trade(tid, ref, amount, buyer="buy_1", allocated="0"):
    return Trade(
        id=tid,
        merchant_id="mer_1",
        buyer_id=buyer,
        kind=TradeKind.GENERAL_TRADE,
        reference=ref,
        amount=Money.of(amount, "USD"),
        allocated=Money.of(allocated, "USD"),
        trade_date=date(2026, 10, 20),
        provenance=Provenance.PLATFORM,
        verification=Verification.VERIFIED,
        created_at=AT,
    )


def pay(amount, info="", payer="Ahmed Al Mansouri", charges=None, bearer="SHA"):
    return PaymentFacts(
        amount=Money.of(amount, "USD"),
        charges=Money.of(charges, "USD") if charges else None,
        charge_bearer=bearer,
        payer_name=payer,
        remittance_info=info,
    )


NAMES = {"buy_1": ("أحمد المنصوري", "Ahmed Al Mansouri"), "buy_2": ("Ivan Petrov",)}


def test_a_named_reference_matches_and_stated_charges_count_towards_the_trade():
    d = exact_match(
        pay("2985.00", "PAYMENT INV-2026-000123", charges="15.00"),
        [trade("t1", "INV-2026-000123", "3000.00")],
        NAMES,
        CAP,
    )
    assert d.trade_id == "t1"
    assert d.received == Money.of("2985.00", "USD")
    assert d.charges == Money.of("15.00", "USD")
    assert d.rule == "reference"


def test_references_are_compared_without_separators_or_case():
    d = exact_match(
        pay("100.00", "inv 2026/000123"), [trade("t1", "INV-2026-000123", "500")], NAMES, CAP
    )
    assert d.trade_id == "t1"


def test_a_neighbouring_invoice_number_does_not_match():
    trades = [trade("t1", "INV-2026-000123", "3000.00")]
    d = exact_match(
        pay("3000.00", "PAYMENT INV-2026-000124", payer="Someone Else"), trades, NAMES, CAP
    )
    assert not d.matched


def test_unstated_charges_are_inferred_only_when_they_close_the_trade_under_the_cap():
    trades = [trade("t1", "INV-1234", "3000.00")]
    closing = exact_match(pay("2970.00", "INV-1234"), trades, NAMES, CAP)
    assert closing.charges == Money.of("30.00", "USD")
    deposit = exact_match(pay("900.00", "INV-1234"), trades, NAMES, CAP)
    assert deposit.charges == Money.zero("USD")
    our = exact_match(pay("2970.00", "INV-1234", bearer="OUR"), trades, NAMES, CAP)
    assert our.charges == Money.zero("USD")


def test_more_than_the_open_balance_stays_in_suspense():
    trades = [trade("t1", "INV-1234", "3000.00", allocated="2500.00")]
    d = exact_match(pay("600.00", "INV-1234"), trades, NAMES, CAP)
    assert not d.matched
    assert "open balance" in d.reason


def test_without_a_reference_the_buyer_paying_the_exact_open_balance_matches():
    trades = [trade("t1", "INV-1", "3000.00"), trade("t2", "INV-2", "1200.00", buyer="buy_2")]
    d = exact_match(pay("1200.00", "GOODS", payer="IVAN  PETROV"), trades, NAMES, CAP)
    assert d.trade_id == "t2"
    assert d.rule == "amount_and_buyer"


def test_a_third_party_without_a_reference_is_not_matched_by_amount():
    trades = [trade("t1", "INV-1", "3000.00")]
    d = exact_match(pay("3000.00", "GOODS", payer="Gulf Exchange LLC"), trades, NAMES, CAP)
    assert not d.matched


def test_ambiguity_is_left_for_review():
    trades = [trade("t1", "INV-1", "1000.00"), trade("t2", "INV-2", "1000.00")]
    by_amount = exact_match(pay("1000.00", "", payer="Ahmed Al Mansouri"), trades, NAMES, CAP)
    assert not by_amount.matched
    assert "several" in by_amount.reason
    both_named = exact_match(pay("500.00", "INV-1 INV-2"), trades, NAMES, CAP)
    assert not both_named.matched


def test_other_currencies_never_match():
    d = exact_match(
        PaymentFacts(Money.of("100", "EUR"), None, "SHA", "Ahmed Al Mansouri", "INV-1"),
        [trade("t1", "INV-1", "100.00")],
        NAMES,
        CAP,
    )
    assert not d.matched


def test_a_longer_number_containing_the_reference_is_another_reference():
    trades = [trade("t1", "INV-2026-000123", "3000.00")]
    for text in ("INV-2026-0001234", "INV 2026 0001230", "XINV2026000123", "9INV-2026-000123"):
        d = exact_match(pay("100.00", text, payer="Someone Else"), trades, NAMES, CAP)
        assert not d.matched, text
    ok = exact_match(pay("100.00", "inv-2026-000123/bed sheets"), trades, NAMES, CAP)
    assert ok.trade_id == "t1"
