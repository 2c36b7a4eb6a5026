"""SWIFT MT intake: FIN envelopes, RJE files, and the field helpers MT103/910/900/940 share.

A FIN message is `{1:…}{2:…}{3:…}{4:\\r\\n…\\r\\n-}{5:…}`; an RJE file holds several, separated by
`$`, each possibly preceded by an ACK (`{1:F21…}{4:{177:…}{451:0}}`), which is skipped. The
envelope is cut on the *bytes* (every delimiter is ASCII), so each record keeps the exact bytes of
its own message as `raw`. Text is UTF-8 when the file is valid UTF-8, else ISO-8859-2 (Central
European bank exports), so decoding never fails.

Conventions chosen here (the README leaves them open):
- two-digit years: 00–79 → 20YY, 80–99 → 19YY (fixed window, independent of the clock);
- BICs: a 12-char LT address drops its terminal letter (9th char); branch `XXX` is dropped, so
  `BANKDEFFXXX` is stored as `BANKDEFF`;
- amounts need the MT decimal comma (`12.50` is refused), at most 15 digits, no more decimals
  than the currency has; commodity codes (XAU, XAG, XPT, XPD) are refused.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from yipay.adapters.iso20022.xml import MessageError
from yipay.core.currency import currency
from yipay.core.errors import MoneyError
from yipay.intake.messages.record import BankRecord

MAX_BYTES = 10 * 1024 * 1024
COMMODITY_CODES = frozenset({"XAU", "XAG", "XPT", "XPD"})
# The safety net's marker: tests assert it never fires (a hit means a parser bug, not bad input).
INTERNAL_FAILURE = "could not be read"

_BLOCK_START = re.compile(rb"\{([0-9A-Z]{1,3}):")
_BLOCK4_END = re.compile(rb"\r?\n-\}")
_SEPARATOR = re.compile(rb"^[\x00-\x20${}]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u00ad]")
_TAG_LINE = re.compile(r"^:([0-9]{2}[A-Z]?):(.*)$")
_BLOCK3_TAG = re.compile(r"\{([0-9]{3}):([^{}]*)\}")
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")
_LT_ADDRESS = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}[A-Z0-9][A-Z0-9]{3}$")
_MT_AMOUNT = re.compile(r"^[0-9]+,[0-9]*$")
_CCY_AMOUNT = re.compile(r"^([A-Za-z]{3})(.*)$")
_YYMMDD = re.compile(r"^[0-9]{6}$")
_UETR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

Fields = list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class FinMessage:
    """One user message cut out of a FIN/RJE file: header blocks as text, block 4 as fields."""

    label: str  # "<file> message <n>", the prefix of every error about it
    index: int  # 0-based position among non-ACK messages
    message_type: str  # "103", "940" …
    sender_bic: str | None
    block3: dict[str, str]
    fields: Fields
    raw: bytes = field(repr=False)

    @property
    def uetr(self) -> str | None:
        value = self.block3.get("121", "").strip().lower()
        return value if _UETR.match(value) else None


# -- entry point ----------------------------------------------------------------------------------
def parse_swift(data: bytes, *, name: str) -> list[BankRecord]:
    """Every record of an MT103/910/900/940 file (FIN, RJE or bare MT940), or a `MessageError`."""
    if not isinstance(data, bytes | bytearray):
        raise MessageError(f"{name}: expected bytes, got {type(data).__name__}")
    if len(data) > MAX_BYTES:
        raise MessageError(f"{name}: {len(data)} bytes is over the {MAX_BYTES}-byte limit")
    raw = bytes(data)
    if not raw.strip():
        raise MessageError(f"{name}: empty file")
    try:
        return _dispatch(raw, name)
    except (ValueError, LookupError, ArithmeticError, TypeError) as exc:  # a net, not a path
        raise MessageError(f"{name}: {INTERNAL_FAILURE} ({type(exc).__name__})") from None


def _dispatch(raw: bytes, name: str) -> list[BankRecord]:
    from yipay.intake.messages import mt103, mt910, mt940

    if b"{1:" not in raw:
        if mt940.looks_like_bare_statement(decode_text(raw)):
            return mt940.parse_bare(raw, name=name)
        raise MessageError(f"{name}: neither a SWIFT FIN message nor an MT940 statement")
    messages = split_messages(raw, name=name)
    if not messages:
        raise MessageError(f"{name}: no message, only acknowledgements")
    records: list[BankRecord] = []
    for message in messages:
        if message.message_type == "103":
            records.append(mt103.parse_mt103(message))
        elif message.message_type == "910":
            records.append(mt910.parse_mt910(message))
        elif message.message_type == "900":
            records.append(mt910.parse_mt900(message))
        elif message.message_type == "940":
            records.extend(mt940.parse_fin_statement(message))
        else:
            raise MessageError(
                f"{message.label}: unsupported message type MT{message.message_type}"
            )
    return records


# -- text -----------------------------------------------------------------------------------------
def codec_for(data: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else ISO-8859-2, which decodes any byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "iso-8859-2"
    return "utf-8"


def clean_text(text: str) -> str:
    """Tabs become spaces; soft hyphens, BOMs and control characters (bar CR/LF) go."""
    return _CONTROL.sub("", text.replace("\t", " "))


def decode_text(data: bytes, codec: str | None = None) -> str:
    """Bytes as cleaned text, with LF line ends."""
    text = data.decode(codec or codec_for(data), errors="replace")
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def join_lines(value: str | list[str] | None) -> str | None:
    """Lines stripped and joined by one space (MT wraps text at fixed widths); None if blank."""
    if value is None:
        return None
    lines = value.split("\n") if isinstance(value, str) else value
    joined = " ".join(line.strip() for line in lines if line.strip())
    return joined or None


# -- envelope -------------------------------------------------------------------------------------
def split_messages(data: bytes, *, name: str) -> list[FinMessage]:
    """The user messages of a FIN or RJE file, ACK/NAK service messages dropped."""
    codec = codec_for(data)
    messages: list[FinMessage] = []
    pos = 0
    while True:
        start = data.find(b"{1:", pos)
        gap = data[pos : start if start >= 0 else len(data)]
        if not _SEPARATOR.match(gap):
            where = (
                f"before message {len(messages) + 1}" if start >= 0 else "after the last message"
            )
            raise MessageError(f"{name}: unexpected text {where}: {_preview(gap, codec)}")
        if start < 0:
            return messages
        label = f"{name} message {len(messages) + 1}"
        blocks, pos = _read_blocks(data, start, label)
        header = blocks["1"].decode(codec, errors="replace").strip()
        if header[1:3] == "21":  # ACK/NAK of the message that follows
            continue
        messages.append(_fin_message(blocks, data[start:pos], label, len(messages), codec))


def _read_blocks(data: bytes, start: int, label: str) -> tuple[dict[str, bytes], int]:
    """The blocks of the message at `start` and where it ends; stops at the next {1:}."""
    blocks: dict[str, bytes] = {}
    pos = start
    while (match := _BLOCK_START.match(data, pos)) is not None:
        block_id = match.group(1).decode("ascii")
        if block_id == "1" and blocks:
            break
        if block_id in blocks:
            raise MessageError(f"{label}: block {block_id} appears twice")
        if block_id == "4" and data[match.end() : match.end() + 1] != b"{":
            end = _BLOCK4_END.search(data, match.end())
            if end is None:
                raise MessageError(f"{label}: block 4 has no '-}}' terminator (truncated?)")
            content = data[match.end() : end.start()]
            if b"{1:" in content:
                raise MessageError(f"{label}: block 4 is not terminated before the next message")
            blocks[block_id], pos = content, end.end()
        else:
            close = _matching_brace(data, pos)
            if close < 0:
                raise MessageError(f"{label}: block {block_id} is not closed (truncated?)")
            blocks[block_id], pos = data[match.end() : close], close + 1
    if "4" not in blocks:
        raise MessageError(f"{label}: no block 4 (text block)")
    return blocks, pos


def _matching_brace(data: bytes, start: int) -> int:
    """Index of the `}` closing the `{` at `start` (blocks 3 and 5 nest), or -1 if unclosed."""
    depth = 0
    for pos in range(start, len(data)):
        char = data[pos]
        if char == 0x7B:
            depth += 1
        elif char == 0x7D:
            depth -= 1
            if depth == 0:
                return pos
    return -1


def _fin_message(
    blocks: dict[str, bytes], raw: bytes, label: str, index: int, codec: str
) -> FinMessage:
    text = {key: decode_text(value, codec) for key, value in blocks.items()}
    header = text["1"].strip()
    if len(header) < 15 or header[0] not in "FAL" or not _LT_ADDRESS.match(header[3:15]):
        raise MessageError(f"{label}: block 1 is not a basic header: {header[:30]!r}")
    if "2" not in text:
        raise MessageError(f"{label}: no block 2 (application header)")
    app = text["2"].strip()
    if re.match(r"^I[0-9]{3}[A-Z0-9]{12}", app):
        sender_lt = header[3:15]  # input: block 1 names the sender
    elif re.match(r"^O[0-9]{3}[0-9]{10}[A-Z0-9]{12}", app):
        sender_lt = app[14:26]  # output: the sender's LT address sits in the MIR
    else:
        raise MessageError(f"{label}: block 2 is not an application header: {app[:30]!r}")
    if not _LT_ADDRESS.match(sender_lt):
        raise MessageError(f"{label}: block 2 sender {sender_lt!r} is not an LT address")
    block3 = {tag: value.strip() for tag, value in _BLOCK3_TAG.findall(text.get("3", ""))}
    return FinMessage(
        label=label,
        index=index,
        message_type=app[1:4],
        sender_bic=bic_from_lt(sender_lt),
        block3=block3,
        fields=split_fields(text["4"], label),
        raw=raw,
    )


def _preview(data: bytes, codec: str) -> str:
    return repr(" ".join(data.decode(codec, errors="replace").split())[:30])


def split_fields(text: str, label: str) -> Fields:
    """Block 4 text as (tag, value) pairs in order; a value keeps its line breaks."""
    fields: Fields = []
    for line in text.split("\n"):
        match = _TAG_LINE.match(line)
        if match:
            fields.append((match.group(1), match.group(2)))
        elif fields:
            fields[-1] = (fields[-1][0], f"{fields[-1][1]}\n{line}")
        elif line.strip():
            raise MessageError(f"{label}: block 4 does not start with a field tag")
    if not fields:
        raise MessageError(f"{label}: block 4 has no fields")
    return [(tag, value.rstrip()) for tag, value in fields]


def first(fields: Fields, *tags: str) -> tuple[str, str] | None:
    """The first (tag, value) whose tag is one of `tags`."""
    return next(((tag, value) for tag, value in fields if tag in tags), None)


def reference(fields: Fields, tag: str, label: str, what: str) -> str:
    """A mandatory one-line reference field (:20:, :21:, :25:), stripped."""
    found = first(fields, tag)
    value = found[1].split("\n")[0].strip() if found else ""
    if not value:
        raise MessageError(f"{label}: {what} without :{tag}:")
    return value


# -- values ---------------------------------------------------------------------------------------
def normalise_bic(value: str, label: str, what: str) -> str:
    """A BIC8 or BIC11, upper-cased, with a `XXX` branch dropped (BANKDEFFXXX == BANKDEFF)."""
    bic = value.strip().upper()
    if not _BIC.match(bic):
        raise MessageError(f"{label}: {what} is not a BIC: {bic[:20]!r}")
    return bic[:8] if bic.endswith("XXX") and len(bic) == 11 else bic


def bic_from_lt(address: str) -> str:
    """The BIC of a 12-char LT address: BIC8 + branch, the terminal letter dropped."""
    bic = address[:8] + address[9:12]
    return bic[:8] if bic.endswith("XXX") else bic


def optional_bic(value: str) -> str | None:
    """A BIC when `value` is one (bank exports put sort codes in BIC slots), else None."""
    bic = value.strip().upper()
    if not _BIC.match(bic):
        return None
    return bic[:8] if bic.endswith("XXX") and len(bic) == 11 else bic


def currency_code(code: str, label: str, what: str) -> tuple[str, int]:
    """(code as written, ISO exponent); unknown codes and commodities refused."""
    if not re.match(r"^[A-Z]{3}$", code):
        raise MessageError(f"{label}: {what}: currency {code[:10]!r} is not an ISO 4217 code")
    if code in COMMODITY_CODES:
        raise MessageError(f"{label}: {what}: commodity currency {code} is not money")
    try:
        return code, currency(code).exponent
    except MoneyError as exc:
        raise MessageError(f"{label}: {what}: {exc.message}") from None


def mt_amount(text: str, exponent: int, label: str, what: str) -> Decimal:
    """An MT amount: digits, one decimal comma (`136480,` is whole), at most 15 digits."""
    value = text.strip()
    if not _MT_AMOUNT.match(value):
        raise MessageError(
            f"{label}: {what}: amount {value[:24]!r} is not an MT decimal (digits and a comma)"
        )
    whole, fraction = value.split(",")
    if len(whole) + len(fraction) > 15:
        raise MessageError(f"{label}: {what}: amount {value[:24]!r} has more than 15 digits")
    fraction = fraction.rstrip("0")
    if len(fraction) > exponent:
        raise MessageError(f"{label}: {what}: amount {value!r} has more decimals than allowed")
    return Decimal(f"{whole}.{fraction or '0'}").quantize(Decimal(1).scaleb(-exponent))


def ccy_amount(text: str, label: str, what: str) -> tuple[Decimal, str]:
    """(amount, currency) of a `CCYamount` field such as :33B: or :71F:."""
    match = _CCY_AMOUNT.match(text.strip())
    if match is None:
        raise MessageError(f"{label}: {what} is not currency and amount: {text[:24]!r}")
    code, exponent = currency_code(match.group(1), label, what)
    return mt_amount(match.group(2), exponent, label, what), code


def date_amount(text: str, label: str, what: str) -> tuple[date, Decimal, str]:
    """(value date, amount, currency) of a :32A: `YYMMDDCCYamount` field."""
    value = text.strip()
    when = yymmdd(value[:6], label, what)
    amount, code = ccy_amount(value[6:], label, what)
    return when, amount, code


def full_year(yy: int) -> int:
    """Two-digit MT years: 00–79 → 2000s, 80–99 → 1900s."""
    return 2000 + yy if yy < 80 else 1900 + yy


def yymmdd(text: str, label: str, what: str) -> date:
    """A strict YYMMDD date; anything that is not a calendar date is refused."""
    when, clamped = yymmdd_clamped(text, label, what)
    if clamped:
        raise MessageError(f"{label}: {what}: {text!r} is not a calendar date")
    return when


def yymmdd_clamped(text: str, label: str, what: str) -> tuple[date, bool]:
    """A YYMMDD date; a day past the month's end (30 February) is clamped, and says so."""
    if not _YYMMDD.match(text):
        raise MessageError(f"{label}: {what}: {text[:10]!r} is not a YYMMDD date")
    return month_day(full_year(int(text[:2])), text[2:6], label, what)


def month_day(year: int, mmdd: str, label: str, what: str) -> tuple[date, bool]:
    """(date, clamped?) for MMDD in `year`: day 31 of a 30-day month becomes day 30."""
    month, day = int(mmdd[:2]), int(mmdd[2:4])
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise MessageError(f"{label}: {what}: {mmdd!r} is not a month and day")
    last = monthrange(year, month)[1]
    return date(year, month, min(day, last)), day > last


# -- parties --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Party:
    """A customer field (:50a:, :59a:) read as account, name, BIC and country."""

    account: str | None = None
    name: str | None = None
    bic: str | None = None
    country: str | None = None


def party(tag: str, value: str, label: str) -> Party:
    """Option A: /account + BIC; option F: party line + numbered lines; K/none: /account + name."""
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    account = None
    if lines and lines[0].startswith("/"):
        account = lines.pop(0)[1:].strip() or None
    if tag.endswith("A"):
        if not lines:
            raise MessageError(f"{label}: :{tag}: has no BIC")
        return Party(account=account, bic=normalise_bic(lines[0], label, f":{tag}:"))
    if tag.endswith("F"):
        if account is None and lines and not re.match(r"^[0-9]/", lines[0]):
            lines.pop(0)  # a party identifier such as NIDN/DE/123, not an account
        names = [line[2:] for line in lines if line.startswith("1/")]
        countries = [line[2:4] for line in lines if re.match(r"^3/[A-Z]{2}", line)]
        return Party(
            account=account,
            name=join_lines(names),
            country=countries[0] if countries else None,
        )
    return Party(account=account, name=lines[0] if lines else None)


def agent_bic(fields: Fields, tag: str, label: str) -> tuple[bool, str | None]:
    """(present?, BIC) of an institution field :52a:/:57a:; only option A carries a BIC."""
    found = first(fields, f"{tag}A", f"{tag}B", f"{tag}C", f"{tag}D")
    if found is None:
        return False, None
    if found[0] != f"{tag}A":
        return True, None
    lines = [line.strip() for line in found[1].split("\n") if line.strip()]
    bics = [line for line in lines if not line.startswith("/")]
    if not bics:
        raise MessageError(f"{label}: :{found[0]}: has no BIC")
    return True, normalise_bic(bics[0], label, f":{found[0]}:")
