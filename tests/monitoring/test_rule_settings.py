"""Rule settings: the mode and parameters in force, changed only with who, when and why."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.support.cli import ok
from yipay.bootstrap import Container
from yipay.monitoring.domain import RuleMode
from yipay.monitoring.errors import InvalidRuleChange, RuleNotFound
from yipay.monitoring.rule_settings import change, in_force
from yipay.monitoring.rules import CATALOGUE

RULE = CATALOGUE["TBML-01-NO-TRADE"]  # any active rule of one parameter
AT = datetime(2026, 11, 3, 1, 0, tzinfo=UTC)
PARAM = RULE.parameters[0].name
DEFAULT = RULE.parameters[0].default


def _change(current: Any = None, **kw: Any) -> Any:
    args: dict[str, Any] = {"mode": None, "parameters": {}, "by": "sup", "reason": "tuning"}
    return change(RULE, current, at=AT, change_id="rch_1", **(args | kw))


def test_a_change_records_the_values_before_and_after_and_a_default_resets_the_override():
    setting, log = _change(parameters={PARAM: "900000"}, mode=RuleMode.MONITOR)
    assert in_force(RULE, setting) == (RuleMode.MONITOR, {PARAM: Decimal(900000)})
    assert (log.revision, log.mode_before, log.mode_after) == (1, RULE.mode, RuleMode.MONITOR)
    assert log.parameters_before == {PARAM: str(DEFAULT)}
    assert log.parameters_after == {PARAM: "900000"}
    back, log2 = _change(setting, parameters={PARAM: str(DEFAULT)})
    assert back.overrides == {}
    assert log2.revision == 2


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"reason": " "}, "needs a reason"),
        ({"by": ""}, "who makes it"),
        ({"parameters": {"nope": "1"}}, "has no parameter 'nope'"),
        ({"parameters": {PARAM: "ten"}}, "is not a number"),
        ({"parameters": {PARAM: "-5"}}, "≥ 0"),
        ({"parameters": {PARAM: "NaN"}}, "finite"),
        ({"parameters": {PARAM: str(DEFAULT)}}, "nothing to change"),
    ],
)
def test_a_change_is_refused_with_a_reason(kw: dict[str, Any], message: str):
    with pytest.raises(InvalidRuleChange, match=message):
        _change(**kw)


def test_changes_are_stored_logged_and_audited(container: Container):
    c = container
    with c.uow(actor="sup") as uow:
        c.rule_settings.configure(
            uow, RULE.id, by="sup", reason="backtest first", mode=RuleMode.MONITOR
        )
        c.rule_settings.configure(
            uow, RULE.id, by="sup2", reason="raise the floor", parameters={PARAM: "1000000"}
        )
        uow.commit()
    with c.uow() as uow:
        now = c.rule_settings.in_force(uow)[RULE.id]
        assert (now.mode, now.parameters[PARAM], now.revision) == (
            RuleMode.MONITOR,
            Decimal(1000000),
            2,
        )
        log = c.rule_settings.changes(uow, RULE.id)
        assert [(x.changed_by, x.reason) for x in log] == [
            ("sup", "backtest first"),
            ("sup2", "raise the floor"),
        ]
        trail = c.audit.trail(uow, RULE.id)
        assert [r.kind for r in trail].count("monitoring.rule_configured") == 2
        with pytest.raises(RuleNotFound):
            c.rule_settings.changes(uow, "NO-SUCH-RULE")


def test_the_cli_sets_and_lists_changes(cli: Any):
    done = ok(
        cli("monitor", "set", RULE.id, "--by", "sup", "--reason", "r", "--param", f"{PARAM}=7")
    )
    assert done["parameters_after"] == {PARAM: "7"}
    assert [x["reason"] for x in ok(cli("monitor", "changes", "--rule", RULE.id))] == ["r"]
    bad = cli("monitor", "set", RULE.id, "--by", "sup", "--reason", "r", "--mode", "loud")
    assert bad.exit_code != 0
    assert "--mode must be monitor or active" in bad.output
    bad = cli("monitor", "set", RULE.id, "--by", "sup", "--reason", "r", "--param", "x")
    assert "must be NAME=VALUE" in bad.output


def test_the_cli_backtests_a_candidate_on_an_empty_history(cli: Any):
    report = ok(cli("monitor", "backtest", RULE.id, "--param", f"{PARAM}=1"))
    assert report["candidate"]["parameters"] == {PARAM: "1"}
    assert report["in_force"]["alerts"] == report["candidate"]["alerts"] == 0
    assert report["transactions"]["overlap"] is None
