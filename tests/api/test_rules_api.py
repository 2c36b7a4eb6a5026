"""Monitoring rules through the API: the settings in force, changed only by who may, logged."""

from __future__ import annotations

from tests.api.conftest import Api, assert_problem
from yipay.monitoring.rules import CATALOGUE

RULE = CATALOGUE["TBML-01-NO-TRADE"]  # any active rule of one parameter


def test_the_api_needs_the_rules_permission_and_logs_the_user(api: Api):
    path = f"/monitoring/rules/{RULE.id}/settings"
    body = {"mode": "monitor", "reason": "new rule: backtest"}
    assert_problem(api.post(path, body, user="analyst"), 403)
    assert_problem(api.post(path, body | {"mode": "loud"}), 422)
    assert_problem(api.post("/monitoring/rules/NOPE/settings", body), 404)
    made = api.ok(path, body, status=200)
    assert (made["changed_by"], made["mode_after"]) == ("admin", "monitor")
    [listed] = [
        r for r in api.get("/monitoring/rules", user="analyst").json() if r["id"] == RULE.id
    ]
    assert (listed["mode"], listed["revision"]) == ("monitor", 1)
    changes = api.get(f"/monitoring/rules/{RULE.id}/changes", user="auditor").json()
    assert [x["reason"] for x in changes] == ["new rule: backtest"]
