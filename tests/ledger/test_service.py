"""The ledger on real databases (SQLite and PostgreSQL)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from tests.support.db import execute
from yipay.core.money import Money
from yipay.ledger import journal
from yipay.ledger.domain import HoldKind, suspense, wallet
from yipay.ledger.errors import IdempotencyConflict, InsufficientFunds

AT = datetime(2026, 11, 3, tzinfo=UTC)


def _receipt(c, payment_id="pay_1", amount="2985.00"):
    with c.uow() as uow:
        entry = c.ledger.post(uow, journal.receipt(payment_id, "B", Money.of(amount, "USD"), AT))
        uow.commit()
    return entry


def test_posting_moves_balances_and_a_replay_returns_the_original(container):
    first = _receipt(container)
    again = _receipt(container)
    assert again.id == first.id
    with container.uow() as uow:
        assert container.ledger.balance(uow, suspense("USD")) == Money.of("2985.00", "USD")
        assert container.ledger.verify(uow) == []
        count = uow.connection.execute(text("SELECT COUNT(*) FROM journal_entries")).scalar()
    assert count == 1


def test_the_same_key_with_another_body_is_refused(container):
    _receipt(container)
    with pytest.raises(IdempotencyConflict):
        _receipt(container, amount="2985.01")


def test_a_wallet_never_goes_negative(container):
    _receipt(container)
    with container.uow() as uow, pytest.raises(InsufficientFunds):
        container.ledger.post(
            uow,
            journal.payout_approved("pot_1", wallet("mer_1", "USD"), Money.of("1.00", "USD"), AT),
        )
    with container.uow() as uow:
        assert container.ledger.balance(uow, wallet("mer_1", "USD")) == Money.zero("USD")


def test_held_money_cannot_leave_suspense(container):
    _receipt(container)
    with container.uow() as uow:
        container.ledger.place_hold(
            uow,
            suspense("USD"),
            Money.of("2985.00", "USD"),
            kind=HoldKind.COMPLIANCE,
            reference="pay_1",
            reason="screening",
        )
        uow.commit()
    credit = journal.credit_merchant("pay_1", "mer_1", Money.of("2985.00", "USD"), AT)
    with container.uow() as uow, pytest.raises(InsufficientFunds, match="held"):
        container.ledger.post(uow, credit)
    with container.uow() as uow:
        released = container.ledger.release_compliance_holds(
            uow, "pay_1", by="analyst", reason="false positive"
        )
        container.ledger.post(uow, credit)
        uow.commit()
    assert len(released) == 1


def test_posted_rows_are_immutable_in_the_database(container):
    _receipt(container)
    for statement in (
        "UPDATE postings SET amount_minor = amount_minor + 1",
        "DELETE FROM postings",
        "UPDATE journal_entries SET kind = 'x'",
        "DELETE FROM journal_entries",
    ):
        with pytest.raises((IntegrityError, DBAPIError)):
            execute(container.engine, statement)
    with container.uow() as uow:
        assert container.ledger.verify(uow) == []


def test_verify_names_an_account_whose_balance_drifted(container):
    _receipt(container)
    with container.engine.connect() as conn:
        conn.execute(text("UPDATE ledger_accounts SET balance_minor = balance_minor + 1"))
        conn.commit()
    with container.uow() as uow:
        problems = container.ledger.verify(uow)
    assert any("suspense:USD" in p for p in problems)
    assert any("accounts sum to" in p for p in problems)
