"""The hardened parser refuses DTDs and entities outright; the helpers read any version by name."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from yipay.adapters.iso20022 import MessageError, find, find_all, parse_xml, text
from yipay.adapters.iso20022 import xml as xml_module
from yipay.adapters.iso20022.xml import (
    date_choice,
    first_text,
    identifier,
    local_name,
    namespace,
    parse_amount,
    parse_date,
    require_text,
)

XXE = (
    b'<?xml version="1.0"?>\n'
    b'<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">'
    b"<CstmrPmtStsRpt><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></CstmrPmtStsRpt></Document>"
)
XXE_PARAMETER = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]><r/>'
)


def billion_laughs(levels: int = 10) -> bytes:
    entities = [b'<!ENTITY lol0 "lol">']
    entities += [
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, levels)
    ]
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [' + b"".join(entities) + b"]>\n"
        b"<lolz>&lol%d;</lolz>" % (levels - 1)
    )


def amount_element(value: str, ccy: str | None = "USD") -> etree._Element:
    attribute = "" if ccy is None else f' Ccy="{ccy}"'
    return parse_xml(f"<Amt{attribute}>{value}</Amt>".encode())


@pytest.mark.parametrize(
    "data",
    [XXE, XXE_PARAMETER, billion_laughs(), billion_laughs().decode().encode("utf-16")],
    ids=["xxe-file", "xxe-parameter-entity", "billion-laughs", "billion-laughs-utf16"],
)
def test_dtd_and_entity_attacks_are_refused_quickly_without_expansion(data: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(MessageError, match="DOCTYPE or entity") as caught:
        parse_xml(data, name="evil.xml")
    assert time.perf_counter() - started < 1.0
    assert "evil.xml" in str(caught.value)
    assert "root:" not in str(caught.value)
    assert "lollollol" not in str(caught.value)
    assert caught.value.code == "bank_message_invalid"


def test_a_doctype_is_refused_after_parsing_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # Defence in depth: even if the byte scan missed a DOCTYPE, the parsed document is checked.
    monkeypatch.setattr(xml_module, "_FORBIDDEN_MARKERS", ())
    with pytest.raises(MessageError, match="DOCTYPE or entity"):
        parse_xml(XXE)
    with pytest.raises(MessageError):
        parse_xml(billion_laughs())
    with pytest.raises(MessageError, match="DOCTYPE or entity"):
        parse_xml(b"<!DOCTYPE r><r/>")


def test_an_undeclared_entity_reference_is_malformed() -> None:
    with pytest.raises(MessageError, match="not well-formed"):
        parse_xml(b"<r>&nbsp;</r>")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty document"),
        (b"   \n", "empty document"),
        (b"<r><unclosed></r>", "not well-formed"),
        (b"<r>", "not well-formed"),
        (b"not xml at all", "not well-formed"),
        (b'<?xml version="1.0" encoding="klingon"?><r/>', "not well-formed"),
    ],
)
def test_malformed_input_gives_one_line_naming_the_input(data: bytes, reason: str) -> None:
    with pytest.raises(MessageError, match=reason) as caught:
        parse_xml(data, name="bank-file-7.xml")
    assert str(caught.value).startswith("bank-file-7.xml: ")
    assert "\n" not in str(caught.value)


def test_size_cap_is_enforced_before_parsing_and_configurable() -> None:
    data = b"<r>" + b"x" * 100 + b"</r>"
    with pytest.raises(MessageError, match="over the 50-byte limit"):
        parse_xml(data, max_bytes=50)
    assert local_name(parse_xml(data, max_bytes=len(data))) == "r"
    assert xml_module.DEFAULT_MAX_BYTES == 10 * 1024 * 1024


def test_text_is_required_not_bytes() -> None:
    with pytest.raises(MessageError, match="expected bytes"):
        parse_xml("<r/>")  # type: ignore[arg-type]


def test_helpers_match_local_names_across_prefixes_and_versions() -> None:
    root = parse_xml(
        b'<p:Document xmlns:p="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">'
        b"<p:GrpHdr><p:MsgId> M-1 </p:MsgId></p:GrpHdr>"
        b"<p:Ntry><p:Sts>BOOK</p:Sts></p:Ntry><p:Ntry><p:Sts><p:Cd>PDNG</p:Cd></p:Sts></p:Ntry>"
        b"<!-- comments are dropped --></p:Document>"
    )
    assert local_name(root) == "Document"
    assert namespace(root) == "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"
    assert text(root, "GrpHdr/MsgId") == "M-1"
    assert text(root, "GrpHdr/Nothing") is None
    assert [first_text(n, "Sts", "Sts/Cd") for n in find_all(root, "Ntry")] == ["BOOK", "PDNG"]
    assert find(root, "Ntry/Sts") is not None
    assert len(root) == 3
    with pytest.raises(MessageError, match="missing Document/GrpHdr/CreDtTm"):
        require_text(root, "GrpHdr/CreDtTm", name="m")


def test_notprovided_is_never_an_id() -> None:
    assert identifier("NOTPROVIDED") is None
    assert identifier("notprovided") is None
    assert identifier(None) is None
    assert identifier("pot_1") == "pot_1"


@pytest.mark.parametrize(
    ("value", "ccy", "expected"),
    [
        ("5442.09000", "RON", Decimal("5442.09")),
        ("8.850", "CHF", Decimal("8.85")),
        ("3.1", "CHF", Decimal("3.10")),
        ("1000", "JPY", Decimal(1000)),
        ("1.234", "BHD", Decimal("1.234")),
        ("0", "USD", Decimal("0.00")),
        ("999999999999999999", "JPY", Decimal(999999999999999999)),
    ],
)
def test_amounts_are_exact_and_normalised(value: str, ccy: str, expected: Decimal) -> None:
    amount, code = parse_amount(amount_element(value, ccy), name="m")
    assert (amount, code) == (expected, ccy)
    assert str(amount) == str(expected)


def test_cnh_is_kept_as_written() -> None:
    assert parse_amount(amount_element("10.5", "cnh"), name="m") == (Decimal("10.50"), "CNH")


@pytest.mark.parametrize(
    ("value", "ccy", "reason"),
    [
        ("1.001", "USD", "more decimals than USD allows"),
        ("1.5", "JPY", "more decimals than JPY allows"),
        ("1.000001", "BHD", "exceeds 18 digits or 5 decimals"),
        ("1234567890123456789", "JPY", "exceeds 18 digits"),
        ("-5.00", "USD", "plain non-negative decimal"),
        ("+5.00", "USD", "plain non-negative decimal"),
        ("1e3", "USD", "plain non-negative decimal"),
        ("1,50", "USD", "plain non-negative decimal"),
        ("", "USD", "plain non-negative decimal"),
        ("١٢", "USD", "plain non-negative decimal"),
        ("NaN", "USD", "plain non-negative decimal"),
        ("10", "XAU", "no minor units"),
        ("10", "ZZZ", "unknown currency"),
        ("10", "US", "three-letter"),
        ("10", None, "no Ccy attribute"),
    ],
)
def test_bad_amounts_are_refused(value: str, ccy: str | None, reason: str) -> None:
    with pytest.raises(MessageError, match=reason):
        parse_amount(amount_element(value, ccy), name="m")


def test_dates_from_date_and_date_time_choices() -> None:
    assert parse_date("2020-11-24", name="m", what="d") == date(2020, 11, 24)
    assert parse_date("2026-11-04T10:02:03.123456789", name="m", what="d") == date(2026, 11, 4)
    assert parse_date("2026-11-04T23:59:59+08:00", name="m", what="d") == date(2026, 11, 4)
    for bad in ("2021-02-30", "20211104", "04.11.2026", "２０２６-11-04"):
        with pytest.raises(MessageError):
            parse_date(bad, name="m", what="d")
    entry = parse_xml(b"<Ntry><BookgDt><DtTm>2007-10-18T13:15:00+01:00</DtTm></BookgDt></Ntry>")
    assert date_choice(entry, "BookgDt", name="m") == date(2007, 10, 18)
    assert date_choice(entry, "ValDt", name="m") is None
