"""Jurisdiction screening: money from an embargoed country, or routed through a bank there, stops.

A BIC carries its bank's country in characters 5–6, so a payment relayed through a bank in an
embargoed country is caught even when the payer's stated country is elsewhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

RULE_ID = "SCR-JURISDICTION"
RULE_VERSION = "1"


@dataclass(frozen=True, slots=True)
class JurisdictionList:
    countries: frozenset[str]

    @property
    def version(self) -> str:
        digest = hashlib.sha256(",".join(sorted(self.countries)).encode()).hexdigest()
        return f"jurisdictions-{digest[:10]}"


def bic_country(bic: str | None) -> str | None:
    if bic and len(bic) >= 6:
        return bic[4:6].upper()
    return None


def jurisdiction_hits(
    embargoed: JurisdictionList, payer_country: str, bics: Iterable[str | None]
) -> list[str]:
    """Human-readable reasons, empty when the payment may proceed."""
    hits = []
    if payer_country.upper() in embargoed.countries:
        hits.append(f"payer country {payer_country.upper()} is embargoed")
    for bic in bics:
        country = bic_country(bic)
        if country and country in embargoed.countries:
            hits.append(f"bank {bic} is in embargoed country {country}")
    return hits
