"""Inbound credit transfers written as SWIFT FIN MT103 output messages, and RJE files of them.

The simulator delivers ~45% of its payments the way a correspondent sends them over FIN, so the
MT parser meets real envelopes: block 1 with our bank's logical-terminal address, an *output*
block 2 (which carries the sender's address inside the message input reference), block 3 with
the MUR and the gpi UETR, and a CRLF text block ending in `-}`.

Text must be in the SWIFT X character set (`a-z A-Z 0-9 / - ? : ( ) . , ' +` space). Latin letters
with diacritics are transliterated (Müller → Muller, ß → ss, Ł → L), `&` becomes `+`, `"` becomes
`'`, and every other character (other scripts, `@`, `_`, `#` …) becomes `?`, so the loss stays
visible instead of silently shortening a name: the simulator should pass payers' Latin spellings.
A line may not start with `:` or `-` (it would open a field or end the block), so such a
character is replaced by `.`.

Parties: :50K:/:59: (`/account`, then the name) when the name fits one line of 35 and no country
is known, because parsers take the first name line only; otherwise :50F:/:59F: (`/account`,
`1/` name lines, `3/` country), so long names and the payer's country survive.

What is refused rather than altered: no :20: candidate that fits (≤16 X characters, no leading,
trailing or double `/`), names or remittance that do not fit their 4 lines of 35, amounts finer
than the currency's exponent or longer than 15 characters, and several charges under OUR (71G is
a single amount). Under BEN with no stated charge the network wants a 71F; none is invented.
When charges are stated without an instructed amount, :33B: (then mandatory) is derived: 32A plus
the 71F charges, or 32A minus the 71G charge; a 33B in another currency brings :36:, the rate
32A/33B. Currency codes are written as the record has them, CNH included (the parsers read it;
FIN itself would only take ISO codes such as CNY).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_EVEN, Decimal

from yipay.adapters.iso20022.pain001 import looks_like_iban
from yipay.adapters.iso20022.xml import MessageError
from yipay.intake.messages.record import BankRecord, Charge, decimal_text
from yipay.intake.messages.write_pacs008 import (
    checked_bic,
    checked_country,
    checked_uetr,
    scaled_amount,
)

MT_CHARGE_BEARER = {"DEBT": "OUR", "CRED": "BEN", "SHAR": "SHA", "SLEV": "SHA"}
MT_CHARGE_BEARERS = frozenset({"OUR", "BEN", "SHA"})
LINE = 35
LINES = 4
MAX_REFERENCE = 16
MAX_AMOUNT = 15  # 15d: digits and the decimal comma
MAX_ACCOUNT = 34
RJE_SEPARATOR = b"$"

_KIND = "mt103"
_NOT_X = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_FOLDS = str.maketrans(
    {
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "TH",
        "þ": "th",
        "Œ": "OE",
        "œ": "oe",
        "ı": "i",
        "&": "+",
        '"': "'",
        "\t": " ",
        "\r": " ",
        "\n": " ",
        "’": "'",
        "‘": "'",
        "–": "-",
    }
)


def _fail(reason: str) -> MessageError:
    return MessageError(f"{_KIND}: {reason}")


def swift_x(text: str) -> str:
    """`text` in the SWIFT X character set: Latin transliterated, anything else as `?`."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_X.sub("?", stripped)


def _safe_line(line: str) -> str:
    return "." + line[1:] if line[:1] in {":", "-"} else line


def wrap_lines(text: str, *, what: str, lines: int = LINES, width: int = LINE) -> list[str]:
    """`text` (already in X) on at most `lines` lines of `width`, cut at spaces when it fits so.

    Parsers join the lines with one space, so a cut at a space gives the text back; when the words
    do not fit, the text is packed `width` characters a line (cutting inside words) instead.
    """
    words = text.split()
    wrapped: list[str] = []
    for word in words:
        if wrapped and len(wrapped[-1]) + 1 + len(word) <= width:
            wrapped[-1] += " " + word
        else:
            wrapped.extend(word[i : i + width] for i in range(0, len(word), width))
    if len(wrapped) > lines:
        packed = " ".join(words)
        wrapped = [packed[i : i + width].strip() for i in range(0, len(packed), width)]
        wrapped = [line for line in wrapped if line]
    if len(wrapped) > lines:
        raise _fail(f"{what} does not fit {lines} lines of {width} characters")
    return [_safe_line(line) for line in wrapped]


def mt_amount(value: object, code: object, *, what: str) -> str:
    """An MT amount: decimal comma, no thousands separators, trailing zeros dropped (`2985,5`)."""
    scaled = scaled_amount(value, code, kind=_KIND, what=what)
    if scaled <= 0:
        raise _fail(f"{what}: amount must be positive")
    text = decimal_text(scaled).replace(".", ",")
    text = text if "," in text else text + ","
    if len(text) > MAX_AMOUNT:
        raise _fail(f"{what}: {scaled} is longer than {MAX_AMOUNT} characters in MT format")
    return text


def _rate(settled: Decimal, instructed: Decimal) -> str:
    """Field 36 (12d) as settled / instructed, to as many decimals as 12 characters hold."""
    rate = settled / instructed
    whole = len(str(int(rate)))
    if whole > 11:
        raise _fail(f"exchange rate {rate} does not fit field 36")
    text = decimal_text(rate.quantize(Decimal(1).scaleb(-(11 - whole)), ROUND_HALF_EVEN))
    text = text.replace(".", ",")
    return text if "," in text else text + ","


def mt_charge_bearer(value: str | None) -> str:
    """71A code for a record's bearer, ISO codes mapped (SLEV → SHA); SHA when unstated."""
    if value is None:
        return "SHA"
    code = value.strip().upper()
    code = MT_CHARGE_BEARER.get(code, code)
    if code not in MT_CHARGE_BEARERS:
        raise _fail(f"unknown charge bearer {value!r}")
    return code


def _reference(record: BankRecord) -> str:
    for candidate in (record.message_id, record.instruction_id):
        if candidate is None:
            continue
        text = candidate.strip()
        if (
            0 < len(text) <= MAX_REFERENCE
            and not _NOT_X.search(text)
            and not text.startswith("/")
            and not text.endswith("/")
            and "//" not in text
            and " " not in text
        ):
            return text
    raise _fail(
        "no message id or instruction id fits field 20 (1-16 SWIFT characters, no '/' at either "
        f"end, no '//'): {record.message_id!r}, {record.instruction_id!r}"
    )


def lt_address(bic: str) -> str:
    """The 12-character logical-terminal address of a BIC: BIC8 + terminal 'A' + branch."""
    return bic[:8] + "A" + (bic[8:] or "XXX")


def _account_line(account: str, what: str) -> str:
    compact = account.replace(" ", "").upper() if looks_like_iban(account) else account.strip()
    if not compact or len(compact) > MAX_ACCOUNT or _NOT_X.search(compact):
        raise _fail(f"{what} must be 1-{MAX_ACCOUNT} SWIFT characters: {account!r}")
    return "/" + compact


def _party(
    tag: str, record_account: str | None, name: str | None, country: str | None
) -> list[str]:
    """:50a:/:59a: lines: option F when a name needs more than one line or a country is known.

    Parsers read the name of option K (and of :59: without letter) from its first line only, so a
    name longer than 35 characters or the payer's country goes into option F: the account, then
    `1/` name lines (33 characters each) and `3/` the country. F needs the account as its party
    identifier; without one, option K (and :59:) carries what fits.
    """
    what = "debtor" if tag == "50" else "creditor"
    text = swift_x(name).strip() if name is not None else ""
    lines = [] if record_account is None else [_account_line(record_account, f"{what} account")]
    if record_account is not None and text and (len(text) > LINE or country is not None):
        room = LINES - (country is not None)
        lines.extend(
            "1/" + line for line in wrap_lines(text, what=f"{what} name", lines=room, width=33)
        )
        if country is not None:
            lines.append("3/" + checked_country(country, kind=_KIND, what=f"{what} country"))
        option = "F"
    else:
        if text:
            lines.extend(wrap_lines(text, what=f"{what} name"))
        option = "K" if tag == "50" else ""
    if not lines:
        raise _fail(f":{tag}a: needs an account or a name")
    return [f":{tag}{option}:{lines[0]}", *lines[1:]]


def _charges(record: BankRecord, bearer: str) -> list[str]:
    if not record.charges:
        return []
    if bearer == "OUR":
        if len(record.charges) > 1:
            raise _fail("71G holds one amount: several charges under OUR cannot be written")
        return [f":71G:{_charge_text(record.charges[0])}"]
    return [f":71F:{_charge_text(charge)}" for charge in record.charges]


def _charge_text(charge: Charge) -> str:
    code = charge.currency.strip().upper()
    return code + mt_amount(charge.amount, code, what="charge")


def _instructed(record: BankRecord, code: str, bearer: str) -> tuple[str, Decimal] | None:
    """33B (currency, amount): as stated, else derived when charges make 33B mandatory."""
    if record.instructed_amount is not None:
        return (record.instructed_currency or code).strip().upper(), record.instructed_amount
    if not record.charges or record.amount is None:
        return None
    if any(charge.currency.strip().upper() != code for charge in record.charges):
        raise _fail("charges in another currency need the instructed amount (33B) stated")
    total = sum((charge.amount for charge in record.charges), Decimal(0))
    # 71F charges were taken out of the instructed amount; a 71G charge was added on top of it.
    return code, record.amount - total if bearer == "OUR" else record.amount + total


def _text_block(record: BankRecord, reference: str) -> list[str]:
    code = (record.currency or "").strip().upper()
    amount = mt_amount(record.amount, code, what="amount (32A)")
    value_date = record.value_date
    if value_date is None:
        raise _fail("value date (32A) is missing")
    bearer = mt_charge_bearer(record.charge_bearer)
    lines = [f":20:{reference}", ":23B:CRED", f":32A:{value_date:%y%m%d}{code}{amount}"]
    instructed = _instructed(record, code, bearer)
    if instructed is not None:
        ordered_code, ordered = instructed
        lines.append(f":33B:{ordered_code}{mt_amount(ordered, ordered_code, what='33B')}")
        if ordered_code != code:
            assert isinstance(record.amount, Decimal)
            lines.append(f":36:{_rate(record.amount, ordered)}")
    lines.extend(_party("50", record.debtor_account, record.debtor_name, record.debtor_country))
    if record.debtor_agent_bic is not None:
        lines.append(f":52A:{checked_bic(record.debtor_agent_bic, kind=_KIND, what='52A')}")
    if record.creditor_agent_bic is not None:
        lines.append(f":57A:{checked_bic(record.creditor_agent_bic, kind=_KIND, what='57A')}")
    lines.extend(_party("59", record.creditor_account, record.creditor_name, None))
    if record.remittance_info is not None and record.remittance_info.strip():
        remittance = wrap_lines(swift_x(record.remittance_info), what="remittance (70)")
        lines.extend([f":70:{remittance[0]}", *remittance[1:]])
    lines.append(f":71A:{bearer}")
    lines.extend(_charges(record, bearer))
    return lines


def _sent_at(record: BankRecord, sent_at: datetime | None) -> datetime:
    if sent_at is not None:
        if sent_at.utcoffset() is None:
            raise _fail("sent_at must be an aware datetime")
        return sent_at.astimezone(UTC)
    day: date | None = record.value_date
    if day is None:
        raise _fail("value date (32A) is missing")
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def write_mt103(
    record: BankRecord,
    *,
    sender_bic: str,
    receiver_bic: str,
    session: int = 1,
    sequence: int = 1,
    sent_at: datetime | None = None,
) -> bytes:
    """One MT103 as the receiver gets it from FIN (ASCII, CRLF lines in block 4).

    `sender_bic` is the correspondent that sent it, `receiver_bic` our bank. `session`/`sequence`
    are used both for the receiver's output session/OSN (block 1) and the sender's input
    session/ISN (the MIR in block 2). `sent_at` is the input and output time; it defaults to
    00:00 UTC on the value date, so a record alone gives a deterministic message.
    """
    sender = checked_bic(sender_bic, kind=_KIND, what="sender BIC")
    receiver = checked_bic(receiver_bic, kind=_KIND, what="receiver BIC")
    if not 0 <= session <= 9999 or not 0 <= sequence <= 999999:
        raise _fail("session must be 0-9999 and sequence 0-999999")
    when = _sent_at(record, sent_at)
    reference = _reference(record)
    text = _text_block(record, reference)
    basic = f"{{1:F01{lt_address(receiver)}{session:04d}{sequence:06d}}}"
    mir = f"{when:%y%m%d}{lt_address(sender)}{session:04d}{sequence:06d}"
    application = f"{{2:O103{when:%H%M}{mir}{when:%y%m%d}{when:%H%M}N}}"
    user = f"{{108:{reference}}}"
    if record.uetr is not None:
        user += f"{{121:{checked_uetr(record.uetr, kind=_KIND)}}}"
    body = "\r\n".join(["{4:", *text, "-}"])
    return f"{basic}{application}{{3:{user}}}{body}".encode("ascii")


def write_rje(messages: Sequence[bytes]) -> bytes:
    """An RJE file: the FIN messages separated by `$` (none before the first or after the last)."""
    if any(RJE_SEPARATOR in message for message in messages):
        raise _fail("a message contains the RJE separator '$'")
    return RJE_SEPARATOR.join(messages)
