"""Monitoring errors: a rule that does not exist, a change of a rule that is refused."""

from __future__ import annotations

from yipay.core.errors import InvalidInput, NotFound, YipayError


class MonitoringError(YipayError):
    code = "monitoring_error"


class RuleNotFound(MonitoringError, NotFound):
    code = "rule_not_found"


class InvalidRuleChange(MonitoringError, InvalidInput):
    """A parameter the rule does not have, a value that is not a number, no reason given …"""

    code = "rule_change_invalid"
