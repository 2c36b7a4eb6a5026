"""The main job end to end on SQLite and PostgreSQL: receipt, screening, match, credit, settle."""

from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.integration import market
from tests.support.db import execute
from yipay.core.money import Money
from yipay.ledger.domain import suspense, wallet
from yipay.payments.domain import PaymentStatus as S
from yipay.payments.errors import SettlementRefused
from yipay.trades.domain import Provenance


def _balances(c, owner=None):
    with c.uow() as uow:
        return {a.ref.code: a.natural_balance for a in c.ledger.accounts(uow, owner_id=owner)}


def test_the_worked_example_from_receipt_to_cny_payout(container):
    c = container
    m = market.merchant(c)
    t = market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m)
    assert p.status is S.CREDITED
    with c.uow() as uow:
        [allocation] = c.trades.allocations_for_payment(uow, p.id)
        trade = c.trades.get(uow, t.id)
    assert allocation.gross == Money.of("3000.00", "USD")  # 2,985 received + 15 deducted
    assert trade.open_balance == Money.zero("USD")
    with c.uow() as uow:
        result = c.payments.settle(uow, p.id)
        uow.commit()
    assert result.settlement.client_rate == Decimal("7.128550")
    assert result.payout.amount == Money.of("21278.72", "CNY")
    assert market.state(c, p.id).status is S.SETTLED
    balances = _balances(c)
    assert balances["nostro:PARTNER:USD"] == Money.zero("USD")
    assert balances["nostro:PARTNER:CNY"] == Money.of("21342.75", "CNY")
    assert balances["payouts_in_transit:CNY"] == Money.of("21278.72", "CNY")
    assert balances["spread_income:CNY"] == Money.of("64.03", "CNY")
    assert balances[wallet(m, "USD").code] == Money.zero("USD")
    with c.uow() as uow:
        assert c.ledger.verify(uow) == []
        assert all(b.backed for b in c.ledger.backing(uow))
        kinds = [r.kind for r in c.audit.trail(uow, p.id)]
    assert kinds == [
        "payment.received",
        "payment.in_suspense",
        "payment.matched",
        "payment.credited",
        "payment.settled",
    ]
    with c.uow() as uow, pytest.raises(SettlementRefused):
        c.payments.settle(uow, p.id)


def test_an_embargoed_payer_is_held_until_an_analyst_decides(container):
    c = container
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m, country="IR")
    assert p.status is S.HELD
    assert "payer country IR is embargoed" in p.status_reason
    assert p.merchant_view_status == "under_review"
    with c.uow() as uow:
        [alert] = c.alerts.find(uow, evidence_of=p.id)
        holds = c.ledger.holds_for(uow, p.id)
    assert alert.source.value == "screening"
    assert alert.parameters["countries"] == "CU,IR,KP,SY"
    assert [h.kind.value for h in holds] == ["compliance"]
    assert _balances(c)[suspense("USD").code] == Money.of("2985.00", "USD")
    with c.uow(actor="analyst-li") as uow:
        c.payments.release(uow, p.id, by="analyst-li", reason="resident of Dubai, verified")
        uow.commit()
    c.process()
    assert market.state(c, p.id).status is S.CREDITED


def test_a_confirmed_hit_stays_frozen_in_suspense(container):
    c = container
    m = market.merchant(c)
    market.rates(c)
    p = market.pay(c, m, country="KP")
    with c.uow() as uow:
        c.payments.freeze(uow, p.id, by="analyst-li", reason="listed jurisdiction, confirmed")
        uow.commit()
    c.process()
    assert market.state(c, p.id).status is S.FROZEN
    assert _balances(c)[suspense("USD").code] == Money.of("2985.00", "USD")


def test_a_bank_in_an_embargoed_country_is_caught_by_its_bic(container):
    c = container
    m = market.merchant(c)
    p = market.pay(c, m, debtor_agent_bic="BMJIIRTH")
    assert p.status is S.HELD
    assert "BMJIIRTH" in p.status_reason


def test_no_credit_until_kyc_is_approved(container):
    c = container
    m = market.merchant(c, kyc="pending")
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m)
    assert p.status is S.MATCHED
    assert p.status_reason == "awaiting merchant KYC approval"
    assert _balances(c, m) == {}
    from yipay.parties.domain import KycStatus

    with c.uow() as uow:
        c.parties.set_merchant_kyc(uow, m, KycStatus.APPROVED, None)
        uow.commit()
    c.process()
    assert market.state(c, p.id).status is S.CREDITED
    assert _balances(c, m)[wallet(m, "USD").code] == Money.of("2985.00", "USD")


def test_a_merchant_entered_trade_alone_never_unlocks_money(container):
    c = container
    m = market.merchant(c)
    t = market.trade(c, m, market.buyer(c), provenance=Provenance.MERCHANT)
    market.rates(c)
    p = market.pay(c, m)
    assert p.status is S.SUSPENSE
    assert "awaits the platform record or an operator review" in p.status_reason
    with c.uow() as uow:
        c.trades.verify(uow, t.id, approve=True)
        uow.commit()
    c.process()
    assert market.state(c, p.id).status is S.CREDITED


def test_a_payment_before_its_trade_waits_and_matches_when_the_trade_arrives(container):
    c = container
    m = market.merchant(c)
    b = market.buyer(c)
    market.rates(c)
    p = market.pay(c, m)
    assert p.status is S.SUSPENSE
    market.trade(c, m, b)
    assert market.state(c, p.id).status is S.CREDITED


def test_deposit_and_balance_consume_one_trade_and_nothing_more(container):
    c = container
    m = market.merchant(c)
    t = market.trade(c, m, market.buyer(c))
    market.rates(c)
    deposit = market.pay(c, m, amount="900.00", charges=None, info="DEPOSIT INV-2026-000123")
    balance = market.pay(c, m, amount="2080.00", charges=None, info="BALANCE INV-2026-000123")
    again = market.pay(c, m, amount="2100.00", charges=None, info="INV-2026-000123 AGAIN")
    assert (deposit.status, balance.status) == (S.CREDITED, S.CREDITED)
    with c.uow() as uow:
        [closing] = c.trades.allocations_for_payment(uow, balance.id)
        trade = c.trades.get(uow, t.id)
    assert closing.charges == Money.of("20.00", "USD")  # inferred: closes the trade under the cap
    assert trade.open_balance == Money.zero("USD")
    assert again.status is S.SUSPENSE  # the record is used up: re-use is refused
    assert again.status_reason.startswith("re-use: trade")


def test_the_same_payment_twice_is_one_receipt_and_a_near_duplicate_is_held(container):
    c = container
    m = market.merchant(c)
    uetr = "8a562c67-ca16-48ba-b074-65581be6f001"
    first = market.pay(c, m, uetr=uetr)
    second = market.pay(c, m, uetr=uetr)
    assert second.id == first.id
    near = market.pay(c, m, uetr=uetr, amount="2984.00")
    assert near.id != first.id
    assert near.status is S.HELD
    assert f"possible duplicate of {first.id}" in near.status_reason
    with c.uow() as uow:
        receipts = uow.connection.execute(
            text("SELECT COUNT(*) FROM journal_entries WHERE kind = 'receipt'")
        ).scalar()
    assert receipts == 2


def test_unknown_beneficiary_money_stays_in_suspense_with_a_reason(container):
    c = container
    p = market.pay(c, "mer_doesnotexist")
    assert p.status is S.SUSPENSE
    assert "unknown beneficiary" in p.status_reason


def test_the_database_refuses_over_allocation_even_behind_the_domain(container):
    c = container
    m = market.merchant(c)
    t = market.trade(c, m, market.buyer(c))
    with pytest.raises(IntegrityError):
        execute(
            c.engine, "UPDATE trades SET allocated_minor = amount_minor + 1 WHERE id = :i", i=t.id
        )


def test_two_trades_fitting_equally_leave_the_money_in_suspense_with_stored_suggestions(container):
    c = container
    m = market.merchant(c)
    b = market.buyer(c)
    first = market.trade(c, m, b, reference="INV-2026-000501", amount="1000.00")
    second = market.trade(c, m, b, reference="INV-2026-000502", amount="1000.00")
    market.rates(c)
    p = market.pay(c, m, amount="1000.00", charges=None, info="GOODS")
    assert p.status is S.SUSPENSE
    assert p.status_reason.startswith("suggested: trade ")
    with c.uow() as uow:
        stored = c.matching.suggestions.for_payment(uow, p.id)
    assert {s.trade_ids for s in stored} == {(first.id,), (second.id,)}
    assert stored[0].explanation.startswith("reconcile-1:")
    named = market.pay(c, m, amount="1000.00", charges=None, info="INV-2026-000502")
    assert named.status is S.CREDITED
    with c.uow() as uow:
        assert c.matching.suggestions.for_payment(uow, named.id) == []
