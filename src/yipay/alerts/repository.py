"""Alert queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, Text, func, select, type_coerce, update

from yipay.alerts.domain import Alert, AlertSource, AlertStatus
from yipay.alerts.tables import alerts


def _values(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "source": alert.source.value,
        "rule_id": alert.rule_id,
        "rule_version": alert.rule_version,
        "parameters": alert.parameters,
        "subject_type": alert.subject_type,
        "subject_id": alert.subject_id,
        "window_start": alert.window_start,
        "window_end": alert.window_end,
        "evidence": list(alert.evidence),
        "score_bp": int(alert.score * 10_000),
        "explanation": alert.explanation,
        "details": alert.details,
        "status": alert.status.value,
        "created_at": alert.created_at,
        "updated_at": alert.updated_at,
    }


def _alert(row: Row[Any]) -> Alert:
    return Alert(
        id=row.id,
        source=AlertSource(row.source),
        rule_id=row.rule_id,
        rule_version=row.rule_version,
        parameters=dict(row.parameters),
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        window_start=row.window_start,
        window_end=row.window_end,
        evidence=tuple(row.evidence),
        score=Decimal(row.score_bp) / 10_000,
        explanation=row.explanation,
        status=AlertStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        details=dict(row.details),
    )


def get(conn: Connection, alert_id: str) -> Alert | None:
    row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    return _alert(row) if row else None


def insert(conn: Connection, alert: Alert) -> None:
    conn.execute(alerts.insert().values(**_values(alert)))


def update_evidence(conn: Connection, alert: Alert) -> None:
    values = _values(alert)
    conn.execute(
        update(alerts)
        .where(alerts.c.id == alert.id)
        .values(
            evidence=values["evidence"],
            score_bp=values["score_bp"],
            explanation=values["explanation"],
            details=values["details"],
            updated_at=values["updated_at"],
        )
    )


def set_status(conn: Connection, alert_id: str, status: AlertStatus, at: Any) -> None:
    conn.execute(
        update(alerts).where(alerts.c.id == alert_id).values(status=status.value, updated_at=at)
    )


def find(
    conn: Connection,
    *,
    rule_id: str | None = None,
    subject_id: str | None = None,
    evidence_of: str | None = None,
    limit: int | None = 100,
    after: str | None = None,
) -> list[Alert]:
    query = select(alerts).order_by(alerts.c.id)
    if rule_id:
        query = query.where(alerts.c.rule_id == rule_id)
    if subject_id:
        query = query.where(alerts.c.subject_id == subject_id)
    if evidence_of:
        # Evidence is canonical JSON text; compare it as text, not through the JSON type.
        query = query.where(type_coerce(alerts.c.evidence, Text).contains(f'"{evidence_of}"'))
    if after:
        query = query.where(alerts.c.id > after)
    if limit is not None:
        query = query.limit(limit)
    return [_alert(row) for row in conn.execute(query)]


def counts_by_rule(conn: Connection) -> list[tuple[str, str, int]]:
    query = (
        select(alerts.c.source, alerts.c.rule_id, func.count())
        .group_by(alerts.c.source, alerts.c.rule_id)
        .order_by(alerts.c.source, alerts.c.rule_id)
    )
    return [(s, r, int(n)) for s, r, n in conn.execute(query)]
