"""Time in the monitoring market: epoch seconds (UTC), Shanghai day numbers, business days,
the hours at which payments from each region reach the bank, and shops' closed months."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.frame import Accounts
from yipay.simulate.aml.market_trades import HISTORY_DAYS, weekday_of

__all__ = [
    "DAY",
    "SHANGHAI",
    "after_pause",
    "arrival_hours",
    "local_time",
    "next_business_day",
    "rate_first_day",
    "shanghai_day",
    "weekday_of",
]
from yipay.simulate.aml.parties import Merchants
from yipay.simulate.geography import ARRIVAL_HOUR_UTC, region_of

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
DAY = 86_400
SHANGHAI = 8 * 3_600


def shanghai_day(ts: I64) -> I64:
    day: I64 = (ts + SHANGHAI) // DAY
    return day


def local_time(day: I64, seconds: I64) -> I64:
    """Epoch seconds of Shanghai `day` at `seconds` after local midnight."""
    return day * DAY - SHANGHAI + seconds


def rate_first_day(first_day: int) -> int:
    """The first day of the daily rate table (it starts before the trades' history)."""
    return first_day - HISTORY_DAYS - 10


def next_business_day(day: I64) -> I64:
    weekday = weekday_of(day)
    return day + np.where(weekday == 5, 2, np.where(weekday == 6, 1, 0))


def after_pause(rng: np.random.Generator, merchants: Merchants, m: I64, day: I64) -> I64:
    """Money due while a shop is closed for months arrives in the weeks after it reopens."""
    closed = (day >= merchants.gap_start[m]) & (day < merchants.gap_end[m])
    reopened: I64 = merchants.gap_end[m] + rng.integers(0, 21, len(day))
    moved: I64 = np.where(closed, reopened, day)
    return moved


def arrival_hours(accounts: Accounts) -> F64:
    """Hour (UTC) at which payments from each account's country reach the collecting bank."""
    by_country = {c: ARRIVAL_HOUR_UTC[region_of(c)] for c in set(accounts.countries)}
    return np.array([by_country[c] for c in accounts.countries])
