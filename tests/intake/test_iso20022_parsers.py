"""ISO 20022 bank messages become exact BankRecords; anything malformed is one MessageError.

camt expectations are read off the XML and genkgo's JSON oracles (PHP dumps: amounts in minor
units signed by CdtDbtInd); the pacs fixtures are ours, written from the schemas.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from yipay.adapters.iso20022.xml import MessageError
from yipay.core.currency import currency
from yipay.intake.messages.iso20022 import parse_iso20022
from yipay.intake.messages.record import BankRecord, Charge

SAMPLES = SHARED_DATA / "bank-messages"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank_messages"
CAMT053 = [
    "genkgo-camt053.v2.all-balance-types.xml",
    "genkgo-camt053.v2.five.decimals.xml",
    "genkgo-camt053.v2.minimal.ultimate.xml",
    "genkgo-camt053.v2.minimal.xml",
    "genkgo-camt053.v2.multi.statement.xml",
    "genkgo-camt053.v2.with-account-name.xml",
    "genkgo-camt053.v2.with-party-ids.xml",
    "genkgo-camt053.v3.xml",
    "genkgo-camt053.v4.xml",
    "genkgo-camt053.v8.xml",
    "genkgo-camt53.only-Dt-with-DtTm.xml",
]
CAMT054 = [
    "genkgo-camt054.v2.xml",
    "genkgo-camt054.v2.with-account-name.xml",
    "genkgo-camt054.v4.xml",
    "genkgo-camt054.v8.xml",
    "genkgo-camt054.v8-with-UETR.xml",
    "genkgo-camt054.v8-with-financial-institution.xml",
    "moov-postfinance-credit.xml",
    "moov-postfinance-batch.xml",
    "moov-postfinance-return.xml",
]


def sample_path(name: str) -> Path:
    folder = "camt.053" if "camt053" in name or "camt53" in name else "camt.054"
    return SAMPLES / folder / name


def sample(name: str) -> bytes:
    # Read in place: a missing shared file fails the test, it is never skipped.
    return sample_path(name).read_bytes()


def parse_sample(name: str) -> list[BankRecord]:
    return parse_iso20022(sample(name), name=name)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str) -> list[BankRecord]:
    return parse_iso20022(fixture(name), name=name)


def credit_records(records: list[BankRecord]) -> list[BankRecord]:
    return [record for record in records if record.direction == "credit"]


def rejected(data: bytes, name: str = "bad.xml") -> str:
    with pytest.raises(MessageError) as caught:
        parse_iso20022(data, name=name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert "\n" not in message
    return message


def test_every_shared_sample_is_there() -> None:
    for name in [*CAMT053, *CAMT054, "genkgo-camt053.v2.wrong.xml"]:
        assert sample_path(name).is_file(), name


@pytest.mark.parametrize("name", CAMT053 + CAMT054)
def test_records_carry_the_whole_file(name: str) -> None:
    data = sample(name)
    for record in parse_iso20022(data, name=name):
        assert record.raw == data
        assert record.message_index == 0
        assert record.source_format == ("camt.053" if "53" in name else "camt.054")


# -- genkgo oracles -------------------------------------------------------------------------------
def _oracle_entries(name: str) -> list[dict[str, object]]:
    oracle = json.loads(sample_path(name).with_suffix(".json").read_text(encoding="utf-8"))
    entries = oracle["getEntries"]
    assert isinstance(entries, list)
    return entries


def _day(value: object) -> date | None:
    if value is None:
        return None
    assert isinstance(value, dict)
    return date.fromisoformat(str(value["0"])[:10])


@pytest.mark.parametrize("name", [n for n in CAMT053 + CAMT054 if n.startswith("genkgo-")])
def test_every_oracle_entry_has_its_record(name: str) -> None:
    """Each entry genkgo reports is one of ours: amount, currency, side, dates, reference."""
    records = parse_sample(name)
    for entry in _oracle_entries(name):
        money = entry["getAmount"]
        assert isinstance(money, dict)
        code = money["getCurrency"]["getCode"]
        minor = int(money["getAmount"])
        side = "credit" if entry["getCreditDebitIndicator"] == "CRDT" else "debit"
        batch = len(entry["getTransactionDetails"]) > 1  # type: ignore[arg-type]
        matching = [
            r
            for r in records
            if r.direction == side
            and r.value_date == _day(entry["getValueDate"])
            and r.booking_date == _day(entry["getBookingDate"])
            and r.reversal is entry["getReversalIndicator"]
            and r.entry_reference == entry["getAccountServicerReference"]
        ]
        if not batch:
            matching = [
                r
                for r in matching
                if r.currency == code
                and r.amount is not None
                and int(r.amount.scaleb(currency(code).exponent)) == abs(minor)
            ]
        assert matching, entry
        for detail in entry["getTransactionDetails"]:  # type: ignore[attr-defined]
            if isinstance(detail, dict) and detail["getAmount"] is not None:
                stated = detail["getAmount"]
                e2e = detail["getReference"]["getEndToEndId"]
                assert any(
                    r.end_to_end_id == e2e
                    and r.currency == stated["getCurrency"]["getCode"]
                    and r.amount == Decimal(abs(int(stated["getAmount"]))).scaleb(-2)
                    for r in records
                )


# -- camt.053 -------------------------------------------------------------------------------------
def test_camt053_v2_minimal() -> None:
    [record] = parse_sample("genkgo-camt053.v2.minimal.xml")
    assert record.source_format == "camt.053"
    assert record.message_id == "CAMT053RIB000000000001"
    assert record.direction == "credit"
    assert (record.amount, record.currency) == (Decimal("8.85"), "EUR")
    assert record.value_date == date(2015, 1, 2)
    assert record.booking_date == date(2014, 12, 31)
    assert record.debtor_name == "NAME NAME"
    assert record.debtor_account == "NL56AGDH9619008421"
    assert record.debtor_country == "NL"
    assert record.creditor_name == "Company Name"
    assert record.creditor_account == "NL56AGDH9619008421"
    # Strd only: the creditor reference stands in for the missing free text
    assert record.remittance_info == "4654654654654654"
    assert record.end_to_end_id is None
    assert record.account == "NL26VAYB8060476890"
    assert record.account_currency == "EUR"
    assert record.statement_id == "253EURNL26VAYB8060476890"
    assert record.bank_transaction_code == "544"
    assert (record.reversal, record.is_return) == (False, False)


def test_camt053_ultimate_parties_only() -> None:
    [record] = parse_sample("genkgo-camt053.v2.minimal.ultimate.xml")
    assert record.debtor_name is None  # no Dbtr: the ultimate debtor is not promoted
    assert record.ultimate_debtor_name == "DEBTOR NAME NM"
    assert record.creditor_name is None
    assert record.amount == Decimal("8.85")


@pytest.mark.parametrize(
    "name", ["genkgo-camt053.v2.all-balance-types.xml", "genkgo-camt053.v2.five.decimals.xml"]
)
def test_camt053_three_decimal_amounts_compare_as_decimals(name: str) -> None:
    [record] = parse_sample(name)
    assert record.amount == Decimal("8.850")
    assert record.as_json()["amount"] == "8.85"
    assert record.end_to_end_id == "000000001"
    assert record.remittance_info == "Transaction Description"
    assert record.creditor_name == "Company Name"
    assert record.value_date == date(2015, 1, 2)


def test_camt053_account_given_as_other_id() -> None:
    [record] = parse_sample("genkgo-camt053.v2.all-balance-types.xml")
    assert record.account == "CH2801234000123456789"
    assert record.account_currency is None
    assert record.statement_id == "CAMT0532015012200001"
    assert record.message_id == "CAMT05300000001"


def test_camt053_two_statements_one_credit_one_debit() -> None:
    records = parse_sample("genkgo-camt053.v2.multi.statement.xml")
    assert [(r.direction, r.amount, r.statement_id) for r in records] == [
        ("credit", Decimal("8.85"), "253EURNL26VAYB8060476890"),
        ("debit", Decimal("7.00"), "254EURNL26VAYB8060476890"),
    ]
    assert [r.creditor_name for r in records] == ["Company Name 1", "Company Name 2"]
    assert [r.end_to_end_id for r in records] == ["000000001", "000000002"]
    assert [r.remittance_info for r in records] == [
        "Transaction Description 1",
        "Transaction Description 2",
    ]
    assert len(credit_records(records)) == 1


def test_camt053_entry_without_value_date() -> None:
    [record] = parse_sample("genkgo-camt053.v2.with-account-name.xml")
    assert record.value_date is None
    assert record.booking_date == date(2014, 12, 31)
    assert record.account == "CH2801234000123456789"
    assert record.creditor_account == "CH2801234000123456789"


def test_camt053_party_ids_do_not_disturb_names() -> None:
    [record] = parse_sample("genkgo-camt053.v2.with-party-ids.xml")
    assert record.debtor_name == "NAME NAME"
    assert record.creditor_name == "Company Name"


def test_camt053_v3_entry_amount_wins_over_single_detail() -> None:
    [record] = parse_sample("genkgo-camt053.v3.xml")
    assert (record.amount, record.currency) == (Decimal("8.85"), "EUR")  # TxDtls says 105.750
    assert record.debtor_agent_bic == "KREDBEBB"
    assert record.creditor_agent_bic == "KREDBEBB"
    assert record.entry_reference == "XXXXXXXXXXXXXXXXXXXXXXEUR"
    assert record.bank_transaction_code == "PMNT/RCDT/DMCT"
    assert record.account == "NL26VAYB8060476890"


def test_camt053_v4() -> None:
    [record] = parse_sample("genkgo-camt053.v4.xml")
    assert (record.amount, record.currency) == (Decimal("8.85"), "EUR")
    assert record.entry_reference == "AAAASESS-FP-CN_98765/01"
    assert record.bank_transaction_code == "PAYM/0001/0005"
    assert record.debtor_name == "NAME NAME"


def test_camt053_v8_nested_party_names() -> None:
    [record] = parse_sample("genkgo-camt053.v8.xml")
    assert record.debtor_name == "NAME NAME"
    assert record.debtor_country == "NL"
    assert record.creditor_name == "Company Name"
    assert record.end_to_end_id == "MUELL/FINP/RA12345"
    assert record.booking_date == date(2014, 12, 31)  # from DtTm 2014-12-31T13:15:00+01:00
    assert record.bank_transaction_code == "PMNT/RCDT/BOOK"


def test_camt053_without_entries_gives_nothing() -> None:
    assert parse_sample("genkgo-camt53.only-Dt-with-DtTm.xml") == []


def test_camt053_without_statement_is_rejected() -> None:
    message = rejected(sample("genkgo-camt053.v2.wrong.xml"), "genkgo-camt053.v2.wrong.xml")
    assert "Stmt" in message


# -- camt.054 -------------------------------------------------------------------------------------
def test_camt054_debit_notifications_give_no_credit() -> None:
    for name in CAMT054:
        if name.startswith("genkgo-"):
            records = parse_sample(name)
            assert records, name
            assert credit_records(records) == [], name


def test_camt054_v2_batch_without_amounts_is_one_entry_record() -> None:
    [record] = parse_sample("genkgo-camt054.v2.xml")
    assert (record.direction, record.amount, record.currency) == ("debit", Decimal(200000), "SEK")
    assert record.value_date == date(2007, 10, 18)
    assert record.booking_date == date(2007, 10, 18)
    assert record.entry_reference == "AAAASESS-FP-ACCR001"
    assert record.statement_id == "AAAASESS-FP-ACCR001"
    assert record.account == "CH2801234000123456789"
    assert record.bank_transaction_code == "PMNT/ICDT/DMCT"


def test_camt054_v2_single_detail() -> None:
    [record] = parse_sample("genkgo-camt054.v2.with-account-name.xml")
    assert record.direction == "debit"
    assert record.debtor_name == "MUELLER"
    assert record.debtor_account == "CH2801234000123456789"


@pytest.mark.parametrize("name", ["genkgo-camt054.v4.xml", "genkgo-camt054.v8.xml"])
def test_camt054_entry_side_decides_not_the_details(name: str) -> None:
    records = parse_sample(name)
    assert [r.direction for r in records] == ["debit"] * 3  # the TxDtls say CRDT
    assert [(r.amount, r.currency) for r in records] == [
        (Decimal("3.1"), "CHF"),
        (Decimal("3.2"), "CHF"),
        (Decimal("3.2"), "CHF"),
    ]
    assert [r.end_to_end_id for r in records] == [
        "UXC06170000006PI00001EE00001",
        "UXC06170000006PI00001EE00002",
        "UXC06170000006PI00001EE00002",
    ]
    assert [r.creditor_name for r in records] == [
        "Example Creditor 3 - V1",
        "Example Creditor 3 - V2",
        "Example Creditor 3 - V3",
    ]
    assert {r.debtor_name for r in records} == {"UNIFITS GmbH"}
    assert records[0].instruction_id == "UXC06170000006PI00001II00001"
    assert records[1].creditor_agent_bic == "BANKCHBE"
    assert records[0].debtor_agent_bic == "BANKCHZHXXX"
    assert records[2].remittance_info == (
        "Unstructured Remittance Information V3 block 1 "
        "Unstructured Remittance Information V3 block 2 "
        "Ref number V3 block 1 Ref number V3 block 2"
    )


def test_camt054_uetr() -> None:
    [record] = parse_sample("genkgo-camt054.v8-with-UETR.xml")
    assert record.uetr == "255ae394-9965-4438-ac86-f406feada396"
    assert record.direction == "debit"
    assert record.bank_transaction_code is None  # present but empty


def test_camt054_party_that_is_a_bank() -> None:
    [record] = parse_sample("genkgo-camt054.v8-with-financial-institution.xml")
    assert record.creditor_name == "Example Creditor 3 - V1"
    assert record.entry_reference == "ACSR160617103200001"


def test_postfinance_collective_credit() -> None:
    [record] = parse_sample("moov-postfinance-credit.xml")
    assert record.direction == "credit"
    assert (record.amount, record.currency) == (Decimal("1500.00"), "CHF")
    assert record.value_date == date(2019, 4, 25)
    assert record.booking_date == date(2019, 4, 24)
    assert record.debtor_name is None
    assert record.remittance_info is None
    assert record.entry_reference == "074820002ZZ9J42U"
    assert record.bank_transaction_code == "PMNT/RCDT/VCOM"
    assert record.account == "CH2909000000250094239"
    assert record.statement_id == "20190424375204223076553"
    assert record.message_id == "201904245375204223076552"


def test_postfinance_batch_gives_one_credit_per_transaction() -> None:
    records = parse_sample("moov-postfinance-batch.xml")
    assert len(credit_records(records)) == 6
    assert [r.as_json()["amount"] for r in records] == ["400", "350", "450", "150", "50", "100"]
    assert sum(r.amount or 0 for r in records) == Decimal(1500)
    assert [r.end_to_end_id for r in records] == [f"EndToEndId-001-03-0{i}" for i in range(1, 7)]
    assert [r.entry_reference for r in records] == [f"000000000000000{i}" for i in range(1, 7)]
    assert [r.remittance_info for r in records] == [
        "Kontouebertrag",
        "Kontouebertrag",
        "Kontouebertrag",
        "Rg.-Nr. 001",
        "Rg.-Nr. 1234567890",
        "Rg.-Nr. 987654321",
    ]
    for record in records:
        assert record.currency == "CHF"
        assert record.debtor_name == "Bernasconi Maria"
        assert record.debtor_account == "CH5109000000250092291"
        assert record.debtor_agent_bic == "POFICHBEXXX"
        assert record.debtor_country == "CH"
        assert record.creditor_account == "CH2909000000250094239"
        assert record.value_date == date(2020, 6, 17)
        assert record.bank_transaction_code == "PMNT/RCDT/AUTT"


def test_postfinance_return_is_a_reversed_returned_credit() -> None:
    [record] = parse_sample("moov-postfinance-return.xml")
    assert record.direction == "credit"
    assert (record.reversal, record.is_return) == (True, True)
    assert (record.amount, record.currency) == (Decimal("500.00"), "CHF")
    assert record.return_reason == "AC01"
    assert record.end_to_end_id == "EndToEndId-001-03-04"
    assert record.debtor_name == "Robert Schneider SA"
    assert record.debtor_account == "CH8709000000929471495"
    assert record.bank_transaction_code == "PMNT/ICDT/RRTN"
    assert record.entry_reference == "075820002ZZTJR1K"


def test_value_date_from_a_date_time_with_nanoseconds_and_no_zone() -> None:
    data = re.sub(
        rb"<ValDt>\s*<Dt>2019-04-25</Dt>",
        b"<ValDt><DtTm>2019-04-26T23:59:59.123456789</DtTm>",
        sample("moov-postfinance-credit.xml"),
    )
    [record] = parse_iso20022(data, name="dttm.xml")
    assert record.value_date == date(2019, 4, 26)


def test_pending_and_information_entries_are_skipped() -> None:
    data = sample("moov-postfinance-credit.xml")
    assert parse_iso20022(data.replace(b"<Sts>BOOK</Sts>", b"<Sts>PDNG</Sts>"), name="p") == []
    assert parse_iso20022(data.replace(b"<Sts>BOOK</Sts>", b"<Sts>INFO</Sts>"), name="p") == []


def test_batch_whose_parts_lack_amounts_falls_back_to_the_entry() -> None:
    data = re.sub(
        rb'<Amt Ccy="CHF">(?!1500)[0-9.]+</Amt>', b"", sample("moov-postfinance-batch.xml")
    )
    [record] = parse_iso20022(data, name="batch.xml")
    assert record.amount == Decimal(1500)
    assert record.debtor_name is None
    assert record.entry_reference == "0000000000000001"


# -- pacs.008 -------------------------------------------------------------------------------------
PACS008 = {
    # version: (amount, instructed, charge, debtor, country, debtor agent, debtor account, uetr)
    "08": ("12480", "12500", "20", "ACME TRADING LLC", "US", "CHASUS33XXX", "40012345678",
           "8f1c2a3e-5b6d-4e7f-9a0b-1c2d3e4f5a08"),
    "09": ("3975.5", "4000", "24.5", "GLOBAL BAZAAR INC", "US", "BOFAUS3NXXX",
           "GB33BUKB20201555555555", "0b7d3c52-1f4e-4a9b-8c6d-2e3f4a5b6c09"),
    "10": ("880", "900", "20", "LAGOS HOME GOODS LTD", "NG", "ZEIBNGLAXXX", "0123456789",
           "5e2a9c1d-7b3f-4d8e-a1c2-3d4e5f6a7b10"),
    "11": ("15010.25", "15035.25", "25", "DUBAI GENERAL TRADING LLC", "AE", "EBILAEADXXX",
           "AE070331234567890123456", "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e11"),
    "12": ("640", "655", "15", "SANTOS IMPORTADORA LTDA", "BR", "BRASBRRJXXX",
           "BR1800360305000010009795493C1", "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c12"),
    "13": ("27500", "27530", "30", "KAZ MARKET TOO", "KZ", "HSBKKZKXXXX",
           "KZ86125KZT5004100100", "1f2e3d4c-5b6a-4978-b685-a4b3c2d1e013"),
}  # fmt: skip


@pytest.mark.parametrize("version", sorted(PACS008))
def test_pacs008_every_version(version: str) -> None:
    settled, instructed, charge, debtor, country, bic, debtor_account, uetr = PACS008[version]
    data = fixture(f"pacs.008.001.{version}.xml")
    [record] = parse_iso20022(data, name="p8.xml")
    assert record.source_format == "pacs.008"
    assert record.message_id == f"MSG-P8-2026-11{version}"
    assert record.direction == "credit"
    assert (record.amount, record.currency) == (Decimal(settled), "USD")
    assert (record.instructed_amount, record.instructed_currency) == (Decimal(instructed), "USD")
    assert record.charge_bearer == "SHAR"
    assert record.charges == (Charge(Decimal(charge), "USD", bic),)
    assert record.value_date == date(2026, 11, 4)
    assert record.end_to_end_id == f"E2E-YW-2026-11{version}"
    assert record.instruction_id == f"INSTR-{version}"
    assert record.transaction_id == f"TX-2026-11-04-{version}"
    assert record.uetr == uetr  # lower-cased (the .11 fixture writes it in capitals)
    assert record.debtor_name == debtor
    assert record.debtor_country == country
    assert record.debtor_account == debtor_account
    assert record.debtor_agent_bic == bic
    assert record.creditor_name == "YIWU YIPAY TECHNOLOGY CO LTD"
    assert record.creditor_account == f"YP8800000{version}"
    assert record.creditor_agent_bic == "ICBKCNBJZJP"
    assert record.remittance_info == (
        f"PAYMENT FOR INVOICE INV-YW-2026-{version}01 TOYS AND STATIONERY"
    )
    assert record.sender_bic is None
    assert (record.is_return, record.reversal, record.status) == (False, False, None)
    assert record.raw == data
    assert record.as_json()["amount"] == settled


def test_pacs008_two_transactions() -> None:
    first, second = parse_fixture("pacs.008.001.08-two-transactions.xml")
    assert {first.message_id, second.message_id} == {"MSG-P8-TWO-0001"}
    assert first.end_to_end_id == "NOTPROVIDED"  # kept as sent; intake treats it as absent
    assert first.value_date == date(2026, 11, 4)  # from GrpHdr/IntrBkSttlmDt
    assert first.ultimate_debtor_name == "HAMBURG IMPORT HOLDING AG"
    assert first.debtor_name == "HAMBURG IMPORT GMBH"
    assert first.debtor_account == "DE89370400440532013000"
    assert (first.amount, first.currency, first.charge_bearer) == (Decimal(1000), "EUR", "SLEV")
    assert first.charges == ()
    assert first.instructed_amount is None
    assert second.value_date == date(2026, 11, 5)
    assert (second.amount, second.charge_bearer) == (Decimal("250.50"), "DEBT")
    assert second.uetr is None
    assert second.remittance_info == "RF18539007547034"  # Strd/CdtrRefInf/Ref, no Ustrd
    assert second.creditor_account == "YP66000002"


def test_pacs008_cnh_stays_cnh() -> None:
    [record] = parse_fixture("pacs.008.001.09-cnh.xml")
    assert (record.amount, record.currency) == (Decimal("68888.88"), "CNH")
    assert record.charge_bearer == "DEBT"
    assert record.debtor_account == "004-123-456789-001"
    assert record.debtor_agent_bic == "HSBCHKHHHKH"


def test_pacs008_in_an_envelope_with_app_header() -> None:
    [wrapped] = parse_fixture("pacs.008.001.08-envelope.xml")
    [bare] = parse_fixture("pacs.008.001.08.xml")
    assert wrapped.sender_bic == "CHASUS33XXX"
    assert wrapped.as_json() == {**bare.as_json(), "sender_bic": "CHASUS33XXX"}


# -- pacs.004 and pacs.002 ------------------------------------------------------------------------
def test_pacs004_return_of_our_payout() -> None:
    [record] = parse_fixture("pacs.004.001.10.xml")
    assert record.source_format == "pacs.004"
    assert (record.direction, record.is_return) == ("credit", True)
    assert (record.amount, record.currency) == (Decimal("4985.00"), "USD")
    assert (record.instructed_amount, record.instructed_currency) == (Decimal(5000), "USD")
    assert record.original_message_id == "YP-20261104-0009"
    assert record.original_end_to_end_id == "pot_01J2K7QX"
    assert record.end_to_end_id == "pot_01J2K7QX"
    assert record.original_instruction_id == "pot_01J2K7QX"
    assert record.original_uetr == "6b1f0c2e-9d8a-4c7b-a6e5-d4c3b2a19f80"
    assert record.return_reason == "AC04"
    assert record.transaction_id == "ZEIB-RTN-7781"
    assert record.value_date == date(2026, 11, 6)
    assert record.charge_bearer == "CRED"
    assert record.charges == (Charge(Decimal(15), "USD", "ZEIBNGLAXXX"),)
    # the return's parties: the original beneficiary pays back, we receive
    assert record.debtor_name == "LAGOS HOME GOODS LTD"
    assert record.debtor_country == "NG"
    assert record.debtor_account == "0123456789"
    assert record.creditor_name == "YIWU YIPAY TECHNOLOGY CO LTD"
    assert record.creditor_account == "6222021001000000001"
    assert record.remittance_info == "SUPPLIER PAYOUT pot_01J2K7QX"


def test_pacs002_transaction_statuses() -> None:
    records = parse_fixture("pacs.002.001.12.xml")
    assert [(r.direction, r.status, r.return_reason) for r in records] == [
        ("status", "ACSC", None),
        ("status", "RJCT", "AC01"),
        ("status", "ACSP", "WAIT-CUTOFF"),
    ]
    settled, rejected_line, pending = records
    assert settled.original_end_to_end_id == "pot_02AA1"
    assert settled.original_instruction_id == "pot_02AA1"
    assert settled.original_uetr == "8a562c67-ca16-48ba-b074-65581be6f011"
    assert settled.original_message_id == "YP-20261104-0002"
    assert (settled.amount, settled.currency) == (Decimal("120000.5"), "CNY")
    assert settled.value_date == date(2026, 11, 4)
    assert settled.entry_reference == "ICBK-REF-0001"
    assert rejected_line.original_message_id == "YP-20261104-0003"  # its own OrgnlGrpInf
    assert rejected_line.amount is None
    assert pending.original_message_id == "YP-20261104-0002"
    assert {r.message_id for r in records} == {"ICBK-STS-20261104-0042"}


def test_pacs002_group_status_only() -> None:
    [record] = parse_fixture("pacs.002.001.03-group.xml")
    assert (record.direction, record.status, record.return_reason) == ("status", "RJCT", "FF01")
    assert record.original_message_id == "YP-20261104-0007"
    assert record.end_to_end_id is None


# -- refusals -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bad-pacs.008.001.08-no-amount.xml", "missing CdtTrfTxInf/IntrBkSttlmAmt"),
        ("bad-pacs.008.001.08-xau.xml", "commodity currency XAU"),
        ("bad-pacs.008.001.08-six-decimals.xml", "5 decimals"),
    ],
)
def test_negative_fixtures(name: str, reason: str) -> None:
    assert reason in rejected(fixture(name), name)


@pytest.mark.parametrize("code", ["XAU", "XAG", "XPT", "XPD"])
def test_commodity_currencies_are_refused_in_camt(code: str) -> None:
    data = sample("moov-postfinance-credit.xml").replace(b'Ccy="CHF"', f'Ccy="{code}"'.encode())
    assert f"commodity currency {code}" in rejected(data)


@pytest.mark.parametrize(
    "amount", [b"-12480.00", b"1,248.00", b"12480.000001", b"1e4", b"NaN", b"", b"12 480"]
)
def test_bad_amounts_are_refused(amount: bytes) -> None:
    data = fixture("pacs.008.001.08.xml").replace(b">12480.00<", b">" + amount + b"<")
    rejected(data)


def test_more_decimals_than_the_currency_has_are_refused() -> None:
    data = fixture("pacs.008.001.08.xml").replace(b">12480.00<", b">12480.001<")
    assert "more decimals than USD" in rejected(data)


DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE Document [<!ELEMENT Document ANY>]><Document/>'
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">&x;</Document>'
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b"<lolz>&lol3;</lolz>"
)


@pytest.mark.parametrize("data", [DOCTYPE, XXE, LAUGHS], ids=["doctype", "xxe", "laughs"])
def test_dtds_and_entities_are_refused(data: bytes) -> None:
    assert "DOCTYPE or entity" in rejected(data)


def test_wrong_namespace_is_refused() -> None:
    data = sample("moov-postfinance-credit.xml").replace(
        b"urn:iso:std:iso:20022:tech:xsd:camt.054.001.04", b"urn:example:camt.054.001.04"
    )
    assert "unsupported message type" in rejected(data)
    no_namespace = re.sub(rb' xmlns="[^"]*"', b"", fixture("pacs.008.001.08.xml"))
    assert "unsupported message type" in rejected(no_namespace)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (b"pacs.008.001.08", b"pacs.008.001.07", "unsupported version pacs.008.001.07"),
        (b"pacs.008.001.08", b"pacs.008.001.14", "unsupported version pacs.008.001.14"),
        (b"pacs.008.001.08", b"pain.001.001.08", "unsupported message type pain.001"),
        (b"pacs.008.001.08", b"pacs.004.001.09", "must hold exactly one PmtRtr"),
    ],
)
def test_unsupported_versions_and_wrong_types(old: bytes, new: bytes, reason: str) -> None:
    assert reason in rejected(fixture("pacs.008.001.08.xml").replace(old, new))


def test_camt_version_range() -> None:
    data = sample("genkgo-camt053.v8.xml")
    assert parse_iso20022(data.replace(b"camt.053.001.08", b"camt.053.001.10"), name="x")
    assert "unsupported version" in rejected(data.replace(b"camt.053.001.08", b"camt.053.001.11"))
    assert "unsupported version" in rejected(data.replace(b"camt.053.001.08", b"camt.053.001.01"))


def test_camt053_namespace_on_a_notification_is_refused() -> None:
    data = sample("moov-postfinance-credit.xml").replace(b"camt.054.001.04", b"camt.053.001.04")
    assert "must hold exactly one BkToCstmrStmt" in rejected(data)


def test_an_element_from_another_namespace_is_refused() -> None:
    data = fixture("pacs.008.001.08.xml").replace(
        b"<ChrgBr>SHAR</ChrgBr>", b'<ChrgBr xmlns="urn:example:other">SHAR</ChrgBr>'
    )
    assert "not in the pacs.008 namespace" in rejected(data)


def test_app_header_must_name_the_same_message() -> None:
    data = fixture("pacs.008.001.08-envelope.xml").replace(
        b"<MsgDefIdr>pacs.008.001.08<", b"<MsgDefIdr>pacs.009.001.08<"
    )
    assert "MsgDefIdr" in rejected(data)


def test_truncated_and_garbage_input() -> None:
    data = fixture("pacs.008.001.08.xml")
    for cut in (10, len(data) // 2, len(data) - 5):
        assert "not well-formed XML" in rejected(data[:cut])
    rejected(b"")
    rejected(b"\x00\xff\xfe garbage")
    rejected(b"{1:F01BANKBEBBAXXX0000000000}")


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (b"<MsgId>MSG-P8-2026-1108</MsgId>", b"", "missing GrpHdr/MsgId"),
        (b"<NbOfTxs>1</NbOfTxs>", b"<NbOfTxs>2</NbOfTxs>", "NbOfTxs says 2 but 1"),
        (b"<SttlmMtd>INDA</SttlmMtd>", b"", "missing GrpHdr/SttlmInf/SttlmMtd"),
        (b"<ChrgBr>SHAR</ChrgBr>", b"", "missing CdtTrfTxInf/ChrgBr"),
        (b"<ChrgBr>SHAR</ChrgBr>", b"<ChrgBr>SHA</ChrgBr>", "ChrgBr must be"),
        (b"<EndToEndId>E2E-YW-2026-1108</EndToEndId>", b"", "missing CdtTrfTxInf/PmtId/EndToEndId"),
        (b"<IntrBkSttlmDt>2026-11-04<", b"<IntrBkSttlmDt>2026-02-30<", "not a real date"),
        (b"<UETR>8f1c2a3e", b"<UETR>nope-8f1c2a3e", "UETR is not a UUID"),
    ],
)
def test_pacs008_mandatory_elements(old: bytes, new: bytes, reason: str) -> None:
    data = fixture("pacs.008.001.08.xml")
    assert old in data
    assert reason in rejected(data.replace(old, new))


@pytest.mark.parametrize("party", [b"Dbtr", b"DbtrAgt", b"CdtrAgt", b"Cdtr"])
def test_pacs008_parties_are_mandatory(party: bytes) -> None:
    data = re.sub(
        rb"\s*<" + party + rb">.*?</" + party + rb">",
        b"",
        fixture("pacs.008.001.08.xml"),
        flags=re.DOTALL,
    )
    assert f"missing CdtTrfTxInf/{party.decode()}" in rejected(data)


def test_structure_checks_for_returns_statuses_and_camt() -> None:
    pacs004 = fixture("pacs.004.001.10.xml")
    no_amount = re.sub(rb"<RtrdIntrBkSttlmAmt[^/]*/RtrdIntrBkSttlmAmt>", b"", pacs004)
    assert "RtrdIntrBkSttlmAmt" in rejected(no_amount)
    no_tx = re.sub(rb"<TxInf>.*</TxInf>", b"", pacs004, flags=re.DOTALL)
    assert "missing PmtRtr/TxInf" in rejected(no_tx)
    pacs002 = fixture("pacs.002.001.03-group.xml")
    no_group = re.sub(rb"<OrgnlGrpInfAndSts>.*</OrgnlGrpInfAndSts>", b"", pacs002, flags=re.DOTALL)
    assert "OrgnlGrpInfAndSts" in rejected(no_group)
    camt053 = sample("genkgo-camt053.v2.minimal.xml")
    no_balance = re.sub(rb"<Bal>.*?</Bal>", b"", camt053, flags=re.DOTALL)
    assert "missing Stmt/Bal" in rejected(no_balance)
    no_account = re.sub(rb"<Acct>.*?</Acct>", b"", camt053, count=1, flags=re.DOTALL)
    assert "missing Stmt/Acct" in rejected(no_account)
    camt054 = sample("moov-postfinance-credit.xml")
    no_notification = re.sub(rb"<Ntfctn>.*</Ntfctn>", b"", camt054, flags=re.DOTALL)
    assert "missing Ntfctn" in rejected(no_notification)
    assert "CdtDbtInd must be" in rejected(camt054.replace(b">CRDT<", b">CRED<"))
    assert "RvslInd" in rejected(camt054.replace(b"<RvslInd>false", b"<RvslInd>maybe"))
    no_status = camt054.replace(b"<Sts>BOOK</Sts>", b"")
    assert "missing Ntry/Sts" in rejected(no_status)
