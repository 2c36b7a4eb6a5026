"""A payment whose processing is interrupted between two steps resumes where it stopped."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import make_container
from tests.integration import market
from yipay.payments.domain import PaymentStatus as S


def test_processing_interrupted_mid_step_resumes_on_restart(
    container, database_url, tmp_path, clock, monkeypatch
):
    c = container
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m, process=False)

    def crash(uow, payment_id):
        raise KeyboardInterrupt  # the process dies inside the matching step

    monkeypatch.setattr(c.matching, "match_payment", crash)
    with pytest.raises(KeyboardInterrupt):
        c.process()
    stopped = market.state(c, p.id)
    assert stopped.status is S.SUSPENSE  # screening committed; matching did not
    with c.uow() as uow:
        assert c.trades.allocations_for_payment(uow, p.id) == []
    c.dispose()

    restarted = make_container(database_url, tmp_path, clock)  # a new process, same database
    try:
        report = restarted.process()
        assert report.failed == 0
        assert market.state(restarted, p.id).status is S.CREDITED
        with restarted.uow() as uow:
            assert len(restarted.trades.allocations_for_payment(uow, p.id)) == 1
            assert restarted.ledger.verify(uow) == []
            pending = uow.connection.execute(
                text("SELECT COUNT(*) FROM outbox WHERE processed_at IS NULL")
            ).scalar()
        assert pending == 0
    finally:
        restarted.dispose()


def test_a_step_that_fails_is_retried_then_parked_without_blocking_others(
    sqlite_container, monkeypatch
):
    c = sqlite_container
    m = market.merchant(c)
    market.rates(c)
    broken = market.pay(c, m, process=False)
    calls = []
    original = c.matching.match_payment

    def flaky(uow, payment_id):
        calls.append(payment_id)
        if payment_id == broken.id:
            from yipay.core.errors import Conflict

            raise Conflict("simulated contention")
        return original(uow, payment_id)

    monkeypatch.setattr(c.matching, "match_payment", flaky)
    healthy = market.pay(c, m, process=False)
    for _ in range(3):
        c.process()
    assert calls.count(broken.id) == 3  # three attempts, then parked as failed
    assert market.state(c, broken.id).status is S.SUSPENSE
    assert market.state(c, healthy.id).status is S.SUSPENSE  # processed: no trade for it
    with c.uow() as uow:
        failed = (
            uow.connection.execute(
                text("SELECT last_error FROM outbox WHERE failed_at IS NOT NULL")
            )
            .scalars()
            .all()
        )
    assert failed == ["Conflict: simulated contention"]


SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import datetime, UTC
    from yipay.bootstrap import build
    from yipay.core.clock import FixedClock
    from yipay.settings import Settings

    c = build(Settings(database_url=sys.argv[1], data_dir=sys.argv[2]),
              clock=FixedClock(datetime(2026, 11, 3, 1, 0, tzinfo=UTC)), migrate=False)
    original = c.payments.credit

    def die(uow, payment_id):
        original(uow, payment_id)          # the credit is written but never committed
        os.kill(os.getpid(), signal.SIGKILL)

    c.payments.credit = die
    c.process()
    """
)


def test_sigkill_during_a_step_leaves_every_entry_whole_or_absent(sqlite_url, tmp_path, clock):
    c = make_container(sqlite_url, tmp_path, clock)
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m, process=False)
    c.dispose()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, sqlite_url, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == -9, result.stderr
    c = make_container(sqlite_url, tmp_path, clock)
    try:
        assert market.state(c, p.id).status is S.MATCHED  # matched committed, credit did not
        with c.uow() as uow:
            assert c.ledger.verify(uow) == []
            credit_entries = uow.connection.execute(
                text("SELECT COUNT(*) FROM journal_entries WHERE kind = 'credit'")
            ).scalar()
        assert credit_entries == 0
        c.process()
        assert market.state(c, p.id).status is S.CREDITED
        with c.uow() as uow:
            assert c.ledger.verify(uow) == []
            assert c.audit.verify(uow).ok
    finally:
        c.dispose()
