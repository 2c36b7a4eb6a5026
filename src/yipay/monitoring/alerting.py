"""Evidence rows become alerts: one per (rule, subject, window), scored and explained.

The same code serves the real-time path (one payment's evidence) and the batch path (a rule's
evidence over history), so both give the same alert id, evidence and score for the same facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

from yipay.alerts.domain import Alert, AlertSource, AlertStatus, alert_id
from yipay.core.clock import RegulatoryCalendar
from yipay.monitoring.domain import AlertCandidate, Rule, group_evidence
from yipay.monitoring.portable import Evidence

EPOCH = date(1970, 1, 1)
MAX_LISTED = 10  # evidencing transactions named in the explanation; all are in `evidence`


def window_bounds(
    rule: Rule, window_no: int, params: Mapping[str, Decimal], calendar: RegulatoryCalendar
) -> tuple[datetime, datetime]:
    """The half-open UTC interval of a rule's window: regulatory days, first to last."""
    first = EPOCH + timedelta(days=rule.window.first_day(window_no, params))
    last = first + timedelta(days=rule.window.length(params) - 1)
    return calendar.day_bounds(first)[0], calendar.day_bounds(last)[1]


def explain(rule: Rule, candidate: AlertCandidate, params: Mapping[str, Decimal]) -> str:
    """What an analyst (and the regulator) reads: rule, version, parameters, evidence, measure."""
    listed = " ".join(candidate.txn_ids[:MAX_LISTED])
    more = len(candidate.txn_ids) - MAX_LISTED
    if more > 0:
        listed += f" and {more} more"
    values = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
    return (
        f"{rule.id} v{rule.version} ({rule.title}): {rule.measure} = {candidate.measure};"
        f" parameters {values}; {len(candidate.txn_ids)} evidencing transaction(s): {listed}"
    )


def alert(
    rule: Rule,
    candidate: AlertCandidate,
    params: Mapping[str, Decimal],
    calendar: RegulatoryCalendar,
    now: datetime,
) -> Alert:
    start, end = window_bounds(rule, candidate.window_no, params, calendar)
    return Alert(
        id=alert_id(AlertSource.RULE, rule.id, candidate.subject_id, start),
        source=AlertSource.RULE,
        rule_id=rule.id,
        rule_version=rule.version,
        parameters={k: str(v) for k, v in params.items()},
        subject_type=rule.subject.value,
        subject_id=candidate.subject_id,
        window_start=start,
        window_end=end,
        evidence=candidate.txn_ids,
        score=rule.scoring(candidate.measure, len(candidate.txn_ids), params),
        explanation=explain(rule, candidate, params),
        status=AlertStatus.OPEN,
        created_at=now,
        updated_at=now,
        details={"window_no": str(candidate.window_no), "measure": str(candidate.measure)},
    )


def alerts(
    rule: Rule,
    rows: Iterable[Evidence],
    params: Mapping[str, Decimal],
    calendar: RegulatoryCalendar,
    now: datetime,
) -> list[Alert]:
    """A rule's evidence rows as its alerts, sorted by subject and window."""
    return [alert(rule, c, params, calendar, now) for c in group_evidence(rule.id, rows)]
