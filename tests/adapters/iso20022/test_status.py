"""The bank's answers become exact StatusEvents; unknown message types are refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from yipay.adapters.iso20022 import MessageError, StatusEvent, parse_status, status_kind

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "data" / "bank-messages"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def sample(name: str) -> bytes:
    # Read in place; a missing file fails the test (it must not be skipped).
    return (SAMPLES / name).read_bytes()


def camt054(entries: str, version: str = "08") -> bytes:
    return (
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.{version}">'
        "<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>N-1</MsgId><CreDtTm>2026-11-04T18:00:00Z</CreDtTm>"
        f"</GrpHdr><Ntfctn><Id>N</Id>{entries}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    ).encode()


def entry(direction: str, *, reversal: str = "", status: str = "<Sts><Cd>BOOK</Cd></Sts>") -> str:
    return (
        f'<Ntry><Amt Ccy="CNY">10.00</Amt><CdtDbtInd>{direction}</CdtDbtInd>{reversal}{status}'
        "<NtryDtls><TxDtls><Refs><EndToEndId>pot_9</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>"
    )


def test_pain002_per_transaction_statuses() -> None:
    common = {
        "source_format": "pain.002",
        "message_id": "ICBK-STS-20261104-0001",
        "original_message_id": "YP-20261104-0001",
        "original_payment_info_id": "YP-20261104-0001-1",
        "booked_on": None,
    }
    assert parse_status(fixture("pain.002.001.10.xml"), name="pain002.xml") == [
        StatusEvent(
            **common,  # type: ignore[arg-type]
            kind="settled",
            end_to_end_id="pot_01HZX1",
            instruction_id="pot_01HZX1",
            amount=Decimal("15000.00"),
            currency="CNY",
            reason_code=None,
            bank_reference="ICBK20261104000017",
            status_code="ACSC",
        ),
        StatusEvent(
            **common,  # type: ignore[arg-type]
            kind="rejected",
            end_to_end_id="pot_01HZX2",
            instruction_id="pot_01HZX2",
            amount=Decimal("8500.00"),
            currency="CNY",
            reason_code="AC04",
            bank_reference=None,
            status_code="RJCT",
        ),
        StatusEvent(
            **common,  # type: ignore[arg-type]
            kind="accepted",
            end_to_end_id="pot_01HZX3",
            instruction_id=None,  # NOTPROVIDED
            amount=None,
            currency=None,
            reason_code=None,
            bank_reference=None,
            status_code="ACSP",
        ),
    ]


def test_pacs002_in_an_envelope_with_prefixes() -> None:
    events = parse_status(fixture("pacs.002.001.10.xml"))
    assert events == [
        StatusEvent(
            source_format="pacs.002",
            message_id="ICBK-PACS002-0042",
            kind="settled",
            end_to_end_id="pot_02AA1",
            instruction_id="pot_02AA1",
            original_message_id="YP-20261104-0002",
            amount=Decimal("120000.50"),
            currency="CNY",
            reason_code=None,
            booked_on=date(2026, 11, 4),
            bank_reference="CNAPS2026110400991",
            uetr="8a562c67-ca16-48ba-b074-65581be6f011",
            status_code="ACSC",
        ),
        StatusEvent(
            source_format="pacs.002",
            message_id="ICBK-PACS002-0042",
            kind="rejected",
            end_to_end_id="pot_02AA2",
            instruction_id="pot_02AA2",
            original_message_id="YP-20261104-0003",  # the transaction's own OrgnlGrpInf wins
            amount=None,
            currency=None,
            reason_code="AC04",
            booked_on=None,
            bank_reference=None,
            status_code="RJCT",
        ),
        StatusEvent(
            source_format="pacs.002",
            message_id="ICBK-PACS002-0042",
            kind="accepted",
            end_to_end_id="pot_02AA3",
            instruction_id=None,
            original_message_id="YP-20261104-0002",
            amount=None,
            currency=None,
            reason_code="WAIT-CUTOFF",  # Prtry when there is no Cd
            booked_on=None,
            bank_reference=None,
            status_code="ACSP",
        ),
    ]
    assert str(events[0].amount) == "120000.50"


def test_pacs004_return_with_reason() -> None:
    assert parse_status(fixture("pacs.004.001.09.xml")) == [
        StatusEvent(
            source_format="pacs.004",
            message_id="ICBK-RTN-20261106-07",
            kind="returned",
            end_to_end_id="pot_01HZX9",
            instruction_id="pot_01HZX9",
            original_message_id="YP-20261104-0001",
            amount=Decimal("7980.00"),  # what came back, not what was sent
            currency="CNY",
            reason_code="AC03",
            booked_on=date(2026, 11, 6),
            bank_reference="ICBK-RTN-7781",
        )
    ]


def test_camt054_debits_become_confirmations_and_credits_are_ignored() -> None:
    common = {
        "source_format": "camt.054",
        "message_id": "ICBK-NTF-20261104-0311",
        "kind": "debited",
    }
    assert parse_status(fixture("camt.054.001.08.xml")) == [
        StatusEvent(
            **common,  # type: ignore[arg-type]
            end_to_end_id="pot_05A",
            instruction_id="pot_05A",
            original_message_id="YP-20261104-0005",
            amount=Decimal("12000.00"),
            currency="CNY",
            reason_code=None,
            booked_on=date(2026, 11, 4),  # from a DtTm with nanoseconds and no zone
            bank_reference="ICBK-T-0001",
            original_payment_info_id="YP-20261104-0005-1",
        ),
        StatusEvent(
            **common,  # type: ignore[arg-type]
            end_to_end_id="pot_05B",
            instruction_id="pot_05B",
            original_message_id="YP-20261104-0005",
            amount=Decimal("8500.00"),  # AmtDtls/TxAmt, 5 decimals normalised
            currency="CNY",
            reason_code=None,
            booked_on=date(2026, 11, 4),
            bank_reference="ICBK-B-0001",  # no transaction reference: the entry's
            original_payment_info_id="YP-20261104-0005-1",
        ),
        StatusEvent(
            **common,  # type: ignore[arg-type]
            end_to_end_id="pot_06A",
            instruction_id=None,
            original_message_id="YP-20261104-0006",
            amount=Decimal("3000.00"),  # single-transaction entry: the entry amount
            currency="CNY",
            reason_code=None,
            booked_on=date(2026, 11, 4),
            bank_reference="ICBK-S-0002",
            original_payment_info_id="YP-20261104-0006-1",
        ),
    ]


def test_group_rejection_gives_one_event_for_the_original_message() -> None:
    assert parse_status(fixture("pain.002.001.03-group-rejected.xml")) == [
        StatusEvent(
            source_format="pain.002",
            message_id="ICBK-STS-20261104-0009",
            kind="rejected",
            end_to_end_id=None,
            instruction_id=None,
            original_message_id="YP-20261104-0004",
            amount=None,
            currency=None,
            reason_code="FF01",
            booked_on=None,
            bank_reference=None,
            status_code="RJCT",
        )
    ]


def test_payment_info_rejection_and_inherited_transaction_status() -> None:
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.09"><CstmrPmtStsRpt>'
        b"<GrpHdr><MsgId>S-1</MsgId></GrpHdr>"
        b"<OrgnlGrpInfAndSts><OrgnlMsgId>YP-1</OrgnlMsgId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>"
        b"<OrgnlPmtInfAndSts><OrgnlPmtInfId>YP-1-1</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts>"
        b"<StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf></OrgnlPmtInfAndSts>"
        b"<OrgnlPmtInfAndSts><OrgnlPmtInfId>YP-1-2</OrgnlPmtInfId><PmtInfSts>ACSC</PmtInfSts>"
        b"<TxInfAndSts><OrgnlEndToEndId>pot_7</OrgnlEndToEndId></TxInfAndSts>"
        b"</OrgnlPmtInfAndSts>"
        b"<OrgnlPmtInfAndSts><OrgnlPmtInfId>YP-1-3</OrgnlPmtInfId></OrgnlPmtInfAndSts>"
        b"</CstmrPmtStsRpt></Document>"
    )
    events = parse_status(data)
    assert [
        (e.kind, e.original_payment_info_id, e.end_to_end_id, e.reason_code, e.status_code)
        for e in events
    ] == [
        ("rejected", "YP-1-1", None, "AM04", "RJCT"),
        ("settled", "YP-1-2", "pot_7", None, "ACSC"),
    ]


def test_status_codes_map_to_kinds() -> None:
    assert {code: status_kind(code) for code in ("ACSC", "ACCC")} == dict.fromkeys(
        ("ACSC", "ACCC"), "settled"
    )
    for code in ("ACCP", "ACSP", "ACTC", "ACWC", "PDNG", "RCVD"):
        assert status_kind(code) == "accepted"
    assert status_kind("RJCT") == "rejected"
    assert status_kind("CANC") == "unknown"
    assert status_kind("PART") == "unknown"


def test_a_transaction_without_any_status_is_refused() -> None:
    data = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.002.001.12"><FIToFIPmtStsRpt>'
        b"<GrpHdr><MsgId>S-2</MsgId></GrpHdr>"
        b"<TxInfAndSts><OrgnlEndToEndId>pot_1</OrgnlEndToEndId></TxInfAndSts>"
        b"</FIToFIPmtStsRpt></Document>"
    )
    with pytest.raises(MessageError, match="without TxSts"):
        parse_status(data)


def test_reversed_debit_is_debit_reversed_and_other_entries_are_skipped() -> None:
    data = camt054(
        entry("CRDT", reversal="<RvslInd>true</RvslInd>")  # our debit booked back: a return
        + entry("DBIT", reversal="<RvslInd>true</RvslInd>")  # an inbound credit taken back
        + entry("DBIT", status="<Sts><Cd>PDNG</Cd></Sts>")  # not booked yet
        + entry("CRDT")  # an inbound credit
        + entry("DBIT", reversal="<RvslInd>false</RvslInd>", status="<Sts>BOOK</Sts>")
    )
    assert [(e.kind, e.end_to_end_id, e.amount) for e in parse_status(data)] == [
        ("debit_reversed", "pot_9", Decimal("10.00")),
        ("debited", "pot_9", Decimal("10.00")),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (camt054(entry("XXX")), "CdtDbtInd must be CRDT or DBIT"),
        (camt054(entry("DBIT", status="")), "Ntry without Sts"),
        (camt054("<Ntry><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts></Ntry>"), "missing Ntry/Amt"),
        (camt054("").replace(b"<MsgId>N-1</MsgId>", b""), "missing BkToCstmrDbtCdtNtfctn/GrpHdr"),
    ],
)
def test_broken_camt054_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(MessageError, match=reason):
        parse_status(data, name="n.xml")


def iso(namespace: str, body: str) -> bytes:
    return (
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:{namespace}">{body}</Document>'.encode()
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<Document/>", "unsupported message type"),
        (b"<Statement><Line/></Statement>", r"unsupported message type \(root Statement\)"),
        (
            iso("pain.002.001.02", "<CstmrPmtStsRpt/>"),
            r"unsupported message type pain\.002\.001\.02",
        ),
        (iso("pacs.008.001.08", "<FIToFICstmrCdtTrf/>"), r"unsupported message type pacs\.008"),
        (iso("pacs.004.001.14", "<PmtRtr/>"), r"unsupported message type pacs\.004\.001\.14"),
        (
            b'<Document xmlns="urn:example:pain.002.001.10"><CstmrPmtStsRpt/></Document>',
            r"unsupported message type \(namespace",
        ),
        (iso("pain.002.001.10", "<PmtRtr/>"), r"a pain\.002 Document must hold CstmrPmtStsRpt"),
    ],
)
def test_unsupported_messages_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(MessageError, match=reason):
        parse_status(data, name="x.xml")


def test_a_pain001_or_a_statement_is_not_a_status_message() -> None:
    with pytest.raises(MessageError, match=r"unsupported message type camt\.053"):
        parse_status(sample("camt.053/genkgo-camt053.v2.minimal.xml"))
    pain001 = (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">'
        b"<CstmrCdtTrfInitn/></Document>"
    )
    with pytest.raises(MessageError, match=r"unsupported message type pain\.001"):
        parse_status(pain001)


# -- the real camt.054 samples in /work/shared/data/bank-messages --------------------------------
def test_the_shared_samples_are_present() -> None:
    assert (SAMPLES / "camt.054").is_dir(), f"missing {SAMPLES / 'camt.054'}"


def test_real_camt054_v4_batch_debit_entry_decides_over_transaction_indicators() -> None:
    events = parse_status(sample("camt.054/genkgo-camt054.v4.xml"), name="v4")
    prefix = "UXC06170000006PI00001"
    assert [(e.kind, e.end_to_end_id, e.instruction_id, e.amount, e.currency) for e in events] == [
        ("debited", f"{prefix}EE00001", f"{prefix}II00001", Decimal("3.1"), "CHF"),
        ("debited", f"{prefix}EE00002", f"{prefix}II00002", Decimal("3.2"), "CHF"),
        ("debited", f"{prefix}EE00002", f"{prefix}II00002", Decimal("3.2"), "CHF"),
    ]
    assert {(e.original_message_id, e.original_payment_info_id, e.booked_on) for e in events} == {
        ("UXC06170000006", "UXC06170000006PI00001", date(2007, 10, 18))
    }
    assert {e.bank_reference for e in events} == {"ACSR160617103200001"}


def test_real_camt054_v8_matches_v4() -> None:
    v4 = parse_status(sample("camt.054/genkgo-camt054.v4.xml"))
    v8 = parse_status(sample("camt.054/genkgo-camt054.v8.xml"))
    assert [(e.end_to_end_id, e.amount) for e in v8] == [(e.end_to_end_id, e.amount) for e in v4]


def test_real_camt054_v2_three_details_without_amounts_and_a_date_time_booking() -> None:
    events = parse_status(sample("camt.054/genkgo-camt054.v2.xml"))
    assert [(e.kind, e.end_to_end_id, e.amount, e.currency, e.booked_on) for e in events] == [
        ("debited", "MUELL/FINP/RA12345", None, None, date(2007, 10, 18))
    ] * 3  # the entry total cannot be split between three transactions


def test_real_camt054_single_details_take_the_entry_amount() -> None:
    with_name = parse_status(sample("camt.054/genkgo-camt054.v2.with-account-name.xml"))
    with_uetr = parse_status(sample("camt.054/genkgo-camt054.v8-with-UETR.xml"))
    institution = parse_status(sample("camt.054/genkgo-camt054.v8-with-financial-institution.xml"))
    assert [(e.kind, e.end_to_end_id, e.amount, e.currency) for e in with_name] == [
        ("debited", None, Decimal(200000), "SEK")
    ]
    assert [(e.uetr, e.amount) for e in with_uetr] == [
        ("255ae394-9965-4438-ac86-f406feada396", Decimal(200000))
    ]
    assert [(e.bank_reference, e.amount) for e in institution] == [
        ("ACSR160617103200001", Decimal(200000))
    ]


def test_real_postfinance_return_is_a_reversed_debit_and_credits_are_ignored() -> None:
    assert parse_status(sample("camt.054/moov-postfinance-return.xml")) == [
        StatusEvent(
            source_format="camt.054",
            message_id="20201124375204228763929",
            kind="debit_reversed",
            end_to_end_id="EndToEndId-001-03-04",
            instruction_id="InstrId-001-03-04",
            original_message_id=None,
            amount=Decimal("500.00"),
            currency="CHF",
            reason_code="AC01",
            booked_on=date(2020, 11, 24),
            bank_reference="190520CH02ZZTJR1",
            original_payment_info_id="PmtInfId-001-03",
        )
    ]
    assert parse_status(sample("camt.054/moov-postfinance-batch.xml")) == []
    assert parse_status(sample("camt.054/moov-postfinance-credit.xml")) == []
