"""Invoice numbers as merchants issue them and as payers type them (SWIFT field 70, ≤140 chars).

Merchants number invoices sequentially, so the neighbour of every invoice number exists: a typo
variant is generated only when it names no issued invoice of that merchant (otherwise it would be
a reference to the other invoice, not a typo), and a decoy reference names an unissued number one
digit away from an issued one.
"""

from __future__ import annotations

import re

from yipay.simulate.remittance import MAX_LENGTH, invoice_variant
from yipay.simulate.streams import Draw

_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[A-Za-z]+")

InvoiceKey = tuple[str, int]

FULL_TEMPLATES = (
    "PAYMENT FOR {invoice} {goods}",
    "INV {invoice}",
    "{invoice}",
    "PAYMENT OF INVOICE {invoice}",
    "/INV/{invoice}",
)
ORDER_TEMPLATES = ("ORDER {order}", "PAYMENT ORDER {order} {goods}", "PO {order}")
DEPOSIT_TEMPLATES = (
    "DEPOSIT PO {order}",
    "ADVANCE PAYMENT ORDER {order}",
    "30 PCT DEPOSIT {invoice}",
    "DOWN PAYMENT {invoice} {goods}",
    "PI {invoice}",
)
BALANCE_TEMPLATES = (
    "BALANCE PAYMENT {invoice}",
    "BALANCE {invoice} {goods}",
    "PAYMENT FOR {invoice} {goods}",
    "FINAL PAYMENT ORDER {order}",
)
MULTI_TEMPLATES = ("PAYMENT FOR {i}", "INV {i}", "INVOICES {i}")
BARE = ("", "GOODS", "PAYMENT FOR GOODS", "TRADE PAYMENT", "PURCHASE OF {goods}", "{goods}")
NO_TRADE_TEXT = (
    "",
    "PAYMENT",
    "FAMILY SUPPORT",
    "ADVANCE",
    "SAMPLES",
    "SERVICE FEE",
    "INV {foreign}",
    "PAYMENT FOR GOODS",
)


def invoice_no(style: str, year: int, number: int) -> str:
    """Style INV gives INV-2026-000123; initials such as LJ give LJ-260123."""
    if style == "INV":
        return f"INV-{year}-{number:06d}"
    return f"{style}-{year % 100:02d}{number:04d}"


def invoice_key(text: str) -> InvoiceKey:
    """Letters (upper case) and the value of all digits: how a typo is told from another number."""
    letters = "".join(_LETTERS.findall(text)).upper()
    digits = "".join(_DIGITS.findall(text))
    return letters, int(digits) if digits else -1


def hard_variant(draw: Draw, invoice: str, issued: set[InvoiceKey]) -> str:
    """The invoice typed differently: case, separators, no leading zeros, or two adjacent digits
    swapped (only when the result is no issued invoice of the merchant)."""
    roll = draw.below(4)
    if roll == 3:
        swapped = _transposed(draw, invoice, issued)
        if swapped is not None:
            return swapped
        roll = draw.below(3)
    if roll == 0:
        return invoice.lower() if draw.chance(0.5) else invoice.title().replace("-", "")
    if roll == 1:
        return invoice.replace("-", draw.pick(("/", ".", " / ", "_", "")))
    stripped = _without_leading_zeros(invoice)
    if stripped != invoice:
        return stripped
    return invoice.replace("-", " ").lower()


def neighbour_number(last_issued: int) -> int:
    """The smallest unissued number that differs from the last issued one in exactly one digit."""
    step = 1
    while (last_issued // step) % 10 == 9:
        step *= 10
    return last_issued + step


def remittance(template: str, **fields: str) -> str:
    return " ".join(template.format(**fields).split())[:MAX_LENGTH].strip()


def typed(draw: Draw, invoice: str) -> str:
    """The invoice exactly, run together or spaced out (harmless formatting)."""
    return invoice_variant(draw, invoice)


def _without_leading_zeros(invoice: str) -> str:
    head, sep, serial = invoice.rpartition("-")
    if not sep or not serial.isdigit() or not serial.startswith("0") or len(serial) < 6:
        return invoice
    return f"{head}{sep}{int(serial)}"


def _transposed(draw: Draw, invoice: str, issued: set[InvoiceKey]) -> str | None:
    head, sep, serial = invoice.rpartition("-")
    if not sep or not serial.isdigit():
        return None
    start = len(serial) - 4  # the running number: last four digits, zeros included
    candidates = []
    for i in range(max(0, start - 2), len(serial) - 1):
        if serial[i] == serial[i + 1]:
            continue
        swapped = serial[:i] + serial[i + 1] + serial[i] + serial[i + 2 :]
        text = f"{head}{sep}{swapped}"
        if invoice_key(text) not in issued:
            candidates.append(text)
    return draw.pick(candidates) if candidates else None
