"""MT940 customer statements, FIN-wrapped or as bare bank exports, one record per :61: entry.

Bare exports carry bank header lines (`0000 01INGBNL2AXXXX00001`, `940 00`, `:940:`) and
trailers (`-`, `-XXX`); anything before a `:20:` is ignored and a `-` line ends a statement.
:NS: (non-SWIFT) tags are tolerated. An :86: belongs to the :61: it follows (Rabobank writes
several); an :86: after the closing balance is statement information and is not attached.

Marks: `C` and `RD` (reversal of a debit) are credits, `D` and `RC` debits; a letter after the
mark is the funds code (third letter of the currency: `CR` EUR, `CN` PLN, `DF` HUF), not part
of the amount. Dates: the value date is YYMMDD; a day past the month's end (banks do write
30 February) is clamped to the last day with a note on the record, since refusing a whole bank
statement over it helps no one; any other impossible date is refused. The optional MMDD entry
date takes the year (value year -1, 0, +1) closest to the value date. A bank reference of
`NONREF` is no reference and becomes None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from yipay.adapters.iso20022.xml import MessageError
from yipay.intake.messages.record import BankRecord
from yipay.intake.messages.swift_mt import (
    Fields,
    FinMessage,
    codec_for,
    currency_code,
    decode_text,
    first,
    join_lines,
    month_day,
    mt_amount,
    optional_bic,
    yymmdd_clamped,
)

_TAG = re.compile(r"^:([0-9]{2}[A-Z]?|NS):(.*)$")
_TRAILER = re.compile(r"^-(?:XXX)?\}?\s*$")
_BALANCE = re.compile(r"^([CD])([0-9]{6})([A-Z]{3})([0-9,]+)$")
_LINE_61 = re.compile(
    r"^(?P<value>[0-9]{6})(?P<entry>[0-9]{4})?(?P<mark>R?[CD])(?P<funds>[A-Z])?"
    r"(?P<amount>[0-9,]+)(?P<type>[A-Z][A-Z0-9 ]{3})?(?P<rest>.*)$"
)
_STRUCTURED = re.compile(r"^\s*(?:[0-9]{3})?\s*([?~])[0-9]{2}")
_SEPA_KEY = re.compile(r"(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|PURP)\+")
_POLISH_KEY = re.compile(r"(?:^|;)\s*(OD|DO|TYT\.|Z RACH\.|NA RACH\.)\s*:")
_KEY_VALUE = re.compile(r"^\s*([A-Z][A-Z .]*?)\s*:(.*)$", re.DOTALL)
_STATEMENT_TAGS = (":25:", ":25P:", ":28:", ":28C:", ":60F:", ":60M:", ":61:", ":62F:")
_NO_ID = frozenset({"", "NONREF", "NOTPROVIDED"})


@dataclass(frozen=True, slots=True)
class Statement:
    """What every entry of one statement shares."""

    reference: str
    account: str
    currency: str
    exponent: int
    statement_id: str | None
    related_reference: str | None
    sender_bic: str | None
    index: int
    raw: bytes


@dataclass(frozen=True, slots=True)
class Details:
    """What an :86: says about the entry: remittance, end-to-end id and the counterparty."""

    remittance: str | None = None
    end_to_end_id: str | None = None
    name: str | None = None
    account: str | None = None
    bic: str | None = None


def looks_like_bare_statement(text: str) -> bool:
    """A `:20:` line plus another MT940 tag line: worth reading as a statement."""
    lines = text.split("\n")
    return any(line.startswith(":20:") for line in lines) and any(
        line.startswith(_STATEMENT_TAGS) for line in lines
    )


def parse_bare(data: bytes, *, name: str) -> list[BankRecord]:
    """Every entry of every statement in a bank export without FIN blocks."""
    statements = _split_bare(data)
    if not statements:
        raise MessageError(f"{name}: no MT940 statement (no :20: line)")
    records: list[BankRecord] = []
    for index, (fields, raw) in enumerate(statements):
        label = f"{name} statement {index + 1}"
        records.extend(statement_records(fields, label=label, index=index, raw=raw))
    return records


def parse_fin_statement(message: FinMessage) -> list[BankRecord]:
    """The entries of one FIN-wrapped MT940."""
    return statement_records(
        message.fields,
        label=message.label,
        index=message.index,
        raw=message.raw,
        sender_bic=message.sender_bic,
    )


def _split_bare(data: bytes) -> list[tuple[Fields, bytes]]:
    """(fields, raw bytes) per statement; lines are cut on bytes so `raw` is exact."""
    codec = codec_for(data)
    statements: list[tuple[Fields, bytes]] = []
    current: Fields | None = None
    start = end = offset = 0
    for raw_line in data.splitlines(keepends=True):
        line_start, offset = offset, offset + len(raw_line)
        line = decode_text(raw_line, codec).rstrip("\n")
        if not line.strip():
            continue
        match = _TAG.match(line)
        if match and match.group(1) == "20":
            if current is not None:
                statements.append((current, data[start:end]))
            current, start, end = [("20", match.group(2))], line_start, offset
        elif current is None:
            continue  # bank header lines before the first :20:
        elif _TRAILER.match(line):
            statements.append((current, data[start:offset]))
            current = None
        elif match:
            current.append((match.group(1), match.group(2)))
            end = offset
        else:
            current[-1] = (current[-1][0], f"{current[-1][1]}\n{line}")
            end = offset
    if current is not None:
        statements.append((current, data[start:end]))
    return statements


def statement_records(
    fields: Fields, *, label: str, index: int, raw: bytes, sender_bic: str | None = None
) -> list[BankRecord]:
    """One record per :61: of a statement; :20:, :25: and :60F:/:60M: are mandatory."""
    reference = _line(first(fields, "20"))
    if not reference:
        raise MessageError(f"{label}: MT940 without :20:")
    account = _line(first(fields, "25", "25P"))
    if not account:
        raise MessageError(f"{label}: MT940 without :25: (account)")
    opening = first(fields, "60F", "60M")
    if opening is None:
        raise MessageError(f"{label}: MT940 without :60F:/:60M: (opening balance)")
    balance = _BALANCE.match(opening[1].strip())
    if balance is None:
        raise MessageError(f"{label}: :{opening[0]}: is not a balance: {opening[1][:30]!r}")
    code, exponent = currency_code(balance.group(3), label, f":{opening[0]}:")
    mt_amount(balance.group(4), exponent, label, f":{opening[0]}:")
    statement = Statement(
        reference=reference,
        account=account,
        currency=code,
        exponent=exponent,
        statement_id=_line(first(fields, "28C", "28")) or None,
        related_reference=_line(first(fields, "21")) or None,
        sender_bic=sender_bic,
        index=index,
        raw=raw,
    )
    return [
        _entry(line, details, statement, f"{label} :61: entry {number}")
        for number, (line, details) in enumerate(_entries(fields), start=1)
    ]


def _line(found: tuple[str, str] | None) -> str:
    return found[1].split("\n")[0].strip() if found else ""


def _entries(fields: Fields) -> list[tuple[str, list[str]]]:
    """(:61: value, its :86: values); :NS: in between is skipped, any other tag ends the entry."""
    entries: list[tuple[str, list[str]]] = []
    attached = False
    for tag, value in fields:
        if tag == "61":
            entries.append((value, []))
            attached = True
        elif tag == "86" and attached:
            entries[-1][1].append(value)
        elif tag != "NS":
            attached = False
    return entries


def _entry(line: str, details_text: list[str], statement: Statement, label: str) -> BankRecord:
    match = _LINE_61.match(line.split("\n", maxsplit=1)[0].strip())
    if match is None:
        raise MessageError(f"{label}: not a statement line: {line[:40]!r}")
    notes = []
    value_date, clamped = yymmdd_clamped(match.group("value"), label, "value date")
    if clamped:
        notes.append(f"{label}: value date {match.group('value')} clamped to {value_date}")
    booking_date = None
    if match.group("entry"):
        booking_date, clamped = _booking_date(value_date, match.group("entry"), label)
        if clamped:
            notes.append(f"{label}: entry date {match.group('entry')} clamped to {booking_date}")
    mark = match.group("mark")
    credit = mark in {"C", "RD"}
    bank_ref = match.group("rest").partition("//")[2].strip()
    details = _details(details_text)
    return BankRecord(
        source_format="mt940",
        message_id=statement.reference,
        amount=mt_amount(match.group("amount"), statement.exponent, label, "amount"),
        currency=statement.currency,
        direction="credit" if credit else "debit",
        reversal=mark.startswith("R"),
        end_to_end_id=details.end_to_end_id,
        value_date=value_date,
        booking_date=booking_date,
        debtor_name=details.name if credit else None,
        debtor_account=details.account if credit else None,
        debtor_agent_bic=details.bic if credit else None,
        creditor_name=None if credit else details.name,
        creditor_account=None if credit else details.account,
        creditor_agent_bic=None if credit else details.bic,
        remittance_info=details.remittance,
        sender_bic=statement.sender_bic,
        related_reference=statement.related_reference,
        account=statement.account,
        account_currency=statement.currency,
        statement_id=statement.statement_id,
        entry_reference=None if bank_ref.upper() in _NO_ID else bank_ref,
        bank_transaction_code=(match.group("type") or "").strip() or None,
        message_index=statement.index,
        raw=statement.raw,
        notes=tuple(notes),
    )


def _booking_date(value_date: date, mmdd: str, label: str) -> tuple[date, bool]:
    """The MMDD entry date in the year (value year -1, 0 or +1) closest to the value date."""
    candidates = [
        month_day(year, mmdd, label, "entry date")
        for year in (value_date.year - 1, value_date.year, value_date.year + 1)
    ]
    return min(candidates, key=lambda pair: abs((pair[0] - value_date).days))


def _details(values: list[str]) -> Details:
    """An :86: read as German/Polish `?NN` sub-fields, mBank `KEY:` pairs, or plain text."""
    if not values:
        return Details()
    text = "\n".join(values)
    structured = _STRUCTURED.match(text)
    if structured:
        return _subfields("".join(v.replace("\n", "") for v in values), structured.group(1))
    if _POLISH_KEY.search(text):
        return _key_values(text)
    return Details(remittance=join_lines(text))


def _subfields(text: str, separator: str) -> Details:
    """`?NN` sub-fields: ?20–?29 and ?60–?63 purpose (with SEPA EREF+/SVWZ+ keys), ?30 BIC,
    ?31/?38 account, ?32/?33 (or ?27/?28) name. Lines were wrapped mid-word, so they are
    concatenated without a separator."""
    parts = re.split(re.escape(separator) + r"([0-9]{2})", text)
    sub: dict[int, str] = {}
    for number, value in zip(parts[1::2], parts[2::2], strict=True):
        sub[int(number)] = sub.get(int(number), "") + value
    purpose = "".join(sub.get(n, "") for n in (*range(20, 30), *range(60, 64)))
    keys = list(_SEPA_KEY.finditer(purpose))
    sepa: dict[str, str] = {}
    for position, key in enumerate(keys):
        stop = keys[position + 1].start() if position + 1 < len(keys) else len(purpose)
        sepa.setdefault(key.group(1), purpose[key.end() : stop].strip())
    prefix = purpose[: keys[0].start()] if keys else purpose
    name = sub.get(32, "") + sub.get(33, "") or sub.get(27, "") + sub.get(28, "")
    end_to_end = sepa.get("EREF", "")
    return Details(
        remittance=sepa.get("SVWZ") or prefix.strip() or None,
        end_to_end_id=None if end_to_end.upper() in _NO_ID else end_to_end,
        name=" ".join(name.split()) or None,
        account="".join((sub.get(38) or sub.get(31) or "").split()) or None,
        bic=optional_bic(sub.get(30, "")),
    )


def _key_values(text: str) -> Details:
    """mBank's `…; Z RACH.: <account>; OD: <name / address>; TYT.: <title>; …` layout."""
    pairs: dict[str, str] = {}
    for part in text.split(";"):
        match = _KEY_VALUE.match(part)
        if match:
            pairs.setdefault(match.group(1), match.group(2))
    who = pairs.get("OD") or pairs.get("DO") or ""
    names = [line.strip() for line in who.split("\n") if line.strip()]
    account = "".join((pairs.get("Z RACH.") or pairs.get("NA RACH.") or "").split())
    return Details(
        remittance=join_lines(pairs.get("TYT.", "")),
        name=names[0] if names else None,
        account=account or None,
    )
