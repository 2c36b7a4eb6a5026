"""Overseas buyers: individuals (~60%) and small firms from the regions that buy in Yiwu.

Names are in the buyer's own script with the transliteration banks use; ids follow each
country's passport or company-register shape. Buyers are global: one buyer trades with many
shops, and a few busy buyers place much of the volume (lognormal activity).
"""

from __future__ import annotations

from dataclasses import dataclass

from yipay.simulate.culture import Culture, Pair
from yipay.simulate.geography import CURRENCY_MIX, REGIONS
from yipay.simulate.names_world import company, culture_of, person
from yipay.simulate.records import SimBuyer
from yipay.simulate.streams import Draw, cumulative

_REGION_NAMES = tuple(REGIONS)
_REGION_CUM = cumulative([share for share, _countries in REGIONS.values()])
_COUNTRIES = {region: tuple(countries) for region, (_s, countries) in REGIONS.items()}
_COUNTRY_CUM = {
    region: cumulative(list(countries.values())) for region, (_s, countries) in REGIONS.items()
}
_PASSPORT_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass(frozen=True, eq=False)
class BuyerProfile:
    buyer: SimBuyer
    culture: Culture
    activity: float
    family: Pair | None  # a natural person's surname, shared by relatives who pay for him


def generate_buyers(draw: Draw, count: int) -> list[BuyerProfile]:
    return [_buyer(draw, index) for index in range(1, count + 1)]


def _buyer(draw: Draw, index: int) -> BuyerProfile:
    region = draw.pick_weighted(_REGION_NAMES, _REGION_CUM)
    country = draw.pick_weighted(_COUNTRIES[region], _COUNTRY_CUM[region])
    culture = culture_of(country)
    natural = draw.chance(0.6)
    if natural:
        family_before = draw.pick(culture.family)
        name, latin = person(draw, culture, family=family_before)
        family: Pair | None = family_before
    else:
        name, latin = company(draw, culture, country)
        family = None
    mix = CURRENCY_MIX.get(country, {"CNY": 0.08, "USD": 0.92})
    currencies = tuple(mix)
    buyer = SimBuyer(
        platform_id=f"YW-B-{index:06d}",
        name=name,
        name_latin=latin,
        country=country,
        region=region,
        party_type="natural_person" if natural else "non_natural",
        id_type="passport" if natural else "foreign_registration",
        id_number=passport_no(draw, country) if natural else registration_no(draw, country),
        card_no=f"YWSY{draw.digits(10)}" if draw.chance(0.4) else None,
        preferred_currency=draw.pick_weighted(currencies, cumulative(list(mix.values()))),
    )
    return BuyerProfile(buyer, culture, draw.lognormal(1.0, 0.9), family)


#: "#" is a digit, "@" a letter; the shapes of passports and company-register numbers.
_PASSPORTS = {
    "RU": "7########",
    "BY": "7########",
    "US": "#########",
    "GB": "#########",
    "BR": "@@######",
    "PK": "@@#######",
    "IN": "@#######",
    "KE": "@#######",
}
_REGISTRATIONS = {
    "AE": "CN-#######",  # Dubai trade licence
    "RU": "1############",  # OGRN
    "KZ": "############",  # BIN
    "UZ": "#########",  # INN
    "KG": "##############",  # INN
    "BR": "##.###.###/####-##",  # CNPJ layout
    "NG": "RC ######",
    "US": "##-#######",  # EIN
    "GB": "########",
    "DE": "HRB ######",
    "IN": "U#####MH20##PTC######",  # CIN
}


def passport_no(draw: Draw, country: str) -> str:
    """A passport number in the country's usual shape."""
    return _fill(draw, _PASSPORTS.get(country, "@########"))


def registration_no(draw: Draw, country: str) -> str:
    """A company-register number in the country's usual shape."""
    return _fill(draw, _REGISTRATIONS.get(country, f"{country}#########"))


def _fill(draw: Draw, pattern: str) -> str:
    chars = []
    for char in pattern:
        if char == "#":
            chars.append(str(draw.below(10)))
        elif char == "@":
            chars.append(draw.pick(_PASSPORT_LETTERS))
        else:
            chars.append(char)
    return "".join(chars)
