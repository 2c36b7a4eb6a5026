"""A credit record from a bank message, as the inbound payment the spine receives.

The parsers keep what the bank wrote; this is where it becomes money: the currency's ISO 4217
exponent is enforced (no silent rounding), CNH becomes offshore CNY, ISO charge-bearer codes
become the SWIFT ones the spine uses, and the sender's reference is chosen for the dedupe key.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from yipay.adapters.iso20022.xml import MessageError
from yipay.core.currency import parse_currency_code
from yipay.core.errors import YipayError
from yipay.core.money import Money
from yipay.intake.messages.record import BankRecord, decimal_text
from yipay.payments.domain import ChargeBearer, InboundPayment, PayerDetails, validate_bic

CHARGE_BEARERS = {
    "OUR": ChargeBearer.OUR,
    "DEBT": ChargeBearer.OUR,
    "BEN": ChargeBearer.BEN,
    "CRED": ChargeBearer.BEN,
    "SHA": ChargeBearer.SHA,
    "SHAR": ChargeBearer.SHA,
    "SLEV": ChargeBearer.SHA,
}
_LIMITS = {"payer account": 64, "end-to-end id": 64, "sender reference": 64}


def where(record: BankRecord, name: str) -> str:
    return f"{name} message {record.message_index + 1}" if record.message_index else name


def money(amount: Decimal | None, code: str | None, *, what: str, place: str) -> Money:
    if amount is None or code is None:
        raise MessageError(f"{place}: {what} has no amount or currency")
    try:
        iso, _offshore = parse_currency_code(code)
        return Money.of(decimal_text(amount), iso)
    except YipayError as exc:
        raise MessageError(f"{place}: {what}: {exc.message}") from None


def bic_or_none(value: str | None) -> str | None:
    if not value:
        return None
    try:
        bic = validate_bic(value)
    except YipayError:
        return None
    return bic[:8] if bic.endswith("XXX") else bic


def sender_reference(record: BankRecord) -> str | None:
    """MT :20: or the pacs.008 instruction id; the group message id when nothing finer exists."""
    return record.instruction_id or record.message_id


def to_inbound(
    record: BankRecord,
    *,
    name: str,
    merchant_id: str | None,
    beneficiary_note: str,
    received_at: datetime,
) -> InboundPayment:
    place = where(record, name)
    amount = money(record.amount, record.currency, what="settled amount", place=place)
    _iso, offshore = parse_currency_code(record.currency)
    value_date = record.value_date or record.booking_date
    if value_date is None:
        raise MessageError(f"{place}: a credit without a value or booking date")
    instructed = None
    if record.instructed_amount is not None:
        instructed = money(
            record.instructed_amount,
            record.instructed_currency,
            what="instructed amount",
            place=place,
        )
    bearer = CHARGE_BEARERS.get((record.charge_bearer or "").upper())
    charges = None
    if bearer is not ChargeBearer.OUR and record.charges:
        stated = [
            money(c.amount, c.currency, what="charges", place=place)
            for c in record.charges
            if parse_currency_code(c.currency)[0] == amount.currency.code
        ]
        if stated:
            charges = Money.from_minor(sum(c.minor for c in stated), amount.currency.code)
    agent = bic_or_none(record.debtor_agent_bic) or bic_or_none(record.sender_bic)
    country = (record.debtor_country or (agent[4:6] if agent else "")).upper()
    reference = sender_reference(record)
    fields = {
        "payer account": record.debtor_account,
        "end-to-end id": record.end_to_end_id,
        "sender reference": reference,
    }
    for what, value in fields.items():
        if value is not None and len(value) > _LIMITS[what]:
            raise MessageError(f"{place}: {what} is longer than {_LIMITS[what]} characters")
    try:
        return InboundPayment(
            amount=amount,
            value_date=value_date,
            payer=PayerDetails(
                name=(record.debtor_name or record.ultimate_debtor_name or "")[:140],
                account=record.debtor_account or "",
                bic=agent or "",
                country=country[:2],
            ),
            offshore=offshore,
            merchant_id=merchant_id,
            instructed=instructed,
            charges=charges,
            charge_bearer=bearer,
            debtor_agent_bic=agent,
            remittance_info=(record.remittance_info or "")[:1000],
            uetr=record.uetr.lower() if record.uetr else None,
            end_to_end_id=record.end_to_end_id,
            message_id=reference,
            received_at=received_at,
            beneficiary_note=beneficiary_note,
        )
    except YipayError as exc:
        raise MessageError(f"{place}: {exc.message}") from None
