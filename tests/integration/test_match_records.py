"""Explained matches, payments in another currency than their trade, and batch re-matching over
stored data (only unconfirmed, unsettled engine matches move; the money never does)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration import market
from tests.support.cli import ok
from yipay.bootstrap import Container
from yipay.core.money import Money
from yipay.ledger.domain import suspense, wallet
from yipay.matching.batch import BatchRematch
from yipay.matching.errors import InvalidClaim, MatchRefused
from yipay.payments.domain import PaymentStatus as S


def _record(c: Container, payment_id: str) -> Any:
    with c.uow() as uow:
        return c.matching.match_record(uow, payment_id)


def _trades_of(c: Container, payment_id: str, *, with_reversed: bool = False) -> list[Any]:
    with c.uow() as uow:
        return c.trades.allocations_for_payment(uow, payment_id, with_reversed=with_reversed)


def _rematch(c: Container) -> Any:
    with c.uow(actor="test") as uow:
        report = BatchRematch(c.matching).run(uow)
        uow.commit()
    c.process()
    return report


def test_an_automatic_match_keeps_its_score_and_which_features_made_it(container: Container):
    c = container
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m)
    assert market.state(c, p.id).status is S.CREDITED
    record = _record(c, p.id)
    assert record.engine == "reconcile-1"
    assert record.decided_by == "engine"
    assert not record.confirmed
    assert 0.55 <= record.score <= 1.0
    for feature in ("reference +", "amount +", "name +", "date +", "country +"):
        assert feature in record.explanation
    assert "invoice named (exact)" in record.explanation
    assert "closes the trade with charges 15.00 USD" in record.explanation


def test_an_operators_match_is_recorded_as_confirmed_by_that_person(container: Container):
    c = container
    m = market.merchant(c)
    t = market.trade(c, m, market.buyer(c), reference="INV-2026-000555")
    market.rates(c)
    p = market.pay(c, m, info="GOODS", payer="Unrelated Trading FZE", amount="2985.00")
    assert market.state(c, p.id).status is S.SUSPENSE
    with c.uow(actor="op") as uow:
        c.matching.confirm_match(uow, p.id, t.id, by="operator.wang", reason="buyer's letter")
        uow.commit()
    record = _record(c, p.id)
    assert (record.engine, record.score, record.confirmed) == ("operator", None, True)
    assert record.explanation == "confirmed by operator.wang: buyer's letter"


def test_a_usd_payment_pays_a_euro_trade_through_its_instructed_amount(container: Container):
    c = container
    m = market.merchant(c)
    t = market.trade(c, m, market.buyer(c), amount="2800.00", currency="EUR")
    market.rates(c)
    p = market.pay(
        c, m, amount="3000.00", charges=None, instructed_amount="2800.00", instructed_currency="EUR"
    )
    assert market.state(c, p.id).status is S.CREDITED
    [allocation] = _trades_of(c, p.id)
    assert allocation.trade_id == t.id
    assert allocation.received == Money.of("3000.00", "USD")
    assert allocation.gross == Money.of("2800.00", "EUR")
    with c.uow() as uow:
        assert c.trades.get(uow, t.id).open_balance == Money.zero("EUR")


def _early_payment_takes_the_wrong_trade(c: Container) -> tuple[Any, Any, Any, Any]:
    """P1 names nothing and is matched online to the only open trade T1; T2 arrives; P2 names
    T1's invoice, finds it used up and waits. Together, P2 is T1's and P1 is T2's."""
    m = market.merchant(c)
    b = market.buyer(c)
    market.rates(c)
    t1 = market.trade(c, m, b, reference="INV-2026-000701")
    p1 = market.pay(c, m, info="PAYMENT FOR GOODS")
    assert [a.trade_id for a in _trades_of(c, p1.id)] == [t1.id]
    t2 = market.trade(c, m, b, reference="INV-2026-000702")
    p2 = market.pay(c, m, info="INV 2026 000701")
    assert market.state(c, p2.id).status is S.SUSPENSE
    return t1, t2, p1, p2


def test_a_batch_run_re_optimises_an_engine_match_and_matches_the_waiting_payment(
    container: Container,
):
    c = container
    t1, t2, p1, p2 = _early_payment_takes_the_wrong_trade(c)
    report = _rematch(c)
    assert report.re_optimised == [p1.id]
    assert report.newly_matched == [p2.id]
    assert [a.trade_id for a in _trades_of(c, p1.id)] == [t2.id]
    assert [a.trade_id for a in _trades_of(c, p2.id)] == [t1.id]
    history = _trades_of(c, p1.id, with_reversed=True)
    assert [(a.trade_id, a.active) for a in history] == [(t1.id, False), (t2.id, True)]
    assert history[0].reversal_reason.startswith("re-optimised by a batch run")
    assert market.state(c, p1.id).status is S.CREDITED  # the money did not move
    assert market.state(c, p2.id).status is S.CREDITED
    with c.uow() as uow:
        for t in (t1, t2):
            assert c.trades.get(uow, t.id).open_balance == Money.zero("USD")
    assert "invoice named (exact)" in _record(c, p2.id).explanation
    assert _rematch(c).re_optimised == []  # a second run finds nothing to change


def test_a_batch_run_never_moves_a_match_a_person_confirmed(container: Container):
    c = container
    m = market.merchant(c)
    b = market.buyer(c)
    market.rates(c)
    t1 = market.trade(c, m, b, reference="INV-2026-000801")
    p1 = market.pay(c, m, info="GOODS", payer="Unrelated Trading FZE")
    with c.uow(actor="op") as uow:
        c.matching.confirm_match(uow, p1.id, t1.id, by="operator.wang", reason="phone call")
        uow.commit()
    c.process()
    market.trade(c, m, b, reference="INV-2026-000802")
    p2 = market.pay(c, m, info="INV 2026 000801")
    report = _rematch(c)
    assert report.re_optimised == []
    assert [a.trade_id for a in _trades_of(c, p1.id)] == [t1.id]
    assert market.state(c, p2.id).status is S.SUSPENSE


def test_the_cli_shows_how_a_payment_was_matched_and_runs_the_batch(
    sqlite_container: Container, cli: Any
):
    _t1, t2, p1, p2 = _early_payment_takes_the_wrong_trade(sqlite_container)
    shown = ok(cli("payments", "show", p1.id))
    assert shown["match"]["engine"] == "reconcile-1"
    report = ok(cli("payments", "rematch"))
    assert report["re_optimised"] == [p1.id]
    assert report["newly_matched"] == [p2.id]
    assert ok(cli("payments", "show", p1.id))["allocations"][0]["trade_id"] == t2.id


def _balances(c: Container, merchant_id: str) -> tuple[Money, Money]:
    with c.uow() as uow:
        return (
            c.ledger.balance(uow, wallet(merchant_id, "USD")),
            c.ledger.balance(uow, suspense("USD")),
        )


def test_undoing_a_credited_match_reverses_the_credit_and_people_decide_from_then_on(
    container: Container,
):
    c = container
    m = market.merchant(c)
    b = market.buyer(c)
    market.rates(c)
    t1 = market.trade(c, m, b)
    p = market.pay(c, m)
    assert _balances(c, m) == (Money.of("2985.00", "USD"), Money.zero("USD"))
    with c.uow(actor="op") as uow:
        c.matching.unmatch(uow, p.id, by="analyst.li", reason="the buyer paid another shop")
        uow.commit()
    c.process()
    assert market.state(c, p.id).status is S.SUSPENSE
    assert _balances(c, m) == (Money.zero("USD"), Money.of("2985.00", "USD"))
    with c.uow() as uow:
        assert c.trades.get(uow, t1.id).open_balance == Money.of("3000.00", "USD")
        assert c.annual_receipts.total(uow, m).receipts == 0
    [undone] = _trades_of(c, p.id, with_reversed=True)
    assert undone.reversal_reason == "unmatched by analyst.li: the buyer paid another shop"
    record = _record(c, p.id)
    assert (record.engine, record.decided_by, record.confirmed) == ("unmatched", "analyst.li", True)
    # the engine does not take it back by itself, even though the trade fits it perfectly
    with c.uow(actor="test") as uow:
        decision = c.matching.match_payment(uow, p.id)
        uow.commit()
    assert decision is not None
    assert not decision.matched
    assert decision.reason.endswith("an operator decides")
    assert _rematch(c).newly_matched == []  # nor does a batch run
    # a person matches it again: a new credit (not a replay of the reversed one)
    with c.uow(actor="op") as uow:
        c.matching.confirm_match(uow, p.id, t1.id, by="operator.wang", reason="checked again")
        uow.commit()
    c.process()
    assert market.state(c, p.id).status is S.CREDITED
    assert _balances(c, m) == (Money.of("2985.00", "USD"), Money.zero("USD"))
    with c.uow() as uow:
        assert c.annual_receipts.total(uow, m).receipts == 1
        assert c.ledger.verify_all(uow).ok


def test_credited_money_returns_to_the_payer_and_its_trade_opens_again(container: Container):
    c = container
    m = market.merchant(c)
    market.rates(c)
    t1 = market.trade(c, m, market.buyer(c))
    p = market.pay(c, m)
    with c.uow(actor="op") as uow:
        payout = c.matching.return_to_payer(uow, p.id, by="analyst.li", reason="goods returned")
        uow.commit()
    c.process()
    assert payout.amount == Money.of("2985.00", "USD")
    assert market.state(c, p.id).status is S.RETURNED
    assert _balances(c, m)[0] == Money.zero("USD")
    with c.uow() as uow:
        assert c.trades.get(uow, t1.id).open_balance == Money.of("3000.00", "USD")


def test_only_matched_or_credited_money_can_be_unmatched(container: Container):
    c = container
    m = market.merchant(c)
    market.rates(c)
    market.trade(c, m, market.buyer(c))
    p = market.pay(c, m, info="GOODS", payer="Unrelated Trading FZE")
    assert market.state(c, p.id).status is S.SUSPENSE
    with c.uow(actor="op") as uow, pytest.raises(MatchRefused, match="only matched or credited"):
        c.matching.unmatch(uow, p.id, by="analyst.li", reason="wrong")
    with c.uow(actor="op") as uow, pytest.raises(InvalidClaim, match="needs a reason"):
        c.matching.unmatch(uow, p.id, by="analyst.li", reason=" ")
