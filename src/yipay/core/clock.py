"""Time: an injected clock that only hands out aware UTC; regulatory days are Shanghai dates.

Regulatory counters (same-day cumulation, working-day deadlines, annual receipts) are keyed on the
calendar date of the booking instant in the regulator's time zone, which is configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from yipay.core.errors import InvalidInput

DEFAULT_REGULATORY_TZ = "Asia/Shanghai"


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock for tests and simulations: returns `at` until moved."""

    at: datetime
    step: timedelta = field(default_factory=timedelta)

    def __post_init__(self) -> None:
        self.at = ensure_utc(self.at)

    def now(self) -> datetime:
        current = self.at
        self.at = self.at + self.step
        return current

    def advance(self, delta: timedelta) -> None:
        self.at = self.at + delta


def ensure_utc(value: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are refused (their zone is a guess)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"timestamp {value.isoformat()} has no time zone")
    return value.astimezone(UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 timestamp with an offset (or Z), as aware UTC."""
    try:
        value = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInput(f"not an ISO 8601 timestamp: {text!r}") from None
    return ensure_utc(value)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInput(f"not an ISO 8601 date (YYYY-MM-DD): {text!r}") from None


@dataclass(frozen=True, slots=True)
class RegulatoryCalendar:
    """Maps instants to the regulator's calendar dates."""

    tz_name: str = DEFAULT_REGULATORY_TZ

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    def day_of(self, instant: datetime) -> date:
        return ensure_utc(instant).astimezone(self.tz).date()

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """The half-open UTC interval [start, end) of a regulatory day."""
        start = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        end = start + timedelta(days=1)
        return start.astimezone(UTC), end.astimezone(UTC)

    def year_of(self, instant: datetime) -> int:
        return self.day_of(instant).year
