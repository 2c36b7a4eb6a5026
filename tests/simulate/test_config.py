from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from yipay.core.errors import InvalidInput
from yipay.simulate import SimulationConfig


@pytest.mark.parametrize(
    "kwargs",
    [
        {"days": 0},
        {"days": 367},
        {"merchants": 0},
        {"merchants": 100_001},
        {"days": True},
        {"days": 7.0},
        {"seed": -1},
        {"third_party_payer_rate": Decimal("1.5")},
        {"no_trade_payment_rate": Decimal("-0.01")},
        {"foreign_third_party_rate": 0.04},
        {"foreign_third_party_rate": Decimal("NaN")},
        {"large_value_merchant_days": -1},
        {"embargoed_payer_payments": "1"},
        {"start": datetime(2026, 11, 2)},
        {"start": "2026-11-02"},
    ],
)
def test_bad_configs_are_refused_with_one_line(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInput) as raised:
        SimulationConfig(**kwargs)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


def test_defaults() -> None:
    config = SimulationConfig()
    assert (config.days, config.merchants, config.seed) == (7, 100, 20261126)
    assert config.start == date(2026, 11, 2)
    assert config.start.weekday() == 0
