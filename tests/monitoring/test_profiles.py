"""Profile aggregates and the windowed rules' real-time twins.

The twins must give, payment by payment and in any order, the alerts the batch SQL gives over
the whole history: checked here on random histories against DuckDB, without a database.
"""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.monitoring.canonical import SHANGHAI, write_transactions
from tests.monitoring.twin_history import NO_HISTORY
from yipay.monitoring import batch
from yipay.monitoring.domain import Rule, Transaction, group_evidence
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.portable import Evidence
from yipay.monitoring.profiles import (
    Entry,
    Member,
    Profile,
    WindowedTwin,
    basis,
    per_mille,
    record,
    tumbling_window,
)
from yipay.monitoring.rules import CATALOGUE, activity, fans, structuring

TWINS = {t.rule_id: t for t in (*structuring.TWINS, *fans.TWINS, *activity.TWINS)}
START = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def entry(payment_id: str, other: str = "M", usd: int | None = 900_000) -> Entry:
    return Entry("P", 7, Member(payment_id, other, usd))


def test_a_payment_counts_once_however_often_it_is_recorded():
    first = record(None, "R", entry("b"), "w=7")
    assert first is not None
    second = record(first, "R", entry("a", usd=None), "w=7")
    assert second is not None
    assert second.payment_ids() == ("a", "b")  # sorted, whatever the order of arrival
    assert (second.count, second.total_usd_minor) == (2, 900_000)  # no rate: counts, adds 0
    assert record(second, "R", entry("b"), "w=7") is None  # a replay changes nothing
    assert record(second, "R", entry("a"), "w=7") is None


def test_a_member_with_its_own_measure_is_replaced_when_the_measure_changes():
    first = record(None, "R", Entry("M", 7, Member("a", "T1", 100, 500)), "b")
    assert first is not None
    assert record(first, "R", Entry("M", 7, Member("a", "T1", 100, 500)), "b") is None
    further = record(first, "R", Entry("M", 7, Member("a", "T1", 100, 800)), "b")
    assert further is not None
    assert further.own_evidence() == [Evidence("M", 7, "a", 800)]
    with pytest.raises(ValueError, match="has no measure"):
        Profile("R", "M", 7, "b", (Member("c", "T1", 1),)).own_evidence()


def test_a_profile_kept_under_other_parameters_starts_afresh():
    old = record(None, "R", entry("a"), "w=7")
    fresh = record(old, "R", entry("b"), "w=3")
    assert fresh is not None
    assert (fresh.basis, fresh.payment_ids()) == ("w=3", ("b",))


def test_distinct_counterparties_and_evidence_rows():
    profile = Profile("R", "P", 7, "w=7", (Member("a", "M1", 1), Member("b", "M1", 2)))
    assert profile.counterparties == 1
    assert profile.evidence(5) == [Evidence("P", 7, "a", 5), Evidence("P", 7, "b", 5)]


def test_windows_and_per_mille_are_the_sql_floors():
    assert [tumbling_window(d, Decimal(7)) for d in (0, 6, 7, 20517)] == [0, 0, 1, 2931]
    assert tumbling_window(5, Decimal("2.5")) == 2
    assert tumbling_window(4, Decimal("2.5")) == 1
    assert per_mille(3, Decimal(50)) == 60
    assert per_mille(99_999_999, Decimal(100_000_000)) == 999
    assert basis({"b": Decimal("7.0"), "a": Decimal(1)}, ("b", "a")) == "a=1,b=7"


def _history(rng: random.Random, size: int) -> list[Transaction]:
    payers = [f"P{i}" for i in range(6)]
    payees = [f"M{i}" for i in range(6)]
    amounts = [850_000, 900_000, 999_999, 1_000_000, 100_000, 99_999, 300_000, None]
    out = []
    for i in range(size):
        at = START + timedelta(hours=rng.randrange(24 * 20))
        payer = rng.choice(payers)
        usd = rng.choice(amounts)
        out.append(
            Transaction(
                payment_id=f"T{i:04d}",
                merchant_id=rng.choice(payees) if rng.random() > 0.03 else payer,
                payer_id=payer,
                payer_country="AE",
                buyer_id=None,
                buyer_country=None,
                received_at=at,
                booking_day=at.astimezone(SHANGHAI).date(),
                currency="USD",
                amount_minor=usd or 1,
                amount_usd_minor=usd,
            )
        )
    return out


def _batch(tmp_path, rule: Rule, params, history: list[Transaction]) -> list[Evidence]:
    rows = [
        {
            "txn_id": t.payment_id,
            "ts": t.received_at,
            "payer_id": t.payer_id,
            "payee_id": t.merchant_id,
            "amount_minor": t.amount_minor,
            "amount_usd_minor": t.amount_usd_minor,
            "currency": t.currency,
        }
        for t in history
    ]
    engine = DuckDBEngine()
    try:
        engine.register("transactions", write_transactions(tmp_path / "t.parquet", rows))
        return batch.evidence(engine, rule, params)
    finally:
        engine.close()


def _real_time(twin: WindowedTwin, params, history: list[Transaction]) -> list[Evidence]:
    """Every evidence row the twin returns, payment by payment (alerts merge them)."""
    profiles: dict[tuple[str, int], Profile] = {}
    emitted: list[Evidence] = []
    for txn in history:
        for e in twin.entries(txn, params, NO_HISTORY):
            key = (e.subject_id, e.window_no)
            updated = record(profiles.get(key), twin.rule_id, e, twin.basis(params))
            profiles[key] = updated or profiles[key]
            emitted.extend(twin.evidence(profiles[key], params))
    return emitted


TUNED = {  # small enough to fire on a few dozen payments
    "TBML-09-VELOCITY": {"min_count": Decimal(6), "min_total_usd_minor": Decimal(3_000_000)},
    "TBML-04-FAN-OUT": {"min_counterparties": Decimal(3)},
    "TBML-04-FAN-IN": {"min_counterparties": Decimal(3), "window_days": Decimal(2)},
    "TBML-04-STRUCTURING-BY-PAYER": {"min_count": Decimal(3)},
    "TBML-04-STRUCTURING-TO-PAYEE": {"min_count": Decimal(3), "window_days": Decimal(3)},
}


@pytest.mark.parametrize("rule_id", sorted(TWINS))
def test_twins_give_the_batch_sql_alerts_in_any_order(tmp_path, rule_id):
    rule, twin = CATALOGUE[rule_id], TWINS[rule_id]
    params = rule.values(TUNED[rule_id])
    rng = random.Random(rule_id)
    fired = 0
    for _ in range(3):
        history = _history(rng, 150)
        expected = group_evidence(rule_id, _batch(tmp_path, rule, params, history))
        rng.shuffle(history)  # payments are matched, so evaluated, out of booking order
        assert group_evidence(rule_id, _real_time(twin, params, history)) == expected
        fired += len(expected)
    assert fired >= 3  # the comparison is not of empty lists
