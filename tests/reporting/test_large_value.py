"""Large-value report candidates (PBoC 2016 No.3): same-day cumulation per customer."""

from datetime import date
from decimal import Decimal

from tests.integration import market
from yipay.core.money import Money
from yipay.reporting.large_value import Receipt, Thresholds, candidates, working_days_after

T = Thresholds(
    natural_cny=Decimal(200_000),
    natural_usd=Decimal(10_000),
    non_natural_cny=Decimal(2_000_000),
    non_natural_usd=Decimal(200_000),
)
DAY = date(2026, 11, 5)  # a Thursday


def r(pid, usd, party="non_natural", merchant="mer_1", day=DAY, cny=None):
    amount = Money.of(cny, "CNY") if cny else Money.of(usd, "USD")
    return Receipt(pid, merchant, party, day, amount, None if cny else Money.of(usd, "USD"))


def test_cumulative_same_day_receipts_reach_the_non_natural_threshold():
    found = candidates([r("p1", "150000.00"), r("p2", "50000.00")], T, 5)
    assert [(c.payment_ids, c.total) for c in found] == [
        (("p1", "p2"), Money.of("200000.00", "USD"))
    ]
    assert found[0].due_by == date(2026, 11, 12)  # five working days, weekend skipped


def test_below_threshold_other_days_and_other_customers_do_not_add_up():
    found = candidates(
        [
            r("p1", "150000.00"),
            r("p2", "60000.00", day=date(2026, 11, 6)),
            r("p3", "60000.00", merchant="mer_2"),
        ],
        T,
        5,
    )
    assert found == []


def test_natural_persons_and_rmb_have_their_own_thresholds():
    found = candidates(
        [r("p1", "10000.00", party="natural_person"), r("p2", None, cny="2000000.00")], T, 5
    )
    assert sorted((c.currency_class, c.threshold) for c in found) == [
        ("FCY", Money.of("10000", "USD")),
        ("RMB", Money.of("2000000", "CNY")),
    ]


def test_working_days_skip_weekends():
    assert working_days_after(date(2026, 11, 6), 1) == date(2026, 11, 9)


def test_candidates_are_stored_apart_from_alerts_and_idempotently(container):
    c = container
    market.rates(c)
    m = market.merchant(c)
    for i in range(3):
        market.pay(c, m, amount="70000.00", charges=None, info=f"LOT {i}")
    with c.uow() as uow:
        first = c.reporting.large_value(uow)
        second = c.reporting.large_value(uow)
        uow.commit()
    assert len(first) == 1
    assert first[0].total == Money.of("210000.00", "USD")
    assert [x.id for x in second] == [x.id for x in first]
    with c.uow() as uow:
        assert len(c.reporting.candidates(uow)) == 1
        assert c.alerts.find(uow) == []
