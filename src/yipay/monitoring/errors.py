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


class InvalidMonitoringFile(MonitoringError, InvalidInput):
    """An input file of `monitor run --transactions` is malformed; nothing was loaded."""

    code = "invalid_monitoring_file"


class EngineUnavailable(MonitoringError):
    """The engine asked for is unknown, or its optional extra (Spark) is not installed."""

    code = "engine_unavailable"
