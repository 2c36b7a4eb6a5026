"""Naming cultures: how people and firms of one language are named, in their script and in Latin.

Banks carry names in the SWIFT Latin character set, so every name has the transliteration that
appears in payment messages next to the name in its own script. Tables are written compactly as
"own=Latin|own=Latin" (non-Latin scripts) or "Name|Name" (Latin scripts, folded to ASCII).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

Pair = tuple[str, str]  # (own script, Latin)

_SPECIAL_FOLDS = str.maketrans(
    {"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "ø": "o", "æ": "ae"}
)
_GERMAN_FOLDS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def fold(text: str, *, german: bool = False) -> str:
    """ASCII transliteration of Latin text with diacritics (Yılmaz → Yilmaz, Müller → Mueller)."""
    if german:
        text = text.translate(_GERMAN_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_FOLDS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def pairs(table: str) -> tuple[Pair, ...]:
    """Parse "own=Latin|own=Latin" into pairs."""
    result = []
    for entry in table.split("|"):
        own, latin = entry.split("=")
        result.append((own.strip(), latin.strip()))
    return tuple(result)


def latin_pairs(table: str, *, german: bool = False) -> tuple[Pair, ...]:
    """Parse "Name|Name" (Latin script with diacritics) into (name, ASCII name) pairs."""
    return tuple((name.strip(), fold(name.strip(), german=german)) for name in table.split("|"))


@dataclass(frozen=True)
class CompanyPattern:
    """A legal-name pattern with {word} or {family}; `countries` limits it ("" = everywhere)."""

    own: str
    latin: str
    countries: str = ""


@dataclass(frozen=True)
class Culture:
    key: str
    script: str
    male: tuple[Pair, ...]
    female: tuple[Pair, ...]
    family: tuple[Pair, ...]
    words: tuple[Pair, ...]  # proper words for trade names: Al Noor, Vostok, Anadolu …
    companies: tuple[CompanyPattern, ...]
    family_first: bool = False  # Vietnamese, Korean
    surnames: int = 1  # Hispanic names carry two
    feminine: str = ""  # "slavic": Иванов → Иванова, Kowalski → Kowalska

    def patterns_for(self, country: str) -> tuple[CompanyPattern, ...]:
        own_country = tuple(p for p in self.companies if country in p.countries.split())
        return own_country or tuple(p for p in self.companies if not p.countries)


def feminine_surname(family: Pair) -> Pair:
    """Slavic feminine surname of (own, Latin): -ов/-ev/-in add -а; -ский/-ski → -ская/-ska."""
    own, latin = family
    for masc, fem in (("ский", "ская"), ("цкий", "цкая"), ("ski", "ska"), ("cki", "cka")):
        if own.endswith(masc):
            own = own[: -len(masc)] + fem
            break
    else:
        if own.endswith(("ов", "ев", "ёв", "ин")):
            own += "а"
    for masc, fem in (("skii", "skaia"), ("ski", "ska"), ("cki", "cka")):
        if latin.endswith(masc):
            return own, latin[: -len(masc)] + fem
    if latin.endswith(("ov", "ev", "in")):
        latin += "a"
    return own, latin
