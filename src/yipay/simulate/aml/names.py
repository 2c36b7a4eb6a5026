"""Names as payment messages print them, drawn from per-country pools so millions of parties
cost only thousands of name constructions (common names recur, as they do in real data)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from yipay.simulate.culture import Culture, latin_pairs
from yipay.simulate.geography import CULTURE_OF
from yipay.simulate.goods import CATEGORIES
from yipay.simulate.names_cn import company_name, person_name
from yipay.simulate.names_latin import SPANISH
from yipay.simulate.names_scripts import ARABIC
from yipay.simulate.names_world import company, person, swift_name
from yipay.simulate.streams import Draw

_HK_WORDS = latin_pairs(
    "Golden Bridge|Grand Ocean|Ever Bright|Sun Rise|Great Harvest|Fortune Star|Jade Dragon|"
    "Silver Sea|Wing Fat|Lucky Star|Pearl River|Harbour View|Orient Link|Prosper Gain|"
    "Rich Field|Win Power|Top Glory|Smart Union|Ample Wealth|Kowloon Bay"
)
_HK_PATTERNS = (
    "{w} Trading Limited",
    "{w} International (HK) Co., Limited",
    "{w} Holdings Limited",
)
_HK_FAMILY = ("Chan", "Wong", "Leung", "Lee", "Cheung", "Lau", "Ho", "Tsang", "Yip", "Kwok")
_HK_GIVEN = ("Ka Ming", "Wai Man", "Siu Fung", "Chi Keung", "Mei Ling", "Kwok Wah", "Yuk Lan")
_PA_PATTERNS = ("{w} Trading S.A.", "Importadora {w} Zona Libre S.A.", "{w} Corp. S.A.")
_SWIFT_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-?:().,'+ ")


_EXTRA_CULTURES: dict[str, Culture] = {"PA": SPANISH, "VE": SPANISH, "YE": ARABIC, "LB": ARABIC}


def culture_for(country: str) -> Culture:
    return _EXTRA_CULTURES.get(country) or CULTURE_OF[country]


def company_latin(draw: Draw, country: str) -> str:
    """A registered company name of `country` in Latin letters."""
    if country == "HK":
        return draw.pick(_HK_PATTERNS).format(w=draw.pick(_HK_WORDS)[1])
    if country == "PA":
        return draw.pick(_PA_PATTERNS).format(w=draw.pick(SPANISH.words)[1])
    if country == "CN":
        return company_name(draw, draw.pick(CATEGORIES), draw.below(4))[1]
    return company(draw, culture_for(country), country)[1]


def person_latin(draw: Draw, country: str) -> str:
    if country == "HK":
        return f"{draw.pick(_HK_FAMILY)} {draw.pick(_HK_GIVEN)}"
    if country == "CN":
        return person_name(draw)[1]
    return person(draw, culture_for(country))[1]


def bank_name(draw: Draw, latin: str) -> str:
    """The name as a payment message carries it (SWIFT characters, often upper case)."""
    upper = draw.chance(0.6)
    if latin.isascii() and "&" not in latin and set(latin) <= _SWIFT_SAFE:
        text = " ".join(latin.split())[:70]
        return text.upper() if upper else text
    return swift_name(latin, upper=upper)


class NamePools:
    """Per (country, person|company) pools, grown up to `size(count)` names on first use."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self._pools: dict[tuple[str, bool], list[str]] = {}

    def pool(self, country: str, *, natural: bool, wanted: int) -> list[str]:
        pool = self._pools.setdefault((country, natural), [])
        target = min(wanted, 400 + wanted // 4)
        make = person_latin if natural else company_latin
        while len(pool) < target:
            pool.append(bank_name(self.draw, make(self.draw, country)))
        return pool

    def names(
        self,
        rng: np.random.Generator,
        countries: list[str],
        natural: npt.NDArray[np.bool_],
    ) -> list[str]:
        """A name for each (country, natural) party, drawn from the pools."""
        result = [""] * len(countries)
        groups: dict[tuple[str, bool], list[int]] = {}
        for index, country in enumerate(countries):
            groups.setdefault((country, bool(natural[index])), []).append(index)
        for (country, is_person), members in sorted(groups.items()):
            pool = self.pool(country, natural=is_person, wanted=len(members))
            picks = rng.integers(0, len(pool), len(members))
            for member, pick in zip(members, picks.tolist(), strict=True):
                result[member] = pool[pick]
        return result
