"""What to simulate: window, market size, seed and how many typology cases to inject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from yipay.core.errors import InvalidInput

MAX_DAYS = 366
MAX_MERCHANTS = 100_000
MAX_CASES = 100_000


@dataclass(frozen=True)
class SimulationConfig:
    """A simulation run. Equal configs give identical datasets.

    The rates are shares of the normal payments: `no_trade_payment_rate=0.03` adds about 3 no-trade
    payments per 100 normal ones; `third_party_payer_rate` is the share of normal payments sent by
    a third party of the buyer's own country.
    """

    days: int = 7
    merchants: int = 100
    seed: int = 20261126
    start: date = date(2026, 11, 2)
    third_party_payer_rate: Decimal = Decimal("0.25")
    no_trade_payment_rate: Decimal = Decimal("0.03")
    foreign_third_party_rate: Decimal = Decimal("0.04")
    large_value_merchant_days: int = 1
    embargoed_payer_payments: int = 1

    def __post_init__(self) -> None:
        _check_int("days", self.days, 1, MAX_DAYS)
        _check_int("merchants", self.merchants, 1, MAX_MERCHANTS)
        _check_int("seed", self.seed, 0, 2**128 - 1)
        _check_int("large_value_merchant_days", self.large_value_merchant_days, 0, MAX_CASES)
        _check_int("embargoed_payer_payments", self.embargoed_payer_payments, 0, MAX_CASES)
        if not isinstance(self.start, date) or isinstance(self.start, datetime):
            raise InvalidInput(f"start must be a date, got {self.start!r}")
        for name in ("third_party_payer_rate", "no_trade_payment_rate", "foreign_third_party_rate"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite():
                raise InvalidInput(f"{name} must be a finite Decimal, got {value!r}")
            if not Decimal(0) <= value <= Decimal(1):
                raise InvalidInput(f"{name} must be between 0 and 1, got {value}")


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise InvalidInput(f"{name} must be between {low} and {high}, got {value}")
