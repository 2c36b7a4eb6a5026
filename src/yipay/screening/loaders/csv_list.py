"""Our own CSV layout for every other list (China's lists, the internal list), documented in
docs/operations.md under "Watchlists":

    id,name,kind,aliases,countries,birth_dates,programs,remarks

UTF-8, one header row, one entry per row. `kind` is person | organization | vessel | aircraft
| unknown. `aliases`, `countries`, `birth_dates` and `programs` hold several values separated by
`|`; an alias written `~NAME` is weak. Countries are ISO 3166 alpha-2; birth dates YYYY or
YYYY-MM-DD. A list in any other shape is converted to this one before import.
"""

from __future__ import annotations

import csv
import io
import re

from yipay.core.countries import country
from yipay.core.errors import InvalidInput
from yipay.screening.errors import WatchlistError
from yipay.screening.lists import KINDS, Kind, ListEntry
from yipay.screening.loaders.text import NameList, clean, decode, iso_date_prefix, unique

HEADER = ("id", "name", "kind", "aliases", "countries", "birth_dates", "programs", "remarks")
LIST_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
_BIRTH = re.compile(r"^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$")


def _split(value: str) -> list[str]:
    return [clean(v) for v in value.split("|") if clean(v)]


def load_csv_list(data: bytes, *, list_name: str, name: str | None = None) -> list[ListEntry]:
    """The entries of one list in our CSV layout; source "csv:<list_name>"."""
    name = name or f"{list_name}.csv"
    if not LIST_NAME.match(list_name):
        raise WatchlistError(
            f"{name}: list name {list_name!r} must be 1-40 of a-z 0-9 . _ - (lower case)"
        )
    source = f"csv:{list_name}"
    reader = csv.reader(io.StringIO(decode(data, name)), strict=True)
    entries: list[ListEntry] = []
    seen: dict[str, int] = {}
    try:
        header = tuple(h.strip().lower() for h in next(reader, []))
        if header != HEADER:
            raise WatchlistError(f"{name}: row 1: the header must be {','.join(HEADER)}")
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(HEADER):
                raise WatchlistError(
                    f"{name}: row {line}: expected {len(HEADER)} columns, got {len(row)}"
                )
            entries.append(_entry(source, row, f"{name}: row {line}"))
            entry_id = entries[-1].entry_id
            if entry_id in seen:
                raise WatchlistError(
                    f"{name}: row {line}: id {entry_id!r} repeats row {seen[entry_id]}"
                )
            seen[entry_id] = line
    except csv.Error as exc:
        raise WatchlistError(f"{name}: row {reader.line_num}: malformed CSV ({exc})") from None
    return entries


def _entry(source: str, row: list[str], where: str) -> ListEntry:
    entry_id, primary, kind, aliases, countries, births, programs, remarks = row
    entry_id = entry_id.strip()
    if not entry_id or len(entry_id) > 64:
        raise WatchlistError(f"{where}: id must be 1 to 64 characters")
    if not clean(primary):
        raise WatchlistError(f"{where}: entry {entry_id} has no name")
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise WatchlistError(f"{where}: unknown kind {kind!r} (expected {', '.join(KINDS)})")
    names = NameList()
    names.add(primary, "strong", "primary")
    for alias in _split(aliases):
        weak = alias.startswith("~")
        names.add(alias.removeprefix("~"), "weak" if weak else "strong", "aka")
    codes = []
    for code in _split(countries):
        try:
            codes.append(country(code, what="country"))
        except InvalidInput as exc:
            raise WatchlistError(f"{where}: {exc.message}") from None
    dates = []
    for birth in _split(births):
        if not _BIRTH.match(birth) or (len(birth) == 10 and iso_date_prefix(birth) is None):
            raise WatchlistError(f"{where}: birth date {birth!r} is not YYYY or YYYY-MM-DD")
        dates.append(birth)
    return ListEntry(
        source=source,
        entry_id=entry_id,
        kind=_kind(kind),
        names=names.names(),
        countries=unique(codes),
        birth_dates=unique(dates),
        programs=unique(_split(programs)),
        remarks=clean(remarks),
    )


def _kind(value: str) -> Kind:
    for kind in KINDS:
        if kind == value:
            return kind
    raise AssertionError(value)  # checked by the caller
