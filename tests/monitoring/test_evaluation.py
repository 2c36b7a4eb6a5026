"""Scoring the catalogue against labels: micro-averaged, per typology, per rule, per pattern."""

from __future__ import annotations

import pytest

from yipay.monitoring.evaluation import Labels, Report, RuleFlags, add

LABELS = Labels(
    transactions=1000,
    typology={"L1": 4, "L2": 4, "L3": 10, "L4": 10},
    pattern={"L1": "structuring", "L2": "fan_out", "L3": "cycle", "L4": "cycle"},
)


def test_counts_per_rule_typology_pattern_and_overall():
    report = add(
        Report(),
        LABELS,
        [
            RuleFlags("STRUCT", 4, frozenset({"L1", "N1", "N2", "N3"}), alerts=2),
            RuleFlags("CYCLE", 10, frozenset({"L3", "L2"}), alerts=1),  # catches a fan-out too
        ],
    )
    overall = report.overall
    assert (overall.flagged, overall.flagged_laundering, overall.caught) == (6, 3, 3)
    assert overall.precision == pytest.approx(0.5)
    assert overall.recall == pytest.approx(0.75)
    assert overall.f1 == pytest.approx(0.6)
    assert overall.per_1000 == pytest.approx(6.0)
    four, ten = report.typologies[4], report.typologies[10]
    assert four.recall == 1.0  # L2 (typology 4) was caught by the cycle rule: the system caught it
    assert four.precision == pytest.approx(0.25)  # STRUCT's flags: 1 laundering of 4
    assert (ten.recall, ten.precision, ten.alerts) == (0.5, 1.0, 1)
    assert report.rules["STRUCT"].recall == 0.5  # its own typology: L1 of L1, L2
    assert report.rules["CYCLE"].recall == 0.5
    assert {p: (t.caught, t.positives) for p, t in report.patterns.items()} == {
        "cycle": (1, 2),
        "fan_out": (1, 1),
        "structuring": (1, 1),
    }


def test_sets_add_up_before_any_ratio_is_taken():
    report = Report()
    add(report, LABELS, [RuleFlags("STRUCT", 4, frozenset({"L1"}), 1)])
    add(report, LABELS, [RuleFlags("STRUCT", 4, frozenset({"N1", "N2", "N3"}), 1)])
    line = report.rules["STRUCT"]
    assert (report.datasets, report.transactions) == (2, 2000)
    assert line.precision == pytest.approx(0.25)  # 1 of 4 flags, not the mean of 1.0 and 0.0
    assert line.per_1000 == pytest.approx(2.0)


def test_nothing_flagged_has_no_precision_and_zero_recall():
    report = add(Report(), LABELS, [RuleFlags("QUIET", 4, frozenset(), 0)])
    assert report.overall.precision is None
    assert report.overall.recall == 0.0
    assert report.overall.f1 is None


def test_a_monitor_mode_rule_is_scored_on_its_own_line_but_catches_nothing_overall():
    report = add(
        Report(),
        LABELS,
        [
            RuleFlags("STRUCT", 4, frozenset({"L1"}), 1),
            RuleFlags("TRIAL", 10, frozenset({"L3", "N1"}), 1, active=False),
        ],
    )
    assert report.rules["TRIAL"].recall == 0.5  # scored: how a rule earns its way to active
    assert report.rules["TRIAL"].precision == 0.5
    assert (report.overall.flagged, report.overall.caught, report.overall.alerts) == (1, 1, 1)
    assert report.typologies[10].recall == 0.0  # it raised no alert, so nothing was caught
