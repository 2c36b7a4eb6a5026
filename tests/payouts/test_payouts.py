"""Payouts on SQLite and PostgreSQL: the state machine, maker-checker, holds, export and the bank's
answers (repeated, unknown, too large, unmatched), and returns to payers that bounce."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from tests.integration import market
from tests.ledger import support
from yipay.adapters.iso20022 import parse_status
from yipay.bootstrap import Container
from yipay.core.errors import SameUserApproval
from yipay.core.money import Money
from yipay.jobs.bank_simulator import answer_pain001
from yipay.ledger import journal
from yipay.ledger.domain import HoldStatus, payouts_in_transit, suspense, wallet
from yipay.ledger.errors import InsufficientFunds
from yipay.payments.domain import PaymentStatus
from yipay.payouts.domain import Payee, Payout, PayoutKind, PayoutStatus, check_transition
from yipay.payouts.errors import IllegalPayoutTransition, InvalidPayout

S = PayoutStatus
M = "mer_payouts"
PAYEE = Payee("义乌市李明日用品商行", "6228480001", "ABC Yiwu")
ALLOWED = {
    (S.PENDING_APPROVAL, S.APPROVED),
    (S.PENDING_APPROVAL, S.DECLINED),
    (S.APPROVED, S.SENT),
    (S.SENT, S.ACCEPTED),
    (S.SENT, S.CONFIRMED),
    (S.SENT, S.RETURNED),
    (S.ACCEPTED, S.CONFIRMED),
    (S.ACCEPTED, S.RETURNED),
    (S.CONFIRMED, S.RETURNED),
}


def cny(amount: str) -> Money:
    return Money.of(amount, "CNY")


# -- the transition table -----------------------------------------------------------------------
@pytest.mark.parametrize(("old", "new"), list(itertools.product(S, S)))
def test_every_move_of_the_state_machine_is_allowed_or_refused(old, new):
    if (old, new) in ALLOWED:
        check_transition(old, new)
    else:
        with pytest.raises(IllegalPayoutTransition):
            check_transition(old, new)


# -- helpers ------------------------------------------------------------------------------------
def fund(c: Container, amount: Money, *, key: str = "fund-1") -> None:
    """Matched money in the merchant's wallet: a receipt into suspense, credited."""
    at = c.clock.now()
    with c.uow() as uow:
        c.ledger.post_many(
            uow,
            [
                journal.receipt(key, "PARTNER", amount, at),
                journal.credit_merchant(key, M, amount, at),
            ],
        )
        uow.commit()


def request(c: Container, amount: Money, *, by: str = "maker-zhao") -> Payout:
    with c.uow(actor=by) as uow:
        payout = c.payouts.request(
            uow,
            kind=PayoutKind.SETTLEMENT,
            source=wallet(M, amount.currency.code),
            amount=amount,
            payee=PAYEE,
            reference="stl_test",
            requested_by=by,
            merchant_id=M,
        )
        uow.commit()
    return payout


def approve(c: Container, payout_id: str, by: str = "checker-qian") -> Payout:
    with c.uow(actor=by) as uow:
        payout = c.payouts.approve(uow, payout_id, by=by)
        uow.commit()
    return payout


def decline(c: Container, payout_id: str) -> Payout:
    with c.uow() as uow:
        payout = c.payouts.decline(uow, payout_id, by="checker-qian", reason="wrong account")
        uow.commit()
    return payout


def export(c: Container) -> list:
    with c.uow() as uow:
        exports = c.payouts.export(uow)
        uow.commit()
    return exports


def answer(c: Container, message: bytes):
    with c.uow() as uow:
        outcome = c.payouts.apply_status(uow, parse_status(message))
        uow.commit()
    c.process()
    return outcome


def get(c: Container, payout_id: str) -> Payout:
    with c.uow() as uow:
        return c.payouts.get(uow, payout_id)


def money(c: Container) -> tuple[Money, Money, Money]:
    """(wallet balance, wallet available, in transit) in CNY."""
    with c.uow() as uow:
        return (
            c.ledger.balance(uow, wallet(M, "CNY")),
            c.ledger.available(uow, wallet(M, "CNY")),
            c.ledger.balance(uow, payouts_in_transit("CNY")),
        )


def sent(c: Container, amount: str = "12000.00") -> tuple[Payout, bytes]:
    """An approved payout exported to the bank: (payout, its pain.001)."""
    fund(c, cny(amount), key=f"fund-{amount}")
    payout = request(c, cny(amount))
    [file] = export(c)
    assert [p.id for p in file.payouts] == [payout.id]
    return get(c, payout.id), file.document


# -- request, maker-checker, decline --------------------------------------------------------------
def test_below_the_threshold_a_payout_is_approved_by_policy_at_once(container):
    c = container
    fund(c, cny("30000.00"))
    payout = request(c, cny("30000.00"))  # well below CNY 500,000
    assert payout.status is S.APPROVED
    assert payout.approved_by == "policy: below the approval threshold"
    assert money(c) == (cny("0.00"), cny("0.00"), cny("30000.00"))
    with c.uow() as uow:
        [hold] = c.ledger.holds_for(uow, payout.id)
        [entry] = c.ledger.entries(uow, keys=[f"payout:{payout.id}"])
    assert (hold.status, hold.posted_entry_id, hold.posted_minor) == (
        HoldStatus.POSTED,
        entry.id,
        3_000_000,
    )
    support.assert_books_sound(c)


def test_at_the_threshold_no_second_user_is_needed_and_above_it_one_is(container):
    c = container
    fund(c, cny("500000.01"))
    at_limit = request(c, cny("500000.00"))
    assert at_limit.status is S.APPROVED
    fund(c, cny("500000.01"), key="fund-2")
    above = request(c, cny("500000.01"))
    assert above.status is S.PENDING_APPROVAL
    assert above.approved_by is None


def test_a_currency_without_a_threshold_always_needs_a_second_user(container):
    c = container
    fund(c, Money.of("1.00", "EUR"))
    payout = request(c, Money.of("1.00", "EUR"))
    assert payout.status is S.PENDING_APPROVAL


def test_the_same_user_cannot_approve_and_another_can(container):
    c = container
    fund(c, cny("600000.00"))
    payout = request(c, cny("600000.00"), by="maker-zhao")
    assert payout.status is S.PENDING_APPROVAL
    assert money(c) == (cny("600000.00"), cny("0.00"), cny("0.00"))  # reserved, not moved
    before = support.snapshot(c)
    with pytest.raises(SameUserApproval):
        approve(c, payout.id, by="maker-zhao")
    assert support.snapshot(c) == before
    approved = approve(c, payout.id, by="checker-qian")
    assert (approved.status, approved.approved_by) == (S.APPROVED, "checker-qian")
    assert money(c) == (cny("0.00"), cny("0.00"), cny("600000.00"))
    support.assert_books_sound(c)


def test_a_declined_payout_frees_its_hold_and_moves_no_money(container):
    c = container
    fund(c, cny("600000.00"))
    payout = request(c, cny("600000.00"))
    declined = decline(c, payout.id)
    assert declined.status is S.DECLINED
    assert declined.reason == "declined by checker-qian: wrong account"
    with c.uow() as uow:
        [hold] = c.ledger.holds_for(uow, payout.id)
        entries = c.ledger.entries(uow, keys=[f"payout:{payout.id}"])
    assert (hold.status, hold.released_by) == (HoldStatus.VOIDED, "checker-qian")
    assert entries == []
    assert money(c) == (cny("600000.00"), cny("600000.00"), cny("0.00"))
    support.assert_books_sound(c)


MOVES = {
    "approve": lambda c, payout_id: approve(c, payout_id, by="checker-sun"),
    "decline": decline,
}


@pytest.mark.parametrize(
    ("setup", "move"),
    [
        ("declined", "approve"),
        ("declined", "decline"),
        ("approved", "approve"),
        ("approved", "decline"),
        ("sent", "approve"),
        ("sent", "decline"),
    ],
)
def test_a_finished_step_cannot_be_taken_again_or_undone(container, setup, move):
    c = container
    fund(c, cny("600000.00"))
    payout = request(c, cny("600000.00"))
    if setup == "declined":
        decline(c, payout.id)
    else:
        approve(c, payout.id)
        if setup == "sent":
            export(c)
    before = support.snapshot(c)
    with pytest.raises(IllegalPayoutTransition):
        MOVES[move](c, payout.id)
    assert support.snapshot(c) == before


def test_a_payout_cannot_reserve_more_than_is_available(container):
    c = container
    fund(c, cny("1000.00"))
    request(c, cny("600.00"))
    before = support.snapshot(c)
    with pytest.raises(InsufficientFunds):
        request(c, cny("400.01"))  # the first payout already took 600
    assert support.snapshot(c) == before
    assert request(c, cny("400.00")).status is S.APPROVED


def test_a_pending_payout_reserves_its_money_against_other_payouts(container):
    c = container
    fund(c, cny("600000.00"))
    request(c, cny("550000.00"))  # waits for a second user, holding its money
    with pytest.raises(InsufficientFunds):
        request(c, cny("50000.01"))
    assert money(c)[1] == cny("50000.00")


def test_payouts_leave_a_wallet_or_suspense_in_its_own_currency_only(container):
    c = container
    fund(c, cny("100.00"))
    with c.uow() as uow:
        for source, amount in (
            (payouts_in_transit("CNY"), cny("1.00")),
            (wallet(M, "CNY"), Money.of("1.00", "USD")),
            (wallet(M, "CNY"), cny("0.00")),
        ):
            with pytest.raises(InvalidPayout):
                c.payouts.request(
                    uow,
                    kind=PayoutKind.SETTLEMENT,
                    source=source,
                    amount=amount,
                    payee=PAYEE,
                    reference="x",
                    requested_by="maker-zhao",
                )


# -- export and the bank's answers ----------------------------------------------------------------
def test_only_approved_payouts_are_exported_and_only_once(container):
    c = container
    fund(c, cny("700000.00"))
    pending = request(c, cny("600000.00"))
    approved = request(c, cny("100000.00"))
    [file] = export(c)
    assert [p.id for p in file.payouts] == [approved.id]
    assert file.payouts[0].message_id == file.message_id
    assert approved.id.encode() in file.document
    assert pending.id.encode() not in file.document
    assert get(c, approved.id).status is S.SENT
    assert get(c, pending.id).status is S.PENDING_APPROVAL
    assert export(c) == []


def test_the_bank_confirms_and_a_repeated_answer_changes_nothing(container):
    c = container
    payout, document = sent(c)
    status = answer_pain001(document, at=c.clock.now())
    outcome = answer(c, status)
    assert outcome.applied == [(payout.id, "confirmed")]
    assert money(c) == (cny("0.00"), cny("0.00"), cny("0.00"))
    before = support.snapshot(c)
    again = answer(c, status)
    assert (again.applied, again.unchanged) == ([], [payout.id])
    assert support.snapshot(c) == before
    # a later rejection of a confirmed payout is not a return: nothing to do either
    late = answer(c, answer_pain001(document, at=c.clock.now(), reject={payout.id: "AC04"}))
    assert (late.applied, late.unchanged) == ([], [payout.id])
    assert support.snapshot(c) == before
    support.assert_books_sound(c)


def test_accepted_then_settled(container):
    c = container
    payout, _document = sent(c)
    outcome = answer(c, support.pain002({payout.id: "ACSP"}, at=c.clock.now()))
    assert outcome.applied == [(payout.id, "accepted")]
    assert money(c)[2] == cny("12000.00")  # still in transit
    assert answer(c, support.pain002({payout.id: "ACSP"}, at=c.clock.now())).unchanged == [
        payout.id
    ]
    outcome = answer(c, support.pain002({payout.id: "ACCC"}, at=c.clock.now()))
    assert outcome.applied == [(payout.id, "confirmed")]
    assert get(c, payout.id).status is S.CONFIRMED


def test_a_rejection_returns_the_money_to_the_wallet_once(container):
    c = container
    payout, document = sent(c)
    rejection = answer_pain001(document, at=c.clock.now(), reject={payout.id: "AC04"})
    outcome = answer(c, rejection)
    assert outcome.applied == [(payout.id, "returned")]
    returned = get(c, payout.id)
    assert (returned.status, returned.reason) == (S.RETURNED, "pain.002 rejected (AC04)")
    assert money(c) == (cny("12000.00"), cny("12000.00"), cny("0.00"))
    before = support.snapshot(c)
    for message in (rejection, answer_pain001(document, at=c.clock.now())):  # and a late ACSC
        assert answer(c, message).unchanged == [payout.id]
    assert support.snapshot(c) == before
    support.assert_books_sound(c)


def test_a_return_after_confirmation_repeated_changes_nothing(container):
    c = container
    payout, document = sent(c)
    answer(c, answer_pain001(document, at=c.clock.now()))
    c.clock.advance(timedelta(days=1))
    message = support.pacs004({payout.id: cny("11990.00")}, at=c.clock.now())
    assert answer(c, message).applied == [(payout.id, "returned")]
    with c.uow() as uow:
        assert c.ledger.balance(uow, wallet(M, "CNY")) == cny("12000.00")
    before = support.snapshot(c)
    assert answer(c, message).unchanged == [payout.id]
    assert support.snapshot(c) == before


@pytest.mark.parametrize(
    ("message", "why"),
    [
        pytest.param(
            lambda p, at: support.pain002({p: "XYZW"}, at=at), "status XYZW has no rule", id="code"
        ),
        pytest.param(
            lambda p, at: support.pain002({p: "ACSC"}, at=at, amounts={p: cny("12000.01")}),
            "more than 12000.00 CNY",
            id="settled-more",
        ),
        pytest.param(
            lambda p, at: support.pacs004({p: cny("12000.01")}, at=at),
            "more than 12000.00 CNY",
            id="returned-more",
        ),
        pytest.param(
            lambda p, at: support.pacs004({p: Money.of("12000.00", "USD")}, at=at),
            "answer in USD for a CNY payout",
            id="currency",
        ),
        pytest.param(
            lambda p, at: support.pacs004({p: cny("0.00")}, at=at),
            "nothing to apply",
            id="returned-nothing",
        ),
    ],
)
def test_answers_that_no_rule_covers_go_to_review_and_change_nothing(container, message, why):
    c = container
    payout, _document = sent(c)
    before = support.snapshot(c)
    outcome = answer(c, message(payout.id, c.clock.now()))
    assert outcome.applied == outcome.unchanged == outcome.unmatched == []
    [review] = outcome.review
    assert review.startswith(f"{payout.id}: ")
    assert why in review
    assert support.snapshot(c) == before
    assert get(c, payout.id).status is S.SENT


def test_answers_for_payouts_we_never_sent_are_reported_as_unmatched(container):
    c = container
    payout, document = sent(c)
    status = answer_pain001(document, at=c.clock.now()).replace(
        payout.id.encode(), b"pot_NOTOURS0000000000000000"
    )
    before = support.snapshot(c)
    outcome = answer(c, status)
    assert outcome.unmatched == ["pot_NOTOURS0000000000000000"]
    assert outcome.applied == outcome.review == []
    assert support.snapshot(c) == before
    outcome = answer(c, support.pacs004({"pot_ELSEWHERE": cny("5.00")}, at=c.clock.now()))
    assert outcome.unmatched == ["pot_ELSEWHERE"]


def test_one_answer_for_several_payouts_moves_each_by_its_own_status(container):
    c = container
    fund(c, cny("3000.00"))
    first = request(c, cny("1000.00"))
    second = request(c, cny("2000.00"))
    [file] = export(c)
    outcome = answer(c, answer_pain001(file.document, at=c.clock.now(), reject={second.id: "AC01"}))
    assert sorted(outcome.applied) == sorted([(first.id, "confirmed"), (second.id, "returned")])
    assert money(c) == (cny("2000.00"), cny("2000.00"), cny("0.00"))
    support.assert_books_sound(c)


# -- returns to payers --------------------------------------------------------------------------
def _stray_payment(c: Container):
    p = market.pay(c, "mer_nobody")
    assert p.status is PaymentStatus.SUSPENSE
    return p


def test_a_return_to_the_payer_that_the_bank_rejects_puts_the_payment_back_in_suspense(
    container,
):
    c = container
    p = _stray_payment(c)
    with c.uow() as uow:
        payout = c.payments.return_to_payer(uow, p.id, by="ops-wang", reason="no such shop")
        uow.commit()
    assert (payout.kind, payout.status, payout.source_account) == (
        PayoutKind.RETURN_TO_PAYER,
        S.APPROVED,
        "suspense:USD",
    )
    assert market.state(c, p.id).status is PaymentStatus.RETURNED
    [file] = export(c)
    assert file.payouts[0].amount == Money.of("2985.00", "USD")
    outcome = answer(c, answer_pain001(file.document, at=c.clock.now(), reject={payout.id: "AC04"}))
    assert outcome.applied == [(payout.id, "returned")]
    back = market.state(c, p.id)  # answer() drained the spine: return_failed ran
    assert back.status is PaymentStatus.SUSPENSE
    assert get(c, payout.id).reason == "pain.002 rejected (AC04)"
    with c.uow() as uow:
        assert c.ledger.balance(uow, suspense("USD")) == Money.of("2985.00", "USD")
        assert c.ledger.balance(uow, payouts_in_transit("USD")) == Money.zero("USD")
    support.assert_books_sound(c)
    with c.uow() as uow:  # and it can be sent back again
        again = c.payments.return_to_payer(uow, p.id, by="ops-wang", reason="corrected account")
        uow.commit()
    assert again.id != payout.id
    assert again.status is S.APPROVED


def test_a_declined_return_to_the_payer_leaves_the_payment_in_suspense(container):
    c = container
    p = _stray_payment(c)
    with c.uow() as uow:
        c.payments.return_to_payer(uow, p.id, by="ops-wang", reason="no such shop")
        uow.commit()
    with c.uow() as uow:
        [payout] = c.payouts.find(uow, reference=p.id)
    # USD 2,985 is below the USD threshold: it went out approved. A larger one waits:
    assert payout.status is S.APPROVED
    big = market.pay(c, "mer_nobody", amount="90000.00", charges=None)
    with c.uow() as uow:
        pending = c.payments.return_to_payer(uow, big.id, by="ops-wang", reason="no such shop")
        uow.commit()
    assert pending.status is S.PENDING_APPROVAL
    decline(c, pending.id)
    c.process()
    assert market.state(c, big.id).status is PaymentStatus.SUSPENSE
    with c.uow() as uow:
        assert c.ledger.available(uow, suspense("USD")) == Money.of("90000.00", "USD")
    support.assert_books_sound(c)
