"""People and firm names for any buyer country, and the SWIFT form banks put in messages."""

from __future__ import annotations

import re

from yipay.simulate.culture import Culture, Pair, feminine_surname, fold
from yipay.simulate.geography import CULTURE_OF
from yipay.simulate.streams import Draw

_NOT_SWIFT = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")


def culture_of(country: str) -> Culture:
    return CULTURE_OF[country]


def person(draw: Draw, culture: Culture, family: Pair | None = None) -> tuple[str, str]:
    """(name in its own script, Latin name) of a person; `family` forces a surname (relatives)."""
    female = draw.chance(0.25)
    given = draw.pick(culture.female if female else culture.male)
    surnames = [family or draw.pick(culture.family)]
    if culture.surnames > 1 and draw.chance(0.8):
        surnames.append(draw.pick(culture.family))
    if female and culture.feminine == "slavic":
        surnames = [feminine_surname(s) for s in surnames]
    own_sep = "" if culture.script == "Hang" else " "
    own_family = own_sep.join(s[0] for s in surnames)
    latin_family = " ".join(s[1] for s in surnames)
    if culture.family_first:
        return f"{own_family}{own_sep}{given[0]}", f"{latin_family} {given[1]}"
    return f"{given[0]} {own_family}", f"{given[1]} {latin_family}"


def company(draw: Draw, culture: Culture, country: str) -> tuple[str, str]:
    """(legal name in its own script, registered Latin name) of a firm in `country`."""
    pattern = draw.pick(culture.patterns_for(country))
    word, family = draw.pick(culture.words), draw.pick(culture.family)
    own = pattern.own.format(word=word[0], family=family[0])
    latin = pattern.latin.format(word=word[1], family=family[1])
    return own, latin


def swift_name(latin: str, *, upper: bool) -> str:
    """A name as it appears in a payment message: SWIFT x-characters, at most 70 characters."""
    text = fold(latin).replace("&", "AND").replace("«", "").replace("»", "")
    text = _NOT_SWIFT.sub("", text)
    text = " ".join(text.split())[:70]
    return text.upper() if upper else text
