from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yipay.core.money import Money, Rounding
from yipay.fx.domain import Rate, RateHistory, client_rate, quote_settlement
from yipay.fx.errors import InvalidRate, StaleRate
from yipay.fx.rates_csv import parse_rates_csv

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
RATE = Rate("USD", "CNY", Decimal("7.1500"), Decimal("7.1800"), "BANK", NOW - timedelta(hours=2))


def test_client_rate_is_bid_less_spread_truncated():
    assert client_rate(Decimal("7.1500"), Decimal(30)) == Decimal("7.128550")
    assert client_rate(Decimal("7.1234567"), Decimal(0)) == Decimal("7.123456")


def test_quote_for_the_worked_example():
    q = quote_settlement(
        RATE,
        Money.of("2985.00", "USD"),
        spread_bps=Decimal(30),
        rounding=Rounding.HALF_EVEN,
        now=NOW,
        max_rate_age=timedelta(hours=36),
    )
    assert q.client_bought == Money.of("21278.72", "CNY")
    assert q.bank_bought == Money.of("21342.75", "CNY")
    assert q.spread_income == Money.of("64.03", "CNY")
    assert q.expires_at > q.quoted_at


def test_stale_rates_are_refused():
    with pytest.raises(StaleRate):
        quote_settlement(
            RATE,
            Money.of("1.00", "USD"),
            spread_bps=Decimal(30),
            rounding=Rounding.HALF_EVEN,
            now=NOW + timedelta(days=3),
            max_rate_age=timedelta(hours=36),
        )


@pytest.mark.parametrize(
    ("base", "quote", "bid", "ask"),
    [
        ("USD", "USD", "1", "1"),
        ("USD", "CNY", "7.2", "7.1"),
        ("USD", "CNY", "0", "1"),
        ("XXX", "CNY", "1", "2"),
        ("USD", "CNY", 7.1, "7.2"),
    ],
)
def test_bad_rates_are_refused(base, quote, bid, ask):
    with pytest.raises(InvalidRate):
        Rate(base, quote, bid, ask, "BANK", NOW)


def test_rates_csv_names_the_bad_line():
    text = (
        "base,quote,bid,ask,source,as_of\n"
        "USD,CNY,7.15,7.18,B,2026-11-03T01:30:00Z\n"
        "EUR,CNY,x,7.9,B,2026-11-03T01:30:00Z\n"
    )
    with pytest.raises(InvalidRate, match="line 3"):
        parse_rates_csv(text)
    with pytest.raises(InvalidRate, match="missing columns"):
        parse_rates_csv("base,quote,bid\n")


def test_rate_history_answers_as_the_table_did_then():
    older = Rate("USD", "CNY", Decimal("7.10"), Decimal("7.12"), "B", NOW - timedelta(days=1))
    history = RateHistory((older, RATE))
    assert history.table_at(NOW - timedelta(hours=12)).rates["USD"] is older
    assert history.table_at(NOW).rates["USD"] is RATE


@given(
    minor=st.integers(min_value=1, max_value=10**11),
    bid=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=4),
    spread=st.decimals(min_value=Decimal(0), max_value=Decimal(500), places=1),
)
def test_the_client_never_gets_more_than_the_bank_pays(minor, bid, spread):
    rate = Rate("USD", "CNY", bid, bid + 1, "B", NOW)
    q = quote_settlement(
        rate,
        Money.from_minor(minor, "USD"),
        spread_bps=spread,
        rounding=Rounding.HALF_EVEN,
        now=NOW,
        max_rate_age=timedelta(hours=1),
    )
    assert q.client_bought <= q.bank_bought
    assert not q.spread_income.is_negative


@given(
    offsets=st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=20),
    probe=st.integers(min_value=-10, max_value=510),
)
def test_the_indexed_rate_history_answers_like_a_scan(offsets, probe):
    rates = [
        Rate(base, "CNY", Decimal("1.0") + n, Decimal("1.1") + n, "B", NOW + timedelta(hours=o))
        for n, o in enumerate(offsets)
        for base in (("USD",) if n % 2 else ("EUR",))
    ]
    rates = list({(r.base, r.as_of): r for r in rates}.values())
    at = NOW + timedelta(hours=probe)
    expected = {}
    for rate in rates:
        if rate.as_of <= at and (
            rate.base not in expected or rate.as_of > expected[rate.base].as_of
        ):
            expected[rate.base] = rate
    assert RateHistory(rates).table_at(at).rates == expected
