"""camt.053 statements and camt.054 notifications as `BankRecord`s, one per booked entry.

A batch-booked entry (several TxDtls) becomes one record per transaction, each with its own
amount and parties. Whether money came in or went out is read from the *entry's* CdtDbtInd only:
TxDtls-level indicators are not trustworthy (genkgo's camt054.v4 has CRDT details in a DBIT
entry). Pending and information-only entries are checked but give no record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from yipay.adapters.iso20022.xml import (
    Element,
    MessageError,
    children,
    date_choice,
    find,
    find_all,
    first_text,
    parse_date,
    require,
    require_text,
    text,
)
from yipay.intake.messages.iso_pacs import (
    CHARGE_BEARERS,
    Context,
    account,
    agent_bic,
    amount,
    group_header,
    optional_amount,
    party_country,
    party_name,
    reason,
    remittance,
    uetr,
)
from yipay.intake.messages.record import BankRecord, Charge

CamtFormat = Literal["camt.053", "camt.054"]
_DIRECTIONS: dict[str, Literal["credit", "debit"]] = {"CRDT": "credit", "DBIT": "debit"}
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True, slots=True)
class _Block:
    """What every entry of one Stmt/Ntfctn shares."""

    family: CamtFormat
    message_id: str | None
    statement_id: str
    account: str
    account_currency: str | None


def parse_camt(message: Element, ctx: Context, family: CamtFormat) -> list[BankRecord]:
    name = ctx.name
    header = group_header(message, name=name, settlement=False)
    tag = "Stmt" if family == "camt.053" else "Ntfctn"
    blocks = children(message, tag)
    if not blocks:
        raise MessageError(f"{name}: missing {tag} (a {family} must hold at least one)")
    records = []
    for element in blocks:
        block = _block(element, tag, family, text(header, "MsgId"), name=name)
        for entry in children(element, "Ntry"):
            records.extend(_entry(entry, block, ctx))
    return records


def _block(
    element: Element, tag: str, family: CamtFormat, message_id: str | None, *, name: str
) -> _Block:
    statement_id = require_text(element, "Id", name=name)
    created = text(element, "CreDtTm")
    if created is not None:
        parse_date(created, name=name, what=f"{tag}/CreDtTm")
    require(element, "Acct", name=name)
    account_id = account(element, "Acct")
    if account_id is None:
        raise MessageError(f"{name}: missing {tag}/Acct/Id (IBAN or Othr/Id)")
    if family == "camt.053":
        balances = children(element, "Bal")
        if not balances:
            raise MessageError(f"{name}: missing Stmt/Bal (a statement needs its balances)")
        for balance in balances:
            _check_balance(balance, name=name)
    return _Block(family, message_id, statement_id, account_id, text(element, "Acct/Ccy"))


def _check_balance(balance: Element, *, name: str) -> None:
    if first_text(balance, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry") is None:
        raise MessageError(f"{name}: missing Bal/Tp/CdOrPrtry")
    amount(require(balance, "Amt", name=name), name=name)
    _direction(balance, name=name)
    if date_choice(balance, "Dt", name=name) is None:
        raise MessageError(f"{name}: missing Bal/Dt")


def _direction(element: Element, *, name: str) -> Literal["credit", "debit"]:
    indicator = require_text(element, "CdtDbtInd", name=name)
    if indicator not in _DIRECTIONS:
        raise MessageError(f"{name}: CdtDbtInd must be CRDT or DBIT, got {indicator[:10]!r}")
    return _DIRECTIONS[indicator]


def _bank_code(element: Element | None) -> str | None:
    """Domain/family/sub-family joined by "/", else the proprietary code; None if empty."""
    if element is None:
        return None
    domain = text(element, "Domn/Cd")
    if domain is not None:
        parts = (domain, text(element, "Domn/Fmly/Cd"), text(element, "Domn/Fmly/SubFmlyCd"))
        return "/".join(part for part in parts if part)
    return text(element, "Prtry/Cd")


def _return_code(element: Element | None) -> bool:
    """PMNT/…/RRTN: the bank books a payment coming back (ICDT/RRTN for our own payouts)."""
    return element is not None and text(element, "Domn/Fmly/SubFmlyCd") == "RRTN"


def _tx_amount(tx: Element, *, name: str) -> tuple[Decimal | None, str | None]:
    """TxDtls/Amt (v3+), else AmtDtls/TxAmt/Amt (also v2)."""
    stated, code = optional_amount(tx, "Amt", name=name)
    if stated is None:
        stated, code = optional_amount(tx, "AmtDtls/TxAmt/Amt", name=name)
    return stated, code


def _reference(entry: Element, refs: Element | None, *, batch: bool) -> str | None:
    """The bank's own reference: a batch part's Refs/AcctSvcrRef, else the entry's."""
    own = text(refs, "AcctSvcrRef")
    if batch and own is not None:
        return own
    return first_text(entry, "AcctSvcrRef", "NtryRef") or own


@dataclass(frozen=True, slots=True)
class _Entry:
    """What every record of one Ntry shares, batch or not."""

    element: Element
    direction: Literal["credit", "debit"]
    reversal: bool
    value_date: date | None
    booking_date: date | None


def _entry(element: Element, block: _Block, ctx: Context) -> list[BankRecord]:
    name = ctx.name
    entry_amount = amount(require(element, "Amt", name=name), name=name)
    direction = _direction(element, name=name)
    reversal = text(element, "RvslInd") or "false"
    if reversal not in _BOOLEANS:
        raise MessageError(f"{name}: RvslInd must be true or false, got {reversal[:10]!r}")
    status = first_text(element, "Sts", "Sts/Cd", "Sts/Prtry")
    if status is None:
        raise MessageError(f"{name}: missing Ntry/Sts")
    require(element, "BkTxCd", name=name)
    entry = _Entry(
        element,
        direction,
        _BOOLEANS[reversal],
        date_choice(element, "ValDt", name=name),
        date_choice(element, "BookgDt", name=name),
    )
    details = find_all(element, "NtryDtls/TxDtls")
    amounts = [_tx_amount(tx, name=name) for tx in details]
    if status != "BOOK":  # PDNG, INFO, FUTR: nothing has moved yet
        return []
    if len(details) > 1 and all(stated is not None for stated, _code in amounts):
        return [
            _record(block, ctx, entry, tx, stated, batch=True)
            for tx, stated in zip(details, amounts, strict=True)
        ]
    # One transaction, or a batch whose parts state no amounts: the entry as a whole.
    tx = details[0] if len(details) == 1 else None
    return [_record(block, ctx, entry, tx, entry_amount)]


def _charges(tx: Element, *, name: str) -> tuple[tuple[Charge, ...], str | None]:
    """Charges stated on a transaction, and who bears them.

    camt.05x .02/.03 repeat `Chrgs` (Amt, Br, Pty); from .04 one `Chrgs` holds `Rcrd`s (Amt,
    Br, Agt). Both are read, so a camt credit can be consumed gross like a pacs.008.
    """
    found: list[Charge] = []
    bearer: str | None = None
    for block in children(tx, "Chrgs"):
        for item in children(block, "Rcrd") or [block]:
            stated = find(item, "Amt")
            if stated is None:
                continue
            value, code = amount(stated, name=name)
            found.append(Charge(value, code, agent_bic(item, "Agt") or agent_bic(item, "Pty")))
            written = text(item, "Br")
            if bearer is None and written in CHARGE_BEARERS:
                bearer = written
    return tuple(found), bearer


def _record(
    block: _Block,
    ctx: Context,
    entry: _Entry,
    tx: Element | None,
    stated: tuple[Decimal | None, str | None],
    *,
    batch: bool = False,
) -> BankRecord:
    name = ctx.name
    refs = parties = agents = returned = None
    instructed: tuple[Decimal | None, str | None] = (None, None)
    charges: tuple[Charge, ...] = ()
    bearer: str | None = None
    if tx is not None:
        charges, bearer = _charges(tx, name=name)
        refs, parties, agents = find(tx, "Refs"), find(tx, "RltdPties"), find(tx, "RltdAgts")
        returned = find(tx, "RtrInf")
        instructed = optional_amount(tx, "AmtDtls/InstdAmt/Amt", name=name)
    tx_code = None if tx is None else find(tx, "BkTxCd")
    entry_code = find(entry.element, "BkTxCd")
    return BankRecord(
        source_format=block.family,
        message_id=block.message_id,
        amount=stated[0],
        currency=stated[1],
        direction=entry.direction,
        reversal=entry.reversal,
        end_to_end_id=text(refs, "EndToEndId"),
        uetr=uetr(text(refs, "UETR"), name=name),
        instruction_id=text(refs, "InstrId"),
        transaction_id=text(refs, "TxId"),
        value_date=entry.value_date,
        booking_date=entry.booking_date,
        debtor_name=party_name(parties, "Dbtr"),
        debtor_account=account(parties, "DbtrAcct"),
        debtor_agent_bic=agent_bic(agents, "DbtrAgt"),
        debtor_country=party_country(parties, "Dbtr"),
        creditor_name=party_name(parties, "Cdtr"),
        creditor_account=account(parties, "CdtrAcct"),
        creditor_agent_bic=agent_bic(agents, "CdtrAgt"),
        ultimate_debtor_name=party_name(parties, "UltmtDbtr"),
        remittance_info=remittance(tx),
        instructed_amount=instructed[0],
        instructed_currency=instructed[1],
        charge_bearer=bearer,
        charges=charges,
        sender_bic=ctx.sender_bic,
        account=block.account,
        account_currency=block.account_currency,
        statement_id=block.statement_id,
        entry_reference=_reference(entry.element, refs, batch=batch),
        bank_transaction_code=_bank_code(tx_code) or _bank_code(entry_code),
        return_reason=reason(returned),
        is_return=returned is not None or _return_code(entry_code) or _return_code(tx_code),
        raw=ctx.raw,
    )
