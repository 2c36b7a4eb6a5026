"""What the ledger test suites found and was fixed: returns of payouts not yet confirmed,
deadlock victims, refused commits, and the institution's own funds."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.integration import market
from tests.ledger.support import pacs004
from yipay.adapters.db.engine import transient
from yipay.adapters.iso20022 import parse_status
from yipay.core.errors import RetryableConflict
from yipay.core.money import Money
from yipay.ledger import journal
from yipay.ledger.domain import bank_charges_expense, nostro, payouts_in_transit, wallet


def _sent_payout(c):
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m)
    with c.uow(actor="ops") as uow:
        result = c.payments.settle(uow, p.id, by="ops")
        [export] = c.payouts.export(uow)
        uow.commit()
    assert export.payouts[0].id == result.payout.id
    return m, result.payout


def test_a_return_before_any_confirmation_books_the_confirmation_and_the_charges(container):
    c = container
    m, payout = _sent_payout(c)
    back = payout.amount - Money.of("20.00", "CNY")  # the banks kept CNY 20 on the way back
    events = parse_status(pacs004({payout.id: back}, at=c.clock.now()))
    with c.uow(actor="bank") as uow:
        outcome = c.payouts.apply_status(uow, events)
        uow.commit()
    assert outcome.applied == [(payout.id, "returned")]
    with c.uow() as uow:
        kinds = [
            e.kind
            for e in c.ledger.entries(
                uow, keys=[f"payout-confirmed:{payout.id}", f"payout-returned:{payout.id}"]
            )
        ]
        wallet_back = c.ledger.balance(uow, wallet(m, "CNY"))
        in_transit = c.ledger.balance(uow, payouts_in_transit("CNY"))
        charges = c.ledger.balance(uow, bank_charges_expense("CNY"))
        assert c.ledger.verify(uow) == []
    assert sorted(kinds) == ["payout_confirmed", "payout_returned"]
    assert wallet_back == payout.amount  # the merchant is made whole
    assert in_transit == Money.zero("CNY")  # nothing left hanging in transit
    assert charges == Money.of("20.00", "CNY")  # what the banks kept is the institution's cost


def test_own_funds_restore_the_backing_after_the_institution_bears_a_charge(container):
    c = container
    _m, payout = _sent_payout(c)
    kept = Money.of("100.00", "CNY")  # more than the CNY 64.03 spread income in the nostro
    events = parse_status(pacs004({payout.id: payout.amount - kept}, at=c.clock.now()))
    with c.uow(actor="bank") as uow:
        c.payouts.apply_status(uow, events)
        uow.commit()
    with c.uow() as uow:
        [cny] = [b for b in c.ledger.backing(uow) if b.currency == "CNY"]
    assert not cny.backed  # client money exceeds the nostro: the institution's own cost
    with c.uow(actor="treasury") as uow:
        c.ledger.post(
            uow,
            journal.own_funds_deposit(
                "capital-1", "PARTNER", Money.of("1000.00", "CNY"), c.clock.now()
            ),
        )
        uow.commit()
    with c.uow() as uow:
        [cny] = [b for b in c.ledger.backing(uow) if b.currency == "CNY"]
        assert c.ledger.balance(uow, nostro("PARTNER", "CNY")) == cny.nostro
    assert cny.backed


def test_deadlock_and_serialization_victims_become_a_retryable_conflict():
    class DriverError(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    assert isinstance(transient(DriverError("40P01")), RetryableConflict)
    assert isinstance(transient(DriverError("40001")), RetryableConflict)
    assert transient(DriverError("23505")) is None  # a unique violation is not transient
    assert transient(ValueError("no sqlstate")) is None


@pytest.fixture
def pg_container(postgres_server, tmp_path, clock):
    from tests.conftest import _fresh_postgres, make_container

    for url in _fresh_postgres(postgres_server):
        c = make_container(url, tmp_path, clock)
        yield c
        c.dispose()


@pytest.mark.postgres
def test_a_real_deadlock_on_postgresql_surfaces_as_retryable(pg_container):
    import threading

    c = pg_container
    with c.uow() as uow:
        c.ledger.lock(uow, [wallet("mer_a", "USD"), wallet("mer_b", "USD")])
        uow.commit()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(first: str, second: str) -> None:
        try:
            with c.engine.connect() as conn:
                conn.execute(
                    text("UPDATE ledger_accounts SET created_at = created_at WHERE code = :c"),
                    {"c": first},
                )
                barrier.wait(timeout=10)
                conn.execute(
                    text("UPDATE ledger_accounts SET created_at = created_at WHERE code = :c"),
                    {"c": second},
                )
                conn.commit()
        except BaseException as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)

    a, b = "wallet:mer_a:USD", "wallet:mer_b:USD"
    threads = [threading.Thread(target=worker, args=pair) for pair in ((a, b), (b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(errors) == 1
    assert isinstance(errors[0], RetryableConflict)


def test_a_refused_commit_does_not_poison_the_next_unit_of_work(sqlite_container):
    c = sqlite_container
    with c.uow() as uow:
        c.ledger.lock(uow, [wallet("mer_a", "USD")])
        uow.commit()
    with c.uow() as uow:
        account_id = uow.connection.execute(
            text("SELECT id FROM ledger_accounts WHERE code = 'wallet:mer_a:USD'")
        ).scalar()
        uow.connection.execute(  # an orphan posting: the deferred foreign key refuses COMMIT
            text(
                "INSERT INTO postings (entry_id, account_id, amount_minor, currency, booked_at)"
                " VALUES ('jen_nowhere', :a, 5, 'USD', '2026-11-03 00:00:00.000000')"
            ),
            {"a": account_id},
        )
        with pytest.raises((IntegrityError, sqlite3.IntegrityError)):
            uow.commit()
    with c.uow() as uow:  # the same pool hands out a healthy connection
        assert uow.connection.execute(text("SELECT COUNT(*) FROM postings")).scalar() == 0
        c.ledger.lock(uow, [wallet("mer_b", "USD")])
        uow.commit()
