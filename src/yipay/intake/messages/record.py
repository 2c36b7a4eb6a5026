"""One bank-message record: a credit transfer, a status, or a statement/notification entry.

Every parser (ISO 20022 and SWIFT MT) yields these, so intake, reconciliation and
`yipay intake parse` see one shape whatever the bank sent. Values are kept *as the message says
them* (charge bearer codes, currency codes such as CNH, decimal amounts with trailing zeros
normalised); turning them into ledger money is intake's job, not the parser's. Nothing here does
I/O: parsers get bytes and a file name, and return records or raise `MessageError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

SourceFormat = Literal[
    "pacs.008",
    "pacs.004",
    "pacs.002",
    "camt.054",
    "camt.053",
    "mt103",
    "mt910",
    "mt900",
    "mt940",
]
Direction = Literal["credit", "debit", "status"]

# The keys `yipay intake parse` must print, in this order, before any others.
CONTRACT_KEYS = (
    "source_format",
    "message_id",
    "end_to_end_id",
    "uetr",
    "amount",
    "currency",
    "value_date",
    "debtor_name",
    "debtor_account",
    "debtor_agent_bic",
    "creditor_name",
    "creditor_account",
    "remittance_info",
    "charge_bearer",
)


@dataclass(frozen=True, slots=True)
class Charge:
    """A charge stated in the message (pacs.008 ChrgsInf, MT103 71F/71G)."""

    amount: Decimal
    currency: str
    agent_bic: str | None = None


@dataclass(frozen=True, slots=True)
class BankRecord:
    """One credit transfer, status line, or booked statement/notification entry.

    `amount` is what was settled (pacs.008 IntrBkSttlmAmt, camt entry or TxDtls amount, MT :32A:,
    :61:); `instructed_amount` what the payer ordered (pacs.008 InstdAmt, MT :33B:), when stated.
    `direction` says whose money moves: "credit" into the account serviced for us, "debit" out of
    it, "status" for pacs.002 lines. `reversal` marks a bank's reversal of an earlier entry (camt
    RvslInd, MT940 RC/RD). `account` is the statement/notification account (camt Acct, MT940
    :25:), not a party's account.
    """

    source_format: SourceFormat
    message_id: str | None
    amount: Decimal | None
    currency: str | None
    direction: Direction = "credit"
    reversal: bool = False
    end_to_end_id: str | None = None
    uetr: str | None = None
    instruction_id: str | None = None
    transaction_id: str | None = None
    value_date: date | None = None
    booking_date: date | None = None
    debtor_name: str | None = None
    debtor_account: str | None = None
    debtor_agent_bic: str | None = None
    debtor_country: str | None = None
    creditor_name: str | None = None
    creditor_account: str | None = None
    creditor_agent_bic: str | None = None
    ultimate_debtor_name: str | None = None
    remittance_info: str | None = None
    charge_bearer: str | None = None  # OUR/BEN/SHA (MT) or DEBT/CRED/SHAR/SLEV (ISO 20022)
    charges: tuple[Charge, ...] = ()
    instructed_amount: Decimal | None = None
    instructed_currency: str | None = None
    sender_bic: str | None = None  # MT header sender / ISO AppHdr From
    related_reference: str | None = None  # MT :21:
    # statements and notifications
    account: str | None = None
    account_currency: str | None = None
    statement_id: str | None = None
    entry_reference: str | None = None  # camt NtryRef/AcctSvcrRef, MT940 bank reference
    bank_transaction_code: str | None = None  # camt BkTxCd, MT940 :61: transaction type
    # returns and statuses (pacs.004, pacs.002, camt return entries, MT103 /RETN/)
    status: str | None = None  # pacs.002 TxSts/GrpSts (ACSC, ACCP, RJCT, …)
    return_reason: str | None = None
    original_message_id: str | None = None
    original_end_to_end_id: str | None = None
    original_instruction_id: str | None = None
    original_uetr: str | None = None
    is_return: bool = False  # pacs.004, MT103 /RETN/, camt ICDT/RRTN entries
    message_index: int = 0  # position of the message in its file (RJE and multi-statement files)
    raw: bytes = field(default=b"", repr=False, compare=False)  # the whole message, as received
    # what the parser had to repair, e.g. an MT940 date of 30 February clamped to the 29th
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        """The JSON Lines object of `yipay intake parse`: contract keys first, then the rest."""
        out: dict[str, object] = {}
        values = {name: getattr(self, name) for name in self.__slots__ if name != "raw"}
        for name in (*CONTRACT_KEYS, *(n for n in values if n not in CONTRACT_KEYS)):
            out[name] = _json_value(values[name])
        return out

    def evidence(self) -> dict[str, object]:
        """What the record said, for storage beside the raw file: only the fields it has."""
        out: dict[str, object] = {}
        for name in self.__slots__:
            if name == "raw":
                continue
            value = getattr(self, name)
            if value is None or value == () or value is False:
                continue
            out[name] = _json_value(value)
        return out


def decimal_text(value: Decimal) -> str:
    """An exact decimal string with trailing zeros removed and no exponent (8.850 → 8.85)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, Charge):
        return {
            "amount": decimal_text(value.amount),
            "currency": value.currency,
            "agent_bic": value.agent_bic,
        }
    return value
