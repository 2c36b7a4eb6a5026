"""pain.001.001.09 out: exact amounts, ids the bank echoes back, refusals, and the schema check."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from lxml import etree

from yipay.adapters.iso20022 import (
    PAIN001_NAMESPACE,
    CreditTransfer,
    CreditTransferBatch,
    MessageError,
    check_pain001,
    find,
    find_all,
    format_amount,
    looks_like_iban,
    parse_xml,
    payment_groups,
    text,
    write_pain001,
)
from yipay.core.money import Money

DAY = date(2026, 11, 4)


def transfer(end_to_end_id: str = "pot_1", **changes: object) -> CreditTransfer:
    base = CreditTransfer(
        end_to_end_id=end_to_end_id,
        amount=Money.of("1234.50", "CNY"),
        creditor_name="义乌市小商品贸易有限公司",
        creditor_account="6222 0210 0123 4567 890",
        creditor_agent_bic=None,
        creditor_agent_name="中国工商银行义乌分行",
        creditor_agent_clearing_id="102338000011",
        remittance=f"yipay payout {end_to_end_id}",
        requested_execution_date=DAY,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def batch(*transfers: CreditTransfer, **changes: object) -> CreditTransferBatch:
    base = CreditTransferBatch(
        message_id="YP-20261104-0001",
        created_at=datetime(2026, 11, 4, 9, 30, tzinfo=timezone(timedelta(hours=8))),
        initiating_party="Yipay Cross-border Payments Co., Ltd.",
        debtor_name="Yipay Client Money Account",
        debtor_account="6222021001000000001",
        debtor_agent_bic="ICBKCNBJZJP",
        transfers=transfers or (transfer(),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_round_trip_writes_checks_and_reads_back_every_id_and_amount() -> None:
    transfers = (
        transfer("pot_1", amount=Money.of("15000.00", "CNY")),
        transfer("pot_2", amount=Money.of("0.01", "CNY"), purpose="GDDS"),
        transfer(
            "pot_3",
            amount=Money.of("2985", "USD"),
            creditor_account="DE89 3704 0044 0532 0130 00",
            creditor_agent_bic="DEUTDEFFXXX",
            creditor_agent_name=None,
            creditor_agent_clearing_id=None,
            charge_bearer="SHAR",
        ),
        transfer(
            "pot_4", amount=Money.of("500", "JPY"), requested_execution_date=DAY + timedelta(1)
        ),
    )
    data = write_pain001(batch(*transfers))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    check_pain001(data)

    root = parse_xml(data)
    assert root.tag == f"{{{PAIN001_NAMESPACE}}}Document"
    header = find(root, "CstmrCdtTrfInitn/GrpHdr")
    assert text(header, "MsgId") == "YP-20261104-0001"
    assert text(header, "CreDtTm") == "2026-11-04T01:30:00+00:00"
    assert text(header, "NbOfTxs") == "4"
    assert text(header, "CtrlSum") == "18485.01"  # a plain sum across currencies, as ISO defines it
    assert text(header, "InitgPty/Nm") == "Yipay Cross-border Payments Co., Ltd."

    infos = find_all(root, "CstmrCdtTrfInitn/PmtInf")
    summary = [
        (
            text(info, "PmtInfId"),
            text(info, "ReqdExctnDt/Dt"),
            text(info, "ChrgBr"),
            text(info, "NbOfTxs"),
            text(info, "CtrlSum"),
        )
        for info in infos
    ]
    assert summary == [
        ("YP-20261104-0001-1", "2026-11-04", "SLEV", "2", "15000.01"),
        ("YP-20261104-0001-2", "2026-11-04", "SHAR", "1", "2985.00"),
        ("YP-20261104-0001-3", "2026-11-05", "SLEV", "1", "500"),
    ]
    for info in infos:
        assert text(info, "PmtMtd") == "TRF"
        assert text(info, "BtchBookg") == "false"
        assert text(info, "Dbtr/Nm") == "Yipay Client Money Account"
        assert text(info, "DbtrAcct/Id/Othr/Id") == "6222021001000000001"
        assert text(info, "DbtrAgt/FinInstnId/BICFI") == "ICBKCNBJZJP"

    read_back = [
        (
            text(tx, "PmtId/InstrId"),
            text(tx, "PmtId/EndToEndId"),
            text(tx, "Amt/InstdAmt"),
            find(tx, "Amt/InstdAmt").get("Ccy"),
        )
        for tx in find_all(root, "CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf")
    ]
    assert read_back == [
        ("pot_1", "pot_1", "15000.00", "CNY"),
        ("pot_2", "pot_2", "0.01", "CNY"),
        ("pot_3", "pot_3", "2985.00", "USD"),
        ("pot_4", "pot_4", "500", "JPY"),
    ]
    cny, _, usd, _ = find_all(root, "CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf")
    assert text(cny, "CdtrAgt/FinInstnId/ClrSysMmbId/ClrSysId/Cd") == "CNAPS"
    assert text(cny, "CdtrAgt/FinInstnId/ClrSysMmbId/MmbId") == "102338000011"
    assert text(cny, "CdtrAgt/FinInstnId/Nm") == "中国工商银行义乌分行"
    assert text(cny, "Cdtr/Nm") == "义乌市小商品贸易有限公司"
    assert text(cny, "CdtrAcct/Id/Othr/Id") == "6222 0210 0123 4567 890"
    assert text(cny, "RmtInf/Ustrd") == "yipay payout pot_1"
    assert text(usd, "CdtrAgt/FinInstnId/BICFI") == "DEUTDEFFXXX"
    assert find(usd, "CdtrAgt/FinInstnId/Nm") is None
    assert text(usd, "CdtrAcct/Id/IBAN") == "DE89370400440532013000"
    assert text(find_all(root, "CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf")[1], "Purp/Cd") == "GDDS"


def test_elements_follow_the_schema_sequence() -> None:
    root = parse_xml(write_pain001(batch()))
    info = find(root, "CstmrCdtTrfInitn/PmtInf")
    assert [etree.QName(child).localname for child in info] == [
        "PmtInfId", "PmtMtd", "BtchBookg", "NbOfTxs", "CtrlSum", "ReqdExctnDt", "Dbtr",
        "DbtrAcct", "DbtrAgt", "ChrgBr", "CdtTrfTxInf",
    ]  # fmt: skip
    tx = find(info, "CdtTrfTxInf")
    assert [etree.QName(child).localname for child in tx] == [
        "PmtId", "Amt", "CdtrAgt", "Cdtr", "CdtrAcct", "RmtInf",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "code", "written"),
    [
        ("1234.5", "USD", "1234.50"),
        ("0.10", "USD", "0.10"),
        ("100", "USD", "100.00"),
        ("1000000", "JPY", "1000000"),
        ("7", "JPY", "7"),
        ("1.5", "BHD", "1.500"),
        ("0.001", "BHD", "0.001"),
        ("123456789.12", "CNY", "123456789.12"),
        ("0.01", "CNY", "0.01"),
        ("9999999999999999.99", "CNY", "9999999999999999.99"),
    ],
)
def test_amounts_carry_exactly_the_currency_exponent(amount: str, code: str, written: str) -> None:
    money = Money.of(amount, code)
    assert format_amount(money) == written
    root = parse_xml(write_pain001(batch(transfer(amount=money))))
    assert text(root, "CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt") == written
    assert text(root, "CstmrCdtTrfInitn/GrpHdr/CtrlSum") == written


def test_remittance_is_cut_to_140_characters_and_omitted_when_blank() -> None:
    long = transfer("pot_1", remittance="货款" * 100)
    blank = transfer("pot_2", remittance="   ")
    root = parse_xml(write_pain001(batch(long, blank)))
    first, second = find_all(root, "CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf")
    assert text(first, "RmtInf/Ustrd") == "货款" * 70
    assert find(second, "RmtInf") is None


def test_batch_booking_can_be_requested() -> None:
    root = parse_xml(write_pain001(batch(batch_booking=True)))
    assert text(root, "CstmrCdtTrfInitn/PmtInf/BtchBookg") == "true"


def test_long_message_ids_still_give_unique_payment_info_ids_within_35() -> None:
    first = payment_groups(batch(message_id="M" * 35))
    second = payment_groups(batch(message_id="M" * 34 + "N"))
    assert len(first[0].payment_info_id) <= 35
    assert first[0].payment_info_id != second[0].payment_info_id


def test_groups_are_per_currency_date_and_charge_bearer() -> None:
    groups = payment_groups(
        batch(
            transfer("a"),
            transfer("b", amount=Money.of("1", "USD")),
            transfer("c"),
            transfer("d", requested_execution_date=DAY + timedelta(1)),
            transfer("e", charge_bearer="DEBT"),
        )
    )
    assert [(g.currency, [t.end_to_end_id for t in g.transfers]) for g in groups] == [
        ("CNY", ["a", "c"]),
        ("USD", ["b"]),
        ("CNY", ["d"]),
        ("CNY", ["e"]),
    ]


def test_iban_detection_checks_the_mod97_digits() -> None:
    assert looks_like_iban("DE89 3704 0044 0532 0130 00")
    assert looks_like_iban("gb82west12345698765432")
    assert not looks_like_iban("DE88370400440532013000")  # check digits wrong
    assert not looks_like_iban("6222021001234567890")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: batch(transfers=()), "at least one transfer"),
        (lambda: batch(transfer("pot_1"), transfer("pot_1")), "duplicate end-to-end id 'pot_1'"),
        (lambda: batch(transfer("p" * 36)), "end-to-end id is longer than 35"),
        (lambda: batch(transfer("")), "end-to-end id is empty"),
        (lambda: batch(transfer(" pot_1")), "leading or trailing spaces"),
        (lambda: batch(message_id="M" * 36), "message id is longer than 35"),
        (lambda: batch(message_id="  "), "message id is empty"),
        (lambda: batch(transfer(amount=Money.zero("CNY"))), "amount must be positive"),
        (lambda: batch(transfer(amount=-Money.of("5", "CNY"))), "amount must be positive"),
        (lambda: batch(transfer(amount="5.00")), "amount must be positive Money"),
        (lambda: batch(transfer(creditor_name="")), "creditor name is empty"),
        (lambda: batch(transfer(creditor_name="x" * 141)), "longer than 140"),
        (lambda: batch(transfer(creditor_account=" ")), "creditor account is empty"),
        (lambda: batch(transfer(creditor_account="1" * 35)), "longer than 34"),
        (lambda: batch(debtor_name=""), "debtor name is empty"),
        (lambda: batch(debtor_account=""), "debtor account is empty"),
        (lambda: batch(initiating_party=""), "initiating party name is empty"),
        (lambda: batch(debtor_agent_bic="ICBK"), "debtor agent BIC is not a BIC"),
        (lambda: batch(created_at=datetime(2026, 11, 4, 9, 30)), "aware datetime"),
        (lambda: batch(transfer(creditor_agent_bic="bad bic")), "creditor agent BIC is not"),
        (
            lambda: batch(transfer(creditor_agent_bic=None, creditor_agent_name=None)),
            "needs a BIC or a name",
        ),
        (lambda: batch(transfer(creditor_agent_name="")), "creditor agent name is empty"),
        (lambda: batch(transfer(creditor_agent_clearing_id="")), "clearing id is empty"),
        (lambda: batch(transfer(charge_bearer="OUR")), "charge bearer must be one of"),
        (lambda: batch(transfer(purpose="GOODS")), "purpose must be"),
        (lambda: batch(transfer(creditor_name="a\x00b")), "characters XML cannot carry"),
        (lambda: batch(transfer(remittance="a\x1bb")), "remittance must be text"),
        (
            lambda: batch(transfer(requested_execution_date=datetime(2026, 11, 4, tzinfo=UTC))),
            "requested execution date must be a date",
        ),
    ],
)
def test_invalid_batches_are_refused_whole(make: object, reason: str) -> None:
    with pytest.raises(MessageError, match=reason) as caught:
        write_pain001(make())  # type: ignore[operator]
    assert str(caught.value).startswith("pain.001: ")
    assert caught.value.code == "bank_message_invalid"


def _edited(path: str, change: str) -> bytes:
    root = parse_xml(write_pain001(batch(transfer("pot_1"), transfer("pot_2"))))
    target = find(root, path)
    assert target is not None
    if change == "remove":
        target.getparent().remove(target)
    else:
        target.text = change
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(
    ("path", "change", "reason"),
    [
        ("CstmrCdtTrfInitn/GrpHdr/MsgId", "remove", "GrpHdr/MsgId missing"),
        ("CstmrCdtTrfInitn/GrpHdr/CreDtTm", "remove", "GrpHdr/CreDtTm missing"),
        ("CstmrCdtTrfInitn/GrpHdr/InitgPty", "remove", "GrpHdr/InitgPty missing"),
        ("CstmrCdtTrfInitn/GrpHdr/NbOfTxs", "3", "GrpHdr/NbOfTxs 3 but 2 transactions"),
        ("CstmrCdtTrfInitn/GrpHdr/CtrlSum", "2469.01", "CtrlSum 2469.01 but the amounts"),
        ("CstmrCdtTrfInitn/PmtInf/NbOfTxs", "x", "PmtInf\\[1\\]/NbOfTxs x but 2"),
        ("CstmrCdtTrfInitn/PmtInf/CtrlSum", "1", "PmtInf\\[1\\]/CtrlSum 1 but"),
        ("CstmrCdtTrfInitn/PmtInf/PmtInfId", "remove", "PmtInfId missing"),
        ("CstmrCdtTrfInitn/PmtInf/PmtMtd", "DD", "PmtMtd must be TRF"),
        ("CstmrCdtTrfInitn/PmtInf/ReqdExctnDt", "remove", "ReqdExctnDt missing"),
        ("CstmrCdtTrfInitn/PmtInf/Dbtr", "remove", "PmtInf\\[1\\]/Dbtr missing"),
        ("CstmrCdtTrfInitn/PmtInf/DbtrAcct", "remove", "DbtrAcct/Id missing"),
        ("CstmrCdtTrfInitn/PmtInf/DbtrAgt", "remove", "DbtrAgt/FinInstnId missing"),
        (
            "CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/PmtId/EndToEndId",
            "remove",
            "CdtTrfTxInf\\[1\\]: PmtId/EndToEndId missing",
        ),
        ("CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt", "remove", "CdtTrfTxInf\\[1\\]: Amt missing"),
        ("CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt", "1.001", "more decimals than CNY"),
        ("CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Cdtr", "remove", "Cdtr missing"),
        ("CstmrCdtTrfInitn/PmtInf", "remove", "no PmtInf"),
    ],
)
def test_check_pain001_names_what_is_missing_or_inconsistent(
    path: str, change: str, reason: str
) -> None:
    with pytest.raises(MessageError, match=reason):
        check_pain001(_edited(path, change))


def test_check_pain001_refuses_other_documents() -> None:
    with pytest.raises(
        MessageError, match=r"not a urn:iso:std:iso:20022:tech:xsd:pain\.001\.001\.09"
    ):
        check_pain001(write_pain001(batch()).replace(b"pain.001.001.09", b"pain.001.001.03"))
    with pytest.raises(MessageError, match="missing CstmrCdtTrfInitn"):
        check_pain001(f'<Document xmlns="{PAIN001_NAMESPACE}"/>'.encode())
    with pytest.raises(MessageError, match="DOCTYPE"):
        check_pain001(b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>')


def test_check_pain001_reports_several_problems_in_one_line() -> None:
    data = _edited("CstmrCdtTrfInitn/PmtInf/Dbtr", "remove").replace(b"<CtrlSum>", b"<Ctrl>")
    data = data.replace(b"</CtrlSum>", b"</Ctrl>").replace(b"<NbOfTxs>2<", b"<NbOfTxs>9<")
    with pytest.raises(MessageError) as caught:
        check_pain001(data)
    message = str(caught.value)
    assert "\n" not in message
    assert "Dbtr missing" in message
    assert "NbOfTxs 9 but 2 transactions" in message


def test_control_sum_is_exact_decimal() -> None:
    transfers = tuple(transfer(f"p{i}", amount=Money.of("0.10", "CNY")) for i in range(3))
    root = parse_xml(write_pain001(batch(*transfers)))
    assert Decimal(text(root, "CstmrCdtTrfInitn/GrpHdr/CtrlSum") or "") == Decimal("0.30")
    assert text(root, "CstmrCdtTrfInitn/GrpHdr/CtrlSum") == "0.30"


def test_an_iban_written_with_spaces_may_be_longer_than_34_characters() -> None:
    spaced = "MT84 MALT 0110 0001 2345 MTLC AST0 01S"  # 31-character IBAN, 38 with spaces
    root = parse_xml(write_pain001(batch(transfer(creditor_account=spaced))))
    assert text(root, "CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAcct/Id/IBAN") == spaced.replace(
        " ", ""
    )
