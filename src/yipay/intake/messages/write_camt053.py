"""Daily statements of our nostro account written as ISO 20022 camt.053, as the bank sends them.

Reconciliation reads the bank's statement, not our own view of the payments, so the simulator
has to produce one: balances that follow from the entries (closing = opening + credits − debits),
one booked entry per record with the transaction details the bank repeats from the payment.

The versions differ in exactly the places parsers trip over, and the writer follows them:

- .02: agents as `FinInstnId/BIC`, no `TxDtls/Amt` (the amount goes in `AmtDtls/TxAmt`),
  charges as repeated `Chrgs` with `Pty`;
- .04 to .06: `BICFI`, `TxDtls/Amt` + `CdtDbtInd`, charges as `Chrgs/Rcrd` with `Agt`;
- .08 to .10: as .04, plus `Sts/Cd` instead of a bare `Sts` code, parties nested as
  `Dbtr/Pty/Nm`, and `Refs/UETR`.

.03 and .07 are refused: their layout (BIC or BICFI; bare or coded status) could not be checked
against the schema here, and a statement that is wrong in those places is worse than none. Nothing
after .10 is written because intake's camt reader accepts .02 to .10.

Bank transaction codes, unless the record carries one (`DOMN/FMLY/SUBF`): received credits
PMNT/RCDT/XBCT (a received cross-border credit transfer), returned payouts PMNT/ICDT/RRTN, our
debits PMNT/ICDT/DMCT (domestic CNY payouts), our returns of received money PMNT/RCDT/RRTN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from yipay.intake.messages.record import BankRecord
from yipay.intake.messages.write_pacs008 import (
    MAX_ID,
    MAX_NAME,
    XmlBuilder,
    amount_text,
    checked_bic,
    checked_country,
    checked_text,
    checked_uetr,
    fail,
    iso_charge_bearer,
    iso_datetime,
    required_date,
    scaled_amount,
    ustrd_pieces,
)

CAMT053_VERSIONS = frozenset({2, 4, 5, 6, 8, 9, 10})
_KIND = "camt.053"
_BANK_TRANSACTION_CODE = re.compile(r"^([A-Z]{4})/([A-Z]{4})/([A-Z]{4})$")
_RETURN_REASON = re.compile(r"^[A-Z0-9]{4}$")


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of one account; `entries` are booked records in booking order."""

    account: str
    currency: str
    statement_id: str
    created_at: datetime
    from_date: date
    to_date: date
    opening_balance: Decimal
    entries: tuple[BankRecord, ...]
    owner_name: str | None = None
    servicer_bic: str | None = None
    sequence_number: int | None = None  # Stmt/ElctrncSeqNb, the bank's running statement number


@dataclass(frozen=True, slots=True)
class _Layout:
    """What changes between the camt.053 versions we write."""

    version: int

    @property
    def bic(self) -> str:
        return "BIC" if self.version < 4 else "BICFI"

    @property
    def coded_status(self) -> bool:
        return self.version >= 8

    @property
    def nested_parties(self) -> bool:
        return self.version >= 8

    @property
    def has_uetr(self) -> bool:
        return self.version >= 8

    @property
    def has_tx_amount(self) -> bool:
        return self.version >= 4


def _signed_balance(xml: XmlBuilder, stmt: Any, code: str, value: Decimal, st: Statement) -> None:
    day = st.from_date if code == "OPBD" else st.to_date
    balance = xml.sub(stmt, "Bal")
    xml.path(balance, "Tp/CdOrPrtry/Cd", code)
    text = amount_text(abs(value), st.currency, kind=_KIND, what=f"{code} balance")
    xml.sub(balance, "Amt", text, Ccy=st.currency)
    xml.sub(balance, "CdtDbtInd", "DBIT" if value < 0 else "CRDT")
    xml.path(balance, "Dt/Dt", day.isoformat())


def _bank_transaction_code(record: BankRecord) -> tuple[str, str, str]:
    given = (record.bank_transaction_code or "").strip().upper()
    match = _BANK_TRANSACTION_CODE.match(given)
    if match is not None:
        domain, family, sub_family = match.groups()
        return domain, family, sub_family
    if record.direction == "credit":
        return ("PMNT", "ICDT", "RRTN") if record.is_return else ("PMNT", "RCDT", "XBCT")
    return ("PMNT", "RCDT", "RRTN") if record.is_return else ("PMNT", "ICDT", "DMCT")


def _party(
    xml: XmlBuilder, parent: Any, tag: str, name: str, country: str | None, lay: _Layout
) -> None:
    party = xml.sub(parent, tag)
    if lay.nested_parties:
        party = xml.sub(party, "Pty")
    xml.sub(party, "Nm", checked_text(name, kind=_KIND, what=f"{tag} name", limit=MAX_NAME))
    if country is not None:
        xml.path(party, "PstlAdr/Ctry", checked_country(country, kind=_KIND, what="country"))


def _references(xml: XmlBuilder, tx: Any, record: BankRecord, lay: _Layout) -> None:
    e2e = record.end_to_end_id or record.original_end_to_end_id
    uetr = record.uetr if lay.has_uetr else None
    values = [
        ("MsgId", record.message_id),
        ("InstrId", record.instruction_id),
        ("EndToEndId", e2e),
        ("UETR", uetr),
        ("TxId", record.transaction_id),
    ]
    if all(value is None for _tag, value in values):
        return
    refs = xml.sub(tx, "Refs")
    for tag, value in values:
        if value is None:
            continue
        if tag == "UETR":
            xml.sub(refs, tag, checked_uetr(value, kind=_KIND))
        else:
            xml.sub(refs, tag, checked_text(value, kind=_KIND, what=f"Refs/{tag}", limit=MAX_ID))


def _charges(xml: XmlBuilder, tx: Any, record: BankRecord, lay: _Layout) -> None:
    if not record.charges:
        return
    bearer = iso_charge_bearer(record.charge_bearer, kind=_KIND)
    holder = xml.sub(tx, "Chrgs") if lay.version >= 4 else None
    for charge in record.charges:
        code = charge.currency.strip().upper()
        text = amount_text(charge.amount, code, kind=_KIND, what="charge")
        item = xml.sub(holder, "Rcrd") if holder is not None else xml.sub(tx, "Chrgs")
        xml.sub(item, "Amt", text, Ccy=code)
        xml.sub(item, "CdtDbtInd", "DBIT")
        xml.sub(item, "Br", bearer)
        if charge.agent_bic is not None:
            bic = checked_bic(charge.agent_bic, kind=_KIND, what="charge agent BIC")
            agent = "Agt" if holder is not None else "Pty"
            xml.path(item, f"{agent}/FinInstnId/{lay.bic}", bic)


def _amounts(xml: XmlBuilder, tx: Any, record: BankRecord, amount: str, lay: _Layout) -> None:
    code = (record.currency or "").strip().upper()
    indicator = "CRDT" if record.direction == "credit" else "DBIT"
    if lay.has_tx_amount:
        xml.sub(tx, "Amt", amount, Ccy=code)
        xml.sub(tx, "CdtDbtInd", indicator)
    if record.instructed_amount is None and lay.has_tx_amount:
        return
    details = xml.sub(tx, "AmtDtls")
    if record.instructed_amount is not None:
        ordered = (record.instructed_currency or code).strip().upper()
        text = amount_text(record.instructed_amount, ordered, kind=_KIND, what="instructed")
        xml.sub(xml.sub(details, "InstdAmt"), "Amt", text, Ccy=ordered)
    if not lay.has_tx_amount:
        xml.sub(xml.sub(details, "TxAmt"), "Amt", amount, Ccy=code)


def _details(xml: XmlBuilder, entry: Any, record: BankRecord, amount: str, lay: _Layout) -> None:
    tx = xml.sub(xml.sub(entry, "NtryDtls"), "TxDtls")
    _references(xml, tx, record, lay)
    _amounts(xml, tx, record, amount, lay)
    _charges(xml, tx, record, lay)
    parties: list[tuple[str, str | None]] = [
        ("Dbtr", record.debtor_name),
        ("DbtrAcct", record.debtor_account),
        ("UltmtDbtr", record.ultimate_debtor_name),
        ("Cdtr", record.creditor_name),
        ("CdtrAcct", record.creditor_account),
    ]
    if any(value is not None for _tag, value in parties):
        related = xml.sub(tx, "RltdPties")
        for tag, value in parties:
            if value is None:
                continue
            if tag.endswith("Acct"):
                xml.account(related, tag, value, kind=_KIND, what=tag)
            else:
                country = record.debtor_country if tag == "Dbtr" else None
                _party(xml, related, tag, value, country, lay)
    agents = [("DbtrAgt", record.debtor_agent_bic), ("CdtrAgt", record.creditor_agent_bic)]
    if any(bic is not None for _tag, bic in agents):
        related_agents = xml.sub(tx, "RltdAgts")
        for tag, bic in agents:
            if bic is not None:
                checked = checked_bic(bic, kind=_KIND, what=f"{tag} BIC")
                xml.path(related_agents, f"{tag}/FinInstnId/{lay.bic}", checked)
    if record.remittance_info is not None and record.remittance_info.strip():
        remittance = xml.sub(tx, "RmtInf")
        for piece in ustrd_pieces(record.remittance_info, kind=_KIND):
            xml.sub(remittance, "Ustrd", piece)
    reason = (record.return_reason or "").strip().upper()
    if record.is_return and _RETURN_REASON.match(reason):
        xml.path(tx, "RtrInf/Rsn/Cd", reason)


def _entry(xml: XmlBuilder, stmt: Any, record: BankRecord, st: Statement, lay: _Layout) -> None:
    where = f"entry {record.entry_reference or record.end_to_end_id or record.uetr or ''}".strip()
    if record.direction not in {"credit", "debit"}:
        raise fail(_KIND, f"{where}: a statement books credits and debits, not {record.direction}")
    code = (record.currency or "").strip().upper()
    if code and code != st.currency:
        raise fail(_KIND, f"{where}: currency {code} in a {st.currency} statement")
    amount = amount_text(record.amount, record.currency, kind=_KIND, what=f"{where}: amount")
    value_date = required_date(record.value_date, kind=_KIND, what=f"{where}: value date")
    booked = record.booking_date or value_date
    entry = xml.sub(stmt, "Ntry")
    xml.sub(entry, "Amt", amount, Ccy=code)
    xml.sub(entry, "CdtDbtInd", "CRDT" if record.direction == "credit" else "DBIT")
    if record.reversal:
        xml.sub(entry, "RvslInd", "true")
    if lay.coded_status:
        xml.path(entry, "Sts/Cd", "BOOK")
    else:
        xml.sub(entry, "Sts", "BOOK")
    xml.path(entry, "BookgDt/Dt", booked.isoformat())
    xml.path(entry, "ValDt/Dt", value_date.isoformat())
    if record.entry_reference is not None:
        reference = checked_text(record.entry_reference, kind=_KIND, what="entry ref", limit=MAX_ID)
        xml.sub(entry, "AcctSvcrRef", reference)
    domain, family, sub_family = _bank_transaction_code(record)
    code_element = xml.sub(xml.sub(entry, "BkTxCd"), "Domn")
    xml.sub(code_element, "Cd", domain)
    family_element = xml.sub(code_element, "Fmly")
    xml.sub(family_element, "Cd", family)
    xml.sub(family_element, "SubFmlyCd", sub_family)
    _details(xml, entry, record, amount, lay)


def closing_balance(statement: Statement) -> Decimal:
    """Opening balance plus credits minus debits, each entry at its currency's exponent."""
    total = scaled_amount(
        abs(statement.opening_balance), statement.currency, kind=_KIND, what="opening balance"
    )
    total = -total if statement.opening_balance < 0 else total
    for record in statement.entries:
        value = scaled_amount(record.amount, statement.currency, kind=_KIND, what="entry amount")
        total += value if record.direction == "credit" else -value
    return total


def _summary(xml: XmlBuilder, stmt: Any, st: Statement) -> None:
    credit_entries = tuple(r for r in st.entries if r.direction == "credit")
    debit_entries = tuple(r for r in st.entries if r.direction != "credit")
    summary = xml.sub(stmt, "TxsSummry")
    for tag, records in (
        ("TtlNtries", st.entries),
        ("TtlCdtNtries", credit_entries),
        ("TtlDbtNtries", debit_entries),
    ):
        block = xml.sub(summary, tag)
        xml.sub(block, "NbOfNtries", str(len(records)))
        amounts = [scaled_amount(r.amount, st.currency, kind=_KIND, what="amount") for r in records]
        xml.sub(
            block, "Sum", amount_text(sum(amounts, Decimal(0)), st.currency, kind=_KIND, what="sum")
        )


def _account(xml: XmlBuilder, stmt: Any, st: Statement, lay: _Layout) -> None:
    account = xml.sub(stmt, "Acct")
    xml.account_id(account, st.account, kind=_KIND, what="statement account")
    xml.sub(account, "Ccy", st.currency)
    if st.owner_name is not None:
        owner = checked_text(st.owner_name, kind=_KIND, what="owner name", limit=MAX_NAME)
        xml.path(account, "Ownr/Nm", owner)
    if st.servicer_bic is not None:
        servicer = checked_bic(st.servicer_bic, kind=_KIND, what="servicer BIC")
        xml.path(account, f"Svcr/FinInstnId/{lay.bic}", servicer)


def write_camt053(statement: Statement, *, message_id: str, version: int = 8) -> bytes:
    """One BkToCstmrStmt with one Stmt (UTF-8 bytes): balances, summary and an Ntry per record."""
    if version not in CAMT053_VERSIONS:
        raise fail(_KIND, f"version {version} is not supported ({sorted(CAMT053_VERSIONS)})")
    lay = _Layout(version)
    st = statement
    if not isinstance(st.currency, str) or not re.fullmatch(r"[A-Z]{3}", st.currency):
        raise fail(_KIND, f"statement currency must be a three-letter code, got {st.currency!r}")
    msg_id = checked_text(message_id, kind=_KIND, what="message id", limit=MAX_ID)
    statement_id = checked_text(st.statement_id, kind=_KIND, what="statement id", limit=MAX_ID)
    created = iso_datetime(st.created_at, kind=_KIND, what="created_at")
    required_date(st.from_date, kind=_KIND, what="from date")
    required_date(st.to_date, kind=_KIND, what="to date")
    if st.from_date > st.to_date:
        raise fail(_KIND, f"statement period {st.from_date} to {st.to_date} is reversed")
    closing = closing_balance(st)
    xml = XmlBuilder(f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version:02d}")
    root = xml.root()
    message = xml.sub(root, "BkToCstmrStmt")
    header = xml.sub(message, "GrpHdr")
    xml.sub(header, "MsgId", msg_id)
    xml.sub(header, "CreDtTm", created)
    pagination = xml.sub(header, "MsgPgntn")
    xml.sub(pagination, "PgNb", "1")
    xml.sub(pagination, "LastPgInd", "true")
    stmt = xml.sub(message, "Stmt")
    xml.sub(stmt, "Id", statement_id)
    if st.sequence_number is not None:
        if st.sequence_number < 0:
            raise fail(_KIND, "sequence number must not be negative")
        xml.sub(stmt, "ElctrncSeqNb", str(st.sequence_number))
    xml.sub(stmt, "CreDtTm", created)
    zone = st.created_at.tzinfo
    period = xml.sub(stmt, "FrToDt")
    start = datetime.combine(st.from_date, time(0, 0, 0), tzinfo=zone)
    end = datetime.combine(st.to_date, time(23, 59, 59), tzinfo=zone)
    xml.sub(period, "FrDtTm", start.isoformat())
    xml.sub(period, "ToDtTm", end.isoformat())
    _account(xml, stmt, st, lay)
    _signed_balance(xml, stmt, "OPBD", st.opening_balance, st)
    _signed_balance(xml, stmt, "CLBD", closing, st)
    _summary(xml, stmt, st)
    for record in st.entries:
        _entry(xml, stmt, record, st, lay)
    return xml.serialise(root)
