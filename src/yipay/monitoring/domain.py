"""Rules, the facts they read, and how their evidence becomes one alert per subject and window.

A rule is data the regulator can inspect: id, version, typology, parameters with defaults and
descriptions, severity and mode (`monitor` evaluates and records without raising alerts;
`active` raises them), whom it is about (its subject), the tables and columns it reads, its
window and how it scores. Batch rules are SQL in a portable subset over integer minor units that
returns evidence rows; the real-time path evaluates the same predicate on one transaction, and a
test holds the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Protocol

from yipay.monitoring.portable import Evidence

SCORE_PLACES = Decimal("0.0001")
PER_MILLE = Decimal(1000)


class RuleMode(StrEnum):
    MONITOR = "monitor"
    ACTIVE = "active"


class SubjectKind(StrEnum):
    """Whom an alert is about: the paying or receiving account, a market merchant, any account."""

    PAYER = "payer"
    PAYEE = "payee"
    MERCHANT = "merchant"
    ACCOUNT = "account"


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    default: Decimal
    description: str


@dataclass(frozen=True, slots=True)
class Window:
    """How a rule's `window_no` maps to regulatory days.

    Tumbling windows of `days` days: `window_no = FLOOR(day_no / days)`, so windows never overlap
    and one (rule, subject, window) is one alert. Anchored windows start at an event's day
    (`window_no` is that `day_no`) and last `days` days; rules use them where the anchors of one
    subject cannot fall within one window of each other (a wake-up after months of dormancy).
    `days` is a parameter's name or a fixed number of days.
    """

    days: str | int = 1
    anchored: bool = False

    def length(self, params: Mapping[str, Decimal]) -> int:
        days = int(params[self.days]) if isinstance(self.days, str) else self.days
        if days < 1:
            raise ValueError(f"a window lasts at least one day, got {days}")
        return days

    def first_day(self, window_no: int, params: Mapping[str, Decimal]) -> int:
        """The window's first day as days since 1970-01-01 in the regulatory calendar."""
        return window_no if self.anchored else window_no * self.length(params)

    def describe(self) -> str:
        days = f"`{self.days}` days" if isinstance(self.days, str) else f"{self.days} day(s)"
        if self.anchored:
            return f"anchored: {days} from the triggering event's regulatory day"
        return f"tumbling: {days} of regulatory days (window_no = FLOOR(day_no / days))"


class Scorer(Protocol):
    """A score in [0, 1] from an alert's measure (the largest of its rows) and evidence count."""

    def __call__(self, measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal: ...


@dataclass(frozen=True, slots=True)
class Scoring:
    """0.5 when the measure is at the trigger level, rising towards 1 as it grows.

    `score = 1 - trigger / (2 * measure)`, clamped to [0, 1]. The trigger level is a parameter
    (`reference`), or, when `reference` is None, 1000: the rule's measure is then already the
    per mille of its own trigger level (1000 = exactly at it).
    """

    reference: str | None = None

    def __call__(self, measure: int, count: int, params: Mapping[str, Decimal]) -> Decimal:
        trigger = params[self.reference] if self.reference else PER_MILLE
        value = 1 - Decimal(trigger) / (2 * Decimal(max(measure, 1)))
        return max(Decimal(0), min(Decimal(1), value)).quantize(SCORE_PLACES, ROUND_HALF_EVEN)

    def describe(self) -> str:
        trigger = f"`{self.reference}`" if self.reference else "1000 (‰ of the trigger level)"
        return f"1 − trigger / (2 × measure), clamped to [0, 1]; trigger = {trigger}"


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
    subject: SubjectKind = SubjectKind.MERCHANT
    # what the rule reads: "table" or "table.column"; a source lacking any of them skips the rule
    requires: frozenset[str] = frozenset({"transactions"})
    # "table.column"s read when the source has them (NULL otherwise): never a reason to skip
    optional: frozenset[str] = frozenset()
    window: Window = field(default_factory=Window)
    measure: str = "the rule's measure"  # what the measure column holds, in words
    scoring: Scorer = field(default_factory=Scoring)

    def values(self, overrides: Mapping[str, Decimal] | None = None) -> dict[str, Decimal]:
        known = {p.name: p.default for p in self.parameters}
        for name, value in (overrides or {}).items():
            if name not in known:
                raise KeyError(f"rule {self.id} has no parameter {name!r}")
            known[name] = value
        return known

    def tables(self) -> frozenset[str]:
        """The tables the rule reads."""
        return frozenset(need.partition(".")[0] for need in self.requires)

    def missing(self, tables: Mapping[str, frozenset[str]]) -> list[str]:
        """What the rule needs that a source lacks (tables, or their columns holding values)."""
        absent = []
        for need in sorted(self.requires):
            table, _, column = need.partition(".")
            if table not in tables or (column and column not in tables[table]):
                absent.append(need)
        return absent


@dataclass(frozen=True, slots=True)
class Transaction:
    """One credited-or-later payment as monitoring sees it. The payer's name and the remittance
    text are there for the rules that read them (offshore shells, goods mismatch); they never
    go into logs or events."""

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
    trade_ref: str | None = None  # the (first) trade it was matched to
    payer_name: str | None = None
    purpose: str | None = None  # the remittance information

    @property
    def day_no(self) -> int:
        return (self.booking_day - date(1970, 1, 1)).days


@dataclass(frozen=True, slots=True)
class TradeFacts:
    """One trade as the batch export writes it into `trades` (`trade_export.trade_rows`): what
    the real-time twins of the trade rules read of the trade a payment was matched to."""

    trade_id: str
    merchant_id: str
    amount_minor: int
    currency: str
    amount_usd_minor: int | None  # at the trade date's reference rate; None when none known


@dataclass(frozen=True, slots=True)
class AlertCandidate:
    """The evidence of one rule for one subject in one window, before it becomes an alert."""

    rule_id: str
    subject_id: str
    window_no: int
    txn_ids: tuple[str, ...]  # sorted, each once
    measure: int  # the largest measure of its rows: merging evaluations keeps it stable


def group_evidence(rule_id: str, rows: Iterable[Evidence]) -> list[AlertCandidate]:
    """One candidate per (subject, window), its transactions sorted; candidates sorted."""
    grouped: dict[tuple[str, int], tuple[set[str], list[int]]] = {}
    for row in rows:
        txns, measures = grouped.setdefault((row.subject_id, row.window_no), (set(), []))
        txns.add(row.txn_id)
        measures.append(row.measure)
    return [
        AlertCandidate(rule_id, subject, window_no, tuple(sorted(txns)), max(measures))
        for (subject, window_no), (txns, measures) in sorted(grouped.items())
    ]
