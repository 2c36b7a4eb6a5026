from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yipay.matching.reconcile import reconcile

from .support import pay, trade

INVOICES = [f"INV-2026-{n:06d}" for n in range(120, 126)]
NAMES = ["Ahmed Al Mansouri", "Olga Petrova", "Golden Bridge Trading Limited"]
CURRENCIES = ["USD", "USD", "EUR", "CNY"]

trades_strategy = st.lists(
    st.tuples(
        st.integers(1, 500_000),
        st.sampled_from([*INVOICES, ""]),
        st.sampled_from(CURRENCIES),
        st.sampled_from(NAMES),
        st.integers(-40, 40),
        st.sampled_from(["mer_1", "mer_2"]),
    ),
    max_size=8,
)
payments_strategy = st.lists(
    st.tuples(
        st.integers(1, 500_000),
        st.lists(st.sampled_from([*INVOICES, "GOODS", "INV-2026-000142"]), max_size=3),
        st.sampled_from(CURRENCIES),
        st.sampled_from(NAMES),
        st.integers(-40, 140),
        st.sampled_from(["mer_1", "mer_2"]),
        st.sampled_from([None, 0, 1500, 5000]),
        st.sampled_from(["SHA", "OUR", "BEN", None]),
        st.booleans(),
    ),
    max_size=10,
)


def _cents(value):
    return f"{value // 100}.{value % 100:02d}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trades_strategy, payments_strategy)
def test_no_trade_over_allocated_and_every_payment_adds_up(trade_specs, payment_specs):
    trades = [
        trade(f"T{n}", _cents(a), inv, currency=c, buyer=b, days=d, merchant=m)
        for n, (a, inv, c, b, d, m) in enumerate(trade_specs)
    ]
    payments = [
        pay(
            f"P{n}",
            _cents(a),
            " ".join(info),
            currency=c,
            payer=name,
            days=d,
            merchant=m,
            charges=_cents(ch) if ch else None,
            bearer=bearer,
            instructed=(_cents(a + 1000), "USD") if instructed else None,
        )
        for n, (a, info, c, name, d, m, ch, bearer, instructed) in enumerate(payment_specs)
    ]
    result = reconcile(payments, trades)
    received = defaultdict(int)
    consumed = defaultdict(int)
    by_trade = {t.trade_id: t for t in trades}
    for allocation in result.allocations:
        received[allocation.payment_id] += allocation.received.minor
        assert allocation.received.minor > 0 or allocation.trade_id is None
        assert 0.0 <= allocation.score <= 1.0
        if allocation.trade_id is not None:
            t = by_trade[allocation.trade_id]
            assert allocation.consumed.currency == t.amount.currency
            assert allocation.consumed.minor > 0
            assert t.merchant_id == next(
                p.beneficiary_id for p in payments if p.payment_id == allocation.payment_id
            )
            consumed[allocation.trade_id] += allocation.consumed.minor
    for p in payments:
        assert received[p.payment_id] == p.amount.minor
        assert any(a.payment_id == p.payment_id for a in result.allocations)
    for trade_id, total in consumed.items():
        assert total <= by_trade[trade_id].amount.minor
    for s in result.suggestions:
        assert 0.0 <= s.score <= 1.0
