"""Watchlist entries as the matcher sees them, whatever list they came from (pure).

Every loader (OFAC SDN legacy CSV, UN consolidated XML, our documented CSV layout) turns its
format into `ListEntry`s; the matcher, the index and the screening decisions only ever see these.
An entry's `content_hash` decides, on a re-import, whether it changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["person", "organization", "vessel", "aircraft", "unknown"]
Strength = Literal["strong", "weak"]
KINDS: tuple[Kind, ...] = ("person", "organization", "vessel", "aircraft", "unknown")

# OFAC writes a listed bank's code into the remarks as "SWIFT/BIC BKIDIRTH"; the CSV layout too.
_BIC = re.compile(r"SWIFT/BIC\s*:?\s*([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")


@dataclass(frozen=True, slots=True)
class ListedName:
    """One name of an entry. Weak aliases (OFAC's quoted a.k.a. in remarks, UN quality "Low")
    are kept but count for less: they are nicknames that many innocent people share."""

    text: str
    strength: Strength = "strong"
    kind_of_name: str = "primary"  # primary | aka | fka | nka | original_script


@dataclass(frozen=True, slots=True)
class ListEntry:
    source: str  # "ofac-sdn", "un", or "csv:<list name>"
    entry_id: str  # the list's own id: OFAC ent_num, UN DATAID, the CSV's id column
    kind: Kind
    names: tuple[ListedName, ...]  # the first is the primary name
    countries: tuple[str, ...] = ()  # ISO 3166 alpha-2 (nationality, citizenship, addresses)
    birth_dates: tuple[str, ...] = ()  # "YYYY" or "YYYY-MM-DD"
    programs: tuple[str, ...] = ()
    reference: str | None = None  # e.g. UN REFERENCE_NUMBER "CDi.001"
    remarks: str = ""

    @property
    def primary_name(self) -> str:
        return self.names[0].text if self.names else ""

    @property
    def bics(self) -> tuple[str, ...]:
        """The bank identifier codes the entry names (a listed bank), as 8-character codes:
        a payment through any branch of the bank is routed through the listed bank."""
        return tuple(dict.fromkeys(code[:8] for code in _BIC.findall(self.remarks)))

    def content_hash(self) -> str:
        body = {
            "kind": self.kind,
            "names": [[n.text, n.strength, n.kind_of_name] for n in self.names],
            "countries": list(self.countries),
            "birth_dates": list(self.birth_dates),
            "programs": list(self.programs),
            "reference": self.reference,
            "remarks": self.remarks,
        }
        encoded = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()
