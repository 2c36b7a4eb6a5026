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
    for bic in dict.fromkeys(b.upper() for b in bics if b):
        country = bic_country(bic)
        if country and country in embargoed.countries:
            hits.append(f"bank {bic} is in embargoed country {country}")
    return hits


# -- names against watchlists ---------------------------------------------------------------------
NAME_RULE_ID = "SCR-NAME"
NAME_RULE_VERSION = "1"


@dataclass(frozen=True, slots=True)
class NameHit:
    """One list entry a party's name matched, with what the analyst needs to judge it."""

    source: str
    entry_id: str
    entry_name: str
    matched_name: str
    score: float
    explanation: str
    entry_hash: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.entry_id)

    def describe(self) -> str:
        return (
            f"name matches {self.source} {self.entry_id} {self.entry_name!r}"
            f" (as {self.matched_name!r}, score {self.score:.2f})"
        )


@dataclass(frozen=True, slots=True)
class Decision:
    """An analyst's word on one (party, list entry) pair, valid while neither side changes."""

    source: str
    entry_id: str
    subject_hash: str
    entry_hash: str
    decision: str  # cleared | confirmed


def subject_hash(name: str) -> str:
    """Of the name as screened (case and spacing do not count as a change)."""
    return hashlib.sha256(" ".join(name.casefold().split()).encode()).hexdigest()


def still_open(hits: Iterable[NameHit], name: str, decisions: Iterable[Decision]) -> list[NameHit]:
    """The hits no standing decision covers: a pair cleared for this very name and this very
    version of the entry stays cleared; any change on either side re-opens it."""
    mine = subject_hash(name)
    latest = {(d.source, d.entry_id): d for d in decisions}  # given oldest first
    standing = {
        key: d.entry_hash
        for key, d in latest.items()
        if d.decision == "cleared" and d.subject_hash == mine
    }
    return [h for h in hits if standing.get(h.key) != h.entry_hash]
