"""SWIFT MT parsers against the shared samples (values read off the files and WoLpH's .yml
oracles), our own MT103-return/MT910/MT900 fixtures, hand-built edge cases, and refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from yipay.adapters.iso20022.xml import MessageError
from yipay.intake.messages.record import BankRecord, Charge
from yipay.intake.messages.swift_mt import (
    INTERNAL_FAILURE,
    full_year,
    normalise_bic,
    parse_swift,
)

SAMPLES = SHARED_DATA / "bank-messages"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank_messages"


def sample(folder: str, name: str) -> bytes:
    path = SAMPLES / folder / name
    assert path.is_file(), f"shared sample missing: {path}"  # fail, never skip
    return path.read_bytes()


def parse(folder: str, name: str) -> list[BankRecord]:
    return parse_swift(sample(folder, name), name=name)


def fixture(name: str) -> list[BankRecord]:
    return parse_swift((FIXTURES / name).read_bytes(), name=name)


def refuse(data: bytes | str, match: str, name: str = "x.fin") -> str:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(MessageError, match=match) as info:
        parse_swift(raw, name=name)
    message = str(info.value)
    assert message.startswith(f"{name}")
    assert "\n" not in message
    assert INTERNAL_FAILURE not in message
    return message


def mt103(body: str, *, header: str = "{1:F01BANKDEFFAXXX0000000000}{2:I103YIPACNSHXXXXN}") -> str:
    """An input MT103 around `body` (block 4 lines)."""
    return f"{header}{{4:\n{body.strip()}\n-}}"


BASE_103 = """
:20:REF1
:23B:CRED
:32A:261103EUR100,
:50K:/DE1
PAYER
:59:/CN1
PAYEE
"""


def test_shared_samples_are_there() -> None:
    assert len(list((SAMPLES / "mt103").glob("*"))) == 4
    assert len(list((SAMPLES / "mt940").glob("*.sta"))) == 8


# -- MT103 samples --------------------------------------------------------------------------------
def test_single_with_uetr() -> None:
    [record] = parse("mt103", "prowide-single-with-uetr.fin")
    assert record.source_format == "mt103"
    assert record.direction == "credit"
    assert record.message_id == record.instruction_id == "22342343"
    assert record.related_reference is None
    assert record.uetr == "8579f4a4-a547-463e-ae63-e7c6620d59b4"
    assert record.amount == Decimal("1814.28")
    assert record.currency == "USD"
    assert record.value_date == date(2019, 10, 14)
    assert record.debtor_name == "FOO CAPITAL MARKETS LP"
    assert record.debtor_account is None
    # :52D: names the ordering institution without a BIC: no fallback to the Sender.
    assert record.debtor_agent_bic is None
    assert record.sender_bic == "BBBBUS3N"  # output block 2: LT BBBBUS3NBXXX, terminal B dropped
    assert record.creditor_name == "MERCADOS Y GESTION DE VALORES SA"
    assert record.creditor_account == "00123456789012345678"
    assert record.remittance_info == (
        "FINDERS FEES-JULY,2007-  10.00, AUG UST,2007-  0.00   SEPTEMBER,2007 1,999.99 "
        "BNY CUST RRN - O/B NORTH FORK B"
    )
    assert record.charge_bearer == "SHA"
    assert record.charges == ()
    assert record.instructed_amount is None
    assert not record.is_return
    assert record.message_index == 0
    assert record.raw == sample("mt103", "prowide-single-with-uetr.fin").strip()


def test_single_charges() -> None:
    [record] = parse("mt103", "prowide-single-charges.fin")
    assert record.as_json()["amount"] == "1321"
    assert record.currency == "USD"
    assert record.value_date == date(2019, 4, 25)
    assert (record.instructed_amount, record.instructed_currency) == (Decimal(1350), "USD")
    assert record.charge_bearer == "BEN"
    assert record.charges == (Charge(Decimal(0), "USD"), Charge(Decimal(29), "USD"))
    assert (record.debtor_name, record.debtor_account) == ("ANANANANANANA", "1111111111")
    assert record.debtor_agent_bic == "CCCCNGLA"
    assert (record.creditor_name, record.creditor_account) == ("VICTORY FOOBAR", "1111111111")
    assert record.remittance_info == "TITHE"
    assert record.sender_bic == "BKTRUS33"
    assert record.uetr is None


def test_bulk_with_ack_skips_acks() -> None:
    data = sample("mt103", "prowide-MT103-bulk-with-ack.rje")
    records = parse_swift(data, name="bulk.rje")
    assert [r.message_id for r in records] == ["234234233", "C4772342333", "201904250034434"]
    assert [r.message_index for r in records] == [0, 1, 2]
    assert [r.as_json()["amount"] for r in records] == ["3700", "1321", "1417.8"]
    assert [r.as_json()["instructed_amount"] for r in records] == ["3710", "1350", "1444.8"]
    assert [r.charge_bearer for r in records] == ["SHA", "BEN", "SHA"]
    assert records[2].charges == (Charge(Decimal(17), "USD"),)
    assert records[2].remittance_info == (
        "/RFB/042517478733 BEING PAYMENT OF FAC RE-INSURANCE PREMIUM DUE ON FOO COAL MINING"
    )
    assert records[0].debtor_name == "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    assert records[0].sender_bic == "BBBBUS33"
    for record in records:  # each raw is its own message, without the ACK before it
        assert record.raw.startswith(b"{1:F01AAAAUSLAAXXX")
        assert record.raw.endswith(b"-}")
        assert record.raw in data
        assert b"{451:" not in record.raw
    assert records[1].raw == sample("mt103", "prowide-single-charges.fin").strip()


def test_out_ack_rje() -> None:
    records = parse("mt103", "prowide-MT103-out-ack.rje")
    assert len(records) == 13
    assert [r.message_index for r in records] == list(range(13))
    assert [r.uetr is not None for r in records] == [True] + [False] * 12
    assert all(r.direction == "credit" and r.charge_bearer for r in records)
    # two-digit years 07, 06 and 01 land in the 2000s
    assert [r.value_date for r in records[2:4]] == [date(2007, 10, 28), date(2006, 10, 28)]
    assert records[6].value_date == date(2001, 10, 28)
    second = records[1]
    assert (second.message_id, second.as_json()["amount"], second.currency) == (
        "INGDESMM",
        "111222.33",
        "EUR",
    )
    assert second.debtor_agent_bic == "FOODESMM"
    assert second.creditor_agent_bic == "BICFOOYY"
    assert second.sender_bic == "CCCCUSMM"
    assert second.creditor_name == "FOO DIRECT EUROSTOXX 99"
    fifth = records[4]
    assert fifth.as_json()["amount"] == "765432"
    assert fifth.as_json()["instructed_amount"] == "1765432"  # :33B: differs from :32A:
    assert fifth.debtor_agent_bic == "FOOKESMM"  # FOOKESMMXXX normalised
    assert (fifth.debtor_account, fifth.debtor_name) == ("12345678", "FOO SERVICIOS FINANCIERO")
    sixth = records[5]
    assert sixth.debtor_agent_bic == "FOOBESBB"  # after the /0569 party line
    assert sixth.creditor_account == "ES0123456789012345671234"
    # no :52a: at all: the Sender (CRESLULLCXXX, terminal C dropped) ordered it
    tenth = records[9]
    assert tenth.message_id == "AMLX985338-D4E5E"
    assert tenth.debtor_agent_bic == tenth.sender_bic == "CRESLULL"
    assert tenth.remittance_info == "/CS BD ST EUR B REDEMPTION AMLX985338"
    assert records[12].message_id == "0061350113089905"
    assert records[12].debtor_name == "MS LATINOAMERICA FIM"


def test_crlf_and_lf_read_the_same() -> None:
    lf = sample("mt103", "prowide-single-with-uetr.fin")
    crlf = lf.replace(b"\n", b"\r\n")
    [a] = parse_swift(lf, name="lf.fin")
    [b] = parse_swift(crlf, name="crlf.fin")
    assert a == b  # raw is not compared
    assert b.raw.count(b"\r\n") == lf.strip().count(b"\n")


# -- own fixtures ---------------------------------------------------------------------------------
def test_mt103_return_fixture() -> None:
    [record] = fixture("mt103-return.fin")
    assert record.is_return
    assert record.return_reason == "AC04"
    assert record.original_message_id == record.original_instruction_id == "YP20261028001"
    assert record.original_end_to_end_id is None
    assert record.direction == "credit"
    assert record.uetr == "e3a1b2c4-5d6e-4f70-8192-a3b4c5d6e7f8"  # lower-cased
    assert record.sender_bic == "BANKDEFF"  # input message: block 1 is the sender
    assert record.debtor_agent_bic == "COBADEFF"  # COBADEFFXXX
    assert record.as_json()["amount"] == "1250.5"
    assert record.charges == (Charge(Decimal(15), "EUR"),)
    assert record.value_date == date(2026, 11, 3)


def test_mt910_fixture() -> None:
    [record] = fixture("mt910.fin")
    assert record.source_format == "mt910"
    assert record.direction == "credit"
    assert record.message_id == "C11126A1378"
    assert record.related_reference == "YP-INV-2026-0042"
    assert record.account == "123-456789-838"
    assert (record.amount, record.currency) == (Decimal(25000), "USD")
    assert record.value_date == date(2026, 11, 3)
    assert record.debtor_name == "SHANGHAI IMPORT LTD"
    assert record.debtor_account == "GB29NWBK60161331926819"
    assert record.debtor_agent_bic == "NWBKGB2L"
    assert record.sender_bic == "HSBCHKHH"


def test_mt900_fixture() -> None:
    [record] = fixture("mt900.fin")
    assert record.source_format == "mt900"
    assert record.direction == "debit"
    assert record.message_id == "D22237B2489"
    assert record.related_reference == "YP-PAYOUT-0007"
    assert record.account == "123-456789-838"
    assert record.as_json()["amount"] == "1200.75"
    assert record.value_date == date(2026, 11, 4)


# -- MT103 field options --------------------------------------------------------------------------
def test_option_f_and_a_parties_and_receiver_charges() -> None:
    body = BASE_103.replace(
        ":50K:/DE1\nPAYER", ":50F:/12345\n1/JOHN\n1/DOE\n2/1 MAIN ST\n3/US/NEW YORK"
    ).replace(":59:/CN1\nPAYEE", ":59A:/CN9\nBKCHCNBJXXX\n:57A:BKCHCNBJ\n:71A:OUR\n:71G:EUR5,25")
    [record] = parse_swift(mt103(body).encode(), name="f.fin")
    assert (record.debtor_name, record.debtor_account, record.debtor_country) == (
        "JOHN DOE",
        "12345",
        "US",
    )
    assert (record.creditor_name, record.creditor_account) == (None, "CN9")
    assert record.creditor_agent_bic == "BKCHCNBJ"
    assert record.charges == (Charge(Decimal("5.25"), "EUR"),)
    assert record.debtor_agent_bic == "BANKDEFF"  # no :52a:: the Sender


def test_option_a_ordering_customer_has_no_name() -> None:
    body = BASE_103.replace(":50K:/DE1\nPAYER", ":50A:/DE7\nDEUTDEFF")
    [record] = parse_swift(mt103(body).encode(), name="a.fin")
    assert (record.debtor_name, record.debtor_account) == (None, "DE7")


def test_return_in_70_with_tref() -> None:
    body = BASE_103 + ":70:/RETN/71A\n/AM05/\n/MREF/ORIG-20\n/TREF/E2E-9"
    [record] = parse_swift(mt103(body).encode(), name="r.fin")
    assert record.is_return
    assert (record.return_reason, record.original_message_id) == ("AM05", "ORIG-20")
    assert record.original_end_to_end_id == "E2E-9"


def test_bic_and_year_rules() -> None:
    assert normalise_bic("bankdeffxxx", "l", "w") == normalise_bic("BANKDEFF", "l", "w")
    assert normalise_bic("BANKDEFF500", "l", "w") == "BANKDEFF500"
    assert (full_year(0), full_year(79), full_year(80), full_year(99)) == (2000, 2079, 1980, 1999)


# -- refusals -------------------------------------------------------------------------------------
def test_mt103_without_32a() -> None:
    body = BASE_103.replace(":32A:261103EUR100,\n", "")
    assert refuse(mt103(body), "MT103 without :32A:") == "x.fin message 1: MT103 without :32A:"


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        (":20:REF1\n", "", "without :20:"),
        (":50K:/DE1\nPAYER\n", "", "without :50a:"),
        (":59:/CN1\nPAYEE\n", "", "without :59a:"),
        ("EUR100,", "EUR12.50", "not an MT decimal"),
        ("EUR100,", "XAU100,", "commodity currency XAU"),
        ("EUR100,", "EUR1234567890123456,", "more than 15 digits"),
        ("EUR100,", "EUR1,001", "more decimals"),
        ("EUR100,", "QQQ100,", "unknown currency"),
        ("261103EUR", "260230EUR", "not a calendar date"),
        ("261103EUR", "261303EUR", "not a month and day"),
    ],
)
def test_mt103_field_refusals(old: str, new: str, match: str) -> None:
    refuse(mt103(BASE_103.replace(old, new)), match)


def test_truncated_block_4() -> None:
    refuse(mt103(BASE_103)[:-3], "terminator")
    refuse("{1:F01BANKDEFFAXXX0000000000}{2:I103YIPACNSHXXXXN}", "no block 4")
    refuse("{1:F01BANKDEFFAXXX0000000000}{2:I103YIPACN", "not closed")


def test_unsupported_message_type() -> None:
    header = "{1:F01BANKDEFFAXXX0000000000}{2:I202YIPACNSHXXXXN}"
    message = refuse(mt103(":20:X\n:21:Y\n:32A:261103EUR1,", header=header), "MT202")
    assert message == "x.fin message 1: unsupported message type MT202"


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"hello world", "neither a SWIFT FIN message nor an MT940"),
        (b"{1:F21AAAAUSLAAXXX5195167828}{4:{177:1704260717}{451:0}}", "only acknowledgements"),
        (
            b"junk {1:F01BANKDEFFAXXX0000000000}{2:I103YIPACNSHXXXXN}{4:\n:20:X\n-}",
            "unexpected text before message 1",
        ),
        (
            b"{1:F01BANKDEFFAXXX0000000000}{2:I103YIPACNSHXXXXN}{4:\nno tag\n-}",
            "does not start with a field tag",
        ),
        (b"\xff\xfe\x00", "neither"),
        (b" \n ", "empty file"),
    ],
)
def test_other_garbage(data: bytes, match: str) -> None:
    refuse(data, match, "g.fin")
