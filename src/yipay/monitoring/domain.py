"""Rules and the transaction facts they read.

A rule is data the regulator can inspect: id, version, typology, parameters with defaults and
descriptions, severity and mode (`monitor` evaluates and records without raising alerts;
`active` raises them). Batch rules are SQL in a portable subset over integer minor units; the
real-time path evaluates the same predicate on one transaction, and a test holds the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class RuleMode(StrEnum):
    MONITOR = "monitor"
    ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    default: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    version: str
    title: str
    description: str
    typology: int
    severity: str
    parameters: tuple[Parameter, ...]
    sql: str
    mode: RuleMode = RuleMode.ACTIVE

    def values(self, overrides: dict[str, Decimal] | None = None) -> dict[str, Decimal]:
        known = {p.name: p.default for p in self.parameters}
        for name, value in (overrides or {}).items():
            if name not in known:
                raise KeyError(f"rule {self.id} has no parameter {name!r}")
            known[name] = value
        return known


@dataclass(frozen=True, slots=True)
class Transaction:
    """One credited-or-later payment as monitoring sees it (ids and amounts; no names)."""

    payment_id: str
    merchant_id: str
    payer_id: str
    payer_country: str
    buyer_id: str | None
    buyer_country: str | None
    received_at: datetime
    booking_day: date
    currency: str
    amount_minor: int
    amount_usd_minor: int | None  # None when no reference rate was known then


@dataclass(frozen=True, slots=True)
class Hit:
    """One evidencing transaction of a rule for a subject in a window."""

    rule_id: str
    subject_id: str
    booking_day: date
    payment_id: str
    amount_usd_minor: int


@dataclass(frozen=True, slots=True)
class AlertCandidate:
    rule_id: str
    subject_id: str
    booking_day: date
    payment_ids: tuple[str, ...]
    largest_usd_minor: int  # the largest evidencing payment: merging evaluations keeps it stable
    details: dict[str, str] = field(default_factory=dict)


def group_hits(hits: list[Hit]) -> list[AlertCandidate]:
    """One candidate per (rule, subject, window): evidence and amounts gathered, sorted."""
    grouped: dict[tuple[str, str, date], list[Hit]] = {}
    for hit in hits:
        grouped.setdefault((hit.rule_id, hit.subject_id, hit.booking_day), []).append(hit)
    return [
        AlertCandidate(
            rule_id=rule_id,
            subject_id=subject,
            booking_day=day,
            payment_ids=tuple(sorted(h.payment_id for h in group)),
            largest_usd_minor=max(h.amount_usd_minor for h in group),
        )
        for (rule_id, subject, day), group in sorted(grouped.items())
    ]
