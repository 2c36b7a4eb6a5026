"""Virtual accounts: the collection account numbers a merchant gives its buyers.

A buyer's bank pays into our nostro account at the partner bank, naming a *virtual* account as
the creditor account; the number tells us whose money it is. Numbers are typed by hand from
invoices, so they carry ISO 7064 MOD 97-10 check digits (the IBAN scheme): any single wrong
digit and any swap of two adjacent digits is caught, and a mistyped number leaves the money in
suspense with a reason rather than crediting the wrong shop.

Layout (16 digits): `88` (yipay's range at the partner bank) · the ISO 4217 numeric currency
code (3) · a serial per virtual account (9) · two check digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from yipay.core.currency import currency
from yipay.core.errors import InvalidInput

PREFIX = "88"
LENGTH = 16
_SERIAL_DIGITS = 9


class VirtualAccountStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class InvalidVirtualAccount(InvalidInput):
    code = "virtual_account_invalid"


def check_digits(body: str) -> str:
    """The two MOD 97-10 check digits that make int(body + digits) % 97 == 1."""
    return f"{98 - (int(body) * 100) % 97:02d}"


def account_number(currency_code: str, serial: int) -> str:
    numeric = currency(currency_code).numeric
    if not 0 < serial < 10**_SERIAL_DIGITS:
        raise InvalidVirtualAccount(f"virtual account serial {serial} is out of range")
    body = f"{PREFIX}{numeric:03d}{serial:0{_SERIAL_DIGITS}d}"
    return body + check_digits(body)


def normalise(number: str) -> str:
    """The digits of a number as a payer's bank may write it: spaces, dashes and dots dropped."""
    return "".join(ch for ch in number if ch not in " -./")


def looks_virtual(number: str) -> bool:
    digits = normalise(number)
    return len(digits) == LENGTH and digits.isdigit() and digits.startswith(PREFIX)


def is_valid(number: str) -> bool:
    digits = normalise(number)
    return looks_virtual(digits) and int(digits) % 97 == 1


def validate(number: str) -> str:
    digits = normalise(number)
    if not looks_virtual(digits):
        raise InvalidVirtualAccount(f"{number!r} is not a {LENGTH}-digit yipay virtual account")
    if int(digits) % 97 != 1:
        raise InvalidVirtualAccount(f"{number!r} has wrong check digits")
    return digits


@dataclass(frozen=True, slots=True)
class VirtualAccount:
    number: str
    merchant_id: str
    currency: str
    serial: int
    status: VirtualAccountStatus
    opened_at: datetime
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status is VirtualAccountStatus.OPEN


@dataclass(frozen=True, slots=True)
class Attribution:
    """Whose money a receipt is, by its creditor account; `reason` says why it is nobody's."""

    merchant_id: str | None
    reason: str = ""


def attribute(creditor_account: str | None, found: VirtualAccount | None) -> Attribution:
    if not creditor_account:
        return Attribution(None, "no creditor account in the message")
    if not is_valid(creditor_account):
        if looks_virtual(creditor_account):
            return Attribution(None, f"virtual account {creditor_account} fails its check digits")
        return Attribution(None, f"creditor account {creditor_account} is not a virtual account")
    if found is None:
        return Attribution(None, f"unknown virtual account {normalise(creditor_account)}")
    if not found.is_open:
        return Attribution(None, f"virtual account {found.number} is closed")
    return Attribution(found.merchant_id)
