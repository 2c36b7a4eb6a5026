"""The audit log: every step recorded, sealed after commit, verified, tamper-evident."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from tests.integration import market
from tests.support.db import execute


def _drop_audit_triggers(conn):
    for name in ("audit_log_no_update", "audit_log_no_delete"):
        if conn.dialect.name == "sqlite":
            conn.execute(text(f"DROP TRIGGER {name}"))
        else:
            conn.execute(text(f"DROP TRIGGER {name} ON audit_log"))


def test_every_step_is_audited_and_the_chain_verifies(container):
    c = container
    m = market.merchant(c)
    p = market.pay(c, m)
    with c.uow() as uow:
        report = c.audit.verify(uow)
        trail = c.audit.trail(uow, p.id)
    assert report.ok
    assert report.unsealed == 0
    assert report.sealed >= 3
    assert [r.kind for r in trail][:2] == ["payment.received", "payment.in_suspense"]
    assert all(r.hash and r.seal_seq for r in trail)


def test_an_unsealed_tail_is_tolerated(container):
    c = container
    m = market.merchant(c)
    market.pay(c, m, process=False)  # committed, not yet sealed
    with c.uow() as uow:
        report = c.audit.verify(uow)
    assert report.ok
    assert report.unsealed >= 1
    assert c.audit.seal(c.uow) == report.unsealed


def test_sealed_rows_cannot_be_changed_or_deleted(container):
    c = container
    market.merchant(c)
    c.seal()
    for statement in (
        "UPDATE audit_log SET actor = 'mallory'",
        "DELETE FROM audit_log",
        "UPDATE audit_log SET seal_seq = seal_seq + 100",
    ):
        with pytest.raises((IntegrityError, DBAPIError)):
            execute(c.engine, statement)


def test_tampering_behind_the_triggers_is_named_precisely(container):
    c = container
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.pay(c, m)
    with c.uow() as uow:
        assert c.audit.verify(uow).sealed >= 6
    with c.engine.connect() as conn:
        _drop_audit_triggers(conn)
        conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seal_seq = 2"))
        conn.execute(text("DELETE FROM audit_log WHERE seal_seq = 4"))
        conn.commit()
    with c.uow() as uow:
        report = c.audit.verify(uow)
    assert not report.ok
    assert any(b.startswith("seal 2 ") and "altered" in b for b in report.breaks)
    assert any(b.startswith("seal 5 ") and "missing" in b for b in report.breaks)
