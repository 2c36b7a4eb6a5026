"""Annual receipts per merchant (USD equivalent, Shanghai calendar year) and the FX directory rule:
warn once at USD 180k, refuse settlement above USD 200k until the registration is recorded."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from tests.integration import market
from yipay.alerts.domain import AlertSource
from yipay.bootstrap import Container
from yipay.core.money import Money, Rounding
from yipay.fx.rates_csv import parse_rates_csv
from yipay.parties.annual_receipts import AnnualReceiptsPolicy
from yipay.parties.annual_receipts_service import RULE_ID
from yipay.parties.errors import InvalidParty
from yipay.payments.domain import Payment, PaymentStatus
from yipay.payments.errors import FxDirectoryRequired, SettlementRefused

REFS = iter(range(1, 10_000))


def usd(text: str) -> Money:
    return Money.of(text, "USD")


def received(
    c: Container,
    merchant_id: str,
    amount: str,
    *,
    currency: str = "USD",
    received_at: datetime | None = None,
    process: bool = True,
) -> Payment:
    """A platform trade of exactly `amount` and a payment for it (no charges): it is matched
    and, the merchant's KYC being approved, credited."""
    n = next(REFS)
    reference = f"INV-2026-{n:06d}"
    trade_currency = "CNY" if currency == "CNH" else currency
    market.trade(
        c, merchant_id, market.buyer(c), reference=reference, amount=amount, currency=trade_currency
    )
    extra = {"received_at": received_at.isoformat()} if received_at else {}
    return market.pay(
        c,
        merchant_id,
        amount=amount,
        currency=currency,
        charges=None,
        info=f"PAYMENT {reference} BED SHEETS",
        process=process,
        **extra,
    )


def total(c: Container, merchant_id: str, year: int = 2026) -> tuple[Money, int]:
    with c.uow() as uow:
        found = c.annual_receipts.total(uow, merchant_id, year)
    return found.usd, found.receipts


def warnings(c: Container, merchant_id: str) -> list[tuple[str, tuple[str, ...]]]:
    with c.uow() as uow:
        found = c.alerts.find(uow, rule_id=RULE_ID, subject_id=merchant_id)
    return [(a.source.value, a.evidence) for a in found]


def register(c: Container, merchant_id: str, registered: bool = True) -> None:
    with c.uow(actor="supervisor") as uow:
        c.parties.set_fx_directory(
            uow,
            merchant_id,
            registered=registered,
            registered_on=date(2026, 10, 1) if registered else None,
            by="supervisor",
        )
        uow.commit()


def settle(c: Container, payment_id: str) -> None:
    with c.uow(actor="operator") as uow:
        c.payments.settle(uow, payment_id, by="operator")
        uow.commit()
    c.process()


@pytest.fixture
def shop(container: Container) -> str:
    market.rates(container)
    return market.merchant(container)


def test_a_credit_counts_once_and_crossing_the_warning_raises_exactly_one_alert(container, shop):
    c = container
    first = received(c, shop, "100000.00")
    assert first.status is PaymentStatus.CREDITED
    assert total(c, shop) == (usd("100000.00"), 1)
    assert warnings(c, shop) == []

    crossing = received(c, shop, "80000.00")  # 180,000.00: the threshold itself warns
    assert total(c, shop) == (usd("180000.00"), 2)
    assert warnings(c, shop) == [("threshold", (crossing.id,))]

    received(c, shop, "5000.00")
    assert total(c, shop) == (usd("185000.00"), 3)
    assert warnings(c, shop) == [("threshold", (crossing.id,))]  # still one, same evidence

    with c.uow() as uow:
        [alert] = c.alerts.find(uow, rule_id=RULE_ID)
        again = c.annual_receipts.count(
            uow,
            c.parties.merchant(uow, shop),
            payment_id=crossing.id,
            amount=crossing.amount,
            received_at=crossing.received_at,
        )  # a replayed step: counted already
        uow.commit()
    assert (again.usd, again.receipts) == (usd("185000.00"), 3)
    assert alert.source is AlertSource.THRESHOLD
    assert alert.window_start == datetime(2025, 12, 31, 16, tzinfo=UTC)  # 2026-01-01 Shanghai
    assert alert.window_end == datetime(2026, 12, 31, 16, tzinfo=UTC)
    assert alert.parameters == {"warn_usd_minor": "18000000", "block_usd_minor": "20000000"}
    assert "USD 180,000.00" in alert.explanation


def test_no_warning_for_a_merchant_already_registered(container, shop):
    c = container
    register(c, shop)
    received(c, shop, "190000.00")
    assert total(c, shop) == (usd("190000.00"), 1)
    assert warnings(c, shop) == []


def test_above_the_block_settlement_is_refused_until_the_registration_is_recorded(container, shop):
    c = container
    first = received(c, shop, "150000.00")
    second = received(c, shop, "50000.01")  # 200,000.01: above the threshold
    assert len(warnings(c, shop)) == 1

    with pytest.raises(FxDirectoryRequired) as refused:
        settle(c, first.id)
    assert isinstance(refused.value, SettlementRefused)
    assert refused.value.message == (
        f"merchant {shop} received USD 200,000.01 equivalent in 2026, above USD 200,000.00:"
        " settlement resumes once its registration in SAFE's trade-FX directory is recorded"
    )
    with c.uow() as uow, pytest.raises(FxDirectoryRequired):
        c.payments.quote_settlement(uow, shop, "USD")
    assert market.state(c, first.id).status is PaymentStatus.CREDITED

    register(c, shop)
    settle(c, first.id)
    assert market.state(c, first.id).status is PaymentStatus.SETTLED

    register(c, shop, registered=False)  # the directory no longer lists it: blocked again
    with pytest.raises(FxDirectoryRequired):
        settle(c, second.id)
    with c.uow() as uow:
        merchant = c.parties.merchant(uow, shop)
    assert (merchant.fx_directory.registered, merchant.fx_directory.marked_by) == (
        False,
        "supervisor",
    )


def test_exactly_the_block_threshold_still_settles(container, shop):
    c = container
    payment = received(c, shop, "200000.00")
    settle(c, payment.id)
    assert market.state(c, payment.id).status is PaymentStatus.SETTLED


def test_a_quote_taken_below_the_block_is_checked_again_on_acceptance(container, shop):
    c = container
    first = received(c, shop, "190000.00")
    with c.uow() as uow:
        quote = c.payments.quote_settlement(uow, shop, "USD", [first.id])
        uow.commit()
    received(c, shop, "20000.00")  # 210,000.00 before the quote is accepted
    with c.uow() as uow, pytest.raises(FxDirectoryRequired):
        c.payments.accept_quote(uow, quote.id, by="operator")


def test_the_year_is_the_shanghai_calendar_year_of_the_receipt(container):
    c = container
    c.clock.at = datetime(2027, 1, 1, 2, tzinfo=UTC)
    market.rates(c)
    shop = market.merchant(c)
    late = received(c, shop, "1000.00", received_at=datetime(2026, 12, 31, 17, tzinfo=UTC))
    early = received(c, shop, "2000.00", received_at=datetime(2026, 12, 31, 15, 59, 59, tzinfo=UTC))
    assert {late.status, early.status} == {PaymentStatus.CREDITED}
    assert total(c, shop, 2027) == (usd("1000.00"), 1)  # 2027-01-01 01:00 in Shanghai
    assert total(c, shop, 2026) == (usd("2000.00"), 1)  # 2026-12-31 23:59:59 in Shanghai
    with c.uow() as uow:
        assert c.annual_receipts.total(uow, shop).year == 2027  # this year, by default
        assert [t.year for t in c.annual_receipts.totals(uow, shop)] == [2026, 2027]


def test_money_from_a_year_above_the_block_is_not_settled_in_the_next(container):
    c = container
    c.clock.at = datetime(2027, 1, 2, 2, tzinfo=UTC)
    market.rates(c)
    shop = market.merchant(c)
    december = datetime(2026, 12, 30, 2, tzinfo=UTC)
    received(c, shop, "150000.00", received_at=december)
    last = received(c, shop, "60000.00", received_at=december)
    this_year = received(c, shop, "1000.00")
    with pytest.raises(FxDirectoryRequired) as refused:
        settle(c, last.id)
    assert "in 2026" in refused.value.message
    settle(c, this_year.id)  # 2027's total is small: its own money settles
    assert market.state(c, this_year.id).status is PaymentStatus.SETTLED


def test_cnh_and_cny_receipts_count_at_the_reference_mid_rate(container, shop):
    c = container
    # USD/CNY bid 7.15, ask 7.18: mid 7.165; CNY 1,433,000.00 / 7.165 = USD 200,000.00
    received(c, shop, "1000000.00", currency="CNH")
    received(c, shop, "433000.00", currency="CNY")
    assert total(c, shop) == (usd("200000.00"), 2)
    assert len(warnings(c, shop)) == 1


def test_the_rate_in_force_at_receipt_converts_not_a_later_one(container, shop):
    c = container
    payment = received(c, shop, "10000.00", currency="EUR", process=False)
    later = (c.clock.now() + timedelta(minutes=1)).isoformat()
    with c.uow() as uow:
        c.fx.import_rates(
            uow,
            parse_rates_csv(
                "base,quote,bid,ask,source,as_of\n"
                f"EUR,CNY,9.0000,9.1000,BANK,{later}\nUSD,CNY,6.0000,6.1000,BANK,{later}\n"
            ),
        )
        uow.commit()
    c.clock.advance(timedelta(minutes=5))
    c.process()
    assert market.state(c, payment.id).status is PaymentStatus.CREDITED
    expected = Money.rounded(
        Decimal("10000.00") * Decimal("7.72") / Decimal("7.165"), "USD", Rounding.HALF_EVEN
    )
    assert total(c, shop) == (expected, 1)


def test_taking_credited_money_back_takes_it_off_the_same_year_once(container, shop):
    c = container
    first = received(c, shop, "150000.00")
    second = received(c, shop, "60000.00")
    with pytest.raises(FxDirectoryRequired):
        settle(c, first.id)
    with c.uow() as uow:
        after = c.annual_receipts.take_back(uow, second.id)
        again = c.annual_receipts.take_back(uow, second.id)
        never = c.annual_receipts.take_back(uow, "payment_never_counted")
        uow.commit()
    assert after is not None
    assert (after.usd, after.receipts) == (usd("150000.00"), 1)
    assert again is None
    assert never is None
    assert total(c, shop) == (usd("150000.00"), 1)
    settle(c, first.id)  # back under the threshold
    assert market.state(c, first.id).status is PaymentStatus.SETTLED


def test_returned_or_reversed_money_never_reached_the_wallet_and_never_counts(container, shop):
    c = container
    returned = market.pay(c, shop, amount="190000.00", charges=None, info="NO TRADE NAMED")
    reversed_ = market.pay(c, shop, amount="50000.00", charges=None, info="NOTHING EITHER")
    assert {returned.status, reversed_.status} == {PaymentStatus.SUSPENSE}
    with c.uow(actor="operator") as uow:
        c.payments.return_to_payer(uow, returned.id, by="operator", reason="no trade")
        c.payments.reverse_receipt(uow, reversed_.id, reason="bank reversal")
        uow.commit()
    c.process()
    assert total(c, shop) == (usd("0.00"), 0)
    assert warnings(c, shop) == []


def test_the_fx_directory_registration_is_validated_and_audited(container, shop):
    c = container
    with c.uow() as uow:
        with pytest.raises(InvalidParty, match="needs its date"):
            c.parties.set_fx_directory(uow, shop, registered=True, registered_on=None, by="s")
        with pytest.raises(InvalidParty, match="in the future"):
            c.parties.set_fx_directory(
                uow, shop, registered=True, registered_on=date(2026, 11, 4), by="s"
            )
        with pytest.raises(InvalidParty, match="no FX directory registration date"):
            c.parties.set_fx_directory(
                uow, shop, registered=False, registered_on=date(2026, 11, 1), by="s"
            )
    register(c, shop)
    with c.uow() as uow:
        merchant = c.parties.merchant(uow, shop)
        trail = [r for r in c.audit.trail(uow, shop) if r.kind == "merchant.fx_directory_changed"]
    assert merchant.fx_directory.registered_on == date(2026, 10, 1)
    assert merchant.fx_directory.marked_by == "supervisor"
    assert [(r.actor, r.payload["registered"], r.payload["registered_on"]) for r in trail] == [
        ("supervisor", True, "2026-10-01")
    ]


def test_the_policy_refuses_a_warning_above_the_block():
    with pytest.raises(InvalidParty):
        AnnualReceiptsPolicy(warn_usd_minor=2, block_usd_minor=1)
    policy = AnnualReceiptsPolicy.of(Decimal(180_000), Decimal(200_000))
    assert policy.crossed_warning(17_999_999, 18_000_000)
    assert not policy.crossed_warning(18_000_000, 18_000_001)
    assert not policy.blocks(20_000_000)
    assert policy.blocks(20_000_001)


def test_money_received_before_any_rate_counts_at_the_rates_known_at_the_credit(container):
    c = container
    shop = market.merchant(c)
    payment = received(
        c, shop, "10000.00", currency="EUR", received_at=c.clock.now() - timedelta(hours=3)
    )
    assert payment.status is PaymentStatus.MATCHED  # no rate at all yet: the credit waits
    assert total(c, shop) == (usd("0.00"), 0)
    market.rates(c)  # as of an hour ago: after the receipt
    c.process()  # the credit step is retried
    assert market.state(c, payment.id).status is PaymentStatus.CREDITED
    expected = Money.rounded(
        Decimal("10000.00") * Decimal("7.72") / Decimal("7.165"), "USD", Rounding.HALF_EVEN
    )
    assert total(c, shop) == (expected, 1)


def test_a_credit_that_gave_up_waiting_for_a_rate_goes_on_when_rates_arrive(container):
    c = container
    shop = market.merchant(c)
    payment = received(
        c, shop, "10000.00", currency="EUR", received_at=c.clock.now() - timedelta(hours=3)
    )
    for _ in range(3):  # the outbox gives the credit step up after its attempts
        c.process()
    assert market.state(c, payment.id).status is PaymentStatus.MATCHED
    market.rates(c)  # fx.rates_imported: matched money waiting for a rate is credited
    c.process()
    assert market.state(c, payment.id).status is PaymentStatus.CREDITED
    assert total(c, shop)[1] == 1


def test_concurrent_credits_add_up_exactly_and_warn_once(container, shop):
    """Workers counting receipts of one merchant at once (threads, each its own transaction):
    the atomic `usd_minor = usd_minor + :x` loses nothing and exactly one crosses the line."""
    c = container
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker(w: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                with c.uow() as uow:
                    merchant = c.parties.merchant(uow, shop)
                    c.annual_receipts.count(
                        uow,
                        merchant,
                        payment_id=f"pay_w{w}_{i}",
                        amount=usd("5000.00"),
                        received_at=c.clock.now(),
                    )
                    uow.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert total(c, shop) == (usd("200000.00"), 40)
    [(source, evidence)] = warnings(c, shop)
    assert (source, len(evidence)) == ("threshold", 1)
