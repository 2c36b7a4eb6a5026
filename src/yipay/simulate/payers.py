"""Who sends the money: the buyer's own account, or a third party.

About a quarter of payments come from someone else: a relative, a trading company, a freight
forwarder or an exchange house, normally in the buyer's own country. Typologies add payers that
should raise questions: trading companies in another country (Hong Kong, UAE, Turkey …) and
payers in embargoed countries.
"""

from __future__ import annotations

from dataclasses import dataclass

from yipay.simulate.banks import PAYER_BANKS, account_for, bic_for
from yipay.simulate.buyers import BuyerProfile
from yipay.simulate.culture import latin_pairs
from yipay.simulate.geography import EMBARGOED_COUNTRIES, REGION_OF
from yipay.simulate.names_world import company, culture_of, person, swift_name
from yipay.simulate.streams import Draw

_HK_WORDS = latin_pairs(
    "Golden Bridge|Grand Ocean|Ever Bright|Sun Rise|Great Harvest|Fortune Star|Jade Dragon|"
    "Silver Sea|Wing Fat|Lucky Star|Pearl River|Harbour View|Victoria Peak|Orient Link|"
    "Prosper Gain|Rich Field|Win Power|Top Glory|Smart Union|Ample Wealth"
)
_HK_PATTERNS = (
    "{word} Trading Limited",
    "{word} International (HK) Co., Limited",
    "{word} Holdings Limited",
)
_FOREIGN_HUBS = ("HK", "AE", "TR")


@dataclass(frozen=True)
class PayerProfile:
    """A paying account as bank messages show it."""

    kind: str  # buyer | relative | trading_company | freight_forwarder | exchange_house | …
    name: str
    account: str
    bic: str
    debtor_agent_bic: str
    country: str


def own_account(draw: Draw, buyer: BuyerProfile) -> PayerProfile:
    return _profile(draw, "buyer", buyer.buyer.name_latin, buyer.buyer.country)


def local_third_parties(draw: Draw, buyer: BuyerProfile) -> tuple[PayerProfile, ...]:
    """One or two third parties in the buyer's country who sometimes pay for him."""
    return tuple(local_third_party(draw, buyer) for _ in range(1 + draw.chance(0.35)))


def local_third_party(draw: Draw, buyer: BuyerProfile) -> PayerProfile:
    country = buyer.buyer.country
    culture = culture_of(country)
    word = draw.pick(culture.words)[1]
    roll = draw.uniform()
    if roll < 0.3:
        _own, latin = person(draw, culture, family=buyer.family)
        return _profile(draw, "relative", latin, country)
    if roll < 0.6:
        _own, latin = company(draw, culture, country)
        return _profile(draw, "trading_company", latin, country)
    if roll < 0.85:
        suffix = draw.pick(("Logistics Ltd", "Shipping and Logistics", "Freight Services"))
        return _profile(draw, "freight_forwarder", f"{word} {suffix}", country)
    suffix = draw.pick(("Exchange", "Exchange Company", "Money Exchange LLC"))
    return _profile(draw, "exchange_house", f"{word} {suffix}", country)


def foreign_trading_company(draw: Draw, buyer_country: str) -> PayerProfile:
    """A trading company in another country than the buyer's, mostly a Hong Kong, UAE or
    Turkish trade hub (typology 3)."""
    hubs = [c for c in _FOREIGN_HUBS if c != buyer_country]
    if draw.chance(0.75):
        country = draw.pick(hubs)
    else:
        others = [c for c in REGION_OF if c != buyer_country and c in PAYER_BANKS]
        country = draw.pick(others)
    if country == "HK":
        latin = draw.pick(_HK_PATTERNS).format(word=draw.pick(_HK_WORDS)[1])
    else:
        _own, latin = company(draw, culture_of(country), country)
    return _profile(draw, "foreign_trading_company", latin, country)


def embargoed_payer(draw: Draw) -> PayerProfile:
    """A firm or person banking in an embargoed country (IR, KP, SY, CU)."""
    country = draw.pick_weighted(EMBARGOED_COUNTRIES, (0.6, 0.7, 0.9, 1.0))
    culture = culture_of(country)
    if draw.chance(0.7):
        _own, latin = company(draw, culture, country)
    else:
        _own, latin = person(draw, culture)
    return _profile(draw, "embargoed", latin, country)


def _profile(draw: Draw, kind: str, latin_name: str, country: str) -> PayerProfile:
    bic = bic_for(draw, country)
    agent = bic if draw.chance(0.85) else bic_for(draw, country)
    return PayerProfile(
        kind=kind,
        name=swift_name(latin_name, upper=draw.chance(0.6)),
        account=account_for(draw, country, bic),
        bic=bic,
        debtor_agent_bic=agent,
        country=country,
    )
