"""The UN Security Council Consolidated List, XML (INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY).

An individual's name is FIRST_NAME … FOURTH_NAME joined in that order (not always given name
first); an entity's is its FIRST_NAME. Aliases of quality "Low" are weak; "Good", "a.k.a.",
"f.k.a." and empty are strong. Some ALIAS_NAMEs hold several names separated by `;`. The name
in its original script (mostly Arabic) is a strong name of its own. Values carry line breaks,
runs of spaces and typographic quotes: all are normalised.
"""

from __future__ import annotations

from typing import Any

from yipay.screening.errors import WatchlistError
from yipay.screening.lists import Kind, ListEntry
from yipay.screening.loaders.countries import country_code
from yipay.screening.loaders.text import (
    NameList,
    clean,
    iso_date_prefix,
    plausible_year,
    unique,
    year_range,
)

SOURCE = "un"
MAX_BYTES = 64 * 1024 * 1024  # the live list is a few MB; this only stops a runaway file
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_GROUPS: tuple[tuple[str, str, Kind], ...] = (
    ("INDIVIDUALS", "INDIVIDUAL", "person"),
    ("ENTITIES", "ENTITY", "organization"),
)


def _text(node: Any, tag: str) -> str:
    found = node.find(tag)
    return clean(found.text) if found is not None else ""


def _values(node: Any, tag: str) -> list[str]:
    return [clean(v.text) for group in node.findall(tag) for v in group.findall("VALUE")]


def _alias_kind(quality: str) -> tuple[str, str]:
    """(strength, kind_of_name) for an alias QUALITY."""
    q = quality.lower().replace(".", "").strip()
    if q == "low":
        return "weak", "aka"
    if q == "fka":
        return "strong", "fka"
    if q == "nka":
        return "strong", "nka"
    return "strong", "aka"


def _birth_dates(node: Any, tag: str) -> list[str]:
    found: list[str] = []
    for dob in node.findall(f"{tag}_DATE_OF_BIRTH"):
        date, year = _text(dob, "DATE"), _text(dob, "YEAR")
        first, last = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        if date and (exact := iso_date_prefix(date)):
            found.append(exact)
        elif year and plausible_year(year):
            found.append(year)
        elif plausible_year(first) and plausible_year(last):
            found.extend(year_range(int(first), int(last)))
        elif plausible_year(first) or plausible_year(last):
            found.append(first if plausible_year(first) else last)
    return found


def _entry(node: Any, tag: str, kind: Kind, where: str) -> ListEntry:
    data_id = _text(node, "DATAID")
    if not data_id.isdigit():
        raise WatchlistError(f"{where}: DATAID {data_id[:20]!r} is not a number")
    where = f"{where} (DATAID {data_id})"
    parts = _NAME_PARTS if kind == "person" else _NAME_PARTS[:1]
    joined = " ".join(p for p in (_text(node, t) for t in parts) if p)
    # one entity's FIRST_NAME holds two names "A (X) ; B (Y)": the first is primary
    primary, *others = [clean(p) for p in joined.split(";") if clean(p)] or [""]
    if not primary:
        raise WatchlistError(f"{where}: no name")
    names = NameList()
    names.add(primary, "strong", "primary")
    for other in others:
        names.add(other, "strong", "aka")
    for alias in node.findall(f"{tag}_ALIAS"):
        strength, kind_of_name = _alias_kind(_text(alias, "QUALITY"))
        for text in _text(alias, "ALIAS_NAME").split(";"):
            names.add(text, strength, kind_of_name)  # type: ignore[arg-type]
    for text in _text(node, "NAME_ORIGINAL_SCRIPT").split(";"):
        names.add(text, "strong", "original_script")
    country_names = _values(node, "NATIONALITY")
    country_names += [_text(a, "COUNTRY") for a in node.findall(f"{tag}_ADDRESS")]
    return ListEntry(
        source=SOURCE,
        entry_id=data_id,
        kind=kind,
        names=names.names(),
        countries=unique(country_code(n) or "" for n in country_names if n),
        birth_dates=unique(_birth_dates(node, tag)),
        programs=unique([_text(node, "UN_LIST_TYPE")]),
        reference=_text(node, "REFERENCE_NUMBER") or None,
        remarks=_text(node, "COMMENTS1"),
    )


def load_un_xml(data: bytes, *, name: str = "consolidated.xml") -> list[ListEntry]:
    """Every individual and entity of the list, individuals first, in file order.

    The XML is read by the hardened parser (no DTD, no entities, no network)."""
    from yipay.adapters.iso20022.xml import MessageError, parse_xml

    try:
        root = parse_xml(data, name=name, max_bytes=MAX_BYTES)
    except MessageError as exc:
        raise WatchlistError(exc.message) from None
    if root.tag != "CONSOLIDATED_LIST":
        raise WatchlistError(f"{name}: root element is <{root.tag}>, not <CONSOLIDATED_LIST>")
    entries: list[ListEntry] = []
    seen: dict[str, str] = {}
    for group, tag, kind in _GROUPS:
        for number, node in enumerate(root.findall(f"{group}/{tag}"), start=1):
            where = f"{name}: {tag} #{number} (line {node.sourceline})"
            entry = _entry(node, tag, kind, where)
            if entry.entry_id in seen:
                raise WatchlistError(
                    f"{where}: DATAID {entry.entry_id} repeats {seen[entry.entry_id]}"
                )
            seen[entry.entry_id] = f"{tag} #{number}"
            entries.append(entry)
    return entries
