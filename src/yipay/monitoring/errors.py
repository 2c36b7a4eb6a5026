"""Monitoring's errors: bad input files, engines that cannot run."""

from __future__ import annotations

from yipay.core.errors import InvalidInput, YipayError


class MonitoringError(YipayError):
    code = "monitoring_error"


class InvalidMonitoringFile(MonitoringError, InvalidInput):
    """An input file of `monitor run --transactions` is malformed; nothing was loaded."""

    code = "invalid_monitoring_file"
