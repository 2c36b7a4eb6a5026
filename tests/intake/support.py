"""Bank files for intake tests, written with our own writers (which round-trip with the parsers)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from yipay.intake.messages.record import BankRecord, Charge
from yipay.intake.messages.write_camt053 import Statement, write_camt053
from yipay.intake.messages.write_mt103 import write_mt103, write_rje
from yipay.intake.messages.write_pacs008 import write_pacs008

NOSTRO_USD = "620000000002"  # Settings.nostro_accounts default for USD
VALUE_DATE = date(2026, 11, 3)


def credit(
    creditor_account: str,
    *,
    amount: str = "2985.00",
    currency: str = "USD",
    uetr: str | None = None,
    end_to_end_id: str = "E2E-1",
    instruction_id: str | None = "INSTR-1",
    remittance: str = "INV-2026-000123 bed sheets",
    value_date: date = VALUE_DATE,
    debtor: str = "Ahmed Al Mansouri",
    charges: str | None = "15.00",
) -> BankRecord:
    return BankRecord(
        source_format="pacs.008",
        message_id=None,
        amount=Decimal(amount),
        currency=currency,
        end_to_end_id=end_to_end_id,
        uetr=uetr if uetr is not None else str(uuid.uuid4()),
        instruction_id=instruction_id,
        value_date=value_date,
        debtor_name=debtor,
        debtor_account="AE070331234567890123456",
        debtor_agent_bic="EBILAEADXXX",
        debtor_country="AE",
        creditor_name="YIWU LIMING DAILY GOODS",
        creditor_account=creditor_account,
        creditor_agent_bic="PRTNCNSHXXX",
        remittance_info=remittance,
        charge_bearer="SHAR",
        charges=(Charge(Decimal(charges), currency, "HSBCHKHHXXX"),) if charges else (),
        instructed_amount=Decimal(amount) + Decimal(charges or 0),
        instructed_currency=currency,
    )


def pacs008(*records: BankRecord, message_id: str = "MSG-1", version: int = 8) -> bytes:
    return write_pacs008(
        list(records),
        message_id=message_id,
        created_at=datetime(2026, 11, 3, 2, 0, tzinfo=datetime.now().astimezone().tzinfo),
        instructing_agent_bic="HSBCHKHHXXX",
        instructed_agent_bic="PRTNCNSHXXX",
        version=version,
    )


def mt103(record: BankRecord, sequence: int = 1) -> bytes:
    return write_mt103(
        record, sender_bic="HSBCHKHHXXX", receiver_bic="PRTNCNSHXXX", sequence=sequence
    )


def rje(*messages: bytes) -> bytes:
    return write_rje(list(messages))


def statement(
    *entries: BankRecord,
    statement_id: str = "STMT-2026-11-03",
    account: str = NOSTRO_USD,
    currency: str = "USD",
    day: date = VALUE_DATE,
) -> bytes:
    return write_camt053(
        Statement(
            account=account,
            currency=currency,
            statement_id=statement_id,
            created_at=datetime(2026, 11, 3, 23, 0, tzinfo=datetime.now().astimezone().tzinfo),
            from_date=day,
            to_date=day,
            opening_balance=Decimal(0),
            entries=tuple(entries),
            servicer_bic="PRTNCNSHXXX",
        ),
        message_id=f"{statement_id}-MSG",
    )
