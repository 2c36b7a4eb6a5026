"""A stand-in partner bank for the demo and tests: it reads our pain.001 and answers with a
pain.002 status report, settling every transfer except those it is told to reject."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from lxml import etree

from yipay.adapters.iso20022 import find, find_all, parse_xml, text

PAIN002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"


def answer_pain001(
    document: bytes, *, at: datetime, reject: Mapping[str, str] | None = None
) -> bytes:
    """A pain.002 for every transfer in `document`: ACSC, or RJCT with the reason in `reject`
    (end-to-end id → ISO reason code, e.g. AC04 "closed account")."""
    rejected = dict(reject or {})
    source = parse_xml(document, name="pain.001")
    initiation = find(source, "CstmrCdtTrfInitn")
    if initiation is None:
        raise ValueError("not a pain.001 customer credit transfer initiation")
    message_id = text(find(initiation, "GrpHdr/MsgId")) or "?"
    root = etree.Element(f"{{{PAIN002}}}Document", nsmap={None: PAIN002})
    report = etree.SubElement(root, f"{{{PAIN002}}}CstmrPmtStsRpt")
    header = etree.SubElement(report, f"{{{PAIN002}}}GrpHdr")
    _leaf(header, "MsgId", f"STS-{message_id}"[:35])
    _leaf(header, "CreDtTm", at.isoformat(timespec="seconds"))
    original = etree.SubElement(report, f"{{{PAIN002}}}OrgnlGrpInfAndSts")
    _leaf(original, "OrgnlMsgId", message_id)
    _leaf(original, "OrgnlMsgNmId", "pain.001.001.09")
    for info in find_all(initiation, "PmtInf"):
        block = etree.SubElement(report, f"{{{PAIN002}}}OrgnlPmtInfAndSts")
        _leaf(block, "OrgnlPmtInfId", text(find(info, "PmtInfId")) or "?")
        for tx in find_all(info, "CdtTrfTxInf"):
            end_to_end = text(find(tx, "PmtId/EndToEndId")) or "?"
            line = etree.SubElement(block, f"{{{PAIN002}}}TxInfAndSts")
            _leaf(line, "OrgnlInstrId", text(find(tx, "PmtId/InstrId")) or end_to_end)
            _leaf(line, "OrgnlEndToEndId", end_to_end)
            _leaf(line, "TxSts", "RJCT" if end_to_end in rejected else "ACSC")
            if end_to_end in rejected:
                reason = etree.SubElement(line, f"{{{PAIN002}}}StsRsnInf")
                code = etree.SubElement(reason, f"{{{PAIN002}}}Rsn")
                _leaf(code, "Cd", rejected[end_to_end])
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _leaf(parent: etree._Element, tag: str, value: str) -> None:
    etree.SubElement(parent, f"{{{PAIN002}}}{tag}").text = value
