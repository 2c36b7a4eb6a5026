from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yipay.core.currency import currency, parse_currency_code
from yipay.core.errors import MoneyError
from yipay.core.money import Money, Rounding, largest_remainder


def test_amount_kept_exactly_in_minor_units():
    m = Money.of("2985.00", "USD")
    assert m.minor == 298_500
    assert str(m.amount) == "2985.00"
    assert m.to_json() == {"amount": "2985.00", "currency": "USD"}


@pytest.mark.parametrize("value", [0.1, 1.0, float("nan"), True])
def test_floats_and_bools_are_refused(value):
    with pytest.raises(MoneyError):
        Money.of(value, "USD")


@pytest.mark.parametrize(
    "text", ["NaN", "Infinity", "-inf", "sNaN", "12,50", "", "1e", "1e3", "1E+3", "1_000", "0x10"]
)
def test_non_numbers_are_refused(text):
    with pytest.raises(MoneyError):
        Money.of(text, "USD")


def test_trailing_zeros_are_normalised_before_the_exponent_check():
    # Bank messages carry up to 5 decimals; "10.50000" USD is exactly 10.50.
    assert Money.of("10.50000", "USD").minor == 1050
    assert Money.of(Decimal("1E+3"), "JPY").minor == 1000


@pytest.mark.parametrize(
    ("amount", "code"), [("1.001", "USD"), ("1.5", "JPY"), ("0.0001", "BHD"), ("1.00001", "CNY")]
)
def test_more_decimals_than_the_currency_allows_are_refused(amount, code):
    with pytest.raises(MoneyError, match="more decimals"):
        Money.of(amount, code)


def test_exponents_come_from_iso4217_not_cldr():
    assert currency("JPY").exponent == 0
    assert currency("BHD").exponent == 3
    assert currency("IDR").exponent == 2  # CLDR says 0; ISO 4217 says 2
    assert Money.of("0.001", "BHD").minor == 1


def test_unknown_and_unitless_currencies_are_refused():
    for code in ("XYZ", "US", "usdx", "XAU", 840):
        with pytest.raises(MoneyError):
            currency(code)  # type: ignore[arg-type]


def test_cnh_is_offshore_cny():
    assert parse_currency_code("cnh") == ("CNY", True)
    assert parse_currency_code("CNY") == ("CNY", False)
    assert Money.of("1.00", "CNH").currency.code == "CNY"


def test_arithmetic_refuses_mixed_currencies():
    with pytest.raises(MoneyError, match="mismatch"):
        _ = Money.of("1", "USD") + Money.of("1", "EUR")


def test_rounding_is_named_and_explicit():
    m = Money.of("10.00", "USD")
    assert m.multiply(Decimal("0.0125"), Rounding.HALF_EVEN).minor == 12  # 0.125 → 0.12
    assert m.multiply(Decimal("0.0125"), Rounding.HALF_UP).minor == 13
    assert m.convert("7.12855", "CNY", Rounding.DOWN) == Money.of("71.28", "CNY")


def test_allocate_splits_that_always_add_up():
    parts = Money.of("100.00", "USD").allocate([1, 1, 1])
    assert [p.minor for p in parts] == [3334, 3333, 3333]
    assert largest_remainder(-10, [1, 1, 1]) == [-4, -3, -3]
    with pytest.raises(MoneyError):
        largest_remainder(10, [0, 0])


@given(
    total=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12).filter(
        lambda w: sum(w) > 0
    ),
)
def test_largest_remainder_sums_exactly_and_stays_within_one_unit(total, weights):
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(total) * weight / weight_sum
        assert abs(Decimal(part) - exact) < 1
        if weight == 0:
            assert part == 0


@given(
    minor=st.integers(min_value=0, max_value=10**15),
    code=st.sampled_from(["USD", "JPY", "BHD", "CNY", "EUR"]),
)
def test_minor_units_round_trip_through_the_decimal_string(minor, code):
    m = Money.from_minor(minor, code)
    assert Money.of(str(m.amount), code) == m


@given(
    minor=st.integers(min_value=1, max_value=10**12),
    rate=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1000), places=6),
    rounding=st.sampled_from(list(Rounding)),
)
def test_conversion_rounds_to_within_one_minor_unit(minor, rate, rounding):
    m = Money.from_minor(minor, "USD")
    converted = m.convert(rate, "CNY", rounding)
    exact = m.amount * rate
    assert abs(converted.amount - exact) < Decimal("0.01")
    if rounding is Rounding.DOWN:
        assert converted.amount <= exact
