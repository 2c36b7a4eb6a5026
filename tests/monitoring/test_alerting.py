"""Evidence rows become alerts: one per (rule, subject, window), with a stable id, a score in
[0, 1] and an explanation; the runner skips a rule whose inputs the source lacks."""

from datetime import UTC, datetime
from decimal import Decimal

from tests.monitoring.canonical import write_transactions
from tests.monitoring.rule_support import START, START_DAY, at, pay
from yipay.alerts.domain import AlertSource, alert_id
from yipay.core.clock import RegulatoryCalendar
from yipay.monitoring import alerting, batch
from yipay.monitoring.domain import Scoring
from yipay.monitoring.engines.duckdb_engine import DuckDBEngine
from yipay.monitoring.portable import Evidence
from yipay.monitoring.rules import CATALOGUE, activity, structuring, trade_rules

CALENDAR = RegulatoryCalendar("Asia/Shanghai")
NOW = datetime(2026, 11, 3, tzinfo=UTC)
WEEK = START_DAY // 7


def test_one_alert_per_subject_and_window_with_sorted_unique_evidence():
    rule = structuring.BY_PAYER
    rows = [
        Evidence("P", WEEK, "T3", 3),
        Evidence("P", WEEK, "T1", 3),
        Evidence("P", WEEK, "T1", 3),
        Evidence("P", WEEK + 1, "T9", 4),
        Evidence("Q", WEEK, "T5", 5),
    ]
    weekly = rule.values({"window_days": Decimal(7)})
    found = alerting.alerts(rule, rows, weekly, CALENDAR, NOW)
    assert [(a.subject_id, a.evidence) for a in found] == [
        ("P", ("T1", "T3")),
        ("P", ("T9",)),
        ("Q", ("T5",)),
    ]
    first = found[0]
    # the week of Thursday 5 March 2026 in Shanghai, as UTC instants
    assert first.window_start == datetime(2026, 3, 4, 16, 0, tzinfo=UTC)
    assert first.window_end == datetime(2026, 3, 11, 16, 0, tzinfo=UTC)
    assert first.id == alert_id(AlertSource.RULE, rule.id, "P", first.window_start)
    assert first.subject_type == "payer"
    assert first.rule_version == rule.version
    assert first.parameters["min_count"] == "3"
    assert first.score == Decimal("0.5000")  # exactly at the trigger count
    assert found[2].score == Decimal("0.7000")  # five against a trigger of three
    assert "TBML-04-STRUCTURING-BY-PAYER v2" in first.explanation
    assert "min_count=3" in first.explanation
    assert "T1 T3" in first.explanation


def test_alert_ids_do_not_depend_on_the_run():
    rule = structuring.TO_PAYEE
    rows = [Evidence("M", WEEK, "T1", 3), Evidence("M", WEEK, "T2", 3)]
    once = alerting.alerts(rule, rows, rule.values(), CALENDAR, NOW)
    again = alerting.alerts(rule, list(reversed(rows)), rule.values(), CALENDAR, START)
    assert [(a.id, a.evidence, a.score) for a in once] == [
        (a.id, a.evidence, a.score) for a in again
    ]


def test_anchored_windows_start_on_the_event_day():
    rule = activity.DORMANT_AWAKENING
    (found,) = alerting.alerts(
        rule, [Evidence("D", START_DAY, "W1", 3_000_000)], rule.values(), CALENDAR, NOW
    )
    assert found.window_start == datetime(2026, 3, 4, 16, 0, tzinfo=UTC)
    assert found.window_end == datetime(2026, 3, 11, 16, 0, tzinfo=UTC)  # seven days


def test_scores_stay_in_the_unit_interval_and_grow_with_the_measure():
    scoring = Scoring("min_count")
    params = {"min_count": Decimal(3)}
    scores = [scoring(m, 1, params) for m in (0, 1, 3, 6, 30, 10**9)]
    assert scores == sorted(scores)
    assert scores[0] == Decimal(0)
    assert scores[2] == Decimal("0.5")
    assert scores[-1] <= 1
    assert Scoring()(2000, 1, {}) == Decimal("0.75")  # per mille: twice the trigger


def test_the_runner_skips_rules_the_source_cannot_feed_and_says_why(tmp_path):
    rows = [pay(f"S{i}", "P", f"M{i}", 9_000, at(i)) for i in range(3)]
    path = write_transactions(tmp_path / "t.parquet", rows)
    engine = DuckDBEngine()
    try:
        available = batch.register(engine, {"transactions": path})
        outcome = batch.run_rules(
            engine, available, CATALOGUE.values(), lambda r: r.values(), CALENDAR, NOW
        )
    finally:
        engine.close()
    skipped = dict(outcome.skipped)
    assert "transactions.buyer_country" in skipped["TBML-03-THIRD-PARTY-COUNTRY"]
    assert "transactions.channel" in skipped["TBML-10-CASH-INFLOW"]
    # every other rule needs only payer, payee, amount and time; the trade rules need trades or
    # payer countries, which this source lacks
    assert set(skipped) == {
        "TBML-03-THIRD-PARTY-COUNTRY",
        "TBML-10-CASH-INFLOW",
        *(r.id for r in trade_rules.RULES),
    }
    assert [a.rule_id for a in outcome.alerts] == ["TBML-04-STRUCTURING-BY-PAYER"]
    assert outcome.alerts[0].evidence == ("S0", "S1", "S2")


def test_an_empty_source_skips_every_rule(tmp_path):
    path = write_transactions(tmp_path / "t.parquet", [])
    engine = DuckDBEngine()
    try:
        available = batch.register(engine, {"transactions": path})
        outcome = batch.run_rules(
            engine, available, CATALOGUE.values(), lambda r: r.values(), CALENDAR, NOW
        )
    finally:
        engine.close()
    assert outcome.alerts == []
    assert {reason for _, reason in outcome.skipped} == {"no rows in transactions"}
