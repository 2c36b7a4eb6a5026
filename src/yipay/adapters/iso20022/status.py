"""What the bank tells us about payouts we sent: status reports, returns and debit notifications.

One reader turns four message families into one flat list of `StatusEvent`s keyed by our
EndToEndId (the payout id we wrote into pain.001), so the payout capability never sees XML:

* pain.002 / pacs.002 — status per transaction: settled, accepted (still in progress), rejected;
* pacs.004 — a payment return: the money we sent comes back;
* camt.054 — booked debits of our account (the confirmation that a payout left) and returns
  booked as reversed debits.

The message type is read from the Document's namespace (family and version) and checked against
the root element's name; unknown families and versions are refused, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, cast

from yipay.adapters.iso20022.xml import (
    ISO_NAMESPACE_PREFIX,
    Element,
    MessageError,
    children,
    date_choice,
    find,
    find_all,
    first_text,
    identifier,
    local_name,
    namespace,
    parse_amount,
    parse_date,
    parse_xml,
    require,
    require_text,
    text,
)

SourceFormat = Literal["pain.002", "pacs.002", "pacs.004", "camt.054", "mt103", "mt900"]
Kind = Literal[
    "settled", "accepted", "rejected", "returned", "debited", "debit_reversed", "unknown"
]

# ExternalPaymentTransactionStatus1Code → what it means for a payout.
SETTLED_CODES = frozenset({"ACSC", "ACCC"})
ACCEPTED_CODES = frozenset(
    {"ACCP", "ACSP", "ACTC", "ACWC", "PDNG", "RCVD", "ACFC", "ACIS", "ACPD", "ACWP", "PRES"}
)
REJECTED_CODES = frozenset({"RJCT"})

# family → (message element, oldest and newest supported version)
SUPPORTED: dict[str, tuple[str, int, int]] = {
    "pain.002": ("CstmrPmtStsRpt", 3, 10),
    "pacs.002": ("FIToFIPmtStsRpt", 3, 12),
    "pacs.004": ("PmtRtr", 2, 13),
    "camt.054": ("BkToCstmrDbtCdtNtfctn", 2, 10),
}
_ISO_NAME = re.compile(r"^([a-z]{4}\.[0-9]{3})\.001\.([0-9]{2})$")


@dataclass(frozen=True, slots=True)
class StatusEvent:
    """One thing the bank says happened to one payout (or to a whole message, ids then None).

    `amount` is exact, quantised to the currency's exponent; `currency` is the code as sent (CNH
    stays CNH). Ids equal to NOTPROVIDED are None. `status_code` is the raw ISO status (ACSC …)
    for pain.002/pacs.002; `kind` "unknown" means a status code this adapter does not map.
    """

    source_format: SourceFormat
    message_id: str
    kind: Kind
    end_to_end_id: str | None
    instruction_id: str | None
    original_message_id: str | None
    amount: Decimal | None
    currency: str | None
    reason_code: str | None
    booked_on: date | None
    bank_reference: str | None
    original_payment_info_id: str | None = None
    uetr: str | None = None
    status_code: str | None = None


def status_kind(code: str) -> Kind:
    """The event kind for an ISO transaction status code; "unknown" for unmapped codes."""
    if code in SETTLED_CODES:
        return "settled"
    if code in ACCEPTED_CODES:
        return "accepted"
    if code in REJECTED_CODES:
        return "rejected"
    return "unknown"


def parse_status(data: bytes, *, name: str = "message") -> list[StatusEvent]:
    """Every payout event in a pain.002, pacs.002, pacs.004 or camt.054 message, in file order."""
    root = parse_xml(data, name=name)
    family, message = _identify(root, name=name)
    message_id = require_text(message, "GrpHdr/MsgId", name=name)
    if family == "pain.002":
        return _pain002(message, message_id, name)
    if family == "pacs.002":
        return _pacs002(message, message_id, name)
    if family == "pacs.004":
        return _pacs004(message, message_id, name)
    return _camt054(message, message_id, name)


def _identify(root: Element, *, name: str) -> tuple[SourceFormat, Element]:
    """(family, message element) of a bare Document or one wrapped in an envelope with AppHdr."""
    document = root
    if local_name(root) != "Document":
        document = next((node for node in root.iter() if local_name(node) == "Document"), None)
        if document is None:
            raise MessageError(f"{name}: unsupported message type (root {local_name(root)})")
    uri = namespace(document) or ""
    match = _ISO_NAME.match(uri.removeprefix(ISO_NAMESPACE_PREFIX))
    if not uri.startswith(ISO_NAMESPACE_PREFIX) or match is None:
        raise MessageError(f"{name}: unsupported message type (namespace {uri[:80]!r})")
    family, version = match.group(1), int(match.group(2))
    if family not in SUPPORTED:
        raise MessageError(f"{name}: unsupported message type {family}")
    element_name, oldest, newest = SUPPORTED[family]
    if not oldest <= version <= newest:
        raise MessageError(f"{name}: unsupported message type {family}.001.{version:02d}")
    message = next((child for child in document if isinstance(child.tag, str)), None)
    if message is None or local_name(message) != element_name or namespace(message) != uri:
        raise MessageError(f"{name}: a {family} Document must hold {element_name}")
    return cast("SourceFormat", family), message


def _reason(element: Element | None) -> str | None:
    """The first reason code (Rsn/Cd, else Rsn/Prtry) under StsRsnInf, RtrRsnInf or RtrInf."""
    if element is None:
        return None
    return first_text(element, "Rsn/Cd", "Rsn/Prtry")


def _amount(element: Element | None, name: str) -> tuple[Decimal | None, str | None]:
    if element is None:
        return None, None
    return parse_amount(element, name=name)


# -- pain.002 and pacs.002 ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Level:
    """A status inherited by transaction lines that carry none of their own."""

    status: str | None
    reason: str | None
    original_message_id: str | None
    payment_info_id: str | None = None


def _group_level(message: Element) -> tuple[list[Element], _Level]:
    groups = children(message, "OrgnlGrpInfAndSts")
    if len(groups) != 1:  # pacs.002 v10+ may list several original messages (or none)
        return groups, _Level(None, None, None)
    group = groups[0]
    return groups, _Level(
        text(group, "GrpSts"), _reason(find(group, "StsRsnInf")), text(group, "OrgnlMsgId")
    )


def _transaction_status(
    tx: Element, level: _Level, source: SourceFormat, message_id: str, name: str
) -> StatusEvent:
    own_status = text(tx, "TxSts")
    status = own_status or level.status
    if status is None:
        raise MessageError(f"{name}: TxInfAndSts without TxSts and no group status")
    reason = _reason(find(tx, "StsRsnInf"))
    if reason is None and own_status is None:
        reason = level.reason
    original = find(tx, "OrgnlTxRef/Amt/InstdAmt")
    if original is None:
        original = find(tx, "OrgnlTxRef/IntrBkSttlmAmt")
    amount, code = _amount(original, name)
    return StatusEvent(
        source_format=source,
        message_id=message_id,
        kind=status_kind(status),
        end_to_end_id=identifier(text(tx, "OrgnlEndToEndId")),
        instruction_id=identifier(text(tx, "OrgnlInstrId")),
        original_message_id=identifier(text(tx, "OrgnlGrpInf/OrgnlMsgId"))
        or identifier(level.original_message_id),
        amount=amount,
        currency=code,
        reason_code=reason,
        booked_on=date_choice(tx, "FctvIntrBkSttlmDt", name=name),
        bank_reference=first_text(tx, "AcctSvcrRef", "ClrSysRef"),
        original_payment_info_id=identifier(level.payment_info_id),
        uetr=text(tx, "OrgnlUETR"),
        status_code=status,
    )


def _block_event(level: _Level, source: SourceFormat, message_id: str) -> StatusEvent:
    """A status for a whole original message or PmtInf that lists no transactions."""
    assert level.status is not None
    return StatusEvent(
        source_format=source,
        message_id=message_id,
        kind=status_kind(level.status),
        end_to_end_id=None,
        instruction_id=None,
        original_message_id=identifier(level.original_message_id),
        amount=None,
        currency=None,
        reason_code=level.reason,
        booked_on=None,
        bank_reference=None,
        original_payment_info_id=identifier(level.payment_info_id),
        status_code=level.status,
    )


def _group_events(
    groups: list[Element], source: SourceFormat, message_id: str
) -> list[StatusEvent]:
    events = []
    for group in groups:
        level = _Level(
            text(group, "GrpSts"), _reason(find(group, "StsRsnInf")), text(group, "OrgnlMsgId")
        )
        if level.status is not None:
            events.append(_block_event(level, source, message_id))
    return events


def _pain002(message: Element, message_id: str, name: str) -> list[StatusEvent]:
    groups, group = _group_level(message)
    blocks = children(message, "OrgnlPmtInfAndSts")
    if not blocks:
        return _group_events(groups, "pain.002", message_id)
    events: list[StatusEvent] = []
    for block in blocks:
        own_status = text(block, "PmtInfSts")
        level = _Level(
            own_status or group.status,
            _reason(find(block, "StsRsnInf")) if own_status else group.reason,
            group.original_message_id,
            text(block, "OrgnlPmtInfId"),
        )
        lines = children(block, "TxInfAndSts")
        # A PmtInf without lines: its own status, or the group's (PART says nothing about it).
        if not lines and (own_status is not None or level.status not in {None, "PART"}):
            events.append(_block_event(level, "pain.002", message_id))
        events.extend(_transaction_status(tx, level, "pain.002", message_id, name) for tx in lines)
    return events


def _pacs002(message: Element, message_id: str, name: str) -> list[StatusEvent]:
    groups, group = _group_level(message)
    lines = children(message, "TxInfAndSts")
    if not lines:
        return _group_events(groups, "pacs.002", message_id)
    return [_transaction_status(tx, group, "pacs.002", message_id, name) for tx in lines]


# -- pacs.004 -------------------------------------------------------------------------------------
def _pacs004(message: Element, message_id: str, name: str) -> list[StatusEvent]:
    original_message = text(message, "OrgnlGrpInf/OrgnlMsgId")
    header_day = text(message, "GrpHdr/IntrBkSttlmDt")
    events = []
    for tx in children(message, "TxInf"):
        amount, code = parse_amount(require(tx, "RtrdIntrBkSttlmAmt", name=name), name=name)
        day = text(tx, "IntrBkSttlmDt") or header_day
        booked = None if day is None else parse_date(day, name=name, what="IntrBkSttlmDt")
        events.append(
            StatusEvent(
                source_format="pacs.004",
                message_id=message_id,
                kind="returned",
                end_to_end_id=identifier(text(tx, "OrgnlEndToEndId")),
                instruction_id=identifier(text(tx, "OrgnlInstrId")),
                original_message_id=identifier(text(tx, "OrgnlGrpInf/OrgnlMsgId"))
                or identifier(original_message),
                amount=amount,
                currency=code,
                reason_code=_reason(find(tx, "RtrRsnInf")),
                booked_on=booked,
                bank_reference=identifier(text(tx, "RtrId")),
                uetr=text(tx, "OrgnlUETR"),
            )
        )
    return events


# -- camt.054 -------------------------------------------------------------------------------------
def _entry_kind(entry: Element, name: str) -> Kind | None:
    """debited for a booked debit, debit_reversed for a booked reversed debit, else None.

    ISO's RvslInd marks the *entry* as a reversal of an earlier one: CRDT + RvslInd=true books
    money back after a debit (our payout returned); DBIT + RvslInd=true takes back an earlier
    credit (an inbound payment reversed), which belongs to intake, not here.
    """
    direction = require_text(entry, "CdtDbtInd", name=name)
    if direction not in {"CRDT", "DBIT"}:
        raise MessageError(f"{name}: CdtDbtInd must be CRDT or DBIT, got {direction[:10]!r}")
    status = first_text(entry, "Sts", "Sts/Cd", "Sts/Prtry")
    if status is None:
        raise MessageError(f"{name}: Ntry without Sts")
    if status != "BOOK":  # pending or information-only entries confirm nothing yet
        return None
    reversal = text(entry, "RvslInd") in {"true", "1"}
    if direction == "DBIT" and not reversal:
        return "debited"
    if direction == "CRDT" and reversal:
        return "debit_reversed"
    return None


def _camt054(message: Element, message_id: str, name: str) -> list[StatusEvent]:
    events: list[StatusEvent] = []
    for entry in find_all(message, "Ntfctn/Ntry"):
        kind = _entry_kind(entry, name)
        if kind is None:
            continue
        entry_amount = parse_amount(require(entry, "Amt", name=name), name=name)
        booked_on = date_choice(entry, "BookgDt", name=name)
        batch = find(entry, "NtryDtls/Btch")
        details = find_all(entry, "NtryDtls/TxDtls")
        for tx in details or [None]:
            refs = None if tx is None else find(tx, "Refs")
            stated = None if tx is None else find(tx, "Amt")
            if stated is None and tx is not None:
                stated = find(tx, "AmtDtls/TxAmt/Amt")
            amount, code = _amount(stated, name)
            if amount is None and len(details) <= 1:  # a single-transaction entry
                amount, code = entry_amount
            events.append(
                StatusEvent(
                    source_format="camt.054",
                    message_id=message_id,
                    kind=kind,
                    end_to_end_id=identifier(text(refs, "EndToEndId")),
                    instruction_id=identifier(text(refs, "InstrId")),
                    original_message_id=identifier(text(refs, "MsgId") or text(batch, "MsgId")),
                    amount=amount,
                    currency=code,
                    reason_code=_reason(find(tx, "RtrInf")) if tx is not None else None,
                    booked_on=booked_on,
                    bank_reference=text(refs, "AcctSvcrRef") or text(entry, "AcctSvcrRef"),
                    original_payment_info_id=identifier(
                        text(refs, "PmtInfId") or text(batch, "PmtInfId")
                    ),
                    uetr=text(refs, "UETR"),
                )
            )
    return events
