"""pacs.008, pacs.004 and pacs.002 as `BankRecord`s, plus the field readers camt shares.

camt TxDtls carry the same party, agent, account and remittance blocks as a pacs.008
transaction, so the readers for them live here once and `iso_camt` imports them.
Mandatory elements are checked by hand (no XSDs offline): a message missing one is refused,
never half-read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yipay.adapters.iso20022.xml import (
    Element,
    MessageError,
    children,
    date_choice,
    find,
    find_all,
    first_text,
    local_name,
    parse_amount,
    parse_date,
    require,
    require_text,
    text,
)
from yipay.intake.messages.record import BankRecord, Charge

# Precious metals have ISO 4217 codes but are not money a buyer can pay us in.
COMMODITY_CODES = frozenset({"XAU", "XAG", "XPT", "XPD"})
CHARGE_BEARERS = frozenset({"DEBT", "CRED", "SHAR", "SLEV"})
SETTLEMENT_METHODS = frozenset({"INDA", "INGA", "COVE", "CLRG"})
_UETR = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_COUNT = re.compile(r"^[0-9]{1,15}$")
_STATUS = re.compile(r"^[A-Za-z0-9]{1,4}$")


@dataclass(frozen=True, slots=True)
class Context:
    """What every record of one file shares."""

    name: str
    raw: bytes
    version: int
    sender_bic: str | None = None


# -- field readers shared with camt ---------------------------------------------------------------
def amount(element: Element, *, name: str) -> tuple[Decimal, str]:
    """(amount, code as written) of an `…Amt Ccy=` element; commodity codes refused by name."""
    code = (element.get("Ccy") or "").strip().upper()
    if code in COMMODITY_CODES:
        raise MessageError(f"{name}: {local_name(element)}: commodity currency {code} is not money")
    return parse_amount(element, name=name)


def optional_amount(parent: Element, path: str, *, name: str) -> tuple[Decimal | None, str | None]:
    found = find(parent, path)
    if found is None:
        return None, None
    return amount(found, name=name)


def iso_date(parent: Element, path: str, *, name: str) -> date | None:
    """A plain ISODate element (IntrBkSttlmDt), if present."""
    value = text(parent, path)
    return None if value is None else parse_date(value, name=name, what=path)


def uetr(value: str | None, *, name: str) -> str | None:
    """A UETR lower-cased; anything not shaped like a UUID is refused (it is a matching key)."""
    if value is None:
        return None
    if not _UETR.match(value):
        raise MessageError(f"{name}: UETR is not a UUID: {value[:40]!r}")
    return value.lower()


def account(parent: Element | None, path: str) -> str | None:
    """IBAN, else the other identification, of the account at `path` (DbtrAcct, Acct …)."""
    return first_text(parent, f"{path}/Id/IBAN", f"{path}/Id/Othr/Id")


def agent_bic(parent: Element | None, path: str) -> str | None:
    """BICFI (v3+ pacs/camt), else BIC (older versions), of the agent at `path`."""
    return first_text(parent, f"{path}/FinInstnId/BICFI", f"{path}/FinInstnId/BIC")


def party_name(parent: Element | None, path: str) -> str | None:
    """Nm; camt v8+ and pacs.004 v9+ nest it as Pty/Nm; a party that is a bank as Agt/…/Nm."""
    return first_text(parent, f"{path}/Nm", f"{path}/Pty/Nm", f"{path}/Agt/FinInstnId/Nm")


def party_country(parent: Element | None, path: str) -> str | None:
    return first_text(parent, f"{path}/PstlAdr/Ctry", f"{path}/Pty/PstlAdr/Ctry")


def remittance(parent: Element | None) -> str | None:
    """Every RmtInf/Ustrd, then every structured creditor reference, joined by one space."""
    if parent is None:
        return None
    blocks = children(parent, "RmtInf")
    parts = [text(node) for block in blocks for node in children(block, "Ustrd")]
    parts += [text(node) for block in blocks for node in find_all(block, "Strd/CdtrRefInf/Ref")]
    joined = " ".join(part for part in parts if part)
    return joined or None


def charges(parent: Element, *, name: str) -> tuple[Charge, ...]:
    found = []
    for info in children(parent, "ChrgsInf"):
        value, code = amount(require(info, "Amt", name=name), name=name)
        found.append(Charge(value, code, agent_bic(info, "Agt")))
    return tuple(found)


def charge_bearer(parent: Element, *, name: str, required: bool) -> str | None:
    value = require_text(parent, "ChrgBr", name=name) if required else text(parent, "ChrgBr")
    if value is not None and value not in CHARGE_BEARERS:
        raise MessageError(f"{name}: ChrgBr must be DEBT, CRED, SHAR or SLEV, got {value[:10]!r}")
    return value


def reason(element: Element | None) -> str | None:
    """The reason code (Rsn/Cd, else Rsn/Prtry) of a StsRsnInf, RtrRsnInf or RtrInf."""
    return first_text(element, "Rsn/Cd", "Rsn/Prtry")


def group_header(message: Element, *, name: str, settlement: bool) -> Element:
    """The GrpHdr with MsgId and CreDtTm (and NbOfTxs and SttlmInf/SttlmMtd for pacs.008/004)."""
    header = require(message, "GrpHdr", name=name)
    require_text(header, "MsgId", name=name)
    created = require_text(header, "CreDtTm", name=name)
    parse_date(created, name=name, what="GrpHdr/CreDtTm")
    if settlement:
        count = require_text(header, "NbOfTxs", name=name)
        if not _COUNT.match(count):
            raise MessageError(f"{name}: GrpHdr/NbOfTxs is not a count: {count[:20]!r}")
        method = require_text(header, "SttlmInf/SttlmMtd", name=name)
        if method not in SETTLEMENT_METHODS:
            raise MessageError(f"{name}: unknown SttlmInf/SttlmMtd {method[:10]!r}")
    return header


def _check_count(header: Element, found: int, what: str, *, name: str) -> None:
    stated = text(header, "NbOfTxs")
    if stated is not None and int(stated) != found:
        raise MessageError(f"{name}: GrpHdr/NbOfTxs says {int(stated)} but {found} {what} found")


# -- pacs.008 -------------------------------------------------------------------------------------
def parse_pacs008(message: Element, ctx: Context) -> list[BankRecord]:
    name = ctx.name
    header = group_header(message, name=name, settlement=True)
    message_id = text(header, "MsgId")
    transactions = children(message, "CdtTrfTxInf")
    if not transactions:
        raise MessageError(f"{name}: missing FIToFICstmrCdtTrf/CdtTrfTxInf")
    _check_count(header, len(transactions), "CdtTrfTxInf", name=name)
    optional_amount(header, "TtlIntrBkSttlmAmt", name=name)
    header_day = iso_date(header, "IntrBkSttlmDt", name=name)
    records = []
    for tx in transactions:
        end_to_end = require_text(tx, "PmtId/EndToEndId", name=name)
        settled, code = amount(require(tx, "IntrBkSttlmAmt", name=name), name=name)
        bearer = charge_bearer(tx, name=name, required=True)
        for party in ("Dbtr", "DbtrAgt", "CdtrAgt", "Cdtr"):
            require(tx, party, name=name)
        for agent in ("DbtrAgt", "CdtrAgt"):
            require(tx, f"{agent}/FinInstnId", name=name)
        instructed, instructed_code = optional_amount(tx, "InstdAmt", name=name)
        records.append(
            BankRecord(
                source_format="pacs.008",
                message_id=message_id,
                amount=settled,
                currency=code,
                direction="credit",
                end_to_end_id=end_to_end,
                uetr=uetr(text(tx, "PmtId/UETR"), name=name),
                instruction_id=text(tx, "PmtId/InstrId"),
                transaction_id=text(tx, "PmtId/TxId"),
                value_date=iso_date(tx, "IntrBkSttlmDt", name=name) or header_day,
                debtor_name=party_name(tx, "Dbtr"),
                debtor_account=account(tx, "DbtrAcct"),
                debtor_agent_bic=agent_bic(tx, "DbtrAgt"),
                debtor_country=party_country(tx, "Dbtr"),
                creditor_name=party_name(tx, "Cdtr"),
                creditor_account=account(tx, "CdtrAcct"),
                creditor_agent_bic=agent_bic(tx, "CdtrAgt"),
                ultimate_debtor_name=party_name(tx, "UltmtDbtr"),
                remittance_info=remittance(tx),
                charge_bearer=bearer,
                charges=charges(tx, name=name),
                instructed_amount=instructed,
                instructed_currency=instructed_code,
                sender_bic=ctx.sender_bic,
                raw=ctx.raw,
            )
        )
    return records


# -- pacs.004 -------------------------------------------------------------------------------------
def parse_pacs004(message: Element, ctx: Context) -> list[BankRecord]:
    """One credit per returned transaction; parties are the return's (payer = original payee)."""
    name = ctx.name
    header = group_header(message, name=name, settlement=True)
    message_id = text(header, "MsgId")
    transactions = children(message, "TxInf")
    if not transactions:
        raise MessageError(f"{name}: missing PmtRtr/TxInf")
    _check_count(header, len(transactions), "TxInf", name=name)
    original_message = text(message, "OrgnlGrpInf/OrgnlMsgId")
    header_day = iso_date(header, "IntrBkSttlmDt", name=name)
    records = []
    for tx in transactions:
        returned, code = amount(require(tx, "RtrdIntrBkSttlmAmt", name=name), name=name)
        instructed, instructed_code = optional_amount(tx, "RtrdInstdAmt", name=name)
        optional_amount(tx, "OrgnlIntrBkSttlmAmt", name=name)
        original = find(tx, "OrgnlTxRef")
        chain = find(tx, "RtrChain")  # v9+: the parties of the return itself
        end_to_end = text(tx, "OrgnlEndToEndId")
        records.append(
            BankRecord(
                source_format="pacs.004",
                message_id=message_id,
                amount=returned,
                currency=code,
                direction="credit",
                end_to_end_id=end_to_end,
                uetr=uetr(text(tx, "UETR"), name=name),
                transaction_id=text(tx, "RtrId"),
                value_date=iso_date(tx, "IntrBkSttlmDt", name=name) or header_day,
                debtor_name=party_name(chain, "Dbtr") or party_name(original, "Cdtr"),
                debtor_account=account(chain, "DbtrAcct") or account(original, "CdtrAcct"),
                debtor_agent_bic=agent_bic(chain, "DbtrAgt") or agent_bic(original, "CdtrAgt"),
                debtor_country=party_country(chain, "Dbtr") or party_country(original, "Cdtr"),
                creditor_name=party_name(chain, "Cdtr") or party_name(original, "Dbtr"),
                creditor_account=account(chain, "CdtrAcct") or account(original, "DbtrAcct"),
                creditor_agent_bic=agent_bic(chain, "CdtrAgt") or agent_bic(original, "DbtrAgt"),
                remittance_info=remittance(original),
                charge_bearer=charge_bearer(tx, name=name, required=False),
                charges=charges(tx, name=name),
                instructed_amount=instructed,
                instructed_currency=instructed_code,
                sender_bic=ctx.sender_bic,
                return_reason=reason(find(tx, "RtrRsnInf")),
                original_message_id=text(tx, "OrgnlGrpInf/OrgnlMsgId") or original_message,
                original_end_to_end_id=end_to_end,
                original_instruction_id=text(tx, "OrgnlInstrId"),
                original_uetr=uetr(text(tx, "OrgnlUETR"), name=name),
                is_return=True,
                raw=ctx.raw,
            )
        )
    return records


# -- pacs.002 -------------------------------------------------------------------------------------
def _status_code(value: str | None, *, name: str) -> str | None:
    if value is not None and not _STATUS.match(value):
        raise MessageError(f"{name}: status code is not an ISO status: {value[:10]!r}")
    return value


def parse_pacs002(message: Element, ctx: Context) -> list[BankRecord]:
    """One status record per TxInfAndSts, or per original group when only GrpSts is given."""
    name = ctx.name
    header = group_header(message, name=name, settlement=False)
    message_id = text(header, "MsgId")
    groups = children(message, "OrgnlGrpInfAndSts")
    lines = children(message, "TxInfAndSts")
    # v3-v9 require exactly one OrgnlGrpInfAndSts; v10+ make it optional when lines carry their own
    # OrgnlGrpInf (the CBPR+ usage), but a report about nothing at all is refused.
    if not groups and (ctx.version < 10 or not lines):
        raise MessageError(f"{name}: missing FIToFIPmtStsRpt/OrgnlGrpInfAndSts")
    for group in groups:
        require_text(group, "OrgnlMsgId", name=name)
        require_text(group, "OrgnlMsgNmId", name=name)
        _status_code(text(group, "GrpSts"), name=name)
    single = groups[0] if len(groups) == 1 else None
    inherited_status = text(single, "GrpSts") if single is not None else None
    inherited_reason = reason(find(single, "StsRsnInf")) if single is not None else None
    inherited_message = text(single, "OrgnlMsgId") if single is not None else None
    if not lines:
        return [
            BankRecord(
                source_format="pacs.002",
                message_id=message_id,
                amount=None,
                currency=None,
                direction="status",
                status=text(group, "GrpSts"),
                return_reason=reason(find(group, "StsRsnInf")),
                original_message_id=text(group, "OrgnlMsgId"),
                sender_bic=ctx.sender_bic,
                raw=ctx.raw,
            )
            for group in groups
            if text(group, "GrpSts") is not None
        ]
    records = []
    for tx in lines:
        own_status = _status_code(text(tx, "TxSts"), name=name)
        status = own_status or inherited_status
        if status is None:
            raise MessageError(f"{name}: TxInfAndSts without TxSts and no group status")
        line_reason = reason(find(tx, "StsRsnInf"))
        if line_reason is None and own_status is None:
            line_reason = inherited_reason
        original = find(tx, "OrgnlTxRef")
        settled, code = optional_amount(tx, "OrgnlTxRef/IntrBkSttlmAmt", name=name)
        instructed, instructed_code = optional_amount(tx, "OrgnlTxRef/Amt/InstdAmt", name=name)
        day = date_choice(tx, "FctvIntrBkSttlmDt", name=name) or iso_date(
            tx, "OrgnlTxRef/IntrBkSttlmDt", name=name
        )
        end_to_end = text(tx, "OrgnlEndToEndId")
        records.append(
            BankRecord(
                source_format="pacs.002",
                message_id=message_id,
                amount=settled,
                currency=code,
                direction="status",
                end_to_end_id=end_to_end,
                value_date=day,
                debtor_name=party_name(original, "Dbtr"),
                creditor_name=party_name(original, "Cdtr"),
                instructed_amount=instructed,
                instructed_currency=instructed_code,
                entry_reference=first_text(tx, "AcctSvcrRef", "ClrSysRef"),
                status=status,
                return_reason=line_reason,
                original_message_id=text(tx, "OrgnlGrpInf/OrgnlMsgId") or inherited_message,
                original_end_to_end_id=end_to_end,
                original_instruction_id=text(tx, "OrgnlInstrId"),
                original_uetr=uetr(text(tx, "OrgnlUETR"), name=name),
                sender_bic=ctx.sender_bic,
                raw=ctx.raw,
            )
        )
    return records
