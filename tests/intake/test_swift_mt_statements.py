"""MT940 statements: WoLpH's bank exports (values read off the .sta files and their .yml
oracles) and hand-built statements for marks, dates, encodings, envelopes and refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.intake.test_swift_mt_parsers import parse, refuse, sample
from yipay.intake.messages.record import BankRecord
from yipay.intake.messages.swift_mt import parse_swift


# -- MT940 samples --------------------------------------------------------------------------------
def directions(records: list[BankRecord]) -> tuple[int, int]:
    credit_count = sum(r.direction == "credit" for r in records)
    return credit_count, len(records) - credit_count


def test_betterplace_sepa() -> None:
    records = parse("mt940", "wolph-betterplace-sepa_snippet.sta")
    assert directions(records) == (8, 3)
    first = records[0]
    assert (first.amount, first.currency) == (Decimal("50990.05"), "EUR")
    assert first.value_date == date(2007, 9, 7)
    assert first.booking_date == date(2007, 9, 4)
    assert first.account == "50880050/0194787400888"
    assert first.statement_id == "00004/00001"
    assert first.message_id == "T089414086000001"
    assert first.entry_reference == "0724710333343453"
    assert first.bank_transaction_code == "NTRF"
    assert first.end_to_end_id == "EndToEndId TFNR 22 004 00001"
    assert first.remittance_info == "Verw CTSc-01 BC-PPP TFNr 22 004"
    assert first.debtor_name == "KARL KAUFMANN"
    assert first.debtor_account == "DE14508800500194785000"
    assert first.debtor_agent_bic == "DRESDEFF508"
    assert records[1].remittance_info == "Strukturierter Verwendungszweck 30030004 DE"
    assert records[1].debtor_name == "Quentin Quast"
    long = records[7]
    assert long.amount == Decimal("15000.05")
    assert long.end_to_end_id == "EndToEndIdTFNR2000100001"
    assert long.debtor_name == "Richter Renate 70 Zeichen Beginn Fuellzeichen xxxxxxxx"
    assert long.remittance_info is not None
    assert long.remittance_info.startswith("TO 13 TFNr 20001 Eingangskanal Mint Unstrukturierter")
    assert records[6].as_json()["amount"] == "15000"  # "15000," with nothing after the comma
    assert records[3].direction == "debit"
    assert records[3].entry_reference == "536D80EFEC56ACF8"
    assert records[10].bank_transaction_code == "NMSC"
    assert {r.message_index for r in records} == {0, 1}
    assert not any(r.reversal for r in records)  # CR/DR: funds code R, not a reversal


def test_abnamro() -> None:
    records = parse("mt940", "wolph-jejik-abnamro.sta")
    assert directions(records) == (0, 10)
    assert records[0].amount == Decimal(9)
    assert records[0].bank_transaction_code == "N192"
    assert records[0].remittance_info == (
        "GIRO   428428 KPN - DIGITENNE    BETALINGSKENM.  000000042188659 5314606715"
        "                       BETREFT FACTUUR D.D. 20-05-2011 INCL. 1,44 BTW"
    )
    assert records[3].as_json()["amount"] == "11.8"
    assert (records[3].value_date, records[3].booking_date) == (
        date(2011, 5, 22),
        date(2011, 5, 23),
    )
    assert records[6].as_json()["amount"] == "107"
    assert [r.statement_id for r in (records[0], records[8])] == [
        "19321/1",
        "19322/1",
    ]  # :28: / :28C:
    assert records[9].currency == "EUR"  # from :60M:


def test_ing() -> None:
    records = parse("mt940", "wolph-jejik-ing.sta")
    assert directions(records) == (2, 5)
    assert records[0].account == "0001234567"
    assert records[1].remittance_info == "0111111111 GPSEOUL SPOEDBETALING MPBZS1016000047 GPSEOUL"
    assert records[2].remittance_info is not None
    assert "10062010 15:32" in records[2].remittance_info  # soft hyphens removed
    assert records[2].entry_reference is None
    assert records[5].amount == Decimal("3.68")
    last = records[6]
    assert last.value_date == date(2010, 7, 23)
    # the statement-level :86: after :62F: is not part of the last entry
    assert last.remittance_info == (
        "0111111111 Hr S Marechal ROSMALEN Hr S Marechal ROSMALEN "
        "Betaling transactiedatum: 22-07-2010"
    )


def test_postfinance() -> None:
    records = parse("mt940", "wolph-jejik-postfinance.sta")
    assert directions(records) == (3, 1)
    assert [r.as_json()["amount"] for r in records] == ["79.7", "149.5", "79.9", "10.1"]
    assert records[0].currency == "CHF"
    assert records[0].bank_transaction_code == "FMSC"
    assert records[0].entry_reference is None  # //NONREF
    assert records[2].remittance_info is not None
    assert records[2].remittance_info.endswith("MITTEILUNGEN: 1 SONNE NGLAESER")
    assert records[3].value_date == date(2013, 12, 18)
    assert records[3].statement_id == "999/2"


def test_rabobank() -> None:
    records = parse("mt940", "wolph-jejik-rabobank.sta")
    assert directions(records) == (0, 5)
    assert records[0].amount == Decimal("1213.28")  # zero-padded 15-digit amount
    assert records[0].remittance_info == (
        "Terugboeking NIET AKKOORD MET AFSCHRIJVING KOSTEN KINDEROPVANG JUNI 20095731"
    )
    assert records[0].bank_transaction_code == "N044"
    assert records[0].account == "1291.99.348EUR"
    assert [r.message_index for r in records] == [0, 2, 2, 3, 3]  # statement 2 has no entry
    assert records[3].amount == Decimal("88.10")
    assert records[3].value_date == date(2012, 8, 29)


def test_mbank() -> None:
    records = parse("mt940", "wolph-mBank-mt940.sta")
    assert directions(records) == (3, 0)
    first = records[0]
    assert (first.amount, first.currency) == (Decimal("0.01"), "PLN")
    assert first.entry_reference == "MB170119012058"
    assert first.debtor_name == "JAN NOWAK"
    assert first.debtor_account == "56114010810000267002001001"
    assert first.remittance_info == "PRZELEW SRODKOW"
    assert first.account == "PL29114010810000267002001002"
    assert [r.entry_reference for r in records[1:]] == ["MB170119012085", "MB170119012121"]


def test_sberbank() -> None:
    records = parse("mt940", "wolph-sberbank-171011_01234945.sta")
    assert directions(records) == (0, 3)
    assert [r.as_json()["amount"] for r in records] == ["2402", "3460", "3575"]
    assert all(r.currency == "HUF" and r.value_date == date(2017, 10, 11) for r in records)
    assert records[0].account == "1966315302010001"


def test_february_30_is_clamped_with_a_note() -> None:
    [record] = parse("mt940", "wolph-self-provided-february_30.sta")
    assert record.value_date == date(2016, 2, 29)
    assert record.booking_date == date(2016, 3, 1)
    assert record.direction == "debit"
    assert record.amount == Decimal(6)
    assert record.remittance_info == "Pauschalen"
    assert len(record.notes) == 1
    assert "clamped" in record.notes[0]


def test_bare_statement_raw_is_its_own_bytes() -> None:
    data = sample("mt940", "wolph-jejik-postfinance.sta")
    records = parse_swift(data, name="p.sta")
    assert records[0].raw.startswith(b":20:2014040708285927")
    assert records[2].raw.startswith(b":20:2014040708285928")
    assert records[0].raw in data
    assert records[0].raw != records[2].raw


# -- MT940 hand-built -----------------------------------------------------------------------------
STATEMENT = """:20:S1
:25:DE1
:28C:1/1
:60F:C231231EUR0,
{lines}
:62F:C240102EUR0,
-
"""


def statement(lines: str) -> bytes:
    return STATEMENT.format(lines=lines.strip()).encode()


def test_reversal_marks_and_funds_codes() -> None:
    lines = ":61:231231RD1,NTRF//A\n:61:231231RC2,NTRF//B\n:61:231231CR3,\n:61:231231DR4,"
    records = parse_swift(statement(lines), name="r.sta")
    assert [(r.direction, r.reversal) for r in records] == [
        ("credit", True),
        ("debit", True),
        ("credit", False),
        ("debit", False),
    ]
    assert [r.amount for r in records] == [Decimal(1), Decimal(2), Decimal(3), Decimal(4)]


def test_entry_date_takes_the_closest_year() -> None:
    lines = ":61:2312310102C1,NTRF\n:61:2401021231D1,NTRF"
    records = parse_swift(statement(lines), name="y.sta")
    assert records[0].booking_date == date(2024, 1, 2)
    assert records[1].booking_date == date(2023, 12, 31)


def test_latin2_tabs_and_soft_hyphens() -> None:
    lines = ":61:231231C5,NTRF\n:86:Zap\xb3ata\tza\xadfakture"
    data = STATEMENT.format(lines=lines).encode("latin-1")
    [record] = parse_swift(data, name="l2.sta")
    assert record.remittance_info == "Zapłata zafakture"


def test_bank_headers_and_trailers() -> None:
    data = b"0000 01INGBNL2AXXXX00001\n940 00\n" + statement(":61:231231C5,NTRF") + b"-XXX\n"
    [record] = parse_swift(data, name="h.sta")
    assert record.amount == Decimal(5)


def test_fin_wrapped_mt940() -> None:
    text = (
        "{1:F01YIPACNSHAXXX0000000000}{2:O9401200231231BANKDEFFAXXX00000000002312311200N}{4:\r\n"
        + statement(":61:231231C7,5NTRFREF//B1\n:86:?20SVWZ+INV 9?32ACME")
        .decode()
        .replace("\n-\n", "\n-}")
        .replace("\n", "\r\n")
    )
    [record] = parse_swift(text.encode(), name="w.fin")
    assert (record.amount, record.remittance_info, record.debtor_name) == (
        Decimal("7.5"),
        "INV 9",
        "ACME",
    )
    assert record.sender_bic == "BANKDEFF"


def test_mt940_without_opening_balance_or_account() -> None:
    refuse(statement(":61:231231C5,").replace(b":60F:C231231EUR0,\n", b""), ":60F:", "s.sta")
    refuse(statement(":61:231231C5,").replace(b":25:DE1\n", b""), ":25:", "s.sta")
