"""MT103 (single customer credit transfer) as one credit `BankRecord`.

The debtor agent is :52A:'s BIC; when the message has no :52a: at all, the Sender (from the
header) is the ordering institution (README). A :52D: names the institution without a BIC, so
the debtor agent BIC stays empty rather than pretending the Sender is it.

A return of one of our payments arrives as an MT103 whose :72: (or :70:) carries the SWIFT return
codes: `/RETN/<field>`, `/<reason>/` (e.g. `/AC04/`), `/MREF/<our :20:>`, optionally
`/TREF/<reference>`. `/REJT/` (a reject before crediting) is read the same way. MREF is the
original message reference, so it fills `original_message_id` and `original_instruction_id`.
"""

from __future__ import annotations

import re

from yipay.adapters.iso20022.xml import MessageError
from yipay.intake.messages.record import BankRecord, Charge
from yipay.intake.messages.swift_mt import (
    Fields,
    FinMessage,
    agent_bic,
    ccy_amount,
    date_amount,
    first,
    join_lines,
    party,
    reference,
)

CHARGE_BEARERS = frozenset({"OUR", "BEN", "SHA"})
DEBTOR_TAGS = ("50A", "50F", "50K")
CREDITOR_TAGS = ("59", "59A", "59F")
_RETURN = re.compile(r"/(RETN|REJT)/")
_REASON = re.compile(r"/([A-Z]{2}[0-9]{2})/")
_CODEWORD = re.compile(r"/(MREF|TREF)/([^/\n]*)")


def parse_mt103(message: FinMessage) -> BankRecord:
    """The one credit record of an MT103; :20:, :32A:, :50a: and :59a: are mandatory."""
    label, fields = message.label, message.fields
    ref = reference(fields, "20", label, "MT103")
    value_32a = first(fields, "32A")
    if value_32a is None:
        raise MessageError(f"{label}: MT103 without :32A:")
    value_date, amount, code = date_amount(value_32a[1], label, ":32A:")
    debtor_field = first(fields, *DEBTOR_TAGS)
    if debtor_field is None:
        raise MessageError(f"{label}: MT103 without :50a: (ordering customer)")
    creditor_field = first(fields, *CREDITOR_TAGS)
    if creditor_field is None:
        raise MessageError(f"{label}: MT103 without :59a: (beneficiary customer)")
    debtor = party(*debtor_field, label)
    creditor = party(*creditor_field, label)
    has_52, debtor_agent = agent_bic(fields, "52", label)
    _has_57, creditor_agent = agent_bic(fields, "57", label)
    instructed = first(fields, "33B")
    instructed_amount, instructed_ccy = (
        ccy_amount(instructed[1], label, ":33B:") if instructed else (None, None)
    )
    remittance = first(fields, "70")
    returned = _return_info(fields)
    return BankRecord(
        source_format="mt103",
        message_id=ref,
        amount=amount,
        currency=code,
        direction="credit",
        uetr=message.uetr,
        instruction_id=ref,
        value_date=value_date,
        debtor_name=debtor.name,
        debtor_account=debtor.account,
        debtor_agent_bic=debtor_agent if has_52 else message.sender_bic,
        debtor_country=debtor.country,
        creditor_name=creditor.name,
        creditor_account=creditor.account,
        creditor_agent_bic=creditor_agent,
        remittance_info=join_lines(remittance[1]) if remittance else None,
        charge_bearer=_charge_bearer(fields, label),
        charges=_charges(fields, label),
        instructed_amount=instructed_amount,
        instructed_currency=instructed_ccy,
        sender_bic=message.sender_bic,
        is_return=returned is not None,
        return_reason=returned[0] if returned else None,
        original_message_id=returned[1] if returned else None,
        original_instruction_id=returned[1] if returned else None,
        original_end_to_end_id=returned[2] if returned else None,
        message_index=message.index,
        raw=message.raw,
    )


def _charge_bearer(fields: Fields, label: str) -> str | None:
    found = first(fields, "71A")
    if found is None:
        return None
    code = found[1].strip()
    if code not in CHARGE_BEARERS:
        raise MessageError(f"{label}: :71A: {code[:10]!r} is not OUR, BEN or SHA")
    return code


def _charges(fields: Fields, label: str) -> tuple[Charge, ...]:
    """Each :71F: (sender's charges, deducted) and :71G: (receiver's charges), in order."""
    charges = []
    for tag, value in fields:
        if tag in {"71F", "71G"}:
            amount, code = ccy_amount(value, label, f":{tag}:")
            charges.append(Charge(amount=amount, currency=code))
    return tuple(charges)


def _return_info(fields: Fields) -> tuple[str | None, str | None, str | None] | None:
    """(reason, MREF, TREF) when :72: or :70: says /RETN/ or /REJT/, else None."""
    for tag in ("72", "70"):
        found = first(fields, tag)
        if found is None:
            continue
        text = found[1].replace("\n//", " ")  # "//" lines continue the line above
        match = _RETURN.search(text)
        if match is None:
            continue
        tail = text[match.end() :]
        reason = next(
            (m.group(1) for m in _REASON.finditer(tail) if m.group(1) not in {"RETN", "REJT"}),
            None,
        )
        codes = {m.group(1): m.group(2).strip() or None for m in _CODEWORD.finditer(tail)}
        return reason, codes.get("MREF"), codes.get("TREF")
    return None
