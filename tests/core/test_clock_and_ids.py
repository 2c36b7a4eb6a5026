from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from yipay.core.clock import FixedClock, RegulatoryCalendar, ensure_utc, parse_instant
from yipay.core.errors import InvalidInput
from yipay.core.ids import new_id, stable_id


def test_naive_datetimes_are_refused():
    with pytest.raises(InvalidInput):
        ensure_utc(datetime(2026, 1, 1))
    with pytest.raises(InvalidInput):
        parse_instant("2026-01-01T00:00:00")


def test_instants_become_utc():
    assert parse_instant("2026-11-03T09:30:00+08:00") == datetime(2026, 11, 3, 1, 30, tzinfo=UTC)
    assert parse_instant("2026-11-03T01:30:00Z").tzinfo is UTC


def test_regulatory_day_is_the_shanghai_calendar_date():
    cal = RegulatoryCalendar()
    late_utc = datetime(2026, 11, 3, 17, 0, tzinfo=UTC)  # 01:00 on the 4th in Shanghai
    assert cal.day_of(late_utc) == date(2026, 11, 4)
    start, end = cal.day_bounds(date(2026, 11, 4))
    assert start == datetime(2026, 11, 3, 16, 0, tzinfo=UTC)
    assert end - start == timedelta(days=1)
    assert cal.day_of(start) == date(2026, 11, 4)
    assert cal.day_of(end - timedelta(microseconds=1)) == date(2026, 11, 4)


def test_fixed_clock_steps():
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8))), timedelta(1))
    first, second = clock.now(), clock.now()
    assert first.tzinfo is UTC
    assert second - first == timedelta(days=1)


def test_ids_are_typed_sortable_and_stable_ids_are_deterministic():
    a, b = new_id("payment", now_ms=1), new_id("payment", now_ms=2)
    assert a.startswith("pay_")
    assert a < b
    assert stable_id("alert", "r", "s") == stable_id("alert", "r", "s")
    assert stable_id("alert", "r", "s") != stable_id("alert", "r", "t")
