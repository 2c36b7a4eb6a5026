"""English country names as the lists write them → ISO 3166 alpha-2 (CLDR via Babel + overrides).

OFAC writes "Korea, North", "Burma", "Congo, Democratic Republic of the"; the UN writes the
official UN names ("Iran (Islamic Republic of)", "Russian Federation", "Viet Nam"). CLDR knows
the short English names; the override table holds the spellings it does not, each checked
against the shipped snapshots. A name that maps to no country (a region in dispute, a former
state, "undetermined") gives None and the entry simply carries no country for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Spellings CLDR's English names do not cover, normalised by `_key`. Keep them checked by the
# test that maps every country name in the shipped OFAC and UN files.
OVERRIDES: dict[str, str | None] = {
    "burma": "MM",
    "cabo verde": "CV",
    "china hong kong special administrative region": "HK",
    "china macao special administrative region": "MO",
    "congo": "CG",
    "congo republic of the": "CG",
    "republic of the congo": "CG",
    "congo democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "czech republic": "CZ",
    "democratic people s republic of korea": "KP",
    "republic of korea": "KR",
    "eritrean": "ER",
    "hong kong": "HK",
    "iran islamic republic of": "IR",
    "lao people s democratic republic": "LA",
    "macau": "MO",
    "macedonia the former yugoslav republic of": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "micronesia federated states of": "FM",
    "moldova republic of": "MD",
    "republic of moldova": "MD",
    "palestinian": "PS",
    "state of palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "crimea": "UA",
    "northern mali": "ML",
    "russian federation": "RU",
    "syrian arab republic": "SY",
    "turkey": "TR",
    "united kingdom of great britain and northern ireland": "GB",
    "united republic of tanzania": "TZ",
    "united states of america": "US",
    "venezuela bolivarian republic of": "VE",
    "bolivia plurinational state of": "BO",
    "viet nam": "VN",
    "brunei darussalam": "BN",
    "st vincent and the grenadines": "VC",
    "swaziland": "SZ",
    "ivory coast": "CI",
    "east timor": "TL",
    # named on purpose as no country: disputed, dissolved, or not a place
    "kafia kingi": None,
    "netherlands antilles": None,
    "former soviet union": None,
    "soviet union": None,
    "former yugoslavia": None,
    "undetermined": None,
    "none identified": None,
    "na": None,
    "unknown": None,
}
_NOT_COUNTRIES = frozenset({"ZZ", "QO", "EU", "EZ", "UN"})
_QUALIFIERS = ("possibly ", "region ", "the ")
_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*")


def _key(name: str) -> str:
    """Lower case, accents and punctuation gone, `&` spelt out, `Saint` → `st`."""
    text = unicodedata.normalize("NFKD", name.replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return re.sub(r"^saint ", "st ", text)


@cache
def _cldr() -> dict[str, str]:
    from babel import Locale

    index: dict[str, str] = {}
    for code, name in Locale("en").territories.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isalpha()):
            continue
        if code in _NOT_COUNTRIES:
            continue
        index[_key(name)] = code
        # "Myanmar (Burma)" is also "Myanmar"; "Hong Kong SAR China" also "Hong Kong"
        bare = _PARENTHESIS.sub(" ", name)
        index.setdefault(_key(bare), code)
    return index


def _lookup(key: str) -> tuple[bool, str | None]:
    if key in OVERRIDES:
        return True, OVERRIDES[key]
    found = _cldr().get(key)
    return (found is not None), found


@cache
def country_code(name: str) -> str | None:
    """The alpha-2 code of an English country name as a list writes it, or None."""
    key = _key(name)
    if not key:
        return None
    # qualifiers dropped: possibly Palestinian, Region: Crimea, The Gambia
    candidates = [key, *(key.removeprefix(q) for q in _QUALIFIERS if key.startswith(q))]
    if "," in name:  # OFAC's inverted names: "Korea, North", "Man, Isle of", "Bahamas, The"
        head, _, tail = name.partition(",")
        candidates.append(_key(f"{tail} {head}"))
        candidates.append(_key(head) if _key(tail) == "the" else "")
    if key.endswith(" the"):
        candidates.append(key.removesuffix(" the"))
    for candidate in candidates:
        if not candidate:
            continue
        known, code = _lookup(candidate)
        if known:
            return code
    return None
