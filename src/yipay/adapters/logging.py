"""structlog set-up: key=value lines on stderr, level from settings. Ids go in logs, never names
or account numbers (the events logged carry ids only)."""

from __future__ import annotations

import logging
import sys

import structlog

_configured = False


def configure_logging(level: str) -> None:
    global _configured  # noqa: PLW0603 - logging is process-wide by nature
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        numeric = logging.WARNING
    if _configured:
        return
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.KeyValueRenderer(key_order=["timestamp", "level", "event"]),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    _configured = True
