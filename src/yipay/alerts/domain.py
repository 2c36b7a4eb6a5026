"""Alerts: source, rule and version, parameters used, subject, evidence, score in [0, 1], status.

An alert's id is derived from (source, rule, subject, window) so that evaluating the same rule
again over the same window — in real time, in batch, or after a crash — extends the one alert
instead of raising another.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from yipay.core.errors import InvalidInput
from yipay.core.ids import stable_id

SCORE_PLACES = Decimal("0.0001")


class AlertSource(StrEnum):
    RULE = "rule"
    MODEL = "model"
    SCREENING = "screening"
    THRESHOLD = "threshold"  # a regulatory counter reached its threshold (annual receipts)


class AlertStatus(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    CLOSED = "closed"


def alert_id(source: AlertSource, rule_id: str, subject_id: str, window_start: datetime) -> str:
    return stable_id("alert", source.value, rule_id, subject_id, window_start.isoformat())


def clamp_score(score: Decimal) -> Decimal:
    if not Decimal(0) <= score <= Decimal(1):
        raise InvalidInput(f"an alert score must lie in [0, 1], got {score}")
    return score.quantize(SCORE_PLACES, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    source: AlertSource
    rule_id: str
    rule_version: str
    parameters: dict[str, str]
    subject_type: str
    subject_id: str
    window_start: datetime
    window_end: datetime
    evidence: tuple[str, ...]
    score: Decimal
    explanation: str
    status: AlertStatus
    created_at: datetime
    updated_at: datetime
    details: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", clamp_score(self.score))
        if self.window_end <= self.window_start:
            raise InvalidInput("an alert window must end after it starts")
        if not self.evidence:
            raise InvalidInput("an alert needs at least one evidencing transaction")

    def extended(self, other: Alert, at: datetime) -> Alert:
        """The same alert with another evaluation's evidence merged in (score: the higher).

        The explanation and details follow the higher-scored evaluation (the later on a tie,
        which has seen more); an evaluation adding nothing (a replay) leaves the alert as it is.
        """
        evidence = tuple(sorted(set(self.evidence) | set(other.evidence)))
        if evidence == self.evidence and other.score <= self.score:
            return self
        later = other.score >= self.score
        return replace(
            self,
            evidence=evidence,
            score=max(self.score, other.score),
            explanation=other.explanation if later else self.explanation,
            details=other.details if later else self.details,
            updated_at=at,
        )
