"""OFAC's SDN list in its legacy CSV files (sdn.csv, alt.csv, add.csv, sdn_comments.csv).

The files have no header, write null as `-0-` (the very last field of a file may be cut to
`-0`), may end with a DOS end-of-file byte, and join on `ent_num`. Remarks are free text
separated by `;`, from which we take dates of birth, nationality/citizenship and the *weak*
aliases OFAC writes as `a.k.a. 'PACHO'` (nicknames many innocent people share). Names are kept
as the list writes them ("LAST, Given"); the matcher deals with order.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from yipay.screening.errors import WatchlistError
from yipay.screening.lists import Kind, ListEntry
from yipay.screening.loaders.countries import country_code
from yipay.screening.loaders.text import (
    NameList,
    clean,
    decode,
    iso_date,
    month_number,
    plausible_year,
    unique,
    year_range,
)

SOURCE = "ofac-sdn"
_KINDS: dict[str, Kind] = {
    "individual": "person",
    "": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
_ALT_TYPES = {"aka": "aka", "fka": "fka", "nka": "nka"}
_COLUMNS = {"sdn.csv": 12, "alt.csv": 5, "add.csv": 6, "sdn_comments.csv": 2}
# Extra sdn.csv columns kept in the remarks, labelled, so an analyst sees them with a hit.
_LABELLED = ((4, "Title"), (5, "Call Sign"), (6, "Vessel Type"), (7, "Tonnage"), (8, "GRT"))
_LABELLED_AFTER_FLAG = ((10, "Vessel Owner"),)

# A weak alias: a.k.a. 'NAME' up to the quote that ends it (followed by ; . , or the end), so
# names with an apostrophe inside ('ABU 'ABDALLAH', 'PEOPLE'S ARMY') are read whole.
_WEAK_ALIAS = re.compile(r"a\.k\.a\.,?\s*'(.*?)'(?=\s*(?:;|\.(?:\s|$)|,\s*(?:'|a\.k\.a)|$))")
_DATE_PART = r"(?:(\d{1,2})\s+)?(?:([A-Za-z]{3,9})\.?\s+)?(\d{4})"
_DOB = re.compile(
    rf"\bDOB:?\s+(?:circa\s+)?{_DATE_PART}(?:\s*(?:to|-)\s*(?:circa\s+)?{_DATE_PART})?",
    re.IGNORECASE,
)
_NATIONALITY = re.compile(
    r"^(?:alt\.\s+)?(?:nationality|citizen)(?:\s+of\s+registration)?\s*:?\s+(.+?)\.?$",
    re.IGNORECASE,
)


def _field(value: str) -> str:
    """A field's text, or "" for OFAC's null (`-0-`, or `-0` where the file was cut)."""
    value = value.strip()
    return "" if value in ("-0-", "-0") else value


def _rows(data: bytes, file: str, origin: str) -> Iterator[tuple[int, list[str]]]:
    name = f"{origin}{file}"
    text = decode(data, name)
    columns = _COLUMNS[file]
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            line = reader.line_num
            if len(row) != columns:
                raise WatchlistError(
                    f"{name}: row {line}: expected {columns} columns, got {len(row)}"
                )
            ent_num = row[0].strip()
            if not ent_num.isdigit():
                raise WatchlistError(
                    f"{name}: row {line}: ent_num {ent_num[:20]!r} is not a number"
                )
            yield line, [ent_num, *row[1:]]
    except csv.Error as exc:
        raise WatchlistError(f"{name}: row {reader.line_num}: malformed CSV ({exc})") from None


def birth_dates(remarks: str) -> list[str]:
    """`DOB 17 Feb 1974` → 1974-02-17; `DOB 1960`, `DOB circa 1960`, `DOB Feb 1960` → 1960;
    `DOB 1960 to 1962` (and day ranges) → each year of the range."""
    found: list[str] = []
    for m in _DOB.finditer(remarks):
        day, month, year, _, _, year2 = m.groups()
        if not plausible_year(year):
            continue
        if year2 and plausible_year(year2):
            found.extend(year_range(int(year), int(year2)))
            continue
        number = month_number(month) if month else None
        if day and number:
            exact = iso_date(int(year), number, int(day))
            found.append(exact or year)
        else:
            found.append(year)
    return found


def weak_aliases(remarks: str) -> list[str]:
    """The quoted a.k.a. names in remarks (a doubled quote around one is dropped)."""
    out = []
    for found in _WEAK_ALIAS.findall(remarks):
        text = found.strip()
        if len(text) > 2 and text.startswith("'") and text.endswith("'"):
            text = text[1:-1].strip()
        if text:
            out.append(text)
    return out


def remark_countries(remarks: str) -> list[str]:
    """Country names after `nationality`, `citizen` (and their `alt.` forms) in the remarks."""
    names = []
    for part in remarks.split(";"):
        m = _NATIONALITY.match(part.strip())
        if m:
            names.append(m[1].strip())
    return names


def _read_sdn(sdn: bytes, origin: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for line, row in _rows(sdn, "sdn.csv", origin):
        ent = row[0]
        where = f"{origin}sdn.csv: row {line}"
        if ent in rows:
            raise WatchlistError(f"{where}: ent_num {ent} repeats row {lines[ent]}")
        if _field(row[2]).lower() not in _KINDS:
            raise WatchlistError(f"{where}: unknown SDN_Type {row[2].strip()!r}")
        if not _field(row[1]):
            raise WatchlistError(f"{where}: entry {ent} has no name")
        rows[ent], lines[ent] = row, line
    return rows


def _read_aliases(
    alt: bytes, known: dict[str, list[str]], origin: str
) -> dict[str, list[tuple[str, str]]]:
    aliases: dict[str, list[tuple[str, str]]] = {}
    for line, row in _rows(alt, "alt.csv", origin):
        text = _field(row[3])
        if not text or row[0] not in known:
            continue
        alt_type = _field(row[2]).lower().replace(".", "")
        if alt_type and alt_type not in _ALT_TYPES:
            raise WatchlistError(
                f"{origin}alt.csv: row {line}: unknown alt_type {row[2].strip()!r}"
            )
        aliases.setdefault(row[0], []).append((text, _ALT_TYPES.get(alt_type, "aka")))
    return aliases


def _entry(
    row: list[str], remarks: str, aliases: list[tuple[str, str]], addresses: list[str]
) -> ListEntry:
    names = NameList()
    names.add(_field(row[1]), "strong", "primary")
    for text, kind_of_name in aliases:
        names.add(text, "strong", kind_of_name)
    for text in weak_aliases(remarks):
        names.add(text, "weak", "aka")
    flag = _field(row[9])
    country_names = [*remark_countries(remarks), *([flag] if flag else []), *addresses]
    labelled = [f"{label} {_field(row[i])}" for i, label in _LABELLED if _field(row[i])]
    labelled += [f"Vessel Flag {flag}"] if flag else []
    labelled += [f"{label} {_field(row[i])}" for i, label in _LABELLED_AFTER_FLAG if _field(row[i])]
    return ListEntry(
        source=SOURCE,
        entry_id=row[0],
        kind=_KINDS[_field(row[2]).lower()],
        names=names.names(),
        countries=unique(country_code(n) or "" for n in country_names),
        birth_dates=unique(birth_dates(remarks)),
        programs=unique(clean(p.strip("[] ")) for p in _field(row[3]).split("] [")),
        remarks=clean("; ".join([*labelled, remarks] if remarks else labelled)),
    )


def load_ofac_sdn(
    sdn: bytes, alt: bytes, add: bytes, comments: bytes | None, *, origin: str = ""
) -> list[ListEntry]:
    """Every SDN entry with its aliases, countries, birth dates and programmes.

    `origin` (e.g. the directory, ending in "/") prefixes the file names in error messages.
    sdn_comments.csv continues a Remarks field cut for length; the continuation is appended as
    is (OFAC cuts mid-word). Comment, alias and address rows for unknown entries are ignored.
    """
    rows = _read_sdn(sdn, origin)
    extra: dict[str, str] = {}
    for _, row in _rows(comments, "sdn_comments.csv", origin) if comments else ():
        if row[0] in rows:
            extra[row[0]] = extra.get(row[0], "") + _field(row[1])
    aliases = _read_aliases(alt, rows, origin)
    addresses: dict[str, list[str]] = {}
    for _, row in _rows(add, "add.csv", origin):
        if _field(row[4]) and row[0] in rows:
            addresses.setdefault(row[0], []).append(_field(row[4]))
    return [
        _entry(
            row, _field(row[11]) + extra.get(ent, ""), aliases.get(ent, []), addresses.get(ent, [])
        )
        for ent, row in rows.items()
    ]
