"""Outbound credit transfers as ISO 20022 pain.001.001.09, and a hand-written check of the result.

The partner bank executes our CNY payouts (and returns of unmatched money) from pain.001 files.
Everything the bank keys its answers on is chosen here, so the rules are strict on purpose:
EndToEndId is our payout id and comes back in every pain.002/pacs.002/pacs.004/camt.054, so ids
must be unique, non-empty and at most 35 characters; amounts are written from integer minor units
with exactly the currency's ISO 4217 exponent (never through a float); a batch that breaks a rule
is refused whole, never silently fixed, except the free remittance text, which is cut to 140.

No XSD for pain.001.001.09 is available to us, so `check_pain001` checks the schema's mandatory
elements and the NbOfTxs/CtrlSum totals by hand.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from yipay.adapters.iso20022.xml import (
    Element,
    MessageError,
    children,
    find,
    local_name,
    namespace,
    parse_amount,
    parse_xml,
    text,
)
from yipay.core.errors import MoneyError
from yipay.core.money import Money, to_decimal

PAIN001_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
CHARGE_BEARERS = frozenset({"SLEV", "DEBT", "CRED", "SHAR"})
MAX_ID = 35  # Max35Text
MAX_ACCOUNT = 34  # Max34Text (Othr/Id)
MAX_NAME = 140  # Max140Text
MAX_REMITTANCE = 140  # one Ustrd
MAX_AMOUNT_DIGITS = 18

_BIC = re.compile(r"^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
_PURPOSE = re.compile(r"^[A-Z0-9]{1,4}$")
_CNAPS = re.compile(r"^[0-9]{12}$")  # a CNAPS bank code (联行号) is 12 digits
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_COUNT = re.compile(r"^[0-9]{1,15}$")
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True, slots=True)
class CreditTransfer:
    """One payout: `end_to_end_id` is our payout id, the key the bank's answers come back with."""

    end_to_end_id: str
    amount: Money
    creditor_name: str
    creditor_account: str
    creditor_agent_bic: str | None
    creditor_agent_name: str | None
    creditor_agent_clearing_id: str | None
    remittance: str
    requested_execution_date: date
    charge_bearer: str = "SLEV"
    purpose: str | None = None


@dataclass(frozen=True, slots=True)
class CreditTransferBatch:
    """One pain.001 file from one debtor account. `batch_booking` False asks the bank to book
    (and so to report in camt.054) each payout as its own entry."""

    message_id: str
    created_at: datetime
    initiating_party: str
    debtor_name: str
    debtor_account: str
    debtor_agent_bic: str
    transfers: tuple[CreditTransfer, ...]
    batch_booking: bool = False


@dataclass(frozen=True, slots=True)
class PaymentGroup:
    """One PmtInf block: the transfers sharing currency, execution date and charge bearer."""

    payment_info_id: str
    currency: str
    requested_execution_date: date
    charge_bearer: str
    transfers: tuple[CreditTransfer, ...]


# -- validation -----------------------------------------------------------------------------------
def _fail(reason: str) -> MessageError:
    return MessageError(f"pain.001: {reason}")


def _text_field(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{what} is empty")
    clean = value.strip()
    if _NOT_XML.search(clean):
        raise _fail(f"{what} contains characters XML cannot carry")
    if len(clean) > limit:
        raise _fail(f"{what} is longer than {limit} characters")
    return clean


def _id_field(value: object, what: str) -> str:
    clean = _text_field(value, what, MAX_ID)
    if clean != value:
        raise _fail(f"{what} has leading or trailing spaces: {value!r}")
    return clean


def _bic(value: object, what: str) -> str:
    if not isinstance(value, str) or not _BIC.match(value):
        raise _fail(f"{what} is not a BIC (8 or 11 letters/digits): {value!r}")
    return value


def looks_like_iban(account: str) -> bool:
    """True for an IBAN (country, check digits, BBAN) whose mod-97 check holds; spaces ignored."""
    compact = account.replace(" ", "").upper()
    if not _IBAN.match(compact):
        return False
    digits = "".join(str(int(char, 36)) for char in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _account_field(value: object, what: str) -> None:
    """An IBAN (checked, spaces allowed) or any other account id of at most 34 characters."""
    if isinstance(value, str) and looks_like_iban(value):
        return
    _text_field(value, what, MAX_ACCOUNT)


def _validate(batch: CreditTransferBatch) -> None:
    _id_field(batch.message_id, "message id")
    if not isinstance(batch.created_at, datetime) or batch.created_at.utcoffset() is None:
        raise _fail("created_at must be an aware datetime")
    _text_field(batch.initiating_party, "initiating party name", MAX_NAME)
    _text_field(batch.debtor_name, "debtor name", MAX_NAME)
    _account_field(batch.debtor_account, "debtor account")
    _bic(batch.debtor_agent_bic, "debtor agent BIC")
    if not batch.transfers:
        raise _fail("a batch needs at least one transfer")
    seen: set[str] = set()
    for transfer in batch.transfers:
        _validate_transfer(transfer)
        if transfer.end_to_end_id in seen:
            raise _fail(f"duplicate end-to-end id {transfer.end_to_end_id!r}")
        seen.add(transfer.end_to_end_id)


def _validate_transfer(transfer: CreditTransfer) -> None:
    e2e = _id_field(transfer.end_to_end_id, "end-to-end id")
    where = f"transfer {e2e}"
    if not isinstance(transfer.amount, Money) or not transfer.amount.is_positive:
        raise _fail(f"{where}: amount must be positive Money, got {transfer.amount!r}")
    if len(str(transfer.amount.minor)) > MAX_AMOUNT_DIGITS:
        raise _fail(f"{where}: amount has more than {MAX_AMOUNT_DIGITS} digits")
    _text_field(transfer.creditor_name, f"{where}: creditor name", MAX_NAME)
    _account_field(transfer.creditor_account, f"{where}: creditor account")
    if transfer.creditor_agent_bic is not None:
        _bic(transfer.creditor_agent_bic, f"{where}: creditor agent BIC")
    elif transfer.creditor_agent_name is None:
        raise _fail(f"{where}: creditor agent needs a BIC or a name")
    if transfer.creditor_agent_name is not None:
        _text_field(transfer.creditor_agent_name, f"{where}: creditor agent name", MAX_NAME)
    if transfer.creditor_agent_clearing_id is not None:
        _text_field(transfer.creditor_agent_clearing_id, f"{where}: clearing id", MAX_ID)
    if not isinstance(transfer.remittance, str) or _NOT_XML.search(transfer.remittance):
        raise _fail(f"{where}: remittance must be text XML can carry")
    if isinstance(transfer.requested_execution_date, datetime) or not isinstance(
        transfer.requested_execution_date, date
    ):
        raise _fail(f"{where}: requested execution date must be a date")
    if transfer.charge_bearer not in CHARGE_BEARERS:
        raise _fail(f"{where}: charge bearer must be one of {sorted(CHARGE_BEARERS)}")
    if transfer.purpose is not None and not _PURPOSE.match(transfer.purpose):
        raise _fail(f"{where}: purpose must be an ISO external purpose code (1-4 letters)")


# -- grouping and formatting ----------------------------------------------------------------------
def _payment_info_id(message_id: str, index: int) -> str:
    """`<message id>-<n>`; a long message id keeps a readable prefix plus a hash so it fits 35."""
    suffix = f"-{index}"
    if len(message_id) + len(suffix) <= MAX_ID:
        return message_id + suffix
    digest = hashlib.sha256(message_id.encode()).hexdigest()[:8]
    return f"{message_id[: MAX_ID - len(suffix) - 9]}.{digest}{suffix}"


def payment_groups(batch: CreditTransferBatch) -> tuple[PaymentGroup, ...]:
    """The PmtInf blocks `write_pain001` emits, in first-seen order (validates the batch)."""
    _validate(batch)
    grouped: dict[tuple[str, date, str], list[CreditTransfer]] = {}
    for transfer in batch.transfers:
        key = (
            transfer.amount.currency.code,
            transfer.requested_execution_date,
            transfer.charge_bearer,
        )
        grouped.setdefault(key, []).append(transfer)
    return tuple(
        PaymentGroup(_payment_info_id(batch.message_id, index), code, day, bearer, tuple(items))
        for index, ((code, day, bearer), items) in enumerate(grouped.items(), start=1)
    )


def format_amount(money: Money) -> str:
    """The amount with exactly the currency's exponent, from integer minor units: JPY 5 → "5"."""
    exponent = money.currency.exponent
    sign = "-" if money.minor < 0 else ""
    whole, fraction = divmod(abs(money.minor), 10**exponent)
    return f"{sign}{whole}.{fraction:0{exponent}d}" if exponent else f"{sign}{whole}"


def _control_sum(transfers: tuple[CreditTransfer, ...]) -> str:
    return format(sum((Decimal(format_amount(t.amount)) for t in transfers), Decimal(0)), "f")


def _sub(parent: Any, tag: str, value: str | None = None, **attributes: str) -> Any:
    element = etree.SubElement(parent, f"{{{PAIN001_NAMESPACE}}}{tag}", attributes)
    if value is not None:
        element.text = value
    return element


def _path(parent: Any, path: str, value: str) -> Any:
    """Create the chain of elements `path` ("FinInstnId/BICFI") and set the last one's text."""
    *steps, last = path.split("/")
    for step in steps:
        parent = _sub(parent, step)
    return _sub(parent, last, value)


def _account(parent: Any, tag: str, account: str) -> None:
    identity = _sub(_sub(parent, tag), "Id")
    if looks_like_iban(account):
        _sub(identity, "IBAN", account.replace(" ", "").upper())
    else:
        _path(identity, "Othr/Id", account.strip())


def _creditor_agent(parent: Any, transfer: CreditTransfer) -> None:
    institution = _sub(_sub(parent, "CdtrAgt"), "FinInstnId")
    if transfer.creditor_agent_bic is not None:
        _sub(institution, "BICFI", transfer.creditor_agent_bic)
    clearing_id = transfer.creditor_agent_clearing_id
    if clearing_id is not None:  # schema order: BICFI, ClrSysMmbId, LEI, Nm
        member = _sub(institution, "ClrSysMmbId")
        if _CNAPS.match(clearing_id.strip()):
            _path(member, "ClrSysId/Cd", "CNAPS")
        _sub(member, "MmbId", clearing_id.strip())
    if transfer.creditor_agent_bic is None and transfer.creditor_agent_name is not None:
        _sub(institution, "Nm", transfer.creditor_agent_name.strip())


def _transaction(parent: Any, transfer: CreditTransfer) -> None:
    tx = _sub(parent, "CdtTrfTxInf")
    payment_id = _sub(tx, "PmtId")
    _sub(payment_id, "InstrId", transfer.end_to_end_id)
    _sub(payment_id, "EndToEndId", transfer.end_to_end_id)
    _sub(
        _sub(tx, "Amt"),
        "InstdAmt",
        format_amount(transfer.amount),
        Ccy=transfer.amount.currency.code,
    )
    _creditor_agent(tx, transfer)
    _path(tx, "Cdtr/Nm", transfer.creditor_name.strip())
    _account(tx, "CdtrAcct", transfer.creditor_account)
    if transfer.purpose is not None:
        _path(tx, "Purp/Cd", transfer.purpose)
    remittance = transfer.remittance.strip()[:MAX_REMITTANCE].strip()
    if remittance:
        _path(tx, "RmtInf/Ustrd", remittance)


def write_pain001(batch: CreditTransferBatch) -> bytes:
    """The batch as a pain.001.001.09 document (UTF-8 bytes); refuses an invalid batch whole."""
    groups = payment_groups(batch)
    root = etree.Element(f"{{{PAIN001_NAMESPACE}}}Document", nsmap={None: PAIN001_NAMESPACE})
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", batch.message_id)
    created = batch.created_at.astimezone(UTC).isoformat(timespec="seconds")
    _sub(header, "CreDtTm", created)
    _sub(header, "NbOfTxs", str(len(batch.transfers)))
    _sub(header, "CtrlSum", _control_sum(batch.transfers))
    _path(header, "InitgPty/Nm", batch.initiating_party.strip())
    for group in groups:
        info = _sub(initiation, "PmtInf")
        _sub(info, "PmtInfId", group.payment_info_id)
        _sub(info, "PmtMtd", "TRF")
        _sub(info, "BtchBookg", "true" if batch.batch_booking else "false")
        _sub(info, "NbOfTxs", str(len(group.transfers)))
        _sub(info, "CtrlSum", _control_sum(group.transfers))
        _path(info, "ReqdExctnDt/Dt", group.requested_execution_date.isoformat())
        _path(info, "Dbtr/Nm", batch.debtor_name.strip())
        _account(info, "DbtrAcct", batch.debtor_account)
        _path(info, "DbtrAgt/FinInstnId/BICFI", batch.debtor_agent_bic)
        _sub(info, "ChrgBr", group.charge_bearer)
        for transfer in group.transfers:
            _transaction(info, transfer)
    body: bytes = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return _DECLARATION + body


# -- the hand-written schema check ----------------------------------------------------------------
def _decimal(value: str | None) -> Decimal | None:
    try:
        return None if value is None else to_decimal(value)
    except MoneyError:
        return None


def _check_totals(node: Element, where: str, count: int, total: Decimal, out: list[str]) -> None:
    declared_count = text(node, "NbOfTxs")
    if declared_count is not None and (
        not _COUNT.match(declared_count) or int(declared_count) != count
    ):
        out.append(f"{where}/NbOfTxs {declared_count} but {count} transactions")
    declared_sum = text(node, "CtrlSum")
    if declared_sum is not None and _decimal(declared_sum) != total:
        out.append(f"{where}/CtrlSum {declared_sum} but the amounts add up to {total}")


def _check_transaction(tx: Element, where: str, out: list[str]) -> Decimal:
    e2e = text(tx, "PmtId/EndToEndId")
    if e2e is None or len(e2e) > MAX_ID:
        out.append(f"{where}: PmtId/EndToEndId missing or longer than {MAX_ID}")
    if find(tx, "Cdtr") is None:
        out.append(f"{where}: Cdtr missing")
    amount = find(tx, "Amt/InstdAmt")
    if amount is None:
        amount = find(tx, "Amt/EqvtAmt/Amt")
    if amount is None:
        out.append(f"{where}: Amt missing")
        return Decimal(0)
    try:
        value, _code = parse_amount(amount, name="pain.001")
    except MessageError as exc:
        out.append(f"{where}: {exc.message.removeprefix('pain.001: ')}")
        return Decimal(0)
    return value


def _check_payment_info(info: Element, where: str, out: list[str]) -> tuple[int, Decimal]:
    out.extend(f"{where}/{path} missing" for path in ("PmtInfId", "PmtMtd") if not text(info, path))
    if text(info, "PmtMtd") not in {None, "TRF", "CHK", "TRA"}:
        out.append(f"{where}/PmtMtd must be TRF, CHK or TRA")
    if text(info, "ReqdExctnDt/Dt") is None and text(info, "ReqdExctnDt/DtTm") is None:
        out.append(f"{where}/ReqdExctnDt missing")
    required = ("Dbtr", "DbtrAcct/Id", "DbtrAgt/FinInstnId")
    out.extend(f"{where}/{path} missing" for path in required if find(info, path) is None)
    transactions = children(info, "CdtTrfTxInf")
    if not transactions:
        out.append(f"{where}: no CdtTrfTxInf")
    total = Decimal(0)
    for index, tx in enumerate(transactions, start=1):
        total += _check_transaction(tx, f"{where}/CdtTrfTxInf[{index}]", out)
    _check_totals(info, where, len(transactions), total, out)
    return len(transactions), total


def check_pain001(data: bytes, *, name: str = "pain.001") -> None:
    """Refuse `data` unless it has every element pain.001.001.09 requires and consistent totals.

    Checked: GrpHdr MsgId, CreDtTm, NbOfTxs, InitgPty; per PmtInf PmtInfId, PmtMtd, ReqdExctnDt,
    Dbtr, DbtrAcct, DbtrAgt and at least one CdtTrfTxInf with PmtId/EndToEndId, Amt and Cdtr;
    NbOfTxs and CtrlSum (group and PmtInf) equal to what the file holds; amounts well-formed.
    """
    root = parse_xml(data, name=name)
    if local_name(root) != "Document" or namespace(root) != PAIN001_NAMESPACE:
        raise MessageError(f"{name}: not a {PAIN001_NAMESPACE} Document")
    initiation = find(root, "CstmrCdtTrfInitn")
    if initiation is None:
        raise MessageError(f"{name}: missing CstmrCdtTrfInitn")
    problems: list[str] = []
    header = find(initiation, "GrpHdr")
    if header is None:
        problems.append("GrpHdr missing")
    else:
        required = ("MsgId", "CreDtTm", "NbOfTxs")
        problems.extend(f"GrpHdr/{path} missing" for path in required if not text(header, path))
        if find(header, "InitgPty") is None:
            problems.append("GrpHdr/InitgPty missing")
    infos = children(initiation, "PmtInf")
    if not infos:
        problems.append("no PmtInf")
    count, total = 0, Decimal(0)
    for index, info in enumerate(infos, start=1):
        info_count, info_total = _check_payment_info(info, f"PmtInf[{index}]", problems)
        count, total = count + info_count, total + info_total
    if header is not None:
        _check_totals(header, "GrpHdr", count, total, problems)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise MessageError(f"{name}: not a valid pain.001.001.09: {'; '.join(problems[:5])}{more}")
