"""A throwaway reader of the fixed OFAC SDN CSV and UN XML snapshots, for benchmarks only.

The product's loaders live in `yipay.screening.loaders`; this reader exists so that the
labelled sets could be generated (and frozen) before those loaders were written, and so the
sets stay reproducible whatever the loaders later decide. Countries are left out (the
loaders map English country names to codes); dates of birth are kept.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from yipay.screening.lists import Kind, ListedName, ListEntry

DATA = Path("/work/shared/data/watchlists")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_WEAK = re.compile(r"a\.k\.a\.,? '([^']+)'")
_DOB = re.compile(r"DOB (?:circa )?(?:(\d{1,2}) ([A-Za-z]{3}) )?(\d{4})")


def _field(value: str) -> str:
    value = value.strip()
    return "" if value.startswith("-0") else value


def _rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8", errors="replace").replace("\x1a", "")
    return [row for row in csv.reader(text.splitlines()) if row]


def read_ofac(directory: Path = DATA / "ofac") -> list[ListEntry]:
    aliases: dict[str, list[ListedName]] = {}
    for row in _rows(directory / "alt.csv"):
        name = _field(row[3]) if len(row) > 3 else ""
        if name:
            kind_of_name = _field(row[2]) or "aka"
            aliases.setdefault(row[0].strip(), []).append(ListedName(name, "strong", kind_of_name))
    entries: list[ListEntry] = []
    for row in _rows(directory / "sdn.csv"):
        ent, name, sdn_type = row[0].strip(), _field(row[1]), _field(row[2])
        remarks = _field(row[11]) if len(row) > 11 else ""
        kind: Kind = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}.get(
            sdn_type, "organization"
        )  # type: ignore[assignment]
        names = [ListedName(name), *aliases.get(ent, [])]
        names += [ListedName(w.strip(), "weak", "aka") for w in _WEAK.findall(remarks)]
        dobs = []
        for day, month, year in _DOB.findall(remarks):
            if day and month.lower() in _MONTHS:
                dobs.append(f"{year}-{_MONTHS[month.lower()]:02d}-{int(day):02d}")
            else:
                dobs.append(year)
        entries.append(
            ListEntry("ofac-sdn", ent, kind, tuple(names), birth_dates=tuple(dobs), remarks=remarks)
        )
    return entries


def _text(node: ET.Element, tag: str) -> str:
    found = node.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def read_un(path: Path = DATA / "un" / "UN_consolidated.xml") -> list[ListEntry]:
    root = ET.parse(path).getroot()
    entries: list[ListEntry] = []
    for tag, kind in (("INDIVIDUALS/INDIVIDUAL", "person"), ("ENTITIES/ENTITY", "organization")):
        for node in root.iterfind(tag):
            parts = [_text(node, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
            parts.append(_text(node, "FOURTH_NAME"))
            names = [ListedName(" ".join(p for p in parts if p))]
            for alias in node.iterfind(f"{tag.split('/')[1]}_ALIAS"):
                quality = _text(alias, "QUALITY")
                for text in _text(alias, "ALIAS_NAME").split(";"):
                    if text.strip():
                        strength = "weak" if quality == "Low" else "strong"
                        names.append(ListedName(text.strip(), strength, "aka"))  # type: ignore[arg-type]
            original = _text(node, "NAME_ORIGINAL_SCRIPT")
            if original:
                names.append(ListedName(original, "strong", "original_script"))
            dobs = []
            for dob in node.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
                date, year = _text(dob, "DATE"), _text(dob, "YEAR")
                if date or year:
                    dobs.append(date[:10] or year)
            entries.append(
                ListEntry(
                    "un",
                    _text(node, "DATAID"),
                    kind,  # type: ignore[arg-type]
                    tuple(names),
                    birth_dates=tuple(dobs),
                    reference=_text(node, "REFERENCE_NUMBER") or None,
                )
            )
    return entries


def read_all() -> list[ListEntry]:
    return read_ofac() + read_un()
