"""MT910 (confirmation of credit) and MT900 (confirmation of debit) as one record each.

Both are our account servicer telling us an account moved: :20: is its reference, :21: the
reference of the transaction it confirms, :25: (or :25P:) the account, :32A: value date, currency
and amount. MT910 may name the ordering customer (:50a:) and institution (:52a:); there is no
fallback to the Sender here, because the Sender of a confirmation is our own bank, not the payer's.
"""

from __future__ import annotations

from yipay.adapters.iso20022.xml import MessageError
from yipay.intake.messages.record import BankRecord
from yipay.intake.messages.swift_mt import (
    FinMessage,
    agent_bic,
    date_amount,
    first,
    join_lines,
    party,
    reference,
)

DEBTOR_TAGS = ("50A", "50F", "50K")


def parse_mt910(message: FinMessage) -> BankRecord:
    """The credit record of an MT910."""
    return _confirmation(message, "mt910")


def parse_mt900(message: FinMessage) -> BankRecord:
    """The debit record of an MT900."""
    return _confirmation(message, "mt900")


def _confirmation(message: FinMessage, kind: str) -> BankRecord:
    label, fields = message.label, message.fields
    what = kind.upper()
    ref = reference(fields, "20", label, what)
    related = reference(fields, "21", label, what)
    account_field = first(fields, "25", "25P")
    account = account_field[1].split("\n")[0].strip() if account_field else ""
    if not account:
        raise MessageError(f"{label}: {what} without :25: (account)")
    value_32a = first(fields, "32A")
    if value_32a is None:
        raise MessageError(f"{label}: {what} without :32A:")
    value_date, amount, code = date_amount(value_32a[1], label, ":32A:")
    debtor_field = first(fields, *DEBTOR_TAGS) if kind == "mt910" else None
    debtor = party(*debtor_field, label) if debtor_field else None
    _has_52, debtor_agent = agent_bic(fields, "52", label)
    details = first(fields, "72")
    if kind == "mt910":
        return BankRecord(
            source_format="mt910",
            message_id=ref,
            amount=amount,
            currency=code,
            direction="credit",
            uetr=message.uetr,
            value_date=value_date,
            debtor_name=debtor.name if debtor else None,
            debtor_account=debtor.account if debtor else None,
            debtor_agent_bic=debtor_agent,
            debtor_country=debtor.country if debtor else None,
            remittance_info=join_lines(details[1]) if details else None,
            sender_bic=message.sender_bic,
            related_reference=related,
            account=account,
            account_currency=code,
            message_index=message.index,
            raw=message.raw,
        )
    return BankRecord(
        source_format="mt900",
        message_id=ref,
        amount=amount,
        currency=code,
        direction="debit",
        uetr=message.uetr,
        value_date=value_date,
        debtor_agent_bic=debtor_agent,
        remittance_info=join_lines(details[1]) if details else None,
        sender_bic=message.sender_bic,
        related_reference=related,
        account=account,
        account_currency=code,
        message_index=message.index,
        raw=message.raw,
    )
