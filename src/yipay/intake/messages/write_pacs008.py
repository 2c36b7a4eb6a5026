"""Inbound credit transfers written as the partner bank delivers them: ISO 20022 pacs.008.

The market simulator must hand intake the same bytes a real bank would, so the parsers are tested
against what they will meet in production rather than against a friendlier shape. The writer is
strict for the same reason the pain.001 writer is: an amount finer than its currency's ISO 4217
exponent, an id longer than the schema allows or a missing value date is refused with
`MessageError`, never rounded or cut. Amounts are formatted from `Decimal` (never a float) with
exactly the currency's exponent (CNH as CNY: 2).

Elements follow the pacs.008.001.08 sequence; versions .09 to .13 keep that sequence and those
names for everything written here, so only the namespace changes. Where the schema needs an agent
the record does not name, the message's own agents stand in: the instructing agent for the
debtor agent and for a charge without an agent (as SWIFT's MT→MX translation does for 71F), the
instructed agent for the creditor agent. This module also holds the small XML and value helpers
the camt.053 writer shares.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from yipay.adapters.iso20022.pain001 import looks_like_iban
from yipay.adapters.iso20022.xml import NOT_PROVIDED, MessageError
from yipay.core.currency import currency
from yipay.core.errors import MoneyError
from yipay.intake.messages.record import BankRecord, Charge

PACS008_VERSIONS = range(8, 14)
SETTLEMENT_METHODS = frozenset({"CLRG", "INDA", "INGA"})
# MT 71A codes → ISO ChargeBearerType1Code; ISO codes pass through unchanged.
ISO_CHARGE_BEARER = {"OUR": "DEBT", "BEN": "CRED", "SHA": "SHAR"}
ISO_CHARGE_BEARERS = frozenset({"DEBT", "CRED", "SHAR", "SLEV"})
MAX_ID = 35
MAX_ACCOUNT = 34
MAX_NAME = 140
MAX_USTRD = 140
MAX_AMOUNT_DIGITS = 18

_BIC = re.compile(r"^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_UETR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


# -- values shared by the ISO 20022 writers -------------------------------------------------------
def fail(kind: str, reason: str) -> MessageError:
    """A `MessageError` that names the message type being written."""
    return MessageError(f"{kind}: {reason}")


def scaled_amount(value: object, code: object, *, kind: str, what: str) -> Decimal:
    """`value` quantised to `code`'s exponent; refused if negative or finer than the exponent."""
    if not isinstance(code, str) or not code.strip():
        raise fail(kind, f"{what}: currency is missing")
    if not isinstance(value, Decimal) or not value.is_finite():
        raise fail(kind, f"{what}: amount must be a finite Decimal, got {value!r}")
    try:
        exponent = currency(code).exponent
    except MoneyError as exc:
        raise fail(kind, f"{what}: {exc.message}") from None
    if value < 0:
        raise fail(kind, f"{what}: amount {value} is negative")
    _sign, _digits, places = value.normalize().as_tuple()
    assert isinstance(places, int)
    if -places > exponent:
        raise fail(kind, f"{what}: {value} has more decimals than {code} allows ({exponent})")
    scaled = value.quantize(Decimal(1).scaleb(-exponent))
    if len(scaled.as_tuple().digits) > MAX_AMOUNT_DIGITS:
        raise fail(kind, f"{what}: {value} has more than {MAX_AMOUNT_DIGITS} digits")
    return scaled


def amount_text(value: object, code: object, *, kind: str, what: str) -> str:
    """The XML text of an amount: exactly the currency's exponent, no exponent notation."""
    return format(scaled_amount(value, code, kind=kind, what=what), "f")


def checked_text(value: object, *, kind: str, what: str, limit: int) -> str:
    """Stripped text XML can carry, at most `limit` characters; refused otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise fail(kind, f"{what} is empty")
    clean = value.strip()
    if _NOT_XML.search(clean):
        raise fail(kind, f"{what} contains characters XML cannot carry")
    if len(clean) > limit:
        raise fail(kind, f"{what} is longer than {limit} characters: {clean[:40]!r}")
    return clean


def checked_bic(value: object, *, kind: str, what: str) -> str:
    """A BIC of 8 or 11 characters (upper-cased); refused otherwise."""
    text = value.strip().upper() if isinstance(value, str) else ""
    if not _BIC.match(text):
        raise fail(kind, f"{what} is not a BIC (8 or 11 letters/digits): {value!r}")
    return text


def checked_uetr(value: str, *, kind: str) -> str:
    """A UETR as the schemas require it: a lower-case UUID version 4."""
    lower = value.strip().lower()
    if not _UETR.match(lower):
        raise fail(kind, f"UETR is not a UUID v4: {value!r}")
    return lower


def checked_country(value: str, *, kind: str, what: str) -> str:
    """An ISO 3166 alpha-2 country code."""
    text = value.strip().upper()
    if not _COUNTRY.match(text):
        raise fail(kind, f"{what} is not a two-letter country code: {value!r}")
    return text


def iso_charge_bearer(value: str | None, *, kind: str) -> str:
    """ISO ChargeBearerType1Code for a record's bearer, MT codes mapped; SHAR when unstated."""
    if value is None:
        return "SHAR"
    code = value.strip().upper()
    code = ISO_CHARGE_BEARER.get(code, code)
    if code not in ISO_CHARGE_BEARERS:
        raise fail(kind, f"unknown charge bearer {value!r}")
    return code


def ustrd_pieces(text: str, *, kind: str) -> list[str]:
    """Remittance text in Ustrd pieces of at most 140 characters, cut at spaces.

    Parsers join the pieces with one space, so cutting where a space was (and dropping it) gives
    the text back; only a run of more than 140 characters without a space is cut inside a word.
    """
    rest = checked_text(text, kind=kind, what="remittance information", limit=10 * MAX_USTRD)
    pieces: list[str] = []
    while len(rest) > MAX_USTRD:
        cut = rest.rfind(" ", 1, MAX_USTRD + 1)
        if cut <= 0:
            pieces.append(rest[:MAX_USTRD])
            rest = rest[MAX_USTRD:]
        else:
            pieces.append(rest[:cut])
            rest = rest[cut + 1 :]
        rest = rest.lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def iso_datetime(value: datetime, *, kind: str, what: str) -> str:
    """An ISODateTime in UTC with an explicit offset; naive datetimes are refused."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise fail(kind, f"{what} must be an aware datetime")
    return value.astimezone(UTC).isoformat(timespec="seconds")


def required_date(value: date | None, *, kind: str, what: str) -> date:
    if value is None:
        raise fail(kind, f"{what} is missing")
    if isinstance(value, datetime) or not isinstance(value, date):
        raise fail(kind, f"{what} must be a date, got {value!r}")
    return value


class XmlBuilder:
    """Creates elements in one namespace; `path` builds a chain such as "FinInstnId/BICFI"."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def root(self) -> Any:
        return etree.Element(f"{{{self.namespace}}}Document", nsmap={None: self.namespace})

    def sub(self, parent: Any, tag: str, value: str | None = None, **attributes: str) -> Any:
        element = etree.SubElement(parent, f"{{{self.namespace}}}{tag}", attributes)
        if value is not None:
            element.text = value
        return element

    def path(self, parent: Any, path: str, value: str | None = None) -> Any:
        *steps, last = path.split("/")
        for step in steps:
            parent = self.sub(parent, step)
        return self.sub(parent, last, value)

    def account(self, parent: Any, tag: str, account: str, *, kind: str, what: str) -> None:
        """`tag`/Id/IBAN for an IBAN (checked, compacted), else `tag`/Id/Othr/Id."""
        self.account_id(self.sub(parent, tag), account, kind=kind, what=what)

    def account_id(self, parent: Any, account: str, *, kind: str, what: str) -> None:
        """Id/IBAN or Id/Othr/Id below `parent` (a CashAccount element)."""
        identity = self.sub(parent, "Id")
        if looks_like_iban(account):
            self.sub(identity, "IBAN", account.replace(" ", "").upper())
        else:
            self.path(identity, "Othr/Id", checked_text(account, kind=kind, what=what, limit=34))

    @staticmethod
    def serialise(root: Any) -> bytes:
        body: bytes = etree.tostring(root, encoding="UTF-8", pretty_print=True)
        return DECLARATION + body


# -- pacs.008 -------------------------------------------------------------------------------------
_KIND = "pacs.008"


def _charge(xml: XmlBuilder, parent: Any, charge: Charge, fallback_bic: str) -> None:
    info = xml.sub(parent, "ChrgsInf")
    amount = amount_text(charge.amount, charge.currency, kind=_KIND, what="charge")
    xml.sub(info, "Amt", amount, Ccy=charge.currency.strip().upper())
    bic = fallback_bic
    if charge.agent_bic is not None:
        bic = checked_bic(charge.agent_bic, kind=_KIND, what="charge agent BIC")
    xml.path(info, "Agt/FinInstnId/BICFI", bic)


def _payment_id(xml: XmlBuilder, tx: Any, record: BankRecord) -> None:
    """PmtId: InstrId?, EndToEndId (NOTPROVIDED when the payer gave none), TxId?, UETR?."""
    payment_id = xml.sub(tx, "PmtId")
    ids = [
        ("InstrId", record.instruction_id),
        ("EndToEndId", record.end_to_end_id or NOT_PROVIDED),
        ("TxId", record.transaction_id),
    ]
    for tag, value in ids:
        if value is not None:
            xml.sub(payment_id, tag, checked_text(value, kind=_KIND, what=tag, limit=MAX_ID))
    if record.uetr is not None:
        xml.sub(payment_id, "UETR", checked_uetr(record.uetr, kind=_KIND))


def _name(xml: XmlBuilder, parent: Any, tag: str, name: str | None) -> Any:
    """`tag` (a PartyIdentification) with its Nm when known; the element is made either way."""
    party = xml.sub(parent, tag)
    if name is not None:
        xml.sub(party, "Nm", checked_text(name, kind=_KIND, what=f"{tag}/Nm", limit=MAX_NAME))
    return party


def _bic_or(value: str | None, fallback: str, what: str) -> str:
    return fallback if value is None else checked_bic(value, kind=_KIND, what=what)


def _parties(
    xml: XmlBuilder, tx: Any, record: BankRecord, instructing: str, instructed: str
) -> None:
    """UltmtDbtr?, Dbtr, DbtrAcct?, DbtrAgt, CdtrAgt, Cdtr, CdtrAcct? in schema order."""
    if record.ultimate_debtor_name is not None:
        _name(xml, tx, "UltmtDbtr", record.ultimate_debtor_name)
    debtor = _name(xml, tx, "Dbtr", record.debtor_name)
    if record.debtor_country is not None:
        country = checked_country(record.debtor_country, kind=_KIND, what="debtor country")
        xml.path(debtor, "PstlAdr/Ctry", country)
    if record.debtor_account is not None:
        xml.account(tx, "DbtrAcct", record.debtor_account, kind=_KIND, what="debtor account")
    debtor_agent = _bic_or(record.debtor_agent_bic, instructing, "debtor agent BIC")
    xml.path(tx, "DbtrAgt/FinInstnId/BICFI", debtor_agent)
    creditor_agent = _bic_or(record.creditor_agent_bic, instructed, "creditor agent BIC")
    xml.path(tx, "CdtrAgt/FinInstnId/BICFI", creditor_agent)
    _name(xml, tx, "Cdtr", record.creditor_name)
    if record.creditor_account is not None:
        xml.account(tx, "CdtrAcct", record.creditor_account, kind=_KIND, what="creditor account")


def _transaction(
    xml: XmlBuilder, parent: Any, record: BankRecord, instructing: str, instructed: str
) -> None:
    where = record.end_to_end_id or record.uetr or record.instruction_id or "transaction"
    amount = amount_text(record.amount, record.currency, kind=_KIND, what=f"{where}: amount")
    assert record.currency is not None
    settled_on = required_date(record.value_date, kind=_KIND, what=f"{where}: value date")
    tx = xml.sub(parent, "CdtTrfTxInf")
    _payment_id(xml, tx, record)
    code = record.currency.strip().upper()
    xml.sub(tx, "IntrBkSttlmAmt", amount, Ccy=code)
    xml.sub(tx, "IntrBkSttlmDt", settled_on.isoformat())
    if record.instructed_amount is not None:
        ordered = (record.instructed_currency or code).strip().upper()
        text = amount_text(record.instructed_amount, ordered, kind=_KIND, what="instructed")
        xml.sub(tx, "InstdAmt", text, Ccy=ordered)
    xml.sub(tx, "ChrgBr", iso_charge_bearer(record.charge_bearer, kind=_KIND))
    for charge in record.charges:
        _charge(xml, tx, charge, instructing)
    _parties(xml, tx, record, instructing, instructed)
    if record.remittance_info is not None and record.remittance_info.strip():
        remittance = xml.sub(tx, "RmtInf")
        for piece in ustrd_pieces(record.remittance_info, kind=_KIND):
            xml.sub(remittance, "Ustrd", piece)


def write_pacs008(
    records: Sequence[BankRecord],
    *,
    message_id: str,
    created_at: datetime,
    instructing_agent_bic: str,
    instructed_agent_bic: str,
    version: int = 8,
    settlement_method: str = "INDA",
) -> bytes:
    """One FIToFICstmrCdtTrf holding a CdtTrfTxInf per record (UTF-8 bytes); all or nothing.

    `settlement_method` is GrpHdr/SttlmInf/SttlmMtd: INDA (the instructed agent books it on an
    account it services, our correspondent case) or CLRG (through a clearing system).
    """
    if version not in PACS008_VERSIONS:
        raise fail(_KIND, f"version {version} is not supported (8 to 13)")
    if settlement_method not in SETTLEMENT_METHODS:
        raise fail(_KIND, f"settlement method must be one of {sorted(SETTLEMENT_METHODS)}")
    if not records:
        raise fail(_KIND, "a message needs at least one record")
    msg_id = checked_text(message_id, kind=_KIND, what="message id", limit=MAX_ID)
    instructing = checked_bic(instructing_agent_bic, kind=_KIND, what="instructing agent BIC")
    instructed = checked_bic(instructed_agent_bic, kind=_KIND, what="instructed agent BIC")
    xml = XmlBuilder(f"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.{version:02d}")
    root = xml.root()
    transfer = xml.sub(root, "FIToFICstmrCdtTrf")
    header = xml.sub(transfer, "GrpHdr")
    xml.sub(header, "MsgId", msg_id)
    xml.sub(header, "CreDtTm", iso_datetime(created_at, kind=_KIND, what="created_at"))
    xml.sub(header, "NbOfTxs", str(len(records)))
    xml.path(header, "SttlmInf/SttlmMtd", settlement_method)
    xml.path(header, "InstgAgt/FinInstnId/BICFI", instructing)
    xml.path(header, "InstdAgt/FinInstnId/BICFI", instructed)
    for record in records:
        _transaction(xml, transfer, record, instructing, instructed)
    return xml.serialise(root)
