"""Inbound ISO 20022 bank messages (pacs.008/004/002, camt.053/054) as `BankRecord`s.

The message type and version come from the Document's namespace alone and must agree with the
message element under it and with an AppHdr's MsgDefIdr when one wraps the Document; anything
else is refused, never guessed. XML hardening (no DTDs, entities or network; a size cap) is
`parse_xml`'s, shared with the outbound status reader. Only `MessageError` leaves this module,
with a one-line message that starts with the file name.
"""

from __future__ import annotations

import re

from yipay.adapters.iso20022.xml import (
    ISO_NAMESPACE_PREFIX,
    Element,
    MessageError,
    first_text,
    local_name,
    namespace,
    parse_xml,
    text,
)
from yipay.intake.messages.iso_camt import parse_camt
from yipay.intake.messages.iso_pacs import Context, parse_pacs002, parse_pacs004, parse_pacs008
from yipay.intake.messages.record import BankRecord

# family → (message element, oldest and newest accepted version)
SUPPORTED: dict[str, tuple[str, int, int]] = {
    "pacs.008": ("FIToFICstmrCdtTrf", 8, 13),
    "pacs.004": ("PmtRtr", 2, 13),
    "pacs.002": ("FIToFIPmtStsRpt", 3, 14),
    "camt.054": ("BkToCstmrDbtCdtNtfctn", 2, 10),
    "camt.053": ("BkToCstmrStmt", 2, 10),
}
_ISO_NAME = re.compile(r"^([a-z]{4}\.[0-9]{3})\.001\.([0-9]{2})$")
# Extension point whose content is any namespace by design (xs:any in every schema).
_FOREIGN_CONTENT = "SplmtryData"


def parse_iso20022(data: bytes, *, name: str) -> list[BankRecord]:
    """Every record of one ISO 20022 message file, in document order (credits, debits, statuses)."""
    root = parse_xml(data, name=name)
    document, header = _unwrap(root, name=name)
    family, version, message = _identify(document, header, name=name)
    ctx = Context(
        name=name,
        raw=bytes(data),
        version=version,
        sender_bic=first_text(header, "Fr/FIId/FinInstnId/BICFI", "Fr/FIId/FinInstnId/BIC"),
    )
    if family == "pacs.008":
        return parse_pacs008(message, ctx)
    if family == "pacs.004":
        return parse_pacs004(message, ctx)
    if family == "pacs.002":
        return parse_pacs002(message, ctx)
    if family == "camt.053":
        return parse_camt(message, ctx, "camt.053")
    return parse_camt(message, ctx, "camt.054")


def _unwrap(root: Element, *, name: str) -> tuple[Element, Element | None]:
    """(Document, AppHdr or None) of a bare Document or of any envelope holding one."""
    if local_name(root) == "Document":
        return root, None
    documents = [node for node in root.iter() if local_name(node) == "Document"]
    if not documents:
        raise MessageError(f"{name}: unsupported message type (root {local_name(root)[:40]})")
    if len(documents) > 1:
        raise MessageError(f"{name}: {len(documents)} Documents in one envelope")
    header = next((node for node in root.iter() if local_name(node) == "AppHdr"), None)
    return documents[0], header


def _identify(document: Element, header: Element | None, *, name: str) -> tuple[str, int, Element]:
    """(family, version, message element) from the namespace, checked against the content."""
    uri = namespace(document) or ""
    match = _ISO_NAME.match(uri.removeprefix(ISO_NAMESPACE_PREFIX))
    if not uri.startswith(ISO_NAMESPACE_PREFIX) or match is None:
        raise MessageError(f"{name}: unsupported message type (namespace {uri[:80]!r})")
    family, version = match.group(1), int(match.group(2))
    if family not in SUPPORTED:
        raise MessageError(f"{name}: unsupported message type {family}")
    element_name, oldest, newest = SUPPORTED[family]
    if not oldest <= version <= newest:
        raise MessageError(
            f"{name}: unsupported version {family}.001.{version:02d} "
            f"(accepted: .{oldest:02d} to .{newest:02d})"
        )
    stated = text(header, "MsgDefIdr")
    if stated is not None and stated != f"{family}.001.{version:02d}":
        raise MessageError(
            f"{name}: AppHdr MsgDefIdr {stated[:40]!r} does not match the Document "
            f"({family}.001.{version:02d})"
        )
    messages = list(document)
    if len(messages) != 1 or local_name(messages[0]) != element_name:
        raise MessageError(f"{name}: a {family} Document must hold exactly one {element_name}")
    _check_namespaces(document, uri, family, name=name)
    return family, version, messages[0]


def _check_namespaces(document: Element, uri: str, family: str, *, name: str) -> None:
    """Every element (outside SplmtryData) must be in the Document's namespace.

    One XPath pass in C finds the first stranger; the common case (none) costs one call.
    """
    strangers = document.xpath(
        "(.//*[namespace-uri() != $uri][not(ancestor::*[local-name() = $foreign])])[1]",
        uri=uri,
        foreign=_FOREIGN_CONTENT,
    )
    if strangers:
        raise MessageError(
            f"{name}: element {local_name(strangers[0])[:40]} is not in the {family} namespace"
        )
