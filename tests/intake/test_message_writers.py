"""The bank-message writers: schema layout of what they write, and round trips through the parsers.

Structure tests read the output with lxml only, so they hold whatever the parsers do. The round
trips draw realistic records (USD/EUR/CNH/JPY/AED, amounts at the currency's exponent, uuid4
UETRs, Latin SWIFT-safe names) and check that intake's parsers give the same values back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from lxml import etree

from yipay.adapters.iso20022.xml import MessageError
from yipay.core.currency import currency as iso_currency
from yipay.intake.messages.record import BankRecord, Charge
from yipay.intake.messages.write_camt053 import Statement, closing_balance, write_camt053
from yipay.intake.messages.write_mt103 import swift_x, wrap_lines, write_mt103, write_rje
from yipay.intake.messages.write_pacs008 import ustrd_pieces, write_pacs008

CREATED = datetime(2026, 11, 3, 1, 30, tzinfo=UTC)
DAY = date(2026, 11, 3)
US_BANK = "CHASUS33"
OUR_BANK = "PRTNCNSHXXX"
UETR = "8579f4a4-a547-463e-ae63-e7c6620d59b4"

# pacs.008.001.08 FIToFICstmrCdtTrf sequences (the subset of the schema that matters here).
GRPHDR_ORDER = [
    "MsgId", "CreDtTm", "BtchBookg", "NbOfTxs", "CtrlSum", "TtlIntrBkSttlmAmt", "IntrBkSttlmDt",
    "SttlmInf", "PmtTpInf", "InstgAgt", "InstdAgt",
]  # fmt: skip
TX_ORDER = [
    "PmtId", "PmtTpInf", "IntrBkSttlmAmt", "IntrBkSttlmDt", "SttlmPrty", "SttlmTmIndctn",
    "SttlmTmReq", "AccptncDtTm", "PoolgAdjstmntDt", "InstdAmt", "XchgRate", "ChrgBr", "ChrgsInf",
    "PrvsInstgAgt1", "InstgAgt", "InstdAgt", "IntrmyAgt1", "UltmtDbtr", "InitgPty", "Dbtr",
    "DbtrAcct", "DbtrAgt", "DbtrAgtAcct", "CdtrAgt", "CdtrAgtAcct", "Cdtr", "CdtrAcct",
    "UltmtCdtr", "InstrForCdtrAgt", "InstrForNxtAgt", "Purp", "RgltryRptg", "Tax", "RltdRmtInf",
    "RmtInf", "SplmtryData",
]  # fmt: skip
PMTID_ORDER = ["InstrId", "EndToEndId", "TxId", "UETR", "ClrSysRef"]
MT103_TAGS = [
    "20", "23B", "32A", "33B", "36", "50K", "50F", "52A", "57A", "59", "59F", "70", "71A", "71F",
    "71G",
]  # fmt: skip


def _record(**changes: Any) -> BankRecord:
    values: dict[str, Any] = {
        "source_format": "pacs.008",
        "message_id": "REF20261103A",
        "amount": Decimal("2985.50"),
        "currency": "USD",
        "end_to_end_id": "INV-2026-117",
        "uetr": UETR,
        "instruction_id": "INSTR-1",
        "value_date": DAY,
        "debtor_name": "Ahmed Al Mansouri Trading LLC",
        "debtor_account": "AE070331234567890123456",
        "debtor_agent_bic": "EBILAEAD",
        "debtor_country": "AE",
        "creditor_name": "YIWU LIMING DAILY GOODS",
        "creditor_account": "620000000002",
        "creditor_agent_bic": OUR_BANK,
        "remittance_info": "INV 2026-117 BED SHEETS",
        "charge_bearer": "SHA",
        "charges": (Charge(Decimal(15), "USD", "HSBCHKHH"),),
        "instructed_amount": Decimal("3000.50"),
    }
    values.update(changes)
    return BankRecord(**values)


def _tags(element: Any) -> list[str]:
    return [etree.QName(child).localname for child in element]


def _in_schema_order(tags: list[str], order: list[str]) -> bool:
    positions = [order.index(tag) for tag in tags]
    return positions == sorted(positions)


def _pacs(records: list[BankRecord], **kwargs: Any) -> Any:
    data = write_pacs008(
        records,
        message_id="MSG-1",
        created_at=CREATED,
        instructing_agent_bic=US_BANK,
        instructed_agent_bic=OUR_BANK,
        **kwargs,
    )
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return etree.fromstring(data)


def _ns(root: Any) -> dict[str, str]:
    return {"d": etree.QName(root).namespace}


# -- pacs.008 structure ---------------------------------------------------------------------------
@pytest.mark.parametrize("version", range(8, 14))
def test_pacs008_namespace_header_and_transaction_in_schema_order(version: int) -> None:
    root = _pacs([_record(), _record(ultimate_debtor_name="AL MANSOURI")], version=version)
    assert (
        etree.QName(root).namespace == f"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.{version:02d}"
    )
    assert etree.QName(root).localname == "Document"
    (message,) = root
    assert _tags(message) == ["GrpHdr", "CdtTrfTxInf", "CdtTrfTxInf"]
    header = message[0]
    assert _tags(header) == ["MsgId", "CreDtTm", "NbOfTxs", "SttlmInf", "InstgAgt", "InstdAgt"]
    assert _in_schema_order(_tags(header), GRPHDR_ORDER)
    ns = _ns(root)
    assert header.findtext("d:NbOfTxs", namespaces=ns) == "2"
    assert header.findtext("d:SttlmInf/d:SttlmMtd", namespaces=ns) == "INDA"
    assert header.findtext("d:InstgAgt/d:FinInstnId/d:BICFI", namespaces=ns) == US_BANK
    for tx in message.findall("d:CdtTrfTxInf", namespaces=ns):
        assert _in_schema_order(_tags(tx), TX_ORDER)
        assert _in_schema_order(_tags(tx[0]), PMTID_ORDER)
    full = message[1]
    assert _tags(full) == [
        "PmtId", "IntrBkSttlmAmt", "IntrBkSttlmDt", "InstdAmt", "ChrgBr", "ChrgsInf", "Dbtr",
        "DbtrAcct", "DbtrAgt", "CdtrAgt", "Cdtr", "CdtrAcct", "RmtInf",
    ]  # fmt: skip
    assert _tags(full[0]) == ["InstrId", "EndToEndId", "UETR"]
    assert "UltmtDbtr" in _tags(message[2])


def test_pacs008_values_amounts_and_mapped_charge_bearer() -> None:
    root = _pacs([_record(charge_bearer="OUR", instructed_currency="EUR")])
    ns = _ns(root)
    tx = root.find("d:FIToFICstmrCdtTrf/d:CdtTrfTxInf", namespaces=ns)
    amount = tx.find("d:IntrBkSttlmAmt", namespaces=ns)
    assert (amount.text, amount.get("Ccy")) == ("2985.50", "USD")
    assert tx.find("d:InstdAmt", namespaces=ns).get("Ccy") == "EUR"
    assert tx.findtext("d:IntrBkSttlmDt", namespaces=ns) == "2026-11-03"
    assert tx.findtext("d:ChrgBr", namespaces=ns) == "DEBT"
    assert tx.findtext("d:ChrgsInf/d:Amt", namespaces=ns) == "15.00"
    assert tx.findtext("d:ChrgsInf/d:Agt/d:FinInstnId/d:BICFI", namespaces=ns) == "HSBCHKHH"
    assert tx.findtext("d:Dbtr/d:PstlAdr/d:Ctry", namespaces=ns) == "AE"
    assert tx.findtext("d:DbtrAcct/d:Id/d:IBAN", namespaces=ns) == "AE070331234567890123456"
    assert tx.findtext("d:CdtrAcct/d:Id/d:Othr/d:Id", namespaces=ns) == "620000000002"


@pytest.mark.parametrize(
    ("code", "value", "written"),
    [
        ("USD", Decimal("12.5"), "12.50"),
        ("EUR", Decimal(7), "7.00"),
        ("CNH", Decimal("100.1"), "100.10"),
        ("JPY", Decimal(1000), "1000"),
        ("JPY", Decimal("1000.00"), "1000"),
        ("AED", Decimal("3.67"), "3.67"),
        ("BHD", Decimal("1.5"), "1.500"),
    ],
)
def test_amounts_use_the_currency_exponent(code: str, value: Decimal, written: str) -> None:
    root = _pacs([_record(currency=code, amount=value, charges=(), instructed_amount=None)])
    assert root.findtext(".//d:IntrBkSttlmAmt", namespaces=_ns(root)) == written


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": Decimal("1000.5"), "currency": "JPY"},
        {"amount": Decimal("1.005")},
        {"amount": None},
        {"amount": 12.5},
        {"amount": Decimal(-1)},
        {"currency": None},
        {"currency": "XAU"},
        {"value_date": None},
        {"end_to_end_id": "X" * 36},
        {"uetr": "not-a-uuid"},
        {"debtor_agent_bic": "NOTABIC"},
        {"charge_bearer": "XYZ"},
        {"charges": (Charge(Decimal("0.001"), "USD"),)},
    ],
)
def test_pacs008_refuses_records_it_cannot_write(changes: dict[str, Any]) -> None:
    with pytest.raises(MessageError, match=r"^pacs\.008: "):
        _pacs([_record(**changes)])


def test_pacs008_refuses_bad_arguments() -> None:
    with pytest.raises(MessageError, match="version 7"):
        _pacs([_record()], version=7)
    with pytest.raises(MessageError, match="at least one"):
        _pacs([])
    with pytest.raises(MessageError, match="aware"):
        write_pacs008(
            [_record()],
            message_id="M",
            created_at=datetime(2026, 11, 3),
            instructing_agent_bic=US_BANK,
            instructed_agent_bic=OUR_BANK,
        )


def test_pacs008_fills_what_the_schema_requires() -> None:
    bare = _record(
        end_to_end_id=None,
        debtor_agent_bic=None,
        creditor_agent_bic=None,
        charges=(Charge(Decimal(10), "USD"),),
        charge_bearer=None,
    )
    root = _pacs([bare], settlement_method="CLRG")
    ns = _ns(root)
    tx = root.find(".//d:CdtTrfTxInf", namespaces=ns)
    assert tx.findtext("d:PmtId/d:EndToEndId", namespaces=ns) == "NOTPROVIDED"
    assert tx.findtext("d:DbtrAgt/d:FinInstnId/d:BICFI", namespaces=ns) == US_BANK
    assert tx.findtext("d:CdtrAgt/d:FinInstnId/d:BICFI", namespaces=ns) == OUR_BANK
    assert tx.findtext("d:ChrgsInf/d:Agt/d:FinInstnId/d:BICFI", namespaces=ns) == US_BANK
    assert tx.findtext("d:ChrgBr", namespaces=ns) == "SHAR"
    assert root.findtext(".//d:SttlmMtd", namespaces=ns) == "CLRG"


def test_long_remittance_is_split_into_ustrd_pieces_at_spaces() -> None:
    text = " ".join(f"INV-{n:05d}" for n in range(40))  # 399 characters
    pieces = ustrd_pieces(text, kind="pacs.008")
    assert all(len(piece) <= 140 for piece in pieces)
    assert " ".join(pieces) == text
    root = _pacs([_record(remittance_info=text)])
    ustrd = root.findall(".//d:RmtInf/d:Ustrd", namespaces=_ns(root))
    assert [node.text for node in ustrd] == pieces


# -- MT103 structure ------------------------------------------------------------------------------
_BLOCKS = re.compile(
    r"^\{1:F01(?P<receiver>[A-Z0-9]{12})(?P<session>[0-9]{4})(?P<osn>[0-9]{6})\}"
    r"\{2:O103(?P<in_time>[0-9]{4})(?P<mir_date>[0-9]{6})(?P<sender>[A-Z0-9]{12})"
    r"(?P<mir_session>[0-9]{4})(?P<isn>[0-9]{6})(?P<out_date>[0-9]{6})(?P<out_time>[0-9]{4})N\}"
    r"\{3:\{108:(?P<mur>[^}]{1,16})\}(\{121:(?P<uetr>[0-9a-f-]{36})\})?\}"
    r"\{4:\r\n(?P<text>.*)\r\n-\}$",
    re.DOTALL,
)


def _mt(record: BankRecord, **kwargs: Any) -> tuple[re.Match[str], list[tuple[str, str]]]:
    data = write_mt103(record, sender_bic=US_BANK, receiver_bic=OUR_BANK, **kwargs)
    text = data.decode("ascii")
    assert "\n" not in text.replace("\r\n", "")
    match = _BLOCKS.match(text)
    assert match is not None, text
    fields: list[tuple[str, str]] = []
    for line in match.group("text").split("\r\n"):
        tagged = re.match(r"^:([0-9]{2}[A-Z]?):(.*)$", line)
        if tagged:
            fields.append((tagged.group(1), tagged.group(2)))
        else:
            fields[-1] = (fields[-1][0], fields[-1][1] + "\n" + line)
    return match, fields


def test_mt103_blocks_and_fields_in_order() -> None:
    sent = datetime(2026, 11, 2, 14, 5, tzinfo=UTC)
    match, fields = _mt(_record(), session=42, sequence=123456, sent_at=sent)
    assert match.group("receiver") == "PRTNCNSHAXXX"
    assert match.group("sender") == "CHASUS33AXXX"
    assert (match.group("session"), match.group("osn")) == ("0042", "123456")
    assert (match.group("mir_session"), match.group("isn")) == ("0042", "123456")
    assert (match.group("in_time"), match.group("mir_date")) == ("1405", "261102")
    assert (match.group("out_date"), match.group("out_time")) == ("261102", "1405")
    assert match.group("mur") == "REF20261103A"
    assert match.group("uetr") == UETR
    tags = [tag for tag, _value in fields]
    assert tags == ["20", "23B", "32A", "33B", "50F", "52A", "57A", "59", "70", "71A", "71F"]
    assert [MT103_TAGS.index(tag) for tag in tags] == sorted(MT103_TAGS.index(tag) for tag in tags)
    values = dict(fields)
    assert values["20"] == "REF20261103A"
    assert values["23B"] == "CRED"
    assert values["32A"] == "261103USD2985,5"
    assert values["33B"] == "USD3000,5"
    assert values["50F"] == "/AE070331234567890123456\n1/Ahmed Al Mansouri Trading LLC\n3/AE"
    assert values["52A"] == "EBILAEAD"
    assert values["59"] == "/620000000002\nYIWU LIMING DAILY GOODS"
    assert values["71A"] == "SHA"
    assert values["71F"] == "USD15,"


@pytest.mark.parametrize(
    ("code", "value", "field"),
    [
        ("USD", Decimal(2985), "USD2985,"),
        ("USD", Decimal("2985.50"), "USD2985,5"),
        ("USD", Decimal("0.07"), "USD0,07"),
        ("JPY", Decimal(150000), "JPY150000,"),
        ("CNH", Decimal("1234567.89"), "CNH1234567,89"),
    ],
)
def test_mt103_32a_format(code: str, value: Decimal, field: str) -> None:
    record = _record(currency=code, amount=value, charges=(), instructed_amount=None)
    _match, fields = _mt(record)
    assert dict(fields)["32A"] == "261103" + field


@pytest.mark.parametrize(
    ("bearer", "expected"),
    [("DEBT", "OUR"), ("CRED", "BEN"), ("SHAR", "SHA"), ("SLEV", "SHA"), (None, "SHA")],
)
def test_mt103_charge_bearer_mapping(bearer: str | None, expected: str) -> None:
    _match, fields = _mt(_record(charge_bearer=bearer))
    assert dict(fields)["71A"] == expected


def test_mt103_charges_under_our_are_71g_and_33b_is_derived_when_missing() -> None:
    _match, fields = _mt(_record(charge_bearer="OUR", instructed_amount=None))
    values = dict(fields)
    assert values["71G"] == "USD15,"
    assert values["33B"] == "USD2970,5"  # 32A = 33B + 71G
    _match, fields = _mt(_record(charge_bearer="BEN", instructed_amount=None))
    assert dict(fields)["33B"] == "USD3000,5"  # 32A = 33B - 71F
    with pytest.raises(MessageError, match="71G"):
        _mt(_record(charge_bearer="OUR", charges=(Charge(Decimal(1), "USD"),) * 2))


def test_mt103_states_the_rate_when_33b_is_in_another_currency() -> None:
    record = _record(instructed_amount=Decimal("2750.00"), instructed_currency="EUR")
    _match, fields = _mt(record)
    values = dict(fields)
    assert values["33B"] == "EUR2750,"
    rate = Decimal(values["36"].replace(",", "."))
    assert len(values["36"]) <= 12
    assert abs(rate - Decimal("2985.50") / Decimal(2750)) < Decimal("1e-9")


def test_mt103_text_is_swift_x_characters() -> None:
    record = _record(
        debtor_name="Müller & Søhne Łódź GmbH",
        creditor_name="义乌 Trading",
        remittance_info='Order "A-17" @ 50% – thanks',
    )
    _match, fields = _mt(record)
    values = dict(fields)
    assert values["50F"].split("\n")[1] == "1/Muller + Sohne Lodz GmbH"
    assert values["59"].split("\n")[1] == "?? Trading"
    assert values["70"] == "Order 'A-17' ? 50? - thanks"
    for _tag, value in fields:
        assert re.fullmatch(r"[A-Za-z0-9/\-?:().,'+ \n]*", value)


def test_mt103_party_options() -> None:
    short = _record(debtor_country=None)
    _match, fields = _mt(short)
    assert dict(fields)["50K"] == "/AE070331234567890123456\nAhmed Al Mansouri Trading LLC"
    long_name = "ZHEJIANG YIWU LIMING DAILY NECESSITIES IMPORT AND EXPORT CO LTD"
    _match, fields = _mt(_record(debtor_country=None, creditor_name=long_name))
    assert dict(fields)["59F"] == (
        "/620000000002\n1/ZHEJIANG YIWU LIMING DAILY\n1/NECESSITIES IMPORT AND EXPORT CO\n1/LTD"
    )
    _match, fields = _mt(_record(debtor_account=None, debtor_name=long_name, debtor_country="AE"))
    assert dict(fields)["50K"] == (
        "ZHEJIANG YIWU LIMING DAILY\nNECESSITIES IMPORT AND EXPORT CO\nLTD"
    )  # no account: option F has no party identifier, so K carries the name over two lines
    with pytest.raises(MessageError, match="needs an account or a name"):
        _mt(_record(creditor_account=None, creditor_name=None))


def test_mt103_wraps_70_into_four_lines_of_35() -> None:
    text = "PAYMENT FOR INVOICES 2026-101 2026-102 2026-103 2026-104 CONTAINER MSKU1234567 BED"
    _match, fields = _mt(_record(remittance_info=text))
    lines = dict(fields)["70"].split("\n")
    assert len(lines) <= 4
    assert all(len(line) <= 35 for line in lines)
    assert " ".join(lines) == text
    assert wrap_lines("A" * 140, what="x") == ["A" * 35] * 4
    assert wrap_lines(":FOO -BAR", what="x", width=4) == [".FOO", ".BAR"]
    with pytest.raises(MessageError, match="does not fit"):
        wrap_lines("A" * 141, what="remittance")


def test_mt103_reference_rules() -> None:
    _match, fields = _mt(_record(message_id="A" * 17))
    assert dict(fields)["20"] == "INSTR-1"  # message id too long for :20:, instruction id fits
    with pytest.raises(MessageError, match="field 20"):
        _mt(_record(message_id="/BAD", instruction_id="A//B"))
    with pytest.raises(MessageError, match="value date"):
        _mt(_record(value_date=None))
    with pytest.raises(MessageError, match="decimals"):
        _mt(_record(currency="JPY", amount=Decimal("1.5"), charges=(), instructed_amount=None))


def test_write_rje_joins_with_dollar() -> None:
    one = write_mt103(_record(), sender_bic=US_BANK, receiver_bic=OUR_BANK)
    two = write_mt103(_record(message_id="REF2"), sender_bic=US_BANK, receiver_bic=OUR_BANK)
    assert write_rje([one, two]) == one + b"$" + two
    assert write_rje([one]) == one


def test_swift_x_transliterates() -> None:
    assert swift_x("Straße Ærø Œuvre") == "Strasse AEro OEuvre"
    assert swift_x("a_b#c{d}") == "a?b?c?d?"


# -- camt.053 structure ---------------------------------------------------------------------------
def _statement(*entries: BankRecord, opening: str = "1000.00", code: str = "USD") -> Statement:
    return Statement(
        account="620000000002",
        currency=code,
        statement_id="STMT-20261103",
        created_at=datetime(2026, 11, 4, 0, 5, tzinfo=UTC),
        from_date=DAY,
        to_date=DAY,
        opening_balance=Decimal(opening),
        entries=entries,
        owner_name="YIPAY PAYMENTS LTD",
        servicer_bic=OUR_BANK,
        sequence_number=310,
    )


def _camt(statement: Statement, version: int) -> Any:
    return etree.fromstring(write_camt053(statement, message_id="CAMT-1", version=version))


def test_camt053_balances_and_summary() -> None:
    debit = _record(direction="debit", amount=Decimal(500), charges=(), instructed_amount=None)
    statement = _statement(_record(), debit, _record(amount=Decimal("14.5")), opening="-100")
    assert closing_balance(statement) == Decimal("2400.00")
    root = _camt(statement, 8)
    ns = _ns(root)
    stmt = root.find("d:BkToCstmrStmt/d:Stmt", namespaces=ns)
    assert _tags(stmt)[:8] == [
        "Id", "ElctrncSeqNb", "CreDtTm", "FrToDt", "Acct", "Bal", "Bal", "TxsSummry",
    ]  # fmt: skip
    balances = {
        bal.findtext("d:Tp/d:CdOrPrtry/d:Cd", namespaces=ns): (
            bal.findtext("d:Amt", namespaces=ns),
            bal.findtext("d:CdtDbtInd", namespaces=ns),
        )
        for bal in stmt.findall("d:Bal", namespaces=ns)
    }
    assert balances == {"OPBD": ("100.00", "DBIT"), "CLBD": ("2400.00", "CRDT")}
    summary = stmt.find("d:TxsSummry", namespaces=ns)
    assert summary.findtext("d:TtlNtries/d:NbOfNtries", namespaces=ns) == "3"
    assert summary.findtext("d:TtlCdtNtries/d:NbOfNtries", namespaces=ns) == "2"
    assert summary.findtext("d:TtlCdtNtries/d:Sum", namespaces=ns) == "3000.00"
    assert summary.findtext("d:TtlDbtNtries/d:Sum", namespaces=ns) == "500.00"
    indicators = [
        n.findtext("d:CdtDbtInd", namespaces=ns) for n in stmt.findall("d:Ntry", namespaces=ns)
    ]
    assert indicators == ["CRDT", "DBIT", "CRDT"]


@pytest.mark.parametrize("version", [2, 4, 5, 6, 8, 9, 10])
def test_camt053_version_differences(version: int) -> None:
    root = _camt(_statement(_record(reversal=True, entry_reference="BANKREF-1")), version)
    ns = _ns(root)
    assert ns["d"] == f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version:02d}"
    entry = root.find(".//d:Ntry", namespaces=ns)
    assert _tags(entry) == [
        "Amt", "CdtDbtInd", "RvslInd", "Sts", "BookgDt", "ValDt", "AcctSvcrRef", "BkTxCd",
        "NtryDtls",
    ]  # fmt: skip
    tx = entry.find("d:NtryDtls/d:TxDtls", namespaces=ns)
    bic = "BIC" if version < 4 else "BICFI"
    assert tx.findtext(f"d:RltdAgts/d:DbtrAgt/d:FinInstnId/d:{bic}", namespaces=ns) == "EBILAEAD"
    assert root.findtext(f".//d:Acct/d:Svcr/d:FinInstnId/d:{bic}", namespaces=ns) == OUR_BANK
    if version >= 8:
        assert entry.findtext("d:Sts/d:Cd", namespaces=ns) == "BOOK"
        assert (
            tx.findtext("d:RltdPties/d:Dbtr/d:Pty/d:Nm", namespaces=ns)
            == "Ahmed Al Mansouri Trading LLC"
        )
        assert _tags(tx.find("d:Refs", namespaces=ns)) == ["MsgId", "InstrId", "EndToEndId", "UETR"]
    else:
        assert entry.findtext("d:Sts", namespaces=ns) == "BOOK"
        assert (
            tx.findtext("d:RltdPties/d:Dbtr/d:Nm", namespaces=ns) == "Ahmed Al Mansouri Trading LLC"
        )
        assert _tags(tx.find("d:Refs", namespaces=ns)) == ["MsgId", "InstrId", "EndToEndId"]
    if version >= 4:
        assert _tags(tx)[:4] == ["Refs", "Amt", "CdtDbtInd", "AmtDtls"]
        assert tx.find("d:Chrgs/d:Rcrd/d:Agt", namespaces=ns) is not None
    else:
        assert _tags(tx)[:2] == ["Refs", "AmtDtls"]
        assert tx.findtext("d:AmtDtls/d:TxAmt/d:Amt", namespaces=ns) == "2985.50"
        assert tx.find("d:Chrgs/d:Pty", namespaces=ns) is not None
    assert _tags(tx)[-4:] == ["Chrgs", "RltdPties", "RltdAgts", "RmtInf"]


def test_camt053_bank_transaction_codes_and_returns() -> None:
    returned = _record(
        is_return=True, return_reason="AC04", end_to_end_id=None, original_end_to_end_id="PAYOUT-9"
    )
    debit = _record(direction="debit", charges=(), instructed_amount=None)
    root = _camt(_statement(_record(), returned, debit), 8)
    ns = _ns(root)
    codes = [
        "/".join(
            node.findtext(path, namespaces=ns)
            for path in ("d:Cd", "d:Fmly/d:Cd", "d:Fmly/d:SubFmlyCd")
        )
        for node in root.findall(".//d:Ntry/d:BkTxCd/d:Domn", namespaces=ns)
    ]
    assert codes == ["PMNT/RCDT/XBCT", "PMNT/ICDT/RRTN", "PMNT/ICDT/DMCT"]
    second = root.findall(".//d:TxDtls", namespaces=ns)[1]
    assert second.findtext("d:RtrInf/d:Rsn/d:Cd", namespaces=ns) == "AC04"
    assert second.findtext("d:Refs/d:EndToEndId", namespaces=ns) == "PAYOUT-9"


@pytest.mark.parametrize(
    ("statement", "version", "message"),
    [
        (_statement(_record()), 3, "version 3"),
        (_statement(_record()), 7, "version 7"),
        (_statement(_record()), 11, "version 11"),
        (_statement(_record(currency="EUR")), 8, "currency EUR"),
        (_statement(_record(direction="status")), 8, "not status"),
        (_statement(_record(value_date=None)), 8, "value date"),
        (_statement(_record(), code="usd"), 8, "three-letter"),
    ],
)
def test_camt053_refusals(statement: Statement, version: int, message: str) -> None:
    with pytest.raises(MessageError, match=message):
        write_camt053(statement, message_id="CAMT-1", version=version)


# -- round trips through intake's parsers ---------------------------------------------------------
CURRENCIES = ("USD", "EUR", "CNH", "JPY", "AED")
BICS = ("EBILAEAD", "EBILAEADXXX", "HSBCHKHH", "DEUTDEFF500", "BNPAFRPP", "MHCBJPJT", "ICBKCNBJ")
IBANS = ("AE070331234567890123456", "DE89370400440532013000", "GB29NWBK60161331926819")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_WORD = st.text(_LETTERS + "0123456789", min_size=1, max_size=1).flatmap(
    lambda head: st.text(_LETTERS + "0123456789.,'()+-", max_size=11).map(lambda tail: head + tail)
)
_IDS = st.text(_LETTERS + "0123456789-", min_size=1, max_size=35)


def _words(max_size: int) -> st.SearchStrategy[str]:
    """Words joined by single spaces, each starting with a letter or digit, ≤ max_size chars."""
    words = st.lists(_WORD, min_size=1, max_size=max_size // 6)
    return words.map(" ".join).filter(lambda text: len(text) <= max_size)


def _amounts(code: str, low: int = 10_000, high: int = 10**11) -> st.SearchStrategy[Decimal]:
    exponent = iso_currency(code).exponent
    return st.integers(low, high).map(lambda minor: Decimal(minor).scaleb(-exponent))


@st.composite
def records(draw: st.DrawFn, code: str | None = None) -> BankRecord:
    """A realistic inbound credit that every one of the three formats can carry."""
    code = code or draw(st.sampled_from(CURRENCIES))
    bearer = draw(st.sampled_from(["OUR", "BEN", "SHA", "DEBT", "CRED", "SHAR", "SLEV", None]))
    most = 1 if bearer in {"OUR", "DEBT"} else 2
    charge = st.builds(
        Charge,
        amount=_amounts(code, 1, 5_000),
        currency=st.just(code),
        agent_bic=st.none() | st.sampled_from(BICS),
    )
    instructed_code = draw(st.sampled_from([code, code, *CURRENCIES]))
    account = st.sampled_from(IBANS) | st.text("0123456789ABCDEF", min_size=6, max_size=34)
    return BankRecord(
        source_format="pacs.008",
        message_id=draw(st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=16)),
        amount=draw(_amounts(code)),
        currency=code,
        end_to_end_id=draw(st.none() | _IDS),
        instruction_id=draw(st.none() | _IDS),
        transaction_id=draw(st.none() | _IDS),
        uetr=draw(st.none() | st.uuids(version=4).map(str)),
        value_date=draw(st.dates(date(2001, 1, 1), date(2049, 12, 31))),
        debtor_name=draw(_words(70)),
        debtor_account=draw(account),
        debtor_agent_bic=draw(st.sampled_from(BICS)),
        debtor_country=draw(st.none() | st.sampled_from(["AE", "DE", "US", "JP", "RU", "CN"])),
        ultimate_debtor_name=draw(st.none() | _words(70)),
        creditor_name=draw(_words(70)),
        creditor_account=draw(st.text("0123456789", min_size=6, max_size=20)),
        remittance_info=draw(st.none() | _words(140)),
        charge_bearer=bearer,
        charges=tuple(draw(st.lists(charge, max_size=most))),
        instructed_amount=draw(st.none() | _amounts(instructed_code)),
        instructed_currency=instructed_code,
    )


_ISO_BEARER = {"OUR": "DEBT", "BEN": "CRED", "SHA": "SHAR", None: "SHAR"}
_MT_BEARER = {"DEBT": "OUR", "CRED": "BEN", "SHAR": "SHA", "SLEV": "SHA", None: "SHA"}


def _common(got: BankRecord, want: BankRecord) -> None:
    assert got.amount == want.amount
    assert got.currency == want.currency
    assert got.value_date == want.value_date
    assert got.uetr == want.uetr
    assert got.debtor_name == want.debtor_name
    assert got.debtor_account == want.debtor_account
    assert got.creditor_name == want.creditor_name
    assert got.creditor_account == want.creditor_account
    assert got.remittance_info == want.remittance_info


def _iso_ids(got: BankRecord, want: BankRecord) -> None:
    assert got.instruction_id == want.instruction_id
    assert got.transaction_id == want.transaction_id
    assert got.debtor_country == want.debtor_country
    assert got.ultimate_debtor_name == want.ultimate_debtor_name


@given(st.lists(records(), min_size=1, max_size=3), st.sampled_from(range(8, 14)))
def test_pacs008_round_trip(batch: list[BankRecord], version: int) -> None:
    from yipay.intake.messages.iso20022 import parse_iso20022

    data = write_pacs008(
        batch,
        message_id="MSG-1",
        created_at=CREATED,
        instructing_agent_bic=US_BANK,
        instructed_agent_bic=OUR_BANK,
        version=version,
    )
    parsed = parse_iso20022(data, name="pacs.xml")
    assert len(parsed) == len(batch)
    for got, want in zip(parsed, batch, strict=True):
        _common(got, want)
        _iso_ids(got, want)
        assert got.source_format == "pacs.008"
        assert got.message_id == "MSG-1"
        assert got.end_to_end_id == (want.end_to_end_id or "NOTPROVIDED")
        assert got.debtor_agent_bic == want.debtor_agent_bic
        assert got.charge_bearer == _ISO_BEARER.get(want.charge_bearer, want.charge_bearer)
        assert got.instructed_amount == want.instructed_amount
        if want.instructed_amount is not None:
            assert got.instructed_currency == want.instructed_currency
        assert got.charges == tuple(
            Charge(c.amount, c.currency, c.agent_bic or US_BANK) for c in want.charges
        )


def _mt_bic(bic: str) -> str:
    return bic[:8] if bic.endswith("XXX") else bic


def _mt_instructed(record: BankRecord) -> tuple[Decimal | None, str | None]:
    if record.instructed_amount is not None:
        return record.instructed_amount, record.instructed_currency
    if not record.charges:
        return None, None
    assert record.amount is not None
    total = sum((c.amount for c in record.charges), Decimal(0))
    bearer = _MT_BEARER.get(record.charge_bearer, record.charge_bearer)
    return (record.amount - total if bearer == "OUR" else record.amount + total), record.currency


@given(st.lists(records(), min_size=1, max_size=3))
def test_mt103_round_trip(batch: list[BankRecord]) -> None:
    from yipay.intake.messages.swift_mt import parse_swift

    for record in batch:  # MT text comes back only when it wraps at spaces (70: 4x35, 1/: 33)
        text = record.remittance_info
        assume(text is None or " ".join(wrap_lines(text, what="70")) == text)
        for name in (record.debtor_name, record.creditor_name):
            assert name is not None
            assume(" ".join(wrap_lines(name, what="name", lines=3, width=33)) == name)
    messages = [
        write_mt103(record, sender_bic=US_BANK, receiver_bic=OUR_BANK, sequence=index + 1)
        for index, record in enumerate(batch)
    ]
    parsed = parse_swift(write_rje(messages), name="mt103.rje")
    assert len(parsed) == len(batch)
    for index, (got, want) in enumerate(zip(parsed, batch, strict=True)):
        _common(got, want)
        assert got.debtor_country == want.debtor_country  # :50F: 3/
        assert got.instruction_id == want.message_id  # :20: feeds both
        assert got.end_to_end_id is None  # MT103 has no end-to-end id field
        assert got.source_format == "mt103"
        assert got.message_index == index
        assert got.message_id == want.message_id
        assert got.sender_bic == US_BANK
        assert got.debtor_agent_bic == _mt_bic(want.debtor_agent_bic or "")
        assert got.charge_bearer == _MT_BEARER.get(want.charge_bearer, want.charge_bearer)
        assert (got.instructed_amount, got.instructed_currency) == _mt_instructed(want)
        assert got.charges == tuple(Charge(c.amount, c.currency) for c in want.charges)


@st.composite
def statements(draw: st.DrawFn) -> Statement:
    code = draw(st.sampled_from(CURRENCIES))
    drawn = draw(st.lists(records(code), min_size=1, max_size=4))
    entries = [replace(r, direction=draw(st.sampled_from(["credit", "debit"]))) for r in drawn]
    exponent = iso_currency(code).exponent
    opening = Decimal(draw(st.integers(-(10**12), 10**12))).scaleb(-exponent)
    return Statement(
        account=draw(st.sampled_from(IBANS) | st.just("620000000002")),
        currency=code,
        statement_id="STMT-1",
        created_at=CREATED,
        from_date=DAY,
        to_date=DAY,
        opening_balance=opening,
        entries=tuple(entries),
        owner_name="YIPAY PAYMENTS LTD",
        servicer_bic=OUR_BANK,
    )


@given(statements(), st.sampled_from([2, 4, 5, 6, 8, 9, 10]))
def test_camt053_round_trip(statement: Statement, version: int) -> None:
    from yipay.intake.messages.iso20022 import parse_iso20022

    data = write_camt053(statement, message_id="CAMT-1", version=version)
    parsed = parse_iso20022(data, name="camt.xml")
    assert len(parsed) == len(statement.entries)
    for got, want in zip(parsed, statement.entries, strict=True):
        _common(got, replace(want, uetr=want.uetr if version >= 8 else None))  # Refs/UETR: v8+
        _iso_ids(got, want)
        assert got.source_format == "camt.053"
        assert got.message_id == "CAMT-1"
        assert got.direction == want.direction
        assert got.end_to_end_id == want.end_to_end_id
        assert got.debtor_agent_bic == want.debtor_agent_bic
        assert got.instructed_amount == want.instructed_amount
        assert got.account == statement.account
        assert got.statement_id == "STMT-1"
        assert [(c.amount, c.currency) for c in got.charges] == [
            (c.amount, c.currency) for c in want.charges
        ]


def test_round_trip_of_long_remittance_returns_and_empty_statements() -> None:
    from yipay.intake.messages.iso20022 import parse_iso20022

    text = " ".join(f"INV-{n:05d}" for n in range(40))
    (got,) = parse_iso20022(
        write_pacs008(
            [_record(remittance_info=text)],
            message_id="M",
            created_at=CREATED,
            instructing_agent_bic=US_BANK,
            instructed_agent_bic=OUR_BANK,
        ),
        name="long.xml",
    )
    assert got.remittance_info == text
    returned = _record(is_return=True, return_reason="AC04", reversal=True, entry_reference="R-1")
    for version in (2, 4, 8):
        (entry,) = parse_iso20022(
            write_camt053(_statement(returned), message_id="C", version=version), name="c.xml"
        )
        assert (entry.is_return, entry.return_reason, entry.reversal) == (True, "AC04", True)
        assert entry.entry_reference == "R-1"
        assert entry.bank_transaction_code == "PMNT/ICDT/RRTN"
    assert parse_iso20022(write_camt053(_statement(), message_id="C"), name="empty.xml") == []
