"""What every loader does to the text it reads: one spelling of spaces, quotes and dates."""

from __future__ import annotations

import re
from collections.abc import Iterable

from yipay.screening.errors import WatchlistError
from yipay.screening.lists import ListedName, Strength

# Typographic quotes and primes the lists use, folded to ASCII so a name is written one way.
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# Widest year range expanded year by year ("DOB 1960 to 1962" → 1960, 1961, 1962); a wider one
# keeps its two ends only, so a vague range does not turn into dozens of "known" birth years.
MAX_YEAR_SPAN = 10
_YEAR = re.compile(r"^[0-9]{4}$")
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})")


def clean(value: str | None) -> str:
    """Whitespace collapsed (line breaks, runs of spaces), typographic quotes made ASCII."""
    if not value:
        return ""
    return " ".join(value.translate(_QUOTES).split())


def month_number(name: str) -> int | None:
    return _MONTHS.get(name.strip().lower().rstrip("."))


def iso_date(year: int, month: int, day: int) -> str | None:
    """`YYYY-MM-DD` if it is a real calendar date, else None."""
    from datetime import date

    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def year_range(first: int, last: int) -> list[str]:
    """The years of a range as the lists give them ("1960 to 1962", FROM_YEAR/TO_YEAR)."""
    if last < first:
        first, last = last, first
    if last - first > MAX_YEAR_SPAN:
        return [str(first), str(last)]
    return [str(y) for y in range(first, last + 1)]


def plausible_year(text: str) -> bool:
    return bool(_YEAR.match(text)) and 1800 <= int(text) <= 2100


def iso_date_prefix(text: str) -> str | None:
    """The calendar date at the start of `2001-02-03` or `2001-02-03T00:00:00`, if valid."""
    found = _ISO_DATE.match(text.strip())
    if not found:
        return None
    return iso_date(int(found[1]), int(found[2]), int(found[3]))


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Order kept, empties and repeats dropped."""
    return tuple(dict.fromkeys(v for v in values if v))


class NameList:
    """An entry's names in order, each text once: the first (strongest) mention wins, so an
    alias that repeats the primary name or a strong alias adds nothing."""

    def __init__(self) -> None:
        self._names: list[ListedName] = []
        self._seen: set[str] = set()

    def add(self, text: str, strength: Strength = "strong", kind_of_name: str = "aka") -> bool:
        text = clean(text)
        if len(text) > 2 and text[0] == text[-1] == '"':  # “Chief Kahwa”: quoted, not a name
            text = text[1:-1].strip()
        key = text.casefold()
        if not text or key in self._seen:
            return False
        self._seen.add(key)
        self._names.append(ListedName(text, strength, kind_of_name))
        return True

    def names(self) -> tuple[ListedName, ...]:
        return tuple(self._names)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM and trailing DOS end-of-file bytes 0x1A removed), or a WatchlistError."""
    if not isinstance(data, bytes | bytearray):
        raise WatchlistError(f"{name}: expected bytes, got {type(data).__name__}")
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WatchlistError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    text = text.removeprefix("\ufeff").rstrip()
    while text.endswith("\x1a"):
        text = text[:-1].rstrip()
    return text
