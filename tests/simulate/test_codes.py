"""Check characters and number shapes: USCC (GB 32100), organisation code (GB 11714), IBAN, S10."""

from __future__ import annotations

import pytest

from yipay.simulate import is_valid_uscc
from yipay.simulate.banks import IBAN_FORMATS, account_for, is_valid_iban, make_iban
from yipay.simulate.documents import air_waybill, s10_check
from yipay.simulate.streams import Streams
from yipay.simulate.uscc import make_uscc, organisation_check_char, uscc_check_char

REAL_CODES = [
    "91330100799655058B",
    "914403001922038216",
    "9144030071526726XG",
    "91440300708461136T",
    "91110108551385082Q",
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_codes_validate(code: str) -> None:
    assert is_valid_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]
    assert organisation_check_char(code[8:16]) == code[16]


@pytest.mark.parametrize("code", REAL_CODES)
def test_a_changed_character_is_caught(code: str) -> None:
    digit = code[10]
    changed = code[:10] + ("1" if digit != "1" else "2") + code[11:]
    assert not is_valid_uscc(changed)


def test_codes_outside_the_character_set_are_invalid() -> None:
    assert not is_valid_uscc("91330100799655058")
    assert not is_valid_uscc("9133010079965505OB")  # O is not in the USCC set


def test_made_codes_validate() -> None:
    code = make_uscc("92", "330782", "MA2H1234")
    assert len(code) == 18
    assert is_valid_uscc(code)


def test_ibans_have_valid_check_digits() -> None:
    assert is_valid_iban("GB82WEST12345698765432")  # the ISO 13616 example
    assert make_iban("GB", "WEST12345698765432") == "GB82WEST12345698765432"
    draw = Streams.from_seed(1)["payers"]
    for country in IBAN_FORMATS:
        iban = account_for(draw, country, "ABCDEFGH")
        assert len(iban) == IBAN_FORMATS[country][0]
        assert is_valid_iban(iban)


def test_postal_and_air_waybill_check_digits() -> None:
    assert s10_check("47312482") == 9  # UPU S10 example RR 47312482 9 GB
    awb = air_waybill(Streams.from_seed(2)["trades"])
    serial = awb.split("-")[1]
    assert int(serial[:7]) % 7 == int(serial[7])
