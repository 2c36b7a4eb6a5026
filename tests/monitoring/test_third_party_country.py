"""TBML-03: payer in another country than the registered buyer, above the threshold."""

from datetime import UTC, date, datetime
from decimal import Decimal

from tests.integration import market
from yipay.monitoring.domain import RuleMode, Transaction
from yipay.monitoring.rules import third_party_country as rule

PARAMS = {"threshold_usd_minor": Decimal(500_000)}


def txn(payer="TR", buyer="AE", usd=600_000):
    return Transaction(
        payment_id="pay_1",
        merchant_id="mer_1",
        payer_id="pyr_1",
        payer_country=payer,
        buyer_id="buy_1",
        buyer_country=buyer,
        received_at=datetime(2026, 11, 3, tzinfo=UTC),
        booking_day=date(2026, 11, 3),
        currency="USD",
        amount_minor=usd,
        amount_usd_minor=usd,
    )


def test_fires_on_a_foreign_payer_at_or_above_the_threshold():
    assert rule.evaluate(txn(), PARAMS) is not None
    assert rule.evaluate(txn(usd=500_000), PARAMS) is not None


def test_does_not_fire_for_the_same_country_below_threshold_or_without_a_buyer():
    assert rule.evaluate(txn(payer="AE"), PARAMS) is None
    assert rule.evaluate(txn(usd=499_999), PARAMS) is None
    assert rule.evaluate(txn(buyer=None), PARAMS) is None  # type: ignore[arg-type]


def test_score_is_half_at_the_threshold_and_grows_towards_one():
    assert rule.score(500_000, PARAMS) == Decimal("0.5000")
    assert rule.score(1_000_000, PARAMS) == Decimal("0.7500")
    assert Decimal("0.99") < rule.score(10**9, PARAMS) <= 1


def _history(c):
    market.rates(c)
    m1, m2 = market.merchant(c, suffix="1"), market.merchant(c, suffix="2")
    gulf, russia = market.buyer(c, country="AE"), market.buyer(c, country="RU", name="Ivan Petrov")
    for i, (m, b, payer_country, amount) in enumerate(
        [
            (m1, gulf, "TR", "9000.00"),  # foreign payer, above: alert
            (m1, gulf, "HK", "6000.00"),  # same merchant, same day: same alert, more evidence
            (m1, gulf, "AE", "9000.00"),  # the buyer's own country: none
            (m2, russia, "AE", "4000.00"),  # foreign but below: none
            (m2, russia, "KZ", "20000.00"),  # foreign, above: alert for m2
        ]
    ):
        ref = f"INV-2026-{i:06d}"
        market.trade(c, m, b, reference=ref, amount=amount)
        market.pay(c, m, amount=amount, charges=None, info=f"PAYMENT {ref}", country=payer_country)


def _switch_on(c):
    """In monitor mode by default (TBML-03-THIRD-PARTY-TRADE decides); a supervisor may switch
    it on where payments carry the buyer's country."""
    with c.uow(actor="sup") as uow:
        c.rule_settings.configure(
            uow, rule.RULE.id, by="sup", reason="no trade table here", mode=RuleMode.ACTIVE
        )
        uow.commit()


def test_real_time_alerts_equal_the_batch_sql_on_duckdb(container, tmp_path):
    c = container
    _switch_on(c)
    _history(c)
    with c.uow() as uow:
        realtime = {
            a.id: (a.subject_id, a.evidence, a.score, a.rule_version, a.parameters, a.explanation)
            for a in c.alerts.find(uow, rule_id=rule.RULE.id)
        }
        batch = c.monitoring.run_batch(uow, tmp_path, raise_alerts=False)
    assert batch.transactions == 5
    batched = {
        a.id: (a.subject_id, a.evidence, a.score, a.rule_version, a.parameters, a.explanation)
        for a in batch.alerts
        if a.rule_id == rule.RULE.id  # the trade rules (no real-time twin) run in batch too
    }
    assert batched == realtime
    assert len(realtime) == 2
    evidence_sizes = sorted(len(v[1]) for v in realtime.values())
    assert evidence_sizes == [1, 2]
    assert (tmp_path / "transactions.parquet").exists()


def test_running_the_batch_twice_raises_no_second_alert(container, tmp_path):
    c = container
    _switch_on(c)
    _history(c)
    for _ in range(2):
        with c.uow() as uow:
            c.monitoring.run_batch(uow, tmp_path)
            uow.commit()
    with c.uow() as uow:
        assert len(c.alerts.find(uow, rule_id=rule.RULE.id)) == 2


def test_the_settings_in_force_decide_the_mode_and_the_threshold(container, tmp_path):
    c = container
    rule_id = rule.RULE.id
    assert rule.RULE.mode is RuleMode.MONITOR  # the catalogue's default
    _history(c)
    with c.uow() as uow:
        assert c.alerts.find(uow, rule_id=rule_id) == []  # monitor mode: never raised
        trial = c.monitoring.run_batch(uow, tmp_path, raise_alerts=False)
    assert len([a for a in trial.alerts if a.rule_id == rule_id]) == 2  # … evaluated, returned
    with c.uow(actor="sup") as uow:
        c.rule_settings.configure(
            uow,
            rule_id,
            by="sup",
            reason="only the largest",
            mode=RuleMode.ACTIVE,
            parameters={"threshold_usd_minor": "1000000"},
        )
        uow.commit()
    with c.uow() as uow:
        c.monitoring.run_batch(uow, tmp_path)
        uow.commit()
    with c.uow() as uow:
        [alert] = c.alerts.find(uow, rule_id=rule.RULE.id)
    assert alert.parameters == {"threshold_usd_minor": "1000000"}
    assert len(alert.evidence) == 1  # the KZ payment of USD 20,000 only


def test_a_backtest_compares_a_candidate_with_the_version_in_force_and_raises_nothing(
    container, tmp_path
):
    c = container
    _history(c)
    with c.uow() as uow:
        before = len(c.alerts.find(uow, rule_id=rule.RULE.id))
        result = c.monitoring.backtest(
            uow, rule.RULE.id, {"threshold_usd_minor": "1000000"}, tmp_path
        )
        after = len(c.alerts.find(uow, rule_id=rule.RULE.id))
        assert after == before  # monitor mode: nothing raised
    assert (result.in_force.alerts, result.candidate.alerts) == (2, 1)
    assert result.in_force.parameters == {"threshold_usd_minor": "500000"}
    assert result.candidate.parameters == {"threshold_usd_minor": "1000000"}
    assert (result.alerts_in_both, result.alerts_only_in_force, result.alerts_only_candidate) == (
        1,
        1,
        0,
    )
    # in force: TR 9,000 + HK 6,000 (one alert) and KZ 20,000; the candidate keeps KZ only
    assert (result.transactions_in_both, result.transactions_only_in_force) == (1, 2)
    assert result.transaction_overlap == 1 / 3
