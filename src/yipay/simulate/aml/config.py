"""What to generate: size, window, seed and the rate of every laundering pattern."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from yipay.core.errors import InvalidInput
from yipay.simulate.aml.patterns import PATTERN_BY_NAME, PATTERNS

GENERATOR_VERSION = "aml-sim-1"
MIN_TRANSACTIONS = 1_000
MAX_TRANSACTIONS = 50_000_000
MIN_DAYS = 30
MAX_DAYS = 730
MAX_RATE = Decimal("0.05")


def default_rates() -> dict[str, Decimal]:
    return {p.name: p.default_rate for p in PATTERNS}


@dataclass(frozen=True)
class AmlConfig:
    """One monitoring dataset. Equal configs give byte-identical files.

    `transactions` counts the normal market's transactions; laundering is laid over them, each
    pattern adding about `rate × transactions` transactions (at least one case when its rate is
    above zero). The window starts on `start` (a Monday is usual) and lasts `days`, long enough
    for dormancy (90 days) and profiles to be visible.
    """

    seed: int = 20261126
    transactions: int = 50_000
    days: int = 180
    start: date = date(2026, 1, 5)
    rates: Mapping[str, Decimal] = field(default_factory=default_rates)

    def __post_init__(self) -> None:
        _check_int("seed", self.seed, 0, 2**63 - 1)
        _check_int("transactions", self.transactions, MIN_TRANSACTIONS, MAX_TRANSACTIONS)
        _check_int("days", self.days, MIN_DAYS, MAX_DAYS)
        if not isinstance(self.start, date) or isinstance(self.start, datetime):
            raise InvalidInput(f"start must be a date, got {self.start!r}")
        unknown = sorted(set(self.rates) - set(PATTERN_BY_NAME))
        if unknown:
            raise InvalidInput(f"unknown pattern(s) {', '.join(unknown)}: {_known()}")
        missing = sorted(set(PATTERN_BY_NAME) - set(self.rates))
        if missing:
            raise InvalidInput(f"no rate for pattern(s) {', '.join(missing)}")
        for name, rate in self.rates.items():
            if not isinstance(rate, Decimal) or not rate.is_finite():
                raise InvalidInput(f"rate of {name} must be a finite Decimal, got {rate!r}")
            if not Decimal(0) <= rate <= MAX_RATE:
                raise InvalidInput(f"rate of {name} must be between 0 and {MAX_RATE}, got {rate}")

    def rate(self, pattern: str) -> Decimal:
        return self.rates[pattern]

    def as_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "transactions": self.transactions,
            "days": self.days,
            "start": self.start.isoformat(),
            "rates": {name: str(self.rates[name]) for name in PATTERN_BY_NAME},
        }


def with_rates(config: AmlConfig, overrides: Mapping[str, str]) -> AmlConfig:
    """`config` with rates from `KEY=RATE` options: KEY is a pattern name or a typology number
    (which sets every pattern of that typology)."""
    rates = dict(config.rates)
    for key, text in overrides.items():
        try:
            rate = Decimal(text.strip())
        except InvalidOperation:
            raise InvalidInput(f"rate for {key} is not a number: {text!r}") from None
        if key.isdigit():
            names = [p.name for p in PATTERNS if p.typology == int(key)]
            if not names:
                raise InvalidInput(f"unknown typology {key}: choose 1 to 11")
        elif key in PATTERN_BY_NAME:
            names = [key]
        else:
            raise InvalidInput(f"unknown pattern {key!r}: {_known()}")
        for name in names:
            rates[name] = rate
    return AmlConfig(config.seed, config.transactions, config.days, config.start, rates)


def parse_rate_options(options: list[str]) -> dict[str, str]:
    """`["cycle=0.001", "4=0"]` → `{"cycle": "0.001", "4": "0"}`; one clear error otherwise."""
    parsed: dict[str, str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InvalidInput(f"--rate takes PATTERN=RATE or TYPOLOGY=RATE, got {option!r}")
        parsed[key.strip()] = value.strip()
    return parsed


def _known() -> str:
    return "known patterns are " + ", ".join(p.name for p in PATTERNS)


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise InvalidInput(f"{name} must be between {low} and {high}, got {value}")
