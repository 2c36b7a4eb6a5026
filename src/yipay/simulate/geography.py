"""Where Yiwu's buyers come from, which naming culture and currency each country uses.

Weights are rough shares of Yiwu's overseas buyers [typical]: the Middle East and Africa lead,
then Latin America, Russia and Central Asia, South Asia, the EU and the US. Currency mixes make
the market-wide mix about 70% USD, 15% CNY (Russia and Central Asia settle largely in RMB),
5% EUR and the rest AED, SAR, GBP, HKD and BRL.
"""

from __future__ import annotations

from yipay.simulate.culture import Culture
from yipay.simulate.names_latin import (
    AMERICAN,
    BRITISH,
    EAST_AFRICAN,
    FRANCOPHONE_AFRICAN,
    FRENCH,
    GERMAN,
    GHANAIAN,
    ITALIAN,
    MALAY_INDONESIAN,
    NIGERIAN,
    POLISH,
    PORTUGUESE,
    SPANISH,
    TURKISH,
    VIETNAMESE,
)
from yipay.simulate.names_scripts import (
    ARABIC,
    CENTRAL_ASIAN,
    HINDI,
    KOREAN,
    PERSIAN,
    RUSSIAN,
    URDU,
)

#: region → (share of buyers, {country: share within the region})
REGIONS: dict[str, tuple[float, dict[str, float]]] = {
    "middle_east": (0.22, {"AE": 0.35, "SA": 0.2, "IQ": 0.15, "TR": 0.15, "JO": 0.1, "KW": 0.05}),
    "africa": (
        0.18,
        {
            "NG": 0.3,
            "GH": 0.12,
            "KE": 0.12,
            "TZ": 0.08,
            "SN": 0.1,
            "CM": 0.05,
            "EG": 0.15,
            "DZ": 0.08,
        },
    ),
    "latin_america": (
        0.14,
        {"MX": 0.25, "BR": 0.25, "CO": 0.15, "PE": 0.12, "CL": 0.13, "AR": 0.1},
    ),
    "cis": (0.12, {"RU": 0.5, "KZ": 0.2, "UZ": 0.15, "KG": 0.1, "BY": 0.05}),
    "south_asia": (0.12, {"IN": 0.45, "PK": 0.35, "AF": 0.2}),
    "eu": (0.1, {"DE": 0.2, "FR": 0.15, "IT": 0.15, "ES": 0.2, "PL": 0.15, "GB": 0.15}),
    "southeast_asia": (0.08, {"VN": 0.4, "ID": 0.4, "MY": 0.2}),
    "us": (0.04, {"US": 1.0}),
}

REGION_OF: dict[str, str] = {
    country: region for region, (_share, countries) in REGIONS.items() for country in countries
}

CULTURE_OF: dict[str, Culture] = {
    **dict.fromkeys(("AE", "SA", "IQ", "JO", "KW", "EG", "DZ", "SY"), ARABIC),
    "TR": TURKISH,
    "NG": NIGERIAN,
    "GH": GHANAIAN,
    **dict.fromkeys(("SN", "CM"), FRANCOPHONE_AFRICAN),
    **dict.fromkeys(("KE", "TZ"), EAST_AFRICAN),
    **dict.fromkeys(("MX", "CO", "PE", "CL", "AR", "ES", "CU"), SPANISH),
    "BR": PORTUGUESE,
    **dict.fromkeys(("RU", "BY"), RUSSIAN),
    **dict.fromkeys(("KZ", "UZ", "KG"), CENTRAL_ASIAN),
    "IN": HINDI,
    "PK": URDU,
    **dict.fromkeys(("AF", "IR"), PERSIAN),
    "DE": GERMAN,
    "FR": FRENCH,
    "IT": ITALIAN,
    "PL": POLISH,
    "GB": BRITISH,
    "US": AMERICAN,
    **dict.fromkeys(("VN",), VIETNAMESE),
    **dict.fromkeys(("ID", "MY"), MALAY_INDONESIAN),
    "KP": KOREAN,
}

#: country → {currency: share} of the buyer's preferred currency; USD where not listed.
CURRENCY_MIX: dict[str, dict[str, float]] = {
    "RU": {"CNY": 0.9, "USD": 0.1},
    "BY": {"CNY": 0.6, "USD": 0.4},
    "KZ": {"CNY": 0.5, "USD": 0.5},
    "UZ": {"CNY": 0.4, "USD": 0.6},
    "KG": {"CNY": 0.45, "USD": 0.55},
    "VN": {"CNY": 0.3, "USD": 0.7},
    "ID": {"CNY": 0.15, "USD": 0.85},
    "MY": {"CNY": 0.2, "USD": 0.8},
    "PK": {"CNY": 0.15, "USD": 0.85},
    "NG": {"CNY": 0.1, "HKD": 0.1, "USD": 0.8},
    "GH": {"CNY": 0.1, "HKD": 0.05, "USD": 0.85},
    "KE": {"CNY": 0.1, "HKD": 0.05, "USD": 0.85},
    "AE": {"AED": 0.45, "HKD": 0.05, "CNY": 0.05, "USD": 0.45},
    "SA": {"SAR": 0.45, "CNY": 0.05, "USD": 0.5},
    "IQ": {"CNY": 0.1, "USD": 0.9},
    "BR": {"BRL": 0.35, "USD": 0.65},
    "DE": {"EUR": 0.9, "USD": 0.1},
    "FR": {"EUR": 0.9, "USD": 0.1},
    "IT": {"EUR": 0.9, "USD": 0.1},
    "ES": {"EUR": 0.9, "USD": 0.1},
    "PL": {"EUR": 0.5, "USD": 0.5},
    "GB": {"GBP": 0.7, "USD": 0.3},
}

#: Centre of the hour (UTC) at which payments from a region reach the collecting bank.
ARRIVAL_HOUR_UTC: dict[str, float] = {
    "southeast_asia": 3.0,
    "south_asia": 6.0,
    "cis": 7.0,
    "middle_east": 7.5,
    "africa": 9.5,
    "eu": 10.0,
    "latin_america": 15.0,
    "us": 16.0,
    "hk": 2.5,
}

#: Embargoed jurisdictions (payments from them are stopped whatever the names say).
EMBARGOED_COUNTRIES = ("IR", "KP", "SY", "CU")


def region_of(country: str) -> str:
    if country == "HK":
        return "hk"
    if country in EMBARGOED_COUNTRIES:
        return {"CU": "latin_america", "KP": "southeast_asia"}.get(country, "middle_east")
    return REGION_OF.get(country, "middle_east")
