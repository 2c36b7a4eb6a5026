"""Market calendar: the simulated window, seasonality and the weekly rhythm.

Trade volume peaks March–June and August–November and collapses around Chinese New Year, when the
market closes for about two weeks; banks credit cross-border payments mostly on weekdays.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

#: Trade dates reach this far before the window so deposits, balances and late payments all
#: show up in it (longest path: production lag + 60 days after export).
LOOKBACK_DAYS = 100

MONTH_FACTOR = {
    1: 0.95,
    2: 0.85,
    3: 1.05,
    4: 1.15,
    5: 1.15,
    6: 1.05,
    7: 0.85,
    8: 1.05,
    9: 1.2,
    10: 1.1,
    11: 1.1,
    12: 0.9,
}

#: Trades registered per weekday (Monday first): the market is open every day, quieter at weekends.
MARKET_WEEKDAY_FACTOR = (1.05, 1.05, 1.0, 1.0, 1.0, 0.8, 0.6)

CHINESE_NEW_YEAR = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}


def new_year_factor(day: date) -> float:
    """Activity around Chinese New Year: closed from a week before to ~15 days after, then
    ramping back up."""
    new_year = CHINESE_NEW_YEAR.get(day.year) or CHINESE_NEW_YEAR.get(day.year + 1)
    if new_year is None:
        return 1.0
    offset = (day - new_year).days
    if -7 <= offset <= 15:
        return 0.15
    if 16 <= offset <= 25:
        return 0.5
    if -14 <= offset < -7:
        return 0.8
    return 1.0


def season(day: date) -> float:
    return MONTH_FACTOR[day.month] * new_year_factor(day)


def market_activity(day: date) -> float:
    """Relative number of trades registered on `day`."""
    return season(day) * MARKET_WEEKDAY_FACTOR[day.weekday()]


def is_business_day(day: date) -> bool:
    return day.weekday() < 5


def next_business_day(day: date) -> date:
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def previous_business_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def days_between(first: date, last: date) -> Iterator[date]:
    """Every day of [first, last], both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


@dataclass(frozen=True)
class Window:
    """The simulated window [first, last] and the history that feeds it."""

    first: date
    last: date

    @classmethod
    def of(cls, start: date, days: int) -> Window:
        return cls(start, start + timedelta(days=days - 1))

    @property
    def history_start(self) -> date:
        return self.first - timedelta(days=LOOKBACK_DAYS)

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    def days(self) -> list[date]:
        return list(days_between(self.first, self.last))

    def business_days(self) -> list[date]:
        return [day for day in self.days() if is_business_day(day)] or self.days()
